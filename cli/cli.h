/* SPDX-License-Identifier: ISC */
/*
 * The command line: each subcommand is `int cmd_NAME(const char *config,
 * int argc, char **argv)` returning a sysexits.h code. argv[0] is the
 * subcommand's own name.
 */
#ifndef CLI_CLI_H
#define CLI_CLI_H

#include <stdio.h>

#include "core/status.h"

int cmd_init(const char *config, int argc, char **argv);
int cmd_demo(const char *config, int argc, char **argv);
int cmd_kiosk(const char *config, int argc, char **argv);
int cmd_learner(const char *config, int argc, char **argv);
int cmd_staff(const char *config, int argc, char **argv);
int cmd_verify(const char *config, int argc, char **argv);
int cmd_erase(const char *config, int argc, char **argv);
int cmd_purge(const char *config, int argc, char **argv);
int cmd_backup(const char *config, int argc, char **argv);
int cmd_consent(const char *config, int argc, char **argv);
int cmd_concern(const char *config, int argc, char **argv);

/* `learner left REFERENCE --date YYYY-MM-DD`, for cmd_learner; argv[0] is "left". */
struct site;
int cmd_learner_left(struct site *site, int argc, char **argv);
/* The supervisor's audit (cmd_audit.c); `learner show REFERENCE`, argv[0] "show". */
int cmd_status(const char *config, int argc, char **argv);
int cmd_export(const char *config, int argc, char **argv);
int cmd_learner_show(struct site *site, int argc, char **argv);
int cmd_checkpoint(const char *config, int argc, char **argv);

/* Print "signoff: WHAT: status message: detail" to stderr; return its exit code. */
int cli_fail(const char *what, enum core_status status);

/* The sysexits.h code for a core status. */
int cli_exit_code(enum core_status status);

/* Print untrusted text with control characters made visible. */
void cli_put(FILE *f, const char *text);

#endif
