/* SPDX-License-Identifier: ISC */
/*
 * A form: the controls of one screen, which one has focus, and painting.
 *
 * Events go to the focused control first; what it passes, the form uses
 * for focus (Tab, Shift-Tab, arrows between controls) and the mouse (a tap
 * acts on release inside the control where the press began, at any speed);
 * what the form passes too, the screen gets. An open dialog takes every
 * event until it is answered.
 *
 * Painting draws only controls marked dirty (a focus move repaints the two
 * controls involved, never the whole screen), everything after a
 * tui_invalidate, and leaves the hardware cursor on the focused control.
 */
#ifndef TUI_FORM_H
#define TUI_FORM_H

#include <stddef.h>
#include <stdint.h>

#include "ctl.h"
#include "input.h"

#define TUI_FORM_MAX 40

struct tui_dialog;
struct tui_footer;

struct tui_form {
	struct tui_ctl *ctl[TUI_FORM_MAX];
	size_t n;
	int focus;		/* index into ctl, -1 for none */
	int pressed;		/* where a mouse press began, -1 for none */
	struct tui_dialog *modal;
	struct tui_footer *footer;	/* told when focus moves */
	unsigned painted;	/* tui_generation() at the last whole paint */
};

void tui_form_init(struct tui_form *f);
/* Controls are borrowed: they live in the screen's state with the form. */
void tui_form_add(struct tui_form *f, struct tui_ctl *c);
void tui_form_set_footer(struct tui_form *f, struct tui_footer *footer);

void tui_form_focus(struct tui_form *f, struct tui_ctl *c);
struct tui_ctl *tui_form_focused(const struct tui_form *f);
/* Move focus to the next (dir 1) or previous (dir -1) focusable control. */
void tui_form_focus_step(struct tui_form *f, int dir);

struct tui_outcome tui_form_event(struct tui_form *f,
    const struct tui_event *ev);

/* Paint what changed on the canvas; call tui_present after. */
void tui_form_paint(struct tui_form *f);

/* The keys that work now (for the footer), from the focused control. */
uint64_t tui_form_keys(const struct tui_form *f);

/* Show a dialog over the form until tui_form_close; d is borrowed. */
void tui_form_open(struct tui_form *f, struct tui_dialog *d);
void tui_form_close(struct tui_form *f);

#endif
