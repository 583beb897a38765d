/* SPDX-License-Identifier: ISC */
/*
 * tui/field.c: UTF-8 aware editing in the caller's buffer, the masked
 * mode for PINs, digits only, and wiping what is freed.
 */
#include "widgetutil.h"

#include "tui/field.h"

static enum tui_res
key(struct tui_field *f, enum tui_action act, uint32_t ch)
{
	struct tui_event ev = {.action = act, .ch = ch};
	int idx;

	return f->ctl.ops->event(&f->ctl, &ev, &idx);
}

static void
test_utf8_editing(void **state)
{
	char buf[16] = "";
	struct tui_field f;

	(void)state;
	tui_text_set_ascii(false);
	tui_field_init(&f, 1, "Reference", buf, sizeof buf, 0);
	assert_int_equal(key(&f, ACT_CHAR, 'A'), TUI_CHANGE);
	assert_int_equal(key(&f, ACT_CHAR, 0x65E5), TUI_CHANGE);	/* 日 */
	assert_int_equal(key(&f, ACT_CHAR, 'e'), TUI_CHANGE);
	assert_int_equal(key(&f, ACT_CHAR, 0x301), TUI_CHANGE);	/* combining */
	assert_string_equal(buf, "A\xe6\x97\xa5" "e\xcc\x81");
	assert_int_equal(tui_field_chars(&f), 4);
	/* Backspace takes one code point, never half of one. */
	assert_int_equal(key(&f, ACT_ERASE, 0), TUI_CHANGE);
	assert_string_equal(buf, "A\xe6\x97\xa5" "e");
	assert_int_equal(key(&f, ACT_LEFT, 0), TUI_DONE);
	assert_int_equal(key(&f, ACT_LEFT, 0), TUI_DONE);
	assert_int_equal(key(&f, ACT_ERASE, 0), TUI_CHANGE);
	assert_string_equal(buf, "\xe6\x97\xa5" "e");
	/* At the start, Left passes on; Delete removes the wide character. */
	assert_int_equal(key(&f, ACT_LEFT, 0), TUI_PASS);
	assert_int_equal(key(&f, ACT_DELETE, 0), TUI_CHANGE);
	assert_string_equal(buf, "e");
	/* Bytes freed by editing are zero, not left behind. */
	assert_int_equal(buf[1], 0);
	assert_int_equal(buf[2], 0);
	assert_int_equal(buf[3], 0);
	/* It never writes past the buffer. */
	while (key(&f, ACT_CHAR, 0x65E5) == TUI_CHANGE)
		;
	assert_true(strlen(buf) < sizeof buf);
}

static void
test_masked_pin(void **state)
{
	char pin[11] = "";
	struct tui_field f;
	WINDOW *w;
	int y, x;

	(void)state;
	wu_start(24, 80, "xterm-256color");
	w = newwin(3, 40, 0, 0);
	tui_field_init(&f, 1, "PIN", pin, sizeof pin,
	    TUI_FIELD_MASK | TUI_FIELD_DIGITS);
	tui_field_set_max(&f, 6);
	tui_ctl_place(&f.ctl, (struct tui_rect){0, 0, 3, 30});
	f.ctl.focused = true;
	key(&f, ACT_CHAR, '1');
	key(&f, ACT_CHAR, 'x');		/* not a digit: ignored */
	key(&f, ACT_SPACE, ' ');
	key(&f, ACT_CHAR, '9');
	key(&f, ACT_CHAR, '7');
	assert_string_equal(pin, "197");
	f.ctl.ops->draw(&f.ctl, w);
	wu_check(w, "field_masked.txt");
	/* The cursor sits after the third mark. */
	assert_true(f.ctl.ops->cursor(&f.ctl, &y, &x));
	assert_int_equal(y, 1);
	assert_int_equal(x, 7 + 2 + 3);	/* box at 7, text 2 in */
	/* At most 6 digits. */
	key(&f, ACT_CHAR, '1');
	key(&f, ACT_CHAR, '2');
	key(&f, ACT_CHAR, '3');
	assert_int_equal(key(&f, ACT_CHAR, '4'), TUI_DONE);
	assert_string_equal(pin, "197123");
	tui_field_clear(&f);
	assert_int_equal(pin[0] | pin[3] | pin[5] | pin[10], 0);
	delwin(w);
	wu_stop();
}

static void
test_upper(void **state)
{
	char code[12] = "";
	struct tui_field f;

	(void)state;
	tui_field_init(&f, 1, "Code", code, sizeof code, TUI_FIELD_UPPER);
	key(&f, ACT_CHAR, 'a');
	key(&f, ACT_CHAR, 'b');
	key(&f, ACT_CHAR, '-');
	assert_string_equal(code, "AB-");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_editing),
		cmocka_unit_test(test_masked_pin),
		cmocka_unit_test(test_upper),
	};

	return cmocka_run_group_tests_name("field", tests, NULL, NULL);
}
