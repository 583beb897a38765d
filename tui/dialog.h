/* SPDX-License-Identifier: ISC */
/*
 * A message box over the screen: a title, a few lines of text and one or
 * two buttons. With two, put the safe choice second: it has the focus
 * at first, and Esc chooses it.
 * Shown through a form (tui_form_open), or painted on its own (the idle
 * warning, which has no buttons: any key answers it).
 */
#ifndef TUI_DIALOG_H
#define TUI_DIALOG_H

#include <stdbool.h>

#include "button.h"
#include "ctl.h"

struct tui_dialog {
	int id;
	char title[96];
	char text[640];
	struct tui_button button[2];
	int nbuttons;
	int focus;
	int pressed;
	bool dirty;
	struct tui_rect rect;
};

/* b0 and b1 may be NULL for fewer buttons. Focus starts on the last. */
void tui_dialog_init(struct tui_dialog *d, int id, const char *title,
    const char *text, const char *b0, const char *b1);
/* Draw it on the canvas now, on top of whatever is there. */
void tui_dialog_paint(struct tui_dialog *d);

#endif
