/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of the config validator, core/config_check.c, against the real
 * qemu-virt platform description. Each case starts from a valid two-partition
 * baseline, breaks one rule, and checks the number of problems and the text of
 * the message. This file provides cfg_report(), which records the messages.
 *
 * Built twice: with -DHAVEN_HOST (as haven-check uses the validator) and
 * without it (as the hypervisor does), where the image size is checked too.
 * Set HAVEN_TEST_VERBOSE=1 to see every message on stderr.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <haven/check.h>

#include "harness.h"

#ifdef HAVEN_HOST
#define T_PREFIX "validator."
#else
#define T_PREFIX "validator.el2."
#endif

#define MAX_MSGS 64
#define MSG_LEN 512

static char msgs[MAX_MSGS][MSG_LEN];
static unsigned num_msgs;

/* Records one validator message. */
void cfg_report(const char *fmt, ...)
{
	if (num_msgs < MAX_MSGS) {
		va_list ap;

		va_start(ap, fmt);
		vsnprintf(msgs[num_msgs], MSG_LEN, fmt, ap);
		va_end(ap);
	}
	num_msgs++;
}

/* A mutable system: two partitions and room to grow every array past its limit. */
struct sys {
	struct haven_mem_region mem[2][HAVEN_MAX_MEM_REGIONS + 1];
	struct haven_mmio_region mmio[2][HAVEN_MAX_MMIO_REGIONS + 1];
	uint32_t irqs[2][HAVEN_MAX_IRQS + 1];
	struct haven_stream streams[2][HAVEN_MAX_STREAMS + 1];
	struct haven_partition_config parts[HAVEN_MAX_PARTITIONS + 1];
	struct haven_config cfg;
	struct haven_platform plat;
	struct haven_device devices[16]; /* a modifiable copy of the platform's, see device_flags() */
	struct haven_schedule sched[HAVEN_MAX_CPUS + 1];
	struct haven_window win[HAVEN_MAX_WINDOWS + 1];
	bool no_cfg, no_plat;            /* validate a NULL config or platform instead */
};

/*
 * The valid baseline, identity-mapped:
 *   #0 victim:   CPU 0,    RWX 0x41000000 +16M, shared RW page 0x4f000000, uart1 + SPI 40
 *   #1 attacker: CPUs 1-2, RWX 0x42000000 +16M, shared RW page 0x4f000000, rtc + SPI 34, DTB
 */
static void baseline(struct sys *s)
{
	memset(s, 0, sizeof(*s));
	s->plat = haven_platform;

	s->mem[0][0] = (struct haven_mem_region){ 0x41000000, 0x41000000, 0x1000000, HV_MEM_RWX, 0 };
	s->mem[0][1] = (struct haven_mem_region){ 0x4f000000, 0x4f000000, 0x1000, HV_MEM_RW, HV_MEM_SHARED };
	s->mmio[0][0] = (struct haven_mmio_region){ .ipa = 0x09040000, .pa = 0x09040000, .size = 0x1000 };
	s->irqs[0][0] = 40;
	s->parts[0] = (struct haven_partition_config){
		.name = "victim", .cpus = BIT(0),
		.num_mem = 2, .mem = s->mem[0], .num_mmio = 1, .mmio = s->mmio[0],
		.num_irqs = 1, .irqs = s->irqs[0], .fault_policy = HV_FAULT_INJECT,
		.image = { .name = "victim", .load_ipa = 0x41000000 }, .entry = 0x41000000,
	};

	s->mem[1][0] = (struct haven_mem_region){ 0x42000000, 0x42000000, 0x1000000, HV_MEM_RWX, 0 };
	s->mem[1][1] = (struct haven_mem_region){ 0x4f000000, 0x4f000000, 0x1000, HV_MEM_RW, HV_MEM_SHARED };
	s->mmio[1][0] = (struct haven_mmio_region){ .ipa = 0x09010000, .pa = 0x09010000, .size = 0x1000 };
	s->irqs[1][0] = 34;
	s->parts[1] = (struct haven_partition_config){
		.name = "attacker", .cpus = BIT(1) | BIT(2),
		.num_mem = 2, .mem = s->mem[1], .num_mmio = 1, .mmio = s->mmio[1],
		.num_irqs = 1, .irqs = s->irqs[1], .fault_policy = HV_FAULT_STOP,
		.image = { .name = "attacker", .load_ipa = 0x42000000 }, .entry = 0x42000000,
		.dtb_ipa = 0x42f00000,
	};

	s->cfg = (struct haven_config){ .magic = HAVEN_CONFIG_MAGIC, .revision = HAVEN_CONFIG_REVISION,
					.num_partitions = 2, .partitions = s->parts };
}

/* Validates s, recording the messages; returns the problem count. */
static unsigned run(struct sys *s)
{
	num_msgs = 0;
	return haven_config_check(s->no_cfg ? NULL : &s->cfg, s->no_plat ? NULL : &s->plat);
}

/* Gives s its own copy of the platform's devices, with the flags of device `name` set to flags. */
static void __attribute__((unused)) device_flags(struct sys *s, const char *name, uint32_t flags)
{
	if (s->plat.num_devices > ARRAY_SIZE(s->devices))
		return;
	memcpy(s->devices, s->plat.devices, s->plat.num_devices * sizeof(s->devices[0]));
	for (uint32_t d = 0; d < s->plat.num_devices; d++)
		if (strcmp(s->devices[d].name, name) == 0)
			s->devices[d].flags = flags;
	s->plat.devices = s->devices;
}

/* Returns the first recorded message containing sub, or NULL. */
static const char *find_msg(const char *sub)
{
	for (unsigned i = 0; i < num_msgs && i < MAX_MSGS; i++)
		if (strstr(msgs[i], sub))
			return msgs[i];
	return NULL;
}

/*
 * Runs one case: validates s and checks that it found exactly `count`
 * problems, reported one message each, that every message names the config
 * or a partition, and (if sub) that one message contains sub.
 */
static void expect(const char *name, struct sys *s, unsigned count, const char *sub)
{
	unsigned n;

	t_begin(name);
	n = run(s);
	if (getenv("HAVEN_TEST_VERBOSE"))
		for (unsigned i = 0; i < num_msgs && i < MAX_MSGS; i++)
			fprintf(stderr, "# %s: %s\n", name, msgs[i]);
	T_CHECK(n == count, "expected %u problem(s), got %u; first: '%s'", count, n,
		num_msgs ? msgs[0] : "");
	T_CHECK(n == num_msgs, "returned %u but reported %u message(s)", n, num_msgs);
	for (unsigned i = 0; i < num_msgs && i < MAX_MSGS; i++)
		T_CHECK(strncmp(msgs[i], "config: ", 8) == 0 || strncmp(msgs[i], "partition '", 11) == 0,
			"message does not name the config or a partition: '%s'", msgs[i]);
	if (sub)
		T_CHECK(find_msg(sub), "no message contains \"%s\"; first: '%s'", sub,
			num_msgs ? msgs[0] : "");
	t_end();
}

/* Runs a case: start from the baseline, apply the statements, expect count problems and sub. */
static const struct haven_image __attribute__((unused)) extra_good = { .name = "initramfs", .load_ipa = 0x42800000 };
static const struct haven_image __attribute__((unused)) extra_outside = { .name = "initramfs", .load_ipa = 0x60000000 };
static const struct haven_image __attribute__((unused)) extra_mailbox = { .name = "blob", .load_ipa = 0x4f000000 };
static const struct haven_image __attribute__((unused)) extra_noname = { .name = "", .load_ipa = 0x42800000 };
/* Partition #1's mem[0] ends at 0x43000000: 0x800000 bytes from 0x42800000. */
static const struct haven_image __attribute__((unused)) extra_fits = {
	.name = "initramfs", .load_ipa = 0x42800000, .memsz = 0x800000 };
static const struct haven_image __attribute__((unused)) extra_too_big[2] = {
	{ .name = "linux_dtb", .load_ipa = 0x42000000, .memsz = 0x1000 },
	{ .name = "initramfs", .load_ipa = 0x42800000, .memsz = 0x800001 } };

#define CASE(name, count, sub, ...)                          \
	do {                                                 \
		struct sys s;                                \
		baseline(&s);                                \
		__VA_ARGS__;                                 \
		expect(T_PREFIX name, &s, count, sub);       \
	} while (0)

#ifdef HAVEN_HOST
static const uint64_t twelve_cpus[12] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 };

static void system_cases(void)
{
	CASE("magic", 1, "config: magic: 0x1234 is not HAVEN_CONFIG_MAGIC", s.cfg.magic = 0x1234);
	CASE("revision", 1, "config: revision: 2 is not 1", s.cfg.revision = 2);
	CASE("num_partitions_zero", 1, "config: num_partitions: is 0", s.cfg.num_partitions = 0);
	CASE("num_partitions_too_many", 1, "config: num_partitions: 9 is more than HAVEN_MAX_PARTITIONS",
	     s.cfg.num_partitions = 9);
	CASE("partitions_null", 1, "config: partitions: is NULL", s.cfg.partitions = NULL);
	CASE("config_null", 1, "config: haven_config is NULL; define one const struct haven_config",
	     s.no_cfg = true);
	CASE("platform_null", 1, "config: no platform description to check against", s.no_plat = true);
}

static void name_cases(void)
{
	CASE("name_null", 1, "partition '?' (#1): name: is NULL", s.parts[1].name = NULL);
	CASE("name_empty", 1, "partition '' (#1): name: is empty", s.parts[1].name = "");
	CASE("name_too_long", 1, "name: is longer than 31 characters",
	     s.parts[1].name = "a234567890123456789012345678901x");
	CASE("name_31_chars_ok", 0, NULL, s.parts[1].name = "a234567890123456789012345678901");
	CASE("name_bad_char", 1, "name: character 0x20 at offset 3 is not allowed",
	     s.parts[1].name = "att acker");
	CASE("name_duplicate", 1,
	     "partition 'victim' (#1): name: 'victim' is also the name of partition #0; names must be unique",
	     s.parts[1].name = "victim");
}

static void cpu_cases(void)
{
	CASE("empty_no_cpus", 1, "partition 'attacker' (#1) is empty: cpus:", s.parts[1].cpus = 0);
	CASE("cpu_not_present", 1, "cpus: CPU 5 is not present: platform has 4 CPUs (0..3)",
	     s.parts[1].cpus |= BIT(5));
	CASE("cpu_given_twice", 1, "cpus: CPU 0 is also given to partition 'victim' (#0)",
	     s.parts[1].cpus |= BIT(0));
	CASE("too_many_vcpus", 1, "cpus: 0x3fe gives it 9 vCPUs; a partition has at most 8",
	     s.plat.num_cpus = 12, s.plat.cpu_mpidr = twelve_cpus, s.parts[1].cpus = 0x3fe);
}

static void mem_cases(void)
{
	CASE("empty_no_mem", 1, "partition 'attacker' (#1) is empty: num_mem:", s.parts[1].num_mem = 0);
	CASE("mem_count_too_many", 1, "num_mem: 9 is more than HAVEN_MAX_MEM_REGIONS (8)",
	     s.parts[1].num_mem = 9);
	CASE("mem_null", 1, "mem: is NULL but num_mem is 2", s.parts[1].mem = NULL);
	CASE("mem_size_zero", 1, "(#1): mem[1].size: is 0", s.mem[1][1].size = 0);
	CASE("mem_ipa_misaligned", 1, "mem[1].ipa: 0x4f000800 is not 4 KiB aligned",
	     s.mem[1][1].ipa = 0x4f000800);
	CASE("mem_pa_misaligned", 1, "mem[1].pa: 0x4f000800 is not 4 KiB aligned",
	     s.mem[1][1].pa = 0x4f000800);
	CASE("mem_size_misaligned", 1, "mem[0].size: 0x1000800 is not 4 KiB aligned",
	     s.mem[1][0].size = 0x1000800);
	/* Its stray tail reaches the next partition: only the size is at fault, not the neighbour. */
	CASE("mem_size_misaligned_into_neighbour", 1, "partition 'victim' (#0): mem[0].size: 0x1000800 is not 4 KiB aligned",
	     s.mem[0][0].size = 0x1000800);
	CASE("mem_ipa_wraps", 1, "mem[1].ipa: 0xfffffffffffff000 + size 0x1000 wraps",
	     s.mem[1][1].ipa = 0xfffffffffffff000ULL);
	CASE("mem_pa_wraps", 1, "mem[1].pa: 0xffffffffffffe000 + size 0x3000 wraps",
	     s.mem[1][1].pa = 0xffffffffffffe000ULL, s.mem[1][1].size = 0x3000);
	CASE("mem_ipa_beyond_39bit", 1, "mem[1].ipa: 0x8000000000..0x8000000fff is beyond the 39-bit IPA space",
	     s.mem[1][1].ipa = 0x8000000000ULL);
	CASE("mem_pa_outside_ram", 1,
	     "mem[1].pa: 0x80000000..0x80000fff is outside RAM (platform 'qemu-virt' has RAM at "
	     "0x40000000..0x7fffffff); devices belong in mmio[], not mem[]",
	     s.mem[1][1].pa = 0x80000000);
	CASE("mem_pa_platform_without_ram", 4,
	     "partition 'attacker' (#1): mem[0].pa: 0x42000000..0x42ffffff is outside RAM (platform 'qemu-virt' has none)",
	     s.plat.num_ram = 0);
	CASE("mem_pa_crosses_ram_end", 2, "mem[0].pa: 0x7f800000..0x807fffff runs past the end of RAM bank",
	     s.mem[1][0].pa = 0x7f800000);
	CASE("mem_hyp_overlap", 1,
	     "mem[0].pa: 0x40800000..0x417fffff overlaps the hypervisor's reserved region 0x40000000..0x40ffffff",
	     s.mem[0][0].pa = 0x40800000);
	CASE("mem_perm_zero", 1, "mem[1].perm: is 0", s.mem[1][1].perm = 0);
	CASE("mem_perm_unknown", 1, "mem[1].perm: 0xb has unknown bits 0x8", s.mem[1][1].perm = HV_MEM_RW | 0x8);
	CASE("mem_flags_unknown", 1, "mem[0].flags: 0x4 has unknown bits 0x4", s.mem[1][0].flags = 0x4);
	CASE("mem_overlap_ipa_same_partition", 1,
	     "mem[1].ipa: 0x42800000..0x42800fff overlaps mem[0] (0x42000000..0x42ffffff) of the same partition",
	     s.mem[1][1].ipa = 0x42800000);
	CASE("mem_overlap_pa_same_partition", 1,
	     "mem[1].pa: 0x42800000..0x42800fff overlaps mem[0] (0x42000000..0x42ffffff) of the same partition",
	     s.mem[1][1].pa = 0x42800000);
	CASE("mem_overlap_pa", 1,
	     "partition 'attacker' (#1): mem[0].pa: 0x42000000..0x42ffffff overlaps partition 'victim' (#0) mem[0]; "
	     "declare both regions HV_MEM_SHARED to share memory",
	     s.mem[0][0].pa = 0x42000000);
	CASE("mem_shared_both_ok", 0, NULL, s.mem[0][1].size = 0x2000, s.mem[1][1].size = 0x2000,
	     s.mem[1][1].ipa = 0x4f001000, s.mem[1][1].pa = 0x4f001000);
	CASE("mem_shared_only_this_side", 1,
	     "mem[1].pa: 0x4f000000..0x4f000fff overlaps partition 'victim' (#0) mem[1], which is not HV_MEM_SHARED",
	     s.mem[0][1].flags = 0);
	CASE("mem_shared_only_other_side", 1,
	     "overlaps partition 'victim' (#0) mem[1], which is HV_MEM_SHARED (this one is not)",
	     s.mem[1][1].flags = 0);
	CASE("mem_window_vgicd", 1, "mem[1].ipa: 0x8000000..0x8000fff overlaps the emulated vGICD window",
	     s.mem[1][1].ipa = 0x08000000);
	CASE("mem_window_vgicr", 1, "mem[1].ipa: 0x80c0000..0x80c0fff overlaps the emulated vGICR window "
	     "0x80a0000..0x80dffff", s.mem[1][1].ipa = 0x080c0000);
	CASE("mem_window_vgicr_beyond_vcpus_ok", 0, NULL, s.mem[1][1].ipa = 0x080e0000);
	CASE("mem_window_vuart", 1, "mem[1].ipa: 0x9000000..0x9000fff overlaps the emulated vUART window",
	     s.mem[1][1].ipa = 0x09000000);
}

static void mmio_cases(void)
{
	CASE("mmio_haven_uart0", 1, "mmio[0].pa: 0x9000000..0x9000fff: uart0 is owned by Haven",
	     s.mmio[1][0].pa = 0x09000000, s.mmio[1][0].ipa = 0x20000000);
	CASE("mmio_haven_gicd", 1, "gicd is owned by Haven",
	     s.mmio[1][0] = (struct haven_mmio_region){ .ipa = 0x20000000, .pa = 0x08000000, .size = 0x10000 });
	CASE("mmio_not_a_device", 1, "mmio[0].pa: 0xb000000..0xb000fff is not a device of platform 'qemu-virt'",
	     s.mmio[1][0].pa = 0x0b000000);
	CASE("mmio_partial_device", 1, "is not wholly inside device 'rtc'", s.mmio[1][0].size = 0x2000);
	CASE("mmio_device_not_assignable", 1,
	     "mmio[0].pa: 0x9010000..0x9010fff: device 'rtc' is not assignable to a partition",
	     device_flags(&s, "rtc", 0));
	CASE("mmio_given_twice", 1,
	     "mmio[0].pa: 0x9040000..0x9040fff: device 'uart1' given twice: partition 'victim' (#0) mmio[0] has it too",
	     s.mmio[1][0].pa = 0x09040000);
	CASE("mmio_listed_twice_same_partition", 1, "mmio[1].pa: 0x9010000..0x9010fff overlaps mmio[0]",
	     s.mmio[1][1] = (struct haven_mmio_region){ .ipa = 0x20000000, .pa = 0x09010000, .size = 0x1000 }, s.parts[1].num_mmio = 2);
	CASE("mmio_ipa_overlaps_mmio_same_partition", 1,
	     "mmio[1].ipa: 0x9010000..0x9010fff overlaps mmio[0] (0x9010000..0x9010fff) of the same partition",
	     s.mmio[1][1] = (struct haven_mmio_region){ .ipa = 0x09010000, .pa = 0x09030000, .size = 0x1000 }, s.parts[1].num_mmio = 2);
	CASE("mmio_ipa_overlaps_mem", 1, "mmio[0].ipa: 0x42000000..0x42000fff overlaps mem[0]",
	     s.mmio[1][0].ipa = 0x42000000);
	CASE("mmio_window_vuart", 1, "mmio[0].ipa: 0x9000000..0x9000fff overlaps the emulated vUART window",
	     s.mmio[1][0].ipa = 0x09000000);
	CASE("mmio_size_misaligned", 1, "mmio[0].size: 0x800 is not 4 KiB aligned", s.mmio[1][0].size = 0x800);
	CASE("mmio_count_too_many", 1, "num_mmio: 9 is more than HAVEN_MAX_MMIO_REGIONS", s.parts[1].num_mmio = 9);
	CASE("mmio_null", 1, "mmio: is NULL but num_mmio is 1", s.parts[1].mmio = NULL);
}

/* mmio[].compatible, .clocks, .dt_flags: what haven-dtgen describes for Linux (victim: uart1 + SPI 40). */
static void mmio_dt_cases(void)
{
	static char long_list[130];

	memset(long_list, 'a', 128);
	CASE("mmio_dt_ok", 0, NULL, s.mmio[0][0].compatible = "arm,pl011 arm,primecell",
	     s.mmio[0][0].clocks = "uartclk apb_pclk", s.mmio[0][0].dt_flags = HV_DT_IRQ_EDGE);
	CASE("mmio_dt_compatible_two_spaces", 1,
	     "mmio[0].compatible: \"arm,pl011  arm,primecell\" is not a list of DT names: use A-Z a-z 0-9",
	     s.mmio[0][0].compatible = "arm,pl011  arm,primecell");
	CASE("mmio_dt_compatible_empty", 1, "mmio[0].compatible: \"\" is not a list of DT names",
	     s.mmio[0][0].compatible = "");
	CASE("mmio_dt_compatible_too_long", 1, "is not a list of DT names: use A-Z a-z 0-9 , . _ + - with single "
	     "spaces between names, at most 127 characters", s.mmio[0][0].compatible = long_list);
	CASE("mmio_dt_clocks_trailing_space", 1, "mmio[0].clocks: \"uartclk \" is not a list of DT names",
	     s.mmio[0][0].compatible = "arm,pl011", s.mmio[0][0].clocks = "uartclk ");
	CASE("mmio_dt_clocks_quote", 1, "mmio[0].clocks: \"a\"b\" is not a list",
	     s.mmio[0][0].compatible = "arm,pl011", s.mmio[0][0].clocks = "a\"b");
	CASE("mmio_dt_flags_unknown", 1, "mmio[0].dt_flags: 0x6 has unknown bits 0x6; only HV_DT_IRQ_EDGE exists",
	     s.mmio[0][0].compatible = "arm,pl011", s.mmio[0][0].dt_flags = 0x6);
	CASE("mmio_dt_clocks_without_compatible", 1,
	     "mmio[0].clocks: is set but compatible is not; only a device with a compatible is described",
	     s.mmio[0][0].clocks = "apb_pclk");
	CASE("mmio_dt_flags_without_compatible", 1, "mmio[0].dt_flags: is set but compatible is not",
	     s.mmio[0][0].dt_flags = HV_DT_IRQ_EDGE);
	CASE("mmio_dt_irq_not_passed", 1,
	     "mmio[0].compatible: device 'uart1' raises INTID 40, which is not in irqs[]; pass it through",
	     s.mmio[0][0].compatible = "arm,pl011 arm,primecell", s.parts[0].num_irqs = 0);
}

static void irq_cases(void)
{
	CASE("irq_not_spi", 1, "irqs[0]: INTID 27 is not an SPI (SPIs on 'qemu-virt' are 32..287)",
	     s.irqs[1][0] = 27);
	CASE("irq_beyond_max", 1, "irqs[0]: INTID 288 is not an SPI", s.irqs[1][0] = 288);
	CASE("irq_haven_own", 1, "irqs[0]: INTID 33 belongs to uart0, which is owned by Haven", s.irqs[1][0] = 33);
	CASE("irq_listed_twice", 1, "irqs[1]: INTID 34 is listed twice (irqs[0] too)",
	     s.irqs[1][1] = 34, s.parts[1].num_irqs = 2);
	CASE("irq_given_twice", 1, "irqs[0]: INTID 40 is also given to partition 'victim' (#0) irqs[0]",
	     s.irqs[1][0] = 40);
	CASE("irq_count_too_many", 1, "num_irqs: 33 is more than HAVEN_MAX_IRQS (32)", s.parts[1].num_irqs = 33);
	CASE("irq_null", 1, "irqs: is NULL but num_irqs is 1", s.parts[1].irqs = NULL);
}

static void image_cases(void)
{
	CASE("image_name_empty", 1, "image.name: is empty", s.parts[1].image.name = "");
	CASE("image_name_null", 1, "image.name: is empty", s.parts[1].image.name = NULL);
	CASE("image_load_outside", 1, "image.load_ipa: 0x50000000 is not inside any mem region",
	     s.parts[1].image.load_ipa = 0x50000000);
	CASE("image_load_not_exec", 2, "image.load_ipa: 0x42000000 is in mem[0], which is not executable",
	     s.mem[1][0].perm = HV_MEM_RW);
	CASE("entry_outside", 1, "entry: 0x60000000 is not in executable memory: no mem region contains it",
	     s.parts[1].entry = 0x60000000);
	CASE("entry_not_exec", 1, "entry: 0x4f000000 is not in executable memory: mem[1] has perm 0x3",
	     s.parts[1].entry = 0x4f000000);
	CASE("entry_misaligned", 1, "entry: 0x42000002 is not 4-byte aligned", s.parts[1].entry = 0x42000002);
	CASE("dtb_outside", 1, "dtb_ipa: 0x60000000 is not inside any mem region", s.parts[1].dtb_ipa = 0x60000000);
	CASE("dtb_not_readable", 1, "dtb_ipa: 0x4f000000 is in mem[1], which is not readable",
	     s.parts[1].dtb_ipa = 0x4f000000, s.mem[1][1].perm = HV_MEM_W);
	CASE("mem_store_overlap", 1,
	     "mem[1].pa: 0x70000000..0x70000fff overlaps Haven's image store 0x70000000..0x7fffffff",
	     s.mem[1][1].pa = 0x70000000);
	CASE("mem_flags_reserved_ok", 0, NULL, s.mem[1][1].flags |= HV_MEM_RESERVED);
	CASE("flags_unknown", 1, "flags: 0x18 has unknown bits 0x18; only HV_PART_CONSOLE_INPUT, "
	     "HV_PART_TRUSTED_PHYS_DMA and HV_PART_PCI_HOST exist", s.parts[0].flags = 0x18);
	CASE("extra_ok", 0, NULL, (s.parts[1].num_extra = 1, s.parts[1].extra = &extra_good));
	CASE("extra_outside_memory", 1, "extra[0].load_ipa: 0x60000000 is not inside any mem region",
	     (s.parts[1].num_extra = 1, s.parts[1].extra = &extra_outside));
	CASE("extra_not_writable", 1, "extra[0].load_ipa: 0x4f000000 is in mem[1], which is not writable",
	     (s.mem[1][1].perm = HV_MEM_R, s.mem[0][1].perm = HV_MEM_R, s.parts[1].num_extra = 1,
	      s.parts[1].extra = &extra_mailbox));
	CASE("extra_too_many", 1, "num_extra: 5 blobs, at most 4",
	     (s.parts[1].num_extra = 5, s.parts[1].extra = &extra_good));
	CASE("extra_null", 1, "extra: is NULL but num_extra is 1", s.parts[1].num_extra = 1);
	CASE("extra_no_name", 1, "extra[0].name: is empty",
	     (s.parts[1].num_extra = 1, s.parts[1].extra = &extra_noname));
	CASE("image_memsz_fits", 0, NULL, s.parts[1].image.memsz = 0x1000000);
	CASE("image_memsz_too_big", 1,
	     "(#1): image: 'attacker' takes 0x1000100 bytes from load_ipa 0x42000000 once it runs (image, .bss and "
	     "stacks) but mem[0] ends 0x1000000 bytes after it, 0x100 bytes short; enlarge mem[0] or load the image lower",
	     s.parts[1].image.memsz = 0x1000100);
	CASE("extra_memsz_fits", 0, NULL, (s.parts[1].num_extra = 1, s.parts[1].extra = &extra_fits));
	CASE("extra_memsz_too_big", 1, "(#1): extra[1]: 'initramfs' takes 0x800001 bytes from load_ipa 0x42800000",
	     (s.parts[1].num_extra = 2, s.parts[1].extra = extra_too_big));
	CASE("console_input_twice", 1, "flags: HV_PART_CONSOLE_INPUT is also set on partition 'victim' (#0)",
	     (s.parts[0].flags = HV_PART_CONSOLE_INPUT, s.parts[1].flags = HV_PART_CONSOLE_INPUT));
	CASE("fault_policy", 1, "fault_policy: 7 is neither HV_FAULT_INJECT (0) nor HV_FAULT_STOP (1)",
	     s.parts[1].fault_policy = (enum haven_fault_policy)7);
}

/* The SMMU of qemu-virt-smmu, for the DMA cases (the platform under test has none). */
static const struct haven_smmu test_smmu = {
	.base = 0x09050000, .sid_bits = 8, .irq_eventq = 106, .irq_gerror = 109,
};

/* Gives attacker (#1) the PCIe ECAM (mmio[1]) and its function 00:03.0 (stream 0x18). */
static void give_pcie(struct sys *s)
{
	s->mmio[1][1] = (struct haven_mmio_region){ .ipa = 0x4010000000, .pa = 0x4010000000, .size = 0x10000000 };
	s->parts[1].num_mmio = 2;
	s->streams[1][0] = (struct haven_stream){ "pcie-ecam", 0x18 };
	s->parts[1].num_streams = 1;
	s->parts[1].streams = s->streams[1];
}

/* s on a platform whose SMMU translates the PCIe devices, attacker (#1) with give_pcie(). */
static void dma_baseline(struct sys *s)
{
	s->plat.smmu = &test_smmu;
	device_flags(s, "pcie-ecam", HV_DEV_ASSIGNABLE | HV_DEV_DMA | HV_DEV_SMMU | HV_DEV_ECAM);
	for (uint32_t d = 0; d < s->plat.num_devices; d++)
		if (strcmp(s->devices[d].name, "pcie-mmio") == 0)
			s->devices[d].flags |= HV_DEV_SMMU;
	give_pcie(s);
}

/* dma_baseline(), and the victim (#0) owns the PCIe function 00:04.0 through the same ECAM. */
static void ecam_shared(struct sys *s)
{
	dma_baseline(s);
	s->mmio[0][1] = s->mmio[1][1];
	s->parts[0].num_mmio = 2;
	s->streams[0][0] = (struct haven_stream){ "pcie-ecam", 0x20 };
	s->parts[0].num_streams = 1;
	s->parts[0].streams = s->streams[0];
}

static void dma_cases(void)
{
	CASE("dma_ok", 0, NULL, dma_baseline(&s));
	CASE("dma_stream_no_smmu", 2,
	     "streams[0]: stream 0x18 of 'pcie-ecam' is DMA that no SMMU translates on platform 'qemu-virt'",
	     give_pcie(&s));
	CASE("dma_device_no_smmu", 1,
	     "(#1): mmio[1].pa: device 'pcie-ecam' masters DMA that no SMMU translates on platform 'qemu-virt'",
	     (give_pcie(&s), s.parts[1].num_streams = 0));
	CASE("dma_trusted_no_smmu_ok", 0, NULL, (give_pcie(&s), s.parts[1].flags = HV_PART_TRUSTED_PHYS_DMA));
	CASE("dma_virtio_not_behind_smmu", 1, "mmio[2].pa: device 'virtio-mmio' masters DMA that no SMMU translates",
	     (dma_baseline(&s), s.parts[1].num_mmio = 3,
	      s.mmio[1][2] = (struct haven_mmio_region){ .ipa = 0x0A000000, .pa = 0x0A000000, .size = 0x1000 }));
	CASE("dma_stream_listed_twice", 1, "(#1): streams[1].sid: 0x18 is listed twice (streams[0] too)",
	     (dma_baseline(&s), s.streams[1][1] = s.streams[1][0], s.parts[1].num_streams = 2));
	/* The victim does not own the device either: that is reported too. */
	CASE("dma_stream_given_twice", 2,
	     "(#1): streams[0].sid: 0x18 is also given to partition 'victim' (#0) streams[0]; "
	     "a stream belongs to exactly one partition",
	     (dma_baseline(&s), s.streams[0][0] = (struct haven_stream){ "pcie-ecam", 0x18 },
	      s.parts[0].num_streams = 1, s.parts[0].streams = s.streams[0]));
	CASE("dma_stream_not_owner", 2,
	     "(#0): streams[0].device: 'pcie-ecam' is not in this partition's mmio[]; a stream belongs to the "
	     "partition that owns its device",
	     (dma_baseline(&s), s.streams[0][0] = (struct haven_stream){ "pcie-ecam", 0x18 },
	      s.parts[0].num_streams = 1, s.parts[0].streams = s.streams[0]));
	CASE("dma_stream_beyond_smmu", 1,
	     "(#1): streams[0].sid: 0x100 is beyond the SMMU's stream IDs (0..0xff on platform 'qemu-virt')",
	     (dma_baseline(&s), s.streams[1][0].sid = 0x100));
	CASE("dma_stream_not_a_device", 1, "streams[0].device: 'nic' is not a device of platform 'qemu-virt'",
	     (dma_baseline(&s), s.streams[1][0].device = "nic"));
	CASE("dma_stream_no_device", 1, "streams[0].device: '(null)' is not a device",
	     (dma_baseline(&s), s.streams[1][0].device = NULL));
	CASE("dma_stream_device_without_dma", 1,
	     "streams[0].device: 'rtc' masters no DMA; streams belong to DMA-capable devices",
	     (dma_baseline(&s), s.streams[1][0].device = "rtc"));
	CASE("dma_streams_too_many", 1, "num_streams: 9 is more than HAVEN_MAX_STREAMS (8)",
	     (dma_baseline(&s), s.parts[1].num_streams = 9));
	CASE("dma_streams_null", 1, "streams: is NULL but num_streams is 1",
	     (dma_baseline(&s), s.parts[1].streams = NULL));
	CASE("dma_irq_smmu", 1, "irqs[0]: INTID 109 is the SMMU's, which is owned by Haven",
	     (dma_baseline(&s), s.irqs[1][0] = 109));
	/* The ECAM is emulated: both partitions list it, each sees its own functions in it. */
	CASE("ecam_shared_ok", 0, NULL, ecam_shared(&s));
	CASE("ecam_pci_host_ok", 0, NULL, (ecam_shared(&s), s.parts[1].flags = HV_PART_PCI_HOST));
	/* The BAR windows in the PCIe MMIO window are split, not shared. */
	CASE("ecam_bar_windows_overlap", 1, "(#1): mmio[2].pa: 0x10080000..0x1017ffff: device 'pcie-mmio' given "
	     "twice: partition 'victim' (#0) mmio[2] has it too",
	     (ecam_shared(&s), s.mmio[0][2] = (struct haven_mmio_region){ .ipa = 0x10000000, .pa = 0x10000000, .size = 0x100000 },
	      s.mmio[1][2] = (struct haven_mmio_region){ .ipa = 0x10080000, .pa = 0x10080000, .size = 0x100000 },
	      s.parts[0].num_mmio = 3, s.parts[1].num_mmio = 3));
	CASE("ecam_pci_host_without_ecam", 1, "(#0): flags: HV_PART_PCI_HOST is set but mmio[] lists no PCIe ECAM "
	     "of platform 'qemu-virt'", (dma_baseline(&s), s.parts[0].flags = HV_PART_PCI_HOST));
	CASE("ecam_pci_host_twice", 1, "(#1): flags: HV_PART_PCI_HOST is also set on partition 'victim' (#0); "
	     "one partition at most owns the PCIe host bridge",
	     (ecam_shared(&s), s.parts[0].flags = HV_PART_PCI_HOST, s.parts[1].flags = HV_PART_PCI_HOST));
}

/*
 * A valid shared CPU: the attacker moves to CPU 0 alone, and CPU 0 runs a
 * 10 ms frame: the victim 0..3 ms, the attacker 3..10 ms.
 */
static void share_cpu0(struct sys *s)
{
	s->parts[1].cpus = BIT(0);
	s->win[0] = (struct haven_window){ .partition = 0, .offset_us = 0, .length_us = 3000 };
	s->win[1] = (struct haven_window){ .partition = 1, .offset_us = 3000, .length_us = 7000 };
	s->sched[0] = (struct haven_schedule){ .cpu = 0, .frame_us = 10000, .num_windows = 2,
					       .windows = s->win };
	s->cfg.num_schedules = 1;
	s->cfg.schedules = s->sched;
}

static void sched_cases(void)
{
	CASE("sched_ok", 0, NULL, share_cpu0(&s));
	CASE("sched_gaps_ok", 0, NULL, share_cpu0(&s), s.win[0].offset_us = 500,
	     s.win[0].length_us = 100, s.win[1].length_us = 6000);
	CASE("sched_dedicated_cpu_ok", 0, NULL, share_cpu0(&s), s.parts[1].cpus = BIT(1),
	     s.sched[0].num_windows = 1);
	CASE("sched_vcpus", 1, "cpus: CPU 0 is shared (schedules[0]) but the partition has 2 vCPUs",
	     share_cpu0(&s), s.parts[1].cpus = BIT(0) | BIT(1));
	CASE("sched_no_window", 1, "partition 'attacker' (#1): cpus: CPU 0 is shared (schedules[0]) but none of its windows",
	     share_cpu0(&s), s.win[1].partition = 0);
	CASE("sched_window_partition", 2, "config: schedules[0].windows[1].partition: 5 is not a partition (there are 2)",
	     share_cpu0(&s), s.win[1].partition = 5);
	CASE("sched_window_no_vcpu", 1, "config: schedules[0].windows[1].partition: 'attacker' (#1) has no vCPU on CPU 0",
	     share_cpu0(&s), s.parts[1].cpus = BIT(1));
	CASE("sched_window_short", 1, "config: schedules[0].windows[1].length_us: 99 is shorter than HAVEN_SCHED_MIN_US (100)",
	     share_cpu0(&s), s.win[1].length_us = 99);
	CASE("sched_window_past_frame", 1, "config: schedules[0].windows[1]: 3000..10001 us ends past the frame (frame_us 10000)",
	     share_cpu0(&s), s.win[1].length_us = 7001);
	CASE("sched_window_overlap", 1, "config: schedules[0].windows[1].offset_us: 2999 is before the end of windows[0] (3000 us)",
	     share_cpu0(&s), s.win[1].offset_us = 2999, s.win[1].length_us = 7001);
	CASE("sched_window_order", 1, "offset_us: 0 is before the end of windows[0] (10000 us)",
	     share_cpu0(&s), s.win[0] = (struct haven_window){ 1, 3000, 7000 },
	     s.win[1] = (struct haven_window){ 0, 0, 3000 });
	CASE("sched_frame_long", 1, "config: schedules[0].frame_us: 1000001 is outside 100..1000000",
	     share_cpu0(&s), s.sched[0].frame_us = 1000001);
	CASE("sched_frame_short", 3, "config: schedules[0].frame_us: 99 is outside 100..1000000",
	     share_cpu0(&s), s.sched[0].frame_us = 99);
	CASE("sched_no_windows", 3, "config: schedules[0].num_windows: 0 is not 1..8 (HAVEN_MAX_WINDOWS)",
	     share_cpu0(&s), s.sched[0].num_windows = 0);
	CASE("sched_windows_null", 3, "config: schedules[0].windows: is NULL but num_windows is 2",
	     share_cpu0(&s), s.sched[0].windows = NULL);
	/* Its window's partition has no vCPU on CPU 7 either: two problems. */
	CASE("sched_cpu_not_present", 2, "config: schedules[1].cpu: CPU 7 is not present: platform has 4 CPUs",
	     share_cpu0(&s), s.sched[1] = s.sched[0], s.sched[1].cpu = 7, s.sched[1].num_windows = 1,
	     s.cfg.num_schedules = 2);
	CASE("sched_cpu_twice", 1, "config: schedules[1].cpu: CPU 0 has schedules[0] already; one schedule per CPU",
	     share_cpu0(&s), s.sched[1] = s.sched[0], s.cfg.num_schedules = 2);
	CASE("sched_too_many", 2, "config: num_schedules: 9 is more than HAVEN_MAX_CPUS (8)",
	     share_cpu0(&s), s.cfg.num_schedules = 9);
	CASE("sched_null", 2, "config: schedules: is NULL but num_schedules is 1",
	     share_cpu0(&s), s.cfg.schedules = NULL);
}

/* Several independent mistakes in one partition are all reported, each naming the partition. */
static void all_reported_case(void)
{
	static const char prefix[] = "partition 'attacker' (#1): ";
	struct sys s;
	unsigned n;

	baseline(&s);
	s.parts[1].cpus |= BIT(6);
	s.mem[1][0].pa = 0x41000000;
	s.irqs[1][0] = 27;
	s.parts[1].fault_policy = (enum haven_fault_policy)9;
	s.parts[1].entry = 0x42000002;
	t_begin(T_PREFIX "all_problems_reported");
	n = run(&s);
	T_CHECK(n == 5, "expected 5 problems, got %u", n);
	for (unsigned i = 0; i < num_msgs && i < MAX_MSGS; i++)
		T_CHECK(strncmp(msgs[i], prefix, strlen(prefix)) == 0,
			"message does not start with the partition: '%s'", msgs[i]);
	t_end();
}
#else
static const unsigned char small_image[0x100];
static const unsigned char big_image[0x200];

static void image_size_cases(void)
{
	CASE("image_fits", 0, NULL,
	     s.parts[1].image.start = small_image, s.parts[1].image.end = small_image + sizeof(small_image),
	     s.parts[1].image.load_ipa = 0x42ffff00);
	CASE("image_ends_before_start", 1, "(#1): image: 'attacker' ends before it starts",
	     s.parts[1].image.start = big_image + 0x10, s.parts[1].image.end = big_image);
	CASE("image_too_big", 1, "image: 'attacker' is 0x200 bytes but mem[0] has only 0x100 bytes from load_ipa 0x42ffff00",
	     s.parts[1].image.start = big_image, s.parts[1].image.end = big_image + sizeof(big_image),
	     s.parts[1].image.load_ipa = 0x42ffff00);
	/* The file fits; its .bss and stacks do not (the EL2 build knows memsz from images.S). */
	CASE("image_bss_too_big", 1, "image: 'attacker' takes 0x180 bytes from load_ipa 0x42ffff00 once it runs",
	     s.parts[1].image.start = small_image, s.parts[1].image.end = small_image + sizeof(small_image),
	     s.parts[1].image.load_ipa = 0x42ffff00, s.parts[1].image.memsz = 0x180);
}
#endif

int main(void)
{
	CASE("baseline_ok", 0, NULL, (void)0);
#ifdef HAVEN_HOST
	system_cases();
	name_cases();
	cpu_cases();
	mem_cases();
	mmio_cases();
	mmio_dt_cases();
	irq_cases();
	image_cases();
	dma_cases();
	sched_cases();
	all_reported_case();
#else
	image_size_cases();
#endif
	return t_exit_status();
}
