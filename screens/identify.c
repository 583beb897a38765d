/* SPDX-License-Identifier: ISC */
/*
 * Identify: the learner's reference, then their PIN (masked) or, the first
 * time, the activation code staff gave them. No list of names, ever.
 * Wrong reference, wrong code, wrong PIN and locked all come back from
 * core as CORE_ERR_AUTH and are shown the same way after the same delay,
 * counted from when Next was pressed, so neither the words nor the time
 * tell which it was.
 *
 * Actions: Enter moves from field to field, then Next; Next -> checking,
 * then the first step (or a message); first time -> choose_pin; Back or
 * Esc -> NAV_POP (welcome). The PIN or code buffer is core's
 * secret_alloc memory, wiped in leave().
 */
#include "screens/app.h"

#include <stdio.h>
#include <string.h>

#include "core/crypto.h"
#include "tui/field.h"
#include "tui/form.h"
#include "tui/frame.h"
#include "tui/label.h"

#define SECRET_CAP 32
#define FIELD_W 44
#define LABEL_W 20

enum phase {
	PHASE_INPUT,
	PHASE_CHECKING,	/* painted "Checking", core runs on the next tick */
	PHASE_WAITING,	/* failed: waiting out the delay */
};

struct state {
	enum identify_mode mode;
	enum phase phase;
	uint64_t started;
	unsigned failures;
	char reference[LEARNER_REF_MAX];
	char *secret;
	struct first_time handoff;
	struct tui_form form;
	struct tui_frame frame;
	struct tui_label intro;
	struct tui_field ref, code;
};

static enum core_status
identify_enter(struct screen *scr, const void *arg)
{
	struct state *st = scr->state;
	bool first;

	st->mode = arg ? *(const enum identify_mode *)arg : IDENTIFY_PIN;
	first = st->mode == IDENTIFY_FIRST_TIME;
	st->secret = secret_alloc(SECRET_CAP);
	if (!st->secret)
		return CORE_ERR_NOMEM;
	tui_form_init(&st->form);
	tui_frame_init(&st->frame, first ? "First time here" : "Sign in",
	    "Next", 0);
	tui_label_init(&st->intro, first ?
	    "Type your reference and the activation code a member of staff "
	    "gave you. Then choose Next." :
	    "Type your reference and your PIN. Then choose Next.",
	    TUI_ROLE_BODY);
	tui_field_init(&st->ref, 1, "Your reference", st->reference,
	    sizeof st->reference, 0);
	if (first) {
		tui_field_init(&st->code, 2, "Activation code", st->secret,
		    SECRET_CAP, TUI_FIELD_UPPER | TUI_FIELD_MASK);
		tui_field_set_max(&st->code, LEARNER_CODE_LEN + 4);
	} else {
		tui_field_init(&st->code, 2, "Your PIN", st->secret,
		    SECRET_CAP, TUI_FIELD_MASK | TUI_FIELD_DIGITS);
		tui_field_set_max(&st->code, LEARNER_PIN_MAX);
	}
	st->ref.label_w = st->code.label_w = LABEL_W;
	tui_form_add(&st->form, &st->intro.ctl);
	tui_form_add(&st->form, &st->ref.ctl);
	tui_form_add(&st->form, &st->code.ctl);
	tui_frame_add(&st->frame, &st->form);
	tui_frame_set_keys(&st->frame, TUI_KEY(ACT_CHOOSE), NULL);
	tui_form_focus(&st->form, &st->ref.ctl);
	return CORE_OK;
}

static void
identify_leave(struct screen *scr)
{
	struct state *st = scr->state;

	secret_free(&st->secret, SECRET_CAP);
	crypto_wipe(st->reference, sizeof st->reference);
}

static void
identify_layout(struct screen *scr, struct tui_rect area)
{
	struct state *st = scr->state;
	struct tui_rect b;
	int w;

	tui_frame_layout(&st->frame, area.h, area.w);
	b = st->frame.body;
	w = b.w < LABEL_W + FIELD_W ? b.w : LABEL_W + FIELD_W;
	tui_ctl_place(&st->intro.ctl, (struct tui_rect){b.y + 1, b.x + 1, 2,
	    b.w - 2});
	tui_ctl_place(&st->ref.ctl, (struct tui_rect){b.y + 4, b.x + 1, 3, w});
	tui_ctl_place(&st->code.ctl, (struct tui_rect){b.y + 8, b.x + 1, 3, w});
}

static void
identify_draw(struct screen *scr)
{
	struct state *st = scr->state;

	tui_form_paint(&st->form);
}

static void
say(struct state *st, const char *text, enum tui_role role)
{
	tui_frame_set_status(&st->frame, text, role);
}

static struct nav
submit(struct screen *scr)
{
	struct state *st = scr->state;
	bool first = st->mode == IDENTIFY_FIRST_TIME;

	if (!st->reference[0]) {
		say(st, "Please type your reference.", TUI_ROLE_ERROR);
		tui_form_focus(&st->form, &st->ref.ctl);
		return nav_stay();
	}
	if (!st->secret[0]) {
		say(st, first ? "Please type your activation code." :
		    "Please type your PIN.", TUI_ROLE_ERROR);
		tui_form_focus(&st->form, &st->code.ctl);
		return nav_stay();
	}
	if (first) {
		st->handoff.reference = st->reference;
		st->handoff.code = st->secret;
		say(st, "", TUI_ROLE_BODY);
		return nav_to(NAV_PUSH, &screen_choose_pin, &st->handoff);
	}
	st->phase = PHASE_CHECKING;
	st->started = app_now_ms();
	say(st, "Checking, please wait...", TUI_ROLE_NOTE);
	scr->tick_ms = 1;	/* paint "Checking" first, then work */
	return nav_stay();
}

static struct nav
check(struct screen *scr)
{
	struct state *st = scr->state;
	enum core_status status;
	struct learner l;
	uint64_t delay, spent;
	struct nav nav;

	memset(&l, 0, sizeof l);
	status = learner_sign_in(scr->site, st->reference, st->secret, &l);
	tui_field_clear(&st->code);
	if (status == CORE_OK) {
		nav = app_begin_walk(scr->app, &l, &status);
		crypto_wipe(&l, sizeof l);
		if (nav.kind != NAV_STAY)
			return nav;
	}
	crypto_wipe(&l, sizeof l);
	if (status == CORE_ERR_PERMISSION) {
		st->phase = PHASE_INPUT;
		say(st, "You cannot start yet. Please see a member of staff.",
		    TUI_ROLE_ERROR);
		return nav_stay();
	}
	if (status != CORE_ERR_AUTH && status != CORE_ERR_LOCKED) {
		st->phase = PHASE_INPUT;
		say(st, APP_MSG_STORAGE, TUI_ROLE_ERROR);
		return nav_stay();
	}
	/* Every "did not match" waits the same, however long core took. */
	delay = learner_auth_delay_ms(++st->failures);
	spent = app_now_ms() - st->started;
	st->phase = PHASE_WAITING;
	scr->tick_ms = spent < delay ? (unsigned)(delay - spent) : 1;
	return nav_stay();
}

static struct nav
identify_tick(struct screen *scr, unsigned elapsed)
{
	struct state *st = scr->state;

	(void)elapsed;
	if (st->phase == PHASE_CHECKING)
		return check(scr);
	if (st->phase == PHASE_WAITING) {
		st->phase = PHASE_INPUT;
		say(st, APP_MSG_AUTH, TUI_ROLE_ERROR);
		tui_form_focus(&st->form, &st->ref.ctl);
	}
	return nav_stay();
}

static struct nav
identify_action(struct screen *scr, const struct tui_event *ev)
{
	struct state *st = scr->state;

	if (st->phase != PHASE_INPUT)
		return nav_stay();	/* checking: keys wait */
	return app_pair_action(scr, &st->form, &st->ref.ctl, &st->code.ctl,
	    submit, false, ev);
}

static struct tui_form *
identify_form(struct screen *scr)
{
	return &((struct state *)scr->state)->form;
}

const struct screen_ops screen_identify = {
	.name = "identify",
	.state_size = sizeof(struct state),
	.enter = identify_enter,
	.leave = identify_leave,
	.layout = identify_layout,
	.draw = identify_draw,
	.on_action = identify_action,
	.on_tick = identify_tick,
	.form = identify_form,
};
