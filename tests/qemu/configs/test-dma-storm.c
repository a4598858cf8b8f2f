/* SPDX-License-Identifier: MIT */
/*
 * A DMA fault storm (scenario "dma-storm"): dmastorm has its eight edu
 * functions write into the victim's memory 160 times (the system:
 * dma-eight-edu.h).
 */
#define DMA_GUEST dmastorm
#include "dma-eight-edu.h"
