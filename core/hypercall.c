/* SPDX-License-Identifier: MIT */
/*
 * The hypercall dispatcher (SMCCC over HVC, or a trapped SMC). Function ids
 * are decoded from w0 alone; arguments are validated against the caller's
 * own config before use, and every path returns a code in x0: EL2 never
 * trusts a guest pointer or length. See docs/hypercall-abi.md.
 */
#include <haven/bootinfo.h>
#include <haven/hv.h>

/* SMCCC UID of the Haven vendor hypervisor service: 6ee2d6a9-4a35-4c15-8d2a-48415645e4e0. */
static const uint32_t haven_uid[4] = { 0xa9d6e26e, 0x154c354a, 0x4156488d, 0xe0e44556 };

static int64_t console_write(struct vcpu *v, uint64_t ipa, uint64_t len)
{
	struct partition *p = v->part;
	uint64_t pa;

	if (len == 0)
		return 0;
	if (len > HAVEN_CONSOLE_WRITE_MAX || ipa + len < ipa)
		return HAVEN_ERR_INVALID;
	if (!partition_ipa_range_ok(p, ipa, len, HV_MEM_R, &pa))
		return HAVEN_ERR_DENIED;
	/*
	 * A guest with its MMU off wrote the buffer uncached; drop any stale line
	 * Haven's cacheable map may hold. Clean and invalidate, not invalidate
	 * alone: in a shared region a line may be dirty with another partition's
	 * data, which a plain invalidate would discard.
	 */
	for (uint64_t a = pa & ~63ULL; a < pa + len; a += 64)
		__asm__ volatile("dc civac, %0" : : "r"(a) : "memory");
	dsb(sy);
	for (uint64_t i = 0; i < len; i++)
		partition_putc(p, ((const volatile char *)pa)[i]);
	return (int64_t)len;
}

/* Haven's own calls (SMCCC owner 6, vendor-specific hypervisor service). */
static int64_t haven_call(struct vcpu *v, uint32_t fn, uint64_t a1, uint64_t a2)
{
	uint64_t *x = v->regs.x;
	/* The caller checked the owner (6): the number, SMC32 and SMC64 forms alike. */
	uint32_t n = fn & 0x00FFFFFFu;

#ifdef HAVEN_TEST_HOOKS
	/* Test builds only (HAVEN_TEST_HOOKS=1): a fault inside EL2, to test the panic path. */
	if (n == 0xFF)
		return (int64_t)*(volatile uint64_t *)0xDEAD0000ULL;
#endif
	/* One range check keeps every other number off the case chain (bench: hvc_unknown). */
	if (n <= 0x04) {
		switch (n) {
		case 0x00:
			return (HAVEN_ABI_MAJOR << 16) | HAVEN_ABI_MINOR;
		case 0x01:
			x[1] = v->id;
			x[2] = v->part->nvcpus;
			return v->part->id;
		case 0x02:
			return console_write(v, a1, a2);
		case 0x03:
			return HAVEN_OK; /* a dedicated CPU has nobody to yield to */
		case 0x04:
			x[1] = system_attended() ? HAVEN_INFO_ATTENDED : 0;
			return HAVEN_OK;
		}
	}
	switch (fn) {
	case HAVEN_HVC_CALL_COUNT:
		return 5;
	case HAVEN_HVC_CALL_UID:
		x[1] = haven_uid[1];
		x[2] = haven_uid[2];
		x[3] = haven_uid[3];
		return haven_uid[0];
	case HAVEN_HVC_REVISION:
		x[1] = HAVEN_ABI_MINOR;
		return HAVEN_ABI_MAJOR;
	default:
		return HAVEN_ERR_NOT_SUPPORTED;
	}
}

/*
 * One decision on the SMCCC owner (bits 29:24 with the call-type bits), then
 * the service's own table: PSCI_VERSION and unknown ids return after a few
 * compares. SMC32 forms (bit 30 clear) take 32-bit arguments.
 */
void hvc_dispatch(struct vcpu *v)
{
	uint64_t *x = v->regs.x;
	uint32_t fn = (uint32_t)x[0];
	uint64_t a1 = x[1], a2 = x[2], a3 = x[3];
	int64_t ret;

	if (!(fn & BIT(30))) {
		a1 &= 0xFFFFFFFF;
		a2 &= 0xFFFFFFFF;
		a3 &= 0xFFFFFFFF;
	}
	switch (fn >> 24) {
	case 0x84: /* standard secure service: PSCI */
	case 0xC4:
		if (likely(fn == PSCI_VERSION))
			ret = 0x10001;
		else if ((fn & 0x00FFFFE0) == 0)
			ret = vpsci_call(v, fn, a1, a2, a3);
		else
			ret = HAVEN_ERR_NOT_SUPPORTED;
		break;
	case 0x86: /* vendor-specific hypervisor service: Haven */
	case 0xC6:
		ret = haven_call(v, fn, a1, a2);
		break;
	case 0x80: /* Arm architecture calls */
		if (fn == SMCCC_VERSION)
			ret = 0x10001; /* SMCCC 1.1 */
		else if (fn == SMCCC_ARCH_FEATURES)
			ret = (a1 == SMCCC_VERSION || a1 == SMCCC_ARCH_FEATURES) ? 0 : HAVEN_ERR_NOT_SUPPORTED;
		else
			ret = HAVEN_ERR_NOT_SUPPORTED;
		break;
	default:
		ret = HAVEN_ERR_NOT_SUPPORTED;
		break;
	}
	x[0] = (uint64_t)ret;
}
