/* SPDX-License-Identifier: ISC */
/*
 * Review and sign: exactly what is being signed (each step's title, the
 * version of its text as the first 8 hex digits of its hash, and what the
 * learner chose), what the signature means (walk_meaning), then the PIN
 * and Sign. walk_sign returns CORE_OK only after the commit; only then
 * does the receipt show. Anything else keeps the walk so they can retry,
 * and nothing is shown as signed.
 *
 * Actions: type the PIN; Sign or Enter in the PIN -> "Signing..." then
 * walk_sign -> receipt, or a plain message; "Sign with staff help" ->
 * screen_assist (signed with a staff passphrase instead of the PIN); Back/Esc -> the last step;
 * help buttons. The PIN buffer is secret_alloc memory, wiped in leave().
 */
#include "screens/app.h"

#include <stdio.h>
#include <string.h>

#include "core/crypto.h"
#include "core/ledger.h"
#include "tui/button.h"
#include "tui/dialog.h"
#include "tui/field.h"
#include "tui/form.h"
#include "tui/frame.h"
#include "tui/term.h"
#include "tui/textview.h"

#define PIN_CAP (LEARNER_PIN_MAX + 2)
#define FIELD_W 34
#define ID_ASSIST 3
#define STATUS_SHORT 44	/* fits beside staff help at 80 columns */
#define ASSIST_LABEL "Sign with staff help"

enum phase {
	PHASE_INPUT,
	PHASE_SIGNING,
	PHASE_WAITING,
};

struct state {
	enum phase phase;
	uint64_t started;
	unsigned failures;
	char *pin;
	char receipt[LEDGER_RECEIPT_LEN];
	struct tui_form form;
	struct tui_frame frame;
	struct tui_textview text;
	struct tui_field field;
	struct tui_button assist;
	struct tui_dialog dialog;
};

static const char *
choice_of(const struct walk_step *s)
{
	if (s->state == WALK_DECLINED)
		return "You chose \"I do not agree\".";
	if (s->state != WALK_DONE)
		return "Not finished.";
	switch (s->def->kind) {
	case STEP_CHECKLIST:
		return s->def->witnessed ? "You ticked every item, and a member "
		    "of staff confirmed it." : "You ticked every item.";
	case STEP_QUIZ:
		return "You answered every question.";
	case STEP_CONSENT:
		return "Your choices:";
	case STEP_NOTICE:
		return "You have read this.";
	default:
		return "You accept this.";
	}
}

static bool
summarise(struct tui_textview *tv, struct walk *w, const struct config *cfg)
{
	char line[CONFIG_TITLE_MAX * 2 + 96];
	size_t i, c;
	bool ok = tui_textview_add(tv, TUI_BLOCK_HEADING,
	    "What you are signing");

	for (i = 0; ok && i < walk_nsteps(w); i++) {
		const struct walk_step *s = walk_step(w, i);
		const uint8_t *h = s->doc->hash;

		snprintf(line, sizeof line, "%s (version %02x%02x%02x%02x). %s",
		    s->def->title, h[0], h[1], h[2], h[3], choice_of(s));
		ok = tui_textview_add(tv, TUI_BLOCK_BULLET, line);
		if (s->def->kind != STEP_CONSENT || s->state != WALK_DONE)
			continue;
		for (c = 0; ok && c < cfg->nchannels; c++) {
			snprintf(line, sizeof line, "%s: %s",
			    cfg->channels[c].label, s->consent[c] == 1 ? "Yes" :
			    "No");
			ok = tui_textview_add(tv, TUI_BLOCK_SUB, line);
		}
	}
	return ok && tui_textview_add(tv, TUI_BLOCK_HEADING,
	    "What your signature means") &&
	    tui_textview_add(tv, TUI_BLOCK_PARA, walk_meaning(w)) &&
	    tui_textview_add(tv, TUI_BLOCK_PARA,
	    "If this is right, type your PIN and choose Sign. If not, choose "
	    "Back.");
}

static void review_layout(struct screen *scr, struct tui_rect area);

/*
 * The status, and staff help beside it while it is short. A long message
 * (storage, locked, steps not finished: staff must come anyway) and
 * "Signing..." take the whole row; staff help comes back after.
 */
static void
set_status(struct screen *scr, const char *text, enum tui_role role)
{
	struct state *st = scr->state;
	bool hide = strlen(text) > STATUS_SHORT ||
	    st->phase == PHASE_SIGNING;
	int rows, cols;

	tui_frame_set_status(&st->frame, text, role);
	if (hide == st->assist.ctl.hidden)
		return;
	tui_ctl_set_hidden(&st->assist.ctl, hide);
	if (hide && tui_form_focused(&st->form) == &st->assist.ctl)
		tui_form_focus(&st->form, &st->field.ctl);
	if (st->frame.status.ctl.rect.w > 0) {
		tui_size(&rows, &cols);
		tui_invalidate();
		review_layout(scr, (struct tui_rect){0, 0, rows, cols});
	}
}

static enum core_status
review_enter(struct screen *scr, const void *arg)
{
	struct state *st = scr->state;
	struct walk *w = app_walk(scr->app);
	char label[64];

	(void)arg;
	st->pin = secret_alloc(PIN_CAP);
	if (!st->pin)
		return CORE_ERR_NOMEM;
	tui_form_init(&st->form);
	tui_frame_init(&st->frame, "Check and sign", "Sign", 0);
	app_step_label(scr->app, app_step(scr->app), NULL, label, sizeof label);
	tui_frame_set_title(&st->frame, "Check and sign", label);
	tui_textview_init(&st->text, 1);
	tui_field_init(&st->field, 2, "Your PIN", st->pin, PIN_CAP,
	    TUI_FIELD_MASK | TUI_FIELD_DIGITS);
	tui_field_set_max(&st->field, LEARNER_PIN_MAX);
	tui_form_add(&st->form, &st->text.ctl);
	tui_form_add(&st->form, &st->field.ctl);
	tui_button_init(&st->assist, ID_ASSIST, ASSIST_LABEL);
	tui_form_add(&st->form, &st->assist.ctl);
	tui_frame_add(&st->frame, &st->form);
	tui_frame_set_keys(&st->frame, TUI_KEY(ACT_PAGE_DOWN), NULL);
	tui_form_focus(&st->form, &st->field.ctl);
	if (!walk_complete(w))
		set_status(scr, "Some steps are not finished. "
		    "Choose Back to finish them.", TUI_ROLE_ERROR);
	else
		set_status(scr, "Type your PIN, then choose "
		    "Sign.", TUI_ROLE_BODY);
	return summarise(&st->text, w, scr->site->cfg) ? CORE_OK :
	    CORE_ERR_NOMEM;
}

static void
review_leave(struct screen *scr)
{
	struct state *st = scr->state;

	secret_free(&st->pin, PIN_CAP);
	tui_textview_clear(&st->text);
}

static void
review_layout(struct screen *scr, struct tui_rect area)
{
	struct state *st = scr->state;

	struct tui_rect a;
	int bw = tui_button_width(ASSIST_LABEL);

	st->frame.action_reserve = FIELD_W + 2;
	tui_frame_layout(&st->frame, area.h, area.w);
	a = st->frame.action;
	tui_ctl_place(&st->text.ctl, st->frame.body);
	tui_ctl_place(&st->field.ctl, (struct tui_rect){a.y, a.x, 3, FIELD_W});
	/* Staff help at the right of the action row, the status between. */
	tui_ctl_place(&st->assist.ctl, (struct tui_rect){a.y, a.x + a.w - bw,
	    3, bw});
	if (!st->assist.ctl.hidden)
		tui_ctl_place(&st->frame.status.ctl, (struct tui_rect){a.y,
		    a.x + FIELD_W + 2, 3, a.w - FIELD_W - bw - 4});
}

static void
review_draw(struct screen *scr)
{
	struct state *st = scr->state;

	tui_form_paint(&st->form);
}

static struct nav
sign(struct screen *scr)
{
	struct state *st = scr->state;

	if (!walk_complete(app_walk(scr->app)))
		return nav_stay();
	if (!st->pin[0]) {
		set_status(scr, "Please type your PIN.",
		    TUI_ROLE_ERROR);
		tui_form_focus(&st->form, &st->field.ctl);
		return nav_stay();
	}
	st->phase = PHASE_SIGNING;
	st->started = app_now_ms();
	set_status(scr, "Signing, please wait...",
	    TUI_ROLE_NOTE);
	scr->tick_ms = 1;	/* paint "Signing" before Argon2id runs */
	return nav_stay();
}

static struct nav
signing(struct screen *scr)
{
	struct state *st = scr->state;
	enum core_status status;
	uint64_t delay, spent;

	memset(st->receipt, 0, sizeof st->receipt);
	status = walk_sign(app_walk(scr->app), scr->site, st->pin, st->receipt);
	tui_field_clear(&st->field);
	if (status == CORE_OK)
		return nav_to(NAV_REPLACE, &screen_receipt, st->receipt);
	memset(st->receipt, 0, sizeof st->receipt);
	if (status == CORE_ERR_AUTH) {
		delay = learner_auth_delay_ms(++st->failures);
		spent = app_now_ms() - st->started;
		st->phase = PHASE_WAITING;
		scr->tick_ms = spent < delay ? (unsigned)(delay - spent) : 1;
		return nav_stay();
	}
	st->phase = PHASE_INPUT;
	set_status(scr, status == CORE_ERR_LOCKED ?
	    "You cannot sign just now. Please fetch a member of staff." :
	    APP_MSG_STORAGE, TUI_ROLE_ERROR);
	return nav_stay();
}

static struct nav
review_tick(struct screen *scr, unsigned elapsed)
{
	struct state *st = scr->state;

	(void)elapsed;
	if (st->phase == PHASE_SIGNING)
		return signing(scr);
	if (st->phase == PHASE_WAITING) {
		st->phase = PHASE_INPUT;
		set_status(scr, "That PIN did not match. "
		    "Please try again.", TUI_ROLE_ERROR);
		tui_form_focus(&st->form, &st->field.ctl);
	}
	return nav_stay();
}

static struct nav
review_action(struct screen *scr, const struct tui_event *ev)
{
	struct state *st = scr->state;
	bool paging = ev->action == ACT_PAGE_DOWN || ev->action == ACT_PAGE_UP;
	struct tui_outcome o;
	struct nav nav;

	if (st->phase != PHASE_INPUT)
		return nav_stay();
	if (paging && !st->form.modal &&
	    tui_form_focused(&st->form) != &st->text.ctl) {
		tui_textview_page_move(&st->text,
		    ev->action == ACT_PAGE_DOWN ? 1 : -1);
		return nav_stay();
	}
	if (ev->action == ACT_CHOOSE &&
	    tui_form_focused(&st->form) == &st->field.ctl)
		return sign(scr);
	o = tui_form_event(&st->form, ev);
	if (o.res == TUI_ACTIVATE && o.id == TUI_ID_NEXT)
		return sign(scr);
	if (o.res == TUI_ACTIVATE && o.id == ID_ASSIST) {
		tui_field_clear(&st->field);
		return walk_complete(app_walk(scr->app)) ?
		    nav_to(NAV_PUSH, &screen_assist, NULL) : nav_stay();
	}
	nav = app_step_outcome(scr, &st->form, &st->dialog, &o);
	if (nav.kind != NAV_PASS || o.res == TUI_ACTIVATE)
		return nav;
	if (o.res != TUI_PASS)
		return nav_stay();
	if (ev->action == ACT_BACK)
		return app_step_back(scr, &st->form, &st->dialog);
	return nav_pass();
}

static struct tui_form *
review_form(struct screen *scr)
{
	return &((struct state *)scr->state)->form;
}

const struct screen_ops screen_review = {
	.name = "review",
	.state_size = sizeof(struct state),
	.enter = review_enter,
	.leave = review_leave,
	.layout = review_layout,
	.draw = review_draw,
	.on_action = review_action,
	.on_tick = review_tick,
	.form = review_form,
};
