/* SPDX-License-Identifier: ISC */
/*
 * core/event: the canonical "signoff/event/v1" bytes. A golden encoding pins
 * the format byte for byte; decode must refuse every truncation, trailing
 * bytes, unknown versions, a wrong context and lengths past the end, naming
 * the field.
 */
#include "tests/unit/testutil.h"

#include "core/event.h"

/* The golden event below, field by field as event.h lays it out. */
static const char golden_hex[] =
    "0010" "7369676e6f66662f6576656e742f7631"	/* context */
    "0001"					/* version */
    "000102030405060708090a0b0c0d0e0f"		/* kiosk_id */
    "0000000000000007"				/* seq */
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" /* prev */
    "0000018bcfe56800"				/* time_ms 1700000000000 */
    "0006"					/* kind: document accepted */
    "11111111111111111111111111111111"		/* subject */
    "22222222222222222222222222222222"		/* actor */
    "33333333333333333333333333333333"		/* key_id */
    "00000000000000000000000000000000"		/* witness_key_id */
    "0001"					/* ndocs */
    "0003" "617570"				/* docs[0].step "aup" */
    "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb" /* hash */
    "0001"					/* nfields */
    "000b" "656e645f72656163686564"		/* key "end_reached" */
    "00000001" "31"				/* value "1" */
    "00000008" "492061677265652e";		/* meaning "I agree." */

static void
golden_event(struct event *ev)
{
	uint8_t hash[CRYPTO_HASH_BYTES];

	event_init(ev, EV_DOC_ACCEPTED);
	for (int i = 0; i < CRYPTO_ID_BYTES; i++)
		ev->kiosk_id[i] = (uint8_t)i;
	ev->seq = 7;
	memset(ev->prev, 0xaa, sizeof ev->prev);
	ev->time_ms = 1700000000000LL;
	memset(ev->subject, 0x11, sizeof ev->subject);
	memset(ev->actor, 0x22, sizeof ev->actor);
	memset(ev->key_id, 0x33, sizeof ev->key_id);
	memset(hash, 0xbb, sizeof hash);
	assert_int_equal(event_add_doc(ev, "aup", hash), CORE_OK);
	assert_int_equal(event_add_int(ev, "end_reached", 1), CORE_OK);
	assert_int_equal(event_set_meaning(ev, "I agree."), CORE_OK);
}

/* A richer event: several docs, text, binary and integer fields. */
static void
rich_event(struct event *ev)
{
	uint8_t hash[CRYPTO_HASH_BYTES], blob[5] = { 0, 1, 0, 0xff, 0 };

	event_init(ev, EV_WALK_SIGNED);
	memset(ev->kiosk_id, 0x42, sizeof ev->kiosk_id);
	ev->seq = 123456789012ULL;
	memset(ev->prev, 0x5a, sizeof ev->prev);
	ev->time_ms = -5;	/* before the epoch still encodes exactly */
	memset(ev->subject, 1, sizeof ev->subject);
	memset(ev->witness_key_id, 9, sizeof ev->witness_key_id);
	for (int i = 0; i < 3; i++) {
		char step[32];

		memset(hash, 0x10 + i, sizeof hash);
		snprintf(step, sizeof step, "step-%d", i);
		assert_int_equal(event_add_doc(ev, step, hash), CORE_OK);
	}
	assert_int_equal(event_add_text(ev, "title", "Acceptable use \xe2\x80\x94 v2"),
	    CORE_OK);
	assert_int_equal(event_add_field(ev, "blob", blob, sizeof blob), CORE_OK);
	assert_int_equal(event_add_field(ev, "empty", NULL, 0), CORE_OK);
	assert_int_equal(event_add_int(ev, "attempts", -42), CORE_OK);
	assert_int_equal(event_set_meaning(ev, "I have read and agree."), CORE_OK);
}

static void
to_hex(const uint8_t *p, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", p[i]);
}

static void
encode(const struct event *ev, uint8_t **buf, size_t *len)
{
	assert_int_equal(event_encode(ev, buf, len), CORE_OK);
	assert_non_null(*buf);
}

/* Decoding must fail with CORE_ERR_VERIFY, the detail naming the field first. */
static void
expect_refused(const uint8_t *buf, size_t len, const char *prefix)
{
	struct event ev;

	assert_int_equal(event_decode(buf, len, &ev), CORE_ERR_VERIFY);
	if (strncmp(core_detail(), prefix, strlen(prefix)) != 0)
		fail_msg("detail \"%s\" does not start \"%s\"", core_detail(), prefix);
	/* A refused decode leaves nothing to free. */
	assert_null(ev.docs);
	assert_null(ev.fields);
	assert_null(ev.meaning);
	event_clear(&ev);
}

static void
test_golden_encoding(void **state)
{
	struct event ev;
	uint8_t *buf;
	size_t len;
	char *hex;

	(void)state;
	golden_event(&ev);
	encode(&ev, &buf, &len);
	assert_int_equal(len * 2, strlen(golden_hex));
	hex = malloc(2 * len + 1);
	assert_non_null(hex);
	to_hex(buf, len, hex);
	assert_string_equal(hex, golden_hex);
	free(hex);
	free(buf);
	event_clear(&ev);
}

static void
test_round_trip(void **state)
{
	struct event ev, back;
	const struct event_field *f;
	uint8_t *buf, *again;
	size_t len, len2;

	(void)state;
	rich_event(&ev);
	encode(&ev, &buf, &len);
	assert_int_equal(event_decode(buf, len, &back), CORE_OK);

	assert_int_equal(back.version, EVENT_VERSION);
	assert_int_equal(back.kind, EV_WALK_SIGNED);
	assert_int_equal(back.seq, 123456789012ULL);
	assert_int_equal(back.time_ms, -5);
	assert_memory_equal(back.kiosk_id, ev.kiosk_id, CRYPTO_ID_BYTES);
	assert_memory_equal(back.prev, ev.prev, CRYPTO_HASH_BYTES);
	assert_memory_equal(back.subject, ev.subject, CRYPTO_ID_BYTES);
	assert_memory_equal(back.actor, ev.actor, CRYPTO_ID_BYTES);
	assert_memory_equal(back.key_id, ev.key_id, CRYPTO_ID_BYTES);
	assert_memory_equal(back.witness_key_id, ev.witness_key_id, CRYPTO_ID_BYTES);
	assert_int_equal(back.ndocs, 3);
	for (size_t i = 0; i < 3; i++) {
		assert_string_equal(back.docs[i].step, ev.docs[i].step);
		assert_memory_equal(back.docs[i].hash, ev.docs[i].hash,
		    CRYPTO_HASH_BYTES);
	}
	assert_int_equal(back.nfields, 4);
	f = event_field(&back, "title");
	assert_non_null(f);
	assert_string_equal((const char *)f->value, "Acceptable use \xe2\x80\x94 v2");
	f = event_field(&back, "blob");
	assert_non_null(f);
	assert_int_equal(f->len, 5);
	assert_memory_equal(f->value, ((uint8_t[]){ 0, 1, 0, 0xff, 0 }), 5);
	f = event_field(&back, "empty");
	assert_non_null(f);
	assert_int_equal(f->len, 0);
	assert_string_equal((const char *)f->value, "");
	f = event_field(&back, "attempts");
	assert_non_null(f);
	assert_string_equal((const char *)f->value, "-42");
	assert_null(event_field(&back, "missing"));
	assert_string_equal(back.meaning, "I have read and agree.");

	encode(&back, &again, &len2);
	assert_int_equal(len, len2);
	assert_memory_equal(buf, again, len);
	free(again);
	free(buf);
	event_clear(&back);
	event_clear(&ev);
	assert_int_equal(ev.ndocs, 0);
	assert_null(ev.docs);
}

static void
test_minimal_event_round_trip(void **state)
{
	struct event ev, back;
	uint8_t *buf, *again;
	size_t len, len2;

	(void)state;
	event_init(&ev, EV_KIOSK_INIT);
	encode(&ev, &buf, &len);
	/* Fixed part only: 2+16+2+16+8+32+8+2+4*16+2+2+4. */
	assert_int_equal(len, 158);
	assert_int_equal(event_decode(buf, len, &back), CORE_OK);
	assert_null(back.meaning);
	assert_int_equal(back.ndocs, 0);
	assert_int_equal(back.nfields, 0);
	encode(&back, &again, &len2);
	assert_int_equal(len, len2);
	assert_memory_equal(buf, again, len);
	free(buf);
	free(again);
	event_clear(&back);
	event_clear(&ev);
}

static void
test_every_truncation_refused(void **state)
{
	struct event ev;
	uint8_t *buf, *copy;
	size_t len;

	(void)state;
	rich_event(&ev);
	encode(&ev, &buf, &len);
	for (size_t n = 0; n < len; n++) {
		struct event back;

		/* An exact-size copy, so a read past n is caught by ASan too. */
		copy = malloc(n ? n : 1);
		assert_non_null(copy);
		memcpy(copy, buf, n);
		if (event_decode(copy, n, &back) != CORE_ERR_VERIFY)
			fail_msg("a truncation to %zu of %zu bytes was accepted", n, len);
		assert_non_null(strchr(core_detail(), ':'));
		event_clear(&back);
		free(copy);
	}
	free(buf);
	event_clear(&ev);
}

static void
test_truncation_names_field(void **state)
{
	struct event ev;
	uint8_t *buf;
	size_t len, docs_end;

	(void)state;
	rich_event(&ev);
	encode(&ev, &buf, &len);
	/* Header: 158 bytes less the trailing counts and meaning length. */
	expect_refused(buf, 1, "context:");
	expect_refused(buf, 19, "version:");
	expect_refused(buf, 20 + 3, "kiosk_id:");
	expect_refused(buf, 36 + 1, "seq:");
	expect_refused(buf, 44 + 31, "prev:");
	expect_refused(buf, 76 + 7, "time_ms:");
	expect_refused(buf, 84 + 1, "kind:");
	expect_refused(buf, 86 + 1, "subject:");
	expect_refused(buf, 102 + 1, "actor:");
	expect_refused(buf, 118 + 1, "key_id:");
	expect_refused(buf, 134 + 1, "witness_key_id:");
	expect_refused(buf, 150 + 1, "ndocs:");
	/* Three docs of (2 + 6 + 32) bytes each start at 152. */
	expect_refused(buf, 152 + 2 * 40 + 2 + 6 + 31, "docs[2].hash:");
	expect_refused(buf, 152 + 2 * 40 + 1, "docs[2].step:");
	docs_end = 152 + 3 * 40;
	expect_refused(buf, docs_end + 1, "nfields:");
	expect_refused(buf, docs_end + 2 + 3, "fields[0].key:");
	expect_refused(buf, len - 1, "meaning:");
	free(buf);
	event_clear(&ev);
}

static void
test_malformed_refused(void **state)
{
	struct event ev;
	uint8_t *buf, *bad;
	size_t len;

	(void)state;
	golden_event(&ev);
	encode(&ev, &buf, &len);
	bad = malloc(len + 1);
	assert_non_null(bad);

	/* Trailing bytes. */
	memcpy(bad, buf, len);
	bad[len] = 0;
	expect_refused(bad, len + 1, "end:");

	/* Unknown versions, before and after ours. */
	memcpy(bad, buf, len);
	bad[19] = 2;
	expect_refused(bad, len, "version:");
	bad[19] = 0;
	expect_refused(bad, len, "version:");

	/* Another context string, and another context length. */
	memcpy(bad, buf, len);
	bad[2 + 15] = '2';
	expect_refused(bad, len, "context:");
	memcpy(bad, buf, len);
	bad[1] = 15;
	expect_refused(bad, len, "context:");

	/* A step length running past the end. */
	memcpy(bad, buf, len);
	bad[152] = 0xff;
	expect_refused(bad, len, "docs[0].step:");

	/* A doc count larger than the docs there are. */
	memcpy(bad, buf, len);
	bad[150] = 0x7f;
	expect_refused(bad, len, "docs[1].");

	/* A value length past the end; a field count past the end. */
	memcpy(bad, buf, len);
	bad[152 + 2 + 3 + 32 + 2 + 2 + 11] = 0x10;
	expect_refused(bad, len, "fields[0].value:");
	memcpy(bad, buf, len);
	bad[152 + 2 + 3 + 32] = 0x40;
	expect_refused(bad, len, "fields[1].");

	/* A meaning length one too long or one too short. */
	memcpy(bad, buf, len);
	bad[len - 8 - 1] = 9;
	expect_refused(bad, len, "meaning:");
	bad[len - 8 - 1] = 7;
	expect_refused(bad, len, "end:");

	/* A NUL inside a step id would not survive re-encoding. */
	memcpy(bad, buf, len);
	bad[152 + 2 + 1] = 0;
	expect_refused(bad, len, "docs[0].step:");

	expect_refused(NULL, 0, "context:");
	expect_refused(buf, 0, "context: truncated");
	free(bad);
	free(buf);
	event_clear(&ev);
}

static void
test_add_copies_inputs(void **state)
{
	struct event ev;
	uint8_t hash[CRYPTO_HASH_BYTES];
	char step[] = "aup", key[] = "k", value[] = "v1";
	const struct event_field *f;

	(void)state;
	event_init(&ev, EV_CONSENT_GIVEN);
	assert_int_equal(ev.version, EVENT_VERSION);
	assert_int_equal(ev.kind, EV_CONSENT_GIVEN);
	memset(hash, 1, sizeof hash);
	assert_int_equal(event_add_doc(&ev, step, hash), CORE_OK);
	assert_int_equal(event_add_text(&ev, key, value), CORE_OK);
	assert_int_equal(event_add_int(&ev, "n", 1234567890123LL), CORE_OK);
	step[0] = 'X';
	key[0] = 'X';
	value[0] = 'X';
	memset(hash, 2, sizeof hash);
	assert_string_equal(ev.docs[0].step, "aup");
	assert_int_equal(ev.docs[0].hash[0], 1);
	f = event_field(&ev, "k");
	assert_non_null(f);
	assert_string_equal((const char *)f->value, "v1");
	assert_int_equal(f->len, 2);
	f = event_field(&ev, "n");
	assert_non_null(f);
	assert_string_equal((const char *)f->value, "1234567890123");

	assert_int_equal(event_set_meaning(&ev, "first"), CORE_OK);
	assert_int_equal(event_set_meaning(&ev, "second"), CORE_OK);
	assert_string_equal(ev.meaning, "second");
	assert_int_equal(event_set_meaning(&ev, NULL), CORE_OK);
	assert_null(ev.meaning);

	assert_int_equal(event_add_doc(&ev, NULL, hash), CORE_ERR_INVALID);
	assert_int_equal(event_add_field(&ev, NULL, "x", 1), CORE_ERR_INVALID);
	assert_int_equal(event_add_field(&ev, "x", NULL, 1), CORE_ERR_INVALID);
	assert_int_equal(event_add_text(&ev, "x", NULL), CORE_ERR_INVALID);
	event_clear(&ev);
	event_clear(&ev);
}

static void
test_encode_refuses_other_versions(void **state)
{
	struct event ev;
	uint8_t *buf = (uint8_t *)&ev;
	size_t len = 1;

	(void)state;
	event_init(&ev, EV_KIOSK_INIT);
	ev.version = 2;
	assert_int_equal(event_encode(&ev, &buf, &len), CORE_ERR_INVALID);
	assert_null(buf);
	assert_int_equal(len, 0);
	event_clear(&ev);
}

static void
test_kind_words(void **state)
{
	(void)state;
	assert_string_equal(event_kind_words(EV_KIOSK_INIT), "kiosk initialised");
	assert_string_equal(event_kind_words(EV_DOC_ACCEPTED), "document accepted");
	assert_string_equal(event_kind_words(EV_KIOSK_KEY), "kiosk key registered");
	assert_null(event_kind_words(0));
	assert_null(event_kind_words(1000));
	assert_null(event_kind_words(65536 + EV_KIOSK_INIT));
	/* The numbers are signed: they must never move. */
	assert_int_equal(EV_KEY_REGISTERED, 3);
	assert_int_equal(EV_WALK_SIGNED, 14);
	assert_int_equal(EV_WITNESSED, 31);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden_encoding),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_minimal_event_round_trip),
		cmocka_unit_test(test_every_truncation_refused),
		cmocka_unit_test(test_truncation_names_field),
		cmocka_unit_test(test_malformed_refused),
		cmocka_unit_test(test_add_copies_inputs),
		cmocka_unit_test(test_encode_refuses_other_versions),
		cmocka_unit_test(test_kind_words),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
