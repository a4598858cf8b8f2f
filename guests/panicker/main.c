/* SPDX-License-Identifier: MIT */
/*
 * panicker: drives Haven's panic path in a test build (HAVEN_TEST_HOOKS=1,
 * scenario "panic"). It waits until the partition beside it has printed, then
 * calls the test-only hypercall 0xC60000FF, which makes EL2 itself fault. Haven
 * must print the panic report and stop the machine: the call never returns.
 */
#include <haven/abi.h>

#include "hvc.h"
#include "test.h"
#include "timer.h"

#define HAVEN_HVC_TEST_PANIC HAVEN_FN64(0xFF)

int main(void)
{
	int64_t r;

	sleep_ms(50); /* let the other partition show that it runs */
	t_pass("panic", "about_to_fault_el2", "calling 0x%x", HAVEN_HVC_TEST_PANIC);
	r = hvc0(HAVEN_HVC_TEST_PANIC, 0, 0, 0);
	t_fail("panic", "hypercall_returned", "returned %lld: Haven did not panic", (long long)r);
	return 0;
}
