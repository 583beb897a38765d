/* SPDX-License-Identifier: ISC */
/*
 * Enrol a learner (staff mode): reference, given and family names, group
 * (from the config) and cohort. Core checks every field and says which is
 * wrong; the enrolment and the issued code are ledger events with this
 * member of staff as the actor. The one-time activation code is then shown
 * once, large (staff_code), and after it the new learner's record.
 *
 * Actions: type; Enter moves to the next box; the group choice changes
 * with Enter, Space, Left/Right or a tap (Tab leaves it); Enrol -> "Enrolling..." then
 * core -> the code, or the reason in plain words with the box focused;
 * Back/Esc -> NAV_POP; Lock.
 */
#include "screens/app.h"

#include <stdio.h>
#include <string.h>

#include "core/crypto.h"
#include "core/role.h"
#include "tui/choice.h"
#include "tui/field.h"
#include "tui/form.h"
#include "tui/frame.h"

enum {
	ID_REF = 1,
	ID_GIVEN,
	ID_FAMILY,
	ID_GROUP,
	ID_COHORT,
};

#define LABEL_W 15
#define COL_W 38

struct state {
	bool busy;
	char ref[LEARNER_REF_MAX];
	char given[LEARNER_NAME_MAX];
	char family[LEARNER_NAME_MAX];
	char cohort[CONFIG_ID_MAX];
	char code[LEARNER_CODE_LEN];
	char who[LEARNER_REF_MAX + 2 * LEARNER_NAME_MAX + 8];
	struct staff_code_arg code_arg;
	struct tui_form form;
	struct tui_frame frame;
	struct tui_field fref, fgiven, ffamily, fcohort;
	struct tui_choice group;
};

static enum core_status
enrol_enter(struct screen *scr, const void *arg)
{
	struct state *st = scr->state;
	const struct config *cfg = scr->site->cfg;
	const struct staff *who = app_staff(scr->app);
	size_t i;

	(void)arg;
	if (!who || !role_allows(who->role, ROLE_ACT_ENROL))
		return CORE_ERR_DENIED;
	tui_form_init(&st->form);
	app_staff_frame(scr->app, &st->frame, "Enrol a learner", "Enrol", 0);
	tui_field_init(&st->fref, ID_REF, "Reference", st->ref, sizeof st->ref, 0);
	tui_field_init(&st->fgiven, ID_GIVEN, "Given name", st->given,
	    sizeof st->given, 0);
	tui_field_init(&st->ffamily, ID_FAMILY, "Family name", st->family,
	    sizeof st->family, 0);
	tui_field_init(&st->fcohort, ID_COHORT, "Cohort", st->cohort,
	    sizeof st->cohort, 0);
	tui_field_set_max(&st->fref, 32);
	tui_field_set_max(&st->fgiven, 60);
	tui_field_set_max(&st->ffamily, 60);
	tui_field_set_max(&st->fcohort, CONFIG_ID_MAX - 1);
	tui_choice_init(&st->group, ID_GROUP, "Group");
	for (i = 0; i < cfg->ngroups; i++)
		tui_choice_add(&st->group, cfg->groups[i].title);
	st->fref.label_w = st->fgiven.label_w = st->ffamily.label_w =
	    st->fcohort.label_w = st->group.label_w = LABEL_W;
	tui_form_add(&st->form, &st->fref.ctl);
	tui_form_add(&st->form, &st->fcohort.ctl);
	tui_form_add(&st->form, &st->fgiven.ctl);
	tui_form_add(&st->form, &st->ffamily.ctl);
	tui_form_add(&st->form, &st->group.ctl);
	tui_frame_add(&st->frame, &st->form);
	tui_frame_set_keys(&st->frame, 0, NULL);
	tui_frame_set_status(&st->frame, "Fill in each box, choose the group, "
	    "then choose Enrol.", TUI_ROLE_BODY);
	tui_form_focus(&st->form, &st->fref.ctl);
	return CORE_OK;
}

static void
enrol_leave(struct screen *scr)
{
	struct state *st = scr->state;

	crypto_wipe(st->code, sizeof st->code);
}

static void
enrol_layout(struct screen *scr, struct tui_rect area)
{
	struct state *st = scr->state;
	struct tui_rect b;
	int w, x2;

	tui_frame_layout(&st->frame, area.h, area.w);
	b = st->frame.body;
	w = (b.w - 2) / 2 < COL_W ? (b.w - 2) / 2 : COL_W;
	if (b.w >= 2 * 56 + 2)
		w = 56;
	x2 = b.x + w + 2;
	/* Group titles are long: the choice has a row of its own. */
	tui_ctl_place(&st->fref.ctl, (struct tui_rect){b.y, b.x, 3, w});
	tui_ctl_place(&st->fcohort.ctl, (struct tui_rect){b.y, x2, 3, w});
	tui_ctl_place(&st->fgiven.ctl, (struct tui_rect){b.y + 4, b.x, 3, w});
	tui_ctl_place(&st->ffamily.ctl, (struct tui_rect){b.y + 4, x2, 3, w});
	tui_ctl_place(&st->group.ctl, (struct tui_rect){b.y + 8, b.x, 3,
	    x2 + w - b.x});
}

static void
enrol_draw(struct screen *scr)
{
	struct state *st = scr->state;

	tui_form_paint(&st->form);
}

static struct tui_ctl *
field_named(struct state *st, const char *detail)
{
	if (strncmp(detail, "reference", 9) == 0)
		return &st->fref.ctl;
	if (strncmp(detail, "given", 5) == 0)
		return &st->fgiven.ctl;
	if (strncmp(detail, "family", 6) == 0)
		return &st->ffamily.ctl;
	if (strncmp(detail, "group", 5) == 0)
		return &st->group.ctl;
	if (strncmp(detail, "cohort", 6) == 0)
		return &st->fcohort.ctl;
	return NULL;
}

static struct nav
submit(struct screen *scr)
{
	struct state *st = scr->state;
	struct tui_field *empty = !st->ref[0] ? &st->fref : !st->given[0] ?
	    &st->fgiven : !st->family[0] ? &st->ffamily : NULL;

	if (empty) {
		tui_frame_set_status(&st->frame, "Please fill in the reference "
		    "and both names.", TUI_ROLE_ERROR);
		tui_form_focus(&st->form, &empty->ctl);
		return nav_stay();
	}
	st->busy = true;
	tui_frame_set_status(&st->frame, "Enrolling, please wait...",
	    TUI_ROLE_NOTE);
	scr->tick_ms = 1;
	return nav_stay();
}

static struct nav
enrol_tick(struct screen *scr, unsigned elapsed)
{
	struct state *st = scr->state;
	const struct config *cfg = scr->site->cfg;
	const struct staff *who = app_staff(scr->app);
	const char *group = st->group.chosen < cfg->ngroups ?
	    cfg->groups[st->group.chosen].id : "";
	enum core_status status;
	struct tui_ctl *bad;
	char msg[320];

	(void)elapsed;
	if (!st->busy || !who)
		return nav_stay();
	st->busy = false;
	core_detail_clear();
	status = learner_add(scr->site, st->ref, st->given, st->family, group,
	    st->cohort, who->pseudonym, st->code);
	if (status == CORE_OK) {
		snprintf(st->who, sizeof st->who, "for %s, %s %s", st->ref,
		    st->given, st->family);
		st->code_arg = (struct staff_code_arg){"Activation code", st->who,
		    st->code, &screen_staff_learner, st->ref};
		return nav_to(NAV_REPLACE, &screen_staff_code, &st->code_arg);
	}
	if (status == CORE_ERR_EXISTS) {
		snprintf(msg, sizeof msg, "The reference %s is already in use. "
		    "Please check it.", st->ref);
		bad = &st->fref.ctl;
	} else {
		app_staff_save_failed(status, "Your role cannot enrol learners.",
		    msg, sizeof msg);
		bad = status == CORE_ERR_INVALID ? field_named(st, core_detail()) :
		    NULL;
	}
	tui_frame_set_status(&st->frame, msg, TUI_ROLE_ERROR);
	if (bad)
		tui_form_focus(&st->form, bad);
	return nav_stay();
}

static struct nav
enrol_action(struct screen *scr, const struct tui_event *ev)
{
	struct state *st = scr->state;
	struct tui_ctl *focus = tui_form_focused(&st->form);
	struct tui_outcome o;

	if (st->busy)
		return nav_stay();
	if (ev->action == ACT_CHOOSE && focus && focus != &st->group.ctl &&
	    focus->id >= ID_REF && focus->id <= ID_COHORT) {
		tui_form_focus_step(&st->form, 1);
		return nav_stay();
	}
	o = tui_form_event(&st->form, ev);
	if (o.res == TUI_ACTIVATE) {
		if (o.id == TUI_ID_NEXT)
			return submit(scr);
		return app_staff_button(scr->app, o.id);
	}
	if (o.res != TUI_PASS)
		return nav_stay();
	if (ev->action == ACT_BACK)
		return nav_to(NAV_POP, NULL, NULL);
	return nav_pass();
}

const struct screen_ops screen_staff_enrol = {
	.name = "staff_enrol",
	.state_size = sizeof(struct state),
	.enter = enrol_enter,
	.leave = enrol_leave,
	.layout = enrol_layout,
	.draw = enrol_draw,
	.on_action = enrol_action,
	.on_tick = enrol_tick,
};
