/* SPDX-License-Identifier: ISC */
/*
 * What a form says for Read to me (see say.h): each control's page words
 * in form order, then the focused one's label and state.
 */
#include "say.h"

#include <stdio.h>
#include <string.h>

#include "dialog.h"
#include "form.h"
#include "speech.h"
#include "widget.h"

void
tui_say_init(struct tui_say *s)
{
	memset(s, 0, sizeof *s);
}

static bool
ends_sentence(char c)
{
	return c == '.' || c == '!' || c == '?' || c == ':';
}

void
tui_say_add(struct tui_say *s, const char *text, size_t len)
{
	size_t room;

	while (len && (*text == ' ' || *text == '\n'))
		text++, len--;
	while (len && (text[len - 1] == ' ' || text[len - 1] == '\n'))
		len--;
	if (!len || s->len + 4 >= sizeof s->buf)
		return;
	room = sizeof s->buf - s->len - 4;
	if (len > room)
		len = room;
	if (s->len)
		s->buf[s->len++] = ' ';
	memcpy(s->buf + s->len, text, len);
	s->len += len;
	/* A ":" does not end a sentence when split; make it a stop. */
	if (s->buf[s->len - 1] == ':')
		s->buf[s->len - 1] = '.';
	else if (!ends_sentence(s->buf[s->len - 1]))
		s->buf[s->len++] = '.';
	s->buf[s->len] = '\0';
}

void
tui_say_adds(struct tui_say *s, const char *text)
{
	if (text)
		tui_say_add(s, text, strlen(text));
}

void
tui_say_on(struct tui_say *s, const char *what, const char *label)
{
	char line[256];

	snprintf(line, sizeof line, "You are on %s: %s", what, label);
	tui_say_adds(s, line);
}

/* Reading order: top to bottom, then left to right. */
static bool
before(const struct tui_ctl *a, const struct tui_ctl *b)
{
	return a->rect.y != b->rect.y ? a->rect.y < b->rect.y :
	    a->rect.x < b->rect.x;
}

void
tui_say_form(struct tui_say *s, struct tui_form *f)
{
	struct tui_ctl *order[TUI_FORM_MAX], *c;
	size_t i, j, n = 0;

	for (i = 0; i < f->n; i++) {
		c = f->ctl[i];
		if (c->hidden || c->rect.w <= 0 || c->rect.h <= 0 ||
		    !c->ops->page)
			continue;
		for (j = n; j > 0 && before(c, order[j - 1]); j--)
			order[j] = order[j - 1];
		order[j] = c;
		n++;
	}
	for (i = 0; i < n; i++)
		order[i]->ops->page(order[i], s);
	if (f->modal) {
		tui_say_adds(s, f->modal->title);
		tui_say_adds(s, f->modal->text);
		if (f->modal->focus >= 0 && f->modal->focus < f->modal->nbuttons)
			tui_say_on(s, "the button",
			    f->modal->button[f->modal->focus].label);
		return;
	}
	c = tui_form_focused(f);
	if (c && c->ops->said)
		c->ops->said(c, s);
}

size_t
tui_say_sentences(struct tui_say *s)
{
	struct tui_span span[TUI_SAY_SENTENCES];
	size_t n, i;

	n = tui_speech_split(s->buf, span, TUI_SAY_SENTENCES);
	if (n > TUI_SAY_SENTENCES)
		n = TUI_SAY_SENTENCES;
	for (i = 0; i < n; i++) {
		s->buf[span[i].off + span[i].len] = '\0';
		s->sentence[i] = s->buf + span[i].off;
	}
	s->n = n;
	return n;
}

void
tui_say_paint(const char *sentence, size_t i, size_t n, int rate)
{
	WINDOW *w = tui_canvas();
	char head[48], keys[96];
	int rows, cols, used;

	getmaxyx(w, rows, cols);
	/* Row 1 is free on every frame: between the header and the body. */
	snprintf(head, sizeof head, "> Reading %zu of %zu: ", i + 1, n);
	tui_set_role_attr(w, TUI_ROLE_FOCUS, A_REVERSE);
	tui_fill(w, (struct tui_rect){1, 0, 1, cols});
	used = tui_puts(w, 1, 1, head, cols - 2);
	if (sentence)
		tui_puts(w, 1, 1 + used, sentence, cols - 2 - used);
	snprintf(keys, sizeof keys, " Any key: stop reading  -: slower  "
	    "+: faster  (speed %d)", rate);
	tui_set_role(w, TUI_ROLE_FOOTER);
	tui_fill(w, (struct tui_rect){rows - 1, 0, 1, cols});
	tui_puts(w, rows - 1, 0, keys, cols);
	tui_want_cursor(1, 1);
}
