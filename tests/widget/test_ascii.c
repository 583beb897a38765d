/* SPDX-License-Identifier: ISC */
/*
 * The ASCII fallback (a locale that is not UTF-8, e.g. TERM=vt100 with
 * LANG=C): boxes from the terminal's line-drawing set, "*" for bullets and
 * masked characters, "(*)" for a choice, and text transliterated.
 */
#include "widgetutil.h"

#include "tui/field.h"
#include "tui/list.h"
#include "tui/textview.h"

static void
test_ascii_widgets(void **state)
{
	struct tui_textview tv;
	struct tui_field f;
	struct tui_list l;
	bool ticked[2] = {true, false};
	signed char yn[1] = {1};
	char pin[8] = "1234";
	WINDOW *w;

	(void)state;
	wu_start(24, 80, "vt100");
	tui_text_set_ascii(true);
	w = newwin(16, 60, 0, 0);
	tui_textview_init(&tv, 1);
	tui_textview_add(&tv, TUI_BLOCK_HEADING, "\xe2\x80\x9cRules\xe2\x80\x9d");
	tui_textview_add(&tv, TUI_BLOCK_BULLET, "Caf\xc3\xa9 \xe2\x80\x93 be kind");
	tui_ctl_place(&tv.ctl, (struct tui_rect){0, 0, 3, 40});
	tv.ctl.ops->draw(&tv.ctl, w);
	tui_field_init(&f, 2, "PIN", pin, sizeof pin, TUI_FIELD_MASK);
	tui_ctl_place(&f.ctl, (struct tui_rect){3, 0, 3, 30});
	f.ctl.ops->draw(&f.ctl, w);
	tui_list_init(&l, 3, TUI_LIST_CHECK);
	tui_list_add(&l, "Ticked", NULL);
	tui_list_add(&l, "Not yet", NULL);
	tui_list_bind_ticks(&l, ticked);
	tui_ctl_place(&l.ctl, (struct tui_rect){6, 0, 7, 40});
	l.ctl.ops->draw(&l.ctl, w);
	tui_list_clear(&l);
	tui_list_init(&l, 4, TUI_LIST_YESNO);
	tui_list_add(&l, "Website", NULL);
	tui_list_bind_yesno(&l, yn);
	tui_ctl_place(&l.ctl, (struct tui_rect){13, 0, 3, 60});
	l.ctl.ops->draw(&l.ctl, w);
	wu_check(w, "ascii_widgets.txt");
	tui_list_clear(&l);
	tui_textview_clear(&tv);
	tui_text_set_ascii(false);
	delwin(w);
	wu_stop();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ascii_widgets),
	};

	return cmocka_run_group_tests_name("ascii", tests, NULL, NULL);
}
