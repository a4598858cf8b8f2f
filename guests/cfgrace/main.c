/* SPDX-License-Identifier: MIT */
/*
 * cfgrace: two partitions, each owning one passed-through SPI of the same
 * GICD_ICFGR word (configs/test-gic-race.c), flip their SPI's trigger mode
 * in a loop at the same time. A read of a passed-through SPI's ICFGR field
 * shows the physical distributor, so each partition checks, before every
 * write, that its field still holds what it wrote last: the other
 * partition's writes of the shared register must never undo it.
 *
 * The scenario runs under -icount, where QEMU runs the CPUs in turn, each
 * for a share of the time to the next timer deadline. The virtual timer,
 * re-armed (masked) a varying number of ticks ahead whenever it has expired,
 * makes those shares short and uneven, so the switches land anywhere,
 * including inside the other partition's emulated write. (Re-arming in every
 * iteration would not do: a new deadline switches CPUs at once, always at the
 * same point of the loop.)
 *
 * Both partitions then power off at one moment (the next multiple of
 * OFF_GRID counter ticks after the loop; the two loops end within one such
 * period): their SYSTEM_OFF calls meet inside Haven, and exactly one
 * "all partitions stopped; system off" line may come out.
 */
#include <haven/abi.h>

#include "console.h"
#include "gic.h"
#include "hvc.h"
#include "sysreg.h"
#include "test.h"
#include "timer.h"

#define ITERATIONS 20000
#define OFF_GRID (1ULL << 22) /* counter ticks */
#define TICK_AHEAD 32         /* deadlines while waiting for the moment: short turns */
#define OFF_SLICE 600         /* the last deadline, after it */
#define UART_INTID HAVEN_VUART_INTID

/* The partition's own passed-through SPI among INTIDs 32..63 (GICD_IGROUPR1 lists what it owns). */
static uint32_t own_spi(void)
{
	uint32_t owned = mmio_read32(GICD_BASE + GICD_IGROUPR(1)) & ~(1u << (UART_INTID % 32));

	return owned ? 32 + (uint32_t)__builtin_ctz(owned) : 0;
}

/* Reports like t_done(), then powers off at the next OFF_GRID moment, in short turns. */
static void off_at_common_moment(void)
{
	uint64_t at = (timer_now() / OFF_GRID + 1) * OFF_GRID, now;

	cprintf("%u checks, %u failed\n", t_count, t_failures);
	cprintf("@DONE\n");
	write_sysreg(cntv_ctl_el0, CNTV_CTL_ENABLE | CNTV_CTL_IMASK);
	while ((now = timer_now()) < at)
		write_sysreg(cntv_cval_el0, now + TICK_AHEAD);
	write_sysreg(cntv_cval_el0, at + OFF_SLICE);
	psci_system_off();
}

int main(void)
{
	uint32_t spi = own_spi(), seed = spi, lost = 0, mode = 0, edge;
	uint64_t reg, start, ctl;

	if (!t_check("gic", "icfgr.own_spi", spi != 0, "owns SPI %u", spi))
		return 0;
	reg = GICD_BASE + GICD_ICFGR(spi / 16);
	edge = 2u << (2 * (spi % 16));
	mmio_write32(reg, 0);
	start = timer_now();
	for (unsigned i = 0; i < ITERATIONS; i++) {
		if ((mmio_read32(reg) & edge) != mode)
			lost++;
		mode ^= edge;
		mmio_write32(reg, mode);
		ctl = read_sysreg(cntv_ctl_el0);
		if (!(ctl & CNTV_CTL_ENABLE) || (ctl & CNTV_CTL_ISTATUS)) {
			seed = seed * 1103515245u + 12345u;
			write_sysreg(cntv_cval_el0, timer_now() + 16 + (seed >> 16) % 256);
			write_sysreg(cntv_ctl_el0, CNTV_CTL_ENABLE | CNTV_CTL_IMASK);
		}
	}
	write_sysreg(cntv_ctl_el0, 0);
	t_check("gic", "icfgr.no_lost_update", lost == 0,
		"SPI %u: %u of %u writes of its trigger mode undone by the other partition "
		"(%llu counter ticks)", spi, lost, ITERATIONS,
		(unsigned long long)(timer_now() - start));
	off_at_common_moment();
	return 0;
}
