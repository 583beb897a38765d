/* SPDX-License-Identifier: ISC */
/*
 * Importing a roster of learners from CSV (RFC 4180): all rows or none.
 *
 * The file: an exact header line
 *   reference,given_name,family_name,group,cohort
 * then one learner per record. Fields may be quoted ("..."), with "" for a
 * quote inside and commas and line breaks allowed inside quotes; records
 * end in CRLF or LF; a UTF-8 byte order mark at the start is skipped; empty
 * lines are skipped. Every field is checked as `learner add` checks it
 * (reference format, clean names, a known group, the cohort), and no
 * reference may appear twice in the file or be enrolled already.
 *
 * Every row is checked before anything is written, and every bad row is
 * reported with the line it starts on and the reason. Only if none is bad
 * are all rows enrolled, in ONE write transaction, each with a one-time
 * activation code. The file is read once, as a stream: rows wait in a
 * temporary table, not in memory; only the codes (10 bytes a row) are held
 * in locked memory until they are reported.
 */
#ifndef CORE_ROSTER_H
#define CORE_ROSTER_H

#include <stdint.h>
#include <stdio.h>

#include "learner.h"
#include "site.h"
#include "status.h"

#define ROSTER_HEADER "reference,given_name,family_name,group,cohort"
#define ROSTER_FIELDS 5
/* Longest field accepted, in bytes (names are shorter still). */
#define ROSTER_FIELD_MAX 256

/* One row, as reported. Every pointer is borrowed for the call only. */
struct roster_row {
	unsigned long line;	/* the line the record starts on (1 = header) */
	const char *reference;	/* "" when the row could not be read */
	const char *given_name;
	const char *family_name;
	const char *group;
	const char *cohort;
	const char *reason;	/* why the row is bad, or NULL */
	const char *code;	/* the activation code issued, after the import */
};

/*
 * Called for each bad row while checking (reason set, code NULL) and, once
 * the import has committed, for each row imported in file order (reason
 * NULL, code set: show it once; it is stored only as a hash).
 */
typedef void (*roster_report_fn)(const struct roster_row *row, void *ctx);

struct roster_result {
	unsigned long rows;	/* data rows read */
	unsigned long bad;	/* rows reported bad */
	unsigned long imported;	/* rows enrolled (0 or rows) */
};

/*
 * Import from an open stream, read once from where it is to the end. name
 * is used in messages. actor: the staff member (role must allow importing)
 * or NULL for the command line. CORE_OK when every row was enrolled;
 * CORE_ERR_INVALID when the header or any row is bad (nothing written; the
 * detail counts the bad rows); a storage status if the write failed
 * (nothing written). result may be NULL.
 */
enum core_status roster_import(struct site *site, FILE *in, const char *name,
    const uint8_t *actor, roster_report_fn fn, void *ctx,
    struct roster_result *result);

/* The same from a file path; CORE_ERR_NOT_FOUND if it cannot be opened. */
enum core_status roster_import_file(struct site *site, const char *path,
    const uint8_t *actor, roster_report_fn fn, void *ctx,
    struct roster_result *result);

#endif
