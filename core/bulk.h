/* SPDX-License-Identifier: ISC */
/*
 * Bulk enrolment for large demo sites (`signoff demo --learners N`, the
 * benchmarks): many learners per write transaction, each with the records
 * a real one would have. Everything written is real and passes verify:
 * enrolment and activation-code events, keys sealed under a PIN and
 * registered, permission for groups that need it, walks signed with the
 * learner's own key (a witnessed step also with the witness's), PIN
 * failures and lockouts, leavers, and the derived tables (sign-offs,
 * consents, permissions) as the kiosk keeps them.
 *
 * What is shared, so that a million learners take minutes rather than
 * days of Argon2id: every activated learner's key is sealed under the one
 * plan PIN with one salt (sealer_new in crypto.h), and every learner
 * still awaiting activation has the same activation code. A bulk site is
 * for measuring, never for real people.
 *
 * Names come from small built-in lists across scripts (Latin with and
 * without diacritics, Arabic, Chinese, Cyrillic, Greek); groups, cohorts
 * and how far each learner got are spread by a seeded generator, so one
 * seed gives the same shape of site (keys and pseudonyms stay random).
 */
#ifndef CORE_BULK_H
#define CORE_BULK_H

#include <stddef.h>
#include <stdint.h>

#include "crypto.h"
#include "learner.h"
#include "site.h"
#include "status.h"

/* Learners per write transaction when the plan says 0. */
#define BULK_BATCH_DEFAULT 10000

/* Called after each committed batch: learners so far, and the total. */
typedef void (*bulk_progress_fn)(uint64_t done, uint64_t total, void *ctx);

struct bulk_plan {
	uint64_t learners;
	/* The PIN every activated learner shares (policy checked). */
	const char *pin;
	/* The enrolling staff member's pseudonym; NULL for the command line. */
	const uint8_t *enrolled_by;
	/*
	 * A staff member's open key and pseudonym, to witness witnessed
	 * steps (a tutor's); NULL: walks stop before a witnessed step.
	 */
	const struct signer *witness;
	const uint8_t *witness_id;
	uint64_t seed;
	size_t batch;		/* learners per transaction; 0: the default */
	bulk_progress_fn progress;	/* may be NULL */
	void *ctx;
};

struct bulk_result {
	uint64_t learners;
	uint64_t events;	/* ledger entries appended */
	/* How far learners got (each learner counts once). */
	uint64_t awaiting;	/* activation code not used yet */
	uint64_t active;	/* chose a PIN, signed nothing yet */
	uint64_t partial;	/* signed some steps of their group */
	uint64_t signed_all;	/* signed every step (one may be declined) */
	uint64_t declined;	/* of those, declined a step */
	uint64_t locked;	/* locked after wrong PINs */
	uint64_t left;		/* marked as having left */
	uint64_t no_permission;	/* their group needs it; none recorded */
	/* The activation code shared by every learner awaiting activation. */
	char code[LEARNER_CODE_LEN];
};

/*
 * Enrol plan->learners learners, batch by batch; each batch commits whole
 * or not at all (a failure leaves the batches before it). References are
 * the group id in capitals and a number ("HA-ADULT-0000042"), numbered on
 * from the learners already enrolled, so a second run adds more.
 * CORE_ERR_INVALID for a bad plan (no learners, a PIN the policy refuses,
 * no groups). The search index is brought up to date at the end.
 */
enum core_status bulk_enrol(struct site *site, const struct bulk_plan *plan,
    struct bulk_result *out);

#endif
