/* SPDX-License-Identifier: ISC */
/*
 * A button: a box at least 3 rows by 8 columns, its label in the middle.
 * Focus shows as a text marker ("> Next <") and reverse video, never by
 * colour alone. Enter, Space or a tap (press and release inside it)
 * activate it.
 */
#ifndef TUI_BUTTON_H
#define TUI_BUTTON_H

#include "ctl.h"

#define TUI_BUTTON_MIN_H 3
#define TUI_BUTTON_MIN_W 8

struct tui_button {
	struct tui_ctl ctl;
	char label[96];	/* sanitised */
};

void tui_button_init(struct tui_button *b, int id, const char *label);
/* Marks it dirty only when the label changed. */
void tui_button_set_label(struct tui_button *b, const char *label);
/* Columns a button needs to show label with its markers and box. */
int tui_button_width(const char *label);

#endif
