/* SPDX-License-Identifier: ISC */
/*
 * PIN attacks on a real site: the failure count committed before the try
 * (a plug pulled mid-try still locks), lockout that survives a restart and
 * only staff lift, the same answer and about the same time for an unknown
 * reference, a wrong PIN or code, no key yet and a locked learner, a copy
 * of the database without the key file that cannot test a PIN, a clock
 * behind the ledger that pauses signing with words for staff, and a
 * process that cannot be dumped.
 */
#include "tests/unit/testutil.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <time.h>

#include "core/learner.h"
#include "core/ledger.h"
#include "core/site.h"
#include "core/staff.h"
#include "core/verify.h"
#include "core/walk.h"

#define T0 1767225600LL		/* 2026-01-01 00:00:00 UTC */
#define PIN "482916"
#define WRONG "739146"

struct fixture {
	char dir[512];
	char ini[1024];
	struct site *site;
	long long now;
};

static void
set_time(struct fixture *f, long long seconds)
{
	char buf[32];

	f->now = seconds;
	snprintf(buf, sizeof buf, "%lld", seconds);
	assert_int_equal(setenv("SIGNOFF_FAKE_TIME", buf, 1), 0);
}

/* The test config, with the learners' Argon2id memory set to pin_mem_kib. */
static void
write_config(struct fixture *f, unsigned pin_mem_kib)
{
	char line[1024], tmp[1100];
	bool in_pin = false;
	FILE *in, *out;

	tu_site_config(f->dir, f->ini, sizeof f->ini);
	snprintf(tmp, sizeof tmp, "%s.tmp", f->ini);
	assert_int_equal(rename(f->ini, tmp), 0);
	in = fopen(tmp, "r");
	out = fopen(f->ini, "w");
	assert_non_null(in);
	assert_non_null(out);
	while (fgets(line, sizeof line, in)) {
		if (line[0] == '[')
			in_pin = strncmp(line, "[pin]", 5) == 0;
		if (in_pin && strncmp(line, "argon2_mem_kib", 14) == 0)
			fprintf(out, "argon2_mem_kib = %u\n", pin_mem_kib);
		else
			fputs(line, out);
	}
	fclose(in);
	fclose(out);
	unlink(tmp);
}

static struct fixture *
make_site(unsigned pin_mem_kib)
{
	struct fixture *f = calloc(1, sizeof *f);
	char fpr[CRYPTO_FPR_LEN];

	assert_non_null(f);
	assert_int_equal(crypto_init(), CORE_OK);
	assert_int_equal(setenv("TZ", "UTC", 1), 0);
	tzset();
	set_time(f, T0);
	tu_tempdir(f->dir, sizeof f->dir);
	write_config(f, pin_mem_kib);
	assert_int_equal(site_init(f->ini, fpr), CORE_OK);
	assert_int_equal(site_open(f->ini, &f->site), CORE_OK);
	return f;
}

static int
setup(void **state)
{
	*state = make_site(8192);
	return 0;
}

/* Argon2id well above the noise of the commits, for timing. */
static int
setup_costly(void **state)
{
	*state = make_site(65536);
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	site_close(&f->site);
	tu_rmrf(f->dir);
	free(f);
	return 0;
}

static void
enrol(struct fixture *f, const char *ref, char code[LEARNER_CODE_LEN])
{
	assert_int_equal(learner_add(f->site, ref, "Sam", "Lee", "ha-adult", "", NULL,
	    code), CORE_OK);
}

static void
activate(struct fixture *f, const char *ref)
{
	char code[LEARNER_CODE_LEN];
	struct learner l;

	enrol(f, ref, code);
	assert_int_equal(learner_activate(f->site, ref, code, PIN, &l), CORE_OK);
}

static unsigned
failures(struct fixture *f, const char *ref, bool *locked)
{
	struct learner l;

	assert_int_equal(learner_get(f->site, ref, &l), CORE_OK);
	if (locked)
		*locked = l.locked;
	return l.pin_failures;
}

struct kinds {
	const uint8_t *subject;
	unsigned counts[64];
	bool locked_attempt;
};

static bool
count_kinds(const struct ledger_entry *e, void *arg)
{
	struct kinds *k = arg;
	const struct event_field *w;
	struct event ev;

	assert_int_equal(event_decode(e->bytes, e->len, &ev), CORE_OK);
	if (!k->subject || memcmp(ev.subject, k->subject, CRYPTO_ID_BYTES) == 0) {
		if (ev.kind < 64)
			k->counts[ev.kind]++;
		w = event_field(&ev, "while");
		if (ev.kind == EV_PIN_FAILED && w && strcmp((const char *)w->value, "locked") == 0)
			k->locked_attempt = true;
	}
	event_clear(&ev);
	return true;
}

static void
kinds_of(struct fixture *f, const char *ref, struct kinds *k)
{
	struct learner l;

	memset(k, 0, sizeof *k);
	assert_int_equal(learner_get(f->site, ref, &l), CORE_OK);
	k->subject = l.pseudonym;
	assert_int_equal(ledger_each(f->site->st, 1, 0, count_kinds, k), CORE_OK);
}

static void
expect_verified(struct fixture *f)
{
	struct verify_report rep;

	if (verify_ledger(f->site->st, NULL, NULL, NULL, &rep) != CORE_OK)
		fail_msg("verify: %s", core_detail());
}

/* ---- hardening ---- */

static void
test_not_dumpable(void **state)
{
	struct rlimit rl;

	(void)state;
	assert_int_equal(crypto_init(), CORE_OK);
	assert_int_equal(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 0);
	assert_int_equal(getrlimit(RLIMIT_CORE, &rl), 0);
	assert_int_equal(rl.rlim_cur, 0);
	assert_int_equal(rl.rlim_max, 0);
}

/* ---- lockout ---- */

static void
test_lockout_survives_restart(void **state)
{
	struct fixture *f = *state;
	uint8_t supervisor[CRYPTO_ID_BYTES];
	struct learner l;
	struct staff s;
	struct kinds k;
	bool locked;

	activate(f, "L-1");
	for (unsigned i = 1; i <= f->site->cfg->pin_lockout_after; i++) {
		assert_int_equal(learner_sign_in(f->site, "L-1", WRONG, &l), CORE_ERR_AUTH);
		assert_int_equal(failures(f, "L-1", &locked), i);
		assert_int_equal(locked, i == f->site->cfg->pin_lockout_after);
	}
	kinds_of(f, "L-1", &k);
	assert_int_equal(k.counts[EV_PIN_FAILED], f->site->cfg->pin_lockout_after);
	assert_int_equal(k.counts[EV_LEARNER_LOCKED], 1);

	/* Closed and opened again, as after a power cut: still locked. */
	site_close(&f->site);
	assert_int_equal(site_open(f->ini, &f->site), CORE_OK);
	assert_int_equal(failures(f, "L-1", &locked), f->site->cfg->pin_lockout_after);
	assert_true(locked);
	assert_int_equal(learner_sign_in(f->site, "L-1", PIN, &l), CORE_ERR_AUTH);
	kinds_of(f, "L-1", &k);
	assert_true(k.locked_attempt);	/* tries while locked are on record */
	assert_int_equal(k.counts[EV_LEARNER_LOCKED], 1);

	/* Only staff lift it, and a supervisor may not. */
	assert_int_equal(staff_add(f->site, "sup", ROLE_SUPERVISOR, "a long passphrase",
	    NULL), CORE_OK);
	assert_int_equal(staff_get(f->site, "sup", &s), CORE_OK);
	memcpy(supervisor, s.pseudonym, sizeof supervisor);
	assert_int_equal(learner_unlock(f->site, "L-1", supervisor), CORE_ERR_DENIED);
	assert_int_equal(learner_unlock(f->site, "NOBODY", NULL), CORE_ERR_NOT_FOUND);
	assert_int_equal(learner_unlock(f->site, "L-1", NULL), CORE_OK);
	assert_int_equal(failures(f, "L-1", &locked), 0);
	assert_false(locked);
	assert_int_equal(learner_unlock(f->site, "L-1", NULL), CORE_ERR_DONE);
	assert_int_equal(learner_sign_in(f->site, "L-1", PIN, &l), CORE_OK);
	kinds_of(f, "L-1", &k);
	assert_int_equal(k.counts[EV_LEARNER_UNLOCKED], 1);
	expect_verified(f);
}

/* The count was committed, then the plug was pulled before the try ended. */
static void
test_count_at_limit_locks(void **state)
{
	struct fixture *f = *state;
	struct learner l;
	struct kinds k;
	sqlite3 *db;
	char sql[128];
	bool locked;

	activate(f, "L-2");
	assert_int_equal(sqlite3_open(f->site->cfg->db_path, &db), SQLITE_OK);
	snprintf(sql, sizeof sql, "UPDATE learners SET pin_failures = %u"
	    " WHERE reference = 'L-2'", f->site->cfg->pin_lockout_after);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(learner_sign_in(f->site, "L-2", PIN, &l), CORE_ERR_AUTH);
	failures(f, "L-2", &locked);
	assert_true(locked);
	kinds_of(f, "L-2", &k);
	assert_int_equal(k.counts[EV_LEARNER_LOCKED], 1);
	expect_verified(f);
}

/* ---- the same answer at the same cost ---- */

/*
 * CPU time of this thread, not the wall clock: what must match is the
 * Argon2id work each path does, and a loaded machine (CI, a parallel
 * build) stretches wall time but not the work.
 */
static double
seconds_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef enum core_status (*attempt_fn)(struct fixture *f, const char *ref);

static enum core_status
try_pin(struct fixture *f, const char *ref)
{
	struct learner l;

	return learner_sign_in(f->site, ref, WRONG, &l);
}

static enum core_status
try_code(struct fixture *f, const char *ref)
{
	struct learner l;

	return learner_activate(f->site, ref, "AAAA-AAAA", PIN, &l);
}

/* The least of five tries: each must answer CORE_ERR_AUTH. */
static double
cost(struct fixture *f, attempt_fn fn, const char *ref)
{
	double best = 1e9;

	for (int i = 0; i < 5; i++) {
		double t0 = seconds_now(), t;

		assert_int_equal(fn(f, ref), CORE_ERR_AUTH);
		t = seconds_now() - t0;
		best = t < best ? t : best;
	}
	return best;
}

static void
assert_close(double a, double b, const char *what)
{
	if (a < 0.6 * b || a > 1.7 * b)
		fail_msg("%s took %.1f ms against %.1f ms for a wrong PIN", what,
		    a * 1000, b * 1000);
}

static void
test_same_answer_same_cost(void **state)
{
	struct fixture *f = *state;
	char code[LEARNER_CODE_LEN];
	double wrong, unknown, locked, nokey;
	struct kinds k;
	char count[32];
	size_t len = 0;

	activate(f, "L-OK");
	activate(f, "L-LOCKED");
	enrol(f, "L-NOKEY", code);
	for (unsigned i = 0; i < f->site->cfg->pin_lockout_after; i++)
		assert_int_equal(try_pin(f, "L-LOCKED"), CORE_ERR_AUTH);

	wrong = cost(f, try_pin, "L-OK");
	unknown = cost(f, try_pin, "NOBODY");
	locked = cost(f, try_pin, "L-LOCKED");
	nokey = cost(f, try_pin, "L-NOKEY");
	assert_close(unknown, wrong, "an unknown reference");
	assert_close(locked, wrong, "a locked learner");
	assert_close(nokey, wrong, "a learner with no PIN yet");
	/* Activation: a wrong code, an unknown reference, a spent code. */
	wrong = cost(f, try_code, "L-NOKEY");
	assert_close(cost(f, try_code, "NOBODY"), wrong, "activation, unknown reference");
	assert_close(cost(f, try_code, "L-OK"), wrong, "activation, code already used");

	/* An unknown reference leaves nothing in the ledger, only a count. */
	kinds_of(f, "L-OK", &k);
	assert_int_equal(k.counts[EV_PIN_FAILED], 10);	/* five PINs, five codes */
	assert_int_equal(store_meta_get(f->site->st, "unknown_reference_attempts", count,
	    sizeof count - 1, &len), CORE_OK);
	count[len] = '\0';
	assert_string_equal(count, "10");
	expect_verified(f);
}

/* ---- the database alone ---- */

static void
read_sealed(const char *db_path, struct sealed_key *k)
{
	sqlite3_stmt *stmt;
	sqlite3 *db;

	memset(k, 0, sizeof *k);
	assert_int_equal(sqlite3_open(db_path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db,
	    "SELECT key_id, owner, pk, nonce, box, kdf_ops, kdf_mem_kib, kdf_salt"
	    " FROM keys WHERE owner_kind = 'learner'", -1, &stmt, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	memcpy(k->key_id, sqlite3_column_blob(stmt, 0), CRYPTO_ID_BYTES);
	memcpy(k->owner, sqlite3_column_blob(stmt, 1), CRYPTO_ID_BYTES);
	memcpy(k->pk, sqlite3_column_blob(stmt, 2), CRYPTO_PK_BYTES);
	memcpy(k->nonce, sqlite3_column_blob(stmt, 3), CRYPTO_NONCE_BYTES);
	memcpy(k->box, sqlite3_column_blob(stmt, 4), CRYPTO_SEALED_BYTES);
	k->kdf.ops = (uint64_t)sqlite3_column_int64(stmt, 5);
	k->kdf.mem_kib = (uint64_t)sqlite3_column_int64(stmt, 6);
	memcpy(k->kdf.salt, sqlite3_column_blob(stmt, 7), CRYPTO_SALT_BYTES);
	sqlite3_finalize(stmt);
	sqlite3_close(db);
}

/*
 * Someone with the database file but another key file (another pepper)
 * cannot tell the right PIN from a wrong one; the real key file can.
 */
static void
test_database_alone_cannot_test_a_pin(void **state)
{
	struct fixture *f = *state;
	struct kiosk_keys *other = NULL;
	struct signer *s = NULL;
	struct sealed_key k;
	char path[1100], real[1100];

	activate(f, "L-3");
	read_sealed(f->site->cfg->db_path, &k);
	assert_int_equal(signer_unseal(f->site->keys, &k, PIN, strlen(PIN), &s), CORE_OK);
	signer_free(&s);
	snprintf(path, sizeof path, "%s/other.key", f->dir);
	assert_int_equal(kiosk_keys_create(path), CORE_OK);
	assert_int_equal(kiosk_keys_load(path, &other), CORE_OK);
	assert_int_equal(signer_unseal(other, &k, PIN, strlen(PIN), &s), CORE_ERR_AUTH);
	assert_null(s);
	assert_int_equal(signer_unseal(other, &k, WRONG, strlen(WRONG), &s), CORE_ERR_AUTH);
	kiosk_keys_free(&other);
	/* Nor will the site open with a key file that is not its own. */
	site_close(&f->site);
	snprintf(real, sizeof real, "%s/kiosk.key", f->dir);
	assert_int_equal(rename(path, real), 0);
	assert_int_equal(site_open(f->ini, &f->site), CORE_ERR_CRYPTO);
	assert_null(f->site);
}

/* ---- the clock ---- */

static void
test_clock_behind_pauses_signing(void **state)
{
	struct fixture *f = *state;
	char receipt[LEDGER_RECEIPT_LEN];
	struct ledger_head before, after;
	struct walk *w = NULL;
	struct learner l;

	activate(f, "L-4");
	assert_int_equal(learner_get(f->site, "L-4", &l), CORE_OK);
	assert_int_equal(walk_begin(f->site, &l, &w), CORE_OK);
	walk_step(w, 0)->state = WALK_DECLINED;
	assert_int_equal(ledger_head(f->site->st, &before), CORE_OK);

	set_time(f, T0 - 3600);	/* an hour behind the last record */
	assert_int_equal(walk_sign(w, f->site, PIN, receipt), CORE_ERR_CLOCK);
	assert_non_null(strstr(core_detail(),
	    "The clock on this kiosk is earlier than the last record (2026-01-01 00:00:00 UTC). "
	    "Signing is paused: please ask staff to check the clock."));
	assert_non_null(strstr(core_status_message(CORE_ERR_CLOCK), "clock"));
	/* The same for any reference, right PIN or not; nothing counted or written. */
	assert_int_equal(learner_sign_in(f->site, "L-4", WRONG, &l), CORE_ERR_CLOCK);
	assert_int_equal(learner_sign_in(f->site, "NOBODY", WRONG, &l), CORE_ERR_CLOCK);
	assert_int_equal(failures(f, "L-4", NULL), 0);
	assert_int_equal(ledger_head(f->site->st, &after), CORE_OK);
	assert_int_equal(after.seq, before.seq);

	set_time(f, T0 + 60);
	assert_int_equal(walk_sign(w, f->site, PIN, receipt), CORE_OK);
	walk_free(&w);
	expect_verified(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		cmocka_unit_test(test_not_dumpable),
		T(test_lockout_survives_restart),
		T(test_count_at_limit_locks),
		T(test_database_alone_cannot_test_a_pin),
		T(test_clock_behind_pauses_signing),
		cmocka_unit_test_setup_teardown(test_same_answer_same_cost, setup_costly,
		    teardown),
#undef T
	};

	return cmocka_run_group_tests_name("secrets", tests, NULL, NULL);
}
