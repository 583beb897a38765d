/* SPDX-License-Identifier: ISC */
/*
 * A bar chart of a few rows, drawn in the terminal (the dashboard's
 * completion per group and per cohort, and a progress bar): a title row,
 * then one row per bar, "Label      ███████▌░░░░  75%  3 of 4". Bars are
 * block characters with eighths for the part cell, or "#" and "-" in
 * ASCII; the percentage and the count are always written out, so nothing
 * depends on colour or on reading the bar's length.
 *
 * Labels are sanitised copies. Shows what fits; a last row says how many
 * more there are. Read to me says every row in words.
 */
#ifndef TUI_BARCHART_H
#define TUI_BARCHART_H

#include <stddef.h>
#include <stdint.h>

#include "ctl.h"

#define TUI_BARCHART_MAX 32

struct tui_bar {
	char label[64];		/* sanitised */
	uint64_t done, total;
};

struct tui_barchart {
	struct tui_ctl ctl;
	char title[96];		/* sanitised; "" for no title row */
	const char *unit;	/* "of" words: "3 of 4" then unit, e.g. "learners" */
	struct tui_bar bar[TUI_BARCHART_MAX];
	size_t n;
	int label_w;		/* columns for labels, 0: the widest (up to 34) */
};

void tui_barchart_init(struct tui_barchart *c, const char *title,
    const char *unit);
void tui_barchart_clear(struct tui_barchart *c);
/* Add a bar; false when full. */
bool tui_barchart_add(struct tui_barchart *c, const char *label,
    uint64_t done, uint64_t total);
/* Change bar i (a progress bar moving); marks it dirty. */
void tui_barchart_set(struct tui_barchart *c, size_t i, uint64_t done,
    uint64_t total);
/* Whole percent, rounded down; 0 when total is 0. */
unsigned tui_bar_percent(uint64_t done, uint64_t total);
/* Rows it wants: the title and every bar. */
int tui_barchart_rows(const struct tui_barchart *c);

#endif
