/* SPDX-License-Identifier: ISC */
/*
 * Staff sign-in (F12 or the Staff button on the welcome): staff id and
 * passphrase. Core counts the attempt before it tries the passphrase, and
 * records every sign-in, failure and lockout in the ledger. Wrong id, wrong
 * passphrase, disabled and locked all look the same here, after a delay
 * that grows with each failure at this screen (staff_auth_delay_ms) and is
 * counted from when Sign in was pressed, so neither words nor time tell
 * them apart. "Checking, please wait..." shows while core works.
 *
 * Actions: Enter moves from field to field, then Sign in; Sign in ->
 * checking -> staff home (app_staff_begin), or the same message for every
 * failure; Back or Esc -> NAV_POP (welcome). The passphrase is in
 * secret_alloc memory, wiped after each try and in leave().
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
	PHASE_CHECKING,	/* painted "Checking", core runs on the next tick */
	PHASE_WAITING,	/* failed: waiting out the delay */
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
signin_enter(struct screen *scr, const void *arg)
{
	struct state *st = scr->state;

	(void)arg;
	st->pass = secret_alloc(PASS_CAP);
	if (!st->pass)
		return CORE_ERR_NOMEM;
	tui_form_init(&st->form);
	/* Not yet in staff mode: Back and Sign in, no Lock. */
	tui_frame_init(&st->frame, "Staff sign-in", "Sign in",
	    TUI_FRAME_STAFF | TUI_FRAME_NO_LOCK);
	tui_signin_init(&st->in, "For staff only. Type your staff id and "
	    "your passphrase. Then choose Sign in.", st->id, sizeof st->id,
	    STAFF_NAME_MAX - 1, st->pass, PASS_CAP, STAFF_PASS_MAX);
	tui_signin_add(&st->in, &st->form);
	tui_frame_add(&st->frame, &st->form);
	tui_frame_set_keys(&st->frame, TUI_KEY(ACT_CHOOSE), NULL);
	tui_form_focus(&st->form, &st->in.fid.ctl);
	return CORE_OK;
}

static void
signin_leave(struct screen *scr)
{
	struct state *st = scr->state;

	secret_free(&st->pass, PASS_CAP);
	crypto_wipe(st->id, sizeof st->id);
}

static void
signin_layout(struct screen *scr, struct tui_rect area)
{
	struct state *st = scr->state;

	tui_frame_layout(&st->frame, area.h, area.w);
	tui_signin_place(&st->in, st->frame.body);
}

static void
signin_draw(struct screen *scr)
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
		tui_frame_set_status(&st->frame, "Please type your staff id and "
		    "your passphrase.", TUI_ROLE_ERROR);
		tui_form_focus(&st->form, missing);
		return nav_stay();
	}
	st->phase = PHASE_CHECKING;
	st->started = app_now_ms();
	tui_frame_set_status(&st->frame, "Checking, please wait...",
	    TUI_ROLE_NOTE);
	scr->tick_ms = 1;	/* paint "Checking" first, then work */
	return nav_stay();
}

static struct nav
check(struct screen *scr)
{
	struct state *st = scr->state;
	enum core_status status;
	struct staff who;
	uint64_t delay, spent;
	struct nav nav;

	memset(&who, 0, sizeof who);
	status = staff_sign_in(scr->site, st->id, st->pass, &who, NULL);
	tui_field_clear(&st->in.fpass);
	if (status == CORE_OK) {
		nav = app_staff_begin(scr->app, &who);
		crypto_wipe(&who, sizeof who);
		return nav;
	}
	crypto_wipe(&who, sizeof who);
	if (status != CORE_ERR_AUTH && status != CORE_ERR_LOCKED &&
	    status != CORE_ERR_DENIED) {
		st->phase = PHASE_INPUT;
		tui_frame_set_status(&st->frame, core_status_is_storage(status) ?
		    "Sorry, the records cannot be reached. Please try again, or "
		    "tell the administrator." : "Sorry, something went wrong. "
		    "Please try again, or tell the administrator.",
		    TUI_ROLE_ERROR);
		return nav_stay();
	}
	/* Every failure waits the same, however long core took. */
	delay = staff_auth_delay_ms(++st->failures);
	spent = app_now_ms() - st->started;
	st->phase = PHASE_WAITING;
	scr->tick_ms = spent < delay ? (unsigned)(delay - spent) : 1;
	return nav_stay();
}

static struct nav
signin_tick(struct screen *scr, unsigned elapsed)
{
	struct state *st = scr->state;

	(void)elapsed;
	if (st->phase == PHASE_CHECKING)
		return check(scr);
	if (st->phase == PHASE_WAITING) {
		st->phase = PHASE_INPUT;
		tui_frame_set_status(&st->frame, APP_MSG_STAFF_AUTH,
		    TUI_ROLE_ERROR);
		tui_form_focus(&st->form, &st->in.fpass.ctl);
	}
	return nav_stay();
}

static struct nav
signin_action(struct screen *scr, const struct tui_event *ev)
{
	struct state *st = scr->state;

	if (st->phase != PHASE_INPUT)
		return nav_stay();	/* checking: keys wait */
	return app_pair_action(scr, &st->form, &st->in.fid.ctl,
	    &st->in.fpass.ctl, submit, true, ev);
}

const struct screen_ops screen_staff_signin = {
	.name = "staff_signin",
	.state_size = sizeof(struct state),
	.enter = signin_enter,
	.leave = signin_leave,
	.layout = signin_layout,
	.draw = signin_draw,
	.on_action = signin_action,
	.on_tick = signin_tick,
};
