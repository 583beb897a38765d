/* SPDX-License-Identifier: ISC */
/*
 * tui/barchart.c: bars in block characters with eighths of a cell, the
 * ASCII fallback, the percentage and count always written out, labels
 * sanitised and lined up, "and N more" when rows run out, a progress bar
 * moving, and Read to me in words.
 */
#include "widgetutil.h"

#include "tui/barchart.h"

static void
fill(struct tui_barchart *c)
{
	tui_barchart_init(c, "Completion by group", "learners");
	tui_barchart_add(c, "HA young people", 3, 4);
	tui_barchart_add(c, "HA adult", 1, 3);
	tui_barchart_add(c, "S&S secure", 0, 3);
	tui_barchart_add(c, "Empty", 0, 0);
	tui_barchart_add(c, "All \xe6\x97\xa5\x1b[31m", 10, 10);
}

static void
test_unicode(void **state)
{
	struct tui_barchart c;
	WINDOW *w;

	(void)state;
	wu_start(24, 80, "xterm-256color");
	w = newwin(8, 70, 0, 0);
	fill(&c);
	assert_int_equal(tui_barchart_rows(&c), 6);
	tui_ctl_place(&c.ctl, (struct tui_rect){0, 0, 6, 70});
	c.ctl.ops->draw(&c.ctl, w);
	wu_check(w, "barchart_unicode.txt");
	delwin(w);
	wu_stop();
}

static void
test_ascii_and_more(void **state)
{
	struct tui_barchart c;
	WINDOW *w;

	(void)state;
	wu_start(24, 80, "vt100");
	tui_text_set_ascii(true);
	w = newwin(5, 60, 0, 0);
	fill(&c);
	/* Four rows for a title and five bars: two bars, then "and 3 more". */
	tui_ctl_place(&c.ctl, (struct tui_rect){0, 0, 4, 60});
	c.ctl.ops->draw(&c.ctl, w);
	wu_check(w, "barchart_ascii.txt");
	tui_text_set_ascii(false);
	delwin(w);
	wu_stop();
}

static void
test_progress(void **state)
{
	struct tui_barchart c;
	struct tui_say *s = calloc(1, sizeof *s);

	(void)state;
	assert_non_null(s);
	assert_int_equal(tui_bar_percent(0, 0), 0);
	assert_int_equal(tui_bar_percent(1, 3), 33);
	assert_int_equal(tui_bar_percent(5, 3), 100);
	tui_barchart_init(&c, "", NULL);
	tui_barchart_add(&c, "Verified", 0, 1000);
	c.ctl.dirty = false;
	tui_barchart_set(&c, 0, 0, 1000);
	assert_false(c.ctl.dirty);	/* nothing changed: nothing to paint */
	tui_barchart_set(&c, 0, 400, 1000);
	assert_true(c.ctl.dirty);
	tui_say_init(s);
	c.ctl.ops->page(&c.ctl, s);
	assert_non_null(strstr(s->buf, "Verified: 40 percent, 400 of 1000"));
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unicode),
		cmocka_unit_test(test_ascii_and_more),
		cmocka_unit_test(test_progress),
	};

	return cmocka_run_group_tests_name("barchart", tests, NULL, NULL);
}
