/* SPDX-License-Identifier: ISC */
/*
 * Input as named actions. Every action is defined once below with the key
 * that gives it, the word the footer shows and the help text, so the
 * footer ("keys that work now") and the help screen come from this list.
 *
 * Ctrl-C, Ctrl-Z, Ctrl-\, Ctrl-S, Ctrl-Q and Ctrl-D arrive as keys (raw
 * mode) and become ACT_NONE: they do nothing. Ctrl-L locks staff mode: a
 * plain control character, so it works on every terminal (vt100 has no
 * F12); in staff mode F12 locks too.
 */
#ifndef TUI_INPUT_H
#define TUI_INPUT_H

#include <stdbool.h>
#include <stdint.h>

/* X(name, key, footer word, help text); empty strings are not listed. */
#define TUI_ACTIONS(X) \
	X(NONE, "", "", "") \
	X(UP, "Up", "up", "Move up, or scroll up a line") \
	X(DOWN, "Down", "down", "Move down, or scroll down a line") \
	X(LEFT, "Left", "left", "Move left") \
	X(RIGHT, "Right", "right", "Move right") \
	X(PAGE_DOWN, "PgDn", "next page", "Show the next page") \
	X(PAGE_UP, "PgUp", "page back", "Show the page before") \
	X(HOME, "Home", "start", "Go to the start") \
	X(END, "End", "end", "Go to the end") \
	X(SPACE, "Space", "tick", "Tick a box, or show the next page") \
	X(NEXT_FOCUS, "Tab", "move", "Move to the next button or box") \
	X(PREV_FOCUS, "Shift-Tab", "move back", "Move to the button or box before") \
	X(CHOOSE, "Enter", "choose", "Choose the button you are on") \
	X(BACK, "Esc", "back", "Go back") \
	X(HELP, "F1", "help", "Show this help") \
	X(CONCERN, "F2", "concern", "Report a concern") \
	X(READ, "F3", "read to me", "Read the screen to me") \
	X(STAFF, "F12", "staff", "Staff sign-in (from the first screen)") \
	X(LOCK, "Ctrl-L", "lock", "Lock staff mode (staff only)") \
	X(CHAR, "Letters", "type", "Type into a box") \
	X(ERASE, "Backspace", "delete", "Delete the letter before the cursor") \
	X(DELETE, "Delete", "", "Delete the letter after the cursor") \
	X(PRESS, "", "", "") \
	X(RELEASE, "", "", "") \
	X(WHEEL_UP, "", "", "") \
	X(WHEEL_DOWN, "", "", "") \
	X(MOTION, "", "", "") \
	X(RESIZE, "", "", "")

enum tui_action {
#define TUI_ACTION_ENUM(name, key, word, help) ACT_##name,
	TUI_ACTIONS(TUI_ACTION_ENUM)
#undef TUI_ACTION_ENUM
	ACT_COUNT
};

/* A set of actions for the footer: TUI_KEY(ACT_HELP) | ... */
#define TUI_KEY(act) ((uint64_t)1 << (act))

struct tui_event {
	enum tui_action action;
	uint32_t ch;	/* ACT_CHAR (and ACT_SPACE): the code point typed */
	int y, x;	/* mouse actions: the cell, screen coordinates */
};

/* From the table above; "" for none. */
const char *tui_action_key(enum tui_action act);
const char *tui_action_word(enum tui_action act);
const char *tui_action_help(enum tui_action act);

enum tui_read {
	TUI_READ_EVENT,		/* ev filled */
	TUI_READ_TIMEOUT,	/* nothing within timeout_ms */
	TUI_READ_QUIT,		/* SIGTERM or SIGHUP */
	TUI_READ_END,		/* end of input: the terminal went away */
};

/*
 * Wait for input up to timeout_ms (negative: no limit). Blocks in poll(2),
 * so an idle screen costs nothing and writes nothing.
 */
enum tui_read tui_read(struct tui_event *ev, int timeout_ms);

/*
 * Map one result of wget_wch (rc OK or KEY_CODE_YES, and the key) to an
 * event; mouse keys read the pending mouse event. Exposed for tests.
 */
void tui_map_key(int rc, uint32_t key, struct tui_event *ev);

/* Teach curses the common xterm/linux sequences the terminfo lacks. */
void tui_input_setup(void);

#endif
