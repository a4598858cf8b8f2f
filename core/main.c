/* SPDX-License-Identifier: MIT */
/*
 * Boot. CPU 0 builds Haven's own map, validates the config with the same
 * validator the build ran, creates the partitions (stage 2, vGIC, images) and
 * starts the other CPUs through firmware PSCI. Every CPU then enters its
 * partition's vCPU 0, or idles until its vCPU is switched on.
 */
#include <haven/bootinfo.h>
#include <haven/hv.h>
#include <haven/check.h>
#include <haven/sched.h>
#include <haven/lib.h>

void boot_main(void);
void secondary_main(unsigned cpu);
extern char secondary_entry[];
unsigned pt_pool_used(void);

/* The validator's output at boot goes to Haven's console. */
void cfg_report(const char *fmt, ...)
{
	char buf[320];
	va_list ap;

	va_start(ap, fmt);
	hv_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	hv_log(strncmp(buf, "config: ", 8) == 0 ? "%s" : "config: %s", buf);
}

static void pcpu_setup(unsigned cpu)
{
	struct pcpu *c = &pcpus[cpu];

	c->id = cpu;
	c->mpidr = haven_platform.cpu_mpidr[cpu];
	c->sgi1r = gic_sgi1r_for(c->mpidr);
	write_sysreg(tpidr_el2, (uint64_t)c);
}

static uint64_t cpus_in_use(void)
{
	uint64_t m = 0;

	for (unsigned i = 0; i < haven_config.num_partitions; i++)
		m |= haven_config.partitions[i].cpus;
	return m;
}

void boot_main(void)
{
	const struct haven_platform *pl = &haven_platform;
	uint64_t mpidr = read_sysreg(mpidr_el1) & 0xFF00FFFFFFULL;
	unsigned problems;

	for (unsigned cpu = 0; cpu < pl->num_cpus; cpu++) {
		pcpus[cpu].mpidr = pl->cpu_mpidr[cpu];
		pcpus[cpu].sgi1r = gic_sgi1r_for(pcpus[cpu].mpidr);
	}
	pcpu_setup(0);
	mmu_init();
	console_init();
	hv_log("Haven %s on %s: %u CPUs, config '%s', %u partitions", HAVEN_VERSION_STRING,
	       pl->name, pl->num_cpus, HAVEN_CONFIG_NAME, haven_config.num_partitions);
	if (mpidr != pl->cpu_mpidr[0])
		panic("booted on MPIDR 0x%llx, platform '%s' lists CPU 0 as 0x%llx",
		      (unsigned long long)mpidr, pl->name, (unsigned long long)pl->cpu_mpidr[0]);
	if ((uint64_t)_image_end > pl->hyp_base + pl->hyp_size)
		panic("image ends at 0x%llx, past the reserved region 0x%llx+0x%llx",
		      (unsigned long long)(uint64_t)_image_end, (unsigned long long)pl->hyp_base,
		      (unsigned long long)pl->hyp_size);
	problems = haven_config_check(&haven_config, pl);
	if (problems)
		panic("config '%s' has %u problem%s (listed above); refusing to start any partition",
		      HAVEN_CONFIG_NAME, problems, problems == 1 ? "" : "s");
	bootinfo_init();
	gic_init_dist();
	gic_init_cpu();
	hv_log("EL2 ready: image 0x%llx..0x%llx, GICv3 with %u list registers",
	       (unsigned long long)(uint64_t)_image_start, (unsigned long long)(uint64_t)_image_end,
	       gic_num_lrs());
	sched_init();
	partitions_init();
	dma_init(); /* before any partition runs: their devices' DMA is translated from the start */
	if (console_input) {
		/* What is typed on Haven's console goes to one partition, via its vCPU 0's CPU. */
		gic_spi_route(pl->uart_irq, pl->cpu_mpidr[console_input->vcpus[0]->pcpu]);
		gic_spi_enable(pl->uart_irq, true);
		pl011_rx_irq_enable();
		/*
		 * Bytes typed before this point raised no interrupt that survives the
		 * enable's clearing, and the UART takes no more while its FIFO holds
		 * them: drained now, or console input would never start.
		 */
		console_input_irq();
		hv_log("console input goes to partition %u '%s'", console_input->id,
		       console_input->cfg->name);
	}
	hv_log("translation tables (EL2 and stage 2): %u of the 4 KiB table pool in use", pt_pool_used());

	uint64_t used = cpus_in_use();

	mmu_publish();
	for (unsigned cpu = 1; cpu < pl->num_cpus; cpu++) {
		int ret;

		if (!(used & BIT(cpu)))
			continue;
		ret = fw_cpu_on(pl->cpu_mpidr[cpu], (uint64_t)secondary_entry, cpu);
		if (ret)
			panic("firmware PSCI CPU_ON for CPU %u (MPIDR 0x%llx) failed: %d", cpu,
			      (unsigned long long)pl->cpu_mpidr[cpu], ret);
	}
	sched_cpu_start();
	pcpu_idle(); /* enters its vCPU if that is pending */
}

/* Entered with the MMU on (boot.S secondary_entry). */
void secondary_main(unsigned cpu)
{
	pcpu_setup(cpu);
	arch_cpu_init();
	gic_init_cpu();
	sched_cpu_start();
	pcpu_idle(); /* enters its vCPU if that is pending */
}
