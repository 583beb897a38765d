/* SPDX-License-Identifier: ISC */
/*
 * Untrusted text in core: checks before it is stored, and a sanitised copy
 * for plain output (command line, exports). Drawing on screen has its own,
 * width-aware sanitiser in tui/text.c.
 */
#ifndef CORE_TEXT_H
#define CORE_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Valid UTF-8 with no C0 or C1 control characters (TAB and LF included),
 * no bidi overrides or isolates and no zero-width characters.
 */
bool text_is_clean(const char *s, size_t len);

/*
 * Copy in to out with every control character, C1 control, bidi control
 * and zero-width character made visible ("^[", "<U+202E>") and invalid
 * UTF-8 replaced by U+FFFD. Always NUL-terminates; truncates on a character
 * boundary. Returns out.
 */
char *text_sanitize(const char *in, char *out, size_t cap);

#endif
