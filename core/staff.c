/* SPDX-License-Identifier: ISC */
/* Staff accounts: adding and looking up (sign-in and roles build on this). */
#include "staff.h"

#include <stdio.h>
#include <string.h>

#include "event.h"
#include "keys.h"
#include "ledger.h"
#include "store_db.h"

static const char *const role_names[] = {
	[ROLE_TUTOR] = "tutor",
	[ROLE_DSL] = "dsl",
	[ROLE_SUPERVISOR] = "supervisor",
	[ROLE_ADMIN] = "admin",
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

enum core_status
staff_add(struct site *site, const char *name, enum staff_role role,
    const char *pass, const uint8_t *actor)
{
	uint8_t pseudonym[CRYPTO_ID_BYTES];
	char passhash[CRYPTO_PASSHASH_LEN];
	struct ledger_appended done;
	struct sealed_key sealed;
	enum core_status status;
	struct event ev;
	size_t plen = strlen(pass);

	if ((status = check_staff_name(name)) != CORE_OK)
		return status;
	if (plen < STAFF_PASS_MIN || plen > STAFF_PASS_MAX)
		return core_fail(CORE_ERR_INVALID,
		    "passphrase: expected %d to %d characters", STAFF_PASS_MIN, STAFF_PASS_MAX);
	crypto_random(pseudonym, sizeof pseudonym);
	status = crypto_pass_hash(site->keys, pass, plen, site->cfg->staff_argon_ops,
	    site->cfg->staff_argon_mem_kib, passhash);
	if (status == CORE_OK)
		status = signer_create(site->keys, pseudonym, pass, plen,
		    site->cfg->staff_argon_ops, site->cfg->staff_argon_mem_kib,
		    &sealed, NULL);
	if (status != CORE_OK)
		return status;

	event_init(&ev, EV_STAFF_ADDED);
	memcpy(ev.subject, pseudonym, CRYPTO_ID_BYTES);
	if (actor)
		memcpy(ev.actor, actor, CRYPTO_ID_BYTES);
	status = event_add_text(&ev, "role", staff_role_name(role));
	if (status == CORE_OK)
		status = event_set_meaning(&ev, "A staff account was added.");
	if (status == CORE_OK)
		status = store_begin(site->st);
	if (status == CORE_OK)
		status = insert_staff(site, pseudonym, name, role, passhash);
	if (status == CORE_OK)
		status = ledger_append(site->st, site->keys, &ev, NULL, NULL, &done);
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
	return status;
}

enum core_status
staff_get(struct site *site, const char *name, struct staff *out)
{
	static const char sql[] =
	    "SELECT id, pseudonym, name, role, disabled, locked, failures"
	    " FROM staff WHERE name = ?1";
	enum core_status status = CORE_OK;
	sqlite3_stmt *stmt;
	int rc;

	if (!(stmt = store_prepare(site->st, sql, &status)))
		return status;
	sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	memset(out, 0, sizeof *out);
	if (rc == SQLITE_ROW) {
		out->id = sqlite3_column_int64(stmt, 0);
		if (sqlite3_column_bytes(stmt, 1) == CRYPTO_ID_BYTES)
			memcpy(out->pseudonym, sqlite3_column_blob(stmt, 1), CRYPTO_ID_BYTES);
		snprintf(out->name, sizeof out->name, "%s",
		    (const char *)sqlite3_column_text(stmt, 2));
		staff_role_parse((const char *)sqlite3_column_text(stmt, 3), &out->role);
		out->disabled = sqlite3_column_int(stmt, 4) != 0;
		out->locked = sqlite3_column_int(stmt, 5) != 0;
		out->failures = (unsigned)sqlite3_column_int(stmt, 6);
	} else if (rc == SQLITE_DONE) {
		status = core_fail(CORE_ERR_NOT_FOUND, "no staff account %s", name);
	} else {
		status = store_fail(site->st, rc, "looking up staff");
	}
	sqlite3_reset(stmt);
	return status;
}
