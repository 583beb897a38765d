/* SPDX-License-Identifier: ISC */
/*
 * tui/form.c and tui/frame.c: a whole learner screen at 80x24, focus by
 * keys and taps, a focus move sending only a small update to the terminal,
 * an idle screen sending nothing, a dialog, the small-terminal message,
 * and the staff frame (Lock in place of the learner's help buttons, and
 * first in the footer so it is never the key left out).
 */
#include "widgetutil.h"

#include "tui/dialog.h"
#include "tui/form.h"
#include "tui/frame.h"
#include "tui/list.h"
#include "tui/term.h"

struct screen {
	struct tui_form form;
	struct tui_frame frame;
	struct tui_list list;
	bool ticked[4];
};

static struct screen s;

static void
build(void)
{
	memset(&s, 0, sizeof s);
	tui_form_init(&s.form);
	tui_frame_init(&s.frame, "Induction: Side by Side modules",
	    "Next", TUI_FRAME_DECLINE);
	tui_list_init(&s.list, 1, TUI_LIST_CHECK);
	tui_list_add(&s.list, "Online Safety", NULL);
	tui_list_add(&s.list, "What can you trust?", NULL);
	tui_list_add(&s.list, "British Values", NULL);
	tui_list_add(&s.list, "Radicalisation and Extremism", NULL);
	tui_list_bind_ticks(&s.list, s.ticked);
	tui_form_add(&s.form, &s.list.ctl);
	tui_frame_add(&s.frame, &s.form);
	tui_frame_layout(&s.frame, LINES, COLS);
	tui_ctl_place(&s.list.ctl, s.frame.body);
	tui_frame_set_title(&s.frame, "Induction: Side by Side modules",
	    "Step 2 of 6");
	tui_frame_set_status(&s.frame, "Tick each module you have done.",
	    TUI_ROLE_NOTE);
	tui_form_focus(&s.form, &s.list.ctl);
}

static struct tui_outcome
send(enum tui_action act, int y, int x)
{
	struct tui_event ev = {.action = act, .y = y, .x = x};

	return tui_form_event(&s.form, &ev);
}

static void
paint(void)
{
	tui_form_paint(&s.form);
	tui_present();
}

static void
test_learner_frame(void **state)
{
	struct tui_outcome o;
	long before, after, full;
	int y, x;

	(void)state;
	wu_start(24, 80, "xterm-256color");
	build();
	paint();
	wu_check(stdscr, "form_checklist_80x24.txt");
	/* The hardware cursor is on the focused row's box. */
	getyx(curscr, y, x);
	assert_int_equal(y, 3);
	assert_int_equal(x, 5);
	full = wu_bytes();

	/* Nothing changed: nothing is sent. */
	before = wu_bytes();
	paint();
	assert_int_equal(wu_bytes(), before);

	/* A focus move: a small update, not a repaint. */
	o = send(ACT_DOWN, 0, 0);
	assert_int_equal(o.res, TUI_DONE);
	before = wu_bytes();
	paint();
	after = wu_bytes();
	assert_true(after > before);
	assert_true(after - before < 200);
	assert_true(after - before < full / 10);

	/* A tick: small too. */
	o = send(ACT_SPACE, 0, 0);
	assert_int_equal(o.res, TUI_CHANGE);
	assert_int_equal(o.id, 1);
	assert_true(s.ticked[1]);
	before = wu_bytes();
	paint();
	assert_true(wu_bytes() - before < 60);

	/* Tab from the list's last row leaves it for the buttons. */
	send(ACT_END, 0, 0);
	o = send(ACT_NEXT_FOCUS, 0, 0);
	assert_ptr_equal(tui_form_focused(&s.form), &s.frame.decline.ctl);
	send(ACT_NEXT_FOCUS, 0, 0);
	assert_ptr_equal(tui_form_focused(&s.form), &s.frame.nav[0].ctl);
	/* Right along the bottom row. */
	send(ACT_RIGHT, 0, 0);
	assert_ptr_equal(tui_form_focused(&s.form), &s.frame.nav[1].ctl);
	o = send(ACT_CHOOSE, 0, 0);
	assert_int_equal(o.res, TUI_ACTIVATE);
	assert_int_equal(o.id, TUI_ID_NEXT);
	paint();
	wu_check(stdscr, "form_next_focused_80x24.txt");

	/* A tap: press and release inside the Ask staff button. */
	y = s.frame.nav[5].ctl.rect.y + 1;
	x = s.frame.nav[5].ctl.rect.x + 2;
	o = send(ACT_PRESS, y, x);
	assert_int_equal(o.res, TUI_DONE);
	o = send(ACT_RELEASE, y, x + 3);
	assert_int_equal(o.res, TUI_ACTIVATE);
	assert_int_equal(o.id, TUI_ID_ASK);
	/* Pressed on one button, released on another: nothing. */
	send(ACT_PRESS, y, x);
	o = send(ACT_RELEASE, y, s.frame.nav[4].ctl.rect.x + 1);
	assert_int_equal(o.res, TUI_DONE);
	tui_list_clear(&s.list);
	wu_stop();
}

static void
test_dialog(void **state)
{
	struct tui_dialog d;
	struct tui_outcome o;

	(void)state;
	wu_start(24, 80, "xterm-256color");
	build();
	paint();
	tui_dialog_init(&d, 42, "I do not agree",
	    "Are you sure? Staff will talk to you about this.",
	    "Yes, I do not agree", "No, go back");
	tui_form_open(&s.form, &d);
	paint();
	wu_check(stdscr, "form_dialog_80x24.txt");
	/* Keys go to the dialog; Esc is the safe answer, the second. */
	o = send(ACT_DOWN, 0, 0);
	assert_int_equal(o.res, TUI_DONE);
	assert_false(s.ticked[1]);
	o = send(ACT_BACK, 0, 0);
	assert_int_equal(o.res, TUI_ACTIVATE);
	assert_int_equal(o.id, 42);
	assert_int_equal(o.index, 1);
	tui_form_close(&s.form);
	paint();
	wu_check(stdscr, "form_checklist_80x24.txt");
	tui_list_clear(&s.list);
	wu_stop();
}

static void
test_wide_frame(void **state)
{
	(void)state;
	wu_start(43, 132, "xterm-256color");
	build();
	paint();
	wu_check(stdscr, "form_checklist_132x43.txt");
	tui_list_clear(&s.list);
	wu_stop();
}

static void
test_staff_frame(void **state)
{
	struct tui_form form;
	struct tui_frame fr;
	struct tui_outcome o;
	struct tui_event ev = {0};
	char footer[256];
	int y, x;

	(void)state;
	wu_start(24, 80, "xterm-256color");
	tui_form_init(&form);
	tui_frame_init(&fr, "Learners", "Filters", TUI_FRAME_STAFF);
	tui_frame_add(&fr, &form);
	tui_frame_set_title(&fr, "Learners", "tutor, tutor");
	tui_frame_set_keys(&fr, TUI_KEY(ACT_PAGE_DOWN) | TUI_KEY(ACT_PAGE_UP),
	    NULL);
	tui_frame_layout(&fr, LINES, COLS);
	tui_form_focus(&form, &fr.nav[1].ctl);
	tui_form_paint(&form);
	tui_present();
	wu_check(stdscr, "form_staff_80x24.txt");
	/* None of the learner's help buttons; Lock at the right. */
	for (x = 2; x < TUI_FRAME_NAV; x++)
		assert_true(fr.nav[x].ctl.hidden);
	assert_false(fr.lock.ctl.hidden);
	assert_int_equal(fr.lock.ctl.rect.x + fr.lock.ctl.rect.w, 79);
	tui_footer_text(&fr.footer, 78, footer, sizeof footer);
	assert_int_equal(strncmp(footer, "Ctrl-L: lock", 12), 0);
	assert_null(strstr(footer, "F2"));
	/* Tab reaches Lock; a tap on it activates it. */
	ev.action = ACT_NEXT_FOCUS;
	tui_form_event(&form, &ev);
	assert_ptr_equal(tui_form_focused(&form), &fr.lock.ctl);
	y = fr.lock.ctl.rect.y + 1;
	x = fr.lock.ctl.rect.x + 3;
	ev = (struct tui_event){.action = ACT_PRESS, .y = y, .x = x};
	tui_form_event(&form, &ev);
	ev.action = ACT_RELEASE;
	o = tui_form_event(&form, &ev);
	assert_int_equal(o.res, TUI_ACTIVATE);
	assert_int_equal(o.id, TUI_ID_LOCK);
	/* Not signed in yet (the sign-in screen): no Lock, no lock key. */
	tui_form_init(&form);
	tui_frame_init(&fr, "Staff sign-in", "Sign in",
	    TUI_FRAME_STAFF | TUI_FRAME_NO_LOCK);
	tui_frame_add(&fr, &form);
	tui_frame_set_keys(&fr, 0, NULL);
	tui_frame_layout(&fr, LINES, COLS);
	assert_true(fr.lock.ctl.hidden);
	tui_footer_text(&fr.footer, 78, footer, sizeof footer);
	assert_null(strstr(footer, "lock"));
	/* Without a primary, its cell stays empty and Tab skips it. */
	tui_form_init(&form);
	tui_frame_init(&fr, "Staff", "", TUI_FRAME_STAFF | TUI_FRAME_NO_BACK |
	    TUI_FRAME_NO_PRIMARY);
	tui_frame_add(&fr, &form);
	tui_frame_layout(&fr, LINES, COLS);
	tui_form_focus_step(&form, 1);
	assert_ptr_equal(tui_form_focused(&form), &fr.lock.ctl);
	wu_stop();
}

static void
test_too_small(void **state)
{
	(void)state;
	wu_start(20, 60, "vt100");
	assert_true(tui_too_small());
	tui_draw_too_small();
	tui_present();
	wu_check(stdscr, "too_small_60x20.txt");
	wu_stop();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_learner_frame),
		cmocka_unit_test(test_dialog),
		cmocka_unit_test(test_wide_frame),
		cmocka_unit_test(test_staff_frame),
		cmocka_unit_test(test_too_small),
	};

	return cmocka_run_group_tests_name("form", tests, NULL, NULL);
}
