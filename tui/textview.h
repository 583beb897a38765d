/* SPDX-License-Identifier: ISC */
/*
 * A text view: a document of headings, paragraphs and bullets, wrapped to
 * the width it is given and scrolled a line or a page at a time. It
 * reports whether the end has been shown, and keeps its place across a
 * resize by anchoring on the text at the top rather than a line number.
 */
#ifndef TUI_TEXTVIEW_H
#define TUI_TEXTVIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "ctl.h"

enum tui_block {
	TUI_BLOCK_PARA,
	TUI_BLOCK_HEADING,
	TUI_BLOCK_BULLET,
	TUI_BLOCK_SUB,		/* a line under a bullet, indented further */
};

struct tui_tv_block {
	enum tui_block kind;
	char *text;	/* owned, sanitised */
	size_t len;
};

struct tui_tv_line {
	size_t block;	/* (size_t)-1 for a blank line between blocks */
	size_t off, len;
	bool bullet;	/* the first line of a bullet: draw the mark */
};

struct tui_textview {
	struct tui_ctl ctl;
	struct tui_tv_block *blocks;
	size_t nblocks;
	struct tui_tv_line *lines;
	size_t nlines;
	int wrapped_w;		/* the width lines were made for, 0: stale */
	int wrapped_h;
	size_t top;		/* first line shown */
	size_t anchor_block, anchor_off;
	bool end_seen;
};

void tui_textview_init(struct tui_textview *tv, int id);
/* Add a block (sanitised copy); false when out of memory. */
bool tui_textview_add(struct tui_textview *tv, enum tui_block kind,
    const char *text);
/* The same, before every block already there. */
bool tui_textview_add_first(struct tui_textview *tv, enum tui_block kind,
    const char *text);
/* Wipe and free the text; the view is empty and may be filled again. */
void tui_textview_clear(struct tui_textview *tv);

/* Whether the last line has been on screen. */
bool tui_textview_end_seen(struct tui_textview *tv);
/* Treat the end as seen already (e.g. coming back to a page). */
void tui_textview_set_end_seen(struct tui_textview *tv);
/* "Page n of m" numbers for the current scroll position. */
void tui_textview_page(struct tui_textview *tv, int *page, int *pages);
/* Scroll by a page (dir 1 or -1); false when it could not move. */
bool tui_textview_page_move(struct tui_textview *tv, int dir);

#endif
