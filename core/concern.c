/* SPDX-License-Identifier: ISC */
/*
 * Concerns: reporting (learner, named or anonymous; staff), reading and
 * actioning with the concerns key, and the rows behind the queue.
 * concern.h says what is sealed and why; concern_keys.c holds the key's
 * copies; concern_query.c counts, lists and checks the rows;
 * concern_text.c has the words, the text rules and the sealed record.
 *
 * The sealed bytes are a small versioned record, padded with zeros to a
 * multiple of PAD so their length says little about the text:
 *   report: 'R', 1, u32 len text, u16 len talk_to, u8 n, n * id16 learners
 *   note:   'N', 1, u32 len note
 */
#include "concern.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "concern_int.h"
#include "concern_row.h"
#include "event.h"
#include "ledger.h"
#include "role.h"
#include "store_db.h"

/* ---- reporting ---- */

/* One report, sealed and appended in one write transaction. */
struct report {
	enum concern_category category;
	enum concern_source source;
	const char *text, *talk_to;
	uint8_t people[CONCERN_LEARNERS_MAX][CRYPTO_ID_BYTES];
	size_t npeople;
	const struct learner *learner;	/* named: the reporter */
	const struct signer *signer;	/* named: their key */
	const uint8_t *actor;		/* staff: the recorder */
};

static enum core_status
insert_concern(struct site *site, const struct event *ev, const struct report *r,
    const uint8_t key_id[CRYPTO_ID_BYTES], const uint8_t *sealed, size_t len,
    int64_t *id)
{
	static const char sql[] =
	    "INSERT INTO concerns(seq, time_ms, category, status, sealed, learner_id,"
	    " key_id, source) VALUES(?1, ?2, ?3, 'open', ?4, ?5, ?6, ?7)";
	enum core_status status = CORE_OK;
	sqlite3_stmt *stmt;
	int rc;

	if (!(stmt = store_prepare(site->st, sql, &status)))
		return status;
	sqlite3_bind_int64(stmt, 1, (sqlite3_int64)ev->seq);
	sqlite3_bind_int64(stmt, 2, ev->time_ms);
	sqlite3_bind_text(stmt, 3, concern_category_name(r->category), -1, SQLITE_STATIC);
	sqlite3_bind_blob(stmt, 4, sealed, (int)len, SQLITE_STATIC);
	if (r->learner)
		sqlite3_bind_int64(stmt, 5, r->learner->id);
	else
		sqlite3_bind_null(stmt, 5);
	sqlite3_bind_blob(stmt, 6, key_id, CRYPTO_ID_BYTES, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 7, concern_source_name(r->source), -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE)
		return store_fail(site->st, rc, "saving a concern");
	*id = sqlite3_last_insert_rowid(store_db(site->st));
	return CORE_OK;
}

static const char *
report_meaning(const struct report *r)
{
	switch (r->source) {
	case CONCERN_FROM_LEARNER:
		return "I am reporting a concern. I understand staff will read it and "
		    "follow it up.";
	case CONCERN_FROM_STAFF:
		return "A member of staff recorded a concern for the designated "
		    "safeguarding lead.";
	default:
		return "A concern was reported without a name.";
	}
}

static enum core_status
report_commit(struct site *site, const struct report *r,
    const uint8_t key_id[CRYPTO_ID_BYTES], const uint8_t pk[CRYPTO_PK_BYTES],
    struct concern_receipt *out)
{
	uint8_t hash[CRYPTO_HASH_BYTES], *sealed = NULL;
	struct ledger_appended done;
	struct concern_payload p = { 0 };
	enum core_status status;
	size_t len = 0;
	struct event ev;
	int64_t id = 0;

	event_init(&ev, EV_CONCERN_REPORTED);
	status = concern_payload_report(&p, r->text, r->talk_to, r->people, r->npeople);
	if (status == CORE_OK)
		status = concern_seal(pk, &p, &sealed, &len, hash);
	concern_payload_free(&p);
	if (r->learner) {
		memcpy(ev.subject, r->learner->pseudonym, CRYPTO_ID_BYTES);
		memcpy(ev.actor, r->learner->pseudonym, CRYPTO_ID_BYTES);
	} else if (r->actor) {
		memcpy(ev.actor, r->actor, CRYPTO_ID_BYTES);
	}
	if (status == CORE_OK)
		status = event_add_text(&ev, "category", concern_category_name(r->category));
	if (status == CORE_OK)
		status = event_add_text(&ev, "source", concern_source_name(r->source));
	if (status == CORE_OK)
		status = event_add_field(&ev, "concerns_key", key_id, CRYPTO_ID_BYTES);
	if (status == CORE_OK)
		status = event_add_field(&ev, "sealed_hash", hash, CRYPTO_HASH_BYTES);
	if (status == CORE_OK)
		status = event_set_meaning(&ev, report_meaning(r));
	if (status == CORE_OK && (status = store_begin(site->st)) == CORE_OK) {
		status = ledger_append(site->st, site->keys, &ev, r->signer, NULL, &done);
		if (status == CORE_OK)
			status = insert_concern(site, &ev, r, key_id, sealed, len, &id);
		if (status == CORE_OK)
			status = store_commit(site->st);
		else
			store_rollback(site->st);
	}
	if (status == CORE_OK && out) {
		out->id = id;
		out->seq = done.seq;
		memcpy(out->receipt, done.receipt, LEDGER_RECEIPT_LEN);
	}
	event_clear(&ev);
	free(sealed);
	return status;
}

static enum core_status
check_report(enum concern_category category, const char *text, const char *talk_to)
{
	enum core_status status;

	if ((unsigned)category >= CONCERN_CATEGORY_COUNT)
		return core_fail(CORE_ERR_INVALID, "Please choose what the concern is about.");
	if ((status = concern_check_text(text, CONCERN_TEXT_MAX, true, false)) != CORE_OK)
		return status;
	return concern_check_text(talk_to, CONCERN_TALK_TO_MAX, false, true);
}

enum core_status
concern_report(struct site *site, enum concern_category category, const char *text,
    const char *talk_to, const char *reference, const char *pin,
    struct concern_receipt *out)
{
	uint8_t key_id[CRYPTO_ID_BYTES], pk[CRYPTO_PK_BYTES];
	struct signer *signer = NULL;
	struct report r = { 0 };
	enum core_status status;
	struct learner l;

	if (out)
		memset(out, 0, sizeof *out);
	if ((status = check_report(category, text, talk_to)) != CORE_OK ||
	    (status = concern_keys_sealing(site, key_id, pk)) != CORE_OK)
		return status;
	r.category = category;
	r.text = text;
	r.talk_to = talk_to ? talk_to : "";
	r.source = reference ? CONCERN_FROM_LEARNER : CONCERN_FROM_ANONYMOUS;
	if (reference) {
		/* learner_unseal counts the PIN as at sign-in, and answers alike. */
		memset(&l, 0, sizeof l);
		snprintf(l.reference, sizeof l.reference, "%s", reference);
		status = learner_unseal(site, &l, pin ? pin : "", &signer);
		if (status == CORE_OK)
			status = learner_get(site, reference, &l);
		if (status != CORE_OK) {
			signer_free(&signer);
			return status;
		}
		r.learner = &l;
		r.signer = signer;
	}
	status = report_commit(site, &r, key_id, pk, out);
	signer_free(&signer);
	return status;
}

enum core_status
concern_record_by_staff(struct site *site, const uint8_t *actor,
    enum concern_category category, const char *text,
    const char *const *references, size_t nreferences,
    struct concern_receipt *out)
{
	uint8_t key_id[CRYPTO_ID_BYTES], pk[CRYPTO_PK_BYTES];
	struct report r = { 0 };
	enum core_status status;
	struct learner l;

	if (out)
		memset(out, 0, sizeof *out);
	if ((status = role_authorize(site, actor, ROLE_ACT_RECORD_CONCERN)) != CORE_OK ||
	    (status = check_report(category, text, NULL)) != CORE_OK)
		return status;
	if (nreferences > CONCERN_LEARNERS_MAX)
		return core_fail(CORE_ERR_INVALID, "name at most %d learners",
		    CONCERN_LEARNERS_MAX);
	for (size_t i = 0; i < nreferences; i++) {
		status = learner_get(site, references[i], &l);
		if (status == CORE_OK && l.erased)
			status = CORE_ERR_NOT_FOUND;
		if (status == CORE_ERR_NOT_FOUND)
			return core_fail(status, "no learner with reference %s", references[i]);
		if (status != CORE_OK)
			return status;
		memcpy(r.people[r.npeople++], l.pseudonym, CRYPTO_ID_BYTES);
	}
	if ((status = concern_keys_sealing(site, key_id, pk)) != CORE_OK)
		return status;
	r.category = category;
	r.source = CONCERN_FROM_STAFF;
	r.text = text;
	r.talk_to = "";
	r.actor = actor;
	return report_commit(site, &r, key_id, pk, out);
}

/* ---- reading ---- */

void
concern_text_clear(struct concern_text *t)
{
	concern_locked_free(&t->text);
	concern_locked_free(&t->talk_to);
	for (size_t i = 0; i < t->nactions; i++)
		concern_locked_free(&t->actions[i].note);
	free(t->actions);
	crypto_wipe(t, sizeof *t);
}

static void
staff_name(struct site *site, const uint8_t pseudonym[CRYPTO_ID_BYTES],
    char out[STAFF_NAME_MAX])
{
	struct staff s;

	out[0] = '\0';
	if (staff_get_by_pseudonym(site, pseudonym, &s) == CORE_OK)
		snprintf(out, STAFF_NAME_MAX, "%s", s.name);
	core_detail_clear();
}

/* The sealed parts of row r, opened with key into t. */
static enum core_status
open_report(struct site *site, const struct concerns_key *key,
    const struct concern_row *r, struct concern_text *t)
{
	uint8_t people[CONCERN_LEARNERS_MAX][CRYPTO_ID_BYTES];
	size_t npeople = 0;
	struct concern_payload p;
	enum core_status status;

	if (!r->readable_by_key)
		return CORE_OK;
	if ((status = concern_open_sealed(key, r->sealed, r->sealed_len, &p)) != CORE_OK)
		return status;
	status = concern_payload_parse_report(p.buf, p.len, t, people, &npeople);
	concern_payload_free(&p);
	if (status != CORE_OK)
		return status;
	t->has_text = true;
	for (size_t i = 0; i < npeople; i++) {
		status = concern_row_person(site, people[i], 0, &t->involved[i]);
		if (status != CORE_OK)
			return status;
	}
	t->ninvolved = npeople;
	return CORE_OK;
}

static enum core_status
open_actions(struct site *site, const struct concerns_key *key, struct concern_text *t)
{
	struct concern_action_row *rows = NULL;
	uint8_t key_id[CRYPTO_ID_BYTES];
	enum core_status status;
	struct concern_payload p;
	size_t n = 0;

	status = concern_row_actions(site, t->info.id, &rows, &n);
	if (status != CORE_OK)
		return status;
	if (n && !(t->actions = calloc(n, sizeof *t->actions)))
		status = core_fail(CORE_ERR_NOMEM, "no memory for the actions");
	if (key)
		concerns_key_id(key, key_id);
	for (size_t i = 0; status == CORE_OK && i < n; i++) {
		struct concern_action_info *a = &t->actions[i];

		*a = rows[i].info;
		t->nactions = i + 1;
		staff_name(site, rows[i].actor, a->staff);
		if (!key || !crypto_equal(rows[i].key_id, key_id, CRYPTO_ID_BYTES))
			continue;
		status = concern_row_check_hash(site, rows[i].info.seq,
		    EV_CONCERN_ACTIONED, rows[i].sealed, rows[i].sealed_len);
		if (status == CORE_OK)
			status = concern_open_sealed(key, rows[i].sealed, rows[i].sealed_len, &p);
		if (status == CORE_OK) {
			status = concern_payload_parse_note(p.buf, p.len, &a->note);
			concern_payload_free(&p);
		}
	}
	concern_row_actions_free(&rows, n);
	return status;
}

/* Everything about row r into t; the text only with key. */
static enum core_status
fill_text(struct site *site, const struct concerns_key *key,
    const struct concern_row *r, struct concern_text *t)
{
	enum core_status status = CORE_OK;

	memset(t, 0, sizeof *t);
	t->info = r->info;
	if (r->info.source == CONCERN_FROM_LEARNER && r->learner_id)
		status = concern_row_person(site, NULL, r->learner_id, &t->reporter);
	if (status == CORE_OK && r->info.source == CONCERN_FROM_STAFF)
		staff_name(site, r->actor, t->recorded_by);
	if (status == CORE_OK && key)
		status = concern_row_check_hash(site, r->info.seq, EV_CONCERN_REPORTED,
		    r->sealed, r->sealed_len);
	if (status == CORE_OK && key)
		status = open_report(site, key, r, t);
	if (status == CORE_OK)
		status = open_actions(site, key, t);
	if (status == CORE_OK && !t->talk_to)
		t->talk_to = concern_locked_copy((const uint8_t *)"", 0);
	if (status != CORE_OK)
		concern_text_clear(t);
	return status;
}

static enum core_status
record_viewed(struct site *site, const uint8_t actor[CRYPTO_ID_BYTES], uint64_t seq)
{
	struct ledger_appended done;
	enum core_status status;
	struct event ev;

	event_init(&ev, EV_RECORD_VIEWED);
	memcpy(ev.actor, actor, CRYPTO_ID_BYTES);
	status = event_add_text(&ev, "what", "concern");
	if (status == CORE_OK)
		status = event_add_int(&ev, "concern", (long long)seq);
	if (status == CORE_OK)
		status = event_set_meaning(&ev, "A member of staff read a concern.");
	if (status == CORE_OK)
		status = ledger_append_alone(site->st, site->keys, &ev, &done);
	event_clear(&ev);
	return status;
}

enum core_status
concern_read(struct site *site, const struct concerns_key *key, int64_t id,
    struct concern_text *out)
{
	uint8_t actor[CRYPTO_ID_BYTES];
	struct concern_row r;
	enum core_status status;

	memset(out, 0, sizeof *out);
	status = concern_keys_authorize(site, key, ROLE_ACT_READ_CONCERNS, actor);
	if (status == CORE_OK)
		status = concern_row_get(site, key, id, &r);
	if (status != CORE_OK)
		return status;
	status = concern_row_check_hash(site, r.info.seq, EV_CONCERN_REPORTED,
	    r.sealed, r.sealed_len);
	if (status == CORE_OK)
		status = record_viewed(site, actor, r.info.seq);
	if (status == CORE_OK)
		status = fill_text(site, key, &r, out);
	concern_row_clear(&r);
	return status;
}

enum core_status
concern_each(struct site *site, const struct concerns_key *key,
    concern_each_fn fn, void *ctx)
{
	uint8_t actor[CRYPTO_ID_BYTES];
	struct concern_text t;
	struct concern_row r;
	enum core_status status = CORE_OK;
	int64_t after = 0;
	bool more = true;

	if (key)
		status = concern_keys_authorize(site, key, ROLE_ACT_READ_CONCERNS, actor);
	while (status == CORE_OK && more) {
		status = concern_row_next(site, key, after, 0, &r);
		if (status == CORE_ERR_NOT_FOUND) {
			core_detail_clear();
			return CORE_OK;
		}
		if (status != CORE_OK)
			break;
		after = r.info.id;
		status = fill_text(site, key, &r, &t);
		concern_row_clear(&r);
		if (status == CORE_OK) {
			more = fn(&t, ctx);
			concern_text_clear(&t);
		}
	}
	return status;
}

enum core_status
concern_record_export(struct site *site, const struct concerns_key *key,
    const char *format)
{
	uint8_t actor[CRYPTO_ID_BYTES] = { 0 };
	struct ledger_appended done;
	struct concern_counts counts;
	enum core_status status = CORE_OK;
	struct event ev;

	if (key)
		status = concern_keys_authorize(site, key, ROLE_ACT_READ_CONCERNS, actor);
	if (status == CORE_OK)
		status = concern_counts(site, &counts);
	if (status != CORE_OK)
		return status;
	event_init(&ev, EV_EXPORT);
	memcpy(ev.actor, actor, CRYPTO_ID_BYTES);
	status = event_add_text(&ev, "what", "concerns");
	if (status == CORE_OK)
		status = event_add_text(&ev, "format", format);
	if (status == CORE_OK)
		status = event_add_int(&ev, "count", (long long)counts.total);
	if (status == CORE_OK)
		status = event_add_text(&ev, "text", key ? "yes" : "no");
	if (status == CORE_OK)
		status = event_set_meaning(&ev, key ?
		    "Concerns were exported with their text by a member of staff who may "
		    "read them." : "The list of concerns was exported without their text.");
	if (status == CORE_OK)
		status = ledger_append_alone(site->st, site->keys, &ev, &done);
	event_clear(&ev);
	return status;
}

/* ---- acting ---- */

static enum core_status
insert_action(struct site *site, int64_t concern_id, const struct event *ev,
    enum concern_state state, enum concern_referral referral,
    const uint8_t key_id[CRYPTO_ID_BYTES], const uint8_t *sealed, size_t len)
{
	static const char sql_action[] =
	    "INSERT INTO concern_actions(seq, concern_id, time_ms, status, referral,"
	    " key_id, sealed) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)";
	static const char sql_concern[] =
	    "UPDATE concerns SET status = ?2, updated_ms = ?3 WHERE id = ?1";
	enum core_status status = CORE_OK;
	sqlite3_stmt *stmt;
	int rc;

	if (!(stmt = store_prepare(site->st, sql_action, &status)))
		return status;
	sqlite3_bind_int64(stmt, 1, (sqlite3_int64)ev->seq);
	sqlite3_bind_int64(stmt, 2, concern_id);
	sqlite3_bind_int64(stmt, 3, ev->time_ms);
	sqlite3_bind_text(stmt, 4, concern_state_name(state), -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 5, concern_referral_name(referral), -1, SQLITE_STATIC);
	sqlite3_bind_blob(stmt, 6, key_id, CRYPTO_ID_BYTES, SQLITE_STATIC);
	sqlite3_bind_blob(stmt, 7, sealed, (int)len, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE)
		return store_fail(site->st, rc, "saving an action");
	if (!(stmt = store_prepare(site->st, sql_concern, &status)))
		return status;
	sqlite3_bind_int64(stmt, 1, concern_id);
	sqlite3_bind_text(stmt, 2, concern_state_name(state), -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 3, ev->time_ms);
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	return rc == SQLITE_DONE ? CORE_OK : store_fail(site->st, rc, "updating a concern");
}

enum core_status
concern_action(struct site *site, const struct staff *who,
    const struct concerns_key *key, int64_t id, enum concern_state state,
    enum concern_referral referral, const char *note)
{
	uint8_t actor[CRYPTO_ID_BYTES], key_id[CRYPTO_ID_BYTES], pk[CRYPTO_PK_BYTES];
	uint8_t hash[CRYPTO_HASH_BYTES], *sealed = NULL;
	struct ledger_appended done;
	struct concern_payload p = { 0 };
	enum core_status status;
	struct concern_row r;
	struct event ev;
	size_t len = 0;

	if ((unsigned)state >= CONCERN_STATE_COUNT ||
	    (unsigned)referral >= CONCERN_REFERRAL_COUNT)
		return core_fail(CORE_ERR_INVALID, "status or referral: unknown");
	if ((status = concern_check_text(note, CONCERN_TEXT_MAX, true, false)) != CORE_OK)
		return status;
	status = concern_keys_authorize(site, key, ROLE_ACT_ACTION_CONCERN, actor);
	if (status == CORE_OK && !crypto_equal(actor, who->pseudonym, CRYPTO_ID_BYTES))
		status = core_fail(CORE_ERR_DENIED,
		    "the concerns key was opened by another account");
	if (status == CORE_OK)
		status = concern_keys_sealing(site, key_id, pk);
	if (status == CORE_OK)
		status = concern_row_get(site, key, id, &r);
	if (status != CORE_OK)
		return status;
	event_init(&ev, EV_CONCERN_ACTIONED);
	memcpy(ev.actor, actor, CRYPTO_ID_BYTES);
	status = concern_payload_note(&p, note);
	if (status == CORE_OK)
		status = concern_seal(pk, &p, &sealed, &len, hash);
	concern_payload_free(&p);
	if (status == CORE_OK)
		status = event_add_int(&ev, "concern", (long long)r.info.seq);
	if (status == CORE_OK)
		status = event_add_text(&ev, "status", concern_state_name(state));
	if (status == CORE_OK)
		status = event_add_text(&ev, "referral", concern_referral_name(referral));
	if (status == CORE_OK)
		status = event_add_field(&ev, "concerns_key", key_id, CRYPTO_ID_BYTES);
	if (status == CORE_OK)
		status = event_add_field(&ev, "sealed_hash", hash, CRYPTO_HASH_BYTES);
	if (status == CORE_OK)
		status = event_set_meaning(&ev,
		    "The designated safeguarding lead recorded the action taken on a concern.");
	if (status == CORE_OK && (status = store_begin(site->st)) == CORE_OK) {
		status = ledger_append(site->st, site->keys, &ev, NULL, NULL, &done);
		if (status == CORE_OK)
			status = insert_action(site, r.info.id, &ev, state, referral,
			    key_id, sealed, len);
		if (status == CORE_OK)
			status = store_commit(site->st);
		else
			store_rollback(site->st);
	}
	event_clear(&ev);
	concern_row_clear(&r);
	free(sealed);
	return status;
}
