/* SPDX-License-Identifier: ISC */
/*
 * signoff staff add | list | disable | enable | passwd.
 *
 * Passphrases are read from the terminal with echo off, twice; when
 * standard input is not a terminal (scripts, tests), one line from it.
 * They go straight into locked memory with read(2), never through stdio's
 * buffers, and are wiped after use. The command line acts as itself: its
 * ledger entries have a zero actor (core/staff.h).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sysexits.h>
#include <termios.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/staff.h"

#define PASS_CAP (STAFF_PASS_MAX * 4 + 2)

static const char staff_usage[] =
    "usage: signoff [-c FILE] staff add NAME --role tutor|dsl|supervisor|admin\n"
    "       signoff [-c FILE] staff list\n"
    "       signoff [-c FILE] staff disable NAME\n"
    "       signoff [-c FILE] staff enable NAME     (also unlocks)\n"
    "       signoff [-c FILE] staff passwd NAME\n"
    "The passphrase (at least 10 characters) is asked for on the terminal,\n"
    "or read as one line from standard input when that is not a terminal.\n";

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

/*
 * One line from fd 0 into buf (NUL-terminated, no line end): 1, or 0 at
 * end of input, or -1 (said on stderr) when it does not fit.
 */
static int
read_line(char *buf, size_t cap)
{
	size_t n = 0;
	bool any = false;
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
			n = cap;	/* too long: refused below */
	}
	if (n == cap) {
		crypto_wipe(buf, cap);
		fputs("signoff: the passphrase is too long\n", stderr);
		return -1;
	}
	if (n > 0 && buf[n - 1] == '\r')
		n--;
	buf[n] = '\0';
	return any;
}

static bool
prompt(const char *question, char *buf, size_t cap)
{
	struct sigaction sa, old_int, old_term, old_hup;
	struct termios quiet;
	bool ok;

	fputs(question, stderr);
	fflush(stderr);
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
	ok = tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0 && read_line(buf, cap) > 0;
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_tty);
	tty_saved = 0;
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	sigaction(SIGHUP, &old_hup, NULL);
	fputc('\n', stderr);
	return ok;
}

/* The new passphrase into a locked buffer, or NULL (and a message). */
static char *
ask_passphrase(const char *name)
{
	char *pass = secret_alloc(PASS_CAP), *again = NULL;
	char question[128];
	bool ok;

	if (!pass) {
		fputs("signoff: no locked memory for the passphrase\n", stderr);
		return NULL;
	}
	if (!isatty(STDIN_FILENO)) {
		int got = read_line(pass, PASS_CAP);

		if (got > 0)
			return pass;
		if (got == 0)
			fputs("signoff: expected the passphrase as a line on standard input\n",
			    stderr);
		secret_free(&pass, PASS_CAP);
		return NULL;
	}
	snprintf(question, sizeof question,
	    "New passphrase for %s (at least %d characters): ", name, STAFF_PASS_MIN);
	ok = prompt(question, pass, PASS_CAP);
	if (ok && (again = secret_alloc(PASS_CAP)))
		ok = prompt("The same passphrase again: ", again, PASS_CAP);
	if (ok && again && strcmp(pass, again) != 0) {
		fputs("signoff: the two passphrases were not the same; nothing changed\n",
		    stderr);
		ok = false;
	}
	secret_free(&again, PASS_CAP);
	if (!ok)
		secret_free(&pass, PASS_CAP);
	return pass;
}

static int
staff_add_cmd(struct site *site, int argc, char **argv)
{
	const char *name = NULL, *role_name = NULL;
	enum core_status status;
	enum staff_role role;
	char *pass;
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--role") == 0 && i + 1 < argc)
			role_name = argv[++i];
		else if (argv[i][0] != '-' && !name)
			name = argv[i];
		else
			break;
	}
	if (i < argc || !name || !role_name) {
		fputs(staff_usage, stderr);
		return EX_USAGE;
	}
	if (!staff_role_parse(role_name, &role)) {
		fputs("signoff: staff add: --role: expected tutor, dsl, supervisor or admin\n",
		    stderr);
		return EX_USAGE;
	}
	if (!(pass = ask_passphrase(name)))
		return EX_DATAERR;
	status = staff_add(site, name, role, pass, NULL);
	secret_free(&pass, PASS_CAP);
	if (status != CORE_OK)
		return cli_fail("staff add", status);
	printf("Added %s (%s).\n", name, staff_role_name(role));
	return EX_OK;
}

static bool
print_staff(const struct staff *s, void *ctx)
{
	(void)ctx;
	cli_put(stdout, s->name);
	printf("\t%s\t%s\n", staff_role_name(s->role),
	    s->disabled ? "disabled" : s->locked ? "locked" : "enabled");
	return true;
}

static int
staff_list_cmd(struct site *site, int argc)
{
	enum core_status status;

	if (argc != 1) {
		fputs(staff_usage, stderr);
		return EX_USAGE;
	}
	puts("id\trole\tstate");
	if ((status = staff_list(site, print_staff, NULL)) != CORE_OK)
		return cli_fail("staff list", status);
	return EX_OK;
}

static int
staff_change_cmd(struct site *site, int argc, char **argv)
{
	const char *verb = argv[0], *name = argc == 2 ? argv[1] : NULL;
	enum core_status status;
	char what[32];
	char *pass;

	if (!name || name[0] == '-') {
		fputs(staff_usage, stderr);
		return EX_USAGE;
	}
	snprintf(what, sizeof what, "staff %s", verb);
	if (strcmp(verb, "disable") == 0) {
		status = staff_disable(site, name, NULL);
	} else if (strcmp(verb, "enable") == 0) {
		status = staff_enable(site, name, NULL);
	} else {
		struct staff s;

		/* Say "no such account" before asking for a passphrase. */
		if ((status = staff_get(site, name, &s)) != CORE_OK)
			return cli_fail(what, status);
		if (!(pass = ask_passphrase(name)))
			return EX_DATAERR;
		status = staff_passwd(site, name, pass, NULL);
		secret_free(&pass, PASS_CAP);
	}
	if (status != CORE_OK)
		return cli_fail(what, status);
	printf("%s: ", strcmp(verb, "disable") == 0 ? "Disabled" :
	    strcmp(verb, "enable") == 0 ? "Enabled and unlocked" : "New passphrase set");
	cli_put(stdout, name);
	putchar('\n');
	return EX_OK;
}

int
cmd_staff(const char *config, int argc, char **argv)
{
	static const char *const verbs[] = { "add", "list", "disable", "enable", "passwd" };
	enum core_status status;
	struct site *site;
	size_t v;
	int rc;

	for (v = 0; argc >= 2 && v < sizeof verbs / sizeof verbs[0]; v++)
		if (strcmp(argv[1], verbs[v]) == 0)
			break;
	if (argc < 2 || v == sizeof verbs / sizeof verbs[0]) {
		fputs(staff_usage, stderr);
		return EX_USAGE;
	}
	if ((status = site_open(config, &site)) != CORE_OK)
		return cli_fail("opening the site", status);
	if (v == 0)
		rc = staff_add_cmd(site, argc - 1, argv + 1);
	else if (v == 1)
		rc = staff_list_cmd(site, argc - 1);
	else
		rc = staff_change_cmd(site, argc - 1, argv + 1);
	site_close(&site);
	return rc;
}
