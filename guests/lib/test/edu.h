/* SPDX-License-Identifier: MIT */
/*
 * QEMU's `edu` PCI device and the PCIe ECAM of QEMU virt, for the DMA test
 * guests (guests/dmatest, dmapeer, dmastop, dmareset, dmastorm). No firmware
 * assigns BARs on qemu-virt: each partition assigns those of the functions it
 * owns (edu_setup(); Haven's ECAM filter, core/vpci.c, lets it configure no
 * other).
 *
 * edu copies between memory and its 4 KiB buffer (device address EDU_BUF):
 * EDU_TO_DEVICE reads memory into the buffer, EDU_FROM_DEVICE writes the
 * buffer to memory. A DMA is a QEMU timer: it happens at once, in full, 100 ms
 * of virtual time after the command, at the deadline edu_deadline() gives.
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
#define EDU_RUN 1
#define EDU_TO_DEVICE 1   /* memory -> buffer */
#define EDU_FROM_DEVICE 3 /* buffer -> memory */
#define EDU_BUF 0x40000ULL
#define EDU_DMA_MS 100

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

/* Assigns BAR0 of function 00:dev.0, an edu, and lets it decode memory and master DMA. */
static inline bool edu_assign(unsigned dev, uint64_t bar)
{
	if (*ecam32(dev, 0) != EDU_ID)
		return false;
	*ecam32(dev, 0x10) = (uint32_t)bar;
	*ecam32(dev, 0x04) = 0x6; /* memory space, bus master */
	return true;
}

/* The same, for a BAR this partition maps: the device answers there. */
static inline bool edu_setup(unsigned dev, uint64_t bar)
{
	return edu_assign(dev, bar) && edu_answers(bar);
}

static inline bool edu_busy(uint64_t bar)
{
	return *edu_reg(bar, EDU_CMD) & EDU_RUN;
}

/* Starts one DMA of len bytes (the device ignores it while one runs). */
static inline void edu_start(uint64_t bar, uint64_t src, uint64_t dst, uint64_t len, uint64_t cmd)
{
	*edu_reg(bar, EDU_SRC) = src;
	*edu_reg(bar, EDU_DST) = dst;
	*edu_reg(bar, EDU_CNT) = len;
	*edu_reg(bar, EDU_CMD) = cmd;
}

/* One DMA, waited for; true when the device finished it in time. */
static inline bool edu_dma(uint64_t bar, uint64_t src, uint64_t dst, uint64_t len, uint64_t cmd)
{
	edu_start(bar, src, dst, len, cmd);
	return WAIT_UNTIL(!edu_busy(bar), 20 * EDU_DMA_MS, 1000);
}

/* Word i of the buffer at ipa (the DMA tests' source, mark and read-back areas). */
static inline volatile uint64_t *edu_word(uint64_t ipa, unsigned i)
{
	return (volatile uint64_t *)(uintptr_t)(ipa + 8 * i);
}

/* Fills len bytes at ipa with a pattern derived from seed. */
static inline void edu_fill(uint64_t ipa, uint64_t seed, uint64_t len)
{
	for (unsigned i = 0; i < len / 8; i++)
		*edu_word(ipa, i) = seed ^ (i * 0x0101010101010101ULL);
}

/* True when len bytes at a and b are the same. */
static inline bool edu_same(uint64_t a, uint64_t b, uint64_t len)
{
	for (unsigned i = 0; i < len / 8; i++)
		if (*edu_word(a, i) != *edu_word(b, i))
			return false;
	return true;
}

/*
 * The counter value at which a DMA started at counter t0 happens: QEMU arms
 * the timer at the whole virtual millisecond of the command plus 100 (the
 * counter runs on QEMU's virtual clock; CNTVOFF is 0). The command must not be
 * written right at a millisecond's end: see edu_ms_settle().
 */
static inline uint64_t edu_deadline(uint64_t t0)
{
	uint64_t ms = timer_ms_to_ticks(1);

	return (t0 / ms + EDU_DMA_MS) * ms;
}

/* Waits until the counter is well inside a millisecond, so a command written now falls in it. */
static inline uint64_t edu_ms_settle(void)
{
	uint64_t ms = timer_ms_to_ticks(1), t;

	while ((t = timer_now()) % ms < ms / 100 || t % ms > ms / 2)
		;
	return t;
}

#endif
