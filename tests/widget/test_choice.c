/* SPDX-License-Identifier: ISC */
/*
 * tui/choice.c: a choice of a few values in one box: Enter, Space, Right
 * and a tap go round forwards, Left backwards; the label takes the focus
 * marker and the value's row reverse video; values are sanitised.
 */
#include "widgetutil.h"

#include "tui/choice.h"

static enum tui_res
send(struct tui_choice *c, enum tui_action act, int *idx)
{
	struct tui_event ev = {.action = act};

	return c->ctl.ops->event(&c->ctl, &ev, idx);
}

static void
test_choice(void **state)
{
	static char rev[4096];
	struct tui_choice c;
	WINDOW *w;
	int idx, y, x;

	(void)state;
	wu_start(24, 80, "xterm-256color");
	w = newwin(7, 60, 0, 0);
	tui_choice_init(&c, 3, "Group");
	assert_true(tui_choice_add(&c, "All groups"));
	assert_true(tui_choice_add(&c, "Hampshire Achieves: young people"));
	assert_true(tui_choice_add(&c, "Secure \x1b[31mand\x1b[0m Specialist"));
	c.label_w = 10;
	tui_ctl_place(&c.ctl, (struct tui_rect){0, 0, 3, 60});
	assert_int_equal(c.chosen, 0);
	assert_int_equal(send(&c, ACT_CHOOSE, &idx), TUI_CHANGE);
	assert_int_equal(idx, 1);
	assert_int_equal(send(&c, ACT_RIGHT, &idx), TUI_CHANGE);
	assert_int_equal(send(&c, ACT_SPACE, &idx), TUI_CHANGE);
	assert_int_equal(idx, 0);		/* round again */
	assert_int_equal(send(&c, ACT_LEFT, &idx), TUI_CHANGE);
	assert_int_equal(idx, 2);
	/* A tap: press does nothing, release moves on. */
	assert_int_equal(send(&c, ACT_PRESS, &idx), TUI_DONE);
	assert_int_equal(send(&c, ACT_RELEASE, &idx), TUI_CHANGE);
	assert_int_equal(idx, 0);
	assert_int_equal(send(&c, ACT_DOWN, &idx), TUI_PASS);
	assert_int_equal(send(&c, ACT_NEXT_FOCUS, &idx), TUI_PASS);
	tui_choice_set(&c, 2);
	c.ctl.focused = true;
	c.ctl.ops->draw(&c.ctl, w);
	tui_choice_init(&c, 4, "Status");
	assert_true(tui_choice_add(&c, "Locked"));
	c.label_w = 10;
	tui_ctl_place(&c.ctl, (struct tui_rect){4, 0, 3, 40});
	c.ctl.ops->draw(&c.ctl, w);
	wu_check(w, "choice.txt");
	wu_dump_reverse(w, rev, sizeof rev);
	wu_golden("choice_reverse.txt", rev);
	/* One value: nothing to change. */
	assert_int_equal(send(&c, ACT_CHOOSE, &idx), TUI_DONE);
	/* The cursor sits on the value. */
	assert_true(c.ctl.ops->cursor(&c.ctl, &y, &x));
	assert_int_equal(y, 5);
	assert_int_equal(x, 13);
	delwin(w);
	wu_stop();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_choice),
	};

	return cmocka_run_group_tests_name("choice", tests, NULL, NULL);
}
