/* SPDX-License-Identifier: ISC */
/*
 * Record a concern staff observed (staff mode; issue 7, policy 8.0), for
 * example comments about a learner on a social network: what it is about,
 * what happened, and the learners involved by reference in one field
 * (separated by spaces or commas; none is allowed). A line under that
 * field names each learner found as it is typed, so staff see whom they
 * name; Save checks them all again and names the first not found. The text
 * is typed into secret_alloc memory and wiped in leave(); core seals it.
 * arg: a reference to start with (const char *, copied), or NULL.
 *
 * Actions: Save -> "Saving", core on the next tick; CORE_OK (committed)
 * -> the concern's number and receipt, and Done -> NAV_POP; a failure says
 * it was not saved and keeps everything typed. Back/Esc -> NAV_POP, after
 * "Leave without saving?" when something was typed; Lock.
 */
#include "screens/app.h"

#include <stdio.h>
#include <string.h>

#include "core/concern.h"
#include "core/crypto.h"
#include "core/learner.h"
#include "core/role.h"
#include "tui/choice.h"
#include "tui/dialog.h"
#include "tui/field.h"
#include "tui/form.h"
#include "tui/frame.h"
#include "tui/label.h"
#include "tui/term.h"
#include "tui/textarea.h"

#define TEXT_CAP (CONCERN_TEXT_MAX * 4 + 1)
#define REFS_MAX_CHARS (CONCERN_LEARNERS_MAX * 24)
#define REFS_CAP (REFS_MAX_CHARS + 1)
#define LABEL_W 22

enum { ID_CATEGORY = 1, ID_TEXT, ID_REFS, DLG_LEAVE };

enum phase { PHASE_FORM, PHASE_SAVING, PHASE_SAVED };

struct refs {
	char ref[CONCERN_LEARNERS_MAX][LEARNER_REF_MAX];
	const char *ptr[CONCERN_LEARNERS_MAX];
	size_t n;
	bool too_many;
	char bad[LEARNER_REF_MAX];	/* the first not found, else "" */
};

struct state {
	enum phase phase;
	char *text;
	char refs[REFS_CAP];
	char prefill[LEARNER_REF_MAX];
	char found[TUI_LABEL_MAX];
	char done[256];
	struct tui_form form;
	struct tui_frame frame;
	struct tui_dialog dlg;
	struct tui_choice category;
	struct tui_textarea what;
	struct tui_field frefs;
	struct tui_label named, saved;
};

static void
status(struct state *st, const char *text, enum tui_role role)
{
	tui_frame_set_status(&st->frame, text, role);
}

static bool
typed(const struct state *st)
{
	return st->text[0] || st->category.chosen ||
	    strcmp(st->refs, st->prefill) != 0;
}

/* Split the field into unique references; stops at the first too long. */
static void
refs_split(const char *s, struct refs *r)
{
	const char *sep = " ,;\t";
	size_t len, i;

	memset(r, 0, sizeof *r);
	while (*(s += strspn(s, sep))) {
		len = strcspn(s, sep);
		if (len >= LEARNER_REF_MAX) {
			snprintf(r->bad, sizeof r->bad, "%.*s...",
			    (int)(LEARNER_REF_MAX - 4), s);
			return;
		}
		for (i = 0; i < r->n; i++)
			if (strlen(r->ref[i]) == len &&
			    memcmp(r->ref[i], s, len) == 0)
				break;
		if (i == r->n) {
			if (r->n == CONCERN_LEARNERS_MAX) {
				r->too_many = true;
				return;
			}
			memcpy(r->ref[r->n], s, len);
			r->ref[r->n][len] = '\0';
			r->ptr[r->n] = r->ref[r->n];
			r->n++;
		}
		s += len;
	}
}

/*
 * Look each one up as core will (erased counts as not found); the line
 * under the field says whom they name. A storage failure: CORE_ERR_*.
 */
static enum core_status
refs_check(struct screen *scr, struct refs *r)
{
	struct state *st = scr->state;
	enum core_status s = CORE_OK;
	struct learner l;
	size_t i, o = 0;

	refs_split(st->refs, r);
	st->found[0] = '\0';
	for (i = 0; i < r->n && s == CORE_OK; i++) {
		s = learner_get(scr->site, r->ref[i], &l);
		if (s == CORE_OK && l.erased)
			s = CORE_ERR_NOT_FOUND;
		if (s == CORE_ERR_NOT_FOUND && !r->bad[0])
			snprintf(r->bad, sizeof r->bad, "%s", r->ref[i]);
		if (o < sizeof st->found)
			o += (size_t)snprintf(st->found + o, sizeof st->found - o,
			    "%s%s %s", o ? "; " : "Naming: ", r->ref[i],
			    s == CORE_OK ? l.given_name : "(not found)");
		if (s == CORE_OK && o < sizeof st->found)
			o += (size_t)snprintf(st->found + o, sizeof st->found - o,
			    " %s", l.family_name);
		if (s == CORE_ERR_NOT_FOUND)
			s = CORE_OK;
	}
	core_detail_clear();
	crypto_wipe(&l, sizeof l);
	return s;
}

/* The line under the field, as typed so far; r gets the references. */
static enum core_status
show_named(struct screen *scr, struct refs *r)
{
	struct state *st = scr->state;
	enum core_status s;

	if ((s = refs_check(scr, r)) != CORE_OK)
		snprintf(st->found, sizeof st->found, "The learners cannot be "
		    "looked up now.");
	else if (r->too_many)
		snprintf(st->found, sizeof st->found, "Name at most %d "
		    "learners.", CONCERN_LEARNERS_MAX);
	else if (!r->n)
		snprintf(st->found, sizeof st->found, "References, separated "
		    "by spaces or commas.");
	tui_label_set(&st->named, st->found, r->bad[0] || r->too_many ?
	    TUI_ROLE_ERROR : TUI_ROLE_NOTE);
	return s;
}

static void
named_update(struct screen *scr)
{
	struct refs r;

	show_named(scr, &r);
}

static void
show_phase(struct state *st, enum phase p)
{
	bool saved = p == PHASE_SAVED;

	st->phase = p;
	tui_ctl_set_hidden(&st->category.ctl, saved);
	tui_ctl_set_hidden(&st->what.ctl, saved);
	tui_ctl_set_hidden(&st->frefs.ctl, saved);
	tui_ctl_set_hidden(&st->named.ctl, saved);
	tui_ctl_set_hidden(&st->saved.ctl, !saved);
	tui_ctl_set_hidden(&st->frame.nav[0].ctl, saved);
	tui_frame_set_primary(&st->frame, saved ? "Done" : "Save", NULL);
	tui_frame_set_keys(&st->frame, saved ? 0 : TUI_KEY(ACT_NEXT_FOCUS),
	    saved ? NULL : "Esc leaves without saving");
	tui_invalidate();
}

static enum core_status
new_enter(struct screen *scr, const void *arg)
{
	struct state *st = scr->state;
	const struct staff *who = app_staff(scr->app);
	const char *ref = arg;
	size_t i;

	if (!who || !role_allows(who->role, ROLE_ACT_RECORD_CONCERN))
		return CORE_ERR_DENIED;
	st->text = secret_alloc(TEXT_CAP);
	if (!st->text)
		return CORE_ERR_NOMEM;
	if (ref && strlen(ref) < sizeof st->prefill) {
		snprintf(st->prefill, sizeof st->prefill, "%s", ref);
		snprintf(st->refs, sizeof st->refs, "%s", ref);
	}
	tui_form_init(&st->form);
	app_staff_frame(scr->app, &st->frame, "Record a concern", "Save", 0);
	tui_choice_init(&st->category, ID_CATEGORY, "What is it about?");
	tui_choice_add(&st->category, "Please choose");
	for (i = 0; i < CONCERN_CATEGORY_COUNT; i++)
		tui_choice_add(&st->category,
		    concern_category_words((enum concern_category)i));
	st->category.label_w = LABEL_W;
	tui_textarea_init(&st->what, ID_TEXT, "What happened? (Enter starts "
	    "a new line, Tab moves on)", st->text, TEXT_CAP);
	tui_textarea_set_max(&st->what, CONCERN_TEXT_MAX);
	tui_field_init(&st->frefs, ID_REFS, "Learners involved",
	    st->refs, REFS_CAP, TUI_FIELD_UPPER);
	tui_field_set_max(&st->frefs, REFS_MAX_CHARS);
	st->frefs.label_w = LABEL_W;
	tui_field_caret_end(&st->frefs);
	tui_label_init(&st->named, "", TUI_ROLE_NOTE);
	tui_label_init(&st->saved, "", TUI_ROLE_BODY);
	tui_form_add(&st->form, &st->category.ctl);
	tui_form_add(&st->form, &st->what.ctl);
	tui_form_add(&st->form, &st->frefs.ctl);
	tui_form_add(&st->form, &st->named.ctl);
	tui_form_add(&st->form, &st->saved.ctl);
	tui_frame_add(&st->frame, &st->form);
	named_update(scr);
	show_phase(st, PHASE_FORM);
	tui_form_focus(&st->form, &st->category.ctl);
	return CORE_OK;
}

/* Nothing typed stays in memory or on the screen. */
static void
new_leave(struct screen *scr)
{
	struct state *st = scr->state;

	secret_free(&st->text, TEXT_CAP);
	crypto_wipe(st->refs, sizeof st->refs);
	crypto_wipe(st->found, sizeof st->found);
	tui_wipe();
}

static void
new_layout(struct screen *scr, struct tui_rect area)
{
	struct state *st = scr->state;
	struct tui_rect b;
	int w, h, nrows;

	tui_frame_layout(&st->frame, area.h, area.w);
	b = st->frame.body;
	w = b.w - 2;
	/* The box takes what the other rows leave: 6 rows at 80x24. */
	nrows = b.h >= 16 ? 2 : 1;
	h = b.h - 3 - 3 - nrows;
	h = h < 4 ? 4 : h;
	tui_ctl_place(&st->category.ctl, (struct tui_rect){b.y, b.x + 1, 3,
	    w < 76 ? w : 76});
	tui_ctl_place(&st->what.ctl, (struct tui_rect){b.y + 3, b.x + 1, h, w});
	tui_ctl_place(&st->frefs.ctl, (struct tui_rect){b.y + 3 + h, b.x + 1,
	    3, w < 76 ? w : 76});
	tui_ctl_place(&st->named.ctl, (struct tui_rect){b.y + 6 + h,
	    b.x + 1 + LABEL_W, nrows, w - LABEL_W});
	tui_ctl_place(&st->saved.ctl, (struct tui_rect){b.y + 1, b.x + 1,
	    b.h - 1, w < 76 ? w : 76});
}

static void
new_draw(struct screen *scr)
{
	struct state *st = scr->state;

	tui_form_paint(&st->form);
}

static struct nav
save(struct screen *scr)
{
	struct state *st = scr->state;
	char msg[160];
	struct refs r;
	enum core_status s;

	if (st->category.chosen == 0) {
		status(st, "Please choose what it is about.", TUI_ROLE_ERROR);
		tui_form_focus(&st->form, &st->category.ctl);
		return nav_stay();
	}
	if (concern_check_text(st->text, CONCERN_TEXT_MAX, true, false) !=
	    CORE_OK) {
		status(st, core_detail(), TUI_ROLE_ERROR);
		tui_form_focus(&st->form, &st->what.ctl);
		return nav_stay();
	}
	s = show_named(scr, &r);
	if (s != CORE_OK || r.too_many || r.bad[0]) {
		if (s != CORE_OK)
			snprintf(msg, sizeof msg, "Not saved: the learners "
			    "cannot be looked up now (%s). Please try again.",
			    core_status_message(s));
		else if (r.too_many)
			snprintf(msg, sizeof msg, "Please name at most %d "
			    "learners.", CONCERN_LEARNERS_MAX);
		else
			snprintf(msg, sizeof msg, "No learner has the reference "
			    "%s. Please check it, or leave it out.", r.bad);
		status(st, msg, TUI_ROLE_ERROR);
		tui_form_focus(&st->form, &st->frefs.ctl);
		crypto_wipe(&r, sizeof r);
		return nav_stay();
	}
	crypto_wipe(&r, sizeof r);
	st->phase = PHASE_SAVING;
	status(st, "Saving, please wait...", TUI_ROLE_NOTE);
	scr->tick_ms = 1;	/* paint it first, then work */
	return nav_stay();
}

static struct nav
new_tick(struct screen *scr, unsigned elapsed)
{
	struct state *st = scr->state;
	const struct staff *who = app_staff(scr->app);
	struct concern_receipt rc;
	enum core_status s;
	char msg[TUI_LABEL_MAX];
	struct refs r;

	(void)elapsed;
	if (st->phase != PHASE_SAVING || !who)
		return nav_stay();
	refs_split(st->refs, &r);
	s = concern_record_by_staff(scr->site, who->pseudonym,
	    (enum concern_category)(st->category.chosen - 1), st->text,
	    r.ptr, r.n, &rc);
	crypto_wipe(&r, sizeof r);
	if (s != CORE_OK) {
		/* Everything typed stays, to try again. */
		st->phase = PHASE_FORM;
		snprintf(msg, sizeof msg, "Sorry, this concern was NOT saved "
		    "(%s). What you typed is still here: choose Save to try "
		    "again, or tell the designated safeguarding lead.",
		    s == CORE_ERR_NOT_FOUND && core_detail()[0] ? core_detail() :
		    core_status_message(s));
		status(st, msg, TUI_ROLE_ERROR);
		return nav_stay();
	}
	tui_textarea_clear(&st->what);
	snprintf(st->done, sizeof st->done, "The concern is saved as number "
	    "%lld, receipt %s.\n\nThe designated safeguarding lead will see "
	    "it in the concerns queue.", (long long)rc.id, rc.receipt);
	tui_label_set(&st->saved, st->done, TUI_ROLE_BODY);
	status(st, "", TUI_ROLE_BODY);
	show_phase(st, PHASE_SAVED);
	tui_form_focus(&st->form, &st->frame.nav[1].ctl);
	return nav_stay();
}

/* Back or Esc: at once, or after asking when something was typed. */
static struct nav
leave_asking(struct state *st)
{
	if (st->phase == PHASE_SAVED || !typed(st))
		return nav_to(NAV_POP, NULL, NULL);
	tui_dialog_init(&st->dlg, DLG_LEAVE, "Leave without saving?",
	    "This concern is not saved yet. If you leave, what you typed "
	    "is lost.", "Leave, do not save", "Keep writing");
	tui_form_open(&st->form, &st->dlg);
	return nav_stay();
}

static struct nav
new_action(struct screen *scr, const struct tui_event *ev)
{
	struct state *st = scr->state;
	struct tui_ctl *focus = tui_form_focused(&st->form);
	struct tui_outcome o;

	if (st->phase == PHASE_SAVING)
		return nav_stay();	/* saving: keys wait */
	if (ev->action == ACT_BACK && !st->form.modal)
		return leave_asking(st);
	if (ev->action == ACT_CHOOSE && focus == &st->frefs.ctl)
		return save(scr);
	o = tui_form_event(&st->form, ev);
	if (o.res == TUI_CHANGE && o.id == ID_REFS)
		named_update(scr);
	if (o.res == TUI_CHANGE && st->phase == PHASE_FORM)
		status(st, "", TUI_ROLE_BODY);
	if (o.res == TUI_ACTIVATE) {
		switch (o.id) {
		case TUI_ID_NEXT:
			if (st->phase == PHASE_SAVED)
				return nav_to(NAV_POP, NULL, NULL);
			return save(scr);
		case TUI_ID_BACK:
			return leave_asking(st);
		case DLG_LEAVE:
			tui_form_close(&st->form);
			return o.index == 0 ? nav_to(NAV_POP, NULL, NULL) :
			    nav_stay();
		default:
			return app_staff_button(scr->app, o.id);
		}
	}
	if (o.res != TUI_PASS)
		return nav_stay();
	return nav_pass();
}

const struct screen_ops screen_staff_concern_new = {
	.name = "staff_concern_new",
	.state_size = sizeof(struct state),
	.enter = new_enter,
	.leave = new_leave,
	.layout = new_layout,
	.draw = new_draw,
	.on_action = new_action,
	.on_tick = new_tick,
};
