/* SPDX-License-Identifier: ISC */
/*
 * Choose a PIN, the first time: the new PIN, then the same again. Trivial
 * PINs are refused in core's plain words; two different PINs are asked
 * again. Then core activates the learner (reference and code from
 * identify, below this screen) and the walk begins.
 *
 * Actions: Enter moves from field to field, then Next; Next -> checks,
 * learner_activate, the first step; a wrong reference or code -> the same
 * words and delay as identify, and Back to fix them; Back or Esc ->
 * NAV_POP (identify, still filled in). Both buffers are secret_alloc
 * memory, wiped in leave().
 */
#include "screens/app.h"

#include <stdio.h>
#include <string.h>

#include "core/crypto.h"
#include "tui/field.h"
#include "tui/form.h"
#include "tui/frame.h"
#include "tui/label.h"

#define PIN_CAP (LEARNER_PIN_MAX + 2)
#define FIELD_W 40
#define LABEL_W 24

enum phase {
	PHASE_INPUT,
	PHASE_CHECKING,
	PHASE_WAITING,
};

struct state {
	const struct first_time *who;
	enum phase phase;
	uint64_t started;
	unsigned failures;
	char *pin, *again;
	char intro_text[256];
	struct tui_form form;
	struct tui_frame frame;
	struct tui_label intro;
	struct tui_field f1, f2;
};

static enum core_status
choose_enter(struct screen *scr, const void *arg)
{
	struct state *st = scr->state;
	unsigned len = scr->site->cfg->pin_length;

	st->who = arg;
	st->pin = secret_alloc(PIN_CAP);
	st->again = secret_alloc(PIN_CAP);
	if (!st->pin || !st->again)
		return CORE_ERR_NOMEM;
	snprintf(st->intro_text, sizeof st->intro_text,
	    "Choose a PIN of %u numbers. You will use it to sign. Do not use "
	    "one that is easy to guess, like the same number again and again, "
	    "or numbers in a row.", len);
	tui_form_init(&st->form);
	tui_frame_init(&st->frame, "Choose your PIN", "Next", 0);
	tui_label_init(&st->intro, st->intro_text, TUI_ROLE_BODY);
	tui_field_init(&st->f1, 1, "Your new PIN", st->pin, PIN_CAP,
	    TUI_FIELD_MASK | TUI_FIELD_DIGITS);
	tui_field_init(&st->f2, 2, "The same PIN again", st->again, PIN_CAP,
	    TUI_FIELD_MASK | TUI_FIELD_DIGITS);
	tui_field_set_max(&st->f1, len);
	tui_field_set_max(&st->f2, len);
	st->f1.label_w = st->f2.label_w = LABEL_W;
	tui_form_add(&st->form, &st->intro.ctl);
	tui_form_add(&st->form, &st->f1.ctl);
	tui_form_add(&st->form, &st->f2.ctl);
	tui_frame_add(&st->frame, &st->form);
	tui_frame_set_keys(&st->frame, TUI_KEY(ACT_CHOOSE), NULL);
	tui_form_focus(&st->form, &st->f1.ctl);
	return CORE_OK;
}

static void
choose_leave(struct screen *scr)
{
	struct state *st = scr->state;

	secret_free(&st->pin, PIN_CAP);
	secret_free(&st->again, PIN_CAP);
}

static void
choose_layout(struct screen *scr, struct tui_rect area)
{
	struct state *st = scr->state;
	struct tui_rect b;
	int w;

	tui_frame_layout(&st->frame, area.h, area.w);
	b = st->frame.body;
	w = b.w < LABEL_W + FIELD_W ? b.w : LABEL_W + FIELD_W;
	tui_ctl_place(&st->intro.ctl, (struct tui_rect){b.y + 1, b.x + 1, 3,
	    b.w - 2 < 76 ? b.w - 2 : 76});
	tui_ctl_place(&st->f1.ctl, (struct tui_rect){b.y + 5, b.x + 1, 3, w});
	tui_ctl_place(&st->f2.ctl, (struct tui_rect){b.y + 9, b.x + 1, 3, w});
}

static void
choose_draw(struct screen *scr)
{
	struct state *st = scr->state;

	tui_form_paint(&st->form);
}

static struct nav
again(struct state *st, const char *why)
{
	tui_frame_set_status(&st->frame, why, TUI_ROLE_ERROR);
	tui_field_clear(&st->f1);
	tui_field_clear(&st->f2);
	tui_form_focus(&st->form, &st->f1.ctl);
	return nav_stay();
}

static struct nav
submit(struct screen *scr)
{
	struct state *st = scr->state;

	if (!st->pin[0] || !st->again[0]) {
		tui_frame_set_status(&st->frame, "Please type your new PIN in "
		    "both boxes.", TUI_ROLE_ERROR);
		tui_form_focus(&st->form, st->pin[0] ? &st->f2.ctl : &st->f1.ctl);
		return nav_stay();
	}
	core_detail_clear();
	if (learner_pin_policy(scr->site->cfg, st->pin) != CORE_OK)
		return again(st, core_detail()[0] ? core_detail() :
		    "Please choose a PIN that is harder to guess.");
	if (strcmp(st->pin, st->again) != 0)
		return again(st, "The two PINs are different. Please try again.");
	st->phase = PHASE_CHECKING;
	st->started = app_now_ms();
	tui_frame_set_status(&st->frame, "Setting up your PIN, please "
	    "wait...", TUI_ROLE_NOTE);
	scr->tick_ms = 1;
	return nav_stay();
}

static struct nav
activate(struct screen *scr)
{
	struct state *st = scr->state;
	enum core_status status;
	struct learner l;
	uint64_t delay, spent;
	struct nav nav;

	memset(&l, 0, sizeof l);
	status = learner_activate(scr->site, st->who->reference, st->who->code,
	    st->pin, &l);
	tui_field_clear(&st->f1);
	tui_field_clear(&st->f2);
	if (status == CORE_OK) {
		nav = app_begin_walk(scr->app, &l, &status);
		crypto_wipe(&l, sizeof l);
		if (nav.kind != NAV_STAY)
			return nav;
	}
	crypto_wipe(&l, sizeof l);
	if (status != CORE_ERR_AUTH && status != CORE_ERR_LOCKED) {
		st->phase = PHASE_INPUT;
		tui_frame_set_status(&st->frame, APP_MSG_STORAGE,
		    TUI_ROLE_ERROR);
		return nav_stay();
	}
	delay = learner_auth_delay_ms(++st->failures);
	spent = app_now_ms() - st->started;
	st->phase = PHASE_WAITING;
	scr->tick_ms = spent < delay ? (unsigned)(delay - spent) : 1;
	return nav_stay();
}

static struct nav
choose_tick(struct screen *scr, unsigned elapsed)
{
	struct state *st = scr->state;

	(void)elapsed;
	if (st->phase == PHASE_CHECKING)
		return activate(scr);
	if (st->phase == PHASE_WAITING) {
		/* The reference or code is wrong: they fix it on identify. */
		st->phase = PHASE_INPUT;
		tui_frame_set_status(&st->frame, APP_MSG_AUTH " Choose Back "
		    "to check them.", TUI_ROLE_ERROR);
		tui_form_focus(&st->form, &st->frame.nav[0].ctl);
	}
	return nav_stay();
}

static struct nav
choose_action(struct screen *scr, const struct tui_event *ev)
{
	struct state *st = scr->state;

	if (st->phase != PHASE_INPUT)
		return nav_stay();
	return app_pair_action(scr, &st->form, &st->f1.ctl, &st->f2.ctl,
	    submit, false, ev);
}

static struct tui_form *
choose_pin_form(struct screen *scr)
{
	return &((struct state *)scr->state)->form;
}

const struct screen_ops screen_choose_pin = {
	.name = "choose_pin",
	.state_size = sizeof(struct state),
	.enter = choose_enter,
	.leave = choose_leave,
	.layout = choose_layout,
	.draw = choose_draw,
	.on_action = choose_action,
	.on_tick = choose_tick,
	.form = choose_pin_form,
};
