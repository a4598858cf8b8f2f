/* SPDX-License-Identifier: MIT */
/*
 * haven-dtgen: writes the device tree source of one Linux partition, derived
 * from the system config alone, so that the config stays the single source of
 * truth (a change of a region there changes the guest's DT). Like haven-check
 * it is linked with one config (configs/<CONFIG>.c, built with -DHAVEN_HOST),
 * the platform it targets and the validator (core/config_check.c); the config
 * is validated before anything is written.
 *
 *   haven-dtgen --image NAME [--initrd-size BYTES]
 *       The partition whose extra[] holds the blob NAME (its DTB, e.g.
 *       "linux_dtb"): write its .dts to stdout. BYTES is the size of its
 *       initramfs blob ("initramfs" or "initramfs_rt"); 0 or absent: no
 *       linux,initrd-* properties.
 *   haven-dtgen --image NAME --print-initrd
 *       Print the name of that partition's initramfs blob (nothing if it has
 *       none); the build uses it to find the file whose size to pass.
 *   haven-dtgen --help
 *
 * Exit status: 0 done, 1 invalid config or a partition Linux cannot boot in
 * (each problem on stderr), 2 bad usage.
 *
 * The DT describes exactly what the partition sees: its RAM (memory nodes),
 * its HV_MEM_RESERVED, HV_MEM_SHARED and read-only regions (reserved-memory,
 * no-map), its vCPUs (MPIDR Aff0 = vCPU index), PSCI over HVC, the vGICv3 with
 * one redistributor frame per vCPU, the generic timer, the emulated PL011 and
 * /chosen (bootargs + haven.cpus=<vCPUs> haven.mem_mb=<MiB of RAM>, the initrd
 * range, placeholders Haven fills at each start: rng-seed, kaslr-seed,
 * haven,attended; haven,console-input when the partition takes console input),
 * each passed-through device the config gives a compatible
 * (mmio[].compatible: reg, its SPI, clocks) and, when mmio[] lists the PCIe
 * ECAM, a PCIe host node (pci-host-ecam-generic over the emulated ECAM, its
 * BAR windows, INTx); other passed-through windows and interrupts are listed
 * in a comment. haven_dtgen() is the pure part: it renders into a caller's buffer, and
 * tests/host/test_dtgen.c includes this file with HAVEN_DTGEN_NO_MAIN defined
 * to test it. The output depends only on its inputs (byte-identical runs).
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <haven/abi.h>
#include <haven/check.h>

#define DTGEN_PROG "haven-dtgen"

/* Kernel command line when the partition's config has no bootargs. */
#define DTGEN_DEFAULT_BOOTARGS "console=ttyAMA0"
/* The CPU model QEMU virt is run with (the platform description names none). */
#define DTGEN_CPU_COMPATIBLE "arm,cortex-a55"
/* The PL011's reference clock: a fixed 24 MHz clock, as on QEMU virt. */
#define DTGEN_UART_CLOCK_HZ 24000000u
/* The rng-seed placeholder: 256 bits, as Haven's boot seed. */
#define DTGEN_RNG_SEED_BYTES 32u
/* Blob names of an initramfs, in the order they are looked for. */
static const char *const dtgen_initrd_names[] = { "initramfs", "initramfs_rt" };

/* GICv3 binding: <type number flags>; type 0 = SPI (INTID - 32), 1 = PPI (INTID - 16). */
#define GIC_SPI 0u
#define GIC_PPI 1u
#define GIC_FIRST_SPI 32u
#define GIC_FIRST_PPI 16u
#define IRQ_EDGE_RISING 1u
#define IRQ_LEVEL_HIGH 4u
/* Arm generic timer PPIs by INTID: secure physical, non-secure physical, hypervisor. */
#define TIMER_SEC_PHYS_INTID 29u
#define TIMER_PHYS_INTID 30u
#define TIMER_HYP_INTID 26u

/* PCIe ECAM: 1 MiB of configuration space per bus. */
#define ECAM_BUS_SIZE 0x100000ULL

/* Linux arm64 boot protocol (Documentation/arch/arm64/booting.rst). */
#define LINUX_IMAGE_ALIGN SZ_2M
#define LINUX_DTB_ALIGN 8u

/* What haven_dtgen() found, for the caller's messages and the tests. */
struct dtgen_info {
	unsigned partition;      /* index of the partition the DT is for */
	unsigned nvcpus;         /* its vCPUs: cpu@0 .. cpu@nvcpus-1 */
	uint64_t ram_bytes;      /* total size of its memory nodes */
	const char *initrd_blob; /* name of its initramfs blob, NULL when it has none */
	bool initrd_in_dt;       /* linux,initrd-start/end were written */
};

/* The text being rendered: the caller's buffer, its size and the full length so far. */
struct dt_out {
	char *buf;
	size_t size;
	size_t len;
};

/* Appends formatted text; past the end of the buffer only the length is counted. */
static void __attribute__((format(printf, 2, 3))) put(struct dt_out *o, const char *fmt, ...)
{
	char *dst = NULL;
	size_t room = 0;
	va_list ap;
	int n;

	if (o->buf && o->len < o->size) {
		dst = o->buf + o->len;
		room = o->size - o->len;
	}
	va_start(ap, fmt);
	n = vsnprintf(dst, room, fmt, ap);
	va_end(ap);
	if (n > 0)
		o->len += (size_t)n;
}

/* Appends s as the body of a DTS string literal, escaping what needs it. */
static void put_dts_string(struct dt_out *o, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			put(o, "\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			put(o, "\\x%02x", c);
		else
			put(o, "%c", c);
	}
}

/* Appends s for use inside a comment: anything but [A-Za-z0-9_.,+-] becomes '_'. */
static void put_comment_word(struct dt_out *o, const char *s)
{
	if (!s || !*s)
		s = "?";
	for (; *s; s++) {
		char c = *s;

		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '.' || c == ',' || c == '+' || c == '-'))
			c = '_';
		put(o, "%c", c);
	}
}

/* Appends a 64-bit value as two cells, "0xhi 0xlo". */
static void put_u64_cells(struct dt_out *o, uint64_t v)
{
	put(o, "0x%x 0x%x", (unsigned)(v >> 32), (unsigned)(v & 0xffffffffu));
}

/* Appends "reg = <addr size>;" with two address and two size cells. */
static void put_reg(struct dt_out *o, const char *indent, uint64_t base, uint64_t size)
{
	put(o, "%sreg = <", indent);
	put_u64_cells(o, base);
	put(o, " ");
	put_u64_cells(o, size);
	put(o, ">;\n");
}

/* Appends the permission letters of a region, e.g. "RWX". */
static void put_perm(struct dt_out *o, uint32_t perm)
{
	put(o, "%s%s%s", perm & HV_MEM_R ? "R" : "", perm & HV_MEM_W ? "W" : "",
	    perm & HV_MEM_X ? "X" : "");
}

/* The number of set bits in a CPU bitmap: the partition's vCPU count. */
static unsigned dt_popcount(uint64_t v)
{
	unsigned n = 0;

	for (unsigned b = 0; b < 64; b++)
		n += (unsigned)((v >> b) & 1);
	return n;
}

/* True when region r is RAM the kernel may use: readable, writable, neither reserved nor shared. */
static bool mem_is_ram(const struct haven_mem_region *r)
{
	return (r->perm & HV_MEM_RW) == HV_MEM_RW && !(r->flags & (HV_MEM_RESERVED | HV_MEM_SHARED));
}

/* The number of memory regions of p that are safe to look at. */
static uint32_t dt_mem_count(const struct haven_partition_config *p)
{
	return p->mem && p->num_mem <= HAVEN_MAX_MEM_REGIONS ? p->num_mem : 0;
}

/* The number of extra blobs of p that are safe to look at. */
static uint32_t dt_extra_count(const struct haven_partition_config *p)
{
	return p->extra && p->num_extra <= HAVEN_MAX_EXTRA ? p->num_extra : 0;
}

/* Returns the RAM region of p that wholly holds [base, base + size), or -1. */
static int ram_holding(const struct haven_partition_config *p, uint64_t base, uint64_t size)
{
	uint32_t n = dt_mem_count(p);

	if (size == 0 || base + size < base)
		return -1;
	for (uint32_t k = 0; k < n; k++)
		if (mem_is_ram(&p->mem[k]) && range_within(base, size, p->mem[k].ipa, p->mem[k].size))
			return (int)k;
	return -1;
}

/* Returns the extra blob of p named name, or NULL. */
static const struct haven_image *find_extra(const struct haven_partition_config *p, const char *name)
{
	uint32_t n = dt_extra_count(p);

	for (uint32_t k = 0; k < n; k++)
		if (p->extra[k].name && strcmp(p->extra[k].name, name) == 0)
			return &p->extra[k];
	return NULL;
}

/* The name a non-RAM region gets in reserved-memory, by what makes it non-RAM. */
static const char *reserved_kind(const struct haven_mem_region *r)
{
	if (r->flags & HV_MEM_SHARED)
		return "shared";
	if (r->flags & HV_MEM_RESERVED)
		return "reserved";
	return (r->perm & HV_MEM_R) ? "readonly" : "noaccess";
}

/* Reports one problem of partition #i through the program's cfg_report(). */
#define dt_report(cfg, i, fmt, ...) \
	cfg_report("partition '%s' (#%u): " fmt, (cfg)->partitions[i].name ? (cfg)->partitions[i].name : "?", \
		   (unsigned)(i), ##__VA_ARGS__)

/*
 * Checks what Linux needs of partition #i beyond what the validator checks:
 * RAM, the kernel in RAM on a 2 MiB boundary with entry at its start, x0
 * pointing at the DTB blob, one initramfs at most and, when its size is known,
 * the initrd inside one RAM region clear of the kernel entry and the DTB.
 * Returns the number of problems reported.
 */
static unsigned check_linux(const struct haven_config *cfg, unsigned i, const struct haven_image *dtb,
			    const struct haven_image *initrd, uint64_t initrd_size, uint64_t ram_bytes)
{
	const struct haven_partition_config *p = &cfg->partitions[i];
	unsigned problems = 0;

	if (ram_bytes == 0) {
		dt_report(cfg, i, "mem: no RAM for Linux: give it a mem region with HV_MEM_RW that is "
			  "neither HV_MEM_RESERVED nor HV_MEM_SHARED");
		problems++;
	}
	if (ram_holding(p, p->image.load_ipa, 1) < 0) {
		dt_report(cfg, i, "image.load_ipa: 0x%llx (the kernel) is not in RAM the DT describes "
			  "(an HV_MEM_RW region, not reserved or shared)", (unsigned long long)p->image.load_ipa);
		problems++;
	}
	if (!IS_ALIGNED(p->image.load_ipa, LINUX_IMAGE_ALIGN)) {
		dt_report(cfg, i, "image.load_ipa: 0x%llx is not 2 MiB aligned; the arm64 Linux boot protocol "
			  "needs the kernel Image on a 2 MiB boundary", (unsigned long long)p->image.load_ipa);
		problems++;
	}
	if (p->entry != p->image.load_ipa) {
		dt_report(cfg, i, "entry: 0x%llx is not image.load_ipa 0x%llx; Linux is entered at the "
			  "start of its Image", (unsigned long long)p->entry,
			  (unsigned long long)p->image.load_ipa);
		problems++;
	}
	if (p->dtb_ipa != dtb->load_ipa) {
		dt_report(cfg, i, "dtb_ipa: 0x%llx is not where the DTB blob '%s' is loaded (0x%llx); "
			  "set dtb_ipa to the blob's load_ipa", (unsigned long long)p->dtb_ipa, dtb->name,
			  (unsigned long long)dtb->load_ipa);
		problems++;
	}
	if (!IS_ALIGNED(dtb->load_ipa, LINUX_DTB_ALIGN)) {
		dt_report(cfg, i, "extra '%s': load_ipa 0x%llx is not 8-byte aligned, as Linux needs "
			  "for its DTB", dtb->name, (unsigned long long)dtb->load_ipa);
		problems++;
	}
	for (unsigned a = 0; a < ARRAY_SIZE(dtgen_initrd_names); a++)
		for (unsigned b = a + 1; b < ARRAY_SIZE(dtgen_initrd_names); b++)
			if (find_extra(p, dtgen_initrd_names[a]) && find_extra(p, dtgen_initrd_names[b])) {
				dt_report(cfg, i, "extra: has both '%s' and '%s'; a partition has one initramfs",
					  dtgen_initrd_names[a], dtgen_initrd_names[b]);
				problems++;
			}
	if (initrd && initrd_size) {
		uint64_t start = initrd->load_ipa, end = start + initrd_size;

		if (end < start || ram_holding(p, start, initrd_size) < 0) {
			dt_report(cfg, i, "extra '%s': 0x%llx + 0x%llx bytes (--initrd-size) is not wholly inside "
				  "one RAM region the DT describes; enlarge the region or load the initramfs lower",
				  initrd->name, (unsigned long long)start, (unsigned long long)initrd_size);
			problems++;
		} else {
			if (range_within(p->image.load_ipa, 1, start, initrd_size)) {
				dt_report(cfg, i, "extra '%s': 0x%llx..0x%llx covers the kernel at image.load_ipa 0x%llx",
					  initrd->name, (unsigned long long)start, (unsigned long long)(end - 1),
					  (unsigned long long)p->image.load_ipa);
				problems++;
			}
			if (ranges_overlap(dtb->load_ipa, 1, start, initrd_size)) {
				dt_report(cfg, i, "extra '%s': 0x%llx..0x%llx covers the DTB blob '%s' at 0x%llx",
					  initrd->name, (unsigned long long)start, (unsigned long long)(end - 1),
					  dtb->name, (unsigned long long)dtb->load_ipa);
				problems++;
			}
		}
	}
	return problems;
}

/* The header comment: where the DT comes from. */
static void render_header(struct dt_out *o, const struct haven_config *cfg, const struct haven_platform *plat,
			  unsigned i, const char *dtb_blob, uint64_t initrd_size)
{
	const struct haven_partition_config *p = &cfg->partitions[i];

	put(o, "/dts-v1/;\n\n/*\n * Generated by " DTGEN_PROG " from the system config: do not edit.\n");
	put(o, " * Partition '");
	put_comment_word(o, p->name);
	put(o, "' (#%u) on platform '", i);
	put_comment_word(o, plat->name);
	put(o, "', DTB blob '");
	put_comment_word(o, dtb_blob);
	put(o, "', initrd size %llu.\n */\n\n", (unsigned long long)initrd_size);
}

/* /chosen: the command line with haven.cpus / haven.mem_mb appended, the console, the initrd. */
static void render_chosen(struct dt_out *o, const struct haven_partition_config *p, unsigned nvcpus,
			  uint64_t ram_bytes, const struct haven_image *initrd, uint64_t initrd_size)
{
	const char *args = p->bootargs && p->bootargs[0] ? p->bootargs : DTGEN_DEFAULT_BOOTARGS;

	put(o, "\tchosen {\n");
	if (p->flags & HV_PART_CONSOLE_INPUT)
		put(o, "\t\t/* Haven's console input goes to this partition (HV_PART_CONSOLE_INPUT). */\n");
	else
		put(o, "\t\t/* Console output only: another partition (or none) takes Haven's console input. */\n");
	put(o, "\t\tbootargs = \"");
	put_dts_string(o, args);
	put(o, " haven.cpus=%u haven.mem_mb=%llu\";\n", nvcpus, (unsigned long long)(ram_bytes >> 20));
	put(o, "\t\tstdout-path = \"/pl011@%llx\";\n", (unsigned long long)HAVEN_VUART_IPA);
	/*
	 * Placeholders Haven fills at every (re)start (core/bootinfo.c), found by name:
	 * fresh seeds for the RNG and KASLR, and whether a person is at the console.
	 * Unfilled (no seed at boot), Haven removes rng-seed and kaslr-seed stays 0 ("none").
	 */
	put(o, "\t\trng-seed = [");
	for (unsigned i = 0; i < DTGEN_RNG_SEED_BYTES; i++)
		put(o, "%s00", i ? " " : "");
	put(o, "];\n\t\tkaslr-seed = <0x0 0x0>;\n\t\thaven,attended = <0x0>;\n");
	if (p->flags & HV_PART_CONSOLE_INPUT)
		put(o, "\t\thaven,console-input;\n");
	if (initrd && initrd_size) {
		put(o, "\t\tlinux,initrd-start = <");
		put_u64_cells(o, initrd->load_ipa);
		put(o, ">;\n\t\tlinux,initrd-end = <");
		put_u64_cells(o, initrd->load_ipa + initrd_size);
		put(o, ">;\n");
	} else if (initrd) {
		put(o, "\t\t/* No initrd: the size of blob '");
		put_comment_word(o, initrd->name);
		put(o, "' is 0 (--initrd-size). */\n");
	}
	put(o, "\t};\n");
}

/* One memory node per RAM region; reserved-memory (no-map) for every other region. */
static void render_memory(struct dt_out *o, const struct haven_partition_config *p)
{
	uint32_t n = dt_mem_count(p);
	bool any_reserved = false;

	for (uint32_t k = 0; k < n; k++) {
		const struct haven_mem_region *r = &p->mem[k];

		if (!mem_is_ram(r)) {
			any_reserved = true;
			continue;
		}
		put(o, "\n\tmemory@%llx {\n\t\t/* mem[%u]: pa 0x%llx, ", (unsigned long long)r->ipa, (unsigned)k,
		    (unsigned long long)r->pa);
		put_perm(o, r->perm);
		put(o, " */\n\t\tdevice_type = \"memory\";\n");
		put_reg(o, "\t\t", r->ipa, r->size);
		put(o, "\t};\n");
	}
	if (!any_reserved)
		return;
	put(o, "\n\treserved-memory {\n\t\t#address-cells = <0x2>;\n\t\t#size-cells = <0x2>;\n\t\tranges;\n");
	for (uint32_t k = 0; k < n; k++) {
		const struct haven_mem_region *r = &p->mem[k];

		if (mem_is_ram(r))
			continue;
		put(o, "\n\t\t/* mem[%u]: pa 0x%llx, ", (unsigned)k, (unsigned long long)r->pa);
		put_perm(o, r->perm);
		put(o, "%s%s */\n", r->flags & HV_MEM_SHARED ? ", HV_MEM_SHARED" : "",
		    r->flags & HV_MEM_RESERVED ? ", HV_MEM_RESERVED" : "");
		put(o, "\t\t%s@%llx {\n", reserved_kind(r), (unsigned long long)r->ipa);
		put_reg(o, "\t\t\t", r->ipa, r->size);
		put(o, "\t\t\tno-map;\n\t\t};\n");
	}
	put(o, "\t};\n");
}

/* cpu@0 .. cpu@nvcpus-1 (reg = MPIDR Aff0 = vCPU index) and PSCI over HVC. */
static void render_cpus(struct dt_out *o, const struct haven_partition_config *p, unsigned nvcpus)
{
	unsigned v = 0;

	put(o, "\n\tcpus {\n\t\t#address-cells = <0x1>;\n\t\t#size-cells = <0x0>;\n");
	for (unsigned b = 0; b < 64 && v < nvcpus; b++) {
		if (!(p->cpus & BIT(b)))
			continue;
		put(o, "\n\t\t/* vCPU %u runs on physical CPU %u */\n", v, b);
		put(o, "\t\tcpu@%x {\n\t\t\tdevice_type = \"cpu\";\n\t\t\tcompatible = \"" DTGEN_CPU_COMPATIBLE "\";\n"
		       "\t\t\treg = <0x%x>;\n\t\t\tenable-method = \"psci\";\n\t\t};\n", v, v);
		v++;
	}
	put(o, "\t};\n");
	put(o, "\n\tpsci {\n\t\tcompatible = \"arm,psci-1.0\", \"arm,psci-0.2\";\n\t\tmethod = \"hvc\";\n\t};\n");
}

/* The vGICv3 (no ITS, no maintenance interrupt), the timer, the PL011 and its clock. */
static void render_devices(struct dt_out *o, unsigned nvcpus)
{
	put(o, "\n\tgic: interrupt-controller@%llx {\n", (unsigned long long)HAVEN_VGICD_IPA);
	put(o, "\t\tcompatible = \"arm,gic-v3\";\n\t\t#interrupt-cells = <0x3>;\n\t\tinterrupt-controller;\n");
	put(o, "\t\t#address-cells = <0x0>; /* no children (no ITS) */\n");
	put(o, "\t\treg = <");
	put_u64_cells(o, HAVEN_VGICD_IPA);
	put(o, " ");
	put_u64_cells(o, HAVEN_VGICD_SIZE);
	put(o, ">,\n\t\t      <");
	put_u64_cells(o, HAVEN_VGICR_IPA);
	put(o, " ");
	put_u64_cells(o, (uint64_t)nvcpus * HAVEN_VGICR_STRIDE);
	put(o, ">; /* vGICD; vGICR, one 0x%llx frame per vCPU */\n", (unsigned long long)HAVEN_VGICR_STRIDE);
	put(o, "\t\t#redistributor-regions = <0x1>;\n\t};\n");

	put(o, "\n\ttimer {\n\t\tcompatible = \"arm,armv8-timer\";\n");
	put(o, "\t\tinterrupts = <%u %u %u>, <%u %u %u>, <%u %u %u>, <%u %u %u>;\n",
	    GIC_PPI, TIMER_SEC_PHYS_INTID - GIC_FIRST_PPI, IRQ_LEVEL_HIGH,
	    GIC_PPI, TIMER_PHYS_INTID - GIC_FIRST_PPI, IRQ_LEVEL_HIGH,
	    GIC_PPI, (unsigned)HAVEN_VTIMER_INTID - GIC_FIRST_PPI, IRQ_LEVEL_HIGH,
	    GIC_PPI, TIMER_HYP_INTID - GIC_FIRST_PPI, IRQ_LEVEL_HIGH);
	put(o, "\t\talways-on;\n\t};\n");

	put(o, "\n\tapb_pclk: apb-pclk {\n\t\tcompatible = \"fixed-clock\";\n\t\t#clock-cells = <0x0>;\n");
	put(o, "\t\tclock-frequency = <%u>;\n\t\tclock-output-names = \"clk24mhz\";\n\t};\n",
	    DTGEN_UART_CLOCK_HZ);

	put(o, "\n\tpl011@%llx {\n", (unsigned long long)HAVEN_VUART_IPA);
	put(o, "\t\tcompatible = \"arm,pl011\", \"arm,primecell\";\n");
	put_reg(o, "\t\t", HAVEN_VUART_IPA, HAVEN_VUART_SIZE);
	put(o, "\t\tinterrupts = <%u %u %u>;\n", GIC_SPI, (unsigned)HAVEN_VUART_INTID - GIC_FIRST_SPI,
	    IRQ_LEVEL_HIGH);
	put(o, "\t\tclocks = <&apb_pclk>, <&apb_pclk>;\n\t\tclock-names = \"uartclk\", \"apb_pclk\";\n\t};\n");
}

/* Appends a space-separated list of DT names as DTS strings: "a", "b". */
static void put_dt_list(struct dt_out *o, const char *list)
{
	put(o, "\"");
	for (; *list; list++)
		put(o, *list == ' ' ? "\", \"" : "%c", *list);
	put(o, "\"");
}

/* The number of names in a space-separated list. */
static unsigned dt_list_count(const char *list)
{
	unsigned n = 1;

	for (; *list; list++)
		n += *list == ' ';
	return n;
}

/* The platform device whose window wholly holds [pa, pa + size), or NULL. */
static const struct haven_device *device_holding(const struct haven_platform *plat, uint64_t pa, uint64_t size)
{
	for (uint32_t d = 0; d < plat->num_devices; d++)
		if (range_within(pa, size, plat->devices[d].base, plat->devices[d].size))
			return &plat->devices[d];
	return NULL;
}

/* The index of p's mmio[] window in the PCIe ECAM (HV_DEV_ECAM), or -1. */
static int ecam_window(const struct haven_platform *plat, const struct haven_partition_config *p)
{
	uint32_t n = p->mmio && p->num_mmio <= HAVEN_MAX_MMIO_REGIONS ? p->num_mmio : 0;

	for (uint32_t k = 0; k < n; k++) {
		const struct haven_device *d = device_holding(plat, p->mmio[k].pa, p->mmio[k].size);

		if (d && (d->flags & HV_DEV_ECAM))
			return (int)k;
	}
	return -1;
}

/* True when mmio[k] of p lies in a PCIe memory window (HV_DEV_PCI_MEM): BARs go there. */
static bool is_pci_mem(const struct haven_platform *plat, const struct haven_partition_config *p, uint32_t k)
{
	const struct haven_device *d = device_holding(plat, p->mmio[k].pa, p->mmio[k].size);

	return d && (d->flags & HV_DEV_PCI_MEM);
}

/* True when mmio[k] of p is the ECAM or a PCIe memory window: the PCIe host node's. */
static bool is_pci_window(const struct haven_platform *plat, const struct haven_partition_config *p, uint32_t k)
{
	const struct haven_device *d = device_holding(plat, p->mmio[k].pa, p->mmio[k].size);

	return d && (d->flags & (HV_DEV_ECAM | HV_DEV_PCI_MEM));
}

/*
 * A passed-through device with a compatible (mmio[k]): a node named after its
 * first compatible's model ("arm,pl011" -> pl011@<ipa>), reg = the window's
 * IPA range, the platform device's SPI when it has one (the validator made
 * sure irqs[] passes it through) and its clocks, all fed by apb_pclk.
 */
static void render_mmio_node(struct dt_out *o, const struct haven_platform *plat,
			     const struct haven_partition_config *p, uint32_t k)
{
	const struct haven_mmio_region *r = &p->mmio[k];
	const struct haven_device *dev = NULL;
	const char *model = r->compatible, *c;

	for (uint32_t d = 0; d < plat->num_devices; d++)
		if (range_within(r->pa, r->size, plat->devices[d].base, plat->devices[d].size))
			dev = &plat->devices[d];
	for (c = r->compatible; *c && *c != ' '; c++)
		if (*c == ',')
			model = c + 1;
	put(o, "\n\t/* mmio[%u]: device '", (unsigned)k);
	put_comment_word(o, dev ? dev->name : NULL);
	put(o, "', pa 0x%llx, passed through */\n\t", (unsigned long long)r->pa);
	for (c = model; *c && *c != ' '; c++)
		put(o, "%c", *c);
	put(o, "@%llx {\n\t\tcompatible = ", (unsigned long long)r->ipa);
	put_dt_list(o, r->compatible);
	put(o, ";\n");
	put_reg(o, "\t\t", r->ipa, r->size);
	if (dev && dev->irq >= GIC_FIRST_SPI)
		put(o, "\t\tinterrupts = <%u %u %u>;\n", GIC_SPI, (unsigned)dev->irq - GIC_FIRST_SPI,
		    (r->dt_flags & HV_DT_IRQ_EDGE) ? IRQ_EDGE_RISING : IRQ_LEVEL_HIGH);
	if (r->clocks) {
		unsigned n = dt_list_count(r->clocks);

		put(o, "\t\tclocks = <&apb_pclk>");
		for (unsigned x = 1; x < n; x++)
			put(o, ", <&apb_pclk>");
		put(o, ";\n\t\tclock-names = ");
		put_dt_list(o, r->clocks);
		put(o, ";\n");
	}
	put(o, "\t};\n");
}

/*
 * Passed-through devices: a node for each one with a compatible; the others,
 * and interrupts no described device uses, are listed in a comment.
 */
static void render_passthrough(struct dt_out *o, const struct haven_platform *plat,
			       const struct haven_partition_config *p)
{
	uint32_t nmmio = p->mmio && p->num_mmio <= HAVEN_MAX_MMIO_REGIONS ? p->num_mmio : 0;
	uint32_t nirqs = p->irqs && p->num_irqs <= HAVEN_MAX_IRQS ? p->num_irqs : 0;
	uint32_t bare_mmio = 0, bare_irqs = 0;
	bool described[HAVEN_MAX_IRQS] = { false };
	bool pcie = ecam_window(plat, p) >= 0;

	for (uint32_t k = 0; k < nmmio; k++) {
		const struct haven_device *dev = device_holding(plat, p->mmio[k].pa, p->mmio[k].size);

		/* The ECAM and the BAR windows are the PCIe host node's (render_pcie). */
		if (pcie && is_pci_window(plat, p, k)) {
			for (uint32_t l = 0; l < nirqs; l++)
				described[l] |= (dev->flags & HV_DEV_ECAM) && dev->irq &&
						p->irqs[l] - dev->irq < 4;
			continue;
		}
		if (!p->mmio[k].compatible) {
			bare_mmio++;
			continue;
		}
		render_mmio_node(o, plat, p, k);
		for (uint32_t d = 0; d < plat->num_devices; d++)
			if (range_within(p->mmio[k].pa, p->mmio[k].size, plat->devices[d].base,
					 plat->devices[d].size))
				for (uint32_t l = 0; l < nirqs; l++)
					described[l] |= p->irqs[l] == plat->devices[d].irq;
	}
	for (uint32_t l = 0; l < nirqs; l++)
		bare_irqs += !described[l];
	if (!bare_mmio && !bare_irqs)
		return;
	put(o, "\n\t/*\n\t * Passed through but not described here (no compatible in the config):\n");
	for (uint32_t k = 0; k < nmmio; k++)
		if (!p->mmio[k].compatible && !(pcie && is_pci_window(plat, p, k)))
			put(o, "\t *   mmio[%u]: ipa 0x%llx, size 0x%llx (pa 0x%llx)\n", (unsigned)k,
			    (unsigned long long)p->mmio[k].ipa, (unsigned long long)p->mmio[k].size,
			    (unsigned long long)p->mmio[k].pa);
	if (bare_irqs) {
		put(o, "\t *   interrupts (INTID):");
		for (uint32_t l = 0; l < nirqs; l++)
			if (!described[l])
				put(o, " %u", (unsigned)p->irqs[l]);
		put(o, "\n");
	}
	put(o, "\t */\n");
}

/*
 * Checks what the PCIe host node needs of partition #i when it lists the ECAM
 * (mmio[e]): the window starts at bus 0 and holds whole buses (1 MiB each),
 * and a PCIe memory window for the BARs. Returns the number of problems.
 */
static unsigned check_pcie(const struct haven_config *cfg, const struct haven_platform *plat, unsigned i, int e)
{
	const struct haven_partition_config *p = &cfg->partitions[i];
	const struct haven_mmio_region *r = &p->mmio[e];
	const struct haven_device *ecam = device_holding(plat, r->pa, r->size);
	unsigned problems = 0;
	bool mem = false;

	if (r->pa != ecam->base) {
		dt_report(cfg, i, "mmio[%d]: the ECAM window starts at pa 0x%llx, not at bus 0 (0x%llx); "
			  "Linux's PCIe host node needs the ECAM from its first byte", e,
			  (unsigned long long)r->pa, (unsigned long long)ecam->base);
		problems++;
	}
	if (!IS_ALIGNED(r->size, ECAM_BUS_SIZE)) {
		dt_report(cfg, i, "mmio[%d]: the ECAM window's size 0x%llx is not a whole number of buses "
			  "(1 MiB each)", e, (unsigned long long)r->size);
		problems++;
	}
	for (uint32_t k = 0; k < p->num_mmio; k++)
		mem |= is_pci_mem(plat, p, k);
	if (!mem) {
		dt_report(cfg, i, "mmio[%d] is the ECAM, but no mmio[] window lies in a PCIe memory window "
			  "(HV_DEV_PCI_MEM, e.g. 'pcie-mmio'): Linux has nowhere to put the BARs", e);
		problems++;
	}
	return problems;
}

/*
 * The PCIe host bridge over the emulated ECAM (core/vpci.c: the partition sees
 * the functions its streams[] name): reg = the ECAM window, ranges = the
 * partition's own sub-windows of the PCIe memory window (bus address = PA,
 * CPU address = IPA), interrupt-map = the INTx lines (the platform's swizzle)
 * whose SPIs irqs[] passes through. No msi-parent (Haven owns the ITS: the
 * functions use INTx) and no iommu-map: the DMA addresses are the partition's
 * IPAs, which the SMMU translates with the partition's own stage 2.
 */
static void render_pcie(struct dt_out *o, const struct haven_platform *plat,
			const struct haven_partition_config *p, int e)
{
	const struct haven_mmio_region *r = &p->mmio[e];
	const struct haven_device *ecam = device_holding(plat, r->pa, r->size);
	uint32_t nirqs = p->irqs && p->num_irqs <= HAVEN_MAX_IRQS ? p->num_irqs : 0;
	const char *sep = "";
	bool intx = false;

	put(o, "\n\t/* mmio[%d]: device '", e);
	put_comment_word(o, ecam->name);
	put(o, "', pa 0x%llx, emulated: the functions streams[] name */\n", (unsigned long long)r->pa);
	put(o, "\tpcie@%llx {\n\t\tcompatible = \"pci-host-ecam-generic\";\n\t\tdevice_type = \"pci\";\n",
	    (unsigned long long)r->ipa);
	put(o, "\t\t#address-cells = <0x3>;\n\t\t#size-cells = <0x2>;\n");
	put_reg(o, "\t\t", r->ipa, r->size);
	put(o, "\t\tbus-range = <0x0 0x%llx>;\n", (unsigned long long)(r->size / ECAM_BUS_SIZE - 1));
	put(o, "\t\tlinux,pci-domain = <0x0>;\n\t\tdma-coherent;\n\t\tranges = ");
	for (uint32_t k = 0; k < p->num_mmio; k++) {
		const struct haven_mmio_region *m = &p->mmio[k];

		if (!is_pci_mem(plat, p, k))
			continue;
		/* 32-bit memory space below 4 GiB, 64-bit above; PCI address = PA, CPU address = IPA */
		put(o, "%s<0x%x ", sep, m->pa + m->size > (1ULL << 32) ? 0x3000000u : 0x2000000u);
		put_u64_cells(o, m->pa);
		put(o, " ");
		put_u64_cells(o, m->ipa);
		put(o, " ");
		put_u64_cells(o, m->size);
		put(o, ">");
		sep = ",\n\t\t\t ";
	}
	put(o, ";\n\t\t#interrupt-cells = <0x1>;\n");
	for (unsigned slot = 0; ecam->irq && slot < 4; slot++)
		for (unsigned pin = 0; pin < 4; pin++)
			for (uint32_t l = 0; l < nirqs; l++) {
				if (p->irqs[l] != ecam->irq + (slot + pin) % 4)
					continue;
				put(o, "%s<0x%x 0x0 0x0 0x%x &gic %u %u %u>", intx ? ",\n\t\t\t\t" :
				    "\t\tinterrupt-map-mask = <0x1800 0x0 0x0 0x7>;\n\t\tinterrupt-map = ",
				    slot << 11, pin + 1, GIC_SPI, (unsigned)p->irqs[l] - GIC_FIRST_SPI, IRQ_LEVEL_HIGH);
				intx = true;
			}
	put(o, "%s\t};\n", intx ? ";\n" : "\t\t/* no INTx: irqs[] passes none of the ECAM's INTx SPIs */\n");
}

/*
 * Renders the .dts of the partition whose extra[] holds the blob dtb_blob into
 * buf (size bytes, always NUL-terminated when size > 0; buf may be NULL when
 * size is 0). initrd_size is the size of its initramfs blob, 0 if unknown.
 * cfg must have passed haven_config_check(). Returns the length of the whole
 * text (like snprintf: the output is complete when it is < size), or -1 after
 * reporting the problems through cfg_report(). info, if not NULL, receives
 * what was found (also on some errors: the partition, once it is known).
 */
int haven_dtgen(const struct haven_config *cfg, const struct haven_platform *plat, const char *dtb_blob,
		uint64_t initrd_size, char *buf, size_t size, struct dtgen_info *info)
{
	struct dt_out o = { .buf = buf, .size = buf ? size : 0, .len = 0 };
	const struct haven_image *dtb = NULL, *initrd = NULL;
	const struct haven_partition_config *p;
	unsigned self = HAVEN_MAX_PARTITIONS, nvcpus;
	uint64_t ram_bytes = 0;
	int pcie;

	if (o.size)
		o.buf[0] = '\0';
	if (!cfg || !plat || !dtb_blob || !cfg->partitions || cfg->num_partitions > HAVEN_MAX_PARTITIONS) {
		cfg_report("no config, platform or blob name to generate a DT from");
		return -1;
	}
	for (unsigned i = 0; i < cfg->num_partitions; i++) {
		const struct haven_image *x = find_extra(&cfg->partitions[i], dtb_blob);

		if (!x)
			continue;
		if (self != HAVEN_MAX_PARTITIONS) {
			dt_report(cfg, i, "extra: blob '%s' is also in partition '%s' (#%u); give each "
				  "partition's DTB its own name", dtb_blob,
				  cfg->partitions[self].name ? cfg->partitions[self].name : "?", self);
			return -1;
		}
		self = i;
		dtb = x;
	}
	if (self == HAVEN_MAX_PARTITIONS) {
		cfg_report("no partition has an extra blob named '%s' (its DTB, e.g. HAVEN_IMAGE(linux_dtb, ...))",
			   dtb_blob);
		return -1;
	}
	p = &cfg->partitions[self];
	for (unsigned a = 0; a < ARRAY_SIZE(dtgen_initrd_names); a++) {
		if (strcmp(dtb_blob, dtgen_initrd_names[a]) == 0) {
			dt_report(cfg, self, "extra '%s' is the initramfs, not a DTB; name the DTB blob", dtb_blob);
			return -1;
		}
		if (!initrd)
			initrd = find_extra(p, dtgen_initrd_names[a]);
	}
	nvcpus = dt_popcount(p->cpus);
	for (uint32_t k = 0; k < dt_mem_count(p); k++)
		if (mem_is_ram(&p->mem[k]))
			ram_bytes += p->mem[k].size;
	if (info)
		*info = (struct dtgen_info){ .partition = self, .nvcpus = nvcpus, .ram_bytes = ram_bytes,
					     .initrd_blob = initrd ? initrd->name : NULL,
					     .initrd_in_dt = initrd && initrd_size };
	pcie = ecam_window(plat, p);
	if (check_linux(cfg, self, dtb, initrd, initrd_size, ram_bytes) +
	    (pcie >= 0 ? check_pcie(cfg, plat, self, pcie) : 0))
		return -1;

	render_header(&o, cfg, plat, self, dtb_blob, initrd_size);
	put(&o, "/ {\n\tcompatible = \"haven,virt\";\n\tmodel = \"Haven partition ");
	put_dts_string(&o, p->name);
	put(&o, "\";\n\t#address-cells = <0x2>;\n\t#size-cells = <0x2>;\n\tinterrupt-parent = <&gic>;\n\n");
	render_chosen(&o, p, nvcpus, ram_bytes, initrd, initrd_size);
	render_memory(&o, p);
	render_cpus(&o, p, nvcpus);
	render_devices(&o, nvcpus);
	render_passthrough(&o, plat, p);
	if (pcie >= 0)
		render_pcie(&o, plat, p, pcie);
	put(&o, "};\n");
	if (o.len > INT_MAX) {
		cfg_report("the DT of partition '%s' is too large", p->name ? p->name : "?");
		return -1;
	}
	return (int)o.len;
}

#ifndef HAVEN_DTGEN_NO_MAIN

/* Prints one validator or generator message to stderr, prefixed with the program name. */
void cfg_report(const char *fmt, ...)
{
	va_list ap;

	fputs(DTGEN_PROG ": ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* Prints the usage text to f. */
static void usage(FILE *f)
{
	fprintf(f,
		"usage: " DTGEN_PROG " --image NAME [--initrd-size BYTES]\n"
		"           write the .dts of the partition whose extra[] holds blob NAME (its DTB)\n"
		"           to stdout; BYTES is the size of its initramfs blob (0: no initrd)\n"
		"       " DTGEN_PROG " --image NAME --print-initrd\n"
		"           print the name of that partition's initramfs blob (nothing if none)\n"
		"       " DTGEN_PROG " --help\n"
		"The config linked in is validated against platform '%s' first.\n"
		"Exit status: 0 done, 1 invalid config or unbootable partition (problems on stderr),\n"
		"2 bad usage.\n",
		haven_platform.name);
}

/* Parses a byte count (decimal or 0x hex). Returns false when s is not one. */
static bool parse_size(const char *s, uint64_t *out)
{
	unsigned long long v;
	char *end;

	if (!s || s[0] < '0' || s[0] > '9')
		return false;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || *end)
		return false;
	*out = v;
	return true;
}

int main(int argc, char **argv)
{
	const char *image = NULL;
	uint64_t initrd_size = 0;
	bool print_initrd = false, have_size = false;
	struct dtgen_info info;
	unsigned problems;
	char *buf;
	int n;

	for (int a = 1; a < argc; a++) {
		if (strcmp(argv[a], "--help") == 0 || strcmp(argv[a], "-h") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(argv[a], "--image") == 0 && a + 1 < argc && !image) {
			image = argv[++a];
		} else if (strcmp(argv[a], "--initrd-size") == 0 && a + 1 < argc && !have_size) {
			if (!parse_size(argv[++a], &initrd_size)) {
				fprintf(stderr, DTGEN_PROG ": --initrd-size: '%s' is not a byte count\n", argv[a]);
				return 2;
			}
			have_size = true;
		} else if (strcmp(argv[a], "--print-initrd") == 0) {
			print_initrd = true;
		} else {
			usage(stderr);
			return 2;
		}
	}
	if (!image || (print_initrd && have_size)) {
		usage(stderr);
		return 2;
	}

	problems = haven_config_check(&haven_config, &haven_platform);
	if (problems) {
		fprintf(stderr, DTGEN_PROG ": %u problem(s) in the config; fix the fields named above\n", problems);
		return 1;
	}
	n = haven_dtgen(&haven_config, &haven_platform, image, initrd_size, NULL, 0, &info);
	if (n < 0)
		return 1;
	if (print_initrd) {
		if (info.initrd_blob)
			printf("%s\n", info.initrd_blob);
		return fflush(stdout) == 0 ? 0 : 1;
	}
	buf = malloc((size_t)n + 1);
	if (!buf) {
		perror(DTGEN_PROG);
		return 1;
	}
	if (haven_dtgen(&haven_config, &haven_platform, image, initrd_size, buf, (size_t)n + 1, &info) != n) {
		fprintf(stderr, DTGEN_PROG ": internal error: the DT changed between two renderings\n");
		free(buf);
		return 1;
	}
	if (info.initrd_blob && !info.initrd_in_dt)
		fprintf(stderr, DTGEN_PROG ": warning: partition '%s' has initramfs blob '%s' but its size "
			"(--initrd-size) is 0: the DT has no linux,initrd-start/end\n",
			haven_config.partitions[info.partition].name, info.initrd_blob);
	fwrite(buf, 1, (size_t)n, stdout);
	free(buf);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		perror(DTGEN_PROG ": writing the DT");
		return 1;
	}
	return 0;
}

#endif /* HAVEN_DTGEN_NO_MAIN */
