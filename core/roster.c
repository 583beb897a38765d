/* SPDX-License-Identifier: ISC */
/*
 * Roster import: check every row (reporting each bad one), then enrol all
 * of them in one write transaction, or none. Rows wait in a temporary
 * table between the passes, so the file is read once and memory does not
 * grow with it; the slow Argon2id hashing of the activation codes happens
 * before the write lock is taken, so kiosks are held up only by the inserts.
 */
#include "roster.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "learner_int.h"
#include "role.h"
#include "store_db.h"

#define WANT "expected the header line \"" ROSTER_HEADER "\""

static const char *const header[ROSTER_FIELDS] = {
	"reference", "given_name", "family_name", "group", "cohort",
};

static const char sql_create[] =
    "DROP TABLE IF EXISTS temp.roster_rows;"
    "CREATE TEMP TABLE roster_rows("
    "  id INTEGER PRIMARY KEY,"
    "  line INTEGER NOT NULL,"
    "  reference TEXT NOT NULL UNIQUE,"
    "  given TEXT NOT NULL,"
    "  family TEXT NOT NULL,"
    "  grp TEXT NOT NULL,"
    "  cohort TEXT NOT NULL,"
    "  code_hash TEXT)";
static const char sql_drop[] = "DROP TABLE IF EXISTS temp.roster_rows";
static const char sql_insert[] =
    "INSERT INTO temp.roster_rows(id, line, reference, given, family, grp, cohort)"
    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)";
static const char sql_line[] = "SELECT line FROM temp.roster_rows WHERE reference = ?1";
static const char sql_row[] =
    "SELECT line, reference, given, family, grp, cohort, code_hash"
    " FROM temp.roster_rows WHERE id = ?1";
static const char sql_hash[] = "UPDATE temp.roster_rows SET code_hash = ?2 WHERE id = ?1";

enum { Q_INSERT, Q_LINE, Q_ROW, Q_HASH, Q_COUNT };

struct import {
	struct site *site;
	const uint8_t *actor;
	roster_report_fn fn;
	void *ctx;
	struct roster_result res;
	unsigned long kept;		/* rows in the temporary table, ids 1..kept */
	sqlite3_stmt *q[Q_COUNT];	/* not cached: the table is temporary */
	char *codes;			/* kept codes, in locked memory */
	size_t codes_cap;
	bool have_table;
};

static enum core_status
prepare(struct import *im)
{
	static const char *const sql[Q_COUNT] = { sql_insert, sql_line, sql_row, sql_hash };
	sqlite3 *db = store_db(im->site->st);
	int rc, i;

	rc = sqlite3_exec(db, sql_create, NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return store_fail(im->site->st, rc, "preparing the import");
	im->have_table = true;
	for (i = 0; i < Q_COUNT; i++) {
		rc = sqlite3_prepare_v2(db, sql[i], -1, &im->q[i], NULL);
		if (rc != SQLITE_OK)
			return store_fail(im->site->st, rc, "preparing the import");
	}
	return CORE_OK;
}

static void
finish(struct import *im)
{
	int i;

	for (i = 0; i < Q_COUNT; i++)
		sqlite3_finalize(im->q[i]);
	if (im->have_table)
		sqlite3_exec(store_db(im->site->st), sql_drop, NULL, NULL, NULL);
	secret_free(&im->codes, im->codes_cap);
}

static const char *
field(const struct csv_record *rec, size_t i)
{
	return i < rec->nfields && i < CSV_MAX_FIELDS ? rec->field[i] : "";
}

/* A bad row, or (counted false) a bad header. */
static void
report(struct import *im, const struct csv_record *rec, const char *reason,
    bool counted)
{
	struct roster_row row = {
		.line = rec->line,
		.reference = field(rec, 0),
		.given_name = field(rec, 1),
		.family_name = field(rec, 2),
		.group = field(rec, 3),
		.cohort = field(rec, 4),
		.reason = reason,
	};

	im->res.bad += counted;
	if (im->fn)
		im->fn(&row, im->ctx);
}

static enum core_status
check_header(struct import *im, struct csv_reader *rd, const char *name)
{
	struct csv_record rec;
	enum core_status status;
	size_t i;

	do
		status = csv_read(rd, &rec);
	while (status == CORE_OK && rec.blank);
	if (status == CORE_ERR_DONE) {
		rec.line = 1;
		report(im, &rec, "the file is empty: " WANT, false);
		return core_fail(CORE_ERR_INVALID, "%s: the file is empty", name);
	}
	if (status != CORE_OK)
		return status;
	for (i = 0; i < ROSTER_FIELDS && !rec.error && rec.nfields == ROSTER_FIELDS; i++)
		if (strcmp(rec.field[i], header[i]) != 0)
			break;
	if (rec.error || rec.nfields != ROSTER_FIELDS || i < ROSTER_FIELDS) {
		report(im, &rec, WANT, false);
		return core_fail(CORE_ERR_INVALID, "%s: line %lu: %s", name, rec.line, WANT);
	}
	return CORE_OK;
}

/* Keep the row for the import; a reference seen before gets its line. */
static enum core_status
keep_row(struct import *im, const struct csv_record *rec, unsigned long *dup_line)
{
	sqlite3_stmt *q = im->q[Q_INSERT];
	int rc, i;

	*dup_line = 0;
	sqlite3_reset(q);
	sqlite3_bind_int64(q, 1, (sqlite3_int64)im->kept + 1);
	sqlite3_bind_int64(q, 2, (sqlite3_int64)rec->line);
	for (i = 0; i < ROSTER_FIELDS; i++)
		sqlite3_bind_text(q, 3 + i, rec->field[i], -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	sqlite3_reset(q);
	if (rc == SQLITE_DONE) {
		im->kept++;
		return CORE_OK;
	}
	if (rc != SQLITE_CONSTRAINT_UNIQUE)
		return store_fail(im->site->st, rc, "reading the roster");
	q = im->q[Q_LINE];
	sqlite3_reset(q);
	sqlite3_bind_text(q, 1, rec->field[0], -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW)
		*dup_line = (unsigned long)sqlite3_column_int64(q, 0);
	sqlite3_reset(q);
	return rc == SQLITE_ROW ? CORE_OK : store_fail(im->site->st, rc, "reading the roster");
}

/* One data record: report it if bad, keep it if good. Storage failures stop. */
static enum core_status
check_row(struct import *im, const struct csv_record *rec)
{
	char reason[320];
	unsigned long dup = 0;
	enum core_status status;
	struct learner l;

	im->res.rows++;
	if (rec->error) {
		report(im, rec, rec->error, true);
		return CORE_OK;
	}
	if (rec->nfields != ROSTER_FIELDS) {
		snprintf(reason, sizeof reason, "expected %d fields (%s), found %zu",
		    ROSTER_FIELDS, ROSTER_HEADER, rec->nfields);
		report(im, rec, reason, true);
		return CORE_OK;
	}
	status = learner_check_details(im->site->cfg, rec->field[0], rec->field[1],
	    rec->field[2], rec->field[3], rec->field[4]);
	if (status == CORE_ERR_INVALID) {
		report(im, rec, core_detail(), true);
		return CORE_OK;
	}
	if (status != CORE_OK)
		return status;
	status = learner_get(im->site, rec->field[0], &l);
	if (status == CORE_OK) {
		snprintf(reason, sizeof reason, "reference %s is already enrolled",
		    rec->field[0]);
		report(im, rec, reason, true);
		return CORE_OK;
	}
	if (status != CORE_ERR_NOT_FOUND)
		return status;
	core_detail_clear();
	if ((status = keep_row(im, rec, &dup)) != CORE_OK)
		return status;
	if (dup) {
		snprintf(reason, sizeof reason, "reference %s is also on line %lu",
		    rec->field[0], dup);
		report(im, rec, reason, true);
	}
	return CORE_OK;
}

static enum core_status
check_all(struct import *im, FILE *in, const char *name)
{
	struct csv_reader *rd = NULL;
	struct csv_record rec;
	enum core_status status;

	if ((status = csv_reader_new(in, ROSTER_FIELD_MAX, &rd)) != CORE_OK)
		return status;
	status = check_header(im, rd, name);
	while (status == CORE_OK) {
		if ((status = csv_read(rd, &rec)) != CORE_OK)
			break;
		if (rec.blank)
			continue;
		status = check_row(im, &rec);
	}
	csv_reader_free(&rd);
	if (status == CORE_ERR_DONE)
		status = CORE_OK;
	else if (status == CORE_ERR_IO)
		return core_fail(CORE_ERR_IO, "%s: %s", name, core_detail());
	if (status != CORE_OK)
		return status;
	if (im->res.bad)
		return core_fail(CORE_ERR_INVALID,
		    "%s: %lu %s not valid; nothing was imported", name, im->res.bad,
		    im->res.bad == 1 ? "row is" : "rows are");
	if (im->res.rows == 0)
		return core_fail(CORE_ERR_INVALID, "%s: no learners after the header", name);
	return CORE_OK;
}

/* Step row id of the temporary table; the caller resets Q_ROW. */
static enum core_status
load_row(struct import *im, unsigned long id)
{
	sqlite3_stmt *q = im->q[Q_ROW];
	int rc;

	sqlite3_reset(q);
	sqlite3_bind_int64(q, 1, (sqlite3_int64)id);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW)
		return CORE_OK;
	sqlite3_reset(q);
	return store_fail(im->site->st, rc == SQLITE_DONE ? SQLITE_CORRUPT : rc,
	    "reading the roster back");
}

static const char *
col(sqlite3_stmt *q, int i)
{
	const unsigned char *s = sqlite3_column_text(q, i);

	return s ? (const char *)s : "";
}

/* Codes and their hashes, before the write lock: Argon2id is the slow part. */
static enum core_status
make_codes(struct import *im)
{
	char hash[CRYPTO_PASSHASH_LEN];
	sqlite3_stmt *q = im->q[Q_HASH];
	enum core_status status = CORE_OK;
	unsigned long id;
	int rc;

	im->codes_cap = im->kept * LEARNER_CODE_LEN;
	if (!(im->codes = secret_alloc(im->codes_cap)))
		return core_fail(CORE_ERR_NOMEM, "no locked memory for %lu codes",
		    im->kept);
	for (id = 1; id <= im->kept && status == CORE_OK; id++) {
		status = learner_code_new(im->site, im->codes + (id - 1) * LEARNER_CODE_LEN,
		    hash);
		if (status != CORE_OK)
			break;
		sqlite3_reset(q);
		sqlite3_bind_int64(q, 1, (sqlite3_int64)id);
		sqlite3_bind_text(q, 2, hash, -1, SQLITE_STATIC);
		rc = sqlite3_step(q);
		sqlite3_reset(q);
		if (rc != SQLITE_DONE)
			status = store_fail(im->site->st, rc, "preparing codes");
	}
	crypto_wipe(hash, sizeof hash);
	return status;
}

static enum core_status
enrol_all(struct import *im)
{
	sqlite3_stmt *q = im->q[Q_ROW];
	enum core_status status;
	unsigned long id;

	if ((status = store_begin(im->site->st)) != CORE_OK)
		return status;
	for (id = 1; id <= im->kept && status == CORE_OK; id++) {
		if ((status = load_row(im, id)) != CORE_OK)
			break;
		status = learner_enrol_txn(im->site, col(q, 1), col(q, 2), col(q, 3),
		    col(q, 4), col(q, 5), col(q, 6), im->actor);
		if (status != CORE_OK)
			status = core_fail(status, "line %lld: %s",
			    (long long)sqlite3_column_int64(q, 0), core_detail());
		sqlite3_reset(q);
	}
	if (status == CORE_OK)
		status = store_commit(im->site->st);
	else
		store_rollback(im->site->st);
	return status;
}

static void
report_imported(struct import *im)
{
	sqlite3_stmt *q = im->q[Q_ROW];
	struct roster_row row;
	unsigned long id;

	im->res.imported = im->kept;
	for (id = 1; id <= im->kept; id++) {
		if (load_row(im, id) != CORE_OK)
			continue;	/* committed already: only the report is lost */
		row = (struct roster_row){
			.line = (unsigned long)sqlite3_column_int64(q, 0),
			.reference = col(q, 1),
			.given_name = col(q, 2),
			.family_name = col(q, 3),
			.group = col(q, 4),
			.cohort = col(q, 5),
			.code = im->codes + (id - 1) * LEARNER_CODE_LEN,
		};
		if (im->fn)
			im->fn(&row, im->ctx);
		sqlite3_reset(q);
	}
}

enum core_status
roster_import(struct site *site, FILE *in, const char *name, const uint8_t *actor,
    roster_report_fn fn, void *ctx, struct roster_result *result)
{
	struct import im = { .site = site, .actor = actor, .fn = fn, .ctx = ctx };
	enum core_status status;

	status = role_authorize(site, actor, ROLE_ACT_IMPORT);
	if (status == CORE_OK)
		status = prepare(&im);
	if (status == CORE_OK)
		status = check_all(&im, in, name);
	if (status == CORE_OK)
		status = make_codes(&im);
	if (status == CORE_OK)
		status = enrol_all(&im);
	if (status == CORE_OK)
		report_imported(&im);
	finish(&im);
	if (result)
		*result = im.res;
	return status;
}

enum core_status
roster_import_file(struct site *site, const char *path, const uint8_t *actor,
    roster_report_fn fn, void *ctx, struct roster_result *result)
{
	enum core_status status;
	FILE *in;

	if (result)
		memset(result, 0, sizeof *result);
	if (!(in = fopen(path, "rb")))
		return core_fail(CORE_ERR_NOT_FOUND, "%s: %s", path, strerror(errno));
	status = roster_import(site, in, path, actor, fn, ctx, result);
	fclose(in);
	return status;
}
