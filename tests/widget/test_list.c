/* SPDX-License-Identifier: ISC */
/*
 * tui/list.c: checklist ticks by key and by tap (press and release on the
 * same row), quiz choices, Yes/No rows with nothing preselected, a tap on
 * "More below" showing the rest (a touch screen has no keys), and menu
 * rows (staff mode's learners) that open on Enter or a tap and pass the
 * page keys on.
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

static void
test_more_tap(void **state)
{
	struct tui_list l;
	bool ticked[4] = {false, false, false, false};
	int idx;

	(void)state;
	wu_start(24, 80, "xterm-256color");
	tui_list_init(&l, 1, TUI_LIST_CHECK);
	assert_true(tui_list_add(&l, "One", NULL));
	assert_true(tui_list_add(&l, "Two", NULL));
	assert_true(tui_list_add(&l, "Three", NULL));
	assert_true(tui_list_add(&l, "Four", NULL));
	tui_list_bind_ticks(&l, ticked);
	/* Two rows of three and a gap fit in 8; the last line says "More". */
	tui_ctl_place(&l.ctl, (struct tui_rect){0, 0, 8, 40});
	l.ctl.ops->draw(&l.ctl, stdscr);
	assert_int_equal(l.top, 0);
	/* Press on a row, release on "More": nothing. */
	send(&l, ACT_PRESS, 1, 10, &idx);
	assert_int_equal(send(&l, ACT_RELEASE, 7, 10, &idx), TUI_DONE);
	assert_int_equal(l.focus, 0);
	/* A tap on "More below" brings the next row into view, unticked. */
	send(&l, ACT_PRESS, 7, 10, &idx);
	assert_int_equal(send(&l, ACT_RELEASE, 7, 10, &idx), TUI_DONE);
	assert_int_equal(l.focus, 2);
	assert_true(l.top > 0);
	assert_false(ticked[2]);
	send(&l, ACT_PRESS, 7, 10, &idx);
	send(&l, ACT_RELEASE, 7, 10, &idx);
	assert_int_equal(l.focus, 3);
	/* At the end, "More above" goes back up. */
	send(&l, ACT_PRESS, 7, 10, &idx);
	send(&l, ACT_RELEASE, 7, 10, &idx);
	assert_true(l.focus < 3);
	assert_false(ticked[0] || ticked[1] || ticked[2] || ticked[3]);
	tui_list_clear(&l);
	wu_stop();
}

static void
test_menu(void **state)
{
	static char rev[8192];
	struct tui_list l;
	WINDOW *w;
	int idx;

	(void)state;
	wu_start(24, 80, "xterm-256color");
	w = newwin(12, 60, 0, 0);
	tui_list_init(&l, 1, TUI_LIST_MENU);
	assert_true(tui_list_add(&l, "HA-YP-001   Amira Khan   ha-young-people",
	    NULL));
	assert_true(tui_list_add(&l, "HA-YP-003   Chlo\u00e9 Dubois   "
	    "\xe7\x8e\x8b\xe5\xb0\x8f\xe6\x98\x8e \x1b[2J a row far too long to fit "
	    "in the list, which is cut, never wrapped", NULL));
	assert_true(tui_list_add(&l, "SS-003   Liam O'Neill", NULL));
	tui_ctl_place(&l.ctl, (struct tui_rect){0, 0, 12, 60});
	l.ctl.focused = true;
	/* Rows are three high however long the text: one line, cut. */
	assert_int_equal(send(&l, ACT_DOWN, 0, 0, &idx), TUI_DONE);
	l.ctl.ops->draw(&l.ctl, w);
	wu_check(w, "list_menu.txt");
	wu_dump_reverse(w, rev, sizeof rev);
	wu_golden("list_menu_reverse.txt", rev);
	/* Enter opens the focused row; Space too. */
	assert_int_equal(send(&l, ACT_CHOOSE, 0, 0, &idx), TUI_ACTIVATE);
	assert_int_equal(idx, 1);
	/* The page keys are the screen's. */
	assert_int_equal(send(&l, ACT_PAGE_DOWN, 0, 0, &idx), TUI_PASS);
	assert_int_equal(send(&l, ACT_PAGE_UP, 0, 0, &idx), TUI_PASS);
	/* A tap opens the row it began and ended on (y 8..10: the third). */
	send(&l, ACT_PRESS, 9, 20, &idx);
	assert_int_equal(send(&l, ACT_RELEASE, 9, 30, &idx), TUI_ACTIVATE);
	assert_int_equal(idx, 2);
	send(&l, ACT_PRESS, 1, 20, &idx);
	assert_int_equal(send(&l, ACT_RELEASE, 9, 30, &idx), TUI_DONE);
	/* Past the last row, Down passes on (the screen turns the page). */
	tui_list_set_focus(&l, 2);
	assert_int_equal(send(&l, ACT_DOWN, 0, 0, &idx), TUI_PASS);
	tui_list_set_focus(&l, 0);
	assert_int_equal(l.focus, 0);
	tui_list_clear(&l);
	delwin(w);
	wu_stop();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_checklist),
		cmocka_unit_test(test_yesno),
		cmocka_unit_test(test_radio),
		cmocka_unit_test(test_more_tap),
		cmocka_unit_test(test_menu),
	};

	return cmocka_run_group_tests_name("list", tests, NULL, NULL);
}
