/* SPDX-License-Identifier: ISC */
/*
 * A single-line text field with a label, UTF-8 aware editing (Left,
 * Right, Home, End, Backspace, Delete) and a masked mode for PINs and
 * codes that shows one mark per character.
 *
 * The text lives in the caller's buffer (for secrets, one from core's
 * secret_alloc): the field edits it in place, wipes bytes it frees, and
 * never copies a masked field's text anywhere else.
 */
#ifndef TUI_FIELD_H
#define TUI_FIELD_H

#include <stddef.h>

#include "ctl.h"

#define TUI_FIELD_MASK 0x1u	/* show marks, not the text */
#define TUI_FIELD_DIGITS 0x2u	/* only 0-9 */
#define TUI_FIELD_UPPER 0x4u	/* a-z typed as A-Z */

struct tui_field {
	struct tui_ctl ctl;
	char label[96];		/* sanitised */
	int label_w;		/* columns kept for the label, 0: its width */
	char *buf;		/* the caller's, NUL terminated */
	size_t cap;
	size_t caret;		/* byte offset */
	size_t scroll;		/* byte offset of the first character shown */
	size_t max_chars;	/* 0: as many as fit in cap */
	unsigned flags;
};

void tui_field_init(struct tui_field *f, int id, const char *label,
    char *buf, size_t cap, unsigned flags);
void tui_field_set_max(struct tui_field *f, size_t max_chars);
/* Wipe the text (every byte of the buffer) and put the caret at the start. */
void tui_field_clear(struct tui_field *f);
/* Caret to the end, after the caller changed the buffer. */
void tui_field_caret_end(struct tui_field *f);
/* Characters in the field. */
size_t tui_field_chars(const struct tui_field *f);

#endif
