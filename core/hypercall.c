/* SPDX-License-Identifier: MIT */
/*
 * The hypercall dispatcher (SMCCC over HVC, or a trapped SMC). Function ids
 * are decoded from w0 alone; arguments are validated against the caller's
 * own config before use, and every path returns a code in x0: EL2 never
 * trusts a guest pointer or length. See docs/hypercall-abi.md.
 */
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
	 * Haven's cacheable map may hold (Haven never writes partition memory
	 * outside image loading, which cleans, so no dirty line is lost).
	 */
	for (uint64_t a = pa & ~63ULL; a < pa + len; a += 64)
		__asm__ volatile("dc ivac, %0" : : "r"(a) : "memory");
	dsb(sy);
	for (uint64_t i = 0; i < len; i++)
		partition_putc(p, ((const volatile char *)pa)[i]);
	return (int64_t)len;
}

void hvc_dispatch(struct vcpu *v)
{
	uint64_t *x = v->regs.x;
	uint32_t fn = (uint32_t)x[0];
	uint64_t a1 = x[1], a2 = x[2], a3 = x[3];
	int64_t ret;

	/* SMC32 forms take 32-bit arguments. */
	if (!(fn & BIT(30))) {
		a1 &= 0xFFFFFFFF;
		a2 &= 0xFFFFFFFF;
		a3 &= 0xFFFFFFFF;
	}
	if ((fn & 0xBFFFFFE0u) == 0x84000000u) {
		ret = vpsci_call(v, fn, a1, a2, a3);
		x[0] = (uint64_t)ret;
		return;
	}
	switch (fn) {
	case SMCCC_VERSION:
		ret = 0x10001; /* SMCCC 1.1 */
		break;
	case SMCCC_ARCH_FEATURES:
		ret = (a1 == SMCCC_VERSION || a1 == SMCCC_ARCH_FEATURES) ? 0 : HAVEN_ERR_NOT_SUPPORTED;
		break;
	case HAVEN_HVC_VERSION:
	case HAVEN_FN32(0x00):
		ret = (HAVEN_ABI_MAJOR << 16) | HAVEN_ABI_MINOR;
		break;
	case HAVEN_HVC_PARTITION_ID:
	case HAVEN_FN32(0x01):
		x[1] = v->id;
		x[2] = v->part->nvcpus;
		ret = v->part->id;
		break;
	case HAVEN_HVC_CONSOLE_WRITE:
	case HAVEN_FN32(0x02):
		ret = console_write(v, a1, a2);
		break;
	case HAVEN_HVC_YIELD:
	case HAVEN_FN32(0x03):
		ret = HAVEN_OK; /* a dedicated CPU has nobody to yield to */
		break;
	case HAVEN_HVC_CALL_COUNT:
		ret = 4;
		break;
	case HAVEN_HVC_CALL_UID:
		x[1] = haven_uid[1];
		x[2] = haven_uid[2];
		x[3] = haven_uid[3];
		ret = haven_uid[0];
		break;
	case HAVEN_HVC_REVISION:
		x[1] = HAVEN_ABI_MINOR;
		ret = HAVEN_ABI_MAJOR;
		break;
	default:
		ret = HAVEN_ERR_NOT_SUPPORTED;
		break;
	}
	x[0] = (uint64_t)ret;
}
