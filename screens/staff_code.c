/* SPDX-License-Identifier: ISC */
/*
 * A one-time activation code, shown once (after enrolment, a PIN reset or
 * a new code): large letters to copy by hand, the plain text under them,
 * and "Write this down now. It will not be shown again." There is no Back:
 * once this screen closes, the code is gone (core keeps only a hash). The
 * argument is a struct staff_code_arg; the code is copied and wiped in
 * leave().
 *
 * Actions: "I wrote it down" ("Done" at 80 columns) -> NAV_REPLACE to
 * arg->then (a learner's record) or NAV_POP; Lock (the code is wiped
 * with the rest).
 */
#include "screens/app.h"

#include <stdio.h>
#include <string.h>

#include "core/crypto.h"
#include "tui/bigtext.h"
#include "tui/form.h"
#include "tui/frame.h"
#include "tui/label.h"

struct state {
	const struct screen_ops *then;
	char then_arg[LEARNER_REF_MAX];
	char who[256];
	struct tui_form form;
	struct tui_frame frame;
	struct tui_label who_label, warning, how;
	struct tui_bigtext code;
};

static enum core_status
code_enter(struct screen *scr, const void *arg)
{
	struct state *st = scr->state;
	const struct staff_code_arg *a = arg;

	if (!a || !a->code || !a->code[0] || !app_staff(scr->app))
		return CORE_ERR_INVALID;
	st->then = a->then;
	snprintf(st->then_arg, sizeof st->then_arg, "%s",
	    a->then_arg ? a->then_arg : "");
	snprintf(st->who, sizeof st->who, "%s %s", a->title, a->who ? a->who :
	    "");
	tui_form_init(&st->form);
	app_staff_frame(scr->app, &st->frame, a->title, "I wrote it down",
	    TUI_FRAME_NO_BACK | TUI_FRAME_NO_ACTION);
	tui_frame_set_primary(&st->frame, "I wrote it down", "Done");
	tui_label_init(&st->who_label, st->who, TUI_ROLE_HEADING);
	tui_bigtext_init(&st->code, a->code, "Code: ");
	tui_label_init(&st->warning, "Write this down now. It will not be "
	    "shown again.", TUI_ROLE_ERROR);
	tui_label_init(&st->how, "The learner chooses \"First time here\", "
	    "types their reference and this code, then chooses a PIN.",
	    TUI_ROLE_BODY);
	st->who_label.align = st->warning.align = st->how.align = 1;
	tui_form_add(&st->form, &st->who_label.ctl);
	tui_form_add(&st->form, &st->code.ctl);
	tui_form_add(&st->form, &st->warning.ctl);
	tui_form_add(&st->form, &st->how.ctl);
	tui_frame_add(&st->frame, &st->form);
	tui_frame_set_keys(&st->frame, 0, NULL);
	tui_form_focus(&st->form, &st->frame.nav[1].ctl);
	return CORE_OK;
}

static void
code_leave(struct screen *scr)
{
	struct state *st = scr->state;

	tui_bigtext_clear(&st->code);
	crypto_wipe(&st->code, sizeof st->code);
}

static void
code_layout(struct screen *scr, struct tui_rect area)
{
	struct state *st = scr->state;
	struct tui_rect b;
	int y;

	tui_frame_layout(&st->frame, area.h, area.w);
	b = st->frame.body;
	y = b.y + (b.h > 20 ? (b.h - 16) / 2 : 0);
	tui_ctl_place(&st->who_label.ctl, (struct tui_rect){y, b.x, 2, b.w});
	tui_ctl_place(&st->code.ctl, (struct tui_rect){y + 2, b.x, 
	    TUI_BIGTEXT_ROWS, b.w});
	tui_ctl_place(&st->warning.ctl, (struct tui_rect){y + 2 +
	    TUI_BIGTEXT_ROWS + 1, b.x, 1, b.w});
	tui_ctl_place(&st->how.ctl, (struct tui_rect){y + 2 +
	    TUI_BIGTEXT_ROWS + 3, b.x + 2, 2, b.w - 4});
}

static void
code_draw(struct screen *scr)
{
	struct state *st = scr->state;

	tui_form_paint(&st->form);
}

static struct nav
code_action(struct screen *scr, const struct tui_event *ev)
{
	struct state *st = scr->state;
	struct tui_outcome o = tui_form_event(&st->form, ev);

	if (o.res == TUI_ACTIVATE) {
		if (o.id != TUI_ID_NEXT)
			return app_staff_button(scr->app, o.id);
		if (st->then)
			return nav_to(NAV_REPLACE, st->then, st->then_arg);
		return nav_to(NAV_POP, NULL, NULL);
	}
	if (o.res != TUI_PASS || ev->action == ACT_BACK)
		return nav_stay();
	return nav_pass();
}

const struct screen_ops screen_staff_code = {
	.name = "staff_code",
	.state_size = sizeof(struct state),
	.enter = code_enter,
	.leave = code_leave,
	.layout = code_layout,
	.draw = code_draw,
	.on_action = code_action,
};
