/*
 * sigdfl PROG [ARGS...]: every signal back to its default action and none
 * blocked, then exec PROG (looked up in /bin, /sbin, /usr/bin, /usr/sbin when
 * it has no '/'). The init script starts the attended shell through it: a
 * command started with '&' by a shell without job control (the init script
 * itself) has SIGINT and SIGQUIT ignored, the shell that inherits that keeps
 * them ignored, and Ctrl-C would then interrupt nothing. Freestanding, static,
 * no libc (like cntvct.c).
 */
typedef unsigned long u64;

static long sys4(long nr, long a, long b, long c, long d)
{
	register long x0 __asm__("x0") = a;
	register long x1 __asm__("x1") = b;
	register long x2 __asm__("x2") = c;
	register long x3 __asm__("x3") = d;
	register long x8 __asm__("x8") = nr;
	__asm__ volatile("svc #0" : "+r"(x0) : "r"(x1), "r"(x2), "r"(x3), "r"(x8) : "memory");
	return x0;
}

#define SYS_write 64
#define SYS_exit 93
#define SYS_rt_sigaction 134
#define SYS_rt_sigprocmask 135
#define SYS_execve 221

/* struct sigaction of arm64 Linux's rt_sigaction: handler, flags, restorer, mask. */
struct ksigaction {
	u64 handler; /* 0: SIG_DFL */
	u64 flags;
	u64 restorer;
	u64 mask;
};

static void fail(const char *msg, long len)
{
	sys4(SYS_write, 2, (long)msg, len, 0);
	sys4(SYS_exit, 127, 0, 0, 0);
}

__attribute__((used)) static void start_c(long *sp)
{
	long argc = sp[0];
	char **argv = (char **)(sp + 1), **envp = argv + argc + 1;
	static const char *const dirs[] = { "/bin/", "/sbin/", "/usr/bin/", "/usr/sbin/" };
	struct ksigaction dfl = { 0, 0, 0, 0 };
	u64 none = 0;
	char path[256];

	if (argc < 2)
		fail("usage: sigdfl PROG [ARGS...]\n", 30);
	/* SIGKILL (9) and SIGSTOP (19) cannot be changed; the call just fails for them. */
	for (long sig = 1; sig <= 64; sig++)
		sys4(SYS_rt_sigaction, sig, (long)&dfl, 0, sizeof(u64));
	sys4(SYS_rt_sigprocmask, 2 /* SIG_SETMASK */, (long)&none, 0, sizeof(u64));
	for (const char *c = argv[1]; *c; c++)
		if (*c == '/') {
			sys4(SYS_execve, (long)argv[1], (long)(argv + 1), (long)envp, 0);
			fail("sigdfl: exec failed\n", 20);
		}
	for (unsigned d = 0; d < sizeof(dirs) / sizeof(dirs[0]); d++) {
		unsigned n = 0;

		for (const char *c = dirs[d]; *c; c++)
			path[n++] = *c;
		for (const char *c = argv[1]; *c && n < sizeof(path) - 1; c++)
			path[n++] = *c;
		path[n] = 0;
		sys4(SYS_execve, (long)path, (long)(argv + 1), (long)envp, 0);
	}
	fail("sigdfl: not found\n", 18);
}

/* The kernel enters with sp -> argc, argv[], NULL, envp[], NULL. */
__asm__(".globl _start\n_start:\n\tmov x0, sp\n\tbl start_c\n1:\tb 1b\n");
