/* SPDX-License-Identifier: ISC */
/*
 * Keys and mouse to named actions (see input.h), and the one blocking wait
 * for input: ppoll(2) on the terminal, with a timeout only as long as the
 * caller's next deadline. End of input (the terminal hung up) is reported
 * instead of spinning on read errors.
 */
#include "input.h"

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "term.h"
#include "widget.h"

/* poll says readable but curses gets nothing this often in a row: EOF. */
#define EMPTY_READS_MAX 16

static const struct {
	const char *key, *word, *help;
} actions[] = {
#define TUI_ACTION_ROW(name, key, word, help) {key, word, help},
	TUI_ACTIONS(TUI_ACTION_ROW)
#undef TUI_ACTION_ROW
};

/* Sequences some terminfo entries lack (vt100 has no F12, and so on). */
static const struct {
	const char *seq;
	int key;
} extra_keys[] = {
	{"\033OP", KEY_F(1)}, {"\033OQ", KEY_F(2)}, {"\033OR", KEY_F(3)},
	{"\033OS", KEY_F(4)}, {"\033[11~", KEY_F(1)}, {"\033[12~", KEY_F(2)},
	{"\033[13~", KEY_F(3)}, {"\033[14~", KEY_F(4)}, {"\033[[A", KEY_F(1)},
	{"\033[[B", KEY_F(2)}, {"\033[[C", KEY_F(3)}, {"\033[[D", KEY_F(4)},
	{"\033[[E", KEY_F(5)}, {"\033[15~", KEY_F(5)}, {"\033[17~", KEY_F(6)},
	{"\033[18~", KEY_F(7)}, {"\033[19~", KEY_F(8)}, {"\033[20~", KEY_F(9)},
	{"\033[21~", KEY_F(10)}, {"\033[23~", KEY_F(11)},
	{"\033[24~", KEY_F(12)}, {"\033[A", KEY_UP}, {"\033[B", KEY_DOWN},
	{"\033[C", KEY_RIGHT}, {"\033[D", KEY_LEFT}, {"\033OA", KEY_UP},
	{"\033OB", KEY_DOWN}, {"\033OC", KEY_RIGHT}, {"\033OD", KEY_LEFT},
	{"\033[H", KEY_HOME}, {"\033[F", KEY_END}, {"\033OH", KEY_HOME},
	{"\033OF", KEY_END}, {"\033[1~", KEY_HOME}, {"\033[4~", KEY_END},
	{"\033[7~", KEY_HOME}, {"\033[8~", KEY_END}, {"\033[5~", KEY_PPAGE},
	{"\033[6~", KEY_NPAGE}, {"\033[3~", KEY_DC}, {"\033[Z", KEY_BTAB},
	{"\033OM", KEY_ENTER},
};

const char *
tui_action_key(enum tui_action act)
{
	return (unsigned)act < ACT_COUNT ? actions[act].key : "";
}

const char *
tui_action_word(enum tui_action act)
{
	return (unsigned)act < ACT_COUNT ? actions[act].word : "";
}

const char *
tui_action_help(enum tui_action act)
{
	return (unsigned)act < ACT_COUNT ? actions[act].help : "";
}

void
tui_input_setup(void)
{
	size_t i;

	for (i = 0; i < sizeof extra_keys / sizeof extra_keys[0]; i++)
		if (key_defined(extra_keys[i].seq) == 0)
			define_key(extra_keys[i].seq, extra_keys[i].key);
}

static void
map_mouse(struct tui_event *ev)
{
	MEVENT me;

	if (getmouse(&me) != OK)
		return;
	ev->y = me.y;
	ev->x = me.x;
	if (me.bstate & BUTTON1_PRESSED)
		ev->action = ACT_PRESS;
	else if (me.bstate & BUTTON1_RELEASED)
		ev->action = ACT_RELEASE;
	else if (me.bstate & BUTTON4_PRESSED)
		ev->action = ACT_WHEEL_UP;
	else if (me.bstate & BUTTON5_PRESSED)
		ev->action = ACT_WHEEL_DOWN;
	else
		ev->action = ACT_MOTION;
}

/* Keys terminfo names only as extended capabilities (linux's kcbt2). */
static enum tui_action
extended_key(uint32_t key)
{
	const char *name = key > KEY_MAX ? keyname((int)key) : NULL;

	if (name && strncmp(name, "kcbt", 4) == 0)
		return ACT_PREV_FOCUS;
	return ACT_NONE;
}

static enum tui_action
map_function_key(uint32_t key)
{
	switch (key) {
	case KEY_UP: return ACT_UP;
	case KEY_DOWN: return ACT_DOWN;
	case KEY_LEFT: return ACT_LEFT;
	case KEY_RIGHT: return ACT_RIGHT;
	case KEY_PPAGE: return ACT_PAGE_UP;
	case KEY_NPAGE: return ACT_PAGE_DOWN;
	case KEY_HOME: case KEY_A1: return ACT_HOME;
	case KEY_END: case KEY_C1: return ACT_END;
	case KEY_BTAB: return ACT_PREV_FOCUS;
	case KEY_ENTER: return ACT_CHOOSE;
	case KEY_BACKSPACE: return ACT_ERASE;
	case KEY_DC: return ACT_DELETE;
	case KEY_F(1): return ACT_HELP;
	case KEY_F(2): return ACT_CONCERN;
	case KEY_F(3): return ACT_READ;
	case KEY_F(12): return ACT_STAFF;
	case KEY_RESIZE: return ACT_RESIZE;
	default: return extended_key(key);
	}
}

void
tui_map_key(int rc, uint32_t key, struct tui_event *ev)
{
	memset(ev, 0, sizeof *ev);
	ev->action = ACT_NONE;
	if (rc == KEY_CODE_YES) {
		if (key == KEY_MOUSE)
			map_mouse(ev);
		else
			ev->action = map_function_key(key);
		return;
	}
	switch (key) {
	case '\t':
		ev->action = ACT_NEXT_FOCUS;
		break;
	case '\r':
	case '\n':
		ev->action = ACT_CHOOSE;
		break;
	case 27:
		ev->action = ACT_BACK;
		break;
	case 8:
	case 127:
		ev->action = ACT_ERASE;
		break;
	case 12:	/* Ctrl-L */
		ev->action = ACT_LOCK;
		break;
	case ' ':
		ev->action = ACT_SPACE;
		ev->ch = ' ';
		break;
	default:
		/* Other control characters (Ctrl-C, Ctrl-Z, ...) do nothing. */
		if (key >= 0x20 && !(key >= 0x7F && key < 0xA0) &&
		    key <= 0x10FFFF) {
			ev->action = ACT_CHAR;
			ev->ch = key;
		}
		break;
	}
}

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

enum tui_read
tui_read(struct tui_event *ev, int timeout_ms)
{
	struct pollfd pfd = {STDIN_FILENO, POLLIN, 0};
	long long deadline = timeout_ms >= 0 ? now_ms() + timeout_ms : -1;
	int rc, wait, empty = 0;
	bool readable = false;
	wint_t wch;

	for (;;) {
		if (tui_quit_pending())
			return TUI_READ_QUIT;
		rc = wget_wch(tui_canvas(), &wch);
		if (rc != ERR) {
			tui_map_key(rc, (uint32_t)wch, ev);
			if (ev->action == ACT_RESIZE)
				clearok(curscr, TRUE);
			return TUI_READ_EVENT;
		}
		if (readable && ++empty > EMPTY_READS_MAX)
			return TUI_READ_END;
		wait = -1;
		if (deadline >= 0) {
			long long left = deadline - now_ms();

			if (left <= 0)
				return TUI_READ_TIMEOUT;
			wait = left > 1000000 ? 1000000 : (int)left;
		}
		pfd.revents = 0;
		/* The quit signals get in only here: none is missed (term.c). */
		rc = ppoll(&pfd, 1, wait < 0 ? NULL : &(struct timespec){
		    wait / 1000, (long)(wait % 1000) * 1000000L }, tui_wait_mask());
		if (rc < 0) {
			if (errno == EINTR)
				continue;	/* a signal: quit flag or resize */
			return TUI_READ_END;
		}
		if (rc == 0)
			return TUI_READ_TIMEOUT;
		if (pfd.revents & (POLLERR | POLLNVAL))
			return TUI_READ_END;
		if ((pfd.revents & POLLHUP) && !(pfd.revents & POLLIN))
			return TUI_READ_END;
		readable = true;
	}
}
