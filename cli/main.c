/* SPDX-License-Identifier: ISC */
/*
 * signoff's entry: global options, then the subcommand (kiosk by default).
 */
#include <stdio.h>
#include <string.h>
#include <sysexits.h>

#include "cli/audit_log.h"
#include "cli/cli.h"
#include "core/config.h"
#include "core/crypto.h"
#include "core/text.h"

#define SIGNOFF_VERSION "0.1.0"

static const char usage[] =
"usage: signoff [-c FILE] [COMMAND] [ARGS]\n"
"\n"
"  kiosk                      run the kiosk (the default)\n"
"  init                       create the database and kiosk keys; never overwrites\n"
"  demo                       a demo site: sample learners in every group and one\n"
"                             staff account per role, with their credentials\n"
"  learner add REF --name \"GIVEN FAMILY\" --group GROUP [--cohort C]\n"
"  learner import FILE.csv     all rows or none; bad rows named by line\n"
"  learner list\n"
"  learner show REF           their whole record as text (subject access)\n"
"  learner unlock|reset-pin|reissue-code REF\n"
"  learner permission REF --by parent-or-carer|multi-disciplinary-team|\n"
"                     ministry-of-justice --reference TEXT --date YYYY-MM-DD\n"
"  staff add NAME --role tutor|dsl|supervisor|admin\n"
"  staff list | disable NAME | enable NAME | passwd NAME\n"
"                             passphrases from the terminal, or a line of stdin\n"
"  status [--json]            sign-off counts, for people and for monitoring\n"
"  export [--format csv|json] [--what learners|events|consents|concerns] [-o FILE]\n"
"                             streamed; -o makes a new file (0600) and a CSV's\n"
"                             description beside it in FILE.about.txt\n"
"  verify [--checkpoint FILE] [--kiosk-key FINGERPRINT]\n"
"                             check every record; exit 1 names the first bad one\n"
"  checkpoint [-o FILE]       a signed note of the records so far, to keep elsewhere\n"
"  backup FILE                a consistent copy while kiosks run; never overwrites\n"
"  erase REFERENCE [--yes]    erase a learner's personal details; records stay\n"
"  erase --flush              finish an erasure that other readers held up\n"
"  purge [--dry-run]          erase those past the retention period\n"
"  consent REFERENCE [CHANNEL]\n"
"                             may we use their image there today? (with CHANNEL,\n"
"                             exit 0 for Yes, 1 for No)\n"
"  consent withdraw REFERENCE CHANNEL|--all --date YYYY-MM-DD [--note TEXT]\n"
"                             record a withdrawal received in writing\n"
"  concern list [--as NAME]   counts; with a DSL's or administrator's sign-in,\n"
"                             the queue by status and age\n"
"  concern show|action ID --as NAME ...   read a concern; record the action taken\n"
"  concern record|export|recovery-code ...   (signoff concern for details)\n"
"  --help | --version\n"
"\n"
"The config is -c FILE, else $SIGNOFF_CONFIG, else /etc/signoff/signoff.ini,\n"
"else ./etc/signoff.ini.\n";

struct command {
	const char *name;
	int (*run)(const char *config, int argc, char **argv);
};

static const struct command commands[] = {
	{ "kiosk", cmd_kiosk },
	{ "init", cmd_init },
	{ "demo", cmd_demo },
	{ "learner", cmd_learner },
	{ "staff", cmd_staff },
	{ "verify", cmd_verify },
	{ "checkpoint", cmd_checkpoint },
	{ "erase", cmd_erase },
	{ "purge", cmd_purge },
	{ "backup", cmd_backup },
	{ "consent", cmd_consent },
	{ "concern", cmd_concern },
	{ "status", cmd_status },
	{ "export", cmd_export },
};

int
cli_exit_code(enum core_status status)
{
	switch (status) {
	case CORE_OK:
		return EX_OK;
	case CORE_ERR_INVALID:
		return EX_DATAERR;
	case CORE_ERR_NOT_FOUND:
		return EX_NOINPUT;
	case CORE_ERR_EXISTS:
		return EX_CANTCREAT;
	case CORE_ERR_CONFIG:
	case CORE_ERR_CONTENT:
	case CORE_ERR_CRYPTO:
		return EX_CONFIG;
	case CORE_ERR_AUTH:
	case CORE_ERR_DENIED:
	case CORE_ERR_LOCKED:
		return EX_NOPERM;
	case CORE_ERR_BUSY:
		return EX_TEMPFAIL;
	case CORE_ERR_VERIFY:
		return 1;
	case CORE_ERR_NOMEM:
		return EX_OSERR;
	default:
		return core_status_is_storage(status) ? EX_IOERR : EX_SOFTWARE;
	}
}

void
cli_put(FILE *f, const char *text)
{
	char safe[4096];

	fputs(text_sanitize(text, safe, sizeof safe), f);
}

int
cli_fail(const char *what, enum core_status status)
{
	fprintf(stderr, "signoff: %s: %s", what, core_status_message(status));
	if (core_detail()[0]) {
		fputs(": ", stderr);
		cli_put(stderr, core_detail());
	}
	fputc('\n', stderr);
	return cli_exit_code(status);
}

int
main(int argc, char **argv)
{
	const char *config = NULL;
	enum core_status status;
	int i = 1;
	size_t c;

	while (i < argc && argv[i][0] == '-') {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			fputs(usage, stdout);
			return EX_OK;
		}
		if (strcmp(argv[i], "--version") == 0) {
			puts("signoff " SIGNOFF_VERSION);
			return EX_OK;
		}
		if (strcmp(argv[i], "-c") == 0 && i + 1 < argc) {
			config = argv[i + 1];
			i += 2;
			continue;
		}
		fprintf(stderr, "signoff: unknown option %s\n%s", argv[i], usage);
		return EX_USAGE;
	}
	config = config_default_path(config);
	if ((status = crypto_init()) != CORE_OK)
		return cli_fail("starting", status);
	audit_log_start();
	if (i == argc)
		return cmd_kiosk(config, 0, argv + i);
	for (c = 0; c < sizeof commands / sizeof commands[0]; c++)
		if (strcmp(argv[i], commands[c].name) == 0)
			return commands[c].run(config, argc - i, argv + i);
	fprintf(stderr, "signoff: unknown command %s\n%s", argv[i], usage);
	return EX_USAGE;
}
