/* SPDX-License-Identifier: MIT */
/*
 * Host tests of lib/chacha20.c and lib/fdt.c: what Haven uses to write fresh
 * seeds and the attended flag into a partition's DT at every (re)start
 * (core/bootinfo.c). The FDT cases compile small trees with dtc, then search
 * them whole, truncated and corrupted, each copy in a buffer of exactly its
 * size, under AddressSanitizer (tests/host/host.mk): a read or write past the
 * blob fails the test.
 */
#include "harness.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <haven/entropy.h>

/* RFC 8439 section 2.3.2: key 00..1f, counter 1, nonce 00:00:00:09:00:00:00:4a:00:00:00:00. */
static const uint8_t rfc_block[64] = {
	0x10, 0xf1, 0xe7, 0xe4, 0xd1, 0x3b, 0x59, 0x15, 0x50, 0x0f, 0xdd, 0x1f, 0xa3, 0x20, 0x71, 0xc4,
	0xc7, 0xd1, 0xf4, 0xc7, 0x33, 0xc0, 0x68, 0x03, 0x04, 0x22, 0xaa, 0x9a, 0xc3, 0xd4, 0x6c, 0x4e,
	0xd2, 0x82, 0x64, 0x46, 0x07, 0x9f, 0xaa, 0x09, 0x14, 0xc2, 0xd7, 0x05, 0xd9, 0x8b, 0x02, 0xa2,
	0xb5, 0x12, 0x9c, 0xd1, 0xde, 0x16, 0x4e, 0xb9, 0xcb, 0xd0, 0x83, 0xe8, 0xa2, 0x50, 0x3c, 0x4e,
};

static void test_chacha20(void)
{
	uint8_t key[32], nonce[12] = { 0, 0, 0, 9, 0, 0, 0, 0x4a, 0, 0, 0, 0 }, out[64], out2[64];

	for (unsigned i = 0; i < 32; i++)
		key[i] = (uint8_t)i;
	t_begin("entropy.chacha20.rfc8439_block");
	chacha20_block(key, 1, nonce, out);
	T_CHECK(!memcmp(out, rfc_block, 64), "block differs from RFC 8439 2.3.2 (first byte 0x%02x)", out[0]);
	t_end();

	t_begin("entropy.chacha20.nonce_changes_output");
	nonce[11] = 1;
	chacha20_block(key, 1, nonce, out2);
	T_CHECK(memcmp(out, out2, 64) != 0, "same block for another nonce");
	t_end();
}

/* dts -> a malloc'ed DTB (via dtc), its size in *size; NULL if dtc failed. */
static uint8_t *dtb_of(const char *dts, size_t *size)
{
	char src[] = "/tmp/haven-test-entropy-XXXXXX", cmd[128];
	int fd = mkstemp(src);
	uint8_t *buf = malloc(65536);
	FILE *f;

	if (fd < 0 || !buf)
		return NULL;
	if (write(fd, dts, strlen(dts)) != (ssize_t)strlen(dts))
		return NULL;
	close(fd);
	snprintf(cmd, sizeof(cmd), "dtc -q -I dts -O dtb %s", src);
	f = popen(cmd, "r");
	*size = f ? fread(buf, 1, 65536, f) : 0;
	if (f && pclose(f) != 0)
		*size = 0;
	unlink(src);
	if (!*size) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* An exact-size heap copy of the first n bytes, so that ASan sees any access past it. */
static uint8_t *exact_copy(const uint8_t *b, size_t n)
{
	uint8_t *c = malloc(n ? n : 1);

	memcpy(c, b, n);
	return c;
}

static const char tree[] =
	"/dts-v1/;\n/ {\n"
	"\tother { rng-seed = <0x11>; };\n"
	"\tchosen {\n"
	"\t\tbootargs = \"console=ttyAMA0\";\n"
	"\t\trng-seed = [00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00];\n"
	"\t\tkaslr-seed = <0x0 0x0>;\n"
	"\t\thaven,attended = <0x0>;\n"
	"\t\tsub { haven,attended = <0x7>; in-sub = <0x1>; };\n"
	"\t};\n"
	"\tlater { kaslr-seed = <0x1 0x2>; };\n};\n";

static void test_fdt_find(uint8_t *dtb, size_t size)
{
	uint32_t len = 0;
	uint8_t *v;

	t_begin("entropy.fdt.totalsize");
	T_CHECK(fdt_totalsize(dtb) == size, "totalsize %u, blob %zu bytes", fdt_totalsize(dtb), size);
	t_end();

	t_begin("entropy.fdt.chosen_props");
	v = fdt_chosen_prop(dtb, size, "rng-seed", &len);
	T_CHECK(v && len == 32, "rng-seed: %p len %u", (void *)v, len);
	v = fdt_chosen_prop(dtb, size, "kaslr-seed", &len);
	T_CHECK(v && len == 8, "kaslr-seed: %p len %u", (void *)v, len);
	v = fdt_chosen_prop(dtb, size, "haven,attended", &len);
	/* /chosen's own property, not its subnode's (<0x7>) */
	T_CHECK(v && len == 4 && v[3] == 0, "haven,attended: %p len %u", (void *)v, len);
	T_CHECK(!fdt_chosen_prop(dtb, size, "haven", &len), "a prefix of a name matched");
	T_CHECK(!fdt_chosen_prop(dtb, size, "missing", &len), "a missing property was found");
	T_CHECK(!fdt_chosen_prop(dtb, size, "in-sub", &len), "a property of a subnode of /chosen was found");
	t_end();

	t_begin("entropy.fdt.write_in_place");
	v = fdt_chosen_prop(dtb, size, "kaslr-seed", &len);
	if (v) {
		memset(v, 0xA5, len);
		v = fdt_chosen_prop(dtb, size, "kaslr-seed", &len);
		T_CHECK(v && v[0] == 0xA5 && v[7] == 0xA5, "value not written");
		T_CHECK(fdt_chosen_prop(dtb, size, "haven,attended", &len) != NULL,
			"the next property is lost");
	}
	t_end();

	t_begin("entropy.fdt.nop");
	v = fdt_chosen_prop(dtb, size, "rng-seed", &len);
	if (v)
		fdt_nop_prop(v, len);
	T_CHECK(v && !fdt_chosen_prop(dtb, size, "rng-seed", &len), "rng-seed still there");
	T_CHECK(fdt_chosen_prop(dtb, size, "kaslr-seed", &len) && fdt_chosen_prop(dtb, size, "bootargs", &len),
		"another property was lost");
	t_end();
}

static void test_fdt_hostile(const uint8_t *dtb, size_t size)
{
	unsigned bad = 0, found_truncated = 0;
	uint32_t len;

	t_begin("entropy.fdt.no_chosen");
	{
		size_t n;
		uint8_t *b = dtb_of("/dts-v1/;\n/ { choser { rng-seed = <0x1>; }; };\n", &n);

		T_CHECK(b && !fdt_chosen_prop(b, n, "rng-seed", &len), "found a property without /chosen");
		free(b);
	}
	t_end();

	/* Every truncation: found only if the blob is whole (totalsize is checked against size). */
	t_begin("entropy.fdt.truncated");
	for (size_t n = 0; n < size; n++) {
		uint8_t *c = exact_copy(dtb, n);

		found_truncated += fdt_chosen_prop(c, n, "haven,attended", &len) != NULL;
		free(c);
	}
	T_CHECK(found_truncated == 0, "%u truncated blobs gave a result", found_truncated);
	t_end();

	/* Every byte set to values that break tokens, lengths and offsets: in bounds or NULL. */
	t_begin("entropy.fdt.corrupted");
	for (size_t i = 0; i < size; i++) {
		static const uint8_t vals[] = { 0x00, 0x01, 0x02, 0x03, 0x04, 0x09, 0x7F, 0xFF };

		for (unsigned k = 0; k < sizeof(vals); k++) {
			uint8_t *c = exact_copy(dtb, size), *v;

			c[i] = vals[k];
			v = fdt_chosen_prop(c, size, "kaslr-seed", &len);
			if (v && (v < c || v + len > c + size))
				bad++;
			free(c);
		}
	}
	T_CHECK(bad == 0, "%u corrupted blobs gave a value outside the blob", bad);
	t_end();

	t_begin("entropy.fdt.bad_magic");
	{
		uint8_t *c = exact_copy(dtb, size);

		c[0] ^= 1;
		T_CHECK(!fdt_totalsize(c) && !fdt_chosen_prop(c, size, "kaslr-seed", &len), "accepted");
		free(c);
	}
	t_end();
}

int main(void)
{
	size_t size = 0;
	uint8_t *dtb;

	test_chacha20();
	dtb = dtb_of(tree, &size);
	t_begin("entropy.fdt.dtc");
	T_CHECK(dtb != NULL, "dtc could not compile the test tree (tools/setup.sh installs dtc)");
	t_end();
	if (dtb) {
		uint8_t *exact = exact_copy(dtb, size);

		test_fdt_hostile(exact, size);
		test_fdt_find(exact, size);
		free(exact);
	}
	free(dtb);
	return t_exit_status();
}
