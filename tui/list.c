/* SPDX-License-Identifier: ISC */
/*
 * Checklists, radio choices and Yes/No rows (see list.h).
 */
#include "list.h"

#include <stdlib.h>
#include <string.h>

#include "widget.h"

#define YN_W 13		/* each of Yes and No: "> (*) Yes <" in a box */
#define GAP 1		/* rows between items, columns between Yes and No */
#define MARK_COLS 8	/* "| > [x] " before the text */
#define MENU_COLS 4	/* "| > " before a menu row's text */
#define MORE_TAP (-2)	/* press_item: the press began on the "More" line */

static int
text_width(const struct tui_list *l)
{
	int w = l->mode == TUI_LIST_YESNO ? l->ctl.rect.w - 2 * YN_W - GAP - 3 :
	    l->mode == TUI_LIST_MENU ? l->ctl.rect.w - MENU_COLS - 2 :
	    l->ctl.rect.w - MARK_COLS - 2;

	return w < 8 ? 8 : w;
}

static int
lines_of(const char *s, int w)
{
	return s ? (int)tui_text_wrap(s, strlen(s), w, NULL, 0) : 0;
}

static void
measure(struct tui_list *l)
{
	int tw = text_width(l), n;
	size_t i;

	if (l->laid_w == l->ctl.rect.w)
		return;
	l->laid_w = l->ctl.rect.w;
	for (i = 0; i < l->n; i++) {
		if (l->mode == TUI_LIST_MENU) {
			l->items[i].h = 3;
			continue;
		}
		n = lines_of(l->items[i].text, tw) + lines_of(l->items[i].note, tw);
		n += l->mode == TUI_LIST_YESNO ? 0 : 2;
		l->items[i].h = n < 3 ? 3 : n;
	}
}

static bool
overflows(const struct tui_list *l)
{
	int total = 0;
	size_t i;

	for (i = 0; i < l->n; i++)
		total += l->items[i].h + (i ? GAP : 0);
	return total > l->ctl.rect.h;
}

/* Rows for items: one less when a "More below" line is needed. */
static int
avail(const struct tui_list *l)
{
	return overflows(l) ? l->ctl.rect.h - 1 : l->ctl.rect.h;
}

/* Index past the last item that fits wholly from l->top. */
static size_t
visible_end(const struct tui_list *l)
{
	int used = 0, a = avail(l);
	size_t i;

	for (i = l->top; i < l->n; i++) {
		used += l->items[i].h + (i > l->top ? GAP : 0);
		if (used > a)
			break;
	}
	return i > l->top ? i : l->top + 1;
}

static void
keep_focus_visible(struct tui_list *l)
{
	measure(l);
	if (l->focus < l->top)
		l->top = l->focus;
	while (l->top < l->focus && visible_end(l) <= l->focus)
		l->top++;
}

static int
item_y(const struct tui_list *l, size_t item)
{
	int y = l->ctl.rect.y;
	size_t i;

	for (i = l->top; i < item; i++)
		y += l->items[i].h + GAP;
	return y;
}

static struct tui_rect
yn_box(const struct tui_list *l, int y, size_t item, int sub)
{
	struct tui_rect r = l->ctl.rect;
	int h = l->items[item].h;

	return (struct tui_rect){y + (h - 3) / 2,
	    r.x + r.w - 2 * YN_W - GAP + sub * (YN_W + GAP), 3, YN_W};
}

static void
draw_text(WINDOW *w, int y, int x, int tw, const struct tui_list_item *it,
    enum tui_role role, bool focused)
{
	struct tui_rect r = {y, x, 64, tw};

	tui_set_role(w, role);
	r.y += tui_put_wrapped(w, r, it->text, 0);
	if (it->note) {
		tui_set_role(w, focused ? role : TUI_ROLE_NOTE);
		tui_put_wrapped(w, r, it->note, 0);
	}
}

static void
draw_yesno(struct tui_list *l, WINDOW *w, size_t i, int y)
{
	static const char *const word[2] = {"Yes", "No "};
	const struct tui_list_item *it = &l->items[i];
	int tw = text_width(l), lines, sub;
	bool focus_row = l->ctl.focused && i == l->focus;

	lines = lines_of(it->text, tw) + lines_of(it->note, tw);
	draw_text(w, y + (it->h - lines) / 2, l->ctl.rect.x + 1, tw, it,
	    TUI_ROLE_BODY, false);
	for (sub = 0; sub < 2; sub++) {
		struct tui_rect b = yn_box(l, y, i, sub);
		bool on = l->yesno && l->yesno[i] == (sub == 0 ? 1 : 0);
		bool f = focus_row && l->sub == sub;

		/* Bold on reverse video loses contrast on the Linux console. */
		tui_set_role_attr(w, f ? TUI_ROLE_FOCUS : TUI_ROLE_BUTTON,
		    on && !f ? A_BOLD : A_NORMAL);
		tui_fill(w, b);
		tui_box(w, b);
		tui_puts(w, b.y + 1, b.x + 1, f ? ">" : " ", 1);
		tui_puts(w, b.y + 1, b.x + 3,
		    on ? tui_glyph(TUI_GLYPH_RADIO_ON) : "( )", 3);
		tui_puts(w, b.y + 1, b.x + 7, word[sub], 3);
		tui_puts(w, b.y + 1, b.x + YN_W - 2, f ? "<" : " ", 1);
	}
}

static void
draw_row(struct tui_list *l, WINDOW *w, size_t i, int y)
{
	const struct tui_list_item *it = &l->items[i];
	struct tui_rect r = {y, l->ctl.rect.x, it->h, l->ctl.rect.w};
	bool f = l->ctl.focused && i == l->focus;
	enum tui_role role = f ? TUI_ROLE_FOCUS : TUI_ROLE_BUTTON;
	const char *mark;

	if (l->mode == TUI_LIST_MENU) {
		tui_set_role(w, TUI_ROLE_BUTTON);
		tui_fill(w, r);
		tui_box(w, r);
		tui_set_role(w, role);
		tui_puts(w, y + 1, r.x + 1, f ? " > " : "   ", 3);
		tui_puts(w, y + 1, r.x + MENU_COLS, it->text, text_width(l));
		return;
	}
	if (l->mode == TUI_LIST_CHECK)
		mark = l->ticked && l->ticked[i] ? "[x]" : "[ ]";
	else
		mark = l->chosen && *l->chosen == (int)i ?
		    tui_glyph(TUI_GLYPH_RADIO_ON) : "( )";
	/* Reverse video on the words, not the whole box: a focus move
	 * then sends a few dozen bytes, not two boxes' worth. */
	tui_set_role(w, TUI_ROLE_BUTTON);
	tui_fill(w, r);
	tui_box(w, r);
	tui_set_role(w, role);
	tui_puts(w, y + 1, r.x + 1, f ? " > " : "   ", 3);
	tui_puts(w, y + 1, r.x + 4, mark, 3);
	tui_puts(w, y + 1, r.x + 7, " ", 1);
	draw_text(w, y + 1, r.x + MARK_COLS, text_width(l), it, role, f);
}

static void
list_draw(struct tui_ctl *c, WINDOW *w)
{
	struct tui_list *l = (struct tui_list *)c;
	size_t i, end;
	const char *more = NULL;

	keep_focus_visible(l);
	tui_set_role(w, TUI_ROLE_BODY);
	tui_fill(w, c->rect);
	end = visible_end(l);
	for (i = l->top; i < end && i < l->n; i++) {
		if (l->mode == TUI_LIST_YESNO)
			draw_yesno(l, w, i, item_y(l, i));
		else
			draw_row(l, w, i, item_y(l, i));
	}
	if (end < l->n)
		more = "More below: press Down, or scroll.";
	else if (l->top > 0)
		more = "More above: press Up, or scroll.";
	if (more) {
		tui_set_role(w, TUI_ROLE_NOTE);
		tui_puts(w, c->rect.y + c->rect.h - 1, c->rect.x + 1, more,
		    c->rect.w - 2);
	}
}

/* The item (and Yes/No box) under a cell, or -1. */
static int
item_at(struct tui_list *l, int y, int x, int *sub)
{
	size_t i, end = visible_end(l);
	int top;

	*sub = -1;
	for (i = l->top; i < end && i < l->n; i++) {
		top = item_y(l, i);
		if (y < top || y >= top + l->items[i].h)
			continue;
		if (l->mode == TUI_LIST_YESNO) {
			if (tui_rect_has(yn_box(l, top, i, 0), y, x))
				*sub = 0;
			else if (tui_rect_has(yn_box(l, top, i, 1), y, x))
				*sub = 1;
		}
		return (int)i;
	}
	return -1;
}

static void
choose(struct tui_list *l, size_t i)
{
	if (l->mode == TUI_LIST_CHECK && l->ticked)
		l->ticked[i] = !l->ticked[i];
	else if (l->mode == TUI_LIST_RADIO && l->chosen)
		*l->chosen = (int)i;
	else if (l->mode == TUI_LIST_YESNO && l->yesno)
		l->yesno[i] = l->sub == 0 ? 1 : 0;
	l->ctl.dirty = true;
}

static bool
move_to(struct tui_list *l, long to, int sub)
{
	if (to < 0 || to >= (long)l->n)
		return false;
	l->focus = (size_t)to;
	if (sub >= 0)
		l->sub = sub;
	keep_focus_visible(l);
	l->ctl.dirty = true;
	return true;
}

static enum tui_res
list_key(struct tui_list *l, enum tui_action act)
{
	long f = (long)l->focus;
	bool yn = l->mode == TUI_LIST_YESNO;

	switch (act) {
	case ACT_UP:
		return move_to(l, f - 1, -1) ? TUI_DONE : TUI_PASS;
	case ACT_DOWN:
		return move_to(l, f + 1, -1) ? TUI_DONE : TUI_PASS;
	case ACT_WHEEL_UP:
		move_to(l, f - 1, -1);
		return TUI_DONE;
	case ACT_WHEEL_DOWN:
		move_to(l, f + 1, -1);
		return TUI_DONE;
	case ACT_LEFT:
		return yn && l->sub == 1 && move_to(l, f, 0) ? TUI_DONE : TUI_PASS;
	case ACT_RIGHT:
		return yn && l->sub == 0 && move_to(l, f, 1) ? TUI_DONE : TUI_PASS;
	case ACT_NEXT_FOCUS:
		if (yn && l->sub == 0)
			return move_to(l, f, 1) ? TUI_DONE : TUI_PASS;
		return move_to(l, f + 1, 0) ? TUI_DONE : TUI_PASS;
	case ACT_PREV_FOCUS:
		if (yn && l->sub == 1)
			return move_to(l, f, 0) ? TUI_DONE : TUI_PASS;
		return move_to(l, f - 1, yn ? 1 : 0) ? TUI_DONE : TUI_PASS;
	case ACT_HOME:
		move_to(l, 0, -1);
		return TUI_DONE;
	case ACT_END:
		move_to(l, (long)l->n - 1, -1);
		return TUI_DONE;
	case ACT_PAGE_UP:
		if (l->mode == TUI_LIST_MENU)
			return TUI_PASS;
		move_to(l, f - 3 < 0 ? 0 : f - 3, -1);
		return TUI_DONE;
	case ACT_PAGE_DOWN:
		if (l->mode == TUI_LIST_MENU)
			return TUI_PASS;
		move_to(l, f + 3 >= (long)l->n ? (long)l->n - 1 : f + 3, -1);
		return TUI_DONE;
	case ACT_SPACE:
	case ACT_CHOOSE:
		if (l->n == 0)
			return TUI_PASS;
		if (l->mode == TUI_LIST_MENU)
			return TUI_ACTIVATE;
		choose(l, l->focus);
		return TUI_CHANGE;
	default:
		return TUI_PASS;
	}
}

/* Whether row y is the "More below" / "More above" line. */
static bool
more_at(struct tui_list *l, int y)
{
	return overflows(l) && y == l->ctl.rect.y + l->ctl.rect.h - 1 &&
	    (visible_end(l) < l->n || l->top > 0);
}

/* Bring the next hidden row into view, below if there is one, else above. */
static void
show_more(struct tui_list *l)
{
	size_t end = visible_end(l);

	if (end < l->n)
		move_to(l, (long)end, 0);
	else if (l->top > 0)
		move_to(l, (long)l->top - 1, 0);
}

static enum tui_res
list_event(struct tui_ctl *c, const struct tui_event *ev, int *index)
{
	struct tui_list *l = (struct tui_list *)c;
	int item, sub = -1;

	measure(l);
	*index = (int)l->focus;
	if (ev->action == ACT_PRESS) {
		item = more_at(l, ev->y) ? MORE_TAP : item_at(l, ev->y, ev->x, &sub);
		l->press_item = item;
		l->press_sub = sub;
		if (item >= 0)
			move_to(l, item, sub);
		return TUI_DONE;
	}
	if (ev->action == ACT_RELEASE) {
		if (more_at(l, ev->y)) {
			/* A tap on "More below/above": a touch screen has no keys. */
			if (l->press_item == MORE_TAP)
				show_more(l);
			return TUI_DONE;
		}
		item = item_at(l, ev->y, ev->x, &sub);
		if (item < 0 || item != l->press_item || sub != l->press_sub ||
		    (l->mode == TUI_LIST_YESNO && sub < 0))
			return TUI_DONE;
		*index = item;
		if (l->mode == TUI_LIST_MENU)
			return TUI_ACTIVATE;
		choose(l, (size_t)item);
		return TUI_CHANGE;
	}
	return list_key(l, ev->action);
}

static bool
list_cursor(const struct tui_ctl *c, int *y, int *x)
{
	const struct tui_list *l = (const struct tui_list *)c;
	struct tui_rect b;

	if (l->n == 0)
		return false;
	*y = item_y(l, l->focus);
	if (l->mode == TUI_LIST_YESNO) {
		b = yn_box(l, *y, l->focus, l->sub);
		*y = b.y + 1;
		*x = b.x + 3;
	} else {
		*y += 1;
		*x = c->rect.x + (l->mode == TUI_LIST_MENU ? MENU_COLS : 4);
	}
	return true;
}

static void
list_focus_in(struct tui_ctl *c, int dir)
{
	struct tui_list *l = (struct tui_list *)c;

	if (dir > 0)
		move_to(l, 0, 0);
	else if (dir < 0)
		move_to(l, (long)l->n - 1, l->mode == TUI_LIST_YESNO ? 1 : 0);
}

static uint64_t
list_keys(const struct tui_ctl *c)
{
	const struct tui_list *l = (const struct tui_list *)c;

	if (l->mode == TUI_LIST_MENU)
		return TUI_KEY(ACT_CHOOSE);
	return l->mode == TUI_LIST_CHECK ? TUI_KEY(ACT_SPACE) :
	    TUI_KEY(ACT_CHOOSE);
}

/* A row's words with its state, as the learner sees them. */
static void
say_row(const struct tui_list *l, size_t i, struct tui_say *s, bool on)
{
	if (on)
		tui_say_on(s, "the line", l->items[i].text);
	else
		tui_say_adds(s, l->items[i].text);
	switch (l->mode) {
	case TUI_LIST_CHECK:
		tui_say_adds(s, l->ticked && l->ticked[i] ? "Ticked" :
		    "Not ticked");
		break;
	case TUI_LIST_RADIO:
		if (l->chosen && *l->chosen == (int)i)
			tui_say_adds(s, "Chosen");
		break;
	case TUI_LIST_YESNO:
		tui_say_adds(s, !l->yesno || l->yesno[i] < 0 ?
		    "Not answered yet" : l->yesno[i] ? "Yes" : "No");
		break;
	case TUI_LIST_MENU:
		break;
	}
}

static void
list_page(struct tui_ctl *c, struct tui_say *s)
{
	struct tui_list *l = (struct tui_list *)c;
	size_t i;

	for (i = 0; i < l->n; i++)
		say_row(l, i, s, false);
}

static void
list_said(struct tui_ctl *c, struct tui_say *s)
{
	struct tui_list *l = (struct tui_list *)c;

	if (l->focus >= l->n)
		return;
	say_row(l, l->focus, s, true);
	if (l->mode == TUI_LIST_YESNO)
		tui_say_adds(s, l->sub ? "The No button" : "The Yes button");
}

static const struct tui_ctl_ops list_ops = {
	.page = list_page,
	.said = list_said,
	.draw = list_draw,
	.event = list_event,
	.cursor = list_cursor,
	.focus_in = list_focus_in,
	.keys = list_keys,
};

void
tui_list_init(struct tui_list *l, int id, enum tui_list_mode mode)
{
	memset(l, 0, sizeof *l);
	l->ctl.ops = &list_ops;
	l->ctl.id = id;
	l->ctl.focusable = true;
	l->ctl.dirty = true;
	l->mode = mode;
	l->press_item = -1;
}

bool
tui_list_add(struct tui_list *l, const char *text, const char *note)
{
	struct tui_list_item *grown, it = {NULL, NULL, 3};

	it.text = tui_sanitize_dup(text, strlen(text), false);
	if (note)
		it.note = tui_sanitize_dup(note, strlen(note), false);
	grown = realloc(l->items, (l->n + 1) * sizeof *grown);
	if (!it.text || (note && !it.note) || !grown) {
		free(it.text);
		free(it.note);
		if (grown)
			l->items = grown;
		return false;
	}
	l->items = grown;
	l->items[l->n++] = it;
	l->laid_w = 0;
	l->ctl.dirty = true;
	return true;
}

void
tui_list_bind_ticks(struct tui_list *l, bool *ticked)
{
	l->ticked = ticked;
	l->ctl.dirty = true;
}

void
tui_list_bind_choice(struct tui_list *l, int *chosen)
{
	l->chosen = chosen;
	l->ctl.dirty = true;
}

void
tui_list_bind_yesno(struct tui_list *l, signed char *yesno)
{
	l->yesno = yesno;
	l->ctl.dirty = true;
}

void
tui_list_clear(struct tui_list *l)
{
	size_t i;

	/* Wiped as freed: rows may hold learners' names. */
	for (i = 0; i < l->n; i++) {
		explicit_bzero(l->items[i].text, strlen(l->items[i].text));
		free(l->items[i].text);
		if (l->items[i].note)
			explicit_bzero(l->items[i].note, strlen(l->items[i].note));
		free(l->items[i].note);
	}
	free(l->items);
	l->items = NULL;
	l->n = 0;
	l->focus = l->top = 0;
	l->laid_w = 0;
	l->ctl.dirty = true;
}

void
tui_list_set_focus(struct tui_list *l, size_t row)
{
	if (l->n == 0)
		return;
	move_to(l, (long)(row < l->n ? row : l->n - 1), 0);
}
