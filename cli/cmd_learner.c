/* SPDX-License-Identifier: ISC */
/*
 * signoff learner add | import | list | unlock | reset-pin | reissue-code |
 * permission. The command line acts as itself: its ledger entries have a
 * zero actor (core/staff.h). One-time codes go to standard output once;
 * problems go to standard error as "FILE:LINE: reason" or "signoff: ...".
 */
#include <stdio.h>
#include <string.h>
#include <sysexits.h>

#include "cli/cli.h"
#include "core/learner.h"
#include "core/learner_staff.h"
#include "core/permission.h"
#include "core/roster.h"

static const char learner_usage[] =
    "usage: signoff [-c FILE] learner add REFERENCE --name \"GIVEN FAMILY\" "
    "--group GROUP [--cohort COHORT]\n"
    "       signoff [-c FILE] learner import FILE.csv\n"
    "       signoff [-c FILE] learner list\n"
    "       signoff [-c FILE] learner unlock|reset-pin|reissue-code REFERENCE\n"
    "       signoff [-c FILE] learner permission REFERENCE --by WHO "
    "--reference TEXT --date YYYY-MM-DD\n"
    "       signoff [-c FILE] learner left REFERENCE --date YYYY-MM-DD\n"
    "       signoff [-c FILE] learner show REFERENCE\n"
    "  import: a CSV file with the header \"" ROSTER_HEADER "\";\n"
    "          all rows are enrolled or none; each bad row is named by line\n"
    "  permission --by: parent-or-carer, multi-disciplinary-team or ministry-of-justice\n";

/* "GIVEN FAMILY": the family name is the last word, the given names the rest. */
static bool
split_name(const char *full, char *given, size_t gcap, char *family, size_t fcap)
{
	const char *space = strrchr(full, ' ');

	if (!space || space == full || !space[1])
		return false;
	snprintf(given, gcap, "%.*s", (int)(space - full), full);
	snprintf(family, fcap, "%s", space + 1);
	return true;
}

static int
learner_add_cmd(struct site *site, int argc, char **argv)
{
	char given[LEARNER_NAME_MAX], family[LEARNER_NAME_MAX], code[LEARNER_CODE_LEN];
	const char *ref = NULL, *name = NULL, *group = NULL, *cohort = "";
	enum core_status status;
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--name") == 0 && i + 1 < argc)
			name = argv[++i];
		else if (strcmp(argv[i], "--group") == 0 && i + 1 < argc)
			group = argv[++i];
		else if (strcmp(argv[i], "--cohort") == 0 && i + 1 < argc)
			cohort = argv[++i];
		else if (argv[i][0] != '-' && !ref)
			ref = argv[i];
		else
			break;
	}
	if (i < argc || !ref || !name || !group) {
		fputs(learner_usage, stderr);
		return EX_USAGE;
	}
	if (!split_name(name, given, sizeof given, family, sizeof family)) {
		fputs("signoff: learner add: --name: expected \"GIVEN FAMILY\" "
		    "(given and family names separated by a space)\n", stderr);
		return EX_DATAERR;
	}
	status = learner_add(site, ref, given, family, group, cohort, NULL, code);
	if (status != CORE_OK)
		return cli_fail("learner add", status);
	printf("Enrolled ");
	cli_put(stdout, ref);
	printf(". One-time activation code (shown only now): %s\n", code);
	return EX_OK;
}

struct page {
	char last[LEARNER_REF_MAX];
	size_t count;
};

static bool
print_learner(const struct learner *l, void *ctx)
{
	struct page *page = ctx;
	const char *state = l->locked ? "locked" :
	    l->awaiting_activation ? "awaiting activation" :
	    l->has_key ? "active" : "no PIN";

	snprintf(page->last, sizeof page->last, "%s", l->reference);
	page->count++;
	cli_put(stdout, l->reference);
	printf("\t%s\t", l->group);
	cli_put(stdout, l->cohort);
	putchar('\t');
	cli_put(stdout, l->given_name);
	putchar(' ');
	cli_put(stdout, l->family_name);
	printf("\t%s\n", state);
	return true;
}

/* Pages of 500 by reference, so memory does not grow with the roster. */
static int
learner_list_cmd(struct site *site)
{
	struct page page = { "", 0 };
	enum core_status status;

	puts("reference\tgroup\tcohort\tname\tstate");
	do {
		page.count = 0;
		status = learner_each(site, page.last, 500, print_learner, &page);
		if (status != CORE_OK)
			return cli_fail("learner list", status);
	} while (page.count == 500);
	return EX_OK;
}

struct import_out {
	const char *path;
	unsigned long printed;
};

static void
import_row(const struct roster_row *row, void *ctx)
{
	struct import_out *out = ctx;

	if (row->reason) {
		cli_put(stderr, out->path);
		fprintf(stderr, ":%lu: ", row->line);
		cli_put(stderr, row->reason);
		fputc('\n', stderr);
		return;
	}
	if (out->printed++ == 0)
		puts("reference\tcode\tname");
	cli_put(stdout, row->reference);
	printf("\t%s\t", row->code);
	cli_put(stdout, row->given_name);
	putchar(' ');
	cli_put(stdout, row->family_name);
	putchar('\n');
}

static int
learner_import_cmd(struct site *site, int argc, char **argv)
{
	struct import_out out = { NULL, 0 };
	struct roster_result res;
	enum core_status status;

	if (argc != 2) {
		fputs(learner_usage, stderr);
		return EX_USAGE;
	}
	out.path = argv[1];
	status = roster_import_file(site, argv[1], NULL, import_row, &out, &res);
	if (status != CORE_OK)
		return cli_fail("learner import", status);
	fflush(stdout);
	fprintf(stderr, "Imported %lu learners. Each one-time activation code is "
	    "shown only now.\n", res.imported);
	return EX_OK;
}

/* unlock, reset-pin, reissue-code: one reference each. */
static int
learner_access_cmd(struct site *site, int argc, char **argv)
{
	char code[LEARNER_CODE_LEN], what[48];
	const char *verb = argv[0], *ref = argc == 2 ? argv[1] : NULL;
	enum core_status status;

	if (!ref || ref[0] == '-') {
		fputs(learner_usage, stderr);
		return EX_USAGE;
	}
	snprintf(what, sizeof what, "learner %s", verb);
	if (strcmp(verb, "unlock") == 0) {
		status = learner_unlock(site, ref, NULL);
		if (status == CORE_ERR_DONE) {
			cli_put(stdout, ref);
			puts(" was not locked; nothing changed.");
			return EX_OK;
		}
		if (status != CORE_OK)
			return cli_fail(what, status);
		printf("Unlocked ");
		cli_put(stdout, ref);
		puts(".");
		return EX_OK;
	}
	status = strcmp(verb, "reset-pin") == 0 ? learner_reset_pin(site, ref, NULL, code) :
	    learner_reissue_code(site, ref, NULL, code);
	if (status != CORE_OK)
		return cli_fail(what, status);
	printf("New one-time activation code for ");
	cli_put(stdout, ref);
	printf(" (shown only now): %s\n", code);
	crypto_wipe(code, sizeof code);
	return EX_OK;
}

static int
learner_permission_cmd(struct site *site, int argc, char **argv)
{
	static const uint8_t command_line[CRYPTO_ID_BYTES];
	const char *ref = NULL, *by = NULL, *text = NULL, *date = NULL;
	enum permission_source src;
	enum core_status status;
	struct learner l;
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--by") == 0 && i + 1 < argc)
			by = argv[++i];
		else if (strcmp(argv[i], "--reference") == 0 && i + 1 < argc)
			text = argv[++i];
		else if (strcmp(argv[i], "--date") == 0 && i + 1 < argc)
			date = argv[++i];
		else if (argv[i][0] != '-' && !ref)
			ref = argv[i];
		else
			break;
	}
	if (i < argc || !ref || !by || !text || !date) {
		fputs(learner_usage, stderr);
		return EX_USAGE;
	}
	if (!permission_source_parse(by, &src)) {
		fputs("signoff: learner permission: --by: expected parent-or-carer, "
		    "multi-disciplinary-team or ministry-of-justice\n", stderr);
		return EX_USAGE;
	}
	status = learner_get(site, ref, &l);
	if (status == CORE_OK)
		status = permission_record(site, &l, src, text, date, command_line);
	if (status != CORE_OK)
		return cli_fail("learner permission", status);
	printf("Recorded permission for ");
	cli_put(stdout, ref);
	printf(" from the %s.\n", src == PERMISSION_PARENT ? "parent or carer" :
	    src == PERMISSION_MDT ? "Multi-Disciplinary Team" : "Ministry of Justice");
	return EX_OK;
}

int
cmd_learner(const char *config, int argc, char **argv)
{
	static const char *const verbs[] = {
		"add", "list", "import", "unlock", "reset-pin", "reissue-code", "permission",
		"left", "show",
	};
	enum core_status status;
	struct site *site;
	size_t v;
	int rc;

	for (v = 0; argc >= 2 && v < sizeof verbs / sizeof verbs[0]; v++)
		if (strcmp(argv[1], verbs[v]) == 0)
			break;
	if (argc < 2 || v == sizeof verbs / sizeof verbs[0]) {
		fputs(learner_usage, stderr);
		return EX_USAGE;
	}
	if ((status = site_open(config, &site)) != CORE_OK)
		return cli_fail("opening the site", status);
	if (v == 0)
		rc = learner_add_cmd(site, argc - 1, argv + 1);
	else if (v == 1)
		rc = learner_list_cmd(site);
	else if (v == 2)
		rc = learner_import_cmd(site, argc - 1, argv + 1);
	else if (v == 6)
		rc = learner_permission_cmd(site, argc - 1, argv + 1);
	else if (v == 7)
		rc = cmd_learner_left(site, argc - 1, argv + 1);
	else if (v == 8)
		rc = cmd_learner_show(site, argc - 1, argv + 1);
	else
		rc = learner_access_cmd(site, argc - 1, argv + 1);
	site_close(&site);
	return rc;
}
