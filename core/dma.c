/* SPDX-License-Identifier: MIT */
/*
 * DMA isolation (docs/isolation.md, "DMA"). On a platform with an SMMU every
 * stream a partition's config lists (streams[]) is translated by that
 * partition's own stage 2, and every other stream by an empty one
 * (drivers/smmuv3.c). A device's access outside its owner's map is a DMA
 * violation: the SMMU aborts it and records it, and Haven reports it here,
 * attributed to the stream's owner (or to no one: "unassigned"), then applies
 * the owner's fault policy. A DMA violation is asynchronous, so "inject"
 * means the report alone (the device already got its abort); "stop" stops the
 * partition.
 *
 * While a partition is stopped, and while it resets, its streams abort every
 * DMA (dma_partition_stop(), dma_partition_start()): a device its guest left
 * running cannot write into memory Haven is reloading, nor, once the partition
 * stopped for good, anywhere at all.
 */
#include <haven/hv.h>
#include <haven/lib.h>

/* Partitions to stop after the event queue is drained (bit = partition id). */
static uint32_t stop_pending;
/*
 * The reports no partition answers for, the DMA of unassigned streams and the
 * event queue's overflows, are rate-limited like a partition's, each kind on
 * its own (CPU 0 only: no lock).
 */
struct system_reports {
	const char *what;
	uint64_t full_at;
	unsigned suppressed;
};

static struct system_reports unassigned = { .what = "DMA of unassigned streams" };
static struct system_reports overflows = { .what = "DMA event queue overflows" };

/* Whether a report of kind r may go out now; a suppressed one is counted, the count told before the next. */
static bool system_report_allowed(struct system_reports *r)
{
	if (!report_bucket_take(&r->full_at)) {
		r->suppressed++;
		return false;
	}
	if (r->suppressed)
		hv_log("%s: %u more report%s suppressed (rate limit)", r->what, r->suppressed,
		       r->suppressed == 1 ? "" : "s");
	r->suppressed = 0;
	return true;
}

/* The partition whose config lists stream sid, or NULL. */
static struct partition *stream_owner(uint32_t sid)
{
	for (unsigned i = 0; i < num_partitions; i++) {
		const struct haven_partition_config *c = partitions[i].cfg;

		for (unsigned k = 0; k < c->num_streams; k++)
			if (c->streams[k].sid == sid)
				return &partitions[i];
	}
	return NULL;
}

/* The name of an SMMU event type (Arm IHI 0070, "Event records"), "0x.." for the others. */
static const char *fault_name(unsigned type, char buf[8])
{
	switch (type) {
	case 0x02: return "bad-streamid";
	case 0x04: return "bad-ste";
	case 0x0B: return "walk-abort";
	case 0x10: return "translation";
	case 0x11: return "address-size";
	case 0x12: return "access-flag";
	case 0x13: return "permission";
	default:
		hv_snprintf(buf, 8, "0x%x", type);
		return buf;
	}
}

void dma_init(void)
{
	const struct haven_smmu *s = haven_platform.smmu;
	unsigned owned = 0;

	for (unsigned i = 0; i < num_partitions; i++)
		if (partitions[i].cfg->flags & HV_PART_TRUSTED_PHYS_DMA)
			hv_log("WARNING partition %u '%s' is trusted with physical DMA: its devices can read "
			       "and write all memory, Haven's included", i, partitions[i].cfg->name);
	if (!s)
		return;
	smmu_init(s);
	for (unsigned i = 0; i < num_partitions; i++) {
		const struct haven_partition_config *c = partitions[i].cfg;

		for (unsigned k = 0; k < c->num_streams; k++, owned++)
			smmu_attach(c->streams[k].sid, partitions[i].vttbr);
	}
	smmu_enable();
	/* Edge-triggered, to CPU 0, which runs Haven's boot and is the SMMU's only user after it. */
	for (unsigned n = 0; n < 2; n++) {
		uint32_t intid = n ? s->irq_gerror : s->irq_eventq;

		gic_spi_set_config(intid / 16, 3u << (2 * (intid % 16)), 2u << (2 * (intid % 16)));
		gic_spi_route(intid, haven_platform.cpu_mpidr[0]);
		gic_spi_enable(intid, true);
	}
	hv_log("SMMU at 0x%llx on: %u stream IDs, %u of them translated by their partition's stage 2, "
	       "the others fault", (unsigned long long)s->base, 1u << s->sid_bits, owned);
}

/* p stops or resets: from now on its devices' DMA aborts (no record, no report). */
void dma_partition_stop(struct partition *p)
{
	if (!haven_platform.smmu)
		return;
	for (unsigned k = 0; k < p->cfg->num_streams; k++)
		smmu_stream_abort(p->cfg->streams[k].sid, true);
}

/* p restarts after a reset, before any of its vCPUs runs: its devices' DMA is translated again. */
void dma_partition_start(struct partition *p)
{
	if (!haven_platform.smmu)
		return;
	for (unsigned k = 0; k < p->cfg->num_streams; k++)
		smmu_stream_abort(p->cfg->streams[k].sid, false);
}

void dma_fault(const struct dma_event *ev)
{
	struct partition *p = stream_owner(ev->sid);
	bool stop = p && p->cfg->fault_policy == HV_FAULT_STOP;
	/* Translation events carry the address and direction; configuration events do not. */
	bool addr = ev->type == 0x07 || ev->type == 0x0B || (ev->type >= 0x10 && ev->type <= 0x13);
	char buf[8], iova[24] = "?";

	if (addr)
		hv_snprintf(iova, sizeof(iova), "0x%llx", (unsigned long long)ev->iova);
	if (!p) {
		if (!system_report_allowed(&unassigned))
			return;
		hv_log("DMA VIOLATION partition=unassigned sid=0x%x iova=%s access=%s fault=%s events=%u",
		       (unsigned)ev->sid, iova, addr ? (ev->write ? "write" : "read") : "?",
		       fault_name(ev->type, buf), ev->count);
		return;
	}
	/* A report that ends the partition always goes out; the others are rate-limited. */
	if (stop || report_allowed(p)) {
		partition_console_flush(p);
		hv_log("DMA VIOLATION partition=%u name=%s sid=0x%x iova=%s access=%s fault=%s events=%u "
		       "policy=%s", p->id, p->cfg->name, (unsigned)ev->sid, iova,
		       addr ? (ev->write ? "write" : "read") : "?", fault_name(ev->type, buf), ev->count,
		       stop ? "stop" : "inject");
	}
	if (stop)
		stop_pending |= (uint32_t)BIT(p->id);
}

/* One DMA of a few KiB overflows the queue: without the rate limit, one line per DMA. */
void dma_events_lost(void)
{
	if (system_report_allowed(&overflows))
		hv_log("DMA event queue overflowed: the SMMU dropped events (their DMA was blocked all the same)");
}

/*
 * Handles intid if it is the SMMU's, then stops the partitions whose DMA
 * violated under the stop policy; the one this CPU runs, if any, last, as
 * its stop does not return here.
 */
bool dma_irq(uint32_t intid)
{
	struct vcpu *self = this_pcpu()->in_guest ? this_pcpu()->vcpu : NULL;
	uint32_t stops;

	if (!smmu_irq(intid))
		return false;
	stops = stop_pending;
	stop_pending = 0;
	for (unsigned i = 0; i < num_partitions; i++)
		if ((stops & BIT(i)) && (!self || self->part != &partitions[i]))
			partition_stop(&partitions[i], "DMA violation, policy=stop");
	if (self && (stops & BIT(self->part->id)))
		partition_stop(self->part, "DMA violation, policy=stop");
	return true;
}
