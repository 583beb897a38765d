/* SPDX-License-Identifier: ISC */
/*
 * All key material lives here and only here: the kiosk key pair and pepper,
 * unsealed learner and staff signing keys, and secret input buffers. Secrets
 * sit in sodium_malloc()ed (guarded, locked) memory and are wiped on free.
 *
 * Hash: BLAKE2b-256. Signatures: Ed25519. Sealing: XChaCha20-Poly1305 under
 * Argon2id(BLAKE2b_pepper(secret)), so a copy of the database alone cannot
 * test a PIN or passphrase.
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
