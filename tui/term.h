/* SPDX-License-Identifier: ISC */
/*
 * The terminal: setup and teardown, signals, painting and wiping.
 *
 * tui_init sets the locale, starts curses on stdin/stdout in raw mode with
 * the mouse on, installs signal handlers that only set flags (SIGTERM and
 * SIGHUP end the program cleanly; SIGINT, SIGQUIT, SIGTSTP, SIGTTIN,
 * SIGTTOU and SIGPIPE are ignored) and registers tui_shutdown with atexit.
 * tui_shutdown restores the terminal and is safe to call twice, from
 * atexit and from core's fatal hook.
 */
#ifndef TUI_TERM_H
#define TUI_TERM_H

#include <stdbool.h>
#include <signal.h>

/* The smallest terminal the screens are laid out for. */
#define TUI_MIN_ROWS 24
#define TUI_MIN_COLS 80

/* 0 on success; -1 with tui_error() saying why (e.g. an unknown TERM). */
int tui_init(const char *theme);
void tui_shutdown(void);
const char *tui_error(void);

/* Rows and columns of the terminal now. */
void tui_size(int *rows, int *cols);
bool tui_too_small(void);
/* "Please make this window bigger (at least 80 by 24)." on a clean screen. */
void tui_draw_too_small(void);

/*
 * After ACT_RESIZE, or when something drew over the screen (an overlay
 * closed): everything is painted again on the next paint.
 */
void tui_invalidate(void);
/* Bumped by tui_invalidate; forms compare it to know they must repaint. */
unsigned tui_generation(void);

/* One doupdate: what was drawn goes out, the cursor on the focused control. */
void tui_present(void);

/*
 * Clear the screen fully and, where the terminal can (terminfo E3), its
 * scrollback, so nothing of the previous person remains.
 */
void tui_wipe(void);

/* Whether SIGTERM/SIGHUP asked us to end. */
bool tui_quit_pending(void);
/* The signal mask to wait for input with (ppoll), NULL before tui_init. */
const sigset_t *tui_wait_mask(void);

#endif
