/* SPDX-License-Identifier: ISC */
/* Notes attached to ledger entries, outside the signed bytes. */
#include "notes.h"

#include <stdio.h>
#include <string.h>

#include "store_db.h"

void
notes_seal(const char *text, struct note_seal *out)
{
	struct crypto_hasher h;

	crypto_random(out->salt, sizeof out->salt);
	crypto_hasher_init(&h);
	crypto_hasher_update(&h, "signoff/note/v1", 15);
	crypto_hasher_update(&h, out->salt, CRYPTO_SALT_BYTES);
	crypto_hasher_update(&h, text, strlen(text));
	crypto_hasher_final(&h, out->commitment);
}

enum core_status
notes_add_commitment(struct event *ev, const char *key, const struct note_seal *seal)
{
	return event_add_field(ev, key, seal->commitment, CRYPTO_HASH_BYTES);
}

enum core_status
notes_put(struct site *site, uint64_t seq, int64_t learner_id, const char *text,
    const struct note_seal *seal)
{
	static const char sql[] =
	    "INSERT INTO entry_notes(seq, learner_id, note, salt) VALUES(?1, ?2, ?3, ?4)";
	enum core_status status = CORE_OK;
	sqlite3_stmt *stmt;
	int rc;

	if (!(stmt = store_prepare(site->st, sql, &status)))
		return status;
	sqlite3_bind_int64(stmt, 1, (sqlite3_int64)seq);
	sqlite3_bind_int64(stmt, 2, learner_id);
	sqlite3_bind_text(stmt, 3, text, -1, SQLITE_STATIC);
	sqlite3_bind_blob(stmt, 4, seal->salt, CRYPTO_SALT_BYTES, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	return rc == SQLITE_DONE ? CORE_OK : store_fail(site->st, rc, "saving a note");
}

enum core_status
notes_get(struct site *site, uint64_t seq, char *buf, size_t cap)
{
	static const char sql[] = "SELECT note FROM entry_notes WHERE seq = ?1";
	enum core_status status = CORE_OK;
	const unsigned char *text;
	sqlite3_stmt *stmt;
	int rc;

	if (!(stmt = store_prepare(site->st, sql, &status)))
		return status;
	sqlite3_bind_int64(stmt, 1, (sqlite3_int64)seq);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW && (text = sqlite3_column_text(stmt, 0)))
		snprintf(buf, cap, "%s", (const char *)text);
	else if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		status = core_fail(CORE_ERR_NOT_FOUND, "no note with entry %llu",
		    (unsigned long long)seq);
	else
		status = store_fail(site->st, rc, "reading a note");
	sqlite3_reset(stmt);
	return status;
}
