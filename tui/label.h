/* SPDX-License-Identifier: ISC */
/*
 * Controls that only show text: a wrapped label, the header row (title on
 * the left, "Step x of y" on the right) and the footer row (a short note,
 * then the keys that work now, from the action table).
 */
#ifndef TUI_LABEL_H
#define TUI_LABEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ctl.h"
#include "theme.h"

struct tui_form;

#define TUI_LABEL_MAX 768

struct tui_label {
	struct tui_ctl ctl;
	char text[TUI_LABEL_MAX];	/* sanitised */
	enum tui_role role;
	int align;			/* 0 left, 1 centre */
	bool boxed;			/* a line around it, text in the middle */
};

void tui_label_init(struct tui_label *l, const char *text, enum tui_role role);
/* Marks it dirty only when the text or role changed. */
void tui_label_set(struct tui_label *l, const char *text, enum tui_role role);
/* Rows the text needs at a width (what layout should give it). */
int tui_label_rows(const struct tui_label *l, int width);

struct tui_header {
	struct tui_ctl ctl;
	char title[192];
	char right[96];
};

void tui_header_init(struct tui_header *h, const char *title);
void tui_header_set(struct tui_header *h, const char *title,
    const char *right);

struct tui_footer {
	struct tui_ctl ctl;
	uint64_t keys;		/* the screen's own keys */
	char note[160];		/* shown first, e.g. "Read to the end to accept" */
	const struct tui_form *form;	/* adds the focused control's keys */
};

void tui_footer_init(struct tui_footer *f, uint64_t keys);
void tui_footer_set(struct tui_footer *f, uint64_t keys, const char *note);
/* The footer line as text (for tests and for the help screen). */
void tui_footer_text(const struct tui_footer *f, int width, char *out,
    size_t cap);

#endif
