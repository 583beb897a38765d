/* SPDX-License-Identifier: ISC */
/*
 * Data protection from the command line (SPEC sections 7, 8 and 10):
 * signoff erase, purge, backup and consent, and `learner left` for
 * cmd_learner to hand on to.
 */
#include <stdio.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/backup.h"
#include "core/consent.h"
#include "core/erase.h"
#include "core/learner.h"
#include "core/site.h"

static const char erase_usage[] =
    "usage: signoff [-c FILE] erase REFERENCE [--yes]\n"
    "       signoff [-c FILE] erase --flush\n";
static const char purge_usage[] = "usage: signoff [-c FILE] purge [--dry-run]\n";
static const char backup_usage[] = "usage: signoff [-c FILE] backup FILE\n";
static const char consent_usage[] =
    "usage: signoff [-c FILE] consent REFERENCE [CHANNEL]\n"
    "       signoff [-c FILE] consent withdraw REFERENCE CHANNEL|--all "
    "--date YYYY-MM-DD [--note TEXT]\n";
static const char left_usage[] =
    "usage: signoff [-c FILE] learner left REFERENCE --date YYYY-MM-DD\n";

static int
open_site(const char *config, struct site **site)
{
	enum core_status status = site_open(config, site);

	return status == CORE_OK ? EX_OK : cli_fail("opening the site", status);
}

/* ---- erase ---- */

static void
print_erased(const char *reference, const struct erase_report *r)
{
	printf("Erased ");
	cli_put(stdout, reference);
	printf(": %sthe reference%s%s", r->names ? "the given and family names, " : "",
	    r->cohort ? ", the cohort" : "",
	    r->permission_reference ? ", the permission's reference" : "");
	if (r->notes)
		printf(", %u note%s", r->notes, r->notes == 1 ? "" : "s");
	if (r->keys)
		printf(", %u signing key%s", r->keys, r->keys == 1 ? "" : "s");
	printf(".\nThe signed records stay, under a pseudonym only, and still verify. "
	    "Receipt %s (seq %llu).\n", r->receipt, (unsigned long long)r->seq);
}

/* At a terminal the reference is typed twice; scripts say --yes. */
static int
confirm_erase(struct site *site, const char *reference)
{
	char again[LEARNER_REF_MAX + 2];
	enum core_status status;
	struct learner l;

	if ((status = learner_get(site, reference, &l)) != CORE_OK)
		return cli_fail("erase", status);
	if (!isatty(STDIN_FILENO)) {
		fputs("signoff: erase: not at a terminal: add --yes to confirm\n", stderr);
		return EX_USAGE;
	}
	fputs("This erases the personal details of ", stderr);
	cli_put(stderr, l.given_name);
	fputc(' ', stderr);
	cli_put(stderr, l.family_name);
	fputs(" (", stderr);
	cli_put(stderr, reference);
	fprintf(stderr, ", group %s). It cannot be undone.\n"
	    "Type the reference again to confirm: ", l.group);
	if (!fgets(again, sizeof again, stdin))
		again[0] = '\0';
	again[strcspn(again, "\r\n")] = '\0';
	if (strcmp(again, reference) != 0) {
		fputs("Not erased: the reference did not match.\n", stderr);
		return EX_DATAERR;
	}
	return EX_OK;
}

static int
flush_cmd(struct site *site)
{
	enum core_status status = erase_flush(site);

	if (status != CORE_OK)
		return cli_fail("erase --flush", status);
	puts("The write-ahead log is empty: nothing erased is left in the database's files.");
	return EX_OK;
}

int
cmd_erase(const char *config, int argc, char **argv)
{
	const char *reference = NULL;
	bool yes = false, flush = false;
	enum core_status status;
	struct erase_report r;
	struct site *site;
	int i, rc;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--yes") == 0)
			yes = true;
		else if (strcmp(argv[i], "--flush") == 0)
			flush = true;
		else if (argv[i][0] != '-' && !reference)
			reference = argv[i];
		else
			break;
	}
	if (i < argc || (flush ? reference != NULL || yes : !reference)) {
		fputs(erase_usage, stderr);
		return EX_USAGE;
	}
	if ((rc = open_site(config, &site)) != EX_OK)
		return rc;
	if (flush)
		rc = flush_cmd(site);
	else if (yes || (rc = confirm_erase(site, reference)) == EX_OK) {
		status = erase_learner(site, reference, NULL, &r);
		if (r.seq)	/* saved, even if the WAL could not be emptied yet */
			print_erased(reference, &r);
		rc = status == CORE_OK ? EX_OK : cli_fail("erase", status);
	}
	site_close(&site);
	return rc;
}

/* ---- purge ---- */

struct purge_out {
	bool dry;
	size_t listed;
};

static bool
print_candidate(const struct purge_candidate *c, void *ctx)
{
	struct purge_out *out = ctx;
	char since[CONSENT_DATE_LEN];

	consent_date_format(c->since_ms, since);
	if (out->dry) {
		cli_put(stdout, c->reference);
		printf("\t%s\t%s\n", since, c->why_text);
	} else {
		printf("Erased ");
		cli_put(stdout, c->reference);
		printf(": %s\n", c->why_text);
	}
	out->listed++;
	fflush(stdout);
	return true;
}

int
cmd_purge(const char *config, int argc, char **argv)
{
	struct purge_out out = { false, 0 };
	enum core_status status;
	struct site *site;
	size_t count = 0;
	int rc;

	if (argc == 2 && strcmp(argv[1], "--dry-run") == 0)
		out.dry = true;
	else if (argc != 1) {
		fputs(purge_usage, stderr);
		return EX_USAGE;
	}
	if ((rc = open_site(config, &site)) != EX_OK)
		return rc;
	if (out.dry) {
		puts("reference\tsince\twhy");
		status = purge_candidates(site, store_now_ms(), print_candidate, &out);
		count = out.listed;
		if (status == CORE_OK)
			printf("%zu learner%s past the retention period of %u years after "
			    "leaving; run without --dry-run to erase them.\n", count,
			    count == 1 ? " is" : "s are", site->cfg->retention_years);
	} else {
		status = purge_run(site, store_now_ms(), NULL, print_candidate, &out, &count);
		if (!count && status == CORE_OK)
			puts("No one is past the retention period.");
		else if (count)
			printf("Erased %zu learner%s past the retention period. The signed "
			    "records stay and still verify.\n", count, count == 1 ? "" : "s");
	}
	rc = status == CORE_OK ? EX_OK : cli_fail("purge", status);
	site_close(&site);
	return rc;
}

/* ---- backup ---- */

static void
show_backup(uint64_t done, uint64_t total, void *ctx)
{
	(void)ctx;
	fprintf(stderr, "\rbacking up: %3llu%% (%llu of %llu pages)",
	    (unsigned long long)(total ? done * 100 / total : 100),
	    (unsigned long long)done, (unsigned long long)total);
}

int
cmd_backup(const char *config, int argc, char **argv)
{
	bool tty = isatty(STDERR_FILENO);
	struct backup_report r;
	enum core_status status;
	struct site *site;
	int rc;

	if (argc != 2 || argv[1][0] == '-') {
		fputs(backup_usage, stderr);
		return EX_USAGE;
	}
	if ((rc = open_site(config, &site)) != EX_OK)
		return rc;
	status = backup_to(site, argv[1], tty ? show_backup : NULL, NULL, &r);
	if (tty)
		fputc('\n', stderr);
	site_close(&site);
	if (status != CORE_OK)
		return cli_fail("backup", status);
	printf("Backed up to ");
	cli_put(stdout, argv[1]);
	printf(": %llu pages (%llu bytes), records up to seq %llu.\n"
	    "The copy passed its integrity check.\n", (unsigned long long)r.pages,
	    (unsigned long long)r.bytes, (unsigned long long)r.ledger_seq);
	return EX_OK;
}

/* ---- consent ---- */

static bool
print_answer(const struct consent_answer *a, void *ctx)
{
	(void)ctx;
	cli_put(stdout, a->channel);
	putchar('\t');
	cli_put(stdout, a->label);
	printf("\t%s\n", a->reason);
	return true;
}

/* With a channel, exit 0 for Yes and 1 for No, so scripts can ask. */
static int
lookup_cmd(struct site *site, const struct learner *l, const char *channel)
{
	struct consent_answer a;
	enum core_status status;

	if (!channel) {
		status = consent_each(site, l, store_now_ms(), print_answer, NULL);
		return status == CORE_OK ? EX_OK : cli_fail("consent", status);
	}
	status = consent_lookup(site, l, channel, store_now_ms(), &a);
	if (status != CORE_OK)
		return cli_fail("consent", status);
	print_answer(&a, NULL);
	return a.yes ? EX_OK : 1;
}

static int
withdraw_cmd(struct site *site, int argc, char **argv)
{
	const char *reference = NULL, *channel = NULL, *date = NULL, *note = NULL;
	struct ledger_appended done;
	enum core_status status;
	struct learner l;
	bool all = false;
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--all") == 0)
			all = true;
		else if (strcmp(argv[i], "--date") == 0 && i + 1 < argc)
			date = argv[++i];
		else if (strcmp(argv[i], "--note") == 0 && i + 1 < argc)
			note = argv[++i];
		else if (argv[i][0] != '-' && !reference)
			reference = argv[i];
		else if (argv[i][0] != '-' && !channel)
			channel = argv[i];
		else
			break;
	}
	if (i < argc || !reference || !date || all == (channel != NULL)) {
		fputs(consent_usage, stderr);
		return EX_USAGE;
	}
	if ((status = learner_get(site, reference, &l)) != CORE_OK)
		return cli_fail("consent withdraw", status);
	status = consent_withdraw(site, &l, channel, CONSENT_BY_WRITING, date, note,
	    NULL, NULL, &done);
	if (status != CORE_OK)
		return cli_fail("consent withdraw", status);
	printf("Recorded: ");
	cli_put(stdout, reference);
	printf(" took back consent for ");
	cli_put(stdout, channel ? channel : "every channel");
	printf(" (in writing, dated %s). Receipt %s (seq %llu).\n", date, done.receipt,
	    (unsigned long long)done.seq);
	return EX_OK;
}

int
cmd_consent(const char *config, int argc, char **argv)
{
	bool withdraw = argc >= 2 && strcmp(argv[1], "withdraw") == 0;
	enum core_status status;
	struct site *site;
	struct learner l;
	int rc;

	if (argc < 2 || (!withdraw && (argc > 3 || argv[1][0] == '-' ||
	    (argc == 3 && argv[2][0] == '-')))) {
		fputs(consent_usage, stderr);
		return EX_USAGE;
	}
	if ((rc = open_site(config, &site)) != EX_OK)
		return rc;
	if (withdraw)
		rc = withdraw_cmd(site, argc - 1, argv + 1);
	else if ((status = learner_get(site, argv[1], &l)) != CORE_OK)
		rc = cli_fail("consent", status);
	else
		rc = lookup_cmd(site, &l, argc == 3 ? argv[2] : NULL);
	site_close(&site);
	return rc;
}

/* ---- learner left ---- */

int
cmd_learner_left(struct site *site, int argc, char **argv)
{
	const char *reference = NULL, *date = NULL;
	char until[CONSENT_DATE_LEN];
	enum core_status status;
	int64_t day;
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--date") == 0 && i + 1 < argc)
			date = argv[++i];
		else if (argv[i][0] != '-' && !reference)
			reference = argv[i];
		else
			break;
	}
	if (i < argc || !reference || !date) {
		fputs(left_usage, stderr);
		return EX_USAGE;
	}
	if ((status = learner_mark_left(site, reference, date, NULL)) != CORE_OK)
		return cli_fail("learner left", status);
	if (consent_date_parse(date, &day) == CORE_OK)
		consent_date_format(consent_expiry_ms(day, site->cfg->retention_years), until);
	else
		snprintf(until, sizeof until, "?");
	printf("Recorded that ");
	cli_put(stdout, reference);
	printf(" left on %s. signoff purge erases their personal details from %s,\n"
	    "or later while a consent of theirs is still Yes.\n", date, until);
	return EX_OK;
}
