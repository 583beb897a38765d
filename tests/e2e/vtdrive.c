/* SPDX-License-Identifier: ISC */
/*
 * vtdrive: run a program in a pseudo-terminal, render what it writes with
 * libvterm, and drive it from a line-based script. Every wait has a
 * deadline (10 s unless "timeout SECONDS" says otherwise); nothing sleeps
 * to synchronise. On a failure: the script line, the reason and the screen
 * (with '^' under reverse video, i.e. the focus), and exit 1.
 *
 *   vtdrive [-tv] [-l RAWLOG] [-D NAME=VALUE]... SCRIPT -- PROGRAM ARGS...
 *
 * -t: at the end, SIGTERM must end the program with exit status 0. -v:
 * each line as it runs, with the time. -l: everything the program wrote.
 *
 * Before the program starts: term NAME, size ROWS COLS, env NAME VALUE.
 * Waiting: expect TEXT, expect_at ROW COL TEXT, expect_re REGEX,
 *   expect_focus TEXT (in reverse video), wait_gone TEXT, cursor ROW COL,
 *   cursor_on TEXT (the cursor's row has TEXT in reverse video),
 *   capture NAME REGEX (first group), quiet MS, expect_exit CODE|any.
 * Now: expect_not TEXT (once output has been quiet 200 ms), expect_running,
 *   term_restored, mark, bytes_max N, bytes_min N, bytes_since_mark.
 * Input: send STRING, type STRING (one character at a time), click ROW
 *   COL, click_on TEXT or click_on ANCHOR >> TEXT, tab_to TEXT (Tab until
 *   TEXT has the focus), seek KEY TEXT (KEY until TEXT shows),
 *   click_until BUTTON >> TEXT, wheel up|down ROW COL, resize ROWS COLS,
 *   signal NAME.
 * Other: wait MS (time passing, for byte counts), set NAME VALUE, timeout
 *   SECONDS, shell COMMAND, show, dump [FILE], spawn (after expect_exit).
 * ${NAME} is replaced on every line; "quotes" keep a TEXT's outer spaces.
 * STRING takes \r \n \t \e \xHH \\ \< and keys: <Enter> <Tab> <BTab> <Esc>
 * <Space> <Bksp> <Del> <Up> <Down> <Left> <Right> <Home> <End> <PgUp>
 * <PgDn> <F1>..<F12> <C-a>..<C-z> <C-\>, sent as TERM's terminfo says.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <regex.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <vterm.h>

#define LINE_MAX_LEN 4096
#define ROW_MAX (LINE_MAX_LEN * 4)
#define MAX_VARS 128
#define MAX_ENV 32
#define QUIET_MS 200

enum term_kind { TK_XTERM, TK_SCREEN, TK_LINUX, TK_VT100, TK_COUNT };

enum text_mode {
	TEXT_PLAIN,
	TEXT_REVERSE,	/* cells not in reverse video become \001 */
	TEXT_MARKS,	/* '^' under each reverse-video cell */
};

enum cond_kind {
	C_TEXT, C_GONE, C_FOCUS, C_AT, C_RE, C_CURSOR, C_CURSOR_ON, C_QUIET,
	C_EXITED,
};

/* What a wait waits for. */
struct cond {
	enum cond_kind kind;
	const char *text;
	int row, col;
	long long ms;
	regex_t re;
	regmatch_t m[2];
	char *screen;	/* C_RE: the screen text last matched */
};

struct var {
	char name[64];
	char value[512];
};

struct drv;

enum when { W_ANY, W_SETUP, W_PROGRAM };

struct command {
	const char *name;
	void (*run)(struct drv *, char *);
	enum when when;
	enum cond_kind cond;	/* for the commands that wait for one */
	int variant;		/* which of a handler's commands this is */
};

struct drv {
	VTerm *vt;
	VTermScreen *screen;
	VTermState *state;
	int master;
	pid_t pid;
	bool running, started, eof;
	int status;
	int rows, cols;
	char term[64];
	enum term_kind kind;
	char *env[MAX_ENV];
	size_t nenv;
	char **argv;
	unsigned long long bytes, mark;
	long long t0, last_output, last_input, timeout_ms;
	/* Modes tracked from the output; see track_modes. */
	bool mouse, mouse_sgr, altscreen, cursor_visible;
	int esc;
	char csi[64];
	size_t csi_len;
	struct var vars[MAX_VARS];
	size_t nvars;
	const char *script;
	unsigned lineno;
	const struct command *cmd;	/* the one running */
	char line[LINE_MAX_LEN * 2];
	bool verbose, term_check;
	FILE *rawlog;
};

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

static const struct {
	const char *name;
	int sig;
} signals[] = {
	{ "HUP", SIGHUP }, { "INT", SIGINT }, { "QUIT", SIGQUIT },
	{ "KILL", SIGKILL }, { "TERM", SIGTERM }, { "TSTP", SIGTSTP },
	{ "CONT", SIGCONT }, { "WINCH", SIGWINCH }, { "USR1", SIGUSR1 },
	{ "USR2", SIGUSR2 }, { "ALRM", SIGALRM }, { "PIPE", SIGPIPE },
};

static struct drv *the_drv;	/* for fail() */

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static size_t
utf8_put(char *out, uint32_t c)
{
	size_t n = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
	static const unsigned char lead[] = { 0, 0, 0xc0, 0xe0, 0xf0 };

	for (size_t i = n - 1; i > 0; i--, c >>= 6)
		out[i] = (char)(0x80 | (c & 0x3f));
	out[0] = (char)(lead[n] | c);
	return n;
}

/* One row from column col (0-based) as UTF-8, trailing spaces cut;
 * colmap, if given, gets the column of each byte that starts a cell. */
static void
row_text(const struct drv *d, int row, int col, char *buf, size_t size,
    enum text_mode mode, int *colmap)
{
	size_t len = 0, keep = 0;

	for (; col < d->cols && len + 32 < size; ) {
		VTermScreenCell cell;
		VTermPos pos = { row, col };
		int w;

		vterm_screen_get_cell(d->screen, pos, &cell);
		w = cell.width > 1 ? cell.width : 1;
		if (colmap != NULL)
			colmap[len] = col;
		if (mode == TEXT_MARKS) {
			for (int i = 0; i < w; i++)
				buf[len++] = cell.attrs.reverse ? '^' : ' ';
		} else if (mode == TEXT_REVERSE && !cell.attrs.reverse) {
			buf[len++] = '\001';
		} else if (cell.chars[0] == 0) {
			buf[len++] = ' ';
		} else {
			for (int i = 0; i < VTERM_MAX_CHARS_PER_CELL &&
			    cell.chars[i] != 0; i++)
				len += utf8_put(buf + len, cell.chars[i]);
		}
		if (buf[len - 1] != ' ' || mode == TEXT_REVERSE)
			keep = len;
		col += w;
	}
	buf[keep] = '\0';
}

/* The whole screen, rows joined by '\n'. Caller frees. */
static char *
screen_text(const struct drv *d)
{
	size_t size = (size_t)d->rows * ((size_t)d->cols * 4 + 40) + 1;
	char *all = malloc(size), line[ROW_MAX];
	size_t len = 0;

	if (all == NULL)
		abort();
	for (int r = 0; r < d->rows; r++) {
		row_text(d, r, 0, line, sizeof line, TEXT_PLAIN, NULL);
		len += (size_t)snprintf(all + len, size - len, "%s\n", line);
	}
	return all;
}

/* Framed: numbered rows, and '^' under reverse video (the focus). */
static void
dump_screen(const struct drv *d, FILE *f, bool framed)
{
	char line[ROW_MAX], marks[LINE_MAX_LEN];
	VTermPos cur;

	vterm_state_get_cursorpos(d->state, &cur);
	if (framed && !d->running)
		fprintf(f, "--- the program has ended: wait status %#x ---\n",
		    d->status);
	if (framed)
		fprintf(f, "--- screen %dx%d, cursor %d,%d, %llu bytes ---\n",
		    d->rows, d->cols, cur.row + 1, cur.col + 1, d->bytes);
	for (int r = 0; r < d->rows; r++) {
		row_text(d, r, 0, line, sizeof line, TEXT_PLAIN, NULL);
		if (!framed) {
			fprintf(f, "%s\n", line);
			continue;
		}
		fprintf(f, "%2d|%s\n", r + 1, line);
		row_text(d, r, 0, marks, sizeof marks, TEXT_MARKS, NULL);
		if (marks[0] != '\0')
			fprintf(f, "  |%s\n", marks);
	}
	if (framed)
		fprintf(f, "---\n");
}

/* Where text is on screen (0-based): the first place, or with last the
 * last one; if *row >= 0 on entry, only on that row. */
static bool
find_text(const struct drv *d, const char *text, enum text_mode mode,
    bool last, int *row, int *col)
{
	static int colmap[ROW_MAX];
	char line[ROW_MAX];
	int only = *row;
	bool found = false;

	for (int r = 0; r < d->rows; r++) {
		if (only >= 0 && r != only)
			continue;
		row_text(d, r, 0, line, sizeof line, mode, colmap);
		for (const char *at = line; (at = strstr(at, text)); at++) {
			*row = r;
			*col = colmap[at - line];
			found = true;
			if (!last)
				return true;
		}
	}
	return found;
}

static void
stop_child(struct drv *d)
{
	if (!d->running)
		return;
	kill(d->pid, SIGTERM);
	for (int i = 0; i < 100; i++) {
		if (waitpid(d->pid, &d->status, WNOHANG) == d->pid) {
			d->running = false;
			return;
		}
		poll(NULL, 0, 20);
	}
	kill(d->pid, SIGKILL);
	waitpid(d->pid, &d->status, 0);
	d->running = false;
}

static void fail(const char *fmt, ...)
    __attribute__((format(printf, 1, 2), noreturn));

static void
fail(const char *fmt, ...)
{
	struct drv *d = the_drv;
	va_list ap;

	fprintf(stderr, "%s:%u: ", d->script, d->lineno);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (d->started)
		dump_screen(d, stderr, true);
	stop_child(d);
	exit(1);
}

static void
write_all(struct drv *d, const char *s, size_t len)
{
	while (len > 0) {
		ssize_t n = write(d->master, s, len);

		if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
			struct pollfd p = { d->master, POLLOUT, 0 };

			poll(&p, 1, 50);
			continue;
		}
		if (n < 0)
			fail("write to the terminal: %s", strerror(errno));
		d->last_input = now_ms();
		s += n;
		len -= (size_t)n;
	}
}

/* libvterm's answers to queries (cursor position, attributes) go back. */
static void
on_output(const char *s, size_t len, void *user)
{
	struct drv *d = user;

	if (d->running)
		write_all(d, s, len);
}

static int
on_damage(VTermRect rect, void *user)
{
	(void)rect;
	(void)user;
	return 1;
}

static const VTermScreenCallbacks screen_cbs = { .damage = on_damage };

/*
 * libvterm 0.1.4 applies only the first mode of a DECSET such as ncurses'
 * "\e[?1006;1000h", so the modes the tests rely on are tracked here.
 */
static void
set_modes(struct drv *d, const char *p, bool on)
{
	while (*p != '\0') {
		char *end;
		long mode = strtol(p, &end, 10);

		if (mode == 9 || (mode >= 1000 && mode <= 1003))
			d->mouse = on;
		else if (mode == 1006)
			d->mouse_sgr = on;
		else if (mode == 47 || mode == 1047 || mode == 1049)
			d->altscreen = on;
		else if (mode == 25)
			d->cursor_visible = on;
		p = end + (*end != '\0');
	}
}

static void
track_modes(struct drv *d, const char *buf, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char c = buf[i];

		if (c == '\033') {
			d->esc = 1;
		} else if (d->esc == 1) {
			d->esc = c == '[' ? 2 : 0;
			d->csi_len = 0;
			if (c == 'c')	/* full reset */
				d->mouse = d->mouse_sgr = d->altscreen = false;
		} else if (d->esc == 2 && c >= 0x40 && c <= 0x7e) {
			d->csi[d->csi_len] = '\0';
			if ((c == 'h' || c == 'l') && d->csi[0] == '?')
				set_modes(d, d->csi + 1, c == 'h');
			d->esc = 0;
		} else if (d->esc == 2 && d->csi_len + 1 < sizeof d->csi) {
			d->csi[d->csi_len++] = c;
		}
	}
}

/* Take in what the child wrote, waiting up to wait_ms for the first byte. */
static void
pump(struct drv *d, int wait_ms)
{
	struct pollfd p = { d->master, POLLIN, 0 };
	char buf[8192];
	ssize_t n;

	if (d->eof) {
		if (wait_ms > 0)
			poll(NULL, 0, wait_ms < 20 ? wait_ms : 20);
	} else if (poll(&p, 1, wait_ms) > 0) {
		while ((n = read(d->master, buf, sizeof buf)) > 0 ||
		    (n < 0 && errno == EINTR)) {
			if (n < 0)
				continue;
			if (d->rawlog != NULL)
				fwrite(buf, 1, (size_t)n, d->rawlog);
			track_modes(d, buf, (size_t)n);
			vterm_input_write(d->vt, buf, (size_t)n);
			d->bytes += (unsigned long long)n;
			d->last_output = now_ms();
		}
		if (n == 0 || errno != EAGAIN)
			d->eof = true;	/* EIO: the slave side is closed */
		vterm_screen_flush_damage(d->screen);
	}
	if (d->running && waitpid(d->pid, &d->status, WNOHANG) == d->pid)
		d->running = false;
}

static void
spawn(struct drv *d)
{
	struct winsize ws = { .ws_row = (unsigned short)d->rows,
	    .ws_col = (unsigned short)d->cols };

	fflush(NULL);
	if ((d->pid = forkpty(&d->master, NULL, NULL, &ws)) < 0)
		fail("forkpty: %s", strerror(errno));
	if (d->pid == 0) {
		setenv("TERM", d->term, 1);
		setenv("LANG", "C.UTF-8", 1);
		setenv("LC_ALL", "C.UTF-8", 1);
		unsetenv("LINES");	/* ncurses would prefer them to ioctl */
		unsetenv("COLUMNS");
		signal(SIGPIPE, SIG_DFL);	/* ignored here, not there */
		for (size_t i = 0; i < d->nenv; i++)
			putenv(d->env[i]);
		execvp(d->argv[0], d->argv);
		fprintf(stderr, "vtdrive: %s: %s\r\n", d->argv[0],
		    strerror(errno));
		_exit(127);
	}
	fcntl(d->master, F_SETFL, fcntl(d->master, F_GETFL) | O_NONBLOCK);
	if (d->vt == NULL) {
		d->vt = vterm_new(d->rows, d->cols);
		vterm_set_utf8(d->vt, 1);
		vterm_output_set_callback(d->vt, on_output, d);
		d->state = vterm_obtain_state(d->vt);
		d->screen = vterm_obtain_screen(d->vt);
		vterm_screen_set_callbacks(d->screen, &screen_cbs, d);
		vterm_screen_enable_altscreen(d->screen, 1);
	}
	vterm_set_size(d->vt, d->rows, d->cols);
	vterm_screen_reset(d->screen, 1);
	d->cursor_visible = true;
	d->altscreen = d->mouse = d->mouse_sgr = false;
	d->esc = 0;
	d->running = d->started = true;
	d->eof = false;
	d->last_output = now_ms();
}

static bool
holds(struct drv *d, struct cond *c)
{
	char line[ROW_MAX];
	VTermPos cur;
	int r = -1, col;

	switch (c->kind) {
	case C_TEXT:
		return find_text(d, c->text, TEXT_PLAIN, false, &r, &col);
	case C_GONE:
		return !find_text(d, c->text, TEXT_PLAIN, false, &r, &col);
	case C_FOCUS:
		return find_text(d, c->text, TEXT_REVERSE, false, &r, &col);
	case C_AT:
		if (c->row < 1 || c->row > d->rows || c->col < 1 ||
		    c->col > d->cols)
			return false;
		row_text(d, c->row - 1, c->col - 1, line, sizeof line,
		    TEXT_PLAIN, NULL);
		return strncmp(line, c->text, strlen(c->text)) == 0;
	case C_RE:
		free(c->screen);
		c->screen = screen_text(d);
		return regexec(&c->re, c->screen, 2, c->m, 0) == 0;
	case C_CURSOR:
		vterm_state_get_cursorpos(d->state, &cur);
		return cur.row == c->row - 1 && cur.col == c->col - 1;
	case C_CURSOR_ON:	/* on the row where TEXT is in reverse video */
		vterm_state_get_cursorpos(d->state, &cur);
		r = cur.row;
		return find_text(d, c->text, TEXT_REVERSE, false, &r, &col);
	case C_QUIET:	/* counted from the last input too */
		return d->eof || (now_ms() - d->last_output >= c->ms &&
		    now_ms() - d->last_input >= c->ms);
	case C_EXITED:
		return !d->running;
	}
	return false;
}

/* Wait until c holds or limit_ms pass; true if it held. */
static bool
wait_for(struct drv *d, struct cond *c, long long limit_ms)
{
	long long deadline = now_ms() + limit_ms, left = 0;

	for (pump(d, 0); !holds(d, c); pump(d, left < 10 ? (int)left : 10))
		if ((left = deadline - now_ms()) <= 0 ||
		    (d->eof && !d->running))	/* nothing will change */
			return false;
	return true;
}

static bool
wait_quiet(struct drv *d, long long ms, long long limit_ms)
{
	struct cond c = { .kind = C_QUIET, .ms = ms };

	return wait_for(d, &c, limit_ms);
}

/* Let min_ms pass, then wait (up to a second) for the output to settle. */
static void
settle(struct drv *d, long long min_ms)
{
	long long until = now_ms() + min_ms;

	while (now_ms() < until)
		pump(d, (int)(until - now_ms()));
	wait_quiet(d, 20, 1000);
}

static void
var_set(struct drv *d, const char *name, const char *value)
{
	size_t i;

	for (i = 0; i < d->nvars && strcmp(d->vars[i].name, name); i++)
		continue;
	if (i == MAX_VARS || strlen(name) >= sizeof d->vars[i].name ||
	    strlen(value) >= sizeof d->vars[i].value)
		fail("variable %s: too many, or too long", name);
	strcpy(d->vars[i].name, name);
	strcpy(d->vars[i].value, value);
	d->nvars += i == d->nvars;
}

/* ${NAME} substitution; an unknown name fails the script. */
static void
substitute(struct drv *d, const char *in, char *out, size_t size)
{
	size_t len = 0, i;
	const char *end;

	while (*in != '\0') {
		if (in[0] != '$' || in[1] != '{' || !(end = strchr(in, '}'))) {
			if (len + 1 >= size)
				fail("line too long");
			out[len++] = *in++;
			continue;
		}
		for (i = 0; i < d->nvars; i++)
			if (strlen(d->vars[i].name) == (size_t)(end - in - 2) &&
			    !strncmp(d->vars[i].name, in + 2, (size_t)(end - in - 2)))
				break;
		if (i == d->nvars)
			fail("undefined variable %.*s", (int)(end - in + 1), in);
		if (len + strlen(d->vars[i].value) >= size)
			fail("line too long");
		memcpy(out + len, d->vars[i].value, strlen(d->vars[i].value));
		len += strlen(d->vars[i].value);
		in = end + 1;
	}
	out[len] = '\0';
}

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
static size_t
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

static enum term_kind
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

/* A TEXT argument: surrounding double quotes keep outer spaces. */
static const char *
text_arg(char *s)
{
	size_t n = strlen(s);

	if (n >= 2 && s[0] == '"' && s[n - 1] == '"') {
		s[n - 1] = '\0';
		return s + 1;
	}
	return s;
}

static long
num_arg(char **s, const char *what)
{
	char *end;
	long v = strtol(*s, &end, 10);

	if (end == *s)
		fail("expected a number (%s)", what);
	*s = end + strspn(end, " ");
	return v;
}

/*
 * A mouse report as xterm sends it: SGR (1006) if the program asked for
 * it, else X10. button: 0 the left button, 64/65 the wheel up/down.
 */
static void
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
static void
click(struct drv *d, int row, int col)
{
	mouse_report(d, 0, row, col, true);
	settle(d, 60);
	mouse_report(d, 0, row, col, false);
	settle(d, 60);
}

/*
 * Commands. Each gets the rest of its line (variables replaced); d->cmd
 * is its entry in the table below, d->line the whole line for messages.
 */

static void
c_term(struct drv *d, char *arg)
{
	snprintf(d->term, sizeof d->term, "%s", arg);
	d->kind = term_kind(d->term);
}

static void
c_size(struct drv *d, char *arg)
{
	d->rows = (int)num_arg(&arg, "rows");
	d->cols = (int)num_arg(&arg, "cols");
}

static void
c_env(struct drv *d, char *arg)
{
	char *sp = strchr(arg, ' ');

	if (sp == NULL || d->nenv == MAX_ENV)
		fail("env NAME VALUE");
	*sp = '=';
	if ((d->env[d->nenv++] = strdup(arg)) == NULL)
		abort();
}

static void
c_set(struct drv *d, char *arg)
{
	char *sp = strchr(arg, ' ');

	if (sp == NULL)
		fail("set NAME VALUE");
	*sp = '\0';
	var_set(d, arg, text_arg(sp + 1));
}

static void
c_timeout(struct drv *d, char *arg)
{
	d->timeout_ms = (long long)(strtod(arg, NULL) * 1000);
}

static void
c_shell(struct drv *d, char *arg)
{
	int rc;

	(void)d;
	fflush(NULL);
	rc = system(arg);
	if (rc == -1 || !WIFEXITED(rc) || WEXITSTATUS(rc) != 0)
		fail("shell command failed (status %#x): %s", rc, arg);
}

static void
c_spawn(struct drv *d, char *arg)
{
	(void)arg;
	if (d->running)
		fail("spawn: the program is still running");
	if (d->master >= 0)
		close(d->master);
	spawn(d);
}

/* expect, expect_focus, wait_gone, expect_at, cursor, cursor_on. */
static void
c_until(struct drv *d, char *arg)
{
	struct cond c = { .kind = d->cmd->cond };

	if (c.kind == C_AT || c.kind == C_CURSOR) {
		c.row = (int)num_arg(&arg, "row");
		c.col = (int)num_arg(&arg, "column");
	}
	c.text = text_arg(arg);
	if (d->cmd->variant)	/* not a half-painted frame */
		wait_quiet(d, 50, d->timeout_ms);
	if (!wait_for(d, &c, d->timeout_ms))
		fail("%s: %s", d->running ? "timed out" : "ended", d->line);
}

static void
c_expect_not(struct drv *d, char *arg)
{
	struct cond c = { .kind = C_TEXT, .text = text_arg(arg) };

	wait_quiet(d, QUIET_MS, d->timeout_ms);
	if (holds(d, &c))
		fail("\"%s\" is on the screen", c.text);
}

/* capture NAME REGEX, expect_re REGEX: \n in REGEX is a row's end. */
static void
c_capture(struct drv *d, char *arg)
{
	struct cond c = { .kind = C_RE };
	char *name = NULL, *re = arg;
	regmatch_t m;

	if (d->cmd->variant && (re = strchr(arg, ' ')) == NULL)
		fail("capture NAME REGEX");
	if (d->cmd->variant) {
		*re++ = '\0';
		name = arg;
	}
	for (char *nl = re; (nl = strstr(nl, "\\n")) != NULL; nl++) {
		*nl = '\n';
		memmove(nl + 1, nl + 2, strlen(nl + 2) + 1);
	}
	if (regcomp(&c.re, re, REG_EXTENDED | REG_NEWLINE) != 0)
		fail("bad regular expression: %s", re);
	if (!wait_for(d, &c, d->timeout_ms))
		fail("%s: %s", d->running ? "timed out" : "ended", d->line);
	m = c.m[c.re.re_nsub > 0 ? 1 : 0];
	if (name != NULL && m.rm_so >= 0) {
		c.screen[m.rm_eo] = '\0';
		var_set(d, name, c.screen + m.rm_so);
	}
	regfree(&c.re);
	free(c.screen);
}

static void
c_quiet(struct drv *d, char *arg)
{
	long long ms = num_arg(&arg, "milliseconds");

	if (!wait_quiet(d, ms, d->timeout_ms + ms))
		fail("the output never stopped for %lld ms", ms);
}

static void
c_wait(struct drv *d, char *arg)
{
	long long until = now_ms() + num_arg(&arg, "milliseconds");

	while (now_ms() < until)
		pump(d, (int)(until - now_ms()));
}

/* send STRING; type STRING: a character at a time, the output settled. */
static void
c_send(struct drv *d, char *arg)
{
	char bytes[LINE_MAX_LEN * 2];
	size_t n = decode(d, arg, bytes, sizeof bytes), len;

	for (size_t i = 0; i < n; i += len) {
		len = d->cmd->variant ? 1 : n;
		while (i + len < n && (bytes[i + len] & 0xc0) == 0x80)
			len++;
		if (!d->running)
			fail("the program is not running");
		write_all(d, bytes + i, len);
		if (d->cmd->variant)
			wait_quiet(d, 10, 200);
	}
}

static void
c_click(struct drv *d, char *arg)
{
	int row = (int)num_arg(&arg, "row");

	click(d, row, (int)num_arg(&arg, "column"));
}

/*
 * click_on TEXT: the middle of TEXT's last appearance (buttons come below
 * the words that name them); click_on ANCHOR >> TEXT: TEXT's last place
 * on the row where ANCHOR first appears or on one of the two below it.
 */
static void
c_click_on(struct drv *d, char *arg)
{
	char *sep = strstr(arg, " >> ");
	struct cond c = { .kind = C_TEXT, .text = text_arg(arg) };
	int row = -1, col, n = 0, anchor;
	bool found = false;

	wait_quiet(d, 50, d->timeout_ms);
	if (sep != NULL) {
		*sep = '\0';
		c.text = text_arg(arg);
		if (!wait_for(d, &c, d->timeout_ms))
			fail("no \"%s\" on the screen", c.text);
		find_text(d, c.text, TEXT_PLAIN, false, &row, &col);
		c.text = text_arg(sep + 4);
		for (anchor = row; !found && row <= anchor + 2; )
			if (!(found = find_text(d, c.text, TEXT_PLAIN, true,
			    &row, &col)))
				row++;
	} else if (wait_for(d, &c, d->timeout_ms)) {
		found = find_text(d, c.text, TEXT_PLAIN, true, &row, &col);
	}
	if (!found)
		fail("no \"%s\" to click on", c.text);
	for (const char *p = c.text; *p != '\0'; p++)
		n += ((unsigned char)*p & 0xc0) != 0x80;
	click(d, row + 1, col + 1 + n / 2);
}

/*
 * Act until something shows, at most 40 times: tab_to TEXT (Tab until
 * TEXT has the focus), seek KEY TEXT, click_until BUTTON >> TEXT.
 */
static void
c_repeat(struct drv *d, char *arg)
{
	struct cond c = { .kind = d->cmd->cond };
	char press[64] = "\t", button[LINE_MAX_LEN], *sep = NULL;
	size_t n = 1;

	if (d->cmd->variant == 1 && (sep = strchr(arg, ' ')) != NULL) {
		*sep++ = '\0';
		n = decode(d, arg, press, sizeof press);
	} else if (d->cmd->variant == 2 && (sep = strstr(arg, " >> "))) {
		*sep = '\0';
		sep += 4;
	} else if (d->cmd->variant != 0) {
		fail("seek KEY TEXT; click_until BUTTON >> TEXT");
	}
	c.text = text_arg(sep != NULL ? sep : arg);
	for (int i = 0; i < 40; i++) {
		wait_quiet(d, 50, 2000);	/* the last one is painted */
		if (holds(d, &c))
			return;
		if (d->cmd->variant != 2) {
			write_all(d, press, n);
			continue;
		}
		snprintf(button, sizeof button, "%s", arg);
		c_click_on(d, button);
	}
	fail("40 times, and still not there: %s", d->line);
}

/* wheel up|down ROW COL: one turn of the mouse wheel. */
static void
c_wheel(struct drv *d, char *arg)
{
	int up = strncmp(arg, "up ", 3) == 0, row, col;

	if (!up && strncmp(arg, "down ", 5) != 0)
		fail("wheel up|down ROW COL");
	arg += up ? 3 : 5;
	row = (int)num_arg(&arg, "row");
	col = (int)num_arg(&arg, "column");
	mouse_report(d, up ? 64 : 65, row, col, true);
	settle(d, 60);
}

static void
c_resize(struct drv *d, char *arg)
{
	struct winsize ws;

	c_size(d, arg);
	if (d->rows < 2 || d->cols < 2 || d->rows > 500 || d->cols > 1000)
		fail("resize: bad size");
	ws = (struct winsize){ .ws_row = (unsigned short)d->rows,
	    .ws_col = (unsigned short)d->cols };
	vterm_set_size(d->vt, d->rows, d->cols);
	if (ioctl(d->master, TIOCSWINSZ, &ws) < 0)
		fail("TIOCSWINSZ: %s", strerror(errno));
	kill(d->pid, SIGWINCH);
	d->last_input = now_ms();	/* "quiet" counts from here too */
}

/* mark; bytes_since_mark; bytes_max N; bytes_min N. */
static void
c_bytes(struct drv *d, char *arg)
{
	unsigned long long n, limit;

	pump(d, 0);
	n = d->bytes - d->mark;
	if (d->cmd->variant == 0) {
		d->mark = d->bytes;
	} else if (d->cmd->variant == 1) {
		printf("%s:%u: %llu bytes since mark\n", d->script, d->lineno,
		    n);
	} else {
		limit = (unsigned long long)num_arg(&arg, "bytes");
		if (d->cmd->variant == 2 ? n > limit : n < limit)
			fail("%llu bytes since mark: %s", n, d->line);
	}
}

static void
c_signal(struct drv *d, char *arg)
{
	const char *name = arg + (strncmp(arg, "SIG", 3) == 0 ? 3 : 0);

	if (!d->running)
		fail("signal: the program is not running");
	for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++)
		if (strcmp(signals[i].name, name) == 0) {
			kill(d->pid, signals[i].sig);
			d->last_input = now_ms();
			return;
		}
	fail("unknown signal %s", arg);
}

static void
c_expect_exit(struct drv *d, char *arg)
{
	struct cond c = { .kind = C_EXITED };

	if (!wait_for(d, &c, d->timeout_ms))
		fail("timed out waiting for the program to exit");
	pump(d, 0);
	if (strcmp(arg, "any") == 0)
		return;
	if (!WIFEXITED(d->status) || WEXITSTATUS(d->status) != atoi(arg))
		fail("the program ended with wait status %#x, not exit %s",
		    d->status, arg);
}

static void
c_expect_running(struct drv *d, char *arg)
{
	(void)arg;
	pump(d, 0);
	if (!d->running)
		fail("the program has ended (wait status %#x)", d->status);
}

/* Alternate screen left, cursor shown, mouse off, line discipline cooked. */
static void
c_term_restored(struct drv *d, char *arg)
{
	struct termios t;

	(void)arg;
	wait_quiet(d, QUIET_MS, d->timeout_ms);
	if (d->altscreen)
		fail("terminal not restored: still on the alternate screen");
	if (!d->cursor_visible)
		fail("terminal not restored: the cursor is hidden");
	if (d->mouse)
		fail("terminal not restored: mouse reporting is on");
	if (tcgetattr(d->master, &t) == 0 &&
	    (t.c_lflag & (ICANON | ECHO | ISIG)) != (ICANON | ECHO | ISIG))
		fail("terminal not restored: left raw (lflag %#lx)",
		    (unsigned long)t.c_lflag);
}

/* dump [FILE]: the screen as text; show: framed, with the focus marked. */
static void
c_dump(struct drv *d, char *arg)
{
	FILE *f = *arg ? fopen(arg, "w") : stdout;

	if (f == NULL)
		fail("dump: %s: %s", arg, strerror(errno));
	pump(d, 0);
	dump_screen(d, f, d->cmd->variant);
	if (f != stdout)
		fclose(f);
}

static const struct command commands[] = {
	{ "term", c_term, W_SETUP, 0, 0 },
	{ "size", c_size, W_SETUP, 0, 0 },
	{ "env", c_env, W_SETUP, 0, 0 },
	{ "set", c_set, W_ANY, 0, 0 },
	{ "timeout", c_timeout, W_ANY, 0, 0 },
	{ "shell", c_shell, W_ANY, 0, 0 },
	{ "spawn", c_spawn, W_ANY, 0, 0 },
	{ "expect", c_until, W_PROGRAM, C_TEXT, 0 },
	{ "expect_at", c_until, W_PROGRAM, C_AT, 0 },
	{ "expect_focus", c_until, W_PROGRAM, C_FOCUS, 1 },
	{ "wait_gone", c_until, W_PROGRAM, C_GONE, 0 },
	{ "cursor", c_until, W_PROGRAM, C_CURSOR, 1 },
	{ "cursor_on", c_until, W_PROGRAM, C_CURSOR_ON, 1 },
	{ "expect_not", c_expect_not, W_PROGRAM, 0, 0 },
	{ "expect_re", c_capture, W_PROGRAM, 0, 0 },
	{ "capture", c_capture, W_PROGRAM, 0, 1 },
	{ "quiet", c_quiet, W_PROGRAM, 0, 0 },
	{ "wait", c_wait, W_PROGRAM, 0, 0 },
	{ "send", c_send, W_PROGRAM, 0, 0 },
	{ "type", c_send, W_PROGRAM, 0, 1 },
	{ "click", c_click, W_PROGRAM, 0, 0 },
	{ "click_on", c_click_on, W_PROGRAM, 0, 0 },
	{ "tab_to", c_repeat, W_PROGRAM, C_FOCUS, 0 },
	{ "seek", c_repeat, W_PROGRAM, C_TEXT, 1 },
	{ "click_until", c_repeat, W_PROGRAM, C_TEXT, 2 },
	{ "wheel", c_wheel, W_PROGRAM, 0, 0 },
	{ "resize", c_resize, W_PROGRAM, 0, 0 },
	{ "mark", c_bytes, W_PROGRAM, 0, 0 },
	{ "bytes_since_mark", c_bytes, W_PROGRAM, 0, 1 },
	{ "bytes_max", c_bytes, W_PROGRAM, 0, 2 },
	{ "bytes_min", c_bytes, W_PROGRAM, 0, 3 },
	{ "signal", c_signal, W_PROGRAM, 0, 0 },
	{ "expect_exit", c_expect_exit, W_PROGRAM, 0, 0 },
	{ "expect_running", c_expect_running, W_PROGRAM, 0, 0 },
	{ "term_restored", c_term_restored, W_PROGRAM, 0, 0 },
	{ "dump", c_dump, W_PROGRAM, 0, 0 },
	{ "show", c_dump, W_PROGRAM, 0, 1 },
};

static void
run_line(struct drv *d, char *cmd)
{
	char *arg = cmd + strcspn(cmd, " \t");
	size_t i, n = sizeof commands / sizeof commands[0];

	snprintf(d->line, sizeof d->line, "%s", cmd);
	if (*arg != '\0')
		*arg++ = '\0';
	for (i = 0; i < n && strcmp(commands[i].name, cmd) != 0; i++)
		continue;
	if (i == n)
		fail("unknown command \"%s\"", cmd);
	if (d->verbose)
		fprintf(stderr, "%s:%u: %6lld ms: %s\n", d->script, d->lineno,
		    now_ms() - d->t0, d->line);
	if (commands[i].when == W_SETUP && d->started)
		fail("%s must come before the program starts", cmd);
	if (commands[i].when == W_PROGRAM && !d->started)
		spawn(d);
	d->cmd = &commands[i];
	commands[i].run(d, arg);
}

static void
usage(void)
{
	fprintf(stderr, "usage: vtdrive [-tv] [-l RAWLOG] [-D NAME=VALUE]... "
	    "SCRIPT -- PROGRAM [ARGS...]\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	static struct drv d = { .rows = 24, .cols = 80, .master = -1,
	    .term = "xterm-256color", .timeout_ms = 10000,
	    .script = "vtdrive" };
	char raw[LINE_MAX_LEN], line[LINE_MAX_LEN * 2], *eq;
	FILE *f;
	int opt;

	the_drv = &d;
	d.t0 = now_ms();
	setvbuf(stdout, NULL, _IOLBF, 0);
	while ((opt = getopt(argc, argv, "+vtl:D:")) != -1) {
		if (opt == 'v')
			d.verbose = true;
		else if (opt == 't')
			d.term_check = true;
		else if (opt == 'l' && (d.rawlog = fopen(optarg, "w")) != NULL)
			continue;
		else if (opt != 'D' || (eq = strchr(optarg, '=')) == NULL)
			usage();
		else {
			*eq = '\0';
			var_set(&d, optarg, eq + 1);
		}
	}
	if (argc - optind < 2 || strcmp(argv[optind + 1], "--") != 0 ||
	    argv[optind + 2] == NULL)
		usage();
	d.script = argv[optind];
	d.argv = argv + optind + 2;
	d.kind = term_kind(d.term);
	signal(SIGPIPE, SIG_IGN);
	if ((f = fopen(d.script, "r")) == NULL) {
		fprintf(stderr, "vtdrive: %s: %s\n", d.script, strerror(errno));
		return 2;
	}
	while (fgets(raw, sizeof raw, f) != NULL) {
		char *s = raw + strspn(raw, " \t");

		d.lineno++;
		s[strcspn(s, "\r\n")] = '\0';
		if (*s == '\0' || *s == '#')
			continue;
		substitute(&d, s, line, sizeof line);
		run_line(&d, line);
	}
	fclose(f);
	if (d.term_check && d.running) {
		/* Ended as a kiosk is: SIGTERM, and a clean exit. */
		struct cond c = { .kind = C_EXITED };

		kill(d.pid, SIGTERM);
		if (!wait_for(&d, &c, 5000))
			fail("at the end: SIGTERM did not end the program");
		if (!WIFEXITED(d.status) || WEXITSTATUS(d.status) != 0)
			fail("at the end: SIGTERM ended the program with wait "
			    "status %#x, not exit 0", d.status);
	}
	stop_child(&d);
	if (d.rawlog != NULL)
		fclose(d.rawlog);
	if (d.vt != NULL)
		vterm_free(d.vt);
	return 0;
}
