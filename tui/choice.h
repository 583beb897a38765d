/* SPDX-License-Identifier: ISC */
/*
 * A choice of a few values in one box, "Group:  < All groups >": Enter,
 * Space, Right or a tap shows the next value, Left the one before, round
 * and round. A box at least 3 rows high, so it is as easy to tap as a
 * button; focus shows as a marker and reverse video, as on a button.
 * The values are sanitised copies; the chosen index is the widget's.
 */
#ifndef TUI_CHOICE_H
#define TUI_CHOICE_H

#include <stdbool.h>
#include <stddef.h>

#include "ctl.h"

#define TUI_CHOICE_MAX 16

struct tui_choice {
	struct tui_ctl ctl;
	char label[48];			/* sanitised, e.g. "Group" */
	char value[TUI_CHOICE_MAX][96];	/* sanitised */
	size_t n;
	size_t chosen;
	int label_w;			/* columns kept for the label, 0: its width */
};

void tui_choice_init(struct tui_choice *c, int id, const char *label);
/* Add a value; false when full. */
bool tui_choice_add(struct tui_choice *c, const char *value);
void tui_choice_set(struct tui_choice *c, size_t chosen);

#endif
