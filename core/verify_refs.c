/* SPDX-License-Identifier: ISC */
/*
 * What a ledger entry refers to, checked on verify's main thread with the
 * database: signing keys (registered by a kiosk-signed event before use,
 * not retired, not replaced by a newer key of the same owner, the owner's)
 * and documents (stored, hashing to what was signed, for the same step).
 * Small caches keep repeated keys and documents from costing a query each.
 *
 * Keys: a signature by key K at seq S needs a keys row for K whose
 * registered_seq R < S names an EV_KEY_REGISTERED event with fields "key_id"
 * (K, 16 bytes) and "public_key" (the row's pk, 32 bytes) and subject = the
 * row's owner; a learner signature's event must name that owner as subject
 * or actor; S must not be after the row's retired_seq, nor after a later
 * EV_KEY_REGISTERED for the same owner (a new key replaces the old one,
 * whatever the unsigned retired_seq column says).
 */
#include "verify_int.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_db.h"

static const char sql_key[] =
    "SELECT owner, pk, registered_seq, retired_seq FROM keys WHERE key_id = ?1";
static const char sql_reg[] = "SELECT bytes FROM ledger WHERE seq = ?1";
static const char sql_replaced[] =
    "SELECT seq FROM ledger WHERE subject = ?1 AND seq > ?2 AND seq < ?3"
    " AND kind = ?4 ORDER BY seq LIMIT 1";
static const char sql_doc[] = "SELECT text, step FROM documents WHERE hash = ?1";

static bool
is_zero(const uint8_t *p, size_t n)
{
	uint8_t acc = 0;

	for (size_t i = 0; i < n; i++)
		acc |= p[i];
	return acc == 0;
}

/* ---- keys ---- */

/* The registration event at registered_seq must register exactly this key. */
static bool
check_registration(struct vctx *v, uint64_t seq, unsigned rank,
    const char *field, struct vkey *k)
{
	enum core_status status = CORE_OK;
	const struct event_field *fid, *fpk;
	struct event reg;
	sqlite3_stmt *stmt;
	bool ok = false;
	int rc;

	if (!(stmt = store_prepare(v->st, sql_reg, &status)))
		return vctx_fail_storage(v, status);
	sqlite3_bind_int64(stmt, 1, (sqlite3_int64)k->registered_seq);
	rc = sqlite3_step(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		status = store_fail(v->st, rc, "reading a key registration");
		sqlite3_reset(stmt);
		return vctx_fail_storage(v, status);
	}
	if (rc == SQLITE_DONE ||
	    event_decode(sqlite3_column_blob(stmt, 0),
	    (size_t)sqlite3_column_bytes(stmt, 0), &reg) != CORE_OK) {
		sqlite3_reset(stmt);
		return vctx_fail(v, seq, rank, field, "the key's registration (seq %"
		    PRIu64 ") is missing or unreadable", k->registered_seq);
	}
	sqlite3_reset(stmt);
	fid = event_field(&reg, "key_id");
	fpk = event_field(&reg, "public_key");
	if (reg.kind != EV_KEY_REGISTERED)
		vctx_fail(v, seq, rank, field, "seq %" PRIu64 " does not register a key",
		    k->registered_seq);
	else if (!fid || fid->len != CRYPTO_ID_BYTES ||
	    memcmp(fid->value, k->key_id, CRYPTO_ID_BYTES) != 0 ||
	    !fpk || fpk->len != CRYPTO_PK_BYTES ||
	    memcmp(fpk->value, k->pk, CRYPTO_PK_BYTES) != 0)
		vctx_fail(v, seq, rank, field, "seq %" PRIu64 " registers a different key",
		    k->registered_seq);
	else if (memcmp(reg.subject, k->owner, CRYPTO_ID_BYTES) != 0)
		vctx_fail(v, seq, rank, field,
		    "seq %" PRIu64 " registers the key to someone else",
		    k->registered_seq);
	else
		ok = true;
	event_clear(&reg);
	return ok;
}

/* Find and prove key_id; slot 0 caches signing keys, slot 1 witnesses. */
static struct vkey *
lookup_key(struct vctx *v, uint64_t seq, unsigned rank, const char *field,
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
		vctx_fail_storage(v, status);
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
		vctx_fail(v, seq, rank, field, "the signing key is not registered");
		return NULL;
	} else {
		status = store_fail(v->st, rc, "reading a key");
		sqlite3_reset(stmt);
		vctx_fail_storage(v, status);
		return NULL;
	}
	sqlite3_reset(stmt);
	if (k->registered_seq >= seq) {
		vctx_fail(v, seq, rank, field, "the key is used before its registration (seq %"
		    PRIu64 ")", k->registered_seq);
		return NULL;
	}
	if (!check_registration(v, seq, rank, field, k))
		return NULL;
	k->clear_below = k->registered_seq + 1;
	k->valid = true;
	return k;
}

/*
 * Whether a newer key was registered for k's owner before seq. Only rows
 * before seq are read (already checked, or failing at a lower seq), and
 * only those not looked at for this key before.
 */
static bool
check_replaced(struct vctx *v, uint64_t seq, unsigned rank, const char *field,
    struct vkey *k)
{
	enum core_status status = CORE_OK;
	sqlite3_stmt *stmt;
	uint64_t at = 0;
	int rc;

	if (seq <= k->clear_below)
		return true;
	if (!(stmt = store_prepare(v->st, sql_replaced, &status)))
		return vctx_fail_storage(v, status);
	sqlite3_bind_blob(stmt, 1, k->owner, CRYPTO_ID_BYTES, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 2, (sqlite3_int64)k->clear_below - 1);
	sqlite3_bind_int64(stmt, 3, (sqlite3_int64)seq);
	sqlite3_bind_int(stmt, 4, EV_KEY_REGISTERED);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		at = (uint64_t)sqlite3_column_int64(stmt, 0);
	else if (rc != SQLITE_DONE)
		status = store_fail(v->st, rc, "reading key registrations");
	sqlite3_reset(stmt);
	if (status != CORE_OK)
		return vctx_fail_storage(v, status);
	if (at)
		return vctx_fail(v, seq, rank, field,
		    "the key was replaced by a new one at seq %" PRIu64, at);
	k->clear_below = seq;
	return true;
}

/* A learner's (or staff member's) signature, or a witness's. */
bool
verify_check_signer(struct vctx *v, struct ventry *e, bool learner)
{
	const struct event *ev = &e->ev;
	unsigned rank = learner ? VR_LKEY : VR_WKEY;
	const char *sig_field = learner ? "learner_sig" : "witness_sig";
	const char *id_field = learner ? "key_id" : "witness_key_id";
	const uint8_t *key_id = learner ? ev->key_id : ev->witness_key_id;
	bool present = learner ? e->has_learner_sig : e->has_witness_sig;
	struct vkey *k;

	if (!present && is_zero(key_id, CRYPTO_ID_BYTES))
		return true;
	if (!present)
		return vctx_fail(v, e->seq, rank, sig_field, "the signature is missing");
	if (is_zero(key_id, CRYPTO_ID_BYTES))
		return vctx_fail(v, e->seq, rank, id_field, "a signature without a key id");
	if (!(k = lookup_key(v, e->seq, rank, id_field, key_id, learner ? 0 : 1)))
		return false;
	if (k->retired_seq && e->seq > k->retired_seq)
		return vctx_fail(v, e->seq, rank, id_field,
		    "the key is used after it was retired (seq %" PRIu64 ")",
		    k->retired_seq);
	if (!check_replaced(v, e->seq, rank, id_field, k))
		return false;
	if (learner && memcmp(ev->subject, k->owner, CRYPTO_ID_BYTES) != 0 &&
	    memcmp(ev->actor, k->owner, CRYPTO_ID_BYTES) != 0)
		return vctx_fail(v, e->seq, rank, id_field,
		    "the key belongs to neither the subject nor the actor");
	if (learner) {
		e->check_learner = true;
		memcpy(e->learner_pk, k->pk, CRYPTO_PK_BYTES);
	} else {
		e->check_witness = true;
		memcpy(e->witness_pk, k->pk, CRYPTO_PK_BYTES);
	}
	return true;
}

/* ---- documents ---- */

static const struct vdoc *
doc_seen(const struct vctx *v, const uint8_t hash[CRYPTO_HASH_BYTES])
{
	for (size_t i = 0; i < v->ndocs; i++)
		if (memcmp(v->docs[i].hash, hash, CRYPTO_HASH_BYTES) == 0)
			return &v->docs[i];
	return NULL;
}

static void
doc_remember(struct vctx *v, const uint8_t hash[CRYPTO_HASH_BYTES],
    const char *step)
{
	char *copy;

	if (v->ndocs == v->capdocs) {
		size_t cap = v->capdocs ? v->capdocs * 2 : 16;
		void *p = realloc(v->docs, cap * sizeof *v->docs);

		if (!p)	/* only the cache is lost */
			return;
		v->docs = p;
		v->capdocs = cap;
	}
	if (!(copy = strdup(step)))
		return;
	memcpy(v->docs[v->ndocs].hash, hash, CRYPTO_HASH_BYTES);
	v->docs[v->ndocs++].step = copy;
}

/* The text stored under the hash hashes to it, and is the same step's. */
bool
verify_check_doc(struct vctx *v, uint64_t seq, size_t i, const struct event_doc *d)
{
	enum core_status status = CORE_OK;
	uint8_t got[CRYPTO_HASH_BYTES];
	const struct vdoc *seen;
	const unsigned char *step;
	char field[48];
	sqlite3_stmt *stmt;
	bool same_step;
	int rc;

	if ((seen = doc_seen(v, d->hash))) {
		if (strcmp(seen->step, d->step) == 0)
			return true;
		snprintf(field, sizeof field, "docs[%zu].step", i);
		return vctx_fail(v, seq, VR_DOCS, field,
		    "the stored document is for another step");
	}
	snprintf(field, sizeof field, "docs[%zu].hash", i);
	if (!(stmt = store_prepare(v->st, sql_doc, &status)))
		return vctx_fail_storage(v, status);
	sqlite3_bind_blob(stmt, 1, d->hash, CRYPTO_HASH_BYTES, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_DONE) {
		sqlite3_reset(stmt);
		return vctx_fail(v, seq, VR_DOCS, field, "the document text is not stored");
	}
	if (rc != SQLITE_ROW) {
		status = store_fail(v->st, rc, "reading a document");
		sqlite3_reset(stmt);
		return vctx_fail_storage(v, status);
	}
	crypto_blake2b(sqlite3_column_blob(stmt, 0),
	    (size_t)sqlite3_column_bytes(stmt, 0), got);
	step = sqlite3_column_text(stmt, 1);
	same_step = step && strcmp((const char *)step, d->step) == 0;
	sqlite3_reset(stmt);
	if (memcmp(got, d->hash, CRYPTO_HASH_BYTES) != 0)
		return vctx_fail(v, seq, VR_DOCS, field,
		    "the stored text does not match its hash");
	if (!same_step) {
		snprintf(field, sizeof field, "docs[%zu].step", i);
		return vctx_fail(v, seq, VR_DOCS, field,
		    "the stored document is for another step");
	}
	doc_remember(v, d->hash, d->step);
	return true;
}

void
verify_refs_free(struct vctx *v)
{
	for (size_t i = 0; i < v->ndocs; i++)
		free(v->docs[i].step);
	free(v->docs);
	v->docs = NULL;
	v->ndocs = v->capdocs = 0;
}
