/* SPDX-License-Identifier: ISC */
/*
 * The append-only, hash-chained, signed ledger.
 *
 * An entry is: the canonical event bytes; optionally a learner (or staff
 * signer's) signature over the bytes; optionally a witness signature over
 * the bytes; the kiosk signature over bytes || learner_sig || witness_sig
 * (absent signatures as 64 zero bytes); and
 * hash = BLAKE2b-256(bytes || learner_sig || witness_sig || kiosk_sig)
 * (absent signatures again as 64 zero bytes).
 * Each event carries the previous entry's hash (zeros for seq 1).
 *
 * Keys, as verify checks them: an EV_KEY_REGISTERED event has subject = the
 * key's owner (keys.owner) and fields "key_id" (16 bytes) and "public_key"
 * (32 bytes); keys.registered_seq is that event's seq. An event signed by a
 * learner (or staff) key must come after that seq, not after the key's
 * retired_seq, and name the owner as its subject or actor. A witness key
 * is registered the same way.
 */
#ifndef CORE_LEDGER_H
#define CORE_LEDGER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crypto.h"
#include "event.h"
#include "status.h"
#include "store.h"

/* Short receipt code: Crockford base32 of the first 5 bytes, "ABCD-EFGH". */
#define LEDGER_RECEIPT_LEN 10

struct ledger_head {
	uint64_t seq;	/* 0 when empty */
	uint8_t hash[CRYPTO_HASH_BYTES];
	int64_t time_ms;
};

struct ledger_appended {
	uint64_t seq;
	uint8_t hash[CRYPTO_HASH_BYTES];
	char receipt[LEDGER_RECEIPT_LEN];
};

enum core_status ledger_head(struct store *st, struct ledger_head *out);

/*
 * Append ev inside the caller's write transaction (store_begin). Fills in
 * ev's kiosk_id, seq, prev, time_ms (now) and, from the signers, key_id and
 * witness_key_id. Refuses with CORE_ERR_CLOCK when now is earlier than the
 * head's time. learner and witness may be NULL. Nothing is durable until
 * the caller's store_commit returns CORE_OK.
 */
enum core_status ledger_append(struct store *st, const struct kiosk_keys *keys,
    struct event *ev, const struct signer *learner, const struct signer *witness,
    struct ledger_appended *out);

/*
 * ev, signed by the kiosk alone, in a write transaction of its own:
 * durable when this returns CORE_OK, not there at all otherwise.
 */
enum core_status ledger_append_alone(struct store *st,
    const struct kiosk_keys *keys, struct event *ev,
    struct ledger_appended *out);

/* The receipt code for an entry hash. */
void ledger_receipt(const uint8_t hash[CRYPTO_HASH_BYTES],
    char out[LEDGER_RECEIPT_LEN]);

/* One stored entry, as read back. */
struct ledger_entry {
	uint64_t seq;
	uint8_t *bytes;	/* owned */
	size_t len;
	uint8_t learner_sig[CRYPTO_SIG_BYTES];
	bool has_learner_sig;
	uint8_t witness_sig[CRYPTO_SIG_BYTES];
	bool has_witness_sig;
	uint8_t kiosk_sig[CRYPTO_SIG_BYTES];
	uint8_t hash[CRYPTO_HASH_BYTES];
};
void ledger_entry_clear(struct ledger_entry *e);

/*
 * Walk entries with seq in [from, to] (to 0 = the end) in order; fn returns
 * false to stop early. Reads one row at a time: memory does not grow.
 * fn may run other queries but must not call ledger_each itself (the cached
 * statement is shared). A stored row of the wrong shape (a signature or hash
 * of the wrong length) stops the walk with CORE_ERR_VERIFY, detail
 * "<column>: seq N: ...".
 */
typedef bool (*ledger_visit_fn)(const struct ledger_entry *e, void *ctx);
enum core_status ledger_each(struct store *st, uint64_t from, uint64_t to,
    ledger_visit_fn fn, void *ctx);

/* Entries about one subject (learner or staff pseudonym), oldest first. */
enum core_status ledger_each_subject(struct store *st,
    const uint8_t subject[CRYPTO_ID_BYTES], ledger_visit_fn fn, void *ctx);

#endif
