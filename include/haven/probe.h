/* SPDX-License-Identifier: MIT */
/*
 * The attacker's probe plan. tools/haven-check --emit-probes <image> derives it
 * from the system config (core/probe_plan.c) and writes it as C, which is
 * linked into guests/attacker. Each probe is one access the attacker makes at
 * an IPA, with the outcome the config implies: the first and last byte of its
 * own regions work; everything outside its map (other partitions, the
 * hypervisor, other CPUs' redistributors, unassigned devices) faults; a branch
 * into anything that is not executable (its own regions without HV_MEM_X, its
 * devices, emulated windows, other partitions, the hypervisor) faults too.
 */
#ifndef HAVEN_PROBE_H
#define HAVEN_PROBE_H

#include <haven/types.h>

#define PROBE_OK 0    /* the access completes */
#define PROBE_FAULT 1 /* Haven reports a violation and the guest takes an abort */

#define PROBE_READ 0
#define PROBE_WRITE 1 /* writes store back the value a read returned */
#define PROBE_EXEC 2  /* a branch with link to addr (4-byte aligned, size 4): an instruction fetch */

#define PROBE_LABEL_MAX 48

struct haven_probe {
	uint64_t addr;  /* IPA probed (one byte; size 4 for device windows and instruction fetches) */
	uint8_t expect; /* PROBE_OK or PROBE_FAULT */
	uint8_t access; /* PROBE_READ, PROBE_WRITE or PROBE_EXEC */
	uint8_t size;   /* 1 or 4 bytes */
	char label[PROBE_LABEL_MAX]; /* test name, e.g. "own.mem0.first.read" */
};

/* Generated for the attacker (build/.../gen/probes.c). */
extern const struct haven_probe haven_probes[];
extern const unsigned haven_num_probes;

struct haven_config;
struct haven_platform;

/*
 * Builds the plan for the partition whose image is named image_name. Returns
 * the number of probes written to out (at most max), or -1 if no partition
 * runs that image.
 */
int haven_probe_plan(const struct haven_config *cfg, const struct haven_platform *plat,
		     const char *image_name, struct haven_probe *out, unsigned max);

#endif
