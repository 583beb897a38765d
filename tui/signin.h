/* SPDX-License-Identifier: ISC */
/*
 * A staff member's sign-in fields under a short intro: the id and the
 * masked passphrase, laid out the same wherever staff type them (staff
 * mode, witnessing a step). The screen keeps the buffers and the form;
 * this only builds and places the three controls.
 */
#ifndef TUI_SIGNIN_H
#define TUI_SIGNIN_H

#include <stddef.h>

#include "field.h"
#include "form.h"
#include "label.h"

struct tui_signin {
	struct tui_label intro;
	struct tui_field fid, fpass;
};

/*
 * Field ids 1 (id) and 2 (passphrase). id_max and pass_max are characters;
 * 0 leaves the field's own limit (its buffer).
 */
void tui_signin_init(struct tui_signin *s, const char *intro, char *id,
    size_t id_cap, size_t id_max, char *pass, size_t pass_cap, size_t pass_max);
/* Add intro, id and passphrase to form, in that order. */
void tui_signin_add(struct tui_signin *s, struct tui_form *form);
/* Place them in a frame's body. */
void tui_signin_place(struct tui_signin *s, struct tui_rect body);
/* The field still empty that should be filled first; NULL when both are typed. */
struct tui_ctl *tui_signin_missing(struct tui_signin *s);

#endif
