/* SPDX-License-Identifier: ISC */
/*
 * The consent step: first what the photos, videos and work are used for
 * (the document, a page at a time), then one row per channel from the config
 * with a Yes and a No of the same size and nothing chosen. A channel that
 * needs Yes (Portfolio evidence) says so in its row. Choices live in the
 * walk step, indexed like the config's channels.
 *
 * Actions: reading: PgDn/Space read, Next -> the next page, and after the
 * last, the choices; choices: Enter or a tap choose Yes or No, Next ->
 * (all chosen, rules met) done and the next step, else
 * core's reason; Back/Esc -> the reading, then the step before; "I do not
 * agree" -> confirm, declined, next step; help buttons.
 */
#include "screens/app.h"

#include <stdio.h>

#include "tui/dialog.h"
#include "tui/form.h"
#include "tui/frame.h"
#include "tui/list.h"
#include "tui/textview.h"

#define LIST_MAX_W 96

struct state {
	struct walk_step *step;
	bool choosing;		/* page 2 */
	struct tui_form form;
	struct tui_frame frame;
	struct tui_textview text;
	struct tui_list list;
	struct tui_dialog dialog;
};

static void
update(struct screen *scr, const char *why)
{
	struct state *st = scr->state;
	bool ready = walk_step_ready(app_walk(scr->app), st->step, NULL);
	char extra[32], label[96];
	int n, m;

	/* The reading pages, then the choices as the last page. */
	tui_textview_page(&st->text, &n, &m);
	snprintf(extra, sizeof extra, "page %d of %d", st->choosing ? m + 1 : n,
	    m + 1);
	app_step_label(scr->app, app_step(scr->app), extra, label, sizeof label);
	tui_frame_set_title(&st->frame, st->step->def->title, label);
	tui_ctl_set_hidden(&st->text.ctl, st->choosing);
	tui_ctl_set_hidden(&st->list.ctl, !st->choosing);
	if (why)
		tui_frame_set_status(&st->frame, why, TUI_ROLE_ERROR);
	else if (!st->choosing)
		tui_frame_set_status(&st->frame, "Read this. Next shows the next "
		    "page, then where you say Yes or No.", TUI_ROLE_BODY);
	else if (ready)
		tui_frame_set_status(&st->frame, "Thank you. Choose Next.",
		    TUI_ROLE_NOTE);
	else
		tui_frame_set_status(&st->frame, "Choose Yes or No for each "
		    "one. You can change your mind later.", TUI_ROLE_BODY);
}

static bool
fill(struct state *st, const struct config *cfg)
{
	const struct document *doc = st->step->doc;
	enum tui_block kind;
	size_t i;

	for (i = 0; i < doc->nblocks; i++) {
		kind = doc->blocks[i].kind == BLOCK_HEADING ? TUI_BLOCK_HEADING :
		    doc->blocks[i].kind == BLOCK_BULLET ? TUI_BLOCK_BULLET :
		    TUI_BLOCK_PARA;
		if (!tui_textview_add(&st->text, kind, doc->blocks[i].text))
			return false;
	}
	for (i = 0; i < cfg->nchannels; i++) {
		char note[CONFIG_TITLE_MAX + 64];

		snprintf(note, sizeof note, "%s needs Yes to complete your "
		    "portfolio.", cfg->channels[i].label);
		if (!tui_list_add(&st->list, cfg->channels[i].label,
		    cfg->channels[i].required_yes ? note : NULL))
			return false;
	}
	tui_list_bind_yesno(&st->list, st->step->consent);
	return true;
}

static enum core_status
consent_enter(struct screen *scr, const void *arg)
{
	struct state *st = scr->state;
	struct walk_step *s = walk_step(app_walk(scr->app), app_step(scr->app));

	(void)arg;
	st->step = s;
	tui_form_init(&st->form);
	app_step_frame(scr->app, &st->frame, s->def->title, "Next");
	tui_textview_init(&st->text, 1);
	tui_list_init(&st->list, 2, TUI_LIST_YESNO);
	tui_form_add(&st->form, &st->text.ctl);
	tui_form_add(&st->form, &st->list.ctl);
	tui_frame_add(&st->frame, &st->form);
	tui_frame_set_keys(&st->frame, 0, NULL);
	if (!fill(st, scr->site->cfg))
		return CORE_ERR_NOMEM;
	tui_form_focus(&st->form, &st->text.ctl);
	update(scr, NULL);
	return CORE_OK;
}

static void
consent_leave(struct screen *scr)
{
	struct state *st = scr->state;

	tui_textview_clear(&st->text);
	tui_list_clear(&st->list);
}

static void
consent_layout(struct screen *scr, struct tui_rect area)
{
	struct state *st = scr->state;
	struct tui_rect b;
	int w;

	tui_frame_layout(&st->frame, area.h, area.w);
	b = st->frame.body;
	tui_ctl_place(&st->text.ctl, b);
	w = b.w < LIST_MAX_W ? b.w : LIST_MAX_W;
	b.x += (b.w - w) / 2;
	b.w = w;
	tui_ctl_place(&st->list.ctl, b);
	update(scr, NULL);
}

static void
consent_draw(struct screen *scr)
{
	struct state *st = scr->state;

	tui_form_paint(&st->form);
}

static struct nav
turn(struct screen *scr, bool choosing)
{
	struct state *st = scr->state;

	st->choosing = choosing;
	update(scr, NULL);
	tui_form_focus(&st->form, choosing ? &st->list.ctl : &st->text.ctl);
	return nav_stay();
}

static struct nav
next(struct screen *scr)
{
	struct state *st = scr->state;
	const char *why = NULL;

	if (!st->choosing && !tui_textview_end_seen(&st->text)) {
		tui_textview_page_move(&st->text, 1);
		update(scr, NULL);
		return nav_stay();
	}
	if (!st->choosing)
		return turn(scr, true);
	if (walk_step_ready(app_walk(scr->app), st->step, &why))
		return app_step_done(scr->app);
	update(scr, why);
	return nav_stay();
}

static struct nav
back(struct screen *scr)
{
	struct state *st = scr->state;

	if (st->choosing)
		return turn(scr, false);
	return app_step_back(scr, &st->form, &st->dialog);
}

static struct nav
consent_action(struct screen *scr, const struct tui_event *ev)
{
	struct state *st = scr->state;
	struct tui_outcome o = tui_form_event(&st->form, ev);
	struct nav nav;

	if (o.res == TUI_CHANGE) {
		update(scr, NULL);
		return nav_stay();
	}
	if (o.res == TUI_ACTIVATE && o.id == TUI_ID_NEXT)
		return next(scr);
	if (o.res == TUI_ACTIVATE && o.id == TUI_ID_BACK)
		return back(scr);
	nav = app_step_outcome(scr, &st->form, &st->dialog, &o);
	if (nav.kind != NAV_PASS || o.res == TUI_ACTIVATE)
		return nav;
	if (o.res != TUI_PASS)
		return nav_stay();
	if (ev->action == ACT_BACK)
		return back(scr);
	return nav_pass();
}

static struct tui_form *
consent_form(struct screen *scr)
{
	return &((struct state *)scr->state)->form;
}

const struct screen_ops screen_consent = {
	.name = "consent",
	.state_size = sizeof(struct state),
	.enter = consent_enter,
	.leave = consent_leave,
	.layout = consent_layout,
	.draw = consent_draw,
	.on_action = consent_action,
	.form = consent_form,
};
