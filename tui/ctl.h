/* SPDX-License-Identifier: ISC */
/*
 * The part every widget shares: where it is, whether it can take focus,
 * whether it must be painted again. A widget struct starts with a
 * struct tui_ctl, and a form (form.h) holds pointers to them.
 *
 * What a control does is in its ops, which only tui/ sees (widget.h), so
 * screens hold widgets by value without seeing curses.
 */
#ifndef TUI_CTL_H
#define TUI_CTL_H

#include <stdbool.h>
#include <stdint.h>

struct tui_rect {
	int y, x, h, w;
};

struct tui_ctl_ops;

struct tui_ctl {
	const struct tui_ctl_ops *ops;
	struct tui_rect rect;	/* screen cells; h or w 0 means not placed */
	int id;			/* the screen's name for it, reported on activate */
	bool focusable;
	bool hidden;
	bool focused;
	bool dirty;		/* paint again on the next paint */
	bool shown;		/* painted and visible now (to erase when hidden) */
};

/* What a control (or a form) made of an event. */
enum tui_res {
	TUI_PASS,	/* not mine: pass it on */
	TUI_DONE,	/* handled, nothing for the screen to do */
	TUI_ACTIVATE,	/* chosen: a button pressed, a dialog answered */
	TUI_CHANGE,	/* a value changed: a tick, a choice, a key typed */
};

struct tui_outcome {
	enum tui_res res;
	int id;		/* the control's id */
	int index;	/* which item or dialog button, where there are several */
};

static inline bool
tui_rect_has(struct tui_rect r, int y, int x)
{
	return y >= r.y && y < r.y + r.h && x >= r.x && x < r.x + r.w;
}

void tui_ctl_place(struct tui_ctl *c, struct tui_rect r);
void tui_ctl_set_hidden(struct tui_ctl *c, bool hidden);
void tui_ctl_dirty(struct tui_ctl *c);

#endif
