/* SPDX-License-Identifier: ISC */
/*
 * firstpaint: how long a program takes from exec to its first painted
 * screen, and its peak memory up to then. Each run starts the program in
 * a fresh pseudo-terminal (80x24 unless -s), renders what it writes with
 * libvterm, and stops the clock when TEXT is on the screen; the program
 * is then ended (SIGTERM) and wait4() gives its peak resident set.
 *
 *   firstpaint [-n RUNS] [-s ROWSxCOLS] [-d SECONDS] [-e NAME=VALUE]... -t TEXT
 *       -- PROGRAM ARGS...
 *
 * Prints one line: runs=N median_ms=M min_ms=M max_ms=M cpu_ms=C
 * maxrss_kib=K: wall times to TEXT; cpu_ms, the program's own CPU time
 * (user and system, to its end just after the paint), and maxrss the
 * medians over runs. Exit 1 if TEXT never shows (in -d seconds, 10 by
 * default).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <vterm.h>

#define RUNS_MAX 1000
#define ENV_MAX 16

struct run {
	int master;
	VTerm *vt;
	VTermScreen *screen;
	int rows, cols;
};

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static int
cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return (x > y) - (x < y);
}

static double
median(const double *v, int n)
{
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* libvterm's answers to the program's queries go back to it. */
static void
on_output(const char *s, size_t len, void *user)
{
	struct run *r = user;

	while (len > 0) {
		ssize_t n = write(r->master, s, len);

		if (n <= 0 && errno != EINTR && errno != EAGAIN)
			return;
		if (n > 0) {
			s += n;
			len -= (size_t)n;
		}
	}
}

static bool
screen_has(struct run *r, const char *text)
{
	size_t cap = (size_t)r->cols * 8 + 8;
	char *line = malloc(cap);
	bool found = false;

	if (!line)
		abort();
	for (int row = 0; row < r->rows && !found; row++) {
		VTermRect rect = { row, row + 1, 0, r->cols };
		size_t n = vterm_screen_get_text(r->screen, line, cap - 1, rect);

		line[n] = '\0';
		found = strstr(line, text) != NULL;
	}
	free(line);
	return found;
}

/* Feed what is there to libvterm; false at end of output. */
static bool
pump(struct run *r, int wait_ms)
{
	struct pollfd p = { r->master, POLLIN, 0 };
	char buf[65536];
	ssize_t n;

	if (poll(&p, 1, wait_ms) <= 0)
		return true;
	n = read(r->master, buf, sizeof buf);
	if (n <= 0)
		return n < 0 && (errno == EAGAIN || errno == EINTR);
	vterm_input_write(r->vt, buf, (size_t)n);
	return true;
}

/* One run: the time to TEXT in ms (negative if it never showed). */
static double deadline_ms = 10000;

static double
one_run(char **argv, char **env, size_t nenv, const char *text, int rows,
    int cols, long *maxrss, double *cpu)
{
	struct winsize ws = { (unsigned short)rows, (unsigned short)cols, 0, 0 };
	struct run r = { -1, NULL, NULL, rows, cols };
	struct rusage ru;
	double t0, found = -1;
	bool open = true;
	int status, i;
	pid_t pid;

	r.vt = vterm_new(rows, cols);
	vterm_set_utf8(r.vt, 1);
	vterm_output_set_callback(r.vt, on_output, &r);
	r.screen = vterm_obtain_screen(r.vt);
	vterm_screen_enable_altscreen(r.screen, 1);
	vterm_screen_reset(r.screen, 1);
	t0 = now_ms();
	pid = forkpty(&r.master, NULL, NULL, &ws);
	if (pid < 0) {
		perror("firstpaint: forkpty");
		exit(2);
	}
	if (pid == 0) {
		for (size_t e = 0; e < nenv; e++)
			putenv(env[e]);
		execvp(argv[0], argv);
		_exit(127);
	}
	fcntl(r.master, F_SETFL, fcntl(r.master, F_GETFL) | O_NONBLOCK);
	while (open && now_ms() - t0 < deadline_ms) {
		open = pump(&r, 50);
		if (screen_has(&r, text)) {
			found = now_ms() - t0;
			break;
		}
	}
	/* Drain, so the program can finish (under valgrind, slowly). */
	kill(pid, SIGTERM);
	for (i = 0; wait4(pid, &status, WNOHANG, &ru) != pid; i++) {
		pump(&r, 5);
		if (i == 6000)
			kill(pid, SIGKILL);
	}
	*maxrss = ru.ru_maxrss;
	*cpu = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
	    (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
	close(r.master);
	vterm_free(r.vt);
	return found;
}

static void
usage(void)
{
	fputs("usage: firstpaint [-n RUNS] [-s ROWSxCOLS] [-d SECONDS] "
	    "[-e NAME=VALUE]... -t TEXT -- PROGRAM ARGS...\n", stderr);
	exit(2);
}

int
main(int argc, char **argv)
{
	static double times[RUNS_MAX], cpu[RUNS_MAX];
	static long rss[RUNS_MAX];
	char *env[ENV_MAX];
	const char *text = NULL;
	size_t nenv = 0;
	int runs = 20, rows = 24, cols = 80, opt, i;

	while ((opt = getopt(argc, argv, "+n:s:d:e:t:")) != -1) {
		if (opt == 'n')
			runs = atoi(optarg);
		else if (opt == 'd')
			deadline_ms = atof(optarg) * 1000;
		else if (opt == 's' && sscanf(optarg, "%dx%d", &rows, &cols) == 2)
			continue;
		else if (opt == 'e' && nenv < ENV_MAX && strchr(optarg, '='))
			env[nenv++] = optarg;
		else if (opt == 't')
			text = optarg;
		else
			usage();
	}
	if (!text || runs < 1 || runs > RUNS_MAX || rows < 2 || cols < 2 ||
	    optind >= argc || strcmp(argv[optind - 1], "--") != 0)
		usage();
	signal(SIGPIPE, SIG_IGN);
	for (i = 0; i < runs; i++) {
		times[i] = one_run(argv + optind, env, nenv, text, rows, cols, &rss[i],
		    &cpu[i]);
		if (times[i] < 0) {
			fprintf(stderr, "firstpaint: \"%s\" never showed: %s\n", text,
			    argv[optind]);
			return 1;
		}
	}
	qsort(times, (size_t)runs, sizeof times[0], cmp_double);
	qsort(cpu, (size_t)runs, sizeof cpu[0], cmp_double);
	qsort(rss, (size_t)runs, sizeof rss[0], cmp_long);
	printf("runs=%d median_ms=%.3f min_ms=%.3f max_ms=%.3f cpu_ms=%.3f "
	    "maxrss_kib=%ld\n", runs, median(times, runs), times[0],
	    times[runs - 1], median(cpu, runs), rss[runs / 2]);
	return 0;
}
