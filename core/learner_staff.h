/* SPDX-License-Identifier: ISC */
/*
 * What staff do about a learner's way in (SPEC section 4): reset a
 * forgotten PIN and reissue an activation code. Unlocking after too many
 * wrong PINs is learner_unlock (learner.h).
 *
 * Staff never set or see a PIN: both give the learner a new one-time
 * activation code (returned in code, shown once, stored only as a hash),
 * with which they choose a new PIN at the kiosk, as at their first visit.
 * Both also lift a lock and clear the failure count, since a locked
 * learner could not use the new code. actor: the staff member (the role
 * must allow it, role.h) or NULL for the command line.
 */
#ifndef CORE_LEARNER_STAFF_H
#define CORE_LEARNER_STAFF_H

#include <stdint.h>

#include "learner.h"
#include "site.h"
#include "status.h"

/*
 * For a learner who has a PIN. The current signing key is retired at once
 * (at the EV_PIN_RESET entry's seq), so the old PIN stops working now, and
 * everything it signed before still verifies; activation registers the
 * new key. Ledger: EV_PIN_RESET (field "retired_key_id"), EV_LEARNER_UNLOCKED
 * if they were locked or had failures, EV_ACTIVATION_ISSUED.
 * CORE_ERR_NOT_FOUND for an unknown or erased reference; CORE_ERR_INVALID
 * if they have no PIN yet (reissue the code instead).
 */
enum core_status learner_reset_pin(struct site *site, const char *reference,
    const uint8_t *actor, char code[LEARNER_CODE_LEN]);

/*
 * For a learner who has not chosen a PIN yet (lost or expired code): the
 * new code replaces the old one. EV_ACTIVATION_ISSUED (field "reissued"),
 * and EV_LEARNER_UNLOCKED as above. CORE_ERR_INVALID if they already have
 * a PIN (reset it instead).
 */
enum core_status learner_reissue_code(struct site *site, const char *reference,
    const uint8_t *actor, char code[LEARNER_CODE_LEN]);

#endif
