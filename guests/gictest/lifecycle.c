/* SPDX-License-Identifier: MIT */
/*
 * vCPU 1 is switched off in the middle of interrupt handling and switched on
 * again; what it left behind must not follow it into its next life:
 *  - off inside an SGI handler, before the EOI: the interrupt's active
 *    priority must be gone (ICC_RPR idle) and the virtual timer must fire;
 *  - off with every list register full of pending SGIs while the virtual
 *    timer and SPI 40 fire, so Haven has taken both physically and queued
 *    them in software: both must still fire afterwards.
 * vCPU 0 runs the sequence; vCPU 1 reports its own checks.
 */
#include <haven/abi.h>
#include <haven/lib.h>

#include "exceptions.h"
#include "gic.h"
#include "gictest.h"
#include "guest.h"
#include "hvc.h"
#include "sysreg.h"
#include "test.h"
#include "timer.h"

#define OFF_SGI 5          /* its handler switches the vCPU off */
#define FILL_SGI_FIRST 4   /* SGIs 4..15 fill up to 12 list registers (QEMU has 4) */
#define FILL_SGI_LAST 15

static volatile uint64_t spi_taken;

static void off_in_handler(uint32_t intid)
{
	psci_cpu_off(); /* no EOI: the SGI stays active */
}

static void count_spi(uint32_t intid)
{
	spi_taken++;
}

static void cpu1_off_in_handler(void *unused)
{
	irq_register(OFF_SGI, off_in_handler);
	gic_enable_private(OFF_SGI);
	gic_send_sgi(OFF_SGI, 1u << 1);
	irq_enable();
	for (;;)
		wfi();
}

static void cpu1_off_with_queue(void *unused)
{
	uint64_t end;

	/* IRQs masked: the SGIs stay pending and occupy every list register. */
	for (uint32_t sgi = FILL_SGI_FIRST; sgi <= FILL_SGI_LAST; sgi++) {
		gic_enable_private(sgi);
		gic_send_sgi(sgi, 1u << 1);
	}
	/* SPI 40 here, pended, and the virtual timer firing: Haven takes both and queues them. */
	mmio_write64(GICD_BASE + GICD_IROUTER(OWNED_SPI), 1);
	gic_set_bit(GIC_ISENABLER, OWNED_SPI);
	gic_set_bit(GIC_ISPENDR, OWNED_SPI);
	write_sysreg(cntv_cval_el0, timer_now());
	write_sysreg(cntv_ctl_el0, CNTV_CTL_ENABLE);
	isb();
	end = deadline_ms(1);
	while (!expired(end))
		;
	psci_cpu_off();
}

struct phase {
	const char *name; /* in the check names */
	bool spi;         /* SPI 40 was queued too */
};

static const struct phase after_handler = { "off_in_handler", false };
static const struct phase after_queue = { "queued", true };

/* vCPU 1 after a restart: idle running priority; the virtual timer (and SPI 40) fire. */
static void cpu1_check_after(void *arg)
{
	const struct phase *ph = arg;
	uint64_t before = timer_irq_count[1];
	uint32_t rpr = gic_running_priority();
	char name[48];
	bool ok;

	hv_snprintf(name, sizeof(name), "lifecycle.%s.rpr", ph->name);
	t_check("gic", name, rpr == GIC_PRIO_IDLE,
		"ICC_RPR_EL1=0x%x after CPU_OFF and CPU_ON (expected 0x%x)", rpr, GIC_PRIO_IDLE);

	write_sysreg(cntv_cval_el0, timer_now() + timer_us_to_ticks(100));
	write_sysreg(cntv_ctl_el0, CNTV_CTL_ENABLE);
	isb();
	ok = wait_irq_count(&timer_irq_count[1], before, 20);
	hv_snprintf(name, sizeof(name), "lifecycle.%s.vtimer", ph->name);
	t_check("gic", name, ok, "virtual timer interrupt within 20 ms: %s", ok ? "yes" : "no");
	write_sysreg(cntv_ctl_el0, 0);

	if (ph->spi) {
		irq_register(OWNED_SPI, count_spi);
		before = spi_taken;
		gic_set_bit(GIC_ISPENDR, OWNED_SPI);
		ok = wait_irq_count(&spi_taken, before, 20);
		hv_snprintf(name, sizeof(name), "lifecycle.%s.spi40", ph->name);
		t_check("gic", name, ok, "SPI 40 taken within 20 ms of ISPENDR: %s", ok ? "yes" : "no");
		gic_set_bit(GIC_ICENABLER, OWNED_SPI);
	}
}

/* Runs fn on vCPU 1 and waits until vCPU 1 is off again. */
static bool run_cpu1(void (*fn)(void *), void *arg)
{
	int32_t rc = cpu_start(1, fn, arg);

	return rc == PSCI_SUCCESS && WAIT_UNTIL(psci_affinity_info(1, 0) == 1, WAIT_MS, STEP_US);
}

void check_lifecycle(void)
{
	bool ok = WAIT_UNTIL(psci_affinity_info(1, 0) == 1, WAIT_MS, STEP_US);

	ok = ok && run_cpu1(cpu1_off_in_handler, NULL);
	ok = ok && run_cpu1(cpu1_check_after, (void *)&after_handler);
	ok = ok && run_cpu1(cpu1_off_with_queue, NULL);
	ok = ok && run_cpu1(cpu1_check_after, (void *)&after_queue);
	t_check("gic", "lifecycle.cpu1_cycles", ok, "vCPU 1 switched on and off four times");
}
