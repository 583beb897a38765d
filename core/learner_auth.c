/* SPDX-License-Identifier: ISC */
/*
 * Learners' secrets: the PIN policy, activation (the first PIN), sign-in
 * and unsealing with failure counting committed before the try, lockout
 * and unlock, the same answer and the same cost for every failure, and
 * the clock check before signing.
 */
#include "learner.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "event.h"
#include "keys.h"
#include "learner_int.h"
#include "ledger.h"
#include "role.h"
#include "store_db.h"

/* ---- PIN policy ---- */

static bool
is_trivial(const char *pin, size_t n)
{
	static const char *const common[] = {
		"123321", "112233", "121212", "123123", "102030", "147258",
		"159753", "696969", "789456", "654123",
	};
	bool same = true, up = true, down = true, period2 = true, period3 = true;
	size_t i;

	for (i = 1; i < n; i++) {
		same &= pin[i] == pin[0];
		up &= pin[i] == pin[i - 1] + 1;
		down &= pin[i] == pin[i - 1] - 1;
		period2 &= pin[i] == pin[i % 2];
		period3 &= pin[i] == pin[i % 3];
	}
	if (same || up || down || period2 || period3)
		return true;
	for (i = 0; i < sizeof common / sizeof common[0]; i++)
		if (strncmp(pin, common[i], n) == 0 && strlen(common[i]) == n)
			return true;
	return false;
}

enum core_status
learner_pin_policy(const struct config *cfg, const char *pin)
{
	size_t i, n = strlen(pin);

	if (n != cfg->pin_length)
		return core_fail(CORE_ERR_INVALID, "Your PIN must be %u numbers long.",
		    cfg->pin_length);
	for (i = 0; i < n; i++)
		if (!isdigit((unsigned char)pin[i]))
			return core_fail(CORE_ERR_INVALID, "Your PIN can only have numbers.");
	if (is_trivial(pin, n))
		return core_fail(CORE_ERR_INVALID,
		    "That PIN is too easy to guess. Please choose different numbers.");
	return CORE_OK;
}

unsigned
learner_auth_delay_ms(unsigned failures)
{
	unsigned delay = 1000;

	/* Doubles per consecutive failure at this kiosk, capped at 16 s. */
	while (failures-- > 1 && delay < 16000)
		delay *= 2;
	return delay;
}

/* ---- attempts: count first, then try ---- */

/*
 * How an attempt goes on. Every outcome other than the right secret costs
 * one Argon2id and two durable commits, as a wrong PIN does, and returns
 * CORE_ERR_AUTH: the person at the kiosk cannot tell an unknown reference,
 * a wrong PIN and a locked learner apart, by the answer or by the time.
 */
enum attempt {
	ATTEMPT_TRY,		/* counted: now try the secret */
	ATTEMPT_UNKNOWN,	/* no such reference (or erased) */
	ATTEMPT_LOCKED,		/* locked until staff unlock */
};

#define META_UNKNOWN_COUNT "unknown_reference_attempts"
#define META_UNKNOWN_LAST "unknown_reference_last_ms"

static enum core_status
set_failures(struct site *site, int64_t id, unsigned failures, bool locked)
{
	static const char sql[] =
	    "UPDATE learners SET pin_failures = ?2, locked = ?3,"
	    " last_failure_ms = ?4 WHERE id = ?1";
	enum core_status status = CORE_OK;
	sqlite3_stmt *stmt;
	int rc;

	if (!(stmt = store_prepare(site->st, sql, &status)))
		return status;
	sqlite3_bind_int64(stmt, 1, id);
	sqlite3_bind_int(stmt, 2, (int)failures);
	sqlite3_bind_int(stmt, 3, locked);
	sqlite3_bind_int64(stmt, 4, store_now_ms());
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	return rc == SQLITE_DONE ? CORE_OK : store_fail(site->st, rc, "counting a PIN attempt");
}

/*
 * A clock behind the last record would be refused when signing; say so
 * before any secret is tried, the same for every reference, in words staff
 * can act on.
 */
static enum core_status
check_clock(struct site *site)
{
	struct ledger_head head;
	enum core_status status;
	char when[64] = "";
	struct tm tm;
	time_t secs;

	if ((status = ledger_head(site->st, &head)) != CORE_OK)
		return status;
	if (store_now_ms() >= head.time_ms)
		return CORE_OK;
	secs = (time_t)(head.time_ms / 1000);
	if (localtime_r(&secs, &tm))
		strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S %Z", &tm);
	return core_fail(CORE_ERR_CLOCK,
	    "The clock on this kiosk is earlier than the last record (%s). "
	    "Signing is paused: please ask staff to check the clock.", when);
}

/*
 * An unknown reference, in meta: the count when the attempt begins, the
 * time when it ends. A figure for staff, and the writes a wrong PIN makes.
 */
static enum core_status
note_unknown(struct site *site, bool begin)
{
	char buf[32];
	size_t len = 0;
	enum core_status status;
	unsigned long long n = 0;

	if (!begin) {
		len = (size_t)snprintf(buf, sizeof buf, "%lld", (long long)store_now_ms());
		return store_meta_put(site->st, META_UNKNOWN_LAST, buf, len);
	}
	status = store_meta_get(site->st, META_UNKNOWN_COUNT, buf, sizeof buf - 1, &len);
	if (status == CORE_OK) {
		buf[len] = '\0';
		n = strtoull(buf, NULL, 10);
	} else if (status != CORE_ERR_NOT_FOUND && status != CORE_ERR_INVALID) {
		return status;
	}
	len = (size_t)snprintf(buf, sizeof buf, "%llu", n + 1);
	return store_meta_put(site->st, META_UNKNOWN_COUNT, buf, len);
}

static enum core_status
append_locked(struct site *site, const struct learner *l)
{
	enum core_status status;
	struct event ev;

	event_init(&ev, EV_LEARNER_LOCKED);
	status = event_add_int(&ev, "failures", l->pin_failures);
	if (status == CORE_OK)
		status = learner_append(site, l->pseudonym, NULL,
		    "Too many failed attempts: locked until staff unlock.", &ev);
	event_clear(&ev);
	return status;
}

/*
 * Look the learner up and commit the incremented failure count before any
 * secret is tried, so pulling the plug mid-try still counts the attempt. A
 * count at the limit locks even if the plug was pulled before the lock was
 * written.
 */
static enum core_status
attempt_begin(struct site *site, const char *reference, struct learner *l,
    enum attempt *how)
{
	enum core_status status;

	*how = ATTEMPT_UNKNOWN;
	memset(l, 0, sizeof *l);
	if ((status = store_begin(site->st)) != CORE_OK)
		return status;
	if ((status = check_clock(site)) == CORE_OK)
		status = learner_get(site, reference, l);
	if (status == CORE_OK && l->erased)
		status = CORE_ERR_NOT_FOUND;
	if (status == CORE_ERR_NOT_FOUND) {
		memset(l, 0, sizeof *l);
		status = note_unknown(site, true);
	} else if (status == CORE_OK) {
		bool was_locked = l->locked;

		if (l->locked || l->pin_failures >= site->cfg->pin_lockout_after)
			l->locked = true;
		*how = l->locked ? ATTEMPT_LOCKED : ATTEMPT_TRY;
		status = set_failures(site, l->id, l->pin_failures + 1, l->locked);
		if (status == CORE_OK && l->locked && !was_locked)
			status = append_locked(site, l);
	}
	if (status == CORE_OK)
		return store_commit(site->st);
	store_rollback(site->st);
	return status;
}

static enum core_status
attempt_succeeded(struct site *site, struct learner *l)
{
	enum core_status status;

	if ((status = store_begin(site->st)) != CORE_OK)
		return status;
	status = set_failures(site, l->id, 0, false);
	if (status == CORE_OK)
		status = store_commit(site->st);
	else
		store_rollback(site->st);
	l->pin_failures = 0;
	return status;
}

/*
 * After a failed try (or a refused one): record it, lock at the limit, and
 * give the one answer the kiosk shows for every failure.
 */
static enum core_status
attempt_failed(struct site *site, struct learner *l, enum attempt how)
{
	unsigned failures = l->pin_failures + 1;
	bool lock = how == ATTEMPT_TRY && failures >= site->cfg->pin_lockout_after;
	struct event ev;
	enum core_status status;

	event_init(&ev, EV_PIN_FAILED);
	status = store_begin(site->st);
	if (status == CORE_OK && how == ATTEMPT_UNKNOWN) {
		status = note_unknown(site, false);
	} else if (status == CORE_OK) {
		status = event_add_int(&ev, "failures", failures);
		if (status == CORE_OK && how == ATTEMPT_LOCKED)
			status = event_add_text(&ev, "while", "locked");
		if (status == CORE_OK)
			status = set_failures(site, l->id, failures,
			    lock || how == ATTEMPT_LOCKED);
		if (status == CORE_OK)
			status = learner_append(site, l->pseudonym, NULL,
			    "A PIN or activation code did not match.", &ev);
		l->pin_failures = failures;
		if (status == CORE_OK && lock)
			status = append_locked(site, l);
	}
	if (status == CORE_OK)
		status = store_commit(site->st);
	else
		store_rollback(site->st);
	event_clear(&ev);
	/* The person at the kiosk sees the same answer whatever happened. */
	return status == CORE_OK ? core_fail(CORE_ERR_AUTH, "did not match") : status;
}

/*
 * The Argon2id a wrong secret costs, on a sealed key no secret opens (a
 * random one, at the configured PIN cost), for paths that have no key of
 * their own to try.
 */
static void
burn(struct site *site, const char *secret)
{
	struct signer *s = NULL;
	struct sealed_key k;

	memset(&k, 0, sizeof k);
	crypto_random(k.owner, sizeof k.owner);
	crypto_random(k.pk, sizeof k.pk);
	crypto_key_id(k.pk, k.key_id);
	crypto_random(k.nonce, sizeof k.nonce);
	crypto_random(k.box, sizeof k.box);
	crypto_random(k.kdf.salt, sizeof k.kdf.salt);
	k.kdf.ops = site->cfg->pin_argon_ops;
	k.kdf.mem_kib = site->cfg->pin_argon_mem_kib;
	(void)signer_unseal(site->keys, &k, secret ? secret : "",
	    secret ? strlen(secret) : 0, &s);
	signer_free(&s);
}

enum core_status
learner_unseal(struct site *site, const struct learner *who, const char *pin,
    struct signer **out)
{
	struct sealed_key sealed;
	enum core_status status;
	enum attempt how;
	struct learner l;

	*out = NULL;
	if ((status = attempt_begin(site, who->reference, &l, &how)) != CORE_OK)
		return status;
	if (how != ATTEMPT_TRY) {
		burn(site, pin);
		return attempt_failed(site, &l, how);
	}
	status = keys_current(site, l.pseudonym, &sealed);
	if (status == CORE_ERR_AUTH)	/* no key yet: cost what a key would */
		burn(site, pin);
	else if (status == CORE_OK)
		status = signer_unseal(site->keys, &sealed, pin, strlen(pin), out);
	if (status == CORE_ERR_AUTH)
		return attempt_failed(site, &l, how);
	if (status != CORE_OK)
		return status;
	if ((status = attempt_succeeded(site, &l)) != CORE_OK)
		signer_free(out);
	return status;
}

enum core_status
learner_sign_in(struct site *site, const char *reference, const char *pin,
    struct learner *out)
{
	struct signer *signer = NULL;
	enum core_status status;
	struct learner probe;

	memset(&probe, 0, sizeof probe);
	snprintf(probe.reference, sizeof probe.reference, "%s", reference);
	status = learner_unseal(site, &probe, pin, &signer);
	signer_free(&signer);
	if (status == CORE_OK)
		status = learner_get(site, reference, out);
	return status;
}

enum core_status
learner_unlock(struct site *site, const char *reference, const uint8_t *actor)
{
	enum core_status status;
	struct learner l;
	struct event ev;

	if ((status = role_authorize(site, actor, ROLE_ACT_UNLOCK_LEARNER)) != CORE_OK)
		return status;
	event_init(&ev, EV_LEARNER_UNLOCKED);
	if ((status = store_begin(site->st)) != CORE_OK) {
		event_clear(&ev);
		return status;
	}
	status = learner_get(site, reference, &l);
	if (status == CORE_OK && l.erased)
		status = core_fail(CORE_ERR_NOT_FOUND, "no learner with reference %s",
		    reference);
	if (status == CORE_OK && !l.locked && l.pin_failures == 0)
		status = core_fail(CORE_ERR_DONE, "%s is not locked", reference);
	if (status == CORE_OK)
		status = event_add_int(&ev, "failures", l.pin_failures);
	if (status == CORE_OK)
		status = event_add_int(&ev, "was_locked", l.locked);
	if (status == CORE_OK)
		status = set_failures(site, l.id, 0, false);
	if (status == CORE_OK)
		status = learner_append(site, l.pseudonym, actor,
		    "Staff unlocked the learner: PIN attempts start again.", &ev);
	if (status == CORE_OK)
		status = store_commit(site->st);
	else
		store_rollback(site->st);
	event_clear(&ev);
	return status;
}

/* ---- activation: the first PIN ---- */

static enum core_status
stored_code(struct site *site, int64_t id, char out[CRYPTO_PASSHASH_LEN])
{
	static const char sql[] = "SELECT activation_hash FROM learners WHERE id = ?1";
	enum core_status status = CORE_OK;
	sqlite3_stmt *stmt;
	int rc;

	if (!(stmt = store_prepare(site->st, sql, &status)))
		return status;
	sqlite3_bind_int64(stmt, 1, id);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW && sqlite3_column_type(stmt, 0) != SQLITE_NULL)
		snprintf(out, CRYPTO_PASSHASH_LEN, "%s",
		    (const char *)sqlite3_column_text(stmt, 0));
	else if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		status = core_fail(CORE_ERR_AUTH, "no activation code outstanding");
	else
		status = store_fail(site->st, rc, "reading an activation code");
	sqlite3_reset(stmt);
	return status;
}

static enum core_status
spend_code(struct site *site, int64_t id)
{
	static const char sql[] =
	    "UPDATE learners SET activation_hash = NULL, pin_failures = 0 WHERE id = ?1";
	enum core_status status = CORE_OK;
	sqlite3_stmt *stmt;
	int rc;

	if (!(stmt = store_prepare(site->st, sql, &status)))
		return status;
	sqlite3_bind_int64(stmt, 1, id);
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	return rc == SQLITE_DONE ? CORE_OK : store_fail(site->st, rc, "spending a code");
}

/* Register a new signing key for l (activation now, PIN reset later). */
static enum core_status
register_key(struct site *site, const struct learner *l, const char *pin,
    const uint8_t *actor)
{
	struct sealed_key sealed;
	enum core_status status;

	status = signer_create(site->keys, l->pseudonym, pin, strlen(pin),
	    site->cfg->pin_argon_ops, site->cfg->pin_argon_mem_kib, &sealed, NULL);
	if (status != CORE_OK)
		return status;
	if ((status = store_begin(site->st)) != CORE_OK)
		return status;
	status = keys_register(site, &sealed, "learner", actor,
	    "The learner chose a PIN; this key signs for them from now on.");
	if (status == CORE_OK)
		status = spend_code(site, l->id);
	if (status == CORE_OK)
		status = store_commit(site->st);
	else
		store_rollback(site->st);
	crypto_wipe(&sealed, sizeof sealed);
	return status;
}

enum core_status
learner_activate(struct site *site, const char *reference, const char *code,
    const char *pin, struct learner *out)
{
	char stored[CRYPTO_PASSHASH_LEN], plain[LEARNER_CODE_LEN];
	enum core_status status;
	enum attempt how;
	struct learner l;

	if ((status = learner_pin_policy(site->cfg, pin)) != CORE_OK)
		return status;
	if ((status = attempt_begin(site, reference, &l, &how)) != CORE_OK)
		return status;
	learner_normalise_code(code, plain);
	if (how != ATTEMPT_TRY) {
		burn(site, plain);
		crypto_wipe(plain, sizeof plain);
		return attempt_failed(site, &l, how);
	}
	status = stored_code(site, l.id, stored);
	if (status == CORE_ERR_AUTH)	/* already activated: cost what a code would */
		burn(site, plain);
	else if (status == CORE_OK)
		status = crypto_pass_check(site->keys, stored, plain, strlen(plain));
	crypto_wipe(plain, sizeof plain);
	crypto_wipe(stored, sizeof stored);
	if (status == CORE_ERR_AUTH)
		return attempt_failed(site, &l, how);
	if (status != CORE_OK)
		return status;
	if ((status = register_key(site, &l, pin, l.pseudonym)) != CORE_OK)
		return status;
	return learner_get(site, reference, out);
}
