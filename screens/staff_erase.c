/* SPDX-License-Identifier: ISC */
/*
 * Erase a learner's personal details (administrator, SPEC 7): the
 * reference and name, what erasure removes and keeps, and the reference
 * typed again to confirm; then erase_learner with the administrator as the
 * actor, and the result in plain words. A BUSY result was saved but the
 * write-ahead log could not be emptied yet: "saved; finishing later".
 * The argument is the reference.
 *
 * Actions: type the reference; Erase (or Enter in the field) -> check it
 * matches -> core -> the result, Erase hidden; Back/Esc -> NAV_POP (the
 * list loads again); Lock.
 */
#include "screens/app.h"

#include <stdio.h>
#include <string.h>

#include "core/crypto.h"
#include "core/erase.h"
#include "core/role.h"
#include "tui/field.h"
#include "tui/form.h"
#include "tui/frame.h"
#include "tui/label.h"

#define LABEL_W 20
#define CTL_W 66

struct state {
	char learner[LEARNER_REF_MAX];
	char typed[LEARNER_REF_MAX];
	char intro_text[LEARNER_REF_MAX + 2 * LEARNER_NAME_MAX + 320];
	bool done;
	struct tui_form form;
	struct tui_frame frame;
	struct tui_label intro;
	struct tui_field again;
};

static enum core_status
erase_enter(struct screen *scr, const void *arg)
{
	struct state *st = scr->state;
	const struct staff *who = app_staff(scr->app);
	struct learner l;

	if (!arg || !who || !role_allows(who->role, ROLE_ACT_ERASE))
		return CORE_ERR_DENIED;
	snprintf(st->learner, sizeof st->learner, "%s", (const char *)arg);
	if (learner_get(scr->site, st->learner, &l) != CORE_OK)
		return CORE_ERR_NOT_FOUND;
	snprintf(st->intro_text, sizeof st->intro_text, "Erase the personal "
	    "details of %s %s (%s)? Their name, reference, cohort, notes and "
	    "signing keys are deleted for good. What they signed stays, under "
	    "a number that links to no one, and still verifies. To confirm, "
	    "type the reference again.", l.given_name, l.family_name,
	    l.reference);
	crypto_wipe(&l, sizeof l);
	tui_form_init(&st->form);
	app_staff_frame(scr->app, &st->frame, "Erase personal details", "Erase",
	    0);
	tui_label_init(&st->intro, st->intro_text, TUI_ROLE_BODY);
	tui_field_init(&st->again, 1, "Reference again", st->typed,
	    sizeof st->typed, 0);
	tui_field_set_max(&st->again, LEARNER_REF_MAX - 1);
	st->again.label_w = LABEL_W;
	tui_form_add(&st->form, &st->intro.ctl);
	tui_form_add(&st->form, &st->again.ctl);
	tui_frame_add(&st->frame, &st->form);
	tui_frame_set_keys(&st->frame, TUI_KEY(ACT_CHOOSE), NULL);
	tui_form_focus(&st->form, &st->again.ctl);
	return CORE_OK;
}

static void
erase_leave(struct screen *scr)
{
	struct state *st = scr->state;

	crypto_wipe(st->intro_text, sizeof st->intro_text);
	crypto_wipe(st->typed, sizeof st->typed);
}

static void
erase_layout(struct screen *scr, struct tui_rect area)
{
	struct state *st = scr->state;
	struct tui_rect b;
	int w;

	tui_frame_layout(&st->frame, area.h, area.w);
	b = st->frame.body;
	w = b.w < CTL_W ? b.w : CTL_W;
	tui_ctl_place(&st->intro.ctl, (struct tui_rect){b.y, b.x + 1, 5,
	    b.w - 2 < 76 ? b.w - 2 : 76});
	tui_ctl_place(&st->again.ctl, (struct tui_rect){b.y + 6, b.x, 3, w});
}

static void
erase_draw(struct screen *scr)
{
	struct state *st = scr->state;

	tui_form_paint(&st->form);
}

static struct nav
erase_now(struct screen *scr)
{
	struct state *st = scr->state;
	const struct staff *who = app_staff(scr->app);
	struct erase_report rep;
	enum core_status status;
	char msg[320];

	if (st->done)
		return nav_stay();
	if (strcmp(st->typed, st->learner) != 0) {
		tui_frame_set_status(&st->frame, "That is not the same reference. "
		    "Please type it again exactly, or choose Back.",
		    TUI_ROLE_ERROR);
		return nav_stay();
	}
	memset(&rep, 0, sizeof rep);
	core_detail_clear();
	status = erase_learner(scr->site, st->learner, who ? who->pseudonym :
	    NULL, &rep);
	if (status == CORE_OK || status == CORE_ERR_BUSY) {
		st->done = true;
		snprintf(msg, sizeof msg, "Erased. Their personal details are "
		    "gone; receipt %s.%s", rep.receipt, status == CORE_ERR_BUSY ?
		    " Saved; finishing later: the last copies are removed when "
		    "the kiosk is next quiet." : "");
		tui_label_set(&st->intro, msg, TUI_ROLE_NOTE);
		tui_ctl_set_hidden(&st->again.ctl, true);
		tui_ctl_set_hidden(&st->frame.nav[1].ctl, true);
		tui_frame_set_status(&st->frame, "Choose Back for the list.",
		    TUI_ROLE_NOTE);
		tui_form_focus(&st->form, &st->frame.nav[0].ctl);
		crypto_wipe(st->intro_text, sizeof st->intro_text);
		return nav_stay();
	}
	if (status == CORE_ERR_DENIED)
		snprintf(msg, sizeof msg, "Your role cannot erase.");
	else if (status == CORE_ERR_NOT_FOUND)
		snprintf(msg, sizeof msg, "There is no learner with this "
		    "reference now.");
	else
		snprintf(msg, sizeof msg, "Sorry, this could not be done. Nothing "
		    "was erased. Please try again.");
	tui_frame_set_status(&st->frame, msg, TUI_ROLE_ERROR);
	return nav_stay();
}

static struct nav
erase_action(struct screen *scr, const struct tui_event *ev)
{
	struct state *st = scr->state;
	struct tui_outcome o;

	if (ev->action == ACT_CHOOSE &&
	    tui_form_focused(&st->form) == &st->again.ctl)
		return erase_now(scr);
	o = tui_form_event(&st->form, ev);
	if (o.res == TUI_ACTIVATE) {
		if (o.id == TUI_ID_NEXT)
			return erase_now(scr);
		return app_staff_button(scr->app, o.id);
	}
	if (o.res != TUI_PASS)
		return nav_stay();
	if (ev->action == ACT_BACK)
		return nav_to(NAV_POP, NULL, NULL);
	return nav_pass();
}

const struct screen_ops screen_staff_erase = {
	.name = "staff_erase",
	.state_size = sizeof(struct state),
	.enter = erase_enter,
	.leave = erase_leave,
	.layout = erase_layout,
	.draw = erase_draw,
	.on_action = erase_action,
};
