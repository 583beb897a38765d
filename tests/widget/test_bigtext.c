/* SPDX-License-Identifier: ISC */
/*
 * tui/bigtext.c: an activation code in large letters with the plain text
 * under it; "#" blocks without UTF-8; only the plain text when the rect
 * is too narrow or a character has no large form; wiped on clear.
 */
#include "widgetutil.h"

#include "tui/bigtext.h"

static void
test_big(void **state)
{
	struct tui_bigtext b;
	WINDOW *w;

	(void)state;
	wu_start(24, 80, "xterm-256color");
	w = newwin(TUI_BIGTEXT_ROWS, 60, 0, 0);
	tui_bigtext_init(&b, "KDJ6-TU34", "Code: ");
	assert_int_equal(tui_bigtext_width("KDJ6-TU34"), 53);
	tui_ctl_place(&b.ctl, (struct tui_rect){0, 0, TUI_BIGTEXT_ROWS, 60});
	b.ctl.ops->draw(&b.ctl, w);
	wu_check(w, "bigtext_code.txt");
	/* ASCII: blocks become #. */
	tui_text_set_ascii(true);
	werase(w);
	b.ctl.ops->draw(&b.ctl, w);
	wu_check(w, "bigtext_ascii.txt");
	tui_text_set_ascii(false);
	/* Too narrow: the plain text only. */
	werase(w);
	tui_ctl_place(&b.ctl, (struct tui_rect){0, 0, TUI_BIGTEXT_ROWS, 40});
	b.ctl.ops->draw(&b.ctl, w);
	wu_check(w, "bigtext_narrow.txt");
	/* Wiped. */
	tui_bigtext_clear(&b);
	assert_int_equal(b.text[0], 0);
	assert_int_equal(b.plain[0], 0);
	assert_null(memchr(b.text, 'K', sizeof b.text));
	delwin(w);
	wu_stop();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_big),
	};

	return cmocka_run_group_tests_name("bigtext", tests, NULL, NULL);
}
