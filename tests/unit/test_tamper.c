/* SPDX-License-Identifier: ISC */
/*
 * The adversarial suite: a real site (staff, learners in three groups, a
 * witnessed induction, walks signed with PINs) and a checkpoint of it,
 * then, one attack per test on a fresh copy of the database file, what
 * someone holding the file (and sometimes the kiosk key file) could do:
 * change each stored field of a middle record, delete or swap records,
 * truncate the tail, restore an older copy, rewrite and re-sign the tail,
 * edit a stored document, swap key rows. Each must be caught by verify, or
 * by verify with the checkpoint where a chain alone cannot tell, naming
 * the right seq and field, with one thread and with several; the untouched
 * copy passes. Attacks that need UPDATE or DELETE drop the append-only
 * triggers through a raw SQLite handle first, as an attacker could.
 */
#include "tests/unit/testutil.h"

#include <fcntl.h>
#include <inttypes.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include "core/checkpoint.h"
#include "core/keys.h"
#include "core/learner.h"
#include "core/ledger.h"
#include "core/permission.h"
#include "core/site.h"
#include "core/staff.h"
#include "core/verify.h"
#include "core/walk.h"

#define T0 1767225600LL		/* 2026-01-01, SIGNOFF_FAKE_TIME */
#define PIN "482916"
#define PASS "a long staff passphrase"
#define DOC_STEP "ha-acceptable-use"

/* The site every attack starts from, built once. */
static struct world {
	char dir[512];
	char ini[1024];
	char key[1100];
	char pristine[1100];	/* the database, after everything */
	char older[1100];	/* the database before the last learner */
	char big[1100];		/* pristine plus 3000 kiosk-only entries */
	char *note;		/* a checkpoint of pristine */
	size_t note_len;
	uint64_t head, mid, wit, doc_seq, first_ab;
	size_t doc_index;
	long long now;
} W;

struct copy {
	char dir[512];
	char ini[1024];
	char db[1100];
	sqlite3 *raw;
};

static void
set_time(long long seconds)
{
	char buf[32];

	W.now = seconds;
	snprintf(buf, sizeof buf, "%lld", seconds);
	assert_int_equal(setenv("SIGNOFF_FAKE_TIME", buf, 1), 0);
}

static void
copy_file(const char *from, const char *to)
{
	char buf[65536];
	int in = open(from, O_RDONLY), out;
	ssize_t n;

	assert_true(in >= 0);
	out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(out >= 0);
	while ((n = read(in, buf, sizeof buf)) > 0)
		assert_int_equal(write(out, buf, (size_t)n), n);
	assert_int_equal(n, 0);
	close(in);
	close(out);
}

static void
raw_exec(sqlite3 *db, const char *sql)
{
	char *err = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("%s: %s", sql, err ? err : "?");
}

/* Fold the WAL into the file so that copying the .db copies everything. */
static void
flatten(const char *db)
{
	sqlite3 *raw;

	assert_int_equal(sqlite3_open(db, &raw), SQLITE_OK);
	raw_exec(raw, "PRAGMA wal_checkpoint(TRUNCATE)");
	sqlite3_close(raw);
}

/* ---- building the world ---- */

static void
do_walk(struct walk *w, const struct config *cfg)
{
	for (size_t i = 0; i < walk_nsteps(w); i++) {
		struct walk_step *s = walk_step(w, i);

		s->end_reached = true;
		s->ms_on_page = 30000 + 1000 * i;
		for (size_t j = 0; j < s->nitems; j++)
			s->ticked[j] = true;
		for (size_t j = 0; j < s->nquestions; j++)
			assert_true(walk_answer(s, j, s->questions[j].right));
		for (size_t j = 0; j < cfg->nchannels; j++)
			s->consent[j] = cfg->channels[j].required_yes ? 1 : (signed char)(j % 2);
		assert_true(walk_step_ready(w, s, NULL));
		s->state = WALK_DONE;
	}
}

/* Enrol, activate and sign the whole walk; a witness for witnessed steps. */
static void
learner_walks(struct site *site, const char *ref, const char *group, bool witnessed)
{
	static const uint8_t cli[CRYPTO_ID_BYTES];	/* the command line */
	char code[LEARNER_CODE_LEN], receipt[LEDGER_RECEIPT_LEN];
	struct signer *witness = NULL;
	struct walk *w = NULL;
	struct staff staff;
	struct learner l;

	set_time(W.now + 60);
	assert_int_equal(learner_add(site, ref, "Sam", "Lee", group, "2026", NULL, code),
	    CORE_OK);
	assert_int_equal(learner_activate(site, ref, code, PIN, &l), CORE_OK);
	if (config_group(site->cfg, group)->needs_permission)
		assert_int_equal(permission_record(site, &l, PERMISSION_MOJ, "ORDER 7",
		    "2025-12-01", cli), CORE_OK);
	assert_int_equal(walk_begin(site, &l, &w), CORE_OK);
	if (witnessed) {
		assert_int_equal(staff_sign_in(site, "tutor", PASS, &staff, &witness),
		    CORE_OK);
		walk_set_witness(w, witness, staff.pseudonym);
	}
	do_walk(w, site->cfg);
	set_time(W.now + 60);
	if (walk_sign(w, site, PIN, receipt) != CORE_OK)
		fail_msg("walk_sign %s: %s", ref, core_detail());
	walk_free(&w);
	signer_free(&witness);
}

struct finder {
	uint8_t doc[CRYPTO_HASH_BYTES];
	uint8_t key_a[CRYPTO_ID_BYTES], key_b[CRYPTO_ID_BYTES];
	uint64_t doc_seq, first_ab;
	size_t doc_index;
};

/* The first entry showing the document, and the first signed by A or B. */
static bool
find(const struct ledger_entry *e, void *arg)
{
	struct finder *f = arg;
	struct event ev;

	assert_int_equal(event_decode(e->bytes, e->len, &ev), CORE_OK);
	for (size_t i = 0; i < ev.ndocs && !f->doc_seq; i++)
		if (memcmp(ev.docs[i].hash, f->doc, CRYPTO_HASH_BYTES) == 0) {
			f->doc_seq = e->seq;
			f->doc_index = i;
		}
	if (!f->first_ab && (memcmp(ev.key_id, f->key_a, CRYPTO_ID_BYTES) == 0 ||
	    memcmp(ev.key_id, f->key_b, CRYPTO_ID_BYTES) == 0))
		f->first_ab = e->seq;
	event_clear(&ev);
	return true;
}

static uint64_t
query_u64(struct site *site, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *stmt;
	uint64_t v;

	assert_int_equal(sqlite3_open(site->cfg->db_path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	v = (uint64_t)sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	return v;
}

static void
learner_key(struct site *site, const char *ref, uint8_t key_id[CRYPTO_ID_BYTES])
{
	struct sealed_key k;
	struct learner l;

	assert_int_equal(learner_get(site, ref, &l), CORE_OK);
	assert_int_equal(keys_current(site, l.pseudonym, &k), CORE_OK);
	memcpy(key_id, k.key_id, CRYPTO_ID_BYTES);
}

static void
find_targets(struct site *site)
{
	const struct document *d = content_pack_doc(site->pack, site->cfg, DOC_STEP);
	struct finder f;

	memset(&f, 0, sizeof f);
	assert_non_null(d);
	memcpy(f.doc, d->hash, CRYPTO_HASH_BYTES);
	learner_key(site, "HA-YP-1", f.key_a);
	learner_key(site, "HA-AD-1", f.key_b);
	assert_int_equal(ledger_each(site->st, 1, 0, find, &f), CORE_OK);
	W.doc_seq = f.doc_seq;
	W.doc_index = f.doc_index;
	W.first_ab = f.first_ab;
	/* A record of B's walk, signed by B, well inside the ledger. */
	W.mid = query_u64(site, "SELECT min(seq) FROM ledger WHERE kind = 6 AND"
	    " subject = (SELECT pseudonym FROM learners WHERE reference = 'HA-AD-1')");
	W.wit = query_u64(site, "SELECT min(seq) FROM ledger WHERE witness_sig IS NOT NULL");
	assert_true(W.doc_seq > 0 && W.first_ab > 0 && W.mid > 0 && W.wit > 0);
}

static void
build_big(void)
{
	struct copy c;
	struct site *site;
	struct ledger_appended a;

	tu_tempdir(c.dir, sizeof c.dir);
	tu_site_config(c.dir, c.ini, sizeof c.ini);
	snprintf(c.db, sizeof c.db, "%s/signoff.db", c.dir);
	snprintf(W.big, sizeof W.big, "%s/big.db", W.dir);
	copy_file(W.pristine, c.db);
	snprintf(c.db, sizeof c.db, "%s/kiosk.key", c.dir);
	copy_file(W.key, c.db);
	assert_int_equal(site_open(c.ini, &site), CORE_OK);
	assert_int_equal(store_begin(site->st), CORE_OK);
	for (int i = 0; i < 3000; i++) {
		struct event ev;

		event_init(&ev, EV_RECORD_VIEWED);
		assert_int_equal(event_add_int(&ev, "n", i), CORE_OK);
		assert_int_equal(ledger_append(site->st, site->keys, &ev, NULL, NULL, &a),
		    CORE_OK);
		event_clear(&ev);
	}
	assert_int_equal(store_commit(site->st), CORE_OK);
	site_close(&site);
	snprintf(c.db, sizeof c.db, "%s/signoff.db", c.dir);
	flatten(c.db);
	copy_file(c.db, W.big);
	tu_rmrf(c.dir);
}

static int
world_setup(void **state)
{
	char fpr[CRYPTO_FPR_LEN], db[1100];
	struct site *site = NULL;
	struct ledger_head head;

	(void)state;
	assert_int_equal(crypto_init(), CORE_OK);
	set_time(T0);
	tu_tempdir(W.dir, sizeof W.dir);
	tu_site_config(W.dir, W.ini, sizeof W.ini);
	snprintf(W.key, sizeof W.key, "%s/kiosk.key", W.dir);
	snprintf(db, sizeof db, "%s/signoff.db", W.dir);
	snprintf(W.pristine, sizeof W.pristine, "%s/pristine.db", W.dir);
	snprintf(W.older, sizeof W.older, "%s/older.db", W.dir);
	assert_int_equal(site_init(W.ini, fpr), CORE_OK);
	assert_int_equal(site_open(W.ini, &site), CORE_OK);
	assert_int_equal(staff_add(site, "tutor", ROLE_TUTOR, PASS, NULL), CORE_OK);
	learner_walks(site, "HA-YP-1", "ha-young-people", false);
	learner_walks(site, "HA-AD-1", "ha-adult", false);
	learner_walks(site, "SS-1", "ss-secure", true);
	site_close(&site);
	flatten(db);
	copy_file(db, W.older);

	assert_int_equal(site_open(W.ini, &site), CORE_OK);
	learner_walks(site, "HA-AD-2", "ha-adult", false);
	assert_int_equal(checkpoint_write(site, &W.note, &W.note_len), CORE_OK);
	assert_int_equal(ledger_head(site->st, &head), CORE_OK);
	W.head = head.seq;
	find_targets(site);
	site_close(&site);
	flatten(db);
	copy_file(db, W.pristine);
	build_big();
	return 0;
}

static int
world_teardown(void **state)
{
	(void)state;
	free(W.note);
	tu_rmrf(W.dir);
	verify_set_threads(0);
	return 0;
}

/* ---- one attack's copy ---- */

static void
copy_open(struct copy *c, const char *db)
{
	char key[1100];

	tu_tempdir(c->dir, sizeof c->dir);
	tu_site_config(c->dir, c->ini, sizeof c->ini);
	snprintf(c->db, sizeof c->db, "%s/signoff.db", c->dir);
	snprintf(key, sizeof key, "%s/kiosk.key", c->dir);
	copy_file(db, c->db);
	copy_file(W.key, key);
	assert_int_equal(sqlite3_open_v2(c->db, &c->raw, SQLITE_OPEN_READWRITE, NULL),
	    SQLITE_OK);
	sqlite3_busy_timeout(c->raw, 5000);
	raw_exec(c->raw, "DROP TRIGGER ledger_no_update; DROP TRIGGER ledger_no_delete");
}

static void
copy_close(struct copy *c)
{
	sqlite3_close(c->raw);
	tu_rmrf(c->dir);
}

/* verify, then (if asked and verify passed) the checkpoint, in one snapshot. */
static enum core_status
check(struct copy *c, unsigned threads, bool with_note, struct verify_report *rep)
{
	struct site *site = NULL;
	enum core_status status;

	verify_set_threads(threads);
	if (site_open(c->ini, &site) != CORE_OK)
		fail_msg("site_open: %s", core_detail());
	assert_int_equal(store_begin_read(site->st), CORE_OK);
	status = verify_ledger(site->st, NULL, NULL, NULL, rep);
	if (status == CORE_OK && with_note)
		status = checkpoint_verify(site, W.note, W.note_len, NULL, rep);
	store_rollback(site->st);
	site_close(&site);
	return status;
}

static void
expect_bad(struct copy *c, bool with_note, uint64_t seq, const char *field)
{
	static const unsigned threads[] = { 1, 2, 4 };
	struct verify_report rep;

	for (size_t i = 0; i < sizeof threads / sizeof threads[0]; i++) {
		assert_int_equal(check(c, threads[i], with_note, &rep), CORE_ERR_VERIFY);
		if (rep.bad_seq != seq || strcmp(rep.bad_field, field) != 0)
			fail_msg("%u threads: expected seq %llu %s, got seq %llu %s (%s)",
			    threads[i], (unsigned long long)seq, field,
			    (unsigned long long)rep.bad_seq, rep.bad_field, rep.reason);
		assert_true(rep.reason[0] != '\0');
	}
}

/* A chain alone cannot tell: verify passes, the checkpoint catches it. */
static void
expect_note_catches(struct copy *c, uint64_t seq, const char *field)
{
	struct verify_report rep;

	assert_int_equal(check(c, 0, false, &rep), CORE_OK);
	expect_bad(c, true, seq, field);
}

static void
set_blob(struct copy *c, const char *table, const char *column, const char *where,
    uint64_t key, const void *p, int n)
{
	char sql[160];
	sqlite3_stmt *stmt;

	snprintf(sql, sizeof sql, "UPDATE %s SET %s = ? WHERE %s = ?", table, column,
	    where);
	assert_int_equal(sqlite3_prepare_v2(c->raw, sql, -1, &stmt, NULL), SQLITE_OK);
	sqlite3_bind_blob(stmt, 1, p, n, SQLITE_TRANSIENT);
	sqlite3_bind_int64(stmt, 2, (sqlite3_int64)key);
	assert_int_equal(sqlite3_step(stmt), SQLITE_DONE);
	assert_int_equal(sqlite3_changes(c->raw), 1);
	sqlite3_finalize(stmt);
}

static void
set_text(struct copy *c, const char *column, uint64_t seq, const char *text)
{
	char sql[128];
	sqlite3_stmt *stmt;

	snprintf(sql, sizeof sql, "UPDATE ledger SET %s = ? WHERE seq = ?", column);
	assert_int_equal(sqlite3_prepare_v2(c->raw, sql, -1, &stmt, NULL), SQLITE_OK);
	sqlite3_bind_text(stmt, 1, text, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(stmt, 2, (sqlite3_int64)seq);
	assert_int_equal(sqlite3_step(stmt), SQLITE_DONE);
	sqlite3_finalize(stmt);
}

static int
get_blob(struct copy *c, const char *column, uint64_t seq, uint8_t *buf, size_t cap)
{
	char sql[128];
	sqlite3_stmt *stmt;
	int n;

	snprintf(sql, sizeof sql, "SELECT %s FROM ledger WHERE seq = ?", column);
	assert_int_equal(sqlite3_prepare_v2(c->raw, sql, -1, &stmt, NULL), SQLITE_OK);
	sqlite3_bind_int64(stmt, 1, (sqlite3_int64)seq);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	n = sqlite3_column_bytes(stmt, 0);
	assert_true(n > 0 && (size_t)n <= cap);
	memcpy(buf, sqlite3_column_blob(stmt, 0), (size_t)n);
	sqlite3_finalize(stmt);
	return n;
}

static void
flip(struct copy *c, const char *column, uint64_t seq, size_t at)
{
	uint8_t buf[8192];
	int n = get_blob(c, column, seq, buf, sizeof buf);

	assert_true(at < (size_t)n);
	buf[at] ^= 0x20;
	set_blob(c, "ledger", column, "seq", seq, buf, n);
}

static void
exec_fmt(struct copy *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
exec_fmt(struct copy *c, const char *fmt, ...)
{
	char sql[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(sql, sizeof sql, fmt, ap);
	va_end(ap);
	raw_exec(c->raw, sql);
}

/* One statement with ?1 bound to seq. */
static void
exec_seq(struct copy *c, const char *sql, uint64_t seq)
{
	sqlite3_stmt *stmt;

	assert_int_equal(sqlite3_prepare_v2(c->raw, sql, -1, &stmt, NULL), SQLITE_OK);
	sqlite3_bind_int64(stmt, 1, (sqlite3_int64)seq);
	assert_int_equal(sqlite3_step(stmt), SQLITE_DONE);
	assert_int_equal(sqlite3_changes(c->raw), 1);
	sqlite3_finalize(stmt);
}

/*
 * Someone with the kiosk key file re-signs an entry after changing one of
 * its signatures: the kiosk signature, hash and receipt are made good.
 */
static void
resign(struct copy *c, uint64_t seq, const char *sig_column)
{
	uint8_t msg[8192 + 128], ks[CRYPTO_SIG_BYTES], hash[CRYPTO_HASH_BYTES];
	struct kiosk_keys *keys = NULL;
	char receipt[LEDGER_RECEIPT_LEN];
	int n;

	assert_int_equal(kiosk_keys_load(W.key, &keys), CORE_OK);
	flip(c, sig_column, seq, 7);
	n = get_blob(c, "bytes", seq, msg, 8192);
	get_blob(c, "learner_sig", seq, msg + n, CRYPTO_SIG_BYTES);
	if (strcmp(sig_column, "witness_sig") == 0)
		get_blob(c, "witness_sig", seq, msg + n + CRYPTO_SIG_BYTES, CRYPTO_SIG_BYTES);
	else
		memset(msg + n + CRYPTO_SIG_BYTES, 0, CRYPTO_SIG_BYTES);
	kiosk_sign(keys, msg, (size_t)n + 2 * CRYPTO_SIG_BYTES, ks);
	memcpy(msg + n + 2 * CRYPTO_SIG_BYTES, ks, sizeof ks);
	crypto_blake2b(msg, (size_t)n + 3 * CRYPTO_SIG_BYTES, hash);
	ledger_receipt(hash, receipt);
	set_blob(c, "ledger", "kiosk_sig", "seq", seq, ks, sizeof ks);
	set_blob(c, "ledger", "hash", "seq", seq, hash, sizeof hash);
	set_text(c, "receipt", seq, receipt);
	kiosk_keys_free(&keys);
}

/* ---- the attacks ---- */

static void
test_untouched_copy_passes(void **state)
{
	struct verify_report rep;
	struct copy c;

	(void)state;
	copy_open(&c, W.pristine);
	for (unsigned t = 1; t <= 4; t++) {
		assert_int_equal(check(&c, t, false, &rep), CORE_OK);
		assert_int_equal(rep.count, W.head);
		assert_int_equal(rep.last_seq, W.head);
		assert_int_equal(check(&c, t, true, &rep), CORE_OK);
		assert_int_equal(rep.last_seq, W.head);
	}
	copy_close(&c);
}

static void
test_bytes(void **state)
{
	struct copy c;

	(void)state;
	copy_open(&c, W.pristine);
	flip(&c, "bytes", W.mid, 200);	/* inside the fields: still decodes */
	expect_bad(&c, false, W.mid, "kiosk_sig");
	copy_close(&c);
	copy_open(&c, W.pristine);
	flip(&c, "bytes", W.mid, 19);	/* the version */
	expect_bad(&c, false, W.mid, "version");
	copy_close(&c);
}

static void
test_signatures(void **state)
{
	struct copy c;

	(void)state;
	/* The kiosk countersigned both signatures: its signature fails first. */
	copy_open(&c, W.pristine);
	flip(&c, "learner_sig", W.mid, 3);
	expect_bad(&c, false, W.mid, "kiosk_sig");
	copy_close(&c);
	copy_open(&c, W.pristine);
	flip(&c, "witness_sig", W.wit, 3);
	expect_bad(&c, false, W.wit, "kiosk_sig");
	copy_close(&c);
	copy_open(&c, W.pristine);
	flip(&c, "kiosk_sig", W.mid, 3);
	expect_bad(&c, false, W.mid, "kiosk_sig");
	copy_close(&c);
	/* With the kiosk key file, the learner's or witness's own signature fails. */
	copy_open(&c, W.pristine);
	resign(&c, W.mid, "learner_sig");
	expect_bad(&c, false, W.mid, "learner_sig");
	copy_close(&c);
	copy_open(&c, W.pristine);
	resign(&c, W.wit, "witness_sig");
	expect_bad(&c, false, W.wit, "witness_sig");
	copy_close(&c);
}

static void
test_hash(void **state)
{
	struct copy c;

	(void)state;
	copy_open(&c, W.pristine);
	flip(&c, "hash", W.mid, 0);
	expect_bad(&c, false, W.mid, "hash");
	copy_close(&c);
}

static void
test_unsigned_columns(void **state)
{
	static const struct {
		const char *sql, *field;
	} cases[] = {
		{ "UPDATE ledger SET time_ms = time_ms + 1 WHERE seq = ?1", "time_ms" },
		{ "UPDATE ledger SET kind = 7 WHERE seq = ?1", "kind" },
		{ "UPDATE ledger SET subject = (SELECT pseudonym FROM learners"
		    " WHERE reference = 'HA-YP-1') WHERE seq = ?1", "subject" },
		{ "UPDATE ledger SET actor = NULL WHERE seq = ?1", "actor" },
		{ "UPDATE ledger SET receipt = 'AAAA-AAAA' WHERE seq = ?1", "receipt" },
	};
	struct copy c;

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		copy_open(&c, W.pristine);
		exec_seq(&c, cases[i].sql, W.mid);
		expect_bad(&c, false, W.mid, cases[i].field);
		copy_close(&c);
	}
}

static void
test_delete_and_swap(void **state)
{
	struct copy c;

	(void)state;
	copy_open(&c, W.pristine);
	exec_fmt(&c, "DELETE FROM ledger WHERE seq = %" PRIu64, W.mid);
	expect_bad(&c, false, W.mid + 1, "seq");
	copy_close(&c);
	copy_open(&c, W.pristine);
	exec_fmt(&c, "UPDATE ledger SET seq = 0 WHERE seq = %" PRIu64, W.mid);
	exec_fmt(&c, "UPDATE ledger SET seq = %" PRIu64 " WHERE seq = %" PRIu64, W.mid, W.mid + 1);
	exec_fmt(&c, "UPDATE ledger SET seq = %" PRIu64 " WHERE seq = 0", W.mid + 1);
	expect_bad(&c, false, W.mid, "seq");
	copy_close(&c);
}

static void
test_truncated_tail(void **state)
{
	struct copy c;

	(void)state;
	copy_open(&c, W.pristine);
	exec_fmt(&c, "DELETE FROM ledger WHERE seq > %" PRIu64, W.head - 3);
	expect_note_catches(&c, W.head, "checkpoint.size");
	copy_close(&c);
}

static void
test_older_copy_restored(void **state)
{
	struct copy c;

	(void)state;
	copy_open(&c, W.older);
	expect_note_catches(&c, W.head, "checkpoint.size");
	copy_close(&c);
}

/* Delete the tail and append new entries signed with the real kiosk key. */
static void
test_tail_rewritten_and_resigned(void **state)
{
	struct kiosk_keys *keys = NULL;
	struct ledger_appended a;
	struct store *st = NULL;
	struct copy c;

	(void)state;
	copy_open(&c, W.pristine);
	exec_fmt(&c, "DELETE FROM ledger WHERE seq > %" PRIu64, W.head - 4);
	assert_int_equal(kiosk_keys_load(W.key, &keys), CORE_OK);
	assert_int_equal(store_open(c.db, STORE_OPEN, &st), CORE_OK);
	assert_int_equal(store_begin(st), CORE_OK);
	for (int i = 0; i < 6; i++) {
		struct event ev;

		event_init(&ev, EV_RECORD_VIEWED);
		assert_int_equal(event_add_int(&ev, "n", i), CORE_OK);
		assert_int_equal(ledger_append(st, keys, &ev, NULL, NULL, &a), CORE_OK);
		event_clear(&ev);
	}
	assert_int_equal(store_commit(st), CORE_OK);
	store_close(&st);
	kiosk_keys_free(&keys);
	assert_true(a.seq > W.head);
	expect_note_catches(&c, W.head, "checkpoint.hash");
	copy_close(&c);
}

/* One character of the stored text, or its line ends: the hash disagrees. */
static void
test_document_edited(void **state)
{
	char field[32];
	struct copy c;

	(void)state;
	snprintf(field, sizeof field, "docs[%zu].hash", W.doc_index);
	copy_open(&c, W.pristine);
	raw_exec(c.raw, "UPDATE documents SET text = CAST(substr(CAST(text AS TEXT), 1, 40)"
	    " || (CASE substr(CAST(text AS TEXT), 41, 1) WHEN 'x' THEN 'y' ELSE 'x' END)"
	    " || substr(CAST(text AS TEXT), 42) AS BLOB)"
	    " WHERE step = '" DOC_STEP "'");
	assert_int_equal(sqlite3_changes(c.raw), 1);
	expect_bad(&c, false, W.doc_seq, field);
	copy_close(&c);
	copy_open(&c, W.pristine);
	raw_exec(c.raw, "UPDATE documents SET text = CAST(replace(CAST(text AS TEXT),"
	    " char(10), char(13, 10)) AS BLOB) WHERE step = '" DOC_STEP "'");
	expect_bad(&c, false, W.doc_seq, field);
	copy_close(&c);
	/* Another step's label on the right text. */
	copy_open(&c, W.pristine);
	raw_exec(c.raw, "UPDATE documents SET step = 'ha-induction' WHERE step = '"
	    DOC_STEP "'");
	snprintf(field, sizeof field, "docs[%zu].step", W.doc_index);
	expect_bad(&c, false, W.doc_seq, field);
	copy_close(&c);
}

/* Swapped key rows neither verify nor let one learner sign as the other. */
static void
test_key_rows_swapped(void **state)
{
	static const char *const swaps[] = {
		/* whose key it is */
		"UPDATE keys SET owner = CASE owner"
		" WHEN (SELECT pseudonym FROM learners WHERE reference = 'HA-YP-1')"
		" THEN (SELECT pseudonym FROM learners WHERE reference = 'HA-AD-1')"
		" ELSE (SELECT pseudonym FROM learners WHERE reference = 'HA-YP-1') END"
		" WHERE owner IN (SELECT pseudonym FROM learners"
		" WHERE reference IN ('HA-YP-1', 'HA-AD-1'))",
		/* the key material under each key id */
		"CREATE TEMP TABLE k AS SELECT * FROM keys WHERE owner IN"
		" (SELECT pseudonym FROM learners WHERE reference IN ('HA-YP-1', 'HA-AD-1'));"
		"UPDATE keys SET (pk, nonce, box, kdf_salt) = (SELECT pk, nonce, box, kdf_salt"
		" FROM k WHERE k.key_id != keys.key_id) WHERE key_id IN (SELECT key_id FROM k)",
	};
	struct site *site = NULL;
	struct learner l;
	struct copy c;

	(void)state;
	for (size_t i = 0; i < sizeof swaps / sizeof swaps[0]; i++) {
		copy_open(&c, W.pristine);
		raw_exec(c.raw, swaps[i]);
		expect_bad(&c, false, W.first_ab, "key_id");
		assert_int_equal(site_open(c.ini, &site), CORE_OK);
		assert_int_equal(learner_sign_in(site, "HA-YP-1", PIN, &l), CORE_ERR_AUTH);
		assert_int_equal(learner_sign_in(site, "HA-AD-1", PIN, &l), CORE_ERR_AUTH);
		assert_int_equal(learner_sign_in(site, "HA-AD-2", PIN, &l), CORE_OK);
		site_close(&site);
		copy_close(&c);
	}
}

static void
append_signed(struct site *site, const struct learner *l, const struct signer *s,
    struct ledger_appended *a)
{
	struct event ev;

	event_init(&ev, EV_RECORD_VIEWED);
	memcpy(ev.subject, l->pseudonym, CRYPTO_ID_BYTES);
	memcpy(ev.actor, l->pseudonym, CRYPTO_ID_BYTES);
	assert_int_equal(store_begin(site->st), CORE_OK);
	assert_int_equal(ledger_append(site->st, site->keys, &ev, s, NULL, a), CORE_OK);
	assert_int_equal(store_commit(site->st), CORE_OK);
	event_clear(&ev);
}

/*
 * A new key retires the old one at its registration: old records still
 * verify, a signature by the old key after that does not, even with the
 * unsigned retired_seq column cleared again.
 */
static void
test_retired_key(void **state)
{
	struct signer *old = NULL, *fresh = NULL;
	struct ledger_appended a;
	struct ledger_head reg;
	struct verify_report rep;
	struct sealed_key sealed;
	struct site *site = NULL;
	struct learner l;
	struct copy c;

	(void)state;
	copy_open(&c, W.pristine);
	assert_int_equal(site_open(c.ini, &site), CORE_OK);
	assert_int_equal(learner_get(site, "HA-AD-1", &l), CORE_OK);
	assert_int_equal(learner_unseal(site, &l, PIN, &old), CORE_OK);
	assert_int_equal(signer_create(site->keys, l.pseudonym, "739146", 6, 1, 8192,
	    &sealed, &fresh), CORE_OK);
	assert_int_equal(store_begin(site->st), CORE_OK);
	assert_int_equal(keys_register(site, &sealed, "learner", NULL, "A new PIN."),
	    CORE_OK);
	assert_int_equal(store_commit(site->st), CORE_OK);
	assert_int_equal(ledger_head(site->st, &reg), CORE_OK);
	exec_fmt(&c, "UPDATE keys SET retired_seq = %" PRIu64 " WHERE registered_seq < %" PRIu64
	    " AND owner = (SELECT pseudonym FROM learners WHERE reference = 'HA-AD-1')",
	    reg.seq, reg.seq);
	append_signed(site, &l, fresh, &a);
	site_close(&site);
	assert_int_equal(check(&c, 0, false, &rep), CORE_OK);
	assert_int_equal(rep.last_seq, a.seq);

	assert_int_equal(site_open(c.ini, &site), CORE_OK);
	append_signed(site, &l, old, &a);	/* the old key, after its retirement */
	site_close(&site);
	expect_bad(&c, false, a.seq, "key_id");
	raw_exec(c.raw, "UPDATE keys SET retired_seq = NULL");
	expect_bad(&c, false, a.seq, "key_id");
	assert_int_equal(check(&c, 1, false, &rep), CORE_ERR_VERIFY);
	assert_non_null(strstr(rep.reason, "replaced"));
	signer_free(&old);
	signer_free(&fresh);
	copy_close(&c);
}

/* ---- several threads: the first failure by seq wins, whoever finds it ---- */

static void
test_first_failure_wins(void **state)
{
	const uint64_t early = W.head + 150, late = W.head + 600;
	struct copy c;

	(void)state;
	/* A worker's failure early, the main thread's late. */
	copy_open(&c, W.big);
	flip(&c, "kiosk_sig", early, 1);
	exec_fmt(&c, "UPDATE ledger SET time_ms = time_ms + 1 WHERE seq = %" PRIu64, late);
	expect_bad(&c, false, early, "kiosk_sig");
	copy_close(&c);
	/* The main thread's early, a worker's late. */
	copy_open(&c, W.big);
	exec_fmt(&c, "UPDATE ledger SET kind = 7 WHERE seq = %" PRIu64, early);
	flip(&c, "kiosk_sig", late, 1);
	expect_bad(&c, false, early, "kind");
	copy_close(&c);
	/* Two workers' failures: the earlier, whichever finished first. */
	copy_open(&c, W.big);
	flip(&c, "kiosk_sig", early, 1);
	flip(&c, "kiosk_sig", early + 130, 1);
	expect_bad(&c, false, early, "kiosk_sig");
	copy_close(&c);
	/* Both in one entry: the field checked first is named. */
	copy_open(&c, W.big);
	exec_fmt(&c, "UPDATE ledger SET kind = 7 WHERE seq = %" PRIu64, early);
	flip(&c, "kiosk_sig", early, 1);
	expect_bad(&c, false, early, "kiosk_sig");
	copy_close(&c);
	/* The very last entry. */
	copy_open(&c, W.big);
	flip(&c, "hash", W.head + 3000, 5);
	expect_bad(&c, false, W.head + 3000, "hash");
	copy_close(&c);
}

struct progress {
	uint64_t calls, last, total;
};

static void
on_progress(uint64_t done, uint64_t total, void *arg)
{
	struct progress *p = arg;

	assert_true(done >= p->last);
	assert_true(done <= total);
	p->calls++;
	p->last = done;
	p->total = total;
}

static void
test_progress_with_threads(void **state)
{
	struct verify_report rep;
	struct site *site = NULL;
	struct copy c;

	(void)state;
	copy_open(&c, W.big);
	for (unsigned t = 1; t <= 4; t *= 2) {
		struct progress p = { 0, 0, 0 };

		verify_set_threads(t);
		assert_int_equal(site_open(c.ini, &site), CORE_OK);
		assert_int_equal(verify_ledger(site->st, NULL, on_progress, &p, &rep), CORE_OK);
		site_close(&site);
		assert_int_equal(rep.count, W.head + 3000);
		assert_int_equal(p.last, W.head + 3000);
		assert_int_equal(p.total, W.head + 3000);
		assert_int_equal(p.calls, (W.head + 3000) / 1000 + 1);
	}
	copy_close(&c);
}

/* A checkpoint changed by one character, or for another kiosk, is refused. */
static void
test_checkpoint_text(void **state)
{
	struct verify_report rep;
	struct site *site = NULL;
	char *note = malloc(W.note_len + 8);
	uint8_t pk[CRYPTO_PK_BYTES];
	struct copy c;
	char *nl;

	(void)state;
	assert_non_null(note);
	copy_open(&c, W.pristine);
	assert_int_equal(site_open(c.ini, &site), CORE_OK);
	assert_int_equal(checkpoint_verify(site, W.note, W.note_len, NULL, &rep), CORE_OK);
	kiosk_keys_public(site->keys, pk);
	assert_int_equal(checkpoint_verify(site, W.note, W.note_len, pk, &rep), CORE_OK);
	pk[0] ^= 1;
	assert_int_equal(checkpoint_verify(site, W.note, W.note_len, pk, &rep),
	    CORE_ERR_VERIFY);
	assert_string_equal(rep.bad_field, "kiosk_pk");

	/* The size changed: the signature no longer holds. */
	memcpy(note, W.note, W.note_len + 1);
	nl = strchr(note, '\n');
	nl[1] = nl[1] == '9' ? '8' : (char)(nl[1] + 1);
	assert_int_equal(checkpoint_verify(site, note, W.note_len, NULL, &rep),
	    CORE_ERR_VERIFY);
	assert_string_equal(rep.bad_field, "checkpoint.signature");
	/* Another kiosk's origin. */
	memcpy(note, W.note, W.note_len + 1);
	note[8] = note[8] == 'a' ? 'b' : 'a';
	assert_int_equal(checkpoint_verify(site, note, W.note_len, NULL, &rep),
	    CORE_ERR_VERIFY);
	assert_string_equal(rep.bad_field, "checkpoint.origin");
	/* CRLF line ends, a missing final line end, no signature. */
	assert_int_equal(checkpoint_verify(site, "signoff x\r\n", 11, NULL, &rep),
	    CORE_ERR_VERIFY);
	assert_string_equal(rep.bad_field, "checkpoint");
	assert_int_equal(checkpoint_verify(site, W.note, W.note_len - 1, NULL, &rep),
	    CORE_ERR_VERIFY);
	assert_string_equal(rep.bad_field, "checkpoint");
	nl = strstr(W.note, "\n\n");
	assert_int_equal(checkpoint_verify(site, W.note, (size_t)(nl - W.note) + 2,
	    NULL, &rep), CORE_ERR_VERIFY);
	assert_string_equal(rep.bad_field, "checkpoint");
	site_close(&site);
	copy_close(&c);
	free(note);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_untouched_copy_passes),
		cmocka_unit_test(test_bytes),
		cmocka_unit_test(test_signatures),
		cmocka_unit_test(test_hash),
		cmocka_unit_test(test_unsigned_columns),
		cmocka_unit_test(test_delete_and_swap),
		cmocka_unit_test(test_truncated_tail),
		cmocka_unit_test(test_older_copy_restored),
		cmocka_unit_test(test_tail_rewritten_and_resigned),
		cmocka_unit_test(test_document_edited),
		cmocka_unit_test(test_key_rows_swapped),
		cmocka_unit_test(test_retired_key),
		cmocka_unit_test(test_first_failure_wins),
		cmocka_unit_test(test_progress_with_threads),
		cmocka_unit_test(test_checkpoint_text),
	};

	return cmocka_run_group_tests_name("tamper", tests, world_setup,
	    world_teardown);
}
