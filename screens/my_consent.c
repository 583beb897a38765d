/* SPDX-License-Identifier: ISC */
/*
 * My photo choices (kiosk): a learner sees and withdraws their multimedia
 * consent in no more steps than giving it (SPEC 7). Reference and PIN
 * first, checked as identify does (the same words and the same delay for
 * every mismatch); then each channel in plain words with a Withdraw button
 * beside each Yes, and "Withdraw all"; a confirm; consent_withdraw_pin;
 * a calm done message whose OK goes home (wiped).
 *
 * Actions: Enter moves from field to field, then Next; Next -> checking
 * -> the choices; Withdraw / Withdraw all -> confirm -> core -> message
 * (home); Back or Esc -> NAV_POP. The PIN is secret_alloc memory, kept
 * until the withdrawal (core opens the key with it) and wiped in leave().
 */
#include "screens/app.h"

#include <stdio.h>
#include <string.h>

#include "core/consent.h"
#include "core/crypto.h"
#include "tui/button.h"
#include "tui/dialog.h"
#include "tui/field.h"
#include "tui/form.h"
#include "tui/frame.h"
#include "tui/label.h"
#include "tui/term.h"

#define SECRET_CAP 32
#define FIELD_W 44
#define LABEL_W 20
#define NCH 8
#define BTN_W 12
#define ID_WITHDRAW 100		/* + channel index */
#define DLG_CONFIRM 7101

enum phase {
	PHASE_INPUT,
	PHASE_CHECKING,
	PHASE_WAITING,
	PHASE_LIST,
};

struct state {
	enum phase phase;
	uint64_t started;
	unsigned failures;
	char reference[LEARNER_REF_MAX];
	char *secret;
	struct learner l;
	size_t nch;
	int chosen;		/* channel index, or -1 for all */
	char channel[NCH][CONFIG_ID_MAX];
	char label[NCH][CONFIG_TITLE_MAX];
	char words[NCH][CONFIG_TITLE_MAX + 48];
	struct tui_form form;
	struct tui_frame frame;
	struct tui_label intro;
	struct tui_field ref, pin;
	struct tui_label line[NCH];
	struct tui_button withdraw[NCH];
	struct tui_dialog dialog;
};

static enum core_status
mine_enter(struct screen *scr, const void *arg)
{
	struct state *st = scr->state;
	int i;

	(void)arg;
	st->secret = secret_alloc(SECRET_CAP);
	if (!st->secret)
		return CORE_ERR_NOMEM;
	tui_form_init(&st->form);
	tui_frame_init(&st->frame, "My photo choices", "Next", 0);
	tui_label_init(&st->intro, "See or change what you said about photos "
	    "and recordings. Type your reference and your PIN. Then choose "
	    "Next.", TUI_ROLE_BODY);
	tui_field_init(&st->ref, 1, "Your reference", st->reference,
	    sizeof st->reference, 0);
	tui_field_init(&st->pin, 2, "Your PIN", st->secret, SECRET_CAP,
	    TUI_FIELD_MASK | TUI_FIELD_DIGITS);
	tui_field_set_max(&st->pin, LEARNER_PIN_MAX);
	st->ref.label_w = st->pin.label_w = LABEL_W;
	tui_form_add(&st->form, &st->intro.ctl);
	tui_form_add(&st->form, &st->ref.ctl);
	tui_form_add(&st->form, &st->pin.ctl);
	for (i = 0; i < NCH; i++) {
		tui_label_init(&st->line[i], "", TUI_ROLE_BODY);
		tui_button_init(&st->withdraw[i], ID_WITHDRAW + i, "Withdraw");
		tui_ctl_set_hidden(&st->line[i].ctl, true);
		tui_ctl_set_hidden(&st->withdraw[i].ctl, true);
		tui_form_add(&st->form, &st->line[i].ctl);
		tui_form_add(&st->form, &st->withdraw[i].ctl);
	}
	tui_frame_add(&st->frame, &st->form);
	tui_frame_set_keys(&st->frame, TUI_KEY(ACT_CHOOSE), NULL);
	tui_form_focus(&st->form, &st->ref.ctl);
	return CORE_OK;
}

static void
mine_leave(struct screen *scr)
{
	struct state *st = scr->state;

	secret_free(&st->secret, SECRET_CAP);
	crypto_wipe(st->reference, sizeof st->reference);
	crypto_wipe(&st->l, sizeof st->l);
	crypto_wipe(st->words, sizeof st->words);
	crypto_wipe(st->label, sizeof st->label);
}

static void
mine_layout(struct screen *scr, struct tui_rect area)
{
	struct state *st = scr->state;
	struct tui_rect b;
	int w, i, col, row, cw;

	tui_frame_layout(&st->frame, area.h, area.w);
	b = st->frame.body;
	w = b.w < LABEL_W + FIELD_W ? b.w : LABEL_W + FIELD_W;
	if (st->phase != PHASE_LIST) {
		tui_ctl_place(&st->intro.ctl, (struct tui_rect){b.y + 1,
		    b.x + 1, 2, b.w - 2});
		tui_ctl_place(&st->ref.ctl, (struct tui_rect){b.y + 4, b.x + 1,
		    3, w});
		tui_ctl_place(&st->pin.ctl, (struct tui_rect){b.y + 8, b.x + 1,
		    3, w});
		return;
	}
	/* Two columns of "label: state" with its Withdraw button beside. */
	tui_ctl_place(&st->intro.ctl, (struct tui_rect){b.y, b.x + 1, 1,
	    b.w - 2});
	cw = (b.w - 2) / 2;
	for (i = 0; i < (int)st->nch; i++) {
		col = i / 4;
		row = i % 4;
		tui_ctl_place(&st->line[i].ctl, (struct tui_rect){b.y + 2 +
		    row * 4, b.x + 1 + col * cw, 2, cw - BTN_W - 2});
		tui_ctl_place(&st->withdraw[i].ctl, (struct tui_rect){b.y + 1 +
		    row * 4, b.x + 1 + col * cw + cw - BTN_W - 1, 3, BTN_W});
	}
}

static void
mine_draw(struct screen *scr)
{
	struct state *st = scr->state;

	tui_form_paint(&st->form);
}

static void
say(struct state *st, const char *text, enum tui_role role)
{
	tui_frame_set_status(&st->frame, text, role);
}

static const char *
state_words(enum consent_state s)
{
	switch (s) {
	case CONSENT_YES:
		return "Yes";
	case CONSENT_NEVER:
		return "not asked yet";
	case CONSENT_SAID_NO:
		return "No";
	case CONSENT_WITHDRAWN:
		return "No (you took it back)";
	case CONSENT_EXPIRED:
		return "No (it ran out)";
	}
	return "No";
}

static bool
visit(const struct consent_answer *a, void *ctx)
{
	struct state *st = ctx;
	size_t i = st->nch;

	if (i >= NCH)
		return false;
	snprintf(st->channel[i], sizeof st->channel[i], "%s", a->channel);
	snprintf(st->label[i], sizeof st->label[i], "%s", a->label);
	snprintf(st->words[i], sizeof st->words[i], "%s: %s", a->label,
	    state_words(a->state));
	tui_label_set(&st->line[i], st->words[i], TUI_ROLE_BODY);
	tui_ctl_set_hidden(&st->line[i].ctl, false);
	tui_ctl_set_hidden(&st->withdraw[i].ctl, a->state != CONSENT_YES);
	st->nch++;
	return true;
}

static void
relayout(struct screen *scr)
{
	int rows, cols;

	tui_size(&rows, &cols);
	tui_invalidate();
	mine_layout(scr, (struct tui_rect){0, 0, rows, cols});
}

/* Signed in: show the choices in place of the fields. */
static struct nav
show_list(struct screen *scr)
{
	struct state *st = scr->state;
	bool any = false;
	size_t i;

	st->nch = 0;
	if (consent_each(scr->site, &st->l, store_now_ms(), visit, st) !=
	    CORE_OK) {
		say(st, APP_MSG_STORAGE, TUI_ROLE_ERROR);
		return nav_stay();
	}
	st->phase = PHASE_LIST;
	tui_ctl_set_hidden(&st->ref.ctl, true);
	tui_ctl_set_hidden(&st->pin.ctl, true);
	for (i = 0; i < st->nch; i++)
		any = any || !st->withdraw[i].ctl.hidden;
	tui_frame_set_primary(&st->frame, "Withdraw all", NULL);
	tui_ctl_set_hidden(&st->frame.nav[1].ctl, !any);
	/* The choices need the action row's space; the intro says the rest. */
	st->frame.flags |= TUI_FRAME_NO_ACTION;
	tui_ctl_set_hidden(&st->frame.status.ctl, true);
	tui_label_set(&st->intro, any ? "What you said about photos and "
	    "recordings. Withdraw means No from now on." : "What you said "
	    "about photos and recordings. You have not said Yes to anything.", TUI_ROLE_BODY);
	relayout(scr);
	tui_form_focus(&st->form, &st->frame.nav[0].ctl);
	for (i = st->nch; i-- > 0;)
		if (!st->withdraw[i].ctl.hidden)
			tui_form_focus(&st->form, &st->withdraw[i].ctl);
	return nav_stay();
}

static struct nav
submit(struct screen *scr)
{
	struct state *st = scr->state;

	if (!st->reference[0]) {
		say(st, "Please type your reference.", TUI_ROLE_ERROR);
		tui_form_focus(&st->form, &st->ref.ctl);
		return nav_stay();
	}
	if (!st->secret[0]) {
		say(st, "Please type your PIN.", TUI_ROLE_ERROR);
		tui_form_focus(&st->form, &st->pin.ctl);
		return nav_stay();
	}
	st->phase = PHASE_CHECKING;
	st->started = app_now_ms();
	say(st, "Checking, please wait...", TUI_ROLE_NOTE);
	scr->tick_ms = 1;
	return nav_stay();
}

static struct nav
check(struct screen *scr)
{
	struct state *st = scr->state;
	enum core_status status;
	uint64_t delay, spent;

	crypto_wipe(&st->l, sizeof st->l);
	status = learner_sign_in(scr->site, st->reference, st->secret, &st->l);
	if (status == CORE_OK)
		return show_list(scr);
	tui_field_clear(&st->pin);
	crypto_wipe(&st->l, sizeof st->l);
	if (status != CORE_ERR_AUTH && status != CORE_ERR_LOCKED &&
	    status != CORE_ERR_PERMISSION) {
		st->phase = PHASE_INPUT;
		say(st, APP_MSG_STORAGE, TUI_ROLE_ERROR);
		return nav_stay();
	}
	delay = learner_auth_delay_ms(++st->failures);
	spent = app_now_ms() - st->started;
	st->phase = PHASE_WAITING;
	scr->tick_ms = spent < delay ? (unsigned)(delay - spent) : 1;
	return nav_stay();
}

static struct nav
mine_tick(struct screen *scr, unsigned elapsed)
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

static void
confirm(struct state *st, int chosen)
{
	char text[320];

	st->chosen = chosen;
	if (chosen < 0)
		snprintf(text, sizeof text, "Take back every Yes. Are you sure? "
		    "Photos and recordings of you will not be used from now on.");
	else
		snprintf(text, sizeof text, "Take back your Yes for %s. Are you "
		    "sure? Photos and recordings of you will not be used there "
		    "from now on.", st->label[chosen]);
	tui_dialog_init(&st->dialog, DLG_CONFIRM, "Withdraw", text,
	    "Yes, withdraw", "No, go back");
	tui_form_open(&st->form, &st->dialog);
}

static const struct message_arg done_all = {"Your choice is saved",
	"Thank you. It is saved. Photos and recordings of you will not be used "
	"from now on.", true};
static const struct message_arg done_one = {"Your choice is saved",
	"Thank you. It is saved. Photos and recordings of you will not be used "
	"there from now on.", true};

static struct nav
withdraw(struct screen *scr)
{
	struct state *st = scr->state;
	enum core_status status;

	status = consent_withdraw_pin(scr->site, &st->l, st->chosen < 0 ?
	    NULL : st->channel[st->chosen], st->secret, NULL);
	if (status != CORE_OK) {
		tui_label_set(&st->intro, APP_MSG_STORAGE, TUI_ROLE_ERROR);
		return nav_stay();
	}
	/* Static: NAV_REPLACE frees this screen's state before OK is read. */
	return nav_to(NAV_REPLACE, &screen_message,
	    st->chosen < 0 ? &done_all : &done_one);
}

static struct nav
mine_action(struct screen *scr, const struct tui_event *ev)
{
	struct state *st = scr->state;
	struct tui_ctl *focus = tui_form_focused(&st->form);
	struct tui_outcome o;

	if (st->phase == PHASE_CHECKING || st->phase == PHASE_WAITING)
		return nav_stay();
	if (st->phase == PHASE_INPUT && ev->action == ACT_CHOOSE &&
	    focus == &st->ref.ctl) {
		tui_form_focus(&st->form, &st->pin.ctl);
		return nav_stay();
	}
	if (st->phase == PHASE_INPUT && ev->action == ACT_CHOOSE &&
	    focus == &st->pin.ctl)
		return submit(scr);
	o = tui_form_event(&st->form, ev);
	if (o.res == TUI_ACTIVATE) {
		if (o.id == DLG_CONFIRM) {
			tui_form_close(&st->form);
			return o.index == 0 ? withdraw(scr) : nav_stay();
		}
		if (o.id == TUI_ID_NEXT) {
			if (st->phase == PHASE_INPUT)
				return submit(scr);
			confirm(st, -1);
			return nav_stay();
		}
		if (st->phase == PHASE_LIST && o.id >= ID_WITHDRAW &&
		    o.id < ID_WITHDRAW + (int)st->nch) {
			confirm(st, o.id - ID_WITHDRAW);
			return nav_stay();
		}
		if (o.id == TUI_ID_BACK)
			return nav_to(st->phase == PHASE_LIST ? NAV_HOME : NAV_POP,
			    NULL, NULL);
		return app_assist(scr->app, o.id);
	}
	if (o.res != TUI_PASS)
		return nav_stay();
	if (ev->action == ACT_BACK)
		return nav_to(st->phase == PHASE_LIST ? NAV_HOME : NAV_POP, NULL,
		    NULL);
	return nav_pass();
}

static struct tui_form *
mine_form(struct screen *scr)
{
	return &((struct state *)scr->state)->form;
}

const struct screen_ops screen_my_consent = {
	.name = "my_consent",
	.state_size = sizeof(struct state),
	.enter = mine_enter,
	.leave = mine_leave,
	.layout = mine_layout,
	.draw = mine_draw,
	.on_action = mine_action,
	.on_tick = mine_tick,
	.form = mine_form,
};
