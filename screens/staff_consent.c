/* SPDX-License-Identifier: ISC */
/*
 * Withdrawal of consent received in writing (staff mode, SPEC 7): which
 * channel (or all of them), the day it was made (today unless changed;
 * not in the future) and a note (say where the letter or form is). Saved
 * as EV_CONSENT_WITHDRAWN with source "writing", the staff member as the
 * actor, signed by the kiosk; the note is kept outside the signed bytes so
 * erasure can delete it. The argument is the learner's reference.
 *
 * Actions: the channel changes with Enter, Space, Left/Right or a tap;
 * type the date and the note; Save -> core -> NAV_POP to the record, or
 * the reason; Back/Esc -> NAV_POP; Lock.
 */
#include "screens/app.h"

#include <stdio.h>
#include <string.h>

#include "core/consent.h"
#include "core/crypto.h"
#include "core/role.h"
#include "tui/choice.h"
#include "tui/field.h"
#include "tui/form.h"
#include "tui/frame.h"
#include "tui/label.h"

enum {
	ID_CHANNEL = 1,
	ID_DATE,
	ID_NOTE,
};

#define LABEL_W 20
#define CTL_W 66
#define NOTE_MAX 200

struct state {
	char learner[LEARNER_REF_MAX];
	char channel[TUI_CHOICE_MAX][CONFIG_ID_MAX];	/* [0]: all */
	size_t nch;
	char date[CONSENT_DATE_LEN];
	char note[NOTE_MAX + 1];
	char intro_text[LEARNER_REF_MAX + 2 * LEARNER_NAME_MAX + 128];
	struct tui_form form;
	struct tui_frame frame;
	struct tui_label intro;
	struct tui_choice which;
	struct tui_field fdate, fnote;
};

static bool
add_channel(const struct consent_answer *a, void *ctx)
{
	struct state *st = ctx;

	if (st->nch >= TUI_CHOICE_MAX)
		return false;
	snprintf(st->channel[st->nch], sizeof st->channel[0], "%s", a->channel);
	tui_choice_add(&st->which, a->label);
	st->nch++;
	return true;
}

static enum core_status
consent_enter(struct screen *scr, const void *arg)
{
	struct state *st = scr->state;
	const struct staff *who = app_staff(scr->app);
	enum core_status status;
	struct learner l;

	if (!arg || !who || !role_allows(who->role, ROLE_ACT_WITHDRAW_CONSENT))
		return CORE_ERR_DENIED;
	snprintf(st->learner, sizeof st->learner, "%s", (const char *)arg);
	if (learner_get(scr->site, st->learner, &l) != CORE_OK)
		return CORE_ERR_NOT_FOUND;
	snprintf(st->intro_text, sizeof st->intro_text, "Withdrawal in writing "
	    "for %s %s (%s): from now on, No for the channel you choose.",
	    l.given_name, l.family_name, l.reference);
	tui_form_init(&st->form);
	app_staff_frame(scr->app, &st->frame, "Withdraw consent", "Save", 0);
	tui_label_init(&st->intro, st->intro_text, TUI_ROLE_BODY);
	tui_choice_init(&st->which, ID_CHANNEL, "Channel");
	tui_choice_add(&st->which, "All channels");
	st->nch = 1;
	status = consent_each(scr->site, &l, store_now_ms(), add_channel, st);
	crypto_wipe(&l, sizeof l);
	if (status != CORE_OK)
		return status;
	consent_date_format(store_now_ms(), st->date);
	tui_field_init(&st->fdate, ID_DATE, "Date (YYYY-MM-DD)", st->date,
	    sizeof st->date, 0);
	tui_field_set_max(&st->fdate, CONSENT_DATE_LEN - 1);
	tui_field_init(&st->fnote, ID_NOTE, "Note", st->note, sizeof st->note,
	    0);
	tui_field_set_max(&st->fnote, NOTE_MAX);
	st->which.label_w = st->fdate.label_w = st->fnote.label_w = LABEL_W;
	tui_form_add(&st->form, &st->intro.ctl);
	tui_form_add(&st->form, &st->which.ctl);
	tui_form_add(&st->form, &st->fdate.ctl);
	tui_form_add(&st->form, &st->fnote.ctl);
	tui_frame_add(&st->frame, &st->form);
	tui_frame_set_keys(&st->frame, 0, NULL);
	tui_form_focus(&st->form, &st->which.ctl);
	return CORE_OK;
}

static void
consent_leave(struct screen *scr)
{
	struct state *st = scr->state;

	crypto_wipe(st->note, sizeof st->note);
	crypto_wipe(st->intro_text, sizeof st->intro_text);
}

static void
consent_layout(struct screen *scr, struct tui_rect area)
{
	struct state *st = scr->state;
	struct tui_rect b;
	int w;

	tui_frame_layout(&st->frame, area.h, area.w);
	b = st->frame.body;
	w = b.w < CTL_W ? b.w : CTL_W;
	tui_ctl_place(&st->intro.ctl, (struct tui_rect){b.y, b.x + 1, 2,
	    b.w - 2 < 76 ? b.w - 2 : 76});
	tui_ctl_place(&st->which.ctl, (struct tui_rect){b.y + 2, b.x, 3, w});
	tui_ctl_place(&st->fdate.ctl, (struct tui_rect){b.y + 6, b.x, 3,
	    2 * LABEL_W});
	tui_ctl_place(&st->fnote.ctl, (struct tui_rect){b.y + 10, b.x, 3, w});
}

static void
consent_draw(struct screen *scr)
{
	struct state *st = scr->state;

	tui_form_paint(&st->form);
}

static struct nav
save(struct screen *scr)
{
	struct state *st = scr->state;
	const struct staff *who = app_staff(scr->app);
	enum core_status status;
	struct learner l;
	char msg[320];
	size_t i = st->which.chosen < st->nch ? st->which.chosen : 0;

	core_detail_clear();
	status = learner_get(scr->site, st->learner, &l);
	if (status == CORE_OK)
		status = consent_withdraw(scr->site, &l, i == 0 ? NULL :
		    st->channel[i], CONSENT_BY_WRITING, st->date,
		    st->note[0] ? st->note : NULL, who ? who->pseudonym : NULL,
		    NULL, NULL);
	crypto_wipe(&l, sizeof l);
	if (status == CORE_OK)
		return nav_to(NAV_POP, NULL, NULL);
	app_staff_save_failed(status, "Your role cannot withdraw consent.", msg,
	    sizeof msg);
	if (status == CORE_ERR_INVALID)
		tui_form_focus(&st->form, strncmp(core_detail(), "date", 4) == 0 ?
		    &st->fdate.ctl : &st->fnote.ctl);
	tui_frame_set_status(&st->frame, msg, TUI_ROLE_ERROR);
	return nav_stay();
}

static struct nav
consent_action(struct screen *scr, const struct tui_event *ev)
{
	struct state *st = scr->state;
	struct tui_ctl *focus = tui_form_focused(&st->form);
	struct tui_outcome o;

	if (ev->action == ACT_CHOOSE && focus == &st->fdate.ctl) {
		tui_form_focus(&st->form, &st->fnote.ctl);
		return nav_stay();
	}
	if (ev->action == ACT_CHOOSE && focus == &st->fnote.ctl)
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

const struct screen_ops screen_staff_consent = {
	.name = "staff_consent",
	.state_size = sizeof(struct state),
	.enter = consent_enter,
	.leave = consent_leave,
	.layout = consent_layout,
	.draw = consent_draw,
	.on_action = consent_action,
};
