/* SPDX-License-Identifier: MIT */
/*
 * DMA event queue overflows (scenario "dma-flood"): dmaflood has its eight edu
 * functions write 4 KiB into the victim's memory 161 times, each DMA more
 * events than the event queue holds (the system: dma-eight-edu.h).
 */
#define DMA_GUEST dmaflood
#include "dma-eight-edu.h"
