/* SPDX-License-Identifier: ISC */
/*
 * Core-private (and for tests): walking learners in id order with each
 * one's steps judged by the status rules, for the dashboard and the
 * learners export.
 *
 * A driver statement, bound by the caller, yields learners in id order
 * (ascending, or descending for a page back) with columns 0-3 = id, grp,
 * cohort, locked; further columns are the caller's. Their sign-offs come
 * either from one scan of the signoffs_state index merged with the driver
 * (when most learners are wanted) or from one index probe per learner
 * (when the driver is sparse). Either way memory stays flat.
 */
#ifndef CORE_STATS_INT_H
#define CORE_STATS_INT_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include <sqlite3.h>

#include "rules.h"
#include "site.h"
#include "stats.h"
#include "status.h"

/* "Consents expiring soon", in milliseconds. */
#define STATS_SOON_MS ((int64_t)STATS_CONSENT_SOON_DAYS * RULES_DAY_MS)

struct stats_scan {
	struct site *site;
	const struct rules_set *rs;
	sqlite3_stmt *driver;
	sqlite3_stmt *rows;
	bool desc, probe;
	bool have_row;		/* merge: rows holds an unconsumed row */
	bool rows_done;		/* merge: the signoffs scan has ended */
	uint64_t learners;	/* driver rows read so far */
};

/*
 * Start: from_id is exclusive (ascending: ids above it; descending: ids
 * below). The driver must already be bound with the same range.
 */
enum core_status stats_scan_start(struct stats_scan *sc, struct site *site,
    const struct rules_set *rs, sqlite3_stmt *driver, bool desc, bool probe,
    int64_t from_id);

/*
 * The next learner: CORE_OK with *id and *t set and the driver on their
 * row (read the extra columns now), CORE_ERR_DONE at the end.
 */
enum core_status stats_scan_next(struct stats_scan *sc, int64_t *id,
    struct rules_tally *t);

/* Reset the statements (the driver too). Safe to call twice. */
void stats_scan_end(struct stats_scan *sc);

/* Read a signoffs row (step, outcome, time_ms, doc_hash from column col). */
void stats_read_prior(sqlite3_stmt *stmt, int col, struct rules_prior *p);

/*
 * The numbers without the role check (stats_compute and stats_job make
 * it), on site->st. progress may be NULL; a set *cancel (may be NULL)
 * ends the count early with CORE_ERR_DONE.
 */
struct stats_watch {
	stats_progress_fn progress;
	void *ctx;
	const atomic_bool *cancel;
};

enum core_status stats_count_all(struct site *site, int64_t now_ms,
    const struct stats_watch *w, struct stats **out);

/* The SQL of the merged sign-offs scan, for query-plan tests. */
extern const char stats_sql_rows_asc[];

#endif
