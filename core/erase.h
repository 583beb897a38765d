/* SPDX-License-Identifier: ISC */
/*
 * Erasure and retention (SPEC section 7): deleting a learner's personal
 * details while their signed records stay verifiable, leaving, and purging
 * those kept past the retention period.
 *
 * What erasure removes: the given and family names and the commitment salt
 * (learner_personal; without the salt the signed commitment links to no
 * one), the reference, the cohort, the free-text reference of a recorded
 * permission (who gave it and the date stay), free-text notes on their
 * entries (entry_notes), the activation code hash, and the sealed private
 * halves of their signing keys (retired; the public keys stay for verify).
 * What stays: the pseudonymous ledger and the derived sign-off, consent and
 * permission rows, all keyed by the pseudonym. Concerns are not touched:
 * they are safeguarding records, sealed, with their own retention.
 * Afterwards the write-ahead log is checkpointed and truncated, and with
 * secure_delete on no byte of what was erased stays in the database file,
 * its -wal or its -shm.
 *
 * Retention: a learner is due for purge once they have left, the
 * [retention] years_after_leaving have passed since, and no consent of
 * theirs is still Yes (while it is, their image may be in use and the
 * organisation must still be able to act on a withdrawal). A learner who
 * has not been marked as left is never purged.
 */
#ifndef CORE_ERASE_H
#define CORE_ERASE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crypto.h"
#include "learner.h"
#include "ledger.h"
#include "site.h"
#include "status.h"

enum erase_reason {
	ERASE_REQUEST,		/* asked for (right to erasure) */
	ERASE_RETENTION,	/* past the retention period (purge) */
};

/* What one erasure removed. */
struct erase_report {
	uint64_t seq;		/* the EV_ERASURE entry */
	char receipt[LEDGER_RECEIPT_LEN];
	bool names;		/* given and family name, commitment salt */
	bool cohort;
	bool permission_reference;
	unsigned notes;		/* free-text notes deleted */
	unsigned keys;		/* sealed signing keys destroyed */
	bool flushed;		/* the WAL was checkpointed and truncated */
};

/*
 * Erase the learner with this reference, in one write transaction that
 * also appends EV_ERASURE (subject: the pseudonym; fields "erased", a
 * comma list of what went, and "reason"; nothing personal). actor: the
 * administrator (CORE_ERR_DENIED unless the role may erase), or NULL from
 * the command line. out may be NULL.
 * CORE_ERR_NOT_FOUND for an unknown reference. CORE_ERR_BUSY when the
 * erasure was saved but another process kept reading the old pages, so the
 * WAL could not be emptied: out->flushed is false and erase_flush later
 * finishes the job.
 */
enum core_status erase_learner(struct site *site, const char *reference,
    const uint8_t *actor, struct erase_report *out);

/* The same, with the reason recorded (purge uses ERASE_RETENTION). */
enum core_status erase_learner_for(struct site *site, const char *reference,
    enum erase_reason why, const uint8_t *actor, struct erase_report *out);

/*
 * Checkpoint the WAL into the database file and truncate it, retrying a
 * few times while other processes are reading. CORE_ERR_BUSY, detail
 * saying so, if readers kept it from finishing.
 */
enum core_status erase_flush(struct site *site);

/*
 * Record that a learner left on date ("YYYY-MM-DD", not in the future):
 * EV_LEARNER_LEFT with field "date", and learners.left_ms set to that day's
 * 00:00 UTC. Marking again corrects the date. actor: staff whose role may
 * enrol learners, or NULL from the command line.
 */
enum core_status learner_mark_left(struct site *site, const char *reference,
    const char *date, const uint8_t *actor);

enum purge_why {
	PURGE_LEFT,		/* the retention period after leaving ended */
	PURGE_CONSENT_ENDED,	/* kept past it by a consent, which has now ended */
};

struct purge_candidate {
	char reference[LEARNER_REF_MAX];
	enum purge_why why;
	int64_t left_ms;
	int64_t retention_end_ms;	/* left + years_after_leaving */
	int64_t consent_end_ms;		/* when their last Yes ended; 0 if none */
	int64_t since_ms;		/* when they became due */
	/* "left on 2020-07-31; kept 3 years after leaving, until 2023-07-31" */
	char why_text[192];
};

/*
 * Everyone due for purge at now_ms, by reference. fn returns false to
 * stop; the candidate is borrowed for the call, and fn must not write.
 */
typedef bool (*purge_visit_fn)(const struct purge_candidate *c, void *ctx);
enum core_status purge_candidates(struct site *site, int64_t now_ms,
    purge_visit_fn fn, void *ctx);

/*
 * Erase everyone due at now_ms (ERASE_RETENTION), calling erased (may be
 * NULL; false stops the run) after each, then empty the WAL once. actor as
 * for erase_learner. *count (may be NULL) is how many were erased, even on
 * failure.
 */
enum core_status purge_run(struct site *site, int64_t now_ms,
    const uint8_t *actor, purge_visit_fn erased, void *ctx, size_t *count);

#endif
