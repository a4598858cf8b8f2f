#!/bin/sh
# Haven set-up: installs every Debian package the build, demo, tests and
# benchmarks need. Idempotent: a second run installs nothing and exits 0.
#   tools/setup.sh          install what is missing (needs root or sudo)
#   tools/setup.sh --check  exit 1 and list what is missing, install nothing
set -eu

PKGS="make gcc libc6-dev gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu device-tree-compiler python3 cppcheck cpio gzip gdb-multiarch"
BPO_PKGS="qemu-system-arm"
QEMU_MIN=10

missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q "install ok installed" ||
        missing="$missing $p"
done

qemu_ok() {
    command -v qemu-system-aarch64 >/dev/null 2>&1 || return 1
    v=$(qemu-system-aarch64 --version | sed -n 's/^QEMU emulator version \([0-9]*\).*/\1/p')
    [ -n "$v" ] && [ "$v" -ge "$QEMU_MIN" ]
}

if [ "${1:-}" = "--check" ]; then
    qemu_ok || missing="$missing qemu-system-arm(>=$QEMU_MIN,bookworm-backports)"
    if [ -n "$missing" ]; then
        echo "setup: missing:$missing" >&2
        exit 1
    fi
    exit 0
fi

SUDO=""
if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "setup: need root or sudo to install:$missing" >&2; exit 1; }
    SUDO=sudo
fi
export DEBIAN_FRONTEND=noninteractive

need_bpo=0
qemu_ok || need_bpo=1

if [ "$need_bpo" = 1 ]; then
    if ! grep -rqs "bookworm-backports" /etc/apt/sources.list /etc/apt/sources.list.d/; then
        echo "setup: adding bookworm-backports to apt sources (for QEMU >= $QEMU_MIN)"
        echo "deb http://deb.debian.org/debian bookworm-backports main" |
            $SUDO tee /etc/apt/sources.list.d/haven-backports.list >/dev/null
    fi
fi

if [ -n "$missing" ] || [ "$need_bpo" = 1 ]; then
    echo "setup: installing:$missing $( [ "$need_bpo" = 1 ] && echo "$BPO_PKGS (bookworm-backports)")"
    $SUDO apt-get update -qq
    [ -n "$missing" ] && $SUDO apt-get install -y -qq --no-install-recommends $missing
    if [ "$need_bpo" = 1 ]; then
        $SUDO apt-get install -y -qq --no-install-recommends -t bookworm-backports $BPO_PKGS
    fi
fi

qemu_ok || { echo "setup: qemu-system-aarch64 >= $QEMU_MIN still missing; see docs/testing.md" >&2; exit 1; }
echo "setup: all packages present ($(qemu-system-aarch64 --version | head -1))"
