/* SPDX-License-Identifier: ISC */
/* Core-private: what learner.c and learner_auth.c share. */
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

#endif
