/* SPDX-License-Identifier: ISC */
/*
 * Multi-line text boxes (see textarea.h). Inside the rect: "> Label" on
 * the first row, then a box; the text starts one column in from its edge.
 * Lines are worked out afresh from the buffer when needed (a few thousand
 * characters at most), so nothing about the text is kept beside it.
 */
#include "textarea.h"

#include <stdio.h>
#include <string.h>

#include "edit.h"
#include "widget.h"

/* One wrapped line: text [off, end), the next line starts at next. */
struct line {
	size_t off, end, next;
	bool last;
};

static struct tui_rect
box_rect(const struct tui_textarea *t)
{
	struct tui_rect r = t->ctl.rect;

	return (struct tui_rect){r.y + 1, r.x, r.h - 1, r.w};
}

static int
text_cols(const struct tui_textarea *t)
{
	int w = box_rect(t).w - 4;

	return w < 1 ? 1 : w;
}

static size_t
text_rows(const struct tui_textarea *t)
{
	int h = box_rect(t).h - 2;

	return h < 1 ? 1 : (size_t)h;
}

/* The character at i as shown (sanitised) and its columns; returns bytes. */
static size_t
cell(const struct tui_textarea *t, size_t i, char *out, size_t cap, int *w)
{
	size_t len = strlen(t->buf), n;
	uint32_t cp;

	n = tui_utf8_decode(t->buf + i, len - i, &cp);
	tui_sanitize(out, cap, t->buf + i, n, false);
	*w = tui_text_width(out, strlen(out));
	return n;
}

/* The wrapped line starting at off: break after the last space that fits. */
static struct line
line_at(const struct tui_textarea *t, size_t off)
{
	size_t len = strlen(t->buf), i = off, n, brk = 0;
	int cols = text_cols(t), w = 0, cw;
	char shown[32];

	while (i < len) {
		if (t->buf[i] == '\n')
			return (struct line){off, i, i + 1, false};
		n = cell(t, i, shown, sizeof shown, &cw);
		if (w + cw > cols && i > off) {
			if (brk > off)
				return (struct line){off, brk, brk, false};
			return (struct line){off, i, i, false};
		}
		w += cw;
		i += n;
		if (t->buf[i - n] == ' ')
			brk = i;
	}
	return (struct line){off, len, len, true};
}

/* The line holding the caret and its index. */
static struct line
caret_line(const struct tui_textarea *t, size_t *index)
{
	struct line l = line_at(t, 0);

	*index = 0;
	while (!l.last && t->caret >= l.next) {
		l = line_at(t, l.next);
		++*index;
	}
	return l;
}

static struct line
line_n(const struct tui_textarea *t, size_t n)
{
	struct line l = line_at(t, 0);

	while (n-- && !l.last)
		l = line_at(t, l.next);
	return l;
}

static int
span_width(const struct tui_textarea *t, size_t a, size_t b)
{
	char shown[32];
	int w = 0, cw;

	while (a < b) {
		a += cell(t, a, shown, sizeof shown, &cw);
		w += cw;
	}
	return w;
}

/* In line l, the offset nearest column col (never past a soft break). */
static size_t
offset_at(const struct tui_textarea *t, struct line l, int col)
{
	size_t i = l.off, n;
	char shown[32];
	int w = 0, cw;

	while (i < l.end) {
		n = cell(t, i, shown, sizeof shown, &cw);
		if (w + cw > col)
			break;
		w += cw;
		i += n;
	}
	if (i == l.end && l.next == l.end && !l.last && i > l.off)
		i = tui_utf8_prev(t->buf, i);
	return i;
}

static void
keep_caret_visible(struct tui_textarea *t)
{
	size_t idx, rows = text_rows(t);

	caret_line(t, &idx);
	if (idx < t->top)
		t->top = idx;
	else if (idx >= t->top + rows)
		t->top = idx - rows + 1;
}

static void
textarea_draw(struct tui_ctl *c, WINDOW *w)
{
	struct tui_textarea *t = (struct tui_textarea *)c;
	struct tui_rect b = box_rect(t);
	size_t rows = text_rows(t), r, i, n;
	struct line l;
	char shown[32];
	int x, cw, cols = text_cols(t);

	keep_caret_visible(t);
	tui_set_role(w, TUI_ROLE_BODY);
	tui_fill(w, c->rect);
	tui_box(w, b);
	tui_set_role(w, c->focused ? TUI_ROLE_FOCUS : TUI_ROLE_BODY);
	tui_puts(w, c->rect.y, c->rect.x, c->focused ? "> " : "  ", 2);
	tui_puts(w, c->rect.y, c->rect.x + 2, t->label, c->rect.w - 2);
	tui_set_role(w, TUI_ROLE_BODY);
	l = line_n(t, t->top);
	for (r = 0; r < rows; r++) {
		x = 0;
		for (i = l.off; i < l.end; i += n) {
			n = cell(t, i, shown, sizeof shown, &cw);
			if (x + cw > cols)
				break;
			tui_puts(w, b.y + 1 + (int)r, b.x + 2 + x, shown, cw);
			x += cw;
		}
		if (l.last)
			break;
		l = line_at(t, l.next);
	}
}

static bool
insert(struct tui_textarea *t, uint32_t cp)
{
	/* Control characters are not text someone meant to type. */
	if ((cp < 0x20 && cp != '\n') || (cp >= 0x7f && cp < 0xa0))
		return false;
	if (t->max_chars && tui_textarea_chars(t) >= t->max_chars)
		return false;
	return tui_edit_insert(t->buf, t->cap, &t->caret, cp);
}

static enum tui_res
move_line(struct tui_textarea *t, int dir)
{
	size_t idx;
	struct line l = caret_line(t, &idx);
	int col = span_width(t, l.off, t->caret);

	if (dir < 0 && idx == 0)
		return TUI_PASS;
	if (dir > 0 && l.last)
		return TUI_PASS;
	l = dir < 0 ? line_n(t, idx - 1) : line_at(t, l.next);
	t->caret = offset_at(t, l, col);
	t->ctl.dirty = true;
	return TUI_DONE;
}

static enum tui_res
textarea_event(struct tui_ctl *c, const struct tui_event *ev, int *index)
{
	struct tui_textarea *t = (struct tui_textarea *)c;
	struct line l;
	size_t idx;

	*index = -1;
	switch (ev->action) {
	case ACT_CHAR:
	case ACT_SPACE:
		if (!insert(t, ev->ch))
			return TUI_DONE;
		break;
	case ACT_CHOOSE:
		if (!insert(t, '\n'))
			return TUI_DONE;
		break;
	case ACT_ERASE:
		if (!tui_edit_erase(t->buf, &t->caret))
			return TUI_DONE;
		break;
	case ACT_DELETE:
		if (!tui_edit_delete(t->buf, t->caret))
			return TUI_DONE;
		break;
	case ACT_LEFT:
		if (!tui_edit_left(t->buf, &t->caret))
			return TUI_PASS;
		c->dirty = true;
		return TUI_DONE;
	case ACT_RIGHT:
		if (!tui_edit_right(t->buf, &t->caret))
			return TUI_PASS;
		c->dirty = true;
		return TUI_DONE;
	case ACT_UP:
		return move_line(t, -1);
	case ACT_DOWN:
		return move_line(t, 1);
	case ACT_HOME:
		t->caret = caret_line(t, &idx).off;
		c->dirty = true;
		return TUI_DONE;
	case ACT_END:
		l = caret_line(t, &idx);
		t->caret = offset_at(t, l, 1 << 20);
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
textarea_cursor(const struct tui_ctl *c, int *y, int *x)
{
	const struct tui_textarea *t = (const struct tui_textarea *)c;
	struct tui_rect b = box_rect(t);
	size_t idx;
	struct line l = caret_line(t, &idx);
	int w = span_width(t, l.off, t->caret);

	if (w > text_cols(t))
		w = text_cols(t);
	if (idx < t->top)
		idx = t->top;
	if (idx >= t->top + text_rows(t))
		idx = t->top + text_rows(t) - 1;
	*y = b.y + 1 + (int)(idx - t->top);
	*x = b.x + 2 + w;
	return true;
}

static uint64_t
textarea_keys(const struct tui_ctl *c)
{
	(void)c;
	return TUI_KEY(ACT_CHAR) | TUI_KEY(ACT_ERASE) | TUI_KEY(ACT_UP) |
	    TUI_KEY(ACT_DOWN);
}

/* The label and a count; the text itself is private. */
static void
textarea_said(struct tui_ctl *c, struct tui_say *s)
{
	struct tui_textarea *t = (struct tui_textarea *)c;
	size_t n = tui_textarea_chars(t);
	char line[64];

	tui_say_on(s, "the box", t->label);
	if (n == 0) {
		tui_say_adds(s, "Nothing typed yet");
		return;
	}
	snprintf(line, sizeof line, "%zu %s typed", n, n == 1 ? "letter" :
	    "letters");
	tui_say_adds(s, line);
}

static const struct tui_ctl_ops textarea_ops = {
	.said = textarea_said,
	.draw = textarea_draw,
	.event = textarea_event,
	.cursor = textarea_cursor,
	.keys = textarea_keys,
};

void
tui_textarea_init(struct tui_textarea *t, int id, const char *label,
    char *buf, size_t cap)
{
	memset(t, 0, sizeof *t);
	t->ctl.ops = &textarea_ops;
	t->ctl.id = id;
	t->ctl.focusable = true;
	t->ctl.dirty = true;
	tui_sanitize(t->label, sizeof t->label, label, strlen(label), false);
	t->buf = buf;
	t->cap = cap;
	t->caret = buf ? strlen(buf) : 0;
}

void
tui_textarea_set_max(struct tui_textarea *t, size_t max_chars)
{
	t->max_chars = max_chars;
}

void
tui_textarea_clear(struct tui_textarea *t)
{
	if (t->buf && t->cap)
		memset(t->buf, 0, t->cap);
	t->caret = t->top = 0;
	t->ctl.dirty = true;
}

size_t
tui_textarea_chars(const struct tui_textarea *t)
{
	return tui_edit_chars(t->buf);
}
