/* SPDX-License-Identifier: ISC */
/*
 * Checkpoints: writing the signed note of the ledger's size and head hash,
 * and checking one strictly against the ledger. The format is in
 * checkpoint.h.
 */
#include "checkpoint.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium/crypto_hash_sha256.h>
#include <sodium/utils.h>

#include "ledger.h"
#include "store_db.h"

#define ORIGIN_PREFIX "signoff "
#define NAME_PREFIX "signoff-"
#define NAME_HEX 16
#define EM_DASH "\xe2\x80\x94"
#define KEY_ID_BYTES 4
#define SIG_BLOB (KEY_ID_BYTES + CRYPTO_SIG_BYTES)
#define B64_HASH sodium_base64_ENCODED_LEN(CRYPTO_HASH_BYTES, \
	sodium_base64_VARIANT_ORIGINAL)
#define B64_SIG sodium_base64_ENCODED_LEN(SIG_BLOB, sodium_base64_VARIANT_ORIGINAL)
#define MAX_LINES 32

static const char sql_at[] = "SELECT hash FROM ledger WHERE seq = ?1";

struct line {
	const char *p;
	size_t n;	/* without the LF */
};

/* What identifies the kiosk key in the note. */
struct note_key {
	uint8_t pk[CRYPTO_PK_BYTES];
	char origin[sizeof ORIGIN_PREFIX + CRYPTO_FPR_LEN];
	char name[sizeof NAME_PREFIX + NAME_HEX];
	uint8_t id[KEY_ID_BYTES];
};

static void
note_key(const uint8_t pk[CRYPTO_PK_BYTES], struct note_key *k)
{
	char fpr[CRYPTO_FPR_LEN];
	uint8_t h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_state st;
	const unsigned char alg = 0x01;	/* signed-note: Ed25519 */
	size_t o = 0;

	memcpy(k->pk, pk, CRYPTO_PK_BYTES);
	crypto_fingerprint(pk, fpr);
	snprintf(k->origin, sizeof k->origin, "%s%s", ORIGIN_PREFIX, fpr);
	memcpy(k->name, NAME_PREFIX, sizeof NAME_PREFIX - 1);
	o = sizeof NAME_PREFIX - 1;
	for (const char *f = fpr; *f && o < sizeof k->name - 1; f++)
		if (*f != ' ')
			k->name[o++] = *f;
	k->name[o] = '\0';
	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, (const unsigned char *)k->name, strlen(k->name));
	crypto_hash_sha256_update(&st, (const unsigned char *)"\n", 1);
	crypto_hash_sha256_update(&st, &alg, 1);
	crypto_hash_sha256_update(&st, pk, CRYPTO_PK_BYTES);
	crypto_hash_sha256_final(&st, h);
	memcpy(k->id, h, KEY_ID_BYTES);
}

/* ---- writing ---- */

enum core_status
checkpoint_write(struct site *site, char **out, size_t *len)
{
	uint8_t pk[CRYPTO_PK_BYTES], blob[SIG_BLOB];
	char hash64[B64_HASH], sig64[B64_SIG], *text;
	struct ledger_head head;
	enum core_status status;
	struct note_key k;
	int body, n;
	size_t cap;

	*out = NULL;
	*len = 0;
	if ((status = ledger_head(site->st, &head)) != CORE_OK)
		return status;
	if (head.seq == 0)
		return core_fail(CORE_ERR_INVALID, "the ledger is empty: nothing to checkpoint");
	kiosk_keys_public(site->keys, pk);
	note_key(pk, &k);
	sodium_bin2base64(hash64, sizeof hash64, head.hash, CRYPTO_HASH_BYTES,
	    sodium_base64_VARIANT_ORIGINAL);
	cap = strlen(k.origin) + strlen(k.name) + sizeof hash64 + sizeof sig64 + 64;
	if (!(text = malloc(cap)))
		return core_fail(CORE_ERR_NOMEM, "checkpoint");
	body = snprintf(text, cap, "%s\n%" PRIu64 "\n%s\n", k.origin, head.seq, hash64);
	memcpy(blob, k.id, KEY_ID_BYTES);
	kiosk_sign(site->keys, text, (size_t)body, blob + KEY_ID_BYTES);
	sodium_bin2base64(sig64, sizeof sig64, blob, sizeof blob,
	    sodium_base64_VARIANT_ORIGINAL);
	n = snprintf(text + body, cap - (size_t)body, "\n" EM_DASH " %s %s\n", k.name,
	    sig64);
	*out = text;
	*len = (size_t)body + (size_t)n;
	return CORE_OK;
}

/* ---- checking ---- */

static enum core_status
bad(struct verify_report *rep, uint64_t seq, const char *field,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static enum core_status
bad(struct verify_report *rep, uint64_t seq, const char *field,
    const char *fmt, ...)
{
	va_list ap;

	rep->bad_seq = seq;
	snprintf(rep->bad_field, sizeof rep->bad_field, "%s", field);
	va_start(ap, fmt);
	vsnprintf(rep->reason, sizeof rep->reason, fmt, ap);
	va_end(ap);
	return core_fail(CORE_ERR_VERIFY, "seq %" PRIu64 ": %s: %s", seq,
	    rep->bad_field, rep->reason);
}

/* Exactly the base64 we write (padded, no spaces) of exactly n bytes. */
static bool
decode64(const struct line *l, size_t skip, uint8_t *out, size_t n)
{
	char again[B64_SIG > B64_HASH ? B64_SIG : B64_HASH];
	const char *p = l->p + skip;
	size_t len = l->n - skip, got = 0;

	if (sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL) > sizeof again ||
	    sodium_base642bin(out, n, p, len, NULL, &got, NULL,
	    sodium_base64_VARIANT_ORIGINAL) != 0 || got != n)
		return false;
	sodium_bin2base64(again, sizeof again, out, n, sodium_base64_VARIANT_ORIGINAL);
	return strlen(again) == len && memcmp(again, p, len) == 0;
}

/* LF-terminated lines; no CR, no other control character, no NUL. */
static enum core_status
split_lines(const char *text, size_t len, struct line *lines, size_t *n,
    struct verify_report *rep)
{
	size_t start = 0, line = 1;

	*n = 0;
	if (len == 0 || text[len - 1] != '\n')
		return bad(rep, 0, "checkpoint", "the text does not end with a line end");
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];

		if (c == '\n') {
			if (*n == MAX_LINES)
				return bad(rep, 0, "checkpoint", "too many lines");
			lines[*n].p = text + start;
			lines[(*n)++].n = i - start;
			start = i + 1;
			line++;
		} else if (c == '\r') {
			return bad(rep, 0, "checkpoint",
			    "line %zu: a CR character (line ends must be LF alone)", line);
		} else if (c < 0x20 || c == 0x7f) {
			return bad(rep, 0, "checkpoint", "line %zu: a control character",
			    line);
		}
	}
	return CORE_OK;
}

static bool
line_is(const struct line *l, const char *s)
{
	return l->n == strlen(s) && memcmp(l->p, s, l->n) == 0;
}

/* Decimal, no sign, no leading zero, 1 to INT64_MAX. */
static bool
parse_size(const struct line *l, uint64_t *out)
{
	uint64_t v = 0;

	if (l->n == 0 || l->n > 19 || l->p[0] == '0')
		return false;
	for (size_t i = 0; i < l->n; i++) {
		if (l->p[i] < '0' || l->p[i] > '9')
			return false;
		v = v * 10 + (uint64_t)(l->p[i] - '0');
	}
	if (v > INT64_MAX)
		return false;
	*out = v;
	return true;
}

/*
 * Signature lines: "— NAME BASE64". Ours is the one with our name and key
 * id; it must verify over the body. Others are well formed and ignored.
 */
static enum core_status
check_signatures(const struct note_key *k, const struct line *lines, size_t n,
    const char *body, size_t body_len, struct verify_report *rep)
{
	static const char dash[] = EM_DASH " ";
	size_t name_len = strlen(k->name);
	bool ours = false;

	for (size_t i = 4; i < n; i++) {
		const struct line *l = &lines[i];
		const char *name = l->p + sizeof dash - 1, *sp;
		uint8_t blob[SIG_BLOB];

		if (l->n <= sizeof dash - 1 || memcmp(l->p, dash, sizeof dash - 1) != 0 ||
		    !(sp = memchr(name, ' ', l->n - (size_t)(name - l->p))) ||
		    sp == name || memchr(sp + 1, ' ', l->n - (size_t)(sp + 1 - l->p)))
			return bad(rep, 0, "checkpoint",
			    "line %zu: not a signature line (\"" EM_DASH " NAME SIGNATURE\")",
			    i + 1);
		if ((size_t)(sp - name) != name_len || memcmp(name, k->name, name_len) != 0)
			continue;	/* another key's */
		if (!decode64(l, (size_t)(sp + 1 - l->p), blob, sizeof blob) ||
		    memcmp(blob, k->id, KEY_ID_BYTES) != 0)
			continue;
		if (!crypto_verify(k->pk, body, body_len, blob + KEY_ID_BYTES))
			return bad(rep, 0, "checkpoint.signature",
			    "the kiosk's signature does not verify: the checkpoint was changed");
		ours = true;
	}
	if (!ours)
		return bad(rep, 0, "checkpoint.signature",
		    "the checkpoint is not signed by this kiosk's key (%s)", k->name);
	return CORE_OK;
}

static enum core_status
parse(const struct note_key *k, const char *text, size_t len, uint64_t *size,
    uint8_t hash[CRYPTO_HASH_BYTES], struct verify_report *rep)
{
	struct line lines[MAX_LINES];
	enum core_status status;
	size_t n;

	if (len > CHECKPOINT_MAX || memchr(text, '\0', len))
		return bad(rep, 0, "checkpoint", "not a checkpoint (too long, or binary)");
	if ((status = split_lines(text, len, lines, &n, rep)) != CORE_OK)
		return status;
	if (n < 5 || lines[3].n != 0)
		return bad(rep, 0, "checkpoint",
		    "expected an origin, a size and a hash, a blank line, then signatures");
	if (lines[0].n < sizeof ORIGIN_PREFIX - 1 ||
	    memcmp(lines[0].p, ORIGIN_PREFIX, sizeof ORIGIN_PREFIX - 1) != 0)
		return bad(rep, 0, "checkpoint", "line 1: not a signoff checkpoint");
	if (!line_is(&lines[0], k->origin))
		return bad(rep, 0, "checkpoint.origin",
		    "the checkpoint is for another kiosk key, not %s", k->origin);
	if (!parse_size(&lines[1], size))
		return bad(rep, 0, "checkpoint", "line 2: the size is not a whole number");
	if (!decode64(&lines[2], 0, hash, CRYPTO_HASH_BYTES))
		return bad(rep, 0, "checkpoint", "line 3: the hash is not 32 bytes of base64");
	return check_signatures(k, lines, n, text,
	    (size_t)(lines[3].p - text), rep);
}

/* The stored hash of the entry at seq; found false when there is none. */
static enum core_status
hash_at(struct store *st, uint64_t seq, uint8_t hash[CRYPTO_HASH_BYTES],
    bool *found)
{
	enum core_status status = CORE_OK;
	sqlite3_stmt *stmt;
	int rc;

	*found = false;
	if (!(stmt = store_prepare(st, sql_at, &status)))
		return status;
	sqlite3_bind_int64(stmt, 1, (sqlite3_int64)seq);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		*found = true;
		if (sqlite3_column_bytes(stmt, 0) == CRYPTO_HASH_BYTES)
			memcpy(hash, sqlite3_column_blob(stmt, 0), CRYPTO_HASH_BYTES);
		else
			memset(hash, 0, CRYPTO_HASH_BYTES);
	} else if (rc != SQLITE_DONE) {
		status = store_fail(st, rc, "reading the ledger");
	}
	sqlite3_reset(stmt);
	return status;
}

enum core_status
checkpoint_verify(struct site *site, const char *text, size_t len,
    const uint8_t *pinned_pk, struct verify_report *out)
{
	uint8_t pk[CRYPTO_PK_BYTES], want[CRYPTO_HASH_BYTES], have[CRYPTO_HASH_BYTES];
	struct ledger_head head;
	enum core_status status;
	struct note_key k;
	uint64_t size = 0;
	size_t pk_len = 0;
	bool found;

	memset(out, 0, sizeof *out);
	status = store_meta_get(site->st, "kiosk_pk", pk, sizeof pk, &pk_len);
	if (core_status_is_storage(status))
		return status;
	if (status != CORE_OK || pk_len != CRYPTO_PK_BYTES)
		return bad(out, 0, "kiosk_pk", "the database does not record the kiosk key");
	if (pinned_pk && !crypto_equal(pinned_pk, pk, CRYPTO_PK_BYTES))
		return bad(out, 0, "kiosk_pk",
		    "the kiosk key in the database is not the pinned key");
	note_key(pk, &k);
	if ((status = parse(&k, text, len, &size, want, out)) != CORE_OK)
		return status;
	if ((status = hash_at(site->st, size, have, &found)) != CORE_OK)
		return status;
	if (!found) {
		if ((status = ledger_head(site->st, &head)) != CORE_OK)
			return status;
		return bad(out, size, "checkpoint.size",
		    "the ledger ends at seq %" PRIu64 " but the checkpoint records seq %"
		    PRIu64 ": records were removed or an older copy restored",
		    head.seq, size);
	}
	if (!crypto_equal(have, want, CRYPTO_HASH_BYTES))
		return bad(out, size, "checkpoint.hash",
		    "the entry at seq %" PRIu64 " is not the one the checkpoint records: "
		    "the records up to there were rewritten", size);
	out->count = size;
	out->first_seq = 1;
	out->last_seq = size;
	memcpy(out->head, want, CRYPTO_HASH_BYTES);
	return CORE_OK;
}
