/* SPDX-License-Identifier: MIT */
/*
 * Pure helpers (lib/) for what Haven writes into a partition's device tree at
 * every (re)start: a keyed PRF for fresh seeds, and an in-place FDT property
 * finder. Host-tested in tests/host/test_entropy.c.
 */
#ifndef HAVEN_ENTROPY_H
#define HAVEN_ENTROPY_H

#include <haven/types.h>

/* The ChaCha20 block function (RFC 8439, section 2.3): 64 bytes of key stream. */
void chacha20_block(const uint8_t key[32], uint32_t counter, const uint8_t nonce[12], uint8_t out[64]);

/* The FDT header's totalsize when fdt[0..40) is a version 17 header, else 0. */
uint32_t fdt_totalsize(const uint8_t *fdt);

/*
 * The value of property `name` of the node /chosen in the flattened device tree
 * at [fdt, fdt + size), and its length in *len; NULL when the blob is malformed
 * or has no such node or property. Every offset is checked against size and the
 * blob's own block bounds: a corrupt or hostile blob only makes the search fail.
 */
uint8_t *fdt_chosen_prop(uint8_t *fdt, uint64_t size, const char *name, uint32_t *len);

/* Removes the property whose value fdt_chosen_prop() found (FDT_NOP tokens: nothing moves). */
void fdt_nop_prop(uint8_t *val, uint32_t len);

#endif
