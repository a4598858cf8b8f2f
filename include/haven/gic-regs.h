/* SPDX-License-Identifier: MIT */
/*
 * The GICv3 register map (Arm GIC architecture specification, IHI 0069): the
 * distributor's and a redistributor's register offsets, one table for the
 * physical driver (drivers/gicv3.c), the emulated GIC (drivers/vgic.c) and
 * their host tests. Bitmap registers hold one bit per INTID, 32 INTIDs a word.
 */
#ifndef HAVEN_GIC_REGS_H
#define HAVEN_GIC_REGS_H

/* Distributor (GICD_*). */
#define GICD_CTLR 0x0000
#define GICD_TYPER 0x0004
#define GICD_IIDR 0x0008
#define GICD_IGROUPR 0x0080
#define GICD_ISENABLER 0x0100
#define GICD_ICENABLER 0x0180
#define GICD_ISPENDR 0x0200
#define GICD_ICPENDR 0x0280
#define GICD_ISACTIVER 0x0300
#define GICD_ICACTIVER 0x0380
#define GICD_IPRIORITYR 0x0400
#define GICD_ICFGR 0x0C00
#define GICD_IROUTER 0x6000
#define GICD_PIDR2 0xFFE8

/* Redistributor, RD_base frame (GICR_*). */
#define GICR_CTLR 0x0000
#define GICR_IIDR 0x0004
#define GICR_TYPER 0x0008
#define GICR_WAKER 0x0014
#define GICR_PIDR2 0xFFE8

/* Redistributor, SGI_base frame (the second 64 KiB): SGIs and PPIs, as the GICD_ bitmaps' word 0. */
#define GICR_SGI 0x10000
#define GICR_IGROUPR0 (GICR_SGI + GICD_IGROUPR)
#define GICR_ISENABLER0 (GICR_SGI + GICD_ISENABLER)
#define GICR_ICENABLER0 (GICR_SGI + GICD_ICENABLER)
#define GICR_ISPENDR0 (GICR_SGI + GICD_ISPENDR)
#define GICR_ICPENDR0 (GICR_SGI + GICD_ICPENDR)
#define GICR_ISACTIVER0 (GICR_SGI + GICD_ISACTIVER)
#define GICR_ICACTIVER0 (GICR_SGI + GICD_ICACTIVER)
#define GICR_IPRIORITYR0 (GICR_SGI + GICD_IPRIORITYR)
#define GICR_ICFGR0 (GICR_SGI + GICD_ICFGR)
#define GICR_ICFGR1 (GICR_SGI + GICD_ICFGR + 4)

#endif
