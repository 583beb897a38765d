/* SPDX-License-Identifier: ISC */
/*
 * bare_curses: the least a curses program does to paint a screen
 * (initscr, one line, refresh), then waits to be ended. The floor under
 * the first-paint figures of `make bench`.
 */
#include <curses.h>
#include <locale.h>

int
main(void)
{
	setlocale(LC_ALL, "");
	initscr();
	mvaddstr(1, 2, "bare curses");
	refresh();
	getch();
	endwin();
	return 0;
}
