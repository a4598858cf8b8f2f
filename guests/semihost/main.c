/* SPDX-License-Identifier: MIT */
/*
 * semihost: tries Arm semihosting (HLT #0xF000) from EL0 and from EL1, the way
 * a hostile guest would reach the machine QEMU runs on: SYS_WRITE0 of a forged
 * Haven line, SYS_SYSTEM of a host command, and SYS_EXIT with status 0 (which
 * would end QEMU as if Haven had powered off cleanly). Haven's QEMU command
 * line has no semihosting, so each HLT must be an Undefined Instruction
 * exception taken to this guest's own EL1 (scenario "semihost").
 */
#include <haven/lib.h>

#include "console.h"
#include "exceptions.h"
#include "guest.h"
#include "sysreg.h"
#include "test.h"

#define SYS_WRITE0 0x04
#define SYS_SYSTEM 0x12
#define SYS_EXIT 0x18
#define ADP_STOPPED_APPLICATION_EXIT 0x20026
#define SPSR_EL1H_MASKED 0x3C5
#define UNDEF_RESULT 0xBADBADBADULL /* x0 after an HLT that raised an exception */

/*
 * semihost_call(op, arg): one HLT #0xF000 at EL1 (label semihost_hlt).
 * run_el0(op, arg, sp): runs el0_body at EL0 with x0 = op, x1 = arg: one HLT
 * #0xF000 (label el0_hlt), then SVC #0, which sync_hook turns into a return
 * to run_el0_return at EL1 with x0 from EL0.
 */
__asm__(".text\n"
	".global semihost_call\n"
	".type semihost_call, %function\n"
	"semihost_call:\n"
	".global semihost_hlt\n"
	"semihost_hlt:\n"
	"	hlt	#0xf000\n"
	"	ret\n"
	".global run_el0\n"
	".type run_el0, %function\n"
	"run_el0:\n"
	"	stp	x29, x30, [sp, #-16]!\n"
	"	msr	sp_el0, x2\n"
	"	adr	x3, el0_body\n"
	"	msr	elr_el1, x3\n"
	"	mov	x3, #0x3c0\n" /* EL0t, DAIF masked */
	"	msr	spsr_el1, x3\n"
	"	isb\n"
	"	eret\n"
	".global run_el0_return\n"
	"run_el0_return:\n"
	"	ldp	x29, x30, [sp], #16\n"
	"	ret\n"
	"el0_body:\n"
	".global el0_hlt\n"
	"el0_hlt:\n"
	"	hlt	#0xf000\n"
	"	svc	#0\n");

uint64_t semihost_call(uint64_t op, uint64_t arg);
uint64_t run_el0(uint64_t op, uint64_t arg, uint64_t sp);
extern char semihost_hlt[] HIDDEN, el0_hlt[] HIDDEN, run_el0_return[] HIDDEN;

/* What the last HLT raised. */
static volatile struct {
	uint64_t count, esr, elr, kind;
} undef;

static uint64_t el0_stack[512] __attribute__((aligned(16)));

static bool sync_hook(struct exc_frame *f, uint64_t kind, uint64_t esr)
{
	uint64_t hlt = kind == 8 ? (uint64_t)(uintptr_t)el0_hlt : (uint64_t)(uintptr_t)semihost_hlt;

	if ((kind == 4 || kind == 8) && ESR_EC(esr) == ESR_EC_UNKNOWN && f->elr == hlt) {
		undef.count++;
		undef.esr = esr;
		undef.elr = f->elr;
		undef.kind = kind;
		f->x[0] = UNDEF_RESULT;
		f->elr += 4;
		return true;
	}
	if (kind == 8 && ESR_EC(esr) == ESR_EC_SVC64) { /* back from el0_body */
		f->elr = (uint64_t)(uintptr_t)run_el0_return;
		f->spsr = SPSR_EL1H_MASKED;
		return true;
	}
	return false;
}

/* One semihosting call at EL0 or EL1: it must raise an Undefined Instruction exception there. */
static void try_call(unsigned el, const char *name, uint64_t op, uint64_t arg)
{
	char test[48];
	uint64_t r;

	undef.count = 0;
	undef.esr = undef.elr = undef.kind = 0;
	dsb(sy);
	r = el ? semihost_call(op, arg)
	       : run_el0(op, arg, (uint64_t)(uintptr_t)&el0_stack[ARRAY_SIZE(el0_stack)]);
	hv_snprintf(test, sizeof(test), "el%u.%s.undefined", el, name);
	t_check("semihost", test,
		undef.count == 1 && ESR_EC(undef.esr) == ESR_EC_UNKNOWN && r == UNDEF_RESULT &&
			undef.kind == (el ? 4u : 8u),
		"HLT #0xF000 at EL%u: %llu exception(s), ESR_EL1=0x%llx, x0=0x%llx", el,
		(unsigned long long)undef.count, (unsigned long long)undef.esr,
		(unsigned long long)r);
}

static const char forged[] = "haven: all partitions stopped; system off\n";
static const char command[] = "echo HAVEN-SEMIHOST-SYSTEM-RAN";

int main(void)
{
	uint64_t system_block[2] = { (uint64_t)(uintptr_t)command, sizeof(command) - 1 };
	uint64_t exit_block[2] = { ADP_STOPPED_APPLICATION_EXIT, 0 };

	exc_set_sync_hook(sync_hook);
	/* SYS_EXIT last: had semihosting worked, it would end QEMU with status 0. */
	for (unsigned el = 0; el <= 1; el++) {
		try_call(el, "sys_write0", SYS_WRITE0, (uint64_t)(uintptr_t)forged);
		try_call(el, "sys_system", SYS_SYSTEM, (uint64_t)(uintptr_t)system_block);
		try_call(el, "sys_exit", SYS_EXIT, (uint64_t)(uintptr_t)exit_block);
	}
	exc_set_sync_hook(NULL);
	return 0;
}
