/* SPDX-License-Identifier: ISC */
/*
 * The shared learner layout (see frame.h). Rows from the bottom at 80x24:
 *   23 footer, 20-22 buttons, 19 gap, 16-18 action row, 15 gap,
 *   2-14 body, 1 gap, 0 header.
 * The button cells depend only on the width, never on the screen.
 */
#include "frame.h"

#include <stdio.h>
#include <string.h>

#include "form.h"
#include "widget.h"

#define PRIMARY_WIDE 16		/* "I have read this" */
#define PRIMARY_NARROW 11	/* "I have read" */
#define DECLINE_LABEL "I do not agree"
#define LOCK_LABEL "Lock (Ctrl-L)"

static const struct {
	int id;
	const char *wide, *narrow;
} nav_def[TUI_FRAME_NAV] = {
	{TUI_ID_BACK, "Back", "Back"},
	{TUI_ID_NEXT, NULL, NULL},	/* the primary: the screen's label */
	{TUI_ID_HELP, "Help (F1)", "Help F1"},
	{TUI_ID_CONCERN, "Report a concern (F2)", "Concern F2"},
	{TUI_ID_READ, "Read to me (F3)", "Read F3"},
	{TUI_ID_ASK, "Ask staff", "Ask staff"},
};

static uint64_t
default_keys(unsigned flags)
{
	uint64_t k = TUI_KEY(ACT_HELP);

	if (!(flags & TUI_FRAME_STAFF))
		k |= TUI_KEY(ACT_CONCERN) | TUI_KEY(ACT_READ);
	else if (!(flags & TUI_FRAME_NO_LOCK))
		k |= TUI_KEY(ACT_LOCK);

	if (!(flags & TUI_FRAME_NO_BACK))
		k |= TUI_KEY(ACT_BACK);
	return k;
}

void
tui_frame_init(struct tui_frame *fr, const char *title, const char *primary,
    unsigned flags)
{
	int i;

	memset(fr, 0, sizeof *fr);
	fr->flags = flags;
	tui_header_init(&fr->header, title);
	tui_footer_init(&fr->footer, default_keys(flags));
	tui_label_init(&fr->status, "", TUI_ROLE_BODY);
	tui_button_init(&fr->decline, TUI_ID_DECLINE, DECLINE_LABEL);
	for (i = 0; i < TUI_FRAME_NAV; i++)
		tui_button_init(&fr->nav[i], nav_def[i].id,
		    nav_def[i].narrow ? nav_def[i].narrow : "");
	tui_button_init(&fr->lock, TUI_ID_LOCK, LOCK_LABEL);
	tui_frame_set_primary(fr, primary, NULL);
	tui_ctl_set_hidden(&fr->nav[0].ctl, (flags & TUI_FRAME_NO_BACK) != 0);
	tui_ctl_set_hidden(&fr->nav[1].ctl, (flags & TUI_FRAME_NO_PRIMARY) != 0);
	tui_ctl_set_hidden(&fr->lock.ctl, !(flags & TUI_FRAME_STAFF) ||
	    (flags & (TUI_FRAME_NO_NAV | TUI_FRAME_NO_LOCK)));
	for (i = 2; i < TUI_FRAME_NAV && (flags & TUI_FRAME_STAFF); i++)
		tui_ctl_set_hidden(&fr->nav[i].ctl, true);
	tui_ctl_set_hidden(&fr->decline.ctl, !(flags & TUI_FRAME_DECLINE));
	tui_ctl_set_hidden(&fr->status.ctl, (flags & TUI_FRAME_NO_ACTION) != 0);
	for (i = 0; i < TUI_FRAME_NAV && (flags & TUI_FRAME_NO_NAV); i++)
		tui_ctl_set_hidden(&fr->nav[i].ctl, true);
}

void
tui_frame_add(struct tui_frame *fr, struct tui_form *form)
{
	int i;

	tui_form_add(form, &fr->header.ctl);
	tui_form_add(form, &fr->status.ctl);
	tui_form_add(form, &fr->decline.ctl);
	for (i = 0; i < TUI_FRAME_NAV; i++)
		tui_form_add(form, &fr->nav[i].ctl);
	if (fr->flags & TUI_FRAME_STAFF)
		tui_form_add(form, &fr->lock.ctl);
	tui_form_add(form, &fr->footer.ctl);
	tui_form_set_footer(form, &fr->footer);
}

static void
place_nav(struct tui_frame *fr, int rows, int cols)
{
	bool wide = cols >= TUI_FRAME_WIDE;
	int pad = wide ? 6 : 4, gap = wide ? 2 : 1, w[TUI_FRAME_NAV], i, x;
	const char *label;

	for (i = 0; i < TUI_FRAME_NAV; i++) {
		if (i == 1) {
			label = wide || !fr->primary_short[0] ?
			    fr->primary_long : fr->primary_short;
			w[i] = (wide ? PRIMARY_WIDE : PRIMARY_NARROW) + pad;
		} else {
			label = wide ? nav_def[i].wide : nav_def[i].narrow;
			w[i] = tui_text_width(label, strlen(label)) + pad;
		}
		tui_button_set_label(&fr->nav[i], label);
		if (w[i] < TUI_BUTTON_MIN_W)
			w[i] = TUI_BUTTON_MIN_W;
	}
	/* Back and Next on the left; the ways to get help on the right. */
	x = 1;
	for (i = 0; i < 2; i++) {
		tui_ctl_place(&fr->nav[i].ctl,
		    (struct tui_rect){rows - 4, x, 3, w[i]});
		x += w[i] + gap;
	}
	x = cols - 1;
	if (fr->flags & TUI_FRAME_STAFF) {
		w[0] = tui_button_width(LOCK_LABEL) + (wide ? 2 : 0);
		tui_ctl_place(&fr->lock.ctl,
		    (struct tui_rect){rows - 4, x - w[0], 3, w[0]});
		return;
	}
	for (i = TUI_FRAME_NAV - 1; i >= 2; i--) {
		x -= w[i];
		tui_ctl_place(&fr->nav[i].ctl,
		    (struct tui_rect){rows - 4, x, 3, w[i]});
		x -= gap;
	}
}

void
tui_frame_layout(struct tui_frame *fr, int rows, int cols)
{
	int dw = tui_button_width(DECLINE_LABEL), bottom, right;

	tui_ctl_place(&fr->header.ctl, (struct tui_rect){0, 0, 1, cols});
	tui_ctl_place(&fr->footer.ctl, (struct tui_rect){rows - 1, 0, 1, cols});
	if (fr->flags & TUI_FRAME_NO_NAV)
		bottom = rows - 2;
	else if (fr->flags & TUI_FRAME_NO_ACTION)
		bottom = rows - 6;
	else
		bottom = rows - 10;
	fr->body = (struct tui_rect){2, 1, bottom - 2 + 1, cols - 2};
	fr->action = (struct tui_rect){rows - 8, 1, 3, cols - 2};
	right = cols - 1;
	if (fr->flags & TUI_FRAME_DECLINE) {
		right = cols - 1 - dw;
		tui_ctl_place(&fr->decline.ctl,
		    (struct tui_rect){rows - 8, right, 3, dw});
		right -= 2;
	}
	if (!(fr->flags & TUI_FRAME_NO_ACTION))
		tui_ctl_place(&fr->status.ctl, (struct tui_rect){rows - 8,
		    1 + fr->action_reserve, 3, right - 1 - fr->action_reserve});
	if (!(fr->flags & TUI_FRAME_NO_NAV))
		place_nav(fr, rows, cols);
}

void
tui_frame_set_primary(struct tui_frame *fr, const char *label,
    const char *short_label)
{
	snprintf(fr->primary_long, sizeof fr->primary_long, "%s", label);
	snprintf(fr->primary_short, sizeof fr->primary_short, "%s",
	    short_label ? short_label : "");
	if (fr->nav[1].ctl.rect.w > 0) {
		bool wide = fr->nav[1].ctl.rect.w >= PRIMARY_WIDE + 6;

		tui_button_set_label(&fr->nav[1], wide || !short_label ?
		    label : short_label);
	} else {
		tui_button_set_label(&fr->nav[1], label);
	}
}

void
tui_frame_set_title(struct tui_frame *fr, const char *title,
    const char *right)
{
	tui_header_set(&fr->header, title, right);
}

void
tui_frame_set_status(struct tui_frame *fr, const char *text,
    enum tui_role role)
{
	tui_label_set(&fr->status, text, role);
}

void
tui_frame_set_keys(struct tui_frame *fr, uint64_t keys, const char *note)
{
	tui_footer_set(&fr->footer, keys | default_keys(fr->flags), note);
}
