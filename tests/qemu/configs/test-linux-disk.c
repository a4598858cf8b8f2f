/* SPDX-License-Identifier: MIT */
/*
 * Linux as a DMA client (scenario "linux-disk"; the system:
 * linux-disk-system.h): Linux mounts the disk (ext4, tools/linux/mkdisk.py),
 * checks /data.bin and writes /out.txt. Its RAM is at IPA 0x50000000 but PA
 * 0x60000000, so every DMA the disk does must be translated by the
 * partition's stage 2. The victim (guests/victim) keeps a checksum and a
 * heartbeat.
 */
#define LINUX_DISK_RAM { .ipa = 0x50000000, .pa = 0x60000000, .size = 0x10000000, .perm = HV_MEM_RWX }
#define LINUX_DISK_ARGS "haven.disk_sha256=135c4b5f51d8c6f37bacfa1a6586f58046915a9b6ebac5e9f2b1ee9c7fc7e76e"
#define NEIGHBOUR victim
#include "linux-disk-system.h"
