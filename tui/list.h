/* SPDX-License-Identifier: ISC */
/*
 * A list of large, tappable rows, scrolled to keep the focused one in view:
 *   TUI_LIST_CHECK  a checklist: "[x]" / "[ ]" per item, ticked by Space,
 *                   Enter or a tap; the ticks live in the caller's array,
 *                   so going Back and forth never loses them.
 *   TUI_LIST_RADIO  one choice of a few (quiz answers): "(*)" / "( )".
 *   TUI_LIST_YESNO  a Yes and a No box of equal size per item (consent),
 *                   nothing chosen until the person chooses.
 *   TUI_LIST_MENU   rows to open (staff mode's learners): one line each,
 *                   cut to fit; Enter, Space or a tap activates the row
 *                   (TUI_ACTIVATE, index the row); PgUp and PgDn pass on,
 *                   for the screen to turn the page.
 * Each row is a box at least 3 rows high with a gap between rows.
 * Arrows and Tab move between rows (and between Yes and No); past the
 * first or last they pass on, so focus leaves the list.
 */
#ifndef TUI_LIST_H
#define TUI_LIST_H

#include <stdbool.h>
#include <stddef.h>

#include "ctl.h"

enum tui_list_mode {
	TUI_LIST_CHECK,
	TUI_LIST_RADIO,
	TUI_LIST_YESNO,
	TUI_LIST_MENU,
};

struct tui_list_item {
	char *text;	/* owned, sanitised */
	char *note;	/* owned, sanitised, or NULL: a second line of advice */
	int h;		/* rows at the laid-out width */
};

struct tui_list {
	struct tui_ctl ctl;
	enum tui_list_mode mode;
	struct tui_list_item *items;
	size_t n;
	bool *ticked;		/* CHECK: the caller's, one per item */
	int *chosen;		/* RADIO: the caller's, -1 for none */
	signed char *yesno;	/* YESNO: the caller's, -1 unset, 0 No, 1 Yes */
	size_t focus;		/* the focused row */
	int sub;		/* YESNO: 0 on Yes, 1 on No */
	size_t top;		/* first row shown */
	int press_item, press_sub;
	int laid_w;
};

void tui_list_init(struct tui_list *l, int id, enum tui_list_mode mode);
/* Add a row (sanitised copies); false when out of memory. */
bool tui_list_add(struct tui_list *l, const char *text, const char *note);
void tui_list_bind_ticks(struct tui_list *l, bool *ticked);
void tui_list_bind_choice(struct tui_list *l, int *chosen);
void tui_list_bind_yesno(struct tui_list *l, signed char *yesno);
void tui_list_clear(struct tui_list *l);
/* The focused row (MENU: where a new page puts the focus). */
void tui_list_set_focus(struct tui_list *l, size_t row);

#endif
