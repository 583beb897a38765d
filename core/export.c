/* SPDX-License-Identifier: ISC */
/*
 * Exports (see export.h): each kind of row read in one snapshot, one row
 * at a time, through the writer of export_int.h; then the EV_EXPORT entry.
 * The learners' states come from the same merged scan as the dashboard
 * (stats_int.h), judged by rules.h at the export's instant.
 */
#include "export.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event.h"
#include "export_int.h"
#include "role.h"
#include "rules.h"
#include "staff.h"
#include "stats_int.h"
#include "store_db.h"

#define PROGRESS_EVERY 4096

struct column {
	const char *name, *meaning;
};

static const struct column learner_cols[] = {
	{ "reference", "the learner's reference" },
	{ "given_name", "given name(s)" },
	{ "family_name", "family name" },
	{ "group", "the group (config id)" },
	{ "cohort", "the cohort; empty for none" },
	{ "enrolled", "when they were enrolled" },
	{ "left", "the day they left; empty if they have not" },
	{ "pseudonym", "the id the ledger knows them by (the events' subject)" },
	{ "status", "complete (every step signed now), incomplete, left, "
	    "or unknown group (one the config no longer has)" },
	{ "steps", "steps in their group's flow" },
	{ "signed", "steps signed and still counting" },
	{ "outstanding", "steps never done" },
	{ "lapsed", "steps whose text changed or whose validity passed" },
	{ "declined", "steps they did not agree to" },
	{ "locked", "locked after wrong PINs until staff unlock them" },
	{ NULL, NULL },
};

static const struct column event_cols[] = {
	{ "seq", "the entry's number in the ledger" },
	{ "time", "when it was recorded" },
	{ "kind", "what happened" },
	{ "subject", "whom it is about: a staff id, else a learner's pseudonym; "
	    "empty for none" },
	{ "actor", "who did it: a staff id, else a learner's pseudonym; empty "
	    "for the kiosk itself or the command line" },
	{ "receipt", "the receipt code of the entry" },
	{ "learner_signed", "signed with the learner's (or staff member's) own key" },
	{ "witnessed", "also signed by a witnessing member of staff" },
	{ NULL, NULL },
};

static const struct column consent_cols[] = {
	{ "reference", "the learner's reference" },
	{ "channel", "where an image may be used (config id)" },
	{ "state", "current (Yes now), said no, withdrawn or expired" },
	{ "given", "when the answer was given" },
	{ "expires", "when a Yes runs out; empty for a No" },
	{ "withdrawn", "when a withdrawal was recorded; empty if none" },
	{ NULL, NULL },
};

static const struct column concern_cols[] = {
	{ "id", "the concern's number" },
	{ "time", "when it was reported" },
	{ "category", "its category" },
	{ "status", "open, in-progress or closed" },
	{ "updated", "when an action was last recorded; empty if none" },
	{ NULL, NULL },
};

static const struct {
	const char *name, *description;
	const struct column *cols;
} whats[] = {
	[EXPORT_LEARNERS] = { "learners", "every learner not erased, with the state "
	    "of their sign-off", learner_cols },
	[EXPORT_EVENTS] = { "events", "every ledger entry, pseudonymous (no names); "
	    "not the signed bytes or the signatures themselves", event_cols },
	[EXPORT_CONSENTS] = { "consents", "every learner's answer per consent "
	    "channel (learners not erased)", consent_cols },
	[EXPORT_CONCERNS] = { "concerns", "every concern's metadata; what was "
	    "reported stays sealed", concern_cols },
};

#define NWHATS (sizeof whats / sizeof whats[0])

const char *
export_what_name(enum export_what w)
{
	return (size_t)w < NWHATS ? whats[w].name : "unknown";
}

bool
export_what_parse(const char *name, enum export_what *out)
{
	for (size_t i = 0; i < NWHATS; i++) {
		if (strcmp(whats[i].name, name) == 0) {
			*out = (enum export_what)i;
			return true;
		}
	}
	return false;
}

const char *
export_format_name(enum export_format f)
{
	return f == EXPORT_JSON ? "json" : "csv";
}

bool
export_format_parse(const char *name, enum export_format *out)
{
	if (strcmp(name, "csv") == 0)
		*out = EXPORT_CSV;
	else if (strcmp(name, "json") == 0)
		*out = EXPORT_JSON;
	else
		return false;
	return true;
}

void
export_suggest_name(enum export_what what, enum export_format fmt,
    int64_t now_ms, char *buf, size_t cap)
{
	char t[EXPORT_TIME_LEN], stamp[20];

	export_time_format(now_ms, t);
	/* 2026-09-01T09:30:00.000Z -> 20260901T093000Z */
	snprintf(stamp, sizeof stamp, "%.4s%.2s%.2sT%.2s%.2s%.2sZ", t, t + 5, t + 8,
	    t + 11, t + 14, t + 17);
	snprintf(buf, cap, "signoff-%s-%s.%s", export_what_name(what), stamp,
	    export_format_name(fmt));
}

/* ---- shared pieces ---- */

static void
hex(const uint8_t *b, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[b[i] >> 4];
		out[2 * i + 1] = digits[b[i] & 15];
	}
	out[2 * n] = '\0';
}

static bool
is_zero(const uint8_t *p, size_t n)
{
	uint8_t acc = 0;

	for (size_t i = 0; i < n; i++)
		acc |= p[i];
	return acc == 0;
}

/* Staff pseudonyms to ids, sorted for bsearch: a few per site. */
struct staff_name {
	uint8_t pseudonym[CRYPTO_ID_BYTES];
	char name[STAFF_NAME_MAX];
};

struct staff_map {
	struct staff_name *v;
	size_t n, cap;
	bool nomem;
};

static bool
add_staff(const struct staff *s, void *ctx)
{
	struct staff_map *m = ctx;
	struct staff_name *grown;

	if (m->n == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 16;

		if (!(grown = realloc(m->v, cap * sizeof *grown))) {
			m->nomem = true;
			return false;
		}
		m->v = grown;
		m->cap = cap;
	}
	memcpy(m->v[m->n].pseudonym, s->pseudonym, CRYPTO_ID_BYTES);
	snprintf(m->v[m->n].name, sizeof m->v[m->n].name, "%s", s->name);
	m->n++;
	return true;
}

static int
cmp_staff(const void *a, const void *b)
{
	return memcmp(a, b, CRYPTO_ID_BYTES);
}

/* A staff id, else hex; "" for zeros. out: at least 2 * CRYPTO_ID_BYTES + 1. */
static const char *
who(const struct staff_map *m, const uint8_t *id, size_t len, char *out)
{
	const struct staff_name *s;

	if (len != CRYPTO_ID_BYTES || is_zero(id, len))
		return NULL;
	s = m->n ? bsearch(id, m->v, m->n, sizeof *m->v, cmp_staff) : NULL;
	if (s)
		return s->name;
	hex(id, CRYPTO_ID_BYTES, out);
	return out;
}

static void
actor_name(struct site *site, const uint8_t *actor, char *out, size_t cap)
{
	struct staff s;

	if (!actor || is_zero(actor, CRYPTO_ID_BYTES))
		snprintf(out, cap, "the command line");
	else if (staff_get_by_pseudonym(site, actor, &s) == CORE_OK)
		snprintf(out, cap, "%s", s.name);
	else
		snprintf(out, cap, "an unknown member of staff");
	core_detail_clear();
}

static enum core_status
count_rows(struct site *site, const char *sql, uint64_t *out)
{
	enum core_status status = CORE_OK;
	sqlite3_stmt *stmt = store_prepare(site->st, sql, &status);
	int rc;

	*out = 0;
	if (!stmt)
		return status;
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		*out = (uint64_t)sqlite3_column_int64(stmt, 0);
	else
		status = store_fail(site->st, rc, "counting rows");
	sqlite3_reset(stmt);
	return status;
}

struct job {
	struct site *site;
	struct xout *o;
	int64_t now;
	export_progress_fn progress;
	void *ctx;
	uint64_t total;
	const char *const *names;
};

static void
tick(struct job *j)
{
	if (j->progress && j->o->rows % PROGRESS_EVERY == 0)
		j->progress(j->o->rows, j->total > j->o->rows ? j->total : j->o->rows, j->ctx);
}

static void
col_text(struct xout *o, sqlite3_stmt *stmt, int col)
{
	xout_text(o, (const char *)sqlite3_column_text(stmt, col),
	    (size_t)sqlite3_column_bytes(stmt, col));
}

/* ---- learners ---- */

static enum core_status
rows_learners(struct job *j)
{
	static const char sql[] =
	    "SELECT l.id, l.grp, l.cohort, l.locked, l.reference, p.given_name,"
	    " p.family_name, l.enrolled_ms, l.left_ms, l.pseudonym"
	    " FROM learners l LEFT JOIN learner_personal p ON p.learner_id = l.id"
	    " WHERE l.id > ?1 AND l.erased_ms IS NULL ORDER BY l.id";
	struct rules_set *rs = NULL;
	enum core_status status;
	struct rules_tally t;
	struct stats_scan sc;
	sqlite3_stmt *d;
	char pseudonym[2 * CRYPTO_ID_BYTES + 1];
	int64_t id;
	bool left;

	if ((status = rules_set_new(j->site->cfg, j->site->pack, j->now, &rs)) != CORE_OK)
		return status;
	if (!(d = store_prepare(j->site->st, sql, &status))) {
		rules_set_free(&rs);
		return status;
	}
	sqlite3_bind_int64(d, 1, 0);
	status = stats_scan_start(&sc, j->site, rs, d, false, false, 0);
	while (status == CORE_OK && !j->o->failed &&
	    (status = stats_scan_next(&sc, &id, &t)) == CORE_OK) {
		left = sqlite3_column_type(d, 8) != SQLITE_NULL;
		xout_row_begin(j->o, j->names);
		col_text(j->o, d, 4);
		col_text(j->o, d, 5);
		col_text(j->o, d, 6);
		col_text(j->o, d, 1);
		col_text(j->o, d, 2);
		xout_time(j->o, true, sqlite3_column_int64(d, 7));
		xout_time(j->o, left, sqlite3_column_int64(d, 8));
		if (sqlite3_column_bytes(d, 9) == CRYPTO_ID_BYTES)
			hex(sqlite3_column_blob(d, 9), CRYPTO_ID_BYTES, pseudonym);
		else
			pseudonym[0] = '\0';
		xout_cstr(j->o, pseudonym);
		xout_cstr(j->o, left ? "left" : t.group < 0 ? "unknown group" :
		    rules_tally_complete(&t) ? "complete" : "incomplete");
		xout_int(j->o, t.steps);
		xout_int(j->o, t.signed_now);
		xout_int(j->o, t.outstanding);
		xout_int(j->o, t.lapsed);
		xout_int(j->o, t.declined);
		xout_bool(j->o, t.locked);
		xout_row_end(j->o);
		tick(j);
	}
	stats_scan_end(&sc);
	rules_set_free(&rs);
	return status == CORE_ERR_DONE ? CORE_OK : status;
}

/* ---- events ---- */

static enum core_status
rows_events(struct job *j)
{
	static const char sql[] =
	    "SELECT seq, time_ms, kind, subject, actor, receipt,"
	    " learner_sig IS NOT NULL, witness_sig IS NOT NULL"
	    " FROM ledger ORDER BY seq";
	struct staff_map staff = { NULL, 0, 0, false };
	char subject[2 * CRYPTO_ID_BYTES + 1], actor[2 * CRYPTO_ID_BYTES + 1];
	sqlite3_stmt *stmt = NULL;
	enum core_status status;
	const char *words;
	char unknown[32];
	unsigned kind;
	int rc = SQLITE_DONE;

	status = staff_list(j->site, add_staff, &staff);
	if (status == CORE_OK && staff.nomem)
		status = core_fail(CORE_ERR_NOMEM, "reading staff");
	if (status == CORE_OK && staff.n)
		qsort(staff.v, staff.n, sizeof *staff.v, cmp_staff);
	if (status == CORE_OK)
		stmt = store_prepare(j->site->st, sql, &status);
	while (stmt && !j->o->failed && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		kind = (unsigned)sqlite3_column_int(stmt, 2);
		if (!(words = event_kind_words(kind))) {
			snprintf(unknown, sizeof unknown, "unknown event %u", kind);
			words = unknown;
		}
		xout_row_begin(j->o, j->names);
		xout_int(j->o, sqlite3_column_int64(stmt, 0));
		xout_time(j->o, true, sqlite3_column_int64(stmt, 1));
		xout_cstr(j->o, words);
		xout_cstr(j->o, who(&staff, sqlite3_column_blob(stmt, 3),
		    (size_t)sqlite3_column_bytes(stmt, 3), subject));
		xout_cstr(j->o, who(&staff, sqlite3_column_blob(stmt, 4),
		    (size_t)sqlite3_column_bytes(stmt, 4), actor));
		col_text(j->o, stmt, 5);
		xout_bool(j->o, sqlite3_column_int(stmt, 6) != 0);
		xout_bool(j->o, sqlite3_column_int(stmt, 7) != 0);
		xout_row_end(j->o);
		tick(j);
	}
	if (stmt) {
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			status = store_fail(j->site->st, rc, "reading the ledger");
		sqlite3_reset(stmt);
	}
	free(staff.v);
	return status;
}

/* ---- consents ---- */

static enum core_status
rows_consents(struct job *j)
{
	static const char sql[] =
	    "SELECT l.reference, c.channel, c.value, c.time_ms, w.time_ms"
	    " FROM consents c JOIN learners l ON l.id = c.learner_id"
	    " LEFT JOIN ledger w ON w.seq = c.withdrawn_seq"
	    " WHERE l.erased_ms IS NULL";
	unsigned years = j->site->cfg->consent_years;
	enum core_status status = CORE_OK;
	enum consent_state state;
	sqlite3_stmt *stmt;
	int64_t given, ends;
	bool withdrawn;
	int rc = SQLITE_DONE;

	if (!(stmt = store_prepare(j->site->st, sql, &status)))
		return status;
	while (!j->o->failed && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		given = sqlite3_column_int64(stmt, 3);
		withdrawn = sqlite3_column_type(stmt, 4) != SQLITE_NULL;
		state = rules_consent_row(sqlite3_column_int(stmt, 2) != 0, given,
		    withdrawn, years, j->now, &ends);
		xout_row_begin(j->o, j->names);
		col_text(j->o, stmt, 0);
		col_text(j->o, stmt, 1);
		xout_cstr(j->o, rules_consent_words(state));
		xout_time(j->o, true, given);
		xout_time(j->o, ends != 0, ends);
		xout_time(j->o, withdrawn, sqlite3_column_int64(stmt, 4));
		xout_row_end(j->o);
		tick(j);
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		status = store_fail(j->site->st, rc, "reading consents");
	sqlite3_reset(stmt);
	return status;
}

/* ---- concerns ---- */

static enum core_status
rows_concerns(struct job *j)
{
	static const char sql[] =
	    "SELECT id, time_ms, category, status, updated_ms FROM concerns ORDER BY id";
	enum core_status status = CORE_OK;
	sqlite3_stmt *stmt;
	int rc = SQLITE_DONE;

	if (!(stmt = store_prepare(j->site->st, sql, &status)))
		return status;
	while (!j->o->failed && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		xout_row_begin(j->o, j->names);
		xout_int(j->o, sqlite3_column_int64(stmt, 0));
		xout_time(j->o, true, sqlite3_column_int64(stmt, 1));
		col_text(j->o, stmt, 2);
		col_text(j->o, stmt, 3);
		xout_time(j->o, sqlite3_column_type(stmt, 4) != SQLITE_NULL,
		    sqlite3_column_int64(stmt, 4));
		xout_row_end(j->o);
		tick(j);
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		status = store_fail(j->site->st, rc, "reading concerns");
	sqlite3_reset(stmt);
	return status;
}

/* ---- the whole export ---- */

static void
json_about(struct job *j, enum export_what what, const char *by, uint64_t as_of)
{
	struct xout *o = j->o;
	char t[EXPORT_TIME_LEN];
	size_t i;

	export_time_format(j->now, t);
	xout_str(o, "{\"about\":{\"what\":");
	xout_json_str(o, whats[what].name);
	xout_str(o, ",\"description\":");
	xout_json_str(o, whats[what].description);
	xout_str(o, ",\"format\":\"signoff export 1, JSON\",\"site\":");
	xout_json_str(o, j->site->cfg->kiosk_name);
	xout_str(o, ",\"made\":");
	xout_json_str(o, t);
	xout_str(o, ",\"made_by\":");
	xout_json_str(o, by);
	xout_str(o, ",\"as_of_seq\":");
	xout_uint(o, as_of);
	xout_str(o, ",\"recorded\":\"an EV_EXPORT ledger entry after the last row\","
	    "\"columns\":[");
	for (i = 0; whats[what].cols[i].name; i++) {
		xout_str(o, i ? ",{\"name\":" : "{\"name\":");
		xout_json_str(o, whats[what].cols[i].name);
		xout_str(o, ",\"meaning\":");
		xout_json_str(o, whats[what].cols[i].meaning);
		xout_str(o, "}");
	}
	xout_str(o, "]},\n\"rows\":[");
}

static enum core_status
expected_rows(struct job *j, enum export_what what, uint64_t as_of)
{
	switch (what) {
	case EXPORT_LEARNERS:
		return count_rows(j->site,
		    "SELECT count(*) FROM learners WHERE erased_ms IS NULL", &j->total);
	case EXPORT_EVENTS:
		j->total = as_of;
		return CORE_OK;
	case EXPORT_CONSENTS:
		return count_rows(j->site, "SELECT count(*) FROM consents", &j->total);
	case EXPORT_CONCERNS:
		return count_rows(j->site, "SELECT count(*) FROM concerns", &j->total);
	}
	return CORE_OK;
}

/* The rows, between the head and the tail of the format. */
static enum core_status
write_all(struct job *j, enum export_what what, const char *by, uint64_t as_of)
{
	const struct column *cols = whats[what].cols;
	const char *names[20];
	enum core_status status;
	size_t i;

	for (i = 0; cols[i].name && i + 1 < sizeof names / sizeof names[0]; i++)
		names[i] = cols[i].name;
	names[i] = NULL;
	j->names = names;
	if (j->o->fmt == EXPORT_CSV)
		xout_csv_header(j->o, names);
	else
		json_about(j, what, by, as_of);
	switch (what) {
	case EXPORT_LEARNERS:
		status = rows_learners(j);
		break;
	case EXPORT_EVENTS:
		status = rows_events(j);
		break;
	case EXPORT_CONSENTS:
		status = rows_consents(j);
		break;
	case EXPORT_CONCERNS:
		status = rows_concerns(j);
		break;
	default:
		status = core_fail(CORE_ERR_INVALID, "what: unknown export");
	}
	j->names = NULL;
	if (status == CORE_OK && j->o->fmt == EXPORT_JSON) {
		xout_str(j->o, "\n],\"count\":");
		xout_uint(j->o, j->o->rows);
		xout_str(j->o, "}\n");
	}
	if (j->progress && status == CORE_OK)
		j->progress(j->o->rows, j->o->rows, j->ctx);
	return status;
}

static enum core_status
record(struct site *site, const uint8_t *actor, enum export_what what,
    enum export_format fmt, struct export_result *r)
{
	struct ledger_appended done;
	enum core_status status;
	struct event ev;
	char meaning[160];

	event_init(&ev, EV_EXPORT);
	if (actor)
		memcpy(ev.actor, actor, CRYPTO_ID_BYTES);
	snprintf(meaning, sizeof meaning, "Records were exported: %s as %s, %llu rows.",
	    export_what_name(what), fmt == EXPORT_JSON ? "JSON" : "CSV",
	    (unsigned long long)r->rows);
	status = event_add_text(&ev, "what", export_what_name(what));
	if (status == CORE_OK)
		status = event_add_text(&ev, "format", export_format_name(fmt));
	if (status == CORE_OK)
		status = event_add_int(&ev, "rows", (long long)r->rows);
	if (status == CORE_OK)
		status = event_add_int(&ev, "as_of_seq", (long long)r->as_of_seq);
	if (status == CORE_OK)
		status = event_set_meaning(&ev, meaning);
	if (status == CORE_OK)
		status = ledger_append_alone(site->st, site->keys, &ev, &done);
	event_clear(&ev);
	if (status == CORE_OK) {
		r->seq = done.seq;
		memcpy(r->receipt, done.receipt, LEDGER_RECEIPT_LEN);
	}
	return status;
}

enum core_status
export_run(struct site *site, const uint8_t *actor, enum export_what what,
    enum export_format fmt, int64_t now_ms, export_write_fn write,
    export_progress_fn progress, void *ctx, struct export_result *out)
{
	struct export_result r;
	struct ledger_head head;
	enum core_status status;
	struct job j;
	char by[STAFF_NAME_MAX + 32];

	if ((size_t)what >= NWHATS)
		return core_fail(CORE_ERR_INVALID, "what: unknown export");
	if ((status = role_authorize(site, actor, ROLE_ACT_EXPORT)) != CORE_OK)
		return status;
	memset(&r, 0, sizeof r);
	memset(&j, 0, sizeof j);
	actor_name(site, actor, by, sizeof by);
	if (!(j.o = malloc(sizeof *j.o)))
		return core_fail(CORE_ERR_NOMEM, "exporting");
	xout_init(j.o, fmt, write, ctx);
	j.site = site;
	j.now = now_ms;
	j.progress = progress;
	j.ctx = ctx;
	r.made_ms = now_ms;
	if ((status = store_begin_read(site->st)) == CORE_OK) {
		status = ledger_head(site->st, &head);
		r.as_of_seq = head.seq;
		if (status == CORE_OK && progress)
			status = expected_rows(&j, what, head.seq);
		if (status == CORE_OK)
			status = write_all(&j, what, by, head.seq);
		store_rollback(site->st);	/* ends the read transaction */
	}
	if (status == CORE_OK && !xout_flush(j.o))
		status = core_fail(CORE_ERR_IO, "writing the export failed");
	else if (status == CORE_OK && j.o->failed)
		status = core_fail(CORE_ERR_IO, "writing the export failed");
	r.rows = j.o->rows;
	free(j.o);
	if (status == CORE_OK)
		status = record(site, actor, what, fmt, &r);
	if (status == CORE_OK && out)
		*out = r;
	return status;
}

/* ---- about ---- */

enum core_status
export_about_text(struct site *site, const uint8_t *actor, enum export_what what,
    enum export_format fmt, const struct export_result *r, export_write_fn write,
    void *ctx)
{
	char t[EXPORT_TIME_LEN], by[STAFF_NAME_MAX + 32], line[512];
	const struct column *c;
	struct xout *o;
	bool ok;

	if ((size_t)what >= NWHATS)
		return core_fail(CORE_ERR_INVALID, "what: unknown export");
	if (!(o = malloc(sizeof *o)))
		return core_fail(CORE_ERR_NOMEM, "describing an export");
	xout_init(o, fmt, write, ctx);
	actor_name(site, actor, by, sizeof by);
	export_time_format(r->made_ms, t);
	snprintf(line, sizeof line, "What this export contains\n\n"
	    "Site: %s\nWhat: %s: %s.\nMade: %s (UTC) by %s.\n", site->cfg->kiosk_name,
	    whats[what].name, whats[what].description, t, by);
	xout_str(o, line);
	snprintf(line, sizeof line, "Rows: %llu, from the records up to ledger entry "
	    "%llu.\nRecorded as ledger entry %llu, receipt %s.\n",
	    (unsigned long long)r->rows, (unsigned long long)r->as_of_seq,
	    (unsigned long long)r->seq, r->receipt);
	xout_str(o, line);
	xout_str(o, fmt == EXPORT_CSV ?
	    "Format: CSV (RFC 4180), UTF-8, a header row, every field in double\n"
	    "quotes. A field that starts with = + - @, tab or carriage return has '\n"
	    "put in front so that spreadsheets show it rather than run it. Control\n"
	    "characters other than tab and line breaks, and invalid UTF-8, are shown\n"
	    "as U+FFFD. Times are ISO 8601 in UTC.\n" :
	    "Format: JSON, UTF-8. Times are ISO 8601 in UTC.\n");
	xout_str(o, "\nColumns:\n");
	for (c = whats[what].cols; c->name; c++) {
		snprintf(line, sizeof line, "  %-15s %s\n", c->name, c->meaning);
		xout_str(o, line);
	}
	xout_str(o, what == EXPORT_EVENTS || what == EXPORT_CONCERNS ?
	    "\nThis file holds pseudonymous records; joined with a learners export "
	    "it\nidentifies people. Keep it safe and delete it when done.\n" :
	    "\nThis file holds personal data. Keep it safe, share it only with those\n"
	    "who need it, and delete it when done.\n");
	ok = xout_flush(o);
	free(o);
	return ok ? CORE_OK : core_fail(CORE_ERR_IO, "writing the description failed");
}

/* ---- status --json ---- */

static void
json_counts(struct xout *o, const struct stats_bar *b)
{
	xout_str(o, "\"counts\":{");
	for (unsigned c = 0; c < STATS_NCOUNTS; c++) {
		if (c)
			xout_str(o, ",");
		xout_json_str(o, stats_count_key((enum stats_count)c));
		xout_str(o, ":");
		xout_uint(o, b->counts[c]);
	}
	xout_str(o, "},\"percent_complete\":");
	xout_uint(o, stats_bar_percent(b));
}

static void
json_bar(struct xout *o, const struct stats_bar *b, bool cohort)
{
	xout_str(o, "{");
	if (!cohort) {
		xout_str(o, "\"id\":");
		xout_json_str(o, b->group);
		xout_str(o, ",\"title\":");
		xout_json_str(o, b->title);
	} else {
		xout_str(o, "\"cohort\":");
		xout_json_str(o, b->cohort);
	}
	xout_str(o, ",");
	json_counts(o, b);
}

enum core_status
export_status_json(struct site *site, const struct stats *s,
    export_write_fn write, void *ctx)
{
	char t[EXPORT_TIME_LEN];
	struct xout *o;
	size_t g, i;
	bool ok;

	if (!(o = malloc(sizeof *o)))
		return core_fail(CORE_ERR_NOMEM, "writing the status");
	xout_init(o, EXPORT_JSON, write, ctx);
	export_time_format(stats_now(s), t);
	xout_str(o, "{\"site\":");
	xout_json_str(o, site->cfg->kiosk_name);
	xout_str(o, ",\"at\":");
	xout_json_str(o, t);
	xout_str(o, ",\"consent_soon_days\":");
	xout_uint(o, STATS_CONSENT_SOON_DAYS);
	xout_str(o, ",");
	json_counts(o, stats_total(s));
	xout_str(o, ",\n\"groups\":[");
	for (g = 0; g < stats_ngroups(s); g++) {
		xout_str(o, g ? ",\n" : "\n");
		json_bar(o, stats_group(s, g), false);
		xout_str(o, ",\"cohorts\":[");
		for (i = 0; i < stats_ngroup_cohorts(s, g); i++) {
			xout_str(o, i ? "," : "");
			json_bar(o, stats_group_cohort(s, g, i), true);
			xout_str(o, "}");
		}
		xout_str(o, "]}");
	}
	xout_str(o, "],\n\"cohorts\":[");
	for (i = 0; i < stats_ncohorts(s); i++) {
		xout_str(o, i ? ",\n" : "\n");
		json_bar(o, stats_cohort(s, i), true);
		xout_str(o, "}");
	}
	xout_str(o, "]}\n");
	ok = xout_flush(o);
	free(o);
	return ok ? CORE_OK : core_fail(CORE_ERR_IO, "writing the status failed");
}
