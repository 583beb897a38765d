/* SPDX-License-Identifier: ISC */
/*
 * Shared helpers for widget tests: curses on a file instead of a terminal
 * (newterm at a fixed size), a text dump of a window read back with
 * mvwinnwstr, a dump of which cells are in reverse video, and golden files
 * in tests/golden/ (UPDATE_GOLDEN=1 writes them afresh). Header-only so
 * each test is one file.
 */
#ifndef TESTS_WIDGET_WIDGETUTIL_H
#define TESTS_WIDGET_WIDGETUTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include <curses.h>
#include <locale.h>
#include <wchar.h>

#include "tui/text.h"
#include "tui/theme.h"
#include "tui/widget.h"

struct wu_term {
	SCREEN *scr;
	FILE *out;
	FILE *in;
};

static struct wu_term wu;

/* Curses at rows x cols writing to a temporary file we can measure. */
static inline void
wu_start(int rows, int cols, const char *term)
{
	char n[16];

	assert_non_null(setlocale(LC_ALL, "C.UTF-8"));
	setenv("TERM", term, 1);
	snprintf(n, sizeof n, "%d", rows);
	setenv("LINES", n, 1);
	snprintf(n, sizeof n, "%d", cols);
	setenv("COLUMNS", n, 1);
	unsetenv("NO_COLOR");
	wu.out = tmpfile();
	wu.in = fopen("/dev/null", "r");
	assert_non_null(wu.out);
	assert_non_null(wu.in);
	wu.scr = newterm(term, wu.out, wu.in);
	assert_non_null(wu.scr);
	set_term(wu.scr);
	tui_text_set_ascii(false);
	tui_theme_init("mono");
	tui_set_canvas(stdscr);
	assert_int_equal(LINES, rows);
	assert_int_equal(COLS, cols);
}

static inline void
wu_stop(void)
{
	endwin();
	delscreen(wu.scr);
	fclose(wu.out);
	fclose(wu.in);
	memset(&wu, 0, sizeof wu);
}

/* Bytes written to the "terminal" so far. */
static inline long
wu_bytes(void)
{
	struct stat st;

	fflush(wu.out);
	assert_int_equal(fstat(fileno(wu.out), &st), 0);
	return (long)st.st_size;
}

/* The line-drawing characters as plain ASCII, for readable goldens. */
static inline wchar_t
wu_acs(wchar_t c)
{
	switch (c) {
	case L'l': case L'k': case L'm': case L'j': case L'n':
	case L't': case L'u': case L'v': case L'w':
		return L'+';
	case L'q':
		return L'-';
	case L'x':
		return L'|';
	default:
		return c;
	}
}

/*
 * rows of w as UTF-8 text, trailing spaces cut, one line each. Cell by
 * cell, so combining marks stay with their base and the second cell of a
 * wide character is skipped.
 */
static inline void
wu_dump(WINDOW *w, char *out, size_t cap)
{
	wchar_t wc[CCHARW_MAX + 1];
	char mb[8];
	size_t len = 0, n, keep;
	int rows, cols, y, x, i, cw;
	attr_t attrs;
	short pair;
	cchar_t cc;
	mbstate_t ps;

	getmaxyx(w, rows, cols);
	out[0] = '\0';
	for (y = 0; y < rows; y++) {
		keep = len;
		for (x = 0; x < cols; x += cw) {
			assert_int_equal(mvwin_wch(w, y, x, &cc), OK);
			memset(wc, 0, sizeof wc);
			getcchar(&cc, wc, &attrs, &pair, NULL);
			if (attrs & A_ALTCHARSET)
				wc[0] = wu_acs(wc[0]);
			cw = wcwidth(wc[0]) == 2 ? 2 : 1;
			for (i = 0; i <= CCHARW_MAX && wc[i]; i++) {
				memset(&ps, 0, sizeof ps);
				n = wcrtomb(mb, wc[i], &ps);
				assert_true(n != (size_t)-1 && len + n + 2 < cap);
				memcpy(out + len, mb, n);
				len += n;
			}
			if (wc[0] != L' ')
				keep = len;
		}
		len = keep;
		out[len++] = '\n';
		out[len] = '\0';
	}
}

/* One character per cell: 'r' reverse video, '.' not. */
static inline void
wu_dump_reverse(WINDOW *w, char *out, size_t cap)
{
	int rows, cols, y, x;
	size_t len = 0;
	cchar_t cc;
	attr_t attrs;
	short pair;
	wchar_t wc[CCHARW_MAX + 1];

	getmaxyx(w, rows, cols);
	for (y = 0; y < rows; y++) {
		for (x = 0; x < cols; x++) {
			assert_int_equal(mvwin_wch(w, y, x, &cc), OK);
			getcchar(&cc, wc, &attrs, &pair, NULL);
			assert_true(len + 2 < cap);
			out[len++] = (attrs & A_REVERSE) ? 'r' : '.';
		}
		out[len++] = '\n';
	}
	out[len] = '\0';
}

static inline void
wu_golden_path(const char *name, char *path, size_t cap)
{
	char cwd[2048];
	int up;

	assert_non_null(getcwd(cwd, sizeof cwd));
	for (up = 0; up < 6; up++) {
		struct stat st;

		snprintf(path, cap, "%s/tests/golden", cwd);
		if (stat(path, &st) == 0) {
			snprintf(path, cap, "%s/tests/golden/%s", cwd, name);
			return;
		}
		*(strrchr(cwd, '/') ? strrchr(cwd, '/') : cwd) = '\0';
	}
	fail_msg("tests/golden not found above the current folder");
}

/* Compare text with tests/golden/name, or write it when UPDATE_GOLDEN=1. */
static inline void
wu_golden(const char *name, const char *text)
{
	const char *update = getenv("UPDATE_GOLDEN");
	char path[4096], *want;
	FILE *f;
	long n;

	wu_golden_path(name, path, sizeof path);
	if (update && strcmp(update, "1") == 0) {
		f = fopen(path, "w");
		assert_non_null(f);
		fputs(text, f);
		fclose(f);
		return;
	}
	f = fopen(path, "r");
	if (!f)
		fail_msg("missing golden %s (run with UPDATE_GOLDEN=1)", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	want = calloc(1, (size_t)n + 1);
	assert_non_null(want);
	assert_int_equal(fread(want, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	if (strcmp(want, text) != 0) {
		fprintf(stderr, "golden %s differs.\n--- want\n%s--- got\n%s",
		    name, want, text);
		free(want);
		fail_msg("golden mismatch: %s", name);
	}
	free(want);
}

/* Dump w and compare with a golden file. */
static inline void
wu_check(WINDOW *w, const char *name)
{
	static char buf[1 << 16];

	wu_dump(w, buf, sizeof buf);
	wu_golden(name, buf);
}

#endif
