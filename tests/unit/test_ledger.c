/* SPDX-License-Identifier: ISC */
/*
 * core/ledger and core/verify against a real SQLite file (core/store.c):
 * appending in transactions, the chain and receipts, the clock rule, the
 * append-only triggers, and verification catching each kind of tampering
 * by seq and field. Tampering goes through a second, raw SQLite connection
 * with the triggers dropped, as an attacker with the file would.
 */
#include "tests/unit/testutil.h"

#include <ctype.h>
#include <sqlite3.h>

#include "core/crypto.h"
#include "core/event.h"
#include "core/ledger.h"
#include "core/store.h"
#include "core/verify.h"

#define T0 1700000000LL		/* SIGNOFF_FAKE_TIME, seconds */
#define DOC_TEXT "Use the internet safely.\nBe kind online.\n"

struct fx {
	char dir[256];
	char db[300];
	char key[300];
	struct store *st;
	struct kiosk_keys *keys;
	sqlite3 *raw;
	uint8_t learner_id[CRYPTO_ID_BYTES];
	struct sealed_key sealed;
	struct signer *learner;
	uint8_t doc_hash[CRYPTO_HASH_BYTES];
	struct ledger_appended a[3];
};

static void
set_time(long long seconds)
{
	char buf[32];

	snprintf(buf, sizeof buf, "%lld", seconds);
	assert_int_equal(setenv("SIGNOFF_FAKE_TIME", buf, 1), 0);
}

static void
raw_exec(struct fx *fx, const char *sql)
{
	char *err = NULL;

	if (sqlite3_exec(fx->raw, sql, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("%s: %s", sql, err ? err : "?");
}

static void
append(struct fx *fx, struct event *ev, const struct signer *learner,
    struct ledger_appended *out)
{
	assert_int_equal(store_begin(fx->st), CORE_OK);
	if (ledger_append(fx->st, fx->keys, ev, learner, NULL, out) != CORE_OK)
		fail_msg("ledger_append: %s", core_detail());
	assert_int_equal(store_commit(fx->st), CORE_OK);
}

/*
 * Three entries: the kiosk's own, a learner key registration, and a
 * document accepted and signed by that learner.
 */
static void
build_ledger(struct fx *fx)
{
	struct event ev;
	sqlite3_stmt *stmt;

	event_init(&ev, EV_KIOSK_INIT);
	assert_int_equal(event_set_meaning(&ev, "This kiosk was set up."), CORE_OK);
	append(fx, &ev, NULL, &fx->a[0]);
	event_clear(&ev);

	crypto_random(fx->learner_id, sizeof fx->learner_id);
	assert_int_equal(signer_create(fx->keys, fx->learner_id, "482916", 6, 1, 8,
	    &fx->sealed, &fx->learner), CORE_OK);
	event_init(&ev, EV_KEY_REGISTERED);
	memcpy(ev.subject, fx->learner_id, CRYPTO_ID_BYTES);
	assert_int_equal(event_add_field(&ev, "key_id", fx->sealed.key_id,
	    CRYPTO_ID_BYTES), CORE_OK);
	assert_int_equal(event_add_field(&ev, "public_key", fx->sealed.pk,
	    CRYPTO_PK_BYTES), CORE_OK);
	append(fx, &ev, NULL, &fx->a[1]);
	event_clear(&ev);
	assert_int_equal(sqlite3_prepare_v2(fx->raw,
	    "INSERT INTO keys(key_id, owner, owner_kind, pk, nonce, box, kdf_ops,"
	    " kdf_mem_kib, kdf_salt, registered_seq) VALUES(?,?,'learner',?,?,?,?,?,?,?)",
	    -1, &stmt, NULL), SQLITE_OK);
	sqlite3_bind_blob(stmt, 1, fx->sealed.key_id, CRYPTO_ID_BYTES, SQLITE_STATIC);
	sqlite3_bind_blob(stmt, 2, fx->learner_id, CRYPTO_ID_BYTES, SQLITE_STATIC);
	sqlite3_bind_blob(stmt, 3, fx->sealed.pk, CRYPTO_PK_BYTES, SQLITE_STATIC);
	sqlite3_bind_blob(stmt, 4, fx->sealed.nonce, CRYPTO_NONCE_BYTES, SQLITE_STATIC);
	sqlite3_bind_blob(stmt, 5, fx->sealed.box, CRYPTO_SEALED_BYTES, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 6, (sqlite3_int64)fx->sealed.kdf.ops);
	sqlite3_bind_int64(stmt, 7, (sqlite3_int64)fx->sealed.kdf.mem_kib);
	sqlite3_bind_blob(stmt, 8, fx->sealed.kdf.salt, CRYPTO_SALT_BYTES, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 9, (sqlite3_int64)fx->a[1].seq);
	assert_int_equal(sqlite3_step(stmt), SQLITE_DONE);
	sqlite3_finalize(stmt);

	crypto_blake2b(DOC_TEXT, strlen(DOC_TEXT), fx->doc_hash);
	assert_int_equal(sqlite3_prepare_v2(fx->raw,
	    "INSERT INTO documents(hash, step, title, text, first_seen_ms)"
	    " VALUES(?, 'aup', 'Acceptable use', ?, 0)", -1, &stmt, NULL), SQLITE_OK);
	sqlite3_bind_blob(stmt, 1, fx->doc_hash, CRYPTO_HASH_BYTES, SQLITE_STATIC);
	sqlite3_bind_blob(stmt, 2, DOC_TEXT, (int)strlen(DOC_TEXT), SQLITE_STATIC);
	assert_int_equal(sqlite3_step(stmt), SQLITE_DONE);
	sqlite3_finalize(stmt);

	set_time(T0 + 1);
	event_init(&ev, EV_DOC_ACCEPTED);
	memcpy(ev.subject, fx->learner_id, CRYPTO_ID_BYTES);
	memcpy(ev.actor, fx->learner_id, CRYPTO_ID_BYTES);
	assert_int_equal(event_add_doc(&ev, "aup", fx->doc_hash), CORE_OK);
	assert_int_equal(event_add_int(&ev, "end_reached", 1), CORE_OK);
	assert_int_equal(event_set_meaning(&ev, "I have read this and I agree."),
	    CORE_OK);
	append(fx, &ev, fx->learner, &fx->a[2]);
	event_clear(&ev);
}

static int
setup(void **state)
{
	struct fx *fx = calloc(1, sizeof *fx);
	uint8_t id[CRYPTO_ID_BYTES], pk[CRYPTO_PK_BYTES];

	assert_non_null(fx);
	assert_int_equal(crypto_init(), CORE_OK);
	set_time(T0);
	tu_tempdir(fx->dir, sizeof fx->dir);
	snprintf(fx->db, sizeof fx->db, "%s/signoff.db", fx->dir);
	snprintf(fx->key, sizeof fx->key, "%s/kiosk.key", fx->dir);
	assert_int_equal(kiosk_keys_create(fx->key), CORE_OK);
	assert_int_equal(kiosk_keys_load(fx->key, &fx->keys), CORE_OK);
	if (store_open(fx->db, STORE_CREATE, &fx->st) != CORE_OK)
		fail_msg("store_open: %s", core_detail());
	kiosk_keys_id(fx->keys, id);
	kiosk_keys_public(fx->keys, pk);
	assert_int_equal(store_meta_put(fx->st, "kiosk_id", id, sizeof id), CORE_OK);
	assert_int_equal(store_meta_put(fx->st, "kiosk_pk", pk, sizeof pk), CORE_OK);
	assert_int_equal(sqlite3_open_v2(fx->db, &fx->raw, SQLITE_OPEN_READWRITE,
	    NULL), SQLITE_OK);
	sqlite3_busy_timeout(fx->raw, 5000);
	build_ledger(fx);
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *fx = *state;

	sqlite3_close(fx->raw);
	store_close(&fx->st);
	signer_free(&fx->learner);
	kiosk_keys_free(&fx->keys);
	tu_rmrf(fx->dir);
	free(fx);
	return 0;
}

/* ---- reading back ---- */

struct collected {
	struct ledger_entry e[8];
	size_t n;
	size_t stop_after;	/* 0: never stop */
};

static bool
collect(const struct ledger_entry *e, void *arg)
{
	struct collected *c = arg;
	struct ledger_entry *copy = &c->e[c->n++];

	*copy = *e;
	copy->bytes = malloc(e->len);
	assert_non_null(copy->bytes);
	memcpy(copy->bytes, e->bytes, e->len);
	return c->stop_after == 0 || c->n < c->stop_after;
}

static void
collected_clear(struct collected *c)
{
	for (size_t i = 0; i < c->n; i++)
		ledger_entry_clear(&c->e[i]);
	c->n = 0;
}

static void
test_append_and_chain(void **state)
{
	struct fx *fx = *state;
	uint8_t zero[CRYPTO_HASH_BYTES] = { 0 }, kid[CRYPTO_ID_BYTES];
	struct collected c = { .n = 0 };
	struct ledger_head head;

	assert_int_equal(ledger_head(fx->st, &head), CORE_OK);
	assert_int_equal(head.seq, 3);
	assert_memory_equal(head.hash, fx->a[2].hash, CRYPTO_HASH_BYTES);
	assert_int_equal(head.time_ms, (T0 + 1) * 1000);
	for (int i = 0; i < 3; i++)
		assert_int_equal(fx->a[i].seq, (uint64_t)i + 1);

	kiosk_keys_id(fx->keys, kid);
	assert_int_equal(ledger_each(fx->st, 1, 0, collect, &c), CORE_OK);
	assert_int_equal(c.n, 3);
	for (size_t i = 0; i < 3; i++) {
		struct event ev;

		assert_int_equal(c.e[i].seq, i + 1);
		assert_memory_equal(c.e[i].hash, fx->a[i].hash, CRYPTO_HASH_BYTES);
		assert_int_equal(event_decode(c.e[i].bytes, c.e[i].len, &ev), CORE_OK);
		assert_int_equal(ev.seq, i + 1);
		assert_memory_equal(ev.kiosk_id, kid, CRYPTO_ID_BYTES);
		assert_memory_equal(ev.prev, i == 0 ? zero : fx->a[i - 1].hash,
		    CRYPTO_HASH_BYTES);
		/* Only the learner's entry carries a learner signature and key id. */
		assert_int_equal(c.e[i].has_learner_sig, i == 2);
		assert_false(c.e[i].has_witness_sig);
		if (i == 2)
			assert_memory_equal(ev.key_id, fx->sealed.key_id, CRYPTO_ID_BYTES);
		else
			assert_memory_equal(ev.key_id, zero, CRYPTO_ID_BYTES);
		event_clear(&ev);
	}
	/* The learner signed exactly the stored bytes. */
	assert_true(crypto_verify(fx->sealed.pk, c.e[2].bytes, c.e[2].len,
	    c.e[2].learner_sig));
	collected_clear(&c);

	/* Ranges and stopping early. */
	assert_int_equal(ledger_each(fx->st, 2, 2, collect, &c), CORE_OK);
	assert_int_equal(c.n, 1);
	assert_int_equal(c.e[0].seq, 2);
	collected_clear(&c);
	assert_int_equal(ledger_each(fx->st, 2, 0, collect, &c), CORE_OK);
	assert_int_equal(c.n, 2);
	collected_clear(&c);
	c.stop_after = 1;
	assert_int_equal(ledger_each(fx->st, 1, 0, collect, &c), CORE_OK);
	assert_int_equal(c.n, 1);
	collected_clear(&c);
	c.stop_after = 0;
	assert_int_equal(ledger_each(fx->st, 4, 0, collect, &c), CORE_OK);
	assert_int_equal(c.n, 0);

	/* By subject: the registration and the acceptance. */
	assert_int_equal(ledger_each_subject(fx->st, fx->learner_id, collect, &c),
	    CORE_OK);
	assert_int_equal(c.n, 2);
	assert_int_equal(c.e[0].seq, 2);
	assert_int_equal(c.e[1].seq, 3);
	collected_clear(&c);
}

static void
test_row_columns_and_receipts(void **state)
{
	struct fx *fx = *state;
	char receipt[LEDGER_RECEIPT_LEN];
	sqlite3_stmt *stmt;
	int rows = 0;

	assert_int_equal(sqlite3_prepare_v2(fx->raw,
	    "SELECT seq, time_ms, kind, subject, actor, receipt FROM ledger ORDER BY seq",
	    -1, &stmt, NULL), SQLITE_OK);
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		int i = rows++;
		const char *r = (const char *)sqlite3_column_text(stmt, 5);

		assert_int_equal(sqlite3_column_int64(stmt, 0), i + 1);
		assert_int_equal(sqlite3_column_int(stmt, 2),
		    i == 0 ? EV_KIOSK_INIT : i == 1 ? EV_KEY_REGISTERED : EV_DOC_ACCEPTED);
		assert_int_equal(sqlite3_column_int64(stmt, 1),
		    (i == 2 ? T0 + 1 : T0) * 1000);
		/* Subject and actor are NULL when the event has none. */
		assert_int_equal(sqlite3_column_type(stmt, 3),
		    i == 0 ? SQLITE_NULL : SQLITE_BLOB);
		assert_int_equal(sqlite3_column_type(stmt, 4),
		    i == 2 ? SQLITE_BLOB : SQLITE_NULL);
		if (i > 0)
			assert_memory_equal(sqlite3_column_blob(stmt, 3), fx->learner_id,
			    CRYPTO_ID_BYTES);
		/* The receipt: stored, returned, derived from the hash, ABCD-EFGH. */
		assert_non_null(r);
		assert_string_equal(r, fx->a[i].receipt);
		ledger_receipt(fx->a[i].hash, receipt);
		assert_string_equal(r, receipt);
		assert_int_equal(strlen(r), LEDGER_RECEIPT_LEN - 1);
		for (int k = 0; k < 9; k++) {
			if (k == 4)
				assert_int_equal(r[k], '-');
			else
				assert_true(isdigit((unsigned char)r[k]) ||
				    isupper((unsigned char)r[k]));
			assert_null(strchr("ILOU", r[k]));
		}
	}
	sqlite3_finalize(stmt);
	assert_int_equal(rows, 3);
}

static void
test_receipt_known_answers(void **state)
{
	uint8_t h[CRYPTO_HASH_BYTES] = { 0 };
	char r[LEDGER_RECEIPT_LEN];

	(void)state;
	ledger_receipt(h, r);
	assert_string_equal(r, "0000-0000");
	memset(h, 0xff, sizeof h);
	ledger_receipt(h, r);
	assert_string_equal(r, "ZZZZ-ZZZZ");
	/* 01 23 45 67 89 -> 00000 00100 10001 10100 01010 11001 11100 01001 */
	memcpy(h, "\x01\x23\x45\x67\x89", 5);
	ledger_receipt(h, r);
	assert_string_equal(r, "04HM-ASW9");
}

static void
test_append_needs_transaction_and_rolls_back(void **state)
{
	struct fx *fx = *state;
	struct ledger_appended a;
	struct ledger_head head;
	struct event ev;

	event_init(&ev, EV_EXPORT);
	assert_int_equal(ledger_append(fx->st, fx->keys, &ev, NULL, NULL, &a),
	    CORE_ERR_INVALID);
	/* Appended, then rolled back: nothing remains. */
	assert_int_equal(store_begin(fx->st), CORE_OK);
	assert_int_equal(ledger_append(fx->st, fx->keys, &ev, NULL, NULL, &a),
	    CORE_OK);
	assert_int_equal(a.seq, 4);
	store_rollback(fx->st);
	assert_int_equal(ledger_head(fx->st, &head), CORE_OK);
	assert_int_equal(head.seq, 3);
	event_clear(&ev);
}

static void
test_wrong_kiosk_key_refused(void **state)
{
	struct fx *fx = *state;
	struct kiosk_keys *other = NULL;
	struct ledger_appended a;
	char path[400];
	struct event ev;

	snprintf(path, sizeof path, "%s/other.key", fx->dir);
	assert_int_equal(kiosk_keys_create(path), CORE_OK);
	assert_int_equal(kiosk_keys_load(path, &other), CORE_OK);
	event_init(&ev, EV_EXPORT);
	assert_int_equal(store_begin(fx->st), CORE_OK);
	assert_int_equal(ledger_append(fx->st, other, &ev, NULL, NULL, &a),
	    CORE_ERR_CRYPTO);
	store_rollback(fx->st);
	event_clear(&ev);
	kiosk_keys_free(&other);
}

static void
test_clock_backwards_refused(void **state)
{
	struct fx *fx = *state;
	struct ledger_appended a;
	struct ledger_head head;
	struct event ev;

	set_time(T0);	/* one second before the last record */
	event_init(&ev, EV_EXPORT);
	assert_int_equal(store_begin(fx->st), CORE_OK);
	assert_int_equal(ledger_append(fx->st, fx->keys, &ev, NULL, NULL, &a),
	    CORE_ERR_CLOCK);
	store_rollback(fx->st);
	assert_int_equal(ledger_head(fx->st, &head), CORE_OK);
	assert_int_equal(head.seq, 3);
	/* The same millisecond as the last record is fine. */
	set_time(T0 + 1);
	append(fx, &ev, NULL, &a);
	assert_int_equal(a.seq, 4);
	event_clear(&ev);
}

static void
test_triggers_refuse_update_and_delete(void **state)
{
	struct fx *fx = *state;
	sqlite3_stmt *stmt;

	assert_int_not_equal(sqlite3_exec(fx->raw,
	    "UPDATE ledger SET receipt = 'XXXX-XXXX' WHERE seq = 2", NULL, NULL, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_errcode(fx->raw), SQLITE_CONSTRAINT);
	assert_non_null(strstr(sqlite3_errmsg(fx->raw), "append-only"));
	assert_int_not_equal(sqlite3_exec(fx->raw, "DELETE FROM ledger WHERE seq = 3",
	    NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_errcode(fx->raw), SQLITE_CONSTRAINT);
	assert_int_equal(sqlite3_prepare_v2(fx->raw, "SELECT count(*) FROM ledger",
	    -1, &stmt, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(stmt, 0), 3);
	sqlite3_finalize(stmt);
}

/* ---- verification ---- */

struct progress {
	uint64_t calls, last_done, last_total;
};

static void
on_progress(uint64_t done, uint64_t total, void *arg)
{
	struct progress *p = arg;

	assert_true(done >= p->last_done);
	p->calls++;
	p->last_done = done;
	p->last_total = total;
}

static void
test_verify_passes(void **state)
{
	struct fx *fx = *state;
	struct verify_report rep;
	struct progress p = { 0, 0, 0 };
	uint8_t pk[CRYPTO_PK_BYTES];

	if (verify_ledger(fx->st, NULL, on_progress, &p, &rep) != CORE_OK)
		fail_msg("verify: %s", core_detail());
	assert_int_equal(rep.count, 3);
	assert_int_equal(rep.first_seq, 1);
	assert_int_equal(rep.last_seq, 3);
	assert_memory_equal(rep.head, fx->a[2].hash, CRYPTO_HASH_BYTES);
	assert_int_equal(rep.bad_seq, 0);
	assert_int_equal(p.last_done, 3);
	assert_int_equal(p.last_total, 3);

	kiosk_keys_public(fx->keys, pk);
	assert_int_equal(verify_ledger(fx->st, pk, NULL, NULL, &rep), CORE_OK);
	pk[0] ^= 1;
	assert_int_equal(verify_ledger(fx->st, pk, NULL, NULL, &rep), CORE_ERR_VERIFY);
	assert_string_equal(rep.bad_field, "kiosk_pk");
}

static void
test_verify_many_with_progress(void **state)
{
	struct fx *fx = *state;
	struct verify_report rep;
	struct progress p = { 0, 0, 0 };
	struct ledger_appended a;

	assert_int_equal(store_begin(fx->st), CORE_OK);
	for (int i = 0; i < 2500; i++) {
		struct event ev;

		event_init(&ev, EV_RECORD_VIEWED);
		assert_int_equal(event_add_int(&ev, "n", i), CORE_OK);
		assert_int_equal(ledger_append(fx->st, fx->keys, &ev, NULL, NULL, &a),
		    CORE_OK);
		event_clear(&ev);
	}
	assert_int_equal(store_commit(fx->st), CORE_OK);
	assert_int_equal(verify_ledger(fx->st, NULL, on_progress, &p, &rep), CORE_OK);
	assert_int_equal(rep.count, 2503);
	assert_memory_equal(rep.head, a.hash, CRYPTO_HASH_BYTES);
	assert_int_equal(p.calls, 3);	/* at 1000, 2000 and the end */
	assert_int_equal(p.last_done, 2503);
	assert_int_equal(p.last_total, 2503);
}

static void
test_verify_empty(void **state)
{
	struct fx *fx = *state;
	struct store *st = NULL;
	struct verify_report rep;
	char path[400];

	snprintf(path, sizeof path, "%s/empty.db", fx->dir);
	assert_int_equal(store_open(path, STORE_CREATE, &st), CORE_OK);
	assert_int_equal(verify_ledger(st, NULL, NULL, NULL, &rep), CORE_OK);
	assert_int_equal(rep.count, 0);
	store_close(&st);
}

/* Verification must fail at seq with field, and say so in the detail. */
static void
expect_bad(struct fx *fx, uint64_t seq, const char *field)
{
	struct verify_report rep;
	char want[96];

	assert_int_equal(verify_ledger(fx->st, NULL, NULL, NULL, &rep),
	    CORE_ERR_VERIFY);
	if (rep.bad_seq != seq || strcmp(rep.bad_field, field) != 0)
		fail_msg("expected seq %llu %s, got seq %llu %s (%s)",
		    (unsigned long long)seq, field,
		    (unsigned long long)rep.bad_seq, rep.bad_field, rep.reason);
	assert_true(rep.reason[0] != '\0');
	snprintf(want, sizeof want, "seq %llu: %s: ", (unsigned long long)seq, field);
	assert_non_null(strstr(core_detail(), want));
}

static void
drop_triggers(struct fx *fx)
{
	raw_exec(fx, "DROP TRIGGER ledger_no_update; DROP TRIGGER ledger_no_delete");
}

static void
set_blob(struct fx *fx, const char *column, uint64_t seq, const void *p, int n)
{
	char sql[128];
	sqlite3_stmt *stmt;

	snprintf(sql, sizeof sql, "UPDATE ledger SET %s = ? WHERE seq = ?", column);
	assert_int_equal(sqlite3_prepare_v2(fx->raw, sql, -1, &stmt, NULL), SQLITE_OK);
	sqlite3_bind_blob(stmt, 1, p, n, SQLITE_TRANSIENT);
	sqlite3_bind_int64(stmt, 2, (sqlite3_int64)seq);
	assert_int_equal(sqlite3_step(stmt), SQLITE_DONE);
	sqlite3_finalize(stmt);
}

/* Flip one bit of a stored blob column. */
static void
flip(struct fx *fx, const char *column, uint64_t seq, size_t at)
{
	char sql[128];
	sqlite3_stmt *stmt;
	uint8_t buf[4096];
	int n;

	snprintf(sql, sizeof sql, "SELECT %s FROM ledger WHERE seq = ?", column);
	assert_int_equal(sqlite3_prepare_v2(fx->raw, sql, -1, &stmt, NULL), SQLITE_OK);
	sqlite3_bind_int64(stmt, 1, (sqlite3_int64)seq);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	n = sqlite3_column_bytes(stmt, 0);
	assert_true(n > 0 && (size_t)n <= sizeof buf && at < (size_t)n);
	memcpy(buf, sqlite3_column_blob(stmt, 0), (size_t)n);
	sqlite3_finalize(stmt);
	buf[at] ^= 0x01;
	set_blob(fx, column, seq, buf, n);
}

/* A careful forger also rewrites the row's unsigned lookup columns. */
static void
set_columns(struct fx *fx, uint64_t seq, const struct event *ev,
    const uint8_t hash[CRYPTO_HASH_BYTES])
{
	static const uint8_t none[CRYPTO_ID_BYTES];
	char receipt[LEDGER_RECEIPT_LEN];
	sqlite3_stmt *stmt;

	ledger_receipt(hash, receipt);
	assert_int_equal(sqlite3_prepare_v2(fx->raw,
	    "UPDATE ledger SET time_ms = ?, kind = ?, subject = ?, actor = ?,"
	    " receipt = ? WHERE seq = ?", -1, &stmt, NULL), SQLITE_OK);
	sqlite3_bind_int64(stmt, 1, ev->time_ms);
	sqlite3_bind_int(stmt, 2, ev->kind);
	if (memcmp(ev->subject, none, sizeof none) != 0)
		sqlite3_bind_blob(stmt, 3, ev->subject, CRYPTO_ID_BYTES, SQLITE_STATIC);
	if (memcmp(ev->actor, none, sizeof none) != 0)
		sqlite3_bind_blob(stmt, 4, ev->actor, CRYPTO_ID_BYTES, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 5, receipt, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 6, (sqlite3_int64)seq);
	assert_int_equal(sqlite3_step(stmt), SQLITE_DONE);
	sqlite3_finalize(stmt);
}

/*
 * What someone holding the kiosk key file could do: rewrite an entry and
 * sign it again. mutate changes the event; resign, when given, replaces the
 * learner signature.
 */
typedef void (*mutate_fn)(struct event *ev, const struct fx *fx);

static void
forge(struct fx *fx, uint64_t seq, mutate_fn mutate, const struct signer *resign)
{
	uint8_t ls[CRYPTO_SIG_BYTES] = { 0 }, ws[CRYPTO_SIG_BYTES] = { 0 };
	uint8_t ks[CRYPTO_SIG_BYTES], hash[CRYPTO_HASH_BYTES], *bytes, *msg;
	struct collected c = { .n = 0 };
	struct crypto_hasher h;
	struct event ev;
	size_t len;

	assert_int_equal(ledger_each(fx->st, seq, seq, collect, &c), CORE_OK);
	assert_int_equal(c.n, 1);
	assert_int_equal(event_decode(c.e[0].bytes, c.e[0].len, &ev), CORE_OK);
	if (mutate)
		mutate(&ev, fx);
	assert_int_equal(event_encode(&ev, &bytes, &len), CORE_OK);
	if (c.e[0].has_learner_sig)
		memcpy(ls, c.e[0].learner_sig, sizeof ls);
	if (resign)
		signer_sign(resign, bytes, len, ls);
	msg = malloc(len + 2 * CRYPTO_SIG_BYTES);
	assert_non_null(msg);
	memcpy(msg, bytes, len);
	memcpy(msg + len, ls, sizeof ls);
	memcpy(msg + len + CRYPTO_SIG_BYTES, ws, sizeof ws);
	kiosk_sign(fx->keys, msg, len + 2 * CRYPTO_SIG_BYTES, ks);
	free(msg);
	crypto_hasher_init(&h);
	crypto_hasher_update(&h, bytes, len);
	crypto_hasher_update(&h, ls, sizeof ls);
	crypto_hasher_update(&h, ws, sizeof ws);
	crypto_hasher_update(&h, ks, sizeof ks);
	crypto_hasher_final(&h, hash);
	set_blob(fx, "bytes", seq, bytes, (int)len);
	if (c.e[0].has_learner_sig || resign)
		set_blob(fx, "learner_sig", seq, ls, sizeof ls);
	set_blob(fx, "kiosk_sig", seq, ks, sizeof ks);
	set_blob(fx, "hash", seq, hash, sizeof hash);
	set_columns(fx, seq, &ev, hash);
	free(bytes);
	event_clear(&ev);
	collected_clear(&c);
}

static void
mutate_prev(struct event *ev, const struct fx *fx)
{
	(void)fx;
	memset(ev->prev, 0, sizeof ev->prev);
}

static void
mutate_time_back(struct event *ev, const struct fx *fx)
{
	(void)fx;
	ev->time_ms = (T0 - 60) * 1000;
}

static void
mutate_kind(struct event *ev, const struct fx *fx)
{
	(void)fx;
	ev->kind = 999;
}

static void
mutate_kiosk_id(struct event *ev, const struct fx *fx)
{
	(void)fx;
	ev->kiosk_id[0] ^= 1;
}

static void
test_tamper_bytes(void **state)
{
	struct fx *fx = *state;

	drop_triggers(fx);
	flip(fx, "bytes", 2, 80);	/* inside time_ms */
	expect_bad(fx, 2, "kiosk_sig");
}

static void
test_tamper_bytes_version(void **state)
{
	struct fx *fx = *state;

	drop_triggers(fx);
	flip(fx, "bytes", 3, 19);	/* version 1 -> 0 */
	expect_bad(fx, 3, "version");
}

static void
test_tamper_bytes_seq(void **state)
{
	struct fx *fx = *state;

	drop_triggers(fx);
	flip(fx, "bytes", 2, 43);	/* the event's own seq */
	expect_bad(fx, 2, "seq");
}

static void
test_tamper_kiosk_sig(void **state)
{
	struct fx *fx = *state;

	drop_triggers(fx);
	flip(fx, "kiosk_sig", 1, 5);
	expect_bad(fx, 1, "kiosk_sig");
}

static void
test_tamper_kiosk_sig_length(void **state)
{
	struct fx *fx = *state;

	drop_triggers(fx);
	set_blob(fx, "kiosk_sig", 2, "short", 5);
	expect_bad(fx, 2, "kiosk_sig");
}

static void
test_tamper_learner_sig(void **state)
{
	struct fx *fx = *state;

	drop_triggers(fx);
	flip(fx, "learner_sig", 3, 0);
	expect_bad(fx, 3, "kiosk_sig");	/* the kiosk countersigned it */
}

static void
test_tamper_hash(void **state)
{
	struct fx *fx = *state;

	drop_triggers(fx);
	flip(fx, "hash", 2, 31);
	expect_bad(fx, 2, "hash");
}

static void
test_tamper_prev_link(void **state)
{
	struct fx *fx = *state;

	drop_triggers(fx);
	forge(fx, 2, mutate_prev, NULL);
	expect_bad(fx, 2, "prev");
}

static void
test_tamper_deleted_entry(void **state)
{
	struct fx *fx = *state;

	drop_triggers(fx);
	raw_exec(fx, "DELETE FROM ledger WHERE seq = 2");
	expect_bad(fx, 3, "seq");
}

static void
test_tamper_time_backwards(void **state)
{
	struct fx *fx = *state;

	drop_triggers(fx);
	forge(fx, 3, mutate_time_back, fx->learner);
	expect_bad(fx, 3, "time_ms");
}

static void
test_tamper_kind_and_kiosk_id(void **state)
{
	struct fx *fx = *state;

	drop_triggers(fx);
	forge(fx, 3, mutate_kind, fx->learner);
	expect_bad(fx, 3, "kind");
	forge(fx, 1, mutate_kiosk_id, NULL);
	expect_bad(fx, 1, "kiosk_id");
}

static void
test_forged_learner_signature(void **state)
{
	struct fx *fx = *state;
	struct sealed_key other;
	struct signer *mallory = NULL;
	uint8_t owner[CRYPTO_ID_BYTES] = { 7 };

	/* Entry 3 re-signed by an unregistered key, kiosk signature made good. */
	assert_int_equal(signer_create(fx->keys, owner, "111111", 6, 1, 8, &other,
	    &mallory), CORE_OK);
	drop_triggers(fx);
	forge(fx, 3, NULL, mallory);
	expect_bad(fx, 3, "learner_sig");
	signer_free(&mallory);
	/* Re-signed by the real key again: everything holds. */
	forge(fx, 3, NULL, fx->learner);
	assert_int_equal(verify_ledger(fx->st, NULL, NULL, NULL,
	    &(struct verify_report){ 0 }), CORE_OK);
}

static void
mutate_kind_pin_reset(struct event *ev, const struct fx *fx)
{
	(void)fx;
	ev->kind = EV_PIN_RESET;
}

static void
test_key_registration_must_come_first(void **state)
{
	struct fx *fx = *state;
	struct ledger_appended a;
	struct event ev;
	char sql[64];

	/* A genuine registration, but after the key was used. */
	event_init(&ev, EV_KEY_REGISTERED);
	memcpy(ev.subject, fx->learner_id, CRYPTO_ID_BYTES);
	assert_int_equal(event_add_field(&ev, "key_id", fx->sealed.key_id,
	    CRYPTO_ID_BYTES), CORE_OK);
	assert_int_equal(event_add_field(&ev, "public_key", fx->sealed.pk,
	    CRYPTO_PK_BYTES), CORE_OK);
	append(fx, &ev, NULL, &a);
	event_clear(&ev);
	snprintf(sql, sizeof sql, "UPDATE keys SET registered_seq = %llu",
	    (unsigned long long)a.seq);
	raw_exec(fx, sql);
	expect_bad(fx, 3, "key_id");
	raw_exec(fx, "UPDATE keys SET registered_seq = 2");
	assert_int_equal(verify_ledger(fx->st, NULL, NULL, NULL,
	    &(struct verify_report){ 0 }), CORE_OK);
	/* The right fields under another kind do not register a key. */
	drop_triggers(fx);
	forge(fx, 2, mutate_kind_pin_reset, NULL);
	expect_bad(fx, 3, "key_id");
}

static void
mutate_other_subject(struct event *ev, const struct fx *fx)
{
	(void)fx;
	memset(ev->subject, 0x77, sizeof ev->subject);
	memset(ev->actor, 0x77, sizeof ev->actor);
}

static void
test_key_owner_binding(void **state)
{
	struct fx *fx = *state;

	/* The learner's key signing an event about somebody else. */
	drop_triggers(fx);
	forge(fx, 3, mutate_other_subject, fx->learner);
	expect_bad(fx, 3, "key_id");
	/* ... and the keys row moved to that somebody: the registration disagrees. */
	raw_exec(fx, "UPDATE keys SET owner = x'77777777777777777777777777777777'");
	expect_bad(fx, 3, "key_id");
}

static void
test_witnessed_entry(void **state)
{
	struct fx *fx = *state;
	uint8_t staff_id[CRYPTO_ID_BYTES] = { 0x5e };
	struct collected c = { .n = 0 };
	struct signer *staff = NULL;
	struct ledger_appended a;
	struct sealed_key sk;
	sqlite3_stmt *stmt;
	struct event ev;

	assert_int_equal(signer_create(fx->keys, staff_id, "a passphrase", 12, 1, 8,
	    &sk, &staff), CORE_OK);
	event_init(&ev, EV_KEY_REGISTERED);
	memcpy(ev.subject, staff_id, CRYPTO_ID_BYTES);
	assert_int_equal(event_add_field(&ev, "key_id", sk.key_id, CRYPTO_ID_BYTES),
	    CORE_OK);
	assert_int_equal(event_add_field(&ev, "public_key", sk.pk, CRYPTO_PK_BYTES),
	    CORE_OK);
	append(fx, &ev, NULL, &a);
	event_clear(&ev);
	assert_int_equal(sqlite3_prepare_v2(fx->raw,
	    "INSERT INTO keys(key_id, owner, owner_kind, pk, nonce, box, kdf_ops,"
	    " kdf_mem_kib, kdf_salt, registered_seq)"
	    " VALUES(?, ?, 'staff', ?, zeroblob(24), zeroblob(48), 1, 8, zeroblob(16), ?)",
	    -1, &stmt, NULL), SQLITE_OK);
	sqlite3_bind_blob(stmt, 1, sk.key_id, CRYPTO_ID_BYTES, SQLITE_STATIC);
	sqlite3_bind_blob(stmt, 2, staff_id, CRYPTO_ID_BYTES, SQLITE_STATIC);
	sqlite3_bind_blob(stmt, 3, sk.pk, CRYPTO_PK_BYTES, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 4, (sqlite3_int64)a.seq);
	assert_int_equal(sqlite3_step(stmt), SQLITE_DONE);
	sqlite3_finalize(stmt);

	event_init(&ev, EV_WITNESSED);
	memcpy(ev.subject, fx->learner_id, CRYPTO_ID_BYTES);
	memcpy(ev.actor, fx->learner_id, CRYPTO_ID_BYTES);
	assert_int_equal(store_begin(fx->st), CORE_OK);
	assert_int_equal(ledger_append(fx->st, fx->keys, &ev, fx->learner, staff, &a),
	    CORE_OK);
	assert_int_equal(store_commit(fx->st), CORE_OK);
	assert_memory_equal(ev.witness_key_id, sk.key_id, CRYPTO_ID_BYTES);
	event_clear(&ev);
	assert_int_equal(ledger_each(fx->st, a.seq, a.seq, collect, &c), CORE_OK);
	assert_true(c.e[0].has_learner_sig && c.e[0].has_witness_sig);
	assert_true(crypto_verify(sk.pk, c.e[0].bytes, c.e[0].len, c.e[0].witness_sig));
	collected_clear(&c);
	if (verify_ledger(fx->st, NULL, NULL, NULL, &(struct verify_report){ 0 }) !=
	    CORE_OK)
		fail_msg("verify: %s", core_detail());

	raw_exec(fx, "DELETE FROM keys WHERE owner_kind = 'staff'");
	expect_bad(fx, a.seq, "witness_key_id");
	signer_free(&staff);
}

static void
test_key_not_registered(void **state)
{
	struct fx *fx = *state;

	raw_exec(fx, "UPDATE keys SET registered_seq = 3");	/* not before use */
	expect_bad(fx, 3, "key_id");
	raw_exec(fx, "UPDATE keys SET registered_seq = 1");	/* not a registration */
	expect_bad(fx, 3, "key_id");
	raw_exec(fx, "UPDATE keys SET registered_seq = 2, retired_seq = 2");
	expect_bad(fx, 3, "key_id");
	raw_exec(fx, "UPDATE keys SET retired_seq = NULL");
	assert_int_equal(verify_ledger(fx->st, NULL, NULL, NULL,
	    &(struct verify_report){ 0 }), CORE_OK);
	raw_exec(fx, "DELETE FROM keys");
	expect_bad(fx, 3, "key_id");
}

static void
test_document_removed_or_changed(void **state)
{
	struct fx *fx = *state;

	raw_exec(fx, "UPDATE documents SET text = CAST('Use the internet.' AS BLOB)");
	expect_bad(fx, 3, "docs[0].hash");
	raw_exec(fx, "DELETE FROM documents");
	expect_bad(fx, 3, "docs[0].hash");
}

static void
test_kiosk_key_replaced_in_database(void **state)
{
	struct fx *fx = *state;
	uint8_t pk[CRYPTO_PK_BYTES];

	kiosk_keys_public(fx->keys, pk);
	pk[0] ^= 1;
	assert_int_equal(store_meta_put(fx->st, "kiosk_pk", pk, sizeof pk), CORE_OK);
	expect_bad(fx, 1, "kiosk_sig");
	raw_exec(fx, "DELETE FROM meta WHERE key = 'kiosk_pk'");
	expect_bad(fx, 0, "kiosk_pk");
}

int
main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_append_and_chain),
		T(test_row_columns_and_receipts),
		cmocka_unit_test(test_receipt_known_answers),
		T(test_append_needs_transaction_and_rolls_back),
		T(test_wrong_kiosk_key_refused),
		T(test_clock_backwards_refused),
		T(test_triggers_refuse_update_and_delete),
		T(test_verify_passes),
		T(test_verify_many_with_progress),
		T(test_verify_empty),
		T(test_tamper_bytes),
		T(test_tamper_bytes_version),
		T(test_tamper_bytes_seq),
		T(test_tamper_kiosk_sig),
		T(test_tamper_kiosk_sig_length),
		T(test_tamper_learner_sig),
		T(test_tamper_hash),
		T(test_tamper_prev_link),
		T(test_tamper_deleted_entry),
		T(test_tamper_time_backwards),
		T(test_tamper_kind_and_kiosk_id),
		T(test_forged_learner_signature),
		T(test_key_not_registered),
		T(test_witnessed_entry),
		T(test_key_owner_binding),
		T(test_key_registration_must_come_first),
		T(test_document_removed_or_changed),
		T(test_kiosk_key_replaced_in_database),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
