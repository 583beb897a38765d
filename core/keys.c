/* SPDX-License-Identifier: ISC */
/* The keys table and key registration events. */
#include "keys.h"

#include <string.h>

#include "event.h"
#include "ledger.h"
#include "store_db.h"

static enum core_status
insert_key(struct site *site, const struct sealed_key *k, const char *owner_kind,
    uint64_t seq)
{
	static const char sql[] =
	    "INSERT INTO keys(key_id, owner, owner_kind, pk, nonce, box, kdf_ops,"
	    " kdf_mem_kib, kdf_salt, registered_seq)"
	    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
	enum core_status status = CORE_OK;
	sqlite3_stmt *stmt;
	int rc;

	if (!(stmt = store_prepare(site->st, sql, &status)))
		return status;
	sqlite3_bind_blob(stmt, 1, k->key_id, CRYPTO_ID_BYTES, SQLITE_STATIC);
	sqlite3_bind_blob(stmt, 2, k->owner, CRYPTO_ID_BYTES, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, owner_kind, -1, SQLITE_STATIC);
	sqlite3_bind_blob(stmt, 4, k->pk, CRYPTO_PK_BYTES, SQLITE_STATIC);
	sqlite3_bind_blob(stmt, 5, k->nonce, CRYPTO_NONCE_BYTES, SQLITE_STATIC);
	sqlite3_bind_blob(stmt, 6, k->box, CRYPTO_SEALED_BYTES, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 7, (sqlite3_int64)k->kdf.ops);
	sqlite3_bind_int64(stmt, 8, (sqlite3_int64)k->kdf.mem_kib);
	sqlite3_bind_blob(stmt, 9, k->kdf.salt, CRYPTO_SALT_BYTES, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 10, (sqlite3_int64)seq);
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	return rc == SQLITE_DONE ? CORE_OK : store_fail(site->st, rc, "saving a key");
}

enum core_status
keys_register(struct site *site, const struct sealed_key *k,
    const char *owner_kind, const uint8_t *actor, const char *meaning)
{
	struct ledger_appended done;
	enum core_status status;
	struct event ev;

	event_init(&ev, EV_KEY_REGISTERED);
	memcpy(ev.subject, k->owner, CRYPTO_ID_BYTES);
	if (actor)
		memcpy(ev.actor, actor, CRYPTO_ID_BYTES);
	status = event_add_field(&ev, "key_id", k->key_id, CRYPTO_ID_BYTES);
	if (status == CORE_OK)
		status = event_add_field(&ev, "public_key", k->pk, CRYPTO_PK_BYTES);
	if (status == CORE_OK)
		status = event_add_text(&ev, "owner_kind", owner_kind);
	if (status == CORE_OK)
		status = event_set_meaning(&ev, meaning);
	if (status == CORE_OK)
		status = ledger_append(site->st, site->keys, &ev, NULL, NULL, &done);
	if (status == CORE_OK)
		status = insert_key(site, k, owner_kind, done.seq);
	event_clear(&ev);
	return status;
}

enum core_status
keys_current(struct site *site, const uint8_t owner[CRYPTO_ID_BYTES],
    struct sealed_key *out)
{
	static const char sql[] =
	    "SELECT key_id, pk, nonce, box, kdf_ops, kdf_mem_kib, kdf_salt"
	    " FROM keys WHERE owner = ?1 AND retired_seq IS NULL"
	    " ORDER BY registered_seq DESC LIMIT 1";
	enum core_status status = CORE_OK;
	sqlite3_stmt *stmt;
	int rc;

	if (!(stmt = store_prepare(site->st, sql, &status)))
		return status;
	sqlite3_bind_blob(stmt, 1, owner, CRYPTO_ID_BYTES, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	memset(out, 0, sizeof *out);
	if (rc == SQLITE_ROW &&
	    sqlite3_column_bytes(stmt, 0) == CRYPTO_ID_BYTES &&
	    sqlite3_column_bytes(stmt, 1) == CRYPTO_PK_BYTES &&
	    sqlite3_column_bytes(stmt, 2) == CRYPTO_NONCE_BYTES &&
	    sqlite3_column_bytes(stmt, 3) == CRYPTO_SEALED_BYTES &&
	    sqlite3_column_bytes(stmt, 6) == CRYPTO_SALT_BYTES) {
		memcpy(out->owner, owner, CRYPTO_ID_BYTES);
		memcpy(out->key_id, sqlite3_column_blob(stmt, 0), CRYPTO_ID_BYTES);
		memcpy(out->pk, sqlite3_column_blob(stmt, 1), CRYPTO_PK_BYTES);
		memcpy(out->nonce, sqlite3_column_blob(stmt, 2), CRYPTO_NONCE_BYTES);
		memcpy(out->box, sqlite3_column_blob(stmt, 3), CRYPTO_SEALED_BYTES);
		out->kdf.ops = (uint64_t)sqlite3_column_int64(stmt, 4);
		out->kdf.mem_kib = (uint64_t)sqlite3_column_int64(stmt, 5);
		memcpy(out->kdf.salt, sqlite3_column_blob(stmt, 6), CRYPTO_SALT_BYTES);
	} else if (rc == SQLITE_ROW || rc == SQLITE_DONE) {
		status = core_fail(CORE_ERR_AUTH, "no usable key");
	} else {
		status = store_fail(site->st, rc, "reading a key");
	}
	sqlite3_reset(stmt);
	return status;
}
