/* SPDX-License-Identifier: MIT */
/* GICv3 set-up for the guests (see gic.h). */
#include "gic.h"
#include "sysreg.h"
#include "timer.h"

#define ICC_SRE_EL1 S3_0_C12_C12_5
#define ICC_PMR_EL1 S3_0_C4_C6_0
#define ICC_BPR1_EL1 S3_0_C12_C12_3
#define ICC_CTLR_EL1 S3_0_C12_C12_4
#define ICC_IGRPEN1_EL1 S3_0_C12_C12_7
#define ICC_SGI1R_EL1 S3_0_C12_C11_5
#define ICC_RPR_EL1 S3_0_C12_C11_3

/* Polls a register bit with a bound of about 10 ms of counter time. */
static bool wait_bit_clear(uint64_t addr, uint32_t bit)
{
	uint64_t end = timer_now() + timer_ms_to_ticks(10);

	while (mmio_read32(addr) & bit)
		if (timer_now() > end)
			return false;
	return true;
}

uint32_t gic_dist_init(void)
{
	mmio_write32(GICD_BASE + GICD_CTLR, GICD_CTLR_ENABLE);
	wait_bit_clear(GICD_BASE + GICD_CTLR, GICD_CTLR_RWP);
	return mmio_read32(GICD_BASE + GICD_CTLR);
}

bool gic_cpu_init(void)
{
	unsigned cpu = cpu_id();
	uint64_t rd = gic_rd_base(cpu), sgi = gic_sgi_base(cpu);
	bool awake;
	int i;

	mmio_write32(rd + GICR_WAKER, mmio_read32(rd + GICR_WAKER) & ~GICR_WAKER_PROCESSOR_SLEEP);
	awake = wait_bit_clear(rd + GICR_WAKER, GICR_WAKER_CHILDREN_ASLEEP);

	mmio_write32(sgi + GICR_ICENABLER0, 0xffffffffu);
	mmio_write32(sgi + GICR_IGROUPR0, 0xffffffffu);
	for (i = 0; i < 8; i++)
		mmio_write32(sgi + GICR_IPRIORITYR(i), GIC_PRIO_DEFAULT * 0x01010101u);

	write_sysreg(ICC_SRE_EL1, read_sysreg(ICC_SRE_EL1) | 0x7); /* SRE, DFB, DIB */
	isb();
	write_sysreg(ICC_PMR_EL1, 0xff);
	write_sysreg(ICC_BPR1_EL1, 0);
	write_sysreg(ICC_CTLR_EL1, 0); /* EOImode 0: EOIR drops priority and deactivates */
	write_sysreg(ICC_IGRPEN1_EL1, 1);
	isb();
	return awake;
}

void gic_enable_private(uint32_t intid)
{
	mmio_write32(gic_sgi_base(cpu_id()) + GICR_ISENABLER0, 1u << (intid & 31));
	dsb(sy);
}

void gic_disable_private(uint32_t intid)
{
	mmio_write32(gic_sgi_base(cpu_id()) + GICR_ICENABLER0, 1u << (intid & 31));
	dsb(sy);
}

void gic_send_sgi(uint32_t intid, uint16_t target_list)
{
	dsb(sy); /* make earlier writes visible to the receiver first */
	write_sysreg(ICC_SGI1R_EL1, ((uint64_t)(intid & 0xf) << 24) | target_list);
	isb();
}

static uint64_t bitmap_reg(unsigned reg, uint32_t intid)
{
	if (intid < 32)
		return gic_sgi_base(cpu_id()) + reg;
	return GICD_BASE + reg + 4 * (intid / 32);
}

void gic_set_bit(unsigned reg, uint32_t intid)
{
	mmio_write32(bitmap_reg(reg, intid), 1u << (intid % 32));
	dsb(sy);
}

bool gic_test_bit(unsigned reg, uint32_t intid)
{
	return mmio_read32(bitmap_reg(reg, intid)) & (1u << (intid % 32));
}

uint32_t gic_running_priority(void)
{
	return (uint32_t)read_sysreg(ICC_RPR_EL1) & 0xff;
}
