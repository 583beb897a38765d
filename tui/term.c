/* SPDX-License-Identifier: ISC */
/*
 * Terminal setup and teardown, in one place (see term.h). Signal handlers
 * only set a flag; the loop in tui_read notices it. SIGTERM and SIGHUP are
 * held back except while tui_read waits (ppoll lets them in), so one that
 * comes between its look at the flag and the wait still ends the wait. The locale is set
 * before curses starts, and decides between UTF-8 and ASCII drawing.
 */
#include "term.h"

#include <errno.h>
#include <locale.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "widget.h"

static volatile sig_atomic_t quit_flag;
static sigset_t saved_mask;	/* the mask before tui_init */
static sigset_t wait_mask;	/* while waiting: SIGTERM, SIGHUP let in */
static bool masked;
static bool active;
static bool presented;		/* anything sent to the terminal since newterm */
static bool scrollback_due;	/* E3 after the next present's clear */
static bool registered;
static unsigned generation = 1;
static char error[256];

static void
on_quit(int sig)
{
	(void)sig;
	quit_flag = 1;
}

static void
setup_signals(void)
{
	static const int ignored[] = {SIGINT, SIGQUIT, SIGTSTP, SIGTTIN,
	    SIGTTOU, SIGPIPE};
	struct sigaction sa;
	sigset_t quit;
	size_t i;

	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: ppoll(2) in tui_read returns so the flag is seen. */
	sa.sa_handler = on_quit;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	for (i = 0; i < sizeof ignored / sizeof ignored[0]; i++)
		sigaction(ignored[i], &sa, NULL);
	if (!masked) {
		sigemptyset(&quit);
		sigaddset(&quit, SIGTERM);
		sigaddset(&quit, SIGHUP);
		pthread_sigmask(SIG_BLOCK, &quit, &saved_mask);
		wait_mask = saved_mask;
		sigdelset(&wait_mask, SIGTERM);
		sigdelset(&wait_mask, SIGHUP);
		masked = true;
	}
}

int
tui_init(const char *theme)
{
	const char *term = getenv("TERM");

	setlocale(LC_ALL, "");
	tui_text_set_ascii(!tui_locale_is_utf8());
	/* Before newterm, so curses leaves our dispositions alone. */
	setup_signals();
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		snprintf(error, sizeof error,
		    "the kiosk needs a terminal on its input and output");
		return -1;
	}
	if (!newterm(NULL, stdout, stdin)) {
		snprintf(error, sizeof error,
		    "cannot use the terminal type \"%s\" (check TERM)",
		    term ? term : "");
		return -1;
	}
	active = true;
	presented = false;
	scrollback_due = false;
	if (!registered && atexit(tui_shutdown) == 0)
		registered = true;
	raw();		/* Ctrl-C, Ctrl-Z, Ctrl-\, XON/XOFF arrive as keys */
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	meta(stdscr, TRUE);
	set_escdelay(25);
	mousemask(BUTTON1_PRESSED | BUTTON1_RELEASED | BUTTON4_PRESSED |
	    BUTTON5_PRESSED | REPORT_MOUSE_POSITION, NULL);
	mouseinterval(0);
	curs_set(1);
	tui_input_setup();
	tui_theme_init(theme);
	tui_set_canvas(stdscr);
	tui_set_role(stdscr, TUI_ROLE_BODY);
	return 0;
}

void
tui_shutdown(void)
{
	if (!active)
		return;
	active = false;
	if (!isendwin()) {
		mousemask(0, NULL);
		curs_set(1);
		endwin();
	}
	if (masked) {
		pthread_sigmask(SIG_SETMASK, &saved_mask, NULL);
		masked = false;
	}
}

const char *
tui_error(void)
{
	return error;
}

bool
tui_quit_pending(void)
{
	return quit_flag != 0;
}

const sigset_t *
tui_wait_mask(void)
{
	return masked ? &wait_mask : NULL;
}

void
tui_size(int *rows, int *cols)
{
	getmaxyx(tui_canvas(), *rows, *cols);
}

bool
tui_too_small(void)
{
	int rows, cols;

	tui_size(&rows, &cols);
	return rows < TUI_MIN_ROWS || cols < TUI_MIN_COLS;
}

void
tui_draw_too_small(void)
{
	static const char msg[] =
	    "Please make this window bigger (at least 80 by 24).";
	WINDOW *w = tui_canvas();
	struct tui_rect r;
	int rows, cols;

	tui_size(&rows, &cols);
	tui_set_role(w, TUI_ROLE_BODY);
	werase(w);
	r = (struct tui_rect){rows / 2 - 1, 1, rows, cols - 2};
	if (r.y < 0)
		r.y = 0;
	tui_put_wrapped(w, r, msg, 1);
	tui_want_cursor(r.y, 0);
}

void
tui_invalidate(void)
{
	generation++;
	werase(tui_canvas());
}

unsigned
tui_generation(void)
{
	return generation;
}

/* Scrollback: after the clear, or some terminals keep the screen. */
static void
clear_scrollback(void)
{
	const char *e3 = tigetstr("E3");

	if (e3 && e3 != (char *)-1) {
		putp(e3);
		fflush(stdout);
	}
}

void
tui_present(void)
{
	WINDOW *w = tui_canvas();
	int y, x, rows, cols;

	tui_cursor_wanted(&y, &x);
	getmaxyx(w, rows, cols);
	if (y >= 0 && y < rows && x >= 0 && x < cols)
		wmove(w, y, x);
	wnoutrefresh(w);
	doupdate();
	presented = true;
	if (scrollback_due) {
		scrollback_due = false;
		clear_scrollback();
	}
}

void
tui_wipe(void)
{
	WINDOW *w = tui_canvas();

	tui_set_role(w, TUI_ROLE_BODY);
	clearok(curscr, TRUE);
	if (!presented) {
		/*
		 * Nothing of ours is on the screen yet: the first present
		 * clears it (clearok) with the first screen in the same
		 * write, rather than a blank screen painted and then painted
		 * over; the scrollback goes after that clear.
		 */
		scrollback_due = true;
		tui_invalidate();	/* which erases the canvas */
		return;
	}
	werase(w);
	wnoutrefresh(w);
	doupdate();
	clear_scrollback();
	tui_invalidate();
}
