/* SPDX-License-Identifier: ISC */
/*
 * tui/textarea.c: multi-line UTF-8 editing in the caller's buffer, word
 * wrapping to the box, Up and Down keeping the column, control characters
 * refused, freed bytes wiped, the cursor on the caret.
 */
#include "widgetutil.h"

#include "tui/textarea.h"

static enum tui_res
key(struct tui_textarea *t, enum tui_action act, uint32_t ch)
{
	struct tui_event ev = {.action = act, .ch = ch};
	int idx;

	return t->ctl.ops->event(&t->ctl, &ev, &idx);
}

static void
type(struct tui_textarea *t, const char *s)
{
	uint32_t cp;

	while (*s) {
		s += tui_utf8_decode(s, strlen(s), &cp);
		key(t, cp == ' ' ? ACT_SPACE : ACT_CHAR, cp);
	}
}

static void
test_editing(void **state)
{
	char buf[64] = "";
	struct tui_textarea t;

	(void)state;
	tui_text_set_ascii(false);
	tui_textarea_init(&t, 1, "What happened?", buf, sizeof buf);
	tui_ctl_place(&t.ctl, (struct tui_rect){0, 0, 6, 30});
	type(&t, "Caf\xc3\xa9");
	assert_int_equal(key(&t, ACT_CHOOSE, 0), TUI_CHANGE);	/* new line */
	type(&t, "ok");
	assert_string_equal(buf, "Caf\xc3\xa9\nok");
	assert_int_equal(tui_textarea_chars(&t), 7);
	/* Up keeps the column: after "ok" is after "Ca". */
	assert_int_equal(key(&t, ACT_UP, 0), TUI_DONE);
	assert_int_equal(key(&t, ACT_UP, 0), TUI_PASS);	/* first line */
	assert_int_equal(key(&t, ACT_ERASE, 0), TUI_CHANGE);
	assert_string_equal(buf, "Cf\xc3\xa9\nok");
	assert_int_equal(key(&t, ACT_DELETE, 0), TUI_CHANGE);
	assert_string_equal(buf, "C\xc3\xa9\nok");
	assert_int_equal(key(&t, ACT_DELETE, 0), TUI_CHANGE);	/* é, whole */
	assert_string_equal(buf, "C\nok");
	assert_int_equal(buf[4] | buf[5] | buf[6], 0);
	/* Control characters are not typed; the buffer never overflows. */
	assert_int_equal(key(&t, ACT_CHAR, 0x1b), TUI_DONE);
	assert_int_equal(key(&t, ACT_CHAR, 0x9b), TUI_DONE);
	assert_string_equal(buf, "C\nok");
	while (key(&t, ACT_CHAR, 0x65E5) == TUI_CHANGE)
		;
	assert_true(strlen(buf) < sizeof buf);
	tui_textarea_clear(&t);
	assert_int_equal(buf[0] | buf[10] | buf[63], 0);
	/* The limit is in characters. */
	tui_textarea_set_max(&t, 3);
	type(&t, "abcd");
	assert_string_equal(buf, "abc");
}

static void
test_wrap_draw(void **state)
{
	char buf[256] = "";
	struct tui_textarea t;
	WINDOW *w;
	int y, x;

	(void)state;
	wu_start(24, 80, "xterm-256color");
	w = newwin(7, 30, 0, 0);
	tui_textarea_init(&t, 1, "What happened?", buf, sizeof buf);
	tui_ctl_place(&t.ctl, (struct tui_rect){0, 0, 6, 24});
	t.ctl.focused = true;
	/* 20 columns of text: words wrap, a wide character is never split. */
	type(&t, "Someone keeps sending me messages \xe6\x97\xa5\xe6\x97\xa5 "
	    "at night\xe2\x80\xae bad");
	t.ctl.ops->draw(&t.ctl, w);
	wu_check(w, "textarea_wrap.txt");
	/* Three rows show; the caret's line is the last one shown. */
	assert_true(t.ctl.ops->cursor(&t.ctl, &y, &x));
	assert_int_equal(y, 4);
	key(&t, ACT_HOME, 0);
	assert_true(t.ctl.ops->cursor(&t.ctl, &y, &x));
	assert_int_equal(x, 2);
	key(&t, ACT_UP, 0);
	key(&t, ACT_UP, 0);
	key(&t, ACT_UP, 0);
	t.ctl.ops->draw(&t.ctl, w);
	assert_true(t.ctl.ops->cursor(&t.ctl, &y, &x));
	assert_int_equal(y, 2);	/* scrolled back to the first line */
	assert_int_equal(t.caret, 0);
	delwin(w);
	wu_stop();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_editing),
		cmocka_unit_test(test_wrap_draw),
	};

	return cmocka_run_group_tests_name("textarea", tests, NULL, NULL);
}
