#!/bin/sh
# SPDX-License-Identifier: MIT
# The memory footprint of each image a config names: the bytes it occupies from
# its load address once it runs (struct haven_image.memsz, include/haven/config.h).
#
#   sh tools/image-sizes.sh NAME=FILE...     prints "NAME BYTES" per argument
#
#   FILE *.elf   a bare-metal guest linked with guests/lib/guest.ld (at 0): its
#                __image_end, i.e. code, data, .bss and the vCPU stacks
#   FILE other   an arm64 Linux Image (ARM\x64 magic at 0x38): the image_size of
#                its header (at 0x10), which counts the kernel's .bss; any other
#                blob (an initramfs, a DTB): its file size
# NM (default aarch64-linux-gnu-nm) reads the ELF symbols.
set -eu
NM=${NM:-aarch64-linux-gnu-nm}

die() { echo "image-sizes: $*" >&2; exit 1; }

# le64 FILE OFFSET: the little-endian 64-bit value at OFFSET, in decimal
le64() {
    od -An -v -tu1 -j "$2" -N 8 "$1" | awk '{ for (i = NF; i >= 1; i--) v = v * 256 + $i } END { printf "%.0f\n", v }'
}

for arg in "$@"; do
    name=${arg%%=*}
    file=${arg#*=}
    [ -f "$file" ] || die "$name: no file $file"
    case $file in
        *.elf)
            end=$("$NM" "$file" | awk '$3 == "__image_end" { print $1 }')
            [ -n "$end" ] || die "$name: $file has no __image_end (not linked with guests/lib/guest.ld?)"
            size=$(printf '%d' "0x$end")
            ;;
        *)
            size=$(stat -c %s "$file")
            if [ "$size" -ge 64 ] && [ "$(od -An -tx1 -j 56 -N 4 "$file" | tr -d ' \n')" = 41524d64 ]; then
                isz=$(le64 "$file" 16)
                # image_size 0: a kernel older than 3.17, which does not say; its file size is a floor
                [ "$isz" = 0 ] || size=$isz
            fi
            ;;
    esac
    echo "$name $size"
done
