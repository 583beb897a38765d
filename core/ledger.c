/* SPDX-License-Identifier: ISC */
/*
 * The ledger table: appending signed, hash-chained entries inside the
 * caller's write transaction, and reading them back in order. The row's
 * time_ms, kind, subject, actor and receipt columns are unsigned copies of
 * what the bytes say, kept for lookups; verify trusts only the bytes,
 * signatures and hash.
 */
#include "ledger.h"

#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "store_db.h"

static const char sql_head[] =
    "SELECT seq, hash, time_ms FROM ledger ORDER BY seq DESC LIMIT 1";
static const char sql_insert[] =
    "INSERT INTO ledger(seq, time_ms, kind, subject, actor, bytes,"
    " learner_sig, witness_sig, kiosk_sig, hash, receipt)"
    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
static const char sql_range[] =
    "SELECT seq, bytes, learner_sig, witness_sig, kiosk_sig, hash"
    " FROM ledger WHERE seq >= ?1 AND seq <= ?2 ORDER BY seq";
static const char sql_subject[] =
    "SELECT seq, bytes, learner_sig, witness_sig, kiosk_sig, hash"
    " FROM ledger WHERE subject = ?1 ORDER BY seq";

static bool
all_zero(const uint8_t *p, size_t n)
{
	uint8_t acc = 0;

	for (size_t i = 0; i < n; i++)
		acc |= p[i];
	return acc == 0;
}

enum core_status
ledger_head(struct store *st, struct ledger_head *out)
{
	enum core_status status = CORE_OK;
	sqlite3_stmt *stmt;
	int rc;

	memset(out, 0, sizeof *out);
	if (!(stmt = store_prepare(st, sql_head, &status)))
		return status;
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		if (sqlite3_column_bytes(stmt, 1) != CRYPTO_HASH_BYTES) {
			status = core_fail(CORE_ERR_CORRUPT,
			    "ledger seq %lld: the stored hash has the wrong length",
			    (long long)sqlite3_column_int64(stmt, 0));
		} else {
			out->seq = (uint64_t)sqlite3_column_int64(stmt, 0);
			memcpy(out->hash, sqlite3_column_blob(stmt, 1),
			    CRYPTO_HASH_BYTES);
			out->time_ms = sqlite3_column_int64(stmt, 2);
		}
	} else if (rc != SQLITE_DONE) {
		status = store_fail(st, rc, "reading the ledger head");
	}
	sqlite3_reset(stmt);
	return status;
}

void
ledger_receipt(const uint8_t hash[CRYPTO_HASH_BYTES], char out[LEDGER_RECEIPT_LEN])
{
	static const char crockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
	uint64_t v = 0;
	size_t o = 0;

	for (int i = 0; i < 5; i++)
		v = v << 8 | hash[i];
	for (int i = 7; i >= 0; i--) {
		out[o++] = crockford[(v >> (5 * i)) & 31];
		if (i == 4)
			out[o++] = '-';
	}
	out[o] = '\0';
}

/* A wrong key file would write entries no one can verify: refuse early. */
static enum core_status
check_kiosk(struct store *st, const struct kiosk_keys *keys)
{
	uint8_t have[CRYPTO_PK_BYTES], want[CRYPTO_PK_BYTES];
	size_t len = 0;
	enum core_status status;

	status = store_meta_get(st, "kiosk_pk", have, sizeof have, &len);
	if (status == CORE_ERR_NOT_FOUND) {
		core_detail_clear();
		return CORE_OK;	/* being initialised */
	}
	if (status != CORE_OK)
		return status;
	kiosk_keys_public(keys, want);
	if (len != CRYPTO_PK_BYTES || !crypto_equal(have, want, CRYPTO_PK_BYTES))
		return core_fail(CORE_ERR_CRYPTO,
		    "the kiosk key file is not the key this database was made with");
	return CORE_OK;
}

static void
bind_id(sqlite3_stmt *stmt, int col, const uint8_t id[CRYPTO_ID_BYTES])
{
	if (all_zero(id, CRYPTO_ID_BYTES))
		sqlite3_bind_null(stmt, col);
	else
		sqlite3_bind_blob(stmt, col, id, CRYPTO_ID_BYTES, SQLITE_STATIC);
}

static enum core_status
insert_row(struct store *st, const struct event *ev, const uint8_t *bytes,
    size_t len, const uint8_t *lsig, const uint8_t *wsig,
    const uint8_t ksig[CRYPTO_SIG_BYTES], const struct ledger_appended *a)
{
	enum core_status status = CORE_OK;
	sqlite3_stmt *stmt;
	int rc;

	if (len > INT32_MAX)
		return core_fail(CORE_ERR_INVALID, "event too large for the ledger");
	if (!(stmt = store_prepare(st, sql_insert, &status)))
		return status;
	sqlite3_bind_int64(stmt, 1, (sqlite3_int64)ev->seq);
	sqlite3_bind_int64(stmt, 2, ev->time_ms);
	sqlite3_bind_int(stmt, 3, ev->kind);
	bind_id(stmt, 4, ev->subject);
	bind_id(stmt, 5, ev->actor);
	sqlite3_bind_blob(stmt, 6, bytes, (int)len, SQLITE_STATIC);
	if (lsig)
		sqlite3_bind_blob(stmt, 7, lsig, CRYPTO_SIG_BYTES, SQLITE_STATIC);
	if (wsig)
		sqlite3_bind_blob(stmt, 8, wsig, CRYPTO_SIG_BYTES, SQLITE_STATIC);
	sqlite3_bind_blob(stmt, 9, ksig, CRYPTO_SIG_BYTES, SQLITE_STATIC);
	sqlite3_bind_blob(stmt, 10, a->hash, CRYPTO_HASH_BYTES, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 11, a->receipt, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	if (rc != SQLITE_DONE)
		status = store_fail(st, rc, "appending to the ledger");
	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
	return status;
}

enum core_status
ledger_append(struct store *st, const struct kiosk_keys *keys, struct event *ev,
    const struct signer *learner, const struct signer *witness,
    struct ledger_appended *out)
{
	uint8_t lsig[CRYPTO_SIG_BYTES], wsig[CRYPTO_SIG_BYTES], ksig[CRYPTO_SIG_BYTES];
	struct ledger_appended a;
	struct ledger_head head;
	struct crypto_hasher h;
	enum core_status status;
	uint8_t *bytes, *signed_part;
	size_t len;
	int64_t now;

	if (out)
		memset(out, 0, sizeof *out);
	/* Reading the head and inserting must be one transaction. */
	if (sqlite3_get_autocommit(store_db(st)))
		return core_fail(CORE_ERR_INVALID,
		    "ledger_append needs the caller's write transaction");
	if ((status = check_kiosk(st, keys)) != CORE_OK ||
	    (status = ledger_head(st, &head)) != CORE_OK)
		return status;
	now = store_now_ms();
	if (now < head.time_ms)
		return core_fail(CORE_ERR_CLOCK,
		    "the clock reads %lld ms, earlier than the last record (seq %llu at %lld ms)",
		    (long long)now, (unsigned long long)head.seq,
		    (long long)head.time_ms);

	kiosk_keys_id(keys, ev->kiosk_id);
	ev->seq = head.seq + 1;
	memcpy(ev->prev, head.hash, CRYPTO_HASH_BYTES);
	ev->time_ms = now;
	memset(ev->key_id, 0, CRYPTO_ID_BYTES);
	memset(ev->witness_key_id, 0, CRYPTO_ID_BYTES);
	if (learner)
		signer_key_id(learner, ev->key_id);
	if (witness)
		signer_key_id(witness, ev->witness_key_id);
	if ((status = event_encode(ev, &bytes, &len)) != CORE_OK)
		return status;

	memset(lsig, 0, sizeof lsig);
	memset(wsig, 0, sizeof wsig);
	if (learner)
		signer_sign(learner, bytes, len, lsig);
	if (witness)
		signer_sign(witness, bytes, len, wsig);
	/* The kiosk countersigns bytes || learner_sig || witness_sig. */
	if (!(signed_part = malloc(len + 2 * CRYPTO_SIG_BYTES))) {
		free(bytes);
		return core_fail(CORE_ERR_NOMEM, "ledger: %zu bytes", len);
	}
	memcpy(signed_part, bytes, len);
	memcpy(signed_part + len, lsig, CRYPTO_SIG_BYTES);
	memcpy(signed_part + len + CRYPTO_SIG_BYTES, wsig, CRYPTO_SIG_BYTES);
	kiosk_sign(keys, signed_part, len + 2 * CRYPTO_SIG_BYTES, ksig);
	free(signed_part);

	crypto_hasher_init(&h);
	crypto_hasher_update(&h, bytes, len);
	crypto_hasher_update(&h, lsig, CRYPTO_SIG_BYTES);
	crypto_hasher_update(&h, wsig, CRYPTO_SIG_BYTES);
	crypto_hasher_update(&h, ksig, CRYPTO_SIG_BYTES);
	crypto_hasher_final(&h, a.hash);
	a.seq = ev->seq;
	ledger_receipt(a.hash, a.receipt);

	status = insert_row(st, ev, bytes, len, learner ? lsig : NULL,
	    witness ? wsig : NULL, ksig, &a);
	free(bytes);
	if (status == CORE_OK)
		audit_appended(st, ev);	/* staff actions, for syslog */
	if (status == CORE_OK && out)
		*out = a;
	return status;
}

enum core_status
ledger_append_alone(struct store *st, const struct kiosk_keys *keys,
    struct event *ev, struct ledger_appended *out)
{
	enum core_status status;

	if ((status = store_begin(st)) != CORE_OK)
		return status;
	status = ledger_append(st, keys, ev, NULL, NULL, out);
	if (status == CORE_OK)
		status = store_commit(st);
	else
		store_rollback(st);
	return status;
}

void
ledger_entry_clear(struct ledger_entry *e)
{
	free(e->bytes);
	memset(e, 0, sizeof *e);
}

/*
 * Copy a fixed-size blob column; a signature column may be NULL when
 * optional. A wrong length is reported as CORE_ERR_VERIFY naming the column.
 */
static enum core_status
column_fixed(sqlite3_stmt *stmt, int col, const char *name, uint64_t seq,
    uint8_t *dst, size_t n, bool optional, bool *present)
{
	int type = sqlite3_column_type(stmt, col);

	if (present)
		*present = false;
	if (type == SQLITE_NULL && optional)
		return CORE_OK;
	if (type != SQLITE_BLOB || (size_t)sqlite3_column_bytes(stmt, col) != n)
		return core_fail(CORE_ERR_VERIFY,
		    "%s: seq %llu: the stored value is not %zu bytes", name,
		    (unsigned long long)seq, n);
	memcpy(dst, sqlite3_column_blob(stmt, col), n);
	if (present)
		*present = true;
	return CORE_OK;
}

static enum core_status
read_entry(sqlite3_stmt *stmt, struct ledger_entry *e)
{
	enum core_status status;
	const void *blob;
	int n;

	memset(e, 0, sizeof *e);
	e->seq = (uint64_t)sqlite3_column_int64(stmt, 0);
	if ((status = column_fixed(stmt, 2, "learner_sig", e->seq, e->learner_sig,
	    CRYPTO_SIG_BYTES, true, &e->has_learner_sig)) ||
	    (status = column_fixed(stmt, 3, "witness_sig", e->seq, e->witness_sig,
	    CRYPTO_SIG_BYTES, true, &e->has_witness_sig)) ||
	    (status = column_fixed(stmt, 4, "kiosk_sig", e->seq, e->kiosk_sig,
	    CRYPTO_SIG_BYTES, false, NULL)) ||
	    (status = column_fixed(stmt, 5, "hash", e->seq, e->hash,
	    CRYPTO_HASH_BYTES, false, NULL)))
		return status;
	if (sqlite3_column_type(stmt, 1) != SQLITE_BLOB)
		return core_fail(CORE_ERR_VERIFY, "bytes: seq %llu: not stored",
		    (unsigned long long)e->seq);
	blob = sqlite3_column_blob(stmt, 1);
	n = sqlite3_column_bytes(stmt, 1);
	if (!(e->bytes = malloc(n > 0 ? (size_t)n : 1)))
		return core_fail(CORE_ERR_NOMEM, "ledger: reading seq %llu",
		    (unsigned long long)e->seq);
	if (n > 0)
		memcpy(e->bytes, blob, (size_t)n);
	e->len = (size_t)n;
	return CORE_OK;
}

/*
 * Step a prepared SELECT of (seq, bytes, learner_sig, witness_sig,
 * kiosk_sig, hash) and hand each row to fn.
 */
static enum core_status
walk_rows(struct store *st, sqlite3_stmt *stmt, ledger_visit_fn fn, void *ctx)
{
	struct ledger_entry e;
	enum core_status status = CORE_OK;
	bool more = true;
	int rc = SQLITE_DONE;

	while (more && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if ((status = read_entry(stmt, &e)) == CORE_OK)
			more = fn(&e, ctx);
		ledger_entry_clear(&e);
		if (status != CORE_OK)
			break;
	}
	if (status == CORE_OK && more && rc != SQLITE_DONE)
		status = store_fail(st, rc, "reading the ledger");
	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
	return status;
}

enum core_status
ledger_each(struct store *st, uint64_t from, uint64_t to, ledger_visit_fn fn,
    void *ctx)
{
	enum core_status status = CORE_OK;
	sqlite3_stmt *stmt;

	if (from > INT64_MAX)
		return CORE_OK;
	if (to == 0 || to > INT64_MAX)
		to = INT64_MAX;
	if (!(stmt = store_prepare(st, sql_range, &status)))
		return status;
	sqlite3_bind_int64(stmt, 1, (sqlite3_int64)from);
	sqlite3_bind_int64(stmt, 2, (sqlite3_int64)to);
	return walk_rows(st, stmt, fn, ctx);
}

enum core_status
ledger_each_subject(struct store *st, const uint8_t subject[CRYPTO_ID_BYTES],
    ledger_visit_fn fn, void *ctx)
{
	enum core_status status = CORE_OK;
	sqlite3_stmt *stmt;

	if (!(stmt = store_prepare(st, sql_subject, &status)))
		return status;
	sqlite3_bind_blob(stmt, 1, subject, CRYPTO_ID_BYTES, SQLITE_STATIC);
	return walk_rows(st, stmt, fn, ctx);
}
