/* SPDX-License-Identifier: ISC */
/*
 * What each staff role may do (SPEC section 1), as one table of actions by
 * roles. Screens ask role_allows() to decide what to offer; core functions
 * that act for a signed-in staff member ask role_check() again, so a screen
 * that forgets cannot widen a role.
 *
 *   tutor       enrols and imports learners, records permission, starts and
 *               witnesses inductions, resets PINs, unlocks learners and
 *               reissues codes, withdraws consent on a learner's request,
 *               records concerns, sees learners, their detail and history.
 *   dsl         everything a tutor does, plus reads concerns and records the
 *               action taken.
 *   supervisor  read-only audit: dashboard, learners, detail, history,
 *               verify, export. Changes nothing.
 *   admin       staff accounts, the content pack, erasure; the learner list
 *               (to find whom to erase) and verify (which reveals nothing
 *               personal); reads concern text (issue 7: DSL and
 *               administrator sessions), but only the DSL records actions.
 *               Not the tutor's actions: an account that can add
 *               staff and erase records should not also enrol, witness and
 *               reset PINs, so no one account can both make and vouch for a
 *               record. A person who does both holds two accounts.
 */
#ifndef CORE_ROLE_H
#define CORE_ROLE_H

#include <stdbool.h>
#include <stdint.h>

#include "crypto.h"
#include "site.h"
#include "staff.h"
#include "status.h"

#define ROLE_ACTIONS(X) \
	X(ROLE_ACT_VIEW_LEARNERS, "see the list of learners") \
	X(ROLE_ACT_VIEW_LEARNER, "see a learner's details") \
	X(ROLE_ACT_VIEW_HISTORY, "see a learner's full history") \
	X(ROLE_ACT_ENROL, "enrol learners") \
	X(ROLE_ACT_IMPORT, "import a roster") \
	X(ROLE_ACT_RECORD_PERMISSION, "record permission") \
	X(ROLE_ACT_START_INDUCTION, "start an induction") \
	X(ROLE_ACT_WITNESS, "witness a step") \
	X(ROLE_ACT_RESET_PIN, "reset a learner's PIN") \
	X(ROLE_ACT_UNLOCK_LEARNER, "unlock a learner") \
	X(ROLE_ACT_REISSUE_CODE, "reissue an activation code") \
	X(ROLE_ACT_WITHDRAW_CONSENT, "withdraw consent for a learner") \
	X(ROLE_ACT_RECORD_CONCERN, "record a concern") \
	X(ROLE_ACT_READ_CONCERNS, "read concerns") \
	X(ROLE_ACT_ACTION_CONCERN, "record the action taken on a concern") \
	X(ROLE_ACT_DASHBOARD, "see the dashboard") \
	X(ROLE_ACT_VERIFY, "verify the records") \
	X(ROLE_ACT_EXPORT, "export records") \
	X(ROLE_ACT_MANAGE_STAFF, "manage staff accounts") \
	X(ROLE_ACT_MANAGE_CONTENT, "manage the content pack") \
	X(ROLE_ACT_ERASE, "erase personal data")

enum role_action {
#define ROLE_ACTION_ENUM(name, words) name,
	ROLE_ACTIONS(ROLE_ACTION_ENUM)
#undef ROLE_ACTION_ENUM
	ROLE_ACT_COUNT
};

/* Whether role may do action; false for an unknown role or action. */
bool role_allows(enum staff_role role, enum role_action action);

/* CORE_OK, or CORE_ERR_DENIED with "a supervisor may not enrol learners". */
enum core_status role_check(enum staff_role role, enum role_action action);

/*
 * For core functions acting for someone: actor NULL is the command line
 * (always allowed; see staff.h); otherwise the actor's account, read now,
 * must exist, be enabled and not locked, and its role must allow action.
 * CORE_ERR_DENIED otherwise, a storage status if the lookup fails.
 */
enum core_status role_authorize(struct site *site,
    const uint8_t *actor, enum role_action action);

/* Plain words: "enrol learners"; "an unknown action" if out of range. */
const char *role_action_words(enum role_action action);

/* Plain words: "tutor", "designated safeguarding lead", "supervisor", "administrator". */
const char *role_words(enum staff_role role);

#endif
