/* SPDX-License-Identifier: ISC */
/*
 * Buttons (see button.h).
 */
#include "button.h"

#include <string.h>

#include "widget.h"

/* The label row and where the label text starts, for draw and cursor. */
static void
label_pos(const struct tui_button *b, int *y, int *x, int *marker)
{
	struct tui_rect r = b->ctl.rect;
	int lw = tui_text_width(b->label, strlen(b->label));
	int inner = r.w - 2;

	/* "> label <" when it fits, else ">label<", else the label alone. */
	*marker = inner >= lw + 4 ? 2 : inner >= lw + 2 ? 1 : 0;
	if (lw > inner)
		lw = inner;
	*y = r.y + r.h / 2;
	*x = r.x + 1 + (inner - lw) / 2;
}

static void
button_draw(struct tui_ctl *c, WINDOW *w)
{
	struct tui_button *b = (struct tui_button *)c;
	struct tui_rect r = c->rect;
	enum tui_role role = c->focused ? TUI_ROLE_FOCUS : TUI_ROLE_BUTTON;
	int y, x, marker, lw;

	label_pos(b, &y, &x, &marker);
	tui_set_role(w, TUI_ROLE_BUTTON);
	tui_fill(w, r);
	tui_box(w, r);
	/* Focus: the label's row in reverse video, not the whole box, so a
	 * focus move sends a few dozen bytes. */
	tui_set_role(w, role);
	tui_fill(w, (struct tui_rect){y, r.x + 1, 1, r.w - 2});
	lw = tui_puts(w, y, x, b->label, r.w - 2);
	if (c->focused && marker > 0) {
		mvwaddch(w, y, x - marker, '>');
		mvwaddch(w, y, x + lw + marker - 1, '<');
	}
}

static enum tui_res
button_event(struct tui_ctl *c, const struct tui_event *ev, int *index)
{
	(void)c;
	*index = -1;
	switch (ev->action) {
	case ACT_CHOOSE:
	case ACT_SPACE:
	case ACT_RELEASE:
		return TUI_ACTIVATE;
	default:
		return TUI_PASS;
	}
}

static bool
button_cursor(const struct tui_ctl *c, int *y, int *x)
{
	int marker;

	label_pos((const struct tui_button *)c, y, x, &marker);
	return true;
}

static uint64_t
button_keys(const struct tui_ctl *c)
{
	(void)c;
	return TUI_KEY(ACT_CHOOSE);
}

static void
button_said(struct tui_ctl *c, struct tui_say *s)
{
	tui_say_on(s, "the button", ((struct tui_button *)c)->label);
}

static const struct tui_ctl_ops button_ops = {
	.said = button_said,
	.draw = button_draw,
	.event = button_event,
	.cursor = button_cursor,
	.keys = button_keys,
};

void
tui_button_init(struct tui_button *b, int id, const char *label)
{
	memset(b, 0, sizeof *b);
	b->ctl.ops = &button_ops;
	b->ctl.id = id;
	b->ctl.focusable = true;
	b->ctl.dirty = true;
	tui_button_set_label(b, label);
}

void
tui_button_set_label(struct tui_button *b, const char *label)
{
	char buf[sizeof b->label];

	tui_sanitize(buf, sizeof buf, label, strlen(label), false);
	if (strcmp(buf, b->label) != 0) {
		memcpy(b->label, buf, sizeof buf);
		b->ctl.dirty = true;
	}
}

int
tui_button_width(const char *label)
{
	int w = tui_text_width(label, strlen(label)) + 6;

	return w < TUI_BUTTON_MIN_W ? TUI_BUTTON_MIN_W : w;
}
