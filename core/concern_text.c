/* SPDX-License-Identifier: ISC */
/*
 * Concerns' words and text: the ids and plain words of categories,
 * states, referrals and sources; the rules for text typed into the form;
 * and the sealed record (concern.c says its layout), built and read in
 * locked memory and sealed to the concerns public key.
 */
#include "concern_row.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>

#define PAD 256
#define KIND_REPORT 'R'
#define KIND_NOTE 'N'
#define PAYLOAD_VERSION 1

/* ---- names ---- */

static const char *const category_ids[] = {
#define CONCERN_CATEGORY_ID(name, id, words) [name] = id,
	CONCERN_CATEGORIES(CONCERN_CATEGORY_ID)
#undef CONCERN_CATEGORY_ID
};
static const char *const category_words[] = {
#define CONCERN_CATEGORY_WORDS(name, id, words) [name] = words,
	CONCERN_CATEGORIES(CONCERN_CATEGORY_WORDS)
#undef CONCERN_CATEGORY_WORDS
};
static const char *const state_ids[] = { "open", "in-progress", "closed" };
static const char *const state_words[] = { "Open", "In progress", "Closed" };
static const char *const referral_ids[] = { "none", "dsl", "police", "partner-agency" };
static const char *const referral_words[] = {
	"No referral", "Referred to the designated safeguarding lead",
	"Referred to the police", "Referred to a partner agency",
};
static const char *const source_ids[] = { "anonymous", "learner", "staff" };

#define NAME_OF(table, v, n) ((unsigned)(v) < (n) ? (table)[v] : "unknown")

const char *
concern_category_name(enum concern_category c)
{
	return NAME_OF(category_ids, c, CONCERN_CATEGORY_COUNT);
}

const char *
concern_category_words(enum concern_category c)
{
	return NAME_OF(category_words, c, CONCERN_CATEGORY_COUNT);
}

const char *
concern_state_name(enum concern_state s)
{
	return NAME_OF(state_ids, s, CONCERN_STATE_COUNT);
}

const char *
concern_state_words(enum concern_state s)
{
	return NAME_OF(state_words, s, CONCERN_STATE_COUNT);
}

const char *
concern_referral_name(enum concern_referral r)
{
	return NAME_OF(referral_ids, r, CONCERN_REFERRAL_COUNT);
}

const char *
concern_referral_words(enum concern_referral r)
{
	return NAME_OF(referral_words, r, CONCERN_REFERRAL_COUNT);
}

const char *
concern_source_name(enum concern_source s)
{
	return NAME_OF(source_ids, s, CONCERN_SOURCE_COUNT);
}

static bool
parse_id(const char *const *table, unsigned n, const char *id, unsigned *out)
{
	for (unsigned i = 0; id && i < n; i++) {
		if (strcmp(id, table[i]) == 0) {
			*out = i;
			return true;
		}
	}
	return false;
}

bool
concern_category_parse(const char *id, enum concern_category *out)
{
	unsigned v;

	if (!parse_id(category_ids, CONCERN_CATEGORY_COUNT, id, &v))
		return false;
	*out = (enum concern_category)v;
	return true;
}

bool
concern_state_parse(const char *id, enum concern_state *out)
{
	unsigned v;

	if (!parse_id(state_ids, CONCERN_STATE_COUNT, id, &v))
		return false;
	*out = (enum concern_state)v;
	return true;
}

bool
concern_referral_parse(const char *id, enum concern_referral *out)
{
	unsigned v;

	if (!parse_id(referral_ids, CONCERN_REFERRAL_COUNT, id, &v))
		return false;
	*out = (enum concern_referral)v;
	return true;
}

bool
concern_source_parse(const char *id, enum concern_source *out)
{
	unsigned v;

	if (!parse_id(source_ids, CONCERN_SOURCE_COUNT, id, &v))
		return false;
	*out = (enum concern_source)v;
	return true;
}

/* ---- text ---- */

enum core_status
concern_check_text(const char *text, size_t max_chars, bool multiline,
    bool optional)
{
	const uint8_t *p = (const uint8_t *)(text ? text : "");
	size_t left = strlen((const char *)p), chars = 0, visible = 0;
	ucs4_t c;
	int n;

	if (u8_check(p, left))
		return core_fail(CORE_ERR_INVALID,
		    "Some of the letters could not be read. Please type them again.");
	for (; left; p += n, left -= (size_t)n) {
		n = u8_mbtouc(&c, p, left);
		if (n <= 0)
			return core_fail(CORE_ERR_INVALID,
			    "Some of the letters could not be read. Please type them again.");
		if (c == '\n' && !multiline)
			return core_fail(CORE_ERR_INVALID, "Please keep this to one line.");
		if ((c < 0x20 && c != '\n') || (c >= 0x7f && c <= 0x9f))
			return core_fail(CORE_ERR_INVALID,
			    "The text has a control character in it. Please take it out.");
		chars++;
		visible += c != ' ' && c != '\n';
	}
	if (chars > max_chars)
		return core_fail(CORE_ERR_INVALID,
		    "That is too long. Please use at most %zu characters.", max_chars);
	if (visible == 0 && !optional)
		return core_fail(CORE_ERR_INVALID, "Please write something first.");
	return CORE_OK;
}

/* ---- the sealed record ---- */

static void
put_be(uint8_t *p, uint32_t v, int bytes)
{
	for (int i = bytes - 1; i >= 0; i--, v >>= 8)
		p[i] = (uint8_t)v;
}

static uint32_t
get_be(const uint8_t *p, int bytes)
{
	uint32_t v = 0;

	for (int i = 0; i < bytes; i++)
		v = v << 8 | p[i];
	return v;
}

static enum core_status
payload_alloc(struct concern_payload *p, size_t need)
{
	p->cap = (need + PAD - 1) / PAD * PAD;
	p->len = 0;
	if (!(p->buf = (uint8_t *)secret_alloc(p->cap)))
		return core_fail(CORE_ERR_NOMEM, "no locked memory for the concern");
	return CORE_OK;
}

void
concern_payload_free(struct concern_payload *p)
{
	secret_free((char **)&p->buf, p->cap);
	p->cap = p->len = 0;
}

static void
payload_put(struct concern_payload *p, const void *bytes, size_t n)
{
	memcpy(p->buf + p->len, bytes, n);
	p->len += n;
}

enum core_status
concern_payload_report(struct concern_payload *p, const char *text,
    const char *talk_to, const uint8_t (*people)[CRYPTO_ID_BYTES], size_t npeople)
{
	size_t tlen = strlen(text), alen = strlen(talk_to);
	uint8_t hdr[4];
	enum core_status status;

	status = payload_alloc(p, 2 + 4 + tlen + 2 + alen + 1 +
	    npeople * CRYPTO_ID_BYTES);
	if (status != CORE_OK)
		return status;
	hdr[0] = KIND_REPORT;
	hdr[1] = PAYLOAD_VERSION;
	payload_put(p, hdr, 2);
	put_be(hdr, (uint32_t)tlen, 4);
	payload_put(p, hdr, 4);
	payload_put(p, text, tlen);
	put_be(hdr, (uint32_t)alen, 2);
	payload_put(p, hdr, 2);
	payload_put(p, talk_to, alen);
	hdr[0] = (uint8_t)npeople;
	payload_put(p, hdr, 1);
	for (size_t i = 0; i < npeople; i++)
		payload_put(p, people[i], CRYPTO_ID_BYTES);
	p->len = p->cap;	/* the rest is zero padding */
	return CORE_OK;
}

enum core_status
concern_payload_note(struct concern_payload *p, const char *note)
{
	size_t n = strlen(note);
	uint8_t hdr[4];
	enum core_status status;

	if ((status = payload_alloc(p, 2 + 4 + n)) != CORE_OK)
		return status;
	hdr[0] = KIND_NOTE;
	hdr[1] = PAYLOAD_VERSION;
	payload_put(p, hdr, 2);
	put_be(hdr, (uint32_t)n, 4);
	payload_put(p, hdr, 4);
	payload_put(p, note, n);
	p->len = p->cap;
	return CORE_OK;
}

/* A NUL-terminated copy in locked memory; NULL if out of memory or a NUL inside. */
char *
concern_locked_copy(const uint8_t *bytes, size_t n)
{
	char *s;

	if (memchr(bytes, '\0', n) || !(s = secret_alloc(n + 1)))
		return NULL;
	memcpy(s, bytes, n);
	return s;
}

void
concern_locked_free(char **s)
{
	if (*s)
		secret_free(s, strlen(*s) + 1);
}

/* Read n bytes at *at, within len; false when they run past the end. */
static bool
take(const uint8_t *buf, size_t len, size_t *at, size_t n, const uint8_t **out)
{
	if (n > len - *at)
		return false;
	*out = buf + *at;
	*at += n;
	return true;
}

static enum core_status
bad_payload(void)
{
	return core_fail(CORE_ERR_VERIFY, "the sealed record is not in a known form");
}

/* The report's parts, into t (text, talk_to, involved pseudonyms). */
enum core_status
concern_payload_parse_report(const uint8_t *buf, size_t len,
    struct concern_text *t, uint8_t (*people)[CRYPTO_ID_BYTES], size_t *npeople)
{
	const uint8_t *q, *text, *talk;
	size_t at = 0, tlen, alen, n;

	if (!take(buf, len, &at, 6, &q) || q[0] != KIND_REPORT || q[1] != PAYLOAD_VERSION)
		return bad_payload();
	tlen = get_be(q + 2, 4);
	if (!take(buf, len, &at, tlen, &text) || !take(buf, len, &at, 2, &q))
		return bad_payload();
	alen = get_be(q, 2);
	if (!take(buf, len, &at, alen, &talk) || !take(buf, len, &at, 1, &q) ||
	    (n = q[0]) > CONCERN_LEARNERS_MAX ||
	    !take(buf, len, &at, n * CRYPTO_ID_BYTES, &q))
		return bad_payload();
	for (size_t i = 0; i < n; i++)
		memcpy(people[i], q + i * CRYPTO_ID_BYTES, CRYPTO_ID_BYTES);
	*npeople = n;
	t->text = concern_locked_copy(text, tlen);
	t->talk_to = concern_locked_copy(talk, alen);
	if (!t->text || !t->talk_to)
		return core_fail(CORE_ERR_NOMEM, "no locked memory for the concern");
	return CORE_OK;
}

enum core_status
concern_payload_parse_note(const uint8_t *buf, size_t len, char **note)
{
	const uint8_t *q, *text;
	size_t at = 0, n;

	if (!take(buf, len, &at, 6, &q) || q[0] != KIND_NOTE || q[1] != PAYLOAD_VERSION)
		return bad_payload();
	n = get_be(q + 2, 4);
	if (!take(buf, len, &at, n, &text))
		return bad_payload();
	if (!(*note = concern_locked_copy(text, n)))
		return core_fail(CORE_ERR_NOMEM, "no locked memory for the note");
	return CORE_OK;
}

/* Seal p to pk: *out malloc()ed (ciphertext, not secret), hash of it. */
enum core_status
concern_seal(const uint8_t pk[CRYPTO_PK_BYTES], const struct concern_payload *p,
    uint8_t **out, size_t *out_len, uint8_t hash[CRYPTO_HASH_BYTES])
{
	enum core_status status;

	*out_len = p->len + CRYPTO_BOX_SEAL_BYTES;
	if (!(*out = malloc(*out_len)))
		return core_fail(CORE_ERR_NOMEM, "no memory to seal the concern");
	if ((status = crypto_seal_to(pk, p->buf, p->len, *out)) != CORE_OK) {
		free(*out);
		*out = NULL;
		return status;
	}
	crypto_blake2b(*out, *out_len, hash);
	return CORE_OK;
}

/* Open sealed bytes with key into locked memory (concern_payload_free it). */
enum core_status
concern_open_sealed(const struct concerns_key *key, const uint8_t *sealed,
    size_t len, struct concern_payload *p)
{
	enum core_status status;

	memset(p, 0, sizeof *p);
	if (len < CRYPTO_BOX_SEAL_BYTES + 6)
		return bad_payload();
	if ((status = payload_alloc(p, len - CRYPTO_BOX_SEAL_BYTES)) != CORE_OK)
		return status;
	status = concerns_key_open_box(key, sealed, len, p->buf);
	p->len = len - CRYPTO_BOX_SEAL_BYTES;
	if (status != CORE_OK)
		concern_payload_free(p);
	return status;
}
