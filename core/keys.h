/* SPDX-License-Identifier: ISC */
/*
 * Core-private: the keys table, where learners' and staff members' sealed
 * signing keys live, and their registration in the ledger.
 */
#ifndef CORE_KEYS_H
#define CORE_KEYS_H

#include <stdint.h>

#include "crypto.h"
#include "site.h"
#include "status.h"

/*
 * Inside the caller's write transaction: append EV_KEY_REGISTERED (fields
 * key_id and public_key; subject = the owner) and store the sealed key.
 */
enum core_status keys_register(struct site *site, const struct sealed_key *k,
    const char *owner_kind, const uint8_t *actor, const char *meaning);

/* The owner's newest unretired key; CORE_ERR_AUTH if there is none. */
enum core_status keys_current(struct site *site,
    const uint8_t owner[CRYPTO_ID_BYTES], struct sealed_key *out);

#endif
