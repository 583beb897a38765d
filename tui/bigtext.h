/* SPDX-License-Identifier: ISC */
/*
 * Large letters for a code that must be copied by hand (an activation
 * code shown once): each letter or digit five rows high in blocks ("█",
 * or "#" without UTF-8), with the plain text on the row below for screen
 * readers and for checking. Letters outside A-Z, 0-9 and '-' are shown
 * plain only; when the rect is too narrow for the big letters, so is the
 * whole code.
 */
#ifndef TUI_BIGTEXT_H
#define TUI_BIGTEXT_H

#include "ctl.h"

#define TUI_BIGTEXT_ROWS 7	/* five rows of letters, a gap, the plain text */
#define TUI_BIGTEXT_MAX 24

struct tui_bigtext {
	struct tui_ctl ctl;
	char text[TUI_BIGTEXT_MAX + 1];	/* sanitised */
	char plain[TUI_BIGTEXT_MAX + 32];	/* the line under it */
};

/* plain_prefix goes before the text on the plain row ("Code: "). */
void tui_bigtext_init(struct tui_bigtext *b, const char *text,
    const char *plain_prefix);
/* Columns the big letters need. */
int tui_bigtext_width(const char *text);
/* Wipe the text (it may be a one-time code). */
void tui_bigtext_clear(struct tui_bigtext *b);

#endif
