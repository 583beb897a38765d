/* SPDX-License-Identifier: ISC */
/*
 * A calm message with an OK button: Report a concern, Read to me and Ask
 * staff (placeholders for now), "nothing to sign", "see a member of staff".
 *
 * Actions: OK, Enter or Esc -> NAV_POP (NAV_HOME when the message ends the
 * visit); Help, Report a concern, Read to me, Ask staff -> app_assist.
 */
#include "screens/app.h"

#include "tui/form.h"
#include "tui/frame.h"
#include "tui/label.h"

#define TEXT_MAX_W 64

struct state {
	const struct message_arg *msg;
	struct tui_form form;
	struct tui_frame frame;
	struct tui_label text;
};

static enum core_status
message_enter(struct screen *scr, const void *arg)
{
	struct state *st = scr->state;

	st->msg = arg;
	tui_form_init(&st->form);
	tui_frame_init(&st->frame, st->msg->title, "OK",
	    TUI_FRAME_NO_BACK | TUI_FRAME_NO_ACTION);
	tui_label_init(&st->text, st->msg->text, TUI_ROLE_BODY);
	tui_form_add(&st->form, &st->text.ctl);
	tui_frame_add(&st->frame, &st->form);
	tui_frame_set_keys(&st->frame, TUI_KEY(ACT_BACK), NULL);
	tui_form_focus(&st->form, &st->frame.nav[1].ctl);
	return CORE_OK;
}

static void
message_leave(struct screen *scr)
{
	(void)scr;
}

static void
message_layout(struct screen *scr, struct tui_rect area)
{
	struct state *st = scr->state;
	struct tui_rect b;
	int w;

	tui_frame_layout(&st->frame, area.h, area.w);
	b = st->frame.body;
	w = b.w < TEXT_MAX_W ? b.w : TEXT_MAX_W;
	tui_ctl_place(&st->text.ctl,
	    (struct tui_rect){b.y + 2, b.x + (b.w - w) / 2, b.h - 2, w});
}

static void
message_draw(struct screen *scr)
{
	struct state *st = scr->state;

	tui_form_paint(&st->form);
}

static struct nav
done(const struct state *st)
{
	return nav_to(st->msg->home ? NAV_HOME : NAV_POP, NULL, NULL);
}

static struct nav
message_action(struct screen *scr, const struct tui_event *ev)
{
	struct state *st = scr->state;
	struct tui_outcome o = tui_form_event(&st->form, ev);

	if (o.res == TUI_ACTIVATE)
		return o.id == TUI_ID_NEXT ? done(st) : app_assist(scr->app, o.id);
	if (o.res != TUI_PASS)
		return nav_stay();
	if (ev->action == ACT_BACK)
		return done(st);
	return nav_pass();
}

static struct tui_form *
message_form(struct screen *scr)
{
	return &((struct state *)scr->state)->form;
}

const struct screen_ops screen_message = {
	.name = "message",
	.state_size = sizeof(struct state),
	.enter = message_enter,
	.leave = message_leave,
	.layout = message_layout,
	.draw = message_draw,
	.on_action = message_action,
	.form = message_form,
};
