/* SPDX-License-Identifier: MIT */
/*
 * QEMU's `edu` PCI device and the PCIe ECAM of QEMU virt, for the DMA test
 * guests (guests/dmapeer, guests/dmatest/ecam.c). edu copies between memory
 * and its 4 KiB buffer (device address EDU_BUF): command EDU_TO_DEVICE reads
 * memory into the buffer, EDU_FROM_DEVICE writes the buffer to memory; one
 * DMA takes 100 ms of virtual time.
 */
#ifndef GUEST_EDU_H
#define GUEST_EDU_H

#include "guest.h"
#include "timer.h"

#define ECAM 0x4010000000ULL
#define EDU_ID 0x11E81234u /* device 0x11e8, vendor 0x1234 */
#define EDU_BAR_SIZE 0x100000u
#define EDU_SRC 0x80
#define EDU_DST 0x88
#define EDU_CNT 0x90
#define EDU_CMD 0x98
#define EDU_TO_DEVICE 1
#define EDU_FROM_DEVICE 3
#define EDU_BUF 0x40000ULL
#define EDU_DMA_WAIT_MS 2000

/* Register off of function 00:dev.0's configuration space. */
static inline volatile uint32_t *ecam32(unsigned dev, unsigned off)
{
	return (volatile uint32_t *)(uintptr_t)(ECAM + ((uint64_t)dev << 15) + off);
}

static inline volatile uint16_t *ecam16(unsigned dev, unsigned off)
{
	return (volatile uint16_t *)(uintptr_t)(ECAM + ((uint64_t)dev << 15) + off);
}

static inline volatile uint64_t *edu_reg(uint64_t bar, unsigned off)
{
	return (volatile uint64_t *)(uintptr_t)(bar + off);
}

/* True when an edu's BAR0 answers at bar (its identification register). */
static inline bool edu_answers(uint64_t bar)
{
	return *(volatile uint32_t *)(uintptr_t)bar == 0x010000EDu;
}

/* One DMA of len bytes; true when the device finished it in time. */
static inline bool edu_dma_run(uint64_t bar, uint64_t src, uint64_t dst, uint64_t len, uint64_t cmd)
{
	*edu_reg(bar, EDU_SRC) = src;
	*edu_reg(bar, EDU_DST) = dst;
	*edu_reg(bar, EDU_CNT) = len;
	*edu_reg(bar, EDU_CMD) = cmd;
	return WAIT_UNTIL(!(*edu_reg(bar, EDU_CMD) & 1), EDU_DMA_WAIT_MS, 1000);
}

#endif
