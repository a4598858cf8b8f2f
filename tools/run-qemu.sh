#!/bin/sh
# Boot a Haven image in QEMU 10 `virt` (GICv3, EL2 enabled, 4 Cortex-A55, 1 GiB).
#
#   sh tools/run-qemu.sh IMAGE [extra qemu args...]
#
# Exit status: 0 when Haven powers the machine off (PSCI SYSTEM_OFF) once
# every partition has stopped; 3 after a Haven PANIC, which resets the machine
# (PSCI SYSTEM_RESET, and Haven resets it for nothing else): QEMU runs with
# -no-reboot, so it exits, and the script learns from a QMP monitor that the
# cause was a reset; 124 on a hang (timeout); anything else is QEMU's own.
# QEMU gets no semihosting: a guest could otherwise reach the host through
# HLT #0xF000 (docs/isolation.md).
#
# Environment:
#   HAVEN_TIMEOUT=N   wall-clock seconds before the run counts as a hang
#                     (default 30; 0 = no limit). A hang exits 124.
#   HAVEN_ICOUNT=1    deterministic instruction counting (-icount shift=0,sleep=off)
#   QEMU=path         the QEMU binary (default qemu-system-aarch64)
#   HAVEN_STDIN=file  without a terminal: what the serial port receives (the
#                     test runner's console_input); default /dev/null
#   HAVEN_ATTENDED=1|0  whether a person is at the console (default: 1 when
#                     stdin is a terminal, else 0). Haven learns it, and a fresh
#                     seed, from the boot info block (docs/platforms.md).
#
# On a terminal the console is like QEMU's -nographic one (Ctrl-A x quits, Ctrl-A c
# is the monitor), except that Ctrl-C and Ctrl-Z go to the guest (signal=off). Without a terminal (CI, the test runner) the serial port is
# plain stdio, there is no monitor, and stdin is $HAVEN_STDIN or /dev/null.
set -u

if [ $# -lt 1 ] || [ "$1" = "-h" ] || [ "$1" = "--help" ]; then
    echo "usage: sh tools/run-qemu.sh IMAGE [extra qemu args...]" >&2
    echo "  env: HAVEN_TIMEOUT=seconds (default 30, 0 = none), HAVEN_ICOUNT=1, QEMU=binary" >&2
    exit 2
fi
image=$1
shift
if [ ! -f "$image" ]; then
    echo "run-qemu: no such image: $image (build it with: make image)" >&2
    exit 2
fi

qemu=${QEMU:-qemu-system-aarch64}
if ! command -v "$qemu" >/dev/null 2>&1; then
    echo "run-qemu: $qemu not found (run: make setup)" >&2
    exit 127
fi

secs=${HAVEN_TIMEOUT:-30}
case $secs in
    '' | *[!0-9]*)
        echo "run-qemu: HAVEN_TIMEOUT must be a whole number of seconds, not '$secs'" >&2
        exit 2
        ;;
esac

icount=""
case ${HAVEN_ICOUNT:-0} in
    0 | '') ;;
    *) icount="-icount shift=0,sleep=off" ;;
esac

# Haven's console is always the first -serial: QEMU numbers serial ports in the order
# given, so a caller's own -serial (QEMU virt's UART1, for a partition) comes second.
# (-nographic alone would give its stdio serial up to the caller's first -serial.)
if [ -t 0 ]; then
    tty=1
    # -nographic's console (serial and monitor multiplexed on the terminal: Ctrl-A x,
    # Ctrl-A c), but with signal=off: Ctrl-C and Ctrl-Z reach the guest, not QEMU.
    console="-display none -chardev stdio,id=term,mux=on,signal=off -serial chardev:term"
    console="$console -mon chardev=term,mode=readline"
else
    tty=0
    console="-display none -serial stdio -monitor none"
fi
case ${HAVEN_ATTENDED:-$tty} in
    0) attended=0 ;;
    1) attended=1 ;;
    *)
        echo "run-qemu: HAVEN_ATTENDED must be 0 or 1, not '$HAVEN_ATTENDED'" >&2
        exit 2
        ;;
esac
stdin=${HAVEN_STDIN:-/dev/null}
if [ $tty = 0 ] && [ ! -r "$stdin" ]; then
    echo "run-qemu: HAVEN_STDIN: cannot read '$stdin'" >&2
    exit 2
fi

# $console and $icount hold only space-free words: they are split on purpose.
# Blobs staged in Haven's image store (a kernel, an initramfs, DTBs): the build
# lists them beside the image as -device loader lines (qemu-args).
loader=""
args_file=$(dirname "$image")/qemu-args
if [ -s "$args_file" ]; then
    loader=$(cat "$args_file")
fi
# A device passed through to a partition that this QEMU machine lacks is named before
# the boot (QEMU aborts a guest's access to it at EL1, out of Haven's sight).
checker=$(dirname "$image")/haven-check
if [ -x "$checker" ] && command -v python3 >/dev/null 2>&1; then
    QEMU=$qemu python3 "$(dirname "$0")/devcheck.py" "$checker" "$@"
fi
# Why QEMU stopped: a QMP monitor reads its commands from one file and writes
# its replies and events to another. QEMU starts paused (-S) and the commands
# negotiate QMP before they let the machine run (cont), so no SHUTDOWN event can
# be lost; with the caller's own -S (waiting for GDB) the machine stays paused.
tmp=$(mktemp -d "${TMPDIR:-/tmp}/run-qemu.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP
# The boot info block (include/haven/bootinfo.h) at platform/qemu-virt/platform.c's
# bootinfo_base: magic "HVBI", version 1, flags (bit 0: attended), 4 reserved bytes,
# then a 32-byte seed: fresh from /dev/urandom, or a fixed one under HAVEN_ICOUNT so
# that deterministic runs stay deterministic (the same seeds, KASLR offsets, ...).
{
    printf "HVBI\\001\\000\\000\\000\\00$attended\\000\\000\\000\\000\\000\\000\\000"
    if [ -n "$icount" ]; then
        printf 'haven-icount-fixed-seed-32-bytes'
    else
        head -c 32 /dev/urandom
    fi
} >"$tmp/bootinfo" || exit 2
printf '{"execute":"qmp_capabilities"}\n' >"$tmp/qmp-in"
cont='{"execute":"cont"}'
for a in "$@"; do
    if [ "$a" = "-S" ]; then cont=""; fi
done
if [ -n "$cont" ]; then printf '%s\n' "$cont" >>"$tmp/qmp-in"; fi
# shellcheck disable=SC2086
set -- "$qemu" -M virt-10.0,virtualization=on,gic-version=3 -cpu cortex-a55 -smp 4 -m 1G \
    $console -nic none -kernel "$image" -no-reboot -S \
    -chardev "file,id=qmp,path=$tmp/qmp-out,input-path=$tmp/qmp-in" -mon chardev=qmp,mode=control \
    -device "loader,file=$tmp/bootinfo,addr=0x40001000,force-raw=on" $icount $loader "$@"

# The header: the exact command, shell-quoted where needed.
quoted=""
for a in "$@"; do
    case $a in
        '' | *[!A-Za-z0-9_./=,:+@%^-]*)
            a="'$(printf '%s' "$a" | sed "s/'/'\\\\''/g")'"
            ;;
    esac
    quoted="$quoted${quoted:+ }$a"
done
if [ "$secs" = 0 ]; then
    echo "run-qemu: $quoted" >&2
else
    echo "run-qemu: $quoted  (timeout ${secs} s)" >&2
fi

# --foreground keeps QEMU in our process group: it can own the terminal, and
# whoever kills our group (the test runner) kills QEMU too.
if [ "$secs" = 0 ]; then
    if [ $tty = 1 ]; then "$@"; else "$@" <"$stdin"; fi
    rc=$?
else
    if [ $tty = 1 ]; then
        timeout --foreground -k 5 "$secs" "$@"
    else
        timeout --foreground -k 5 "$secs" "$@" <"$stdin"
    fi
    rc=$?
fi

# A reset ends QEMU (-no-reboot) with status 0, like a power-off: tell them apart.
if [ "$rc" = 0 ] && grep -q '"event": *"SHUTDOWN".*"reason": *"guest-reset"' "$tmp/qmp-out" 2>/dev/null; then
    rc=3
fi

case $rc in
    0) ;;
    3) echo "run-qemu: Haven reset the machine, which it does only after a PANIC: status 3" >&2 ;;
    124) echo "run-qemu: no power-off within $secs s (hang?)" >&2 ;;
    137) echo "run-qemu: QEMU killed by SIGKILL (ignored SIGTERM at the $secs s timeout, or out of memory)" >&2 ;;
    *) echo "run-qemu: QEMU exited with status $rc" >&2 ;;
esac
exit $rc
