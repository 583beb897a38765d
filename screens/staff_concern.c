/* SPDX-License-Identifier: ISC */
/*
 * One concern (staff mode, DSL or administrator, with the queue's key):
 * what it is about, its status, who reported it (a named learner, a member
 * of staff, or anonymous), who they would like to talk to, what happened
 * and the actions so far. Reading it is a ledger event (concern_read). The
 * text is copied into the view only (wiped when cleared); the core's copy
 * is cleared at once.
 *
 * Actions: PgUp/PgDn and arrows scroll; Record action (DSL only) ->
 * screen_staff_concern_action, and the view is read again after a save;
 * Back/Esc -> NAV_POP; Lock.
 */
#include "screens/app.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/concern.h"
#include "core/crypto.h"
#include "core/role.h"
#include "tui/form.h"
#include "tui/frame.h"
#include "tui/textview.h"

enum { ID_TEXT = 1 };

struct state {
	struct concern_ref ref;		/* ours, for the action screen */
	bool changed;
	struct tui_form form;
	struct tui_frame frame;
	struct tui_textview text;
};

static void
when(int64_t ms, char *out, size_t cap)
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;

	if (!gmtime_r(&t, &tm) || !strftime(out, cap, "%Y-%m-%d %H:%M UTC", &tm))
		snprintf(out, cap, "?");
}

static void
person(const struct concern_person *p, char *out, size_t cap)
{
	if (p->erased || !p->reference[0])
		snprintf(out, cap, "a learner whose details were erased");
	else
		snprintf(out, cap, "%s, %s %s", p->reference, p->given_name,
		    p->family_name);
}

/* Each line of untrusted text as its own paragraph (sanitised there). */
static void
add_lines(struct tui_textview *tv, const char *text, enum tui_block kind)
{
	size_t len = strlen(text), cap = len + 1, n;
	char *line = secret_alloc(cap);
	const char *p = text, *nl;

	if (!line)
		return;
	while (*p) {
		nl = strchr(p, '\n');
		n = nl ? (size_t)(nl - p) : strlen(p);
		memcpy(line, p, n);
		line[n] = '\0';
		tui_textview_add(tv, kind, n ? line : " ");
		p += n + (nl ? 1 : 0);
	}
	secret_free(&line, cap);
}

static void
add_actions(struct tui_textview *tv, const struct concern_text *c)
{
	char t[40], line[256];
	size_t i;

	tui_textview_add(tv, TUI_BLOCK_HEADING, "Actions so far");
	if (c->nactions == 0)
		tui_textview_add(tv, TUI_BLOCK_PARA, "None yet.");
	for (i = 0; i < c->nactions; i++) {
		const struct concern_action_info *a = &c->actions[i];

		when(a->time_ms, t, sizeof t);
		snprintf(line, sizeof line, "%s, %s: %s. %s.", t, a->staff,
		    concern_state_words(a->state),
		    concern_referral_words(a->referral));
		tui_textview_add(tv, TUI_BLOCK_BULLET, line);
		if (a->note)
			add_lines(tv, a->note, TUI_BLOCK_SUB);
	}
}

static void
fill(struct screen *scr)
{
	struct state *st = scr->state;
	struct tui_textview *tv = &st->text;
	struct concern_text c;
	char line[1024], t[40], who[512];
	size_t i;

	tui_textview_clear(tv);
	memset(&c, 0, sizeof c);
	if (concern_read(scr->site, st->ref.key, st->ref.id, &c) != CORE_OK) {
		tui_textview_add(tv, TUI_BLOCK_PARA, "Sorry, this concern "
		    "cannot be read now. Please try again.");
		concern_text_clear(&c);
		return;
	}
	st->ref.state = (int)c.info.state;
	snprintf(line, sizeof line, "Concern %lld: %s", (long long)c.info.id,
	    concern_category_words(c.info.category));
	tui_textview_add(tv, TUI_BLOCK_HEADING, line);
	when(c.info.time_ms, t, sizeof t);
	if (c.info.source == CONCERN_FROM_LEARNER)
		person(&c.reporter, who, sizeof who);
	else if (c.info.source == CONCERN_FROM_STAFF)
		snprintf(who, sizeof who, "%s (staff)", c.recorded_by);
	else
		snprintf(who, sizeof who, "a learner who did not give their name");
	snprintf(line, sizeof line, "Status: %s. Reported %s by %s. Receipt %s.",
	    concern_state_words(c.info.state), t, who, c.info.receipt);
	tui_textview_add(tv, TUI_BLOCK_PARA, line);
	for (i = 0; i < c.ninvolved; i++) {
		person(&c.involved[i], who, sizeof who);
		snprintf(line, sizeof line, "Involved: %s", who);
		tui_textview_add(tv, TUI_BLOCK_BULLET, line);
	}
	if (c.talk_to && c.talk_to[0]) {
		snprintf(line, sizeof line, "Would like to talk to: %s",
		    c.talk_to);
		tui_textview_add(tv, TUI_BLOCK_PARA, line);
		crypto_wipe(line, sizeof line);
	}
	tui_textview_add(tv, TUI_BLOCK_HEADING, "What happened");
	if (c.has_text && c.text)
		add_lines(tv, c.text, TUI_BLOCK_PARA);
	else
		tui_textview_add(tv, TUI_BLOCK_PARA, "This text was sealed to "
		    "an earlier key that nobody holds now.");
	add_actions(tv, &c);
	concern_text_clear(&c);
}

static enum core_status
concern_view_enter(struct screen *scr, const void *arg)
{
	struct state *st = scr->state;
	const struct concern_ref *ref = arg;
	const struct staff *who = app_staff(scr->app);
	bool acts;

	if (!who || !ref || !ref->key)
		return CORE_ERR_DENIED;
	st->ref = *ref;
	st->ref.changed = &st->changed;
	acts = role_allows(who->role, ROLE_ACT_ACTION_CONCERN);
	tui_form_init(&st->form);
	app_staff_frame(scr->app, &st->frame, "A concern",
	    acts ? "Record action" : NULL, TUI_FRAME_NO_ACTION);
	tui_textview_init(&st->text, ID_TEXT);
	tui_form_add(&st->form, &st->text.ctl);
	tui_frame_add(&st->frame, &st->form);
	tui_frame_set_keys(&st->frame, TUI_KEY(ACT_PAGE_DOWN) |
	    TUI_KEY(ACT_PAGE_UP), NULL);
	fill(scr);
	tui_form_focus(&st->form, &st->text.ctl);
	return CORE_OK;
}

static void
concern_view_leave(struct screen *scr)
{
	struct state *st = scr->state;

	tui_textview_clear(&st->text);
}

static void
concern_view_layout(struct screen *scr, struct tui_rect area)
{
	struct state *st = scr->state;

	if (st->changed) {	/* back from a saved action */
		st->changed = false;
		fill(scr);
	}
	tui_frame_layout(&st->frame, area.h, area.w);
	tui_ctl_place(&st->text.ctl, st->frame.body);
}

static void
concern_view_draw(struct screen *scr)
{
	struct state *st = scr->state;

	tui_form_paint(&st->form);
}

static struct nav
concern_view_action(struct screen *scr, const struct tui_event *ev)
{
	struct state *st = scr->state;
	struct tui_outcome o;

	if (ev->action == ACT_PAGE_DOWN || ev->action == ACT_PAGE_UP) {
		tui_textview_page_move(&st->text,
		    ev->action == ACT_PAGE_DOWN ? 1 : -1);
		return nav_stay();
	}
	o = tui_form_event(&st->form, ev);
	if (o.res == TUI_ACTIVATE) {
		if (o.id == TUI_ID_NEXT)
			return nav_to(NAV_PUSH, &screen_staff_concern_action,
			    &st->ref);
		return app_staff_button(scr->app, o.id);
	}
	if (o.res != TUI_PASS)
		return nav_stay();
	if (ev->action == ACT_BACK)
		return nav_to(NAV_POP, NULL, NULL);
	return nav_pass();
}

const struct screen_ops screen_staff_concern = {
	.name = "staff_concern",
	.state_size = sizeof(struct state),
	.enter = concern_view_enter,
	.leave = concern_view_leave,
	.layout = concern_view_layout,
	.draw = concern_view_draw,
	.on_action = concern_view_action,
};
