/* SPDX-License-Identifier: ISC */
/*
 * The concerns key's copies: which key is current, the copies of its
 * secret half wrapped for each DSL and administrator (and a recovery
 * code), giving and taking them as staff accounts change (staff.c calls
 * the grant functions), and opening the key. concern.h says who holds it
 * and why; the wrapping itself is crypto.c's.
 *
 * The current key is the newest row of concern_keys. A new key pair is
 * made only when an account is to get a copy and nobody else holds one,
 * so a key that nobody can open any more is never sealed to again.
 */
#include "concern.h"

#include <stdio.h>
#include <string.h>

#include "concern_int.h"
#include "event.h"
#include "ledger.h"
#include "role.h"
#include "store_db.h"

#define RECOVERY_CHARS 30
#define RECOVERY_GROUP 5

/* No 0/o, 1/i/l: easy to copy by hand from paper. */
static const char recovery_alphabet[] = "abcdefghjkmnpqrstuvwxyz23456789";

/* The current key and who holds copies of it, seen from one account. */
struct key_state {
	bool exists;
	uint8_t key_id[CRYPTO_ID_BYTES];
	uint8_t pk[CRYPTO_PK_BYTES];
	unsigned own;		/* copies held by the account asked about (0 or 1) */
	unsigned others;	/* copies held by anyone else, recovery included */
	unsigned staff;		/* copies held by staff accounts */
	bool recovery;
};

static enum core_status
key_state(struct site *site, const uint8_t *holder, struct key_state *out)
{
	static const char sql_key[] =
	    "SELECT key_id, pk FROM concern_keys ORDER BY registered_seq DESC LIMIT 1";
	static const char sql_copies[] =
	    "SELECT sum(holder = ?2), sum(holder <> ?2), sum(holder_kind = 'staff'),"
	    " sum(holder_kind = 'recovery') FROM concern_key_copies WHERE key_id = ?1";
	static const uint8_t none[CRYPTO_ID_BYTES];
	enum core_status status = CORE_OK;
	sqlite3_stmt *stmt;
	int rc;

	memset(out, 0, sizeof *out);
	if (!(stmt = store_prepare(site->st, sql_key, &status)))
		return status;
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW && sqlite3_column_bytes(stmt, 0) == CRYPTO_ID_BYTES &&
	    sqlite3_column_bytes(stmt, 1) == CRYPTO_PK_BYTES) {
		out->exists = true;
		memcpy(out->key_id, sqlite3_column_blob(stmt, 0), CRYPTO_ID_BYTES);
		memcpy(out->pk, sqlite3_column_blob(stmt, 1), CRYPTO_PK_BYTES);
	} else if (rc == SQLITE_ROW) {
		status = core_fail(CORE_ERR_CORRUPT, "a concerns key row has the wrong shape");
	} else if (rc != SQLITE_DONE) {
		status = store_fail(site->st, rc, "reading the concerns key");
	}
	sqlite3_reset(stmt);
	if (status != CORE_OK || !out->exists)
		return status;
	if (!(stmt = store_prepare(site->st, sql_copies, &status)))
		return status;
	sqlite3_bind_blob(stmt, 1, out->key_id, CRYPTO_ID_BYTES, SQLITE_STATIC);
	sqlite3_bind_blob(stmt, 2, holder ? holder : none, CRYPTO_ID_BYTES, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		out->own = (unsigned)sqlite3_column_int(stmt, 0);
		out->others = (unsigned)sqlite3_column_int(stmt, 1);
		out->staff = (unsigned)sqlite3_column_int(stmt, 2);
		out->recovery = sqlite3_column_int(stmt, 3) > 0;
	} else {
		status = store_fail(site->st, rc, "counting the concerns key's copies");
	}
	sqlite3_reset(stmt);
	return status;
}

/* holder's copy of key_id (or, holder NULL, the recovery copy). */
static enum core_status
read_copy(struct site *site, const uint8_t key_id[CRYPTO_ID_BYTES],
    const uint8_t pk[CRYPTO_PK_BYTES], const uint8_t *holder, struct sealed_key *out)
{
	static const char sql_holder[] =
	    "SELECT holder, nonce, box, kdf_ops, kdf_mem_kib, kdf_salt"
	    " FROM concern_key_copies WHERE key_id = ?1 AND holder = ?2";
	static const char sql_recovery[] =
	    "SELECT holder, nonce, box, kdf_ops, kdf_mem_kib, kdf_salt"
	    " FROM concern_key_copies WHERE key_id = ?1 AND holder_kind = 'recovery'"
	    " LIMIT 1";
	enum core_status status = CORE_OK;
	sqlite3_stmt *stmt;
	int rc;

	memset(out, 0, sizeof *out);
	if (!(stmt = store_prepare(site->st, holder ? sql_holder : sql_recovery, &status)))
		return status;
	sqlite3_bind_blob(stmt, 1, key_id, CRYPTO_ID_BYTES, SQLITE_STATIC);
	if (holder)
		sqlite3_bind_blob(stmt, 2, holder, CRYPTO_ID_BYTES, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW && sqlite3_column_bytes(stmt, 0) == CRYPTO_ID_BYTES &&
	    sqlite3_column_bytes(stmt, 1) == CRYPTO_NONCE_BYTES &&
	    sqlite3_column_bytes(stmt, 2) == CRYPTO_SEALED_BYTES &&
	    sqlite3_column_bytes(stmt, 5) == CRYPTO_SALT_BYTES) {
		memcpy(out->owner, sqlite3_column_blob(stmt, 0), CRYPTO_ID_BYTES);
		memcpy(out->key_id, key_id, CRYPTO_ID_BYTES);
		memcpy(out->pk, pk, CRYPTO_PK_BYTES);
		memcpy(out->nonce, sqlite3_column_blob(stmt, 1), CRYPTO_NONCE_BYTES);
		memcpy(out->box, sqlite3_column_blob(stmt, 2), CRYPTO_SEALED_BYTES);
		out->kdf.ops = (uint64_t)sqlite3_column_int64(stmt, 3);
		out->kdf.mem_kib = (uint64_t)sqlite3_column_int64(stmt, 4);
		memcpy(out->kdf.salt, sqlite3_column_blob(stmt, 5), CRYPTO_SALT_BYTES);
	} else if (rc == SQLITE_ROW || rc == SQLITE_DONE) {
		status = core_fail(CORE_ERR_NOT_FOUND, holder ?
		    "this account holds no copy of the concerns key: a designated "
		    "safeguarding lead or administrator who does must give it one" :
		    "there is no recovery code for the concerns key");
	} else {
		status = store_fail(site->st, rc, "reading a copy of the concerns key");
	}
	sqlite3_reset(stmt);
	return status;
}

static enum core_status
insert_copy(struct site *site, const struct sealed_key *w, const char *kind)
{
	static const char sql[] =
	    "INSERT INTO concern_key_copies(key_id, holder, holder_kind, nonce, box,"
	    " kdf_ops, kdf_mem_kib, kdf_salt, given_ms)"
	    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
	enum core_status status = CORE_OK;
	sqlite3_stmt *stmt;
	int rc;

	if (!(stmt = store_prepare(site->st, sql, &status)))
		return status;
	sqlite3_bind_blob(stmt, 1, w->key_id, CRYPTO_ID_BYTES, SQLITE_STATIC);
	sqlite3_bind_blob(stmt, 2, w->owner, CRYPTO_ID_BYTES, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, kind, -1, SQLITE_STATIC);
	sqlite3_bind_blob(stmt, 4, w->nonce, CRYPTO_NONCE_BYTES, SQLITE_STATIC);
	sqlite3_bind_blob(stmt, 5, w->box, CRYPTO_SEALED_BYTES, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 6, (sqlite3_int64)w->kdf.ops);
	sqlite3_bind_int64(stmt, 7, (sqlite3_int64)w->kdf.mem_kib);
	sqlite3_bind_blob(stmt, 8, w->kdf.salt, CRYPTO_SALT_BYTES, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 9, store_now_ms());
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	return rc == SQLITE_DONE ? CORE_OK :
	    store_fail(site->st, rc, "saving a copy of the concerns key");
}

/* Delete holder's copies (or, holder NULL, the recovery copies); *n deleted. */
static enum core_status
delete_copies(struct site *site, const uint8_t *holder, unsigned *n)
{
	static const char sql_holder[] = "DELETE FROM concern_key_copies WHERE holder = ?1";
	static const char sql_recovery[] =
	    "DELETE FROM concern_key_copies WHERE holder_kind = 'recovery'";
	enum core_status status = CORE_OK;
	sqlite3_stmt *stmt;
	int rc;

	*n = 0;
	if (!(stmt = store_prepare(site->st, holder ? sql_holder : sql_recovery, &status)))
		return status;
	if (holder)
		sqlite3_bind_blob(stmt, 1, holder, CRYPTO_ID_BYTES, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE)
		return store_fail(site->st, rc, "deleting a copy of the concerns key");
	*n = (unsigned)sqlite3_changes(store_db(site->st));
	return CORE_OK;
}

/*
 * EV_KEY_REGISTERED for the concerns key (subject zeros: it is nobody's
 * signing key, so verify's key rules never meet it), and for a new key its
 * concern_keys row.
 */
static enum core_status
register_key(struct site *site, const uint8_t key_id[CRYPTO_ID_BYTES],
    const uint8_t pk[CRYPTO_PK_BYTES], const uint8_t *actor,
    const uint8_t *recovery_id)
{
	static const char sql[] =
	    "INSERT INTO concern_keys(key_id, pk, registered_seq, created_ms)"
	    " VALUES(?1, ?2, ?3, ?4)";
	struct ledger_appended done;
	enum core_status status;
	sqlite3_stmt *stmt;
	struct event ev;
	int rc;

	event_init(&ev, EV_KEY_REGISTERED);
	if (actor)
		memcpy(ev.actor, actor, CRYPTO_ID_BYTES);
	status = event_add_field(&ev, "key_id", key_id, CRYPTO_ID_BYTES);
	if (status == CORE_OK)
		status = event_add_field(&ev, "public_key", pk, CRYPTO_PK_BYTES);
	if (status == CORE_OK)
		status = event_add_text(&ev, "owner_kind",
		    recovery_id ? "concerns-recovery" : "concerns");
	if (status == CORE_OK && recovery_id)
		status = event_add_field(&ev, "recovery_id", recovery_id, CRYPTO_ID_BYTES);
	if (status == CORE_OK)
		status = event_set_meaning(&ev, recovery_id ?
		    "A recovery code can now open the concerns key; it replaces any "
		    "earlier one." :
		    "Concerns are sealed to this key so that only designated "
		    "safeguarding leads and administrators can read them.");
	if (status == CORE_OK)
		status = ledger_append(site->st, site->keys, &ev, NULL, NULL, &done);
	event_clear(&ev);
	if (status != CORE_OK || recovery_id)
		return status;
	if (!(stmt = store_prepare(site->st, sql, &status)))
		return status;
	sqlite3_bind_blob(stmt, 1, key_id, CRYPTO_ID_BYTES, SQLITE_STATIC);
	sqlite3_bind_blob(stmt, 2, pk, CRYPTO_PK_BYTES, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 3, (sqlite3_int64)done.seq);
	sqlite3_bind_int64(stmt, 4, store_now_ms());
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	return rc == SQLITE_DONE ? CORE_OK :
	    store_fail(site->st, rc, "saving the concerns key");
}

/* A key's holder is the current recovery copy's. */
static enum core_status
is_recovery_holder(struct site *site, const struct key_state *cur,
    const uint8_t holder[CRYPTO_ID_BYTES], bool *yes)
{
	struct sealed_key w;
	enum core_status status;

	*yes = false;
	status = read_copy(site, cur->key_id, cur->pk, NULL, &w);
	if (status == CORE_ERR_NOT_FOUND)
		return CORE_OK;
	if (status == CORE_OK)
		*yes = crypto_equal(w.owner, holder, CRYPTO_ID_BYTES);
	crypto_wipe(&w, sizeof w);
	return status;
}

enum core_status
concern_keys_authorize(struct site *site, const struct concerns_key *key,
    enum role_action action, uint8_t actor[CRYPTO_ID_BYTES])
{
	struct staff s;
	enum core_status status;

	concerns_key_holder(key, actor);
	status = staff_get_by_pseudonym(site, actor, &s);
	if (status == CORE_ERR_NOT_FOUND)
		return core_fail(CORE_ERR_DENIED,
		    "a key opened with the recovery code can give access, not read concerns");
	if (status != CORE_OK)
		return status;
	return role_authorize(site, actor, action);
}

/* ---- giving and taking copies (staff.c) ---- */

static enum core_status
check_unlocker(struct site *site, const struct concerns_key *unlocker,
    const struct key_state *cur)
{
	uint8_t id[CRYPTO_ID_BYTES], holder[CRYPTO_ID_BYTES];
	enum core_status status;
	struct staff s;
	bool recovery;

	concerns_key_id(unlocker, id);
	if (!cur->exists || !crypto_equal(id, cur->key_id, CRYPTO_ID_BYTES))
		return core_fail(CORE_ERR_INVALID,
		    "the concerns key that was opened is not the current one");
	concerns_key_holder(unlocker, holder);
	status = staff_get_by_pseudonym(site, holder, &s);
	if (status == CORE_OK)
		return role_authorize(site, holder, ROLE_ACT_READ_CONCERNS);
	if (status != CORE_ERR_NOT_FOUND)
		return status;
	if ((status = is_recovery_holder(site, cur, holder, &recovery)) != CORE_OK)
		return status;
	return recovery ? CORE_OK : core_fail(CORE_ERR_DENIED,
	    "the concerns key was opened with a recovery code that has been replaced");
}

enum core_status
concern_grant_plan(struct site *site, enum staff_role role,
    const uint8_t holder[CRYPTO_ID_BYTES], const char *pass,
    const struct concerns_key *unlocker, struct concern_grant *g)
{
	const struct concerns_key *from = unlocker;
	struct concerns_key *fresh = NULL;
	enum core_status status;
	struct key_state cur;

	memset(g, 0, sizeof *g);
	memcpy(g->holder, holder, CRYPTO_ID_BYTES);
	if (role != ROLE_DSL && role != ROLE_ADMIN)
		return CORE_OK;
	g->active = true;
	if ((status = key_state(site, holder, &cur)) != CORE_OK)
		return status;
	g->have_current = cur.exists;
	memcpy(g->current, cur.key_id, CRYPTO_ID_BYTES);
	g->others = cur.others;
	g->had_copy = cur.own > 0;
	if (unlocker) {
		if ((status = check_unlocker(site, unlocker, &cur)) != CORE_OK)
			return status;
		g->by_unlocker = true;
		concerns_key_holder(unlocker, g->unlocked_by);
	} else if (cur.exists && cur.others > 0) {
		return CORE_OK;	/* others hold it: no copy without one of them */
	} else {
		if ((status = concerns_key_new(&fresh)) != CORE_OK)
			return status;
		from = fresh;
		g->new_key = true;
	}
	status = concerns_key_wrap(site->keys, from, holder, pass, strlen(pass),
	    site->cfg->staff_argon_ops, site->cfg->staff_argon_mem_kib, &g->copy);
	concerns_key_free(&fresh);
	g->give = status == CORE_OK;
	return status;
}

enum core_status
concern_grant_apply(struct site *site, const struct concern_grant *g,
    const uint8_t *actor, struct event *ev)
{
	enum core_status status;
	struct key_state cur;
	unsigned taken = 0;
	const char *what;

	if (!g->active)
		return CORE_OK;
	if ((status = key_state(site, g->holder, &cur)) != CORE_OK)
		return status;
	if (cur.exists != g->have_current || cur.others != g->others ||
	    (cur.exists && !crypto_equal(cur.key_id, g->current, CRYPTO_ID_BYTES)))
		return core_fail(CORE_ERR_BUSY,
		    "the concerns key's holders changed meanwhile: please try again");
	if (g->new_key)
		status = register_key(site, g->copy.key_id, g->copy.pk, actor, NULL);
	if (status == CORE_OK)
		status = delete_copies(site, g->holder, &taken);
	if (status == CORE_OK && g->give)
		status = insert_copy(site, &g->copy, "staff");
	what = g->new_key ? "new key" : g->give ? "given" : taken ? "removed" : "none";
	if (status == CORE_OK)
		status = event_add_text(ev, "concerns_access", what);
	if (status == CORE_OK && g->give)
		status = event_add_field(ev, "concerns_key", g->copy.key_id, CRYPTO_ID_BYTES);
	if (status == CORE_OK && g->by_unlocker)
		status = event_add_field(ev, "unlocked_by", g->unlocked_by, CRYPTO_ID_BYTES);
	return status;
}

void
concern_grant_clear(struct concern_grant *g)
{
	crypto_wipe(g, sizeof *g);
}

enum core_status
concern_keys_take(struct site *site, const uint8_t holder[CRYPTO_ID_BYTES],
    struct event *ev)
{
	enum core_status status;
	struct key_state cur;
	unsigned taken;

	if ((status = delete_copies(site, holder, &taken)) != CORE_OK || !taken)
		return status;
	status = key_state(site, NULL, &cur);
	if (status == CORE_OK)
		status = event_add_text(ev, "concerns_access", "removed");
	if (status == CORE_OK)
		status = event_add_int(ev, "concerns_copies_left", cur.others);
	return status;
}

/* ---- sealing and opening ---- */

enum core_status
concern_keys_sealing(struct site *site, uint8_t key_id[CRYPTO_ID_BYTES],
    uint8_t pk[CRYPTO_PK_BYTES])
{
	enum core_status status;
	struct key_state cur;

	if ((status = key_state(site, NULL, &cur)) != CORE_OK)
		return status;
	if (!cur.exists || cur.others == 0)
		return core_fail(CORE_ERR_NOT_FOUND,
		    "no designated safeguarding lead or administrator can read concerns "
		    "yet: add one (signoff staff add NAME --role dsl)");
	memcpy(key_id, cur.key_id, CRYPTO_ID_BYTES);
	memcpy(pk, cur.pk, CRYPTO_PK_BYTES);
	return CORE_OK;
}

enum core_status
concern_keys_unwrap(struct site *site, const uint8_t holder[CRYPTO_ID_BYTES],
    const char *pass, struct concerns_key **out)
{
	enum core_status status;
	struct key_state cur;
	struct sealed_key w;

	*out = NULL;
	if ((status = key_state(site, holder, &cur)) != CORE_OK)
		return status;
	if (!cur.exists)
		return core_fail(CORE_ERR_NOT_FOUND, "there is no concerns key yet");
	status = read_copy(site, cur.key_id, cur.pk, holder, &w);
	if (status == CORE_OK)
		status = concerns_key_unwrap(site->keys, &w, pass, strlen(pass), out);
	crypto_wipe(&w, sizeof w);
	return status;
}

enum core_status
concerns_key_open(struct site *site, const struct staff *who, const char *pass,
    struct concerns_key **out)
{
	enum core_status status;

	*out = NULL;
	status = role_authorize(site, who->pseudonym, ROLE_ACT_READ_CONCERNS);
	if (status != CORE_OK)
		return status;
	return staff_unseal_concerns(site, who, pass, out);
}

/* Letters and digits of the code, lower case; false if any is not the alphabet's. */
static bool
normalise_recovery(const char *in, char out[RECOVERY_CHARS + 1])
{
	size_t n = 0;

	for (; *in; in++) {
		char c = *in;

		if (c == ' ' || c == '-' || c == '\t')
			continue;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (n == RECOVERY_CHARS || !strchr(recovery_alphabet, c))
			return false;
		out[n++] = c;
	}
	out[n] = '\0';
	return n == RECOVERY_CHARS;
}

enum core_status
concerns_key_open_recovery(struct site *site, const char *code,
    struct concerns_key **out)
{
	char *plain = secret_alloc(RECOVERY_CHARS + 1);
	enum core_status status;
	struct key_state cur;
	struct sealed_key w;

	*out = NULL;
	memset(&w, 0, sizeof w);
	if (!plain)
		return core_fail(CORE_ERR_NOMEM, "no locked memory for the code");
	status = key_state(site, NULL, &cur);
	if (status == CORE_OK && !cur.exists)
		status = core_fail(CORE_ERR_NOT_FOUND, "there is no concerns key yet");
	if (status == CORE_OK)
		status = read_copy(site, cur.key_id, cur.pk, NULL, &w);
	if (status == CORE_OK && !normalise_recovery(code, plain))
		status = core_fail(CORE_ERR_AUTH, "that is not a recovery code");
	if (status == CORE_OK)
		status = concerns_key_unwrap(site->keys, &w, plain, RECOVERY_CHARS, out);
	crypto_wipe(&w, sizeof w);
	secret_free(&plain, RECOVERY_CHARS + 1);
	return status;
}

enum core_status
concerns_recovery_new(struct site *site, const struct concerns_key *key,
    char code[CONCERN_RECOVERY_LEN])
{
	uint8_t actor[CRYPTO_ID_BYTES], recovery_id[CRYPTO_ID_BYTES];
	char *plain = secret_alloc(RECOVERY_CHARS + 1);
	enum core_status status;
	struct key_state cur;
	struct sealed_key w;
	unsigned gone;
	size_t i, o = 0;

	memset(code, 0, CONCERN_RECOVERY_LEN);
	memset(&w, 0, sizeof w);
	if (!plain)
		return core_fail(CORE_ERR_NOMEM, "no locked memory for the code");
	status = concern_keys_authorize(site, key, ROLE_ACT_READ_CONCERNS, actor);
	if (status == CORE_OK)
		status = key_state(site, NULL, &cur);
	if (status == CORE_OK)
		status = check_unlocker(site, key, &cur);
	for (i = 0; status == CORE_OK && i < RECOVERY_CHARS; i++)
		plain[i] = recovery_alphabet[crypto_random_below(sizeof recovery_alphabet - 1)];
	crypto_random(recovery_id, sizeof recovery_id);
	if (status == CORE_OK)
		status = concerns_key_wrap(site->keys, key, recovery_id, plain,
		    RECOVERY_CHARS, site->cfg->staff_argon_ops,
		    site->cfg->staff_argon_mem_kib, &w);
	if (status == CORE_OK && (status = store_begin(site->st)) == CORE_OK) {
		status = delete_copies(site, NULL, &gone);
		if (status == CORE_OK)
			status = insert_copy(site, &w, "recovery");
		if (status == CORE_OK)
			status = register_key(site, w.key_id, w.pk, actor, recovery_id);
		if (status == CORE_OK)
			status = store_commit(site->st);
		else
			store_rollback(site->st);
	}
	for (i = 0; status == CORE_OK && i < RECOVERY_CHARS; i++) {
		if (i && i % RECOVERY_GROUP == 0)
			code[o++] = '-';
		code[o++] = plain[i];
	}
	crypto_wipe(&w, sizeof w);
	secret_free(&plain, RECOVERY_CHARS + 1);
	return status;
}

enum core_status
concerns_access_get(struct site *site, struct concerns_access *out)
{
	enum core_status status;
	struct key_state cur;

	memset(out, 0, sizeof *out);
	if ((status = key_state(site, NULL, &cur)) != CORE_OK)
		return status;
	out->key = cur.exists;
	out->holders = cur.staff;
	out->recovery = cur.recovery;
	memcpy(out->key_id, cur.key_id, CRYPTO_ID_BYTES);
	return CORE_OK;
}
