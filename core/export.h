/* SPDX-License-Identifier: ISC */
/*
 * Exports (SPEC sections 5, 7 and 10): learners, ledger events, consents
 * and concerns, as CSV or JSON, streamed a row at a time through the
 * caller's write function, so memory does not grow with the rows. Each
 * finished export is itself a ledger event (EV_EXPORT: who, what, format,
 * how many rows), appended after the last byte was handed over.
 *
 * CSV is RFC 4180: a header row of column names, CRLF line ends, every
 * field in double quotes (a quote doubled), and a field that starts with
 * = + - @, TAB or CR gets a ' in front so a spreadsheet shows it rather
 * than running it as a formula. Text is UTF-8; invalid bytes become U+FFFD,
 * and so do control characters other than TAB, LF and CR (a CSV file is
 * often shown by cat or less).
 *
 * JSON is one object: {"about": {...}, "rows": [{...}, ...], "count": N}.
 * Strings are escaped for strict parsers (control characters as \u00XX,
 * also DEL, C1 controls, U+2028 and U+2029), invalid UTF-8 becomes U+FFFD,
 * numbers are numbers, yes/no are true/false, missing values null.
 *
 * "Exports say what they contain" (SPEC section 7): JSON says it in its
 * "about" object. A CSV file keeps to RFC 4180 (a comment line before the
 * header would break strict readers), so what it contains is said in a
 * text written beside it (export_about_text; the command line writes it
 * to FILE.about.txt) and in the file name export_suggest_name proposes.
 * Both name the site, what, when, by whom, the columns, and the ledger
 * entry that records the export.
 *
 * What each export holds (no secrets, no concern text):
 *   learners  reference, names, group, cohort, enrolled, left, pseudonym
 *             (hex, as in the events), status, step counts, locked;
 *             erased learners are left out.
 *   events    every ledger entry: seq, time, kind in words, subject and
 *             actor (a staff id for staff, else the hex pseudonym; empty
 *             for the kiosk or the command line), receipt, signatures.
 *   consents  per learner and channel answered: state, given, expires,
 *             withdrawn.
 *   concerns  metadata only: id, time, category, status, last update.
 * Times are ISO 8601 UTC with milliseconds ("2026-09-01T09:30:00.000Z").
 */
#ifndef CORE_EXPORT_H
#define CORE_EXPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ledger.h"
#include "site.h"
#include "stats.h"
#include "status.h"

enum export_what {
	EXPORT_LEARNERS,
	EXPORT_EVENTS,
	EXPORT_CONSENTS,
	EXPORT_CONCERNS,
};

enum export_format {
	EXPORT_CSV,
	EXPORT_JSON,
};

/* "learners", ...; "csv", "json". Parse returns false if unknown. */
const char *export_what_name(enum export_what w);
bool export_what_parse(const char *name, enum export_what *out);
const char *export_format_name(enum export_format f);
bool export_format_parse(const char *name, enum export_format *out);

/*
 * Hand over len bytes; false when they could not be written (the export
 * stops with CORE_ERR_IO and records nothing).
 */
typedef bool (*export_write_fn)(const void *buf, size_t len, void *ctx);
/* Rows so far and the total expected (a guess while rows are added). */
typedef void (*export_progress_fn)(uint64_t done, uint64_t total, void *ctx);

struct export_result {
	uint64_t rows;
	uint64_t as_of_seq;	/* the last ledger entry the export could see */
	int64_t made_ms;
	uint64_t seq;		/* the EV_EXPORT entry */
	char receipt[LEDGER_RECEIPT_LEN];
};

/*
 * Export `what` as fmt, at now_ms (states are judged then). actor: the
 * staff member, whose role must allow exporting (CORE_ERR_DENIED), or
 * NULL for the command line. progress may be NULL; ctx goes to both
 * functions. Reads one snapshot. out (may be NULL) is filled on success.
 */
enum core_status export_run(struct site *site, const uint8_t *actor,
    enum export_what what, enum export_format fmt, int64_t now_ms,
    export_write_fn write, export_progress_fn progress, void *ctx,
    struct export_result *out);

/*
 * What a finished export contains, in words, for the file beside a CSV:
 * site, what, format, when and by whom, rows, the ledger entry, and each
 * column. Written through write.
 */
enum core_status export_about_text(struct site *site, const uint8_t *actor,
    enum export_what what, enum export_format fmt,
    const struct export_result *r, export_write_fn write, void *ctx);

/* "signoff-learners-20260901T093000Z.csv" */
void export_suggest_name(enum export_what what, enum export_format fmt,
    int64_t now_ms, char *buf, size_t cap);

/* An instant as ISO 8601 UTC with milliseconds; 25 bytes with the NUL. */
#define EXPORT_TIME_LEN 25
void export_time_format(int64_t ms, char out[EXPORT_TIME_LEN]);

/*
 * The dashboard's numbers as JSON for `signoff status --json`: the site,
 * when, every count of the site, each group with its cohorts, and the
 * cohorts across groups.
 */
enum core_status export_status_json(struct site *site, const struct stats *s,
    export_write_fn write, void *ctx);

#endif
