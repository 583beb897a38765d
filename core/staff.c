/* SPDX-License-Identifier: ISC */
/*
 * Staff accounts: adding, looking up and listing them, sign-in with the
 * failure count committed before the passphrase is tried, lockout, and the
 * administrator's disable, enable and new passphrase. SQL for the staff
 * table; the signing keys live in the keys table (keys.h), and the copies
 * of the concerns key that DSL and administrator accounts hold are given
 * and taken here through concern_int.h.
 */
#include "staff.h"

#include <stdio.h>
#include <string.h>

#include "concern_int.h"
#include "event.h"
#include "keys.h"
#include "ledger.h"
#include "role.h"
#include "store_db.h"
#include "text.h"

static const char *const role_names[] = {
	[ROLE_TUTOR] = "tutor",
	[ROLE_DSL] = "dsl",
	[ROLE_SUPERVISOR] = "supervisor",
	[ROLE_ADMIN] = "admin",
};

static const char staff_select[] =
    "SELECT id, pseudonym, name, role, disabled, locked, failures,"
    " EXISTS(SELECT 1 FROM concern_key_copies c WHERE c.holder = staff.pseudonym)"
    " FROM staff ";

/* What a sign-in is for: recorded in the event; some purposes open a key. */
enum purpose {
	FOR_STAFF_MODE,
	FOR_WITNESS,
	FOR_CONCERNS,
};

const char *
staff_role_name(enum staff_role role)
{
	return (unsigned)role <= ROLE_ADMIN ? role_names[role] : "unknown";
}

bool
staff_role_parse(const char *name, enum staff_role *out)
{
	unsigned i;

	for (i = 0; i <= ROLE_ADMIN; i++) {
		if (strcmp(name, role_names[i]) == 0) {
			*out = (enum staff_role)i;
			return true;
		}
	}
	return false;
}

static enum core_status
check_staff_name(const char *name)
{
	size_t i, n = strlen(name);

	if (n == 0 || n > 32)
		return core_fail(CORE_ERR_INVALID, "staff id: expected 1 to 32 characters");
	for (i = 0; i < n; i++) {
		char c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '.' || c == '-' || c == '_'))
			return core_fail(CORE_ERR_INVALID,
			    "staff id: only lower-case letters, digits and . - _ are allowed");
	}
	return CORE_OK;
}

/* Characters, not bytes: a passphrase in any script counts what was typed. */
static enum core_status
check_pass(const char *pass)
{
	size_t i, n = strlen(pass), chars = 0;

	if (n > STAFF_PASS_MAX * 4)
		return core_fail(CORE_ERR_INVALID, "passphrase: at most %d characters",
		    STAFF_PASS_MAX);
	if (!text_is_clean(pass, n))
		return core_fail(CORE_ERR_INVALID,
		    "passphrase: must be valid UTF-8 without control characters");
	for (i = 0; i < n; i++)
		chars += ((unsigned char)pass[i] & 0xc0) != 0x80;
	if (chars < STAFF_PASS_MIN || chars > STAFF_PASS_MAX)
		return core_fail(CORE_ERR_INVALID,
		    "passphrase: expected %d to %d characters, got %zu",
		    STAFF_PASS_MIN, STAFF_PASS_MAX, chars);
	return CORE_OK;
}

static void
read_row(sqlite3_stmt *stmt, struct staff *out)
{
	const unsigned char *name = sqlite3_column_text(stmt, 2);
	const unsigned char *role = sqlite3_column_text(stmt, 3);

	memset(out, 0, sizeof *out);
	out->id = sqlite3_column_int64(stmt, 0);
	if (sqlite3_column_bytes(stmt, 1) == CRYPTO_ID_BYTES)
		memcpy(out->pseudonym, sqlite3_column_blob(stmt, 1), CRYPTO_ID_BYTES);
	snprintf(out->name, sizeof out->name, "%s", name ? (const char *)name : "");
	if (!role || !staff_role_parse((const char *)role, &out->role))
		out->role = ROLE_SUPERVISOR;	/* unreachable: the schema checks */
	out->disabled = sqlite3_column_int(stmt, 4) != 0;
	out->locked = sqlite3_column_int(stmt, 5) != 0;
	out->failures = (unsigned)sqlite3_column_int(stmt, 6);
	out->concerns_access = sqlite3_column_int(stmt, 7) != 0;
}

/* One account by name (text) or by pseudonym (blob). */
static enum core_status
get_one(struct site *site, const char *sql, const char *name,
    const uint8_t *pseudonym, struct staff *out)
{
	enum core_status status = CORE_OK;
	sqlite3_stmt *stmt;
	int rc;

	memset(out, 0, sizeof *out);
	if (!(stmt = store_prepare(site->st, sql, &status)))
		return status;
	if (name)
		sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
	else
		sqlite3_bind_blob(stmt, 1, pseudonym, CRYPTO_ID_BYTES, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		read_row(stmt, out);
	else if (rc == SQLITE_DONE)
		status = core_fail(CORE_ERR_NOT_FOUND, "no such staff account");
	else
		status = store_fail(site->st, rc, "looking up staff");
	sqlite3_reset(stmt);
	return status;
}

enum core_status
staff_get(struct site *site, const char *name, struct staff *out)
{
	static char sql[sizeof staff_select + 32];
	enum core_status status;

	if (!sql[0])
		snprintf(sql, sizeof sql, "%sWHERE name = ?1", staff_select);
	status = get_one(site, sql, name, NULL, out);
	if (status == CORE_ERR_NOT_FOUND)
		return core_fail(status, "no staff account %s", name);
	return status;
}

enum core_status
staff_get_by_pseudonym(struct site *site, const uint8_t pseudonym[CRYPTO_ID_BYTES],
    struct staff *out)
{
	static char sql[sizeof staff_select + 32];

	if (!sql[0])
		snprintf(sql, sizeof sql, "%sWHERE pseudonym = ?1", staff_select);
	return get_one(site, sql, NULL, pseudonym, out);
}

enum core_status
staff_list(struct site *site, staff_visit_fn fn, void *ctx)
{
	static char sql[sizeof staff_select + 32];
	enum core_status status = CORE_OK;
	sqlite3_stmt *stmt;
	struct staff s;
	int rc;

	if (!sql[0])
		snprintf(sql, sizeof sql, "%sORDER BY name", staff_select);
	if (!(stmt = store_prepare(site->st, sql, &status)))
		return status;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		read_row(stmt, &s);
		if (!fn(&s, ctx))
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		status = store_fail(site->st, rc, "listing staff");
	sqlite3_reset(stmt);
	return status;
}

/* Append ev about subject (may be NULL) by actor (NULL: the command line). */
static enum core_status
append(struct site *site, struct event *ev, const uint8_t *subject,
    const uint8_t *actor, const char *meaning)
{
	struct ledger_appended done;
	enum core_status status;

	if (subject)
		memcpy(ev->subject, subject, CRYPTO_ID_BYTES);
	if (actor)
		memcpy(ev->actor, actor, CRYPTO_ID_BYTES);
	status = event_set_meaning(ev, meaning);
	if (status == CORE_OK)
		status = ledger_append(site->st, site->keys, ev, NULL, NULL, &done);
	return status;
}

/* ---- adding ---- */

static enum core_status
insert_staff(struct site *site, const uint8_t pseudonym[CRYPTO_ID_BYTES],
    const char *name, enum staff_role role, const char *passhash)
{
	static const char sql[] =
	    "INSERT INTO staff(pseudonym, name, role, passhash, created_ms)"
	    " VALUES(?1, ?2, ?3, ?4, ?5)";
	enum core_status status = CORE_OK;
	sqlite3_stmt *stmt;
	int rc;

	if (!(stmt = store_prepare(site->st, sql, &status)))
		return status;
	sqlite3_bind_blob(stmt, 1, pseudonym, CRYPTO_ID_BYTES, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, staff_role_name(role), -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, passhash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 5, store_now_ms());
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	if (rc == SQLITE_CONSTRAINT_UNIQUE)
		return core_fail(CORE_ERR_EXISTS, "staff id %s is already in use", name);
	return rc == SQLITE_DONE ? CORE_OK : store_fail(site->st, rc, "adding staff");
}

/* The passphrase hash and a new signing key sealed under the same passphrase. */
static enum core_status
make_secrets(struct site *site, const uint8_t owner[CRYPTO_ID_BYTES],
    const char *pass, char passhash[CRYPTO_PASSHASH_LEN], struct sealed_key *sealed)
{
	size_t plen = strlen(pass);
	enum core_status status;

	status = crypto_pass_hash(site->keys, pass, plen, site->cfg->staff_argon_ops,
	    site->cfg->staff_argon_mem_kib, passhash);
	if (status == CORE_OK)
		status = signer_create(site->keys, owner, pass, plen,
		    site->cfg->staff_argon_ops, site->cfg->staff_argon_mem_kib,
		    sealed, NULL);
	return status;
}

enum core_status
staff_add(struct site *site, const char *name, enum staff_role role,
    const char *pass, const uint8_t *actor)
{
	return staff_add_keyed(site, name, role, pass, actor, NULL);
}

enum core_status
staff_add_keyed(struct site *site, const char *name, enum staff_role role,
    const char *pass, const uint8_t *actor, const struct concerns_key *unlocker)
{
	uint8_t pseudonym[CRYPTO_ID_BYTES];
	char passhash[CRYPTO_PASSHASH_LEN];
	struct concern_grant grant;
	struct sealed_key sealed;
	enum core_status status;
	struct event ev;

	if ((status = role_authorize(site, actor, ROLE_ACT_MANAGE_STAFF)) != CORE_OK ||
	    (status = check_staff_name(name)) != CORE_OK ||
	    (status = check_pass(pass)) != CORE_OK)
		return status;
	if ((unsigned)role > ROLE_ADMIN)
		return core_fail(CORE_ERR_INVALID, "role: unknown");
	crypto_random(pseudonym, sizeof pseudonym);
	if ((status = make_secrets(site, pseudonym, pass, passhash, &sealed)) != CORE_OK)
		return status;
	status = concern_grant_plan(site, role, pseudonym, pass, unlocker, &grant);
	if (status != CORE_OK) {
		crypto_wipe(passhash, sizeof passhash);
		crypto_wipe(&sealed, sizeof sealed);
		concern_grant_clear(&grant);
		return status;
	}

	event_init(&ev, EV_STAFF_ADDED);
	status = event_add_text(&ev, "role", staff_role_name(role));
	if (status == CORE_OK)
		status = store_begin(site->st);
	if (status == CORE_OK)
		status = insert_staff(site, pseudonym, name, role, passhash);
	if (status == CORE_OK)
		status = concern_grant_apply(site, &grant, actor, &ev);
	if (status == CORE_OK)
		status = append(site, &ev, pseudonym, actor, "A staff account was added.");
	if (status == CORE_OK)
		status = keys_register(site, &sealed, "staff", actor,
		    "This key signs for the staff member when they witness a step.");
	if (status == CORE_OK)
		status = store_commit(site->st);
	else
		store_rollback(site->st);
	event_clear(&ev);
	crypto_wipe(passhash, sizeof passhash);
	crypto_wipe(&sealed, sizeof sealed);
	concern_grant_clear(&grant);
	return status;
}

/* ---- sign-in: count first, then try ---- */

unsigned
staff_auth_delay_ms(unsigned failures)
{
	unsigned delay = 1000;

	if (failures == 0)
		return 0;
	while (--failures > 0 && delay < 30000)
		delay *= 2;
	return delay < 30000 ? delay : 30000;
}

static enum core_status
set_state(struct site *site, int64_t id, unsigned failures, bool locked)
{
	static const char sql[] =
	    "UPDATE staff SET failures = ?2, locked = ?3 WHERE id = ?1";
	enum core_status status = CORE_OK;
	sqlite3_stmt *stmt;
	int rc;

	if (!(stmt = store_prepare(site->st, sql, &status)))
		return status;
	sqlite3_bind_int64(stmt, 1, id);
	sqlite3_bind_int(stmt, 2, (int)failures);
	sqlite3_bind_int(stmt, 3, locked);
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	return rc == SQLITE_DONE ? CORE_OK : store_fail(site->st, rc, "counting a sign-in");
}

static enum core_status
read_passhash(struct site *site, int64_t id, char out[CRYPTO_PASSHASH_LEN])
{
	static const char sql[] = "SELECT passhash FROM staff WHERE id = ?1";
	enum core_status status = CORE_OK;
	const unsigned char *text;
	sqlite3_stmt *stmt;
	int rc;

	if (!(stmt = store_prepare(site->st, sql, &status)))
		return status;
	sqlite3_bind_int64(stmt, 1, id);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW && (text = sqlite3_column_text(stmt, 0)))
		snprintf(out, CRYPTO_PASSHASH_LEN, "%s", (const char *)text);
	else if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		status = core_fail(CORE_ERR_AUTH, "no passphrase stored");
	else
		status = store_fail(site->st, rc, "reading a passphrase hash");
	sqlite3_reset(stmt);
	return status;
}

/*
 * The same Argon2id work as a real check, for an attempt that cannot
 * succeed, so the time taken does not tell an unknown id from a known one.
 */
static void
burn(struct site *site, const char *pass)
{
	char scratch[CRYPTO_PASSHASH_LEN];
	size_t n = strlen(pass);

	(void)crypto_pass_hash(site->keys, n ? pass : "x", n ? n : 1,
	    site->cfg->staff_argon_ops, site->cfg->staff_argon_mem_kib, scratch);
	crypto_wipe(scratch, sizeof scratch);
	core_detail_clear();
}

/*
 * Record a failed attempt. s is NULL for an unknown id; counted means the
 * failure was already counted by attempt_begin and may now lock.
 */
static enum core_status
attempt_failed(struct site *site, const struct staff *s, const char *reason,
    bool counted)
{
	bool lock = counted && s->failures >= site->cfg->staff_lockout_after;
	struct event ev, locked;
	enum core_status status;

	event_init(&ev, EV_STAFF_SIGNIN_FAILED);
	event_init(&locked, EV_STAFF_LOCKED);
	status = event_add_text(&ev, "reason", reason);
	if (status == CORE_OK && counted)
		status = event_add_int(&ev, "failures", s->failures);
	if (status == CORE_OK)
		status = store_begin(site->st);
	if (status == CORE_OK && lock)
		status = set_state(site, s->id, s->failures, true);
	if (status == CORE_OK)
		status = append(site, &ev, s ? s->pseudonym : NULL, NULL,
		    "A staff sign-in did not succeed.");
	if (status == CORE_OK && lock)
		status = append(site, &locked, s->pseudonym, NULL,
		    "Too many failed sign-ins: the account is locked until an "
		    "administrator unlocks it.");
	if (status == CORE_OK)
		status = store_commit(site->st);
	else
		store_rollback(site->st);
	event_clear(&ev);
	event_clear(&locked);
	return status == CORE_OK ? core_fail(CORE_ERR_AUTH, "did not match") : status;
}

/* Look the account up and commit its incremented failure count. */
static enum core_status
attempt_begin(struct site *site, const char *name, const char *pass,
    struct staff *s, char passhash[CRYPTO_PASSHASH_LEN])
{
	enum core_status status;

	if ((status = store_begin(site->st)) != CORE_OK)
		return status;
	status = staff_get(site, name, s);
	if (status == CORE_OK && !s->disabled && !s->locked) {
		s->failures++;
		status = set_state(site, s->id, s->failures, false);
		if (status == CORE_OK)
			status = read_passhash(site, s->id, passhash);
		if (status == CORE_OK)
			return store_commit(site->st);
	}
	store_rollback(site->st);
	if (status == CORE_ERR_NOT_FOUND) {
		burn(site, pass);
		return attempt_failed(site, NULL, "unknown staff id", false);
	}
	if (status == CORE_OK) {
		burn(site, pass);
		return attempt_failed(site, s, s->disabled ? "disabled" : "locked", false);
	}
	return status;
}

/* What each purpose records, and the role it needs once the secret is right. */
static const struct {
	const char *name, *meaning, *refused, *refused_meaning;
	enum role_action needs;	/* ROLE_ACT_COUNT: none */
} purposes[] = {
	[FOR_STAFF_MODE] = { "staff mode", "The staff member signed in to staff mode.",
	    NULL, NULL, ROLE_ACT_COUNT },
	[FOR_WITNESS] = { "witness",
	    "The staff member confirmed who they are to witness a step.",
	    "may not witness", "The staff member's role may not witness steps.",
	    ROLE_ACT_WITNESS },
	[FOR_CONCERNS] = { "concerns",
	    "The staff member confirmed who they are to open concerns.",
	    "may not read concerns", "The staff member's role may not read concerns.",
	    ROLE_ACT_READ_CONCERNS },
};

static enum core_status
attempt_succeeded(struct site *site, struct staff *s, enum purpose purpose,
    bool allowed)
{
	struct event ev;
	enum core_status status;

	event_init(&ev, allowed ? EV_STAFF_SIGNIN : EV_STAFF_SIGNIN_FAILED);
	status = allowed ? event_add_text(&ev, "purpose", purposes[purpose].name) :
	    event_add_text(&ev, "reason", purposes[purpose].refused);
	if (status == CORE_OK)
		status = store_begin(site->st);
	if (status == CORE_OK)
		status = set_state(site, s->id, 0, false);
	if (status == CORE_OK)
		status = append(site, &ev, s->pseudonym, s->pseudonym, allowed ?
		    purposes[purpose].meaning : purposes[purpose].refused_meaning);
	if (status == CORE_OK)
		status = store_commit(site->st);
	else
		store_rollback(site->st);
	event_clear(&ev);
	s->failures = 0;
	return status;
}

/*
 * The passphrase itself, or for a witness the key it seals, or for
 * concerns the copy of the concerns key it wraps (one Argon2id each way;
 * an account with no copy has its passphrase checked instead, so a wrong
 * one is still counted and *ck stays NULL).
 */
static enum core_status
try_secret(struct site *site, const struct staff *s, const char *pass,
    const char *passhash, enum purpose purpose, struct signer **signer,
    struct concerns_key **ck)
{
	struct sealed_key sealed;
	enum core_status status;

	if (purpose == FOR_STAFF_MODE)
		return crypto_pass_check(site->keys, passhash, pass, strlen(pass));
	if (purpose == FOR_CONCERNS) {
		status = concern_keys_unwrap(site, s->pseudonym, pass, ck);
		if (status == CORE_ERR_NOT_FOUND)
			status = crypto_pass_check(site->keys, passhash, pass, strlen(pass));
		return status;
	}
	status = keys_current(site, s->pseudonym, &sealed);
	if (status == CORE_OK)
		status = signer_unseal(site->keys, &sealed, pass, strlen(pass), signer);
	crypto_wipe(&sealed, sizeof sealed);
	return status;
}

static enum core_status
authenticate(struct site *site, const char *name, const char *pass,
    enum purpose purpose, struct staff *out, struct signer **signer,
    struct concerns_key **ck)
{
	char passhash[CRYPTO_PASSHASH_LEN];
	enum role_action needs = purposes[purpose].needs;
	struct concerns_key *opened = NULL;
	struct signer *key = NULL;
	enum core_status status;
	struct staff s;
	bool allowed;

	memset(out, 0, sizeof *out);
	status = attempt_begin(site, name, pass, &s, passhash);
	if (status != CORE_OK)
		return status;
	status = try_secret(site, &s, pass, passhash, purpose, &key, &opened);
	crypto_wipe(passhash, sizeof passhash);
	if (status == CORE_ERR_AUTH)
		return attempt_failed(site, &s, "wrong passphrase", true);
	if (status != CORE_OK)
		return status;
	allowed = needs == ROLE_ACT_COUNT || role_allows(s.role, needs);
	status = attempt_succeeded(site, &s, purpose, allowed);
	if (status == CORE_OK && !allowed)
		status = role_check(s.role, needs);
	if (status == CORE_OK && purpose == FOR_CONCERNS && !opened)
		status = core_fail(CORE_ERR_NOT_FOUND,
		    "%s holds no copy of the concerns key: a designated safeguarding "
		    "lead or administrator who does must give it one", s.name);
	if (status != CORE_OK) {
		signer_free(&key);
		concerns_key_free(&opened);
		return status;
	}
	*out = s;
	if (signer)
		*signer = key;
	else
		signer_free(&key);
	if (ck)
		*ck = opened;
	else
		concerns_key_free(&opened);
	return CORE_OK;
}

enum core_status
staff_sign_in(struct site *site, const char *name, const char *pass,
    struct staff *out, struct signer **witness)
{
	if (witness)
		*witness = NULL;
	return authenticate(site, name, pass, witness ? FOR_WITNESS : FOR_STAFF_MODE,
	    out, witness, NULL);
}

/* The signed-in account again, by name, and the same account after. */
static enum core_status
reauthenticate(struct site *site, const struct staff *who, const char *pass,
    enum purpose purpose, struct signer **signer, struct concerns_key **ck)
{
	enum core_status status;
	struct staff s;

	status = authenticate(site, who->name, pass, purpose, &s, signer, ck);
	if (status == CORE_OK &&
	    !crypto_equal(s.pseudonym, who->pseudonym, CRYPTO_ID_BYTES)) {
		if (signer)
			signer_free(signer);
		if (ck)
			concerns_key_free(ck);
		return core_fail(CORE_ERR_AUTH, "not the same account");
	}
	return status;
}

enum core_status
staff_unseal(struct site *site, const struct staff *who, const char *pass,
    struct signer **out)
{
	*out = NULL;
	return reauthenticate(site, who, pass, FOR_WITNESS, out, NULL);
}

enum core_status
staff_unseal_concerns(struct site *site, const struct staff *who,
    const char *pass, struct concerns_key **out)
{
	*out = NULL;
	return reauthenticate(site, who, pass, FOR_CONCERNS, NULL, out);
}

/* ---- administrators ---- */

static enum core_status
count_enabled_admins(struct site *site, int *out)
{
	static const char sql[] =
	    "SELECT count(*) FROM staff WHERE role = 'admin' AND disabled = 0";
	enum core_status status = CORE_OK;
	sqlite3_stmt *stmt;
	int rc;

	if (!(stmt = store_prepare(site->st, sql, &status)))
		return status;
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int(stmt, 0);
	else
		status = store_fail(site->st, rc, "counting administrators");
	sqlite3_reset(stmt);
	return status;
}

static enum core_status
set_disabled(struct site *site, int64_t id, bool disabled)
{
	static const char sql[] =
	    "UPDATE staff SET disabled = ?2, locked = 0, failures = 0 WHERE id = ?1";
	enum core_status status = CORE_OK;
	sqlite3_stmt *stmt;
	int rc;

	if (!(stmt = store_prepare(site->st, sql, &status)))
		return status;
	sqlite3_bind_int64(stmt, 1, id);
	sqlite3_bind_int(stmt, 2, disabled);
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	return rc == SQLITE_DONE ? CORE_OK : store_fail(site->st, rc, "changing a staff account");
}

static enum core_status
change_enabled(struct site *site, const char *name, const uint8_t *actor,
    bool disable)
{
	enum core_status status;
	struct event ev;
	struct staff s;
	int admins = 0;

	if ((status = role_authorize(site, actor, ROLE_ACT_MANAGE_STAFF)) != CORE_OK)
		return status;
	if ((status = store_begin(site->st)) != CORE_OK)
		return status;
	event_init(&ev, disable ? EV_STAFF_DISABLED : EV_STAFF_ENABLED);
	status = staff_get(site, name, &s);
	if (status == CORE_OK && disable && s.role == ROLE_ADMIN && !s.disabled &&
	    (status = count_enabled_admins(site, &admins)) == CORE_OK && admins <= 1)
		status = core_fail(CORE_ERR_INVALID,
		    "%s is the last enabled administrator: add another first", name);
	if (status == CORE_OK)
		status = set_disabled(site, s.id, disable);
	if (status == CORE_OK)
		status = event_add_text(&ev, "disabled", disable ? "yes" : "no");
	/* A departed DSL's passphrase must no longer open concerns. */
	if (status == CORE_OK && disable)
		status = concern_keys_take(site, s.pseudonym, &ev);
	if (status == CORE_OK)
		status = append(site, &ev, s.pseudonym, actor, disable ?
		    "The staff account was disabled." :
		    "The staff account was enabled and unlocked.");
	if (status == CORE_OK)
		status = store_commit(site->st);
	else
		store_rollback(site->st);
	event_clear(&ev);
	return status;
}

enum core_status
staff_disable(struct site *site, const char *name, const uint8_t *actor)
{
	return change_enabled(site, name, actor, true);
}

enum core_status
staff_enable(struct site *site, const char *name, const uint8_t *actor)
{
	return change_enabled(site, name, actor, false);
}

static enum core_status
set_passhash(struct site *site, int64_t id, const char *passhash)
{
	static const char sql[] =
	    "UPDATE staff SET passhash = ?2, locked = 0, failures = 0 WHERE id = ?1";
	enum core_status status = CORE_OK;
	sqlite3_stmt *stmt;
	int rc;

	if (!(stmt = store_prepare(site->st, sql, &status)))
		return status;
	sqlite3_bind_int64(stmt, 1, id);
	sqlite3_bind_text(stmt, 2, passhash, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	return rc == SQLITE_DONE ? CORE_OK : store_fail(site->st, rc, "saving a passphrase");
}

/*
 * Retire the owner's older keys at the seq that registered the new one:
 * signatures made before it still verify, none made after it can.
 */
static enum core_status
retire_older_keys(struct site *site, const uint8_t owner[CRYPTO_ID_BYTES])
{
	static const char sql[] =
	    "UPDATE keys SET retired_seq = ?2 WHERE owner = ?1"
	    " AND retired_seq IS NULL AND registered_seq < ?2";
	struct ledger_head head;
	enum core_status status;
	sqlite3_stmt *stmt;
	int rc;

	if ((status = ledger_head(site->st, &head)) != CORE_OK)
		return status;
	if (!(stmt = store_prepare(site->st, sql, &status)))
		return status;
	sqlite3_bind_blob(stmt, 1, owner, CRYPTO_ID_BYTES, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 2, (sqlite3_int64)head.seq);
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	return rc == SQLITE_DONE ? CORE_OK : store_fail(site->st, rc, "retiring a key");
}

enum core_status
staff_passwd(struct site *site, const char *name, const char *pass,
    const uint8_t *actor)
{
	return staff_passwd_keyed(site, name, pass, actor, NULL);
}

enum core_status
staff_passwd_keyed(struct site *site, const char *name, const char *pass,
    const uint8_t *actor, const struct concerns_key *unlocker)
{
	char passhash[CRYPTO_PASSHASH_LEN];
	struct concern_grant grant;
	struct sealed_key sealed;
	enum core_status status;
	struct event ev;
	struct staff s;

	memset(&grant, 0, sizeof grant);
	if ((status = check_pass(pass)) != CORE_OK ||
	    (status = staff_get(site, name, &s)) != CORE_OK)
		return status;
	if (!actor || !crypto_equal(actor, s.pseudonym, CRYPTO_ID_BYTES))
		status = role_authorize(site, actor, ROLE_ACT_MANAGE_STAFF);
	if (status != CORE_OK ||
	    (status = make_secrets(site, s.pseudonym, pass, passhash, &sealed)) != CORE_OK)
		return status;
	/* A disabled account gets no copy until it is enabled and set again. */
	status = concern_grant_plan(site, s.disabled ? ROLE_TUTOR : s.role,
	    s.pseudonym, pass, unlocker, &grant);
	event_init(&ev, EV_STAFF_PASSWD);
	if (status == CORE_OK)
		status = store_begin(site->st);
	if (status == CORE_OK)
		status = set_passhash(site, s.id, passhash);
	if (status == CORE_OK)
		status = concern_grant_apply(site, &grant, actor, &ev);
	if (status == CORE_OK)
		status = append(site, &ev, s.pseudonym, actor,
		    "The staff member's passphrase was changed and a new signing key made.");
	if (status == CORE_OK)
		status = keys_register(site, &sealed, "staff", actor,
		    "This key signs for the staff member when they witness a step; "
		    "it replaces their earlier key.");
	if (status == CORE_OK)
		status = retire_older_keys(site, s.pseudonym);
	if (status == CORE_OK)
		status = store_commit(site->st);
	else
		store_rollback(site->st);
	event_clear(&ev);
	crypto_wipe(passhash, sizeof passhash);
	crypto_wipe(&sealed, sizeof sealed);
	concern_grant_clear(&grant);
	return status;
}
