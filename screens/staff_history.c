/* SPDX-License-Identifier: ISC */
/*
 * A learner's full history from the ledger (staff mode), newest first, a
 * page of entries at a time: when, what happened, who did it (a member of
 * staff by id, the learner, or the kiosk), and the receipt of what the
 * learner signed. Core pages by sequence number, so a long history costs
 * no more per page than a short one. The argument is the reference.
 *
 * Actions: PgUp/PgDn scroll the page; Older -> the next page of older
 * entries; Newer -> back towards the newest; Back/Esc -> NAV_POP; Lock.
 */
#include "screens/app.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/crypto.h"
#include "core/learner_query.h"
#include "tui/button.h"
#include "tui/form.h"
#include "tui/frame.h"
#include "tui/term.h"
#include "tui/textview.h"

enum {
	ID_TEXT = 1,
	ID_NEWER,
};

#define PER_PAGE 50
#define DEPTH 512

struct state {
	struct learner l;
	bool found;
	uint64_t starts[DEPTH];	/* before_seq of each page back to the newest */
	size_t page;
	uint64_t oldest;	/* the last seq shown */
	bool more;
	char right[64];
	struct tui_form form;
	struct tui_frame frame;
	struct tui_textview text;
	struct tui_button newer;
};

static void history_layout(struct screen *scr, struct tui_rect area);

static bool
line(const struct lq_event *e, void *ctx)
{
	struct state *st = ctx;
	char t[40], text[512];
	time_t secs = (time_t)(e->time_ms / 1000);
	struct tm tm;

	if (!gmtime_r(&secs, &tm) ||
	    !strftime(t, sizeof t, "%Y-%m-%d %H:%M UTC", &tm))
		snprintf(t, sizeof t, "?");
	snprintf(text, sizeof text, "%s: %s, by %s%s%s%s%s%s", t, e->words,
	    e->who, e->detail[0] ? " (" : "", e->detail, e->detail[0] ? ")" : "",
	    e->receipt[0] ? ". Receipt " : "", e->receipt);
	tui_textview_add(&st->text, TUI_BLOCK_BULLET, text);
	st->oldest = e->seq;
	return true;
}

static void
load(struct screen *scr)
{
	struct state *st = scr->state;

	tui_textview_clear(&st->text);
	st->oldest = 0;
	if (learner_query_history(scr->site, &st->l, st->starts[st->page],
	    PER_PAGE, line, st, &st->more) != CORE_OK) {
		tui_textview_add(&st->text, TUI_BLOCK_PARA, "Sorry, the history "
		    "cannot be read now. Please try again.");
		st->more = false;
	}
	snprintf(st->right, sizeof st->right, "Page %zu%s", st->page + 1,
	    st->more ? ". For older entries, choose Older." :
	    ". It goes back to the first entry.");
	tui_frame_set_status(&st->frame, st->right, TUI_ROLE_NOTE);
	tui_ctl_set_hidden(&st->frame.nav[1].ctl, !st->more);
	tui_ctl_set_hidden(&st->newer.ctl, st->page == 0);
	tui_invalidate();
	if (st->frame.footer.ctl.rect.w > 0) {
		int rows, cols;

		/* Newer comes and goes: the status moves over for it. */
		tui_size(&rows, &cols);
		history_layout(scr, (struct tui_rect){0, 0, rows, cols});
	}
}

static enum core_status
history_enter(struct screen *scr, const void *arg)
{
	struct state *st = scr->state;
	char title[LEARNER_REF_MAX + 24];

	if (!app_staff(scr->app) || !arg)
		return CORE_ERR_DENIED;
	snprintf(title, sizeof title, "History of %s", (const char *)arg);
	tui_form_init(&st->form);
	app_staff_frame(scr->app, &st->frame, title, "Older", 0);
	tui_textview_init(&st->text, ID_TEXT);
	tui_button_init(&st->newer, ID_NEWER, "Newer");
	tui_form_add(&st->form, &st->text.ctl);
	tui_form_add(&st->form, &st->newer.ctl);
	tui_frame_add(&st->frame, &st->form);
	tui_frame_set_keys(&st->frame, TUI_KEY(ACT_PAGE_DOWN) |
	    TUI_KEY(ACT_PAGE_UP), NULL);
	st->found = learner_get(scr->site, (const char *)arg, &st->l) == CORE_OK;
	if (st->found) {
		load(scr);
	} else {
		tui_textview_add(&st->text, TUI_BLOCK_PARA, "There is no learner "
		    "with this reference now.");
		tui_ctl_set_hidden(&st->frame.nav[1].ctl, true);
		tui_ctl_set_hidden(&st->newer.ctl, true);
	}
	tui_form_focus(&st->form, st->frame.nav[1].ctl.hidden ?
	    &st->frame.nav[0].ctl : &st->frame.nav[1].ctl);
	return CORE_OK;
}

static void
history_leave(struct screen *scr)
{
	struct state *st = scr->state;

	tui_textview_clear(&st->text);
	crypto_wipe(&st->l, sizeof st->l);
}

static void
history_layout(struct screen *scr, struct tui_rect area)
{
	struct state *st = scr->state;
	struct tui_rect a;
	int w = tui_button_width(st->newer.label);

	st->frame.action_reserve = st->newer.ctl.hidden ? 0 : w + 2;
	tui_frame_layout(&st->frame, area.h, area.w);
	tui_ctl_place(&st->text.ctl, st->frame.body);
	a = st->frame.action;
	tui_ctl_place(&st->newer.ctl, (struct tui_rect){a.y, a.x, 3, w});
}

static void
history_draw(struct screen *scr)
{
	struct state *st = scr->state;

	tui_form_paint(&st->form);
}

static struct nav
history_action(struct screen *scr, const struct tui_event *ev)
{
	struct state *st = scr->state;
	struct tui_outcome o;

	if ((ev->action == ACT_PAGE_DOWN || ev->action == ACT_PAGE_UP) &&
	    tui_form_focused(&st->form) != &st->text.ctl) {
		tui_textview_page_move(&st->text,
		    ev->action == ACT_PAGE_DOWN ? 1 : -1);
		return nav_stay();
	}
	o = tui_form_event(&st->form, ev);
	if (o.res == TUI_ACTIVATE) {
		if (o.id == TUI_ID_NEXT && st->found && st->more &&
		    st->page + 1 < DEPTH) {
			st->starts[++st->page] = st->oldest;
			load(scr);
			if (st->frame.nav[1].ctl.hidden)
				tui_form_focus(&st->form, &st->newer.ctl);
			return nav_stay();
		}
		if (o.id == ID_NEWER && st->page > 0) {
			st->page--;
			load(scr);
			if (st->newer.ctl.hidden)
				tui_form_focus(&st->form, &st->frame.nav[1].ctl);
			return nav_stay();
		}
		return app_staff_button(scr->app, o.id);
	}
	if (o.res != TUI_PASS)
		return nav_stay();
	if (ev->action == ACT_BACK)
		return nav_to(NAV_POP, NULL, NULL);
	return nav_pass();
}

const struct screen_ops screen_staff_history = {
	.name = "staff_history",
	.state_size = sizeof(struct state),
	.enter = history_enter,
	.leave = history_leave,
	.layout = history_layout,
	.draw = history_draw,
	.on_action = history_action,
};
