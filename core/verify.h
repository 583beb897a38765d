/* SPDX-License-Identifier: ISC */
/*
 * Offline verification of the whole ledger (SPEC section 6): contiguous
 * seq, previous-hash links, canonical bytes and version, kiosk, learner and
 * witness signatures, keys registered before use (and not used after they
 * were retired or replaced by a newer key of the same owner), document
 * hashes and steps against the stored text, the unsigned row columns
 * (time_ms, kind, subject, actor, receipt) against the signed bytes, time
 * never going backwards. How a key must be registered to verify is
 * described in ledger.h. The meta rows 'kiosk_id' and 'kiosk_pk' must be
 * set once the ledger has entries.
 *
 * The work runs on every online CPU (the signatures, on worker threads)
 * while memory stays at a few batches of rows. The report names the first
 * failure by seq, and the first failing field of that entry, whatever the
 * number of threads.
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

/*
 * Threads for verify_ledger: 0 (the default) for one per online CPU, 1 to
 * verify on the calling thread alone. Process-wide; for tests and benches.
 */
void verify_set_threads(unsigned n);

#endif
