/* SPDX-License-Identifier: ISC */
/*
 * Walking learners in id order with their steps judged (stats_int.h): the
 * driver's rows merged with one ordered scan of the signoffs_state index,
 * or one index probe per learner when the driver is sparse.
 */
#include "stats_int.h"

#include <string.h>

#include "store_db.h"

const char stats_sql_rows_asc[] =
    "SELECT learner_id, step, outcome, time_ms, doc_hash"
    " FROM signoffs INDEXED BY signoffs_state"
    " WHERE learner_id > ?1 ORDER BY learner_id, step";
static const char sql_rows_desc[] =
    "SELECT learner_id, step, outcome, time_ms, doc_hash"
    " FROM signoffs INDEXED BY signoffs_state"
    " WHERE learner_id < ?1 ORDER BY learner_id DESC, step DESC";
static const char sql_rows_probe[] =
    "SELECT learner_id, step, outcome, time_ms, doc_hash"
    " FROM signoffs INDEXED BY signoffs_state WHERE learner_id = ?1";

void
stats_read_prior(sqlite3_stmt *stmt, int col, struct rules_prior *p)
{
	const unsigned char *outcome = sqlite3_column_text(stmt, col + 1);

	memset(p, 0, sizeof *p);
	p->found = true;
	p->declined = outcome && outcome[0] == 'd';	/* 'declined' or 'signed' */
	p->time_ms = sqlite3_column_int64(stmt, col + 2);
	if (sqlite3_column_bytes(stmt, col + 3) == CRYPTO_HASH_BYTES)
		memcpy(p->hash, sqlite3_column_blob(stmt, col + 3), CRYPTO_HASH_BYTES);
}

static enum core_status
rows_step(struct stats_scan *sc)
{
	int rc = sqlite3_step(sc->rows);

	sc->have_row = rc == SQLITE_ROW;
	if (rc == SQLITE_ROW)
		return CORE_OK;
	sc->rows_done = true;
	return rc == SQLITE_DONE ? CORE_OK : store_fail(sc->site->st, rc, "reading sign-offs");
}

enum core_status
stats_scan_start(struct stats_scan *sc, struct site *site,
    const struct rules_set *rs, sqlite3_stmt *driver, bool desc, bool probe,
    int64_t from_id)
{
	enum core_status status = CORE_OK;

	memset(sc, 0, sizeof *sc);
	sc->site = site;
	sc->rs = rs;
	sc->driver = driver;
	sc->desc = desc;
	sc->probe = probe;
	sc->rows = store_prepare(site->st, probe ? sql_rows_probe :
	    desc ? sql_rows_desc : stats_sql_rows_asc, &status);
	if (!sc->rows)
		return status;
	if (probe)
		return CORE_OK;
	sqlite3_bind_int64(sc->rows, 1, from_id);
	return rows_step(sc);
}

/* Has the merged scan gone past learner id? */
static bool
row_before(const struct stats_scan *sc, int64_t row_id, int64_t id)
{
	return sc->desc ? row_id > id : row_id < id;
}

static enum core_status
tally_probe(struct stats_scan *sc, int64_t id, struct rules_tally *t)
{
	struct rules_prior p;
	int rc;

	sqlite3_bind_int64(sc->rows, 1, id);
	while ((rc = sqlite3_step(sc->rows)) == SQLITE_ROW) {
		stats_read_prior(sc->rows, 1, &p);
		rules_tally_add(sc->rs, t, (const char *)sqlite3_column_text(sc->rows, 1), &p);
	}
	sqlite3_reset(sc->rows);
	return rc == SQLITE_DONE ? CORE_OK : store_fail(sc->site->st, rc, "reading sign-offs");
}

static enum core_status
tally_merge(struct stats_scan *sc, int64_t id, struct rules_tally *t)
{
	enum core_status status = CORE_OK;
	struct rules_prior p;
	int64_t row_id;

	while (status == CORE_OK && sc->have_row) {
		row_id = sqlite3_column_int64(sc->rows, 0);
		if (row_before(sc, row_id, id)) {
			status = rows_step(sc);	/* a learner the driver skips */
			continue;
		}
		if (row_id != id)
			break;
		stats_read_prior(sc->rows, 1, &p);
		rules_tally_add(sc->rs, t, (const char *)sqlite3_column_text(sc->rows, 1), &p);
		status = rows_step(sc);
	}
	return status;
}

enum core_status
stats_scan_next(struct stats_scan *sc, int64_t *id, struct rules_tally *t)
{
	enum core_status status;
	const unsigned char *grp;
	int rc = sqlite3_step(sc->driver);

	if (rc == SQLITE_DONE)
		return CORE_ERR_DONE;
	if (rc != SQLITE_ROW)
		return store_fail(sc->site->st, rc, "reading learners");
	sc->learners++;
	*id = sqlite3_column_int64(sc->driver, 0);
	grp = sqlite3_column_text(sc->driver, 1);
	rules_tally_begin(sc->rs, grp ? (const char *)grp : "",
	    sqlite3_column_int(sc->driver, 3) != 0, t);
	status = sc->probe ? tally_probe(sc, *id, t) : tally_merge(sc, *id, t);
	rules_tally_end(t);
	return status;
}

void
stats_scan_end(struct stats_scan *sc)
{
	/* Cached statements: no binding may outlive the caller's strings. */
	if (sc->rows) {
		sqlite3_reset(sc->rows);
		sqlite3_clear_bindings(sc->rows);
	}
	if (sc->driver) {
		sqlite3_reset(sc->driver);
		sqlite3_clear_bindings(sc->driver);
	}
	sc->rows = sc->driver = NULL;
}
