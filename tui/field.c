/* SPDX-License-Identifier: ISC */
/*
 * Text fields (see field.h). Layout inside the rect: "> Label  " then a
 * box 3 rows high; the text starts one column in from the box edge.
 */
#include "field.h"

#include <stdio.h>
#include <string.h>

#include "edit.h"
#include "widget.h"

static int
label_cols(const struct tui_field *f)
{
	int w = f->label_w ? f->label_w :
	    tui_text_width(f->label, strlen(f->label)) + 4;

	return w > f->ctl.rect.w / 2 ? f->ctl.rect.w / 2 : w;
}

static struct tui_rect
box_rect(const struct tui_field *f)
{
	struct tui_rect r = f->ctl.rect;
	int lw = label_cols(f);

	return (struct tui_rect){r.y + (r.h - 3) / 2, r.x + lw, 3, r.w - lw};
}

static int
text_cols(const struct tui_field *f)
{
	int w = box_rect(f).w - 4;

	return w < 1 ? 1 : w;
}

/* Columns from a to b, as shown (a mark per character when masked). */
static int
span_width(const struct tui_field *f, size_t a, size_t b)
{
	size_t i = a;
	uint32_t cp;
	int w = 0;

	if (!(f->flags & TUI_FIELD_MASK))
		return tui_text_width(f->buf + a, b - a);
	while (i < b) {
		i += tui_utf8_decode(f->buf + i, b - i, &cp);
		w++;
	}
	return w;
}

static void
keep_caret_visible(struct tui_field *f)
{
	int cols = text_cols(f);

	if (f->caret < f->scroll)
		f->scroll = f->caret;
	while (f->scroll < f->caret && span_width(f, f->scroll, f->caret) >= cols)
		f->scroll += tui_utf8_decode(f->buf + f->scroll,
		    strlen(f->buf + f->scroll), &(uint32_t){0});
}

static void
field_draw(struct tui_ctl *c, WINDOW *w)
{
	struct tui_field *f = (struct tui_field *)c;
	struct tui_rect b = box_rect(f);
	int cols = text_cols(f), used = 0, y = b.y + 1, x = b.x + 2;
	size_t len = strlen(f->buf), i;
	uint32_t cp;
	char shown[256];

	keep_caret_visible(f);
	tui_set_role(w, TUI_ROLE_BODY);
	tui_fill(w, c->rect);
	tui_box(w, b);
	/* Focus: "> Label" in reverse video; the box and text stay plain. */
	tui_set_role(w, c->focused ? TUI_ROLE_FOCUS : TUI_ROLE_BODY);
	tui_puts(w, y, c->rect.x, c->focused ? "> " : "  ", 2);
	tui_puts(w, y, c->rect.x + 2, f->label, b.x - c->rect.x - 3);
	tui_set_role(w, TUI_ROLE_BODY);
	if (f->flags & TUI_FIELD_MASK) {
		for (i = f->scroll; i < len && used < cols; used++) {
			i += tui_utf8_decode(f->buf + i, len - i, &cp);
			tui_puts(w, y, x + used, tui_glyph(TUI_GLYPH_MASK), 1);
		}
	} else {
		/* Typed text may hold anything a paste brings: sanitise. */
		tui_sanitize(shown, sizeof shown, f->buf + f->scroll,
		    len - f->scroll, false);
		tui_puts(w, y, x, shown, cols);
	}
}

static bool
insert(struct tui_field *f, uint32_t cp)
{
	if ((f->flags & TUI_FIELD_DIGITS) && (cp < '0' || cp > '9'))
		return false;
	if ((f->flags & TUI_FIELD_UPPER) && cp >= 'a' && cp <= 'z')
		cp -= 'a' - 'A';
	if (f->max_chars && tui_field_chars(f) >= f->max_chars)
		return false;
	return tui_edit_insert(f->buf, f->cap, &f->caret, cp);
}

static enum tui_res
field_event(struct tui_ctl *c, const struct tui_event *ev, int *index)
{
	struct tui_field *f = (struct tui_field *)c;

	*index = -1;
	switch (ev->action) {
	case ACT_CHAR:
	case ACT_SPACE:
		if (!insert(f, ev->ch))
			return TUI_DONE;
		break;
	case ACT_ERASE:
		if (!tui_edit_erase(f->buf, &f->caret))
			return TUI_DONE;
		break;
	case ACT_DELETE:
		if (!tui_edit_delete(f->buf, f->caret))
			return TUI_DONE;
		break;
	case ACT_LEFT:
		if (!tui_edit_left(f->buf, &f->caret))
			return TUI_PASS;
		c->dirty = true;
		return TUI_DONE;
	case ACT_RIGHT:
		if (!tui_edit_right(f->buf, &f->caret))
			return TUI_PASS;
		c->dirty = true;
		return TUI_DONE;
	case ACT_HOME:
		f->caret = 0;
		c->dirty = true;
		return TUI_DONE;
	case ACT_END:
		f->caret = strlen(f->buf);
		c->dirty = true;
		return TUI_DONE;
	case ACT_PRESS:
	case ACT_RELEASE:
		return TUI_DONE;
	default:
		return TUI_PASS;
	}
	c->dirty = true;
	return TUI_CHANGE;
}

static bool
field_cursor(const struct tui_ctl *c, int *y, int *x)
{
	const struct tui_field *f = (const struct tui_field *)c;
	struct tui_rect b = box_rect(f);
	int w = f->caret >= f->scroll ? span_width(f, f->scroll, f->caret) : 0;

	if (w > text_cols(f))
		w = text_cols(f);
	*y = b.y + 1;
	*x = b.x + 2 + w;
	return true;
}

static uint64_t
field_keys(const struct tui_ctl *c)
{
	(void)c;
	return TUI_KEY(ACT_CHAR) | TUI_KEY(ACT_ERASE);
}

/* The label and a count, never the contents (it may be a PIN). */
static void
field_said(struct tui_ctl *c, struct tui_say *s)
{
	struct tui_field *f = (struct tui_field *)c;
	size_t n = tui_field_chars(f);
	char line[160];

	tui_say_on(s, "the box", f->label);
	if (n == 0)
		tui_say_adds(s, "Nothing typed yet");
	else
		snprintf(line, sizeof line, "%zu %s typed", n,
		    f->flags & TUI_FIELD_DIGITS ? (n == 1 ? "number" : "numbers") :
		    (n == 1 ? "letter" : "letters"));
	if (n)
		tui_say_adds(s, line);
}

static const struct tui_ctl_ops field_ops = {
	.said = field_said,
	.draw = field_draw,
	.event = field_event,
	.cursor = field_cursor,
	.keys = field_keys,
};

void
tui_field_init(struct tui_field *f, int id, const char *label, char *buf,
    size_t cap, unsigned flags)
{
	memset(f, 0, sizeof *f);
	f->ctl.ops = &field_ops;
	f->ctl.id = id;
	f->ctl.focusable = true;
	f->ctl.dirty = true;
	tui_sanitize(f->label, sizeof f->label, label, strlen(label), false);
	f->buf = buf;
	f->cap = cap;
	f->flags = flags;
	f->caret = buf ? strlen(buf) : 0;
}

void
tui_field_set_max(struct tui_field *f, size_t max_chars)
{
	f->max_chars = max_chars;
}

void
tui_field_clear(struct tui_field *f)
{
	if (f->buf && f->cap)
		memset(f->buf, 0, f->cap);
	f->caret = f->scroll = 0;
	f->ctl.dirty = true;
}

void
tui_field_caret_end(struct tui_field *f)
{
	f->caret = strlen(f->buf);
	f->ctl.dirty = true;
}

size_t
tui_field_chars(const struct tui_field *f)
{
	return tui_edit_chars(f->buf);
}
