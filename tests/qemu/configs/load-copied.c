/* SPDX-License-Identifier: MIT */
/*
 * The reset system (configs/test-reset.c) launched without the in-place
 * images (scenario "load-copied", built with IN_PLACE=0): the launcher fills
 * only Haven's copies, so the first start finds nothing at the partitions'
 * load addresses and must copy every image itself, as at a restart.
 */
#include "../../../configs/test-reset.c"
