/* SPDX-License-Identifier: ISC */
/*
 * Staff actions on a learner's way in: PIN reset and a reissued
 * activation code. Both issue a new one-time code; a reset also retires
 * the learner's signing key, so the old PIN stops working at once while
 * the records it signed keep verifying (verify accepts a key up to its
 * retired_seq).
 */
#include "learner_staff.h"

#include <string.h>

#include "event.h"
#include "keys.h"
#include "learner_int.h"
#include "ledger.h"
#include "role.h"
#include "store_db.h"

static enum core_status
set_code(struct site *site, int64_t id, const char *hash)
{
	static const char sql[] =
	    "UPDATE learners SET activation_hash = ?2, pin_failures = 0, locked = 0"
	    " WHERE id = ?1";
	enum core_status status = CORE_OK;
	sqlite3_stmt *stmt;
	int rc;

	if (!(stmt = store_prepare(site->st, sql, &status)))
		return status;
	sqlite3_bind_int64(stmt, 1, id);
	sqlite3_bind_text(stmt, 2, hash, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	return rc == SQLITE_DONE ? CORE_OK : store_fail(site->st, rc, "saving a code");
}

/* Retire every key the learner has at seq: signatures up to it still verify. */
static enum core_status
retire_keys(struct site *site, const uint8_t owner[CRYPTO_ID_BYTES], uint64_t seq)
{
	static const char sql[] =
	    "UPDATE keys SET retired_seq = ?2 WHERE owner = ?1"
	    " AND retired_seq IS NULL AND registered_seq < ?2";
	enum core_status status = CORE_OK;
	sqlite3_stmt *stmt;
	int rc;

	if (!(stmt = store_prepare(site->st, sql, &status)))
		return status;
	sqlite3_bind_blob(stmt, 1, owner, CRYPTO_ID_BYTES, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 2, (sqlite3_int64)seq);
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	return rc == SQLITE_DONE ? CORE_OK : store_fail(site->st, rc, "retiring a key");
}

/* A new code lifts a lock: record it as learner_unlock does. */
static enum core_status
note_unlock(struct site *site, const struct learner *l, const uint8_t *actor)
{
	enum core_status status;
	struct event ev;

	if (!l->locked && l->pin_failures == 0)
		return CORE_OK;
	event_init(&ev, EV_LEARNER_UNLOCKED);
	status = event_add_int(&ev, "failures", l->pin_failures);
	if (status == CORE_OK)
		status = event_add_int(&ev, "was_locked", l->locked);
	if (status == CORE_OK)
		status = learner_append(site, l->pseudonym, actor,
		    "A new activation code was issued, so PIN attempts start again.", &ev);
	event_clear(&ev);
	return status;
}

/* The reset itself: EV_PIN_RESET, and the current key retired at its seq. */
static enum core_status
reset_key(struct site *site, const struct learner *l, const uint8_t *actor)
{
	struct ledger_appended done;
	struct sealed_key current;
	enum core_status status;
	struct event ev;

	if ((status = keys_current(site, l->pseudonym, &current)) == CORE_ERR_AUTH)
		return core_fail(CORE_ERR_INVALID, "%s has not chosen a PIN yet: "
		    "reissue their activation code instead", l->reference);
	if (status != CORE_OK)
		return status;
	event_init(&ev, EV_PIN_RESET);
	memcpy(ev.subject, l->pseudonym, CRYPTO_ID_BYTES);
	if (actor)
		memcpy(ev.actor, actor, CRYPTO_ID_BYTES);
	status = event_add_field(&ev, "retired_key_id", current.key_id, CRYPTO_ID_BYTES);
	if (status == CORE_OK)
		status = event_set_meaning(&ev, "Staff reset the learner's PIN: the old "
		    "PIN no longer works, and the learner chooses a new one with a "
		    "new activation code.");
	if (status == CORE_OK)
		status = ledger_append(site->st, site->keys, &ev, NULL, NULL, &done);
	if (status == CORE_OK)
		status = retire_keys(site, l->pseudonym, done.seq);
	event_clear(&ev);
	crypto_wipe(&current, sizeof current);
	return status;
}

/*
 * Both actions: check, make the code (slow, before the write lock), then
 * in one transaction re-read the learner, reset (or not), store the code.
 */
static enum core_status
new_code(struct site *site, const char *reference, const uint8_t *actor,
    bool reset, char code[LEARNER_CODE_LEN])
{
	char hash[CRYPTO_PASSHASH_LEN];
	enum core_status status;
	struct learner l;
	struct event ev;

	status = role_authorize(site, actor, reset ? ROLE_ACT_RESET_PIN :
	    ROLE_ACT_REISSUE_CODE);
	if (status == CORE_OK)
		status = learner_code_new(site, code, hash);
	if (status != CORE_OK)
		return status;
	event_init(&ev, EV_ACTIVATION_ISSUED);
	status = event_add_text(&ev, reset ? "reason" : "reissued",
	    reset ? "PIN reset" : "yes");
	if (status == CORE_OK)
		status = store_begin(site->st);
	if (status == CORE_OK)
		status = learner_get(site, reference, &l);
	if (status == CORE_OK && l.erased)
		status = core_fail(CORE_ERR_NOT_FOUND, "no learner with reference %s",
		    reference);
	if (status == CORE_OK && !reset && l.has_key)
		status = core_fail(CORE_ERR_INVALID,
		    "%s already has a PIN: reset it instead", reference);
	if (status == CORE_OK && reset)
		status = reset_key(site, &l, actor);
	if (status == CORE_OK)
		status = note_unlock(site, &l, actor);
	if (status == CORE_OK)
		status = set_code(site, l.id, hash);
	if (status == CORE_OK)
		status = learner_append(site, l.pseudonym, actor, reset ?
		    "A one-time activation code was issued for choosing a new PIN." :
		    "A new one-time activation code was issued; the earlier one "
		    "no longer works.", &ev);
	if (status == CORE_OK)
		status = store_commit(site->st);
	else
		store_rollback(site->st);
	event_clear(&ev);
	crypto_wipe(hash, sizeof hash);
	if (status != CORE_OK)
		crypto_wipe(code, LEARNER_CODE_LEN);
	return status;
}

enum core_status
learner_reset_pin(struct site *site, const char *reference, const uint8_t *actor,
    char code[LEARNER_CODE_LEN])
{
	return new_code(site, reference, actor, true, code);
}

enum core_status
learner_reissue_code(struct site *site, const char *reference, const uint8_t *actor,
    char code[LEARNER_CODE_LEN])
{
	return new_code(site, reference, actor, false, code);
}
