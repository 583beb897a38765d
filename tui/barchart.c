/* SPDX-License-Identifier: ISC */
/*
 * Bar charts (see barchart.h). Each row: the label padded to label_w, a
 * space, the bar, then " 100%  12 of 12 learners". The bar gets what is
 * left of the width (at least 4 cells) and is drawn in eighths of a cell.
 */
#include "barchart.h"

#include <stdio.h>
#include <string.h>

#include "widget.h"

#define LABEL_MAX_W 34

/* U+2588 full block down to U+258F one eighth, indexed by eighths. */
static const char *const eighths[9] = {
	"", "\u258F", "\u258E", "\u258D", "\u258C", "\u258B", "\u258A",
	"\u2589", "\u2588",
};

unsigned
tui_bar_percent(uint64_t done, uint64_t total)
{
	if (total == 0)
		return 0;
	if (done >= total)
		return 100;
	return (unsigned)(done * 100 / total);
}

static int
label_cols(const struct tui_barchart *c)
{
	int w = 0, lw;
	size_t i;

	if (c->label_w)
		return c->label_w;
	for (i = 0; i < c->n; i++) {
		lw = tui_text_width(c->bar[i].label, strlen(c->bar[i].label));
		if (lw > w)
			w = lw;
	}
	return w > LABEL_MAX_W ? LABEL_MAX_W : w;
}

static void
tail_text(const struct tui_barchart *c, const struct tui_bar *b, char *out,
    size_t cap)
{
	snprintf(out, cap, " %3u%%  %llu of %llu%s%s",
	    tui_bar_percent(b->done, b->total), (unsigned long long)b->done,
	    (unsigned long long)b->total, c->unit ? " " : "",
	    c->unit ? c->unit : "");
}

/*
 * The widest tail of any row, so the bars line up; measured as if each
 * were complete, so a bar does not shrink as its count grows a digit.
 */
static int
tail_cols(const struct tui_barchart *c)
{
	struct tui_bar full;
	char t[96];
	int w = 0, tw;
	size_t i;

	for (i = 0; i < c->n; i++) {
		full = c->bar[i];
		if (full.done < full.total)
			full.done = full.total;
		tail_text(c, &full, t, sizeof t);
		tw = (int)strlen(t);
		if (tw > w)
			w = tw;
	}
	return w;
}

static void
draw_bar(WINDOW *w, int y, int x, int cells, uint64_t done, uint64_t total)
{
	uint64_t fill = 0;
	int i, full, part;
	bool ascii = tui_text_ascii();

	if (total)
		fill = (done >= total ? total : done) * (uint64_t)cells * 8 /
		    total;
	full = (int)(fill / 8);
	part = (int)(fill % 8);
	for (i = 0; i < cells; i++) {
		if (i < full)
			tui_puts(w, y, x + i, ascii ? "#" : eighths[8], 1);
		else if (i == full && part && !ascii)
			tui_puts(w, y, x + i, eighths[part], 1);
		else
			tui_puts(w, y, x + i, ascii ? "-" : "\u2591", 1);
	}
}

static void
barchart_draw(struct tui_ctl *ctl, WINDOW *w)
{
	struct tui_barchart *c = (struct tui_barchart *)ctl;
	struct tui_rect r = ctl->rect;
	int lw = label_cols(c), tw = tail_cols(c), y = r.y, cells;
	size_t i, rows;
	char t[96];

	tui_set_role(w, TUI_ROLE_BODY);
	tui_fill(w, r);
	if (c->title[0]) {
		tui_set_role(w, TUI_ROLE_HEADING);
		tui_puts(w, y++, r.x, c->title, r.w);
		tui_set_role(w, TUI_ROLE_BODY);
	}
	cells = r.w - lw - 1 - tw;
	if (cells < 4)
		cells = 4;
	rows = (size_t)(r.y + r.h - y);
	for (i = 0; i < c->n && rows > 0; i++, rows--, y++) {
		if (rows == 1 && i + 1 < c->n) {
			snprintf(t, sizeof t, "and %zu more", c->n - i);
			tui_puts(w, y, r.x, t, r.w);
			break;
		}
		tui_puts(w, y, r.x, c->bar[i].label, lw);
		draw_bar(w, y, r.x + lw + 1, cells, c->bar[i].done,
		    c->bar[i].total);
		tail_text(c, &c->bar[i], t, sizeof t);
		tui_puts(w, y, r.x + lw + 1 + cells, t, r.w - lw - 1 - cells);
	}
}

/* Read to me: "Year 1: 75 percent, 3 of 4 learners." */
static void
barchart_page(struct tui_ctl *ctl, struct tui_say *s)
{
	struct tui_barchart *c = (struct tui_barchart *)ctl;
	char line[256];
	size_t i;

	if (c->title[0])
		tui_say_adds(s, c->title);
	for (i = 0; i < c->n; i++) {
		snprintf(line, sizeof line, "%s: %u percent, %llu of %llu%s%s",
		    c->bar[i].label, tui_bar_percent(c->bar[i].done,
		    c->bar[i].total), (unsigned long long)c->bar[i].done,
		    (unsigned long long)c->bar[i].total, c->unit ? " " : "",
		    c->unit ? c->unit : "");
		tui_say_adds(s, line);
	}
}

static const struct tui_ctl_ops barchart_ops = {
	.draw = barchart_draw,
	.page = barchart_page,
};

void
tui_barchart_init(struct tui_barchart *c, const char *title, const char *unit)
{
	memset(c, 0, sizeof *c);
	c->ctl.ops = &barchart_ops;
	c->ctl.dirty = true;
	tui_sanitize(c->title, sizeof c->title, title, strlen(title), false);
	c->unit = unit;
}

void
tui_barchart_clear(struct tui_barchart *c)
{
	c->n = 0;
	c->ctl.dirty = true;
}

bool
tui_barchart_add(struct tui_barchart *c, const char *label, uint64_t done,
    uint64_t total)
{
	struct tui_bar *b;

	if (c->n >= TUI_BARCHART_MAX)
		return false;
	b = &c->bar[c->n++];
	tui_sanitize(b->label, sizeof b->label, label, strlen(label), false);
	b->done = done;
	b->total = total;
	c->ctl.dirty = true;
	return true;
}

void
tui_barchart_set(struct tui_barchart *c, size_t i, uint64_t done,
    uint64_t total)
{
	if (i >= c->n || (c->bar[i].done == done && c->bar[i].total == total))
		return;
	c->bar[i].done = done;
	c->bar[i].total = total;
	c->ctl.dirty = true;
}

int
tui_barchart_rows(const struct tui_barchart *c)
{
	return (int)c->n + (c->title[0] ? 1 : 0);
}
