/* SPDX-License-Identifier: ISC */
/*
 * Inside tui/ only: what a control does (its ops), the canvas the forms
 * paint on, and the drawing helpers every widget uses. This is the one
 * header that brings in curses; screens never include it.
 */
#ifndef TUI_WIDGET_H
#define TUI_WIDGET_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ctl.h"
#include "input.h"
#include "say.h"
#include "text.h"
#include "theme.h"

struct tui_ctl_ops {
	/* Paint the whole of c->rect into w (erasing what was there). */
	void (*draw)(struct tui_ctl *c, WINDOW *w);
	/* May be NULL (a label): everything passes. index: which item. */
	enum tui_res (*event)(struct tui_ctl *c, const struct tui_event *ev,
	    int *index);
	/* Where the hardware cursor goes when focused; false for no opinion. */
	bool (*cursor)(const struct tui_ctl *c, int *y, int *x);
	/* Focus arrives: dir > 0 from before (Tab), dir < 0 from after. */
	void (*focus_in)(struct tui_ctl *c, int dir);
	/* The keys that work while it has focus, for the footer. */
	uint64_t (*keys)(const struct tui_ctl *c);
	/* Read to me (say.h): its words on the page; NULL for none. */
	void (*page)(struct tui_ctl *c, struct tui_say *s);
	/* Read to me when focused: label and state, never a field's text. */
	void (*said)(struct tui_ctl *c, struct tui_say *s);
};

/* The window forms paint on: stdscr once tui_init ran; tests set their own. */
WINDOW *tui_canvas(void);
void tui_set_canvas(WINDOW *w);

/* Where the cursor goes at the next tui_present (-1: leave it). */
void tui_want_cursor(int y, int x);
void tui_cursor_wanted(int *y, int *x);

/* Glyphs with ASCII fallbacks. */
enum tui_glyph {
	TUI_GLYPH_BULLET,	/* "•" or "*" */
	TUI_GLYPH_MASK,		/* "●" or "*" */
	TUI_GLYPH_RADIO_ON,	/* "(●)" or "(*)" */
	TUI_GLYPH_ELLIPSIS,	/* "…" or "..." */
};
const char *tui_glyph(enum tui_glyph g);

void tui_set_role(WINDOW *w, enum tui_role role);
/* Add attributes (A_BOLD, A_REVERSE) on top of the role's. */
void tui_set_role_attr(WINDOW *w, enum tui_role role, attr_t extra);

/*
 * Draw len bytes of sanitised UTF-8 at (y, x) in at most maxw columns,
 * never splitting a character. Returns the columns used.
 */
int tui_put(WINDOW *w, int y, int x, const char *s, size_t len, int maxw);
int tui_puts(WINDOW *w, int y, int x, const char *s, int maxw);
/* Spaces over r in the current attributes. */
void tui_fill(WINDOW *w, struct tui_rect r);
/* A line box around the edge of r. */
void tui_box(WINDOW *w, struct tui_rect r);

/*
 * Word-wrap text into r starting at its top row; returns the rows used.
 * align: 0 left, 1 centre.
 */
int tui_put_wrapped(WINDOW *w, struct tui_rect r, const char *s, int align);

struct tui_dialog;
void tui_dialog_draw(struct tui_dialog *d, WINDOW *w);
enum tui_res tui_dialog_event(struct tui_dialog *d, const struct tui_event *ev,
    int *index);
void tui_dialog_cursor(const struct tui_dialog *d, int *y, int *x);
uint64_t tui_dialog_keys(const struct tui_dialog *d);

#endif
