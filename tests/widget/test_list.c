/* SPDX-License-Identifier: ISC */
/*
 * tui/list.c: checklist ticks by key and by tap (press and release on the
 * same row), quiz choices, and Yes/No rows with nothing preselected.
 */
#include "widgetutil.h"

#include "tui/list.h"

static enum tui_res
send(struct tui_list *l, enum tui_action act, int y, int x, int *idx)
{
	struct tui_event ev = {.action = act, .y = y, .x = x};

	return l->ctl.ops->event(&l->ctl, &ev, idx);
}

static void
test_checklist(void **state)
{
	struct tui_list l;
	bool ticked[3] = {false, false, false};
	WINDOW *w;
	int idx;

	(void)state;
	wu_start(24, 80, "xterm-256color");
	w = newwin(12, 40, 0, 0);
	tui_list_init(&l, 1, TUI_LIST_CHECK);
	assert_true(tui_list_add(&l, "Online Safety", NULL));
	assert_true(tui_list_add(&l, "What can you trust?", NULL));
	assert_true(tui_list_add(&l,
	    "Radicalisation and Extremism, a longer item that wraps", NULL));
	tui_list_bind_ticks(&l, ticked);
	tui_ctl_place(&l.ctl, (struct tui_rect){0, 0, 12, 40});
	l.ctl.focused = true;
	/* Space ticks the focused row; Down moves; past the end passes on. */
	assert_int_equal(send(&l, ACT_SPACE, 0, 0, &idx), TUI_CHANGE);
	assert_true(ticked[0]);
	assert_int_equal(send(&l, ACT_DOWN, 0, 0, &idx), TUI_DONE);
	assert_int_equal(send(&l, ACT_DOWN, 0, 0, &idx), TUI_DONE);
	assert_int_equal(send(&l, ACT_DOWN, 0, 0, &idx), TUI_PASS);
	/* A tap on row 2 (y 4..6): press and release inside it ticks. */
	assert_int_equal(send(&l, ACT_PRESS, 5, 10, &idx), TUI_DONE);
	assert_int_equal(send(&l, ACT_RELEASE, 5, 20, &idx), TUI_CHANGE);
	assert_int_equal(idx, 1);
	assert_true(ticked[1]);
	/* Press on one row, release on another: nothing. */
	send(&l, ACT_PRESS, 1, 10, &idx);
	assert_int_equal(send(&l, ACT_RELEASE, 5, 10, &idx), TUI_DONE);
	assert_true(ticked[0] && ticked[1] && !ticked[2]);
	l.ctl.ops->draw(&l.ctl, w);
	wu_check(w, "list_checklist.txt");
	/* The ticks are the caller's: a new list over them shows them. */
	tui_list_clear(&l);
	assert_true(ticked[0] && ticked[1]);
	delwin(w);
	wu_stop();
}

static void
test_yesno(void **state)
{
	struct tui_list l;
	signed char v[2] = {-1, -1};
	WINDOW *w;
	int idx;

	(void)state;
	wu_start(24, 80, "xterm-256color");
	w = newwin(7, 60, 0, 0);
	tui_list_init(&l, 1, TUI_LIST_YESNO);
	assert_true(tui_list_add(&l, "HCC website", NULL));
	assert_true(tui_list_add(&l, "Portfolio evidence",
	    "Needs Yes to complete your portfolio."));
	tui_list_bind_yesno(&l, v);
	tui_ctl_place(&l.ctl, (struct tui_rect){0, 0, 7, 60});
	l.ctl.focused = true;
	l.ctl.ops->draw(&l.ctl, w);
	wu_check(w, "list_yesno_unset.txt");
	/* Right moves to No, Enter chooses it; Tab goes on to the next Yes. */
	assert_int_equal(send(&l, ACT_RIGHT, 0, 0, &idx), TUI_DONE);
	assert_int_equal(send(&l, ACT_CHOOSE, 0, 0, &idx), TUI_CHANGE);
	assert_int_equal(v[0], 0);
	assert_int_equal(send(&l, ACT_NEXT_FOCUS, 0, 0, &idx), TUI_DONE);
	assert_int_equal(l.focus, 1);
	assert_int_equal(l.sub, 0);
	/* A tap on the second row's Yes box (x 34..46, y 4..6). */
	send(&l, ACT_PRESS, 5, 36, &idx);
	assert_int_equal(send(&l, ACT_RELEASE, 5, 40, &idx), TUI_CHANGE);
	assert_int_equal(v[1], 1);
	werase(w);
	l.ctl.ops->draw(&l.ctl, w);
	wu_check(w, "list_yesno_set.txt");
	tui_list_clear(&l);
	delwin(w);
	wu_stop();
}

static void
test_radio(void **state)
{
	struct tui_list l;
	int chosen = -1, idx;

	(void)state;
	tui_list_init(&l, 1, TUI_LIST_RADIO);
	assert_true(tui_list_add(&l, "Tell a member of staff", NULL));
	assert_true(tui_list_add(&l, "Keep it to myself", NULL));
	tui_list_bind_choice(&l, &chosen);
	tui_ctl_place(&l.ctl, (struct tui_rect){0, 0, 10, 40});
	assert_int_equal(send(&l, ACT_DOWN, 0, 0, &idx), TUI_DONE);
	assert_int_equal(send(&l, ACT_CHOOSE, 0, 0, &idx), TUI_CHANGE);
	assert_int_equal(chosen, 1);
	assert_int_equal(idx, 1);
	tui_list_clear(&l);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_checklist),
		cmocka_unit_test(test_yesno),
		cmocka_unit_test(test_radio),
	};

	return cmocka_run_group_tests_name("list", tests, NULL, NULL);
}
