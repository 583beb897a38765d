/* SPDX-License-Identifier: ISC */
/*
 * The text view (see textview.h). Lines are made lazily for the width the
 * view has; a blank line separates blocks except bullet from bullet.
 */
#include "textview.h"

#include <stdlib.h>
#include <string.h>

#include "widget.h"

#define NO_BLOCK ((size_t)-1)
/* Lines of about this many columns are the easiest to read. */
#define TEXT_MAX_W 76
#define BULLET_INDENT 2
#define WHEEL_LINES 3

static bool
listish(enum tui_block kind)
{
	return kind == TUI_BLOCK_BULLET || kind == TUI_BLOCK_SUB;
}

static int
indent_of(enum tui_block kind)
{
	return kind == TUI_BLOCK_BULLET ? BULLET_INDENT :
	    kind == TUI_BLOCK_SUB ? 2 * BULLET_INDENT : 0;
}

/* The text column inside the view: centred when the view is wide. */
static void
text_column(const struct tui_textview *tv, int *x, int *w)
{
	struct tui_rect r = tv->ctl.rect;
	int tw = r.w - 2;

	if (tw > TEXT_MAX_W)
		tw = TEXT_MAX_W;
	if (tw < 1)
		tw = 1;
	*w = tw;
	*x = r.x + (r.w - tw) / 2;
}

static bool
push_line(struct tui_tv_line **lines, size_t *n, size_t *cap,
    struct tui_tv_line l)
{
	struct tui_tv_line *grown;

	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		grown = realloc(*lines, *cap * sizeof **lines);
		if (!grown)
			return false;
		*lines = grown;
	}
	(*lines)[(*n)++] = l;
	return true;
}

static size_t
find_anchor(const struct tui_textview *tv)
{
	size_t i, best = NO_BLOCK;

	for (i = 0; i < tv->nlines; i++) {
		const struct tui_tv_line *l = &tv->lines[i];

		if (l->block == NO_BLOCK)
			continue;
		if (l->block == tv->anchor_block && l->off <= tv->anchor_off) {
			best = i;
		} else if (l->block > tv->anchor_block) {
			if (best == NO_BLOCK)
				best = i;
			break;
		}
	}
	return best == NO_BLOCK ? 0 : best;
}

static size_t
max_top(const struct tui_textview *tv)
{
	size_t h = (size_t)(tv->ctl.rect.h > 0 ? tv->ctl.rect.h : 1);

	return tv->nlines > h ? tv->nlines - h : 0;
}

static void
note_position(struct tui_textview *tv)
{
	size_t i, h = (size_t)(tv->ctl.rect.h > 0 ? tv->ctl.rect.h : 1);

	if (tv->top > max_top(tv))
		tv->top = max_top(tv);
	if (tv->top + h >= tv->nlines)
		tv->end_seen = true;
	for (i = tv->top; i < tv->nlines; i++)
		if (tv->lines[i].block != NO_BLOCK) {
			tv->anchor_block = tv->lines[i].block;
			tv->anchor_off = tv->lines[i].off;
			return;
		}
}

/* Wrap every block for the current width, keeping the anchored text on top. */
static void
ensure_wrapped(struct tui_textview *tv)
{
	struct tui_tv_line *lines = NULL;
	struct tui_line wl[512];
	size_t n = 0, cap = 0, b, i, nw;
	int x, w, tw;
	bool ok = true;

	if (tv->ctl.rect.w <= 0 || tv->ctl.rect.h <= 0)
		return;
	text_column(tv, &x, &w);
	if (tv->wrapped_w == w && tv->lines) {
		if (tv->wrapped_h != tv->ctl.rect.h) {
			tv->wrapped_h = tv->ctl.rect.h;
			note_position(tv);
		}
		return;
	}
	for (b = 0; ok && b < tv->nblocks; b++) {
		const struct tui_tv_block *blk = &tv->blocks[b];
		bool bullet = blk->kind == TUI_BLOCK_BULLET ||
		    blk->kind == TUI_BLOCK_SUB;

		/* A blank line between blocks, not inside a list. */
		if (b > 0 && !(bullet && listish(tv->blocks[b - 1].kind)))
			ok = push_line(&lines, &n, &cap,
			    (struct tui_tv_line){NO_BLOCK, 0, 0, false});
		tw = w - indent_of(blk->kind);
		nw = tui_text_wrap(blk->text, blk->len, tw, wl, 512);
		if (nw > 512)
			nw = 512;
		if (nw == 0)
			ok = ok && push_line(&lines, &n, &cap,
			    (struct tui_tv_line){b, 0, 0, bullet});
		for (i = 0; ok && i < nw; i++)
			ok = push_line(&lines, &n, &cap, (struct tui_tv_line){
			    b, wl[i].off, wl[i].len, bullet && i == 0});
	}
	if (!ok) {
		free(lines);
		return;
	}
	free(tv->lines);
	tv->lines = lines;
	tv->nlines = n;
	tv->wrapped_w = w;
	tv->wrapped_h = tv->ctl.rect.h;
	tv->top = find_anchor(tv);
	note_position(tv);
}

static void
textview_draw(struct tui_ctl *c, WINDOW *w)
{
	struct tui_textview *tv = (struct tui_textview *)c;
	struct tui_rect r = c->rect;
	int x, tw, row;
	size_t i;

	ensure_wrapped(tv);
	text_column(tv, &x, &tw);
	tui_set_role(w, TUI_ROLE_BODY);
	tui_fill(w, r);
	for (row = 0; row < r.h; row++) {
		const struct tui_tv_line *l;
		const struct tui_tv_block *b;
		int lx = x;

		i = tv->top + (size_t)row;
		if (i >= tv->nlines)
			break;
		l = &tv->lines[i];
		if (l->block == NO_BLOCK)
			continue;
		b = &tv->blocks[l->block];
		lx += indent_of(b->kind);
		if (l->bullet) {
			tui_set_role(w, TUI_ROLE_BODY);
			tui_puts(w, r.y + row, lx - BULLET_INDENT,
			    b->kind == TUI_BLOCK_SUB ? "-" :
			    tui_glyph(TUI_GLYPH_BULLET), 1);
		}
		tui_set_role(w, b->kind == TUI_BLOCK_HEADING ?
		    TUI_ROLE_HEADING : TUI_ROLE_BODY);
		tui_put(w, r.y + row, lx, b->text + l->off, l->len,
		    tw - (lx - x));
	}
}

static bool
scroll_to(struct tui_textview *tv, size_t top)
{
	if (top > max_top(tv))
		top = max_top(tv);
	if (top == tv->top)
		return false;
	tv->top = top;
	note_position(tv);
	tv->ctl.dirty = true;
	return true;
}

static bool
scroll_by(struct tui_textview *tv, long delta)
{
	long top = (long)tv->top + delta;

	return scroll_to(tv, top < 0 ? 0 : (size_t)top);
}

bool
tui_textview_page_move(struct tui_textview *tv, int dir)
{
	long h = tv->ctl.rect.h > 0 ? tv->ctl.rect.h : 1;

	ensure_wrapped(tv);
	return scroll_by(tv, dir * h);
}

static enum tui_res
textview_event(struct tui_ctl *c, const struct tui_event *ev, int *index)
{
	struct tui_textview *tv = (struct tui_textview *)c;
	bool moved;

	*index = -1;
	ensure_wrapped(tv);
	switch (ev->action) {
	case ACT_UP:
		return scroll_by(tv, -1) ? TUI_CHANGE : TUI_PASS;
	case ACT_DOWN:
		return scroll_by(tv, 1) ? TUI_CHANGE : TUI_PASS;
	case ACT_WHEEL_UP:
		moved = scroll_by(tv, -WHEEL_LINES);
		break;
	case ACT_WHEEL_DOWN:
		moved = scroll_by(tv, WHEEL_LINES);
		break;
	case ACT_PAGE_UP:
		moved = tui_textview_page_move(tv, -1);
		break;
	case ACT_PAGE_DOWN:
	case ACT_SPACE:
		moved = tui_textview_page_move(tv, 1);
		break;
	case ACT_HOME:
		moved = scroll_to(tv, 0);
		break;
	case ACT_END:
		moved = scroll_to(tv, max_top(tv));
		break;
	case ACT_PRESS:
	case ACT_RELEASE:
		return TUI_DONE;
	default:
		return TUI_PASS;
	}
	return moved ? TUI_CHANGE : TUI_DONE;
}

static bool
textview_cursor(const struct tui_ctl *c, int *y, int *x)
{
	int w;

	text_column((const struct tui_textview *)c, x, &w);
	*y = c->rect.y;
	return true;
}

static uint64_t
textview_keys(const struct tui_ctl *c)
{
	(void)c;
	return TUI_KEY(ACT_PAGE_DOWN) | TUI_KEY(ACT_PAGE_UP);
}

/* The lines shown now, block by block: what is on the page. */
static void
textview_page(struct tui_ctl *c, struct tui_say *s)
{
	struct tui_textview *tv = (struct tui_textview *)c;
	size_t i, end, blk = NO_BLOCK, from = 0, to = 0;

	ensure_wrapped(tv);
	end = tv->top + (size_t)(c->rect.h > 0 ? c->rect.h : 0);
	if (end > tv->nlines)
		end = tv->nlines;
	for (i = tv->top; i <= end; i++) {
		const struct tui_tv_line *l = i < end ? &tv->lines[i] : NULL;

		if (l && l->block == blk && blk != NO_BLOCK) {
			to = l->off + l->len;
			continue;
		}
		if (blk != NO_BLOCK)
			tui_say_add(s, tv->blocks[blk].text + from, to - from);
		blk = l ? l->block : NO_BLOCK;
		if (l && blk != NO_BLOCK) {
			from = l->off;
			to = l->off + l->len;
		}
	}
}

static const struct tui_ctl_ops textview_ops = {
	.page = textview_page,
	.draw = textview_draw,
	.event = textview_event,
	.cursor = textview_cursor,
	.keys = textview_keys,
};

void
tui_textview_init(struct tui_textview *tv, int id)
{
	memset(tv, 0, sizeof *tv);
	tv->ctl.ops = &textview_ops;
	tv->ctl.id = id;
	tv->ctl.focusable = true;
	tv->ctl.dirty = true;
}

static bool
insert_block(struct tui_textview *tv, size_t at, enum tui_block kind,
    const char *text)
{
	struct tui_tv_block *grown;
	char *copy = tui_sanitize_dup(text, strlen(text), false);

	if (!copy)
		return false;
	grown = realloc(tv->blocks, (tv->nblocks + 1) * sizeof *grown);
	if (!grown) {
		free(copy);
		return false;
	}
	tv->blocks = grown;
	memmove(&tv->blocks[at + 1], &tv->blocks[at],
	    (tv->nblocks - at) * sizeof *grown);
	tv->blocks[at] = (struct tui_tv_block){kind, copy, strlen(copy)};
	tv->nblocks++;
	tv->wrapped_w = 0;
	tv->ctl.dirty = true;
	return true;
}

bool
tui_textview_add(struct tui_textview *tv, enum tui_block kind,
    const char *text)
{
	return insert_block(tv, tv->nblocks, kind, text);
}

bool
tui_textview_add_first(struct tui_textview *tv, enum tui_block kind,
    const char *text)
{
	return insert_block(tv, 0, kind, text);
}

void
tui_textview_clear(struct tui_textview *tv)
{
	size_t i;

	/* Wiped as freed: a view may have held a one-time code or a name. */
	for (i = 0; i < tv->nblocks; i++) {
		explicit_bzero(tv->blocks[i].text, tv->blocks[i].len);
		free(tv->blocks[i].text);
	}
	free(tv->blocks);
	free(tv->lines);
	tv->blocks = NULL;
	tv->lines = NULL;
	tv->nblocks = tv->nlines = 0;
	tv->wrapped_w = 0;
	tv->top = tv->anchor_block = tv->anchor_off = 0;
	tv->end_seen = false;
	tv->ctl.dirty = true;
}

bool
tui_textview_end_seen(struct tui_textview *tv)
{
	if (tv->ctl.rect.h > 0)
		ensure_wrapped(tv);
	return tv->end_seen;
}

void
tui_textview_set_end_seen(struct tui_textview *tv)
{
	tv->end_seen = true;
}

void
tui_textview_page(struct tui_textview *tv, int *page, int *pages)
{
	size_t h = (size_t)(tv->ctl.rect.h > 0 ? tv->ctl.rect.h : 1);

	ensure_wrapped(tv);
	*pages = tv->nlines ? (int)((tv->nlines + h - 1) / h) : 1;
	*page = (int)(tv->top / h) + 1;
	if (tv->top >= max_top(tv))
		*page = *pages;
	if (*page > *pages)
		*page = *pages;
}
