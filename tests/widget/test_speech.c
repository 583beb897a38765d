/* SPDX-License-Identifier: ISC */
/*
 * tui/speech.c, Read to me, with stand-in speech programs: shell scripts
 * in a temporary folder that log their arguments, their process id and the
 * text they were given. What is said and in what order, British English
 * at the chosen rate, secrets never passed on, stop at once (the program
 * and what it started are gone), and "not working" for a missing program,
 * one that fails, and one that says there is no sound device (as
 * espeak-ng does, on standard error with exit status 0).
 */
#include "widgetutil.h"

#include <errno.h>
#include <signal.h>
#include <time.h>

#include "tui/speech.h"

static char dir[512];
static char logpath[600];

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
pause_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

	nanosleep(&ts, NULL);
}

/* A stand-in program: the shared logging head, then body. */
static void
script(const char *name, const char *body)
{
	char path[700];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "#!/bin/sh\n"
	    "log='%s'\n"
	    "echo \"args $*\" >> \"$log\"\n"
	    "echo \"pid $$\" >> \"$log\"\n"
	    "text=$(cat)\n"
	    "echo \"said $text\" >> \"$log\"\n"
	    "%s\n", logpath, body);
	fclose(f);
	assert_int_equal(chmod(path, 0755), 0);
	tui_speech_set_program(path);
}

static int
setup(void **state)
{
	const char *base = getenv("TMPDIR");

	(void)state;
	snprintf(dir, sizeof dir, "%s/signoff-speech-XXXXXX", base ? base : "/tmp");
	assert_non_null(mkdtemp(dir));
	snprintf(logpath, sizeof logpath, "%s/log", dir);
	return 0;
}

static int
teardown(void **state)
{
	char cmd[700];

	(void)state;
	tui_speech_shutdown();
	tui_speech_set_program(NULL);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	(void)!system(cmd);
	return 0;
}

/* The log so far ("" if none yet). */
static const char *
log_text(void)
{
	static char buf[8192];
	size_t n = 0;
	FILE *f = fopen(logpath, "r");

	if (f) {
		n = fread(buf, 1, sizeof buf - 1, f);
		fclose(f);
	}
	buf[n] = '\0';
	return buf;
}

static unsigned
count(const char *s, const char *what)
{
	unsigned n = 0;

	for (; (s = strstr(s, what)); s += strlen(what))
		n++;
	return n;
}

/* Tick until speech ends; the indices seen, in order, into seen[]. */
static size_t
run_to_end(int *seen, size_t max)
{
	long long deadline = now_ms() + 10000;
	size_t n = 0;
	int at;

	while ((at = tui_speech_tick()) >= 0) {
		if (n < max && (n == 0 || seen[n - 1] != at))
			seen[n++] = at;
		if (now_ms() > deadline)
			fail_msg("speech did not finish");
		pause_ms(5);
	}
	return n;
}

static void
test_says_each_sentence_in_order(void **state)
{
	static const char *const s[] = {"Welcome to the kiosk.",
		"This page is about the internet.", "Next button."};
	int seen[8];
	size_t n, i;
	const char *log;

	(void)state;
	script("say", "exit 0");
	assert_false(tui_speech_active());
	assert_int_equal(tui_speech_wait_ms(), -1);
	assert_int_equal(tui_speech_say(s, 3), TUI_SPEECH_SPEAKING);
	assert_true(tui_speech_active());
	assert_true(tui_speech_wait_ms() > 0);
	n = run_to_end(seen, 8);
	for (i = 1; i < n; i++)	/* the highlight only moves forward */
		assert_true(seen[i] > seen[i - 1]);
	assert_int_equal(tui_speech_status(), TUI_SPEECH_IDLE);
	log = log_text();
	assert_non_null(strstr(log, "args -v en-gb -s 150 -b 1\n"));
	assert_non_null(strstr(log, "said Welcome to the kiosk.\n"));
	assert_true(strstr(log, "said Welcome") < strstr(log, "said This page"));
	assert_true(strstr(log, "said This page") < strstr(log, "said Next button."));
	/* One program run per sentence, so the screen knows which is read. */
	assert_int_equal(count(log, "said "), 3);
	assert_int_equal(count(log, "pid "), 3);
}

/* Whether a process is gone (or only a zombie waiting for init). */
static bool
gone(long pid)
{
	char path[64], buf[512], *p;
	FILE *f;
	size_t n;

	snprintf(path, sizeof path, "/proc/%ld/stat", pid);
	if (!(f = fopen(path, "r")))
		return true;
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	p = strrchr(buf, ')');
	return p && p[1] == ' ' && p[2] == 'Z';
}

static void
test_stop_kills_at_once(void **state)
{
	static const char *const s[] = {"The first sentence is long.",
		"The second is never said."};
	long long deadline, stopped;
	long pid = 0, child = 0;
	const char *log, *p;

	(void)state;
	/* It starts a program of its own, which must go too. */
	script("slow", "sleep 30 & echo \"child $!\" >> \"$log\"; wait");
	assert_int_equal(tui_speech_say(s, 2), TUI_SPEECH_SPEAKING);
	deadline = now_ms() + 5000;
	while (!strstr(log_text(), "child ")) {
		assert_int_equal(tui_speech_tick(), 0);
		assert_true(now_ms() < deadline);
		pause_ms(5);
	}
	log = log_text();
	assert_non_null(p = strstr(log, "pid "));
	pid = strtol(p + 4, NULL, 10);
	assert_non_null(p = strstr(log, "child "));
	child = strtol(p + 6, NULL, 10);
	assert_true(pid > 1 && child > 1);
	assert_false(gone(pid));
	assert_false(gone(child));

	stopped = now_ms();
	tui_speech_stop();
	assert_false(tui_speech_active());
	assert_int_equal(tui_speech_tick(), -1);
	while (!(gone(pid) && gone(child))) {
		tui_speech_tick();	/* reaps what was killed */
		assert_true(now_ms() - stopped < 1000);
		pause_ms(2);
	}
	/* Reaped, not a zombie of ours. */
	while (kill((pid_t)pid, 0) == 0) {
		tui_speech_tick();
		assert_true(now_ms() - stopped < 1000);
		pause_ms(2);
	}
	assert_int_equal(errno, ESRCH);
	assert_null(strstr(log_text(), "never said"));
	assert_int_equal(tui_speech_status(), TUI_SPEECH_IDLE);
}

static void
test_missing_program_is_reported(void **state)
{
	static const char *const s[] = {"Hello."};
	char path[700];

	(void)state;
	snprintf(path, sizeof path, "%s/no-such-program", dir);
	tui_speech_set_program(path);
	assert_int_equal(tui_speech_say(s, 1), TUI_SPEECH_UNAVAILABLE);
	assert_int_equal(tui_speech_status(), TUI_SPEECH_UNAVAILABLE);
	assert_false(tui_speech_active());
	assert_int_equal(tui_speech_tick(), -1);
	/* Not on PATH either. */
	tui_speech_set_program("signoff-no-such-speech-program");
	assert_int_equal(tui_speech_say(s, 1), TUI_SPEECH_UNAVAILABLE);
	/* $SIGNOFF_SPEECH names the program when none is set. */
	tui_speech_set_program(NULL);
	setenv("SIGNOFF_SPEECH", path, 1);
	assert_int_equal(tui_speech_say(s, 1), TUI_SPEECH_UNAVAILABLE);
	unsetenv("SIGNOFF_SPEECH");
}

static void
test_no_sound_device_is_reported(void **state)
{
	static const char *const s[] = {"One.", "Two."};
	int seen[4];

	(void)state;
	/* What espeak-ng does with no sound device: complain, exit 0. */
	script("nosound", "echo 'error: No such file or directory' >&2; exit 0");
	assert_int_equal(tui_speech_say(s, 2), TUI_SPEECH_SPEAKING);
	run_to_end(seen, 4);
	assert_int_equal(tui_speech_status(), TUI_SPEECH_UNAVAILABLE);
	assert_null(strstr(log_text(), "said Two."));	/* it stopped there */
	/* A program that fails outright. */
	script("fails", "exit 1");
	assert_int_equal(tui_speech_say(s, 2), TUI_SPEECH_SPEAKING);
	run_to_end(seen, 4);
	assert_int_equal(tui_speech_status(), TUI_SPEECH_UNAVAILABLE);
	/* Working again: the status follows. */
	script("say", "exit 0");
	assert_int_equal(tui_speech_say(s, 2), TUI_SPEECH_SPEAKING);
	run_to_end(seen, 4);
	assert_int_equal(tui_speech_status(), TUI_SPEECH_IDLE);
}

static void
test_secrets_are_never_passed_on(void **state)
{
	static const char *const s[] = {
		"Your PIN is 482916.",
		"Your code is ABCD-EFGH now.",
		"Step 1 of 6, 2018, ISO27001, self-help, HA-YP-001.",
		"Bad\033[2Jtext.",
	};
	int seen[8];
	const char *log;

	(void)state;
	script("say", "exit 0");
	assert_int_equal(tui_speech_say(s, 4), TUI_SPEECH_SPEAKING);
	run_to_end(seen, 8);
	log = log_text();
	assert_null(strstr(log, "482916"));
	assert_null(strstr(log, "ABCD"));
	assert_non_null(strstr(log, "said Your PIN is hidden.\n"));
	assert_non_null(strstr(log, "said Your code is hidden now.\n"));
	assert_non_null(strstr(log,
	    "said Step 1 of 6, 2018, ISO27001, self-help, HA-YP-001.\n"));
	assert_non_null(strstr(log, "said Bad [2Jtext.\n"));
	assert_null(strchr(log, '\033'));
}

static void
test_rate_slower_and_faster(void **state)
{
	static const char *const s[] = {"Faster now."};
	int seen[2];

	(void)state;
	assert_int_equal(tui_speech_rate(), 150);
	assert_int_equal(tui_speech_rate_down(), 125);
	assert_int_equal(tui_speech_rate_down(), 100);
	assert_int_equal(tui_speech_rate_down(), 100);
	assert_int_equal(tui_speech_rate_up(), 125);
	assert_int_equal(tui_speech_rate_up(), 150);
	assert_int_equal(tui_speech_rate_up(), 175);
	assert_int_equal(tui_speech_rate_up(), 200);
	assert_int_equal(tui_speech_rate_up(), 200);
	script("say", "exit 0");
	assert_int_equal(tui_speech_say(s, 1), TUI_SPEECH_SPEAKING);
	run_to_end(seen, 2);
	assert_non_null(strstr(log_text(), "args -v en-gb -s 200 -b 1\n"));
	tui_speech_rate_down();
	tui_speech_rate_down();
	assert_int_equal(tui_speech_rate(), 150);
}

/* Whether name is an executable on PATH. */
static bool
on_path(const char *name)
{
	char path[4096], file[4200], *dirs, *save, *d;
	const char *env = getenv("PATH");

	snprintf(path, sizeof path, "%s", env ? env : "/usr/bin:/bin");
	for (dirs = path; (d = strtok_r(dirs, ":", &save)); dirs = NULL) {
		snprintf(file, sizeof file, "%s/%s", d, name);
		if (access(file, X_OK) == 0)
			return true;
	}
	return false;
}

/*
 * The real espeak-ng where there is no sound device (no /dev/snd and no
 * sound server): "not working", not silence. Skipped where it could be
 * heard, or is not installed.
 */
static void
test_real_espeak_ng_without_sound(void **state)
{
	static const char *const s[] = {"Hello."};
	struct stat st;
	int seen[2];

	(void)state;
	if (!on_path("espeak-ng") || stat("/dev/snd", &st) == 0 ||
	    getenv("PULSE_SERVER") || getenv("XDG_RUNTIME_DIR"))
		skip();
	tui_speech_set_program(NULL);
	unsetenv("SIGNOFF_SPEECH");
	assert_int_equal(tui_speech_say(s, 1), TUI_SPEECH_SPEAKING);
	run_to_end(seen, 2);
	assert_int_equal(tui_speech_status(), TUI_SPEECH_UNAVAILABLE);
}

static void
test_split_into_sentences(void **state)
{
	static const char text[] = "  One. Two?\nThree! See www.hants.gov.uk "
	    "for more. \"What can you trust?\" is a module. End";
	struct tui_span sp[8];
	size_t n;

	(void)state;
	n = tui_speech_split(text, sp, 8);
	assert_int_equal(n, 6);
	assert_int_equal(sp[0].off, 2);
	assert_int_equal(sp[0].len, 4);
	assert_memory_equal(text + sp[1].off, "Two?", sp[1].len);
	assert_memory_equal(text + sp[2].off, "Three!", sp[2].len);
	assert_memory_equal(text + sp[3].off, "See www.hants.gov.uk for more.",
	    sp[3].len);
	assert_memory_equal(text + sp[4].off,
	    "\"What can you trust?\" is a module.", sp[4].len);
	assert_memory_equal(text + sp[5].off, "End", sp[5].len);
	assert_int_equal(tui_speech_split(text, sp, 2), 6);
	assert_int_equal(tui_speech_split("   ", sp, 8), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		T(test_says_each_sentence_in_order),
		T(test_stop_kills_at_once),
		T(test_missing_program_is_reported),
		T(test_no_sound_device_is_reported),
		T(test_secrets_are_never_passed_on),
		T(test_rate_slower_and_faster),
		T(test_split_into_sentences),
		T(test_real_espeak_ng_without_sound),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
