/* SPDX-License-Identifier: ISC */
/*
 * Reading passphrases, recovery codes and plain answers at the command
 * line, and opening the concerns key with them. On a terminal a secret is
 * asked for with echo off; otherwise it is the next line of standard input
 * (scripts, tests). Secrets go straight into locked memory with read(2),
 * never through stdio's buffers.
 */
#ifndef CLI_SECRET_H
#define CLI_SECRET_H

#include <stdbool.h>
#include <stddef.h>

#include "core/concern.h"
#include "core/site.h"
#include "core/staff.h"

/* Room for a passphrase as typed (bytes), and its line end. */
#define CLI_SECRET_CAP (STAFF_PASS_MAX * 4 + 2)

/*
 * The next line of standard input into buf (NUL-terminated, without its
 * line end): 1, or 0 at end of input, or -1 (said on stderr) when longer
 * than cap - 1 bytes.
 */
int cli_read_line(char *buf, size_t cap);

/*
 * Ask on the terminal (echo off when secret) or take the next line of
 * standard input. false (said on stderr) at end of input or on error.
 */
bool cli_ask(const char *question, bool secret, char *buf, size_t cap);

/*
 * Sign in as staff account name with a passphrase asked for here and open
 * the concerns key (concerns_key_open). Prints why not and returns a
 * sysexits code; EX_OK with *key and *who set.
 */
int cli_concerns_unlock(struct site *site, const char *name, struct staff *who,
    struct concerns_key **key);

/* The same with the recovery code, asked for here. */
int cli_concerns_recover(struct site *site, struct concerns_key **key);

#endif
