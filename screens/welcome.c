/* SPDX-License-Identifier: ISC */
/*
 * The welcome: the kiosk's name, what it is for, two large buttons ("I
 * have a PIN", "First time here") and the ways to get help. No name or
 * reference is ever shown here. It is the root of the stack: the app
 * comes back to it, wiped, after every visit.
 *
 * Actions: I have a PIN -> identify (PIN); First time here -> identify
 * (activation code); My photo choices -> my_consent; Report a concern /
 * F2 -> app_assist; Staff / F12 ->
 * staff sign-in; F1 -> help (global).
 */
#include "screens/app.h"

#include "tui/button.h"
#include "tui/form.h"
#include "tui/frame.h"
#include "tui/label.h"

enum {
	ID_PIN = 1,
	ID_FIRST,
	ID_CONCERN,
	ID_STAFF,
	ID_CONSENT,
};

#define BIG_W 30
#define BIG_H 5

static const enum identify_mode mode_pin = IDENTIFY_PIN;
static const enum identify_mode mode_first = IDENTIFY_FIRST_TIME;

struct state {
	struct tui_form form;
	struct tui_frame frame;
	struct tui_label purpose;
	struct tui_button pin, first, concern, staff, consent;
};

static enum core_status
welcome_enter(struct screen *scr, const void *arg)
{
	struct state *st = scr->state;

	(void)arg;
	tui_form_init(&st->form);
	tui_frame_init(&st->frame, scr->site->cfg->kiosk_name, "",
	    TUI_FRAME_NO_NAV | TUI_FRAME_NO_BACK | TUI_FRAME_NO_ACTION);
	tui_label_init(&st->purpose, "Welcome. Here you read and sign the "
	    "rules for using computers and the internet safely.",
	    TUI_ROLE_BODY);
	st->purpose.align = 1;
	tui_button_init(&st->pin, ID_PIN, "I have a PIN");
	tui_button_init(&st->first, ID_FIRST, "First time here");
	tui_button_init(&st->concern, ID_CONCERN, "Report a concern (F2)");
	tui_button_init(&st->staff, ID_STAFF, "Staff (F12)");
	tui_button_init(&st->consent, ID_CONSENT, "My photo choices");
	tui_form_add(&st->form, &st->purpose.ctl);
	tui_form_add(&st->form, &st->pin.ctl);
	tui_form_add(&st->form, &st->first.ctl);
	tui_form_add(&st->form, &st->concern.ctl);
	tui_form_add(&st->form, &st->consent.ctl);
	tui_form_add(&st->form, &st->staff.ctl);
	tui_frame_add(&st->frame, &st->form);
	tui_frame_set_keys(&st->frame, TUI_KEY(ACT_STAFF), NULL);
	tui_form_focus(&st->form, &st->pin.ctl);
	return CORE_OK;
}

static void
welcome_leave(struct screen *scr)
{
	(void)scr;
}

static void
welcome_layout(struct screen *scr, struct tui_rect area)
{
	struct state *st = scr->state;
	int cols = area.w, gap = 4, y, w1, w2, w3, x;

	tui_frame_layout(&st->frame, area.h, area.w);
	/* The text, then the big choices in the middle, help below them. */
	y = area.h / 2 - BIG_H - 2;
	if (y < 2)
		y = 2;
	tui_ctl_place(&st->purpose.ctl,
	    (struct tui_rect){y, 2, 2, cols - 4});
	y += 3;
	x = (cols - 2 * BIG_W - gap) / 2;
	tui_ctl_place(&st->pin.ctl, (struct tui_rect){y, x, BIG_H, BIG_W});
	tui_ctl_place(&st->first.ctl,
	    (struct tui_rect){y, x + BIG_W + gap, BIG_H, BIG_W});
	y += BIG_H + 2;
	w1 = tui_button_width(st->concern.label) + 2;
	w2 = tui_button_width(st->staff.label) + 2;
	w3 = tui_button_width(st->consent.label) + 2;
	x = (cols - w1 - w2 - w3 - 2 * gap) / 2;
	tui_ctl_place(&st->concern.ctl, (struct tui_rect){y, x, 3, w1});
	tui_ctl_place(&st->consent.ctl,
	    (struct tui_rect){y, x + w1 + gap, 3, w3});
	tui_ctl_place(&st->staff.ctl,
	    (struct tui_rect){y, x + w1 + w3 + 2 * gap, 3, w2});
}

static void
welcome_draw(struct screen *scr)
{
	struct state *st = scr->state;

	tui_form_paint(&st->form);
}

static struct nav
welcome_action(struct screen *scr, const struct tui_event *ev)
{
	struct state *st = scr->state;
	struct tui_outcome o = tui_form_event(&st->form, ev);

	if (o.res == TUI_ACTIVATE) {
		switch (o.id) {
		case ID_PIN:
			return nav_to(NAV_PUSH, &screen_identify, &mode_pin);
		case ID_FIRST:
			return nav_to(NAV_PUSH, &screen_identify, &mode_first);
		case ID_CONCERN:
			return app_assist(scr->app, TUI_ID_CONCERN);
		case ID_STAFF:
			return nav_to(NAV_PUSH, &screen_staff_signin, NULL);
		case ID_CONSENT:
			return nav_to(NAV_PUSH, &screen_my_consent, NULL);
		default:
			return nav_stay();
		}
	}
	if (o.res != TUI_PASS)
		return nav_stay();
	if (ev->action == ACT_STAFF)
		return nav_to(NAV_PUSH, &screen_staff_signin, NULL);
	return nav_pass();
}

static struct tui_form *
welcome_form(struct screen *scr)
{
	return &((struct state *)scr->state)->form;
}

const struct screen_ops screen_welcome = {
	.name = "welcome",
	.state_size = sizeof(struct state),
	.enter = welcome_enter,
	.leave = welcome_leave,
	.layout = welcome_layout,
	.draw = welcome_draw,
	.on_action = welcome_action,
	.form = welcome_form,
};
