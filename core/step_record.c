/* SPDX-License-Identifier: ISC */
/* What a finished step leaves behind (see step_record.h). */
#include "step_record.h"

#include <stdio.h>

#include "event.h"
#include "store_db.h"

const char step_record_signing_words[] =
    "By signing with your PIN you confirm that you have read "
    "and understood what is listed here, and that the choices shown are "
    "yours. Your signature is saved with the exact words you were shown. "
    "Anything you did not agree to is saved too, so staff can talk to you "
    "about it.";

uint16_t
step_record_kind(enum step_kind kind, bool declined)
{
	if (declined)
		return EV_DOC_DECLINED;
	switch (kind) {
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

void
step_record_meaning(const struct config *cfg, const struct step_def *def,
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

enum core_status
step_record_signoff(struct site *site, int64_t learner_id,
    const struct step_def *def, const uint8_t doc_hash[CRYPTO_HASH_BYTES],
    bool declined, uint64_t seq)
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
	sqlite3_bind_text(stmt, 2, def->id, -1, SQLITE_STATIC);
	sqlite3_bind_blob(stmt, 3, doc_hash, CRYPTO_HASH_BYTES, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, declined ? "declined" : "signed", -1,
	    SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 5, (sqlite3_int64)seq);
	sqlite3_bind_int64(stmt, 6, store_now_ms());
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	return rc == SQLITE_DONE ? CORE_OK :
	    store_fail(site->st, rc, "saving a sign-off");
}

enum core_status
step_record_consents(struct site *site, int64_t learner_id,
    const signed char *consent, uint64_t seq)
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
