/* SPDX-License-Identifier: ISC */
/*
 * Help (F1): what each key does, from the action table in tui/input.h so
 * it cannot drift from the code, and how to get help from staff.
 *
 * Actions: OK, Back, Enter on OK or Esc -> NAV_POP; PgUp/PgDn scroll;
 * Report a concern, Read to me, Ask staff -> app_assist.
 */
#include "screens/app.h"

#include <stdio.h>

#include "tui/form.h"
#include "tui/frame.h"
#include "tui/textview.h"

struct state {
	struct tui_form form;
	struct tui_frame frame;
	struct tui_textview text;
};

static bool
fill(struct tui_textview *tv)
{
	char line[160];
	bool ok;
	int a;

	ok = tui_textview_add(tv, TUI_BLOCK_HEADING, "Getting help") &&
	    tui_textview_add(tv, TUI_BLOCK_PARA,
	    "Put your hand up or ask a member of staff. They will help you.") &&
	    tui_textview_add(tv, TUI_BLOCK_PARA,
	    "If something online worries or upsets you, choose Report a "
	    "concern (F2), or tell a member of staff.") &&
	    tui_textview_add(tv, TUI_BLOCK_HEADING, "Using the screen") &&
	    tui_textview_add(tv, TUI_BLOCK_BULLET,
	    "Tap a button or a box to choose it. Lift your finger on the same "
	    "button.") &&
	    tui_textview_add(tv, TUI_BLOCK_HEADING, "Keys");
	for (a = 0; ok && a < ACT_COUNT; a++) {
		if (!tui_action_key(a)[0] || !tui_action_help(a)[0])
			continue;
		snprintf(line, sizeof line, "%s: %s.", tui_action_key(a),
		    tui_action_help(a));
		ok = tui_textview_add(tv, TUI_BLOCK_BULLET, line);
	}
	return ok;
}

static enum core_status
help_enter(struct screen *scr, const void *arg)
{
	struct state *st = scr->state;

	(void)arg;
	tui_form_init(&st->form);
	tui_frame_init(&st->frame, "Help", "OK", TUI_FRAME_NO_ACTION);
	tui_textview_init(&st->text, 1);
	tui_form_add(&st->form, &st->text.ctl);
	tui_frame_add(&st->frame, &st->form);
	tui_frame_set_keys(&st->frame, 0, NULL);
	tui_form_focus(&st->form, &st->frame.nav[1].ctl);
	return fill(&st->text) ? CORE_OK : CORE_ERR_NOMEM;
}

static void
help_leave(struct screen *scr)
{
	struct state *st = scr->state;

	tui_textview_clear(&st->text);
}

static void
help_layout(struct screen *scr, struct tui_rect area)
{
	struct state *st = scr->state;
	char right[48];
	int page, pages;

	tui_frame_layout(&st->frame, area.h, area.w);
	tui_ctl_place(&st->text.ctl, st->frame.body);
	tui_textview_page(&st->text, &page, &pages);
	snprintf(right, sizeof right, "Page %d of %d", page, pages);
	tui_frame_set_title(&st->frame, "Help", right);
}

static void
help_draw(struct screen *scr)
{
	struct state *st = scr->state;

	tui_form_paint(&st->form);
}

static struct nav
help_action(struct screen *scr, const struct tui_event *ev)
{
	struct state *st = scr->state;
	struct tui_outcome o;
	int page, pages;
	char right[48];

	/* Page keys read the text wherever the focus is. */
	if ((ev->action == ACT_PAGE_DOWN || ev->action == ACT_PAGE_UP) &&
	    tui_form_focused(&st->form) != &st->text.ctl) {
		tui_textview_page_move(&st->text,
		    ev->action == ACT_PAGE_DOWN ? 1 : -1);
		o = (struct tui_outcome){TUI_DONE, 0, -1};
	} else {
		o = tui_form_event(&st->form, ev);
	}
	tui_textview_page(&st->text, &page, &pages);
	snprintf(right, sizeof right, "Page %d of %d", page, pages);
	tui_frame_set_title(&st->frame, "Help", right);
	if (o.res == TUI_ACTIVATE) {
		if (o.id == TUI_ID_NEXT || o.id == TUI_ID_BACK)
			return nav_to(NAV_POP, NULL, NULL);
		if (o.id == TUI_ID_HELP)
			return nav_stay();
		return app_assist(scr->app, o.id);
	}
	if (o.res != TUI_PASS)
		return nav_stay();
	if (ev->action == ACT_BACK)
		return nav_to(NAV_POP, NULL, NULL);
	if (ev->action == ACT_HELP)
		return nav_stay();
	return nav_pass();
}

static struct tui_form *
help_form(struct screen *scr)
{
	return &((struct state *)scr->state)->form;
}

const struct screen_ops screen_help = {
	.name = "help",
	.state_size = sizeof(struct state),
	.enter = help_enter,
	.leave = help_leave,
	.layout = help_layout,
	.draw = help_draw,
	.on_action = help_action,
	.form = help_form,
};
