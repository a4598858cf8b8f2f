/* SPDX-License-Identifier: MIT */
/* guests/dmatest/ecam.c: the checks beside dmapeer. */
#ifndef DMATEST_ECAM_H
#define DMATEST_ECAM_H

#include "guest.h"

void ecam_host_view(void);
void ecam_own_intact(uint64_t bar);
void dma_into_peer(uint64_t bar, uint32_t sid);

#endif
