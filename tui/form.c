/* SPDX-License-Identifier: ISC */
/*
 * Focus, dispatch and painting for a screen's controls (see form.h).
 */
#include "form.h"

#include <stdlib.h>

#include "dialog.h"
#include "label.h"
#include "term.h"
#include "widget.h"

void
tui_ctl_place(struct tui_ctl *c, struct tui_rect r)
{
	c->rect = r;
	c->dirty = true;
}

void
tui_ctl_set_hidden(struct tui_ctl *c, bool hidden)
{
	if (c->hidden != hidden) {
		c->hidden = hidden;
		c->dirty = true;
	}
}

void
tui_ctl_dirty(struct tui_ctl *c)
{
	c->dirty = true;
}

void
tui_form_init(struct tui_form *f)
{
	f->n = 0;
	f->focus = -1;
	f->pressed = -1;
	f->modal = NULL;
	f->footer = NULL;
	f->painted = 0;
}

void
tui_form_add(struct tui_form *f, struct tui_ctl *c)
{
	if (f->n < TUI_FORM_MAX)
		f->ctl[f->n++] = c;
}

void
tui_form_set_footer(struct tui_form *f, struct tui_footer *footer)
{
	f->footer = footer;
	footer->form = f;
}

static bool
can_focus(const struct tui_ctl *c)
{
	return c->focusable && !c->hidden && c->rect.w > 0 && c->rect.h > 0;
}

static void
set_focus(struct tui_form *f, int idx, int dir)
{
	struct tui_ctl *c;

	if (idx == f->focus)
		return;
	if (f->focus >= 0) {
		c = f->ctl[f->focus];
		c->focused = false;
		c->dirty = true;
	}
	f->focus = idx;
	if (idx >= 0) {
		c = f->ctl[idx];
		c->focused = true;
		c->dirty = true;
		if (c->ops && c->ops->focus_in)
			c->ops->focus_in(c, dir);
	}
	if (f->footer)
		f->footer->ctl.dirty = true;
}

void
tui_form_focus(struct tui_form *f, struct tui_ctl *c)
{
	size_t i;

	/* Not can_focus: a screen may choose focus before layout places it. */
	for (i = 0; i < f->n; i++)
		if (f->ctl[i] == c && c->focusable && !c->hidden)
			set_focus(f, (int)i, 0);
}

struct tui_ctl *
tui_form_focused(const struct tui_form *f)
{
	return f->focus >= 0 ? f->ctl[f->focus] : NULL;
}

void
tui_form_focus_step(struct tui_form *f, int dir)
{
	int n = (int)f->n, i, idx;

	if (n == 0)
		return;
	idx = f->focus < 0 ? (dir > 0 ? -1 : n) : f->focus;
	for (i = 0; i < n; i++) {
		idx = ((idx + dir) % n + n) % n;
		if (can_focus(f->ctl[idx])) {
			set_focus(f, idx, dir);
			return;
		}
	}
}

/* The nearest focusable control in an arrow's direction, or -1. */
static int
nearest(const struct tui_form *f, enum tui_action act)
{
	struct tui_rect a, b;
	long best_score = 0, score, along, across;
	int best = -1;
	size_t i;

	if (f->focus < 0)
		return -1;
	a = f->ctl[f->focus]->rect;
	for (i = 0; i < f->n; i++) {
		if ((int)i == f->focus || !can_focus(f->ctl[i]))
			continue;
		b = f->ctl[i]->rect;
		if (act == ACT_DOWN || act == ACT_UP) {
			along = act == ACT_DOWN ? b.y - (a.y + a.h) :
			    a.y - (b.y + b.h);
			across = labs((long)(b.x + b.w / 2) - (a.x + a.w / 2));
		} else {
			along = act == ACT_RIGHT ? b.x - (a.x + a.w) :
			    a.x - (b.x + b.w);
			/* Only controls sharing a row. */
			if (b.y >= a.y + a.h || a.y >= b.y + b.h)
				continue;
			across = labs((long)b.y - a.y);
		}
		if (along < 0)
			continue;
		score = along * 1000 + across;
		if (best < 0 || score < best_score) {
			best = (int)i;
			best_score = score;
		}
	}
	return best;
}

static int
hit(const struct tui_form *f, int y, int x)
{
	size_t i;

	for (i = 0; i < f->n; i++) {
		const struct tui_ctl *c = f->ctl[i];

		if (!c->hidden && tui_rect_has(c->rect, y, x))
			return (int)i;
	}
	return -1;
}

static struct tui_outcome
outcome(enum tui_res res, const struct tui_ctl *c, int index)
{
	return (struct tui_outcome){res, c ? c->id : 0, index};
}

static enum tui_res
send(struct tui_ctl *c, const struct tui_event *ev, int *index)
{
	if (!c->ops || !c->ops->event)
		return TUI_PASS;
	return c->ops->event(c, ev, index);
}

static struct tui_outcome
mouse(struct tui_form *f, const struct tui_event *ev)
{
	int idx = hit(f, ev->y, ev->x), index = -1, began;
	enum tui_res r;
	struct tui_ctl *c;

	switch (ev->action) {
	case ACT_PRESS:
		f->pressed = idx;
		if (idx < 0)
			return outcome(TUI_DONE, NULL, -1);
		c = f->ctl[idx];
		if (can_focus(c))
			set_focus(f, idx, 0);
		send(c, ev, &index);
		return outcome(TUI_DONE, c, -1);
	case ACT_RELEASE:
		began = f->pressed;
		f->pressed = -1;
		if (idx < 0 || idx != began)
			return outcome(TUI_DONE, NULL, -1);
		c = f->ctl[idx];
		r = send(c, ev, &index);
		return outcome(r == TUI_PASS ? TUI_DONE : r, c, index);
	case ACT_WHEEL_UP:
	case ACT_WHEEL_DOWN:
		/* The wheel scrolls what is under the pointer, focused or not. */
		if (idx < 0)
			return outcome(TUI_DONE, NULL, -1);
		c = f->ctl[idx];
		r = send(c, ev, &index);
		return outcome(r == TUI_PASS ? TUI_DONE : r, c, index);
	default:
		return outcome(TUI_DONE, NULL, -1);
	}
}

struct tui_outcome
tui_form_event(struct tui_form *f, const struct tui_event *ev)
{
	struct tui_ctl *c = tui_form_focused(f);
	enum tui_res r;
	int index = -1, to;

	if (ev->action == ACT_RESIZE)
		return outcome(TUI_PASS, NULL, -1);
	if (f->modal) {
		r = tui_dialog_event(f->modal, ev, &index);
		if (r == TUI_ACTIVATE)
			return (struct tui_outcome){r, f->modal->id, index};
		return outcome(TUI_DONE, NULL, -1);
	}
	if (ev->action >= ACT_PRESS && ev->action <= ACT_MOTION)
		return mouse(f, ev);
	if (c) {
		r = send(c, ev, &index);
		if (r != TUI_PASS)
			return outcome(r, c, index);
	}
	switch (ev->action) {
	case ACT_NEXT_FOCUS:
		tui_form_focus_step(f, 1);
		return outcome(TUI_DONE, NULL, -1);
	case ACT_PREV_FOCUS:
		tui_form_focus_step(f, -1);
		return outcome(TUI_DONE, NULL, -1);
	case ACT_UP:
	case ACT_DOWN:
	case ACT_LEFT:
	case ACT_RIGHT:
		to = nearest(f, ev->action);
		if (to < 0)
			return outcome(TUI_PASS, NULL, -1);
		set_focus(f, to, ev->action == ACT_UP ||
		    ev->action == ACT_LEFT ? -1 : 1);
		return outcome(TUI_DONE, NULL, -1);
	default:
		return outcome(TUI_PASS, NULL, -1);
	}
}

void
tui_form_paint(struct tui_form *f)
{
	WINDOW *w = tui_canvas();
	bool all = f->painted != tui_generation(), drew = false;
	struct tui_ctl *c;
	int y = -1, x = -1;
	size_t i;

	f->painted = tui_generation();
	for (i = 0; i < f->n; i++) {
		c = f->ctl[i];
		if (c->rect.w <= 0 || c->rect.h <= 0 || !(c->dirty || all))
			continue;
		c->dirty = false;
		drew = true;
		if (c->hidden) {
			/* After an invalidate the canvas is blank already. */
			if (c->shown && !all) {
				tui_set_role(w, TUI_ROLE_BODY);
				tui_fill(w, c->rect);
			}
			c->shown = false;
			continue;
		}
		c->ops->draw(c, w);
		c->shown = true;
	}
	if (f->modal) {
		if (drew || all || f->modal->dirty)
			tui_dialog_draw(f->modal, w);
		tui_dialog_cursor(f->modal, &y, &x);
	} else if ((c = tui_form_focused(f)) && c->ops->cursor) {
		if (!c->ops->cursor(c, &y, &x))
			y = x = -1;
	}
	tui_want_cursor(y, x);
}

uint64_t
tui_form_keys(const struct tui_form *f)
{
	const struct tui_ctl *c = tui_form_focused(f);
	uint64_t keys = TUI_KEY(ACT_NEXT_FOCUS);

	if (f->modal)
		return tui_dialog_keys(f->modal);
	if (c && c->ops->keys)
		keys |= c->ops->keys(c);
	return keys;
}

void
tui_form_open(struct tui_form *f, struct tui_dialog *d)
{
	f->modal = d;
	d->dirty = true;
	f->pressed = -1;
	if (f->footer)
		f->footer->ctl.dirty = true;
}

void
tui_form_close(struct tui_form *f)
{
	f->modal = NULL;
	f->pressed = -1;
	/* What was under the dialog is painted again (curses sends the diff). */
	tui_invalidate();
}
