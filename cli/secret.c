/* SPDX-License-Identifier: ISC */
/* Secrets and answers at the command line; secret.h says how. */
#include "cli/secret.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sysexits.h>
#include <termios.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/role.h"

static struct termios saved_tty;
static volatile sig_atomic_t tty_saved;

/* Put echo back if the user interrupts at the prompt, then die of the signal. */
static void
restore_and_die(int sig)
{
	if (tty_saved)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_tty);
	signal(sig, SIG_DFL);
	raise(sig);
}

int
cli_read_line(char *buf, size_t cap)
{
	size_t n = 0;
	bool any = false, long_line = false;
	ssize_t r;
	char c;

	for (;;) {
		r = read(STDIN_FILENO, &c, 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		any = true;
		if (c == '\n')
			break;
		if (n + 1 < cap)
			buf[n++] = c;
		else
			long_line = true;
	}
	if (long_line) {
		crypto_wipe(buf, cap);
		fputs("signoff: the line is too long\n", stderr);
		return -1;
	}
	if (n > 0 && buf[n - 1] == '\r')
		n--;
	buf[n] = '\0';
	return any;
}

static bool
ask_tty(const char *question, bool secret, char *buf, size_t cap)
{
	struct sigaction sa, old_int, old_term, old_hup;
	struct termios quiet;
	bool ok;

	fputs(question, stderr);
	fflush(stderr);
	if (!secret)
		return cli_read_line(buf, cap) > 0;
	if (tcgetattr(STDIN_FILENO, &saved_tty) != 0)
		return false;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = restore_and_die;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	sigaction(SIGHUP, &sa, &old_hup);
	tty_saved = 1;
	quiet = saved_tty;
	quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
	quiet.c_lflag |= ICANON;
	ok = tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0 && cli_read_line(buf, cap) > 0;
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_tty);
	tty_saved = 0;
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	sigaction(SIGHUP, &old_hup, NULL);
	fputc('\n', stderr);
	return ok;
}

bool
cli_ask(const char *question, bool secret, char *buf, size_t cap)
{
	int got;

	if (isatty(STDIN_FILENO)) {
		if (ask_tty(question, secret, buf, cap))
			return true;
		fputs("signoff: nothing was entered\n", stderr);
		return false;
	}
	got = cli_read_line(buf, cap);
	if (got == 0)
		fprintf(stderr, "signoff: expected a line on standard input for: %s\n",
		    question);
	return got > 0;
}

int
cli_concerns_unlock(struct site *site, const char *name, struct staff *who,
    struct concerns_key **key)
{
	char *pass = secret_alloc(CLI_SECRET_CAP);
	char question[160];
	enum core_status status;

	*key = NULL;
	if (!pass) {
		fputs("signoff: no locked memory for the passphrase\n", stderr);
		return EX_OSERR;
	}
	/* Say "no such account" or "not allowed" before asking. */
	status = staff_get(site, name, who);
	if (status == CORE_OK)
		status = role_check(who->role, ROLE_ACT_READ_CONCERNS);
	if (status != CORE_OK) {
		secret_free(&pass, CLI_SECRET_CAP);
		return cli_fail("concerns", status);
	}
	snprintf(question, sizeof question, "Passphrase for %s: ", who->name);
	if (!cli_ask(question, true, pass, CLI_SECRET_CAP)) {
		secret_free(&pass, CLI_SECRET_CAP);
		return EX_DATAERR;
	}
	status = concerns_key_open(site, who, pass, key);
	secret_free(&pass, CLI_SECRET_CAP);
	return status == CORE_OK ? EX_OK : cli_fail("opening the concerns key", status);
}

int
cli_concerns_recover(struct site *site, struct concerns_key **key)
{
	char *code = secret_alloc(CLI_SECRET_CAP);
	enum core_status status;

	*key = NULL;
	if (!code) {
		fputs("signoff: no locked memory for the code\n", stderr);
		return EX_OSERR;
	}
	if (!cli_ask("Recovery code for the concerns key: ", true, code, CLI_SECRET_CAP)) {
		secret_free(&code, CLI_SECRET_CAP);
		return EX_DATAERR;
	}
	status = concerns_key_open_recovery(site, code, key);
	secret_free(&code, CLI_SECRET_CAP);
	return status == CORE_OK ? EX_OK : cli_fail("opening the concerns key", status);
}
