/* SPDX-License-Identifier: MIT */
/* The test library's lines, as protocol or as text for a person (see test_format.h). */
#include <haven/lib.h>

#include "test_format.h"

int t_format_result(char *buf, size_t size, bool human, const char *area, const char *name,
		    bool pass, const char *detail)
{
	bool d = detail && detail[0];

	if (human)
		return hv_snprintf(buf, size, "%s %s: %s%s%s%s\n", area, name,
				   pass ? "passed" : "FAILED", d ? " (" : "", d ? detail : "",
				   d ? ")" : "");
	return hv_snprintf(buf, size, "@T %s %s %s%s%s\n", area, name, pass ? "PASS" : "FAIL",
			   d ? " " : "", d ? detail : "");
}

int t_format_summary(char *buf, size_t size, bool human, unsigned count, unsigned failed)
{
	if (human)
		return hv_snprintf(buf, size, "%u of %u checks passed\n", count - failed, count);
	return hv_snprintf(buf, size, "%u checks, %u failed\n@DONE\n", count, failed);
}
