/* SPDX-License-Identifier: ISC */
/*
 * Theme tables: for each role a foreground, background and attributes.
 * -1 is the terminal's own default colour. Checked pairs only: black on
 * cyan, white or yellow; yellow or white on black; the terminal default.
 */
#include "theme.h"

#include <stdlib.h>
#include <string.h>

#include "widget.h"

struct role_style {
	short fg, bg;
	attr_t attr;
};

struct theme {
	const char *name;
	struct role_style role[TUI_ROLE_COUNT];
};

static const struct theme themes[] = {
	{"default", {
		[TUI_ROLE_BODY] = {-1, -1, A_NORMAL},
		[TUI_ROLE_TITLE] = {COLOR_BLACK, COLOR_CYAN, A_NORMAL},
		[TUI_ROLE_HEADING] = {-1, -1, A_BOLD},
		[TUI_ROLE_BUTTON] = {-1, -1, A_NORMAL},
		[TUI_ROLE_FOCUS] = {-1, -1, A_REVERSE},
		[TUI_ROLE_ERROR] = {COLOR_YELLOW, COLOR_BLACK, A_BOLD},
		[TUI_ROLE_NOTE] = {-1, -1, A_BOLD},
		[TUI_ROLE_FOOTER] = {COLOR_BLACK, COLOR_WHITE, A_NORMAL},
		[TUI_ROLE_DIALOG] = {COLOR_WHITE, COLOR_BLUE, A_NORMAL},
		[TUI_ROLE_CODE] = {-1, -1, A_BOLD},
	}},
	{"high-contrast", {
		[TUI_ROLE_BODY] = {COLOR_WHITE, COLOR_BLACK, A_BOLD},
		[TUI_ROLE_TITLE] = {COLOR_BLACK, COLOR_WHITE, A_NORMAL},
		[TUI_ROLE_HEADING] = {COLOR_YELLOW, COLOR_BLACK, A_BOLD},
		[TUI_ROLE_BUTTON] = {COLOR_WHITE, COLOR_BLACK, A_BOLD},
		/* Reverse of white on black; bold with reverse loses contrast on the console. */
		[TUI_ROLE_FOCUS] = {COLOR_WHITE, COLOR_BLACK, A_REVERSE},
		[TUI_ROLE_ERROR] = {COLOR_YELLOW, COLOR_BLACK, A_BOLD},
		[TUI_ROLE_NOTE] = {COLOR_YELLOW, COLOR_BLACK, A_BOLD},
		[TUI_ROLE_FOOTER] = {COLOR_BLACK, COLOR_WHITE, A_NORMAL},
		[TUI_ROLE_DIALOG] = {COLOR_WHITE, COLOR_BLUE, A_BOLD},
		[TUI_ROLE_CODE] = {COLOR_YELLOW, COLOR_BLACK, A_BOLD},
	}},
	{"mono", {
		[TUI_ROLE_BODY] = {-1, -1, A_NORMAL},
		[TUI_ROLE_TITLE] = {-1, -1, A_BOLD | A_UNDERLINE},
		[TUI_ROLE_HEADING] = {-1, -1, A_BOLD | A_UNDERLINE},
		[TUI_ROLE_BUTTON] = {-1, -1, A_NORMAL},
		[TUI_ROLE_FOCUS] = {-1, -1, A_REVERSE},
		[TUI_ROLE_ERROR] = {-1, -1, A_BOLD},
		[TUI_ROLE_NOTE] = {-1, -1, A_BOLD},
		[TUI_ROLE_FOOTER] = {-1, -1, A_NORMAL},
		[TUI_ROLE_DIALOG] = {-1, -1, A_NORMAL},
		[TUI_ROLE_CODE] = {-1, -1, A_BOLD},
	}},
};

#define THEME_MONO 2

static const struct theme *current = &themes[THEME_MONO];
static bool use_pairs;

const char *
tui_theme_init(const char *name)
{
	const struct theme *t = &themes[0];
	const char *nc = getenv("NO_COLOR");
	size_t i;
	int r;

	for (i = 0; name && i < sizeof themes / sizeof themes[0]; i++)
		if (strcmp(name, themes[i].name) == 0)
			t = &themes[i];
	use_pairs = false;
	if ((nc && *nc) || !has_colors() || start_color() == ERR)
		t = &themes[THEME_MONO];
	if (t != &themes[THEME_MONO]) {
		use_pairs = true;
		if (use_default_colors() == ERR)
			use_pairs = false;
		for (r = 0; use_pairs && r < TUI_ROLE_COUNT; r++)
			if (init_pair((short)(r + 1), t->role[r].fg,
			    t->role[r].bg) == ERR)
				use_pairs = false;
		if (!use_pairs)
			t = &themes[THEME_MONO];
	}
	current = t;
	/* Cleared cells take the body's colours (high-contrast's black). */
	if (use_pairs && (t->role[TUI_ROLE_BODY].fg != -1 ||
	    t->role[TUI_ROLE_BODY].bg != -1))
		wbkgdset(stdscr, ' ' | (chtype)COLOR_PAIR(TUI_ROLE_BODY + 1));
	else
		wbkgdset(stdscr, ' ');
	return t->name;
}

const char *
tui_theme_name(void)
{
	return current->name;
}

void
tui_set_role_attr(WINDOW *w, enum tui_role role, attr_t extra)
{
	short pair = 0;

	if ((unsigned)role >= TUI_ROLE_COUNT)
		role = TUI_ROLE_BODY;
	if (use_pairs && (current->role[role].fg != -1 ||
	    current->role[role].bg != -1))
		pair = (short)(role + 1);
	wattr_set(w, current->role[role].attr | extra, pair, NULL);
}

void
tui_set_role(WINDOW *w, enum tui_role role)
{
	tui_set_role_attr(w, role, A_NORMAL);
}
