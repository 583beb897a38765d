/* SPDX-License-Identifier: ISC */
/*
 * tui/input.c: keys to named actions. Control keys that would interrupt,
 * suspend or freeze a kiosk (Ctrl-C, Ctrl-Z, Ctrl-\, Ctrl-S, Ctrl-Q,
 * Ctrl-D) are nothing; Ctrl-L locks staff mode; the function keys and
 * editing keys are the actions the footer and help screen describe.
 */
#include "widgetutil.h"

#include "tui/input.h"

static enum tui_action
key(int rc, uint32_t k)
{
	struct tui_event ev;

	tui_map_key(rc, k, &ev);
	return ev.action;
}

static void
test_control_keys_do_nothing(void **state)
{
	static const uint32_t ctrl[] = {3, 26, 28, 19, 17, 4, 0, 7, 0x9b};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof ctrl / sizeof ctrl[0]; i++)
		assert_int_equal(key(OK, ctrl[i]), ACT_NONE);
}

static void
test_keys(void **state)
{
	struct tui_event ev;

	(void)state;
	assert_int_equal(key(OK, '\t'), ACT_NEXT_FOCUS);
	assert_int_equal(key(KEY_CODE_YES, KEY_BTAB), ACT_PREV_FOCUS);
	assert_int_equal(key(OK, '\r'), ACT_CHOOSE);
	assert_int_equal(key(KEY_CODE_YES, KEY_ENTER), ACT_CHOOSE);
	assert_int_equal(key(OK, 27), ACT_BACK);
	assert_int_equal(key(OK, 127), ACT_ERASE);
	assert_int_equal(key(KEY_CODE_YES, KEY_BACKSPACE), ACT_ERASE);
	assert_int_equal(key(KEY_CODE_YES, KEY_F(1)), ACT_HELP);
	assert_int_equal(key(KEY_CODE_YES, KEY_F(2)), ACT_CONCERN);
	assert_int_equal(key(KEY_CODE_YES, KEY_F(3)), ACT_READ);
	assert_int_equal(key(KEY_CODE_YES, KEY_F(12)), ACT_STAFF);
	/* Lock: a control character every terminal sends, vt100 included. */
	assert_int_equal(key(OK, 12), ACT_LOCK);
	assert_int_equal(key(KEY_CODE_YES, KEY_NPAGE), ACT_PAGE_DOWN);
	assert_int_equal(key(KEY_CODE_YES, KEY_RESIZE), ACT_RESIZE);
	assert_int_equal(key(KEY_CODE_YES, KEY_F(5)), ACT_NONE);
	tui_map_key(OK, ' ', &ev);
	assert_int_equal(ev.action, ACT_SPACE);
	assert_int_equal(ev.ch, ' ');
	tui_map_key(OK, 0xE9, &ev);
	assert_int_equal(ev.action, ACT_CHAR);
	assert_int_equal(ev.ch, 0xE9);
}

static void
test_table(void **state)
{
	int a;

	(void)state;
	/* Every action a person can give has a key and help text. */
	for (a = ACT_UP; a <= ACT_ERASE; a++) {
		assert_true(tui_action_key(a)[0] != '\0');
		assert_true(tui_action_help(a)[0] != '\0');
	}
	assert_string_equal(tui_action_key(ACT_HELP), "F1");
	assert_string_equal(tui_action_key(ACT_LOCK), "Ctrl-L");
	/* Footers hold the actions as bits of a uint64_t. */
	assert_true(ACT_COUNT <= 64);
	assert_string_equal(tui_action_key(ACT_COUNT), "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_control_keys_do_nothing),
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_table),
	};

	return cmocka_run_group_tests_name("input", tests, NULL, NULL);
}
