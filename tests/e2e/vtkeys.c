/* SPDX-License-Identifier: ISC */
/*
 * vtdrive's input: key names as the bytes TERM's terminfo gives them,
 * send/type strings with their escapes, and mouse reports as xterm sends
 * them.
 */
#include "vtdrive.h"

#include <stdio.h>
#include <string.h>

/* Each key as each TERM family's terminfo has it; NULL: not in that
 * terminfo, so what xterm sends (as a terminal would) goes instead. */
static const struct {
	const char *name;
	const char *seq[TK_COUNT];
} keys[] = {
	{ "Enter", { "\r", NULL, NULL, NULL } },
	{ "Tab", { "\t", NULL, NULL, NULL } },
	{ "BTab", { "\033[Z", NULL, "\033\t", NULL } },
	{ "Esc", { "\033", NULL, NULL, NULL } },
	{ "Space", { " ", NULL, NULL, NULL } },
	{ "Bksp", { "\177", NULL, NULL, "\b" } },
	{ "Del", { "\033[3~", NULL, NULL, NULL } },
	{ "Up", { "\033OA", NULL, "\033[A", NULL } },
	{ "Down", { "\033OB", NULL, "\033[B", NULL } },
	{ "Right", { "\033OC", NULL, "\033[C", NULL } },
	{ "Left", { "\033OD", NULL, "\033[D", NULL } },
	{ "Home", { "\033OH", "\033[1~", "\033[1~", NULL } },
	{ "End", { "\033OF", "\033[4~", "\033[4~", NULL } },
	{ "PgUp", { "\033[5~", NULL, NULL, NULL } },
	{ "PgDn", { "\033[6~", NULL, NULL, NULL } },
	{ "F1", { "\033OP", NULL, "\033[[A", NULL } },
	{ "F2", { "\033OQ", NULL, "\033[[B", NULL } },
	{ "F3", { "\033OR", NULL, "\033[[C", NULL } },
	{ "F4", { "\033OS", NULL, "\033[[D", NULL } },
	{ "F5", { "\033[15~", NULL, "\033[[E", NULL } },
	{ "F6", { "\033[17~", NULL, NULL, NULL } },
	{ "F7", { "\033[18~", NULL, NULL, NULL } },
	{ "F8", { "\033[19~", NULL, NULL, NULL } },
	{ "F9", { "\033[20~", NULL, NULL, NULL } },
	{ "F10", { "\033[21~", NULL, NULL, NULL } },
	{ "F11", { "\033[23~", NULL, NULL, NULL } },
	{ "F12", { "\033[24~", NULL, NULL, NULL } },
};

/* The bytes for the key named name (len bytes long); 0 if unknown. */
static size_t
key_seq(const struct drv *d, const char *name, size_t len, char *out)
{
	if (len == 3 && name[0] == 'C' && name[1] == '-' &&
	    strchr("abcdefghijklmnopqrstuvwxyz\\[]@^_", name[2])) {
		out[0] = (char)(name[2] & 0x1f);
		return 1;
	}
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		const char *seq = keys[i].seq[d->kind];

		if (strlen(keys[i].name) != len ||
		    strncmp(keys[i].name, name, len) != 0)
			continue;
		strcpy(out, seq != NULL ? seq : keys[i].seq[TK_XTERM]);
		return strlen(out);
	}
	return 0;
}

/* A send/type STRING as bytes; returns the length. */
size_t
decode(const struct drv *d, const char *s, char *out, size_t size)
{
	static const char plain[] = "rnte", real[] = "\r\n\t\033";
	size_t len = 0, n;
	const char *end, *p;
	unsigned hex;

	for (; *s != '\0'; s++) {
		if (len + 16 >= size)
			fail("string too long");
		if (*s == '<') {
			end = strchr(s, '>');
			n = end ? key_seq(d, s + 1, (size_t)(end - s - 1),
			    out + len) : 0;
			if (n == 0)
				fail("unknown key at \"%s\" (\\< is a '<')", s);
			len += n;
			s = end;
		} else if (*s != '\\' || s[1] == '\0') {
			out[len++] = *s;
		} else if ((p = strchr(plain, *++s)) != NULL) {
			out[len++] = real[p - plain];
		} else if (*s == 'x') {
			if (sscanf(s + 1, "%2x", &hex) != 1)
				fail("bad \\x escape");
			out[len++] = (char)hex;
			s += 2;
		} else {
			out[len++] = *s;	/* \\ \< \" */
		}
	}
	return len;
}

enum term_kind
term_kind(const char *term)
{
	if (!strncmp(term, "screen", 6) || !strncmp(term, "tmux", 4))
		return TK_SCREEN;
	if (!strncmp(term, "linux", 5))
		return TK_LINUX;
	if (!strncmp(term, "vt1", 3) || !strncmp(term, "vt2", 3))
		return TK_VT100;
	return TK_XTERM;
}

/*
 * A mouse report as xterm sends it: SGR (1006) if the program asked for
 * it, else X10. button: 0 the left button, 64/65 the wheel up/down.
 */
void
mouse_report(struct drv *d, int button, int row, int col, bool press)
{
	char buf[32];
	int n;

	if (!d->mouse)
		fail("the program has not switched mouse reporting on");
	if (row < 1 || row > d->rows || col < 1 || col > d->cols)
		fail("%d,%d is off the screen", row, col);
	if (d->mouse_sgr)
		n = snprintf(buf, sizeof buf, "\033[<%d;%d;%d%c", button, col,
		    row, press ? 'M' : 'm');
	else if (row > 223 || col > 223)
		fail("%d,%d is beyond X10 mouse encoding", row, col);
	else
		n = snprintf(buf, sizeof buf, "\033[M%c%c%c",
		    32 + (press ? button : 3), 32 + col, 32 + row);
	write_all(d, buf, (size_t)n);
}

/*
 * A press and release at 1-based row, col. A person's finger takes time:
 * a press and release arriving together are merged by ncurses' click
 * resolution, and the press is lost.
 */
void
click(struct drv *d, int row, int col)
{
	mouse_report(d, 0, row, col, true);
	settle(d, 60);
	mouse_report(d, 0, row, col, false);
	settle(d, 60);
}
