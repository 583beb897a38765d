/* SPDX-License-Identifier: ISC */
/*
 * The maintenance lock (SPEC section 8): the kiosk's home instead of the
 * welcome while the database failed its start checks (site_in_maintenance).
 * Learners see only "fetch a member of staff" and the Staff button; with
 * no database handle at all (site->st NULL) not even that, since staff
 * could not sign in: the machine must be checked from its command line.
 * Signed in, staff see why (the fault and its detail) and Check again.
 * Busy, full, read-only and I/O faults can clear by themselves, so they
 * are checked again every minute; corruption only when staff ask.
 *
 * Actions: Staff / F12 -> staff sign-in (learner view, database open);
 * Check again -> site_recheck: cleared -> NAV_HOME (the welcome), else the
 * new detail; the tick -> the same without the button; Lock (Ctrl-L,
 * F12) -> NAV_HOME; F1 help. Nothing else, not even Report a concern.
 */
#include "screens/app.h"

#include <stdio.h>

#include "tui/button.h"
#include "tui/form.h"
#include "tui/frame.h"
#include "tui/label.h"

enum {
	ID_STAFF = 1,
	ID_CHECK,
};

#define RECHECK_MS 60000u
#define TEXT_MAX_W 72

struct state {
	bool staff;		/* opened in staff mode: the fault is shown */
	char why[TUI_LABEL_MAX];
	struct tui_form form;
	struct tui_frame frame;
	struct tui_label text, note, fault, detail;
	struct tui_button staff_btn, check;
};

static const char text_locked[] = "This kiosk cannot be used just now. "
    "Please fetch a member of staff.";
static const char text_no_db[] = "Staff: the database cannot be opened, so "
    "no one can sign in here. Check this machine from its command line "
    "(signoff verify).";

/* Busy, full, read-only, I/O: worth trying again on a timer. */
static void
arm(struct screen *scr)
{
	scr->tick_ms = scr->site->fault != CORE_ERR_CORRUPT ? RECHECK_MS : 0;
}

/* The fault as staff read it; the label sanitises the detail. */
static void
show_fault(struct screen *scr)
{
	struct state *st = scr->state;

	if (!st->staff)
		return;
	snprintf(st->why, sizeof st->why, "Fault: %s.",
	    core_status_message(scr->site->fault));
	tui_label_set(&st->fault, st->why, TUI_ROLE_ERROR);
	tui_label_set(&st->detail, scr->site->fault_detail[0] ?
	    scr->site->fault_detail : "No more detail.", TUI_ROLE_BODY);
}

static enum core_status
maint_enter(struct screen *scr, const void *arg)
{
	struct state *st = scr->state;

	(void)arg;
	st->staff = app_staff(scr->app) != NULL;
	tui_form_init(&st->form);
	tui_button_init(&st->staff_btn, ID_STAFF, "Staff (F12)");
	tui_button_init(&st->check, ID_CHECK, "Check again");
	if (st->staff) {
		app_staff_frame(scr->app, &st->frame, "Maintenance", NULL,
		    TUI_FRAME_NO_BACK);
		tui_label_init(&st->text, "Learners cannot use this kiosk "
		    "until the database passes its checks. Put it right from "
		    "the command line (signoff verify; restore a backup if "
		    "need be), "
		    "then choose Check again.", TUI_ROLE_BODY);
		tui_label_init(&st->fault, "", TUI_ROLE_ERROR);
		tui_label_init(&st->detail, "", TUI_ROLE_BODY);
		tui_form_add(&st->form, &st->text.ctl);
		tui_form_add(&st->form, &st->fault.ctl);
		tui_form_add(&st->form, &st->detail.ctl);
		tui_form_add(&st->form, &st->check.ctl);
		show_fault(scr);
	} else {
		/* The staff flags only so that the footer offers no F2, F3. */
		tui_frame_init(&st->frame, scr->site->cfg->kiosk_name, "",
		    TUI_FRAME_NO_NAV | TUI_FRAME_NO_BACK | TUI_FRAME_NO_ACTION |
		    TUI_FRAME_STAFF | TUI_FRAME_NO_LOCK);
		tui_label_init(&st->text, text_locked, TUI_ROLE_BODY);
		st->text.align = 1;
		tui_label_init(&st->note, scr->site->st ? "" : text_no_db,
		    TUI_ROLE_NOTE);
		tui_form_add(&st->form, &st->text.ctl);
		tui_form_add(&st->form, &st->note.ctl);
		tui_form_add(&st->form, &st->staff_btn.ctl);
		tui_ctl_set_hidden(&st->staff_btn.ctl, !scr->site->st);
	}
	tui_frame_add(&st->frame, &st->form);
	tui_frame_set_keys(&st->frame,
	    !st->staff && scr->site->st ? TUI_KEY(ACT_STAFF) : 0, NULL);
	if (st->staff)
		tui_form_focus(&st->form, &st->check.ctl);
	else if (scr->site->st)
		tui_form_focus(&st->form, &st->staff_btn.ctl);
	arm(scr);
	return CORE_OK;
}

static void
maint_leave(struct screen *scr)
{
	(void)scr;
}

static void
maint_layout(struct screen *scr, struct tui_rect area)
{
	struct state *st = scr->state;
	struct tui_rect b;
	int w, x, y, h;

	tui_frame_layout(&st->frame, area.h, area.w);
	b = st->frame.body;
	w = b.w - 4 < TEXT_MAX_W ? b.w - 4 : TEXT_MAX_W;
	x = b.x + (b.w - w) / 2;
	if (st->staff) {
		y = b.y + 1;
		h = tui_label_rows(&st->text, w);
		tui_ctl_place(&st->text.ctl, (struct tui_rect){y, x, h, w});
		y += h + 1;
		tui_ctl_place(&st->fault.ctl, (struct tui_rect){y, x, 1, w});
		y += 2;
		h = tui_label_rows(&st->detail, w);
		tui_ctl_place(&st->detail.ctl, (struct tui_rect){y, x, h, w});
		y += h + 1;
		tui_ctl_place(&st->check.ctl, (struct tui_rect){y, x, 3,
		    tui_button_width(st->check.label) + 2});
		return;
	}
	y = area.h / 2 - 4;
	if (y < 2)
		y = 2;
	tui_ctl_place(&st->text.ctl, (struct tui_rect){y, x, 2, w});
	y += 3;
	h = tui_label_rows(&st->note, w);
	tui_ctl_place(&st->note.ctl, (struct tui_rect){y, x, h, w});
	y += h + 1;
	w = tui_button_width(st->staff_btn.label) + 2;
	tui_ctl_place(&st->staff_btn.ctl,
	    (struct tui_rect){y, (area.w - w) / 2, 3, w});
}

static void
maint_draw(struct screen *scr)
{
	struct state *st = scr->state;

	tui_form_paint(&st->form);
}

static struct nav
check_again(struct screen *scr)
{
	if (site_recheck(scr->site) == CORE_OK)
		return nav_to(NAV_HOME, NULL, NULL);
	show_fault(scr);
	arm(scr);
	return nav_stay();
}

static struct nav
maint_action(struct screen *scr, const struct tui_event *ev)
{
	struct state *st = scr->state;
	struct tui_outcome o = tui_form_event(&st->form, ev);

	if (o.res == TUI_ACTIVATE) {
		switch (o.id) {
		case ID_STAFF:
			return nav_to(NAV_PUSH, &screen_staff_signin, NULL);
		case ID_CHECK:
			return check_again(scr);
		default:
			return st->staff ? app_staff_button(scr->app, o.id) :
			    nav_stay();
		}
	}
	if (o.res != TUI_PASS)
		return nav_stay();
	if (!st->staff && ev->action == ACT_STAFF && scr->site->st)
		return nav_to(NAV_PUSH, &screen_staff_signin, NULL);
	/* Only help: a concern or a walk could not be saved now. */
	return ev->action == ACT_HELP ? nav_pass() : nav_stay();
}

static struct nav
maint_tick(struct screen *scr, unsigned elapsed_ms)
{
	(void)elapsed_ms;
	if (scr->site->fault == CORE_ERR_CORRUPT)
		return nav_stay();
	return check_again(scr);
}

const struct screen_ops screen_maintenance = {
	.name = "maintenance",
	.state_size = sizeof(struct state),
	.enter = maint_enter,
	.leave = maint_leave,
	.layout = maint_layout,
	.draw = maint_draw,
	.on_action = maint_action,
	.on_tick = maint_tick,
};
