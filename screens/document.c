/* SPDX-License-Identifier: ISC */
/*
 * A document step (also a notice, and a commitment): the text to read,
 * "Page n of m", and Accept ("I have read this" for a notice) offered only
 * once walk_step_ready agrees, which for require_end means the end has
 * been on screen. Before that, Next shows the next page and the footer
 * says "Read to the end to accept". Time on the page and whether the end
 * was reached go into the walk step.
 *
 * Actions: PgDn/Space/PgUp/arrows read; Next -> next page, or (ready)
 * done and the next step; Back/Esc -> the step before; "I do not agree"
 * -> confirm, declined, next step; help buttons -> app_assist.
 */
#include "screens/app.h"

#include <stdio.h>

#include "tui/dialog.h"
#include "tui/form.h"
#include "tui/frame.h"
#include "tui/textview.h"

struct state {
	struct walk_step *step;
	uint64_t entered;
	struct tui_form form;
	struct tui_frame frame;
	struct tui_textview text;
	struct tui_dialog dialog;
};

static bool
fill(struct tui_textview *tv, const struct document *doc)
{
	enum tui_block kind;
	size_t i;

	for (i = 0; i < doc->nblocks; i++) {
		switch (doc->blocks[i].kind) {
		case BLOCK_HEADING:
			kind = TUI_BLOCK_HEADING;
			break;
		case BLOCK_BULLET:
			kind = TUI_BLOCK_BULLET;
			break;
		default:
			kind = TUI_BLOCK_PARA;
			break;
		}
		if (!tui_textview_add(tv, kind, doc->blocks[i].text))
			return false;
	}
	return true;
}

/* Page numbers, Accept or Next, and the hint, from where the reader is. */
static void
update(struct screen *scr)
{
	struct state *st = scr->state;
	struct walk_step *s = st->step;
	bool notice = s->def->kind == STEP_NOTICE, ready;
	char page[48], label[96];
	int n, m;

	if (tui_textview_end_seen(&st->text))
		s->end_reached = true;
	ready = walk_step_ready(app_walk(scr->app), s, NULL);
	tui_textview_page(&st->text, &n, &m);
	snprintf(page, sizeof page, "page %d of %d", n, m);
	app_step_label(scr->app, app_step(scr->app), page, label, sizeof label);
	tui_frame_set_title(&st->frame, s->def->title, label);
	if (ready)
		tui_frame_set_primary(&st->frame, notice ? "I have read this" :
		    "Accept", notice ? "I have read" : NULL);
	else
		tui_frame_set_primary(&st->frame, "Next", NULL);
	tui_frame_set_keys(&st->frame, 0, ready ? NULL :
	    "Read to the end to accept.");
	if (s->state == WALK_DECLINED)
		tui_frame_set_status(&st->frame, "You chose \"I do not agree\" "
		    "for this. You can still accept it.", TUI_ROLE_NOTE);
	else if (ready)
		tui_frame_set_status(&st->frame, notice ?
		    "When you have read it, choose \"I have read this\"." :
		    "If you agree, choose Accept.", TUI_ROLE_NOTE);
	else
		tui_frame_set_status(&st->frame, "Please read to the end. Next "
		    "shows the next page.", TUI_ROLE_BODY);
}

static enum core_status
document_enter(struct screen *scr, const void *arg)
{
	struct state *st = scr->state;
	struct walk_step *s = walk_step(app_walk(scr->app), app_step(scr->app));

	(void)arg;
	st->step = s;
	st->entered = app_now_ms();
	tui_form_init(&st->form);
	app_step_frame(scr->app, &st->frame, s->def->title, "Next");
	tui_textview_init(&st->text, 1);
	tui_form_add(&st->form, &st->text.ctl);
	tui_frame_add(&st->frame, &st->form);
	tui_form_focus(&st->form, &st->text.ctl);
	if (!fill(&st->text, s->doc))
		return CORE_ERR_NOMEM;
	if (s->end_reached)
		tui_textview_set_end_seen(&st->text);
	return CORE_OK;
}

static void
document_leave(struct screen *scr)
{
	struct state *st = scr->state;

	if (st->step)
		st->step->ms_on_page += app_now_ms() - st->entered;
	tui_textview_clear(&st->text);
}

static void
document_layout(struct screen *scr, struct tui_rect area)
{
	struct state *st = scr->state;

	tui_frame_layout(&st->frame, area.h, area.w);
	tui_ctl_place(&st->text.ctl, st->frame.body);
	update(scr);
}

static void
document_draw(struct screen *scr)
{
	struct state *st = scr->state;

	tui_form_paint(&st->form);
}

static struct nav
next(struct screen *scr)
{
	struct state *st = scr->state;

	if (walk_step_ready(app_walk(scr->app), st->step, NULL))
		return app_step_done(scr->app);
	tui_textview_page_move(&st->text, 1);
	update(scr);
	return nav_stay();
}

static struct nav
document_action(struct screen *scr, const struct tui_event *ev)
{
	struct state *st = scr->state;
	bool paging = ev->action == ACT_PAGE_DOWN || ev->action == ACT_PAGE_UP;
	struct tui_outcome o;
	struct nav nav;

	/* Page keys read the text wherever the focus is. */
	if (paging && !st->form.modal &&
	    tui_form_focused(&st->form) != &st->text.ctl) {
		tui_textview_page_move(&st->text,
		    ev->action == ACT_PAGE_DOWN ? 1 : -1);
		update(scr);
		return nav_stay();
	}
	o = tui_form_event(&st->form, ev);
	if (o.res == TUI_CHANGE) {
		update(scr);
		return nav_stay();
	}
	if (o.res == TUI_ACTIVATE && o.id == TUI_ID_NEXT)
		return next(scr);
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
document_form(struct screen *scr)
{
	return &((struct state *)scr->state)->form;
}

const struct screen_ops screen_document = {
	.name = "document",
	.state_size = sizeof(struct state),
	.enter = document_enter,
	.leave = document_leave,
	.layout = document_layout,
	.draw = document_draw,
	.on_action = document_action,
	.form = document_form,
};
