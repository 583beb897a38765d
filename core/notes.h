/* SPDX-License-Identifier: ISC */
/*
 * Free text attached to a ledger entry (a withdrawal's note, the reference
 * of a permission letter): personal data, so it lives in entry_notes,
 * outside the signed bytes, and the event carries only a salted
 * commitment to it. Erasure deletes the note; the commitment then says
 * nothing.
 */
#ifndef CORE_NOTES_H
#define CORE_NOTES_H

#include <stddef.h>
#include <stdint.h>

#include "crypto.h"
#include "event.h"
#include "site.h"
#include "status.h"

/* A fresh salt for a note, and the commitment the event should carry. */
struct note_seal {
	uint8_t salt[CRYPTO_SALT_BYTES];
	uint8_t commitment[CRYPTO_HASH_BYTES];
};

void notes_seal(const char *text, struct note_seal *out);

/* Add the commitment to ev as field key (e.g. "note_commitment"). */
enum core_status notes_add_commitment(struct event *ev, const char *key,
    const struct note_seal *seal);

/* Inside the caller's write transaction, after the entry was appended. */
enum core_status notes_put(struct site *site, uint64_t seq, int64_t learner_id,
    const char *text, const struct note_seal *seal);

/* The note of entry seq; CORE_ERR_NOT_FOUND if none (or erased). */
enum core_status notes_get(struct site *site, uint64_t seq, char *buf, size_t cap);

#endif
