/* SPDX-License-Identifier: ISC */
/*
 * Display width, truncation, wrapping and sanitising of text (see text.h).
 * Width comes from the C library's wcwidth, the same table ncursesw uses,
 * so what we measure is what curses draws.
 */
#include "text.h"

#include <langinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

static bool ascii_mode;

/* Shown as "<U+XXXX>": bidi controls, zero-width and other invisible ones. */
static const uint32_t invisible[][2] = {
	{0x00AD, 0x00AD},	/* soft hyphen */
	{0x034F, 0x034F},	/* combining grapheme joiner */
	{0x061C, 0x061C},	/* Arabic letter mark */
	{0x115F, 0x1160},	/* Hangul fillers */
	{0x17B4, 0x17B5},
	{0x180B, 0x180F},	/* Mongolian free variation selectors, vowel separator */
	{0x200B, 0x200F},	/* zero width space/joiners, LRM, RLM */
	{0x2028, 0x202E},	/* line/paragraph separators, bidi embeddings and overrides */
	{0x2060, 0x206F},	/* word joiner, invisible operators, bidi isolates */
	{0x3164, 0x3164},
	{0xFE00, 0xFE0F},	/* variation selectors */
	{0xFEFF, 0xFEFF},	/* byte order mark / zero width no-break space */
	{0xFFA0, 0xFFA0},
	{0xFFF0, 0xFFFB},	/* interlinear annotation and friends */
	{0xE0000, 0xE0FFF},	/* tags, variation selectors supplement */
};

/* ASCII stand-ins for common typography when the locale is not UTF-8. */
static const struct {
	uint32_t cp;
	const char *ascii;
} translit[] = {
	{0x00A0, " "}, {0x00A3, "GBP"}, {0x00A9, "(c)"}, {0x00B7, "*"},
	{0x2010, "-"}, {0x2011, "-"}, {0x2012, "-"}, {0x2013, "-"},
	{0x2014, "-"}, {0x2018, "'"}, {0x2019, "'"}, {0x201A, "'"},
	{0x201C, "\""}, {0x201D, "\""}, {0x201E, "\""}, {0x2022, "*"},
	{0x2026, "..."}, {0x2032, "'"}, {0x2033, "\""}, {0x20AC, "EUR"},
	{0x2190, "<-"}, {0x2192, "->"}, {0x2212, "-"}, {0x2713, "x"},
	{0x2714, "x"}, {0x25CF, "*"}, {0x25CB, "o"}, {0xFFFD, "?"},
};

void
tui_text_set_ascii(bool ascii)
{
	ascii_mode = ascii;
}

bool
tui_text_ascii(void)
{
	return ascii_mode;
}

bool
tui_locale_is_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);

	return cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
}

static bool
is_cont(unsigned char c)
{
	return (c & 0xC0) == 0x80;
}

size_t
tui_utf8_decode(const char *str, size_t len, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned char lo = 0x80, hi = 0xBF;
	size_t need, i;
	uint32_t v;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		need = 1;
		v = s[0] & 0x1F;
	} else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		need = 2;
		v = s[0] & 0x0F;
		if (s[0] == 0xE0)
			lo = 0xA0;
		else if (s[0] == 0xED)
			hi = 0x9F;	/* no surrogates */
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		need = 3;
		v = s[0] & 0x07;
		if (s[0] == 0xF0)
			lo = 0x90;
		else if (s[0] == 0xF4)
			hi = 0x8F;
	} else {
		*cp = TUI_REPLACEMENT;
		return 1;
	}
	if (len < need + 1 || s[1] < lo || s[1] > hi) {
		*cp = TUI_REPLACEMENT;
		return 1;
	}
	for (i = 1; i <= need; i++) {
		if (!is_cont(s[i])) {
			*cp = TUI_REPLACEMENT;
			return 1;
		}
		v = (v << 6) | (s[i] & 0x3F);
	}
	*cp = v;
	return need + 1;
}

size_t
tui_utf8_encode(uint32_t cp, char out[4])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

size_t
tui_utf8_prev(const char *s, size_t pos)
{
	size_t start = pos, n = 0;
	uint32_t cp;

	if (pos == 0)
		return 0;
	start = pos - 1;
	while (start > 0 && n < 3 && is_cont((unsigned char)s[start])) {
		start--;
		n++;
	}
	/* Only a whole, valid character counts as one; else step one byte. */
	if (tui_utf8_decode(s + start, pos - start, &cp) == pos - start)
		return start;
	return pos - 1;
}

static bool
is_combining_range(uint32_t cp)
{
	return (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x1AB0 && cp <= 0x1AFF) ||
	    (cp >= 0x1DC0 && cp <= 0x1DFF) || (cp >= 0x20D0 && cp <= 0x20FF) ||
	    (cp >= 0xFE20 && cp <= 0xFE2F);
}

int
tui_cp_width(uint32_t cp)
{
	int w;

	if (ascii_mode)
		return 1;
	w = wcwidth((wchar_t)cp);
	if (w < 0)
		return is_combining_range(cp) ? 0 : 1;
	return w > 2 ? 2 : w;
}

int
tui_text_width(const char *s, size_t len)
{
	size_t i = 0;
	uint32_t cp;
	int w = 0;

	while (i < len) {
		i += tui_utf8_decode(s + i, len - i, &cp);
		w += tui_cp_width(cp);
	}
	return w;
}

size_t
tui_text_fit(const char *s, size_t len, int cols, int *used)
{
	size_t i = 0, n;
	uint32_t cp;
	int w = 0, cw;

	while (i < len) {
		n = tui_utf8_decode(s + i, len - i, &cp);
		cw = tui_cp_width(cp);
		if (w + cw > cols)
			break;
		/* A combining mark only follows a base that was kept. */
		if (cw == 0 && i == 0)
			break;
		w += cw;
		i += n;
	}
	if (used)
		*used = w;
	return i;
}

static bool
is_invisible(uint32_t cp)
{
	size_t i;

	for (i = 0; i < sizeof invisible / sizeof invisible[0]; i++)
		if (cp >= invisible[i][0] && cp <= invisible[i][1])
			return true;
	return false;
}

/* Latin-1 letters without their accents, U+00C0 to U+00FF. */
static const char latin1[] =
    "AAAAAAACEEEEIIIIDNOOOOOxOUUUUYTsaaaaaaaceeeeiiiidnooooo/ouuuuyty";

static const char *
ascii_for(uint32_t cp, char one[2])
{
	size_t i;

	for (i = 0; i < sizeof translit / sizeof translit[0]; i++)
		if (translit[i].cp == cp)
			return translit[i].ascii;
	if (cp == 0xC6 || cp == 0xE6)
		return cp == 0xC6 ? "AE" : "ae";
	if (cp == 0xDF)
		return "ss";
	if (cp >= 0xC0 && cp <= 0xFF) {
		one[0] = latin1[cp - 0xC0];
		one[1] = '\0';
		return one;
	}
	return NULL;
}

/* Output with a cap: pieces are written whole or not at all. */
struct sink {
	char *out;
	size_t cap;
	size_t len;	/* the whole result's length */
	size_t kept;	/* bytes written to out */
	bool full;
};

static void
put(struct sink *k, const char *piece, size_t n)
{
	if (!k->full && k->cap > 0 && k->kept + n < k->cap) {
		memcpy(k->out + k->kept, piece, n);
		k->kept += n;
	} else {
		k->full = true;
	}
	k->len += n;
}

static void
put_placeholder(struct sink *k, uint32_t cp)
{
	char buf[16];
	int n = snprintf(buf, sizeof buf, "<U+%04X>", (unsigned)cp);

	put(k, buf, (size_t)n);
}

static void
put_char(struct sink *k, const char *raw, size_t n, uint32_t cp, bool keep_lf)
{
	char caret[2] = {'^', 0}, one[2];
	const char *a;

	if (cp == '\n' && keep_lf) {
		put(k, "\n", 1);
	} else if (cp == '\t') {
		put(k, " ", 1);
	} else if (cp < 0x20 || cp == 0x7F) {
		caret[1] = cp == 0x7F ? '?' : (char)(cp + 0x40);
		put(k, caret, 2);
	} else if (cp >= 0x80 && cp <= 0x9F) {
		put_placeholder(k, cp);
	} else if (is_invisible(cp)) {
		put_placeholder(k, cp);
	} else if (cp < 0x80) {
		put(k, raw, 1);
	} else if (ascii_mode) {
		a = ascii_for(cp, one);
		if (a)
			put(k, a, strlen(a));
		else if (!is_combining_range(cp))
			put(k, "?", 1);
	} else if (cp == TUI_REPLACEMENT) {
		put(k, "\xEF\xBF\xBD", 3);
	} else if (wcwidth((wchar_t)cp) < 0) {
		put_placeholder(k, cp);
	} else {
		put(k, raw, n);
	}
}

size_t
tui_sanitize(char *out, size_t cap, const char *s, size_t len, bool keep_lf)
{
	struct sink k = {out, cap, 0, 0, false};
	size_t i = 0, n;
	uint32_t cp;

	while (i < len) {
		n = tui_utf8_decode(s + i, len - i, &cp);
		put_char(&k, s + i, n, cp, keep_lf);
		i += n;
	}
	if (cap > 0)
		out[k.kept] = '\0';
	return k.len;
}

char *
tui_sanitize_dup(const char *s, size_t len, bool keep_lf)
{
	size_t need = tui_sanitize(NULL, 0, s, len, keep_lf);
	char *out = malloc(need + 1);

	if (out)
		tui_sanitize(out, need + 1, s, len, keep_lf);
	return out;
}

static void
add_line(struct tui_line *lines, size_t max, size_t count, const char *s,
    size_t off, size_t end)
{
	while (end > off && s[end - 1] == ' ')
		end--;
	if (count < max) {
		lines[count].off = off;
		lines[count].len = end - off;
		lines[count].width = tui_text_width(s + off, end - off);
	}
}

size_t
tui_text_wrap(const char *s, size_t len, int cols, struct tui_line *lines,
    size_t max)
{
	size_t count = 0, pos = 0, start, p, n, brk_end, brk_next;
	bool have_brk;
	uint32_t cp;
	int w, cw;

	if (cols < 1)
		cols = 1;
	while (pos < len) {
		start = pos;
		w = 0;
		have_brk = false;
		brk_end = brk_next = 0;
		for (p = pos; p < len; p += n) {
			n = tui_utf8_decode(s + p, len - p, &cp);
			if (cp == '\n')
				break;
			cw = tui_cp_width(cp);
			if (cp == ' ' && p > start) {
				have_brk = true;
				brk_end = p;
				brk_next = p + 1;
			}
			if (w + cw > cols && cp != ' ')
				break;
			w += cw;
		}
		if (p >= len || cp == '\n') {
			add_line(lines, max, count++, s, start, p);
			pos = p < len ? p + 1 : len;
			continue;
		}
		if (have_brk) {
			add_line(lines, max, count++, s, start, brk_end);
			pos = brk_next;
		} else {
			if (p == start)	/* one character wider than the line */
				p += tui_utf8_decode(s + p, len - p, &cp);
			add_line(lines, max, count++, s, start, p);
			pos = p;
		}
		/* Spaces where a line broke are not carried to the next line. */
		while (pos < len && s[pos] == ' ')
			pos++;
	}
	return count;
}
