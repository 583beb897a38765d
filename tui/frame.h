/* SPDX-License-Identifier: ISC */
/*
 * The layout every learner screen shares, so things sit in the same cells
 * on every screen: the header (title, "Step x of y"), the body, an action
 * row (a status line, and "I do not agree" on steps), the bottom row of
 * buttons (Back, Next, Help, Report a concern, Read to me, Ask staff) and
 * the footer of keys that work now.
 *
 * At 80 columns the help buttons carry short labels ("Help F1"); from
 * TUI_FRAME_WIDE columns the long ones ("Help (F1)").
 *
 * Staff screens (TUI_FRAME_STAFF) share the layout, but the learner's help
 * buttons give way to one Lock button at the right of the bottom row.
 */
#ifndef TUI_FRAME_H
#define TUI_FRAME_H

#include "button.h"
#include "ctl.h"
#include "label.h"
#include "theme.h"

struct tui_form;

enum tui_frame_id {
	TUI_ID_BACK = 9001,
	TUI_ID_NEXT,
	TUI_ID_HELP,
	TUI_ID_CONCERN,
	TUI_ID_READ,
	TUI_ID_ASK,
	TUI_ID_DECLINE,
	TUI_ID_LOCK,
};

#define TUI_FRAME_NAV 6
#define TUI_FRAME_WIDE 117

#define TUI_FRAME_DECLINE 0x1u	/* an "I do not agree" button */
#define TUI_FRAME_NO_BACK 0x2u	/* Back is left out (its cell stays empty) */
#define TUI_FRAME_NO_ACTION 0x4u	/* no action row: a taller body */
#define TUI_FRAME_NO_NAV 0x8u	/* no bottom row (the welcome screen) */
#define TUI_FRAME_STAFF 0x10u	/* staff mode: Lock instead of the help buttons */
#define TUI_FRAME_NO_PRIMARY 0x20u	/* no Next button (its cell stays empty) */
#define TUI_FRAME_NO_LOCK 0x40u	/* staff layout, not signed in yet: no Lock */

struct tui_frame {
	struct tui_header header;
	struct tui_footer footer;
	struct tui_label status;
	struct tui_button decline;
	struct tui_button nav[TUI_FRAME_NAV];
	struct tui_button lock;		/* TUI_FRAME_STAFF only */
	char primary_long[48], primary_short[48];
	unsigned flags;
	struct tui_rect body;	/* for the screen's controls, after layout */
	struct tui_rect action;	/* the action row, for the screen's too */
	int action_reserve;	/* columns at the action row's left the screen uses */
};

/* primary: the Next button's label ("Next", "Accept", "Sign"...). */
void tui_frame_init(struct tui_frame *fr, const char *title,
    const char *primary, unsigned flags);
/*
 * Add the frame's controls to the form: the header, the status and the
 * footer now; call after adding the body's controls so that Tab reaches
 * the bottom buttons last.
 */
void tui_frame_add(struct tui_frame *fr, struct tui_form *form);
void tui_frame_layout(struct tui_frame *fr, int rows, int cols);

/* short_label (may be NULL) is used at 80 columns; at most 11 columns. */
void tui_frame_set_primary(struct tui_frame *fr, const char *label,
    const char *short_label);
void tui_frame_set_title(struct tui_frame *fr, const char *title,
    const char *right);
void tui_frame_set_status(struct tui_frame *fr, const char *text,
    enum tui_role role);
/* The footer: the screen's keys and a note shown first. */
void tui_frame_set_keys(struct tui_frame *fr, uint64_t keys, const char *note);

#endif
