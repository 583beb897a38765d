/* SPDX-License-Identifier: ISC */
/*
 * A learner's whole record (staff mode), as record_text makes it for a
 * subject access request: shown in a scrollable view, and saved to a text
 * file for printing (the kiosk has no printer). Opening it is recorded by
 * core before anything is shown; saving is an export, recorded too, and
 * offered only to roles that may export. The argument is the reference.
 *
 * Actions: arrows, PgUp/PgDn, Home/End and the wheel read the record
 * ("Page n of m" below it); Save text file ("Save file" at 80 columns) ->
 * record_save, then a message saying where it went or why nothing was
 * saved; Back/Esc -> NAV_POP; Lock.
 */
#include "screens/app.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/crypto.h"
#include "core/record.h"
#include "core/role.h"
#include "tui/dialog.h"
#include "tui/form.h"
#include "tui/frame.h"
#include "tui/textview.h"

enum {
	ID_TEXT = 1,
	DLG_SAVED = 7101,
};

struct state {
	char reference[LEARNER_REF_MAX];
	char *text;		/* the record as shown and saved; wiped on leave */
	size_t len;
	bool may_save;
	char page[48];
	char msg[640];
	struct tui_form form;
	struct tui_frame frame;
	struct tui_textview view;
	struct tui_dialog dialog;
};

/* ---- the text into the view ---- */

/* "PERSONAL DETAILS", "STEPS (as they stand ...)": capitals before any "(". */
static bool
is_heading(const char *s, size_t n)
{
	size_t i, letters = 0;

	for (i = 0; i < n && !(s[i] == ' ' && i + 1 < n && s[i + 1] == '('); i++) {
		if (islower((unsigned char)s[i]))
			return false;
		letters += isupper((unsigned char)s[i]) != 0;
	}
	return letters >= 4;
}

struct para {
	char *buf;
	size_t n, cap;
	bool ok;
};

static void
para_add(struct para *p, const char *s, size_t n)
{
	char *grown;

	if (!p->ok)
		return;
	if (p->n + n + 2 > p->cap) {
		p->cap = (p->n + n + 2) * 2;
		if (!(grown = realloc(p->buf, p->cap))) {
			p->ok = false;
			return;
		}
		p->buf = grown;
	}
	if (p->n)
		p->buf[p->n++] = ' ';
	memcpy(p->buf + p->n, s, n);
	p->n += n;
	p->buf[p->n] = '\0';
}

static void
para_flush(struct state *st, struct para *p)
{
	if (p->n && p->ok)
		p->ok = tui_textview_add(&st->view, TUI_BLOCK_PARA, p->buf);
	if (p->buf)
		crypto_wipe(p->buf, p->cap);
	p->n = 0;
}

/*
 * One block a line, by its indent: headings, paragraphs (a line that goes
 * on with a small letter joins the one before), bullets at two spaces,
 * sub-points deeper. The view wraps them to its width.
 */
static bool
fill(struct state *st)
{
	struct para p = {NULL, 0, 0, true};
	const char *s = st->text, *end = st->text + st->len, *nl;
	char *line;
	size_t n, ind;

	while (s < end && p.ok) {
		nl = memchr(s, '\n', (size_t)(end - s));
		n = nl ? (size_t)(nl - s) : (size_t)(end - s);
		for (ind = 0; ind < n && s[ind] == ' '; ind++)
			;
		if (ind == 0 && n && islower((unsigned char)s[0]) && p.n) {
			para_add(&p, s, n);
		} else {
			para_flush(st, &p);
			if (ind == 0 && n && !is_heading(s, n)) {
				para_add(&p, s, n);
			} else if (n > ind) {
				if (!(line = strndup(s + ind, n - ind))) {
					p.ok = false;
					break;
				}
				p.ok = tui_textview_add(&st->view, ind == 0 ?
				    TUI_BLOCK_HEADING : ind < 4 ? TUI_BLOCK_BULLET :
				    TUI_BLOCK_SUB, line);
				crypto_wipe(line, n - ind);
				free(line);
			}
		}
		s += n + 1;
	}
	para_flush(st, &p);
	free(p.buf);
	return p.ok;
}

/* ---- showing ---- */

static void
update(struct state *st)
{
	int n, m;

	if (!st->text)
		return;
	tui_textview_page(&st->view, &n, &m);
	snprintf(st->page, sizeof st->page, "Page %d of %d", n, m);
	tui_frame_set_status(&st->frame, st->page, TUI_ROLE_NOTE);
}

static const char *
open_words(enum core_status status)
{
	if (status == CORE_ERR_DENIED)
		return "Your role cannot see a learner's whole record.";
	if (status == CORE_ERR_NOT_FOUND)
		return "There is no learner with this reference now.";
	if (status == CORE_ERR_NOMEM)
		return "The record is too big to show here. Ask an administrator "
		    "to use \"signoff learner show\" instead.";
	return "Sorry, the record cannot be read now. Please try again.";
}

static enum core_status
record_enter(struct screen *scr, const void *arg)
{
	struct state *st = scr->state;
	const struct staff *who = app_staff(scr->app);
	enum core_status status;
	char title[LEARNER_REF_MAX + 16];

	if (!who || !arg)
		return CORE_ERR_DENIED;
	snprintf(st->reference, sizeof st->reference, "%s", (const char *)arg);
	snprintf(title, sizeof title, "Whole record: %s", st->reference);
	st->may_save = role_allows(who->role, ROLE_ACT_EXPORT);
	tui_form_init(&st->form);
	app_staff_frame(scr->app, &st->frame, title, st->may_save ?
	    "Save text file" : NULL, 0);
	if (st->may_save)
		tui_frame_set_primary(&st->frame, "Save text file", "Save file");
	tui_textview_init(&st->view, ID_TEXT);
	tui_form_add(&st->form, &st->view.ctl);
	tui_frame_add(&st->frame, &st->form);
	tui_frame_set_keys(&st->frame, TUI_KEY(ACT_PAGE_DOWN) |
	    TUI_KEY(ACT_PAGE_UP) | TUI_KEY(ACT_HOME) | TUI_KEY(ACT_END), NULL);
	core_detail_clear();
	status = record_text(scr->site, st->reference, who->pseudonym,
	    store_now_ms(), &st->text, &st->len);
	if (status == CORE_OK && !fill(st))
		status = CORE_ERR_NOMEM;
	if (status != CORE_OK) {
		if (st->text) {
			crypto_wipe(st->text, st->len);
			free(st->text);
			st->text = NULL;
		}
		tui_textview_clear(&st->view);
		tui_textview_add(&st->view, TUI_BLOCK_PARA, open_words(status));
		tui_ctl_set_hidden(&st->frame.nav[1].ctl, true);
	}
	tui_form_focus(&st->form, &st->view.ctl);
	return CORE_OK;
}

static void
record_leave(struct screen *scr)
{
	struct state *st = scr->state;

	tui_textview_clear(&st->view);
	if (st->text) {
		crypto_wipe(st->text, st->len);
		free(st->text);
		st->text = NULL;
	}
	crypto_wipe(st->msg, sizeof st->msg);
}

static void
record_layout(struct screen *scr, struct tui_rect area)
{
	struct state *st = scr->state;

	tui_frame_layout(&st->frame, area.h, area.w);
	tui_ctl_place(&st->view.ctl, st->frame.body);
	update(st);
}

static void
record_draw(struct screen *scr)
{
	struct state *st = scr->state;

	tui_form_paint(&st->form);
}

/* ---- saving ---- */

static void
save(struct screen *scr)
{
	struct state *st = scr->state;
	const struct staff *who = app_staff(scr->app);
	struct record_saved saved;
	enum core_status status;
	const char *title = "Not saved";

	core_detail_clear();
	status = record_save(scr->site, st->reference, who->pseudonym,
	    store_now_ms(), st->text, st->len, &saved);
	if (status == CORE_OK) {
		title = "Saved";
		snprintf(st->msg, sizeof st->msg, "Saved to %.500s. It holds personal "
		    "data: print it, hand it over, then delete it.", saved.path);
	} else if (status == CORE_ERR_DENIED) {
		snprintf(st->msg, sizeof st->msg, "Your role cannot save a "
		    "learner's record to a file. Nothing was saved.");
	} else if (status == CORE_ERR_NOT_FOUND) {
		snprintf(st->msg, sizeof st->msg, "There is no learner with this "
		    "reference now. Nothing was saved.");
	} else if (status == CORE_ERR_FULL) {
		snprintf(st->msg, sizeof st->msg, "Nothing was saved: the disk is "
		    "full. Ask an administrator to make room, then try again.");
	} else if (status == CORE_ERR_BUSY) {
		snprintf(st->msg, sizeof st->msg, "Nothing was saved: the records "
		    "are busy. Please try again in a moment.");
	} else {
		snprintf(st->msg, sizeof st->msg, "Nothing was saved (%s). Please "
		    "try again, or ask an administrator to check the folder for "
		    "saved records.", core_detail()[0] ? core_detail() :
		    core_status_message(status));
	}
	tui_dialog_init(&st->dialog, DLG_SAVED, title, st->msg, "OK", NULL);
	tui_form_open(&st->form, &st->dialog);
}

/* Home and End with the focus on a button: a page at a time to the end. */
static void
to_end(struct state *st, int dir)
{
	while (tui_textview_page_move(&st->view, dir))
		;
}

static struct nav
record_action(struct screen *scr, const struct tui_event *ev)
{
	struct state *st = scr->state;
	enum tui_action a = ev->action;
	struct tui_outcome o;

	/* The record reads with these keys wherever the focus is. */
	if (!st->form.modal && tui_form_focused(&st->form) != &st->view.ctl &&
	    (a == ACT_PAGE_DOWN || a == ACT_PAGE_UP || a == ACT_HOME ||
	    a == ACT_END)) {
		if (a == ACT_PAGE_DOWN || a == ACT_PAGE_UP)
			tui_textview_page_move(&st->view, a == ACT_PAGE_DOWN ? 1 : -1);
		else
			to_end(st, a == ACT_END ? 1 : -1);
		update(st);
		return nav_stay();
	}
	o = tui_form_event(&st->form, ev);
	if (o.res == TUI_ACTIVATE) {
		if (o.id == DLG_SAVED) {
			tui_form_close(&st->form);
			return nav_stay();
		}
		if (o.id == TUI_ID_NEXT) {
			if (st->text && st->may_save)
				save(scr);
			return nav_stay();
		}
		return app_staff_button(scr->app, o.id);
	}
	if (o.res != TUI_PASS) {
		update(st);
		return nav_stay();
	}
	if (a == ACT_BACK)
		return nav_to(NAV_POP, NULL, NULL);
	return nav_pass();
}

const struct screen_ops screen_staff_record = {
	.name = "staff_record",
	.state_size = sizeof(struct state),
	.enter = record_enter,
	.leave = record_leave,
	.layout = record_layout,
	.draw = record_draw,
	.on_action = record_action,
};
