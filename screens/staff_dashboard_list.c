/* SPDX-License-Identifier: ISC */
/*
 * The learners behind one of the dashboard's counts (stats_list), a page
 * at a time in the order they were enrolled, each row with the reason in
 * words ("2 steps lapsed"). The argument is the count as the dashboard
 * showed it (struct stats_shown): the list is judged at the same instant,
 * and a count of none is shown without reading (at a million learners a
 * rare state, such as lapsed, is otherwise a scan of them all).
 *
 * Actions: Up/Down between rows; PgDn/PgUp (or past the last or first
 * row) turn the page; Enter or a tap on a row -> that learner's record (if
 * the role may see it); Back/Esc -> NAV_POP; Lock.
 */
#include "screens/app.h"

#include <stdio.h>
#include <string.h>

#include "core/role.h"
#include "core/stats.h"
#include "tui/form.h"
#include "tui/frame.h"
#include "tui/label.h"
#include "tui/list.h"
#include "tui/text.h"

#define ROWS_PER 4	/* a row of 3 and its gap */

enum { ID_LIST = 1 };

struct state {
	enum stats_count which;
	uint64_t shown_n;	/* as counted */
	int64_t now_ms;
	struct stats_page page;
	bool have_page;
	unsigned page_no;
	size_t page_size;
	char info[256];
	struct tui_form form;
	struct tui_frame frame;
	struct tui_label info_label;
	struct tui_list list;
};

/* Append s (sanitised) padded or cut to exactly cols display columns. */
static void
column(char *out, size_t cap, const char *s, int cols)
{
	char clean[256];
	size_t o = strlen(out), fit;
	int used = 0;

	tui_sanitize(clean, sizeof clean, s, strlen(s), false);
	fit = tui_text_fit(clean, strlen(clean), cols, &used);
	if (o + fit + (size_t)(cols - used) + 2 >= cap)
		return;
	memcpy(out + o, clean, fit);
	o += fit;
	while (used++ < cols + 2)
		out[o++] = ' ';
	out[o] = '\0';
}

static void
row_text(const struct stats_row *r, char *out, size_t cap)
{
	char name[2 * LEARNER_NAME_MAX + 2];

	snprintf(name, sizeof name, "%s %s", r->given_name, r->family_name);
	out[0] = '\0';
	column(out, cap, r->reference, 10);
	column(out, cap, name, 22);
	column(out, cap, r->why, 36);
}

static void
show(struct state *st, size_t focus)
{
	char text[512];
	size_t i;

	tui_list_clear(&st->list);
	for (i = 0; i < st->page.n; i++) {
		row_text(&st->page.rows[i], text, sizeof text);
		if (!tui_list_add(&st->list, text, NULL))
			break;
	}
	tui_list_set_focus(&st->list, focus);
	if (st->page.n == 0)
		snprintf(st->info, sizeof st->info, "%s: no learners.",
		    stats_count_words(st->which));
	else
		snprintf(st->info, sizeof st->info, "%s: page %u%s",
		    stats_count_words(st->which), st->page_no,
		    st->page.more_after ? ". More: PgDn" : "");
	tui_label_set(&st->info_label, st->info, TUI_ROLE_NOTE);
	tui_ctl_set_hidden(&st->list.ctl, st->page.n == 0);
	tui_frame_set_keys(&st->frame,
	    (st->page.more_after ? TUI_KEY(ACT_PAGE_DOWN) : 0) |
	    (st->page.more_before ? TUI_KEY(ACT_PAGE_UP) : 0), NULL);
}

static bool
load(struct screen *scr, enum stats_dir dir, int64_t from)
{
	struct state *st = scr->state;
	const struct staff *who = app_staff(scr->app);
	enum core_status s;

	/* None when counted: nothing to read (if the role may see the list). */
	if (st->shown_n == 0 && who && role_allows(who->role,
	    st->which == STATS_OPEN_CONCERNS ? ROLE_ACT_READ_CONCERNS :
	    ROLE_ACT_VIEW_LEARNERS)) {
		memset(&st->page, 0, sizeof st->page);
		st->have_page = true;
		return true;
	}
	s = stats_list(scr->site, who ? who->pseudonym : NULL, st->which, NULL,
	    st->now_ms, dir, from, st->page_size, &st->page);
	if (s != CORE_OK) {
		tui_label_set(&st->info_label, s == CORE_ERR_DENIED ?
		    "Your role cannot see this list." :
		    "Sorry, the list cannot be read now. Please try again.",
		    TUI_ROLE_ERROR);
		st->page.n = 0;
		st->have_page = false;
		tui_ctl_set_hidden(&st->list.ctl, true);
		return false;
	}
	st->have_page = true;
	return true;
}

static void
turn(struct screen *scr, int dir, bool focus_end)
{
	struct state *st = scr->state;
	int64_t at;

	if (!st->have_page || (dir > 0 ? !st->page.more_after :
	    !st->page.more_before))
		return;
	at = st->page.rows[dir > 0 ? st->page.n - 1 : 0].id;
	if (!load(scr, dir > 0 ? STATS_NEXT : STATS_PREV, at))
		return;
	st->page_no = dir > 0 ? st->page_no + 1 :
	    st->page_no > 1 ? st->page_no - 1 : 1;
	show(st, focus_end && st->page.n ? st->page.n - 1 : 0);
}

static enum core_status
dlist_enter(struct screen *scr, const void *arg)
{
	struct state *st = scr->state;
	const struct stats_shown *shown = arg;

	if (!shown || !app_staff(scr->app))
		return CORE_ERR_DENIED;
	st->which = shown->which;
	st->shown_n = shown->n;
	st->now_ms = shown->now_ms;
	tui_form_init(&st->form);
	app_staff_frame(scr->app, &st->frame, "Learners behind a count", NULL,
	    TUI_FRAME_NO_ACTION);
	tui_label_init(&st->info_label, "", TUI_ROLE_NOTE);
	tui_list_init(&st->list, ID_LIST, TUI_LIST_MENU);
	tui_form_add(&st->form, &st->info_label.ctl);
	tui_form_add(&st->form, &st->list.ctl);
	tui_frame_add(&st->frame, &st->form);
	tui_frame_set_keys(&st->frame, 0, NULL);
	tui_form_focus(&st->form, &st->list.ctl);
	return CORE_OK;
}

static void
dlist_leave(struct screen *scr)
{
	struct state *st = scr->state;

	tui_list_clear(&st->list);
}

static void
dlist_layout(struct screen *scr, struct tui_rect area)
{
	struct state *st = scr->state;
	struct tui_rect b;
	size_t fit;

	tui_frame_layout(&st->frame, area.h, area.w);
	b = st->frame.body;
	tui_ctl_place(&st->info_label.ctl, (struct tui_rect){b.y, b.x + 1, 1,
	    b.w - 2});
	tui_ctl_place(&st->list.ctl, (struct tui_rect){b.y + 2, b.x, b.h - 2,
	    b.w});
	fit = (size_t)((b.h - 2 + 1) / ROWS_PER);
	fit = fit < 1 ? 1 : fit > STATS_PAGE_MAX ? STATS_PAGE_MAX : fit;
	/* A new size starts again from the first page, as many as fit. */
	if (fit != st->page_size) {
		st->page_size = fit;
		st->page_no = 1;
		if (load(scr, STATS_FIRST, 0))
			show(st, 0);
	}
}

static void
dlist_draw(struct screen *scr)
{
	struct state *st = scr->state;

	tui_form_paint(&st->form);
}

static struct nav
open_row(struct screen *scr, int index)
{
	struct state *st = scr->state;
	const struct staff *who = app_staff(scr->app);

	if (index < 0 || (size_t)index >= st->page.n)
		return nav_stay();
	if (!who || !role_allows(who->role, ROLE_ACT_VIEW_LEARNER)) {
		tui_label_set(&st->info_label, "Your role can see this list, but "
		    "not a learner's record.", TUI_ROLE_ERROR);
		return nav_stay();
	}
	return nav_to(NAV_PUSH, &screen_staff_learner,
	    st->page.rows[index].reference);
}

static struct nav
dlist_action(struct screen *scr, const struct tui_event *ev)
{
	struct state *st = scr->state;
	struct tui_ctl *focus = tui_form_focused(&st->form);
	struct tui_outcome o;

	if (ev->action == ACT_PAGE_DOWN || ev->action == ACT_PAGE_UP) {
		turn(scr, ev->action == ACT_PAGE_DOWN ? 1 : -1, false);
		return nav_stay();
	}
	if (focus == &st->list.ctl && st->list.n > 0 &&
	    ((ev->action == ACT_DOWN && st->list.focus + 1 == st->list.n &&
	    st->page.more_after) || (ev->action == ACT_UP &&
	    st->list.focus == 0 && st->page.more_before))) {
		turn(scr, ev->action == ACT_DOWN ? 1 : -1, ev->action == ACT_UP);
		return nav_stay();
	}
	o = tui_form_event(&st->form, ev);
	if (o.res == TUI_ACTIVATE) {
		if (o.id == ID_LIST)
			return open_row(scr, o.index);
		return app_staff_button(scr->app, o.id);
	}
	if (o.res != TUI_PASS)
		return nav_stay();
	if (ev->action == ACT_BACK)
		return nav_to(NAV_POP, NULL, NULL);
	return nav_pass();
}

const struct screen_ops screen_staff_dashboard_list = {
	.name = "staff_dashboard_list",
	.state_size = sizeof(struct state),
	.enter = dlist_enter,
	.leave = dlist_leave,
	.layout = dlist_layout,
	.draw = dlist_draw,
	.on_action = dlist_action,
};
