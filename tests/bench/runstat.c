/* SPDX-License-Identifier: ISC */
/*
 * runstat: run a command with its standard output to a file and report
 * its wall time, CPU time and peak memory (wait4), for the export
 * figures of `make bench`.
 *
 *   runstat OUTFILE PROGRAM ARGS...
 *
 * Prints: wall_ms=W cpu_ms=C maxrss_kib=K status=S
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

int
main(int argc, char **argv)
{
	struct rusage ru;
	double t0, wall;
	int status, fd;
	pid_t pid;

	if (argc < 3) {
		fputs("usage: runstat OUTFILE PROGRAM ARGS...\n", stderr);
		return 2;
	}
	t0 = now_ms();
	if ((pid = fork()) == 0) {
		fd = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (fd < 0 || dup2(fd, 1) < 0)
			_exit(126);
		execvp(argv[2], argv + 2);
		_exit(127);
	}
	if (pid < 0 || wait4(pid, &status, 0, &ru) != pid) {
		perror("runstat");
		return 2;
	}
	wall = now_ms() - t0;
	printf("wall_ms=%.1f cpu_ms=%.1f maxrss_kib=%ld status=%d\n", wall,
	    (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
	    (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3,
	    ru.ru_maxrss, WIFEXITED(status) ? WEXITSTATUS(status) : 128 +
	    WTERMSIG(status));
	return 0;
}
