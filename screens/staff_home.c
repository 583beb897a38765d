/* SPDX-License-Identifier: ISC */
/*
 * Staff home: what the signed-in role may do, as large buttons, and Lock.
 * core/role.h decides; a button the role does not allow is not shown at
 * all (a supervisor sees no Enrol or Import).
 *
 * Actions: Learners -> the learner list; Enrol a learner -> enrol;
 * Import a roster -> import; Concerns -> the counts and the queue;
 * Record a concern -> the form for one staff observed;
 * Dashboard -> the supervisor's dashboard; Lock
 * (Ctrl-L, F12) -> NAV_HOME; F1 help.
 * There is no Back: leaving staff mode is locking it.
 */
#include "screens/app.h"

#include <stdio.h>

#include "core/role.h"
#include "tui/button.h"
#include "tui/form.h"
#include "tui/frame.h"
#include "tui/label.h"

enum {
	ID_LEARNERS = 1,
	ID_ENROL,
	ID_IMPORT,
	ID_CONCERNS,
	ID_RECORD_CONCERN,
	ID_DASHBOARD,
};

#define MENU_W 44
#define NMENU 6

struct state {
	char intro_text[256];
	struct tui_form form;
	struct tui_frame frame;
	struct tui_label intro;
	struct tui_button menu[NMENU];
};

static const struct {
	int id;
	const char *label;
	enum role_action needs;
} menu_def[NMENU] = {
	{ID_LEARNERS, "Learners", ROLE_ACT_VIEW_LEARNERS},
	{ID_ENROL, "Enrol a learner", ROLE_ACT_ENROL},
	{ID_IMPORT, "Import a roster", ROLE_ACT_IMPORT},
	/* ROLE_ACT_COUNT: anyone signed in (the counts; the queue asks again). */
	{ID_CONCERNS, "Concerns", ROLE_ACT_COUNT},
	{ID_RECORD_CONCERN, "Record a concern", ROLE_ACT_RECORD_CONCERN},
	{ID_DASHBOARD, "Dashboard", ROLE_ACT_DASHBOARD},
};

static enum core_status
home_enter(struct screen *scr, const void *arg)
{
	struct state *st = scr->state;
	const struct staff *who = app_staff(scr->app);
	unsigned idle = scr->site->cfg->staff_idle_seconds;
	bool first = true;
	int i;

	(void)arg;
	if (!who)
		return CORE_ERR_DENIED;
	snprintf(st->intro_text, sizeof st->intro_text, "Choose what to do. "
	    "Staff mode locks itself after %u %s without use; lock it yourself "
	    "(Ctrl-L) before you leave the kiosk.", idle >= 120 ? idle / 60 :
	    idle, idle >= 120 ? "minutes" : "seconds");
	tui_form_init(&st->form);
	app_staff_frame(scr->app, &st->frame, "Staff", NULL, TUI_FRAME_NO_BACK);
	tui_label_init(&st->intro, st->intro_text, TUI_ROLE_BODY);
	tui_form_add(&st->form, &st->intro.ctl);
	for (i = 0; i < NMENU; i++) {
		tui_button_init(&st->menu[i], menu_def[i].id, menu_def[i].label);
		tui_ctl_set_hidden(&st->menu[i].ctl,
		    menu_def[i].needs != ROLE_ACT_COUNT &&
		    !role_allows(who->role, menu_def[i].needs));
		tui_form_add(&st->form, &st->menu[i].ctl);
	}
	tui_frame_add(&st->frame, &st->form);
	tui_frame_set_keys(&st->frame, 0, NULL);
	for (i = 0; i < NMENU; i++) {
		if (!st->menu[i].ctl.hidden && first) {
			tui_form_focus(&st->form, &st->menu[i].ctl);
			first = false;
		}
	}
	if (first)
		tui_form_focus(&st->form, &st->frame.lock.ctl);
	return CORE_OK;
}

static void
home_leave(struct screen *scr)
{
	(void)scr;
}

static void
home_layout(struct screen *scr, struct tui_rect area)
{
	struct state *st = scr->state;
	struct tui_rect b;
	int i, y, w, k = 0, shown = 0, cols;

	tui_frame_layout(&st->frame, area.h, area.w);
	b = st->frame.body;
	for (i = 0; i < NMENU; i++)
		shown += !st->menu[i].ctl.hidden;
	/* More than three: two columns, so they stay above the action row. */
	cols = shown > 3 ? 2 : 1;
	w = (b.w - 2 * (cols - 1)) / cols;
	w = w < MENU_W ? w : MENU_W;
	tui_ctl_place(&st->intro.ctl, (struct tui_rect){b.y, b.x + 1, 2,
	    b.w - 2 < 76 ? b.w - 2 : 76});
	y = b.y + 2;
	for (i = 0; i < NMENU; i++) {
		if (st->menu[i].ctl.hidden)
			continue;
		tui_ctl_place(&st->menu[i].ctl, (struct tui_rect){y + 4 * (k / cols),
		    b.x + (b.w - cols * w - 2 * (cols - 1)) / 2 + (k % cols) * (w + 2),
		    3, w});
		k++;
	}
}

static void
home_draw(struct screen *scr)
{
	struct state *st = scr->state;

	tui_form_paint(&st->form);
}

static struct nav
home_action(struct screen *scr, const struct tui_event *ev)
{
	struct state *st = scr->state;
	struct tui_outcome o = tui_form_event(&st->form, ev);

	if (o.res == TUI_ACTIVATE) {
		switch (o.id) {
		case ID_LEARNERS:
			return nav_to(NAV_PUSH, &screen_staff_learners, NULL);
		case ID_ENROL:
			return nav_to(NAV_PUSH, &screen_staff_enrol, NULL);
		case ID_IMPORT:
			return nav_to(NAV_PUSH, &screen_staff_import, NULL);
		case ID_CONCERNS:
			return nav_to(NAV_PUSH, &screen_staff_concerns, NULL);
		case ID_RECORD_CONCERN:
			return nav_to(NAV_PUSH, &screen_staff_concern_new, NULL);
		case ID_DASHBOARD:
			return nav_to(NAV_PUSH, &screen_staff_dashboard, NULL);
		default:
			return app_staff_button(scr->app, o.id);
		}
	}
	if (o.res != TUI_PASS)
		return nav_stay();
	if (ev->action == ACT_BACK)
		return nav_stay();
	return nav_pass();
}

const struct screen_ops screen_staff_home = {
	.name = "staff_home",
	.state_size = sizeof(struct state),
	.enter = home_enter,
	.leave = home_leave,
	.layout = home_layout,
	.draw = home_draw,
	.on_action = home_action,
};
