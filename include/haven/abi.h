/* SPDX-License-Identifier: MIT */
/*
 * Haven's guest ABI: the hypercall numbers, error codes and the virtual platform
 * every partition sees. Shared by the hypervisor and guests; documented in
 * docs/hypercall-abi.md. All calls follow the Arm SMC Calling Convention
 * (SMCCC 1.1) over HVC #0: function id in w0, arguments in x1..x3, results in
 * x0..x3.
 */
#ifndef HAVEN_ABI_H
#define HAVEN_ABI_H

/* Haven calls live in the SMCCC "vendor specific hypervisor service" range
 * (owner 6). Both the SMC64 (0xC6..) and SMC32 (0x86..) fast-call forms are
 * accepted; for SMC32 the arguments are taken as 32-bit values. */
#define HAVEN_FN64(n) (0xC6000000u | (n))
#define HAVEN_FN32(n) (0x86000000u | (n))

#define HAVEN_HVC_VERSION HAVEN_FN64(0x00)       /* -> x0 = (major << 16) | minor */
#define HAVEN_HVC_PARTITION_ID HAVEN_FN64(0x01)  /* -> x0 = partition id, x1 = vcpu id, x2 = vcpu count */
#define HAVEN_HVC_CONSOLE_WRITE HAVEN_FN64(0x02) /* x1 = IPA, x2 = length -> x0 = bytes written or error */
#define HAVEN_HVC_YIELD HAVEN_FN64(0x03)         /* -> x0 = HAVEN_OK */
#define HAVEN_HVC_SYSTEM_INFO HAVEN_FN64(0x04)   /* -> x0 = HAVEN_OK, x1 = HAVEN_INFO_* flags */

/* HAVEN_HVC_SYSTEM_INFO flags. */
#define HAVEN_INFO_ATTENDED 0x1u /* a person is at Haven's console (not a test run) */

/* SMCCC-standard queries of the vendor hypervisor service. */
#define HAVEN_HVC_CALL_COUNT 0x8600FF00u
#define HAVEN_HVC_CALL_UID 0x8600FF01u
#define HAVEN_HVC_REVISION 0x8600FF03u

#define HAVEN_ABI_MAJOR 1
#define HAVEN_ABI_MINOR 0
#define HAVEN_CONSOLE_WRITE_MAX 256 /* bytes per HAVEN_HVC_CONSOLE_WRITE */

/* Return codes (x0). SMCCC NOT_SUPPORTED for unknown function ids. */
#define HAVEN_OK 0
#define HAVEN_ERR_NOT_SUPPORTED (-1) /* unknown function id (SMCCC) */
#define HAVEN_ERR_INVALID (-2)       /* an argument is out of range */
#define HAVEN_ERR_DENIED (-3)        /* the argument names something this partition does not own */

/* SMCCC architecture calls Haven answers. */
#define SMCCC_VERSION 0x80000000u
#define SMCCC_ARCH_FEATURES 0x80000001u

/* PSCI 1.1 function ids (SMC32 and SMC64 forms). */
#define PSCI_VERSION 0x84000000u
#define PSCI_CPU_SUSPEND_32 0x84000001u
#define PSCI_CPU_SUSPEND_64 0xC4000001u
#define PSCI_CPU_OFF 0x84000002u
#define PSCI_CPU_ON_32 0x84000003u
#define PSCI_CPU_ON_64 0xC4000003u
#define PSCI_AFFINITY_INFO_32 0x84000004u
#define PSCI_AFFINITY_INFO_64 0xC4000004u
#define PSCI_MIGRATE_INFO_TYPE 0x84000006u
#define PSCI_SYSTEM_OFF 0x84000008u
#define PSCI_SYSTEM_RESET 0x84000009u
#define PSCI_FEATURES 0x8400000Au

#define PSCI_SUCCESS 0
#define PSCI_NOT_SUPPORTED (-1)
#define PSCI_INVALID_PARAMETERS (-2)
#define PSCI_DENIED (-3)
#define PSCI_ALREADY_ON (-4)
#define PSCI_ON_PENDING (-5)
#define PSCI_INTERNAL_FAILURE (-6)
#define PSCI_NOT_PRESENT (-7)
#define PSCI_DISABLED (-8)
#define PSCI_INVALID_ADDRESS (-9)

/*
 * The virtual platform every partition sees (guest-physical addresses). It
 * matches QEMU virt's layout so the same guest binary runs natively at EL1.
 * vCPU n has MPIDR Aff0 = n; its redistributor is at VGICR + n * 0x20000.
 */
#define HAVEN_VGICD_IPA 0x08000000ULL
#define HAVEN_VGICD_SIZE 0x10000ULL
#define HAVEN_VGICR_IPA 0x080A0000ULL
#define HAVEN_VGICR_STRIDE 0x20000ULL
#define HAVEN_VUART_IPA 0x09000000ULL /* emulated PL011, per partition */
#define HAVEN_VUART_SIZE 0x1000ULL
#define HAVEN_VUART_INTID 33 /* SPI 1, as on QEMU virt */
#define HAVEN_VTIMER_INTID 27
#define HAVEN_PTIMER_INTID 30 /* the EL1 physical timer (CNTP_*) */
#define HAVEN_MAX_VCPUS 8

#endif
