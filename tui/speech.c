/* SPDX-License-Identifier: ISC */
/*
 * Read to me: one run of the speech program per sentence (see speech.h).
 *
 * The program runs in its own process group with the sentence on its
 * standard input (a socket, so a program that exits early cannot raise
 * SIGPIPE here), standard output on /dev/null and standard error on a pipe
 * we read: espeak-ng with no sound device says so there and still exits
 * 0, so any word on standard error counts as "not working", as does a
 * failed start or a non-zero exit. No other descriptor of ours (the
 * terminal, the database) reaches it, and the signals the kiosk ignores
 * are back to their defaults in it. Stopping kills the group; what has
 * been killed is reaped on later ticks, so the UI never waits.
 */
#include "speech.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define DEFAULT_PROGRAM "espeak-ng"
#define VOICE "en-gb"
#define TICK_MS 50
#define DYING_MAX 8

extern char **environ;

static const int rates[] = {100, 125, 150, 175, 200};
#define RATE_FIRST 2

static struct {
	char program[512];
	char **sentence;	/* owned copies */
	size_t n, at;
	pid_t pid;		/* the program saying sentence[at], 0: none */
	int err_fd;		/* its standard error, -1: none */
	bool err_seen;
	enum tui_speech_status status;
	int rate;		/* index into rates */
	bool rate_set;
	pid_t dying[DYING_MAX];	/* killed, not yet reaped */
} sp = {.err_fd = -1};

void
tui_speech_set_program(const char *program)
{
	snprintf(sp.program, sizeof sp.program, "%s", program ? program : "");
}

static const char *
program(void)
{
	const char *env = getenv("SIGNOFF_SPEECH");

	if (sp.program[0])
		return sp.program;
	return env && *env ? env : DEFAULT_PROGRAM;
}

static int
rate_index(void)
{
	if (!sp.rate_set) {
		sp.rate = RATE_FIRST;
		sp.rate_set = true;
	}
	return sp.rate;
}

/* ---- secrets and control characters never leave ---- */

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool
is_code_char(char c)
{
	return is_digit(c) || (c >= 'A' && c <= 'Z');
}

static bool
is_word_char(char c)
{
	return is_code_char(c) || (c >= 'a' && c <= 'z');
}

/* "ABCD-EFGH" (an activation or receipt code) at s, standing alone. */
static size_t
code_at(const char *s)
{
	for (int i = 0; i < 9; i++)
		if (i == 4 ? s[i] != '-' : !is_code_char(s[i]))
			return 0;
	return is_word_char(s[9]) ? 0 : 9;
}

static void
clean(const char *in, char *out, size_t cap)
{
	static const char hidden[] = "hidden";
	size_t o = 0, run;
	bool start;

	for (size_t i = 0; in[i] && o + sizeof hidden < cap;) {
		start = i == 0 || !is_word_char(in[i - 1]);
		for (run = 0; is_digit(in[i + run]); run++)
			;
		if (start && (run >= 6 || code_at(in + i))) {
			memcpy(out + o, hidden, sizeof hidden - 1);
			o += sizeof hidden - 1;
			i += run >= 6 ? run : code_at(in + i);
			continue;
		}
		out[o++] = (unsigned char)in[i] < 0x20 || in[i] == 0x7f ? ' ' :
		    in[i];
		i++;
	}
	out[o] = '\0';
}

/* ---- processes ---- */

static void
reap_dying(bool wait)
{
	for (int i = 0; i < DYING_MAX; i++)
		if (sp.dying[i] > 0 &&
		    waitpid(sp.dying[i], NULL, wait ? 0 : WNOHANG) != 0)
			sp.dying[i] = 0;
}

static void
bury(pid_t pid)
{
	int i;

	for (i = 0; i < DYING_MAX; i++) {
		if (sp.dying[i] <= 0) {
			sp.dying[i] = pid;
			return;
		}
	}
	waitpid(pid, NULL, 0);	/* no room: it was SIGKILLed, it goes soon */
}

/* Whatever is on the program's standard error: any of it is a failure. */
static void
drain_errors(void)
{
	char buf[512];
	ssize_t got;

	while (sp.err_fd >= 0 &&
	    (got = read(sp.err_fd, buf, sizeof buf)) != 0) {
		if (got < 0) {
			if (errno == EINTR)
				continue;
			if (errno != EAGAIN && errno != EWOULDBLOCK)
				sp.err_seen = true;
			return;
		}
		sp.err_seen = true;
	}
}

static void
close_errors(void)
{
	if (sp.err_fd >= 0)
		close(sp.err_fd);
	sp.err_fd = -1;
}

static int
spawn_setup(posix_spawn_file_actions_t *fa, posix_spawnattr_t *at, int in,
    int err)
{
	static const int defaults[] = {SIGPIPE, SIGINT, SIGQUIT, SIGTSTP,
		SIGTTIN, SIGTTOU, SIGTERM, SIGHUP, SIGCHLD};
	sigset_t set;
	size_t i;

	sigemptyset(&set);
	for (i = 0; i < sizeof defaults / sizeof defaults[0]; i++)
		sigaddset(&set, defaults[i]);
	if (posix_spawnattr_setsigdefault(at, &set) ||
	    posix_spawnattr_setpgroup(at, 0))
		return -1;
	sigemptyset(&set);
	if (posix_spawnattr_setsigmask(at, &set) ||
	    posix_spawnattr_setflags(at, POSIX_SPAWN_SETPGROUP |
	    POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
		return -1;
	if (posix_spawn_file_actions_adddup2(fa, in, 0) ||
	    posix_spawn_file_actions_addopen(fa, 1, "/dev/null", O_WRONLY, 0) ||
	    posix_spawn_file_actions_adddup2(fa, err, 2) ||
	    posix_spawn_file_actions_addclosefrom_np(fa, 3))
		return -1;
	return 0;
}

/* Start the program for sentence[at]; false when it could not start. */
static bool
start_one(void)
{
	char text[TUI_SPEECH_SENTENCE_MAX + 16], rate[16], prog[512];
	char o_v[] = "-v", voice[] = VOICE, o_s[] = "-s", o_b[] = "-b";
	char utf8[] = "1";
	char *argv[] = {prog, o_v, voice, o_s, rate, o_b, utf8, NULL};
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	int sv[2], ep[2], rc = -1;
	size_t len, off = 0;
	ssize_t put;

	snprintf(rate, sizeof rate, "%d", rates[rate_index()]);
	snprintf(prog, sizeof prog, "%s", program());
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
		return false;
	if (pipe2(ep, O_CLOEXEC | O_NONBLOCK) != 0) {
		close(sv[0]);
		close(sv[1]);
		return false;
	}
	fcntl(ep[1], F_SETFL, 0);	/* the program's end blocks as usual */
	if (posix_spawn_file_actions_init(&fa) == 0) {
		if (posix_spawnattr_init(&at) == 0) {
			if (spawn_setup(&fa, &at, sv[1], ep[1]) == 0)
				rc = posix_spawnp(&sp.pid, argv[0], &fa, &at,
				    argv, environ);
			posix_spawnattr_destroy(&at);
		}
		posix_spawn_file_actions_destroy(&fa);
	}
	close(sv[1]);
	close(ep[1]);
	if (rc != 0) {
		sp.pid = 0;
		close(sv[0]);
		close(ep[0]);
		return false;
	}
	sp.err_fd = ep[0];
	sp.err_seen = false;
	clean(sp.sentence[sp.at], text, sizeof text - 1);
	len = strlen(text);
	text[len++] = '\n';
	while (off < len) {
		put = send(sv[0], text + off, len - off, MSG_NOSIGNAL);
		if (put < 0 && errno == EINTR)
			continue;
		if (put <= 0)
			break;	/* it went already: its exit status tells */
		off += (size_t)put;
	}
	close(sv[0]);	/* end of the text */
	return true;
}

static void
forget_sentences(void)
{
	for (size_t i = 0; i < sp.n; i++) {
		memset(sp.sentence[i], 0, strlen(sp.sentence[i]));
		free(sp.sentence[i]);
	}
	free(sp.sentence);
	sp.sentence = NULL;
	sp.n = sp.at = 0;
}

static void
kill_current(void)
{
	if (sp.pid > 0) {
		kill(-sp.pid, SIGKILL);
		if (waitpid(sp.pid, NULL, WNOHANG) == 0)
			bury(sp.pid);
	}
	sp.pid = 0;
	close_errors();
}

void
tui_speech_stop(void)
{
	kill_current();
	forget_sentences();
	if (sp.status == TUI_SPEECH_SPEAKING)
		sp.status = TUI_SPEECH_IDLE;
	reap_dying(false);
}

void
tui_speech_shutdown(void)
{
	tui_speech_stop();
	reap_dying(true);
}

static enum tui_speech_status
fail(void)
{
	kill_current();
	forget_sentences();
	sp.status = TUI_SPEECH_UNAVAILABLE;
	return sp.status;
}

enum tui_speech_status
tui_speech_say(const char *const *sentences, size_t n)
{
	size_t i;

	tui_speech_stop();
	sp.status = TUI_SPEECH_IDLE;
	if (n > TUI_SPEECH_MAX)
		n = TUI_SPEECH_MAX;
	if (!n)
		return sp.status;
	if (!(sp.sentence = calloc(n, sizeof *sp.sentence)))
		return fail();
	for (i = 0; i < n; i++) {
		if (!(sp.sentence[i] = strndup(sentences[i] ? sentences[i] : "",
		    TUI_SPEECH_SENTENCE_MAX))) {
			sp.n = i;
			return fail();
		}
	}
	sp.n = n;
	sp.at = 0;
	if (!start_one())
		return fail();
	sp.status = TUI_SPEECH_SPEAKING;
	return sp.status;
}

int
tui_speech_tick(void)
{
	int wstatus;
	pid_t got;

	reap_dying(false);
	if (sp.status != TUI_SPEECH_SPEAKING || sp.pid <= 0)
		return -1;
	drain_errors();
	got = waitpid(sp.pid, &wstatus, WNOHANG);
	if (got == 0 && !sp.err_seen)
		return (int)sp.at;
	if (got == 0) {		/* complaining: no sound, say, so stop it */
		fail();
		return -1;
	}
	sp.pid = 0;
	drain_errors();
	close_errors();
	if (got < 0 || sp.err_seen || !WIFEXITED(wstatus) ||
	    WEXITSTATUS(wstatus) != 0) {
		fail();
		return -1;
	}
	if (++sp.at >= sp.n) {
		forget_sentences();
		sp.status = TUI_SPEECH_IDLE;
		return -1;
	}
	if (!start_one()) {
		fail();
		return -1;
	}
	return (int)sp.at;
}

int
tui_speech_wait_ms(void)
{
	return sp.status == TUI_SPEECH_SPEAKING ? TICK_MS : -1;
}

enum tui_speech_status
tui_speech_status(void)
{
	return sp.status;
}

bool
tui_speech_active(void)
{
	return sp.status == TUI_SPEECH_SPEAKING;
}

int
tui_speech_rate_down(void)
{
	if (rate_index() > 0)
		sp.rate--;
	return rates[sp.rate];
}

int
tui_speech_rate_up(void)
{
	if (rate_index() < (int)(sizeof rates / sizeof rates[0]) - 1)
		sp.rate++;
	return rates[sp.rate];
}

int
tui_speech_rate(void)
{
	return rates[rate_index()];
}

size_t
tui_speech_split(const char *text, struct tui_span *spans, size_t max)
{
	size_t i = 0, start, n = 0;

	for (;;) {
		while (text[i] == ' ' || text[i] == '\n' || text[i] == '\t')
			i++;
		if (!text[i])
			return n;
		start = i;
		while (text[i] && !(strchr(".!?", text[i]) &&
		    (!text[i + 1] || strchr(" \n\t", text[i + 1]))))
			i++;
		if (text[i])
			i++;	/* the full stop belongs to its sentence */
		if (n < max)
			spans[n] = (struct tui_span){start, i - start};
		n++;
	}
}
