/* SPDX-License-Identifier: ISC */
/*
 * Colours as roles. A theme maps each role to colours and attributes;
 * "default", "high-contrast" and "mono". Terminals without colour, and
 * NO_COLOR in the environment, get mono. Every pair keeps a contrast of at
 * least 4.5:1: no red or blue text on black, no white on red. Focus is
 * always reverse video as well as a text marker, never colour alone.
 */
#ifndef TUI_THEME_H
#define TUI_THEME_H

enum tui_role {
	TUI_ROLE_BODY,
	TUI_ROLE_TITLE,		/* the header row */
	TUI_ROLE_HEADING,	/* headings inside a document */
	TUI_ROLE_BUTTON,
	TUI_ROLE_FOCUS,		/* the focused control */
	TUI_ROLE_ERROR,		/* a problem, in plain words */
	TUI_ROLE_NOTE,		/* a hint or a good result */
	TUI_ROLE_FOOTER,
	TUI_ROLE_DIALOG,
	TUI_ROLE_CODE,		/* the receipt code */
	TUI_ROLE_COUNT
};

/*
 * Apply a theme by name once curses has started; an unknown name or NULL
 * gives "default". Returns the name of the theme in use (mono when there
 * is no colour).
 */
const char *tui_theme_init(const char *name);
const char *tui_theme_name(void);

#endif
