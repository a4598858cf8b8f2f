/* SPDX-License-Identifier: MIT */
/*
 * Tests of haven-dtgen's command line (tools/haven-dtgen.c, included whole,
 * its main() renamed): the exit status, stdout and stderr of each use and of
 * each command-line error, for the config defined here as haven_config (the
 * one the tool is linked with). Each case runs the tool's main() in a child
 * process, with stdout and stderr sent to files, so its exit status and stdio
 * state cannot leak into the test.
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#define main haven_dtgen_main
#include "../../tools/haven-dtgen.c"
#undef main

#include "harness.h"

#define OUT_MAX 65536

/* A Linux partition with an initramfs and its DTB, alone on the machine. */
static const struct haven_mem_region linux_mem[] = {
	{ .ipa = 0x50000000, .pa = 0x50000000, .size = 0x10000000, .perm = HV_MEM_RWX },
};
static const struct haven_image linux_extra[] = {
	{ .name = "initramfs", .load_ipa = 0x54000000 },
	{ .name = "linux_dtb", .load_ipa = 0x53e00000 },
};

/* Not const: a case may break it (in its child process only). */
static struct haven_partition_config cli_parts[] = {
	{ .name = "linux", .cpus = BIT(0) | BIT(1), .num_mem = HV_COUNT(linux_mem), .mem = linux_mem,
	  .image = { .name = "linux", .load_ipa = 0x50000000 }, .entry = 0x50000000,
	  .num_extra = HV_COUNT(linux_extra), .extra = linux_extra, .dtb_ipa = 0x53e00000 },
};

const struct haven_config haven_config = {
	.magic = HAVEN_CONFIG_MAGIC, .revision = HAVEN_CONFIG_REVISION,
	.num_partitions = HV_COUNT(cli_parts), .partitions = cli_parts,
};

/* What one run printed. */
static char out[OUT_MAX], err[OUT_MAX];

/* Reads the file at path into buf (NUL-terminated, truncated to size - 1). */
static void slurp(const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "r");
	size_t n = 0;

	if (f) {
		n = fread(buf, 1, size - 1, f);
		fclose(f);
	}
	buf[n] = '\0';
}

/* Gives partition 0 no CPU: a config the validator refuses. */
static void break_config(void)
{
	cli_parts[0].cpus = 0;
}

/*
 * Runs haven-dtgen with the NULL-terminated arguments after setup (NULL: none)
 * in a child whose stdout goes to out_path (NULL: a file read back into out[])
 * and whose stderr is read back into err[]. Returns its exit status, -1 when
 * it did not exit normally.
 */
static int run_tool(void (*setup)(void), const char *out_path, const char *const *args)
{
	char out_tmp[] = "/tmp/haven-dtgen-cli-out-XXXXXX", err_tmp[] = "/tmp/haven-dtgen-cli-err-XXXXXX";
	int out_fd = mkstemp(out_tmp), err_fd = mkstemp(err_tmp), status = -1;
	char *argv[16];
	int argc = 0;
	pid_t pid;

	out[0] = err[0] = '\0';
	if (out_fd < 0 || err_fd < 0)
		return -1;
	argv[argc++] = "haven-dtgen";
	while (*args && argc < 15)
		argv[argc++] = (char *)*args++;
	argv[argc] = NULL;
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid == 0) {
		int fd = out_path ? open(out_path, O_WRONLY) : out_fd;

		if (fd < 0 || dup2(fd, 1) < 0 || dup2(err_fd, 2) < 0)
			_exit(126);
		if (setup)
			setup();
		status = haven_dtgen_main(argc, argv);
		fflush(stdout);
		fflush(stderr);
		_exit(status);
	}
	if (pid > 0 && waitpid(pid, &status, 0) == pid)
		status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
	else
		status = -1;
	close(out_fd);
	close(err_fd);
	slurp(out_tmp, out, sizeof(out));
	slurp(err_tmp, err, sizeof(err));
	unlink(out_tmp);
	unlink(err_tmp);
	return status;
}

/*
 * One case: runs the tool (see run_tool) and checks its exit status, that its
 * stderr contains want_err (NULL: is empty) and its stdout contains want_out
 * (NULL: not checked).
 */
static void cli(const char *name, int want_rc, const char *want_err, const char *want_out,
		void (*setup)(void), const char *out_path, const char *const *args)
{
	int rc = run_tool(setup, out_path, args);

	t_begin(name);
	T_CHECK(rc == want_rc, "exit status %d, want %d; stderr: %.200s", rc, want_rc, err);
	if (want_err)
		T_CHECK(strstr(err, want_err), "stderr lacks '%s'; it says: %.300s", want_err, err);
	else
		T_CHECK(!err[0], "stderr is not empty: %.300s", err);
	if (want_out)
		T_CHECK(strstr(out, want_out), "stdout lacks '%s'; it says: %.300s", want_out, out);
	t_end();
}

#define ARGS(...) ((const char *const[]){ __VA_ARGS__, NULL })

int main(void)
{
	cli("dtgen_cli.help", 0, NULL, "usage: haven-dtgen --image NAME", NULL, NULL, ARGS("--help"));
	cli("dtgen_cli.no_arguments", 2, "usage: haven-dtgen --image NAME", NULL, NULL, NULL,
	    (const char *const[]){ NULL });
	cli("dtgen_cli.unknown_option", 2, "usage: haven-dtgen --image NAME", NULL, NULL, NULL, ARGS("--bogus"));
	cli("dtgen_cli.bad_initrd_size", 2, "haven-dtgen: --initrd-size: '12k' is not a byte count", NULL, NULL,
	    NULL, ARGS("--image", "linux_dtb", "--initrd-size", "12k"));
	cli("dtgen_cli.print_initrd", 0, NULL, "initramfs\n", NULL, NULL,
	    ARGS("--image", "linux_dtb", "--print-initrd"));
	cli("dtgen_cli.dts", 0, NULL, "linux,initrd-end = <0x0 0x54001000>;", NULL, NULL,
	    ARGS("--image", "linux_dtb", "--initrd-size", "0x1000"));
	cli("dtgen_cli.initrd_size_missing_warns", 0,
	    "haven-dtgen: warning: partition 'linux' has initramfs blob 'initramfs' but its size "
	    "(--initrd-size) is 0: the DT has no linux,initrd-start/end",
	    "/* No initrd: the size of blob 'initramfs' is 0 (--initrd-size). */", NULL, NULL,
	    ARGS("--image", "linux_dtb"));
	cli("dtgen_cli.invalid_config", 1, "haven-dtgen: 1 problem(s) in the config; fix the fields named above",
	    NULL, break_config, NULL, ARGS("--image", "linux_dtb", "--initrd-size", "0x1000"));
	cli("dtgen_cli.unknown_blob", 1, "no partition has an extra blob named 'nope'", NULL, NULL,
	    NULL, ARGS("--image", "nope"));
	cli("dtgen_cli.stdout_full", 1, "haven-dtgen: writing the DT: No space left on device", NULL, NULL,
	    "/dev/full", ARGS("--image", "linux_dtb", "--initrd-size", "0x1000"));
	return t_exit_status();
}
