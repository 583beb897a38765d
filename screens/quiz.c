/* SPDX-License-Identifier: ISC */
/*
 * A quiz step, one question at a time with at most three choices. A wrong
 * answer says so kindly and counts the attempt (walk_answer); the learner
 * tries again until it is right. Answers live in the walk step, so Back
 * and forth keeps them.
 *
 * Actions: Enter or a tap choose an answer; Next -> the next question, or
 * (all right) done and the next step; Back/Esc -> the question or step
 * before; "I do not agree" -> confirm, declined, next step; help buttons.
 */
#include "screens/app.h"

#include <stdio.h>

#include "tui/dialog.h"
#include "tui/form.h"
#include "tui/frame.h"
#include "tui/label.h"
#include "tui/list.h"
#include "tui/term.h"

#define LIST_MAX_W 96

struct state {
	struct walk_step *step;
	struct tui_rect area;	/* the last layout's, to lay out again */
	size_t q;
	int pick;
	struct tui_form form;
	struct tui_frame frame;
	struct tui_label question;
	struct tui_list list;
	struct tui_dialog dialog;
};

static bool
answered(const struct state *st)
{
	const struct walk_question *q = &st->step->questions[st->q];

	return q->chosen >= 0 && (size_t)q->chosen == q->right;
}

static void
title(struct screen *scr)
{
	struct state *st = scr->state;
	char extra[48], label[96];

	snprintf(extra, sizeof extra, "question %zu of %zu", st->q + 1,
	    st->step->nquestions);
	app_step_label(scr->app, app_step(scr->app), extra, label,
	    sizeof label);
	tui_frame_set_title(&st->frame, st->step->def->title, label);
}

static void quiz_layout(struct screen *scr, struct tui_rect area);

static bool
show(struct screen *scr, size_t q)
{
	struct state *st = scr->state;
	const struct walk_question *wq = &st->step->questions[q];
	size_t i;

	st->q = q;
	tui_list_clear(&st->list);
	for (i = 0; i < wq->nchoices; i++)
		if (!tui_list_add(&st->list, wq->choices[i], NULL))
			return false;
	st->pick = answered(st) ? (int)wq->right : -1;
	tui_list_bind_choice(&st->list, &st->pick);
	tui_label_set(&st->question, wq->text, TUI_ROLE_HEADING);
	if (answered(st))
		tui_frame_set_status(&st->frame, "Yes, that is right. Choose "
		    "Next.", TUI_ROLE_NOTE);
	else
		tui_frame_set_status(&st->frame, "Choose the answer you think "
		    "is right.", TUI_ROLE_BODY);
	tui_form_focus(&st->form, &st->list.ctl);
	title(scr);
	if (st->area.w > 0) {
		/* Another question may need another height: lay out afresh. */
		quiz_layout(scr, st->area);
		tui_invalidate();
	}
	return true;
}

static enum core_status
quiz_enter(struct screen *scr, const void *arg)
{
	struct state *st = scr->state;
	struct walk_step *s = walk_step(app_walk(scr->app), app_step(scr->app));
	size_t q = 0;

	(void)arg;
	st->step = s;
	tui_form_init(&st->form);
	app_step_frame(scr->app, &st->frame, s->def->title, "Next");
	tui_label_init(&st->question, "", TUI_ROLE_HEADING);
	tui_list_init(&st->list, 1, TUI_LIST_RADIO);
	tui_form_add(&st->form, &st->question.ctl);
	tui_form_add(&st->form, &st->list.ctl);
	tui_frame_add(&st->frame, &st->form);
	tui_frame_set_keys(&st->frame, 0, NULL);
	if (s->nquestions == 0)
		return CORE_ERR_CONTENT;
	/* Coming back: start at the first question not yet right. */
	while (q + 1 < s->nquestions && s->questions[q].chosen ==
	    (int)s->questions[q].right)
		q++;
	return show(scr, q) ? CORE_OK : CORE_ERR_NOMEM;
}

static void
quiz_leave(struct screen *scr)
{
	struct state *st = scr->state;

	tui_list_clear(&st->list);
}

static void
quiz_layout(struct screen *scr, struct tui_rect area)
{
	struct state *st = scr->state;
	struct tui_rect b;
	int w, h;

	st->area = area;
	tui_frame_layout(&st->frame, area.h, area.w);
	b = st->frame.body;
	w = b.w < LIST_MAX_W ? b.w : LIST_MAX_W;
	b.x += (b.w - w) / 2;
	b.w = w;
	/* The question as long as it needs (up to 3 rows), then a gap. */
	h = tui_label_rows(&st->question, b.w - 2);
	h = h < 1 ? 1 : h > 3 ? 3 : h;
	tui_ctl_place(&st->question.ctl, (struct tui_rect){b.y, b.x + 1, h,
	    b.w - 2});
	tui_ctl_place(&st->list.ctl, (struct tui_rect){b.y + h + 1, b.x,
	    b.h - h - 1, b.w});
}

static void
quiz_draw(struct screen *scr)
{
	struct state *st = scr->state;

	tui_form_paint(&st->form);
}

static void
answer(struct state *st)
{
	if (st->pick < 0)
		return;
	if (walk_answer(st->step, st->q, (size_t)st->pick)) {
		tui_frame_set_status(&st->frame, "Yes, that is right. Choose "
		    "Next.", TUI_ROLE_NOTE);
		tui_form_focus(&st->form, &st->frame.nav[1].ctl);
	} else {
		tui_frame_set_status(&st->frame, "Not quite. Have another look "
		    "and try again.", TUI_ROLE_ERROR);
	}
}

static struct nav
next(struct screen *scr)
{
	struct state *st = scr->state;
	const char *why = NULL;

	if (!answered(st)) {
		tui_frame_set_status(&st->frame, st->pick < 0 ?
		    "Please choose an answer." :
		    "Not quite. Have another look and try again.",
		    TUI_ROLE_ERROR);
		return nav_stay();
	}
	if (st->q + 1 < st->step->nquestions)
		return show(scr, st->q + 1) ? nav_stay() :
		    nav_to(NAV_HOME, NULL, NULL);
	if (walk_step_ready(app_walk(scr->app), st->step, &why))
		return app_step_done(scr->app);
	tui_frame_set_status(&st->frame, why, TUI_ROLE_ERROR);
	return nav_stay();
}

static struct nav
back(struct screen *scr)
{
	struct state *st = scr->state;

	if (st->q > 0)
		return show(scr, st->q - 1) ? nav_stay() :
		    nav_to(NAV_HOME, NULL, NULL);
	return app_step_back(scr, &st->form, &st->dialog);
}

static struct nav
quiz_action(struct screen *scr, const struct tui_event *ev)
{
	struct state *st = scr->state;
	struct tui_outcome o = tui_form_event(&st->form, ev);
	struct nav nav;

	if (o.res == TUI_CHANGE) {
		answer(st);
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
quiz_form(struct screen *scr)
{
	return &((struct state *)scr->state)->form;
}

const struct screen_ops screen_quiz = {
	.name = "quiz",
	.state_size = sizeof(struct state),
	.enter = quiz_enter,
	.leave = quiz_leave,
	.layout = quiz_layout,
	.draw = quiz_draw,
	.on_action = quiz_action,
	.form = quiz_form,
};
