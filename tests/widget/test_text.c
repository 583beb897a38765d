/* SPDX-License-Identifier: ISC */
/*
 * tui/text.c: sanitising hostile strings, display width, truncation that
 * never splits a character, wrapping with wide and combining characters,
 * and the ASCII fallback; then the same strings drawn into a window.
 */
#include "widgetutil.h"

static void
check_sanitized(const char *in, size_t len, const char *want)
{
	char out[256];

	tui_sanitize(out, sizeof out, in, len, false);
	assert_string_equal(out, want);
}

/* The literal's own length, so embedded NULs count. */
#define CHECK(lit, want) check_sanitized(lit, sizeof lit - 1, want)

static void
test_sanitize_hostile(void **state)
{
	(void)state;
	assert_non_null(setlocale(LC_ALL, "C.UTF-8"));
	tui_text_set_ascii(false);
	/* Escape sequences: ESC shown as ^[, the rest is plain text. */
	CHECK("a\033[2Jb", "a^[[2Jb");
	CHECK("\033]0;pwned\007x", "^[]0;pwned^Gx");
	/* Bidi override and zero-width characters made visible. */
	CHECK("abc\xe2\x80\xae" "def", "abc<U+202E>def");
	CHECK("a\xe2\x80\x8b" "b", "a<U+200B>b");
	CHECK("\xef\xbb\xbfhi", "<U+FEFF>hi");
	CHECK("\xe2\x81\xa6x", "<U+2066>x");
	/* C1 CSI: as a raw byte it is invalid UTF-8; encoded it is a C1. */
	CHECK("a\x9b" "2J", "a\xef\xbf\xbd" "2J");
	CHECK("a\xc2\x9b" "2J", "a<U+009B>2J");
	/* Invalid UTF-8: overlong, surrogate, truncated, stray continuation. */
	CHECK("\xc0\xaf", "\xef\xbf\xbd\xef\xbf\xbd");
	CHECK("\xed\xa0\x80",
	    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	CHECK("ok\xe6\x97", "ok\xef\xbf\xbd\xef\xbf\xbd");
	CHECK("\x80", "\xef\xbf\xbd");
	/* Other controls, DEL, NUL inside the length, tabs and line feeds. */
	CHECK("a\rb\bc\x7f", "a^Mb^Hc^?");
	CHECK("a\0b", "a^@b");
	CHECK("a\tb\nc", "a b^Jc");
	/* Ordinary text from anywhere is left alone. */
	CHECK("Amira Kh\xc3\xa1n \xe6\x97\xa5\xe6\x9c\xac",
	    "Amira Kh\xc3\xa1n \xe6\x97\xa5\xe6\x9c\xac");
}

static void
test_sanitize_cap(void **state)
{
	char out[7];
	size_t need;

	(void)state;
	tui_text_set_ascii(false);
	/* Cut at a character boundary: never half of a placeholder or char. */
	need = tui_sanitize(out, sizeof out, "abcd\xe6\x97\xa5" "e", 8, false);
	assert_int_equal(need, 8);
	assert_string_equal(out, "abcd");
	need = tui_sanitize(out, sizeof out, "ab\xe2\x80\xae", 5, false);
	assert_int_equal(need, 10);
	assert_string_equal(out, "ab");
}

static void
test_width_and_fit(void **state)
{
	/* 日本語 (2 columns each), é as e + combining acute. */
	const char *cjk = "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e";
	const char *comb = "cafe\xcc\x81!";
	int used;
	size_t n;

	(void)state;
	assert_non_null(setlocale(LC_ALL, "C.UTF-8"));
	tui_text_set_ascii(false);
	assert_int_equal(tui_text_width(cjk, strlen(cjk)), 6);
	assert_int_equal(tui_text_width(comb, strlen(comb)), 5);
	/* 5 columns hold two wide characters, never half of the third. */
	n = tui_text_fit(cjk, strlen(cjk), 5, &used);
	assert_int_equal(n, 6);
	assert_int_equal(used, 4);
	/* The combining mark stays with its base. */
	n = tui_text_fit(comb, strlen(comb), 4, &used);
	assert_int_equal(n, 6);
	assert_int_equal(used, 4);
	n = tui_text_fit(comb, strlen(comb), 3, &used);
	assert_int_equal(n, 3);
	assert_int_equal(tui_utf8_prev(cjk, 6), 3);
	assert_int_equal(tui_utf8_prev(comb, 6), 4);
}

static void
test_wrap(void **state)
{
	const char *s = "one two three \xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e"
	    "\xe6\x97\xa5\xe6\x9c\xac four";
	struct tui_line l[8];
	size_t n;

	(void)state;
	tui_text_set_ascii(false);
	n = tui_text_wrap(s, strlen(s), 7, l, 8);
	assert_int_equal(n, 5);
	assert_int_equal(l[0].len, 7);		/* "one two" */
	assert_int_equal(l[1].len, 5);		/* "three" */
	assert_int_equal(l[2].width, 6);	/* 日本語: a 7th column would split */
	assert_int_equal(l[3].width, 4);	/* 日本 */
	assert_int_equal(l[4].len, 4);		/* "four" */
	/* A count-only call agrees. */
	assert_int_equal(tui_text_wrap(s, strlen(s), 7, NULL, 0), 5);
}

static void
test_ascii_fallback(void **state)
{
	const char *in = "\xe2\x80\x9cHi\xe2\x80\x9d \xe2\x80\x93 \xe2\x80\xa2 "
	    "caf\xc3\xa9 \xe6\x97\xa5 e\xcc\x81";
	char out[64];

	(void)state;
	tui_text_set_ascii(true);
	tui_sanitize(out, sizeof out, in, strlen(in), false);
	assert_string_equal(out, "\"Hi\" - * cafe ? e");
	assert_int_equal(tui_cp_width(0x65E5), 1);
	tui_text_set_ascii(false);
}

static void
test_drawn(void **state)
{
	WINDOW *w;
	char clean[256];
	const char *lines[] = {
		"\033[2J\033]0;title\007after",
		"rtl \xe2\x80\xae" "txet",
		"zw a\xe2\x80\x8b" "b",
		"bad \xff\xfe end",
		"c1 \xc2\x9b" "31m",
		"\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xe6\x97\xa5\xe6\x9c\xac"
		    "\xe8\xaa\x9e",
		"cafe\xcc\x81 na\xc3\xafve",
	};
	size_t i;

	(void)state;
	wu_start(24, 80, "xterm-256color");
	w = newwin(8, 11, 0, 0);
	for (i = 0; i < sizeof lines / sizeof lines[0]; i++) {
		tui_sanitize(clean, sizeof clean, lines[i], strlen(lines[i]),
		    false);
		/* 11 columns: the wide row shows 5 characters, never 5.5. */
		tui_puts(w, (int)i, 0, clean, 11);
	}
	wu_check(w, "text_sanitized.txt");
	delwin(w);
	wu_stop();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sanitize_hostile),
		cmocka_unit_test(test_sanitize_cap),
		cmocka_unit_test(test_width_and_fit),
		cmocka_unit_test(test_wrap),
		cmocka_unit_test(test_ascii_fallback),
		cmocka_unit_test(test_drawn),
	};

	return cmocka_run_group_tests_name("text", tests, NULL, NULL);
}
