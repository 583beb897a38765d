/* SPDX-License-Identifier: ISC */
/*
 * The supervisor's dashboard (issue 5; SPEC section 5): completion per
 * group and per cohort as bar charts, and the counts of outstanding,
 * lapsed, declined, locked, consents ending within 90 days and open
 * concerns, each a button that opens the learners behind it. Verify runs
 * the whole ledger check with a progress bar and records the run in the
 * ledger (verify_record_run).
 *
 * The numbers are worked out on a worker thread (stats_job, with its own
 * read connection): the screen opens at once with "Counting" and a
 * progress bar, the tick polls the count, and Back, Lock, Help and the
 * idle limit work meanwhile; leaving cancels the count. A small site's
 * count ends within a moment and shows straight away. Each opening counts
 * afresh; the numbers stay while a list is open on top, and the note
 * says when they were counted.
 *
 * verify_ledger runs to the end in one call (on worker threads, with a
 * progress callback on this one), so it cannot be cut into ticks: the
 * callback repaints the bar as it goes, and input waits until it is done.
 *
 * Actions: a count -> screen_staff_dashboard_list (Open concerns ->
 * screen_staff_concerns), once counted; Verify (once counted) ->
 * "Verifying", then the result; Back/Esc -> NAV_POP; Lock.
 */
#include "screens/app.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/concern.h"
#include "core/role.h"
#include "core/stats.h"
#include "core/store.h"
#include "core/verify.h"
#include "core/verify_run.h"
#include "tui/barchart.h"
#include "tui/button.h"
#include "tui/form.h"
#include "tui/frame.h"
#include "tui/label.h"
#include "tui/term.h"
#include "tui/text.h"

#define NBUTTONS 6
#define ID_COUNT0 100
#define LABEL_MAX_W 34
#define POLL_MS 50	/* how often the tick looks at the count */
#define QUICK_MS 30	/* a count that ends this soon shows at once */

enum phase { PHASE_COUNTING, PHASE_READY, PHASE_FAILED, PHASE_VERIFYING };

/* The counts shown as buttons, with short words that fit 80 columns. */
static const struct {
	enum stats_count which;
	const char *words;
} counts[NBUTTONS] = {
	{STATS_OUTSTANDING, "Not done yet"},
	{STATS_LAPSED, "Lapsed"},
	{STATS_DECLINED, "Declined"},
	{STATS_LOCKED, "Locked"},
	{STATS_CONSENT_EXPIRING, "Consent ending"},
	{STATS_OPEN_CONCERNS, "Open concerns"},
};

struct state {
	enum phase phase;
	bool may_verify;
	struct stats_job *job;
	struct stats_shown shown[NBUTTONS];	/* what a count's list gets */
	struct tui_rect area;
	struct tui_form form;
	struct tui_frame frame;
	struct tui_barchart groups, cohorts, progress;
	struct tui_button count[NBUTTONS];
	struct tui_label note;
};

static void dashboard_layout(struct screen *scr, struct tui_rect area);

/* The note and the bar share a row: a whole repaint when they swap. */
static void
show_progress(struct state *st, bool on)
{
	if (st->progress.ctl.hidden == !on && st->note.ctl.hidden == on)
		return;
	tui_ctl_set_hidden(&st->note.ctl, on);
	tui_ctl_set_hidden(&st->progress.ctl, !on);
	tui_invalidate();
}

static void
note(struct state *st, const char *text, enum tui_role role)
{
	tui_label_set(&st->note, text, role);
	show_progress(st, false);
}

/* "00:26 UTC": when the numbers were counted. */
static void
counted_at(int64_t ms, char *out, size_t cap)
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;

	if (!gmtime_r(&t, &tm) || !strftime(out, cap, "%H:%M UTC", &tm))
		snprintf(out, cap, "?");
}

/* The charts, the count buttons and Verify: shown once there are numbers. */
static void
show_numbers(struct state *st, bool on)
{
	tui_ctl_set_hidden(&st->groups.ctl, !on);
	tui_ctl_set_hidden(&st->cohorts.ctl, !on);
	for (size_t i = 0; i < NBUTTONS; i++)
		tui_ctl_set_hidden(&st->count[i].ctl, !on);
	tui_ctl_set_hidden(&st->frame.nav[1].ctl, !on || !st->may_verify);
	/* Focus moves to the first count unless it was moved meanwhile. */
	if (on && tui_form_focused(&st->form) == &st->frame.nav[0].ctl)
		tui_form_focus(&st->form, &st->count[0].ctl);
	tui_invalidate();
}

static void
show_stats(struct screen *scr, const struct stats *s)
{
	struct state *st = scr->state;
	const struct stats_bar *b;
	char label[96], when[32];
	size_t i;

	tui_barchart_clear(&st->groups);
	tui_barchart_clear(&st->cohorts);
	for (i = 0; i < stats_ngroups(s); i++) {
		b = stats_group(s, i);
		tui_barchart_add(&st->groups, b->title, b->counts[STATS_COMPLETE],
		    b->counts[STATS_LEARNERS]);
	}
	for (i = 0; i < stats_ncohorts(s); i++) {
		b = stats_cohort(s, i);
		tui_barchart_add(&st->cohorts, b->cohort[0] ? b->title :
		    "No cohort", b->counts[STATS_COMPLETE],
		    b->counts[STATS_LEARNERS]);
	}
	/* One label column for both charts, so their bars line up. */
	st->groups.label_w = st->cohorts.label_w = 0;
	for (i = 0; i < st->groups.n + st->cohorts.n; i++) {
		const char *l = i < st->groups.n ? st->groups.bar[i].label :
		    st->cohorts.bar[i - st->groups.n].label;
		int lw = tui_text_width(l, strlen(l));

		if (lw > st->groups.label_w)
			st->groups.label_w = lw > LABEL_MAX_W ? LABEL_MAX_W : lw;
	}
	st->cohorts.label_w = st->groups.label_w;
	b = stats_total(s);
	for (i = 0; i < NBUTTONS; i++) {
		st->shown[i].which = counts[i].which;
		st->shown[i].n = b->counts[counts[i].which];
		st->shown[i].now_ms = stats_now(s);
		snprintf(label, sizeof label, "%s %llu", counts[i].words,
		    (unsigned long long)st->shown[i].n);
		tui_button_set_label(&st->count[i], label);
	}
	counted_at(stats_now(s), when, sizeof when);
	snprintf(label, sizeof label, "%llu learners, %u%% complete. Counted at "
	    "%s.", (unsigned long long)b->counts[STATS_LEARNERS],
	    stats_bar_percent(b), when);
	note(st, label, TUI_ROLE_NOTE);
	show_numbers(st, true);
}

static void
count_failed(struct state *st, enum core_status status)
{
	st->phase = PHASE_FAILED;
	note(st, status == CORE_ERR_DENIED ? "Your role cannot see the "
	    "dashboard." : "Sorry, the numbers cannot be worked out now. Go "
	    "back and try again.", TUI_ROLE_ERROR);
}

/* The count has ended: its numbers, or why not. */
static void
count_ended(struct screen *scr)
{
	struct state *st = scr->state;
	struct stats *s = NULL;
	enum core_status status = stats_job_take(st->job, &s);

	stats_job_free(&st->job);
	if (status != CORE_OK) {
		count_failed(st, status);
	} else {
		st->phase = PHASE_READY;
		show_stats(scr, s);
		stats_free(&s);
	}
	/* The charts' rows and the bar's place change. */
	if (st->area.w > 0)
		dashboard_layout(scr, st->area);
}

static enum core_status
dashboard_enter(struct screen *scr, const void *arg)
{
	struct state *st = scr->state;
	const struct staff *who = app_staff(scr->app);
	enum core_status status;
	size_t i;

	(void)arg;
	if (!who || !role_allows(who->role, ROLE_ACT_DASHBOARD))
		return CORE_ERR_DENIED;
	st->may_verify = role_allows(who->role, ROLE_ACT_VERIFY);
	tui_form_init(&st->form);
	app_staff_frame(scr->app, &st->frame, "Dashboard",
	    st->may_verify ? "Verify" : NULL, TUI_FRAME_NO_ACTION);
	tui_barchart_init(&st->groups, "Complete, by group", "learners");
	tui_barchart_init(&st->cohorts, "Complete, by cohort", "learners");
	tui_barchart_init(&st->progress, "", "learners");
	tui_barchart_add(&st->progress, "Counting", 0, 0);
	tui_label_init(&st->note, "", TUI_ROLE_NOTE);
	tui_form_add(&st->form, &st->groups.ctl);
	tui_form_add(&st->form, &st->cohorts.ctl);
	for (i = 0; i < NBUTTONS; i++) {
		tui_button_init(&st->count[i], ID_COUNT0 + (int)i,
		    counts[i].words);
		tui_form_add(&st->form, &st->count[i].ctl);
	}
	tui_form_add(&st->form, &st->note.ctl);
	tui_form_add(&st->form, &st->progress.ctl);
	tui_frame_add(&st->frame, &st->form);
	tui_frame_set_keys(&st->frame, 0, NULL);
	/* Until the numbers come: the bar, Back and Lock. */
	show_numbers(st, false);
	show_progress(st, true);
	tui_form_focus(&st->form, &st->frame.nav[0].ctl);
	st->phase = PHASE_COUNTING;
	status = stats_job_start(scr->site, who->pseudonym, store_now_ms(),
	    &st->job);
	if (status != CORE_OK)
		count_failed(st, status);
	else if (stats_job_wait(st->job, QUICK_MS))
		count_ended(scr);
	else
		scr->tick_ms = POLL_MS;
	return CORE_OK;
}

static void
dashboard_leave(struct screen *scr)
{
	struct state *st = scr->state;

	stats_job_free(&st->job);	/* cancels a count under way */
}

static void
dashboard_layout(struct screen *scr, struct tui_rect area)
{
	struct state *st = scr->state;
	struct tui_rect b;
	int y, gh, ch, extra, w, i, x0;

	st->area = area;
	/* Back on top (a help screen closed): the count may have ended. */
	if (st->phase == PHASE_COUNTING && stats_job_wait(st->job, 0)) {
		count_ended(scr);
		return;
	}
	if (st->phase == PHASE_COUNTING)
		scr->tick_ms = POLL_MS;	/* taken with the next key */
	tui_frame_layout(&st->frame, area.h, area.w);
	b = st->frame.body;
	/* 17 rows at 80x24: groups 4, cohorts 3, gap, 2 rows of buttons, note. */
	extra = b.h - 17 > 0 ? b.h - 17 : 0;
	gh = tui_barchart_rows(&st->groups);
	gh = gh < 2 ? 2 : gh > 4 + extra ? 4 + extra : gh;
	ch = 7 + extra - gh;
	tui_ctl_place(&st->groups.ctl, (struct tui_rect){b.y, b.x + 1, gh,
	    b.w - 2});
	tui_ctl_place(&st->cohorts.ctl, (struct tui_rect){b.y + gh, b.x + 1, ch,
	    b.w - 2});
	y = b.y + gh + ch + 1;
	w = (b.w - 2 - 4) / 3;
	x0 = b.x + 1;
	for (i = 0; i < NBUTTONS; i++)
		tui_ctl_place(&st->count[i].ctl, (struct tui_rect){
		    y + 4 * (i / 3), x0 + (w + 2) * (i % 3), 3, w});
	y += 8;
	tui_ctl_place(&st->note.ctl, (struct tui_rect){y, b.x + 1, 1, b.w - 2});
	/* Counting: the bar at the top, where the numbers will be. */
	tui_ctl_place(&st->progress.ctl, (struct tui_rect){
	    st->phase == PHASE_COUNTING ? b.y : y, b.x + 1, 1, b.w - 2});
}

static void
dashboard_draw(struct screen *scr)
{
	struct state *st = scr->state;

	tui_form_paint(&st->form);
}

/* verify_ledger's callback, on this thread: move the bar and paint it. */
static void
progress(uint64_t done, uint64_t total, void *ctx)
{
	struct state *st = ctx;

	tui_barchart_set(&st->progress, 0, done, total);
	tui_form_paint(&st->form);
	tui_present();
}

static void
verify_now(struct screen *scr)
{
	struct state *st = scr->state;
	const struct staff *who = app_staff(scr->app);
	struct verify_report rep;
	enum core_status s, rec;
	char text[512];

	memset(&rep, 0, sizeof rep);
	s = store_begin_read(scr->site->st);
	if (s == CORE_OK) {
		s = verify_ledger(scr->site->st, NULL, progress, st, &rep);
		if (s == CORE_OK && (s = concern_verify(scr->site,
		    &rep.bad_seq)) == CORE_ERR_VERIFY) {
			snprintf(rep.bad_field, sizeof rep.bad_field, "concerns");
			snprintf(rep.reason, sizeof rep.reason, "%s",
			    core_detail());
		}
		store_rollback(scr->site->st);
	}
	rec = verify_record_run(scr->site, who ? who->pseudonym : NULL, s,
	    &rep, NULL);
	if (s == CORE_OK)
		snprintf(text, sizeof text, "Verified: all %llu records hold%s",
		    (unsigned long long)rep.count, rec == CORE_OK ?
		    ". This check is recorded." : ", but this check could not "
		    "be recorded.");
	else if (s == CORE_ERR_VERIFY)
		snprintf(text, sizeof text, "Verify FAILED at record %llu (%s). "
		    "Tell the administrator.", (unsigned long long)rep.bad_seq,
		    rep.bad_field);
	else
		snprintf(text, sizeof text, "Sorry, the records could not be "
		    "read to verify them. Please try again.");
	note(st, text, s == CORE_OK ? TUI_ROLE_NOTE : TUI_ROLE_ERROR);
}

static struct nav
dashboard_tick(struct screen *scr, unsigned elapsed)
{
	struct state *st = scr->state;
	uint64_t done, total;

	(void)elapsed;
	if (st->phase == PHASE_COUNTING) {
		if (stats_job_wait(st->job, 0)) {
			count_ended(scr);
		} else {
			stats_job_progress(st->job, &done, &total);
			tui_barchart_set(&st->progress, 0, done, total);
			scr->tick_ms = POLL_MS;
		}
	} else if (st->phase == PHASE_VERIFYING) {
		st->phase = PHASE_READY;
		verify_now(scr);
	}
	return nav_stay();
}

static void
verify_start(struct screen *scr)
{
	struct state *st = scr->state;

	st->phase = PHASE_VERIFYING;
	st->progress.unit = "records";
	tui_barchart_clear(&st->progress);
	tui_barchart_add(&st->progress, "Verified", 0, 0);
	show_progress(st, true);
	scr->tick_ms = 1;	/* show the bar, then work */
}

static struct nav
dashboard_action(struct screen *scr, const struct tui_event *ev)
{
	struct state *st = scr->state;
	struct tui_outcome o;
	int i;

	if (st->phase == PHASE_VERIFYING)
		return nav_stay();	/* keys wait for the verify */
	o = tui_form_event(&st->form, ev);
	if (o.res == TUI_ACTIVATE) {
		i = o.id - ID_COUNT0;
		if (st->phase == PHASE_READY && o.id == TUI_ID_NEXT &&
		    st->may_verify) {
			verify_start(scr);
			return nav_stay();
		}
		if (st->phase == PHASE_READY && i >= 0 && i < NBUTTONS) {
			if (counts[i].which == STATS_OPEN_CONCERNS)
				return nav_to(NAV_PUSH, &screen_staff_concerns,
				    NULL);
			return nav_to(NAV_PUSH, &screen_staff_dashboard_list,
			    &st->shown[i]);
		}
		return app_staff_button(scr->app, o.id);
	}
	if (o.res != TUI_PASS)
		return nav_stay();
	if (ev->action == ACT_BACK)
		return nav_to(NAV_POP, NULL, NULL);
	return nav_pass();
}

const struct screen_ops screen_staff_dashboard = {
	.name = "staff_dashboard",
	.state_size = sizeof(struct state),
	.enter = dashboard_enter,
	.leave = dashboard_leave,
	.layout = dashboard_layout,
	.draw = dashboard_draw,
	.on_action = dashboard_action,
	.on_tick = dashboard_tick,
};
