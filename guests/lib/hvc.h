/* SPDX-License-Identifier: MIT */
/*
 * SMCCC calls over HVC #0 (Haven hypercalls and PSCI). Natively on QEMU virt
 * without EL2, PSCI calls are answered by QEMU and every other function id
 * raises an Undefined Instruction exception, which exceptions.c turns into
 * NOT_SUPPORTED (-1) so guests behave as they would under a hypervisor.
 */
#ifndef GUEST_HVC_H
#define GUEST_HVC_H

#include <haven/abi.h>
#include <haven/types.h>

struct smccc_res {
	uint64_t a0, a1, a2, a3;
};

/*
 * One call: function id in x0, arguments in x1..x3, results from x0..x3.
 * x4..x17 are declared clobbered (SMCCC 1.0 callers must assume it); hvctest
 * checks that Haven preserves them, as SMCCC 1.1 requires (test/hvc_regs.h).
 */
static inline struct smccc_res hvc_call(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = fn;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;
	struct smccc_res r;

	__asm__ volatile("hvc #0"
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
			 :
			 : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13", "x14",
			   "x15", "x16", "x17", "memory");
	r.a0 = x0;
	r.a1 = x1;
	r.a2 = x2;
	r.a3 = x3;
	return r;
}

static inline int64_t hvc0(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
	return (int64_t)hvc_call(fn, a1, a2, a3).a0;
}

/* PSCI 1.1 (results are PSCI_* codes). Targets are MPIDR affinity values (Aff0 = vCPU). */
int32_t psci_version(void);
int32_t psci_features(uint32_t fn);
int32_t psci_cpu_on(uint64_t target, uint64_t entry, uint64_t ctx);
int32_t psci_affinity_info(uint64_t target, uint32_t level);
void psci_cpu_off(void) __attribute__((noreturn));
void psci_system_off(void) __attribute__((noreturn));

#endif
