/* SPDX-License-Identifier: ISC */
/*
 * Sign with staff help (SPEC 11a): a signing path that needs no remembered
 * secret. Opened from the review. A member of staff chooses why they
 * helped (read aloud, interpreter, easy-read version), sees the words that
 * will be signed (walk_meaning_assisted), and types their staff id and
 * passphrase; walk_sign_assisted signs with their key, and the record says
 * assisted and why. Wrong id, wrong passphrase, disabled and locked look
 * the same, after the same delay.
 *
 * Actions: Left/Right/Enter/tap on the reason changes it; Enter moves from
 * field to field, then Sign; Sign -> "Signing..." -> receipt (NAV_REPLACE)
 * or a plain message; Back or Esc -> NAV_POP to the review. The passphrase
 * is secret_alloc memory, wiped after each try and in leave().
 */
#include "screens/app.h"

#include <string.h>

#include "core/crypto.h"
#include "core/ledger.h"
#include "core/staff.h"
#include "tui/choice.h"
#include "tui/field.h"
#include "tui/form.h"
#include "tui/frame.h"
#include "tui/label.h"

#define PASS_CAP (STAFF_PASS_MAX * 4 + 1)
#define HALF_W 38

enum phase {
	PHASE_INPUT,
	PHASE_SIGNING,
	PHASE_WAITING,
};

enum {
	ID_REASON = 1,
	ID_STAFF,
	ID_PASS,
};

struct state {
	enum phase phase;
	uint64_t started;
	unsigned failures;
	char id[STAFF_NAME_MAX];
	char *pass;
	char receipt[LEDGER_RECEIPT_LEN];
	struct tui_form form;
	struct tui_frame frame;
	struct tui_label intro, meaning;
	struct tui_choice reason;	/* 0: not chosen yet */
	struct tui_field fid, fpass;
};

static const char *const reason_words[ASSIST_COUNT] = {
	"I read everything aloud",
	"We used an interpreter",
	"We used the easy-read version",
};

static void
show_meaning(struct screen *scr)
{
	struct state *st = scr->state;

	if (st->reason.chosen == 0)
		tui_label_set(&st->meaning, "Choose why you helped. The words "
		    "that are signed show here.", TUI_ROLE_NOTE);
	else
		tui_label_set(&st->meaning, walk_meaning_assisted(
		    app_walk(scr->app),
		    (enum assist_reason)(st->reason.chosen - 1)), TUI_ROLE_BODY);
}

static enum core_status
assist_enter(struct screen *scr, const void *arg)
{
	struct state *st = scr->state;
	size_t i;

	(void)arg;
	if (!app_walk(scr->app))
		return CORE_ERR_INVALID;
	st->pass = secret_alloc(PASS_CAP);
	if (!st->pass)
		return CORE_ERR_NOMEM;
	tui_form_init(&st->form);
	tui_frame_init(&st->frame, "Sign with staff help", "Sign", 0);
	tui_label_init(&st->intro, "For staff: choose why you helped, then "
	    "type your id and passphrase.", TUI_ROLE_BODY);
	tui_choice_init(&st->reason, ID_REASON, "Why");
	tui_choice_add(&st->reason, "Please choose");
	for (i = 0; i < ASSIST_COUNT; i++)
		tui_choice_add(&st->reason, reason_words[i]);
	tui_label_init(&st->meaning, "", TUI_ROLE_BODY);
	tui_field_init(&st->fid, ID_STAFF, "Staff id", st->id, sizeof st->id,
	    0);
	tui_field_init(&st->fpass, ID_PASS, "Passphrase", st->pass, PASS_CAP,
	    TUI_FIELD_MASK);
	tui_field_set_max(&st->fpass, STAFF_PASS_MAX);
	tui_form_add(&st->form, &st->intro.ctl);
	tui_form_add(&st->form, &st->reason.ctl);
	tui_form_add(&st->form, &st->meaning.ctl);
	tui_form_add(&st->form, &st->fid.ctl);
	tui_form_add(&st->form, &st->fpass.ctl);
	tui_frame_add(&st->frame, &st->form);
	tui_frame_set_keys(&st->frame, TUI_KEY(ACT_CHOOSE), NULL);
	tui_form_focus(&st->form, &st->reason.ctl);
	show_meaning(scr);
	return CORE_OK;
}

static void
assist_leave(struct screen *scr)
{
	struct state *st = scr->state;

	secret_free(&st->pass, PASS_CAP);
	crypto_wipe(st->id, sizeof st->id);
	memset(st->receipt, 0, sizeof st->receipt);
}

static void
assist_layout(struct screen *scr, struct tui_rect area)
{
	struct state *st = scr->state;
	struct tui_rect b;
	int w;

	tui_frame_layout(&st->frame, area.h, area.w);
	b = st->frame.body;
	w = b.w - 2 < 76 ? b.w - 2 : 76;
	tui_ctl_place(&st->intro.ctl, (struct tui_rect){b.y, b.x + 1, 1, w});
	tui_ctl_place(&st->reason.ctl, (struct tui_rect){b.y + 1, b.x + 1, 3,
	    w < 56 ? w : 56});
	tui_ctl_place(&st->meaning.ctl, (struct tui_rect){b.y + 5, b.x + 1,
	    b.h - 8 > 1 ? b.h - 8 : 1, w});
	tui_ctl_place(&st->fid.ctl, (struct tui_rect){b.y + b.h - 3, b.x + 1, 3,
	    HALF_W - 2});
	tui_ctl_place(&st->fpass.ctl, (struct tui_rect){b.y + b.h - 3,
	    b.x + HALF_W + 1, 3, w - HALF_W});
}

static void
assist_draw(struct screen *scr)
{
	struct state *st = scr->state;

	tui_form_paint(&st->form);
}

static struct nav
submit(struct screen *scr)
{
	struct state *st = scr->state;
	const char *why = NULL;
	struct tui_ctl *go = NULL;

	if (st->reason.chosen == 0) {
		why = "Please choose why you helped.";
		go = &st->reason.ctl;
	} else if (!st->id[0] || !st->pass[0]) {
		why = "Please type the staff id and the passphrase.";
		go = st->id[0] ? &st->fpass.ctl : &st->fid.ctl;
	}
	if (why) {
		tui_frame_set_status(&st->frame, why, TUI_ROLE_ERROR);
		tui_form_focus(&st->form, go);
		return nav_stay();
	}
	st->phase = PHASE_SIGNING;
	st->started = app_now_ms();
	tui_frame_set_status(&st->frame, "Signing, please wait...",
	    TUI_ROLE_NOTE);
	scr->tick_ms = 1;	/* paint "Signing" before Argon2id runs */
	return nav_stay();
}

static struct nav
signing(struct screen *scr)
{
	struct state *st = scr->state;
	struct signer *signer = NULL;
	enum core_status status;
	struct staff who;
	uint64_t delay, spent;

	memset(&who, 0, sizeof who);
	memset(st->receipt, 0, sizeof st->receipt);
	status = staff_sign_in(scr->site, st->id, st->pass, &who, &signer);
	tui_field_clear(&st->fpass);
	if (status == CORE_OK && signer)
		status = walk_sign_assisted(app_walk(scr->app), scr->site,
		    signer, who.pseudonym,
		    (enum assist_reason)(st->reason.chosen - 1), st->receipt);
	signer_free(&signer);
	crypto_wipe(&who, sizeof who);
	if (status == CORE_OK)
		return nav_to(NAV_REPLACE, &screen_receipt, st->receipt);
	memset(st->receipt, 0, sizeof st->receipt);
	st->phase = PHASE_INPUT;
	if (status == CORE_ERR_AUTH) {
		delay = staff_auth_delay_ms(++st->failures);
		spent = app_now_ms() - st->started;
		st->phase = PHASE_WAITING;
		scr->tick_ms = spent < delay ? (unsigned)(delay - spent) : 1;
		return nav_stay();
	}
	tui_frame_set_status(&st->frame, status == CORE_ERR_DENIED ?
	    "This account cannot sign with a learner. Please ask another "
	    "member of staff." : status == CORE_ERR_INVALID ?
	    "Please type the passphrase again." : APP_MSG_STORAGE,
	    TUI_ROLE_ERROR);
	tui_form_focus(&st->form, &st->fpass.ctl);
	return nav_stay();
}

static struct nav
assist_tick(struct screen *scr, unsigned elapsed)
{
	struct state *st = scr->state;

	(void)elapsed;
	if (st->phase == PHASE_SIGNING)
		return signing(scr);
	if (st->phase == PHASE_WAITING) {
		st->phase = PHASE_INPUT;
		tui_frame_set_status(&st->frame, APP_MSG_STAFF_AUTH,
		    TUI_ROLE_ERROR);
		tui_form_focus(&st->form, &st->fpass.ctl);
	}
	return nav_stay();
}

static struct nav
assist_action(struct screen *scr, const struct tui_event *ev)
{
	struct state *st = scr->state;
	struct tui_ctl *focus = tui_form_focused(&st->form);
	struct tui_outcome o;

	if (st->phase != PHASE_INPUT)
		return nav_stay();
	if (ev->action == ACT_CHOOSE && focus == &st->fid.ctl) {
		tui_form_focus(&st->form, &st->fpass.ctl);
		return nav_stay();
	}
	if (ev->action == ACT_CHOOSE && focus == &st->fpass.ctl)
		return submit(scr);
	o = tui_form_event(&st->form, ev);
	if (o.res == TUI_CHANGE && o.id == ID_REASON) {
		show_meaning(scr);
		tui_frame_set_status(&st->frame, "", TUI_ROLE_BODY);
		return nav_stay();
	}
	if (o.res == TUI_ACTIVATE) {
		if (o.id == TUI_ID_NEXT)
			return submit(scr);
		if (o.id == TUI_ID_BACK)
			return nav_to(NAV_POP, NULL, NULL);
		return app_assist(scr->app, o.id);
	}
	if (o.res != TUI_PASS)
		return nav_stay();
	if (ev->action == ACT_BACK)
		return nav_to(NAV_POP, NULL, NULL);
	return nav_pass();
}

static struct tui_form *
assist_form(struct screen *scr)
{
	return &((struct state *)scr->state)->form;
}

const struct screen_ops screen_assist = {
	.name = "assist",
	.state_size = sizeof(struct state),
	.enter = assist_enter,
	.leave = assist_leave,
	.layout = assist_layout,
	.draw = assist_draw,
	.on_action = assist_action,
	.on_tick = assist_tick,
	.form = assist_form,
};
