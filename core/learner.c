/* SPDX-License-Identifier: ISC */
/*
 * Learners: enrolment, lookup and paging. SQL for the learners and
 * learner_personal tables. PINs and activation are in learner_auth.c.
 */
#include "learner.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event.h"
#include "learner_int.h"
#include "ledger.h"
#include "store_db.h"
#include "text.h"

/* No 0/O, 1/I/L: read aloud and typed from paper without confusion. */
static const char code_alphabet[] = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

static const char learner_select[] =
    "SELECT l.id, l.pseudonym, l.reference, l.grp, l.cohort, l.enrolled_ms,"
    " l.pin_failures, l.locked, l.activation_hash IS NOT NULL,"
    " l.erased_ms IS NOT NULL, p.given_name, p.family_name,"
    " EXISTS (SELECT 1 FROM keys k WHERE k.owner = l.pseudonym"
    "   AND k.retired_seq IS NULL)"
    " FROM learners l LEFT JOIN learner_personal p ON p.learner_id = l.id ";

static void
copy_col(char *dst, size_t cap, sqlite3_stmt *stmt, int col)
{
	const unsigned char *s = sqlite3_column_text(stmt, col);

	snprintf(dst, cap, "%s", s ? (const char *)s : "");
}

static void
read_row(sqlite3_stmt *stmt, struct learner *l)
{
	memset(l, 0, sizeof *l);
	l->id = sqlite3_column_int64(stmt, 0);
	if (sqlite3_column_bytes(stmt, 1) == CRYPTO_ID_BYTES)
		memcpy(l->pseudonym, sqlite3_column_blob(stmt, 1), CRYPTO_ID_BYTES);
	copy_col(l->reference, sizeof l->reference, stmt, 2);
	copy_col(l->group, sizeof l->group, stmt, 3);
	copy_col(l->cohort, sizeof l->cohort, stmt, 4);
	l->enrolled_ms = sqlite3_column_int64(stmt, 5);
	l->pin_failures = (unsigned)sqlite3_column_int(stmt, 6);
	l->locked = sqlite3_column_int(stmt, 7) != 0;
	l->awaiting_activation = sqlite3_column_int(stmt, 8) != 0;
	l->erased = sqlite3_column_int(stmt, 9) != 0;
	copy_col(l->given_name, sizeof l->given_name, stmt, 10);
	copy_col(l->family_name, sizeof l->family_name, stmt, 11);
	l->has_key = sqlite3_column_int(stmt, 12) != 0;
}

enum core_status
learner_get(struct site *site, const char *reference, struct learner *out)
{
	static char sql[sizeof learner_select + 64];
	enum core_status status = CORE_OK;
	sqlite3_stmt *stmt;
	int rc;

	if (!sql[0])
		snprintf(sql, sizeof sql, "%sWHERE l.reference = ?1", learner_select);
	if (!(stmt = store_prepare(site->st, sql, &status)))
		return status;
	sqlite3_bind_text(stmt, 1, reference, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		read_row(stmt, out);
	else if (rc == SQLITE_DONE)
		status = core_fail(CORE_ERR_NOT_FOUND, "no learner with reference %s", reference);
	else
		status = store_fail(site->st, rc, "looking up a learner");
	sqlite3_reset(stmt);
	return status;
}

enum core_status
learner_each(struct site *site, const char *after, size_t limit,
    learner_visit_fn fn, void *ctx)
{
	static char sql[sizeof learner_select + 128];
	enum core_status status = CORE_OK;
	sqlite3_stmt *stmt;
	struct learner l;
	int rc;

	if (!sql[0])
		snprintf(sql, sizeof sql, "%sWHERE l.reference > ?1 "
		    "ORDER BY l.reference LIMIT ?2", learner_select);
	if (!(stmt = store_prepare(site->st, sql, &status)))
		return status;
	sqlite3_bind_text(stmt, 1, after ? after : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 2, (sqlite3_int64)limit);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		read_row(stmt, &l);
		if (!fn(&l, ctx))
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		status = store_fail(site->st, rc, "listing learners");
	sqlite3_reset(stmt);
	return status;
}

/* ---- enrolment ---- */

static enum core_status
check_reference(const char *ref)
{
	size_t i, n = strlen(ref);

	if (n == 0 || n > 32)
		return core_fail(CORE_ERR_INVALID,
		    "reference: expected 1 to 32 characters, got %zu", n);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)ref[i];

		if (!isalnum(c) && c != '-' && c != '_' && c != '/' && c != '.')
			return core_fail(CORE_ERR_INVALID,
			    "reference: only letters, digits and - _ / . are allowed");
	}
	return CORE_OK;
}

static enum core_status
check_name(const char *what, const char *name, size_t max)
{
	size_t n = strlen(name);

	if (n == 0)
		return core_fail(CORE_ERR_INVALID, "%s: must not be empty", what);
	if (n >= max)
		return core_fail(CORE_ERR_INVALID, "%s: at most %zu bytes", what, max - 1);
	if (!text_is_clean(name, n))
		return core_fail(CORE_ERR_INVALID,
		    "%s: must be valid UTF-8 without control characters", what);
	return CORE_OK;
}

static void
make_code(char code[LEARNER_CODE_LEN])
{
	size_t i, j = 0;

	for (i = 0; i < 8; i++) {
		if (i == 4)
			code[j++] = '-';
		code[j++] = code_alphabet[crypto_random_below(sizeof code_alphabet - 1)];
	}
	code[j] = '\0';
}

/* Codes are compared without the dash and case, as a person may type them. */
void
learner_normalise_code(const char *in, char out[LEARNER_CODE_LEN])
{
	size_t j = 0;

	for (; *in && j < LEARNER_CODE_LEN - 1; in++)
		if (isalnum((unsigned char)*in))
			out[j++] = (char)toupper((unsigned char)*in);
	out[j] = '\0';
}

static enum core_status
insert_learner(struct site *site, const uint8_t pseudonym[CRYPTO_ID_BYTES],
    const char *reference, const char *group, const char *cohort,
    const char *passhash, int64_t *id)
{
	static const char sql[] =
	    "INSERT INTO learners(pseudonym, reference, grp, cohort, enrolled_ms,"
	    " activation_hash) VALUES(?1, ?2, ?3, ?4, ?5, ?6)";
	enum core_status status = CORE_OK;
	sqlite3_stmt *stmt;
	int rc;

	if (!(stmt = store_prepare(site->st, sql, &status)))
		return status;
	sqlite3_bind_blob(stmt, 1, pseudonym, CRYPTO_ID_BYTES, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, reference, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, group, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, cohort, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 5, store_now_ms());
	sqlite3_bind_text(stmt, 6, passhash, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	if (rc == SQLITE_CONSTRAINT_UNIQUE)
		return core_fail(CORE_ERR_EXISTS, "reference %s is already in use", reference);
	if (rc != SQLITE_DONE)
		return store_fail(site->st, rc, "enrolling a learner");
	*id = sqlite3_last_insert_rowid(store_db(site->st));
	return CORE_OK;
}

static enum core_status
insert_personal(struct site *site, int64_t id, const char *given,
    const char *family, const uint8_t salt[CRYPTO_SALT_BYTES])
{
	static const char sql[] =
	    "INSERT INTO learner_personal(learner_id, given_name, family_name,"
	    " commit_salt) VALUES(?1, ?2, ?3, ?4)";
	enum core_status status = CORE_OK;
	sqlite3_stmt *stmt;
	int rc;

	if (!(stmt = store_prepare(site->st, sql, &status)))
		return status;
	sqlite3_bind_int64(stmt, 1, id);
	sqlite3_bind_text(stmt, 2, given, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, family, -1, SQLITE_STATIC);
	sqlite3_bind_blob(stmt, 4, salt, CRYPTO_SALT_BYTES, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	return rc == SQLITE_DONE ? CORE_OK : store_fail(site->st, rc, "saving a name");
}

/* Salted commitment to the personal details: signed, but unlinkable once erased. */
static void
commitment(const uint8_t salt[CRYPTO_SALT_BYTES], const char *reference,
    const char *given, const char *family, uint8_t out[CRYPTO_HASH_BYTES])
{
	struct crypto_hasher h;

	crypto_hasher_init(&h);
	crypto_hasher_update(&h, "signoff/person/v1", 17);
	crypto_hasher_update(&h, salt, CRYPTO_SALT_BYTES);
	crypto_hasher_update(&h, reference, strlen(reference) + 1);
	crypto_hasher_update(&h, given, strlen(given) + 1);
	crypto_hasher_update(&h, family, strlen(family) + 1);
	crypto_hasher_final(&h, out);
}

enum core_status
learner_append(struct site *site, const uint8_t *subject, const uint8_t *actor,
    const char *meaning, struct event *ev)
{
	struct ledger_appended done;
	enum core_status status = CORE_OK;

	if (subject)
		memcpy(ev->subject, subject, CRYPTO_ID_BYTES);
	if (actor)
		memcpy(ev->actor, actor, CRYPTO_ID_BYTES);
	if (meaning)
		status = event_set_meaning(ev, meaning);
	if (status == CORE_OK)
		status = ledger_append(site->st, site->keys, ev, NULL, NULL, &done);
	return status;
}

enum core_status
learner_check_details(const struct config *cfg, const char *reference,
    const char *given_name, const char *family_name, const char *group,
    const char *cohort)
{
	enum core_status status;

	cohort = cohort ? cohort : "";
	if ((status = check_reference(reference)) != CORE_OK ||
	    (status = check_name("given name", given_name, LEARNER_NAME_MAX)) != CORE_OK ||
	    (status = check_name("family name", family_name, LEARNER_NAME_MAX)) != CORE_OK)
		return status;
	if (!config_group(cfg, group))
		return core_fail(CORE_ERR_INVALID, "group: unknown group \"%s\"", group);
	if (strlen(cohort) >= CONFIG_ID_MAX || !text_is_clean(cohort, strlen(cohort)))
		return core_fail(CORE_ERR_INVALID,
		    "cohort: at most %d characters, no control characters", CONFIG_ID_MAX - 1);
	return CORE_OK;
}

enum core_status
learner_code_new(struct site *site, char code[LEARNER_CODE_LEN],
    char hash[CRYPTO_PASSHASH_LEN])
{
	char plain[LEARNER_CODE_LEN];
	enum core_status status;

	make_code(code);
	learner_normalise_code(code, plain);
	status = crypto_pass_hash(site->keys, plain, strlen(plain),
	    site->cfg->pin_argon_ops, site->cfg->pin_argon_mem_kib, hash);
	crypto_wipe(plain, sizeof plain);
	if (status != CORE_OK)
		crypto_wipe(code, LEARNER_CODE_LEN);
	return status;
}

enum core_status
learner_enrol_txn(struct site *site, const char *reference, const char *given_name,
    const char *family_name, const char *group, const char *cohort,
    const char *code_hash, const uint8_t *actor)
{
	uint8_t pseudonym[CRYPTO_ID_BYTES], salt[CRYPTO_SALT_BYTES];
	uint8_t commit[CRYPTO_HASH_BYTES];
	enum core_status status;
	struct event ev, issued;
	int64_t id = 0;

	cohort = cohort ? cohort : "";
	crypto_random(pseudonym, sizeof pseudonym);
	crypto_random(salt, sizeof salt);
	commitment(salt, reference, given_name, family_name, commit);
	event_init(&ev, EV_LEARNER_ENROLLED);
	event_init(&issued, EV_ACTIVATION_ISSUED);
	status = event_add_text(&ev, "group", group);
	if (status == CORE_OK)
		status = event_add_text(&ev, "cohort", cohort);
	if (status == CORE_OK)
		status = event_add_field(&ev, "person_commitment", commit, sizeof commit);
	if (status == CORE_OK)
		status = insert_learner(site, pseudonym, reference, group, cohort,
		    code_hash, &id);
	if (status == CORE_OK)
		status = insert_personal(site, id, given_name, family_name, salt);
	if (status == CORE_OK)
		status = learner_append(site, pseudonym, actor,
		    "The learner was enrolled.", &ev);
	if (status == CORE_OK)
		status = learner_append(site, pseudonym, actor,
		    "A one-time activation code was issued.", &issued);
	event_clear(&ev);
	event_clear(&issued);
	return status;
}

enum core_status
learner_add(struct site *site, const char *reference, const char *given_name,
    const char *family_name, const char *group, const char *cohort,
    const uint8_t *actor, char code[LEARNER_CODE_LEN])
{
	char passhash[CRYPTO_PASSHASH_LEN];
	enum core_status status;

	status = learner_check_details(site->cfg, reference, given_name,
	    family_name, group, cohort);
	if (status == CORE_OK)
		status = learner_code_new(site, code, passhash);
	if (status != CORE_OK)
		return status;
	status = store_begin(site->st);
	if (status == CORE_OK)
		status = learner_enrol_txn(site, reference, given_name, family_name,
		    group, cohort, passhash, actor);
	if (status == CORE_OK)
		status = store_commit(site->st);
	else
		store_rollback(site->st);
	crypto_wipe(passhash, sizeof passhash);
	if (status != CORE_OK)
		crypto_wipe(code, LEARNER_CODE_LEN);
	return status;
}
