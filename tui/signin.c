/* SPDX-License-Identifier: ISC */
/* A staff member's sign-in fields (see signin.h). */
#include "signin.h"

#define SIGNIN_FIELD_W 44
#define SIGNIN_LABEL_W 18
#define SIGNIN_TEXT_W 76	/* the intro's longest line, for reading */

void
tui_signin_init(struct tui_signin *s, const char *intro, char *id,
    size_t id_cap, size_t id_max, char *pass, size_t pass_cap, size_t pass_max)
{
	tui_label_init(&s->intro, intro, TUI_ROLE_BODY);
	tui_field_init(&s->fid, 1, "Staff id", id, id_cap, 0);
	tui_field_init(&s->fpass, 2, "Passphrase", pass, pass_cap, TUI_FIELD_MASK);
	if (id_max)
		tui_field_set_max(&s->fid, id_max);
	if (pass_max)
		tui_field_set_max(&s->fpass, pass_max);
	s->fid.label_w = s->fpass.label_w = SIGNIN_LABEL_W;
}

void
tui_signin_add(struct tui_signin *s, struct tui_form *form)
{
	tui_form_add(form, &s->intro.ctl);
	tui_form_add(form, &s->fid.ctl);
	tui_form_add(form, &s->fpass.ctl);
}

void
tui_signin_place(struct tui_signin *s, struct tui_rect b)
{
	int w = b.w < SIGNIN_LABEL_W + SIGNIN_FIELD_W ? b.w :
	    SIGNIN_LABEL_W + SIGNIN_FIELD_W;

	tui_ctl_place(&s->intro.ctl, (struct tui_rect){b.y + 1, b.x + 1, 2,
	    b.w - 2 < SIGNIN_TEXT_W ? b.w - 2 : SIGNIN_TEXT_W});
	tui_ctl_place(&s->fid.ctl, (struct tui_rect){b.y + 4, b.x + 1, 3, w});
	tui_ctl_place(&s->fpass.ctl, (struct tui_rect){b.y + 8, b.x + 1, 3, w});
}

struct tui_ctl *
tui_signin_missing(struct tui_signin *s)
{
	if (!s->fid.buf[0])
		return &s->fid.ctl;
	if (!s->fpass.buf[0])
		return &s->fpass.ctl;
	return NULL;
}
