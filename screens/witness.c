/* SPDX-License-Identifier: ISC */
/*
 * A member of staff confirms a witnessed step at the learner's side: their
 * staff id and passphrase. Core unseals the staff member's signing key
 * (staff_sign_in with a witness), which the app keeps for the walk, so the
 * step is signed by both. Wrong id, wrong passphrase, disabled and locked
 * look the same, after the same delay.
 *
 * Actions: Enter moves from field to field, then Confirm; Confirm ->
 * checking -> NAV_POP back to the checklist, or a plain message; Back or
 * Esc -> NAV_POP. The passphrase buffer is secret_alloc memory, wiped in
 * leave().
 */
#include "screens/app.h"

#include <string.h>

#include "core/crypto.h"
#include "core/staff.h"
#include "tui/form.h"
#include "tui/frame.h"
#include "tui/signin.h"

#define PASS_CAP (STAFF_PASS_MAX * 4 + 1)

enum phase {
	PHASE_INPUT,
	PHASE_CHECKING,
	PHASE_WAITING,
};

struct state {
	enum phase phase;
	uint64_t started;
	unsigned failures;
	char id[STAFF_NAME_MAX];
	char *pass;
	struct tui_form form;
	struct tui_frame frame;
	struct tui_signin in;
};

static enum core_status
witness_enter(struct screen *scr, const void *arg)
{
	struct state *st = scr->state;

	(void)arg;
	st->pass = secret_alloc(PASS_CAP);
	if (!st->pass)
		return CORE_ERR_NOMEM;
	tui_form_init(&st->form);
	tui_frame_init(&st->frame, "A member of staff confirms", "Confirm", 0);
	tui_signin_init(&st->in, "A member of staff checks this step with "
	    "you. They type their staff id and passphrase here to confirm it.",
	    st->id, sizeof st->id, 0, st->pass, PASS_CAP, STAFF_PASS_MAX);
	tui_signin_add(&st->in, &st->form);
	tui_frame_add(&st->frame, &st->form);
	tui_frame_set_keys(&st->frame, TUI_KEY(ACT_CHOOSE), NULL);
	tui_form_focus(&st->form, &st->in.fid.ctl);
	return CORE_OK;
}

static void
witness_leave(struct screen *scr)
{
	struct state *st = scr->state;

	secret_free(&st->pass, PASS_CAP);
	crypto_wipe(st->id, sizeof st->id);
}

static void
witness_layout(struct screen *scr, struct tui_rect area)
{
	struct state *st = scr->state;

	tui_frame_layout(&st->frame, area.h, area.w);
	tui_signin_place(&st->in, st->frame.body);
}

static void
witness_draw(struct screen *scr)
{
	struct state *st = scr->state;

	tui_form_paint(&st->form);
}

static struct nav
submit(struct screen *scr)
{
	struct state *st = scr->state;
	struct tui_ctl *missing = tui_signin_missing(&st->in);

	if (missing) {
		tui_frame_set_status(&st->frame, "Please type the staff id and "
		    "the passphrase.", TUI_ROLE_ERROR);
		tui_form_focus(&st->form, missing);
		return nav_stay();
	}
	st->phase = PHASE_CHECKING;
	st->started = app_now_ms();
	tui_frame_set_status(&st->frame, "Checking, please wait...",
	    TUI_ROLE_NOTE);
	scr->tick_ms = 1;
	return nav_stay();
}

static struct nav
check(struct screen *scr)
{
	struct state *st = scr->state;
	struct signer *signer = NULL;
	enum core_status status;
	struct staff who;
	uint64_t delay, spent;

	memset(&who, 0, sizeof who);
	status = staff_sign_in(scr->site, st->id, st->pass, &who, &signer);
	tui_field_clear(&st->in.fpass);
	if (status == CORE_OK && signer) {
		app_set_witness(scr->app, signer, who.pseudonym);
		return nav_to(NAV_POP, NULL, NULL);
	}
	signer_free(&signer);
	st->phase = PHASE_INPUT;
	if (status == CORE_ERR_DENIED) {
		tui_frame_set_status(&st->frame, "This account cannot confirm "
		    "steps. Please ask another member of staff.", TUI_ROLE_ERROR);
		return nav_stay();
	}
	if (status != CORE_ERR_AUTH) {
		tui_frame_set_status(&st->frame, APP_MSG_STORAGE, TUI_ROLE_ERROR);
		return nav_stay();
	}
	delay = staff_auth_delay_ms(++st->failures);
	spent = app_now_ms() - st->started;
	st->phase = PHASE_WAITING;
	scr->tick_ms = spent < delay ? (unsigned)(delay - spent) : 1;
	return nav_stay();
}

static struct nav
witness_tick(struct screen *scr, unsigned elapsed)
{
	struct state *st = scr->state;

	(void)elapsed;
	if (st->phase == PHASE_CHECKING)
		return check(scr);
	if (st->phase == PHASE_WAITING) {
		st->phase = PHASE_INPUT;
		tui_frame_set_status(&st->frame, APP_MSG_AUTH, TUI_ROLE_ERROR);
		tui_form_focus(&st->form, &st->in.fpass.ctl);
	}
	return nav_stay();
}

static struct nav
witness_action(struct screen *scr, const struct tui_event *ev)
{
	struct state *st = scr->state;

	if (st->phase != PHASE_INPUT)
		return nav_stay();
	return app_pair_action(scr, &st->form, &st->in.fid.ctl,
	    &st->in.fpass.ctl, submit, false, ev);
}

static struct tui_form *
witness_form(struct screen *scr)
{
	return &((struct state *)scr->state)->form;
}

const struct screen_ops screen_witness = {
	.name = "witness",
	.state_size = sizeof(struct state),
	.enter = witness_enter,
	.leave = witness_leave,
	.layout = witness_layout,
	.draw = witness_draw,
	.on_action = witness_action,
	.on_tick = witness_tick,
	.form = witness_form,
};
