/* SPDX-License-Identifier: ISC */
/*
 * Message boxes (see dialog.h). Laid out afresh at every draw from the
 * canvas size, so a resize needs nothing special.
 */
#include "dialog.h"

#include <string.h>

#include "widget.h"

#define DIALOG_MAX_W 64
#define BUTTON_GAP 2

static int
text_rows(const struct tui_dialog *d, int tw)
{
	return (int)tui_text_wrap(d->text, strlen(d->text), tw, NULL, 0);
}

static void
layout(struct tui_dialog *d, WINDOW *w)
{
	int rows, cols, dw, dh, tw, bw = 0, total, x, i;

	getmaxyx(w, rows, cols);
	dw = cols - 4 < DIALOG_MAX_W ? cols - 4 : DIALOG_MAX_W;
	tw = dw - 4;
	dh = 2 + (d->title[0] ? 2 : 0) + text_rows(d, tw) +
	    (d->nbuttons ? 4 : 1);
	if (dh > rows)
		dh = rows;
	d->rect = (struct tui_rect){(rows - dh) / 2, (cols - dw) / 2, dh, dw};
	for (i = 0; i < d->nbuttons; i++) {
		int bwi = tui_button_width(d->button[i].label);

		bw = bwi > bw ? bwi : bw;
	}
	/* Equal sizes, so neither answer looks like the expected one. */
	total = d->nbuttons * bw + (d->nbuttons - 1) * BUTTON_GAP;
	x = d->rect.x + (dw - total) / 2;
	for (i = 0; i < d->nbuttons; i++) {
		struct tui_button *b = &d->button[i];

		b->ctl.rect = (struct tui_rect){d->rect.y + dh - 4, x, 3, bw};
		b->ctl.focused = i == d->focus;
		x += bw + BUTTON_GAP;
	}
}

void
tui_dialog_draw(struct tui_dialog *d, WINDOW *w)
{
	struct tui_rect r;
	int i, y;

	layout(d, w);
	r = d->rect;
	tui_set_role(w, TUI_ROLE_DIALOG);
	tui_fill(w, r);
	tui_box(w, r);
	y = r.y + 1;
	if (d->title[0]) {
		tui_set_role_attr(w, TUI_ROLE_DIALOG, A_BOLD);
		tui_puts(w, y, r.x + 2, d->title, r.w - 4);
		y += 2;
	}
	tui_set_role(w, TUI_ROLE_DIALOG);
	tui_put_wrapped(w, (struct tui_rect){y, r.x + 2,
	    r.y + r.h - 1 - y - (d->nbuttons ? 3 : 0), r.w - 4}, d->text, 0);
	for (i = 0; i < d->nbuttons; i++)
		d->button[i].ctl.ops->draw(&d->button[i].ctl, w);
	d->dirty = false;
}

void
tui_dialog_paint(struct tui_dialog *d)
{
	int y, x;

	tui_dialog_draw(d, tui_canvas());
	tui_dialog_cursor(d, &y, &x);
	tui_want_cursor(y, x);
}

static void
move_focus(struct tui_dialog *d, int dir)
{
	if (d->nbuttons < 2)
		return;
	d->focus = (d->focus + dir + d->nbuttons) % d->nbuttons;
	d->dirty = true;
}

static int
button_at(const struct tui_dialog *d, int y, int x)
{
	int i;

	for (i = 0; i < d->nbuttons; i++)
		if (tui_rect_has(d->button[i].ctl.rect, y, x))
			return i;
	return -1;
}

enum tui_res
tui_dialog_event(struct tui_dialog *d, const struct tui_event *ev, int *index)
{
	int b;

	*index = d->focus;
	switch (ev->action) {
	case ACT_LEFT:
	case ACT_UP:
	case ACT_PREV_FOCUS:
		move_focus(d, -1);
		return TUI_DONE;
	case ACT_RIGHT:
	case ACT_DOWN:
	case ACT_NEXT_FOCUS:
		move_focus(d, 1);
		return TUI_DONE;
	case ACT_CHOOSE:
	case ACT_SPACE:
		return TUI_ACTIVATE;
	case ACT_BACK:
		*index = d->nbuttons - 1;
		return TUI_ACTIVATE;
	case ACT_PRESS:
		d->pressed = button_at(d, ev->y, ev->x);
		if (d->pressed >= 0 && d->pressed != d->focus) {
			d->focus = d->pressed;
			d->dirty = true;
		}
		return TUI_DONE;
	case ACT_RELEASE:
		b = button_at(d, ev->y, ev->x);
		if (b < 0 || b != d->pressed)
			return TUI_DONE;
		d->pressed = -1;
		*index = b;
		return TUI_ACTIVATE;
	default:
		return TUI_DONE;
	}
}

void
tui_dialog_cursor(const struct tui_dialog *d, int *y, int *x)
{
	const struct tui_ctl *c;

	if (d->nbuttons == 0) {
		*y = d->rect.y + 1;
		*x = d->rect.x + 2;
		return;
	}
	c = &d->button[d->focus].ctl;
	if (!c->ops->cursor(c, y, x))
		*y = *x = -1;
}

uint64_t
tui_dialog_keys(const struct tui_dialog *d)
{
	return TUI_KEY(ACT_CHOOSE) | TUI_KEY(ACT_BACK) |
	    (d->nbuttons > 1 ? TUI_KEY(ACT_NEXT_FOCUS) : 0);
}

void
tui_dialog_init(struct tui_dialog *d, int id, const char *title,
    const char *text, const char *b0, const char *b1)
{
	memset(d, 0, sizeof *d);
	d->id = id;
	d->pressed = -1;
	d->dirty = true;
	tui_sanitize(d->title, sizeof d->title, title ? title : "",
	    title ? strlen(title) : 0, false);
	tui_sanitize(d->text, sizeof d->text, text, strlen(text), true);
	if (b0)
		tui_button_init(&d->button[d->nbuttons++], 0, b0);
	if (b1)
		tui_button_init(&d->button[d->nbuttons++], 1, b1);
	/* Focus starts on the safe answer: Enter alone never declines. */
	d->focus = d->nbuttons > 0 ? d->nbuttons - 1 : 0;
}
