/* SPDX-License-Identifier: ISC */
/*
 * Offline verification of the whole ledger (SPEC section 6): contiguous
 * seq, previous-hash links, canonical bytes and version, kiosk and learner
 * signatures, keys registered before use, document hashes against stored
 * text, time never going backwards. How a key must be registered to verify
 * is described in ledger.h. The meta rows 'kiosk_id' and 'kiosk_pk' must be
 * set once the ledger has entries.
 */
#ifndef CORE_VERIFY_H
#define CORE_VERIFY_H

#include <stdint.h>

#include "crypto.h"
#include "status.h"
#include "store.h"

struct verify_report {
	uint64_t count;
	uint64_t first_seq;
	uint64_t last_seq;
	uint8_t head[CRYPTO_HASH_BYTES];
	/* On failure: the first bad entry and the field that failed. */
	uint64_t bad_seq;
	char bad_field[64];
	char reason[256];
};

/* Called now and then with entries checked so far and the total. */
typedef void (*verify_progress_fn)(uint64_t done, uint64_t total, void *ctx);

/*
 * CORE_OK when everything holds; CORE_ERR_VERIFY with bad_seq/bad_field set
 * when a record fails; another status when storage itself fails. pinned_pk,
 * when not NULL, must equal the kiosk key recorded in the database.
 */
enum core_status verify_ledger(struct store *st,
    const uint8_t *pinned_pk, verify_progress_fn progress, void *ctx,
    struct verify_report *out);

#endif
