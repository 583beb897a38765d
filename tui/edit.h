/* SPDX-License-Identifier: ISC */
/*
 * Editing UTF-8 text in a caller's NUL-terminated buffer at a caret (a
 * byte offset), whole characters at a time: what a one-line field and a
 * multi-line text box both do. What may be typed, and how the caret moves
 * between lines, stays with each widget. Removed bytes are wiped.
 */
#ifndef TUI_EDIT_H
#define TUI_EDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Characters (not bytes) in buf. */
size_t tui_edit_chars(const char *buf);
/* Insert cp at *caret and move past it; false (nothing changed) if it does not fit cap. */
bool tui_edit_insert(char *buf, size_t cap, size_t *caret, uint32_t cp);
/* Remove the character before the caret (Backspace); false at the start. */
bool tui_edit_erase(char *buf, size_t *caret);
/* Remove the character at the caret (Delete); false at the end. */
bool tui_edit_delete(char *buf, size_t caret);
/* Move the caret one character left or right; false at the start or end. */
bool tui_edit_left(const char *buf, size_t *caret);
bool tui_edit_right(const char *buf, size_t *caret);

#endif
