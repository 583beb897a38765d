/* SPDX-License-Identifier: ISC */
/*
 * One learner's record (staff mode): who they are, the status of each step
 * of their group, permission, consents, receipts and their latest history,
 * in a scrollable view; below it the actions the role allows and the
 * learner's state calls for. Opening it is a ledger event
 * (learner_query_open, once per open). The argument is the reference.
 *
 * Actions: PgUp/PgDn (and the wheel) scroll the record; Permission ->
 * record permission; Unlock, Reset PIN, New code -> confirm, then core
 * (a new code is shown once on its own screen); Start induction ->
 * confirm, then the terminal is handed to the learner (staff mode ends);
 * Start with help -> the same for an assisted walk (walk_begin_assisted:
 * no PIN needed; the review's "Sign with staff help" signs it);
 * Consent -> record a withdrawal of consent received in writing;
 * History -> the full history; Whole record (beside History, for roles
 * that may see the history) -> everything as text, to read or save for
 * printing; Back/Esc -> NAV_POP; Lock.
 */
#include "screens/app.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/consent.h"
#include "core/crypto.h"
#include "core/learner_query.h"
#include "core/learner_staff.h"
#include "core/permission.h"
#include "core/role.h"
#include "tui/button.h"
#include "tui/dialog.h"
#include "tui/form.h"
#include "tui/frame.h"
#include "tui/term.h"
#include "tui/textview.h"


enum {
	ID_TEXT = 1,
	ID_PERMISSION,
	ID_UNLOCK,
	ID_RESET,
	ID_REISSUE,
	ID_INDUCTION,
	ID_ASSISTED,
	ID_CONSENT,
	ID_RECORD,
	DLG_UNLOCK = 7001,
	DLG_RESET,
	DLG_REISSUE,
	DLG_INDUCTION,
	DLG_ASSISTED,
};

#define NACT 7
#define RECENT 12
#define SCAN 400

struct state {
	char reference[LEARNER_REF_MAX];
	struct learner l;
	bool opened;		/* learner_query_open succeeded */
	bool stale;		/* reload when shown again */
	char code[LEARNER_CODE_LEN];
	char who[LEARNER_REF_MAX + 2 * LEARNER_NAME_MAX + 8];
	struct staff_code_arg code_arg;
	struct tui_form form;
	struct tui_frame frame;
	struct tui_textview text;
	struct tui_button act[NACT];
	struct tui_button whole;	/* Whole record, in the bottom row */
	struct tui_dialog dialog;
};

static const struct {
	int id;
	const char *label;
	enum role_action needs;
} act_def[NACT] = {
	{ID_INDUCTION, "Start induction", ROLE_ACT_START_INDUCTION},
	{ID_ASSISTED, "Start with help", ROLE_ACT_WITNESS},
	{ID_PERMISSION, "Permission", ROLE_ACT_RECORD_PERMISSION},
	{ID_UNLOCK, "Unlock", ROLE_ACT_UNLOCK_LEARNER},
	{ID_RESET, "Reset PIN", ROLE_ACT_RESET_PIN},
	{ID_REISSUE, "New code", ROLE_ACT_REISSUE_CODE},
	{ID_CONSENT, "Consent", ROLE_ACT_WITHDRAW_CONSENT},
};

static void
when(int64_t ms, char *out, size_t cap)
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;

	if (!gmtime_r(&t, &tm) || !strftime(out, cap, "%Y-%m-%d %H:%M UTC", &tm))
		snprintf(out, cap, "?");
}

/* Whether the learner's state calls for an action at all. */
static bool
applies(const struct screen *scr, int id)
{
	const struct state *st = scr->state;
	const struct group_def *g = config_group(scr->site->cfg, st->l.group);

	if (!st->opened || st->l.erased)
		return false;
	switch (id) {
	case ID_INDUCTION:
		return st->l.has_key && !st->l.locked;
	case ID_ASSISTED:
		/* No PIN yet: staff sign with them at the end. (With a
		 * PIN, Start induction; the review offers staff help too.) */
		return !st->l.has_key && !st->l.locked && app_staff(scr->app) &&
		    role_allows(app_staff(scr->app)->role,
		    ROLE_ACT_START_INDUCTION);
	case ID_PERMISSION:
		return g && g->needs_permission;
	case ID_UNLOCK:
		return st->l.locked;
	case ID_RESET:
		return st->l.has_key;
	case ID_REISSUE:
		return !st->l.has_key;
	case ID_CONSENT:
		return true;
	default:
		return false;
	}
}

/* ---- the record as text ---- */

struct fill {
	struct tui_textview *tv;
	size_t recent;
	size_t receipts;
	bool ok;
	bool more;
	char receipt_lines[8][128];
};

static void
add(struct fill *f, enum tui_block kind, const char *text)
{
	if (f->ok)
		f->ok = tui_textview_add(f->tv, kind, text);
}

static bool
history_line(const struct lq_event *e, void *ctx)
{
	struct fill *f = ctx;
	char t[40], line[512];

	when(e->time_ms, t, sizeof t);
	if (e->kind == EV_WALK_SIGNED && e->receipt[0] && f->receipts < 8)
		snprintf(f->receipt_lines[f->receipts++], sizeof f->receipt_lines[0],
		    "%s: receipt %s", t, e->receipt);
	if (f->recent < RECENT) {
		snprintf(line, sizeof line, "%s: %s, by %s%s%s%s", t, e->words,
		    e->who, e->detail[0] ? " (" : "", e->detail,
		    e->detail[0] ? ")" : "");
		add(f, TUI_BLOCK_BULLET, line);
		f->recent++;
	}
	return true;
}

static bool
consent_line(const struct consent_answer *a, void *ctx)
{
	struct fill *f = ctx;
	char line[CONFIG_TITLE_MAX + CONSENT_REASON_MAX + 8];

	snprintf(line, sizeof line, "%s: %s", a->label, a->reason);
	add(f, TUI_BLOCK_BULLET, line);
	return true;
}

static const char *
source_words(const char *name)
{
	enum permission_source src;

	if (!permission_source_parse(name, &src))
		return name;
	switch (src) {
	case PERMISSION_PARENT:
		return "a parent or carer";
	case PERMISSION_MDT:
		return "the Multi-Disciplinary Team";
	case PERMISSION_MOJ:
		return "the Ministry of Justice";
	}
	return name;
}

static void
fill_steps(struct screen *scr, struct fill *f)
{
	struct state *st = scr->state;
	struct lq_step steps[CONFIG_MAX_STEPS];
	char line[CONFIG_TITLE_MAX + 160];
	size_t n = 0, i;

	add(f, TUI_BLOCK_HEADING, "Steps");
	if (learner_query_steps(scr->site, &st->l, store_now_ms(), steps,
	    CONFIG_MAX_STEPS, &n) != CORE_OK) {
		add(f, TUI_BLOCK_PARA, "The steps cannot be read now.");
		return;
	}
	for (i = 0; i < n && i < CONFIG_MAX_STEPS; i++) {
		snprintf(line, sizeof line, "%s: %s", steps[i].def->title,
		    steps[i].words);
		add(f, TUI_BLOCK_BULLET, line);
	}
}

static void
fill_permission(struct screen *scr, struct fill *f)
{
	struct state *st = scr->state;
	const struct group_def *g = config_group(scr->site->cfg, st->l.group);
	struct lq_permission p;
	char line[256];

	if (!g || !g->needs_permission)
		return;
	add(f, TUI_BLOCK_HEADING, "Permission");
	if (learner_query_permission(scr->site, &st->l, &p) != CORE_OK)
		snprintf(line, sizeof line, "Permission cannot be read now.");
	else if (!p.recorded)
		snprintf(line, sizeof line, "Not recorded. The learner cannot "
		    "start until a member of staff records who gave permission.");
	else
		snprintf(line, sizeof line, "Given by %s on %s%s%s.",
		    source_words(p.given_by), p.date, p.reference[0] ?
		    ", reference " : "", p.reference);
	add(f, TUI_BLOCK_PARA, line);
}

static void
fill(struct screen *scr)
{
	struct state *st = scr->state;
	const struct group_def *g = config_group(scr->site->cfg, st->l.group);
	struct fill f = {&st->text, 0, 0, true, false, {{0}}};
	char line[512], t[40];
	size_t i;

	tui_textview_clear(&st->text);
	snprintf(line, sizeof line, "%s %s", st->l.given_name, st->l.family_name);
	add(&f, TUI_BLOCK_HEADING, line);
	snprintf(line, sizeof line, "Reference %s. Group: %s. Cohort: %s.",
	    st->l.reference, g ? g->title : st->l.group,
	    st->l.cohort[0] ? st->l.cohort : "none");
	add(&f, TUI_BLOCK_PARA, line);
	when(st->l.enrolled_ms, t, sizeof t);
	snprintf(line, sizeof line, "Enrolled %s. %s", t,
	    st->l.locked ? "Locked after too many wrong PINs: unlock them, "
	    "or reset their PIN." : st->l.has_key ? "Has a PIN." :
	    "Has not chosen a PIN yet: they start with their activation code.");
	add(&f, TUI_BLOCK_PARA, line);
	fill_steps(scr, &f);
	fill_permission(scr, &f);
	add(&f, TUI_BLOCK_HEADING, "Photos and recordings (consent)");
	if (consent_each(scr->site, &st->l, store_now_ms(), consent_line, &f) !=
	    CORE_OK)
		add(&f, TUI_BLOCK_PARA, "Consent cannot be read now.");
	/* One pass over the newest entries gives receipts and recent history. */
	add(&f, TUI_BLOCK_HEADING, "Latest history (newest first)");
	if (learner_query_history(scr->site, &st->l, 0, SCAN, history_line, &f,
	    &f.more) != CORE_OK)
		add(&f, TUI_BLOCK_PARA, "The history cannot be read now.");
	else if (f.recent == RECENT || f.more)
		add(&f, TUI_BLOCK_PARA, "Choose History for all of it.");
	add(&f, TUI_BLOCK_HEADING, "Receipts");
	for (i = 0; i < f.receipts; i++)
		add(&f, TUI_BLOCK_BULLET, f.receipt_lines[i]);
	if (f.receipts == 0)
		add(&f, TUI_BLOCK_PARA, "No sign-off yet.");
}

/* ---- loading ---- */

/* Tab follows the bottom row: Back, History, Whole record, Lock. */
static void
tab_after_history(struct state *st)
{
	struct tui_form *f = &st->form;
	size_t i, j;

	for (i = 0; i < f->n && f->ctl[i] != &st->whole.ctl; i++)
		;
	for (j = 0; j < f->n && f->ctl[j] != &st->frame.nav[1].ctl; j++)
		;
	if (i < j && j < f->n) {
		memmove(&f->ctl[i], &f->ctl[i + 1], (j - i) * sizeof f->ctl[0]);
		f->ctl[j] = &st->whole.ctl;
	}
}

static void
focus_first(struct state *st)
{
	int i;

	tui_form_focus(&st->form, &st->frame.nav[0].ctl);
	for (i = NACT - 1; i >= 0; i--)
		if (!st->act[i].ctl.hidden)
			tui_form_focus(&st->form, &st->act[i].ctl);
}

static void
show_actions(struct screen *scr)
{
	struct state *st = scr->state;
	const struct staff *who = app_staff(scr->app);
	int i;

	struct tui_ctl *focus = tui_form_focused(&st->form);

	for (i = 0; i < NACT; i++)
		tui_ctl_set_hidden(&st->act[i].ctl, !who ||
		    !role_allows(who->role, act_def[i].needs) ||
		    !applies(scr, act_def[i].id));
	tui_ctl_set_hidden(&st->whole.ctl, !who || !st->opened || st->l.erased ||
	    !role_allows(who->role, ROLE_ACT_VIEW_HISTORY));
	/* The focused button may have gone (Unlock, once unlocked). */
	if (focus && focus->hidden)
		focus_first(st);
}

static void
reload(struct screen *scr)
{
	struct state *st = scr->state;
	struct learner l;

	if (learner_get(scr->site, st->reference, &l) == CORE_OK) {
		crypto_wipe(&st->l, sizeof st->l);
		st->l = l;
	}
	crypto_wipe(&l, sizeof l);
	fill(scr);
	show_actions(scr);
	st->stale = false;
}

static enum core_status
learner_enter(struct screen *scr, const void *arg)
{
	struct state *st = scr->state;
	const struct staff *who = app_staff(scr->app);
	enum core_status status;
	char title[LEARNER_REF_MAX + 16];
	int i;

	if (!who || !arg)
		return CORE_ERR_DENIED;
	snprintf(st->reference, sizeof st->reference, "%s", (const char *)arg);
	snprintf(title, sizeof title, "Learner %s", st->reference);
	tui_form_init(&st->form);
	app_staff_frame(scr->app, &st->frame, title, "History", 0);
	tui_textview_init(&st->text, ID_TEXT);
	tui_form_add(&st->form, &st->text.ctl);
	for (i = 0; i < NACT; i++) {
		tui_button_init(&st->act[i], act_def[i].id, act_def[i].label);
		tui_form_add(&st->form, &st->act[i].ctl);
	}
	tui_button_init(&st->whole, ID_RECORD, "Whole record");
	tui_form_add(&st->form, &st->whole.ctl);
	tui_frame_add(&st->frame, &st->form);
	tab_after_history(st);
	tui_frame_set_keys(&st->frame, TUI_KEY(ACT_PAGE_DOWN) |
	    TUI_KEY(ACT_PAGE_UP), NULL);
	status = learner_query_open(scr->site, st->reference, who->pseudonym,
	    &st->l);
	st->opened = status == CORE_OK;
	if (st->opened) {
		fill(scr);
	} else {
		tui_textview_add(&st->text, TUI_BLOCK_PARA,
		    status == CORE_ERR_NOT_FOUND ? "There is no learner with this "
		    "reference now." : status == CORE_ERR_DENIED ? "Your role "
		    "cannot see a learner's record." : "Sorry, the record cannot "
		    "be read now. Please try again.");
		tui_ctl_set_hidden(&st->frame.nav[1].ctl, true);
	}
	show_actions(scr);
	focus_first(st);
	return CORE_OK;
}

static void
learner_leave(struct screen *scr)
{
	struct state *st = scr->state;

	tui_textview_clear(&st->text);
	crypto_wipe(&st->l, sizeof st->l);
	crypto_wipe(st->code, sizeof st->code);
}

static void
learner_layout(struct screen *scr, struct tui_rect area)
{
	struct state *st = scr->state;
	struct tui_rect a, h;
	int i, x, w;

	if (st->stale)
		reload(scr);
	/* The action buttons sit at the left of the action row. */
	x = 0;
	for (i = 0; i < NACT; i++)
		if (!st->act[i].ctl.hidden)
			x += tui_button_width(st->act[i].label) + 1;
	st->frame.action_reserve = x;
	tui_frame_layout(&st->frame, area.h, area.w);
	tui_ctl_place(&st->text.ctl, st->frame.body);
	a = st->frame.action;
	x = a.x;
	for (i = 0; i < NACT; i++) {
		if (st->act[i].ctl.hidden)
			continue;
		w = tui_button_width(st->act[i].label);
		tui_ctl_place(&st->act[i].ctl, (struct tui_rect){a.y, x, 3, w});
		x += w + 1;
	}
	/* Whole record beside History, in the bottom row's free cells. */
	h = st->frame.nav[1].ctl.rect;
	tui_ctl_place(&st->whole.ctl, (struct tui_rect){h.y, h.x + h.w +
	    (area.w >= TUI_FRAME_WIDE ? 2 : 1), 3, tui_button_width(st->whole.label)});
}

static void
learner_draw(struct screen *scr)
{
	struct state *st = scr->state;

	tui_form_paint(&st->form);
}

/* ---- actions ---- */

static void
say(struct state *st, const char *text, enum tui_role role)
{
	tui_frame_set_status(&st->frame, text, role);
}

static void
confirm(struct state *st, int id, const char *title, const char *text,
    const char *yes)
{
	tui_dialog_init(&st->dialog, id, title, text, yes, "No, go back");
	tui_form_open(&st->form, &st->dialog);
}

static const char *
failure_words(enum core_status status)
{
	if (status == CORE_ERR_DENIED)
		return "Your role cannot do that.";
	if (core_status_is_storage(status))
		return "Sorry, this could not be saved. Please try again.";
	return core_detail()[0] ? core_detail() : core_status_message(status);
}

/* The record changed here: load it again and place the buttons anew. */
static void
relayout(struct screen *scr)
{
	int rows, cols;

	((struct state *)scr->state)->stale = true;
	tui_size(&rows, &cols);
	tui_invalidate();
	learner_layout(scr, (struct tui_rect){0, 0, rows, cols});
}

/* Show a new one-time code on its own screen, then this record again. */
static struct nav
show_code(struct screen *scr, const char *title)
{
	struct state *st = scr->state;

	snprintf(st->who, sizeof st->who, "for %s, %s %s", st->l.reference,
	    st->l.given_name, st->l.family_name);
	st->code_arg = (struct staff_code_arg){title, st->who, st->code, NULL,
	    NULL};
	st->stale = true;
	return nav_to(NAV_PUSH, &screen_staff_code, &st->code_arg);
}

static struct nav
do_action(struct screen *scr, int dlg)
{
	struct state *st = scr->state;
	const struct staff *who = app_staff(scr->app);
	enum core_status status;
	struct walk *w = NULL;

	core_detail_clear();
	switch (dlg) {
	case DLG_UNLOCK:
		status = learner_unlock(scr->site, st->reference, who->pseudonym);
		if (status == CORE_OK || status == CORE_ERR_DONE) {
			relayout(scr);
			say(st, "Unlocked. They can sign in with their PIN again.",
			    TUI_ROLE_NOTE);
			return nav_stay();
		}
		break;
	case DLG_RESET:
		status = learner_reset_pin(scr->site, st->reference,
		    who->pseudonym, st->code);
		if (status == CORE_OK)
			return show_code(scr, "New activation code");
		break;
	case DLG_REISSUE:
		status = learner_reissue_code(scr->site, st->reference,
		    who->pseudonym, st->code);
		if (status == CORE_OK)
			return show_code(scr, "New activation code");
		break;
	case DLG_INDUCTION:
	case DLG_ASSISTED:
		status = dlg == DLG_INDUCTION ?
		    walk_begin_for_staff(scr->site, &st->l, who, &w) :
		    walk_begin_assisted(scr->site, &st->l, who, &w);
		if (status == CORE_OK)
			return app_staff_hand_over(scr->app, w);
		if (status == CORE_ERR_DONE) {
			say(st, "They have nothing to sign now.", TUI_ROLE_NOTE);
			return nav_stay();
		}
		if (status == CORE_ERR_PERMISSION) {
			say(st, "Record permission first: they cannot start "
			    "without it.", TUI_ROLE_ERROR);
			return nav_stay();
		}
		break;
	default:
		return nav_stay();
	}
	say(st, failure_words(status), TUI_ROLE_ERROR);
	return nav_stay();
}

static struct nav
ask(struct screen *scr, int id)
{
	struct state *st = scr->state;
	char text[640];

	switch (id) {
	case ID_PERMISSION:
		st->stale = true;
		return nav_to(NAV_PUSH, &screen_staff_permission, st->reference);
	case ID_CONSENT:
		st->stale = true;
		return nav_to(NAV_PUSH, &screen_staff_consent, st->reference);
	case ID_UNLOCK:
		confirm(st, DLG_UNLOCK, "Unlock", "Unlock this learner? They can "
		    "then sign in with their PIN again.", "Yes, unlock");
		return nav_stay();
	case ID_RESET:
		confirm(st, DLG_RESET, "Reset PIN", "Reset this learner's PIN? "
		    "Their PIN stops working now. You get a new activation code "
		    "for them, shown once; with it they choose a new PIN. What "
		    "they signed before stays valid.", "Yes, reset");
		return nav_stay();
	case ID_REISSUE:
		confirm(st, DLG_REISSUE, "New activation code", "Make a new "
		    "activation code? The old one stops working. The new one is "
		    "shown once.", "Yes, a new code");
		return nav_stay();
	case ID_INDUCTION:
		snprintf(text, sizeof text, "Hand the kiosk to %s %s now? Staff "
		    "mode locks, and their steps start. They sign at the end with "
		    "their PIN; you confirm any witnessed step with your own "
		    "passphrase.", st->l.given_name, st->l.family_name);
		confirm(st, DLG_INDUCTION, "Start induction", text,
		    "Yes, hand over");
		return nav_stay();
	case ID_ASSISTED:
		snprintf(text, sizeof text, "Hand the kiosk to %s %s now, to go "
		    "through their steps with your help? Staff mode locks. They "
		    "need no PIN: at the end choose \"Sign with staff help\" and "
		    "sign with them using your passphrase.", st->l.given_name,
		    st->l.family_name);
		confirm(st, DLG_ASSISTED, "Start with help", text,
		    "Yes, hand over");
		return nav_stay();
	case TUI_ID_NEXT:
		return nav_to(NAV_PUSH, &screen_staff_history, st->reference);
	case ID_RECORD:
		st->stale = true;	/* the viewing joins the latest history */
		return nav_to(NAV_PUSH, &screen_staff_record, st->reference);
	default:
		return app_staff_button(scr->app, id);
	}
}

static struct nav
learner_action(struct screen *scr, const struct tui_event *ev)
{
	struct state *st = scr->state;
	struct tui_outcome o;

	if (!st->form.modal && (ev->action == ACT_PAGE_DOWN ||
	    ev->action == ACT_PAGE_UP) &&
	    tui_form_focused(&st->form) != &st->text.ctl) {
		tui_textview_page_move(&st->text,
		    ev->action == ACT_PAGE_DOWN ? 1 : -1);
		return nav_stay();
	}
	o = tui_form_event(&st->form, ev);
	if (o.res == TUI_ACTIVATE) {
		if (o.id >= DLG_UNLOCK && o.id <= DLG_ASSISTED) {
			tui_form_close(&st->form);
			return o.index == 0 ? do_action(scr, o.id) : nav_stay();
		}
		if (o.id == TUI_ID_NEXT && !st->opened)
			return nav_stay();
		return ask(scr, o.id);
	}
	if (o.res != TUI_PASS)
		return nav_stay();
	if (ev->action == ACT_BACK)
		return nav_to(NAV_POP, NULL, NULL);
	return nav_pass();
}

const struct screen_ops screen_staff_learner = {
	.name = "staff_learner",
	.state_size = sizeof(struct state),
	.enter = learner_enter,
	.leave = learner_leave,
	.layout = learner_layout,
	.draw = learner_draw,
	.on_action = learner_action,
};
