/* SPDX-License-Identifier: ISC */
/*
 * A learner's walk: the steps of their group that are outstanding, what
 * they did on each, and signing it all in one durable transaction.
 *
 * Nothing here is saved until walk_sign commits. Abandoning a walk (idle,
 * quick exit) is walk_free: nothing half-done is ever recorded as signed.
 */
#ifndef CORE_WALK_H
#define CORE_WALK_H

#include <stdbool.h>
#include <stddef.h>

#include "config.h"
#include "content.h"
#include "ledger.h"
#include "learner.h"
#include "site.h"
#include "staff.h"
#include "status.h"

/*
 * Why a member of staff helped the learner sign (assisted signing): the
 * name recorded in the ledger (append only, never rename), and what the
 * member of staff did, to be followed by "you" or "the learner".
 */
#define WALK_ASSIST_REASONS(X) \
	X(ASSIST_READ_ALOUD, "read-aloud", "read everything aloud to") \
	X(ASSIST_INTERPRETER, "interpreter", \
	    "used an interpreter to go through everything with") \
	X(ASSIST_EASY_READ, "easy-read", \
	    "went through the easy-read version with")

enum assist_reason {
#define WALK_ASSIST_ENUM(name, id, words) name,
	WALK_ASSIST_REASONS(WALK_ASSIST_ENUM)
#undef WALK_ASSIST_ENUM
	ASSIST_COUNT
};

/* "read-aloud", ...; NULL for an unknown reason. parse: false if unknown. */
const char *walk_assist_name(enum assist_reason reason);
bool walk_assist_parse(const char *name, enum assist_reason *out);

enum walk_state {
	WALK_PENDING,
	WALK_DONE,
	WALK_DECLINED,
};

struct walk_question {
	const char *text;		/* borrowed from the document */
	const char *choices[3];		/* borrowed; at most three */
	size_t nchoices;
	size_t right;			/* index of the right choice */
	int chosen;			/* -1 until answered */
	unsigned attempts;
};

struct walk_step {
	const struct step_def *def;	/* borrowed from the config */
	const struct document *doc;	/* borrowed from the content pack */
	enum walk_state state;
	/* document / notice */
	unsigned long ms_on_page;
	bool end_reached;
	/* checklist: one per bullet of the document */
	const char **items;		/* borrowed texts */
	bool *ticked;
	size_t nitems;
	/* quiz */
	struct walk_question *questions;
	size_t nquestions;
	/* consent: -1 unset, 0 No, 1 Yes; indexed like config.channels */
	signed char consent[CONFIG_MAX_CHANNELS];
};

struct walk;

/*
 * The outstanding steps for the learner. CORE_ERR_DONE when nothing is
 * outstanding; CORE_ERR_PERMISSION when the group needs permission that has
 * not been recorded.
 */
enum core_status walk_begin(struct site *site, const struct learner *l,
    struct walk **out);
void walk_free(struct walk **w);

/*
 * Staff start an induction for a chosen learner and hand the terminal
 * over (staff mode's "start induction"). The same walk as walk_begin, but
 * staff's role must allow it (CORE_ERR_DENIED), a locked learner must be
 * unlocked first (CORE_ERR_LOCKED) and one without a PIN must activate
 * first (CORE_ERR_INVALID); the final EV_WALK_SIGNED records the staff
 * member in its "started_by" field. The learner still signs with their PIN.
 */
enum core_status walk_begin_for_staff(struct site *site, const struct learner *l,
    const struct staff *staff, struct walk **out);

/*
 * The staff member witnessing this walk's witnessed steps (step_def's
 * witnessed): their signer from staff_unseal (staff mode) or
 * staff_sign_in(..., &signer) (at the learner's side), and their
 * pseudonym. Borrowed: keep it open until walk_sign returns or the walk is
 * freed; NULL, NULL clears it. A finished witnessed step is then appended
 * with the witness's signature beside the learner's, and names the staff
 * member as the event's actor.
 */
void walk_set_witness(struct walk *w, const struct signer *staff_signer,
    const uint8_t staff_pseudonym[CRYPTO_ID_BYTES]);
bool walk_has_witness(const struct walk *w);

/*
 * Staff start a walk that will be signed with their help (assisted
 * signing, below), for a learner who may have no PIN at all: the same as
 * walk_begin_for_staff, except that a learner who has not chosen a PIN
 * may start. A locked learner must still be unlocked first.
 */
enum core_status walk_begin_assisted(struct site *site, const struct learner *l,
    const struct staff *staff, struct walk **out);

/*
 * What an assisted signature means, in words, for the review screen to
 * show before staff confirm (the same words are signed). Borrowed from the
 * walk until the next call or walk_free.
 */
const char *walk_meaning_assisted(struct walk *w, enum assist_reason reason);

/*
 * Sign with a member of staff's help instead of the learner's PIN: the
 * learner needs no remembered secret. staff_signer is the staff member's
 * own key, opened with their passphrase (staff_sign_in(..., &signer) at
 * the learner's side, or staff_unseal in staff mode), and staff_pseudonym
 * theirs. In one transaction, as walk_sign: an event per finished step
 * and EV_WALK_SIGNED, each with no learner signature, the staff member's
 * signature as witness and as the actor (so it also confirms any witnessed
 * step), fields "assisted" = "yes" and "assist_reason" = the reason's name,
 * and a meaning in words that says the learner agreed with staff help and
 * why. CORE_ERR_DENIED when the account may not witness (a supervisor, an
 * administrator, disabled or locked); CORE_ERR_INVALID when nothing is
 * finished or the key is not the staff member's current one (ask for the
 * passphrase again). The receipt is filled only after the commit.
 */
enum core_status walk_sign_assisted(struct walk *w, struct site *site,
    const struct signer *staff_signer,
    const uint8_t staff_pseudonym[CRYPTO_ID_BYTES], enum assist_reason reason,
    char receipt[LEDGER_RECEIPT_LEN]);

size_t walk_nsteps(const struct walk *w);
struct walk_step *walk_step(struct walk *w, size_t i);
const struct learner *walk_learner(const struct walk *w);

/*
 * Whether the step may be accepted now, and if not, plain words why
 * ("Please read to the end first.", "Please tick every item.", ..., and
 * for a witnessed step with no witness set, "A member of staff needs to
 * confirm this step.").
 */
bool walk_step_ready(const struct walk *w, const struct walk_step *s,
    const char **why);

/* Record an answer to a quiz question: true if right (attempts counted). */
bool walk_answer(struct walk_step *s, size_t question, size_t choice);

/* True when every step is done or declined. */
bool walk_complete(const struct walk *w);

/* The signature's meaning in words, shown on review and signed. */
const char *walk_meaning(const struct walk *w);

/*
 * Sign: open the learner's key with the PIN (failures counted), then in one
 * write transaction append an event per finished step and EV_WALK_SIGNED,
 * and commit. The receipt is filled only after the commit returned CORE_OK.
 * CORE_ERR_INVALID, before the PIN is tried, if a finished witnessed step
 * has no witness, or the witness's key has been replaced since it was
 * unsealed (a new passphrase): the witness is then cleared, so ask again.
 */
enum core_status walk_sign(struct walk *w, struct site *site, const char *pin,
    char receipt[LEDGER_RECEIPT_LEN]);

#endif
