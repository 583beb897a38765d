/* SPDX-License-Identifier: ISC */
/*
 * core/crypto: known-answer hashing, the kiosk key file (create, load, never
 * overwrite, mode and format checks), signatures, sealing signing keys under
 * a PIN with every bound field, passphrase hashes, secret buffers.
 */
#include "tests/unit/testutil.h"

#include <ctype.h>
#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include "core/crypto.h"

/* The cheapest Argon2id cost libsodium allows, so the tests stay fast. */
#define OPS 1
#define MEM_KIB 8

#define KEY_FILE_BYTES 124

struct fx {
	char dir[256];
	char path[300];
	struct kiosk_keys *keys;
};

static int
group_setup(void **state)
{
	(void)state;
	return crypto_init() == CORE_OK ? 0 : -1;
}

static int
setup(void **state)
{
	struct fx *fx = calloc(1, sizeof *fx);

	assert_non_null(fx);
	assert_int_equal(crypto_init(), CORE_OK);
	tu_tempdir(fx->dir, sizeof fx->dir);
	snprintf(fx->path, sizeof fx->path, "%s/kiosk.key", fx->dir);
	assert_int_equal(kiosk_keys_create(fx->path), CORE_OK);
	assert_int_equal(kiosk_keys_load(fx->path, &fx->keys), CORE_OK);
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *fx = *state;

	kiosk_keys_free(&fx->keys);
	assert_null(fx->keys);
	tu_rmrf(fx->dir);
	free(fx);
	return 0;
}

static void
hex(const uint8_t *p, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", p[i]);
}

static void
read_file(const char *path, uint8_t *buf, size_t cap, size_t *len)
{
	FILE *f = fopen(path, "rb");

	assert_non_null(f);
	*len = fread(buf, 1, cap, f);
	fclose(f);
}

static void
write_file(const char *path, const uint8_t *buf, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(buf, 1, len, f), len);
	fclose(f);
	assert_int_equal(chmod(path, 0600), 0);
}

static void
test_init_hardens(void **state)
{
	struct rlimit rl;

	(void)state;
	assert_int_equal(crypto_init(), CORE_OK);
	assert_int_equal(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 0);
	assert_int_equal(getrlimit(RLIMIT_CORE, &rl), 0);
	assert_int_equal(rl.rlim_cur, 0);
}

static void
test_hash_known_answers(void **state)
{
	uint8_t h[CRYPTO_HASH_BYTES], h2[CRYPTO_HASH_BYTES];
	struct crypto_hasher st;
	char out[2 * CRYPTO_HASH_BYTES + 1];

	(void)state;
	crypto_blake2b("", 0, h);
	hex(h, sizeof h, out);
	assert_string_equal(out,
	    "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
	crypto_blake2b("abc", 3, h);
	hex(h, sizeof h, out);
	assert_string_equal(out,
	    "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
	/* Incremental hashing gives the same answer in pieces. */
	crypto_hasher_init(&st);
	crypto_hasher_update(&st, "a", 1);
	crypto_hasher_update(&st, "", 0);
	crypto_hasher_update(&st, "bc", 2);
	crypto_hasher_final(&st, h2);
	assert_memory_equal(h, h2, sizeof h);
}

static void
test_key_file_created_0600_never_overwritten(void **state)
{
	struct fx *fx = *state;
	uint8_t before[256], after[256], pk[CRYPTO_PK_BYTES], id[CRYPTO_ID_BYTES];
	uint8_t zero[CRYPTO_PK_BYTES] = { 0 };
	struct kiosk_keys *again = NULL;
	size_t n1, n2;
	struct stat sb;

	assert_int_equal(stat(fx->path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(sb.st_size, KEY_FILE_BYTES);
	read_file(fx->path, before, sizeof before, &n1);
	assert_memory_equal(before, "SIGNOFFK", 8);

	assert_int_equal(kiosk_keys_create(fx->path), CORE_ERR_EXISTS);
	assert_non_null(strstr(core_detail(), fx->path));
	read_file(fx->path, after, sizeof after, &n2);
	assert_int_equal(n1, n2);
	assert_memory_equal(before, after, n1);

	/* Loading twice gives the same identity; it is not all zeros. */
	kiosk_keys_public(fx->keys, pk);
	kiosk_keys_id(fx->keys, id);
	assert_memory_not_equal(pk, zero, sizeof pk);
	assert_memory_not_equal(id, zero, sizeof id);
	assert_int_equal(kiosk_keys_load(fx->path, &again), CORE_OK);
	kiosk_keys_public(again, zero);
	assert_memory_equal(pk, zero, sizeof pk);
	kiosk_keys_free(&again);
	kiosk_keys_free(&again);	/* safe twice */
}

static void
test_key_file_refused(void **state)
{
	struct fx *fx = *state;
	struct kiosk_keys *k = (struct kiosk_keys *)fx;	/* must be reset to NULL */
	uint8_t good[256], bad[256];
	char path[400];
	size_t n;

	read_file(fx->path, good, sizeof good, &n);
	assert_int_equal(n, KEY_FILE_BYTES);

	/* Readable by group or others. */
	assert_int_equal(chmod(fx->path, 0644), 0);
	assert_int_equal(kiosk_keys_load(fx->path, &k), CORE_ERR_CRYPTO);
	assert_null(k);
	assert_non_null(strstr(core_detail(), fx->path));
	assert_non_null(strstr(core_detail(), "0644"));
	assert_int_equal(chmod(fx->path, 0640), 0);
	assert_int_equal(kiosk_keys_load(fx->path, &k), CORE_ERR_CRYPTO);
	assert_int_equal(chmod(fx->path, 0600), 0);

	/* Wrong size, both ways. */
	snprintf(path, sizeof path, "%s/short.key", fx->dir);
	write_file(path, good, n - 1);
	assert_int_equal(kiosk_keys_load(path, &k), CORE_ERR_CRYPTO);
	assert_non_null(strstr(core_detail(), "bytes"));
	memcpy(bad, good, n);
	bad[n] = 0;
	write_file(path, bad, n + 1);
	assert_int_equal(kiosk_keys_load(path, &k), CORE_ERR_CRYPTO);

	/* Wrong magic. */
	memcpy(bad, good, n);
	bad[0] ^= 1;
	write_file(path, bad, n);
	assert_int_equal(kiosk_keys_load(path, &k), CORE_ERR_CRYPTO);
	assert_non_null(strstr(core_detail(), "magic"));

	/* Unknown version. */
	memcpy(bad, good, n);
	bad[11] = 2;
	write_file(path, bad, n);
	assert_int_equal(kiosk_keys_load(path, &k), CORE_ERR_CRYPTO);
	assert_non_null(strstr(core_detail(), "version"));

	/* Public half not matching the seed. */
	memcpy(bad, good, n);
	bad[8 + 4 + 16 + 32] ^= 0x80;
	write_file(path, bad, n);
	assert_int_equal(kiosk_keys_load(path, &k), CORE_ERR_CRYPTO);
	assert_non_null(strstr(core_detail(), "damaged"));

	/* Missing. */
	snprintf(path, sizeof path, "%s/absent.key", fx->dir);
	assert_int_equal(kiosk_keys_load(path, &k), CORE_ERR_NOT_FOUND);
	assert_null(k);
}

static void
test_kiosk_sign_verify(void **state)
{
	struct fx *fx = *state;
	uint8_t pk[CRYPTO_PK_BYTES], sig[CRYPTO_SIG_BYTES];
	char msg[] = "the exact bytes";

	kiosk_keys_public(fx->keys, pk);
	kiosk_sign(fx->keys, msg, strlen(msg), sig);
	assert_true(crypto_verify(pk, msg, strlen(msg), sig));
	msg[0] ^= 1;
	assert_false(crypto_verify(pk, msg, strlen(msg), sig));
	msg[0] ^= 1;
	sig[10] ^= 1;
	assert_false(crypto_verify(pk, msg, strlen(msg), sig));
}

static void
test_fingerprint_format(void **state)
{
	struct fx *fx = *state;
	uint8_t pk[CRYPTO_PK_BYTES];
	char fpr[CRYPTO_FPR_LEN], fpr2[CRYPTO_FPR_LEN];

	kiosk_keys_public(fx->keys, pk);
	crypto_fingerprint(pk, fpr);
	assert_int_equal(strlen(fpr), CRYPTO_FPR_LEN - 1);
	for (size_t i = 0; i < strlen(fpr); i++) {
		if (i % 5 == 4)
			assert_int_equal(fpr[i], ' ');
		else
			assert_true(isxdigit((unsigned char)fpr[i]) &&
			    !isupper((unsigned char)fpr[i]));
	}
	pk[0] ^= 1;
	crypto_fingerprint(pk, fpr2);
	assert_string_not_equal(fpr, fpr2);
}

static void
test_key_id_derivation(void **state)
{
	uint8_t pk[CRYPTO_PK_BYTES], id[CRYPTO_ID_BYTES], full[CRYPTO_HASH_BYTES];
	uint8_t msg[14 + CRYPTO_PK_BYTES];

	(void)state;
	for (size_t i = 0; i < sizeof pk; i++)
		pk[i] = (uint8_t)i;
	crypto_key_id(pk, id);
	memcpy(msg, "signoff/key-id", 14);
	memcpy(msg + 14, pk, sizeof pk);
	crypto_blake2b(msg, sizeof msg, full);
	assert_memory_equal(id, full, CRYPTO_ID_BYTES);
}

static void
test_seal_unseal(void **state)
{
	struct fx *fx = *state;
	uint8_t owner[CRYPTO_ID_BYTES], pk[CRYPTO_PK_BYTES], id[CRYPTO_ID_BYTES];
	uint8_t sig[CRYPTO_SIG_BYTES];
	struct signer *made = NULL, *opened = NULL;
	struct sealed_key sk;

	crypto_random(owner, sizeof owner);
	assert_int_equal(signer_create(fx->keys, owner, "482916", 6, OPS, MEM_KIB,
	    &sk, &made), CORE_OK);
	assert_non_null(made);
	assert_memory_equal(sk.owner, owner, sizeof owner);
	assert_int_equal(sk.kdf.ops, OPS);
	assert_int_equal(sk.kdf.mem_kib, MEM_KIB);
	signer_public(made, pk);
	assert_memory_equal(pk, sk.pk, sizeof pk);
	crypto_key_id(sk.pk, id);
	assert_memory_equal(id, sk.key_id, sizeof id);

	assert_int_equal(signer_unseal(fx->keys, &sk, "482916", 6, &opened), CORE_OK);
	assert_non_null(opened);
	signer_public(opened, pk);
	assert_memory_equal(pk, sk.pk, sizeof pk);
	signer_key_id(opened, id);
	assert_memory_equal(id, sk.key_id, sizeof id);
	/* Both handles hold the same key: signatures verify under sk.pk. */
	signer_sign(opened, "bytes", 5, sig);
	assert_true(crypto_verify(sk.pk, "bytes", 5, sig));
	signer_sign(made, "bytes", 5, sig);
	assert_true(crypto_verify(sk.pk, "bytes", 5, sig));
	signer_free(&opened);
	signer_free(&made);
	assert_null(opened);
	signer_free(&made);

	/* Without out_signer only the sealed form is made. */
	assert_int_equal(signer_create(fx->keys, owner, "482916", 6, OPS, MEM_KIB,
	    &sk, NULL), CORE_OK);
}

static void
expect_auth(struct fx *fx, const struct sealed_key *sk, const char *pin)
{
	struct signer *s = (struct signer *)fx;	/* must be reset to NULL */

	assert_int_equal(signer_unseal(fx->keys, sk, pin, strlen(pin), &s),
	    CORE_ERR_AUTH);
	assert_null(s);
}

static void
test_seal_refuses_tampering(void **state)
{
	struct fx *fx = *state;
	uint8_t owner[CRYPTO_ID_BYTES];
	struct sealed_key sk, other, t;
	struct kiosk_keys *keys2 = NULL;
	char path[400];
	struct signer *s = NULL;

	crypto_random(owner, sizeof owner);
	assert_int_equal(signer_create(fx->keys, owner, "482916", 6, OPS, MEM_KIB,
	    &sk, NULL), CORE_OK);
	assert_int_equal(signer_create(fx->keys, owner, "482916", 6, OPS, MEM_KIB,
	    &other, NULL), CORE_OK);

	expect_auth(fx, &sk, "482917");
	expect_auth(fx, &sk, "48291");
	expect_auth(fx, &sk, "4829166");

	t = sk;
	t.owner[0] ^= 1;	/* another owner's row */
	expect_auth(fx, &t, "482916");
	t = sk;			/* another key's id and public key, same box */
	memcpy(t.key_id, other.key_id, sizeof t.key_id);
	memcpy(t.pk, other.pk, sizeof t.pk);
	expect_auth(fx, &t, "482916");
	t = sk;			/* key id alone */
	memcpy(t.key_id, other.key_id, sizeof t.key_id);
	expect_auth(fx, &t, "482916");
	t = sk;
	t.kdf.ops = OPS + 1;	/* a weakened or strengthened cost */
	expect_auth(fx, &t, "482916");
	t = sk;
	t.kdf.mem_kib = MEM_KIB * 2;
	expect_auth(fx, &t, "482916");
	t = sk;
	t.kdf.salt[3] ^= 1;
	expect_auth(fx, &t, "482916");
	t = sk;
	t.nonce[0] ^= 1;
	expect_auth(fx, &t, "482916");
	t = sk;
	t.box[CRYPTO_SEALED_BYTES - 1] ^= 1;
	expect_auth(fx, &t, "482916");
	/* Another owner's box moved onto this owner's row. */
	t = other;
	memcpy(t.box, sk.box, sizeof t.box);
	memcpy(t.nonce, sk.nonce, sizeof t.nonce);
	expect_auth(fx, &t, "482916");

	/* The database alone is not enough: another kiosk's pepper fails. */
	snprintf(path, sizeof path, "%s/other.key", fx->dir);
	assert_int_equal(kiosk_keys_create(path), CORE_OK);
	assert_int_equal(kiosk_keys_load(path, &keys2), CORE_OK);
	assert_int_equal(signer_unseal(keys2, &sk, "482916", 6, &s), CORE_ERR_AUTH);
	assert_null(s);
	kiosk_keys_free(&keys2);

	/* And the untouched row still opens. */
	assert_int_equal(signer_unseal(fx->keys, &sk, "482916", 6, &s), CORE_OK);
	signer_free(&s);
}

static void
test_kdf_limits(void **state)
{
	struct fx *fx = *state;
	uint8_t owner[CRYPTO_ID_BYTES] = { 1 };
	struct sealed_key sk;
	struct signer *s = NULL;
	char out[CRYPTO_PASSHASH_LEN];

	assert_int_equal(signer_create(fx->keys, owner, "482916", 6, 0, MEM_KIB,
	    &sk, NULL), CORE_ERR_INVALID);
	assert_int_equal(signer_create(fx->keys, owner, "482916", 6, OPS, 7,
	    &sk, NULL), CORE_ERR_INVALID);
	assert_int_equal(signer_create(fx->keys, owner, "482916", 6, OPS,
	    UINT64_MAX / 512, &sk, NULL), CORE_ERR_INVALID);
	assert_int_equal(signer_create(fx->keys, owner, "", 0, OPS, MEM_KIB,
	    &sk, &s), CORE_ERR_INVALID);
	assert_null(s);
	assert_int_equal(crypto_pass_hash(fx->keys, "x", 1, OPS, 4, out),
	    CORE_ERR_INVALID);
	/* A stored row asking for an absurd cost is refused, not attempted. */
	assert_int_equal(signer_create(fx->keys, owner, "482916", 6, OPS, MEM_KIB,
	    &sk, NULL), CORE_OK);
	sk.kdf.mem_kib = 1ULL << 40;
	assert_int_equal(signer_unseal(fx->keys, &sk, "482916", 6, &s),
	    CORE_ERR_INVALID);
	assert_null(s);
}

static void
test_pass_hash_check(void **state)
{
	struct fx *fx = *state;
	const char *pass = "correct horse battery staple";
	char stored[CRYPTO_PASSHASH_LEN], stored2[CRYPTO_PASSHASH_LEN];
	struct kiosk_keys *keys2 = NULL;
	char path[400];

	assert_int_equal(crypto_pass_hash(fx->keys, pass, strlen(pass), OPS,
	    MEM_KIB, stored), CORE_OK);
	assert_memory_equal(stored, "$argon2id$", 10);
	assert_null(strstr(stored, pass));
	assert_int_equal(crypto_pass_check(fx->keys, stored, pass, strlen(pass)),
	    CORE_OK);
	assert_int_equal(crypto_pass_check(fx->keys, stored, pass, strlen(pass) - 1),
	    CORE_ERR_AUTH);
	assert_int_equal(crypto_pass_check(fx->keys, stored, "Correct horse battery staple",
	    strlen(pass)), CORE_ERR_AUTH);
	/* Salted: the same passphrase hashes differently each time. */
	assert_int_equal(crypto_pass_hash(fx->keys, pass, strlen(pass), OPS,
	    MEM_KIB, stored2), CORE_OK);
	assert_string_not_equal(stored, stored2);
	assert_int_equal(crypto_pass_check(fx->keys, stored2, pass, strlen(pass)),
	    CORE_OK);
	/* Peppered: the hash is useless without this kiosk's key file. */
	snprintf(path, sizeof path, "%s/other.key", fx->dir);
	assert_int_equal(kiosk_keys_create(path), CORE_OK);
	assert_int_equal(kiosk_keys_load(path, &keys2), CORE_OK);
	assert_int_equal(crypto_pass_check(keys2, stored, pass, strlen(pass)),
	    CORE_ERR_AUTH);
	kiosk_keys_free(&keys2);
	assert_int_equal(crypto_pass_check(fx->keys, "", pass, strlen(pass)),
	    CORE_ERR_AUTH);
}

static void
test_secret_buffers_and_helpers(void **state)
{
	char *buf = secret_alloc(32);
	uint8_t a[8] = { 1, 2, 3 }, b[8] = { 1, 2, 3 };
	uint32_t seen = 0;

	(void)state;
	assert_non_null(buf);
	for (size_t i = 0; i < 32; i++)
		assert_int_equal(buf[i], 0);
	strcpy(buf, "482916");
	secret_free(&buf, 32);
	assert_null(buf);
	secret_free(&buf, 32);
	assert_null(secret_alloc(0));

	assert_true(crypto_equal(a, b, sizeof a));
	b[7] = 1;
	assert_false(crypto_equal(a, b, sizeof a));
	crypto_wipe(b, sizeof b);
	for (size_t i = 0; i < sizeof b; i++)
		assert_int_equal(b[i], 0);

	for (int i = 0; i < 200; i++) {
		uint32_t r = crypto_random_below(4);

		assert_true(r < 4);
		seen |= 1u << r;
	}
	assert_int_equal(seen, 15);
	assert_int_equal(crypto_random_below(1), 0);
	assert_int_equal(crypto_random_below(0), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_hardens),
		cmocka_unit_test(test_hash_known_answers),
		cmocka_unit_test_setup_teardown(test_key_file_created_0600_never_overwritten,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_key_file_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kiosk_sign_verify, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fingerprint_format, setup, teardown),
		cmocka_unit_test(test_key_id_derivation),
		cmocka_unit_test_setup_teardown(test_seal_unseal, setup, teardown),
		cmocka_unit_test_setup_teardown(test_seal_refuses_tampering, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_kdf_limits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pass_hash_check, setup, teardown),
		cmocka_unit_test(test_secret_buffers_and_helpers),
	};

	return cmocka_run_group_tests(tests, group_setup, NULL);
}
