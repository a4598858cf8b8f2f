/* SPDX-License-Identifier: MIT */
/*
 * QEMU `virt` with its SMMUv3 (-M virt,iommu=smmuv3): qemu-virt's description
 * plus the SMMU and the PCIe devices behind it (see platform/qemu-virt/platform.c).
 */
#define HAVEN_QEMU_VIRT_SMMU
#include "../qemu-virt/platform.c"
