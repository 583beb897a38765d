/* SPDX-License-Identifier: ISC */
/*
 * A multi-line text box with a label above it: UTF-8 aware editing
 * (insert, Backspace, Delete, arrows, Home and End of a line), Enter for
 * a new line, word wrapping to the box and scrolling to keep the caret in
 * view.
 *
 * The text lives in the caller's buffer (for anything private, one from
 * core's secret_alloc): the box edits it in place, wipes the bytes it
 * frees and keeps no copy. Control characters are refused as typed; what
 * is left is drawn through the sanitising text layer, so a bidi override
 * or zero-width character shows as a visible placeholder.
 */
#ifndef TUI_TEXTAREA_H
#define TUI_TEXTAREA_H

#include <stddef.h>

#include "ctl.h"

struct tui_textarea {
	struct tui_ctl ctl;
	char label[96];		/* sanitised, shown on the row above the box */
	char *buf;		/* the caller's, NUL terminated */
	size_t cap;
	size_t caret;		/* byte offset */
	size_t top;		/* first wrapped line shown */
	size_t max_chars;	/* 0: as many as fit in cap */
};

void tui_textarea_init(struct tui_textarea *t, int id, const char *label,
    char *buf, size_t cap);
void tui_textarea_set_max(struct tui_textarea *t, size_t max_chars);
/* Wipe every byte of the buffer; caret to the start. */
void tui_textarea_clear(struct tui_textarea *t);
size_t tui_textarea_chars(const struct tui_textarea *t);

#endif
