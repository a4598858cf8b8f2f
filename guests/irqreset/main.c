/* SPDX-License-Identifier: MIT */
/*
 * irqreset: PSCI SYSTEM_RESET must leave no interrupt state behind. On its
 * first boot the guest makes SPI 40 (passed through, configs/test-gic-reset.c)
 * edge-triggered and active and the physical timer's PPI 30 active, with its
 * own writes, then resets the partition from inside the virtual timer's
 * handler, before the EOI. On the second boot, as on the first, the running
 * priority must be idle, SPI 40 and PPI 30 inactive, SPI 40 level-triggered,
 * and SPI 40, the virtual timer and the physical timer must each deliver
 * their interrupt. A boot counter lives in a second memory region of its own,
 * which a reset does not reload.
 */
#include <haven/abi.h>

#include "exceptions.h"
#include "gic.h"
#include "hvc.h"
#include "sysreg.h"
#include "test.h"
#include "timer.h"

#define PERSIST_IPA 0x43000000ULL /* configs/test-gic-reset.c: mem[1] */
#define PERSIST_MAGIC 0x5445534552515249ULL
#define SPI 40
#define PT HAVEN_PTIMER_INTID
#define VT HAVEN_VTIMER_INTID

struct persist {
	volatile uint64_t magic;
	volatile uint64_t boots;
};

static volatile uint64_t spi_taken, ptimer_taken;

static void count_spi(uint32_t intid)
{
	spi_taken++;
}

static void ptimer_irq(uint32_t intid)
{
	write_sysreg(cntp_ctl_el0, 0);
	isb();
	ptimer_taken++;
}

static void reset_in_handler(uint32_t intid)
{
	struct smccc_res r = hvc_call(PSCI_SYSTEM_RESET, 0, 0, 0);

	t_fail("gic", "reset.returned", "SYSTEM_RESET returned %lld", (long long)(int64_t)r.a0);
}

static void check_clean(uint64_t boot)
{
	uint32_t rpr = gic_running_priority(), cfg = mmio_read32(GICD_BASE + GICD_ICFGR(SPI / 16));
	bool spi_act = gic_test_bit(GIC_ISACTIVER, SPI), pt_act = gic_test_bit(GIC_ISACTIVER, PT);
	bool edge = cfg & (2u << (2 * (SPI % 16)));
	uint64_t before;
	bool ok;

	t_check("gic", boot == 1 ? "boot1.clean" : "boot2.clean",
		rpr == GIC_PRIO_IDLE && !spi_act && !pt_act && !edge,
		"ICC_RPR=0x%x (expected 0x%x); SPI 40 active %d, PPI 30 active %d, SPI 40 edge %d "
		"(expected 0, 0, 0)", rpr, GIC_PRIO_IDLE, spi_act, pt_act, edge);

	mmio_write64(GICD_BASE + GICD_IROUTER(SPI), 0);
	gic_set_bit(GIC_ISENABLER, SPI);
	before = spi_taken;
	gic_set_bit(GIC_ISPENDR, SPI);
	ok = wait_irq_count(&spi_taken, before, 20);
	gic_set_bit(GIC_ICENABLER, SPI);
	t_check("gic", boot == 1 ? "boot1.spi40" : "boot2.spi40", ok, "SPI 40 taken after ISPENDR: %d",
		ok);

	before = timer_irq_count[0];
	write_sysreg(cntv_cval_el0, timer_now() + timer_us_to_ticks(100));
	write_sysreg(cntv_ctl_el0, CNTV_CTL_ENABLE);
	isb();
	ok = wait_irq_count(&timer_irq_count[0], before, 20);
	t_check("gic", boot == 1 ? "boot1.vtimer" : "boot2.vtimer", ok, "virtual timer interrupt: %d",
		ok);

	gic_enable_private(PT);
	before = ptimer_taken;
	write_sysreg(cntp_tval_el0, timer_us_to_ticks(100));
	write_sysreg(cntp_ctl_el0, CNTV_CTL_ENABLE);
	isb();
	ok = wait_irq_count(&ptimer_taken, before, 20);
	gic_disable_private(PT);
	t_check("gic", boot == 1 ? "boot1.ptimer" : "boot2.ptimer", ok, "physical timer interrupt: %d",
		ok);
}

int main(void)
{
	struct persist *ps = (struct persist *)(uintptr_t)PERSIST_IPA;

	if (ps->magic != PERSIST_MAGIC) {
		ps->boots = 0;
		ps->magic = PERSIST_MAGIC;
	}
	ps->boots++;
	irq_register(SPI, count_spi);
	irq_register(PT, ptimer_irq);
	check_clean(ps->boots);
	if (ps->boots > 1)
		return 0;

	/* Leave state behind: SPI 40 edge-triggered and active, PPI 30 active (both disabled). */
	mmio_write32(GICD_BASE + GICD_ICFGR(SPI / 16), 2u << (2 * (SPI % 16)));
	gic_set_bit(GIC_ISACTIVER, SPI);
	gic_set_bit(GIC_ISACTIVER, PT);
	/* ... and reset from inside the virtual timer's handler. */
	irq_register(VT, reset_in_handler);
	write_sysreg(cntv_cval_el0, timer_now());
	write_sysreg(cntv_ctl_el0, CNTV_CTL_ENABLE);
	isb();
	irq_enable();
	for (;;)
		wfi();
}
