/* SPDX-License-Identifier: ISC */
/*
 * Contrast of every colour pair every theme uses (SPEC 11a): at least
 * 4.5:1 (WCAG 2 relative luminance), no red or blue text on black, no
 * white on red, and focus in reverse video.
 *
 * Each theme is applied for real (tui_theme_init on a colour terminal) and
 * each role's colours and attributes are read back from curses, so the
 * test sees what the screens get. What a terminal then shows is worked out
 * the way each terminal does it, because bold and reverse change colours:
 *
 *   linux    the kernel's 16 VGA colours (drivers/tty/vt: default_red[]
 *            ...); default grey on black; build_attr(): underline shows
 *            as cyan, reverse swaps the low three bits of foreground and
 *            background (the bright bits stay put), and bold then turns
 *            the foreground's bright bit over. Backgrounds are 0-7.
 *   xterm    xterm's 16 ANSI colours (XTerm-col.ad); default black on
 *            white; boldColors (the default) makes a bold foreground of
 *            0-7 the bright 8-15 (setExtendedFG), then reverse swaps.
 *   xterm-nobright  the same palette where bold is only a font (VTE and
 *            others, or xterm with boldColors off).
 *
 * Besides the role table, widgets add attributes of their own; those
 * pairs are listed in `extras` below and must be kept in step with the
 * widgets (grep tui_set_role_attr).
 */
#include "widgetutil.h"

#define MIN_RATIO 4.5

struct rgb {
	int r, g, b;
};

/* ANSI order: black red green yellow blue magenta cyan white, then bright. */
static const struct rgb linux_palette[16] = {
	{0, 0, 0}, {170, 0, 0}, {0, 170, 0}, {170, 85, 0},
	{0, 0, 170}, {170, 0, 170}, {0, 170, 170}, {170, 170, 170},
	{85, 85, 85}, {255, 85, 85}, {85, 255, 85}, {255, 255, 85},
	{85, 85, 255}, {255, 85, 255}, {85, 255, 255}, {255, 255, 255},
};

static const struct rgb xterm_palette[16] = {
	{0, 0, 0}, {205, 0, 0}, {0, 205, 0}, {205, 205, 0},
	{0, 0, 238}, {205, 0, 205}, {0, 205, 205}, {229, 229, 229},
	{127, 127, 127}, {255, 0, 0}, {0, 255, 0}, {255, 255, 0},
	{92, 92, 255}, {255, 0, 255}, {0, 255, 255}, {255, 255, 255},
};

enum bold_rule {
	BOLD_CONSOLE,	/* after reverse, the shown foreground's bright bit flips */
	BOLD_XTERM,	/* before reverse, an explicit 0-7 foreground becomes 8-15 */
	BOLD_FONT,	/* colours unchanged */
};

struct terminal {
	const char *name;
	const struct rgb *palette;
	int def_fg, def_bg;	/* palette entries of the default colours */
	enum bold_rule bold;
	bool underline_cyan;	/* the console shows underline as a colour */
};

static const struct terminal terminals[] = {
	{"linux", linux_palette, 7, 0, BOLD_CONSOLE, true},
	{"xterm", xterm_palette, 0, 15, BOLD_XTERM, false},
	{"xterm-nobright", xterm_palette, 0, 15, BOLD_FONT, false},
};

/* What a widget draws on top of its role (tui_set_role_attr). */
static const struct {
	enum tui_role role;
	attr_t extra;
	const char *where;
} extras[] = {
	{TUI_ROLE_DIALOG, A_BOLD, "dialog.c (its title)"},
	{TUI_ROLE_BUTTON, A_BOLD, "list.c (a chosen Yes or No)"},
};

static const char *const themes[] = {"default", "high-contrast", "mono"};

static const char *const role_names[TUI_ROLE_COUNT] = {
	[TUI_ROLE_BODY] = "body", [TUI_ROLE_TITLE] = "title",
	[TUI_ROLE_HEADING] = "heading", [TUI_ROLE_BUTTON] = "button",
	[TUI_ROLE_FOCUS] = "focus", [TUI_ROLE_ERROR] = "error",
	[TUI_ROLE_NOTE] = "note", [TUI_ROLE_FOOTER] = "footer",
	[TUI_ROLE_DIALOG] = "dialog", [TUI_ROLE_CODE] = "code",
};

static const char *const colour_names[16] = {
	"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
	"bright black", "bright red", "bright green", "bright yellow",
	"bright blue", "bright magenta", "bright cyan", "bright white",
};

/* ---- WCAG 2 ---- */

/* v^(1/5) by Newton's method, 0 < v <= 1: widget tests link without libm. */
static double
fifth_root(double v)
{
	double x = 1.0;
	int i;

	for (i = 0; i < 60; i++)
		x -= (x * x * x * x * x - v) / (5 * x * x * x * x);
	return x;
}

static double
channel(int c)
{
	double s = c / 255.0, y, r;

	if (s <= 0.03928)
		return s / 12.92;
	y = (s + 0.055) / 1.055;
	r = fifth_root(y * y);	/* y^0.4 */
	return y * y * r;	/* y^2.4 */
}

static bool
near(double a, double b)
{
	return a - b < 1e-9 && b - a < 1e-9;
}

static double
luminance(struct rgb c)
{
	return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) +
	    0.0722 * channel(c.b);
}

static double
ratio(struct rgb a, struct rgb b)
{
	double la = luminance(a), lb = luminance(b);

	return la > lb ? (la + 0.05) / (lb + 0.05) : (lb + 0.05) / (la + 0.05);
}

/* ---- what a terminal shows ---- */

struct shown {
	int fg, bg;	/* palette entries */
};

static struct shown
show(const struct terminal *t, short fg, short bg, attr_t attr)
{
	struct shown s;
	int f = fg, b = bg, swap;

	if (t->bold == BOLD_XTERM && (attr & A_BOLD) && f >= 0 && f < 8)
		f |= 8;
	if (f < 0)
		f = t->def_fg;
	if (b < 0)
		b = t->def_bg;
	if (t->underline_cyan && (attr & A_UNDERLINE))
		f = 6;
	if (attr & A_REVERSE) {
		if (t->bold == BOLD_CONSOLE) {
			swap = (f & 8) | (b & 7);
			b = (b & 8) | (f & 7);
			f = swap;
		} else {
			swap = f;
			f = b;
			b = swap;
		}
	}
	if (t->bold == BOLD_CONSOLE && (attr & A_BOLD))
		f ^= 8;
	s.fg = f;
	s.bg = b;
	return s;
}

static bool
is_red(int c)
{
	return c == 1 || c == 9;
}

static bool
is_blue(int c)
{
	return c == 4 || c == 12;
}

static bool
is_white(int c)
{
	return c == 7 || c == 15;
}

/* ---- reading a theme back from curses ---- */

struct style {
	short fg, bg;
	attr_t attr;
};

static struct style
role_style(enum tui_role role, attr_t extra)
{
	struct style st = {-1, -1, 0};
	short pair = 0;
	attr_t a = 0;

	tui_set_role_attr(stdscr, role, extra);
	assert_int_equal(wattr_get(stdscr, &a, &pair, NULL), OK);
	if (pair > 0)
		assert_int_equal(pair_content(pair, &st.fg, &st.bg), OK);
	st.attr = a & (A_BOLD | A_REVERSE | A_UNDERLINE | A_DIM | A_STANDOUT |
	    A_BLINK);
	return st;
}

/* One pair on every terminal; failures printed, counted in *bad. */
static void
check_style(const char *theme, const char *what, const char *hint,
    struct style st, unsigned *bad)
{
	const bool verbose = getenv("CONTRAST_VERBOSE") != NULL;
	size_t i;

	if (st.fg >= 16 || st.bg >= 16) {
		printf("contrast: %s %s: colour %d on %d is outside the 16 both "
		    "palettes have\n", theme, what, st.fg, st.bg);
		++*bad;
		return;
	}
	for (i = 0; i < sizeof terminals / sizeof terminals[0]; i++) {
		const struct terminal *t = &terminals[i];
		struct shown s = show(t, st.fg, st.bg, st.attr);
		double r = ratio(t->palette[s.fg], t->palette[s.bg]);
		const char *why = NULL;

		if (r < MIN_RATIO)
			why = "below 4.5:1";
		else if (s.bg == 0 && (is_red(s.fg) || is_blue(s.fg)))
			why = "red or blue text on black";
		else if (is_white(s.fg) && is_red(s.bg))
			why = "white on red";
		if (why || verbose)
			printf("contrast: %-13s %-11s %-14s %s on %s: %.2f:1%s%s%s%s\n",
			    theme, what, t->name, colour_names[s.fg],
			    colour_names[s.bg], r, why ? ": FAIL, " : "",
			    why ? why : "", why && hint ? ", drawn by " : "",
			    why && hint ? hint : "");
		*bad += why != NULL;
	}
}

static void
check_theme(const char *theme)
{
	char what[32];
	unsigned bad = 0;
	struct style st;
	size_t i;
	int r;

	wu_start(24, 80, "xterm-256color");
	assert_true(has_colors());
	assert_string_equal(tui_theme_init(theme), theme);
	for (r = 0; r < TUI_ROLE_COUNT; r++) {
		st = role_style((enum tui_role)r, A_NORMAL);
		check_style(theme, role_names[r], NULL, st, &bad);
		if (r == TUI_ROLE_FOCUS && !(st.attr & A_REVERSE)) {
			printf("contrast: %s: focus is not in reverse video\n", theme);
			bad++;
		}
	}
	for (i = 0; i < sizeof extras / sizeof extras[0]; i++) {
		st = role_style(extras[i].role, extras[i].extra);
		snprintf(what, sizeof what, "%s+bold", role_names[extras[i].role]);
		check_style(theme, what, extras[i].where, st, &bad);
	}
	wu_stop();
	if (bad)
		fail_msg("theme \"%s\": %u pairs fail (see above)", theme, bad);
}

static void
test_wcag_arithmetic(void **state)
{
	const struct rgb black = {0, 0, 0}, white = {255, 255, 255};

	(void)state;
	assert_true(near(ratio(black, white), 21.0));
	assert_true(near(ratio(white, white), 1.0));
	/* #767676 is the lightest grey that passes on white; #777777 fails. */
	assert_true(ratio((struct rgb){118, 118, 118}, white) >= MIN_RATIO);
	assert_true(ratio((struct rgb){119, 119, 119}, white) < MIN_RATIO);
	/* The console's brown is why black on yellow fails there. */
	assert_true(ratio(linux_palette[0], linux_palette[3]) < MIN_RATIO);
	assert_true(ratio(xterm_palette[0], xterm_palette[3]) > MIN_RATIO);
}

static void
test_terminal_rules(void **state)
{
	struct shown s;

	(void)state;
	/* Console: reverse then bold brightens the new foreground. */
	s = show(&terminals[0], COLOR_BLACK, COLOR_YELLOW, A_REVERSE | A_BOLD);
	assert_int_equal(s.fg, 11);
	assert_int_equal(s.bg, 0);
	/* Default colours reversed and bold: dark grey on grey. */
	s = show(&terminals[0], -1, -1, A_REVERSE | A_BOLD);
	assert_int_equal(s.fg, 8);
	assert_int_equal(s.bg, 7);
	/* xterm: bold brightens first, then reverse swaps. */
	s = show(&terminals[1], COLOR_BLACK, COLOR_YELLOW, A_REVERSE | A_BOLD);
	assert_int_equal(s.fg, 3);
	assert_int_equal(s.bg, 8);
	s = show(&terminals[1], -1, -1, A_REVERSE | A_BOLD);
	assert_int_equal(s.fg, 15);
	assert_int_equal(s.bg, 0);
	/* Underline on the console is cyan. */
	s = show(&terminals[0], -1, -1, A_UNDERLINE | A_BOLD);
	assert_int_equal(s.fg, 14);
}

static void
test_theme_default(void **state)
{
	(void)state;
	check_theme(themes[0]);
}

static void
test_theme_high_contrast(void **state)
{
	(void)state;
	check_theme(themes[1]);
}

static void
test_theme_mono(void **state)
{
	(void)state;
	check_theme(themes[2]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wcag_arithmetic),
		cmocka_unit_test(test_terminal_rules),
		cmocka_unit_test(test_theme_default),
		cmocka_unit_test(test_theme_high_contrast),
		cmocka_unit_test(test_theme_mono),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
