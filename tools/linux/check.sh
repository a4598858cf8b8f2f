#!/bin/sh
# Check the Linux guest assets in OUTDIR (build/linux); exit 1 naming what is wrong.
#   sh tools/linux/check.sh OUTDIR
set -u
out=${1:-build/linux}
bad=0
no() { echo "linux-assets-check: $*" >&2; bad=1; }

magic() { od -An -tx1 -j 56 -N 4 "$1" 2>/dev/null | tr -d ' \n'; }
for k in linux linux_rt; do
    [ "$(magic "$out/$k.bin")" = 41524d64 ] || no "$out/$k.bin is not a raw arm64 Image"
done
grep -qx 'CONFIG_PREEMPT_RT=y' "$out/boot/config-rt" 2>/dev/null || no "the rt kernel lacks CONFIG_PREEMPT_RT=y"
grep -qx 'CONFIG_PREEMPT_RT=y' "$out/boot/config-cloud" 2>/dev/null && no "the cloud kernel is PREEMPT_RT"
for c in cloud rt; do
    for o in CONFIG_SERIAL_AMBA_PL011_CONSOLE=y CONFIG_ARM_GIC_V3=y CONFIG_ARM_PSCI_FW=y \
        CONFIG_BLK_DEV_INITRD=y CONFIG_RD_GZIP=y CONFIG_DEVMEM=y CONFIG_DEVTMPFS=y; do
        grep -qx "$o" "$out/boot/config-$c" 2>/dev/null || no "$c kernel: $o missing"
    done
done

for r in kernel-suite kernel-cloud kernel-rt busybox-static rt-tests libc6 libnuma1; do
    grep -q "^$r " "$out/versions.txt" 2>/dev/null || no "versions.txt lacks $r"
done

list=$(python3 tools/linux/mkinitramfs.py --list "$out/initramfs.bin") || no "initramfs.bin unreadable"
for f in /init /bin/busybox /bin/sh /dev/console /usr/bin/cyclictest /lib/ld-linux-aarch64.so.1 \
    /lib/aarch64-linux-gnu/libc.so.6 /usr/lib/aarch64-linux-gnu/libnuma.so.1 /etc/profile /bin/cntvct /bin/sigdfl; do
    echo "$list" | grep -q " $f\( ->.*\)\{0,1\}$" || no "initramfs lacks $f"
done
[ "$bad" = 0 ] && echo "linux-assets-check: kernels, versions.txt and initramfs contents OK"
exit $bad
