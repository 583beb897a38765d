/* SPDX-License-Identifier: ISC */
/*
 * Erasure of a learner's personal details, leaving, and purging after the
 * retention period. What goes and what stays is listed in erase.h.
 *
 * Erasure and purge run rarely, so their statements are prepared once per
 * call rather than taking slots in the store's statement cache.
 */
#include "erase.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "consent.h"
#include "event.h"
#include "learner_query.h"
#include "role.h"
#include "store_db.h"

#define DAY_MS (24LL * 60 * 60 * 1000)
/* Checkpoint attempts while other processes read, and the wait for each. */
#define FLUSH_ATTEMPTS 8
#define FLUSH_BUSY_MS 250
#define FLUSH_PAUSE_MS 100
/* store.c's busy timeout, put back after a flush. */
#define STORE_BUSY_MS 5000
#define PURGE_BATCH 256

static sqlite3_stmt *
prepare(struct site *site, const char *sql, enum core_status *status)
{
	sqlite3_stmt *stmt = NULL;
	int rc = sqlite3_prepare_v2(store_db(site->st), sql, -1, &stmt, NULL);

	if (rc != SQLITE_OK) {
		*status = store_fail(site->st, rc, "preparing an erasure");
		sqlite3_finalize(stmt);
		return NULL;
	}
	return stmt;
}

/* Step a bound one-shot statement to the end, finalize it, count changes. */
static enum core_status
finish(struct site *site, sqlite3_stmt *stmt, const char *what, unsigned *changes)
{
	enum core_status status = CORE_OK;
	int rc = sqlite3_step(stmt);

	if (rc != SQLITE_DONE)
		status = store_fail(site->st, rc, what);
	else if (changes)
		*changes = (unsigned)sqlite3_changes(store_db(site->st));
	sqlite3_finalize(stmt);
	return status;
}

static void
pause_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* ---- the WAL ---- */

static enum core_status
wal_is_empty(struct site *site)
{
	char wal[PATH_MAX + 8];
	struct stat sb;

	snprintf(wal, sizeof wal, "%s-wal", site->cfg->db_path);
	if (stat(wal, &sb) != 0)
		return errno == ENOENT ? CORE_OK :
		    core_fail(CORE_ERR_IO, "%s: %s", wal, strerror(errno));
	if (sb.st_size != 0)
		return core_fail(CORE_ERR_BUSY,
		    "%s still holds %lld bytes after the checkpoint", wal,
		    (long long)sb.st_size);
	return CORE_OK;
}

enum core_status
erase_flush(struct site *site)
{
	sqlite3 *db = store_db(site->st);
	int rc = SQLITE_OK, nlog = -1, nckpt = -1, attempt;
	enum core_status status;

	if (!sqlite3_get_autocommit(db))
		return core_fail(CORE_ERR_INVALID, "erase_flush inside a transaction");
	/* The search index keeps deleted trigrams until it is rewritten. */
	if ((status = learner_query_forget(site)) != CORE_OK)
		return status;
	/* Kiosk reads take milliseconds: wait briefly, often, not long once. */
	sqlite3_busy_timeout(db, FLUSH_BUSY_MS);
	for (attempt = 0; attempt < FLUSH_ATTEMPTS; attempt++) {
		rc = sqlite3_wal_checkpoint_v2(db, NULL, SQLITE_CHECKPOINT_TRUNCATE,
		    &nlog, &nckpt);
		if (rc == SQLITE_OK || ((rc & 0xff) != SQLITE_BUSY &&
		    (rc & 0xff) != SQLITE_LOCKED))
			break;
		pause_ms(FLUSH_PAUSE_MS);
	}
	sqlite3_busy_timeout(db, STORE_BUSY_MS);
	if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
		return core_fail(CORE_ERR_BUSY,
		    "another process kept reading old pages through %d tries, so the "
		    "write-ahead log (%d pages, %d copied back) could not be emptied",
		    FLUSH_ATTEMPTS, nlog, nckpt);
	if (rc != SQLITE_OK)
		return store_fail(site->st, rc, "emptying the write-ahead log");
	return wal_is_empty(site);
}

/* ---- erasure ---- */

struct target {
	int64_t id;
	uint8_t pseudonym[CRYPTO_ID_BYTES];
	bool has_cohort;
};

static enum core_status
find_target(struct site *site, const char *reference, struct target *t)
{
	static const char sql[] =
	    "SELECT id, pseudonym, cohort <> '' FROM learners"
	    " WHERE reference = ?1 AND erased_ms IS NULL";
	enum core_status status = CORE_OK;
	sqlite3_stmt *stmt;
	int rc;

	if (!(stmt = prepare(site, sql, &status)))
		return status;
	sqlite3_bind_text(stmt, 1, reference, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW && sqlite3_column_bytes(stmt, 1) == CRYPTO_ID_BYTES) {
		t->id = sqlite3_column_int64(stmt, 0);
		memcpy(t->pseudonym, sqlite3_column_blob(stmt, 1), CRYPTO_ID_BYTES);
		t->has_cohort = sqlite3_column_int(stmt, 2) != 0;
	} else if (rc == SQLITE_ROW) {
		status = core_fail(CORE_ERR_CORRUPT, "learner %s has a malformed pseudonym",
		    reference);
	} else if (rc == SQLITE_DONE) {
		status = core_fail(CORE_ERR_NOT_FOUND, "no learner with reference %s",
		    reference);
	} else {
		status = store_fail(site->st, rc, "finding the learner to erase");
	}
	sqlite3_finalize(stmt);
	return status;
}

/* Run sql with ?1 = id (or the pseudonym when by_owner) and ?2 = arg. */
static enum core_status
apply(struct site *site, const struct target *t, const char *sql, bool by_owner,
    int64_t arg, const char *what, unsigned *changes)
{
	enum core_status status = CORE_OK;
	sqlite3_stmt *stmt;

	if (!(stmt = prepare(site, sql, &status)))
		return status;
	if (by_owner)
		sqlite3_bind_blob(stmt, 1, t->pseudonym, CRYPTO_ID_BYTES, SQLITE_STATIC);
	else
		sqlite3_bind_int64(stmt, 1, t->id);
	if (sqlite3_bind_parameter_count(stmt) >= 2)
		sqlite3_bind_int64(stmt, 2, arg);
	return finish(site, stmt, what, changes);
}

/* Everything personal, before the entry that records it. */
static enum core_status
remove_personal(struct site *site, const struct target *t, struct erase_report *r)
{
	enum core_status status;
	unsigned n = 0;

	status = apply(site, t, "DELETE FROM learner_personal WHERE learner_id = ?1",
	    false, 0, "erasing the names", &n);
	r->names = n > 0;
	if (status == CORE_OK)
		status = apply(site, t, "UPDATE learners SET reference = NULL, cohort = '',"
		    " activation_hash = NULL, erased_ms = ?2 WHERE id = ?1",
		    false, store_now_ms(), "erasing the reference", NULL);
	r->cohort = t->has_cohort;
	if (status == CORE_OK)
		status = apply(site, t, "UPDATE permissions SET reference = ''"
		    " WHERE learner_id = ?1 AND reference <> ''",
		    false, 0, "erasing the permission reference", &n);
	r->permission_reference = status == CORE_OK && n > 0;
	if (status == CORE_OK)
		status = apply(site, t, "DELETE FROM entry_notes WHERE learner_id = ?1",
		    false, 0, "erasing notes", &r->notes);
	/* No one can sign as them again: the private halves go, the public stay. */
	if (status == CORE_OK)
		status = apply(site, t, "UPDATE keys SET nonce = zeroblob(24),"
		    " box = zeroblob(48) WHERE owner = ?1 AND owner_kind = 'learner'",
		    true, 0, "destroying signing keys", &r->keys);
	return status;
}

static enum core_status
append_erasure(struct site *site, const struct target *t, enum erase_reason why,
    const uint8_t *actor, struct erase_report *r)
{
	struct ledger_appended done;
	enum core_status status;
	struct event ev;
	char list[160];

	snprintf(list, sizeof list, "%sreference%s%s%s%s",
	    r->names ? "names," : "", r->cohort ? ",cohort" : "",
	    r->permission_reference ? ",permission_reference" : "",
	    r->notes ? ",notes" : "", r->keys ? ",signing_keys" : "");
	event_init(&ev, EV_ERASURE);
	memcpy(ev.subject, t->pseudonym, CRYPTO_ID_BYTES);
	if (actor)
		memcpy(ev.actor, actor, CRYPTO_ID_BYTES);
	status = event_add_text(&ev, "erased", list);
	if (status == CORE_OK)
		status = event_add_text(&ev, "reason",
		    why == ERASE_RETENTION ? "retention" : "request");
	if (status == CORE_OK)
		status = event_add_int(&ev, "notes", r->notes);
	if (status == CORE_OK)
		status = event_add_int(&ev, "signing_keys", r->keys);
	if (status == CORE_OK)
		status = event_set_meaning(&ev, "This learner's personal details were "
		    "erased. Their signed records stay, under a pseudonym only.");
	if (status == CORE_OK)
		status = ledger_append(site->st, site->keys, &ev, NULL, NULL, &done);
	if (status == CORE_OK) {
		r->seq = done.seq;
		memcpy(r->receipt, done.receipt, LEDGER_RECEIPT_LEN);
		status = apply(site, t, "UPDATE keys SET retired_seq = ?2"
		    " WHERE owner = ?1 AND retired_seq IS NULL",
		    true, (int64_t)done.seq, "retiring signing keys", NULL);
	}
	event_clear(&ev);
	return status;
}

/* One erasure, committed; the WAL is left to the caller. */
static enum core_status
erase_one(struct site *site, const char *reference, enum erase_reason why,
    const uint8_t *actor, struct erase_report *r)
{
	enum core_status status;
	struct target t;

	memset(r, 0, sizeof *r);
	if ((status = store_begin(site->st)) != CORE_OK)
		return status;
	status = role_authorize(site, actor, ROLE_ACT_ERASE);
	if (status == CORE_OK)
		status = find_target(site, reference, &t);
	if (status == CORE_OK)
		status = remove_personal(site, &t, r);
	if (status == CORE_OK)
		status = append_erasure(site, &t, why, actor, r);
	if (status == CORE_OK)
		status = store_commit(site->st);
	else
		store_rollback(site->st);
	if (status != CORE_OK)
		memset(r, 0, sizeof *r);
	crypto_wipe(&t, sizeof t);
	return status;
}

static enum core_status
flush_after(struct site *site, struct erase_report *r)
{
	enum core_status status = erase_flush(site);

	if (r)
		r->flushed = status == CORE_OK;
	if (status == CORE_ERR_BUSY)
		return core_fail(CORE_ERR_BUSY, "the erasure is saved, but %s; run it "
		    "again when the kiosks are idle (signoff erase --flush)", core_detail());
	return status;
}

enum core_status
erase_learner_for(struct site *site, const char *reference, enum erase_reason why,
    const uint8_t *actor, struct erase_report *out)
{
	struct erase_report r;
	enum core_status status;

	status = erase_one(site, reference, why, actor, &r);
	if (status == CORE_OK)
		status = flush_after(site, &r);
	if (out)
		*out = r;
	return status;
}

enum core_status
erase_learner(struct site *site, const char *reference, const uint8_t *actor,
    struct erase_report *out)
{
	return erase_learner_for(site, reference, ERASE_REQUEST, actor, out);
}

/* ---- leaving ---- */

enum core_status
learner_mark_left(struct site *site, const char *reference, const char *date,
    const uint8_t *actor)
{
	struct ledger_appended done;
	enum core_status status;
	struct target t = { 0 };
	struct learner l;
	struct event ev;
	int64_t day;
	char meaning[96];

	if ((status = consent_date_parse(date, &day)) != CORE_OK)
		return status;
	if (day > store_now_ms())
		return core_fail(CORE_ERR_INVALID, "date: %s is in the future", date);
	event_init(&ev, EV_LEARNER_LEFT);
	snprintf(meaning, sizeof meaning, "Staff recorded that the learner left on %s.",
	    date);
	status = event_add_text(&ev, "date", date);
	if (status == CORE_OK)
		status = event_set_meaning(&ev, meaning);
	if (status == CORE_OK)
		status = store_begin(site->st);
	if (status == CORE_OK)
		status = role_authorize(site, actor, ROLE_ACT_ENROL);
	if (status == CORE_OK && (status = learner_get(site, reference, &l)) == CORE_OK) {
		memcpy(ev.subject, l.pseudonym, CRYPTO_ID_BYTES);
		if (actor)
			memcpy(ev.actor, actor, CRYPTO_ID_BYTES);
		t.id = l.id;
		status = ledger_append(site->st, site->keys, &ev, NULL, NULL, &done);
	}
	if (status == CORE_OK)
		status = apply(site, &t, "UPDATE learners SET left_ms = ?2 WHERE id = ?1",
		    false, day, "recording that the learner left", NULL);
	if (status == CORE_OK)
		status = store_commit(site->st);
	else
		store_rollback(site->st);
	event_clear(&ev);
	return status;
}

/* ---- retention ---- */

struct consent_end {
	bool any_yes;
	int64_t end_ms;
};

static bool
note_consent(const struct consent_answer *a, void *ctx)
{
	struct consent_end *e = ctx;
	int64_t end = 0;

	if (a->yes)
		e->any_yes = true;
	else if (a->state == CONSENT_WITHDRAWN)
		end = a->withdrawn_ms;
	else if (a->state == CONSENT_EXPIRED)
		end = a->expires_ms;
	if (end > e->end_ms)
		e->end_ms = end;
	return !e->any_yes;
}

/* Whether the learner on this row is due; fills c. */
static enum core_status
judge(struct site *site, sqlite3_stmt *row, int64_t now, struct purge_candidate *c,
    bool *due)
{
	char left[CONSENT_DATE_LEN], kept[CONSENT_DATE_LEN], until[CONSENT_DATE_LEN];
	struct consent_end e = { false, 0 };
	enum core_status status;
	struct learner l;

	*due = false;
	memset(c, 0, sizeof *c);
	memset(&l, 0, sizeof l);
	l.id = sqlite3_column_int64(row, 0);
	snprintf(c->reference, sizeof c->reference, "%s",
	    (const char *)sqlite3_column_text(row, 1));
	c->left_ms = sqlite3_column_int64(row, 2);
	c->retention_end_ms = consent_expiry_ms(c->left_ms, site->cfg->retention_years);
	if (now < c->retention_end_ms)
		return CORE_OK;
	if ((status = consent_each(site, &l, now, note_consent, &e)) != CORE_OK)
		return status;
	if (e.any_yes)
		return CORE_OK;
	*due = true;
	consent_date_format(c->left_ms, left);
	consent_date_format(c->retention_end_ms, kept);
	if (e.end_ms > c->retention_end_ms) {
		c->why = PURGE_CONSENT_ENDED;
		c->consent_end_ms = e.end_ms;
		c->since_ms = e.end_ms;
		consent_date_format(e.end_ms, until);
		snprintf(c->why_text, sizeof c->why_text, "left on %s; kept past %s "
		    "while a consent was Yes, until %s", left, kept, until);
	} else {
		c->why = PURGE_LEFT;
		c->consent_end_ms = e.end_ms;
		c->since_ms = c->retention_end_ms;
		snprintf(c->why_text, sizeof c->why_text, "left on %s; kept %u years "
		    "after leaving, until %s", left, site->cfg->retention_years, kept);
	}
	return CORE_OK;
}

enum core_status
purge_candidates(struct site *site, int64_t now_ms, purge_visit_fn fn, void *ctx)
{
	static const char sql[] =
	    "SELECT id, reference, left_ms FROM learners"
	    " WHERE left_ms IS NOT NULL AND erased_ms IS NULL AND left_ms <= ?1"
	    " AND reference IS NOT NULL ORDER BY reference";
	enum core_status status = CORE_OK;
	struct purge_candidate c;
	sqlite3_stmt *stmt;
	bool own_txn, due;
	int rc;

	/* One snapshot for the whole list. */
	own_txn = sqlite3_get_autocommit(store_db(site->st)) != 0;
	if (own_txn && (status = store_begin_read(site->st)) != CORE_OK)
		return status;
	if (!(stmt = prepare(site, sql, &status))) {
		if (own_txn)
			store_rollback(site->st);
		return status;
	}
	/* At least a year after leaving: a cheap bound before the calendar. */
	sqlite3_bind_int64(stmt, 1, now_ms - 365 * DAY_MS);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if ((status = judge(site, stmt, now_ms, &c, &due)) != CORE_OK)
			break;
		if (due && !fn(&c, ctx))
			break;
	}
	if (status == CORE_OK && rc != SQLITE_ROW && rc != SQLITE_DONE)
		status = store_fail(site->st, rc, "listing learners past retention");
	sqlite3_finalize(stmt);
	if (own_txn)
		store_rollback(site->st);
	return status;
}

struct batch {
	struct purge_candidate c[PURGE_BATCH];
	size_t n;
};

static bool
collect(const struct purge_candidate *c, void *ctx)
{
	struct batch *b = ctx;

	b->c[b->n++] = *c;
	return b->n < PURGE_BATCH;
}

enum core_status
purge_run(struct site *site, int64_t now_ms, const uint8_t *actor,
    purge_visit_fn erased, void *ctx, size_t *count)
{
	enum core_status status;
	char detail[512];
	struct erase_report r;
	struct batch *b;
	size_t i, done = 0;
	bool more = true;

	if (count)
		*count = 0;
	/* Checked per erasure too; this refuses before listing anyone. */
	if ((status = role_authorize(site, actor, ROLE_ACT_ERASE)) != CORE_OK)
		return status;
	if (!(b = malloc(sizeof *b)))
		return core_fail(CORE_ERR_NOMEM, "purging");
	/* In batches: those erased drop out of the next listing. */
	do {
		b->n = 0;
		status = purge_candidates(site, now_ms, collect, b);
		for (i = 0; status == CORE_OK && i < b->n; i++) {
			status = erase_one(site, b->c[i].reference, ERASE_RETENTION, actor, &r);
			if (status != CORE_OK)
				break;
			done++;
			if (erased && !erased(&b->c[i], ctx)) {
				more = false;
				break;
			}
		}
	} while (status == CORE_OK && more && b->n == PURGE_BATCH);
	free(b);
	if (count)
		*count = done;
	if (!done)
		return status;
	if (status == CORE_OK)
		return flush_after(site, NULL);
	/* Report the first failure, but still empty the WAL of what was erased. */
	snprintf(detail, sizeof detail, "%s", core_detail());
	(void)erase_flush(site);
	return core_fail(status, "%s", detail);
}
