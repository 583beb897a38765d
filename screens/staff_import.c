/* SPDX-License-Identifier: ISC */
/*
 * Import a roster (staff mode): the path of a CSV file typed in. Core
 * checks every row before it writes anything: all rows are enrolled or
 * none. Every bad row is listed with its line number and the reason; after
 * an import, each learner's one-time activation code is listed once, to
 * be written down (core keeps only hashes), and wiped from memory when
 * this screen closes.
 *
 * Actions: type the path; Import (or Enter in the box) -> "Importing..."
 * then core -> the list of bad rows or of codes; PgUp/PgDn scroll the
 * list; Back/Esc -> NAV_POP; Lock.
 */
#include "screens/app.h"

#include <stdio.h>
#include <string.h>

#include "core/crypto.h"
#include "core/role.h"
#include "core/roster.h"
#include "tui/field.h"
#include "tui/form.h"
#include "tui/frame.h"
#include "tui/label.h"
#include "tui/textview.h"

#define PATH_CAP 1024
#define LABEL_W 8

enum {
	ID_PATH = 1,
	ID_TEXT,
};

struct state {
	bool busy, done;
	char path[PATH_CAP];
	char summary[256];
	struct tui_form form;
	struct tui_frame frame;
	struct tui_label intro;
	struct tui_field fpath;
	struct tui_textview text;
};

static enum core_status
import_enter(struct screen *scr, const void *arg)
{
	struct state *st = scr->state;
	const struct staff *who = app_staff(scr->app);

	(void)arg;
	if (!who || !role_allows(who->role, ROLE_ACT_IMPORT))
		return CORE_ERR_DENIED;
	tui_form_init(&st->form);
	app_staff_frame(scr->app, &st->frame, "Import a roster", "Import",
	    TUI_FRAME_NO_ACTION);
	tui_label_init(&st->intro, "A CSV file whose first line is "
	    ROSTER_HEADER ". Every row is enrolled, or none: a row that is "
	    "wrong is listed with its line number and the reason.",
	    TUI_ROLE_BODY);
	tui_field_init(&st->fpath, ID_PATH, "File", st->path, sizeof st->path,
	    0);
	st->fpath.label_w = LABEL_W;
	tui_textview_init(&st->text, ID_TEXT);
	tui_form_add(&st->form, &st->intro.ctl);
	tui_form_add(&st->form, &st->fpath.ctl);
	tui_form_add(&st->form, &st->text.ctl);
	tui_frame_add(&st->frame, &st->form);
	tui_frame_set_keys(&st->frame, TUI_KEY(ACT_PAGE_DOWN) |
	    TUI_KEY(ACT_PAGE_UP), NULL);
	tui_form_focus(&st->form, &st->fpath.ctl);
	return CORE_OK;
}

static void
import_leave(struct screen *scr)
{
	struct state *st = scr->state;

	/* The codes were shown once; the view wipes its text as it frees. */
	tui_textview_clear(&st->text);
}

static void
import_layout(struct screen *scr, struct tui_rect area)
{
	struct state *st = scr->state;
	struct tui_rect b;

	tui_frame_layout(&st->frame, area.h, area.w);
	b = st->frame.body;
	tui_ctl_place(&st->intro.ctl, (struct tui_rect){b.y, b.x + 1, 3,
	    b.w - 2 < 76 ? b.w - 2 : 76});
	tui_ctl_place(&st->fpath.ctl, (struct tui_rect){b.y + 3, b.x, 3,
	    b.w < 90 ? b.w : 90});
	tui_ctl_place(&st->text.ctl, (struct tui_rect){b.y + 7, b.x, b.h - 7,
	    b.w});
}

static void
import_draw(struct screen *scr)
{
	struct state *st = scr->state;

	tui_form_paint(&st->form);
}

static void
report(const struct roster_row *row, void *ctx)
{
	struct state *st = ctx;
	char line[4 * ROSTER_FIELD_MAX];

	if (row->reason)
		snprintf(line, sizeof line, "Line %lu: %s", row->line, row->reason);
	else
		snprintf(line, sizeof line, "%s, %s %s: code %s", row->reference,
		    row->given_name, row->family_name, row->code ? row->code : "?");
	tui_textview_add(&st->text, TUI_BLOCK_BULLET, line);
	crypto_wipe(line, sizeof line);
}

static struct nav
import_tick(struct screen *scr, unsigned elapsed)
{
	struct state *st = scr->state;
	const struct staff *who = app_staff(scr->app);
	struct roster_result res;
	enum core_status status;

	(void)elapsed;
	if (!st->busy || !who)
		return nav_stay();
	st->busy = false;
	tui_textview_clear(&st->text);
	memset(&res, 0, sizeof res);
	core_detail_clear();
	/* Bad rows arrive first; add the heading above them afterwards. */
	status = roster_import_file(scr->site, st->path, who->pseudonym, report,
	    st, &res);
	if (status == CORE_OK) {
		snprintf(st->summary, sizeof st->summary, "All %lu learners are "
		    "enrolled. Write these activation codes down now. They will "
		    "not be shown again.", res.imported);
		st->done = true;
		tui_ctl_set_hidden(&st->frame.nav[1].ctl, true);
		tui_form_focus(&st->form, &st->text.ctl);
	} else if (status == CORE_ERR_INVALID && res.bad > 0) {
		snprintf(st->summary, sizeof st->summary, "Nothing was imported: "
		    "%lu of %lu rows %s wrong. Correct the file and import it "
		    "again.", res.bad, res.rows, res.bad == 1 ? "is" : "are");
	} else if (status == CORE_ERR_INVALID) {
		snprintf(st->summary, sizeof st->summary, "Nothing was imported: "
		    "%s", core_detail()[0] ? core_detail() : "the file is not a "
		    "roster.");
	} else if (status == CORE_ERR_NOT_FOUND) {
		snprintf(st->summary, sizeof st->summary, "That file cannot be "
		    "opened. Please check the path.");
	} else if (status == CORE_ERR_DENIED) {
		snprintf(st->summary, sizeof st->summary, "Your role cannot "
		    "import a roster.");
	} else {
		snprintf(st->summary, sizeof st->summary, "Sorry, nothing was "
		    "saved. Please try again.");
	}
	tui_textview_add_first(&st->text, TUI_BLOCK_HEADING, st->summary);
	tui_ctl_dirty(&st->text.ctl);
	return nav_stay();
}

static struct nav
submit(struct screen *scr)
{
	struct state *st = scr->state;

	if (st->done)
		return nav_stay();
	if (!st->path[0]) {
		tui_textview_clear(&st->text);
		tui_textview_add(&st->text, TUI_BLOCK_PARA, "Please type the path "
		    "of the CSV file.");
		tui_ctl_dirty(&st->text.ctl);
		return nav_stay();
	}
	st->busy = true;
	tui_textview_clear(&st->text);
	tui_textview_add(&st->text, TUI_BLOCK_PARA, "Importing, please wait...");
	tui_ctl_dirty(&st->text.ctl);
	scr->tick_ms = 1;
	return nav_stay();
}

static struct nav
import_action(struct screen *scr, const struct tui_event *ev)
{
	struct state *st = scr->state;
	struct tui_outcome o;

	if (st->busy)
		return nav_stay();
	if (ev->action == ACT_CHOOSE && tui_form_focused(&st->form) ==
	    &st->fpath.ctl)
		return submit(scr);
	if ((ev->action == ACT_PAGE_DOWN || ev->action == ACT_PAGE_UP) &&
	    tui_form_focused(&st->form) != &st->text.ctl) {
		tui_textview_page_move(&st->text,
		    ev->action == ACT_PAGE_DOWN ? 1 : -1);
		return nav_stay();
	}
	o = tui_form_event(&st->form, ev);
	if (o.res == TUI_ACTIVATE) {
		if (o.id == TUI_ID_NEXT)
			return submit(scr);
		return app_staff_button(scr->app, o.id);
	}
	if (o.res != TUI_PASS)
		return nav_stay();
	if (ev->action == ACT_BACK)
		return nav_to(NAV_POP, NULL, NULL);
	return nav_pass();
}

const struct screen_ops screen_staff_import = {
	.name = "staff_import",
	.state_size = sizeof(struct state),
	.enter = import_enter,
	.leave = import_leave,
	.layout = import_layout,
	.draw = import_draw,
	.on_action = import_action,
	.on_tick = import_tick,
};
