/* SPDX-License-Identifier: ISC */
/*
 * Core-private: what learner.c shares with learner_auth.c, learner_staff.c
 * and roster.c.
 */
#ifndef CORE_LEARNER_INT_H
#define CORE_LEARNER_INT_H

#include <stdint.h>

#include "event.h"
#include "learner.h"
#include "site.h"
#include "status.h"

/*
 * Append a kiosk-signed ev about subject by actor (either may be NULL)
 * inside the caller's write transaction.
 */
enum core_status learner_append(struct site *site, const uint8_t *subject,
    const uint8_t *actor, const char *meaning, struct event *ev);

/* An activation code as compared: letters and digits only, upper case. */
void learner_normalise_code(const char *in, char out[LEARNER_CODE_LEN]);

/*
 * Enrolment in pieces, for the roster import (all rows in one transaction)
 * and the staff actions of learner_staff.c:
 * check_details: learner_add's checks, CORE_ERR_INVALID naming the field;
 * code_new: a new one-time code and its stored hash (the slow Argon2id, so
 *   callers do it before taking the write lock);
 * enrol_txn: the rows and EV_LEARNER_ENROLLED, EV_ACTIVATION_ISSUED inside
 *   the caller's write transaction (CORE_ERR_EXISTS for a reference in use).
 */
enum core_status learner_check_details(const struct config *cfg,
    const char *reference, const char *given_name, const char *family_name,
    const char *group, const char *cohort);
enum core_status learner_code_new(struct site *site, char code[LEARNER_CODE_LEN],
    char hash[CRYPTO_PASSHASH_LEN]);
enum core_status learner_enrol_txn(struct site *site, const char *reference,
    const char *given_name, const char *family_name, const char *group,
    const char *cohort, const char *code_hash, const uint8_t *actor);

#endif
