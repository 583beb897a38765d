/* SPDX-License-Identifier: ISC */
/*
 * A bulk learner's walk, written as walk.c's walk_sign writes one (the
 * same kinds, fields, meanings, signatures and derived rows), so a bulk
 * site looks to staff screens, exports and verify like one whose learners
 * walked at the kiosk. What they did on each step (time on the page, quiz
 * attempts, consent answers) comes from the seeded generator.
 *
 * Kept beside walk.c's rules: if walk.c changes what it records, change
 * it here too (test_bulk compares the two).
 */
#include "bulk_int.h"

#include <stdio.h>
#include <string.h>

#include "event.h"
#include "ledger.h"
#include "store_db.h"

/* walk.c's make_meaning. */
static const char walk_meaning[] =
    "By signing with your PIN you confirm that you have read "
    "and understood what is listed here, and that the choices shown are "
    "yours. Your signature is saved with the exact words you were shown. "
    "Anything you did not agree to is saved too, so staff can talk to you "
    "about it.";

/* walk.c's kind_event. */
static uint16_t
kind_event(const struct step_def *def, bool declined)
{
	if (declined)
		return EV_DOC_DECLINED;
	switch (def->kind) {
	case STEP_DOCUMENT:
		return EV_DOC_ACCEPTED;
	case STEP_CHECKLIST:
		return EV_CHECKLIST_DONE;
	case STEP_QUIZ:
		return EV_QUIZ_PASSED;
	case STEP_CONSENT:
		return EV_CONSENT_GIVEN;
	case STEP_NOTICE:
		return EV_NOTICE_CONFIRMED;
	case STEP_COMMITMENT:
		return EV_COMMITMENT_SIGNED;
	}
	return EV_DOC_ACCEPTED;
}

/* walk.c's step_meaning. */
static void
step_meaning(const struct config *cfg, const struct step_def *def,
    bool declined, char *buf, size_t cap)
{
	const char *t = def->title;

	if (declined) {
		snprintf(buf, cap, "I do not agree to \"%s\".", t);
		return;
	}
	switch (def->kind) {
	case STEP_DOCUMENT:
		snprintf(buf, cap, "I have read and agree to \"%s\".", t);
		break;
	case STEP_CHECKLIST:
		snprintf(buf, cap, "I confirm every item of \"%s\".", t);
		break;
	case STEP_QUIZ:
		snprintf(buf, cap, "I answered the questions of \"%s\".", t);
		break;
	case STEP_CONSENT:
		snprintf(buf, cap, "These are my choices about photos, audio and "
		    "video of me. They last %u years unless I change them.",
		    cfg->consent_years);
		break;
	case STEP_NOTICE:
		snprintf(buf, cap, "I have read \"%s\".", t);
		break;
	case STEP_COMMITMENT:
		snprintf(buf, cap, "I sign \"%s\" on the learner's behalf.", t);
		break;
	}
}

/* walk.c's step_fields, with the learner's answers drawn from r. */
static enum core_status
step_fields(const struct config *cfg, const struct bulk_step *s, bool declined,
    const signed char *consent, struct bulk_rng *r, struct event *ev)
{
	enum core_status status;
	char key[64];
	size_t i;

	status = event_add_text(ev, "step_kind", step_kind_name(s->def->kind));
	if (status == CORE_OK)
		status = event_add_text(ev, "title", s->def->title);
	if (status == CORE_OK)
		status = event_add_int(ev, "ms_on_page",
		    15000 + (long long)bulk_rng_below(r, 285000));
	if (status == CORE_OK)
		status = event_add_int(ev, "end_reached", 1);
	if (declined)
		return status;
	for (i = 0; status == CORE_OK && i < s->nitems; i++) {
		snprintf(key, sizeof key, "ticked.%zu", i + 1);
		status = event_add_int(ev, key, 1);
	}
	for (i = 0; status == CORE_OK && i < s->nquestions; i++) {
		snprintf(key, sizeof key, "attempts.%zu", i + 1);
		status = event_add_int(ev, key, bulk_rng_percent(r, 85) ? 1 :
		    2 + (long long)bulk_rng_below(r, 2));
	}
	if (s->def->kind == STEP_CONSENT) {
		for (i = 0; status == CORE_OK && i < cfg->nchannels; i++) {
			snprintf(key, sizeof key, "consent.%s", cfg->channels[i].id);
			status = event_add_text(ev, key, consent[i] == 1 ? "yes" : "no");
		}
		if (status == CORE_OK)
			status = event_add_int(ev, "valid_years", cfg->consent_years);
	}
	return status;
}

static enum core_status
save_signoff(struct site *site, int64_t learner_id, const struct bulk_step *s,
    bool declined, const struct ledger_appended *done)
{
	static const char sql[] =
	    "INSERT INTO signoffs(learner_id, step, doc_hash, outcome, seq, time_ms)"
	    " VALUES(?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(learner_id, step) DO UPDATE"
	    " SET doc_hash = excluded.doc_hash, outcome = excluded.outcome,"
	    " seq = excluded.seq, time_ms = excluded.time_ms";
	enum core_status status = CORE_OK;
	sqlite3_stmt *stmt;
	int rc;

	if (!(stmt = store_prepare(site->st, sql, &status)))
		return status;
	sqlite3_bind_int64(stmt, 1, learner_id);
	sqlite3_bind_text(stmt, 2, s->def->id, -1, SQLITE_STATIC);
	sqlite3_bind_blob(stmt, 3, s->doc->hash, CRYPTO_HASH_BYTES, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, declined ? "declined" : "signed", -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 5, (sqlite3_int64)done->seq);
	sqlite3_bind_int64(stmt, 6, store_now_ms());
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	return rc == SQLITE_DONE ? CORE_OK : store_fail(site->st, rc, "saving a sign-off");
}

static enum core_status
save_consents(struct site *site, int64_t learner_id, const signed char *consent,
    uint64_t seq)
{
	static const char sql[] =
	    "INSERT INTO consents(learner_id, channel, value, seq, time_ms)"
	    " VALUES(?1, ?2, ?3, ?4, ?5) ON CONFLICT(learner_id, channel) DO UPDATE"
	    " SET value = excluded.value, seq = excluded.seq,"
	    " time_ms = excluded.time_ms, withdrawn_seq = NULL";
	const struct config *cfg = site->cfg;
	enum core_status status = CORE_OK;
	sqlite3_stmt *stmt;
	size_t i;
	int rc;

	for (i = 0; status == CORE_OK && i < cfg->nchannels; i++) {
		if (!(stmt = store_prepare(site->st, sql, &status)))
			return status;
		sqlite3_bind_int64(stmt, 1, learner_id);
		sqlite3_bind_text(stmt, 2, cfg->channels[i].id, -1, SQLITE_STATIC);
		sqlite3_bind_int(stmt, 3, consent[i] == 1);
		sqlite3_bind_int64(stmt, 4, (sqlite3_int64)seq);
		sqlite3_bind_int64(stmt, 5, store_now_ms());
		rc = sqlite3_step(stmt);
		sqlite3_reset(stmt);
		if (rc != SQLITE_DONE)
			status = store_fail(site->st, rc, "saving consent");
	}
	return status;
}

/* Most say Yes to most channels; a required channel is always Yes. */
static void
draw_consent(const struct config *cfg, struct bulk_rng *r, signed char *consent)
{
	size_t i;

	for (i = 0; i < cfg->nchannels; i++)
		consent[i] = cfg->channels[i].required_yes ||
		    bulk_rng_percent(r, 80) ? 1 : 0;
}

static enum core_status
append_step(struct site *site, const struct bulk_walk *w, size_t i,
    struct bulk_rng *r, struct event *summary)
{
	const struct bulk_step *s = &w->group->steps[i];
	bool declined = i == w->decline;
	bool witnessed = s->def->witnessed && !declined;
	signed char consent[CONFIG_MAX_CHANNELS];
	struct ledger_appended done;
	enum core_status status;
	struct event ev;
	char meaning[768];

	if (witnessed && !w->witness)
		return core_fail(CORE_ERR_INVALID, "bulk: %s needs a witness",
		    s->def->id);
	draw_consent(site->cfg, r, consent);
	event_init(&ev, kind_event(s->def, declined));
	memcpy(ev.subject, w->learner->pseudonym, CRYPTO_ID_BYTES);
	memcpy(ev.actor, witnessed ? w->witness_id : w->learner->pseudonym,
	    CRYPTO_ID_BYTES);
	step_meaning(site->cfg, s->def, declined, meaning, sizeof meaning);
	status = event_add_doc(&ev, s->def->id, s->doc->hash);
	if (status == CORE_OK)
		status = step_fields(site->cfg, s, declined, consent, r, &ev);
	if (status == CORE_OK)
		status = event_set_meaning(&ev, meaning);
	if (status == CORE_OK)
		status = ledger_append(site->st, site->keys, &ev, w->signer,
		    witnessed ? w->witness : NULL, &done);
	if (status == CORE_OK)
		status = save_signoff(site, w->learner->id, s, declined, &done);
	if (status == CORE_OK && s->def->kind == STEP_CONSENT && !declined)
		status = save_consents(site, w->learner->id, consent, done.seq);
	if (status == CORE_OK)
		status = event_add_doc(summary, s->def->id, s->doc->hash);
	if (status == CORE_OK)
		status = event_add_int(summary, declined ? "declined_seq" :
		    "signed_seq", (long long)done.seq);
	event_clear(&ev);
	return status;
}

enum core_status
bulk_walk_sign(struct site *site, const struct bulk_walk *w, struct bulk_rng *r,
    uint64_t *events)
{
	struct ledger_appended done;
	enum core_status status = CORE_OK;
	struct event summary;
	size_t i;

	event_init(&summary, EV_WALK_SIGNED);
	memcpy(summary.subject, w->learner->pseudonym, CRYPTO_ID_BYTES);
	memcpy(summary.actor, w->learner->pseudonym, CRYPTO_ID_BYTES);
	for (i = 0; status == CORE_OK && i < w->nsigned; i++)
		if ((status = append_step(site, w, i, r, &summary)) == CORE_OK)
			++*events;
	if (status == CORE_OK)
		status = event_set_meaning(&summary, walk_meaning);
	if (status == CORE_OK)
		status = ledger_append(site->st, site->keys, &summary, w->signer,
		    NULL, &done);
	if (status == CORE_OK)
		++*events;
	event_clear(&summary);
	return status;
}
