/* SPDX-License-Identifier: ISC */
/*
 * Drawing helpers shared by the widgets: text that never splits a
 * character, boxes with line-drawing characters (ACS, so they fall back on
 * terminals and locales without Unicode), filled areas and glyphs with
 * ASCII stand-ins.
 */
#include "widget.h"

#include <string.h>
#include <wchar.h>

static WINDOW *canvas;
static int want_y = -1, want_x = -1;

WINDOW *
tui_canvas(void)
{
	return canvas ? canvas : stdscr;
}

void
tui_set_canvas(WINDOW *w)
{
	canvas = w;
}

void
tui_want_cursor(int y, int x)
{
	want_y = y;
	want_x = x;
}

void
tui_cursor_wanted(int *y, int *x)
{
	*y = want_y;
	*x = want_x;
}

const char *
tui_glyph(enum tui_glyph g)
{
	bool a = tui_text_ascii();

	switch (g) {
	case TUI_GLYPH_BULLET:
		return a ? "*" : "\u2022";
	case TUI_GLYPH_MASK:
		return a ? "*" : "\u25CF";
	case TUI_GLYPH_RADIO_ON:
		return a ? "(*)" : "(\u25CF)";
	case TUI_GLYPH_ELLIPSIS:
		return a ? "..." : "\u2026";
	}
	return "?";
}

int
tui_put(WINDOW *w, int y, int x, const char *s, size_t len, int maxw)
{
	wchar_t buf[256];
	size_t i = 0, fit, n;
	uint32_t cp;
	int used = 0, k = 0;

	if (maxw <= 0 || len == 0)
		return 0;
	fit = tui_text_fit(s, len, maxw, &used);
	wmove(w, y, x);
	while (i < fit) {
		n = tui_utf8_decode(s + i, fit - i, &cp);
		if (tui_text_ascii() && cp >= 0x80)
			cp = '?';
		buf[k++] = (wchar_t)cp;
		i += n;
		if (k == (int)(sizeof buf / sizeof buf[0])) {
			waddnwstr(w, buf, k);
			k = 0;
		}
	}
	if (k > 0)
		waddnwstr(w, buf, k);
	return used;
}

int
tui_puts(WINDOW *w, int y, int x, const char *s, int maxw)
{
	return tui_put(w, y, x, s, strlen(s), maxw);
}

void
tui_fill(WINDOW *w, struct tui_rect r)
{
	static const char spaces[] =
	    "                                                                ";
	int row, left, n;

	for (row = r.y; row < r.y + r.h; row++) {
		wmove(w, row, r.x);
		for (left = r.w; left > 0; left -= n) {
			n = left < (int)sizeof spaces - 1 ? left :
			    (int)sizeof spaces - 1;
			waddnstr(w, spaces, n);
		}
	}
}

/* Line drawing: Unicode in a UTF-8 locale, else the terminal's ACS. */
static void
line(WINDOW *w, int y, int x, chtype acs, const wchar_t *uni, int n)
{
	int i;

	wmove(w, y, x);
	for (i = 0; i < n; i++) {
		if (tui_text_ascii())
			waddch(w, acs);
		else
			waddnwstr(w, uni, 1);
	}
}

void
tui_box(WINDOW *w, struct tui_rect r)
{
	int i;

	if (r.h < 2 || r.w < 2)
		return;
	line(w, r.y, r.x, ACS_ULCORNER, L"\u250C", 1);
	line(w, r.y, r.x + 1, ACS_HLINE, L"\u2500", r.w - 2);
	line(w, r.y, r.x + r.w - 1, ACS_URCORNER, L"\u2510", 1);
	for (i = 1; i < r.h - 1; i++) {
		line(w, r.y + i, r.x, ACS_VLINE, L"\u2502", 1);
		line(w, r.y + i, r.x + r.w - 1, ACS_VLINE, L"\u2502", 1);
	}
	line(w, r.y + r.h - 1, r.x, ACS_LLCORNER, L"\u2514", 1);
	line(w, r.y + r.h - 1, r.x + 1, ACS_HLINE, L"\u2500", r.w - 2);
	line(w, r.y + r.h - 1, r.x + r.w - 1, ACS_LRCORNER, L"\u2518", 1);
}

int
tui_put_wrapped(WINDOW *w, struct tui_rect r, const char *s, int align)
{
	struct tui_line lines[64];
	size_t n, i, len = strlen(s);
	int x;

	n = tui_text_wrap(s, len, r.w, lines, 64);
	if (n > 64)
		n = 64;
	for (i = 0; i < n && (int)i < r.h; i++) {
		x = r.x;
		if (align == 1 && lines[i].width < r.w)
			x += (r.w - lines[i].width) / 2;
		tui_put(w, r.y + (int)i, x, s + lines[i].off, lines[i].len,
		    r.w - (x - r.x));
	}
	return (int)i;
}
