/* SPDX-License-Identifier: ISC */
/*
 * The app: the screen stack and the one event loop. Each turn paints what
 * changed, then blocks for input no longer than the next deadline (a
 * screen's tick, the idle warning, the idle limit), so an idle kiosk writes
 * nothing. Global keys: F1 help, F2 report a concern, F3 read to me.
 * Idle on any screen above the welcome: a warning, then NAV_HOME, which
 * closes every screen (their leave() wipes secrets), frees the walk and
 * wipes the terminal and its scrollback.
 *
 * Start-up: the welcome is painted while the site's keys, content and
 * database open on a thread (site_open_kiosk_begin); no key is read
 * until that ends, and a database that failed puts maintenance in the
 * welcome's place. Then the whole-file quick check runs on a thread of
 * its own, polled every turn: damage found means maintenance, as if
 * found at start (NAV_HOME), and what was typed for the old screen is
 * dropped.
 *
 * Also here, because screens export nothing but their ops: the walk's
 * step order and the buttons every step screen shares.
 */
#include "screens/app.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>

#include "core/crypto.h"
#include "core/role.h"
#include "tui/dialog.h"
#include "tui/form.h"
#include "tui/frame.h"
#include "tui/say.h"
#include "tui/speech.h"
#include "tui/term.h"

#define APP_STACK_MAX 8
#define APP_CHECK_POLL_MS 100	/* while the whole-file check runs */

enum {
	DLG_DECLINE = 8001,
	DLG_STOP,
};

struct app {
	struct site *site;
	struct screen stack[APP_STACK_MAX];
	const void *args[APP_STACK_MAX];	/* what each was opened with */
	size_t depth;
	struct walk *walk;
	struct signer *witness;		/* kept open while the walk lasts */
	size_t step;
	uint64_t last_input;
	uint64_t tick_due, tick_asked;
	bool warned;
	bool running;
	struct tui_dialog idle;
	bool staff_on;
	struct staff staff;	/* who is signed in; no secrets */
	/* Read to me: the words being read and the sentence shown. */
	struct tui_say say;
	bool reading;
	int sentence;		/* tui_speech_tick's index, -1: none yet */
	bool swallow_release;	/* a press stopped reading: its release too */
	bool checking;		/* the site's background check is running */
};

static const struct message_arg msg_read = {"Read to me",
    TUI_SPEECH_UNAVAILABLE_TEXT, false};
static const struct message_arg msg_ask = {"Ask staff",
    "Please put your hand up or call a member of staff. They will come and "
    "help you.", false};
static const struct message_arg msg_done = {"Nothing to sign",
    "You have nothing to sign today. Thank you.", true};
static const struct message_arg msg_permission = {"Please see staff",
    "You cannot start yet. Please see a member of staff.", true};
static const struct message_arg msg_broken = {"Sorry",
    "Sorry, something went wrong. Please fetch a member of staff.", true};

uint64_t
app_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static struct screen *
top(struct app *a)
{
	return &a->stack[a->depth - 1];
}

static void
layout_top(struct app *a)
{
	int rows, cols;

	if (tui_too_small())
		return;
	tui_size(&rows, &cols);
	top(a)->ops->layout(top(a), (struct tui_rect){0, 0, rows, cols});
}

static void
take_tick(struct app *a, uint64_t now)
{
	struct screen *s = top(a);

	if (s->tick_ms) {
		a->tick_due = now + s->tick_ms;
		a->tick_asked = now;
		s->tick_ms = 0;
	}
}

static void
close_screen(struct screen *s)
{
	if (s->ops && s->ops->leave)
		s->ops->leave(s);
	if (s->state) {
		crypto_wipe(s->state, s->ops->state_size);
		free(s->state);
	}
	memset(s, 0, sizeof *s);
}

static bool
open_screen(struct app *a, const struct screen_ops *ops, const void *arg,
    struct screen *out)
{
	memset(out, 0, sizeof *out);
	out->ops = ops;
	out->app = a;
	out->site = a->site;
	out->state = calloc(1, ops->state_size ? ops->state_size : 1);
	if (!out->state)
		return false;
	if (ops->enter(out, arg) != CORE_OK) {
		close_screen(out);
		return false;
	}
	return true;
}

static void
close_above_root(struct app *a)
{
	while (a->depth > 1)
		close_screen(&a->stack[--a->depth]);
}

static void
new_top(struct app *a)
{
	a->tick_due = 0;
	tui_invalidate();
	layout_top(a);
	/* After layout, which may ask for a tick (a count still running). */
	take_tick(a, app_now_ms());
}

static void apply(struct app *a, struct nav nav);

/* Stop reading at once; the overlay goes with a full repaint. */
static void
read_stop(struct app *a)
{
	tui_speech_stop();
	if (a->reading) {
		a->reading = false;
		tui_invalidate();
	}
	a->sentence = -1;
}

/* F3 or the Read button: the page's words, then the focused control's. */
static struct nav
read_start(struct app *a)
{
	struct screen *s = top(a);
	enum tui_speech_status st;
	size_t n;

	read_stop(a);
	if (!s->ops->form)
		return nav_stay();
	tui_say_init(&a->say);
	tui_say_form(&a->say, s->ops->form(s));
	n = tui_say_sentences(&a->say);
	st = tui_speech_say(a->say.sentence, n);
	if (st == TUI_SPEECH_UNAVAILABLE)
		return nav_to(NAV_PUSH, &screen_message, &msg_read);
	a->reading = st == TUI_SPEECH_SPEAKING;
	return nav_stay();
}

/* Each turn while reading: which sentence, or the end (or a failure). */
static void
read_tick(struct app *a, uint64_t now)
{
	int i;

	if (!a->reading)
		return;
	i = tui_speech_tick();
	if (i >= 0) {
		if (i != a->sentence)
			a->last_input = now;	/* listening is not idle */
		a->sentence = i;
		return;
	}
	read_stop(a);
	if (tui_speech_status() == TUI_SPEECH_UNAVAILABLE)
		apply(a, nav_to(NAV_PUSH, &screen_message, &msg_read));
}

/*
 * While reading, every key or tap stops it and does nothing else, except
 * - and + for the speed. True when the event was used up here.
 */
static bool
read_key(struct app *a, const struct tui_event *ev)
{
	if (a->swallow_release && ev->action == ACT_RELEASE) {
		a->swallow_release = false;
		return true;
	}
	a->swallow_release = false;
	if (!a->reading)
		return false;
	if (ev->action == ACT_CHAR && (ev->ch == '-' || ev->ch == '+')) {
		if (ev->ch == '-')
			tui_speech_rate_down();
		else
			tui_speech_rate_up();
		return true;
	}
	read_stop(a);
	a->swallow_release = ev->action == ACT_PRESS;
	return true;
}

static void
end_staff(struct app *a)
{
	a->staff_on = false;
	crypto_wipe(&a->staff, sizeof a->staff);
}

static void
end_walk(struct app *a)
{
	walk_free(&a->walk);
	signer_free(&a->witness);
	a->step = 0;
}

/* The root: the welcome, or the maintenance lock (SPEC section 8). */
static const struct screen_ops *
home_ops(const struct app *a)
{
	return site_in_maintenance(a->site) ? &screen_maintenance :
	    &screen_welcome;
}

static void
go_home(struct app *a)
{
	struct screen fresh;

	read_stop(a);
	close_above_root(a);
	/* A fresh welcome too: not even the last person's focus remains. */
	if (open_screen(a, home_ops(a), NULL, &fresh)) {
		close_screen(&a->stack[0]);
		a->stack[0] = fresh;
	}
	end_walk(a);
	end_staff(a);
	a->warned = false;
	a->tick_due = 0;
	tui_wipe();
	layout_top(a);
}

static void
apply(struct app *a, struct nav nav)
{
	struct screen fresh;

	switch (nav.kind) {
	case NAV_STAY:
	case NAV_PASS:
		return;
	case NAV_PUSH:
	case NAV_REPLACE:
	case NAV_RESET:
		read_stop(a);
		/* Open first: the arg may point into the screen being closed. */
		if (!open_screen(a, nav.to, nav.arg, &fresh)) {
			if (!open_screen(a, &screen_message, &msg_broken, &fresh))
				return;
			nav.kind = NAV_RESET;
			nav.arg = &msg_broken;
		}
		if (nav.kind == NAV_REPLACE && a->depth > 1)
			close_screen(&a->stack[--a->depth]);
		else if (nav.kind == NAV_RESET)
			close_above_root(a);
		if (a->depth == APP_STACK_MAX) {
			close_screen(&fresh);
			return;
		}
		a->args[a->depth] = nav.arg;
		a->stack[a->depth++] = fresh;
		new_top(a);
		return;
	case NAV_POP:
		read_stop(a);
		if (a->depth > 1) {
			close_screen(&a->stack[--a->depth]);
			new_top(a);
		}
		return;
	case NAV_HOME:
		go_home(a);
		return;
	case NAV_QUIT:
		a->running = false;
		return;
	}
}

struct nav
app_assist(struct app *a, int frame_id)
{
	const struct screen_ops *to = &screen_message;
	const void *arg = NULL;

	switch (frame_id) {
	case TUI_ID_HELP:
		to = &screen_help;
		break;
	case TUI_ID_CONCERN:
		to = &screen_concern;
		break;
	case TUI_ID_READ:
		return read_start(a);
	case TUI_ID_ASK:
		arg = &msg_ask;
		break;
	default:
		return nav_stay();
	}
	if (top(a)->ops == to && a->args[a->depth - 1] == arg)
		return nav_stay();
	return nav_to(NAV_PUSH, to, arg);
}

static struct nav
global(struct app *a, const struct tui_event *ev)
{
	if (a->staff_on && (ev->action == ACT_CONCERN || ev->action == ACT_READ))
		return nav_stay();	/* learner help, not for staff mode */
	switch (ev->action) {
	case ACT_HELP:
		return app_assist(a, TUI_ID_HELP);
	case ACT_CONCERN:
		return app_assist(a, TUI_ID_CONCERN);
	case ACT_READ:
		return app_assist(a, TUI_ID_READ);
	default:
		return nav_stay();
	}
}

/* Staff mode, or on the way in: the staff idle time applies. */
static bool
staff_mode(struct app *a)
{
	return a->staff_on || top(a)->ops == &screen_staff_signin;
}

static uint64_t
idle_at(struct app *a, bool warning)
{
	const struct config *cfg = a->site->cfg;
	uint64_t limit = (uint64_t)cfg->idle_seconds * 1000;
	uint64_t warn = (uint64_t)cfg->idle_warning_seconds * 1000;

	if (staff_mode(a)) {
		/* Warned half way, or the usual warning if that is shorter. */
		limit = (uint64_t)cfg->staff_idle_seconds * 1000;
		if (warn > limit / 2)
			warn = limit / 2;
	}

	if (warning)
		limit = warn < limit ? limit - warn : 0;
	return a->last_input + limit;
}

static int
next_timeout(struct app *a, uint64_t now)
{
	uint64_t due = a->tick_due, d;
	int speech = tui_speech_wait_ms();

	if (speech >= 0 && (!due || now + (uint64_t)speech < due))
		due = now + (uint64_t)speech;

	if (a->depth > 1) {
		d = idle_at(a, !a->warned);
		if (!due || d < due)
			due = d;
	}
	if (a->checking && (!due || now + APP_CHECK_POLL_MS < due))
		due = now + APP_CHECK_POLL_MS;
	if (!due)
		return -1;
	if (due <= now)
		return 0;
	return due - now > INT_MAX ? INT_MAX : (int)(due - now);
}

static void
on_time(struct app *a, uint64_t now)
{
	struct screen *s;
	struct nav nav;

	if (a->depth > 1 && now >= idle_at(a, false)) {
		go_home(a);
		return;
	}
	if (a->depth > 1 && !a->warned && now >= idle_at(a, true)) {
		a->warned = true;
		if (staff_mode(a))
			tui_dialog_init(&a->idle, 0, "Staff mode locks soon",
			    "Press any key to stay signed in.", NULL, NULL);
		else
			tui_dialog_init(&a->idle, 0, "Are you still there?",
			    "Press any key to carry on.", NULL, NULL);
	}
	if (a->tick_due && now >= a->tick_due) {
		s = top(a);
		a->tick_due = 0;
		if (!s->ops->on_tick)
			return;
		nav = s->ops->on_tick(s, (unsigned)(now - a->tick_asked));
		take_tick(a, app_now_ms());
		apply(a, nav);
	}
}

static void
handle(struct app *a, const struct tui_event *ev, uint64_t now)
{
	struct screen *s;
	struct nav nav;

	if (ev->action == ACT_MOTION)
		return;		/* a pointer moving is not a key or a tap */
	if (ev->action == ACT_RESIZE) {
		tui_invalidate();
		layout_top(a);
		return;
	}
	a->last_input = now;
	if (read_key(a, ev))
		return;
	if (a->staff_on && (ev->action == ACT_LOCK || ev->action == ACT_STAFF)) {
		/* Lock works on every screen, whatever it is doing. */
		go_home(a);
		return;
	}
	if (a->warned) {
		/* The key that answers the warning does nothing else. */
		a->warned = false;
		tui_invalidate();
		return;
	}
	if (tui_too_small())
		return;
	s = top(a);
	nav = s->ops->on_action(s, ev);
	if (nav.kind == NAV_PASS)
		nav = global(a, ev);
	take_tick(a, now);
	apply(a, nav);
}

/*
 * The whole-file check, running since the first paint: damage found means
 * maintenance, exactly as if found at start (NAV_HOME: every screen
 * closed, any walk abandoned unsigned, staff mode ended). True then.
 */
static bool
check_failed(struct app *a)
{
	enum site_check c = site_check_poll(a->site);

	if (c == SITE_CHECK_RUNNING)
		return false;
	a->checking = false;
	if (c != SITE_CHECK_FAILED)
		return false;
	go_home(a);
	return true;
}

/*
 * Drop what was typed for a screen that is gone (the welcome, replaced by
 * maintenance): it was never meant for what now shows. A resize still
 * counts, and SIGTERM still ends the kiosk.
 */
static void
drain_input(struct app *a)
{
	struct tui_event ev;
	enum tui_read r;

	while ((r = tui_read(&ev, 0)) != TUI_READ_TIMEOUT) {
		if (r != TUI_READ_EVENT) {
			a->running = false;
			return;
		}
		if (ev.action == ACT_RESIZE)
			handle(a, &ev, app_now_ms());
	}
}

/*
 * After the first paint: the database, opened meanwhile on a thread
 * (site_open_kiosk_begin), is waited for before any key is read, so keys
 * typed meanwhile wait in the terminal and reach the welcome after. If
 * the open failed into maintenance, that replaces the welcome (and what
 * was typed for it is dropped); if the kiosk cannot run at all, false.
 * Then the whole-file check starts behind whatever shows.
 */
static bool
finish_open(struct app *a)
{
	if (site_open_kiosk_end(a->site) != CORE_OK)
		return false;
	if (site_in_maintenance(a->site)) {
		if (top(a)->ops != &screen_maintenance) {
			go_home(a);
			drain_input(a);
		}
		return true;
	}
	site_check_start(a->site);
	a->checking = true;
	if (check_failed(a))
		drain_input(a);
	return true;
}

static void
paint(struct app *a)
{
	struct screen *s = top(a);

	if (tui_too_small()) {
		tui_draw_too_small();
	} else {
		s->ops->draw(s);
		if (a->warned)
			tui_dialog_paint(&a->idle);
		if (a->reading && a->sentence >= 0 &&
		    (size_t)a->sentence < a->say.n)
			tui_say_paint(a->say.sentence[a->sentence],
			    (size_t)a->sentence, a->say.n, tui_speech_rate());
	}
	tui_present();
}

int
app_run(struct site *site)
{
	struct app *a;
	struct tui_event ev;
	enum tui_read r;
	bool started = false;
	int rc = EX_OK;
	uint64_t now;

	if (tui_init(site->cfg->theme) != 0) {
		core_fail(CORE_ERR_INVALID, "%s", tui_error());
		return EX_UNAVAILABLE;
	}
	core_set_fatal_hook(tui_shutdown);
	a = calloc(1, sizeof *a);
	if (a)
		a->site = site;
	if (a)
		a->sentence = -1;
	if (!a || !open_screen(a, home_ops(a), NULL, &a->stack[0])) {
		free(a);
		tui_shutdown();
		core_fail(CORE_ERR_NOMEM, "cannot start the welcome screen");
		return EX_SOFTWARE;
	}
	a->depth = 1;
	a->running = true;
	a->last_input = app_now_ms();
	tui_wipe();
	layout_top(a);
	while (a->running) {
		paint(a);
		if (!started) {
			started = true;
			if (!finish_open(a)) {
				rc = EX_UNAVAILABLE;
				break;
			}
			continue;	/* paint what finish_open changed */
		}
		now = app_now_ms();
		r = tui_read(&ev, next_timeout(a, now));
		now = app_now_ms();
		if (r == TUI_READ_QUIT || r == TUI_READ_END)
			break;
		/* Damage found: what was typed meant the screen now gone. */
		if (a->checking && check_failed(a)) {
			drain_input(a);
			continue;
		}
		if (r == TUI_READ_TIMEOUT)
			on_time(a, now);
		else
			handle(a, &ev, now);
		read_tick(a, now);
	}
	tui_speech_shutdown();
	close_above_root(a);
	close_screen(&a->stack[0]);
	end_walk(a);
	end_staff(a);
	free(a);
	tui_wipe();
	tui_shutdown();
	return rc;
}

/* ---- the walk ---- */

struct walk *
app_walk(struct app *a)
{
	return a->walk;
}

size_t
app_step(const struct app *a)
{
	return a->step;
}

static struct nav
step_nav(struct app *a, size_t i, enum nav_kind kind)
{
	const struct screen_ops *to = &screen_review;
	size_t n = walk_nsteps(a->walk);

	a->step = i < n ? i : n;
	if (i < n) {
		switch (walk_step(a->walk, i)->def->kind) {
		case STEP_CHECKLIST:
			to = &screen_checklist;
			break;
		case STEP_QUIZ:
			to = &screen_quiz;
			break;
		case STEP_CONSENT:
			to = &screen_consent;
			break;
		case STEP_DOCUMENT:
		case STEP_NOTICE:
		case STEP_COMMITMENT:
		default:
			to = &screen_document;
			break;
		}
	}
	return nav_to(kind, to, NULL);
}

struct nav
app_goto_step(struct app *a, size_t i)
{
	return step_nav(a, i, NAV_REPLACE);
}

struct nav
app_begin_walk(struct app *a, const struct learner *l,
    enum core_status *status)
{
	struct walk *w = NULL;

	if (site_in_maintenance(a->site)) {
		*status = a->site->fault;	/* learners are kept out */
		return nav_stay();
	}
	*status = walk_begin(a->site, l, &w);
	switch (*status) {
	case CORE_OK:
		end_walk(a);
		a->walk = w;
		return step_nav(a, 0, NAV_RESET);
	case CORE_ERR_DONE:
		return nav_to(NAV_RESET, &screen_message, &msg_done);
	case CORE_ERR_PERMISSION:
		return nav_to(NAV_RESET, &screen_message, &msg_permission);
	default:
		return nav_stay();
	}
}

void
app_set_witness(struct app *a, struct signer *signer,
    const uint8_t pseudonym[CRYPTO_ID_BYTES])
{
	walk_set_witness(a->walk, NULL, NULL);
	signer_free(&a->witness);
	a->witness = signer;
	walk_set_witness(a->walk, signer, pseudonym);
}

void
app_step_label(const struct app *a, size_t i, const char *extra, char *out,
    size_t cap)
{
	size_t n = a->walk ? walk_nsteps(a->walk) + 1 : 1;

	snprintf(out, cap, "Step %zu of %zu%s%s", i + 1, n,
	    extra && *extra ? ", " : "", extra ? extra : "");
}

void
app_step_frame(struct app *a, struct tui_frame *fr, const char *title,
    const char *primary)
{
	char label[64];

	tui_frame_init(fr, title, primary, TUI_FRAME_DECLINE);
	app_step_label(a, a->step, NULL, label, sizeof label);
	tui_frame_set_title(fr, title, label);
}

struct nav
app_step_done(struct app *a)
{
	walk_step(a->walk, a->step)->state = WALK_DONE;
	return app_goto_step(a, a->step + 1);
}

struct nav
app_step_back(struct screen *scr, struct tui_form *form,
    struct tui_dialog *dlg)
{
	struct app *a = scr->app;

	if (a->step > 0)
		return app_goto_step(a, a->step - 1);
	tui_dialog_init(dlg, DLG_STOP, "Stop?",
	    "Do you want to stop? Nothing will be saved.", "Yes, stop",
	    "No, carry on");
	tui_form_open(form, dlg);
	return nav_stay();
}

struct nav
app_step_outcome(struct screen *scr, struct tui_form *form,
    struct tui_dialog *dlg, const struct tui_outcome *o)
{
	struct app *a = scr->app;

	if (o->res != TUI_ACTIVATE)
		return nav_pass();
	switch (o->id) {
	case TUI_ID_BACK:
		return app_step_back(scr, form, dlg);
	case TUI_ID_DECLINE:
		tui_dialog_init(dlg, DLG_DECLINE, "I do not agree",
		    "Are you sure? Staff will talk to you about this.",
		    "Yes, I do not agree", "No, go back");
		tui_form_open(form, dlg);
		return nav_stay();
	case DLG_DECLINE:
		tui_form_close(form);
		if (o->index != 0)
			return nav_stay();
		walk_step(a->walk, a->step)->state = WALK_DECLINED;
		return app_goto_step(a, a->step + 1);
	case DLG_STOP:
		tui_form_close(form);
		return o->index == 0 ? nav_to(NAV_HOME, NULL, NULL) : nav_stay();
	case TUI_ID_HELP:
	case TUI_ID_CONCERN:
	case TUI_ID_READ:
	case TUI_ID_ASK:
		return app_assist(a, o->id);
	default:
		return nav_pass();
	}
}

/* ---- staff mode ---- */

const struct staff *
app_staff(const struct app *a)
{
	return a->staff_on ? &a->staff : NULL;
}

struct nav
app_staff_begin(struct app *a, const struct staff *who)
{
	end_walk(a);
	a->staff = *who;
	a->staff_on = true;
	if (site_in_maintenance(a->site))
		return nav_to(NAV_RESET, &screen_maintenance, NULL);
	return nav_to(NAV_RESET, &screen_staff_home, NULL);
}

struct nav
app_staff_hand_over(struct app *a, struct walk *w)
{
	if (site_in_maintenance(a->site)) {
		/* No learner walk while in maintenance: back to the lock. */
		walk_free(&w);
		return nav_to(NAV_HOME, NULL, NULL);
	}
	end_staff(a);
	end_walk(a);
	a->walk = w;
	a->last_input = app_now_ms();
	a->warned = false;
	/* Nothing of the staff view may show behind the learner's walk. */
	tui_wipe();
	return step_nav(a, 0, NAV_RESET);
}

void
app_staff_frame(struct app *a, struct tui_frame *fr, const char *title,
    const char *primary, unsigned flags)
{
	char who[STAFF_NAME_MAX + 48];

	tui_frame_init(fr, title, primary ? primary : "",
	    flags | TUI_FRAME_STAFF | (primary ? 0 : TUI_FRAME_NO_PRIMARY));
	if (a->staff_on) {
		snprintf(who, sizeof who, "%s, %s", a->staff.name,
		    role_words(a->staff.role));
		tui_frame_set_title(fr, title, who);
	}
}

struct nav
app_pair_action(struct screen *scr, struct tui_form *form,
    struct tui_ctl *first, struct tui_ctl *second,
    struct nav (*submit)(struct screen *), bool staff,
    const struct tui_event *ev)
{
	struct tui_ctl *focus = tui_form_focused(form);
	struct tui_outcome o;

	if (ev->action == ACT_CHOOSE && focus == first) {
		tui_form_focus(form, second);
		return nav_stay();
	}
	if (ev->action == ACT_CHOOSE && focus == second)
		return submit(scr);
	o = tui_form_event(form, ev);
	if (o.res == TUI_ACTIVATE) {
		if (o.id == TUI_ID_NEXT)
			return submit(scr);
		if (staff)
			return app_staff_button(scr->app, o.id);
		if (o.id == TUI_ID_BACK)
			return nav_to(NAV_POP, NULL, NULL);
		return app_assist(scr->app, o.id);
	}
	if (o.res != TUI_PASS)
		return nav_stay();
	if (ev->action == ACT_BACK)
		return nav_to(NAV_POP, NULL, NULL);
	if (staff && (ev->action == ACT_STAFF || ev->action == ACT_LOCK))
		return nav_stay();
	return nav_pass();
}

const char *
app_staff_save_failed(enum core_status status, const char *denied, char *buf,
    size_t cap)
{
	if (status == CORE_ERR_INVALID)
		snprintf(buf, cap, "Please check this: %s.", core_detail());
	else if (status == CORE_ERR_DENIED)
		snprintf(buf, cap, "%s", denied);
	else
		snprintf(buf, cap, "Sorry, this could not be saved. Please try again.");
	return buf;
}

struct nav
app_staff_button(struct app *a, int frame_id)
{
	switch (frame_id) {
	case TUI_ID_LOCK:
		return nav_to(NAV_HOME, NULL, NULL);
	case TUI_ID_HELP:
		return app_assist(a, TUI_ID_HELP);
	case TUI_ID_BACK:
		return nav_to(NAV_POP, NULL, NULL);
	default:
		return nav_pass();
	}
}
