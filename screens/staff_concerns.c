/* SPDX-License-Identifier: ISC */
/*
 * Concerns (staff mode; issue 7): the counts, for anyone signed in; for a
 * DSL or an administrator, the queue behind their passphrase. The key is
 * opened with concerns_key_open (a sign-in, recorded) and freed in leave(),
 * so Back, Lock and idle all drop it. The queue lists by status, oldest
 * first; metadata only, no text, so it is read again whenever it shows.
 *
 * Actions: type the passphrase, Enter or Open -> checking, then the queue;
 * the Show choice -> another status; Enter or a tap on a row -> that
 * concern (screen_staff_concern); Record a concern (roles that may) ->
 * screen_staff_concern_new, and the counts and queue again on coming back;
 * Back/Esc -> NAV_POP; Lock.
 */
#include "screens/app.h"

#include <stdio.h>
#include <string.h>

#include "core/concern.h"
#include "core/crypto.h"
#include "core/role.h"
#include "core/store.h"
#include "tui/button.h"
#include "tui/choice.h"
#include "tui/field.h"
#include "tui/form.h"
#include "tui/frame.h"
#include "tui/label.h"
#include "tui/list.h"
#include "tui/term.h"

#define PASS_CAP 256
#define QUEUE_MAX 200
#define DAY_MS (24LL * 60 * 60 * 1000)

enum { ID_PASS = 1, ID_SHOW, ID_LIST, ID_RECORD };

enum phase { PHASE_COUNTS, PHASE_CHECKING, PHASE_QUEUE };

/* The Show choice, in order: its state mask. */
static const struct {
	const char *words;
	unsigned mask;
} shows[] = {
	{"Not closed", CONCERN_MASK(CONCERN_OPEN) |
	    CONCERN_MASK(CONCERN_IN_PROGRESS)},
	{"Open", CONCERN_MASK(CONCERN_OPEN)},
	{"In progress", CONCERN_MASK(CONCERN_IN_PROGRESS)},
	{"Closed", CONCERN_MASK(CONCERN_CLOSED)},
	{"All", 0},
};

struct state {
	enum phase phase;
	bool reader;		/* the role may read concerns */
	bool recorder;		/* the role may record one */
	bool changed;		/* an action was saved above: list again */
	char *pass;
	struct concerns_key *key;
	int64_t ids[QUEUE_MAX];
	size_t nids;
	struct concern_ref open;
	char counts_text[512];
	struct tui_rect area;	/* the last layout's, to lay out again */
	struct tui_form form;
	struct tui_frame frame;
	struct tui_label counts, info;
	struct tui_field fpass;
	struct tui_choice show;
	struct tui_list list;
	struct tui_button record;
};

static void concerns_layout(struct screen *scr, struct tui_rect area);

static long
days_ago(int64_t ms)
{
	int64_t d = store_now_ms() - ms;

	return d > 0 ? (long)(d / DAY_MS) : 0;
}

static void
age_words(int64_t ms, char *out, size_t cap)
{
	long d = days_ago(ms);

	if (d == 0)
		snprintf(out, cap, "today");
	else
		snprintf(out, cap, "%ld %s ago", d, d == 1 ? "day" : "days");
}

static void
say_counts(struct screen *scr)
{
	struct state *st = scr->state;
	struct concern_counts c;
	char age[32];
	size_t o, i;
	bool first = true;

	if (concern_counts(scr->site, &c) != CORE_OK) {
		tui_label_set(&st->counts, "Sorry, the concerns cannot be "
		    "counted now. Please try again.", TUI_ROLE_ERROR);
		return;
	}
	o = (size_t)snprintf(st->counts_text, sizeof st->counts_text,
	    "Concerns: %lu. Open %lu, in progress %lu, closed %lu.", c.total,
	    c.by_state[CONCERN_OPEN], c.by_state[CONCERN_IN_PROGRESS],
	    c.by_state[CONCERN_CLOSED]);
	if (c.oldest_open_ms && o < sizeof st->counts_text) {
		age_words(c.oldest_open_ms, age, sizeof age);
		o += (size_t)snprintf(st->counts_text + o,
		    sizeof st->counts_text - o,
		    " The oldest not closed was reported %s.", age);
	}
	/* Before the queue opens: what the open ones are about. */
	for (i = 0; st->phase != PHASE_QUEUE && i < CONCERN_CATEGORY_COUNT &&
	    o < sizeof st->counts_text; i++) {
		if (!c.open_by_category[i])
			continue;
		o += (size_t)snprintf(st->counts_text + o,
		    sizeof st->counts_text - o, "%s%s: %lu", first ?
		    "\nNot closed: " : "; ",
		    concern_category_words((enum concern_category)i),
		    c.open_by_category[i]);
		first = false;
	}
	tui_label_set(&st->counts, st->counts_text, TUI_ROLE_BODY);

}

static bool
add_row(const struct concern_info *ci, void *ctx)
{
	struct state *st = ctx;
	char text[256], age[32];

	if (st->nids >= QUEUE_MAX)
		return false;
	age_words(ci->time_ms, age, sizeof age);
	snprintf(text, sizeof text, "No. %-4lld %-12s %-38s %s",
	    (long long)ci->id, concern_state_words(ci->state),
	    concern_category_words(ci->category), age);
	if (!tui_list_add(&st->list, text, NULL))
		return false;
	st->ids[st->nids++] = ci->id;
	return true;
}

static void
list_queue(struct screen *scr)
{
	struct state *st = scr->state;
	const struct staff *who = app_staff(scr->app);
	size_t focus = st->list.focus;
	enum core_status s;

	tui_list_clear(&st->list);
	st->nids = 0;
	s = concern_list(scr->site, who ? who->pseudonym : NULL,
	    shows[st->show.chosen].mask, 0, QUEUE_MAX, add_row, st);
	if (s != CORE_OK)
		tui_label_set(&st->info, "Sorry, the queue cannot be read now.",
		    TUI_ROLE_ERROR);
	else if (st->nids == 0)
		tui_label_set(&st->info, "No concerns to show here.",
		    TUI_ROLE_NOTE);
	else
		tui_label_set(&st->info, "Oldest first. Choose one to read it.",
		    TUI_ROLE_NOTE);
	tui_ctl_set_hidden(&st->list.ctl, st->nids == 0);
	tui_list_set_focus(&st->list, focus < st->nids ? focus : 0);
}

static void
show_phase(struct screen *scr, enum phase p)
{
	struct state *st = scr->state;
	bool queue = p == PHASE_QUEUE;

	st->phase = p;
	tui_ctl_set_hidden(&st->fpass.ctl, queue || !st->reader);
	tui_ctl_set_hidden(&st->show.ctl, !queue);
	tui_ctl_set_hidden(&st->list.ctl, !queue);
	tui_ctl_set_hidden(&st->frame.nav[1].ctl, queue || !st->reader);
	tui_ctl_set_hidden(&st->record.ctl, !st->recorder);
}

static enum core_status
concerns_enter(struct screen *scr, const void *arg)
{
	struct state *st = scr->state;
	const struct staff *who = app_staff(scr->app);
	size_t i;

	(void)arg;
	if (!who)
		return CORE_ERR_DENIED;
	st->reader = role_allows(who->role, ROLE_ACT_READ_CONCERNS);
	st->recorder = role_allows(who->role, ROLE_ACT_RECORD_CONCERN);
	st->pass = secret_alloc(PASS_CAP);
	if (!st->pass)
		return CORE_ERR_NOMEM;
	tui_form_init(&st->form);
	app_staff_frame(scr->app, &st->frame, "Concerns", "Open",
	    TUI_FRAME_NO_ACTION);
	tui_label_init(&st->counts, "", TUI_ROLE_BODY);
	tui_label_init(&st->info, st->reader ? "To read the concerns, type "
	    "your passphrase again and choose Open." : "Only the designated "
	    "safeguarding lead or an administrator can read concerns.",
	    TUI_ROLE_NOTE);
	tui_field_init(&st->fpass, ID_PASS, "Your passphrase", st->pass,
	    PASS_CAP, TUI_FIELD_MASK);
	st->fpass.label_w = 20;
	tui_choice_init(&st->show, ID_SHOW, "Show");
	for (i = 0; i < sizeof shows / sizeof shows[0]; i++)
		tui_choice_add(&st->show, shows[i].words);
	st->show.label_w = 10;
	tui_list_init(&st->list, ID_LIST, TUI_LIST_MENU);
	tui_button_init(&st->record, ID_RECORD, "Record a concern");
	tui_form_add(&st->form, &st->counts.ctl);
	tui_form_add(&st->form, &st->info.ctl);
	tui_form_add(&st->form, &st->fpass.ctl);
	tui_form_add(&st->form, &st->show.ctl);
	tui_form_add(&st->form, &st->record.ctl);
	tui_form_add(&st->form, &st->list.ctl);
	tui_frame_add(&st->frame, &st->form);
	tui_frame_set_keys(&st->frame, 0, NULL);
	st->open.changed = &st->changed;
	say_counts(scr);
	show_phase(scr, PHASE_COUNTS);
	tui_form_focus(&st->form, st->reader ? &st->fpass.ctl :
	    &st->frame.nav[0].ctl);
	return CORE_OK;
}

static void
concerns_leave(struct screen *scr)
{
	struct state *st = scr->state;

	secret_free(&st->pass, PASS_CAP);
	concerns_key_free(&st->key);
	tui_list_clear(&st->list);
}

static void
concerns_layout(struct screen *scr, struct tui_rect area)
{
	struct state *st = scr->state;
	struct tui_rect b;
	int w, h, y, rw = tui_button_width("Record a concern");

	st->area = area;
	/* Back from a concern or a new one: counts and list as they are now. */
	say_counts(scr);
	if (st->phase == PHASE_QUEUE) {
		list_queue(scr);
		st->changed = false;
	}
	tui_frame_layout(&st->frame, area.h, area.w);
	b = st->frame.body;
	w = b.w - 2;
	h = tui_label_rows(&st->counts, w);
	h = h < 1 ? 1 : h > 4 ? 4 : h;
	tui_ctl_place(&st->counts.ctl, (struct tui_rect){b.y, b.x + 1, h, w});
	tui_ctl_place(&st->info.ctl, (struct tui_rect){b.y + h, b.x + 1, 1, w});
	y = b.y + h + 2;
	tui_ctl_place(&st->fpass.ctl, (struct tui_rect){y, b.x + 1, 3,
	    w < 64 ? w : 64});
	tui_ctl_place(&st->show.ctl, (struct tui_rect){y, b.x + 1, 3,
	    w < 40 ? w : 40});
	tui_ctl_place(&st->list.ctl, (struct tui_rect){y + 4, b.x,
	    b.y + b.h - y - 4, b.w});
	/* Beside Show in the queue; else below the passphrase, or in its place. */
	if (st->phase == PHASE_QUEUE)
		tui_ctl_place(&st->record.ctl, (struct tui_rect){y,
		    b.x + b.w - 1 - rw, 3, rw});
	else
		tui_ctl_place(&st->record.ctl, (struct tui_rect){st->reader ?
		    y + 4 : y, b.x + 1, 3, rw});
}

static void
concerns_draw(struct screen *scr)
{
	struct state *st = scr->state;

	tui_form_paint(&st->form);
}

static struct nav
open_key(struct screen *scr)
{
	struct state *st = scr->state;

	if (!st->pass[0]) {
		tui_label_set(&st->info, "Please type your passphrase.",
		    TUI_ROLE_ERROR);
		tui_form_focus(&st->form, &st->fpass.ctl);
		return nav_stay();
	}
	st->phase = PHASE_CHECKING;
	tui_label_set(&st->info, "Checking, please wait...", TUI_ROLE_NOTE);
	scr->tick_ms = 1;
	return nav_stay();
}

static struct nav
concerns_tick(struct screen *scr, unsigned elapsed)
{
	struct state *st = scr->state;
	const struct staff *who = app_staff(scr->app);
	enum core_status s;

	(void)elapsed;
	if (st->phase != PHASE_CHECKING || !who)
		return nav_stay();
	s = concerns_key_open(scr->site, who, st->pass, &st->key);
	tui_field_clear(&st->fpass);
	if (s == CORE_OK) {
		show_phase(scr, PHASE_QUEUE);
		concerns_layout(scr, st->area);	/* lists it, counts shorter */
		tui_invalidate();
		tui_form_focus(&st->form, st->nids ? &st->list.ctl :
		    &st->show.ctl);
		return nav_stay();
	}
	st->phase = PHASE_COUNTS;
	if (s == CORE_ERR_LOCKED)
		return nav_to(NAV_HOME, NULL, NULL);	/* the account locked */
	tui_label_set(&st->info, s == CORE_ERR_AUTH ? APP_MSG_STAFF_AUTH :
	    s == CORE_ERR_NOT_FOUND ? "Your account has no key to the concerns "
	    "yet. Another DSL or an administrator must give you one." :
	    "Sorry, the concerns cannot be opened now. Please try again.",
	    TUI_ROLE_ERROR);
	tui_form_focus(&st->form, &st->fpass.ctl);
	return nav_stay();
}

static struct nav
concerns_action(struct screen *scr, const struct tui_event *ev)
{
	struct state *st = scr->state;
	struct tui_ctl *focus = tui_form_focused(&st->form);
	struct tui_outcome o;

	if (st->phase == PHASE_CHECKING)
		return nav_stay();
	if (ev->action == ACT_CHOOSE && focus == &st->fpass.ctl)
		return open_key(scr);
	o = tui_form_event(&st->form, ev);
	if (o.res == TUI_CHANGE && o.id == ID_SHOW) {
		list_queue(scr);
		return nav_stay();
	}
	if (o.res == TUI_ACTIVATE) {
		if (o.id == TUI_ID_NEXT)
			return open_key(scr);
		if (o.id == ID_RECORD)
			return nav_to(NAV_PUSH, &screen_staff_concern_new, NULL);
		if (o.id == ID_LIST && o.index >= 0 &&
		    (size_t)o.index < st->nids) {
			st->open.key = st->key;
			st->open.id = st->ids[o.index];
			return nav_to(NAV_PUSH, &screen_staff_concern, &st->open);
		}
		return app_staff_button(scr->app, o.id);
	}
	if (o.res != TUI_PASS)
		return nav_stay();
	if (ev->action == ACT_BACK)
		return nav_to(NAV_POP, NULL, NULL);
	return nav_pass();
}

const struct screen_ops screen_staff_concerns = {
	.name = "staff_concerns",
	.state_size = sizeof(struct state),
	.enter = concerns_enter,
	.leave = concerns_leave,
	.layout = concerns_layout,
	.draw = concerns_draw,
	.on_action = concerns_action,
	.on_tick = concerns_tick,
};
