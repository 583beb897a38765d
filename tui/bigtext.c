/* SPDX-License-Identifier: ISC */
/*
 * Large letters (see bigtext.h): a 5 by 5 block font, a column between
 * letters, centred in the rect.
 */
#include "bigtext.h"

#include <stdio.h>
#include <string.h>

#include "widget.h"

#define GLYPH_W 5
#define GLYPH_H 5
#define STEP (GLYPH_W + 1)

struct glyph {
	char c;
	const char *row[GLYPH_H];
};

static const struct glyph font[] = {
	{'A', {" ### ", "#   #", "#####", "#   #", "#   #"}},
	{'B', {"#### ", "#   #", "#### ", "#   #", "#### "}},
	{'C', {" ####", "#    ", "#    ", "#    ", " ####"}},
	{'D', {"#### ", "#   #", "#   #", "#   #", "#### "}},
	{'E', {"#####", "#    ", "#### ", "#    ", "#####"}},
	{'F', {"#####", "#    ", "#### ", "#    ", "#    "}},
	{'G', {" ####", "#    ", "#  ##", "#   #", " ####"}},
	{'H', {"#   #", "#   #", "#####", "#   #", "#   #"}},
	{'I', {"#####", "  #  ", "  #  ", "  #  ", "#####"}},
	{'J', {"#####", "   # ", "   # ", "#  # ", " ##  "}},
	{'K', {"#   #", "#  # ", "###  ", "#  # ", "#   #"}},
	{'L', {"#    ", "#    ", "#    ", "#    ", "#####"}},
	{'M', {"#   #", "## ##", "# # #", "#   #", "#   #"}},
	{'N', {"#   #", "##  #", "# # #", "#  ##", "#   #"}},
	{'O', {" ### ", "#   #", "#   #", "#   #", " ### "}},
	{'P', {"#### ", "#   #", "#### ", "#    ", "#    "}},
	{'Q', {" ### ", "#   #", "# # #", "#  # ", " ## #"}},
	{'R', {"#### ", "#   #", "#### ", "#  # ", "#   #"}},
	{'S', {" ####", "#    ", " ### ", "    #", "#### "}},
	{'T', {"#####", "  #  ", "  #  ", "  #  ", "  #  "}},
	{'U', {"#   #", "#   #", "#   #", "#   #", " ### "}},
	{'V', {"#   #", "#   #", "#   #", " # # ", "  #  "}},
	{'W', {"#   #", "#   #", "# # #", "## ##", "#   #"}},
	{'X', {"#   #", " # # ", "  #  ", " # # ", "#   #"}},
	{'Y', {"#   #", " # # ", "  #  ", "  #  ", "  #  "}},
	{'Z', {"#####", "   # ", "  #  ", " #   ", "#####"}},
	{'0', {" ### ", "#  ##", "# # #", "##  #", " ### "}},
	{'1', {"  #  ", " ##  ", "  #  ", "  #  ", " ### "}},
	{'2', {" ### ", "#   #", "  ## ", " #   ", "#####"}},
	{'3', {"#### ", "    #", " ### ", "    #", "#### "}},
	{'4', {"#   #", "#   #", "#####", "    #", "    #"}},
	{'5', {"#####", "#    ", "#### ", "    #", "#### "}},
	{'6', {" ### ", "#    ", "#### ", "#   #", " ### "}},
	{'7', {"#####", "    #", "   # ", "  #  ", "  #  "}},
	{'8', {" ### ", "#   #", " ### ", "#   #", " ### "}},
	{'9', {" ### ", "#   #", " ####", "    #", " ### "}},
	{'-', {"     ", "     ", " ### ", "     ", "     "}},
	{' ', {"     ", "     ", "     ", "     ", "     "}},
};

static const struct glyph *
glyph_of(char c)
{
	size_t i;

	if (c >= 'a' && c <= 'z')
		c = (char)(c - 'a' + 'A');
	for (i = 0; i < sizeof font / sizeof font[0]; i++)
		if (font[i].c == c)
			return &font[i];
	return NULL;
}

static bool
drawable(const char *text)
{
	for (; *text; text++)
		if (!glyph_of(*text))
			return false;
	return true;
}

int
tui_bigtext_width(const char *text)
{
	size_t n = strlen(text);

	return n ? (int)n * STEP - 1 : 0;
}

static void
bigtext_draw(struct tui_ctl *c, WINDOW *w)
{
	struct tui_bigtext *b = (struct tui_bigtext *)c;
	struct tui_rect r = c->rect;
	int bw = tui_bigtext_width(b->text), x0, y, i, pw;
	const char *block = tui_text_ascii() ? "#" : "\u2588";
	const struct glyph *g;
	size_t k;

	tui_set_role(w, TUI_ROLE_BODY);
	tui_fill(w, r);
	tui_set_role(w, TUI_ROLE_CODE);
	if (drawable(b->text) && bw <= r.w && r.h >= TUI_BIGTEXT_ROWS) {
		x0 = r.x + (r.w - bw) / 2;
		for (y = 0; y < GLYPH_H; y++) {
			for (k = 0; b->text[k]; k++) {
				g = glyph_of(b->text[k]);
				for (i = 0; i < GLYPH_W; i++)
					if (g->row[y][i] == '#')
						tui_puts(w, r.y + y,
						    x0 + (int)k * STEP + i, block, 1);
			}
		}
	}
	pw = tui_text_width(b->plain, strlen(b->plain));
	tui_puts(w, r.y + (r.h >= TUI_BIGTEXT_ROWS ? GLYPH_H + 1 : r.h / 2),
	    r.x + (pw < r.w ? (r.w - pw) / 2 : 0), b->plain, r.w);
}

static const struct tui_ctl_ops bigtext_ops = {
	.draw = bigtext_draw,
};

void
tui_bigtext_init(struct tui_bigtext *b, const char *text,
    const char *plain_prefix)
{
	memset(b, 0, sizeof *b);
	b->ctl.ops = &bigtext_ops;
	b->ctl.dirty = true;
	tui_sanitize(b->text, sizeof b->text, text, strlen(text), false);
	snprintf(b->plain, sizeof b->plain, "%s%s",
	    plain_prefix ? plain_prefix : "", b->text);
}

void
tui_bigtext_clear(struct tui_bigtext *b)
{
	explicit_bzero(b->text, sizeof b->text);
	explicit_bzero(b->plain, sizeof b->plain);
	b->ctl.dirty = true;
}
