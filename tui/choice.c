/* SPDX-License-Identifier: ISC */
/*
 * Choices (see choice.h). Inside the rect: "> Label " then a box holding
 * "< value >"; a change reports TUI_CHANGE with the new index.
 */
#include "choice.h"

#include <stdio.h>
#include <string.h>

#include "widget.h"

static int
label_cols(const struct tui_choice *c)
{
	int w = c->label_w ? c->label_w :
	    tui_text_width(c->label, strlen(c->label)) + 4;

	return w > c->ctl.rect.w / 2 ? c->ctl.rect.w / 2 : w;
}

static struct tui_rect
box_rect(const struct tui_choice *c)
{
	struct tui_rect r = c->ctl.rect;
	int lw = label_cols(c);

	return (struct tui_rect){r.y + (r.h - 3) / 2, r.x + lw, 3, r.w - lw};
}

static void
choice_draw(struct tui_ctl *ctl, WINDOW *w)
{
	struct tui_choice *c = (struct tui_choice *)ctl;
	struct tui_rect b = box_rect(c);
	int y = b.y + 1, inner = b.w - 6;
	const char *v = c->n ? c->value[c->chosen] : "";

	tui_set_role(w, TUI_ROLE_BODY);
	tui_fill(w, ctl->rect);
	tui_set_role(w, TUI_ROLE_BUTTON);
	tui_box(w, b);
	tui_set_role(w, ctl->focused ? TUI_ROLE_FOCUS : TUI_ROLE_BODY);
	tui_puts(w, y, ctl->rect.x, ctl->focused ? "> " : "  ", 2);
	tui_puts(w, y, ctl->rect.x + 2, c->label, b.x - ctl->rect.x - 3);
	/* The value's row in reverse video when focused, like a button. */
	tui_set_role(w, ctl->focused ? TUI_ROLE_FOCUS : TUI_ROLE_BUTTON);
	tui_fill(w, (struct tui_rect){y, b.x + 1, 1, b.w - 2});
	tui_puts(w, y, b.x + 1, "<", 1);
	tui_puts(w, y, b.x + 3, v, inner > 0 ? inner : 0);
	tui_puts(w, y, b.x + b.w - 2, ">", 1);
}

static enum tui_res
step(struct tui_choice *c, int dir)
{
	if (c->n < 2)
		return TUI_DONE;
	c->chosen = (c->chosen + c->n + (size_t)(dir > 0 ? 1 : c->n - 1)) % c->n;
	c->ctl.dirty = true;
	return TUI_CHANGE;
}

static enum tui_res
choice_event(struct tui_ctl *ctl, const struct tui_event *ev, int *index)
{
	struct tui_choice *c = (struct tui_choice *)ctl;
	enum tui_res r;

	switch (ev->action) {
	case ACT_CHOOSE:
	case ACT_SPACE:
	case ACT_RIGHT:
	case ACT_RELEASE:
		r = step(c, 1);
		break;
	case ACT_LEFT:
		r = step(c, -1);
		break;
	case ACT_PRESS:
		r = TUI_DONE;
		break;
	default:
		r = TUI_PASS;
		break;
	}
	*index = (int)c->chosen;
	return r;
}

static bool
choice_cursor(const struct tui_ctl *ctl, int *y, int *x)
{
	struct tui_rect b = box_rect((const struct tui_choice *)ctl);

	*y = b.y + 1;
	*x = b.x + 3;
	return true;
}

static uint64_t
choice_keys(const struct tui_ctl *ctl)
{
	(void)ctl;
	return TUI_KEY(ACT_CHOOSE);
}

static void
choice_said(struct tui_ctl *c, struct tui_say *s)
{
	struct tui_choice *ch = (struct tui_choice *)c;

	tui_say_adds(s, ch->label);
	if (ch->chosen < ch->n)
		tui_say_adds(s, ch->value[ch->chosen]);
}

static const struct tui_ctl_ops choice_ops = {
	.said = choice_said,
	.draw = choice_draw,
	.event = choice_event,
	.cursor = choice_cursor,
	.keys = choice_keys,
};

void
tui_choice_init(struct tui_choice *c, int id, const char *label)
{
	memset(c, 0, sizeof *c);
	c->ctl.ops = &choice_ops;
	c->ctl.id = id;
	c->ctl.focusable = true;
	c->ctl.dirty = true;
	tui_sanitize(c->label, sizeof c->label, label, strlen(label), false);
}

bool
tui_choice_add(struct tui_choice *c, const char *value)
{
	if (c->n >= TUI_CHOICE_MAX)
		return false;
	tui_sanitize(c->value[c->n], sizeof c->value[0], value, strlen(value),
	    false);
	c->n++;
	c->ctl.dirty = true;
	return true;
}

void
tui_choice_set(struct tui_choice *c, size_t chosen)
{
	if (chosen < c->n && chosen != c->chosen) {
		c->chosen = chosen;
		c->ctl.dirty = true;
	}
}
