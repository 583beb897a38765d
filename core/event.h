/* SPDX-License-Identifier: ISC */
/*
 * Ledger events and their canonical bytes (SPEC section 6).
 *
 * Encoding "signoff/event/v1": every integer big-endian, every variable
 * field length-prefixed, in this fixed order:
 *
 *   u16 len, "signoff/event/v1"   context string
 *   u16 version (1)
 *   id16 kiosk_id, u64 seq, h32 prev, i64 time_ms (UTC), u16 kind
 *   id16 subject   learner pseudonym, or zeros
 *   id16 actor     staff pseudonym, learner pseudonym, or zeros for the kiosk
 *   id16 key_id    the signing learner's (or staff member's) key, or zeros
 *   id16 witness_key_id   a witnessing staff member's key, or zeros
 *   u16 ndocs, then per doc: u16 len, step id; h32 BLAKE2b-256 of the text shown
 *   u16 nfields, then per field: u16 len, key; u32 len, value bytes
 *   u32 len, meaning   the signature's meaning in words (UTF-8)
 *
 * Decoding then re-encoding must give the same bytes; anything else
 * (unknown version, trailing bytes, a length past the end) is refused.
 */
#ifndef CORE_EVENT_H
#define CORE_EVENT_H

#include <stddef.h>
#include <stdint.h>

#include "crypto.h"
#include "status.h"

#define EVENT_CONTEXT "signoff/event/v1"
#define EVENT_VERSION 1

/* Numbers are part of the signed bytes: append only, never renumber. */
#define EVENT_KINDS(X) \
	X(EV_KIOSK_INIT, 1, "kiosk initialised") \
	X(EV_LEARNER_ENROLLED, 2, "learner enrolled") \
	X(EV_KEY_REGISTERED, 3, "signing key registered") \
	X(EV_ACTIVATION_ISSUED, 4, "activation code issued") \
	X(EV_PERMISSION_RECORDED, 5, "permission recorded") \
	X(EV_DOC_ACCEPTED, 6, "document accepted") \
	X(EV_DOC_DECLINED, 7, "declined") \
	X(EV_CHECKLIST_DONE, 8, "checklist completed") \
	X(EV_QUIZ_PASSED, 9, "quiz completed") \
	X(EV_CONSENT_GIVEN, 10, "consent recorded") \
	X(EV_CONSENT_WITHDRAWN, 11, "consent withdrawn") \
	X(EV_NOTICE_CONFIRMED, 12, "notice confirmed") \
	X(EV_COMMITMENT_SIGNED, 13, "commitment signed on the learner's behalf") \
	X(EV_WALK_SIGNED, 14, "sign-off completed") \
	X(EV_PIN_FAILED, 15, "PIN failure") \
	X(EV_LEARNER_LOCKED, 16, "learner locked") \
	X(EV_LEARNER_UNLOCKED, 17, "learner unlocked") \
	X(EV_PIN_RESET, 18, "PIN reset") \
	X(EV_STAFF_ADDED, 19, "staff account added") \
	X(EV_STAFF_DISABLED, 20, "staff account disabled") \
	X(EV_STAFF_PASSWD, 21, "staff passphrase changed") \
	X(EV_STAFF_SIGNIN, 22, "staff signed in") \
	X(EV_STAFF_SIGNIN_FAILED, 23, "staff sign-in failed") \
	X(EV_STAFF_LOCKED, 24, "staff account locked") \
	X(EV_CONCERN_REPORTED, 25, "concern reported") \
	X(EV_CONCERN_ACTIONED, 26, "concern actioned") \
	X(EV_EXPORT, 27, "records exported") \
	X(EV_ERASURE, 28, "personal data erased") \
	X(EV_VERIFY_RUN, 29, "records verified") \
	X(EV_RECORD_VIEWED, 30, "records viewed") \
	X(EV_WITNESSED, 31, "step witnessed by staff") \
	X(EV_KIOSK_KEY, 32, "kiosk key registered") \
	X(EV_LEARNER_LEFT, 33, "learner left") \
	X(EV_STAFF_ENABLED, 34, "staff account enabled")

enum event_kind {
#define EVENT_KIND_ENUM(name, num, words) name = num,
	EVENT_KINDS(EVENT_KIND_ENUM)
#undef EVENT_KIND_ENUM
};

/* Plain words for a kind, or NULL if unknown. */
const char *event_kind_words(unsigned kind);

struct event_doc {
	char *step;	/* owned */
	uint8_t hash[CRYPTO_HASH_BYTES];
};

struct event_field {
	char *key;	/* owned, NUL-terminated */
	uint8_t *value;	/* owned, also NUL-terminated for convenience */
	size_t len;
};

struct event {
	uint16_t version;
	uint8_t kiosk_id[CRYPTO_ID_BYTES];
	uint64_t seq;
	uint8_t prev[CRYPTO_HASH_BYTES];
	int64_t time_ms;
	uint16_t kind;
	uint8_t subject[CRYPTO_ID_BYTES];
	uint8_t actor[CRYPTO_ID_BYTES];
	uint8_t key_id[CRYPTO_ID_BYTES];
	uint8_t witness_key_id[CRYPTO_ID_BYTES];
	struct event_doc *docs;
	size_t ndocs;
	struct event_field *fields;
	size_t nfields;
	char *meaning;	/* owned, may be NULL (encoded as empty) */
};

/* Zero an event and set version and kind. */
void event_init(struct event *ev, uint16_t kind);
/* Free what the event owns and zero it. */
void event_clear(struct event *ev);

enum core_status event_add_doc(struct event *ev, const char *step,
    const uint8_t hash[CRYPTO_HASH_BYTES]);
enum core_status event_add_field(struct event *ev, const char *key,
    const void *value, size_t len);
enum core_status event_add_text(struct event *ev, const char *key, const char *value);
/* The value is stored as decimal ASCII text ("-42"). */
enum core_status event_add_int(struct event *ev, const char *key, long long value);
enum core_status event_set_meaning(struct event *ev, const char *meaning);

/* Borrowed pointer to the first field named key, or NULL. */
const struct event_field *event_field(const struct event *ev, const char *key);

/* Canonical bytes; *out is malloc()ed and owned by the caller. */
enum core_status event_encode(const struct event *ev, uint8_t **out, size_t *len);
/*
 * Parse canonical bytes into ev (which the caller clears). CORE_ERR_VERIFY
 * with a detail naming the field when the bytes are not canonical v1:
 * "<field>: <problem>", e.g. "docs[2].hash: truncated", "version: ...".
 */
enum core_status event_decode(const uint8_t *buf, size_t len, struct event *ev);

#endif
