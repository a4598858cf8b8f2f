/* SPDX-License-Identifier: MIT */
/*
 * Just enough of the flattened device tree format (Devicetree Specification
 * 0.4, chapter 5) to find and overwrite a property of /chosen in place. Reads
 * byte by byte (big-endian, any alignment); trusts no offset in the blob.
 */
#include <haven/entropy.h>
#include <haven/lib.h>

#define FDT_MAGIC 0xd00dfeedu
#define FDT_BEGIN_NODE 1u
#define FDT_END_NODE 2u
#define FDT_PROP 3u
#define FDT_NOP 4u
#define FDT_END 9u
#define FDT_HEADER_SIZE 40u

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

uint32_t fdt_totalsize(const uint8_t *fdt)
{
	if (be32(fdt) != FDT_MAGIC || be32(fdt + 20) < 17 || be32(fdt + 24) > 17)
		return 0;
	return be32(fdt + 4) >= FDT_HEADER_SIZE ? be32(fdt + 4) : 0;
}

/* Offset just past the NUL of the string at [off, end), or 0 if none ends there. */
static uint64_t str_end(const uint8_t *s, uint64_t off, uint64_t end)
{
	for (; off < end; off++)
		if (!s[off])
			return off + 1;
	return 0;
}

uint8_t *fdt_chosen_prop(uint8_t *fdt, uint64_t size, const char *name, uint32_t *len)
{
	uint64_t total, so, ss, to, ts, off, end;
	unsigned depth = 0, chosen = 0; /* chosen: depth inside /chosen, 0 when outside */

	if (size < FDT_HEADER_SIZE)
		return NULL;
	total = fdt_totalsize(fdt);
	so = be32(fdt + 8);
	to = be32(fdt + 12);
	ts = be32(fdt + 32);
	ss = be32(fdt + 36);
	if (!total || total > size || so > total || ss > total - so || to > total || ts > total - to)
		return NULL;
	off = so;
	end = so + ss;
	while (off + 4 <= end) {
		uint32_t tok = be32(fdt + off);
		uint64_t next;

		off += 4;
		switch (tok) {
		case FDT_BEGIN_NODE:
			next = str_end(fdt, off, end);
			if (!next)
				return NULL;
			depth++;
			/* the root is depth 1, with an empty name; /chosen is its child */
			if (depth == 2 && !chosen && next - off == 7 && !memcmp(fdt + off, "chosen", 6))
				chosen = depth;
			off = ALIGN_UP(next, 4);
			break;
		case FDT_END_NODE:
			if (!depth)
				return NULL;
			if (depth == chosen)
				return NULL; /* /chosen ends without the property */
			depth--;
			break;
		case FDT_PROP: {
			uint32_t plen, nameoff;

			if (end - off < 8)
				return NULL;
			plen = be32(fdt + off);
			nameoff = be32(fdt + off + 4);
			off += 8;
			if (plen > end - off || nameoff >= ts)
				return NULL;
			if (chosen && depth == chosen) {
				uint64_t n = str_end(fdt, to + nameoff, to + ts);

				if (n && n - (to + nameoff) == strlen(name) + 1 &&
				    !memcmp(fdt + to + nameoff, name, n - (to + nameoff))) {
					*len = plen;
					return fdt + off;
				}
			}
			off = ALIGN_UP(off + plen, 4);
			break;
		}
		case FDT_NOP:
			break;
		default: /* FDT_END, or not a token */
			return NULL;
		}
	}
	return NULL;
}

void fdt_nop_prop(uint8_t *val, uint32_t len)
{
	uint8_t *p = val - 12; /* FDT_PROP, len, nameoff */
	uint8_t *e = val + ALIGN_UP(len, 4);

	for (; p < e; p += 4) {
		p[0] = p[1] = p[2] = 0;
		p[3] = FDT_NOP;
	}
}
