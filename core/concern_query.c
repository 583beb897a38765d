/* SPDX-License-Identifier: ISC */
/*
 * The concerns tables: one row at a time for concern.c, the counts anyone
 * signed in may see, the DSL's queue, and checking every row against the
 * ledger entry it came from (concern_verify).
 */
#include "concern_row.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event.h"
#include "role.h"
#include "store_db.h"

/* State as a bit number for a mask; 3 for anything unknown. */
#define STATE_BIT \
    "(CASE c.status WHEN 'open' THEN 0 WHEN 'in-progress' THEN 1" \
    " WHEN 'closed' THEN 2 ELSE 3 END)"

#define ROW_SELECT \
    "SELECT c.id, c.seq, c.time_ms, coalesce(c.updated_ms, c.time_ms)," \
    " c.category, c.status, c.source, c.key_id, coalesce(c.learner_id, 0)," \
    " (SELECT count(*) FROM concern_actions a WHERE a.concern_id = c.id)," \
    " (SELECT a.referral FROM concern_actions a WHERE a.concern_id = c.id" \
    "   AND a.referral <> 'none' ORDER BY a.seq DESC LIMIT 1)," \
    " l.receipt, l.actor," \
    " c.key_id IS (SELECT key_id FROM concern_keys ORDER BY registered_seq DESC" \
    "   LIMIT 1)," \
    " c.sealed" \
    " FROM concerns c LEFT JOIN ledger l ON l.seq = c.seq "

static void
copy_id(sqlite3_stmt *stmt, int col, uint8_t out[CRYPTO_ID_BYTES])
{
	memset(out, 0, CRYPTO_ID_BYTES);
	if (sqlite3_column_bytes(stmt, col) == CRYPTO_ID_BYTES)
		memcpy(out, sqlite3_column_blob(stmt, col), CRYPTO_ID_BYTES);
}

static const char *
column_text(sqlite3_stmt *stmt, int col)
{
	const unsigned char *t = sqlite3_column_text(stmt, col);

	return t ? (const char *)t : "";
}

static enum core_status
read_row(sqlite3_stmt *stmt, const struct concerns_key *key, struct concern_row *r)
{
	struct concern_info *i = &r->info;
	uint8_t key_id[CRYPTO_ID_BYTES];
	int n;

	memset(r, 0, sizeof *r);
	i->id = sqlite3_column_int64(stmt, 0);
	i->seq = (uint64_t)sqlite3_column_int64(stmt, 1);
	i->time_ms = sqlite3_column_int64(stmt, 2);
	i->updated_ms = sqlite3_column_int64(stmt, 3);
	/* Unknown words read as other/open/anonymous; concern_verify names them. */
	if (!concern_category_parse(column_text(stmt, 4), &i->category))
		i->category = CONCERN_OTHER;
	if (!concern_state_parse(column_text(stmt, 5), &i->state))
		i->state = CONCERN_OPEN;
	if (!concern_source_parse(column_text(stmt, 6), &i->source))
		i->source = CONCERN_FROM_ANONYMOUS;
	copy_id(stmt, 7, r->key_id);
	r->learner_id = sqlite3_column_int64(stmt, 8);
	i->actions = (unsigned)sqlite3_column_int(stmt, 9);
	if (!concern_referral_parse(column_text(stmt, 10), &i->referral))
		i->referral = CONCERN_REFER_NONE;
	snprintf(i->receipt, sizeof i->receipt, "%s", column_text(stmt, 11));
	copy_id(stmt, 12, r->actor);
	i->readable = sqlite3_column_int(stmt, 13) != 0;
	if (key) {
		concerns_key_id(key, key_id);
		r->readable_by_key = crypto_equal(key_id, r->key_id, CRYPTO_ID_BYTES);
	}
	n = sqlite3_column_bytes(stmt, 14);
	if (n > 0) {
		if (!(r->sealed = malloc((size_t)n)))
			return core_fail(CORE_ERR_NOMEM, "no memory for a concern");
		memcpy(r->sealed, sqlite3_column_blob(stmt, 14), (size_t)n);
		r->sealed_len = (size_t)n;
	}
	return CORE_OK;
}

static enum core_status
one_row(struct site *site, sqlite3_stmt *stmt, const struct concerns_key *key,
    struct concern_row *out)
{
	enum core_status status;
	int rc = sqlite3_step(stmt);

	if (rc == SQLITE_ROW)
		status = read_row(stmt, key, out);
	else if (rc == SQLITE_DONE)
		status = core_fail(CORE_ERR_NOT_FOUND, "no such concern");
	else
		status = store_fail(site->st, rc, "reading a concern");
	sqlite3_reset(stmt);
	if (status != CORE_OK)
		concern_row_clear(out);
	return status;
}

enum core_status
concern_row_get(struct site *site, const struct concerns_key *key, int64_t id,
    struct concern_row *out)
{
	static const char sql[] = ROW_SELECT "WHERE c.id = ?1";
	enum core_status status = CORE_OK;
	sqlite3_stmt *stmt;

	memset(out, 0, sizeof *out);
	if (!(stmt = store_prepare(site->st, sql, &status)))
		return status;
	sqlite3_bind_int64(stmt, 1, id);
	status = one_row(site, stmt, key, out);
	if (status == CORE_ERR_NOT_FOUND)
		return core_fail(status, "there is no concern number %lld", (long long)id);
	return status;
}

enum core_status
concern_row_next(struct site *site, const struct concerns_key *key, int64_t after,
    unsigned mask, struct concern_row *out)
{
	static const char sql[] = ROW_SELECT
	    "WHERE c.id > ?1 AND (?2 >> " STATE_BIT ") & 1 ORDER BY c.id LIMIT 1";
	enum core_status status = CORE_OK;
	sqlite3_stmt *stmt;

	memset(out, 0, sizeof *out);
	if (!(stmt = store_prepare(site->st, sql, &status)))
		return status;
	sqlite3_bind_int64(stmt, 1, after);
	sqlite3_bind_int(stmt, 2, mask ? (int)(mask & 7) : 15);
	return one_row(site, stmt, key, out);
}

void
concern_row_clear(struct concern_row *r)
{
	free(r->sealed);
	memset(r, 0, sizeof *r);
}

enum core_status
concern_row_person(struct site *site, const uint8_t *pseudonym, int64_t learner_id,
    struct concern_person *out)
{
	static const char sql_pseudonym[] =
	    "SELECT l.reference, p.given_name, p.family_name, l.erased_ms"
	    " FROM learners l LEFT JOIN learner_personal p ON p.learner_id = l.id"
	    " WHERE l.pseudonym = ?1";
	static const char sql_id[] =
	    "SELECT l.reference, p.given_name, p.family_name, l.erased_ms"
	    " FROM learners l LEFT JOIN learner_personal p ON p.learner_id = l.id"
	    " WHERE l.id = ?1";
	enum core_status status = CORE_OK;
	sqlite3_stmt *stmt;
	int rc;

	memset(out, 0, sizeof *out);
	if (!(stmt = store_prepare(site->st, pseudonym ? sql_pseudonym : sql_id, &status)))
		return status;
	if (pseudonym)
		sqlite3_bind_blob(stmt, 1, pseudonym, CRYPTO_ID_BYTES, SQLITE_STATIC);
	else
		sqlite3_bind_int64(stmt, 1, learner_id);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		snprintf(out->reference, sizeof out->reference, "%s", column_text(stmt, 0));
		snprintf(out->given_name, sizeof out->given_name, "%s", column_text(stmt, 1));
		snprintf(out->family_name, sizeof out->family_name, "%s",
		    column_text(stmt, 2));
		out->erased = sqlite3_column_type(stmt, 3) != SQLITE_NULL;
	} else if (rc == SQLITE_DONE) {
		out->erased = true;	/* no such learner any more */
	} else {
		status = store_fail(site->st, rc, "reading a learner named by a concern");
	}
	sqlite3_reset(stmt);
	return status;
}

void
concern_row_actions_free(struct concern_action_row **rows, size_t n)
{
	if (!*rows)
		return;
	for (size_t i = 0; i < n; i++)
		free((*rows)[i].sealed);
	free(*rows);
	*rows = NULL;
}

enum core_status
concern_row_actions(struct site *site, int64_t concern_id,
    struct concern_action_row **out, size_t *n)
{
	static const char sql[] =
	    "SELECT a.seq, a.time_ms, a.status, a.referral, a.key_id, l.actor, a.sealed"
	    " FROM concern_actions a LEFT JOIN ledger l ON l.seq = a.seq"
	    " WHERE a.concern_id = ?1 ORDER BY a.seq";
	struct concern_action_row *rows = NULL, *a;
	enum core_status status = CORE_OK;
	size_t cap = 0, len;
	sqlite3_stmt *stmt;
	int rc;

	*out = NULL;
	*n = 0;
	if (!(stmt = store_prepare(site->st, sql, &status)))
		return status;
	sqlite3_bind_int64(stmt, 1, concern_id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (*n == cap) {
			size_t ncap = cap ? cap * 2 : 4;
			void *p = realloc(rows, ncap * sizeof *rows);

			if (!p) {
				status = core_fail(CORE_ERR_NOMEM, "no memory for actions");
				break;
			}
			rows = p;
			cap = ncap;
		}
		a = &rows[*n];
		memset(a, 0, sizeof *a);
		a->info.seq = (uint64_t)sqlite3_column_int64(stmt, 0);
		a->info.time_ms = sqlite3_column_int64(stmt, 1);
		if (!concern_state_parse(column_text(stmt, 2), &a->info.state))
			a->info.state = CONCERN_OPEN;
		if (!concern_referral_parse(column_text(stmt, 3), &a->info.referral))
			a->info.referral = CONCERN_REFER_NONE;
		copy_id(stmt, 4, a->key_id);
		copy_id(stmt, 5, a->actor);
		len = (size_t)sqlite3_column_bytes(stmt, 6);
		(*n)++;
		if (len && !(a->sealed = malloc(len))) {
			status = core_fail(CORE_ERR_NOMEM, "no memory for actions");
			break;
		}
		if (len)
			memcpy(a->sealed, sqlite3_column_blob(stmt, 6), len);
		a->sealed_len = len;
	}
	if (status == CORE_OK && rc != SQLITE_DONE)
		status = store_fail(site->st, rc, "reading a concern's actions");
	sqlite3_reset(stmt);
	if (status != CORE_OK) {
		concern_row_actions_free(&rows, *n);
		*n = 0;
	}
	*out = rows;
	return status;
}

/* The ledger entry at seq, decoded (the caller clears ev). */
static enum core_status
entry_event(struct site *site, uint64_t seq, struct event *ev)
{
	static const char sql[] = "SELECT bytes FROM ledger WHERE seq = ?1";
	enum core_status status = CORE_OK;
	sqlite3_stmt *stmt;
	int rc;

	memset(ev, 0, sizeof *ev);
	if (!(stmt = store_prepare(site->st, sql, &status)))
		return status;
	sqlite3_bind_int64(stmt, 1, (sqlite3_int64)seq);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		status = event_decode(sqlite3_column_blob(stmt, 0),
		    (size_t)sqlite3_column_bytes(stmt, 0), ev);
	else if (rc == SQLITE_DONE)
		status = core_fail(CORE_ERR_VERIFY, "concerns: seq %" PRIu64
		    ": the ledger has no such entry", seq);
	else
		status = store_fail(site->st, rc, "reading a ledger entry");
	sqlite3_reset(stmt);
	return status;
}

static bool
field_is(const struct event *ev, const char *key, const void *value, size_t len)
{
	const struct event_field *f = event_field(ev, key);

	return f && f->len == len && memcmp(f->value, value, len) == 0;
}

static bool
field_is_text(const struct event *ev, const char *key, const char *value)
{
	return field_is(ev, key, value, strlen(value));
}

enum core_status
concern_row_check_hash(struct site *site, uint64_t seq, unsigned kind,
    const uint8_t *sealed, size_t len)
{
	uint8_t hash[CRYPTO_HASH_BYTES];
	enum core_status status;
	struct event ev;

	if ((status = entry_event(site, seq, &ev)) != CORE_OK)
		return status;
	crypto_blake2b(sealed, len, hash);
	if (ev.kind != kind)
		status = core_fail(CORE_ERR_VERIFY, "concerns: seq %" PRIu64
		    ": kind: the entry is not a %s", seq, event_kind_words(kind));
	else if (!field_is(&ev, "sealed_hash", hash, sizeof hash))
		status = core_fail(CORE_ERR_VERIFY, "concerns: seq %" PRIu64
		    ": sealed_hash: the sealed text is not the one the ledger recorded",
		    seq);
	event_clear(&ev);
	return status;
}

/* ---- counts and the queue ---- */

enum core_status
concern_counts(struct site *site, struct concern_counts *out)
{
	static const char sql[] =
	    "SELECT status, category, count(*), min(time_ms) FROM concerns"
	    " GROUP BY status, category";
	enum core_status status = CORE_OK;
	enum concern_category cat;
	enum concern_state state;
	unsigned long n;
	sqlite3_stmt *stmt;
	int64_t oldest;
	int rc;

	memset(out, 0, sizeof *out);
	if (!(stmt = store_prepare(site->st, sql, &status)))
		return status;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (!concern_state_parse(column_text(stmt, 0), &state))
			state = CONCERN_OPEN;
		if (!concern_category_parse(column_text(stmt, 1), &cat))
			cat = CONCERN_OTHER;
		n = (unsigned long)sqlite3_column_int64(stmt, 2);
		oldest = sqlite3_column_int64(stmt, 3);
		out->total += n;
		out->by_state[state] += n;
		out->by_category[cat] += n;
		if (state != CONCERN_CLOSED) {
			out->open_by_category[cat] += n;
			if (!out->oldest_open_ms || oldest < out->oldest_open_ms)
				out->oldest_open_ms = oldest;
		}
	}
	if (rc != SQLITE_DONE)
		status = store_fail(site->st, rc, "counting concerns");
	sqlite3_reset(stmt);
	return status;
}

enum core_status
concern_list(struct site *site, const uint8_t *actor, unsigned mask,
    int64_t after, size_t limit, concern_visit_fn fn, void *ctx)
{
	enum core_status status;
	struct concern_row r;
	size_t shown = 0;
	bool more = true;

	if ((status = role_authorize(site, actor, ROLE_ACT_READ_CONCERNS)) != CORE_OK)
		return status;
	while (more && (limit == 0 || shown < limit)) {
		status = concern_row_next(site, NULL, after, mask, &r);
		if (status == CORE_ERR_NOT_FOUND) {
			core_detail_clear();
			return CORE_OK;
		}
		if (status != CORE_OK)
			return status;
		after = r.info.id;
		more = fn(&r.info, ctx);
		concern_row_clear(&r);
		shown++;
	}
	return CORE_OK;
}

/* ---- checking the rows against the ledger ---- */

struct vbad {
	uint64_t seq;	/* 0: none yet */
	char why[320];
};

static void __attribute__((format(printf, 3, 4)))
bad(struct vbad *b, uint64_t seq, const char *fmt, ...)
{
	va_list ap;

	if (b->seq && b->seq <= seq)
		return;
	b->seq = seq;
	va_start(ap, fmt);
	vsnprintf(b->why, sizeof b->why, fmt, ap);
	va_end(ap);
}

static bool
is_zero(const uint8_t *p, size_t n)
{
	uint8_t acc = 0;

	for (size_t i = 0; i < n; i++)
		acc |= p[i];
	return acc == 0;
}

/* Who a report names, against its source. */
static enum core_status
check_parties(struct site *site, const struct concern_row *r, const struct event *ev,
    struct vbad *b)
{
	static const char sql[] = "SELECT pseudonym FROM learners WHERE id = ?1";
	enum core_status status = CORE_OK;
	uint8_t who[CRYPTO_ID_BYTES];
	sqlite3_stmt *stmt;
	int rc;

	if (r->info.source != CONCERN_FROM_LEARNER) {
		if (r->learner_id || !is_zero(ev->subject, CRYPTO_ID_BYTES) ||
		    (r->info.source == CONCERN_FROM_ANONYMOUS &&
		    !is_zero(ev->actor, CRYPTO_ID_BYTES)))
			bad(b, r->info.seq, "subject: a %s concern names someone",
			    concern_source_name(r->info.source));
		return CORE_OK;
	}
	if (!(stmt = store_prepare(site->st, sql, &status)))
		return status;
	sqlite3_bind_int64(stmt, 1, r->learner_id);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		copy_id(stmt, 0, who);
	else if (rc != SQLITE_DONE)
		status = store_fail(site->st, rc, "reading a learner");
	sqlite3_reset(stmt);
	if (status == CORE_OK && (rc != SQLITE_ROW ||
	    memcmp(who, ev->subject, CRYPTO_ID_BYTES) != 0))
		bad(b, r->info.seq, "subject: not the learner the concern row names");
	return status;
}

static enum core_status
check_actions(struct site *site, const struct concern_row *r, struct vbad *b)
{
	struct concern_action_row *rows = NULL;
	uint8_t hash[CRYPTO_HASH_BYTES];
	enum core_status status;
	enum concern_state last = CONCERN_OPEN;
	char seqtext[24];
	struct event ev;
	size_t n = 0;

	if ((status = concern_row_actions(site, r->info.id, &rows, &n)) != CORE_OK)
		return status;
	snprintf(seqtext, sizeof seqtext, "%" PRIu64, r->info.seq);
	for (size_t i = 0; status == CORE_OK && i < n; i++) {
		const struct concern_action_row *a = &rows[i];

		if ((status = entry_event(site, a->info.seq, &ev)) != CORE_OK)
			break;
		crypto_blake2b(a->sealed, a->sealed_len, hash);
		if (ev.kind != EV_CONCERN_ACTIONED)
			bad(b, a->info.seq, "kind: not a concern action");
		else if (!field_is_text(&ev, "concern", seqtext))
			bad(b, a->info.seq, "concern: the action is recorded for another concern");
		else if (!field_is_text(&ev, "status", concern_state_name(a->info.state)) ||
		    !field_is_text(&ev, "referral", concern_referral_name(a->info.referral)))
			bad(b, a->info.seq, "status: not what the ledger recorded");
		else if (!field_is(&ev, "concerns_key", a->key_id, CRYPTO_ID_BYTES) ||
		    !field_is(&ev, "sealed_hash", hash, sizeof hash))
			bad(b, a->info.seq, "sealed_hash: the sealed note is not the one "
			    "the ledger recorded");
		event_clear(&ev);
		last = a->info.state;
	}
	if (status == CORE_OK && last != r->info.state)
		bad(b, r->info.seq, "status: the concern's status is not its latest action's");
	concern_row_actions_free(&rows, n);
	return status;
}

static enum core_status
check_row(struct site *site, const struct concern_row *r, struct vbad *b)
{
	uint8_t hash[CRYPTO_HASH_BYTES];
	enum core_status status;
	struct event ev;

	if ((status = entry_event(site, r->info.seq, &ev)) != CORE_OK)
		return status;
	crypto_blake2b(r->sealed, r->sealed_len, hash);
	if (ev.kind != EV_CONCERN_REPORTED)
		bad(b, r->info.seq, "kind: not a concern report");
	else if (!field_is_text(&ev, "category", concern_category_name(r->info.category)) ||
	    !field_is_text(&ev, "source", concern_source_name(r->info.source)))
		bad(b, r->info.seq, "category: not what the ledger recorded");
	else if (!field_is(&ev, "concerns_key", r->key_id, CRYPTO_ID_BYTES) ||
	    !field_is(&ev, "sealed_hash", hash, sizeof hash))
		bad(b, r->info.seq, "sealed_hash: the sealed text is not the one the "
		    "ledger recorded");
	else
		status = check_parties(site, r, &ev, b);
	event_clear(&ev);
	if (status == CORE_OK)
		status = check_actions(site, r, b);
	return status;
}

/* Every entry of kind has its row in table (a deleted row hides nothing). */
static enum core_status
check_missing(struct site *site, unsigned kind, const char *sql, struct vbad *b)
{
	enum core_status status = CORE_OK;
	sqlite3_stmt *stmt;
	int rc;

	if (!(stmt = store_prepare(site->st, sql, &status)))
		return status;
	sqlite3_bind_int(stmt, 1, (int)kind);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		bad(b, (uint64_t)sqlite3_column_int64(stmt, 0),
		    "kind: the %s has no row", event_kind_words(kind));
	else if (rc != SQLITE_DONE)
		status = store_fail(site->st, rc, "checking concerns");
	sqlite3_reset(stmt);
	return status;
}

enum core_status
concern_verify(struct site *site, uint64_t *bad_seq)
{
	struct vbad b = { 0 };
	enum core_status status = CORE_OK;
	struct concern_row r;
	int64_t after = 0;

	if (bad_seq)
		*bad_seq = 0;
	for (;;) {
		status = concern_row_next(site, NULL, after, 0, &r);
		if (status != CORE_OK)
			break;
		after = r.info.id;
		status = check_row(site, &r, &b);
		concern_row_clear(&r);
		if (status != CORE_OK)
			return status;
	}
	if (status != CORE_ERR_NOT_FOUND)
		return status;
	core_detail_clear();
	status = check_missing(site, EV_CONCERN_REPORTED,
	    "SELECT seq FROM ledger WHERE kind = ?1 AND seq NOT IN"
	    " (SELECT seq FROM concerns) ORDER BY seq LIMIT 1", &b);
	if (status == CORE_OK)
		status = check_missing(site, EV_CONCERN_ACTIONED,
		    "SELECT seq FROM ledger WHERE kind = ?1 AND seq NOT IN"
		    " (SELECT seq FROM concern_actions) ORDER BY seq LIMIT 1", &b);
	if (status != CORE_OK || !b.seq)
		return status;
	if (bad_seq)
		*bad_seq = b.seq;
	return core_fail(CORE_ERR_VERIFY, "concerns: seq %" PRIu64 ": %s", b.seq, b.why);
}
