/* SPDX-License-Identifier: ISC */
/*
 * Offline verification of the ledger, one entry at a time in seq order.
 *
 * Checks split in two: per-entry checks (canonical bytes, entry hash, kiosk,
 * learner and witness signatures, keys, documents) need nothing from the
 * previous entry and can later run on several cores; link checks (seq
 * contiguous, prev hash, time not going backwards) are sequential and cheap.
 *
 * Keys: a signature by key K at seq S needs a keys row for K whose
 * registered_seq R < S names an EV_KEY_REGISTERED event with fields "key_id"
 * (K, 16 bytes) and "public_key" (the row's pk, 32 bytes) and subject = the
 * row's owner; a learner signature's event must name that owner as subject
 * or actor; and S must not be after the row's retired_seq.
 */
#include "verify.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event.h"
#include "ledger.h"
#include "store_db.h"

#define PROGRESS_EVERY 1000

static const char sql_max[] = "SELECT max(seq) FROM ledger";
static const char sql_key[] =
    "SELECT owner, pk, registered_seq, retired_seq FROM keys WHERE key_id = ?1";
static const char sql_reg[] = "SELECT bytes FROM ledger WHERE seq = ?1";
static const char sql_doc[] = "SELECT text FROM documents WHERE hash = ?1";

/* One signing key, as proven by its registration event. */
struct vkey {
	uint8_t key_id[CRYPTO_ID_BYTES];
	uint8_t owner[CRYPTO_ID_BYTES];
	uint8_t pk[CRYPTO_PK_BYTES];
	uint64_t registered_seq;
	uint64_t retired_seq;	/* 0: not retired */
	bool valid;
};

struct vctx {
	struct store *st;
	struct verify_report *rep;
	uint8_t kiosk_pk[CRYPTO_PK_BYTES];
	uint8_t kiosk_id[CRYPTO_ID_BYTES];
	bool have_kiosk;
	/* link state */
	uint64_t expect_seq;
	uint8_t prev_hash[CRYPTO_HASH_BYTES];
	int64_t prev_time;
	/* progress */
	uint64_t total;
	verify_progress_fn progress;
	void *progress_ctx;
	/* caches: the last key used and the document hashes already checked */
	struct vkey key[2];
	uint8_t (*docs)[CRYPTO_HASH_BYTES];
	size_t ndocs, capdocs;
	/* CORE_ERR_VERIFY for a bad record, a storage status otherwise */
	enum core_status status;
};

static bool
fail(struct vctx *v, uint64_t seq, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static bool
fail(struct vctx *v, uint64_t seq, const char *field, const char *fmt, ...)
{
	va_list ap;

	v->rep->bad_seq = seq;
	snprintf(v->rep->bad_field, sizeof v->rep->bad_field, "%s", field);
	va_start(ap, fmt);
	vsnprintf(v->rep->reason, sizeof v->rep->reason, fmt, ap);
	va_end(ap);
	v->status = CORE_ERR_VERIFY;
	return false;
}

/* A storage failure mid-walk: not a verdict on the records. */
static bool
fail_storage(struct vctx *v, enum core_status status)
{
	v->status = status;
	return false;
}

static bool
is_zero(const uint8_t *p, size_t n)
{
	uint8_t acc = 0;

	for (size_t i = 0; i < n; i++)
		acc |= p[i];
	return acc == 0;
}

/* ---- keys ---- */

/* The registration event at reg_seq must register exactly this key. */
static bool
check_registration(struct vctx *v, uint64_t seq, const char *field,
    struct vkey *k)
{
	enum core_status status = CORE_OK;
	const struct event_field *fid, *fpk;
	struct event reg;
	sqlite3_stmt *stmt;
	bool ok = false;
	int rc;

	if (!(stmt = store_prepare(v->st, sql_reg, &status)))
		return fail_storage(v, status);
	sqlite3_bind_int64(stmt, 1, (sqlite3_int64)k->registered_seq);
	rc = sqlite3_step(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		status = store_fail(v->st, rc, "reading a key registration");
		sqlite3_reset(stmt);
		return fail_storage(v, status);
	}
	if (rc == SQLITE_DONE ||
	    event_decode(sqlite3_column_blob(stmt, 0),
	    (size_t)sqlite3_column_bytes(stmt, 0), &reg) != CORE_OK) {
		sqlite3_reset(stmt);
		return fail(v, seq, field, "the key's registration (seq %" PRIu64
		    ") is missing or unreadable", k->registered_seq);
	}
	sqlite3_reset(stmt);
	fid = event_field(&reg, "key_id");
	fpk = event_field(&reg, "public_key");
	if (reg.kind != EV_KEY_REGISTERED)
		fail(v, seq, field, "seq %" PRIu64 " does not register a key",
		    k->registered_seq);
	else if (!fid || fid->len != CRYPTO_ID_BYTES ||
	    memcmp(fid->value, k->key_id, CRYPTO_ID_BYTES) != 0 ||
	    !fpk || fpk->len != CRYPTO_PK_BYTES ||
	    memcmp(fpk->value, k->pk, CRYPTO_PK_BYTES) != 0)
		fail(v, seq, field, "seq %" PRIu64 " registers a different key",
		    k->registered_seq);
	else if (memcmp(reg.subject, k->owner, CRYPTO_ID_BYTES) != 0)
		fail(v, seq, field, "seq %" PRIu64 " registers the key to someone else",
		    k->registered_seq);
	else
		ok = true;
	event_clear(&reg);
	return ok;
}

/* Find and prove key_id; slot 0 caches learner keys, slot 1 witnesses. */
static const struct vkey *
lookup_key(struct vctx *v, uint64_t seq, const char *field,
    const uint8_t key_id[CRYPTO_ID_BYTES], int slot)
{
	enum core_status status = CORE_OK;
	struct vkey *k = &v->key[slot];
	sqlite3_stmt *stmt;
	int rc;

	if (k->valid && memcmp(k->key_id, key_id, CRYPTO_ID_BYTES) == 0)
		return k;
	memset(k, 0, sizeof *k);
	if (!(stmt = store_prepare(v->st, sql_key, &status))) {
		fail_storage(v, status);
		return NULL;
	}
	sqlite3_bind_blob(stmt, 1, key_id, CRYPTO_ID_BYTES, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW && sqlite3_column_bytes(stmt, 0) == CRYPTO_ID_BYTES &&
	    sqlite3_column_bytes(stmt, 1) == CRYPTO_PK_BYTES) {
		memcpy(k->key_id, key_id, CRYPTO_ID_BYTES);
		memcpy(k->owner, sqlite3_column_blob(stmt, 0), CRYPTO_ID_BYTES);
		memcpy(k->pk, sqlite3_column_blob(stmt, 1), CRYPTO_PK_BYTES);
		k->registered_seq = (uint64_t)sqlite3_column_int64(stmt, 2);
		if (sqlite3_column_type(stmt, 3) != SQLITE_NULL)
			k->retired_seq = (uint64_t)sqlite3_column_int64(stmt, 3);
	} else if (rc == SQLITE_ROW || rc == SQLITE_DONE) {
		sqlite3_reset(stmt);
		fail(v, seq, field, "the signing key is not registered");
		return NULL;
	} else {
		status = store_fail(v->st, rc, "reading a key");
		sqlite3_reset(stmt);
		fail_storage(v, status);
		return NULL;
	}
	sqlite3_reset(stmt);
	if (k->registered_seq >= seq) {
		fail(v, seq, field, "the key is used before its registration (seq %"
		    PRIu64 ")", k->registered_seq);
		return NULL;
	}
	if (!check_registration(v, seq, field, k))
		return NULL;
	k->valid = true;
	return k;
}

static bool
check_signature(struct vctx *v, const struct ledger_entry *e,
    const struct event *ev, bool learner)
{
	const char *sig_field = learner ? "learner_sig" : "witness_sig";
	const char *id_field = learner ? "key_id" : "witness_key_id";
	const uint8_t *key_id = learner ? ev->key_id : ev->witness_key_id;
	const uint8_t *sig = learner ? e->learner_sig : e->witness_sig;
	bool present = learner ? e->has_learner_sig : e->has_witness_sig;
	const struct vkey *k;

	if (!present && is_zero(key_id, CRYPTO_ID_BYTES))
		return true;
	if (!present)
		return fail(v, e->seq, sig_field, "the signature is missing");
	if (is_zero(key_id, CRYPTO_ID_BYTES))
		return fail(v, e->seq, id_field, "a signature without a key id");
	if (!(k = lookup_key(v, e->seq, id_field, key_id, learner ? 0 : 1)))
		return false;
	if (k->retired_seq && e->seq > k->retired_seq)
		return fail(v, e->seq, id_field,
		    "the key is used after it was retired (seq %" PRIu64 ")",
		    k->retired_seq);
	if (learner && memcmp(ev->subject, k->owner, CRYPTO_ID_BYTES) != 0 &&
	    memcmp(ev->actor, k->owner, CRYPTO_ID_BYTES) != 0)
		return fail(v, e->seq, id_field,
		    "the key belongs to neither the subject nor the actor");
	if (!crypto_verify(k->pk, e->bytes, e->len, sig))
		return fail(v, e->seq, sig_field, "the signature does not verify");
	return true;
}

/* ---- documents ---- */

static bool
doc_seen(const struct vctx *v, const uint8_t hash[CRYPTO_HASH_BYTES])
{
	for (size_t i = 0; i < v->ndocs; i++)
		if (memcmp(v->docs[i], hash, CRYPTO_HASH_BYTES) == 0)
			return true;
	return false;
}

static bool
check_doc(struct vctx *v, uint64_t seq, size_t i,
    const uint8_t hash[CRYPTO_HASH_BYTES])
{
	enum core_status status = CORE_OK;
	uint8_t got[CRYPTO_HASH_BYTES];
	sqlite3_stmt *stmt;
	char field[48];
	int rc;

	if (doc_seen(v, hash))
		return true;
	snprintf(field, sizeof field, "docs[%zu].hash", i);
	if (!(stmt = store_prepare(v->st, sql_doc, &status)))
		return fail_storage(v, status);
	sqlite3_bind_blob(stmt, 1, hash, CRYPTO_HASH_BYTES, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_DONE) {
		sqlite3_reset(stmt);
		return fail(v, seq, field, "the document text is not stored");
	}
	if (rc != SQLITE_ROW) {
		status = store_fail(v->st, rc, "reading a document");
		sqlite3_reset(stmt);
		return fail_storage(v, status);
	}
	crypto_blake2b(sqlite3_column_blob(stmt, 0),
	    (size_t)sqlite3_column_bytes(stmt, 0), got);
	sqlite3_reset(stmt);
	if (memcmp(got, hash, CRYPTO_HASH_BYTES) != 0)
		return fail(v, seq, field, "the stored text does not match its hash");
	if (v->ndocs == v->capdocs) {
		size_t cap = v->capdocs ? v->capdocs * 2 : 16;
		void *p = realloc(v->docs, cap * sizeof *v->docs);

		if (!p)	/* only the cache is lost */
			return true;
		v->docs = p;
		v->capdocs = cap;
	}
	memcpy(v->docs[v->ndocs++], hash, CRYPTO_HASH_BYTES);
	return true;
}

/* ---- one entry ---- */

static bool
check_bytes(struct vctx *v, const struct ledger_entry *e, struct event *ev)
{
	char field[64], *colon;
	uint8_t *again;
	size_t len;
	bool same;

	if (event_decode(e->bytes, e->len, ev) != CORE_OK) {
		snprintf(field, sizeof field, "%s", core_detail());
		if ((colon = strchr(field, ':')))
			*colon = '\0';
		return fail(v, e->seq, field, "%s", core_detail());
	}
	if (event_encode(ev, &again, &len) != CORE_OK)
		return fail(v, e->seq, "bytes", "the event cannot be re-encoded");
	same = len == e->len && memcmp(again, e->bytes, len) == 0;
	free(again);
	if (!same)
		return fail(v, e->seq, "bytes", "the bytes are not canonical");
	if (ev->seq != e->seq)
		return fail(v, e->seq, "seq", "the event says seq %" PRIu64, ev->seq);
	if (!event_kind_words(ev->kind))
		return fail(v, e->seq, "kind", "unknown event kind %u",
		    (unsigned)ev->kind);
	if (!crypto_equal(ev->kiosk_id, v->kiosk_id, CRYPTO_ID_BYTES))
		return fail(v, e->seq, "kiosk_id", "another kiosk's id");
	return true;
}

static bool
check_seal(struct vctx *v, const struct ledger_entry *e)
{
	static const uint8_t zero[CRYPTO_SIG_BYTES];
	const uint8_t *ls = e->has_learner_sig ? e->learner_sig : zero;
	const uint8_t *ws = e->has_witness_sig ? e->witness_sig : zero;
	uint8_t *msg, hash[CRYPTO_HASH_BYTES];
	struct crypto_hasher h;
	bool ok;

	if (!(msg = malloc(e->len + 2 * CRYPTO_SIG_BYTES)))
		return fail_storage(v, core_fail(CORE_ERR_NOMEM, "verify"));
	memcpy(msg, e->bytes, e->len);
	memcpy(msg + e->len, ls, CRYPTO_SIG_BYTES);
	memcpy(msg + e->len + CRYPTO_SIG_BYTES, ws, CRYPTO_SIG_BYTES);
	ok = crypto_verify(v->kiosk_pk, msg, e->len + 2 * CRYPTO_SIG_BYTES,
	    e->kiosk_sig);
	free(msg);
	if (!ok)
		return fail(v, e->seq, "kiosk_sig",
		    "the kiosk signature does not verify: the bytes or a signature were changed");
	crypto_hasher_init(&h);
	crypto_hasher_update(&h, e->bytes, e->len);
	crypto_hasher_update(&h, ls, CRYPTO_SIG_BYTES);
	crypto_hasher_update(&h, ws, CRYPTO_SIG_BYTES);
	crypto_hasher_update(&h, e->kiosk_sig, CRYPTO_SIG_BYTES);
	crypto_hasher_final(&h, hash);
	if (!crypto_equal(hash, e->hash, CRYPTO_HASH_BYTES))
		return fail(v, e->seq, "hash", "the entry hash does not match the entry");
	return true;
}

/* Everything about one entry that does not depend on the one before. */
static bool
check_entry(struct vctx *v, const struct ledger_entry *e, struct event *ev)
{
	if (!check_bytes(v, e, ev) || !check_seal(v, e) ||
	    !check_signature(v, e, ev, true) || !check_signature(v, e, ev, false))
		return false;
	for (size_t i = 0; i < ev->ndocs; i++)
		if (!check_doc(v, e->seq, i, ev->docs[i].hash))
			return false;
	return true;
}

/* The sequential part: seq, prev hash, time. */
static bool
check_link(struct vctx *v, const struct ledger_entry *e, const struct event *ev)
{
	if (!crypto_equal(ev->prev, v->prev_hash, CRYPTO_HASH_BYTES))
		return fail(v, e->seq, "prev",
		    "the previous-hash link does not match seq %" PRIu64,
		    e->seq - 1);
	if (ev->time_ms < v->prev_time)
		return fail(v, e->seq, "time_ms",
		    "the time goes backwards (%" PRId64 " ms before seq %" PRIu64 ")",
		    v->prev_time - ev->time_ms, e->seq - 1);
	return true;
}

static bool
visit(const struct ledger_entry *e, void *arg)
{
	struct vctx *v = arg;
	struct verify_report *rep = v->rep;
	struct event ev;
	bool ok;

	if (e->seq != v->expect_seq)
		return fail(v, e->seq, "seq", "expected seq %" PRIu64 ", found %" PRIu64,
		    v->expect_seq, e->seq);
	ok = check_entry(v, e, &ev) && check_link(v, e, &ev);
	if (ok) {
		if (rep->count++ == 0)
			rep->first_seq = e->seq;
		rep->last_seq = e->seq;
		memcpy(rep->head, e->hash, CRYPTO_HASH_BYTES);
		memcpy(v->prev_hash, e->hash, CRYPTO_HASH_BYTES);
		v->prev_time = ev.time_ms;
		v->expect_seq++;
		if (v->progress && rep->count % PROGRESS_EVERY == 0)
			v->progress(rep->count, v->total, v->progress_ctx);
	}
	event_clear(&ev);
	return ok;
}

/* ---- the walk ---- */

static enum core_status
load_kiosk(struct vctx *v, const uint8_t *pinned_pk)
{
	size_t pk_len = 0, id_len = 0;
	enum core_status s1, s2;

	s1 = store_meta_get(v->st, "kiosk_pk", v->kiosk_pk, sizeof v->kiosk_pk,
	    &pk_len);
	if (core_status_is_storage(s1))
		return s1;
	s2 = store_meta_get(v->st, "kiosk_id", v->kiosk_id, sizeof v->kiosk_id,
	    &id_len);
	if (core_status_is_storage(s2))
		return s2;
	v->have_kiosk = s1 == CORE_OK && s2 == CORE_OK &&
	    pk_len == CRYPTO_PK_BYTES && id_len == CRYPTO_ID_BYTES;
	if (pinned_pk && (!v->have_kiosk ||
	    !crypto_equal(pinned_pk, v->kiosk_pk, CRYPTO_PK_BYTES))) {
		fail(v, 0, "kiosk_pk",
		    "the kiosk key in the database is not the pinned key");
		return CORE_ERR_VERIFY;
	}
	return CORE_OK;
}

static enum core_status
count_entries(struct vctx *v)
{
	enum core_status status = CORE_OK;
	sqlite3_stmt *stmt;
	int rc;

	if (!(stmt = store_prepare(v->st, sql_max, &status)))
		return status;
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		v->total = (uint64_t)sqlite3_column_int64(stmt, 0);
	else
		status = store_fail(v->st, rc, "counting the ledger");
	sqlite3_reset(stmt);
	return status;
}

/* ledger_each refused a malformed row; its detail is "field: seq N: why". */
static void
report_bad_row(struct vctx *v)
{
	char field[64] = "row";
	unsigned long long seq = v->expect_seq;

	if (sscanf(core_detail(), "%63[^:]: seq %llu:", field, &seq) < 1)
		snprintf(field, sizeof field, "row");
	fail(v, (uint64_t)seq, field, "%s", core_detail());
}

static enum core_status
walk(struct vctx *v, const uint8_t *pinned_pk)
{
	enum core_status status;

	if ((status = load_kiosk(v, pinned_pk)) != CORE_OK ||
	    (status = count_entries(v)) != CORE_OK)
		return status;
	if (v->total > 0 && !v->have_kiosk) {
		fail(v, 0, "kiosk_pk", "the database does not record the kiosk key");
		return CORE_ERR_VERIFY;
	}
	status = ledger_each(v->st, 1, 0, visit, v);
	if (status == CORE_ERR_VERIFY) {
		report_bad_row(v);
		return status;
	}
	if (status != CORE_OK)
		return status;
	if (v->status != CORE_OK)
		return v->status;
	if (v->rep->count != v->total) {
		fail(v, v->expect_seq, "seq", "entries are missing before seq %"
		    PRIu64, v->total);
		return CORE_ERR_VERIFY;
	}
	if (v->progress)
		v->progress(v->rep->count, v->total, v->progress_ctx);
	return CORE_OK;
}

enum core_status
verify_ledger(struct store *st, const uint8_t *pinned_pk,
    verify_progress_fn progress, void *ctx, struct verify_report *out)
{
	struct vctx v;
	enum core_status status;
	bool own_txn;

	memset(out, 0, sizeof *out);
	memset(&v, 0, sizeof v);
	v.st = st;
	v.rep = out;
	v.expect_seq = 1;
	v.progress = progress;
	v.progress_ctx = ctx;
	/* One snapshot for the whole walk, unless the caller already holds one. */
	own_txn = sqlite3_get_autocommit(store_db(st)) != 0;
	if (own_txn && (status = store_begin_read(st)) != CORE_OK)
		return status;
	status = walk(&v, pinned_pk);
	if (own_txn)
		store_rollback(st);
	free(v.docs);
	if (status == CORE_ERR_VERIFY)
		return core_fail(CORE_ERR_VERIFY, "seq %" PRIu64 ": %s: %s",
		    out->bad_seq, out->bad_field, out->reason);
	return status;
}
