/* SPDX-License-Identifier: ISC */
/*
 * vtdrive's screen: libvterm fed with what the program writes, the modes
 * libvterm misses tracked beside it, the screen as text (plain, focus in
 * reverse video, or framed for a failure), where text is, and waiting
 * until a condition on it holds.
 */
#include "vtdrive.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ROW_MAX (LINE_MAX_LEN * 4)

static size_t
utf8_put(char *out, uint32_t c)
{
	size_t n = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
	static const unsigned char lead[] = { 0, 0, 0xc0, 0xe0, 0xf0 };

	for (size_t i = n - 1; i > 0; i--, c >>= 6)
		out[i] = (char)(0x80 | (c & 0x3f));
	out[0] = (char)(lead[n] | c);
	return n;
}

/* One row from column col (0-based) as UTF-8, trailing spaces cut;
 * colmap, if given, gets the column of each byte that starts a cell. */
static void
row_text(const struct drv *d, int row, int col, char *buf, size_t size,
    enum text_mode mode, int *colmap)
{
	size_t len = 0, keep = 0;

	for (; col < d->cols && len + 32 < size; ) {
		VTermScreenCell cell;
		VTermPos pos = { row, col };
		int w;

		vterm_screen_get_cell(d->screen, pos, &cell);
		w = cell.width > 1 ? cell.width : 1;
		if (colmap != NULL)
			colmap[len] = col;
		if (mode == TEXT_MARKS) {
			for (int i = 0; i < w; i++)
				buf[len++] = cell.attrs.reverse ? '^' : ' ';
		} else if (mode == TEXT_REVERSE && !cell.attrs.reverse) {
			buf[len++] = '\001';
		} else if (cell.chars[0] == 0) {
			buf[len++] = ' ';
		} else {
			for (int i = 0; i < VTERM_MAX_CHARS_PER_CELL &&
			    cell.chars[i] != 0; i++)
				len += utf8_put(buf + len, cell.chars[i]);
		}
		if (buf[len - 1] != ' ' || mode == TEXT_REVERSE)
			keep = len;
		col += w;
	}
	buf[keep] = '\0';
}

/* The whole screen, rows joined by '\n'. Caller frees. */
static char *
screen_text(const struct drv *d)
{
	size_t size = (size_t)d->rows * ((size_t)d->cols * 4 + 40) + 1;
	char *all = malloc(size), line[ROW_MAX];
	size_t len = 0;

	if (all == NULL)
		abort();
	for (int r = 0; r < d->rows; r++) {
		row_text(d, r, 0, line, sizeof line, TEXT_PLAIN, NULL);
		len += (size_t)snprintf(all + len, size - len, "%s\n", line);
	}
	return all;
}

/* libvterm's answers to queries (cursor position, attributes) go back. */
static void
on_output(const char *s, size_t len, void *user)
{
	struct drv *d = user;

	if (d->running)
		write_all(d, s, len);
}

static int
on_damage(VTermRect rect, void *user)
{
	(void)rect;
	(void)user;
	return 1;
}

static const VTermScreenCallbacks screen_cbs = { .damage = on_damage };

/*
 * libvterm 0.1.4 applies only the first mode of a DECSET such as ncurses'
 * "\e[?1006;1000h", so the modes the tests rely on are tracked here.
 */
static void
set_modes(struct drv *d, const char *p, bool on)
{
	while (*p != '\0') {
		char *end;
		long mode = strtol(p, &end, 10);

		if (mode == 9 || (mode >= 1000 && mode <= 1003))
			d->mouse = on;
		else if (mode == 1006)
			d->mouse_sgr = on;
		else if (mode == 47 || mode == 1047 || mode == 1049)
			d->altscreen = on;
		else if (mode == 25)
			d->cursor_visible = on;
		p = end + (*end != '\0');
	}
}

/* The libvterm screen for a new child: made once, then reset. */
void
screen_start(struct drv *d)
{
	if (d->vt == NULL) {
		d->vt = vterm_new(d->rows, d->cols);
		vterm_set_utf8(d->vt, 1);
		vterm_output_set_callback(d->vt, on_output, d);
		d->state = vterm_obtain_state(d->vt);
		d->screen = vterm_obtain_screen(d->vt);
		vterm_screen_set_callbacks(d->screen, &screen_cbs, d);
		vterm_screen_enable_altscreen(d->screen, 1);
	}
	vterm_set_size(d->vt, d->rows, d->cols);
	vterm_screen_reset(d->screen, 1);
	d->cursor_visible = true;
	d->altscreen = d->mouse = d->mouse_sgr = false;
	d->esc = 0;
}

void
track_modes(struct drv *d, const char *buf, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char c = buf[i];

		if (c == '\033') {
			d->esc = 1;
		} else if (d->esc == 1) {
			d->esc = c == '[' ? 2 : 0;
			d->csi_len = 0;
			if (c == 'c')	/* full reset */
				d->mouse = d->mouse_sgr = d->altscreen = false;
		} else if (d->esc == 2 && c >= 0x40 && c <= 0x7e) {
			d->csi[d->csi_len] = '\0';
			if ((c == 'h' || c == 'l') && d->csi[0] == '?')
				set_modes(d, d->csi + 1, c == 'h');
			d->esc = 0;
		} else if (d->esc == 2 && d->csi_len + 1 < sizeof d->csi) {
			d->csi[d->csi_len++] = c;
		}
	}
}

/* Framed: numbered rows, and '^' under reverse video (the focus). */
void
dump_screen(const struct drv *d, FILE *f, bool framed)
{
	char line[ROW_MAX], marks[LINE_MAX_LEN];
	VTermPos cur;

	vterm_state_get_cursorpos(d->state, &cur);
	if (framed && !d->running)
		fprintf(f, "--- the program has ended: wait status %#x ---\n",
		    d->status);
	if (framed)
		fprintf(f, "--- screen %dx%d, cursor %d,%d, %llu bytes ---\n",
		    d->rows, d->cols, cur.row + 1, cur.col + 1, d->bytes);
	for (int r = 0; r < d->rows; r++) {
		row_text(d, r, 0, line, sizeof line, TEXT_PLAIN, NULL);
		if (!framed) {
			fprintf(f, "%s\n", line);
			continue;
		}
		fprintf(f, "%2d|%s\n", r + 1, line);
		row_text(d, r, 0, marks, sizeof marks, TEXT_MARKS, NULL);
		if (marks[0] != '\0')
			fprintf(f, "  |%s\n", marks);
	}
	if (framed)
		fprintf(f, "---\n");
}

/* Where text is on screen (0-based): the first place, or with last the
 * last one; if *row >= 0 on entry, only on that row. */
bool
find_text(const struct drv *d, const char *text, enum text_mode mode,
    bool last, int *row, int *col)
{
	static int colmap[ROW_MAX];
	char line[ROW_MAX];
	int only = *row;
	bool found = false;

	for (int r = 0; r < d->rows; r++) {
		if (only >= 0 && r != only)
			continue;
		row_text(d, r, 0, line, sizeof line, mode, colmap);
		for (const char *at = line; (at = strstr(at, text)); at++) {
			*row = r;
			*col = colmap[at - line];
			found = true;
			if (!last)
				return true;
		}
	}
	return found;
}

bool
holds(struct drv *d, struct cond *c)
{
	char line[ROW_MAX];
	VTermPos cur;
	int r = -1, col;

	switch (c->kind) {
	case C_TEXT:
		return find_text(d, c->text, TEXT_PLAIN, false, &r, &col);
	case C_GONE:
		return !find_text(d, c->text, TEXT_PLAIN, false, &r, &col);
	case C_FOCUS:
		return find_text(d, c->text, TEXT_REVERSE, false, &r, &col);
	case C_AT:
		if (c->row < 1 || c->row > d->rows || c->col < 1 ||
		    c->col > d->cols)
			return false;
		row_text(d, c->row - 1, c->col - 1, line, sizeof line,
		    TEXT_PLAIN, NULL);
		return strncmp(line, c->text, strlen(c->text)) == 0;
	case C_RE:
		free(c->screen);
		c->screen = screen_text(d);
		return regexec(&c->re, c->screen, 2, c->m, 0) == 0;
	case C_CURSOR:
		vterm_state_get_cursorpos(d->state, &cur);
		return cur.row == c->row - 1 && cur.col == c->col - 1;
	case C_CURSOR_ON:	/* on the row where TEXT is in reverse video */
		vterm_state_get_cursorpos(d->state, &cur);
		r = cur.row;
		return find_text(d, c->text, TEXT_REVERSE, false, &r, &col);
	case C_QUIET:	/* counted from the last input too */
		return d->eof || (now_ms() - d->last_output >= c->ms &&
		    now_ms() - d->last_input >= c->ms);
	case C_EXITED:
		return !d->running;
	}
	return false;
}

/* Wait until c holds or limit_ms pass; true if it held. */
bool
wait_for(struct drv *d, struct cond *c, long long limit_ms)
{
	long long deadline = now_ms() + limit_ms, left = 0;

	for (pump(d, 0); !holds(d, c); pump(d, left < 10 ? (int)left : 10))
		if ((left = deadline - now_ms()) <= 0 ||
		    (d->eof && !d->running))	/* nothing will change */
			return false;
	return true;
}

bool
wait_quiet(struct drv *d, long long ms, long long limit_ms)
{
	struct cond c = { .kind = C_QUIET, .ms = ms };

	return wait_for(d, &c, limit_ms);
}

/* Let min_ms pass, then wait (up to a second) for the output to settle. */
void
settle(struct drv *d, long long min_ms)
{
	long long until = now_ms() + min_ms;

	while (now_ms() < until)
		pump(d, (int)(until - now_ms()));
	wait_quiet(d, 20, 1000);
}
