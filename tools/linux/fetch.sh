#!/bin/sh
# Fetch and unpack the Debian arm64 packages Haven's Linux guests are built from.
#
#   sh tools/linux/fetch.sh OUTDIR          (OUTDIR is build/linux)
#
# Produces:
#   OUTDIR/debs/*.deb         the downloaded packages (a cache: kept across runs)
#   OUTDIR/debs/manifest      role, package, version, sha256 and file of each .deb
#   OUTDIR/boot/vmlinuz-{cloud,rt}, config-{cloud,rt}   the kernels, as packaged
#   OUTDIR/pkgs/<package>/    the user-space packages, unpacked with dpkg-deb -x
#   OUTDIR/.extracted         stamp: everything above matches the manifest
#
# Kernels: the metapackages linux-image-cloud-arm64 and linux-image-rt-arm64 are
# resolved to their concrete versioned packages, taken from <codename>-backports
# when that suite is configured (Debian's 6.12 kernels), else from the release.
# LINUX_SUITE=<suite> forces a suite (e.g. LINUX_SUITE=bookworm for 6.1).
#
# Once the manifest and its .debs exist nothing is asked of apt: the versions
# stay pinned until LINUX_REFRESH=1 (or rm -r OUTDIR/debs). It changes nothing
# outside OUTDIR: apt must already know arm64 packages, which tools/setup.sh
# (make setup) arranges, saying so first (dpkg --add-architecture arm64, apt-get
# update); without that it stops and says what to run. No root is needed.
set -eu

[ $# -eq 1 ] || { echo "usage: sh tools/linux/fetch.sh OUTDIR" >&2; exit 2; }
out=$1
debs=$out/debs
manifest=$debs/manifest

# role:package. Roles kernel-* name a metapackage; the rest are used as named.
KERNELS="kernel-cloud:linux-image-cloud-arm64 kernel-rt:linux-image-rt-arm64"
USERSPACE="busybox-static rt-tests libc6 libnuma1 libgcc-s1"

say() { echo "  LINUX   $*"; }
die() { echo "linux-fetch: $*" >&2; exit 1; }

roles() {
    for kv in $KERNELS; do echo "${kv%%:*}"; done
    for p in $USERSPACE; do echo "$p"; done
}

# manifest_ok: every role is listed and its .deb is present with that sha256.
manifest_ok() {
    [ -f "$manifest" ] || return 1
    for r in $(roles); do
        line=$(awk -v r="$r" '$1 == r' "$manifest")
        [ -n "$line" ] || return 1
        set -- $line
        [ -f "$debs/$5" ] || return 1
    done
    return 0
}

metas=""
for kv in $KERNELS; do metas="$metas ${kv#*:}:arm64"; done
upkgs=""
for p in $USERSPACE; do upkgs="$upkgs $p:arm64"; done

apt_ready=0
apt_prepare() {
    [ "$apt_ready" = 1 ] && return 0
    if ! dpkg --print-foreign-architectures | grep -qx arm64 &&
        [ "$(dpkg --print-architecture)" != arm64 ]; then
        die "apt does not know arm64 packages: run make setup (it adds the arm64 architecture to dpkg, after saying so)"
    fi
    # one policy call: are arm64 lists there, is backports there, user-space candidates
    pol=$(apt-cache policy $metas $upkgs 2>/dev/null)
    echo "$pol" | grep -q 'Candidate: [^(]' ||
        die "apt has no arm64 package lists: run apt-get update as root (or make setup)"
    apt_ready=1
}

# candidates: apt-cache policy output on stdin -> "pkg version" per line (no ":arm64")
candidates() {
    awk '
        /^[^ ].*:$/ { n = $0; sub(/:$/, "", n); sub(/:arm64$/, "", n) }
        /^  Candidate: / { print n, $2 }'
}

# Each apt call costs seconds (no pkgcache.bin here), so every step is one call.
resolve_and_download() {
    apt_prepare
    . /etc/os-release 2>/dev/null || true
    code=${VERSION_CODENAME:-bookworm}
    if [ -n "${LINUX_SUITE:-}" ]; then
        suite=$LINUX_SUITE
    elif echo "$pol" | grep -q " $code-backports/"; then
        suite=$code-backports
    else
        suite=$code
    fi
    # the concrete versioned package each metapackage depends on, in $suite
    deps=$(apt-cache -t "$suite" depends $metas 2>/dev/null | awk '
        /^[^ ]/ { m = $1; sub(/:arm64$/, "", m) }
        /^ *Depends: linux-image-/ && !(m in d) { d[m] = $2; sub(/:arm64$/, "", d[m]); print m, d[m] }')
    kpkgs=""
    for kv in $KERNELS; do
        meta=${kv#*:}
        pkg=$(echo "$deps" | awk -v m="$meta" '$1 == m { print $2 }')
        [ -n "$pkg" ] || die "cannot resolve $meta:arm64 in $suite (is arm64 in apt's lists?)"
        kpkgs="$kpkgs $pkg:arm64"
    done
    kvers=$(apt-cache -t "$suite" policy $kpkgs 2>/dev/null | candidates)
    uvers=$(echo "$pol" | candidates)
    mkdir -p "$debs"
    tmp=$manifest.new
    {
        echo "# Haven Linux guest assets: Debian arm64 packages (tools/linux/fetch.sh)"
        echo "# role package version sha256 file"
        echo "kernel-suite $suite"
    } >"$tmp"
    want="" # role:pkg=ver ...
    for kv in $KERNELS; do
        role=${kv%%:*}
        meta=${kv#*:}
        pkg=$(echo "$deps" | awk -v m="$meta" '$1 == m { print $2 }')
        ver=$(echo "$kvers" | awk -v p="$pkg" '$1 == p { print $2 }')
        case $ver in '' | '(none)') die "no candidate for $pkg:arm64 in $suite" ;; esac
        echo "# $role: $meta -> $pkg $ver" >>"$tmp"
        want="$want $role:$pkg=$ver"
    done
    for p in $USERSPACE; do
        ver=$(echo "$uvers" | awk -v p="$p" '$1 == p { print $2 }')
        case $ver in '' | '(none)') die "no candidate for $p:arm64" ;; esac
        want="$want $p:$p=$ver"
    done
    args=""
    for rv in $want; do
        pv=${rv#*:}
        args="$args ${pv%%=*}:arm64=${pv#*=}"
    done
    # 'URI' FILE SIZE SHA256:hex, one line per package
    uris=$(apt-get -qq --print-uris download $args 2>/dev/null | tr -d "'")
    [ -n "$uris" ] || die "apt cannot locate$args: its lists may be stale; run apt-get update as root"
    fetch=""
    lines=""
    for rv in $want; do
        role=${rv%%:*}
        pv=${rv#*:}
        pkg=${pv%%=*}
        ver=${pv#*=}
        info=$(echo "$uris" | awk -v p="$pkg" '{ f = $2; sub(/_.*/, "", f) } f == p')
        [ -n "$info" ] || die "apt cannot locate $pkg:arm64=$ver"
        set -- $info
        uri=$1 file=$2 sha=${4#SHA256:}
        # Debian's archive only: .../debian/pool/... or .../debian-security/pool/...
        case $uri in
            */debian/pool/* | */debian-security/pool/*) ;;
            *) die "$pkg comes from $uri, not a Debian archive" ;;
        esac
        if [ ! -f "$debs/$file" ] || [ "$(sha256sum <"$debs/$file" | cut -d' ' -f1)" != "$sha" ]; then
            fetch="$fetch $pkg:arm64=$ver"
        fi
        lines="$lines$role $pkg $ver $sha $file
"
    done
    if [ -n "$fetch" ]; then
        say "apt-get download$fetch"
        (cd "$debs" && apt-get -qq -o APT::Sandbox::User=root download $fetch) ||
            die "apt-get download failed"
    fi
    printf '%s' "$lines" | while read -r role pkg ver sha file; do
        got=$(sha256sum <"$debs/$file" | cut -d' ' -f1)
        [ "$got" = "$sha" ] || die "$file: sha256 $got, apt says $sha"
        echo "$role $pkg $ver $sha $file"
    done >>"$tmp"
    mv "$tmp" "$manifest"
    # drop cached .debs the manifest no longer names (older versions)
    for f in "$debs"/*.deb; do
        [ -f "$f" ] || continue
        awk -v f="${f##*/}" '$5 == f { found = 1 } END { exit !found }' "$manifest" || rm -f "$f"
    done
}

if [ "${LINUX_REFRESH:-0}" != 0 ] || ! manifest_ok; then
    resolve_and_download
    manifest_ok || die "manifest incomplete after download"
fi

# --- unpack (skipped when the stamp matches the manifest) ---------------------
stamp=$out/.extracted
sum=$(sha256sum <"$manifest" | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sum" ] && [ -d "$out/pkgs" ] && [ -d "$out/boot" ]; then
    touch "$stamp"
    exit 0
fi
rm -rf "$out/pkgs" "$out/boot" "$stamp"
mkdir -p "$out/pkgs" "$out/boot"
grep -v '^#' "$manifest" | while read -r role pkg ver sha file; do
    case $role in
        kernel-suite) ;;
        kernel-*)
            flavour=${role#kernel-}
            say "unpack $pkg (boot/ only)"
            t=$out/boot/tmp-$flavour
            mkdir -p "$t"
            dpkg-deb --fsys-tarfile "$debs/$file" | tar -x -C "$t" --wildcards './boot/*'
            set -- "$t"/boot/vmlinuz-*
            [ $# -eq 1 ] && [ -f "$1" ] || die "$file: expected one /boot/vmlinuz-*"
            mv "$1" "$out/boot/vmlinuz-$flavour"
            mv "$t"/boot/config-* "$out/boot/config-$flavour"
            rm -rf "$t"
            ;;
        *)
            say "unpack $pkg"
            dpkg-deb -x "$debs/$file" "$out/pkgs/$pkg"
            ;;
    esac
done
echo "$sum" >"$stamp"
