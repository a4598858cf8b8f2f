/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of the Linux partition DT generator, tools/haven-dtgen.c (included
 * here without its main()), for a valid two-partition system on the real
 * qemu-virt platform description. Every generated DTS must also compile with
 * dtc without a warning; without dtc that check fails (it is never skipped).
 */
#define HAVEN_DTGEN_NO_MAIN
#include "../../tools/haven-dtgen.c"

#include <unistd.h>

#include "harness.h"

#define DTS_MAX 65536

/*
 * #0 linux:     physical CPUs 1 and 3 (vCPUs 0, 1); RAM 0x50000000 +256M (kernel,
 *               DTB, initramfs) and 0x60000000 +64M; a shared page 0x4f000000, a
 *               reserved page 0x4f100000 and a read-only 1M at 0x4f200000;
 *               rtc passed through with its SPI 34 (not described), uart1 (SPI 40)
 *               and gpio (SPI 39, edge) described for Linux; console input.
 * #1 baremetal: physical CPUs 0 and 2; RAM 0x42000000 +16M; the shared page; a DTB
 *               of its own, no bootargs, no initramfs.
 */
static const struct haven_mem_region linux_mem[] = {
	{ .ipa = 0x50000000, .pa = 0x50000000, .size = 0x10000000, .perm = HV_MEM_RWX },
	{ .ipa = 0x4f000000, .pa = 0x4f000000, .size = 0x1000, .perm = HV_MEM_RW, .flags = HV_MEM_SHARED },
	{ .ipa = 0x4f100000, .pa = 0x4f100000, .size = 0x1000, .perm = HV_MEM_RW, .flags = HV_MEM_RESERVED },
	{ .ipa = 0x60000000, .pa = 0x60000000, .size = 0x4000000, .perm = HV_MEM_RW },
	{ .ipa = 0x4f200000, .pa = 0x4f200000, .size = 0x100000, .perm = HV_MEM_R },
};
static const struct haven_mmio_region linux_mmio[] = {
	{ .ipa = 0x09010000, .pa = 0x09010000, .size = 0x1000 },
	{ .ipa = 0x09040000, .pa = 0x09040000, .size = 0x1000, .compatible = "arm,pl011 arm,primecell",
	  .clocks = "uartclk apb_pclk" },
	{ .ipa = 0x09030000, .pa = 0x09030000, .size = 0x1000, .compatible = "arm,pl061 arm,primecell",
	  .clocks = "apb_pclk", .dt_flags = HV_DT_IRQ_EDGE },
};
static const uint32_t linux_irqs[] = { 34, 40, 39 };
static const struct haven_image linux_extra[] = {
	{ .name = "initramfs", .load_ipa = 0x54000000 },
	{ .name = "linux_dtb", .load_ipa = 0x53e00000 },
};

static const struct haven_mem_region bm_mem[] = {
	{ .ipa = 0x42000000, .pa = 0x42000000, .size = 0x1000000, .perm = HV_MEM_RWX },
	{ .ipa = 0x4f000000, .pa = 0x4f000000, .size = 0x1000, .perm = HV_MEM_RW, .flags = HV_MEM_SHARED },
};
static const struct haven_image bm_extra[] = {
	{ .name = "bm_dtb", .load_ipa = 0x42f00000 },
};

static const struct haven_partition_config parts[] = {
	{ .name = "linux", .cpus = BIT(1) | BIT(3), .num_mem = HV_COUNT(linux_mem), .mem = linux_mem,
	  .num_mmio = HV_COUNT(linux_mmio), .mmio = linux_mmio, .num_irqs = HV_COUNT(linux_irqs),
	  .irqs = linux_irqs, .image = { .name = "linux_kernel", .load_ipa = 0x50000000 },
	  .entry = 0x50000000, .num_extra = HV_COUNT(linux_extra), .extra = linux_extra,
	  .dtb_ipa = 0x53e00000, .bootargs = "console=ttyAMA0 quiet", .flags = HV_PART_CONSOLE_INPUT },
	{ .name = "baremetal", .cpus = BIT(0) | BIT(2), .num_mem = HV_COUNT(bm_mem), .mem = bm_mem,
	  .image = { .name = "bm", .load_ipa = 0x42000000 }, .entry = 0x42000000,
	  .num_extra = HV_COUNT(bm_extra), .extra = bm_extra, .dtb_ipa = 0x42f00000 },
};

static const struct haven_config config = {
	.magic = HAVEN_CONFIG_MAGIC, .revision = HAVEN_CONFIG_REVISION,
	.num_partitions = HV_COUNT(parts), .partitions = parts,
};

#define INITRD_SIZE 0x123456ULL

/* The DTS of each partition, rendered once by test_setup(). */
static char linux_dts[DTS_MAX], bm_dts[DTS_MAX];

/* The messages cfg_report() got since the last reset (the first MAX_REPORTS of them). */
#define MAX_REPORTS 8
static unsigned reports;
static char report[MAX_REPORTS][512];
static char last_report[512];

/* Records validator and generator messages (and echoes them as comments). */
void cfg_report(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(last_report, sizeof(last_report), fmt, ap);
	va_end(ap);
	if (reports < MAX_REPORTS)
		memcpy(report[reports], last_report, sizeof(last_report));
	reports++;
	fprintf(stderr, "# cfg_report: %s\n", last_report);
}

/* Forgets the messages recorded so far. */
static void reports_reset(void)
{
	reports = 0;
	last_report[0] = '\0';
}

/* True when a message recorded since the last reset contains want. */
static bool reported(const char *want)
{
	for (unsigned k = 0; k < reports && k < MAX_REPORTS; k++)
		if (strstr(report[k], want))
			return true;
	return false;
}

/* Renders the DT of blob into buf (DTS_MAX bytes); returns haven_dtgen()'s result. */
static int render(const struct haven_config *cfg, const char *blob, uint64_t initrd_size, char *buf,
		  struct dtgen_info *info)
{
	return haven_dtgen(cfg, &haven_platform, blob, initrd_size, buf, DTS_MAX, info);
}

/* The number of times needle occurs in hay. */
static unsigned count(const char *hay, const char *needle)
{
	unsigned n = 0;
	size_t len = strlen(needle);

	for (const char *s = strstr(hay, needle); s; s = strstr(s + len, needle))
		n++;
	return n;
}

/*
 * Copies the body of the node that starts with the line "<indent><head> {" in
 * dts (up to its closing "<indent>};") into out; empty when there is no such node.
 */
static void node(const char *dts, const char *indent, const char *head, char *out, size_t size)
{
	char open[128], close[16];
	const char *s, *e;

	out[0] = '\0';
	snprintf(open, sizeof(open), "\n%s%s {\n", indent, head);
	snprintf(close, sizeof(close), "\n%s};", indent);
	s = strstr(dts, open);
	if (!s)
		return;
	s += strlen(open);
	e = strstr(s, close);
	if (!e || (size_t)(e - s) >= size)
		return;
	memcpy(out, s, (size_t)(e - s));
	out[e - s] = '\0';
}

/* Checks that node head (at indent) exists and its body has every string in want (NULL-terminated). */
#define CHECK_NODE(dts, indent, head, ...)                                                     \
	do {                                                                                   \
		static const char *const want_[] = { __VA_ARGS__, NULL };                      \
		char body_[2048];                                                              \
		node(dts, indent, head, body_, sizeof(body_));                                  \
		T_CHECK(body_[0], "no node '%s'", head);                                       \
		for (unsigned w_ = 0; body_[0] && want_[w_]; w_++)                             \
			T_CHECK(strstr(body_, want_[w_]), "node '%s' lacks '%s'", head, want_[w_]); \
	} while (0)

static void test_setup(void)
{
	unsigned problems = haven_config_check(&config, &haven_platform);
	struct dtgen_info info;
	int n;

	t_begin("dtgen.config_valid");
	T_CHECK(problems == 0, "the test config has %u problem(s)", problems);
	n = render(&config, "linux_dtb", INITRD_SIZE, linux_dts, &info);
	T_CHECK(n > 0 && n < DTS_MAX, "linux DT: haven_dtgen returned %d (%s)", n, last_report);
	T_CHECK(info.partition == 0 && info.nvcpus == 2 && info.ram_bytes == 0x14000000ULL &&
			info.initrd_blob && strcmp(info.initrd_blob, "initramfs") == 0 && info.initrd_in_dt,
		"linux info: partition %u nvcpus %u ram 0x%llx initrd %s/%d", info.partition, info.nvcpus,
		(unsigned long long)info.ram_bytes, info.initrd_blob ? info.initrd_blob : "(none)",
		info.initrd_in_dt);
	n = render(&config, "bm_dtb", 0, bm_dts, &info);
	T_CHECK(n > 0 && n < DTS_MAX, "baremetal DT: haven_dtgen returned %d (%s)", n, last_report);
	T_CHECK(info.partition == 1 && info.nvcpus == 2 && info.ram_bytes == 0x1000000ULL && !info.initrd_blob,
		"baremetal info: partition %u nvcpus %u ram 0x%llx", info.partition, info.nvcpus,
		(unsigned long long)info.ram_bytes);
	T_CHECK(strncmp(linux_dts, "/dts-v1/;\n", 10) == 0, "the DTS does not start with /dts-v1/;");
	t_end();
	if (getenv("HAVEN_TEST_VERBOSE"))
		fprintf(stderr, "%s", linux_dts);
}

static void test_memory(void)
{
	t_begin("dtgen.memory_nodes_exact");
	T_CHECK(count(linux_dts, "device_type = \"memory\"") == 2, "%u memory nodes, want 2",
		count(linux_dts, "device_type = \"memory\""));
	T_CHECK(count(linux_dts, "\tmemory@") == 2, "%u memory@ nodes, want 2", count(linux_dts, "\tmemory@"));
	CHECK_NODE(linux_dts, "\t", "memory@50000000", "device_type = \"memory\";",
		   "reg = <0x0 0x50000000 0x0 0x10000000>;");
	CHECK_NODE(linux_dts, "\t", "memory@60000000", "device_type = \"memory\";",
		   "reg = <0x0 0x60000000 0x0 0x4000000>;");
	T_CHECK(!strstr(linux_dts, "memory@4f"), "a reserved, shared or read-only region is a memory node");
	T_CHECK(count(bm_dts, "\tmemory@") == 1, "baremetal: %u memory nodes, want 1", count(bm_dts, "\tmemory@"));
	CHECK_NODE(bm_dts, "\t", "memory@42000000", "reg = <0x0 0x42000000 0x0 0x1000000>;");
	t_end();

	t_begin("dtgen.reserved_memory");
	CHECK_NODE(linux_dts, "\t", "reserved-memory", "#address-cells = <0x2>;", "#size-cells = <0x2>;",
		   "ranges;");
	CHECK_NODE(linux_dts, "\t\t", "shared@4f000000", "reg = <0x0 0x4f000000 0x0 0x1000>;", "no-map;");
	CHECK_NODE(linux_dts, "\t\t", "reserved@4f100000", "reg = <0x0 0x4f100000 0x0 0x1000>;", "no-map;");
	CHECK_NODE(linux_dts, "\t\t", "readonly@4f200000", "reg = <0x0 0x4f200000 0x0 0x100000>;", "no-map;");
	T_CHECK(count(linux_dts, "no-map;") == 3, "%u no-map regions, want 3", count(linux_dts, "no-map;"));
	T_CHECK(count(bm_dts, "no-map;") == 1, "baremetal: %u no-map regions, want 1 (the shared page)",
		count(bm_dts, "no-map;"));
	CHECK_NODE(bm_dts, "\t\t", "shared@4f000000", "reg = <0x0 0x4f000000 0x0 0x1000>;", "no-map;");
	t_end();
}

static void test_cpus(void)
{
	t_begin("dtgen.cpus_exact");
	CHECK_NODE(linux_dts, "\t", "cpus", "#address-cells = <0x1>;", "#size-cells = <0x0>;");
	CHECK_NODE(linux_dts, "\t\t", "cpu@0", "device_type = \"cpu\";", "compatible = \"arm,cortex-a55\";",
		   "reg = <0x0>;", "enable-method = \"psci\";");
	CHECK_NODE(linux_dts, "\t\t", "cpu@1", "device_type = \"cpu\";", "reg = <0x1>;", "enable-method = \"psci\";");
	T_CHECK(count(linux_dts, "device_type = \"cpu\"") == 2, "%u cpu nodes, want 2",
		count(linux_dts, "device_type = \"cpu\""));
	T_CHECK(!strstr(linux_dts, "cpu@2") && !strstr(linux_dts, "cpu@3"),
		"a cpu node beyond the partition's 2 vCPUs (physical CPU numbers leaked?)");
	T_CHECK(count(bm_dts, "device_type = \"cpu\"") == 2 && strstr(bm_dts, "cpu@0 {") && strstr(bm_dts, "cpu@1 {"),
		"baremetal: its vCPUs are not cpu@0 and cpu@1");
	CHECK_NODE(linux_dts, "\t", "psci", "compatible = \"arm,psci-1.0\", \"arm,psci-0.2\";", "method = \"hvc\";");
	t_end();
}

static void test_gic_timer_uart(void)
{
	t_begin("dtgen.gic_redistributor_per_vcpu");
	CHECK_NODE(linux_dts, "\t", "gic: interrupt-controller@8000000", "compatible = \"arm,gic-v3\";",
		   "#interrupt-cells = <0x3>;", "interrupt-controller;",
		   "reg = <0x0 0x8000000 0x0 0x10000>,", "<0x0 0x80a0000 0x0 0x40000>;");
	T_CHECK(!strstr(linux_dts, "gic-v3-its") && !strstr(linux_dts, "msi-controller"), "an ITS is described");
	T_CHECK(strstr(linux_dts, "interrupt-parent = <&gic>;"), "no root interrupt-parent");
	t_end();

	t_begin("dtgen.timer_uart_chosen");
	CHECK_NODE(linux_dts, "\t", "timer", "compatible = \"arm,armv8-timer\";",
		   "interrupts = <1 13 4>, <1 14 4>, <1 11 4>, <1 10 4>;", "always-on;");
	CHECK_NODE(linux_dts, "\t", "pl011@9000000", "compatible = \"arm,pl011\", \"arm,primecell\";",
		   "reg = <0x0 0x9000000 0x0 0x1000>;", "interrupts = <0 1 4>;",
		   "clocks = <&apb_pclk>, <&apb_pclk>;", "clock-names = \"uartclk\", \"apb_pclk\";");
	CHECK_NODE(linux_dts, "\t", "apb_pclk: apb-pclk", "compatible = \"fixed-clock\";", "#clock-cells = <0x0>;",
		   "clock-frequency = <24000000>;");
	CHECK_NODE(linux_dts, "\t", "chosen", "stdout-path = \"/pl011@9000000\";");
	T_CHECK(strstr(linux_dts, "model = \"Haven partition linux\";"), "no model naming the partition");
	T_CHECK(strstr(bm_dts, "model = \"Haven partition baremetal\";"), "baremetal: no model naming it");
	t_end();
}

static void test_chosen(void)
{
	t_begin("dtgen.bootargs_haven_params");
	CHECK_NODE(linux_dts, "\t", "chosen",
		   "\t\tbootargs = \"console=ttyAMA0 quiet haven.cpus=2 haven.mem_mb=320\";\n");
	CHECK_NODE(bm_dts, "\t", "chosen", "\t\tbootargs = \"console=ttyAMA0 haven.cpus=2 haven.mem_mb=16\";\n");
	T_CHECK(count(linux_dts, "bootargs") == 1, "bootargs %u times", count(linux_dts, "bootargs"));
	t_end();

	/* Haven fills these at every (re)start (core/bootinfo.c), finding them by name. */
	t_begin("dtgen.chosen_placeholders");
	CHECK_NODE(linux_dts, "\t", "chosen",
		   "\t\trng-seed = [00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 "
		   "00 00 00 00 00 00 00 00];\n", "\t\tkaslr-seed = <0x0 0x0>;\n", "\t\thaven,attended = <0x0>;\n",
		   "\t\thaven,console-input;");
	CHECK_NODE(bm_dts, "\t", "chosen", "\t\tkaslr-seed = <0x0 0x0>;\n", "\t\thaven,attended = <0x0>;");
	T_CHECK(!strstr(bm_dts, "haven,console-input"), "baremetal takes no console input but says it does");
	t_end();

	t_begin("dtgen.initrd_range");
	CHECK_NODE(linux_dts, "\t", "chosen", "linux,initrd-start = <0x0 0x54000000>;",
		   "linux,initrd-end = <0x0 0x54123456>;");
	T_CHECK(!strstr(bm_dts, "linux,initrd") && !strstr(bm_dts, "No initrd"),
		"baremetal has no initramfs but its DT mentions an initrd");
	t_end();

	t_begin("dtgen.initrd_size_unknown");
	{
		static char dts[DTS_MAX];
		struct dtgen_info info;
		int n = render(&config, "linux_dtb", 0, dts, &info);

		T_CHECK(n > 0 && n < DTS_MAX, "haven_dtgen returned %d", n);
		T_CHECK(!strstr(dts, "linux,initrd-"), "initrd properties without an initrd size");
		T_CHECK(info.initrd_blob && !info.initrd_in_dt, "info does not say the initrd was left out");
	}
	t_end();
}

static void test_passthrough(void)
{
	t_begin("dtgen.passthrough_described");
	T_CHECK(strstr(linux_dts, "\tpl011@9040000 {\n\t\tcompatible = \"arm,pl011\", \"arm,primecell\";\n"
			"\t\treg = <0x0 0x9040000 0x0 0x1000>;\n\t\tinterrupts = <0 8 4>;\n"
			"\t\tclocks = <&apb_pclk>, <&apb_pclk>;\n\t\tclock-names = \"uartclk\", \"apb_pclk\";\n\t};\n"),
		"uart1 (mmio[1], SPI 40, level) is not described as QEMU's DT does");
	T_CHECK(strstr(linux_dts, "/* mmio[1]: device 'uart1', pa 0x9040000, passed through */"),
		"the uart1 node does not say where it comes from");
	T_CHECK(strstr(linux_dts, "\tpl061@9030000 {\n\t\tcompatible = \"arm,pl061\", \"arm,primecell\";\n"
			"\t\treg = <0x0 0x9030000 0x0 0x1000>;\n\t\tinterrupts = <0 7 1>;\n"
			"\t\tclocks = <&apb_pclk>;\n\t\tclock-names = \"apb_pclk\";\n\t};\n"),
		"gpio (mmio[2], SPI 39, HV_DT_IRQ_EDGE) is not described");
	t_end();

	t_begin("dtgen.passthrough_comment_only");
	T_CHECK(strstr(linux_dts, "mmio[0]: ipa 0x9010000, size 0x1000 (pa 0x9010000)"),
		"the passed-through rtc is not listed");
	T_CHECK(strstr(linux_dts, "interrupts (INTID): 34\n"),
		"the passed-through SPI 34 is not listed alone (40 and 39 are described)");
	T_CHECK(!strstr(linux_dts, "@9010000 {") && !strstr(linux_dts, "<0 2 4>"),
		"the passed-through rtc is described as a node");
	T_CHECK(!strstr(linux_dts, "mmio[1]: ipa"), "the described uart1 is listed in the comment too");
	T_CHECK(!strstr(bm_dts, "Passed through"), "baremetal has no devices but lists some");
	t_end();
}

static void test_deterministic(void)
{
	static char again[DTS_MAX], small[64];
	int n = render(&config, "linux_dtb", INITRD_SIZE, again, NULL);
	int m = haven_dtgen(&config, &haven_platform, "linux_dtb", INITRD_SIZE, small, sizeof(small), NULL);
	int z = haven_dtgen(&config, &haven_platform, "linux_dtb", INITRD_SIZE, NULL, 0, NULL);

	t_begin("dtgen.deterministic");
	T_CHECK(n > 0 && strcmp(again, linux_dts) == 0, "a second rendering differs");
	T_CHECK(m == n && z == n, "lengths %d (64-byte buffer) and %d (no buffer), want %d", m, z, n);
	T_CHECK(strlen(small) == sizeof(small) - 1 && strncmp(small, linux_dts, sizeof(small) - 1) == 0,
		"a truncated rendering is not the NUL-terminated prefix of the full one");
	t_end();
}

static void test_config_change(void)
{
	struct haven_mem_region lmem[ARRAY_SIZE(linux_mem)];
	struct haven_partition_config p[ARRAY_SIZE(parts)];
	struct haven_config c = config;
	static char dts[DTS_MAX];
	unsigned problems;
	int n;

	memcpy(lmem, linux_mem, sizeof(lmem));
	memcpy(p, parts, sizeof(p));
	p[0].mem = lmem;
	c.partitions = p;

	/* Grow the second RAM region to 128 MiB and move it. */
	lmem[3].ipa = 0x64000000;
	lmem[3].pa = 0x64000000;
	lmem[3].size = 0x8000000;
	reports_reset();
	problems = haven_config_check(&c, &haven_platform);
	n = render(&c, "linux_dtb", INITRD_SIZE, dts, NULL);
	t_begin("dtgen.region_change_changes_dt");
	T_CHECK(problems == 0 && n > 0, "changed config: %u problem(s), haven_dtgen %d: %s", problems, n,
		last_report);
	CHECK_NODE(dts, "\t", "memory@64000000", "reg = <0x0 0x64000000 0x0 0x8000000>;");
	T_CHECK(!strstr(dts, "memory@60000000"), "the old region is still described");
	T_CHECK(strstr(dts, "haven.mem_mb=384\""), "haven.mem_mb does not follow the region (want 384)");
	t_end();

	/* Turn the read-only region into RAM and the RAM region into a reserved one. */
	memcpy(lmem, linux_mem, sizeof(lmem));
	lmem[4].perm = HV_MEM_RW;
	lmem[3].flags = HV_MEM_RESERVED;
	reports_reset();
	problems = haven_config_check(&c, &haven_platform);
	n = render(&c, "linux_dtb", INITRD_SIZE, dts, NULL);
	t_begin("dtgen.flag_change_changes_dt");
	T_CHECK(problems == 0 && n > 0, "changed config: %u problem(s), haven_dtgen %d: %s", problems, n,
		last_report);
	CHECK_NODE(dts, "\t", "memory@4f200000", "reg = <0x0 0x4f200000 0x0 0x100000>;");
	CHECK_NODE(dts, "\t\t", "reserved@60000000", "reg = <0x0 0x60000000 0x0 0x4000000>;", "no-map;");
	T_CHECK(!strstr(dts, "memory@60000000") && !strstr(dts, "readonly@"), "a region kept its old node");
	T_CHECK(strstr(dts, "haven.mem_mb=257\""), "haven.mem_mb is not 257 (256 + 1)");
	t_end();

	/* Give the Linux partition a third CPU (taken from the bare-metal one). */
	memcpy(lmem, linux_mem, sizeof(lmem));
	p[0].cpus = BIT(1) | BIT(2) | BIT(3);
	p[1].cpus = BIT(0);
	reports_reset();
	problems = haven_config_check(&c, &haven_platform);
	n = render(&c, "linux_dtb", INITRD_SIZE, dts, NULL);
	t_begin("dtgen.cpu_change_changes_dt");
	T_CHECK(problems == 0 && n > 0, "changed config: %u problem(s), haven_dtgen %d: %s", problems, n,
		last_report);
	T_CHECK(count(dts, "device_type = \"cpu\"") == 3 && strstr(dts, "cpu@2 {") && !strstr(dts, "cpu@3"),
		"want exactly cpu@0..cpu@2");
	T_CHECK(strstr(dts, "<0x0 0x80a0000 0x0 0x60000>;"), "the redistributor region is not 3 * 0x20000");
	T_CHECK(strstr(dts, " haven.cpus=3 "), "haven.cpus does not follow the CPUs (want 3)");
	t_end();

	/* Bootargs that need escaping reach the DTS escaped. */
	memcpy(p, parts, sizeof(p));
	p[0].mem = lmem;
	p[0].bootargs = "console=ttyAMA0 init=\"/x\\y\"";
	n = render(&c, "linux_dtb", INITRD_SIZE, dts, NULL);
	t_begin("dtgen.bootargs_escaped");
	T_CHECK(n > 0 && strstr(dts, "bootargs = \"console=ttyAMA0 init=\\\"/x\\\\y\\\" haven.cpus=2"),
		"bootargs with a quote and a backslash are not escaped");
	t_end();
}

/* Renders blob from cfg, expecting failure with a message containing want. */
static void expect_error(const struct haven_config *cfg, const char *blob, uint64_t initrd_size, const char *want)
{
	static char dts[DTS_MAX];
	int n;

	reports_reset();
	n = render(cfg, blob, initrd_size, dts, NULL);
	T_CHECK(n == -1, "%s: haven_dtgen returned %d, want -1", want, n);
	T_CHECK(reported(want), "no message with '%s' (last: '%s')", want, last_report);
}

/* A modifiable copy of the test config: its partitions, the Linux partition's regions and blobs. */
struct linux_case {
	struct haven_mem_region mem[ARRAY_SIZE(linux_mem)];
	struct haven_image extra[ARRAY_SIZE(linux_extra) + 1];
	struct haven_partition_config parts[ARRAY_SIZE(parts)];
	struct haven_config cfg;
};

/* Resets lc to the test config. */
static void linux_case_reset(struct linux_case *lc)
{
	memcpy(lc->parts, parts, sizeof(parts));
	memcpy(lc->mem, linux_mem, sizeof(linux_mem));
	memcpy(lc->extra, linux_extra, sizeof(linux_extra));
	lc->parts[0].mem = lc->mem;
	lc->parts[0].extra = lc->extra;
	lc->cfg = config;
	lc->cfg.partitions = lc->parts;
}

/*
 * What Linux needs beyond the validator (check_linux): each case breaks one
 * need of the Linux partition in a config the validator accepts.
 */
static void test_linux_errors(void)
{
	static struct linux_case lc;
	struct haven_mem_region *lmem = lc.mem;
	struct haven_image *lx = lc.extra;
	struct haven_partition_config *p = lc.parts;
	const struct haven_config *c = &lc.cfg;

	/* Both RAM regions reserved: no RAM at all (and so no RAM for the kernel). */
	linux_case_reset(&lc);
	lmem[0].flags = HV_MEM_RESERVED;
	lmem[3].flags = HV_MEM_RESERVED;
	t_begin("dtgen.no_ram");
	T_CHECK(haven_config_check(c, &haven_platform) == 0, "the changed config is invalid");
	expect_error(c, "linux_dtb", 0, "partition 'linux' (#0): mem: no RAM for Linux: give it a mem region");
	t_end();

	/* The kernel's region reserved, the other RAM region left. */
	linux_case_reset(&lc);
	lmem[0].flags = HV_MEM_RESERVED;
	t_begin("dtgen.kernel_not_in_ram");
	T_CHECK(haven_config_check(c, &haven_platform) == 0, "the changed config is invalid");
	expect_error(c, "linux_dtb", 0, "image.load_ipa: 0x50000000 (the kernel) is not in RAM the DT describes");
	t_end();

	linux_case_reset(&lc);
	lx[1].load_ipa = 0x53e00004;
	p[0].dtb_ipa = 0x53e00004;
	t_begin("dtgen.dtb_not_8_byte_aligned");
	T_CHECK(haven_config_check(c, &haven_platform) == 0, "the changed config is invalid");
	expect_error(c, "linux_dtb", INITRD_SIZE,
		     "extra 'linux_dtb': load_ipa 0x53e00004 is not 8-byte aligned, as Linux needs for its DTB");
	t_end();

	linux_case_reset(&lc);
	lx[2] = (struct haven_image){ .name = "initramfs_rt", .load_ipa = 0x58000000 };
	p[0].num_extra = 3;
	t_begin("dtgen.two_initramfs");
	T_CHECK(haven_config_check(c, &haven_platform) == 0, "the changed config is invalid");
	expect_error(c, "linux_dtb", INITRD_SIZE,
		     "extra: has both 'initramfs' and 'initramfs_rt'; a partition has one initramfs");
	t_end();

	linux_case_reset(&lc);
	lx[0].load_ipa = 0x50000000;
	t_begin("dtgen.initrd_covers_kernel");
	T_CHECK(haven_config_check(c, &haven_platform) == 0, "the changed config is invalid");
	expect_error(c, "linux_dtb", INITRD_SIZE,
		     "extra 'initramfs': 0x50000000..0x50123455 covers the kernel at image.load_ipa 0x50000000");
	t_end();

	linux_case_reset(&lc);
	lx[0].load_ipa = 0x53d00000;
	t_begin("dtgen.initrd_covers_dtb");
	T_CHECK(haven_config_check(c, &haven_platform) == 0, "the changed config is invalid");
	expect_error(c, "linux_dtb", INITRD_SIZE,
		     "extra 'initramfs': 0x53d00000..0x53e23455 covers the DTB blob 'linux_dtb' at 0x53e00000");
	t_end();
}

/*
 * The PCIe host node (render_pcie) and what it needs (check_pcie): the Linux
 * partition with the ECAM, a 2 MiB sub-window of pcie-mmio at IPA != PA and
 * INTx SPI 37 (qemu-virt has no SMMU: HV_PART_TRUSTED_PHYS_DMA).
 */
static void test_pcie(void)
{
	static char dts[DTS_MAX];
	static struct haven_mmio_region mmio[] = {
		{ .ipa = 0x4010000000, .pa = 0x4010000000, .size = 0x10000000 },
		{ .ipa = 0x20000000, .pa = 0x10000000, .size = 0x200000 },
	};
	static const uint32_t irqs[] = { 37 };
	static struct linux_case lc;
	struct haven_partition_config *p = lc.parts;
	int n;

	linux_case_reset(&lc);
	p[0].mmio = mmio;
	p[0].num_mmio = HV_COUNT(mmio);
	p[0].irqs = irqs;
	p[0].num_irqs = HV_COUNT(irqs);
	p[0].flags |= HV_PART_TRUSTED_PHYS_DMA | HV_PART_PCI_HOST;
	t_begin("dtgen.pcie_host_node");
	T_CHECK(haven_config_check(&lc.cfg, &haven_platform) == 0, "the PCIe config is invalid");
	n = render(&lc.cfg, "linux_dtb", INITRD_SIZE, dts, NULL);
	T_CHECK(n > 0 && strstr(dts, "\tpcie@4010000000 {\n\t\tcompatible = \"pci-host-ecam-generic\";\n"
				 "\t\tdevice_type = \"pci\";\n\t\t#address-cells = <0x3>;\n\t\t#size-cells = <0x2>;\n"
				 "\t\treg = <0x40 0x10000000 0x0 0x10000000>;\n\t\tbus-range = <0x0 0xff>;\n"),
		"no PCIe host node over the ECAM window");
	T_CHECK(strstr(dts, "ranges = <0x2000000 0x0 0x10000000 0x0 0x20000000 0x0 0x200000>;"),
		"ranges is not the BAR window (PCI address = PA, CPU address = IPA)");
	/* SPI 37 = 35 + (slot + pin) % 4: INTA of slot 2, INTB of 1, INTC of 0, INTD of 3 */
	T_CHECK(strstr(dts, "interrupt-map = <0x0 0x0 0x0 0x3 &gic 0 5 4>,\n\t\t\t\t<0x800 0x0 0x0 0x2 &gic 0 5 4>,\n"
			    "\t\t\t\t<0x1000 0x0 0x0 0x1 &gic 0 5 4>,\n\t\t\t\t<0x1800 0x0 0x0 0x4 &gic 0 5 4>;"),
		"the interrupt-map is not the INTx lines of SPI 37");
	T_CHECK(!strstr(dts, "msi-parent") && !strstr(dts, "iommu-map") && !strstr(dts, "interrupts (INTID): 37"),
		"msi-parent, iommu-map or SPI 37 listed as undescribed");
	t_end();

	t_begin("dtgen.pcie_needs_bus0");
	mmio[0].pa = mmio[0].ipa = 0x4010100000;
	mmio[0].size = 0x180000;
	T_CHECK(haven_config_check(&lc.cfg, &haven_platform) == 0, "the changed config is invalid");
	expect_error(&lc.cfg, "linux_dtb", INITRD_SIZE,
		     "mmio[0]: the ECAM window starts at pa 0x4010100000, not at bus 0 (0x4010000000)");
	expect_error(&lc.cfg, "linux_dtb", INITRD_SIZE,
		     "mmio[0]: the ECAM window's size 0x180000 is not a whole number of buses");
	mmio[0].pa = mmio[0].ipa = 0x4010000000;
	mmio[0].size = 0x10000000;
	t_end();

	t_begin("dtgen.pcie_needs_bar_window");
	p[0].num_mmio = 1;
	T_CHECK(haven_config_check(&lc.cfg, &haven_platform) == 0, "the changed config is invalid");
	expect_error(&lc.cfg, "linux_dtb", INITRD_SIZE,
		     "mmio[0] is the ECAM, but no mmio[] window lies in a PCIe memory window");
	t_end();
}

static void test_errors(void)
{
	struct haven_partition_config p[ARRAY_SIZE(parts)];
	struct haven_image bx[ARRAY_SIZE(bm_extra)];
	struct haven_config c = config;

	t_begin("dtgen.unknown_blob");
	expect_error(&config, "nope_dtb", 0, "no partition has an extra blob named 'nope_dtb' (its DTB");
	t_end();

	t_begin("dtgen.initramfs_is_not_a_dtb");
	expect_error(&config, "initramfs", INITRD_SIZE,
		     "partition 'linux' (#0): extra 'initramfs' is the initramfs, not a DTB; name the DTB blob");
	t_end();

	t_begin("dtgen.initrd_outside_ram");
	expect_error(&config, "linux_dtb", 0x10000000, "not wholly inside one RAM region");
	t_end();

	memcpy(p, parts, sizeof(p));
	c.partitions = p;
	p[0].dtb_ipa = 0x53f00000;
	t_begin("dtgen.dtb_ipa_mismatch");
	expect_error(&c, "linux_dtb", INITRD_SIZE, "dtb_ipa: 0x53f00000 is not where the DTB blob");
	t_end();

	memcpy(p, parts, sizeof(p));
	p[0].image.load_ipa = 0x50100000;
	p[0].entry = 0x50100000;
	t_begin("dtgen.kernel_not_2m_aligned");
	expect_error(&c, "linux_dtb", INITRD_SIZE, "image.load_ipa: 0x50100000 is not 2 MiB aligned");
	t_end();

	memcpy(p, parts, sizeof(p));
	p[0].entry = 0x50000040;
	t_begin("dtgen.entry_not_kernel_start");
	expect_error(&c, "linux_dtb", INITRD_SIZE, "entry: 0x50000040 is not image.load_ipa");
	t_end();

	memcpy(p, parts, sizeof(p));
	memcpy(bx, bm_extra, sizeof(bx));
	bx[0].name = "linux_dtb";
	p[1].extra = bx;
	t_begin("dtgen.dtb_name_twice");
	expect_error(&c, "linux_dtb", INITRD_SIZE,
		     "partition 'baremetal' (#1): extra: blob 'linux_dtb' is also in partition 'linux' (#0)");
	t_end();

	t_begin("dtgen.no_config");
	expect_error(NULL, "linux_dtb", 0, "no config, platform or blob name to generate a DT from");
	t_end();

	test_linux_errors();
}

/* True when dtc runs here. */
static bool have_dtc(void)
{
	return system("dtc --version >/dev/null 2>&1") == 0;
}

/* Compiles dts with dtc; returns true when it compiled without any output, else fills msg. */
static bool dtc_clean(const char *dts, char *msg, size_t size)
{
	char path[] = "/tmp/haven-dtgen-test-XXXXXX", cmd[128];
	size_t len = strlen(dts), got = 0;
	FILE *f;
	int fd = mkstemp(path), status;

	msg[0] = '\0';
	if (fd < 0 || write(fd, dts, len) != (ssize_t)len) {
		snprintf(msg, size, "cannot write %s", path);
		if (fd >= 0) {
			close(fd);
			unlink(path);
		}
		return false;
	}
	close(fd);
	snprintf(cmd, sizeof(cmd), "dtc -I dts -O dtb -o /dev/null %s 2>&1", path);
	f = popen(cmd, "r");
	if (!f) {
		unlink(path);
		snprintf(msg, size, "popen failed");
		return false;
	}
	while (got + 1 < size && fgets(msg + got, (int)(size - got), f))
		got = strlen(msg);
	status = pclose(f);
	unlink(path);
	return status == 0 && got == 0;
}

static void test_dtc(void)
{
	char msg[1024];

	t_begin("dtgen.dtc_compiles_without_warnings");
	/* No skip: tools/setup.sh installs dtc, and a check that cannot run is no pass. */
	if (!have_dtc()) {
		t_fail(__LINE__, "dtc is not installed (tools/setup.sh installs it): the DTS was not compiled");
	} else {
		T_CHECK(dtc_clean(linux_dts, msg, sizeof(msg)), "linux DT: dtc said: %s", msg);
		T_CHECK(dtc_clean(bm_dts, msg, sizeof(msg)), "baremetal DT: dtc said: %s", msg);
	}
	t_end();
}

int main(void)
{
	test_setup();
	test_memory();
	test_cpus();
	test_gic_timer_uart();
	test_chosen();
	test_passthrough();
	test_deterministic();
	test_config_change();
	test_errors();
	test_pcie();
	test_dtc();
	return t_exit_status();
}
