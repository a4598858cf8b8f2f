/* SPDX-License-Identifier: MIT */
/* PSCI helpers over HVC. */
#include "hvc.h"
#include "sysreg.h"

int32_t psci_version(void)
{
	return (int32_t)hvc0(PSCI_VERSION, 0, 0, 0);
}

int32_t psci_features(uint32_t fn)
{
	return (int32_t)hvc0(PSCI_FEATURES, fn, 0, 0);
}

int32_t psci_cpu_on(uint64_t target, uint64_t entry, uint64_t ctx)
{
	return (int32_t)hvc0(PSCI_CPU_ON_64, target, entry, ctx);
}

int32_t psci_affinity_info(uint64_t target, uint32_t level)
{
	return (int32_t)hvc0(PSCI_AFFINITY_INFO_64, target, level, 0);
}

void psci_cpu_off(void)
{
	irq_disable();
	hvc0(PSCI_CPU_OFF, 0, 0, 0);
	for (;;)
		wfi();
}

void psci_system_off(void)
{
	irq_disable();
	hvc0(PSCI_SYSTEM_OFF, 0, 0, 0);
	for (;;)
		wfi();
}
