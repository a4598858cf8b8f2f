/* SPDX-License-Identifier: MIT */
/*
 * PSCI 1.1 for guests. A partition's vCPUs are numbered 0..n-1 (MPIDR Aff0 =
 * n); CPU_ON can only name those, SYSTEM_OFF and SYSTEM_RESET act on the
 * calling partition alone.
 */
#include <haven/hv.h>

static struct vcpu *target_vcpu(struct partition *p, uint64_t mpidr)
{
	if ((mpidr & 0xFF00FFFF00ULL) || (mpidr & 0xFF) >= p->nvcpus)
		return NULL;
	return p->vcpus[mpidr & 0xFF];
}

static bool entry_ok(struct partition *p, uint64_t entry)
{
	uint64_t pa;

	return IS_ALIGNED(entry, 4) && partition_ipa_range_ok(p, entry, 4, HV_MEM_X, &pa);
}

static int64_t cpu_on(struct vcpu *v, uint64_t mpidr, uint64_t entry, uint64_t ctx)
{
	struct partition *p = v->part;
	struct vcpu *t = target_vcpu(p, mpidr);
	int64_t ret = PSCI_SUCCESS;

	if (!t)
		return PSCI_INVALID_PARAMETERS;
	if (!entry_ok(p, entry))
		return PSCI_INVALID_ADDRESS;
	spin_lock(&p->lock);
	if (v->state != VCPU_RUNNING) {
		/* A stop or reset of the partition asked v to go off: it switches nothing on. */
		spin_unlock(&p->lock);
		vcpu_park(v);
	}
	if (t->state == VCPU_ON_PENDING) {
		ret = PSCI_ON_PENDING;
	} else if (t->state != VCPU_OFF) {
		ret = PSCI_ALREADY_ON; /* RUNNING, or PARKING: on until it is off */
	} else {
		t->boot_entry = entry;
		t->boot_ctx = ctx;
		t->state = VCPU_ON_PENDING;
	}
	spin_unlock(&p->lock);
	if (ret == PSCI_SUCCESS)
		pcpu_post(t->pcpu, EV_CPU_ON);
	return ret;
}

static int64_t features(uint32_t fn)
{
	switch (fn) {
	case PSCI_VERSION:
	case PSCI_CPU_OFF:
	case PSCI_CPU_ON_32:
	case PSCI_CPU_ON_64:
	case PSCI_AFFINITY_INFO_32:
	case PSCI_AFFINITY_INFO_64:
	case PSCI_MIGRATE_INFO_TYPE:
	case PSCI_SYSTEM_OFF:
	case PSCI_SYSTEM_RESET:
	case PSCI_FEATURES:
	case PSCI_CPU_SUSPEND_32:
	case PSCI_CPU_SUSPEND_64:
		return PSCI_SUCCESS; /* CPU_SUSPEND: original power-state format, no OS-initiated mode */
	default:
		return PSCI_NOT_SUPPORTED;
	}
}

int64_t vpsci_call(struct vcpu *v, uint32_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
	struct partition *p = v->part;
	struct vcpu *t;

	switch (fn) {
	case PSCI_VERSION:
		return 0x10001;
	case PSCI_FEATURES:
		return features((uint32_t)a1);
	case PSCI_CPU_ON_32:
	case PSCI_CPU_ON_64:
		return cpu_on(v, a1, a2, a3);
	case PSCI_CPU_OFF:
		vcpu_off(v); /* stops the partition when v was its last vCPU on */
	case PSCI_AFFINITY_INFO_32:
	case PSCI_AFFINITY_INFO_64:
		t = target_vcpu(p, a1);
		if (!t || a2 != 0)
			return PSCI_INVALID_PARAMETERS;
		return t->state == VCPU_OFF ? 1 : t->state == VCPU_ON_PENDING ? 2 : 0;
	case PSCI_CPU_SUSPEND_32:
	case PSCI_CPU_SUSPEND_64:
		/* A standby request: returning at once is a valid (spurious) wake-up. */
		return PSCI_SUCCESS;
	case PSCI_MIGRATE_INFO_TYPE:
		return 2; /* no trusted OS to migrate */
	case PSCI_SYSTEM_OFF:
		partition_stop(p, "system-off"); /* parks the caller */
		return PSCI_INTERNAL_FAILURE;      /* not reached */
	case PSCI_SYSTEM_RESET:
		/* Parks v instead when another vCPU is stopping or resetting the partition. */
		partition_reset(v);
	default:
		return PSCI_NOT_SUPPORTED;
	}
}
