/* SPDX-License-Identifier: ISC */
/*
 * Report a concern (issue 7; SPEC section 3), from the welcome or any step
 * (F2 or the button). Two pages: what it is about and what happened; then
 * who they would like to talk to and whether to give their name (reference
 * and PIN) or stay anonymous. Everything typed is in secret_alloc memory,
 * wiped in leave(), which also wipes the terminal and its scrollback.
 *
 * Actions: Next -> page 2; Send -> "Sending", core on the next tick, then
 * the calm confirmation (NAV_REPLACE: its OK goes back to where they
 * were, the walk included); a wrong reference or PIN waits as at sign-in
 * and stays with what was typed; any other failure -> "could not be saved, tell staff now".
 * Back on page 2 -> page 1. Esc, or Back on page 1: the quick exit,
 * NAV_POP at once (a second Esc first once something was typed).
 */
#include "screens/app.h"

#include <string.h>

#include "core/concern.h"
#include "core/crypto.h"
#include "tui/choice.h"
#include "tui/field.h"
#include "tui/form.h"
#include "tui/frame.h"
#include "tui/label.h"
#include "tui/term.h"
#include "tui/textarea.h"

#define TEXT_CAP (CONCERN_TEXT_MAX * 4 + 1)
#define TALK_CAP (CONCERN_TALK_TO_MAX * 4 + 1)
#define PIN_CAP 32
#define LABEL_W 22

enum { ID_CATEGORY = 1, ID_TEXT, ID_TALK, ID_NAMED, ID_REF, ID_PIN };

enum page { PAGE_WHAT, PAGE_WHO, PAGE_SENDING, PAGE_WAITING };

/* The name choice's values, in order. */
enum { NAMED_UNSET, NAMED_NO, NAMED_YES };

struct state {
	enum page page;
	bool esc_once;		/* the first Esc of two was pressed */
	unsigned failures;	/* wrong reference or PIN, for the delay */
	uint64_t started;
	char *text, *talk, *pin;
	char reference[LEARNER_REF_MAX];
	struct tui_form form;
	struct tui_frame frame;
	struct tui_choice category, named;
	struct tui_textarea what;
	struct tui_field talk_to, ref, pinf;
};

static const struct message_arg msg_saved = {"Thank you",
    "Thank you for telling us. A member of staff will follow this up. "
    "If you are in danger now, tell a member of staff straight away.",
    false};
static const struct message_arg msg_failed = {"Sorry",
    "Sorry, this could not be saved. Please tell a member of staff now.",
    false};

static void
status(struct state *st, const char *text, enum tui_role role)
{
	tui_frame_set_status(&st->frame, text, role);
}

static bool
typed(const struct state *st)
{
	return st->text[0] || st->talk[0] || st->reference[0] || st->pin[0];
}

static void
show_page(struct state *st, enum page p)
{
	bool what = p == PAGE_WHAT, named = st->named.chosen == NAMED_YES;

	/* A new page repaints whole; the name choice only shows two boxes. */
	if (p != st->page)
		tui_invalidate();
	st->page = p;
	tui_ctl_set_hidden(&st->category.ctl, !what);
	tui_ctl_set_hidden(&st->what.ctl, !what);
	tui_ctl_set_hidden(&st->talk_to.ctl, what);
	tui_ctl_set_hidden(&st->named.ctl, what);
	tui_ctl_set_hidden(&st->ref.ctl, what || !named);
	tui_ctl_set_hidden(&st->pinf.ctl, what || !named);
	tui_frame_set_title(&st->frame, "Report a concern",
	    what ? "Page 1 of 2" : "Page 2 of 2");
	tui_frame_set_primary(&st->frame, what ? "Next" : "Send", NULL);
	tui_frame_set_keys(&st->frame, TUI_KEY(ACT_NEXT_FOCUS) |
	    TUI_KEY(ACT_BACK), "Esc leaves without saving");
}

static enum core_status
concern_enter(struct screen *scr, const void *arg)
{
	struct state *st = scr->state;
	size_t i;

	(void)arg;
	st->text = secret_alloc(TEXT_CAP);
	st->talk = secret_alloc(TALK_CAP);
	st->pin = secret_alloc(PIN_CAP);
	if (!st->text || !st->talk || !st->pin)
		return CORE_ERR_NOMEM;
	tui_form_init(&st->form);
	tui_frame_init(&st->frame, "Report a concern", "Next", 0);
	tui_choice_init(&st->category, ID_CATEGORY, "What is it about?");
	tui_choice_add(&st->category, "Please choose");
	for (i = 0; i < CONCERN_CATEGORY_COUNT; i++)
		tui_choice_add(&st->category,
		    concern_category_words((enum concern_category)i));
	tui_textarea_init(&st->what, ID_TEXT, "What happened? (Enter starts "
	    "a new line, Tab moves on)", st->text, TEXT_CAP);
	tui_textarea_set_max(&st->what, CONCERN_TEXT_MAX);
	tui_field_init(&st->talk_to, ID_TALK, "Who would you like to talk to?",
	    st->talk, TALK_CAP, 0);
	tui_field_set_max(&st->talk_to, CONCERN_TALK_TO_MAX);
	tui_choice_init(&st->named, ID_NAMED, "Give your name?");
	tui_choice_add(&st->named, "Please choose");
	tui_choice_add(&st->named, "No, stay anonymous");
	tui_choice_add(&st->named, "Yes, give my name");
	tui_field_init(&st->ref, ID_REF, "Reference", st->reference,
	    sizeof st->reference, TUI_FIELD_UPPER);
	tui_field_init(&st->pinf, ID_PIN, "PIN", st->pin, PIN_CAP,
	    TUI_FIELD_MASK | TUI_FIELD_DIGITS);
	tui_field_set_max(&st->pinf, LEARNER_PIN_MAX);
	st->category.label_w = LABEL_W;
	st->talk_to.label_w = st->named.label_w = 34;
	st->ref.label_w = 12;
	st->pinf.label_w = 6;
	tui_form_add(&st->form, &st->category.ctl);
	tui_form_add(&st->form, &st->what.ctl);
	tui_form_add(&st->form, &st->talk_to.ctl);
	tui_form_add(&st->form, &st->named.ctl);
	tui_form_add(&st->form, &st->ref.ctl);
	tui_form_add(&st->form, &st->pinf.ctl);
	tui_frame_add(&st->frame, &st->form);
	show_page(st, PAGE_WHAT);
	tui_form_focus(&st->form, &st->category.ctl);
	return CORE_OK;
}

/* Nothing of it stays: not in memory, not on screen, not in scrollback. */
static void
concern_leave(struct screen *scr)
{
	struct state *st = scr->state;

	secret_free(&st->text, TEXT_CAP);
	secret_free(&st->talk, TALK_CAP);
	secret_free(&st->pin, PIN_CAP);
	crypto_wipe(st->reference, sizeof st->reference);
	tui_wipe();
}

static void
concern_layout(struct screen *scr, struct tui_rect area)
{
	struct state *st = scr->state;
	struct tui_rect b;
	int half;

	tui_frame_layout(&st->frame, area.h, area.w);
	b = st->frame.body;
	half = (b.w - 4) / 2;
	tui_ctl_place(&st->category.ctl, (struct tui_rect){b.y, b.x + 1, 3,
	    b.w - 2});
	tui_ctl_place(&st->what.ctl, (struct tui_rect){b.y + 4, b.x + 1,
	    b.h - 4, b.w - 2});
	tui_ctl_place(&st->talk_to.ctl, (struct tui_rect){b.y, b.x + 1, 3,
	    b.w - 2});
	tui_ctl_place(&st->named.ctl, (struct tui_rect){b.y + 4, b.x + 1, 3,
	    b.w - 2});
	tui_ctl_place(&st->ref.ctl, (struct tui_rect){b.y + 8, b.x + 1, 3,
	    half});
	tui_ctl_place(&st->pinf.ctl, (struct tui_rect){b.y + 8,
	    b.x + 3 + half, 3, b.w - 4 - half});
}

static void
concern_draw(struct screen *scr)
{
	struct state *st = scr->state;

	tui_form_paint(&st->form);
}

static struct nav
check_what(struct state *st)
{
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
	status(st, "", TUI_ROLE_BODY);
	show_page(st, PAGE_WHO);
	tui_form_focus(&st->form, &st->talk_to.ctl);
	return nav_stay();
}

static struct nav
send(struct screen *scr)
{
	struct state *st = scr->state;

	if (concern_check_text(st->talk, CONCERN_TALK_TO_MAX, false, true) !=
	    CORE_OK) {
		status(st, core_detail(), TUI_ROLE_ERROR);
		tui_form_focus(&st->form, &st->talk_to.ctl);
		return nav_stay();
	}
	if (st->named.chosen == NAMED_UNSET) {
		status(st, "Please choose whether to give your name.",
		    TUI_ROLE_ERROR);
		tui_form_focus(&st->form, &st->named.ctl);
		return nav_stay();
	}
	if (st->named.chosen == NAMED_YES && (!st->reference[0] || !st->pin[0])) {
		status(st, "Please type your reference and your PIN, or choose "
		    "to stay anonymous.", TUI_ROLE_ERROR);
		tui_form_focus(&st->form, st->reference[0] ? &st->pinf.ctl :
		    &st->ref.ctl);
		return nav_stay();
	}
	st->page = PAGE_SENDING;
	st->started = app_now_ms();
	status(st, "Sending, please wait...", TUI_ROLE_NOTE);
	scr->tick_ms = 1;	/* paint it first, then work */
	return nav_stay();
}

static struct nav
concern_tick(struct screen *scr, unsigned elapsed)
{
	struct state *st = scr->state;
	struct concern_receipt r;
	enum core_status s;
	bool named = st->named.chosen == NAMED_YES;
	uint64_t delay, spent;

	(void)elapsed;
	if (st->page == PAGE_WAITING) {
		st->page = PAGE_WHO;
		status(st, "Those details did not match. Try again, or choose "
		    "to stay anonymous.", TUI_ROLE_ERROR);
		tui_form_focus(&st->form, &st->ref.ctl);
		return nav_stay();
	}
	if (st->page != PAGE_SENDING)
		return nav_stay();
	s = concern_report(scr->site,
	    (enum concern_category)(st->category.chosen - 1), st->text,
	    st->talk, named ? st->reference : NULL, named ? st->pin : NULL, &r);
	tui_field_clear(&st->pinf);
	if (s == CORE_OK)
		return nav_to(NAV_REPLACE, &screen_message, &msg_saved);
	if (s == CORE_ERR_AUTH || s == CORE_ERR_LOCKED) {
		/* The same wait as at sign-in, however long core took. */
		delay = learner_auth_delay_ms(++st->failures);
		spent = app_now_ms() - st->started;
		st->page = PAGE_WAITING;
		scr->tick_ms = spent < delay ? (unsigned)(delay - spent) : 1;
		return nav_stay();
	}
	return nav_to(NAV_REPLACE, &screen_message, &msg_failed);
}

/* Esc: leave at once, or once more to be sure if something was typed. */
static struct nav
quick_exit(struct state *st)
{
	if (typed(st) && !st->esc_once) {
		st->esc_once = true;
		status(st, "Press Esc again to leave without saving.",
		    TUI_ROLE_NOTE);
		return nav_stay();
	}
	return nav_to(NAV_POP, NULL, NULL);
}

static struct nav
concern_on_action(struct screen *scr, const struct tui_event *ev)
{
	struct state *st = scr->state;
	struct tui_ctl *focus = tui_form_focused(&st->form);
	struct tui_outcome o;

	if (st->page >= PAGE_SENDING)
		return nav_stay();	/* sending or waiting: keys wait */
	if (ev->action == ACT_BACK)
		return quick_exit(st);
	if (st->esc_once && ev->action != ACT_MOTION) {
		st->esc_once = false;
		status(st, "", TUI_ROLE_BODY);
	}
	if (ev->action == ACT_CHOOSE && focus == &st->talk_to.ctl) {
		tui_form_focus(&st->form, &st->named.ctl);
		return nav_stay();
	}
	if (ev->action == ACT_CHOOSE && focus == &st->ref.ctl) {
		tui_form_focus(&st->form, &st->pinf.ctl);
		return nav_stay();
	}
	if (ev->action == ACT_CHOOSE && focus == &st->pinf.ctl)
		return send(scr);
	o = tui_form_event(&st->form, ev);
	if (o.res == TUI_CHANGE)
		status(st, "", TUI_ROLE_BODY);
	if (o.res == TUI_CHANGE && o.id == ID_NAMED) {
		show_page(st, PAGE_WHO);
		return nav_stay();
	}
	if (o.res == TUI_ACTIVATE) {
		switch (o.id) {
		case TUI_ID_NEXT:
			return st->page == PAGE_WHAT ? check_what(st) : send(scr);
		case TUI_ID_BACK:
			if (st->page == PAGE_WHAT)
				return quick_exit(st);
			status(st, "", TUI_ROLE_BODY);
			show_page(st, PAGE_WHAT);
			tui_form_focus(&st->form, &st->what.ctl);
			return nav_stay();
		default:
			return app_assist(scr->app, o.id);
		}
	}
	if (o.res != TUI_PASS)
		return nav_stay();
	return nav_pass();
}

static struct tui_form *
concern_form(struct screen *scr)
{
	return &((struct state *)scr->state)->form;
}

const struct screen_ops screen_concern = {
	.name = "concern",
	.state_size = sizeof(struct state),
	.enter = concern_enter,
	.leave = concern_leave,
	.layout = concern_layout,
	.draw = concern_draw,
	.on_action = concern_on_action,
	.on_tick = concern_tick,
	.form = concern_form,
};
