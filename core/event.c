/* SPDX-License-Identifier: ISC */
/*
 * Events and their canonical bytes; the layout is documented in event.h.
 * The encoder is the only writer of that layout and the decoder accepts
 * exactly what the encoder produces, so decode-then-encode is the identity
 * (verify relies on this). Decode failures are CORE_ERR_VERIFY with a detail
 * of the form "<field>: <problem>", e.g. "docs[2].hash: truncated".
 */
#include "event.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CONTEXT_LEN (sizeof EVENT_CONTEXT - 1)
/* Smallest encodings of one doc and one field: lengths plus fixed parts. */
#define DOC_MIN (2 + CRYPTO_HASH_BYTES)
#define FIELD_MIN (2 + 4)
/*
 * Counts are u16, so a hostile count costs at most 65535 small slots; the
 * fields themselves are checked one by one, so a failure names the field.
 */

const char *
event_kind_words(unsigned kind)
{
	switch (kind) {
#define EVENT_KIND_WORDS(name, num, words) case num: return words;
	EVENT_KINDS(EVENT_KIND_WORDS)
#undef EVENT_KIND_WORDS
	default:
		return NULL;
	}
}

void
event_init(struct event *ev, uint16_t kind)
{
	memset(ev, 0, sizeof *ev);
	ev->version = EVENT_VERSION;
	ev->kind = kind;
}

void
event_clear(struct event *ev)
{
	for (size_t i = 0; i < ev->ndocs; i++)
		free(ev->docs[i].step);
	for (size_t i = 0; i < ev->nfields; i++) {
		free(ev->fields[i].key);
		free(ev->fields[i].value);
	}
	free(ev->docs);
	free(ev->fields);
	free(ev->meaning);
	memset(ev, 0, sizeof *ev);
}

static char *
dup_bytes(const void *p, size_t len)
{
	char *s = malloc(len + 1);

	if (s) {
		if (len)
			memcpy(s, p, len);
		s[len] = '\0';
	}
	return s;
}

enum core_status
event_add_doc(struct event *ev, const char *step,
    const uint8_t hash[CRYPTO_HASH_BYTES])
{
	struct event_doc *docs;
	char *copy;

	if (!step || strlen(step) > UINT16_MAX || ev->ndocs >= UINT16_MAX)
		return core_fail(CORE_ERR_INVALID, "event: bad document step id");
	docs = realloc(ev->docs, (ev->ndocs + 1) * sizeof *docs);
	if (!docs)
		return core_fail(CORE_ERR_NOMEM, "event: documents");
	ev->docs = docs;
	if (!(copy = dup_bytes(step, strlen(step))))
		return core_fail(CORE_ERR_NOMEM, "event: documents");
	docs[ev->ndocs].step = copy;
	memcpy(docs[ev->ndocs].hash, hash, CRYPTO_HASH_BYTES);
	ev->ndocs++;
	return CORE_OK;
}

enum core_status
event_add_field(struct event *ev, const char *key, const void *value, size_t len)
{
	struct event_field *fields;
	char *k, *v;

	if (!key || strlen(key) > UINT16_MAX || ev->nfields >= UINT16_MAX ||
	    len > UINT32_MAX || (!value && len))
		return core_fail(CORE_ERR_INVALID, "event: bad field %s",
		    key ? key : "(null)");
	fields = realloc(ev->fields, (ev->nfields + 1) * sizeof *fields);
	if (!fields)
		return core_fail(CORE_ERR_NOMEM, "event: fields");
	ev->fields = fields;
	k = dup_bytes(key, strlen(key));
	v = dup_bytes(value, len);
	if (!k || !v) {
		free(k);
		free(v);
		return core_fail(CORE_ERR_NOMEM, "event: fields");
	}
	fields[ev->nfields].key = k;
	fields[ev->nfields].value = (uint8_t *)v;
	fields[ev->nfields].len = len;
	ev->nfields++;
	return CORE_OK;
}

enum core_status
event_add_text(struct event *ev, const char *key, const char *value)
{
	if (!value)
		return core_fail(CORE_ERR_INVALID, "event: field %s has no text",
		    key ? key : "(null)");
	return event_add_field(ev, key, value, strlen(value));
}

/* Decimal ASCII, so a field reads the same to people and programs. */
enum core_status
event_add_int(struct event *ev, const char *key, long long value)
{
	char buf[32];
	int n = snprintf(buf, sizeof buf, "%lld", value);

	return event_add_field(ev, key, buf, (size_t)n);
}

enum core_status
event_set_meaning(struct event *ev, const char *meaning)
{
	char *copy = NULL;

	if (meaning && !(copy = dup_bytes(meaning, strlen(meaning))))
		return core_fail(CORE_ERR_NOMEM, "event: meaning");
	free(ev->meaning);
	ev->meaning = copy;
	return CORE_OK;
}

const struct event_field *
event_field(const struct event *ev, const char *key)
{
	for (size_t i = 0; i < ev->nfields; i++)
		if (strcmp(ev->fields[i].key, key) == 0)
			return &ev->fields[i];
	return NULL;
}

/* ---- encoding ---- */

static uint8_t *
put_be(uint8_t *p, uint64_t v, int n)
{
	for (int i = n - 1; i >= 0; i--, v >>= 8)
		p[i] = (uint8_t)v;
	return p + n;
}

static uint8_t *
put_raw(uint8_t *p, const void *src, size_t n)
{
	if (n)
		memcpy(p, src, n);
	return p + n;
}

enum core_status
event_encode(const struct event *ev, uint8_t **out, size_t *len)
{
	size_t size, meaning_len = ev->meaning ? strlen(ev->meaning) : 0;
	uint8_t *buf, *p;

	*out = NULL;
	*len = 0;
	if (ev->version != EVENT_VERSION)
		return core_fail(CORE_ERR_INVALID, "event: cannot encode version %u",
		    (unsigned)ev->version);
	if (ev->ndocs > UINT16_MAX || ev->nfields > UINT16_MAX ||
	    meaning_len > UINT32_MAX)
		return core_fail(CORE_ERR_INVALID, "event: too large to encode");
	size = 2 + CONTEXT_LEN + 2 + CRYPTO_ID_BYTES + 8 + CRYPTO_HASH_BYTES +
	    8 + 2 + 4 * CRYPTO_ID_BYTES + 2 + 2 + 4 + meaning_len;
	for (size_t i = 0; i < ev->ndocs; i++) {
		if (!ev->docs[i].step || strlen(ev->docs[i].step) > UINT16_MAX)
			return core_fail(CORE_ERR_INVALID, "event: docs[%zu].step", i);
		size += DOC_MIN + strlen(ev->docs[i].step);
	}
	for (size_t i = 0; i < ev->nfields; i++) {
		const struct event_field *f = &ev->fields[i];

		if (!f->key || strlen(f->key) > UINT16_MAX || f->len > UINT32_MAX ||
		    (!f->value && f->len))
			return core_fail(CORE_ERR_INVALID, "event: fields[%zu]", i);
		size += FIELD_MIN + strlen(f->key) + f->len;
	}
	if (!(buf = malloc(size)))
		return core_fail(CORE_ERR_NOMEM, "event: %zu bytes", size);

	p = put_be(buf, CONTEXT_LEN, 2);
	p = put_raw(p, EVENT_CONTEXT, CONTEXT_LEN);
	p = put_be(p, ev->version, 2);
	p = put_raw(p, ev->kiosk_id, CRYPTO_ID_BYTES);
	p = put_be(p, ev->seq, 8);
	p = put_raw(p, ev->prev, CRYPTO_HASH_BYTES);
	p = put_be(p, (uint64_t)ev->time_ms, 8);
	p = put_be(p, ev->kind, 2);
	p = put_raw(p, ev->subject, CRYPTO_ID_BYTES);
	p = put_raw(p, ev->actor, CRYPTO_ID_BYTES);
	p = put_raw(p, ev->key_id, CRYPTO_ID_BYTES);
	p = put_raw(p, ev->witness_key_id, CRYPTO_ID_BYTES);
	p = put_be(p, ev->ndocs, 2);
	for (size_t i = 0; i < ev->ndocs; i++) {
		size_t n = strlen(ev->docs[i].step);

		p = put_be(p, n, 2);
		p = put_raw(p, ev->docs[i].step, n);
		p = put_raw(p, ev->docs[i].hash, CRYPTO_HASH_BYTES);
	}
	p = put_be(p, ev->nfields, 2);
	for (size_t i = 0; i < ev->nfields; i++) {
		size_t n = strlen(ev->fields[i].key);

		p = put_be(p, n, 2);
		p = put_raw(p, ev->fields[i].key, n);
		p = put_be(p, ev->fields[i].len, 4);
		p = put_raw(p, ev->fields[i].value, ev->fields[i].len);
	}
	p = put_be(p, meaning_len, 4);
	p = put_raw(p, ev->meaning, meaning_len);
	if ((size_t)(p - buf) != size)
		core_fatal("event_encode: size mismatch");
	*out = buf;
	*len = size;
	return CORE_OK;
}

/* ---- decoding ---- */

struct reader {
	const uint8_t *p, *end;
	size_t at;	/* the index a field name's "[]" stands for */
};

/*
 * A field's name for a message: "docs[].hash" is docs[r->at].hash. Made
 * only on failure: verify decodes millions of entries, and naming
 * each field as it was read showed in its profile.
 */
static enum core_status
bad(const struct reader *r, const char *field, const char *problem)
{
	const char *br = strstr(field, "[]");

	if (!br)
		return core_fail(CORE_ERR_VERIFY, "%s: %s", field, problem);
	return core_fail(CORE_ERR_VERIFY, "%.*s[%zu]%s: %s", (int)(br - field),
	    field, r->at, br + 2, problem);
}

static enum core_status
rd_raw(struct reader *r, const char *field, void *dst, size_t n)
{
	if ((size_t)(r->end - r->p) < n)
		return bad(r, field, "truncated");
	if (n)
		memcpy(dst, r->p, n);
	r->p += n;
	return CORE_OK;
}

static enum core_status
rd_be(struct reader *r, const char *field, int n, uint64_t *v)
{
	uint8_t b[8] = { 0 };
	enum core_status rc = rd_raw(r, field, b, (size_t)n);

	*v = 0;
	for (int i = 0; rc == CORE_OK && i < n; i++)
		*v = *v << 8 | b[i];
	return rc;
}

/* A length-prefixed byte string (n-byte length), copied NUL-terminated. */
static enum core_status
rd_var(struct reader *r, const char *field, int n, bool text, char **out,
    size_t *outlen)
{
	uint64_t len;
	enum core_status rc = rd_be(r, field, n, &len);

	*out = NULL;
	if (rc != CORE_OK)
		return rc;
	if ((uint64_t)(r->end - r->p) < len)
		return bad(r, field, "length past the end");
	/* Text is re-encoded with strlen: an inner NUL would not round-trip. */
	if (text && len && memchr(r->p, '\0', (size_t)len))
		return bad(r, field, "contains a NUL byte");
	if (!(*out = dup_bytes(r->p, (size_t)len)))
		return core_fail(CORE_ERR_NOMEM, "event: %s", field);
	r->p += len;
	if (outlen)
		*outlen = (size_t)len;
	return CORE_OK;
}

static enum core_status
decode_header(struct reader *r, struct event *ev)
{
	uint8_t ctx[CONTEXT_LEN];
	uint64_t v;
	enum core_status rc;

	if ((rc = rd_be(r, "context", 2, &v)) != CORE_OK)
		return rc;
	if (v != CONTEXT_LEN)
		return bad(r, "context", "wrong context string");
	if ((rc = rd_raw(r, "context", ctx, CONTEXT_LEN)) != CORE_OK)
		return rc;
	if (memcmp(ctx, EVENT_CONTEXT, CONTEXT_LEN) != 0)
		return bad(r, "context", "wrong context string");
	if ((rc = rd_be(r, "version", 2, &v)) != CORE_OK)
		return rc;
	if (v != EVENT_VERSION)
		return core_fail(CORE_ERR_VERIFY, "version: unknown version %u",
		    (unsigned)v);
	ev->version = (uint16_t)v;
	if ((rc = rd_raw(r, "kiosk_id", ev->kiosk_id, CRYPTO_ID_BYTES)) ||
	    (rc = rd_be(r, "seq", 8, &ev->seq)) ||
	    (rc = rd_raw(r, "prev", ev->prev, CRYPTO_HASH_BYTES)) ||
	    (rc = rd_be(r, "time_ms", 8, &v)))
		return rc;
	ev->time_ms = (int64_t)v;
	if ((rc = rd_be(r, "kind", 2, &v)))
		return rc;
	ev->kind = (uint16_t)v;
	if ((rc = rd_raw(r, "subject", ev->subject, CRYPTO_ID_BYTES)) ||
	    (rc = rd_raw(r, "actor", ev->actor, CRYPTO_ID_BYTES)) ||
	    (rc = rd_raw(r, "key_id", ev->key_id, CRYPTO_ID_BYTES)) ||
	    (rc = rd_raw(r, "witness_key_id", ev->witness_key_id, CRYPTO_ID_BYTES)))
		return rc;
	return CORE_OK;
}

static enum core_status
decode_docs(struct reader *r, struct event *ev)
{
	uint64_t n;
	enum core_status rc;

	if ((rc = rd_be(r, "ndocs", 2, &n)) != CORE_OK)
		return rc;
	if (n && !(ev->docs = calloc((size_t)n, sizeof *ev->docs)))
		return core_fail(CORE_ERR_NOMEM, "event: documents");
	for (size_t i = 0; i < n; i++) {
		ev->ndocs = i + 1;
		r->at = i;
		if ((rc = rd_var(r, "docs[].step", 2, true, &ev->docs[i].step, NULL)) ||
		    (rc = rd_raw(r, "docs[].hash", ev->docs[i].hash, CRYPTO_HASH_BYTES)))
			return rc;
	}
	return CORE_OK;
}

static enum core_status
decode_fields(struct reader *r, struct event *ev)
{
	uint64_t n;
	enum core_status rc;

	if ((rc = rd_be(r, "nfields", 2, &n)) != CORE_OK)
		return rc;
	if (n && !(ev->fields = calloc((size_t)n, sizeof *ev->fields)))
		return core_fail(CORE_ERR_NOMEM, "event: fields");
	for (size_t i = 0; i < n; i++) {
		struct event_field *f = &ev->fields[i];
		char *value;

		ev->nfields = i + 1;
		r->at = i;
		if ((rc = rd_var(r, "fields[].key", 2, true, &f->key, NULL)) ||
		    (rc = rd_var(r, "fields[].value", 4, false, &value, &f->len)))
			return rc;
		f->value = (uint8_t *)value;
	}
	return CORE_OK;
}

enum core_status
event_decode(const uint8_t *buf, size_t len, struct event *ev)
{
	struct reader r = { buf, buf + len, 0 };
	size_t mlen = 0;
	enum core_status rc;

	memset(ev, 0, sizeof *ev);
	if (!buf)
		return bad(&r, "context", "no bytes");
	if ((rc = decode_header(&r, ev)) || (rc = decode_docs(&r, ev)) ||
	    (rc = decode_fields(&r, ev)) ||
	    (rc = rd_var(&r, "meaning", 4, true, &ev->meaning, &mlen)))
		goto fail;
	if (mlen == 0) {	/* empty meaning is "none", as the encoder writes it */
		free(ev->meaning);
		ev->meaning = NULL;
	}
	if (r.p != r.end) {
		rc = core_fail(CORE_ERR_VERIFY, "end: %zu trailing bytes",
		    (size_t)(r.end - r.p));
		goto fail;
	}
	return CORE_OK;
fail:
	event_clear(ev);
	return rc;
}
