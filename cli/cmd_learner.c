/* SPDX-License-Identifier: ISC */
/* signoff learner add | list. */
#include <stdio.h>
#include <string.h>
#include <sysexits.h>

#include "cli/cli.h"
#include "core/learner.h"

static const char learner_usage[] =
    "usage: signoff [-c FILE] learner add REFERENCE --name \"GIVEN FAMILY\" "
    "--group GROUP [--cohort COHORT]\n"
    "       signoff [-c FILE] learner list\n";

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

int
cmd_learner(const char *config, int argc, char **argv)
{
	enum core_status status;
	struct site *site;
	int rc;

	if (argc < 2 || (strcmp(argv[1], "add") != 0 && strcmp(argv[1], "list") != 0)) {
		fputs(learner_usage, stderr);
		return EX_USAGE;
	}
	if ((status = site_open(config, &site)) != CORE_OK)
		return cli_fail("opening the site", status);
	if (strcmp(argv[1], "add") == 0)
		rc = learner_add_cmd(site, argc - 1, argv + 1);
	else
		rc = learner_list_cmd(site);
	site_close(&site);
	return rc;
}
