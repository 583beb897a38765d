/* SPDX-License-Identifier: ISC */
/*
 * Record the course of action on a concern (staff mode, DSL only): the
 * status (open, in progress, closed), a referral (none, the DSL, the
 * police, a partner agency) and a note. The note is typed into
 * secret_alloc memory and wiped in leave(); concern_action seals it.
 *
 * Actions: Save -> concern_action, then NAV_POP to the concern, which
 * reads itself again; Back/Esc -> NAV_POP, nothing saved; Lock.
 */
#include "screens/app.h"

#include <stdio.h>
#include <string.h>

#include "core/concern.h"
#include "core/crypto.h"
#include "core/role.h"
#include "tui/choice.h"
#include "tui/form.h"
#include "tui/frame.h"
#include "tui/textarea.h"

#define NOTE_CAP (CONCERN_TEXT_MAX * 4 + 1)

enum { ID_STATE = 1, ID_REFER, ID_NOTE };

struct state {
	struct concern_ref ref;
	char *note;
	struct tui_form form;
	struct tui_frame frame;
	struct tui_choice state, refer;
	struct tui_textarea fnote;
};

static enum core_status
action_enter(struct screen *scr, const void *arg)
{
	struct state *st = scr->state;
	const struct concern_ref *ref = arg;
	const struct staff *who = app_staff(scr->app);
	size_t i;

	if (!who || !ref || !ref->key ||
	    !role_allows(who->role, ROLE_ACT_ACTION_CONCERN))
		return CORE_ERR_DENIED;
	st->ref = *ref;
	st->note = secret_alloc(NOTE_CAP);
	if (!st->note)
		return CORE_ERR_NOMEM;
	tui_form_init(&st->form);
	app_staff_frame(scr->app, &st->frame, "Record the action taken",
	    "Save", 0);
	tui_choice_init(&st->state, ID_STATE, "Status");
	for (i = 0; i < CONCERN_STATE_COUNT; i++)
		tui_choice_add(&st->state,
		    concern_state_words((enum concern_state)i));
	tui_choice_init(&st->refer, ID_REFER, "Referral");
	for (i = 0; i < CONCERN_REFERRAL_COUNT; i++)
		tui_choice_add(&st->refer,
		    concern_referral_words((enum concern_referral)i));
	if (ref->state >= 0 && ref->state < CONCERN_STATE_COUNT)
		tui_choice_set(&st->state, (size_t)ref->state);
	st->state.label_w = st->refer.label_w = 12;
	tui_textarea_init(&st->fnote, ID_NOTE, "Note: what was done and why",
	    st->note, NOTE_CAP);
	tui_textarea_set_max(&st->fnote, CONCERN_TEXT_MAX);
	tui_form_add(&st->form, &st->state.ctl);
	tui_form_add(&st->form, &st->refer.ctl);
	tui_form_add(&st->form, &st->fnote.ctl);
	tui_frame_add(&st->frame, &st->form);
	tui_frame_set_keys(&st->frame, TUI_KEY(ACT_NEXT_FOCUS), NULL);
	tui_form_focus(&st->form, &st->state.ctl);
	return CORE_OK;
}

static void
action_leave(struct screen *scr)
{
	struct state *st = scr->state;

	secret_free(&st->note, NOTE_CAP);
}

static void
action_layout(struct screen *scr, struct tui_rect area)
{
	struct state *st = scr->state;
	struct tui_rect b;
	int w;

	tui_frame_layout(&st->frame, area.h, area.w);
	b = st->frame.body;
	w = b.w - 2 < 56 ? b.w - 2 : 56;
	tui_ctl_place(&st->state.ctl, (struct tui_rect){b.y, b.x + 1, 3, w});
	tui_ctl_place(&st->refer.ctl, (struct tui_rect){b.y + 4, b.x + 1, 3, w});
	tui_ctl_place(&st->fnote.ctl, (struct tui_rect){b.y + 8, b.x + 1,
	    b.h - 8, b.w - 2});
}

static void
action_draw(struct screen *scr)
{
	struct state *st = scr->state;

	tui_form_paint(&st->form);
}

static struct nav
save(struct screen *scr)
{
	struct state *st = scr->state;
	const struct staff *who = app_staff(scr->app);
	enum core_status s;

	if (concern_check_text(st->note, CONCERN_TEXT_MAX, true, false) !=
	    CORE_OK) {
		tui_frame_set_status(&st->frame, "Please write a note of what "
		    "was done.", TUI_ROLE_ERROR);
		tui_form_focus(&st->form, &st->fnote.ctl);
		return nav_stay();
	}
	s = concern_action(scr->site, who, st->ref.key, st->ref.id,
	    (enum concern_state)st->state.chosen,
	    (enum concern_referral)st->refer.chosen, st->note);
	if (s != CORE_OK) {
		tui_frame_set_status(&st->frame, s == CORE_ERR_DENIED ?
		    "Only the designated safeguarding lead can record this." :
		    "Sorry, this could not be saved. Please try again.",
		    TUI_ROLE_ERROR);
		return nav_stay();
	}
	if (st->ref.changed)
		*st->ref.changed = true;
	return nav_to(NAV_POP, NULL, NULL);
}

static struct nav
action_action(struct screen *scr, const struct tui_event *ev)
{
	struct state *st = scr->state;
	struct tui_outcome o = tui_form_event(&st->form, ev);

	if (o.res == TUI_CHANGE)
		tui_frame_set_status(&st->frame, "", TUI_ROLE_BODY);
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

const struct screen_ops screen_staff_concern_action = {
	.name = "staff_concern_action",
	.state_size = sizeof(struct state),
	.enter = action_enter,
	.leave = action_leave,
	.layout = action_layout,
	.draw = action_draw,
	.on_action = action_action,
};
