/* SPDX-License-Identifier: ISC */
/*
 * All key material lives here and only here: the kiosk key pair and pepper,
 * unsealed learner and staff signing keys, and secret input buffers. Secrets
 * sit in sodium_malloc()ed (guarded, locked) memory and are wiped on free.
 *
 * Hash: BLAKE2b-256. Signatures: Ed25519. Sealing: XChaCha20-Poly1305 under
 * Argon2id(BLAKE2b_pepper(secret)), so a copy of the database alone cannot
 * test a PIN or passphrase. Concerns: sealed boxes (X25519) to the
 * concerns key, whose secret half is wrapped like a signing key.
 */
#ifndef CORE_CRYPTO_H
#define CORE_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "status.h"

#define CRYPTO_HASH_BYTES 32
#define CRYPTO_PK_BYTES 32
#define CRYPTO_SIG_BYTES 64
#define CRYPTO_ID_BYTES 16
#define CRYPTO_SALT_BYTES 16
#define CRYPTO_NONCE_BYTES 24
#define CRYPTO_SEALED_BYTES (32 + 16)
/* "1a2b 3c4d ... " : 16 hex groups of 4, space separated, NUL. */
#define CRYPTO_FPR_LEN 80
#define CRYPTO_PASSHASH_LEN 128
/* What a sealed box (crypto_box_seal) adds to the message. */
#define CRYPTO_BOX_SEAL_BYTES 48

/*
 * Process hardening and library start: sodium_init, not dumpable, no core
 * files. Call once before anything else here.
 */
enum core_status crypto_init(void);

void crypto_blake2b(const void *msg, size_t len, uint8_t out[CRYPTO_HASH_BYTES]);

/* Incremental hashing; the state is opaque but sized for libsodium's. */
struct crypto_hasher {
	_Alignas(64) unsigned char opaque[384];
};
void crypto_hasher_init(struct crypto_hasher *h);
void crypto_hasher_update(struct crypto_hasher *h, const void *msg, size_t len);
void crypto_hasher_final(struct crypto_hasher *h, uint8_t out[CRYPTO_HASH_BYTES]);

void crypto_random(void *buf, size_t len);
/* Uniform in [0, upper). */
uint32_t crypto_random_below(uint32_t upper);

bool crypto_verify(const uint8_t pk[CRYPTO_PK_BYTES], const void *msg,
    size_t len, const uint8_t sig[CRYPTO_SIG_BYTES]);

/* Human-comparable fingerprint of a public key (BLAKE2b of it, hex groups). */
void crypto_fingerprint(const uint8_t pk[CRYPTO_PK_BYTES],
    char out[CRYPTO_FPR_LEN]);

/* Constant-time compare. */
bool crypto_equal(const void *a, const void *b, size_t len);

/* Wipe memory the compiler may not elide. */
void crypto_wipe(void *buf, size_t len);

/* ---- the kiosk identity: key file of mode 0600 outside the database ---- */

struct kiosk_keys;

/* Create a new key file; CORE_ERR_EXISTS if the path exists (never overwrites). */
enum core_status kiosk_keys_create(const char *path);
enum core_status kiosk_keys_load(const char *path, struct kiosk_keys **out);
void kiosk_keys_free(struct kiosk_keys **keys);
void kiosk_keys_public(const struct kiosk_keys *keys, uint8_t pk[CRYPTO_PK_BYTES]);
void kiosk_keys_id(const struct kiosk_keys *keys, uint8_t id[CRYPTO_ID_BYTES]);
void kiosk_sign(const struct kiosk_keys *keys, const void *msg, size_t len,
    uint8_t sig[CRYPTO_SIG_BYTES]);

/* ---- sealed signing keys (learners under a PIN, staff under a passphrase) ---- */

struct kdf_params {
	uint64_t ops;
	uint64_t mem_kib;
	uint8_t salt[CRYPTO_SALT_BYTES];
};

/*
 * What the database stores for one signing key. key_id is derived from pk.
 * The associated data binds owner, key_id, pk and kdf, so swapping sealed
 * rows between owners fails to open.
 */
struct sealed_key {
	uint8_t owner[CRYPTO_ID_BYTES];
	uint8_t key_id[CRYPTO_ID_BYTES];
	uint8_t pk[CRYPTO_PK_BYTES];
	uint8_t nonce[CRYPTO_NONCE_BYTES];
	uint8_t box[CRYPTO_SEALED_BYTES];
	struct kdf_params kdf;
};

/* An unsealed Ed25519 signing key in locked memory. */
struct signer;

/*
 * Make a new key pair for owner, sealed under secret. ops/mem_kib set the
 * Argon2id cost (salt is drawn here). Returns the sealed form and, if
 * out_signer is not NULL, the open signer.
 */
enum core_status signer_create(const struct kiosk_keys *keys,
    const uint8_t owner[CRYPTO_ID_BYTES], const char *secret, size_t len,
    uint64_t ops, uint64_t mem_kib, struct sealed_key *out,
    struct signer **out_signer);

/* Open a sealed key; CORE_ERR_AUTH when the secret (or any bound field) is wrong. */
enum core_status signer_unseal(const struct kiosk_keys *keys,
    const struct sealed_key *sealed, const char *secret, size_t len,
    struct signer **out);

void signer_sign(const struct signer *s, const void *msg, size_t len,
    uint8_t sig[CRYPTO_SIG_BYTES]);
void signer_public(const struct signer *s, uint8_t pk[CRYPTO_PK_BYTES]);
void signer_key_id(const struct signer *s, uint8_t key_id[CRYPTO_ID_BYTES]);
void signer_free(struct signer **s);

/* key_id for a public key: first 16 bytes of BLAKE2b("signoff/key-id" || pk). */
void crypto_key_id(const uint8_t pk[CRYPTO_PK_BYTES], uint8_t key_id[CRYPTO_ID_BYTES]);

/* ---- many keys under one secret: bulk demo sites only ---- */

/*
 * A sealing key derived once (the Argon2id of signer_create, over secret
 * with kdf, salt included) so that many keys can be sealed under the same
 * secret without paying Argon2id for each. Every key sealed with it
 * records that kdf, salt and all, and opens with signer_unseal like any
 * other; but the keys share one salt, so one guess at the secret tests
 * them all. For `signoff demo --learners N` (benchmark sites whose
 * learners share the demo PIN), never for real people.
 */
struct sealer;
enum core_status sealer_new(const struct kiosk_keys *keys, const char *secret,
    size_t len, const struct kdf_params *kdf, struct sealer **out);
/*
 * As signer_create under the sealer's key. *out_signer (if not NULL) is
 * the new key, open, borrowed from the sealer until its next call (no
 * locked allocation per key). One thread at a time.
 */
enum core_status sealer_seal(struct sealer *s,
    const uint8_t owner[CRYPTO_ID_BYTES], struct sealed_key *out,
    const struct signer **out_signer);
void sealer_free(struct sealer **s);

/* ---- the concerns key (concern.h says who holds it and why) ---- */

/*
 * An X25519 key pair in locked memory: concerns are sealed to its public
 * half, which needs no secret, so the kiosk can store a concern it cannot
 * read back. Only an unwrapped copy opens them.
 */
struct concerns_key;

/* A new key pair (holder zeros). */
enum core_status concerns_key_new(struct concerns_key **out);

/*
 * Wrap the secret half for a holder (a staff pseudonym, or a recovery
 * code's id) under secret, as signer_create seals a seed, with its own
 * context: out->owner is the holder, key_id and pk the concerns key's.
 */
enum core_status concerns_key_wrap(const struct kiosk_keys *keys,
    const struct concerns_key *k, const uint8_t holder[CRYPTO_ID_BYTES],
    const char *secret, size_t len, uint64_t ops, uint64_t mem_kib,
    struct sealed_key *out);

/*
 * Unwrap a copy; CORE_ERR_AUTH when the secret (or any bound field) is
 * wrong or the secret half is not the recorded public key's. The handle
 * remembers the copy's holder.
 */
enum core_status concerns_key_unwrap(const struct kiosk_keys *keys,
    const struct sealed_key *wrapped, const char *secret, size_t len,
    struct concerns_key **out);

void concerns_key_public(const struct concerns_key *k, uint8_t pk[CRYPTO_PK_BYTES]);
/* crypto_key_id of the public key. */
void concerns_key_id(const struct concerns_key *k, uint8_t key_id[CRYPTO_ID_BYTES]);
/* Whose copy was unwrapped: a staff pseudonym, a recovery id, or zeros (new). */
void concerns_key_holder(const struct concerns_key *k,
    uint8_t holder[CRYPTO_ID_BYTES]);
void concerns_key_free(struct concerns_key **k);

/* Seal msg to an X25519 public key; out receives len + CRYPTO_BOX_SEAL_BYTES. */
enum core_status crypto_seal_to(const uint8_t pk[CRYPTO_PK_BYTES],
    const void *msg, size_t len, uint8_t *out);

/*
 * Open a box sealed to k; out receives len - CRYPTO_BOX_SEAL_BYTES bytes
 * (give it locked memory: it is the concern's text). CORE_ERR_AUTH if the
 * box was not sealed to k or was altered.
 */
enum core_status concerns_key_open_box(const struct concerns_key *k,
    const uint8_t *box, size_t len, uint8_t *out);

/* ---- staff passphrases: crypto_pwhash_str over a pepper-keyed pre-hash ---- */

enum core_status crypto_pass_hash(const struct kiosk_keys *keys,
    const char *pass, size_t len, uint64_t ops, uint64_t mem_kib,
    char out[CRYPTO_PASSHASH_LEN]);
/* CORE_OK on match, CORE_ERR_AUTH otherwise. */
enum core_status crypto_pass_check(const struct kiosk_keys *keys,
    const char *stored, const char *pass, size_t len);

/* ---- secret input buffers (PINs, codes, passphrases as typed) ---- */

/*
 * A NUL-terminated buffer of cap bytes in guarded, locked memory, zeroed.
 * Screens hand it to the input widget and to core; only its bytes move.
 */
char *secret_alloc(size_t cap);
void secret_free(char **buf, size_t cap);

#endif
