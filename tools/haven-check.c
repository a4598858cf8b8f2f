/* SPDX-License-Identifier: MIT */
/*
 * haven-check: the build-time config checker. It is linked with one system
 * config (configs/<CONFIG>.c, built with -DHAVEN_HOST), the platform it targets
 * and the same validator the hypervisor runs at boot (core/config_check.c), so
 * a config the build accepts is one Haven accepts.
 *
 *   haven-check                      validate; exit 0 when the config is valid
 *   haven-check --image-sizes FILE   validate, with the memsz of each image from
 *                                    FILE ("name bytes" a line, tools/image-sizes.sh)
 *   haven-check --emit-probes IMAGE  validate silently, then write the probe
 *                                    plan of the partition running IMAGE as C
 *   haven-check --json               validate silently, then write the config and
 *                                    the platform as JSON (for tools/bench*.py)
 *   haven-check --list-images [--guests "A B.." --blobs "C D.."]
 *                                    the image names the config uses, one per
 *                                    line, sorted (for the Makefile; no validation);
 *                                    with the lists, refuse a name in neither
 *   haven-check --list-loads         "name pa" for every blob of every partition: the
 *                                    physical address the launcher places it at for
 *                                    the first start (for the Makefile; no validation)
 *   haven-check --help
 *
 * Tools take a config's facts from here, never by reading configs/<name>.c as text:
 * a config may build its partitions with macros from a header.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <haven/check.h>
#include <haven/probe.h>

#define PROG "haven-check"
/* Generous: a config of 8 partitions with 8 regions each needs about 300 probes. */
#define MAX_PROBES 1024

/* Prints one validator message to stderr, prefixed with the program name. */
void cfg_report(const char *fmt, ...)
{
	va_list ap;

	fputs(PROG ": ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* Prints the usage text to f. */
static void usage(FILE *f)
{
	fprintf(f,
		"usage: " PROG "                      validate the linked config against platform '%s'\n"
		"       " PROG " --image-sizes FILE   validate, checking each image's memsz from FILE\n"
		"                                     (\"name bytes\" a line) fits its region\n"
		"       " PROG " --emit-probes IMAGE  validate, then print the probe plan of the partition\n"
		"                                     running IMAGE as C (haven_probes[], haven_num_probes)\n"
		"       " PROG " --json               validate, then print the config and the platform as JSON\n"
		"       " PROG " --list-images        print the image names the config uses, sorted, one a line\n"
		"                                     (without validating: the build needs them first)\n"
		"       " PROG " --list-images --guests \"A B..\" --blobs \"C D..\"\n"
		"                                     the same, refusing a name that is neither a guest\n"
		"                                     nor a blob of the lists nor <x>_dtb (generated)\n"
		"       " PROG " --list-loads         print 'name pa' for every blob of every partition: where\n"
		"                                     the launcher places it for the first start\n"
		"       " PROG " --help               this text\n"
		"Exit status: 0 when the config is valid, 1 when it is not (each problem is printed\n"
		"to stderr), 2 on bad usage.\n",
		haven_platform.name);
}

/*
 * The config validate() checks: the linked one, or (after --image-sizes) a copy
 * of it with each image's memsz filled in, as the hypervisor's images.S does.
 */
static const struct haven_config *config = &haven_config;

/* Validates the config; prints the summary line on failure. Returns the problem count. */
static unsigned validate(void)
{
	unsigned problems = haven_config_check(config, &haven_platform);

	if (problems)
		fprintf(stderr, PROG ": %u problem(s) in the config; fix the fields named above\n", problems);
	return problems;
}

/* Writes s as the body of a C string literal, escaping what needs it. */
static void put_c_string(FILE *f, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			fprintf(f, "\\%03o", c);
		else
			fputc(c, f);
	}
}

/* Checks that stdout took everything. Returns the exit status. */
static int flushed(const char *what)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, PROG ": writing %s: ", what);
		perror(NULL);
		return 1;
	}
	return 0;
}

/* Writes the probe plan for image as a C file on stdout. Returns the exit status. */
static int emit_probes(const char *image)
{
	static struct haven_probe probes[MAX_PROBES];
	int n;

	if (validate())
		return 1;
	n = haven_probe_plan(&haven_config, &haven_platform, image, probes, MAX_PROBES);
	if (n < 0) {
		fprintf(stderr, PROG ": no partition runs image '%s'; images in this config:", image);
		for (unsigned i = 0; i < haven_config.num_partitions; i++) {
			const char *name = haven_config.partitions[i].image.name;

			fprintf(stderr, " %s", name ? name : "(none)");
		}
		fputc('\n', stderr);
		return 1;
	}
	if (n >= MAX_PROBES) {
		fprintf(stderr, PROG ": the probe plan for '%s' has %d probes or more; raise MAX_PROBES\n",
			image, MAX_PROBES);
		return 1;
	}

	printf("/* Generated by " PROG " --emit-probes %s for platform '%s': do not edit. */\n",
	       image, haven_platform.name);
	printf("#include <haven/probe.h>\n\n");
	printf("const struct haven_probe haven_probes[%d] = {\n", n > 0 ? n : 1);
	for (int i = 0; i < n; i++) {
		const struct haven_probe *p = &probes[i];

		printf("\t{ .addr = 0x%llxULL, .expect = %s, .access = %s, .size = %u, .label = \"",
		       (unsigned long long)p->addr, p->expect == PROBE_OK ? "PROBE_OK" : "PROBE_FAULT",
		       p->access == PROBE_READ ? "PROBE_READ" : p->access == PROBE_WRITE ? "PROBE_WRITE" : "PROBE_EXEC",
		       (unsigned)p->size);
		put_c_string(stdout, p->label);
		printf("\" },\n");
	}
	if (n == 0)
		printf("\t{ .label = \"\" },\n");
	printf("};\n\nconst unsigned haven_num_probes = %d;\n", n);
	return flushed("the probe plan");
}

/* Writes s as a JSON string (null for NULL); bytes >= 0x80 pass through (UTF-8). */
static void json_string(const char *s)
{
	if (!s) {
		fputs("null", stdout);
		return;
	}
	putchar('"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

/* Writes the names of the bits set in v as a JSON list; a bit without a name as its value. */
static void json_flags(uint64_t v, const char *const names[], unsigned n)
{
	const char *sep = "";

	putchar('[');
	for (unsigned b = 0; b < 64; b++) {
		if (!(v & BIT(b)))
			continue;
		fputs(sep, stdout);
		if (b < n && names[b])
			json_string(names[b]);
		else
			printf("%llu", (unsigned long long)BIT(b));
		sep = ", ";
	}
	putchar(']');
}

static void json_image(const struct haven_image *img)
{
	fputs("{\"name\": ", stdout);
	json_string(img->name);
	printf(", \"load_ipa\": %llu}", (unsigned long long)img->load_ipa);
}

static void json_partition(unsigned id, const struct haven_partition_config *p)
{
	static const char *const perms[] = { "r", "w", "x" };
	static const char *const mem_flags[] = { "shared", "reserved" };
	static const char *const part_flags[] = { "console_input", "trusted_phys_dma", "pci_host" };
	const char *sep = "";
	unsigned vcpus = 0;

	printf("    {\"id\": %u, \"name\": ", id);
	json_string(p->name);
	fputs(", \"cpus\": [", stdout);
	for (unsigned c = 0; c < 64; c++) {
		if (p->cpus & BIT(c)) {
			printf("%s%u", sep, c);
			sep = ", ";
			vcpus++;
		}
	}
	printf("], \"vcpus\": %u,\n     \"mem\": [", vcpus);
	for (uint32_t i = 0; i < p->num_mem; i++) {
		const struct haven_mem_region *m = &p->mem[i];

		printf("%s{\"ipa\": %llu, \"pa\": %llu, \"size\": %llu, \"perm\": ", i ? ", " : "",
		       (unsigned long long)m->ipa, (unsigned long long)m->pa, (unsigned long long)m->size);
		json_flags(m->perm, perms, ARRAY_SIZE(perms));
		fputs(", \"flags\": ", stdout);
		json_flags(m->flags, mem_flags, ARRAY_SIZE(mem_flags));
		putchar('}');
	}
	fputs("],\n     \"mmio\": [", stdout);
	for (uint32_t i = 0; i < p->num_mmio; i++)
		printf("%s{\"ipa\": %llu, \"pa\": %llu, \"size\": %llu}", i ? ", " : "",
		       (unsigned long long)p->mmio[i].ipa, (unsigned long long)p->mmio[i].pa,
		       (unsigned long long)p->mmio[i].size);
	fputs("],\n     \"irqs\": [", stdout);
	for (uint32_t i = 0; i < p->num_irqs; i++)
		printf("%s%u", i ? ", " : "", (unsigned)p->irqs[i]);
	printf("], \"fault_policy\": \"%s\",\n     \"image\": ",
	       p->fault_policy == HV_FAULT_STOP ? "stop" : "inject");
	json_image(&p->image);
	fputs(", \"extra\": [", stdout);
	for (uint32_t i = 0; i < p->num_extra; i++) {
		fputs(i ? ", " : "", stdout);
		json_image(&p->extra[i]);
	}
	printf("],\n     \"entry\": %llu, \"dtb_ipa\": %llu, \"bootargs\": ",
	       (unsigned long long)p->entry, (unsigned long long)p->dtb_ipa);
	json_string(p->bootargs);
	fputs(", \"flags\": ", stdout);
	json_flags(p->flags, part_flags, ARRAY_SIZE(part_flags));
	putchar('}');
}

static void json_platform(const struct haven_platform *pl)
{
	static const char *const dev_flags[] = { "assignable", "hyp", "dma", "smmu" };

	fputs("  \"platform\": {\"name\": ", stdout);
	json_string(pl->name);
	fputs(",\n    \"cpu_mpidr\": [", stdout);
	for (uint32_t i = 0; i < pl->num_cpus; i++)
		printf("%s%llu", i ? ", " : "", (unsigned long long)pl->cpu_mpidr[i]);
	fputs("],\n    \"ram\": [", stdout);
	for (uint32_t i = 0; i < pl->num_ram; i++)
		printf("%s{\"base\": %llu, \"size\": %llu}", i ? ", " : "",
		       (unsigned long long)pl->ram[i].base, (unsigned long long)pl->ram[i].size);
	fputs("],\n    \"devices\": [", stdout);
	for (uint32_t i = 0; i < pl->num_devices; i++) {
		const struct haven_device *d = &pl->devices[i];

		fputs(i ? ",\n      {\"name\": " : "\n      {\"name\": ", stdout);
		json_string(d->name);
		printf(", \"base\": %llu, \"size\": %llu, \"irq\": %u, \"flags\": ",
		       (unsigned long long)d->base, (unsigned long long)d->size, (unsigned)d->irq);
		json_flags(d->flags, dev_flags, ARRAY_SIZE(dev_flags));
		putchar('}');
	}
	printf("],\n    \"hyp_base\": %llu, \"hyp_size\": %llu, \"store_base\": %llu, \"store_size\": %llu,\n"
	       "    \"gicd_base\": %llu, \"gicr_base\": %llu, \"gicr_stride\": %llu, \"max_intid\": %u,\n"
	       "    \"uart_base\": %llu, \"uart_irq\": %u, \"pa_bits\": %llu}",
	       (unsigned long long)pl->hyp_base, (unsigned long long)pl->hyp_size,
	       (unsigned long long)pl->store_base, (unsigned long long)pl->store_size,
	       (unsigned long long)pl->gicd_base, (unsigned long long)pl->gicr_base,
	       (unsigned long long)pl->gicr_stride, (unsigned)pl->max_intid,
	       (unsigned long long)pl->uart_base, (unsigned)pl->uart_irq,
	       (unsigned long long)pl->pa_bits);
}

/*
 * Writes the validated config and the platform as one JSON object on stdout.
 * Addresses and sizes are JSON integers; perm and flags are lists of names.
 * Returns the exit status.
 */
static int emit_json(void)
{
	if (validate())
		return 1;
	printf("{\n  \"partitions\": [\n");
	for (uint32_t i = 0; i < haven_config.num_partitions; i++) {
		json_partition(i, &haven_config.partitions[i]);
		fputs(i + 1 < haven_config.num_partitions ? ",\n" : "\n", stdout);
	}
	printf("  ],\n  \"schedules\": [");
	for (uint32_t i = 0; i < haven_config.num_schedules; i++) {
		const struct haven_schedule *sc = &haven_config.schedules[i];

		printf("%s\n    {\"cpu\": %u, \"frame_us\": %u, \"windows\": [", i ? "," : "",
		       (unsigned)sc->cpu, (unsigned)sc->frame_us);
		for (uint32_t w = 0; w < sc->num_windows; w++)
			printf("%s{\"partition\": %u, \"offset_us\": %u, \"length_us\": %u}", w ? ", " : "",
			       (unsigned)sc->windows[w].partition, (unsigned)sc->windows[w].offset_us,
			       (unsigned)sc->windows[w].length_us);
		printf("]}");
	}
	printf("%s],\n", haven_config.num_schedules ? "\n  " : "");
	json_platform(&haven_platform);
	printf("\n}\n");
	return flushed("the JSON");
}

/* Returns the memsz FILE gives image name, 0 when it does not name it. */
static uint64_t memsz_of(FILE *f, const char *name)
{
	char line[256], n[128];
	unsigned long long size;

	rewind(f);
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%127s %llu", n, &size) == 2 && strcmp(n, name) == 0)
			return size;
	return 0;
}

/*
 * Makes config a copy of haven_config whose images have the memsz FILE lists
 * (tools/image-sizes.sh). A config whose arrays are malformed stays as it is:
 * the validator reports that. Returns the exit status (1: FILE unreadable).
 */
static int apply_image_sizes(const char *path)
{
	static struct haven_partition_config parts[HAVEN_MAX_PARTITIONS];
	static struct haven_image extra[HAVEN_MAX_PARTITIONS][HAVEN_MAX_EXTRA];
	static struct haven_config sized;
	const struct haven_config *cfg = &haven_config;
	FILE *f = fopen(path, "r");

	if (!f) {
		fprintf(stderr, PROG ": --image-sizes %s: ", path);
		perror(NULL);
		return 1;
	}
	if (cfg->num_partitions > HAVEN_MAX_PARTITIONS || !cfg->partitions)
		goto out;
	for (uint32_t i = 0; i < cfg->num_partitions; i++) {
		const struct haven_partition_config *p = &cfg->partitions[i];

		if (p->num_extra > HAVEN_MAX_EXTRA || (p->num_extra && !p->extra))
			goto out;
		parts[i] = *p;
		if (p->image.name)
			parts[i].image.memsz = memsz_of(f, p->image.name);
		for (uint32_t k = 0; k < p->num_extra; k++) {
			extra[i][k] = p->extra[k];
			if (p->extra[k].name)
				extra[i][k].memsz = memsz_of(f, p->extra[k].name);
		}
		if (p->num_extra)
			parts[i].extra = extra[i];
	}
	sized = *cfg;
	sized.partitions = parts;
	config = &sized;
out:
	fclose(f);
	return 0;
}

/* True when word is one of the space-separated words of list. */
static bool in_list(const char *list, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = list; (p = strstr(p, word)) != NULL; p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return true;
	return false;
}

/*
 * Checks that image name, in field of partition #i, is a guest of guests/ or a
 * blob the build can stage (one of blobs, or <x>_dtb, a DT the build generates).
 * Returns 1 when it is neither, after saying so.
 */
static int unknown_image(unsigned i, const char *field, const char *name, const char *guests,
			 const char *blobs)
{
	size_t n = strlen(name);
	const char *pname = haven_config.partitions[i].name;

	/* An empty name is the validator's to report (image.name: is empty). */
	if (n == 0 || in_list(guests, name) || in_list(blobs, name) ||
	    (n > 4 && strcmp(name + n - 4, "_dtb") == 0))
		return 0;
	fprintf(stderr, PROG ": partition '%s' (#%u): %s: '%s' is neither a guest in guests/ nor a Linux blob; "
		"guests: %s; blobs: %s, or <x>_dtb for a generated DT; fix the name or add guests/%s/\n",
		pname ? pname : "?", i, field, name, guests, blobs[0] ? blobs : "(none)", name);
	return 1;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * Prints every image name the config uses (image and extra[] of every
 * partition), sorted, each once. It does not validate: the build needs the
 * list to build the images before haven-check runs as the validator, and a
 * test build (HOST_CHECK=0) builds a config the validator rejects. So it
 * guards only against what would crash it. With guests (the guests of
 * guests/) and blobs (the Linux blobs the build knows), both space-separated,
 * it refuses a name that is neither, naming partition and field.
 */
static int list_images(const char *guests, const char *blobs)
{
	static const char *names[HAVEN_MAX_PARTITIONS * (1 + HAVEN_MAX_EXTRA)];
	static const char *const extra_field[] = { "extra[0].name", "extra[1].name", "extra[2].name",
						   "extra[3].name" };
	const struct haven_config *cfg = &haven_config;
	unsigned n = 0;
	int unknown = 0;

	_Static_assert(ARRAY_SIZE(extra_field) == HAVEN_MAX_EXTRA, "a field name per extra[] slot");

	if (cfg->num_partitions > HAVEN_MAX_PARTITIONS || (cfg->num_partitions && !cfg->partitions)) {
		fprintf(stderr, PROG ": --list-images: the config's partition array is malformed\n");
		return 1;
	}
	for (uint32_t i = 0; i < cfg->num_partitions; i++) {
		const struct haven_partition_config *p = &cfg->partitions[i];

		if (p->num_extra > HAVEN_MAX_EXTRA || (p->num_extra && !p->extra)) {
			fprintf(stderr, PROG ": --list-images: partition #%u: extra[] is malformed\n", i);
			return 1;
		}
		if (p->image.name)
			names[n++] = p->image.name;
		if (p->image.name && guests)
			unknown |= unknown_image(i, "image.name", p->image.name, guests, blobs);
		for (uint32_t j = 0; j < p->num_extra; j++) {
			if (p->extra[j].name)
				names[n++] = p->extra[j].name;
			if (p->extra[j].name && guests)
				unknown |= unknown_image(i, extra_field[j], p->extra[j].name, guests, blobs);
		}
	}
	if (unknown)
		return 1;
	qsort(names, n, sizeof(names[0]), cmp_names);
	for (unsigned i = 0; i < n; i++)
		if (i == 0 || strcmp(names[i], names[i - 1]) != 0)
			printf("%s\n", names[i]);
	return flushed("the image list");
}

/*
 * Prints "name pa" for every blob of every partition (image, then extra[]):
 * the physical address of its load_ipa in the partition's memory, where the
 * launcher places it for the first start (docs/platforms.md#the-boot-contract).
 * No validation, like --list-images; a blob outside the partition's memory is
 * left out (Haven then copies it or refuses the config).
 */
static int list_loads(void)
{
	const struct haven_config *cfg = &haven_config;

	if (cfg->num_partitions > HAVEN_MAX_PARTITIONS || (cfg->num_partitions && !cfg->partitions)) {
		fprintf(stderr, PROG ": --list-loads: the config's partition array is malformed\n");
		return 1;
	}
	for (uint32_t i = 0; i < cfg->num_partitions; i++) {
		const struct haven_partition_config *p = &cfg->partitions[i];

		if (p->num_extra > HAVEN_MAX_EXTRA || (p->num_extra && !p->extra) ||
		    p->num_mem > HAVEN_MAX_MEM_REGIONS || (p->num_mem && !p->mem))
			continue;
		for (uint32_t j = 0; j <= p->num_extra; j++) {
			const struct haven_image *img = j ? &p->extra[j - 1] : &p->image;

			for (uint32_t k = 0; k < p->num_mem; k++)
				if (img->name && img->load_ipa - p->mem[k].ipa < p->mem[k].size) {
					printf("%s 0x%llx\n", img->name,
					       (unsigned long long)(p->mem[k].pa + img->load_ipa - p->mem[k].ipa));
					break;
				}
		}
	}
	return flushed("the load list");
}

int main(int argc, char **argv)
{
	if (argc == 1) {
		if (validate())
			return 1;
		printf(PROG ": config OK: %u partitions on %s\n", (unsigned)haven_config.num_partitions,
		       haven_platform.name);
		return 0;
	}
	if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		usage(stdout);
		return 0;
	}
	if (argc == 2 && strcmp(argv[1], "--json") == 0)
		return emit_json();
	if (argc == 2 && strcmp(argv[1], "--list-images") == 0)
		return list_images(NULL, NULL);
	if (argc == 2 && strcmp(argv[1], "--list-loads") == 0)
		return list_loads();
	if (argc == 6 && strcmp(argv[1], "--list-images") == 0 && strcmp(argv[2], "--guests") == 0 &&
	    strcmp(argv[4], "--blobs") == 0)
		return list_images(argv[3], argv[5]);
	if (argc == 3 && strcmp(argv[1], "--image-sizes") == 0) {
		if (apply_image_sizes(argv[2]))
			return 1;
		if (validate())
			return 1;
		printf(PROG ": config OK: %u partitions on %s, every image fits its region\n",
		       (unsigned)haven_config.num_partitions, haven_platform.name);
		return 0;
	}
	if (argc == 3 && strcmp(argv[1], "--emit-probes") == 0)
		return emit_probes(argv[2]);
	usage(stderr);
	return 2;
}
