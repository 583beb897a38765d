/* SPDX-License-Identifier: ISC */
/*
 * A checklist step: the document's opening words, then one large tickable
 * row per bullet. The ticks live in the walk step, so going Back and
 * coming here again keeps them. Next goes on once every item is ticked.
 *
 * Actions: Space, Enter or a tap tick a row; Next -> (all ticked) done
 * and the next step, or for a witnessed step a member of staff confirms
 * first (witness), else core's reason; Back/Esc -> the step before;
 * "I do not agree" -> confirm, declined, next step; help buttons.
 */
#include "screens/app.h"

#include "tui/dialog.h"
#include "tui/form.h"
#include "tui/frame.h"
#include "tui/label.h"
#include "tui/list.h"

#define LIST_MAX_W 96

struct state {
	struct walk_step *step;
	struct tui_form form;
	struct tui_frame frame;
	struct tui_label intro;
	struct tui_list list;
	struct tui_dialog dialog;
};

static bool
all_ticked(const struct walk_step *s)
{
	size_t i;

	for (i = 0; i < s->nitems; i++)
		if (!s->ticked[i])
			return false;
	return true;
}

/* Ticked, and only a member of staff's confirmation is missing. */
static bool
needs_witness(struct state *st, struct app *app)
{
	return st->step->def->witnessed && all_ticked(st->step) &&
	    !walk_has_witness(app_walk(app));
}

static void
update(struct state *st, struct app *app, const char *why)
{
	bool ready = walk_step_ready(app_walk(app), st->step, NULL);

	if (why)
		tui_frame_set_status(&st->frame, why, TUI_ROLE_ERROR);
	else if (needs_witness(st, app))
		tui_frame_set_status(&st->frame, "Everything is ticked. Now a "
		    "member of staff confirms it: choose Next.", TUI_ROLE_NOTE);
	else if (ready && st->step->def->witnessed)
		tui_frame_set_status(&st->frame, "A member of staff has "
		    "confirmed this. Choose Next.", TUI_ROLE_NOTE);
	else if (ready)
		tui_frame_set_status(&st->frame, "Everything is ticked. Choose "
		    "Next.", TUI_ROLE_NOTE);
	else if (st->step->state == WALK_DECLINED)
		tui_frame_set_status(&st->frame, "You chose \"I do not agree\" "
		    "for this. You can still tick and go on.", TUI_ROLE_NOTE);
	else
		tui_frame_set_status(&st->frame, "Tick each one when you have "
		    "done it.", TUI_ROLE_BODY);
	tui_frame_set_keys(&st->frame, 0, ready || all_ticked(st->step) ? NULL :
	    "Tick every item.");
}

/* The first paragraph of the document introduces the list. */
static const char *
intro_of(const struct document *doc)
{
	size_t i;

	for (i = 0; i < doc->nblocks; i++)
		if (doc->blocks[i].kind == BLOCK_PARAGRAPH)
			return doc->blocks[i].text;
	return "Tick each one when you have done it.";
}

static enum core_status
checklist_enter(struct screen *scr, const void *arg)
{
	struct state *st = scr->state;
	struct walk_step *s = walk_step(app_walk(scr->app), app_step(scr->app));
	size_t i;

	(void)arg;
	st->step = s;
	tui_form_init(&st->form);
	app_step_frame(scr->app, &st->frame, s->def->title, "Next");
	tui_label_init(&st->intro, intro_of(s->doc), TUI_ROLE_BODY);
	tui_list_init(&st->list, 1, TUI_LIST_CHECK);
	for (i = 0; i < s->nitems; i++)
		if (!tui_list_add(&st->list, s->items[i], NULL))
			return CORE_ERR_NOMEM;
	tui_list_bind_ticks(&st->list, s->ticked);
	tui_form_add(&st->form, &st->intro.ctl);
	tui_form_add(&st->form, &st->list.ctl);
	tui_frame_add(&st->frame, &st->form);
	tui_form_focus(&st->form, &st->list.ctl);
	update(st, scr->app, NULL);
	return CORE_OK;
}

static void
checklist_leave(struct screen *scr)
{
	struct state *st = scr->state;

	tui_list_clear(&st->list);
}

static void
checklist_layout(struct screen *scr, struct tui_rect area)
{
	struct state *st = scr->state;
	struct tui_rect b;
	int w, h;

	tui_frame_layout(&st->frame, area.h, area.w);
	b = st->frame.body;
	w = b.w < LIST_MAX_W ? b.w : LIST_MAX_W;
	b.x += (b.w - w) / 2;
	b.w = w;
	h = tui_label_rows(&st->intro, b.w - 2);
	h = h > b.h / 3 ? b.h / 3 : h;
	tui_ctl_place(&st->intro.ctl, (struct tui_rect){b.y, b.x + 1, h,
	    b.w - 2});
	tui_ctl_place(&st->list.ctl, (struct tui_rect){b.y + h + 1, b.x,
	    b.h - h - 1, b.w});
	/* Also after a member of staff confirmed it (back from witness). */
	update(st, scr->app, NULL);
}

static void
checklist_draw(struct screen *scr)
{
	struct state *st = scr->state;

	tui_form_paint(&st->form);
}

static struct nav
checklist_action(struct screen *scr, const struct tui_event *ev)
{
	struct state *st = scr->state;
	struct tui_outcome o = tui_form_event(&st->form, ev);
	const char *why = NULL;
	struct nav nav;

	if (o.res == TUI_CHANGE) {
		update(st, scr->app, NULL);
		return nav_stay();
	}
	if (o.res == TUI_ACTIVATE && o.id == TUI_ID_NEXT) {
		if (walk_step_ready(app_walk(scr->app), st->step, &why))
			return app_step_done(scr->app);
		if (needs_witness(st, scr->app))
			return nav_to(NAV_PUSH, &screen_witness, NULL);
		update(st, scr->app, why);
		return nav_stay();
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
checklist_form(struct screen *scr)
{
	return &((struct state *)scr->state)->form;
}

const struct screen_ops screen_checklist = {
	.name = "checklist",
	.state_size = sizeof(struct state),
	.enter = checklist_enter,
	.leave = checklist_leave,
	.layout = checklist_layout,
	.draw = checklist_draw,
	.on_action = checklist_action,
	.form = checklist_form,
};
