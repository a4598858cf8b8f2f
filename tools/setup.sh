#!/bin/sh
# SPDX-License-Identifier: MIT
# Haven set-up: what the build, demo, tests and benchmarks need from the host.
#
#   tools/setup.sh            say what is missing and what will change, then change it
#                             (Debian 12 bookworm or 13 trixie; root or sudo)
#   tools/setup.sh --dry-run  say what is missing and what would change; change nothing
#   tools/setup.sh --check    exit 1 and list what is missing (on stderr); change nothing
#
# Idempotent: what is in place is left alone, and with nothing to do it changes
# nothing and says so in one line. On any other system it changes nothing and
# says what to install by hand.
#
# The changes it can make, each announced first:
#   - bookworm only: the apt source bookworm-backports (QEMU >= 10 comes from there),
#     in /etc/apt/sources.list.d/haven-backports.list
#   - dpkg --add-architecture arm64: tools/linux/fetch.sh downloads Debian's arm64
#     kernels, busybox and rt-tests with apt-get download for the Linux partitions;
#     apt needs the arm64 package lists for that. No arm64 package is installed.
#   - apt-get update, apt-get install of the missing packages
#
# For tests: HAVEN_OS_RELEASE (default /etc/os-release) is the os-release file to
# read, HAVEN_APT_DIR (default /etc/apt) the apt configuration to look at.
set -eu

PKGS="make gcc libc6-dev gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu device-tree-compiler python3 cppcheck cpio gzip gdb-multiarch e2fsprogs"
QEMU_PKG=qemu-system-arm
QEMU_MIN=10
OS_RELEASE=${HAVEN_OS_RELEASE:-/etc/os-release}
APT_DIR=${HAVEN_APT_DIR:-/etc/apt}
BPO_LIST=$APT_DIR/sources.list.d/haven-backports.list

mode=install
case ${1:-} in
    "") ;;
    --check) mode=check ;;
    --dry-run) mode=dry-run ;;
    *)
        echo "usage: sh tools/setup.sh [--check | --dry-run]" >&2
        exit 2
        ;;
esac

# os_field NAME: the value of NAME in the os-release file, unquoted (read, never sourced)
os_field() {
    [ -r "$OS_RELEASE" ] || return 0
    sed -n "s/^$1=//p" "$OS_RELEASE" | head -n 1 | sed 's/^"\(.*\)"$/\1/; s/^'"'"'\(.*\)'"'"'$/\1/'
}
os_id=$(os_field ID)
os_codename=$(os_field VERSION_CODENAME)
os_name=$(os_field PRETTY_NAME)
os_name=${os_name:-${os_id:-an unknown system}}

# The Debian releases this script installs on, and where each takes QEMU from.
case $os_id/$os_codename in
    debian/bookworm) supported=1 qemu_suite=bookworm-backports ;;
    debian/trixie) supported=1 qemu_suite= ;;
    *) supported=0 qemu_suite= ;;
esac

qemu_version() {
    command -v qemu-system-aarch64 >/dev/null 2>&1 || return 0
    qemu-system-aarch64 --version | sed -n 's/^QEMU emulator version \([0-9][0-9.]*\).*/\1/p'
}
qemu_v=$(qemu_version)
qemu_ok=0
[ -n "$qemu_v" ] && [ "${qemu_v%%.*}" -ge "$QEMU_MIN" ] && qemu_ok=1

# What is missing. With dpkg: packages; without it: the commands they provide.
missing=""
if command -v dpkg-query >/dev/null 2>&1; then
    for p in $PKGS; do
        dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q "install ok installed" ||
            missing="$missing $p"
    done
else
    for c in make gcc aarch64-linux-gnu-gcc aarch64-linux-gnu-objcopy dtc python3 cppcheck cpio gzip; do
        command -v "$c" >/dev/null 2>&1 || missing="$missing $c"
    done
fi
need_arch=0
if [ "$supported" = 1 ] && ! dpkg --print-foreign-architectures | grep -qx arm64 &&
    [ "$(dpkg --print-architecture)" != arm64 ]; then
    need_arch=1
fi

if [ "$mode" = check ]; then
    all=$missing
    [ "$qemu_ok" = 1 ] || all="$all qemu-system-aarch64(>=$QEMU_MIN)"
    [ "$need_arch" = 0 ] || all="$all dpkg-architecture(arm64)"
    [ -z "$all" ] && exit 0
    echo "setup: missing:$all" >&2
    exit 1
fi

if [ -z "$missing" ] && [ "$qemu_ok" = 1 ] && [ "$need_arch" = 0 ]; then
    echo "setup: nothing to do: every package is present (QEMU $qemu_v)"
    exit 0
fi

if [ "$supported" = 0 ]; then
    cat >&2 <<EOF
setup: this host is $os_name (ID=${os_id:-?}, VERSION_CODENAME=${os_codename:-?}).
setup: tools/setup.sh installs packages only on Debian 12 (bookworm) and 13 (trixie),
setup: so it changes nothing here. Install by hand, with your system's package manager:
  - QEMU >= $QEMU_MIN: qemu-system-aarch64 with the virt board, GICv3 and the SMMUv3
    (stage-2) model$([ -n "$qemu_v" ] && echo " (this host has QEMU $qemu_v)" || echo " (not found)")
  - an aarch64 cross toolchain: aarch64-linux-gnu-gcc, -objcopy and -nm
  - make, gcc and the C library headers, python3 (>= 3.9), dtc (device-tree-compiler),
    cppcheck, cpio, gzip, and gdb-multiarch (for make gdb)
  missing now:${missing:- nothing else}
The Linux partitions' kernels and initramfs come from Debian's arm64 packages
(tools/linux/fetch.sh): on another system, copy build/linux/ from a Debian host or build
in a Debian bookworm container. Then run make test.
EOF
    exit 1
fi

# The plan, in the order it is carried out.
plan_bpo=0
if [ -n "$qemu_suite" ] && [ "$qemu_ok" = 0 ] &&
    ! grep -rqs "^[^#]*$qemu_suite" "$APT_DIR/sources.list" "$APT_DIR/sources.list.d/"; then
    plan_bpo=1
fi
install=$missing
[ "$qemu_ok" = 1 ] || [ -n "$qemu_suite" ] || install="$install $QEMU_PKG"

echo "setup: $os_name: to build and test Haven this will:"
n=0
step() {
    n=$((n + 1))
    echo "  $n. $*"
}
[ "$plan_bpo" = 0 ] ||
    step "add the apt source $qemu_suite (for QEMU >= $QEMU_MIN) in $BPO_LIST:
       deb http://deb.debian.org/debian $qemu_suite main"
[ "$need_arch" = 0 ] ||
    step "dpkg --add-architecture arm64 (so that apt can download Debian's arm64 kernels
       and busybox for the Linux partitions, tools/linux/fetch.sh; no arm64 package is installed)"
step "apt-get update"
[ -z "$install" ] || step "apt-get install --no-install-recommends$install"
[ "$qemu_ok" = 1 ] || [ -z "$qemu_suite" ] ||
    step "apt-get install --no-install-recommends -t $qemu_suite $QEMU_PKG (QEMU >= $QEMU_MIN;${qemu_v:+ this host has $qemu_v,} $os_codename's own is older)"

if [ "$mode" = dry-run ]; then
    echo "setup: --dry-run: nothing changed"
    exit 0
fi

SUDO=""
if [ "$(id -u)" != 0 ]; then
    if ! command -v sudo >/dev/null 2>&1; then
        echo "setup: this needs root, and sudo is not installed: run sh tools/setup.sh as root" >&2
        exit 1
    fi
    SUDO=sudo
fi
export DEBIAN_FRONTEND=noninteractive

if [ "$plan_bpo" = 1 ]; then
    echo "deb http://deb.debian.org/debian $qemu_suite main" | $SUDO tee "$BPO_LIST" >/dev/null
fi
[ "$need_arch" = 0 ] || $SUDO dpkg --add-architecture arm64
$SUDO apt-get update -qq
[ -z "$install" ] || $SUDO apt-get install -y -qq --no-install-recommends $install
if [ "$qemu_ok" = 0 ] && [ -n "$qemu_suite" ]; then
    $SUDO apt-get install -y -qq --no-install-recommends -t "$qemu_suite" $QEMU_PKG
fi

qemu_v=$(qemu_version)
[ -n "$qemu_v" ] && [ "${qemu_v%%.*}" -ge "$QEMU_MIN" ] ||
    { echo "setup: qemu-system-aarch64 >= $QEMU_MIN still missing (have: ${qemu_v:-none})" >&2; exit 1; }
echo "setup: done: every package is present (QEMU $qemu_v)"
