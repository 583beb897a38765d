/* SPDX-License-Identifier: ISC */
/*
 * Learners (staff mode): a search box, the filters in use, and one page of
 * learners as large rows. The page holds as many rows as the screen has
 * room for; core pages by key (learner_query_page), so the ten-thousandth
 * page is as quick as the first. Typing searches after a short pause: by
 * name or reference (three characters or more), or by the start of a
 * reference.
 *
 * Actions: type to search (Enter searches now and moves to the list);
 * Up/Down move between rows and past the end turn the page; PgDn/PgUp turn
 * the page; Enter or a tap on a row -> that learner's record (if the role
 * may see it; an administrator -> erase); Filters -> the filter screen;
 * Back/Esc -> NAV_POP; Lock.
 */
#include "screens/app.h"

#include <stdio.h>
#include <string.h>

#include "core/learner_query.h"
#include "core/role.h"
#include "tui/field.h"
#include "tui/form.h"
#include "tui/frame.h"
#include "tui/label.h"
#include "tui/list.h"
#include "tui/text.h"

#define ROW_H 3
#define ROW_GAP 1
#define SEARCH_PAUSE_MS 250

enum {
	ID_SEARCH = 1,
	ID_LIST,
};

struct state {
	struct lq_filter filter;	/* edited by screen_staff_filter */
	struct lq_filter applied;	/* what the page shows */
	struct lq_page page;
	bool have_page;
	unsigned page_no;
	size_t page_size;
	char search[LQ_SEARCH_MAX];
	char info[256];
	struct tui_form form;
	struct tui_frame frame;
	struct tui_field fsearch;
	struct tui_label info_label;
	struct tui_list list;
};

/* Append s padded or cut to exactly cols columns (display width). */
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
	while (used++ < cols)
		out[o++] = ' ';
	out[o] = '\0';
}

static void
row_text(const struct lq_row *r, int width, char *out, size_t cap)
{
	char name[2 * LEARNER_NAME_MAX + 2], status[64];
	int ref_w = width >= 100 ? 14 : 12, grp_w = width >= 100 ? 20 : 17;
	int name_w = width - ref_w - grp_w - 16 - (width >= 100 ? 10 : 0);

	if (name_w > 40)
		name_w = 40;

	snprintf(name, sizeof name, "%s %s", r->given_name, r->family_name);
	if (r->locked)
		snprintf(status, sizeof status, "Locked");
	else if (r->left)
		snprintf(status, sizeof status, "Left");
	else if (r->no_permission)
		snprintf(status, sizeof status, "No permission");
	else if (r->awaiting_activation)
		snprintf(status, sizeof status, "No PIN yet");
	else if (r->outstanding)
		snprintf(status, sizeof status, "%u to do", r->outstanding);
	else
		snprintf(status, sizeof status, "All signed");
	out[0] = '\0';
	column(out, cap, r->reference, ref_w);
	column(out, cap, name, name_w > 8 ? name_w : 8);
	column(out, cap, r->group, grp_w);
	if (width >= 100)
		column(out, cap, r->cohort, 10);
	column(out, cap, status, 20);
}

static void
describe(struct state *st)
{
	const struct lq_filter *f = &st->applied;
	char filters[160] = "";
	size_t o = 0;

	if (f->group[0])
		o += (size_t)snprintf(filters + o, sizeof filters - o, ", group %s",
		    f->group);
	if (f->cohort[0] && o < sizeof filters)
		o += (size_t)snprintf(filters + o, sizeof filters - o,
		    ", cohort %s", f->cohort);
	if (f->status != LQ_ANY && o < sizeof filters)
		snprintf(filters + o, sizeof filters - o, ", %s",
		    lq_status_words(f->status));
	if (st->page.n == 0)
		snprintf(st->info, sizeof st->info, "No learners match%s. Change "
		    "the search or the filters.", filters);
	else
		snprintf(st->info, sizeof st->info, "Page %u%s%s%s", st->page_no,
		    st->page.by_enrolment ? ", in the order they were enrolled" :
		    ", by reference", filters, st->page.more_after ?
		    ". More: PgDn" : "");
	tui_label_set(&st->info_label, st->info, st->page.n ? TUI_ROLE_NOTE :
	    TUI_ROLE_ERROR);
	/* The footer names only the page keys that turn a page now. */
	tui_frame_set_keys(&st->frame,
	    (st->page.more_after ? TUI_KEY(ACT_PAGE_DOWN) : 0) |
	    (st->page.more_before ? TUI_KEY(ACT_PAGE_UP) : 0), NULL);
}

static void
show(struct state *st, int width, size_t focus)
{
	char text[512];
	size_t i;

	tui_list_clear(&st->list);
	for (i = 0; i < st->page.n; i++) {
		row_text(&st->page.rows[i], width, text, sizeof text);
		if (!tui_list_add(&st->list, text, NULL))
			break;
	}
	tui_list_set_focus(&st->list, focus);
	describe(st);
}

/* Load a page; on failure keep what is shown and say why. */
static bool
load(struct screen *scr, enum lq_dir dir, const struct lq_cursor *from)
{
	struct state *st = scr->state;
	enum core_status status;

	status = learner_query_page(scr->site, &st->filter, dir, from,
	    st->page_size, &st->page);
	if (status != CORE_OK) {
		tui_label_set(&st->info_label, status == CORE_ERR_INVALID ?
		    "Please search with letters, digits and spaces." :
		    "Sorry, the list cannot be read now. Please try again.",
		    TUI_ROLE_ERROR);
		st->have_page = false;
		return false;
	}
	st->applied = st->filter;
	st->have_page = true;
	return true;
}

static void
turn(struct screen *scr, int dir, bool focus_end)
{
	struct state *st = scr->state;
	struct lq_cursor at;

	if (!st->have_page || (dir > 0 ? !st->page.more_after :
	    !st->page.more_before))
		return;
	at = st->page.rows[dir > 0 ? st->page.n - 1 : 0].at;
	if (!load(scr, dir > 0 ? LQ_NEXT : LQ_PREV, &at))
		return;
	if (dir > 0)
		st->page_no++;
	else
		st->page_no = st->page.more_before && st->page_no > 1 ?
		    st->page_no - 1 : 1;
	show(st, st->list.ctl.rect.w - 6, focus_end ? st->page.n - 1 : 0);
}

static void
search_now(struct screen *scr)
{
	struct state *st = scr->state;

	snprintf(st->filter.search, sizeof st->filter.search, "%s", st->search);
	if (load(scr, LQ_FIRST, NULL)) {
		st->page_no = 1;
		show(st, st->list.ctl.rect.w - 6, 0);
	}
}

static enum core_status
learners_enter(struct screen *scr, const void *arg)
{
	struct state *st = scr->state;

	(void)arg;
	if (!app_staff(scr->app))
		return CORE_ERR_DENIED;
	tui_form_init(&st->form);
	app_staff_frame(scr->app, &st->frame, "Learners", "Filters",
	    TUI_FRAME_NO_ACTION);
	tui_field_init(&st->fsearch, ID_SEARCH, "Search", st->search,
	    sizeof st->search, 0);
	tui_field_set_max(&st->fsearch, 60);
	tui_label_init(&st->info_label, "", TUI_ROLE_NOTE);
	tui_list_init(&st->list, ID_LIST, TUI_LIST_MENU);
	tui_form_add(&st->form, &st->fsearch.ctl);
	tui_form_add(&st->form, &st->info_label.ctl);
	tui_form_add(&st->form, &st->list.ctl);
	tui_frame_add(&st->frame, &st->form);
	tui_frame_set_keys(&st->frame, TUI_KEY(ACT_PAGE_DOWN) |
	    TUI_KEY(ACT_PAGE_UP), NULL);
	tui_form_focus(&st->form, &st->fsearch.ctl);
	return CORE_OK;
}

static void
learners_leave(struct screen *scr)
{
	struct state *st = scr->state;

	tui_list_clear(&st->list);
}

static void
learners_layout(struct screen *scr, struct tui_rect area)
{
	struct state *st = scr->state;
	struct tui_rect b;
	size_t focus = st->list.focus;
	int lh;

	tui_frame_layout(&st->frame, area.h, area.w);
	b = st->frame.body;
	tui_ctl_place(&st->fsearch.ctl, (struct tui_rect){b.y, b.x, 3,
	    b.w < 70 ? b.w : 70});
	tui_ctl_place(&st->info_label.ctl, (struct tui_rect){b.y + 3, b.x + 1, 1,
	    b.w - 2});
	lh = b.h - 4;
	tui_ctl_place(&st->list.ctl, (struct tui_rect){b.y + 4, b.x, lh, b.w});
	st->page_size = (size_t)((lh + ROW_GAP) / (ROW_H + ROW_GAP));
	if (st->page_size < 1)
		st->page_size = 1;
	/* A new size, a filter changed, or back from a record: load again,
	 * from the same first row, so what changed there shows. */
	if (memcmp(&st->filter, &st->applied, sizeof st->filter) != 0 ||
	    !st->have_page) {
		if (load(scr, LQ_FIRST, NULL))
			st->page_no = 1;
		focus = 0;
	} else if (st->page.n > 0) {
		struct lq_cursor at = st->page.rows[0].at;

		load(scr, LQ_AT, &at);
	} else {
		load(scr, LQ_FIRST, NULL);
	}
	show(st, b.w - 6, focus);
}

static void
learners_draw(struct screen *scr)
{
	struct state *st = scr->state;

	tui_form_paint(&st->form);
}

static struct nav
learners_tick(struct screen *scr, unsigned elapsed)
{
	(void)elapsed;
	search_now(scr);
	return nav_stay();
}

static struct nav
open_row(struct screen *scr, int index)
{
	struct state *st = scr->state;
	const struct staff *who = app_staff(scr->app);

	if (index < 0 || (size_t)index >= st->page.n)
		return nav_stay();
	/* An administrator cannot see the record, but may erase. */
	if (who && !role_allows(who->role, ROLE_ACT_VIEW_LEARNER) &&
	    role_allows(who->role, ROLE_ACT_ERASE))
		return nav_to(NAV_PUSH, &screen_staff_erase,
		    st->page.rows[index].reference);
	if (!who || !role_allows(who->role, ROLE_ACT_VIEW_LEARNER)) {
		tui_label_set(&st->info_label, "Your role can see this list, but "
		    "not a learner's record.", TUI_ROLE_ERROR);
		return nav_stay();
	}
	return nav_to(NAV_PUSH, &screen_staff_learner,
	    st->page.rows[index].reference);
}

static struct nav
learners_action(struct screen *scr, const struct tui_event *ev)
{
	struct state *st = scr->state;
	struct tui_ctl *focus = tui_form_focused(&st->form);
	struct tui_outcome o;

	if (ev->action == ACT_CHOOSE && focus == &st->fsearch.ctl) {
		search_now(scr);
		if (st->page.n)
			tui_form_focus(&st->form, &st->list.ctl);
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
	if (o.res == TUI_CHANGE && o.id == ID_SEARCH) {
		scr->tick_ms = SEARCH_PAUSE_MS;
		return nav_stay();
	}
	if (o.res == TUI_ACTIVATE) {
		if (o.id == ID_LIST)
			return open_row(scr, o.index);
		if (o.id == TUI_ID_NEXT)
			return nav_to(NAV_PUSH, &screen_staff_filter, &st->filter);
		return app_staff_button(scr->app, o.id);
	}
	if (o.res != TUI_PASS)
		return nav_stay();
	switch (ev->action) {
	case ACT_PAGE_DOWN:
		turn(scr, 1, false);
		return nav_stay();
	case ACT_PAGE_UP:
		turn(scr, -1, false);
		return nav_stay();
	case ACT_BACK:
		return nav_to(NAV_POP, NULL, NULL);
	default:
		return nav_pass();
	}
}

const struct screen_ops screen_staff_learners = {
	.name = "staff_learners",
	.state_size = sizeof(struct state),
	.enter = learners_enter,
	.leave = learners_leave,
	.layout = learners_layout,
	.draw = learners_draw,
	.on_action = learners_action,
	.on_tick = learners_tick,
};
