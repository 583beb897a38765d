/* SPDX-License-Identifier: ISC */
/*
 * Untrusted text for plain output (core/text.c): escape sequences (CSI,
 * OSC), C0 and C1 controls (U+009B as UTF-8 and the raw byte 0x9b), bidi
 * overrides and isolates, zero-width characters and invalid UTF-8 all come
 * out visible and harmless, and a short buffer is cut on a character
 * boundary. text_is_clean agrees: what text_sanitize writes is clean.
 */
#include "tests/unit/testutil.h"

#include "core/text.h"

static const char *
san(const char *in, size_t cap)
{
	static char out[512];

	assert_true(cap <= sizeof out);
	memset(out, 'Z', sizeof out);
	return text_sanitize(in, out, cap);
}

#define SAN(in) san(in, 512)

/* Nothing a terminal acts on, and valid UTF-8. */
static void
assert_harmless(const char *s)
{
	assert_true(text_is_clean(s, strlen(s)));
	assert_null(strchr(s, '\x1b'));
	assert_null(strchr(s, '\a'));
}

static void
test_plain_text_unchanged(void **state)
{
	(void)state;
	assert_string_equal(SAN("Amira Khan"), "Amira Khan");
	/* Accents, other scripts, wide and combining characters stay. */
	assert_string_equal(SAN("Zo\xc3\xab \xe5\xbc\xa0\xe4\xbc\x9f e\xcc\x81"),
	    "Zo\xc3\xab \xe5\xbc\xa0\xe4\xbc\x9f e\xcc\x81");
	assert_string_equal(SAN(""), "");
}

static void
test_csi(void **state)
{
	(void)state;
	/* Clear the screen, move home, red text: all shown, none acted on. */
	assert_string_equal(SAN("a\x1b[2J\x1b[H\x1b[31mb"), "a^[[2J^[[H^[[31mb");
	assert_harmless(SAN("a\x1b[2J\x1b[H\x1b[31mb"));
}

static void
test_osc(void **state)
{
	(void)state;
	/* Set the window title (BEL and ST ends), a hyperlink. */
	assert_string_equal(SAN("\x1b]0;owned\x07x"), "^[]0;owned^Gx");
	assert_string_equal(SAN("\x1b]8;;http://e.vil/\x1b\\click\x1b]8;;\x1b\\"),
	    "^[]8;;http://e.vil/^[\\click^[]8;;^[\\");
	assert_harmless(SAN("\x1b]52;c;ZXZpbA==\x07"));
}

static void
test_c0_and_del(void **state)
{
	(void)state;
	assert_string_equal(SAN("a\tb\nc\rd\x7f" "e\x01"), "a^Ib^Jc^Md^?e^A");
	assert_string_equal(SAN("\b\b\bX"), "^H^H^HX");
}

static void
test_c1(void **state)
{
	(void)state;
	/* U+009B (CSI as one C1 character) and U+0085, encoded as UTF-8. */
	assert_string_equal(SAN("a\xc2\x9b" "2Jb"), "a<U+009B>2Jb");
	assert_string_equal(SAN("\xc2\x85\xc2\x90\xc2\x9d"),
	    "<U+0085><U+0090><U+009D>");
	/* The raw byte 0x9b, as an 8-bit terminal would take as CSI. */
	assert_string_equal(SAN("a\x9b" "2Jb"), "a\xef\xbf\xbd" "2Jb");
	assert_harmless(SAN("a\x9b" "2J\xc2\x9b" "31m"));
}

static void
test_bidi(void **state)
{
	(void)state;
	/* RLO makes "exe.txt" read as "txt.exe"; every override and isolate shows. */
	assert_string_equal(SAN("photo\xe2\x80\xaetxt.exe"), "photo<U+202E>txt.exe");
	assert_string_equal(SAN("\xe2\x80\xaa\xe2\x80\xab\xe2\x80\xac\xe2\x80\xad"),
	    "<U+202A><U+202B><U+202C><U+202D>");
	assert_string_equal(SAN("\xe2\x81\xa6\xe2\x81\xa7\xe2\x81\xa8\xe2\x81\xa9"),
	    "<U+2066><U+2067><U+2068><U+2069>");
	/* The marks LRM and RLM too. */
	assert_string_equal(SAN("\xe2\x80\x8e\xe2\x80\x8f"), "<U+200E><U+200F>");
}

static void
test_zero_width(void **state)
{
	(void)state;
	/* "Amira" and "Am<ZWSP>ira" must not look alike in a list. */
	assert_string_equal(SAN("Am\xe2\x80\x8bira"), "Am<U+200B>ira");
	assert_string_equal(SAN("\xe2\x80\x8c\xe2\x80\x8d"), "<U+200C><U+200D>");
	assert_string_equal(SAN("\xef\xbb\xbfX"), "<U+FEFF>X");
	/* Soft hyphen, Arabic letter mark, word joiner, Mongolian vowel separator. */
	assert_string_equal(SAN("a\xc2\xad" "b\xd8\x9c" "c\xe2\x81\xa0" "d\xe1\xa0\x8e"),
	    "a<U+00AD>b<U+061C>c<U+2060>d<U+180E>");
	/* Line and paragraph separators break lines in some viewers. */
	assert_string_equal(SAN("x\xe2\x80\xa8y\xe2\x80\xa9"), "x<U+2028>y<U+2029>");
	assert_false(text_is_clean("a\xc2\xad" "b", 4));
}

static void
test_invalid_utf8(void **state)
{
	(void)state;
	/* A stray byte, an overlong '/', a surrogate, a truncated sequence. */
	assert_string_equal(SAN("a\xff" "b"), "a\xef\xbf\xbd" "b");
	assert_string_equal(SAN("\xc0\xaf"), "\xef\xbf\xbd\xef\xbf\xbd");
	assert_string_equal(SAN("\xed\xa0\x80"),
	    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	assert_string_equal(SAN("x\xe2\x82"), "x\xef\xbf\xbd\xef\xbf\xbd");
	assert_harmless(SAN("\xf8\x88\x80\x80\x80\xfe\xfe"));
}

static void
test_truncation_on_boundary(void **state)
{
	const char *out;

	(void)state;
	/* Room for "h" and the NUL, not for the two bytes of the e-acute. */
	assert_string_equal(san("h\xc3\xa9llo", 3), "h");
	assert_string_equal(san("h\xc3\xa9llo", 4), "h\xc3\xa9");
	/* A made-visible control is never cut in half. */
	assert_string_equal(san("ab\x1b[2J", 4), "ab");
	assert_string_equal(san("a\xe2\x80\xae", 8), "a");
	assert_string_equal(san("a\xe2\x80\xae", 10), "a<U+202E>");
	/* Nor is a replacement character. */
	assert_string_equal(san("a\xff", 4), "a");
	/* cap 1: just the NUL; cap 0 writes nothing at all. */
	assert_string_equal(san("abc", 1), "");
	out = san("abc", 0);
	assert_int_equal(out[0], 'Z');
	/* Every cut of a hostile string is valid, clean UTF-8. */
	for (size_t cap = 1; cap < 64; cap++)
		assert_harmless(san("\xe5\xbc\xa0\x1b]0;x\x07\xc2\x9b\xe2\x80\xae"
		    "\xff\xf0\x9f\x98\x80", cap));
}

static void
test_clean_checks(void **state)
{
	(void)state;
	assert_true(text_is_clean("Amira Khan", 10));
	assert_true(text_is_clean("Zo\xc3\xab", 4));
	assert_false(text_is_clean("a\x1b[2J", 5));
	assert_false(text_is_clean("a\tb", 3));
	assert_false(text_is_clean("a\xc2\x9b", 3));
	assert_false(text_is_clean("a\x9b", 2));
	assert_false(text_is_clean("a\xe2\x80\xae", 4));
	assert_false(text_is_clean("a\xe2\x80\x8b", 4));
	assert_false(text_is_clean("a\xef\xbb\xbf", 4));
	assert_false(text_is_clean("\xc0\xaf", 2));
	/* The length is honoured: a NUL inside counts as a control. */
	assert_false(text_is_clean("a\0b", 3));
	assert_true(text_is_clean("a\x1b", 1));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_text_unchanged),
		cmocka_unit_test(test_csi),
		cmocka_unit_test(test_osc),
		cmocka_unit_test(test_c0_and_del),
		cmocka_unit_test(test_c1),
		cmocka_unit_test(test_bidi),
		cmocka_unit_test(test_zero_width),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_truncation_on_boundary),
		cmocka_unit_test(test_clean_checks),
	};

	return cmocka_run_group_tests_name("text", tests, NULL, NULL);
}
