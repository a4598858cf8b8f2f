#!/bin/sh
# Turn a Debian arm64 /boot/vmlinuz-* into the raw arm64 Image Haven loads.
#
#   sh tools/linux/kimage.sh VMLINUZ OUT
#
# Debian's unsigned arm64 kernels ship vmlinuz as a gzip'd Image; the signed
# ones (linux-signed-arm64, e.g. bookworm-backports 6.12) ship the Image itself,
# an EFI-stub PE that is also a raw arm64 Image. Either way OUT is checked to be
# a raw Image: "ARM\x64" magic at offset 0x38 (Documentation/arch/arm64/booting.rst).
# An EFI zboot image (CONFIG_EFI_ZBOOT: "zimg" at offset 4) is refused.
set -eu
[ $# -eq 2 ] || { echo "usage: sh tools/linux/kimage.sh VMLINUZ OUT" >&2; exit 2; }
in=$1
out=$2

hexat() { od -An -tx1 -j "$2" -N "$3" "$1" | tr -d ' \n'; }

tmp=$out.tmp
case $(hexat "$in" 0 2) in
    1f8b) gzip -dc <"$in" >"$tmp" ;;
    *) cp "$in" "$tmp" ;;
esac
if [ "$(hexat "$tmp" 4 4)" = 7a696d67 ]; then
    rm -f "$tmp"
    echo "kimage: $in is an EFI zboot image (CONFIG_EFI_ZBOOT), not a raw Image" >&2
    exit 1
fi
if [ "$(hexat "$tmp" 56 4)" != 41524d64 ]; then
    rm -f "$tmp"
    echo "kimage: $in: no arm64 Image magic at 0x38" >&2
    exit 1
fi
mv "$tmp" "$out"
