/* SPDX-License-Identifier: MIT */
/*
 * Spatial violations: an access outside the partition's stage-2 map. Haven
 * reports it on its console, attributed to the partition and vCPU, then
 * applies the partition's fault policy. No other partition is involved.
 */
#include <haven/hv.h>

void violation(struct vcpu *v, uint64_t ipa, uint64_t esr, uint64_t far, const char *access,
	       unsigned size)
{
	struct partition *p = v->part;
	bool stop = p->cfg->fault_policy == HV_FAULT_STOP;

	v->violations++;
	partition_console_flush(p);
	hv_log("VIOLATION partition=%u name=%s vcpu=%u ipa=0x%llx access=%s size=%u pc=0x%llx "
	       "esr=0x%llx policy=%s",
	       p->id, p->cfg->name, v->id, (unsigned long long)ipa, access, size,
	       (unsigned long long)v->regs.elr, (unsigned long long)esr, stop ? "stop" : "inject");
	if (stop)
		partition_stop(p, "violation, policy=stop");
	else
		inject_abort(v, esr, far);
}
