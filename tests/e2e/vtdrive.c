/* SPDX-License-Identifier: ISC */
/*
 * vtdrive: run a program in a pseudo-terminal, render what it writes with
 * libvterm, and drive it from a line-based script. Every wait has a
 * deadline (10 s unless "timeout SECONDS" says otherwise); nothing sleeps
 * to synchronise. On a failure: the script line, the reason and the screen
 * (with '^' under reverse video, i.e. the focus), and exit 1.
 *
 *   vtdrive [-tv] [-l RAWLOG] [-D NAME=VALUE]... SCRIPT -- PROGRAM ARGS...
 *
 * -t: at the end, SIGTERM must end the program with exit status 0. -v:
 * each line as it runs, with the time. -l: everything the program wrote.
 *
 * Before the program starts: term NAME, size ROWS COLS, env NAME VALUE.
 * Waiting: expect TEXT, expect_at ROW COL TEXT, expect_re REGEX,
 *   expect_focus TEXT (in reverse video), wait_gone TEXT, cursor ROW COL,
 *   cursor_on TEXT (the cursor's row has TEXT in reverse video),
 *   capture NAME REGEX (first group), quiet MS, expect_exit CODE|any.
 * Now: expect_not TEXT (once output has been quiet 200 ms), expect_running,
 *   term_restored, mark, bytes_max N, bytes_min N, bytes_since_mark.
 * Input: send STRING, type STRING (one character at a time), click ROW
 *   COL, click_on TEXT or click_on ANCHOR >> TEXT, tab_to TEXT (Tab until
 *   TEXT has the focus), seek KEY TEXT (KEY until TEXT shows),
 *   click_until BUTTON >> TEXT, wheel up|down ROW COL, resize ROWS COLS,
 *   signal NAME.
 * Other: wait MS (time passing, for byte counts), set NAME VALUE, timeout
 *   SECONDS, shell COMMAND, show, dump [FILE], spawn (after expect_exit).
 * ${NAME} is replaced on every line; "quotes" keep a TEXT's outer spaces.
 * STRING takes \r \n \t \e \xHH \\ \< and keys: <Enter> <Tab> <BTab> <Esc>
 * <Space> <Bksp> <Del> <Up> <Down> <Left> <Right> <Home> <End> <PgUp>
 * <PgDn> <F1>..<F12> <C-a>..<C-z> <C-\>, sent as TERM's terminfo says.
 *
 * This file: the options, the child in its pty, and main; vtdrive.h says
 * where the rest is.
 */
#include "vtdrive.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static struct drv *the_drv;	/* for fail() */

static void
stop_child(struct drv *d)
{
	if (!d->running)
		return;
	kill(d->pid, SIGTERM);
	for (int i = 0; i < 100; i++) {
		if (waitpid(d->pid, &d->status, WNOHANG) == d->pid) {
			d->running = false;
			return;
		}
		poll(NULL, 0, 20);
	}
	kill(d->pid, SIGKILL);
	waitpid(d->pid, &d->status, 0);
	d->running = false;
}

static void
usage(void)
{
	fprintf(stderr, "usage: vtdrive [-tv] [-l RAWLOG] [-D NAME=VALUE]... "
	    "SCRIPT -- PROGRAM [ARGS...]\n");
	exit(2);
}

long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void
fail(const char *fmt, ...)
{
	struct drv *d = the_drv;
	va_list ap;

	fprintf(stderr, "%s:%u: ", d->script, d->lineno);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (d->started)
		dump_screen(d, stderr, true);
	stop_child(d);
	exit(1);
}

void
write_all(struct drv *d, const char *s, size_t len)
{
	while (len > 0) {
		ssize_t n = write(d->master, s, len);

		if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
			struct pollfd p = { d->master, POLLOUT, 0 };

			poll(&p, 1, 50);
			continue;
		}
		if (n < 0)
			fail("write to the terminal: %s", strerror(errno));
		d->last_input = now_ms();
		s += n;
		len -= (size_t)n;
	}
}

/* Take in what the child wrote, waiting up to wait_ms for the first byte. */
void
pump(struct drv *d, int wait_ms)
{
	struct pollfd p = { d->master, POLLIN, 0 };
	char buf[8192];
	ssize_t n;

	if (d->eof) {
		if (wait_ms > 0)
			poll(NULL, 0, wait_ms < 20 ? wait_ms : 20);
	} else if (poll(&p, 1, wait_ms) > 0) {
		while ((n = read(d->master, buf, sizeof buf)) > 0 ||
		    (n < 0 && errno == EINTR)) {
			if (n < 0)
				continue;
			if (d->rawlog != NULL)
				fwrite(buf, 1, (size_t)n, d->rawlog);
			track_modes(d, buf, (size_t)n);
			vterm_input_write(d->vt, buf, (size_t)n);
			d->bytes += (unsigned long long)n;
			d->last_output = now_ms();
		}
		if (n == 0 || errno != EAGAIN)
			d->eof = true;	/* EIO: the slave side is closed */
		vterm_screen_flush_damage(d->screen);
	}
	if (d->running && waitpid(d->pid, &d->status, WNOHANG) == d->pid)
		d->running = false;
}

void
spawn(struct drv *d)
{
	struct winsize ws = { .ws_row = (unsigned short)d->rows,
	    .ws_col = (unsigned short)d->cols };

	fflush(NULL);
	if ((d->pid = forkpty(&d->master, NULL, NULL, &ws)) < 0)
		fail("forkpty: %s", strerror(errno));
	if (d->pid == 0) {
		setenv("TERM", d->term, 1);
		setenv("LANG", "C.UTF-8", 1);
		setenv("LC_ALL", "C.UTF-8", 1);
		unsetenv("LINES");	/* ncurses would prefer them to ioctl */
		unsetenv("COLUMNS");
		signal(SIGPIPE, SIG_DFL);	/* ignored here, not there */
		for (size_t i = 0; i < d->nenv; i++)
			putenv(d->env[i]);
		execvp(d->argv[0], d->argv);
		fprintf(stderr, "vtdrive: %s: %s\r\n", d->argv[0],
		    strerror(errno));
		_exit(127);
	}
	fcntl(d->master, F_SETFL, fcntl(d->master, F_GETFL) | O_NONBLOCK);
	screen_start(d);
	d->running = d->started = true;
	d->eof = false;
	d->last_output = now_ms();
}

int
main(int argc, char **argv)
{
	static struct drv d = { .rows = 24, .cols = 80, .master = -1,
	    .term = "xterm-256color", .timeout_ms = 10000,
	    .script = "vtdrive" };
	char raw[LINE_MAX_LEN], line[LINE_MAX_LEN * 2], *eq;
	FILE *f;
	int opt;

	the_drv = &d;
	d.t0 = now_ms();
	setvbuf(stdout, NULL, _IOLBF, 0);
	while ((opt = getopt(argc, argv, "+vtl:D:")) != -1) {
		if (opt == 'v')
			d.verbose = true;
		else if (opt == 't')
			d.term_check = true;
		else if (opt == 'l' && (d.rawlog = fopen(optarg, "w")) != NULL)
			continue;
		else if (opt != 'D' || (eq = strchr(optarg, '=')) == NULL)
			usage();
		else {
			*eq = '\0';
			var_set(&d, optarg, eq + 1);
		}
	}
	if (argc - optind < 2 || strcmp(argv[optind + 1], "--") != 0 ||
	    argv[optind + 2] == NULL)
		usage();
	d.script = argv[optind];
	d.argv = argv + optind + 2;
	d.kind = term_kind(d.term);
	signal(SIGPIPE, SIG_IGN);
	if ((f = fopen(d.script, "r")) == NULL) {
		fprintf(stderr, "vtdrive: %s: %s\n", d.script, strerror(errno));
		return 2;
	}
	while (fgets(raw, sizeof raw, f) != NULL) {
		char *s = raw + strspn(raw, " \t");

		d.lineno++;
		s[strcspn(s, "\r\n")] = '\0';
		if (*s == '\0' || *s == '#')
			continue;
		substitute(&d, s, line, sizeof line);
		run_line(&d, line);
	}
	fclose(f);
	if (d.term_check && d.running) {
		/* Ended as a kiosk is: SIGTERM, and a clean exit. */
		struct cond c = { .kind = C_EXITED };

		kill(d.pid, SIGTERM);
		if (!wait_for(&d, &c, 5000))
			fail("at the end: SIGTERM did not end the program");
		if (!WIFEXITED(d.status) || WEXITSTATUS(d.status) != 0)
			fail("at the end: SIGTERM ended the program with wait "
			    "status %#x, not exit 0", d.status);
	}
	stop_child(&d);
	if (d.rawlog != NULL)
		fclose(d.rawlog);
	if (d.vt != NULL)
		vterm_free(d.vt);
	return 0;
}
