/* SPDX-License-Identifier: ISC */
/*
 * Filters for the learner list: group (from the config), cohort (typed)
 * and status. The argument is the list's filter (struct lq_filter *),
 * which lives in the list screen below this one; Show writes it and goes
 * back, and the list loads its first page again.
 *
 * Actions: Enter, Space, Left/Right or a tap change a choice; type the
 * cohort; Clear -> every filter off; Show -> write and NAV_POP; Back/Esc
 * -> NAV_POP unchanged; Lock.
 */
#include "screens/app.h"

#include <stdio.h>
#include <string.h>

#include "core/learner_query.h"
#include "tui/button.h"
#include "tui/choice.h"
#include "tui/field.h"
#include "tui/form.h"
#include "tui/frame.h"

enum {
	ID_GROUP = 1,
	ID_COHORT,
	ID_STATUS,
	ID_CLEAR,
};

#define LABEL_W 12
#define CTL_W 64

struct state {
	struct lq_filter *out;
	char cohort[CONFIG_ID_MAX];
	struct tui_form form;
	struct tui_frame frame;
	struct tui_choice group, status;
	struct tui_field fcohort;
	struct tui_button clear;
};

static enum core_status
filter_enter(struct screen *scr, const void *arg)
{
	struct state *st = scr->state;
	const struct config *cfg = scr->site->cfg;
	size_t i;

	st->out = (struct lq_filter *)(uintptr_t)arg;
	if (!st->out || !app_staff(scr->app))
		return CORE_ERR_INVALID;
	tui_form_init(&st->form);
	app_staff_frame(scr->app, &st->frame, "Filter the learners", "Show", 0);
	tui_choice_init(&st->group, ID_GROUP, "Group");
	tui_choice_add(&st->group, "All groups");
	for (i = 0; i < cfg->ngroups && i + 1 < TUI_CHOICE_MAX; i++) {
		tui_choice_add(&st->group, cfg->groups[i].title);
		if (strcmp(cfg->groups[i].id, st->out->group) == 0)
			tui_choice_set(&st->group, i + 1);
	}
	tui_choice_init(&st->status, ID_STATUS, "Status");
	for (i = 0; i < LQ_STATUS_COUNT; i++)
		tui_choice_add(&st->status, lq_status_words((enum lq_status)i));
	tui_choice_set(&st->status, (size_t)st->out->status);
	snprintf(st->cohort, sizeof st->cohort, "%s", st->out->cohort);
	tui_field_init(&st->fcohort, ID_COHORT, "Cohort", st->cohort,
	    sizeof st->cohort, 0);
	tui_button_init(&st->clear, ID_CLEAR, "Clear the filters");
	st->group.label_w = st->status.label_w = st->fcohort.label_w = LABEL_W;
	tui_form_add(&st->form, &st->group.ctl);
	tui_form_add(&st->form, &st->fcohort.ctl);
	tui_form_add(&st->form, &st->status.ctl);
	tui_form_add(&st->form, &st->clear.ctl);
	tui_frame_add(&st->frame, &st->form);
	tui_frame_set_keys(&st->frame, 0, NULL);
	tui_frame_set_status(&st->frame, "Leave the cohort empty for every "
	    "cohort. Then choose Show.", TUI_ROLE_BODY);
	tui_form_focus(&st->form, &st->group.ctl);
	return CORE_OK;
}

static void
filter_leave(struct screen *scr)
{
	(void)scr;
}

static void
filter_layout(struct screen *scr, struct tui_rect area)
{
	struct state *st = scr->state;
	struct tui_rect b;
	int w;

	tui_frame_layout(&st->frame, area.h, area.w);
	b = st->frame.body;
	w = b.w < CTL_W ? b.w : CTL_W;
	tui_ctl_place(&st->group.ctl, (struct tui_rect){b.y, b.x + 1, 3, w});
	tui_ctl_place(&st->fcohort.ctl, (struct tui_rect){b.y + 4, b.x + 1, 3,
	    LABEL_W + 30 < w ? LABEL_W + 30 : w});
	tui_ctl_place(&st->status.ctl, (struct tui_rect){b.y + 8, b.x + 1, 3,
	    LABEL_W + 30 < w ? LABEL_W + 30 : w});
	tui_ctl_place(&st->clear.ctl, (struct tui_rect){b.y + 8,
	    b.x + 1 + LABEL_W + 32, 3, tui_button_width(st->clear.label)});
	if (b.x + 1 + LABEL_W + 32 + tui_button_width(st->clear.label) >
	    b.x + b.w)
		tui_ctl_place(&st->clear.ctl, (struct tui_rect){b.y + 12 < b.y +
		    b.h - 3 ? b.y + 12 : b.y + b.h - 3, b.x + 1, 3,
		    tui_button_width(st->clear.label)});
}

static void
filter_draw(struct screen *scr)
{
	struct state *st = scr->state;

	tui_form_paint(&st->form);
}

static struct nav
apply_filter(struct screen *scr)
{
	struct state *st = scr->state;
	const struct config *cfg = scr->site->cfg;
	size_t g = st->group.chosen;

	memset(st->out->group, 0, sizeof st->out->group);
	memset(st->out->cohort, 0, sizeof st->out->cohort);
	if (g > 0 && g <= cfg->ngroups)
		snprintf(st->out->group, sizeof st->out->group, "%s",
		    cfg->groups[g - 1].id);
	snprintf(st->out->cohort, sizeof st->out->cohort, "%s", st->cohort);
	st->out->status = (enum lq_status)st->status.chosen;
	return nav_to(NAV_POP, NULL, NULL);
}

static struct nav
filter_action(struct screen *scr, const struct tui_event *ev)
{
	struct state *st = scr->state;
	struct tui_outcome o = tui_form_event(&st->form, ev);

	if (o.res == TUI_ACTIVATE) {
		switch (o.id) {
		case TUI_ID_NEXT:
			return apply_filter(scr);
		case ID_CLEAR:
			tui_choice_set(&st->group, 0);
			tui_choice_set(&st->status, 0);
			tui_field_clear(&st->fcohort);
			return nav_stay();
		default:
			return app_staff_button(scr->app, o.id);
		}
	}
	if (o.res != TUI_PASS)
		return nav_stay();
	if (ev->action == ACT_BACK)
		return nav_to(NAV_POP, NULL, NULL);
	return nav_pass();
}

const struct screen_ops screen_staff_filter = {
	.name = "staff_filter",
	.state_size = sizeof(struct state),
	.enter = filter_enter,
	.leave = filter_leave,
	.layout = filter_layout,
	.draw = filter_draw,
	.on_action = filter_action,
};
