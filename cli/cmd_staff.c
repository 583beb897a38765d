/* SPDX-License-Identifier: ISC */
/*
 * signoff staff add | list | disable | enable | passwd.
 *
 * Passphrases are read from the terminal with echo off, twice; when
 * standard input is not a terminal (scripts, tests), one line from it.
 * They go straight into locked memory with read(2), never through stdio's
 * buffers, and are wiped after use. The command line acts as itself: its
 * ledger entries have a zero actor (core/staff.h).
 *
 * Designated safeguarding leads and administrators hold copies of the
 * concerns key (core/concern.h). Adding one, or setting a new passphrase
 * for one, needs the key opened by someone who holds it (asked for here:
 * --unlock-as NAME, the recovery code with --recovery, or on a terminal a
 * prompt), or the account goes without access. Giving up the last copy
 * (disable, or passwd without the key) is confirmed first (--yes).
 */
#include <stdio.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/secret.h"
#include "core/concern.h"
#include "core/staff.h"

#define PASS_CAP (STAFF_PASS_MAX * 4 + 2)

static const char staff_usage[] =
    "usage: signoff [-c FILE] staff add NAME --role tutor|dsl|supervisor|admin\n"
    "                       [--unlock-as HOLDER | --recovery]\n"
    "       signoff [-c FILE] staff list\n"
    "       signoff [-c FILE] staff disable NAME [--yes]\n"
    "       signoff [-c FILE] staff enable NAME     (also unlocks)\n"
    "       signoff [-c FILE] staff passwd NAME [--unlock-as HOLDER | --recovery]\n"
    "                       [--yes]\n"
    "The passphrase (at least 10 characters) is asked for on the terminal,\n"
    "or read as one line from standard input when that is not a terminal.\n"
    "A DSL or administrator gets access to concerns from HOLDER, one who has\n"
    "it (their passphrase is the next line), or from the recovery code.\n";

/* Options about the concerns key, for add, passwd and disable. */
struct key_opts {
	const char *unlock_as;
	bool recovery;
	bool yes;
};

/* Take a key option at argv[*i]; false if it is not one. */
static bool
key_option(int argc, char **argv, int *i, struct key_opts *k)
{
	if (strcmp(argv[*i], "--unlock-as") == 0 && *i + 1 < argc)
		k->unlock_as = argv[++*i];
	else if (strcmp(argv[*i], "--recovery") == 0)
		k->recovery = true;
	else if (strcmp(argv[*i], "--yes") == 0)
		k->yes = true;
	else
		return false;
	return true;
}

/*
 * The concerns key for giving name a copy: from the options, else on a
 * terminal by asking who holds it (Enter skips), else none. Nothing is
 * needed while no one holds a copy: a new key is made for name.
 */
static int
get_unlocker(struct site *site, const char *name, const struct key_opts *k,
    struct concerns_key **key)
{
	struct concerns_access acc;
	enum core_status status;
	char holder[STAFF_NAME_MAX + 2];
	struct staff who;

	*key = NULL;
	if ((status = concerns_access_get(site, &acc)) != CORE_OK)
		return cli_fail("the concerns key", status);
	if (!acc.key || (acc.holders == 0 && !acc.recovery))
		return EX_OK;
	if (k->recovery)
		return cli_concerns_recover(site, key);
	if (k->unlock_as)
		return cli_concerns_unlock(site, k->unlock_as, &who, key);
	if (!isatty(STDIN_FILENO))
		return EX_OK;
	fprintf(stderr, "To give %s access to concerns, a designated safeguarding lead\n"
	    "or administrator who has it signs in (%s themselves, with their current\n"
	    "passphrase, to keep it).\n", name, name);
	if (!cli_ask("Their staff id (Enter to skip): ", false, holder, sizeof holder))
		return EX_OK;
	return holder[0] ? cli_concerns_unlock(site, holder, &who, key) : EX_OK;
}

/*
 * Whether s may give up their copy of the concerns key: yes unless it is
 * the last one and concerns are sealed to it; then only with --yes or a
 * typed yes. disable: said for disabling, else for a new passphrase.
 */
static bool
may_give_up_last(struct site *site, const struct staff *s, const struct key_opts *k,
    bool disable)
{
	struct concerns_access acc;
	struct concern_counts c;
	char answer[8];

	if (!s->concerns_access || concerns_access_get(site, &acc) != CORE_OK ||
	    acc.holders > 1 || acc.recovery || k->yes ||
	    concern_counts(site, &c) != CORE_OK || c.total == 0)
		return true;
	if (disable)
		fprintf(stderr, "Disabling %s deletes the only copy of the concerns key: the "
		    "%lu concern%s reported so far could no longer be read by anyone.\n"
		    "Give another DSL or administrator access first (signoff staff passwd "
		    "OTHER --unlock-as %s),\nor make a recovery code (signoff concern "
		    "recovery-code --as %s).\n", s->name, c.total, c.total == 1 ? "" : "s",
		    s->name, s->name);
	else
		fprintf(stderr, "%s holds the only copy of the concerns key. Unless it is "
		    "re-wrapped (--unlock-as %s\nwith the current passphrase, or "
		    "--recovery), a new key is made and the %lu concern%s\nreported so far "
		    "could no longer be read by anyone.\n", s->name, s->name, c.total,
		    c.total == 1 ? "" : "s");
	if (!isatty(STDIN_FILENO)) {
		fputs("signoff: not done; add --yes to go on anyway\n", stderr);
		return false;
	}
	if (!cli_ask("Type yes to go on anyway: ", false, answer, sizeof answer) ||
	    strcmp(answer, "yes") != 0) {
		fputs("signoff: nothing changed\n", stderr);
		return false;
	}
	return true;
}

static void
say_access(struct site *site, const char *name)
{
	struct staff s;

	if (staff_get(site, name, &s) != CORE_OK ||
	    (s.role != ROLE_DSL && s.role != ROLE_ADMIN))
		return;
	if (s.concerns_access)
		printf("%s can open concerns.\n", s.name);
	else
		printf("%s cannot read concerns yet: a DSL or administrator who can gives\n"
		    "access with  signoff staff passwd %s --unlock-as THEIR-ID\n",
		    s.name, s.name);
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
	snprintf(question, sizeof question,
	    "New passphrase for %s (at least %d characters): ", name, STAFF_PASS_MIN);
	ok = cli_ask(question, true, pass, PASS_CAP);
	/* Asked twice only on a terminal: a script gives it once. */
	if (ok && isatty(STDIN_FILENO)) {
		ok = (again = secret_alloc(PASS_CAP)) &&
		    cli_ask("The same passphrase again: ", true, again, PASS_CAP);
		if (ok && strcmp(pass, again) != 0) {
			fputs("signoff: the two passphrases were not the same; nothing changed\n",
			    stderr);
			ok = false;
		}
		secret_free(&again, PASS_CAP);
	}
	if (!ok)
		secret_free(&pass, PASS_CAP);
	return pass;
}

static int
staff_add_cmd(struct site *site, int argc, char **argv)
{
	const char *name = NULL, *role_name = NULL;
	struct concerns_key *unlock = NULL;
	struct key_opts k = { NULL, false, false };
	enum core_status status;
	enum staff_role role;
	char *pass;
	int i, rc;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--role") == 0 && i + 1 < argc)
			role_name = argv[++i];
		else if (key_option(argc, argv, &i, &k))
			continue;
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
	if ((role == ROLE_DSL || role == ROLE_ADMIN) &&
	    (rc = get_unlocker(site, name, &k, &unlock)) != EX_OK) {
		secret_free(&pass, PASS_CAP);
		return rc;
	}
	status = staff_add_keyed(site, name, role, pass, NULL, unlock);
	concerns_key_free(&unlock);
	secret_free(&pass, PASS_CAP);
	if (status != CORE_OK)
		return cli_fail("staff add", status);
	printf("Added %s (%s).\n", name, staff_role_name(role));
	say_access(site, name);
	return EX_OK;
}

static bool
print_staff(const struct staff *s, void *ctx)
{
	(void)ctx;
	cli_put(stdout, s->name);
	printf("\t%s\t%s\t%s\n", staff_role_name(s->role),
	    s->disabled ? "disabled" : s->locked ? "locked" : "enabled",
	    s->concerns_access ? "yes" : "-");
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
	puts("id\trole\tstate\tconcerns");
	if ((status = staff_list(site, print_staff, NULL)) != CORE_OK)
		return cli_fail("staff list", status);
	return EX_OK;
}

static int
staff_change_cmd(struct site *site, int argc, char **argv)
{
	const char *verb = argv[0], *name = NULL;
	struct key_opts k = { NULL, false, false };
	struct concerns_key *unlock = NULL;
	enum core_status status;
	struct staff s;
	char what[32];
	char *pass;
	int i, rc;

	for (i = 1; i < argc; i++) {
		if (strcmp(verb, "enable") != 0 && key_option(argc, argv, &i, &k))
			continue;
		if (argv[i][0] == '-' || name)
			break;
		name = argv[i];
	}
	if (!name || i < argc) {
		fputs(staff_usage, stderr);
		return EX_USAGE;
	}
	snprintf(what, sizeof what, "staff %s", verb);
	/* Say "no such account" before asking for anything. */
	if ((status = staff_get(site, name, &s)) != CORE_OK)
		return cli_fail(what, status);
	if (strcmp(verb, "disable") == 0) {
		if (!may_give_up_last(site, &s, &k, true))
			return EX_NOPERM;
		status = staff_disable(site, name, NULL);
	} else if (strcmp(verb, "enable") == 0) {
		status = staff_enable(site, name, NULL);
	} else {
		if (!(pass = ask_passphrase(name)))
			return EX_DATAERR;
		rc = EX_OK;
		if ((s.role == ROLE_DSL || s.role == ROLE_ADMIN) && !s.disabled)
			rc = get_unlocker(site, name, &k, &unlock);
		if (rc == EX_OK && !unlock &&
		    !may_give_up_last(site, &s, &k, false))
			rc = EX_NOPERM;
		if (rc != EX_OK) {
			secret_free(&pass, PASS_CAP);
			return rc;
		}
		status = staff_passwd_keyed(site, name, pass, NULL, unlock);
		concerns_key_free(&unlock);
		secret_free(&pass, PASS_CAP);
	}
	if (status != CORE_OK)
		return cli_fail(what, status);
	printf("%s: ", strcmp(verb, "disable") == 0 ? "Disabled" :
	    strcmp(verb, "enable") == 0 ? "Enabled and unlocked" : "New passphrase set");
	cli_put(stdout, name);
	putchar('\n');
	if (strcmp(verb, "passwd") == 0)
		say_access(site, name);
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
