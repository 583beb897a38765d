/* SPDX-License-Identifier: ISC */
/*
 * Core-private, for the concern modules: the sealed record
 * (concern_text.c) and the concerns tables as concern.c reads them
 * (concern_query.c), one row at a time so callers may run other queries
 * between rows.
 */
#ifndef CORE_CONCERN_ROW_H
#define CORE_CONCERN_ROW_H

#include <stddef.h>
#include <stdint.h>

#include "concern.h"
#include "crypto.h"
#include "site.h"
#include "status.h"

/* ---- the sealed record (concern_text.c) ---- */

/* Plain bytes in locked memory, padded; len == cap once built. */
struct concern_payload {
	uint8_t *buf;
	size_t cap, len;
};

enum core_status concern_payload_report(struct concern_payload *p,
    const char *text, const char *talk_to,
    const uint8_t (*people)[CRYPTO_ID_BYTES], size_t npeople);
enum core_status concern_payload_note(struct concern_payload *p, const char *note);
void concern_payload_free(struct concern_payload *p);
/* Into t->text and t->talk_to (locked), and the involved pseudonyms. */
enum core_status concern_payload_parse_report(const uint8_t *buf, size_t len,
    struct concern_text *t, uint8_t (*people)[CRYPTO_ID_BYTES], size_t *npeople);
enum core_status concern_payload_parse_note(const uint8_t *buf, size_t len,
    char **note);

/* Seal p to pk: *out malloc()ed (not secret), and its BLAKE2b-256. */
enum core_status concern_seal(const uint8_t pk[CRYPTO_PK_BYTES],
    const struct concern_payload *p, uint8_t **out, size_t *out_len,
    uint8_t hash[CRYPTO_HASH_BYTES]);
/* Open sealed bytes with key into p (concern_payload_free it). */
enum core_status concern_open_sealed(const struct concerns_key *key,
    const uint8_t *sealed, size_t len, struct concern_payload *p);

/* A NUL-terminated copy in locked memory; NULL if out of memory or a NUL inside. */
char *concern_locked_copy(const uint8_t *bytes, size_t n);
void concern_locked_free(char **s);

/* ---- rows (concern_query.c) ---- */

struct concern_row {
	struct concern_info info;
	uint8_t key_id[CRYPTO_ID_BYTES];	/* the key it is sealed to */
	bool readable_by_key;	/* sealed to the key asked with */
	int64_t learner_id;	/* a named report's learner; 0 otherwise */
	uint8_t actor[CRYPTO_ID_BYTES];	/* the report's actor (staff records) */
	uint8_t *sealed;	/* owned */
	size_t sealed_len;
};

/* Concern id; CORE_ERR_NOT_FOUND. key (may be NULL) sets readable_by_key. */
enum core_status concern_row_get(struct site *site, const struct concerns_key *key,
    int64_t id, struct concern_row *out);
/*
 * The first concern after id `after` whose state is in mask (0: all);
 * CORE_ERR_NOT_FOUND at the end.
 */
enum core_status concern_row_next(struct site *site, const struct concerns_key *key,
    int64_t after, unsigned mask, struct concern_row *out);
void concern_row_clear(struct concern_row *r);

/* A learner by pseudonym (or, pseudonym NULL, by id). Unknown: all empty. */
enum core_status concern_row_person(struct site *site, const uint8_t *pseudonym,
    int64_t learner_id, struct concern_person *out);

struct concern_action_row {
	struct concern_action_info info;	/* note NULL */
	uint8_t key_id[CRYPTO_ID_BYTES];
	uint8_t actor[CRYPTO_ID_BYTES];
	uint8_t *sealed;	/* owned */
	size_t sealed_len;
};

/* A concern's actions, oldest first; free with concern_row_actions_free. */
enum core_status concern_row_actions(struct site *site, int64_t concern_id,
    struct concern_action_row **out, size_t *n);
void concern_row_actions_free(struct concern_action_row **rows, size_t n);

/*
 * The ledger entry at seq is of kind and its "sealed_hash" is the hash of
 * sealed; CORE_ERR_VERIFY ("concerns: seq N: ...") otherwise.
 */
enum core_status concern_row_check_hash(struct site *site, uint64_t seq,
    unsigned kind, const uint8_t *sealed, size_t len);

#endif
