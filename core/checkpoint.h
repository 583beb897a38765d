/* SPDX-License-Identifier: ISC */
/*
 * Checkpoints (SPEC section 6): a note, signed with the kiosk key, of the
 * ledger's size and head hash, to be kept off the machine. Checked later,
 * it proves the ledger still holds that prefix, which a chain alone cannot:
 * it catches truncation, an older copy restored, and a tail rewritten and
 * re-signed by someone holding the kiosk key.
 *
 * The text is a transparency-log checkpoint in a signed note (C2SP
 * tlog-checkpoint and signed-note), lines ending in LF:
 *
 *   signoff 1a2b 3c4d ... 7e8f        origin: "signoff " + the kiosk key's
 *                                     fingerprint, as `signoff init` prints it
 *   1234                              size: the last seq, decimal
 *   q2Cj...=                          the head entry's hash, base64
 *   (blank line)
 *   — signoff-1a2b3c4d5e6f7a8b SIG    an em dash (U+2014), the key name
 *                                     ("signoff-" + the fingerprint's first
 *                                     16 hex digits), and base64 of the
 *                                     4-byte key id then the 64-byte Ed25519
 *                                     signature of the three lines above
 *
 * The key id is the first 4 bytes of SHA-256(name || "\n" || 0x01 || pk),
 * as signed notes define it for Ed25519. Signature lines by other keys are
 * allowed and ignored; one must be this kiosk's.
 */
#ifndef CORE_CHECKPOINT_H
#define CORE_CHECKPOINT_H

#include <stddef.h>
#include <stdint.h>

#include "crypto.h"
#include "site.h"
#include "status.h"
#include "verify.h"

/* Longer texts are refused unread. */
#define CHECKPOINT_MAX 4096

/*
 * The checkpoint of the ledger as it is now (in the caller's read
 * transaction, if one is open), signed with the site's kiosk key. *out is
 * malloc()ed, NUL-terminated, owned by the caller; *len excludes the NUL.
 * CORE_ERR_INVALID when the ledger is empty.
 */
enum core_status checkpoint_write(struct site *site, char **out, size_t *len);

/*
 * Check a checkpoint against the ledger: parsed strictly, signed by the
 * kiosk key recorded in the database (which, when pinned_pk is not NULL,
 * must be that key), and the ledger's entry at seq `size` must exist and
 * have exactly the recorded hash. This proves the prefix only together
 * with verify_ledger (run both in one read transaction), which proves the
 * chain from seq 1 to the head.
 *
 * CORE_OK with out->count, first_seq, last_seq = size and head = the hash.
 * CORE_ERR_VERIFY with out->bad_seq, bad_field and reason:
 *   bad_seq 0, "checkpoint": the text is not a well-formed checkpoint
 *   bad_seq 0, "checkpoint.origin": for another kiosk
 *   bad_seq 0, "checkpoint.signature": not signed by this kiosk's key
 *   bad_seq 0, "kiosk_pk": the database's kiosk key is not the pinned key
 *   bad_seq size, "checkpoint.size": the ledger ends before seq size
 *     (truncated, or an older copy restored)
 *   bad_seq size, "checkpoint.hash": the entry at seq size is another one
 *     (the records up to there were rewritten)
 * Another status when storage fails.
 */
enum core_status checkpoint_verify(struct site *site, const char *text,
    size_t len, const uint8_t *pinned_pk, struct verify_report *out);

#endif
