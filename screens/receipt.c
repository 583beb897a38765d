/* SPDX-License-Identifier: ISC */
/*
 * The receipt, shown only after walk_sign committed: "Thank you, you have
 * signed.", the receipt code large and clear, and Finish. There is no
 * Back: what is signed is signed.
 *
 * Actions: Finish (or Enter on it) -> NAV_HOME, which wipes the screen
 * for the next person; help buttons -> app_assist.
 */
#include "screens/app.h"

#include <stdio.h>

#include "core/ledger.h"
#include "tui/form.h"
#include "tui/frame.h"
#include "tui/label.h"

#define CODE_W 36

struct state {
	char code[64];
	struct tui_form form;
	struct tui_frame frame;
	struct tui_label thanks, code_box, hint;
};

static enum core_status
receipt_enter(struct screen *scr, const void *arg)
{
	struct state *st = scr->state;
	const char *receipt = arg;

	if (!receipt || !receipt[0])
		return CORE_ERR_INVALID;
	snprintf(st->code, sizeof st->code, "Your receipt: %.*s",
	    LEDGER_RECEIPT_LEN - 1, receipt);
	tui_form_init(&st->form);
	tui_frame_init(&st->frame, "Signed", "Finish",
	    TUI_FRAME_NO_BACK | TUI_FRAME_NO_ACTION);
	tui_label_init(&st->thanks, "Thank you, you have signed.",
	    TUI_ROLE_HEADING);
	tui_label_init(&st->code_box, st->code, TUI_ROLE_CODE);
	tui_label_init(&st->hint, "Show this code to staff if you need to. "
	    "Choose Finish when you are done.", TUI_ROLE_BODY);
	st->thanks.align = st->code_box.align = st->hint.align = 1;
	st->code_box.boxed = true;
	tui_form_add(&st->form, &st->thanks.ctl);
	tui_form_add(&st->form, &st->code_box.ctl);
	tui_form_add(&st->form, &st->hint.ctl);
	tui_frame_add(&st->frame, &st->form);
	tui_frame_set_keys(&st->frame, 0, NULL);
	tui_form_focus(&st->form, &st->frame.nav[1].ctl);
	return CORE_OK;
}

static void
receipt_leave(struct screen *scr)
{
	(void)scr;
}

static void
receipt_layout(struct screen *scr, struct tui_rect area)
{
	struct state *st = scr->state;
	struct tui_rect b;

	tui_frame_layout(&st->frame, area.h, area.w);
	b = st->frame.body;
	tui_ctl_place(&st->thanks.ctl, (struct tui_rect){b.y + 1, b.x, 1, b.w});
	tui_ctl_place(&st->code_box.ctl, (struct tui_rect){b.y + 4,
	    b.x + (b.w - CODE_W) / 2, 5, CODE_W});
	tui_ctl_place(&st->hint.ctl, (struct tui_rect){b.y + 11, b.x + 2, 2,
	    b.w - 4});
}

static void
receipt_draw(struct screen *scr)
{
	struct state *st = scr->state;

	tui_form_paint(&st->form);
}

static struct nav
receipt_action(struct screen *scr, const struct tui_event *ev)
{
	struct state *st = scr->state;
	struct tui_outcome o = tui_form_event(&st->form, ev);

	if (o.res == TUI_ACTIVATE)
		return o.id == TUI_ID_NEXT ? nav_to(NAV_HOME, NULL, NULL) :
		    app_assist(scr->app, o.id);
	if (o.res != TUI_PASS)
		return nav_stay();
	return nav_pass();
}

static struct tui_form *
receipt_form(struct screen *scr)
{
	return &((struct state *)scr->state)->form;
}

const struct screen_ops screen_receipt = {
	.name = "receipt",
	.state_size = sizeof(struct state),
	.enter = receipt_enter,
	.leave = receipt_leave,
	.layout = receipt_layout,
	.draw = receipt_draw,
	.on_action = receipt_action,
	.form = receipt_form,
};
