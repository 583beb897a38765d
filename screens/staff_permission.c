/* SPDX-License-Identifier: ISC */
/*
 * Record permission for a learner in a secure setting (policy 5.1, S&S):
 * who gave it (a parent or carer, the Multi-Disciplinary Team or the
 * Ministry of Justice), their reference (a letter or order number) and
 * the date it was given (today unless changed; not in the future). Until
 * it is recorded the learner cannot start and the kiosk tells them to see
 * staff. The argument is the learner's reference.
 *
 * Actions: the choice changes with Enter, Space, Left/Right or a tap;
 * type the reference and the date; Save -> core (EV_PERMISSION_RECORDED)
 * -> NAV_POP to the record, or the reason; Back/Esc -> NAV_POP; Lock.
 */
#include "screens/app.h"

#include <stdio.h>
#include <string.h>

#include "core/consent.h"
#include "core/crypto.h"
#include "core/permission.h"
#include "core/role.h"
#include "tui/choice.h"
#include "tui/field.h"
#include "tui/form.h"
#include "tui/frame.h"
#include "tui/label.h"

enum {
	ID_SOURCE = 1,
	ID_REF,
	ID_DATE,
};

#define LABEL_W 20
#define CTL_W 66

struct state {
	char learner[LEARNER_REF_MAX];
	char ref[128];
	char date[CONSENT_DATE_LEN];
	char intro_text[LEARNER_REF_MAX + 2 * LEARNER_NAME_MAX + 96];
	struct tui_form form;
	struct tui_frame frame;
	struct tui_label intro;
	struct tui_choice source;
	struct tui_field fref, fdate;
};

static enum core_status
permission_enter(struct screen *scr, const void *arg)
{
	struct state *st = scr->state;
	const struct staff *who = app_staff(scr->app);
	struct learner l;

	if (!arg || !who || !role_allows(who->role, ROLE_ACT_RECORD_PERMISSION))
		return CORE_ERR_DENIED;
	snprintf(st->learner, sizeof st->learner, "%s", (const char *)arg);
	if (learner_get(scr->site, st->learner, &l) != CORE_OK)
		return CORE_ERR_NOT_FOUND;
	snprintf(st->intro_text, sizeof st->intro_text, "Permission for %s %s "
	    "(%s) to use IT. Who gave it, their reference, and the date.",
	    l.given_name, l.family_name, l.reference);
	crypto_wipe(&l, sizeof l);
	consent_date_format(store_now_ms(), st->date);
	tui_form_init(&st->form);
	app_staff_frame(scr->app, &st->frame, "Record permission", "Save", 0);
	tui_label_init(&st->intro, st->intro_text, TUI_ROLE_BODY);
	tui_choice_init(&st->source, ID_SOURCE, "Given by");
	tui_choice_add(&st->source, "A parent or carer");
	tui_choice_add(&st->source, "The Multi-Disciplinary Team");
	tui_choice_add(&st->source, "The Ministry of Justice");
	tui_field_init(&st->fref, ID_REF, "Their reference", st->ref,
	    sizeof st->ref, 0);
	tui_field_set_max(&st->fref, 100);
	tui_field_init(&st->fdate, ID_DATE, "Date (YYYY-MM-DD)", st->date,
	    sizeof st->date, 0);
	tui_field_set_max(&st->fdate, CONSENT_DATE_LEN - 1);
	st->source.label_w = st->fref.label_w = st->fdate.label_w = LABEL_W;
	tui_form_add(&st->form, &st->intro.ctl);
	tui_form_add(&st->form, &st->source.ctl);
	tui_form_add(&st->form, &st->fref.ctl);
	tui_form_add(&st->form, &st->fdate.ctl);
	tui_frame_add(&st->frame, &st->form);
	tui_frame_set_keys(&st->frame, 0, NULL);
	tui_form_focus(&st->form, &st->source.ctl);
	return CORE_OK;
}

static void
permission_leave(struct screen *scr)
{
	(void)scr;
}

static void
permission_layout(struct screen *scr, struct tui_rect area)
{
	struct state *st = scr->state;
	struct tui_rect b;
	int w;

	tui_frame_layout(&st->frame, area.h, area.w);
	b = st->frame.body;
	w = b.w < CTL_W ? b.w : CTL_W;
	tui_ctl_place(&st->intro.ctl, (struct tui_rect){b.y, b.x + 1, 2,
	    b.w - 2 < 76 ? b.w - 2 : 76});
	tui_ctl_place(&st->source.ctl, (struct tui_rect){b.y + 2, b.x, 3, w});
	tui_ctl_place(&st->fref.ctl, (struct tui_rect){b.y + 6, b.x, 3, w});
	tui_ctl_place(&st->fdate.ctl, (struct tui_rect){b.y + 10, b.x, 3,
	    2 * LABEL_W});
}

static void
permission_draw(struct screen *scr)
{
	struct state *st = scr->state;

	tui_form_paint(&st->form);
}

static struct nav
save(struct screen *scr)
{
	struct state *st = scr->state;
	const struct staff *who = app_staff(scr->app);
	static const enum permission_source src[] = {PERMISSION_PARENT,
	    PERMISSION_MDT, PERMISSION_MOJ};
	enum core_status status;
	struct learner l;
	char msg[320], today[CONSENT_DATE_LEN];

	if (!st->ref[0]) {
		tui_frame_set_status(&st->frame, "Please type their reference: "
		    "the letter, form or order number.", TUI_ROLE_ERROR);
		tui_form_focus(&st->form, &st->fref.ctl);
		return nav_stay();
	}
	consent_date_format(store_now_ms(), today);
	if (strlen(st->date) == CONSENT_DATE_LEN - 1 && strcmp(st->date, today) > 0) {
		tui_frame_set_status(&st->frame, "Please check this: date: the "
		    "day permission was given cannot be in the future.",
		    TUI_ROLE_ERROR);
		tui_form_focus(&st->form, &st->fdate.ctl);
		return nav_stay();
	}
	core_detail_clear();
	status = learner_get(scr->site, st->learner, &l);
	if (status == CORE_OK)
		status = permission_record(scr->site, &l,
		    src[st->source.chosen < 3 ? st->source.chosen : 0], st->ref,
		    st->date, who ? who->pseudonym : NULL);
	crypto_wipe(&l, sizeof l);
	if (status == CORE_OK)
		return nav_to(NAV_POP, NULL, NULL);
	app_staff_save_failed(status, "Your role cannot record permission.", msg,
	    sizeof msg);
	if (status == CORE_ERR_INVALID)
		tui_form_focus(&st->form, strncmp(core_detail(), "date", 4) == 0 ?
		    &st->fdate.ctl : &st->fref.ctl);
	tui_frame_set_status(&st->frame, msg, TUI_ROLE_ERROR);
	return nav_stay();
}

static struct nav
permission_action(struct screen *scr, const struct tui_event *ev)
{
	struct state *st = scr->state;
	struct tui_ctl *focus = tui_form_focused(&st->form);
	struct tui_outcome o;

	if (ev->action == ACT_CHOOSE && focus == &st->fref.ctl) {
		tui_form_focus(&st->form, &st->fdate.ctl);
		return nav_stay();
	}
	if (ev->action == ACT_CHOOSE && focus == &st->fdate.ctl)
		return save(scr);
	o = tui_form_event(&st->form, ev);
	if (o.res == TUI_ACTIVATE) {
		if (o.id == TUI_ID_NEXT)
			return save(scr);
		return app_staff_button(scr->app, o.id);
	}
	if (o.res != TUI_PASS)
		return nav_stay();
	if (ev->action == ACT_BACK)
		return nav_to(NAV_POP, NULL, NULL);
	return nav_pass();
}

const struct screen_ops screen_staff_permission = {
	.name = "staff_permission",
	.state_size = sizeof(struct state),
	.enter = permission_enter,
	.leave = permission_leave,
	.layout = permission_layout,
	.draw = permission_draw,
	.on_action = permission_action,
};
