/* SPDX-License-Identifier: MIT */
/*
 * GICv3 for the guests: the distributor at HAVEN_VGICD_IPA, vCPU n's
 * redistributor at HAVEN_VGICR_IPA + n * HAVEN_VGICR_STRIDE (SGI frame at
 * +64 KiB), and the ICC_* system-register CPU interface. Every interrupt the
 * guests use is Group 1 with priority GIC_PRIO_DEFAULT.
 */
#ifndef GUEST_GIC_H
#define GUEST_GIC_H

#include <haven/abi.h>
#include <haven/types.h>

#define GICD_BASE HAVEN_VGICD_IPA
#define GICD_CTLR 0x0000
#define GICD_TYPER 0x0004
#define GICD_IIDR 0x0008
#define GICD_IGROUPR(n) (0x0080 + 4 * (n))
#define GICD_ISENABLER(n) (0x0100 + 4 * (n))
#define GICD_ICENABLER(n) (0x0180 + 4 * (n))
#define GICD_IPRIORITYR(n) (0x0400 + 4 * (n))
#define GICD_ICFGR(n) (0x0C00 + 4 * (n))
#define GICD_IROUTER(intid) (0x6000 + 8 * (intid))
#define GICD_PIDR2 0xFFE8
#define GICD_CTLR_RWP BIT(31)
/*
 * Bits 0, 1 and 4 enable Group 1 and affinity routing in both views of
 * GICD_CTLR: with one security state (DS=1, QEMU virt natively) bit 1 is
 * EnableGrp1 and bit 4 ARE; in the Non-secure view (DS=0) bit 0 is EnableGrp1,
 * bit 1 EnableGrp1A and bit 4 ARE_NS. Bit 0 in the DS=1 view (Group 0) is unused.
 */
#define GICD_CTLR_ENABLE (BIT(0) | BIT(1) | BIT(4))
#define GICD_CTLR_ARE BIT(4)

#define GICR_CTLR 0x0000
#define GICR_IIDR 0x0004
#define GICR_TYPER 0x0008 /* 64-bit: Affinity in 63:32, Last in bit 4 */
#define GICR_WAKER 0x0014
#define GICR_TYPER_LAST BIT(4)
#define GICR_WAKER_PROCESSOR_SLEEP BIT(1)
#define GICR_WAKER_CHILDREN_ASLEEP BIT(2)
#define GICR_SGI_OFFSET 0x10000
#define GICR_IGROUPR0 0x0080
#define GICR_ISENABLER0 0x0100
#define GICR_ICENABLER0 0x0180
#define GICR_ICPENDR0 0x0280
#define GICR_IPRIORITYR(n) (0x0400 + 4 * (n))

/*
 * The bitmap registers, one bit per INTID, at the same offsets in the
 * distributor (SPIs, 32 INTIDs per word) and in a redistributor's SGI frame
 * (SGIs and PPIs, word 0); see gic_set_bit() / gic_test_bit().
 */
#define GIC_ISENABLER 0x0100
#define GIC_ICENABLER 0x0180
#define GIC_ISPENDR 0x0200
#define GIC_ICPENDR 0x0280
#define GIC_ISACTIVER 0x0300
#define GIC_ICACTIVER 0x0380

#define GIC_PRIO_DEFAULT 0xA0
#define GIC_PRIO_IDLE 0xFF /* ICC_RPR_EL1 with no interrupt active */

static inline uint64_t gic_rd_base(unsigned cpu)
{
	return HAVEN_VGICR_IPA + (uint64_t)cpu * HAVEN_VGICR_STRIDE;
}

static inline uint64_t gic_sgi_base(unsigned cpu)
{
	return gic_rd_base(cpu) + GICR_SGI_OFFSET;
}

/* Distributor: ARE + Group 1 on, waits for RWP. Run once (vCPU 0). Returns GICD_CTLR. */
uint32_t gic_dist_init(void);
/*
 * This vCPU's redistributor (wake it; SGIs and PPIs Group 1, default priority)
 * and CPU interface (SRE, PMR = 0xff, Group 1 on). Returns false if the
 * redistributor did not wake (ChildrenAsleep stayed set).
 */
bool gic_cpu_init(void);
/* Enables / disables an SGI or PPI (INTID < 32) in this vCPU's redistributor. */
void gic_enable_private(uint32_t intid);
void gic_disable_private(uint32_t intid);
/* Sends SGI intid to the vCPUs in target_list (bit n = Aff0 n; Aff1..3 = 0). */
void gic_send_sgi(uint32_t intid, uint16_t target_list);
/*
 * Writes intid's bit to bitmap register reg (GIC_ISENABLER .. GIC_ICACTIVER):
 * this vCPU's redistributor for an SGI or PPI, the distributor for an SPI.
 */
void gic_set_bit(unsigned reg, uint32_t intid);
/* Reads intid's bit of bitmap register reg (as for gic_set_bit). */
bool gic_test_bit(unsigned reg, uint32_t intid);
/* ICC_RPR_EL1: the priority of the highest active interrupt, GIC_PRIO_IDLE if none. */
uint32_t gic_running_priority(void);

#endif
