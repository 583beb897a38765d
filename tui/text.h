/* SPDX-License-Identifier: ISC */
/*
 * Text as the terminal shows it: UTF-8 decoding, display width, truncation
 * that never splits a character, word wrapping, and sanitising of untrusted
 * text (control characters, escape sequences, C1 controls, bidi overrides,
 * zero-width characters and invalid UTF-8 become visible, harmless
 * placeholders). No curses here, so the command line can sanitise too.
 *
 * In ASCII mode (the locale is not UTF-8) sanitising also transliterates to
 * plain ASCII and every character is one column wide.
 */
#ifndef TUI_TEXT_H
#define TUI_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TUI_REPLACEMENT 0xFFFDu

/* Set by tui_init from the locale; tests and the command line may set it. */
void tui_text_set_ascii(bool ascii);
bool tui_text_ascii(void);
/* True when the current LC_CTYPE codeset is UTF-8. */
bool tui_locale_is_utf8(void);

/*
 * Decode one code point from s (len > 0 bytes). Returns the bytes used
 * (at least 1); invalid or truncated sequences give U+FFFD for one byte.
 */
size_t tui_utf8_decode(const char *s, size_t len, uint32_t *cp);
/* Encode cp (a valid scalar value) into out; returns 1-4. */
size_t tui_utf8_encode(uint32_t cp, char out[4]);
/* Byte offset of the character before pos (0 at the start). */
size_t tui_utf8_prev(const char *s, size_t pos);

/* Columns a code point takes: 0 for combining marks, 1 or 2. */
int tui_cp_width(uint32_t cp);
/* Columns of len bytes of already sanitised text. */
int tui_text_width(const char *s, size_t len);
/*
 * The longest prefix of s that fits in cols columns, in bytes; never splits
 * a character and keeps combining marks with their base. used (may be
 * NULL) receives its width.
 */
size_t tui_text_fit(const char *s, size_t len, int cols, int *used);

/*
 * Sanitise len bytes of untrusted text into out (cap bytes, always NUL
 * terminated when cap > 0; cut at a character boundary when it does not
 * fit). keep_lf keeps line feeds; tabs become a space. Returns the length
 * the whole result needs, without the NUL, like snprintf.
 */
size_t tui_sanitize(char *out, size_t cap, const char *s, size_t len,
    bool keep_lf);
/* The same into a malloc()ed string; NULL when out of memory. */
char *tui_sanitize_dup(const char *s, size_t len, bool keep_lf);

/* One wrapped line: a byte range of the text and its width. */
struct tui_line {
	size_t off;
	size_t len;
	int width;
};

/*
 * Wrap len bytes of sanitised text into lines of at most cols columns,
 * breaking at spaces (and at line feeds); a word wider than cols is split
 * at a character boundary. Fills at most max lines and returns how many
 * lines the whole text needs (so a first call with max 0 counts them).
 */
size_t tui_text_wrap(const char *s, size_t len, int cols,
    struct tui_line *lines, size_t max);

#endif
