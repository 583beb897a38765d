/* SPDX-License-Identifier: ISC */
/*
 * tui/button.c: the box, the focus marker and reverse video, and what
 * activates a button.
 */
#include "widgetutil.h"

#include "tui/button.h"

static void
test_focus_marker(void **state)
{
	static char rev[4096];
	struct tui_button a, b;
	WINDOW *w;

	(void)state;
	wu_start(24, 80, "xterm-256color");
	w = newwin(3, 30, 0, 0);
	tui_button_init(&a, 1, "Next");
	tui_button_init(&b, 2, "Back");
	tui_ctl_place(&a.ctl, (struct tui_rect){0, 0, 3, 12});
	tui_ctl_place(&b.ctl, (struct tui_rect){0, 14, 3, 8});
	a.ctl.focused = true;
	a.ctl.ops->draw(&a.ctl, w);
	b.ctl.ops->draw(&b.ctl, w);
	wu_check(w, "button_focus.txt");
	/* Focus is reverse video too, not colour alone. */
	wu_dump_reverse(w, rev, sizeof rev);
	wu_golden("button_focus_reverse.txt", rev);
	delwin(w);
	wu_stop();
}

static void
test_activate(void **state)
{
	struct tui_button a;
	struct tui_event ev = {0};
	int idx;

	(void)state;
	tui_button_init(&a, 7, "OK");
	ev.action = ACT_CHOOSE;
	assert_int_equal(a.ctl.ops->event(&a.ctl, &ev, &idx), TUI_ACTIVATE);
	ev.action = ACT_SPACE;
	assert_int_equal(a.ctl.ops->event(&a.ctl, &ev, &idx), TUI_ACTIVATE);
	ev.action = ACT_PRESS;
	assert_int_equal(a.ctl.ops->event(&a.ctl, &ev, &idx), TUI_PASS);
	ev.action = ACT_RELEASE;
	assert_int_equal(a.ctl.ops->event(&a.ctl, &ev, &idx), TUI_ACTIVATE);
	ev.action = ACT_DOWN;
	assert_int_equal(a.ctl.ops->event(&a.ctl, &ev, &idx), TUI_PASS);
	assert_int_equal(tui_button_width("OK"), TUI_BUTTON_MIN_W);
	assert_int_equal(tui_button_width("Finish"), 12);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_focus_marker),
		cmocka_unit_test(test_activate),
	};

	return cmocka_run_group_tests_name("button", tests, NULL, NULL);
}
