/* SPDX-License-Identifier: ISC */
/*
 * Read to me: the words of a form, for tui_speech_say. The page (header,
 * labels, the lines of text shown, list rows with their states) and then
 * the focused control's label and state. A field says its label and how
 * many characters are typed, never what they are: no PIN, activation
 * code or typed reference is ever put into these words.
 */
#ifndef TUI_SAY_H
#define TUI_SAY_H

#include <stddef.h>

#define TUI_SAY_MAX 16384
#define TUI_SAY_SENTENCES 128

struct tui_ctl;
struct tui_dialog;
struct tui_form;

struct tui_say {
	char buf[TUI_SAY_MAX];
	size_t len;
	/* After tui_say_sentences: the sentences, NUL-terminated in buf. */
	const char *sentence[TUI_SAY_SENTENCES];
	size_t n;
};

void tui_say_init(struct tui_say *s);
/* Add text (sanitised, len bytes) as one sentence or more; a "." is added
 * when it does not end in . ! ? or :. */
void tui_say_add(struct tui_say *s, const char *text, size_t len);
void tui_say_adds(struct tui_say *s, const char *text);
/* "You are on the button: Next." as one sentence. */
void tui_say_on(struct tui_say *s, const char *what, const char *label);
/* The page's words, then the focused control's (or an open dialog's). */
void tui_say_form(struct tui_say *s, struct tui_form *f);
/* Split buf into sentence[]; returns n. */
size_t tui_say_sentences(struct tui_say *s);

/*
 * Over the screen: sentence i of n on row 1 (free on every frame) in
 * reverse video, and the footer row's keys while reading. The cursor goes
 * to that row. tui_invalidate when reading ends takes it away.
 */
void tui_say_paint(const char *sentence, size_t i, size_t n, int rate);

#endif
