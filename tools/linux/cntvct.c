/*
 * cntvct: print "cntvct=<virtual counter> cntfrq=<Hz>" and exit. Freestanding,
 * static, no libc (two system calls), so it needs nothing in the initramfs.
 * The init script runs it right after its first line: under QEMU's
 * -icount shift=0 with a 1 GHz counter, cntvct is the number of instructions
 * since reset (natively; under Haven, since the counter's origin there).
 * Linux lets EL0 read CNTVCT_EL0 (CNTKCTL_EL1.EL0VCTEN, for the vDSO).
 */
typedef unsigned long u64;

static long sys3(long nr, long a, long b, long c)
{
	register long x0 __asm__("x0") = a;
	register long x1 __asm__("x1") = b;
	register long x2 __asm__("x2") = c;
	register long x8 __asm__("x8") = nr;
	__asm__ volatile("svc #0" : "+r"(x0) : "r"(x1), "r"(x2), "r"(x8) : "memory");
	return x0;
}

static char *put_u64(char *p, u64 v)
{
	char t[24];
	int n = 0;
	do {
		t[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		*p++ = t[--n];
	return p;
}

static char *put_str(char *p, const char *s)
{
	while (*s)
		*p++ = *s++;
	return p;
}

void _start(void)
{
	u64 cnt, frq;
	char buf[80], *p = buf;

	__asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(cnt));
	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(frq));
	p = put_str(p, "cntvct=");
	p = put_u64(p, cnt);
	p = put_str(p, " cntfrq=");
	p = put_u64(p, frq);
	*p++ = '\n';
	sys3(64 /* write */, 1, (long)buf, p - buf);
	sys3(93 /* exit */, 0, 0, 0);
	for (;;)
		;
}
