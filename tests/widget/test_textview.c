/* SPDX-License-Identifier: ISC */
/*
 * tui/textview.c: wrapping with headings, bullets, wide (CJK) and
 * combining characters; a page down; the end being seen; and keeping the
 * place across a resize.
 */
#include "widgetutil.h"

#include "tui/textview.h"

static struct tui_textview tv;

static void
fill(void)
{
	tui_textview_init(&tv, 1);
	assert_true(tui_textview_add(&tv, TUI_BLOCK_HEADING, "When learning online"));
	assert_true(tui_textview_add(&tv, TUI_BLOCK_PARA,
	    "I will be kind to others. Caf\xc3\xa9 and nai\xcc\x88ve have "
	    "accents; \xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xe3\x81\xae"
	    "\xe6\x96\x87\xe7\xab\xa0\xe3\x82\x82\xe6\xad\xa3\xe3\x81\x97"
	    "\xe3\x81\x8f\xe6\x8a\x98\xe3\x82\x8a\xe8\xbf\x94\xe3\x81\x99."));
	assert_true(tui_textview_add(&tv, TUI_BLOCK_BULLET,
	    "I will not share my password with anyone at all."));
	assert_true(tui_textview_add(&tv, TUI_BLOCK_BULLET, "I will log off."));
	assert_true(tui_textview_add(&tv, TUI_BLOCK_PARA,
	    "If something online upsets me, I will tell a member of staff."));
	assert_true(tui_textview_add(&tv, TUI_BLOCK_PARA,
	    "Escape \033[2J stays harmless."));
}

static void
draw(WINDOW *w)
{
	tv.ctl.ops->draw(&tv.ctl, w);
}

static void
test_pages(void **state)
{
	struct tui_event ev = {.action = ACT_PAGE_DOWN};
	WINDOW *w;
	int page, pages, idx;

	(void)state;
	wu_start(24, 80, "xterm-256color");
	w = newwin(8, 24, 0, 0);
	fill();
	tui_ctl_place(&tv.ctl, (struct tui_rect){0, 0, 8, 24});
	tui_textview_page(&tv, &page, &pages);
	assert_int_equal(page, 1);
	assert_true(pages >= 3);
	assert_false(tui_textview_end_seen(&tv));
	draw(w);
	wu_check(w, "textview_page1.txt");
	assert_int_equal(tv.ctl.ops->event(&tv.ctl, &ev, &idx), TUI_CHANGE);
	tui_textview_page(&tv, &page, &pages);
	assert_int_equal(page, 2);
	werase(w);
	draw(w);
	wu_check(w, "textview_page2.txt");
	/* To the end: End, then the end counts as seen for good. */
	ev.action = ACT_END;
	assert_int_equal(tv.ctl.ops->event(&tv.ctl, &ev, &idx), TUI_CHANGE);
	assert_true(tui_textview_end_seen(&tv));
	tui_textview_page(&tv, &page, &pages);
	assert_int_equal(page, pages);
	ev.action = ACT_HOME;
	tv.ctl.ops->event(&tv.ctl, &ev, &idx);
	assert_true(tui_textview_end_seen(&tv));
	/* At the top, Up passes on (focus may move), Down scrolls. */
	ev.action = ACT_UP;
	assert_int_equal(tv.ctl.ops->event(&tv.ctl, &ev, &idx), TUI_PASS);
	ev.action = ACT_DOWN;
	assert_int_equal(tv.ctl.ops->event(&tv.ctl, &ev, &idx), TUI_CHANGE);
	tui_textview_clear(&tv);
	delwin(w);
	wu_stop();
}

static void
test_resize_keeps_place(void **state)
{
	struct tui_event ev = {.action = ACT_PAGE_DOWN};
	const struct tui_tv_line *l;
	size_t block, off;
	int idx;

	(void)state;
	wu_start(24, 80, "xterm-256color");
	fill();
	tui_ctl_place(&tv.ctl, (struct tui_rect){0, 0, 6, 24});
	tv.ctl.ops->event(&tv.ctl, &ev, &idx);
	l = &tv.lines[tv.top];
	assert_true(l->block != (size_t)-1);
	block = l->block;
	off = l->off;
	/* Wider: fewer lines, the same text still at the top. */
	tui_ctl_place(&tv.ctl, (struct tui_rect){0, 0, 6, 60});
	draw(stdscr);
	l = &tv.lines[tv.top];
	assert_int_equal(l->block, block);
	assert_true(l->off <= off && off < l->off + l->len + 1);
	/* Short enough to fit: the end is seen at once. */
	tui_textview_clear(&tv);
	assert_true(tui_textview_add(&tv, TUI_BLOCK_PARA, "Short."));
	assert_true(tui_textview_end_seen(&tv));
	tui_textview_clear(&tv);
	wu_stop();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pages),
		cmocka_unit_test(test_resize_keeps_place),
	};

	return cmocka_run_group_tests_name("textview", tests, NULL, NULL);
}
