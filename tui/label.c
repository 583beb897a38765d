/* SPDX-License-Identifier: ISC */
/*
 * Labels, the header row and the footer row (see label.h).
 */
#include "label.h"

#include <stdio.h>
#include <string.h>

#include "form.h"
#include "widget.h"

/* ---- label ---- */

static void
label_draw(struct tui_ctl *c, WINDOW *w)
{
	struct tui_label *l = (struct tui_label *)c;

	struct tui_rect r = c->rect;
	int lines;

	tui_set_role(w, TUI_ROLE_BODY);
	tui_fill(w, r);
	tui_set_role(w, l->role);
	if (l->boxed && r.h >= 3 && r.w >= 5) {
		tui_box(w, r);
		r = (struct tui_rect){r.y + 1, r.x + 2, r.h - 2, r.w - 4};
		lines = (int)tui_text_wrap(l->text, strlen(l->text), r.w, NULL, 0);
		if (lines < r.h) {
			r.y += (r.h - lines) / 2;
			r.h = lines;
		}
	}
	tui_put_wrapped(w, r, l->text, l->align);
}

static void
label_page(struct tui_ctl *c, struct tui_say *s)
{
	tui_say_adds(s, ((struct tui_label *)c)->text);
}

static const struct tui_ctl_ops label_ops = {
	.draw = label_draw,
	.page = label_page,
};

void
tui_label_init(struct tui_label *l, const char *text, enum tui_role role)
{
	memset(l, 0, sizeof *l);
	l->ctl.ops = &label_ops;
	tui_label_set(l, text, role);
	l->ctl.dirty = true;
}

void
tui_label_set(struct tui_label *l, const char *text, enum tui_role role)
{
	char buf[TUI_LABEL_MAX];

	tui_sanitize(buf, sizeof buf, text ? text : "", text ? strlen(text) : 0,
	    true);
	if (strcmp(buf, l->text) != 0 || role != l->role) {
		memcpy(l->text, buf, sizeof buf);
		l->role = role;
		l->ctl.dirty = true;
	}
}

int
tui_label_rows(const struct tui_label *l, int width)
{
	return (int)tui_text_wrap(l->text, strlen(l->text), width, NULL, 0);
}

/* ---- header ---- */

static void
header_draw(struct tui_ctl *c, WINDOW *w)
{
	struct tui_header *h = (struct tui_header *)c;
	struct tui_rect r = c->rect;
	int rw = tui_text_width(h->right, strlen(h->right));

	tui_set_role(w, TUI_ROLE_TITLE);
	tui_fill(w, r);
	if (rw > r.w - 2)
		rw = 0;
	if (rw > 0)
		tui_puts(w, r.y, r.x + r.w - 1 - rw, h->right, rw);
	tui_puts(w, r.y, r.x + 1, h->title, r.w - 2 - (rw ? rw + 2 : 0));
}

static void
header_page(struct tui_ctl *c, struct tui_say *s)
{
	struct tui_header *h = (struct tui_header *)c;

	tui_say_adds(s, h->title);
	tui_say_adds(s, h->right);
}

static const struct tui_ctl_ops header_ops = {
	.draw = header_draw,
	.page = header_page,
};

void
tui_header_init(struct tui_header *h, const char *title)
{
	memset(h, 0, sizeof *h);
	h->ctl.ops = &header_ops;
	tui_header_set(h, title, "");
	h->ctl.dirty = true;
}

void
tui_header_set(struct tui_header *h, const char *title, const char *right)
{
	char t[sizeof h->title], r[sizeof h->right];

	tui_sanitize(t, sizeof t, title ? title : "", title ? strlen(title) : 0,
	    false);
	tui_sanitize(r, sizeof r, right ? right : "", right ? strlen(right) : 0,
	    false);
	if (strcmp(t, h->title) != 0 || strcmp(r, h->right) != 0) {
		memcpy(h->title, t, sizeof t);
		memcpy(h->right, r, sizeof r);
		h->ctl.dirty = true;
	}
}

/* ---- footer ---- */

static bool
append(char *out, size_t cap, size_t *len, int *used, int width,
    const char *item)
{
	int w = tui_text_width(item, strlen(item)) + (*len ? 2 : 0);
	size_t n = strlen(item);

	if (*used + w > width || *len + n + 3 > cap)
		return false;
	if (*len) {
		memcpy(out + *len, "  ", 2);
		*len += 2;
	}
	memcpy(out + *len, item, n);
	*len += n;
	out[*len] = '\0';
	*used += w;
	return true;
}

void
tui_footer_text(const struct tui_footer *f, int width, char *out, size_t cap)
{
	uint64_t keys = f->keys;
	size_t len = 0;
	int used = 0, a;
	char item[96];

	if (cap == 0)
		return;
	out[0] = '\0';
	if (f->form)
		keys |= tui_form_keys(f->form);
	if (f->note[0])
		append(out, cap, &len, &used, width, f->note);
	/* Staff mode's Lock goes first: it must never be the one cut off. */
	if (keys & TUI_KEY(ACT_LOCK)) {
		snprintf(item, sizeof item, "%s: %s", tui_action_key(ACT_LOCK),
		    tui_action_word(ACT_LOCK));
		append(out, cap, &len, &used, width, item);
		keys &= ~TUI_KEY(ACT_LOCK);
	}
	for (a = 0; a < ACT_COUNT; a++) {
		if (!(keys & TUI_KEY(a)) || !tui_action_word(a)[0])
			continue;
		snprintf(item, sizeof item, "%s: %s", tui_action_key(a),
		    tui_action_word(a));
		/* An item that does not fit is left out; a shorter may fit. */
		append(out, cap, &len, &used, width, item);
	}
}

static void
footer_draw(struct tui_ctl *c, WINDOW *w)
{
	struct tui_footer *f = (struct tui_footer *)c;
	char text[512];

	tui_footer_text(f, c->rect.w - 2, text, sizeof text);
	tui_set_role(w, TUI_ROLE_FOOTER);
	tui_fill(w, c->rect);
	tui_puts(w, c->rect.y, c->rect.x + 1, text, c->rect.w - 2);
}

static const struct tui_ctl_ops footer_ops = {
	.draw = footer_draw,
};

void
tui_footer_init(struct tui_footer *f, uint64_t keys)
{
	memset(f, 0, sizeof *f);
	f->ctl.ops = &footer_ops;
	f->keys = keys;
	f->ctl.dirty = true;
}

void
tui_footer_set(struct tui_footer *f, uint64_t keys, const char *note)
{
	char n[sizeof f->note];

	tui_sanitize(n, sizeof n, note ? note : "", note ? strlen(note) : 0,
	    false);
	if (keys != f->keys || strcmp(n, f->note) != 0) {
		f->keys = keys;
		memcpy(f->note, n, sizeof n);
		f->ctl.dirty = true;
	}
}
