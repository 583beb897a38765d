/* SPDX-License-Identifier: ISC */
/*
 * vtdrive's script: ${NAME} variables and the commands, one table of
 * them, each run with the rest of its line. The language is described at
 * the top of vtdrive.c.
 */
#include "vtdrive.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#define QUIET_MS 200

enum when { W_ANY, W_SETUP, W_PROGRAM };

struct command {
	const char *name;
	void (*run)(struct drv *, char *);
	enum when when;
	enum cond_kind cond;	/* for the commands that wait for one */
	int variant;		/* which of a handler's commands this is */
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

void
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
void
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

void
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
