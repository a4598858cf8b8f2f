/* SPDX-License-Identifier: MIT */
/*
 * Disk benchmark (tools/bench_disk.py; the system: linux-disk-system.h): Linux
 * reads the disk's first 24 MiB (haven.diskread); the sleeper idles on CPUs
 * 2-3. Identity-mapped (IPA = PA) so that the same DTB boots the kernel
 * natively too; test-linux-disk's IPA != PA proves the translation.
 */
#define LINUX_DISK_RAM LINUX_RAM_REGION
#define LINUX_DISK_ARGS "haven.diskread=24"
#define NEIGHBOUR sleeper
#include "linux-disk-system.h"
