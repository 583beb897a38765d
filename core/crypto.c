/* SPDX-License-Identifier: ISC */
/*
 * Key material and the primitives around it (libsodium). Every secret -- the
 * kiosk key and pepper, unsealed signing keys, pre-hashes and derived keys --
 * sits in sodium_malloc()ed memory and is wiped before it is released.
 *
 * Kiosk key file (KIOSK_FILE_BYTES, mode 0600, big-endian):
 *   "SIGNOFFK" magic, u32 version (1), id16 kiosk id,
 *   Ed25519 secret key (64: seed || public key), 32-byte pepper.
 *
 * Sealing a signing key:
 *   pre  = BLAKE2b-256 keyed with the pepper over "signoff/seal/v1" || secret
 *   k    = Argon2id13(pre, salt, ops, mem_kib * 1024)
 *   box  = XChaCha20-Poly1305(k, nonce, seed32, AD)
 *   AD   = "signoff/seal/v1" || owner16 || key_id16 || pk32 || u64 ops
 *          || u64 mem_kib || salt16
 * Passphrases: crypto_pwhash_str over the hex of the pepper-keyed
 * pre-hash of "signoff/pass/v1" || passphrase.
 *
 * A sealer (bulk demo sites only) keeps the Argon2id result k for one
 * secret and salt, and seals many seeds under it exactly as above.
 *
 * The concerns key: an X25519 key pair; concerns are crypto_box_seal()ed
 * to its public key, so the kiosk stores what it cannot read back. Its
 * 32-byte secret is wrapped for each holder exactly as a signing seed is
 * sealed above, with "signoff/ckey/v1" in place of "signoff/seal/v1" (in
 * the pre-hash and the AD; owner = the holder, key_id and pk the concerns
 * key's), so the same peppered Argon2id protects it.
 */
#include "crypto.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

/* Only the parts of libsodium this file uses. */
#include <sodium/core.h>
#include <sodium/crypto_aead_xchacha20poly1305.h>
#include <sodium/crypto_box.h>
#include <sodium/crypto_generichash.h>
#include <sodium/crypto_pwhash.h>
#include <sodium/crypto_scalarmult.h>
#include <sodium/crypto_sign.h>
#include <sodium/randombytes.h>
#include <sodium/utils.h>

#define KIOSK_MAGIC "SIGNOFFK"
#define KIOSK_MAGIC_LEN 8
#define KIOSK_FILE_VERSION 1
#define SK_BYTES 64
#define SEED_BYTES 32
#define PEPPER_BYTES 32
#define KIOSK_FILE_BYTES \
	(KIOSK_MAGIC_LEN + 4 + CRYPTO_ID_BYTES + SK_BYTES + PEPPER_BYTES)

#define SEAL_CONTEXT "signoff/seal/v1"
#define CKEY_CONTEXT "signoff/ckey/v1"
#define PASS_CONTEXT "signoff/pass/v1"
#define KEY_ID_CONTEXT "signoff/key-id"
#define SEAL_AD_BYTES (sizeof SEAL_CONTEXT - 1 + 2 * CRYPTO_ID_BYTES + \
	CRYPTO_PK_BYTES + 8 + 8 + CRYPTO_SALT_BYTES)

/* A tampered row must not be able to ask for terabytes. */
#define KDF_MEM_KIB_MAX (4ULL * 1024 * 1024)

_Static_assert(sizeof(struct crypto_hasher) >= sizeof(crypto_generichash_state),
    "crypto_hasher too small for libsodium's state");
_Static_assert(_Alignof(struct crypto_hasher) >= _Alignof(crypto_generichash_state),
    "crypto_hasher under-aligned");
_Static_assert(CRYPTO_PASSHASH_LEN >= crypto_pwhash_STRBYTES, "passhash size");
_Static_assert(CRYPTO_SEALED_BYTES ==
    SEED_BYTES + crypto_aead_xchacha20poly1305_ietf_ABYTES, "sealed size");
_Static_assert(CRYPTO_NONCE_BYTES ==
    crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, "nonce size");
_Static_assert(CRYPTO_SIG_BYTES == crypto_sign_BYTES, "signature size");
_Static_assert(CRYPTO_PK_BYTES == crypto_sign_PUBLICKEYBYTES, "pk size");
_Static_assert(SK_BYTES == crypto_sign_SECRETKEYBYTES, "sk size");
_Static_assert(CRYPTO_SALT_BYTES == crypto_pwhash_SALTBYTES, "salt size");
_Static_assert(sizeof CKEY_CONTEXT == sizeof SEAL_CONTEXT, "context lengths");
_Static_assert(CRYPTO_BOX_SEAL_BYTES == crypto_box_SEALBYTES, "sealed box size");
_Static_assert(CRYPTO_PK_BYTES == crypto_box_PUBLICKEYBYTES, "box pk size");
_Static_assert(SEED_BYTES == crypto_box_SECRETKEYBYTES, "box sk size");

struct kiosk_keys {
	uint8_t id[CRYPTO_ID_BYTES];
	uint8_t sk[SK_BYTES];
	uint8_t pk[CRYPTO_PK_BYTES];
	uint8_t pepper[PEPPER_BYTES];
};

struct signer {
	uint8_t sk[SK_BYTES];
	uint8_t pk[CRYPTO_PK_BYTES];
	uint8_t key_id[CRYPTO_ID_BYTES];
};

struct concerns_key {
	uint8_t sk[SEED_BYTES];
	uint8_t pk[CRYPTO_PK_BYTES];
	uint8_t key_id[CRYPTO_ID_BYTES];
	uint8_t holder[CRYPTO_ID_BYTES];	/* whose copy opened it; zeros if new */
};

static void
put_u32(uint8_t *p, uint32_t v)
{
	for (int i = 3; i >= 0; i--, v >>= 8)
		p[i] = (uint8_t)v;
}

static void
put_u64(uint8_t *p, uint64_t v)
{
	for (int i = 7; i >= 0; i--, v >>= 8)
		p[i] = (uint8_t)v;
}

static uint32_t
get_u32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

enum core_status
crypto_init(void)
{
	struct rlimit none = { 0, 0 };

	if (sodium_init() < 0)
		return core_fail(CORE_ERR_CRYPTO, "libsodium failed to start");
	/* Secrets must not reach a core file or a ptrace-ing user. */
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
		return core_fail(CORE_ERR_CRYPTO, "prctl(PR_SET_DUMPABLE): %s",
		    strerror(errno));
	if (setrlimit(RLIMIT_CORE, &none) != 0)
		return core_fail(CORE_ERR_CRYPTO, "setrlimit(RLIMIT_CORE): %s",
		    strerror(errno));
	return CORE_OK;
}

void
crypto_blake2b(const void *msg, size_t len, uint8_t out[CRYPTO_HASH_BYTES])
{
	crypto_generichash(out, CRYPTO_HASH_BYTES, msg, len, NULL, 0);
}

void
crypto_hasher_init(struct crypto_hasher *h)
{
	crypto_generichash_init((crypto_generichash_state *)(void *)h->opaque,
	    NULL, 0, CRYPTO_HASH_BYTES);
}

void
crypto_hasher_update(struct crypto_hasher *h, const void *msg, size_t len)
{
	crypto_generichash_update((crypto_generichash_state *)(void *)h->opaque,
	    msg, len);
}

void
crypto_hasher_final(struct crypto_hasher *h, uint8_t out[CRYPTO_HASH_BYTES])
{
	crypto_generichash_final((crypto_generichash_state *)(void *)h->opaque,
	    out, CRYPTO_HASH_BYTES);
	sodium_memzero(h, sizeof *h);
}

void
crypto_random(void *buf, size_t len)
{
	randombytes_buf(buf, len);
}

uint32_t
crypto_random_below(uint32_t upper)
{
	return upper < 2 ? 0 : randombytes_uniform(upper);
}

bool
crypto_verify(const uint8_t pk[CRYPTO_PK_BYTES], const void *msg, size_t len,
    const uint8_t sig[CRYPTO_SIG_BYTES])
{
	return crypto_sign_verify_detached(sig, msg, len, pk) == 0;
}

void
crypto_fingerprint(const uint8_t pk[CRYPTO_PK_BYTES], char out[CRYPTO_FPR_LEN])
{
	static const char hex[] = "0123456789abcdef";
	uint8_t h[CRYPTO_HASH_BYTES];
	size_t o = 0;

	crypto_blake2b(pk, CRYPTO_PK_BYTES, h);
	for (size_t i = 0; i < CRYPTO_HASH_BYTES; i++) {
		if (i > 0 && i % 2 == 0)
			out[o++] = ' ';
		out[o++] = hex[h[i] >> 4];
		out[o++] = hex[h[i] & 15];
	}
	out[o] = '\0';
}

bool
crypto_equal(const void *a, const void *b, size_t len)
{
	return sodium_memcmp(a, b, len) == 0;
}

void
crypto_wipe(void *buf, size_t len)
{
	sodium_memzero(buf, len);
}

void
crypto_key_id(const uint8_t pk[CRYPTO_PK_BYTES], uint8_t key_id[CRYPTO_ID_BYTES])
{
	struct crypto_hasher h;
	uint8_t full[CRYPTO_HASH_BYTES];

	crypto_hasher_init(&h);
	crypto_hasher_update(&h, KEY_ID_CONTEXT, sizeof KEY_ID_CONTEXT - 1);
	crypto_hasher_update(&h, pk, CRYPTO_PK_BYTES);
	crypto_hasher_final(&h, full);
	memcpy(key_id, full, CRYPTO_ID_BYTES);
}

/* ---- kiosk key file ---- */

static enum core_status
write_all(int fd, const uint8_t *p, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return CORE_ERR_IO;
		p += n;
		len -= (size_t)n;
	}
	return CORE_OK;
}

/* Make the new directory entry durable too; best effort. */
static void
sync_parent(const char *path)
{
	char dir[4096];
	const char *slash = strrchr(path, '/');
	size_t n;
	int fd;

	if (!slash) {
		strcpy(dir, ".");
	} else {
		n = (size_t)(slash - path);
		if (n == 0)
			n = 1;
		if (n >= sizeof dir)
			return;
		memcpy(dir, path, n);
		dir[n] = '\0';
	}
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		(void)fsync(fd);
		close(fd);
	}
}

enum core_status
kiosk_keys_create(const char *path)
{
	uint8_t *buf, *p, pk[CRYPTO_PK_BYTES];
	enum core_status rc;
	int fd, err;

	fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		if (errno == EEXIST)
			return core_fail(CORE_ERR_EXISTS,
			    "%s: the key file already exists; it is never overwritten",
			    path);
		return core_fail(CORE_ERR_IO, "%s: cannot create the key file: %s",
		    path, strerror(errno));
	}
	buf = sodium_malloc(KIOSK_FILE_BYTES);
	if (!buf) {
		close(fd);
		unlink(path);
		return core_fail(CORE_ERR_NOMEM, "%s: no locked memory for the key",
		    path);
	}
	p = buf;
	memcpy(p, KIOSK_MAGIC, KIOSK_MAGIC_LEN);
	p += KIOSK_MAGIC_LEN;
	put_u32(p, KIOSK_FILE_VERSION);
	p += 4;
	randombytes_buf(p, CRYPTO_ID_BYTES);
	p += CRYPTO_ID_BYTES;
	crypto_sign_keypair(pk, p);
	p += SK_BYTES;
	randombytes_buf(p, PEPPER_BYTES);

	rc = write_all(fd, buf, KIOSK_FILE_BYTES);
	err = errno;
	sodium_free(buf);
	if (rc == CORE_OK && fsync(fd) != 0) {
		rc = CORE_ERR_IO;
		err = errno;
	}
	if (close(fd) != 0 && rc == CORE_OK) {
		rc = CORE_ERR_IO;
		err = errno;
	}
	if (rc != CORE_OK) {
		unlink(path);
		if (err == ENOSPC)
			rc = CORE_ERR_FULL;
		return core_fail(rc, "%s: cannot write the key file: %s", path,
		    strerror(err ? err : EIO));
	}
	sync_parent(path);
	return CORE_OK;
}

static enum core_status
read_key_file(const char *path, int fd, uint8_t *buf)
{
	struct stat sb;
	size_t got = 0;

	if (fstat(fd, &sb) != 0)
		return core_fail(CORE_ERR_IO, "%s: %s", path, strerror(errno));
	if (!S_ISREG(sb.st_mode))
		return core_fail(CORE_ERR_CRYPTO, "%s: the key file is not a regular file",
		    path);
	if (sb.st_mode & (S_IRWXG | S_IRWXO))
		return core_fail(CORE_ERR_CRYPTO,
		    "%s: the key file is open to other users (mode %04o); it must be 0600",
		    path, (unsigned)(sb.st_mode & 07777));
	if (sb.st_size != KIOSK_FILE_BYTES)
		return core_fail(CORE_ERR_CRYPTO,
		    "%s: the key file is %lld bytes, expected %d", path,
		    (long long)sb.st_size, KIOSK_FILE_BYTES);
	while (got < KIOSK_FILE_BYTES) {
		ssize_t n = read(fd, buf + got, KIOSK_FILE_BYTES - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return core_fail(CORE_ERR_IO, "%s: %s", path, strerror(errno));
		if (n == 0)
			return core_fail(CORE_ERR_CRYPTO, "%s: the key file is truncated",
			    path);
		got += (size_t)n;
	}
	if (memcmp(buf, KIOSK_MAGIC, KIOSK_MAGIC_LEN) != 0)
		return core_fail(CORE_ERR_CRYPTO, "%s: not a signoff key file (bad magic)",
		    path);
	if (get_u32(buf + KIOSK_MAGIC_LEN) != KIOSK_FILE_VERSION)
		return core_fail(CORE_ERR_CRYPTO, "%s: unknown key file version %u",
		    path, (unsigned)get_u32(buf + KIOSK_MAGIC_LEN));
	return CORE_OK;
}

enum core_status
kiosk_keys_load(const char *path, struct kiosk_keys **out)
{
	struct kiosk_keys *k;
	uint8_t *buf;
	enum core_status rc;
	int fd;

	*out = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return core_fail(errno == ENOENT ? CORE_ERR_NOT_FOUND : CORE_ERR_IO,
		    "%s: cannot open the key file: %s", path, strerror(errno));
	buf = sodium_malloc(KIOSK_FILE_BYTES);
	k = sodium_malloc(sizeof *k);
	if (!buf || !k) {
		close(fd);
		if (buf)
			sodium_free(buf);
		if (k)
			sodium_free(k);
		return core_fail(CORE_ERR_NOMEM, "%s: no locked memory for the key",
		    path);
	}
	rc = read_key_file(path, fd, buf);
	close(fd);
	if (rc == CORE_OK) {
		const uint8_t *p = buf + KIOSK_MAGIC_LEN + 4;
		const uint8_t *sk = p + CRYPTO_ID_BYTES;

		memcpy(k->id, p, CRYPTO_ID_BYTES);
		memcpy(k->pepper, sk + SK_BYTES, PEPPER_BYTES);
		crypto_sign_seed_keypair(k->pk, k->sk, sk);
		/* The stored public half must be the seed's: catches a damaged file. */
		if (sodium_memcmp(k->pk, sk + SEED_BYTES, CRYPTO_PK_BYTES) != 0)
			rc = core_fail(CORE_ERR_CRYPTO,
			    "%s: the key file is damaged (public key does not match)",
			    path);
	}
	sodium_free(buf);
	if (rc != CORE_OK) {
		sodium_free(k);
		return rc;
	}
	sodium_mprotect_readonly(k);
	*out = k;
	return CORE_OK;
}

void
kiosk_keys_free(struct kiosk_keys **keys)
{
	if (*keys) {
		sodium_free(*keys);	/* wipes before release */
		*keys = NULL;
	}
}

void
kiosk_keys_public(const struct kiosk_keys *keys, uint8_t pk[CRYPTO_PK_BYTES])
{
	memcpy(pk, keys->pk, CRYPTO_PK_BYTES);
}

void
kiosk_keys_id(const struct kiosk_keys *keys, uint8_t id[CRYPTO_ID_BYTES])
{
	memcpy(id, keys->id, CRYPTO_ID_BYTES);
}

void
kiosk_sign(const struct kiosk_keys *keys, const void *msg, size_t len,
    uint8_t sig[CRYPTO_SIG_BYTES])
{
	crypto_sign_detached(sig, NULL, msg, len, keys->sk);
}

/* ---- sealed signing keys ---- */

static enum core_status
check_kdf(uint64_t ops, uint64_t mem_kib)
{
	if (ops < crypto_pwhash_OPSLIMIT_MIN || ops > crypto_pwhash_OPSLIMIT_MAX)
		return core_fail(CORE_ERR_INVALID,
		    "Argon2id passes %llu out of range (%u or more)",
		    (unsigned long long)ops, (unsigned)crypto_pwhash_OPSLIMIT_MIN);
	if (mem_kib > KDF_MEM_KIB_MAX || mem_kib > SIZE_MAX / 1024 ||
	    mem_kib * 1024 < crypto_pwhash_MEMLIMIT_MIN ||
	    mem_kib * 1024 > crypto_pwhash_MEMLIMIT_MAX)
		return core_fail(CORE_ERR_INVALID,
		    "Argon2id memory %llu KiB out of range (%u to %llu)",
		    (unsigned long long)mem_kib,
		    (unsigned)(crypto_pwhash_MEMLIMIT_MIN / 1024),
		    (unsigned long long)KDF_MEM_KIB_MAX);
	return CORE_OK;
}

/* pre = BLAKE2b-256 keyed with the pepper over context || secret. */
static void
pepper_prehash(const struct kiosk_keys *keys, const char *context,
    const char *secret, size_t len, uint8_t pre[CRYPTO_HASH_BYTES])
{
	crypto_generichash_state *st = sodium_malloc(sizeof *st);
	crypto_generichash_state local;

	/* The state holds pepper-derived material: keep it in locked memory. */
	if (!st)
		st = &local;
	crypto_generichash_init(st, keys->pepper, PEPPER_BYTES, CRYPTO_HASH_BYTES);
	crypto_generichash_update(st, (const unsigned char *)context, strlen(context));
	crypto_generichash_update(st, (const unsigned char *)secret, len);
	crypto_generichash_final(st, pre, CRYPTO_HASH_BYTES);
	sodium_memzero(st, sizeof *st);
	if (st != &local)
		sodium_free(st);
}

/* context: SEAL_CONTEXT for signing keys, CKEY_CONTEXT for the concerns key. */
static void
seal_ad(const char *context, const struct sealed_key *s, uint8_t ad[SEAL_AD_BYTES])
{
	uint8_t *p = ad;

	memcpy(p, context, sizeof SEAL_CONTEXT - 1);
	p += sizeof SEAL_CONTEXT - 1;
	memcpy(p, s->owner, CRYPTO_ID_BYTES);
	p += CRYPTO_ID_BYTES;
	memcpy(p, s->key_id, CRYPTO_ID_BYTES);
	p += CRYPTO_ID_BYTES;
	memcpy(p, s->pk, CRYPTO_PK_BYTES);
	p += CRYPTO_PK_BYTES;
	put_u64(p, s->kdf.ops);
	p += 8;
	put_u64(p, s->kdf.mem_kib);
	p += 8;
	memcpy(p, s->kdf.salt, CRYPTO_SALT_BYTES);
}

/* The sealing key: Argon2id over the peppered pre-hash of context || secret. */
static enum core_status
seal_key(const struct kiosk_keys *keys, const char *context,
    const struct kdf_params *kdf, const char *secret, size_t len, uint8_t *k)
{
	uint8_t *pre = sodium_malloc(CRYPTO_HASH_BYTES);
	int rc;

	if (!pre)
		return core_fail(CORE_ERR_NOMEM, "no locked memory for the key");
	pepper_prehash(keys, context, secret, len, pre);
	rc = crypto_pwhash(k, crypto_aead_xchacha20poly1305_ietf_KEYBYTES,
	    (const char *)pre, CRYPTO_HASH_BYTES, kdf->salt, kdf->ops,
	    (size_t)(kdf->mem_kib * 1024), crypto_pwhash_ALG_ARGON2ID13);
	sodium_free(pre);
	if (rc != 0)
		return core_fail(CORE_ERR_NOMEM,
		    "Argon2id could not get %llu KiB of memory",
		    (unsigned long long)kdf->mem_kib);
	return CORE_OK;
}

static enum core_status
signer_from_seed(const uint8_t *seed, struct signer **out)
{
	struct signer *s = sodium_malloc(sizeof *s);

	if (!s)
		return core_fail(CORE_ERR_NOMEM, "no locked memory for the key");
	crypto_sign_seed_keypair(s->pk, s->sk, seed);
	crypto_key_id(s->pk, s->key_id);
	sodium_mprotect_readonly(s);
	*out = s;
	return CORE_OK;
}

enum core_status
signer_create(const struct kiosk_keys *keys, const uint8_t owner[CRYPTO_ID_BYTES],
    const char *secret, size_t len, uint64_t ops, uint64_t mem_kib,
    struct sealed_key *out, struct signer **out_signer)
{
	uint8_t *seed, *k, *sk, ad[SEAL_AD_BYTES];
	enum core_status rc;

	if (out_signer)
		*out_signer = NULL;
	if (!secret || len == 0)
		return core_fail(CORE_ERR_INVALID, "an empty secret cannot seal a key");
	if ((rc = check_kdf(ops, mem_kib)) != CORE_OK)
		return rc;
	seed = sodium_malloc(SEED_BYTES + crypto_aead_xchacha20poly1305_ietf_KEYBYTES +
	    SK_BYTES);
	if (!seed)
		return core_fail(CORE_ERR_NOMEM, "no locked memory for the key");
	k = seed + SEED_BYTES;
	sk = k + crypto_aead_xchacha20poly1305_ietf_KEYBYTES;

	memset(out, 0, sizeof *out);
	memcpy(out->owner, owner, CRYPTO_ID_BYTES);
	out->kdf.ops = ops;
	out->kdf.mem_kib = mem_kib;
	randombytes_buf(out->kdf.salt, CRYPTO_SALT_BYTES);
	randombytes_buf(out->nonce, CRYPTO_NONCE_BYTES);
	randombytes_buf(seed, SEED_BYTES);
	crypto_sign_seed_keypair(out->pk, sk, seed);
	crypto_key_id(out->pk, out->key_id);
	seal_ad(SEAL_CONTEXT, out, ad);

	rc = seal_key(keys, SEAL_CONTEXT, &out->kdf, secret, len, k);
	if (rc == CORE_OK) {
		crypto_aead_xchacha20poly1305_ietf_encrypt(out->box, NULL, seed,
		    SEED_BYTES, ad, sizeof ad, NULL, out->nonce, k);
		if (out_signer)
			rc = signer_from_seed(seed, out_signer);
	}
	sodium_free(seed);	/* wipes seed, k and sk */
	if (rc != CORE_OK)
		crypto_wipe(out, sizeof *out);
	return rc;
}

enum core_status
signer_unseal(const struct kiosk_keys *keys, const struct sealed_key *sealed,
    const char *secret, size_t len, struct signer **out)
{
	uint8_t *seed, *k, ad[SEAL_AD_BYTES], key_id[CRYPTO_ID_BYTES];
	struct signer *s = NULL;
	enum core_status rc;

	*out = NULL;
	if (!secret)
		return core_fail(CORE_ERR_AUTH, "no secret given");
	if ((rc = check_kdf(sealed->kdf.ops, sealed->kdf.mem_kib)) != CORE_OK)
		return rc;
	crypto_key_id(sealed->pk, key_id);
	if (sodium_memcmp(key_id, sealed->key_id, CRYPTO_ID_BYTES) != 0)
		return core_fail(CORE_ERR_AUTH, "the key id does not match the key");
	seed = sodium_malloc(SEED_BYTES + crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
	if (!seed)
		return core_fail(CORE_ERR_NOMEM, "no locked memory for the key");
	k = seed + SEED_BYTES;
	seal_ad(SEAL_CONTEXT, sealed, ad);
	rc = seal_key(keys, SEAL_CONTEXT, &sealed->kdf, secret, len, k);
	if (rc == CORE_OK &&
	    crypto_aead_xchacha20poly1305_ietf_decrypt(seed, NULL, NULL,
	    sealed->box, CRYPTO_SEALED_BYTES, ad, sizeof ad, sealed->nonce, k) != 0)
		rc = core_fail(CORE_ERR_AUTH, "the sealed key did not open");
	if (rc == CORE_OK)
		rc = signer_from_seed(seed, &s);
	sodium_free(seed);
	if (rc != CORE_OK)
		return rc;
	if (sodium_memcmp(s->pk, sealed->pk, CRYPTO_PK_BYTES) != 0) {
		signer_free(&s);
		return core_fail(CORE_ERR_AUTH,
		    "the unsealed key is not the registered public key");
	}
	*out = s;
	return CORE_OK;
}

void
signer_sign(const struct signer *s, const void *msg, size_t len,
    uint8_t sig[CRYPTO_SIG_BYTES])
{
	crypto_sign_detached(sig, NULL, msg, len, s->sk);
}

void
signer_public(const struct signer *s, uint8_t pk[CRYPTO_PK_BYTES])
{
	memcpy(pk, s->pk, CRYPTO_PK_BYTES);
}

void
signer_key_id(const struct signer *s, uint8_t key_id[CRYPTO_ID_BYTES])
{
	memcpy(key_id, s->key_id, CRYPTO_ID_BYTES);
}

void
signer_free(struct signer **s)
{
	if (*s) {
		sodium_free(*s);
		*s = NULL;
	}
}

/* ---- many keys under one secret (bulk demo sites) ---- */

struct sealer {
	uint8_t k[crypto_aead_xchacha20poly1305_ietf_KEYBYTES];
	struct kdf_params kdf;
	struct signer *slot;	/* the last key sealed, open; writable */
	uint8_t seed[SEED_BYTES];	/* its seed, while it is sealed */
};

enum core_status
sealer_new(const struct kiosk_keys *keys, const char *secret, size_t len,
    const struct kdf_params *kdf, struct sealer **out)
{
	struct sealer *s;
	enum core_status rc;

	*out = NULL;
	if (!secret || len == 0)
		return core_fail(CORE_ERR_INVALID, "an empty secret cannot seal a key");
	if ((rc = check_kdf(kdf->ops, kdf->mem_kib)) != CORE_OK)
		return rc;
	if (!(s = sodium_malloc(sizeof *s)))
		return core_fail(CORE_ERR_NOMEM, "no locked memory for the key");
	s->kdf = *kdf;
	if (!(s->slot = sodium_malloc(sizeof *s->slot))) {
		sodium_free(s);
		return core_fail(CORE_ERR_NOMEM, "no locked memory for the key");
	}
	if ((rc = seal_key(keys, SEAL_CONTEXT, kdf, secret, len, s->k)) != CORE_OK) {
		sodium_free(s->slot);
		sodium_free(s);
		return rc;
	}
	*out = s;
	return CORE_OK;
}

enum core_status
sealer_seal(struct sealer *s, const uint8_t owner[CRYPTO_ID_BYTES],
    struct sealed_key *out, const struct signer **out_signer)
{
	struct signer *slot = s->slot;
	uint8_t ad[SEAL_AD_BYTES];

	memset(out, 0, sizeof *out);
	memcpy(out->owner, owner, CRYPTO_ID_BYTES);
	out->kdf = s->kdf;
	randombytes_buf(out->nonce, CRYPTO_NONCE_BYTES);
	randombytes_buf(s->seed, SEED_BYTES);	/* locked memory, like the slot */
	crypto_sign_seed_keypair(slot->pk, slot->sk, s->seed);
	memcpy(out->pk, slot->pk, CRYPTO_PK_BYTES);
	crypto_key_id(out->pk, out->key_id);
	memcpy(slot->key_id, out->key_id, CRYPTO_ID_BYTES);
	seal_ad(SEAL_CONTEXT, out, ad);
	crypto_aead_xchacha20poly1305_ietf_encrypt(out->box, NULL, s->seed,
	    SEED_BYTES, ad, sizeof ad, NULL, out->nonce, s->k);
	sodium_memzero(s->seed, SEED_BYTES);
	if (out_signer)
		*out_signer = slot;
	return CORE_OK;
}

void
sealer_free(struct sealer **s)
{
	if (*s) {
		sodium_free((*s)->slot);
		sodium_free(*s);
		*s = NULL;
	}
}

/* ---- the concerns key ---- */

enum core_status
concerns_key_new(struct concerns_key **out)
{
	struct concerns_key *k = sodium_malloc(sizeof *k);

	*out = NULL;
	if (!k)
		return core_fail(CORE_ERR_NOMEM, "no locked memory for the concerns key");
	memset(k->holder, 0, sizeof k->holder);
	crypto_box_keypair(k->pk, k->sk);
	crypto_key_id(k->pk, k->key_id);
	sodium_mprotect_readonly(k);
	*out = k;
	return CORE_OK;
}

enum core_status
concerns_key_wrap(const struct kiosk_keys *keys, const struct concerns_key *ck,
    const uint8_t holder[CRYPTO_ID_BYTES], const char *secret, size_t len,
    uint64_t ops, uint64_t mem_kib, struct sealed_key *out)
{
	uint8_t *k, ad[SEAL_AD_BYTES];
	enum core_status rc;

	if (!secret || len == 0)
		return core_fail(CORE_ERR_INVALID, "an empty secret cannot wrap a key");
	if ((rc = check_kdf(ops, mem_kib)) != CORE_OK)
		return rc;
	if (!(k = sodium_malloc(crypto_aead_xchacha20poly1305_ietf_KEYBYTES)))
		return core_fail(CORE_ERR_NOMEM, "no locked memory for the key");
	memset(out, 0, sizeof *out);
	memcpy(out->owner, holder, CRYPTO_ID_BYTES);
	memcpy(out->key_id, ck->key_id, CRYPTO_ID_BYTES);
	memcpy(out->pk, ck->pk, CRYPTO_PK_BYTES);
	out->kdf.ops = ops;
	out->kdf.mem_kib = mem_kib;
	randombytes_buf(out->kdf.salt, CRYPTO_SALT_BYTES);
	randombytes_buf(out->nonce, CRYPTO_NONCE_BYTES);
	seal_ad(CKEY_CONTEXT, out, ad);
	rc = seal_key(keys, CKEY_CONTEXT, &out->kdf, secret, len, k);
	if (rc == CORE_OK)
		crypto_aead_xchacha20poly1305_ietf_encrypt(out->box, NULL, ck->sk,
		    SEED_BYTES, ad, sizeof ad, NULL, out->nonce, k);
	sodium_free(k);
	if (rc != CORE_OK)
		crypto_wipe(out, sizeof *out);
	return rc;
}

enum core_status
concerns_key_unwrap(const struct kiosk_keys *keys, const struct sealed_key *w,
    const char *secret, size_t len, struct concerns_key **out)
{
	uint8_t *k, ad[SEAL_AD_BYTES], id[CRYPTO_ID_BYTES], pk[CRYPTO_PK_BYTES];
	struct concerns_key *ck;
	enum core_status rc;

	*out = NULL;
	if (!secret)
		return core_fail(CORE_ERR_AUTH, "no secret given");
	if ((rc = check_kdf(w->kdf.ops, w->kdf.mem_kib)) != CORE_OK)
		return rc;
	crypto_key_id(w->pk, id);
	if (sodium_memcmp(id, w->key_id, CRYPTO_ID_BYTES) != 0)
		return core_fail(CORE_ERR_AUTH, "the key id does not match the key");
	ck = sodium_malloc(sizeof *ck);
	k = sodium_malloc(crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
	if (!ck || !k) {
		if (ck)
			sodium_free(ck);
		if (k)
			sodium_free(k);
		return core_fail(CORE_ERR_NOMEM, "no locked memory for the key");
	}
	seal_ad(CKEY_CONTEXT, w, ad);
	rc = seal_key(keys, CKEY_CONTEXT, &w->kdf, secret, len, k);
	if (rc == CORE_OK &&
	    crypto_aead_xchacha20poly1305_ietf_decrypt(ck->sk, NULL, NULL, w->box,
	    CRYPTO_SEALED_BYTES, ad, sizeof ad, w->nonce, k) != 0)
		rc = core_fail(CORE_ERR_AUTH, "the wrapped key did not open");
	sodium_free(k);
	/* The secret must be the registered public key's. */
	if (rc == CORE_OK && (crypto_scalarmult_base(pk, ck->sk) != 0 ||
	    sodium_memcmp(pk, w->pk, CRYPTO_PK_BYTES) != 0))
		rc = core_fail(CORE_ERR_AUTH,
		    "the unwrapped key is not the registered public key");
	if (rc != CORE_OK) {
		sodium_free(ck);
		return rc;
	}
	memcpy(ck->pk, w->pk, CRYPTO_PK_BYTES);
	memcpy(ck->key_id, w->key_id, CRYPTO_ID_BYTES);
	memcpy(ck->holder, w->owner, CRYPTO_ID_BYTES);
	sodium_mprotect_readonly(ck);
	*out = ck;
	return CORE_OK;
}

void
concerns_key_public(const struct concerns_key *k, uint8_t pk[CRYPTO_PK_BYTES])
{
	memcpy(pk, k->pk, CRYPTO_PK_BYTES);
}

void
concerns_key_id(const struct concerns_key *k, uint8_t key_id[CRYPTO_ID_BYTES])
{
	memcpy(key_id, k->key_id, CRYPTO_ID_BYTES);
}

void
concerns_key_holder(const struct concerns_key *k, uint8_t holder[CRYPTO_ID_BYTES])
{
	memcpy(holder, k->holder, CRYPTO_ID_BYTES);
}

void
concerns_key_free(struct concerns_key **k)
{
	if (*k) {
		sodium_free(*k);
		*k = NULL;
	}
}

enum core_status
crypto_seal_to(const uint8_t pk[CRYPTO_PK_BYTES], const void *msg, size_t len,
    uint8_t *out)
{
	if (crypto_box_seal(out, msg, len, pk) != 0)
		return core_fail(CORE_ERR_CRYPTO, "the concerns public key is not usable");
	return CORE_OK;
}

enum core_status
concerns_key_open_box(const struct concerns_key *k, const uint8_t *box,
    size_t len, uint8_t *out)
{
	if (len < CRYPTO_BOX_SEAL_BYTES ||
	    crypto_box_seal_open(out, box, len, k->pk, k->sk) != 0)
		return core_fail(CORE_ERR_AUTH, "the sealed text did not open with this key");
	return CORE_OK;
}

/* ---- staff passphrases ---- */

/* The string crypto_pwhash_str sees: hex of the peppered pre-hash. */
static char *
pass_prehash_hex(const struct kiosk_keys *keys, const char *pass, size_t len)
{
	uint8_t *pre = sodium_malloc(CRYPTO_HASH_BYTES + 2 * CRYPTO_HASH_BYTES + 1);
	char *hex;

	if (!pre)
		return NULL;
	hex = (char *)pre + CRYPTO_HASH_BYTES;
	pepper_prehash(keys, PASS_CONTEXT, pass, len, pre);
	sodium_bin2hex(hex, 2 * CRYPTO_HASH_BYTES + 1, pre, CRYPTO_HASH_BYTES);
	sodium_memzero(pre, CRYPTO_HASH_BYTES);
	return (char *)pre;
}

enum core_status
crypto_pass_hash(const struct kiosk_keys *keys, const char *pass, size_t len,
    uint64_t ops, uint64_t mem_kib, char out[CRYPTO_PASSHASH_LEN])
{
	enum core_status rc;
	char *buf;
	int r;

	memset(out, 0, CRYPTO_PASSHASH_LEN);
	if (!pass || len == 0)
		return core_fail(CORE_ERR_INVALID, "an empty passphrase cannot be used");
	if ((rc = check_kdf(ops, mem_kib)) != CORE_OK)
		return rc;
	if (!(buf = pass_prehash_hex(keys, pass, len)))
		return core_fail(CORE_ERR_NOMEM, "no locked memory for the passphrase");
	r = crypto_pwhash_str(out, buf + CRYPTO_HASH_BYTES, 2 * CRYPTO_HASH_BYTES,
	    ops, (size_t)(mem_kib * 1024));
	sodium_free(buf);
	if (r != 0)
		return core_fail(CORE_ERR_NOMEM,
		    "Argon2id could not get %llu KiB of memory",
		    (unsigned long long)mem_kib);
	return CORE_OK;
}

enum core_status
crypto_pass_check(const struct kiosk_keys *keys, const char *stored,
    const char *pass, size_t len)
{
	char *buf;
	int r;

	if (!stored || !pass || len == 0 ||
	    strnlen(stored, CRYPTO_PASSHASH_LEN) >= CRYPTO_PASSHASH_LEN)
		return core_fail(CORE_ERR_AUTH, "no passphrase to check");
	if (!(buf = pass_prehash_hex(keys, pass, len)))
		return core_fail(CORE_ERR_NOMEM, "no locked memory for the passphrase");
	r = crypto_pwhash_str_verify(stored, buf + CRYPTO_HASH_BYTES,
	    2 * CRYPTO_HASH_BYTES);
	sodium_free(buf);
	if (r != 0)
		return core_fail(CORE_ERR_AUTH, "the passphrase did not match");
	return CORE_OK;
}

/* ---- secret input buffers ---- */

char *
secret_alloc(size_t cap)
{
	char *buf;

	if (cap == 0 || !(buf = sodium_malloc(cap)))
		return NULL;
	sodium_memzero(buf, cap);
	return buf;
}

void
secret_free(char **buf, size_t cap)
{
	if (*buf) {
		sodium_memzero(*buf, cap);
		sodium_free(*buf);
		*buf = NULL;
	}
}
