/* SPDX-License-Identifier: MIT */
/*
 * Spatial violations: an access outside the partition's stage-2 map. Haven
 * reports it on its console, attributed to the partition and vCPU, then
 * applies the partition's fault policy. No other partition is involved.
 *
 * Haven's reports about a partition (violations, unhandled traps) are
 * rate-limited per partition, so a partition that faults in a loop cannot
 * fill the shared console: see report_allowed().
 */
#include <haven/hv.h>
#include <haven/lib.h>

/* A partition may cause REPORT_BURST reports back to back, then REPORT_RATE a second. */
#define REPORT_BURST 64
#define REPORT_RATE 8

/* Prints how many reports about p were suppressed since the last one that went out. */
void report_flush(struct partition *p)
{
	unsigned n;

	spin_lock(&p->report_lock);
	n = p->reports_suppressed;
	p->reports_suppressed = 0;
	spin_unlock(&p->report_lock);
	if (n)
		hv_log("partition %u '%s': %u more report%s suppressed (rate limit)", p->id,
		       p->cfg->name, n, n == 1 ? "" : "s");
}

/*
 * The token bucket behind the rate limit, in counter time, kept as the counter
 * value at which it would be full again (*full_at; 0 at boot, i.e. full). Each
 * report adds 1/REPORT_RATE s; a report that would put it more than
 * REPORT_BURST reports ahead of now is refused. The caller serialises.
 */
bool report_bucket_take(uint64_t *full_at)
{
	uint64_t now = read_sysreg(cntpct_el0), cost = read_sysreg(cntfrq_el0) / REPORT_RATE;
	uint64_t at = *full_at > now ? *full_at : now;

	if (at - now > (REPORT_BURST - 1) * cost)
		return false;
	*full_at = at + cost;
	return true;
}

/* Whether a report about p may go out now; a suppressed one is counted, the count told before the next. */
bool report_allowed(struct partition *p)
{
	bool ok;

	spin_lock(&p->report_lock);
	ok = report_bucket_take(&p->report_full_at);
	if (!ok)
		p->reports_suppressed++;
	spin_unlock(&p->report_lock);
	if (ok)
		report_flush(p);
	return ok;
}

void violation(struct vcpu *v, uint64_t ipa, uint64_t esr, uint64_t far, const char *access,
	       unsigned size)
{
	struct partition *p = v->part;
	bool stop = p->cfg->fault_policy == HV_FAULT_STOP, storm = false;
	uint64_t pc = v->regs.elr;
	char sz[12] = "?";

	v->violations++;
	if (!stop) {
		/*
		 * A fault storm: the abort was taken at the very vector it is
		 * injected to (VBAR_EL1 unmapped, or the vector's first access
		 * faults). Injecting again would fault again, forever: it is one
		 * event, reported once, and the partition stops.
		 */
		inject_abort(v, esr, far);
		storm = v->regs.elr == pc;
	}
	/* A data abort's size is in the syndrome only when ISV is set (not for LDP/STP, ...). */
	if (ESR_EC(esr) != EC_DABT_LOW || (esr & ISS_DABT_ISV))
		hv_snprintf(sz, sizeof(sz), "%u", size);
	/* A report that ends the partition always goes out; the others are rate-limited. */
	if (stop || storm || report_allowed(p)) {
		partition_console_flush(p);
		hv_log("VIOLATION partition=%u name=%s vcpu=%u ipa=0x%llx access=%s size=%s "
		       "pc=0x%llx esr=0x%llx policy=%s",
		       p->id, p->cfg->name, v->id, (unsigned long long)ipa, access, sz,
		       (unsigned long long)pc, (unsigned long long)esr, stop ? "stop" : "inject");
	}
	if (stop)
		partition_stop(p, "violation, policy=stop");
	else if (storm)
		partition_stop(p, "fault storm");
}
