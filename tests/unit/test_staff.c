/* SPDX-License-Identifier: ISC */
/*
 * Staff accounts on a real site: adding and listing, sign-in with the
 * failure counted (durably) before the passphrase is tried, the growing
 * delay, lockout and unlocking, disabled accounts, acting for a role, and
 * a new passphrase that keeps earlier witnessed records verifying. Also a
 * witnessed induction started by staff, end to end through verify.
 */
#include "tests/unit/testutil.h"

#include <sqlite3.h>

#include "core/learner.h"
#include "core/permission.h"
#include "core/role.h"
#include "core/site.h"
#include "core/staff.h"
#include "core/verify.h"
#include "core/walk.h"
#include "tests/unit/ledgerscan.h"

#define PASS "correct horse battery"
#define PIN "482916"

struct fixture {
	char dir[512];
	char ini[1024];
	struct site *site;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	char fpr[CRYPTO_FPR_LEN];

	assert_non_null(f);
	assert_int_equal(crypto_init(), CORE_OK);
	tu_tempdir(f->dir, sizeof f->dir);
	tu_site_config(f->dir, f->ini, sizeof f->ini);
	assert_int_equal(site_init(f->ini, fpr), CORE_OK);
	assert_int_equal(site_open(f->ini, &f->site), CORE_OK);
	*state = f;
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
add(struct fixture *f, const char *name, enum staff_role role, struct staff *out)
{
	assert_int_equal(staff_add(f->site, name, role, PASS, NULL), CORE_OK);
	assert_int_equal(staff_get(f->site, name, out), CORE_OK);
}

static void
reopen(struct fixture *f)
{
	site_close(&f->site);
	assert_int_equal(site_open(f->ini, &f->site), CORE_OK);
}

static void
verify_ok(struct fixture *f)
{
	struct verify_report rep;

	if (verify_ledger(f->site->st, NULL, NULL, NULL, &rep) != CORE_OK)
		fail_msg("verify: %s", core_detail());
}

static void
exec_sql(struct fixture *f, const char *sql)
{
	sqlite3 *db;

	assert_int_equal(sqlite3_open(f->site->cfg->db_path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

static void
test_add_rules_and_list(void **state)
{
	struct fixture *f = *state;
	struct staff s, admin, sup;

	assert_int_equal(staff_add(f->site, "t", ROLE_TUTOR, "nine char", NULL),
	    CORE_ERR_INVALID);
	assert_non_null(strstr(core_detail(), "10 to 256"));
	/* Ten characters, more bytes: characters are what count. */
	assert_int_equal(staff_add(f->site, "u", ROLE_TUTOR, "ééééééééé", NULL),
	    CORE_ERR_INVALID);
	assert_int_equal(staff_add(f->site, "u", ROLE_TUTOR, "éééééééééé", NULL), CORE_OK);
	assert_int_equal(staff_add(f->site, "v", ROLE_TUTOR, "pass\x1b[2Jword!", NULL),
	    CORE_ERR_INVALID);
	add(f, "admin", ROLE_ADMIN, &admin);
	add(f, "sup", ROLE_SUPERVISOR, &sup);
	/* Acting for a role: a supervisor may not add staff; an admin may. */
	assert_int_equal(staff_add(f->site, "w", ROLE_TUTOR, PASS, sup.pseudonym),
	    CORE_ERR_DENIED);
	assert_string_equal(core_detail(), "a supervisor may not manage staff accounts");
	assert_int_equal(staff_add(f->site, "w", ROLE_TUTOR, PASS, admin.pseudonym), CORE_OK);
	assert_int_equal(scan_kind(f->site, EV_STAFF_ADDED, NULL).count, 4);
	assert_memory_equal(scan_kind(f->site, EV_STAFF_ADDED, NULL).actor,
	    admin.pseudonym, CRYPTO_ID_BYTES);

	assert_int_equal(staff_get_by_pseudonym(f->site, sup.pseudonym, &s), CORE_OK);
	assert_string_equal(s.name, "sup");
	assert_int_equal(s.role, ROLE_SUPERVISOR);
	verify_ok(f);
}

struct names {
	char name[8][STAFF_NAME_MAX];
	size_t n;
};

static bool
collect(const struct staff *s, void *ctx)
{
	struct names *nm = ctx;

	snprintf(nm->name[nm->n++], STAFF_NAME_MAX, "%s", s->name);
	return nm->n < 8;
}

static void
test_list_is_ordered(void **state)
{
	struct fixture *f = *state;
	struct names nm = { .n = 0 };
	struct staff s;

	add(f, "zoe", ROLE_TUTOR, &s);
	add(f, "adam", ROLE_DSL, &s);
	add(f, "mo", ROLE_ADMIN, &s);
	assert_int_equal(staff_list(f->site, collect, &nm), CORE_OK);
	assert_int_equal(nm.n, 3);
	assert_string_equal(nm.name[0], "adam");
	assert_string_equal(nm.name[1], "mo");
	assert_string_equal(nm.name[2], "zoe");
}

static void
test_sign_in(void **state)
{
	struct fixture *f = *state;
	struct staff t, out;
	struct scan sc;

	add(f, "tutor", ROLE_TUTOR, &t);
	assert_int_equal(staff_sign_in(f->site, "tutor", PASS, &out, NULL), CORE_OK);
	assert_string_equal(out.name, "tutor");
	assert_int_equal(out.role, ROLE_TUTOR);
	assert_memory_equal(out.pseudonym, t.pseudonym, CRYPTO_ID_BYTES);
	sc = scan_kind(f->site, EV_STAFF_SIGNIN, "purpose");
	assert_int_equal(sc.count, 1);
	assert_string_equal(sc.value, "staff mode");
	assert_memory_equal(sc.subject, t.pseudonym, CRYPTO_ID_BYTES);
	verify_ok(f);
}

static void
test_wrong_passphrase_counted_and_recorded(void **state)
{
	struct fixture *f = *state;
	struct staff t, out;
	struct scan sc;

	add(f, "tutor", ROLE_TUTOR, &t);
	assert_int_equal(staff_sign_in(f->site, "tutor", "not the passphrase", &out, NULL),
	    CORE_ERR_AUTH);
	assert_int_equal(staff_get(f->site, "tutor", &t), CORE_OK);
	assert_int_equal(t.failures, 1);
	sc = scan_kind(f->site, EV_STAFF_SIGNIN_FAILED, "reason");
	assert_int_equal(sc.count, 1);
	assert_string_equal(sc.value, "wrong passphrase");
	assert_memory_equal(sc.subject, t.pseudonym, CRYPTO_ID_BYTES);
	/* Success resets the count. */
	assert_int_equal(staff_sign_in(f->site, "tutor", PASS, &out, NULL), CORE_OK);
	assert_int_equal(staff_get(f->site, "tutor", &t), CORE_OK);
	assert_int_equal(t.failures, 0);
}

/*
 * The count is committed before the passphrase is tried: make the try
 * itself fail (an impossible Argon2id cost on the stored key, so not a
 * wrong passphrase), then reopen the database: the attempt is still there.
 */
static void
test_count_is_durable_before_the_try(void **state)
{
	struct fixture *f = *state;
	struct signer *signer = NULL;
	struct staff t, out;
	enum core_status status;

	add(f, "tutor", ROLE_TUTOR, &t);
	exec_sql(f, "UPDATE keys SET kdf_ops = 0 WHERE owner_kind = 'staff'");
	status = staff_sign_in(f->site, "tutor", PASS, &out, &signer);
	assert_int_not_equal(status, CORE_OK);
	assert_int_not_equal(status, CORE_ERR_AUTH);
	assert_null(signer);
	reopen(f);
	assert_int_equal(staff_get(f->site, "tutor", &t), CORE_OK);
	assert_int_equal(t.failures, 1);
	/* Not recorded as a wrong passphrase: it was not one. */
	assert_int_equal(scan_kind(f->site, EV_STAFF_SIGNIN_FAILED, NULL).count, 0);
}

static void
test_delay_grows(void **state)
{
	static const unsigned want[] = { 0, 1000, 2000, 4000, 8000, 16000, 30000, 30000 };
	unsigned i, last = 0;

	(void)state;
	for (i = 0; i < sizeof want / sizeof want[0]; i++)
		assert_int_equal(staff_auth_delay_ms(i), want[i]);
	for (i = 0; i < 1000; i++) {
		assert_true(staff_auth_delay_ms(i) >= last);
		last = staff_auth_delay_ms(i);
	}
	assert_int_equal(staff_auth_delay_ms(UINT32_MAX), 30000);
}

static void
test_lockout_and_enable(void **state)
{
	struct fixture *f = *state;
	unsigned i, limit = f->site->cfg->staff_lockout_after;
	struct staff t, out, admin;
	struct scan sc;

	add(f, "tutor", ROLE_TUTOR, &t);
	add(f, "admin", ROLE_ADMIN, &admin);
	for (i = 0; i < limit; i++)
		assert_int_equal(staff_sign_in(f->site, "tutor", "wrong wrong wrong", &out,
		    NULL), CORE_ERR_AUTH);
	assert_int_equal(staff_get(f->site, "tutor", &t), CORE_OK);
	assert_true(t.locked);
	assert_int_equal(t.failures, limit);
	sc = scan_kind(f->site, EV_STAFF_LOCKED, NULL);
	assert_int_equal(sc.count, 1);
	assert_memory_equal(sc.subject, t.pseudonym, CRYPTO_ID_BYTES);
	/* Locked: the right passphrase gets the same answer, recorded as such. */
	assert_int_equal(staff_sign_in(f->site, "tutor", PASS, &out, NULL), CORE_ERR_AUTH);
	sc = scan_kind(f->site, EV_STAFF_SIGNIN_FAILED, "reason");
	assert_int_equal(sc.count, limit + 1);
	assert_string_equal(sc.value, "locked");
	/* A locked account cannot act either. */
	assert_int_equal(role_authorize(f->site, t.pseudonym, ROLE_ACT_ENROL),
	    CORE_ERR_DENIED);
	/* Only an administrator unlocks it. */
	assert_int_equal(staff_enable(f->site, "tutor", t.pseudonym), CORE_ERR_DENIED);
	assert_int_equal(staff_enable(f->site, "tutor", admin.pseudonym), CORE_OK);
	assert_int_equal(staff_get(f->site, "tutor", &t), CORE_OK);
	assert_false(t.locked);
	assert_int_equal(t.failures, 0);
	assert_int_equal(staff_sign_in(f->site, "tutor", PASS, &out, NULL), CORE_OK);
	verify_ok(f);
}

static void
test_unknown_and_disabled(void **state)
{
	struct fixture *f = *state;
	struct staff t, out, admin;
	struct scan sc;

	add(f, "tutor", ROLE_TUTOR, &t);
	add(f, "admin", ROLE_ADMIN, &admin);
	assert_int_equal(staff_sign_in(f->site, "secret-typed-in-id", PASS, &out, NULL),
	    CORE_ERR_AUTH);
	memset(&sc, 0, sizeof sc);
	sc.kind = EV_STAFF_SIGNIN_FAILED;
	sc.field = "reason";
	sc.needle = "secret-typed-in-id";
	assert_int_equal(ledger_each(f->site->st, 1, 0, scan_visit, &sc), CORE_OK);
	assert_int_equal(sc.count, 1);
	assert_string_equal(sc.value, "unknown staff id");
	assert_true(is_zero_id(sc.subject));
	assert_false(sc.needle_found);

	assert_int_equal(staff_disable(f->site, "tutor", NULL), CORE_OK);
	assert_int_equal(staff_sign_in(f->site, "tutor", PASS, &out, NULL), CORE_ERR_AUTH);
	sc = scan_kind(f->site, EV_STAFF_SIGNIN_FAILED, "reason");
	assert_string_equal(sc.value, "disabled");
	assert_int_equal(staff_get(f->site, "tutor", &t), CORE_OK);
	assert_true(t.disabled);
	assert_int_equal(t.failures, 0);
	sc = scan_kind(f->site, EV_STAFF_DISABLED, "disabled");
	assert_int_equal(sc.count, 1);
	assert_string_equal(sc.value, "yes");
	assert_true(is_zero_id(sc.actor));	/* the command line */
	/* The last enabled administrator stays. */
	assert_int_equal(staff_disable(f->site, "admin", NULL), CORE_ERR_INVALID);
	assert_non_null(strstr(core_detail(), "last enabled administrator"));
	assert_int_equal(staff_enable(f->site, "tutor", NULL), CORE_OK);
	sc = scan_kind(f->site, EV_STAFF_ENABLED, "disabled");
	assert_int_equal(sc.count, 1);
	assert_string_equal(sc.value, "no");
	assert_int_equal(staff_sign_in(f->site, "tutor", PASS, &out, NULL), CORE_OK);
	assert_int_equal(staff_disable(f->site, "nobody", NULL), CORE_ERR_NOT_FOUND);
	verify_ok(f);
}

static void
test_witness_needs_the_role(void **state)
{
	struct fixture *f = *state;
	struct signer *signer = NULL;
	struct staff sup, out;

	add(f, "sup", ROLE_SUPERVISOR, &sup);
	assert_int_equal(staff_sign_in(f->site, "sup", PASS, &out, &signer), CORE_ERR_DENIED);
	assert_null(signer);
	assert_int_equal(staff_unseal(f->site, &sup, PASS, &signer), CORE_ERR_DENIED);
	assert_null(signer);
	/* But the passphrase was right: not counted towards the lockout. */
	assert_int_equal(staff_get(f->site, "sup", &sup), CORE_OK);
	assert_int_equal(sup.failures, 0);
	assert_int_equal(staff_sign_in(f->site, "sup", PASS, &out, NULL), CORE_OK);
}

/* An ss-secure learner, permission recorded, PIN chosen. */
static void
secure_learner(struct fixture *f, const char *ref, const struct staff *by,
    struct learner *l)
{
	char code[LEARNER_CODE_LEN];

	assert_int_equal(learner_add(f->site, ref, "Jordan", "Price", "ss-secure", "",
	    by->pseudonym, code), CORE_OK);
	assert_int_equal(learner_get(f->site, ref, l), CORE_OK);
	assert_int_equal(permission_record(f->site, l, PERMISSION_MDT, "MDT 12",
	    "2026-09-01", by->pseudonym), CORE_OK);
	assert_int_equal(learner_activate(f->site, ref, code, PIN, l), CORE_OK);
}

/* Walk every step as done; the witnessed one asks for staff first. */
static void
walk_all(struct fixture *f, struct walk *w, const struct staff *witness,
    const char *pass)
{
	struct signer *signer = NULL;
	const char *why;
	size_t i, j;

	for (i = 0; i < walk_nsteps(w); i++) {
		struct walk_step *s = walk_step(w, i);

		s->end_reached = true;
		for (j = 0; j < s->nitems; j++)
			s->ticked[j] = true;
		for (j = 0; j < s->nquestions; j++)
			assert_true(walk_answer(s, j, s->questions[j].right));
		if (s->def->witnessed) {
			assert_false(walk_step_ready(w, s, &why));
			assert_string_equal(why, "A member of staff needs to confirm this step.");
			assert_int_equal(staff_unseal(f->site, witness, "wrong passphrase!",
			    &signer), CORE_ERR_AUTH);
			assert_int_equal(staff_unseal(f->site, witness, pass, &signer), CORE_OK);
			walk_set_witness(w, signer, witness->pseudonym);
			assert_true(walk_has_witness(w));
		}
		assert_true(walk_step_ready(w, s, &why));
		s->state = WALK_DONE;
	}
	assert_true(walk_complete(w));
	assert_int_equal(walk_sign(w, f->site, PIN, (char[LEDGER_RECEIPT_LEN]){ 0 }),
	    CORE_OK);
	signer_free(&signer);
}

static void
test_witnessed_induction(void **state)
{
	struct fixture *f = *state;
	struct staff tutor, sup;
	struct walk *w = NULL;
	struct learner l;
	struct scan sc;
	uint8_t key_id[CRYPTO_ID_BYTES];
	struct signer *signer = NULL;

	add(f, "tutor", ROLE_TUTOR, &tutor);
	add(f, "sup", ROLE_SUPERVISOR, &sup);
	secure_learner(f, "SS-1", &tutor, &l);
	/* A supervisor may not start an induction. */
	assert_int_equal(walk_begin_for_staff(f->site, &l, &sup, &w), CORE_ERR_DENIED);
	assert_null(w);
	assert_int_equal(walk_begin_for_staff(f->site, &l, &tutor, &w), CORE_OK);
	walk_all(f, w, &tutor, PASS);
	walk_free(&w);
	verify_ok(f);

	/* The checklist entry carries the tutor's signature and names them. */
	sc = scan_kind(f->site, EV_CHECKLIST_DONE, NULL);
	assert_int_equal(sc.count, 1);
	assert_true(sc.has_witness_sig);
	assert_memory_equal(sc.actor, tutor.pseudonym, CRYPTO_ID_BYTES);
	assert_memory_equal(sc.subject, l.pseudonym, CRYPTO_ID_BYTES);
	assert_int_equal(staff_unseal(f->site, &tutor, PASS, &signer), CORE_OK);
	signer_key_id(signer, key_id);
	signer_free(&signer);
	assert_memory_equal(sc.witness_key_id, key_id, CRYPTO_ID_BYTES);
	/* Other steps are the learner's alone. */
	sc = scan_kind(f->site, EV_QUIZ_PASSED, NULL);
	assert_false(sc.has_witness_sig);
	assert_memory_equal(sc.actor, l.pseudonym, CRYPTO_ID_BYTES);
	sc = scan_kind(f->site, EV_WALK_SIGNED, "started_by");
	assert_int_equal(sc.value_len, CRYPTO_ID_BYTES);
	assert_memory_equal(sc.value, tutor.pseudonym, CRYPTO_ID_BYTES);
}

/* A witnessed step cannot be signed without a witness, whatever the screen did. */
static void
test_unwitnessed_step_is_refused(void **state)
{
	struct fixture *f = *state;
	char receipt[LEDGER_RECEIPT_LEN];
	struct walk *w = NULL;
	struct staff tutor;
	struct learner l;
	size_t i;

	add(f, "tutor", ROLE_TUTOR, &tutor);
	secure_learner(f, "SS-2", &tutor, &l);
	assert_int_equal(walk_begin(f->site, &l, &w), CORE_OK);
	for (i = 0; i < walk_nsteps(w); i++)
		walk_step(w, i)->state = WALK_DONE;
	assert_int_equal(walk_sign(w, f->site, PIN, receipt), CORE_ERR_INVALID);
	assert_string_equal(core_detail(), "A member of staff needs to confirm this step.");
	/* Refused before the PIN was tried: no failure counted. */
	assert_int_equal(learner_get(f->site, "SS-2", &l), CORE_OK);
	assert_int_equal(l.pin_failures, 0);
	walk_free(&w);
}

/*
 * A new passphrase makes a new key and retires the old one at the new
 * key's registration: what the old key witnessed still verifies, and a
 * signer opened before the change can no longer sign.
 */
static void
test_passwd_keeps_old_records_verifying(void **state)
{
	static const char *const newpass = "a brand new passphrase";
	struct fixture *f = *state;
	struct signer *old_signer = NULL;
	char receipt[LEDGER_RECEIPT_LEN];
	struct staff tutor, other, out;
	struct walk *w = NULL;
	struct learner l;
	size_t i;

	add(f, "tutor", ROLE_TUTOR, &tutor);
	add(f, "other", ROLE_TUTOR, &other);
	secure_learner(f, "SS-3", &tutor, &l);
	assert_int_equal(walk_begin_for_staff(f->site, &l, &tutor, &w), CORE_OK);
	walk_all(f, w, &tutor, PASS);
	walk_free(&w);
	assert_int_equal(staff_unseal(f->site, &tutor, PASS, &old_signer), CORE_OK);

	/* Another tutor may not change this one's passphrase; they may their own. */
	assert_int_equal(staff_passwd(f->site, "tutor", newpass, other.pseudonym),
	    CORE_ERR_DENIED);
	assert_int_equal(staff_passwd(f->site, "tutor", "too short", NULL), CORE_ERR_INVALID);
	assert_int_equal(staff_passwd(f->site, "tutor", newpass, tutor.pseudonym), CORE_OK);
	verify_ok(f);
	assert_int_equal(scan_kind(f->site, EV_STAFF_PASSWD, NULL).count, 1);
	assert_int_equal(staff_sign_in(f->site, "tutor", PASS, &out, NULL), CORE_ERR_AUTH);
	assert_int_equal(staff_sign_in(f->site, "tutor", newpass, &out, NULL), CORE_OK);

	/*
	 * A signer opened before the change holds a retired key: it cannot
	 * witness (the entry would not verify), and the walk asks again.
	 */
	secure_learner(f, "SS-4", &tutor, &l);
	assert_int_equal(walk_begin_for_staff(f->site, &l, &tutor, &w), CORE_OK);
	for (i = 0; i < walk_nsteps(w); i++)
		walk_step(w, i)->state = WALK_DONE;
	walk_set_witness(w, old_signer, tutor.pseudonym);
	assert_int_equal(walk_sign(w, f->site, PIN, receipt), CORE_ERR_INVALID);
	assert_string_equal(core_detail(),
	    "A member of staff needs to confirm this step again.");
	assert_false(walk_has_witness(w));
	walk_free(&w);
	signer_free(&old_signer);
	/* With the new key it works, and everything verifies. */
	assert_int_equal(walk_begin_for_staff(f->site, &l, &tutor, &w), CORE_OK);
	walk_all(f, w, &tutor, newpass);
	walk_free(&w);
	verify_ok(f);
	assert_int_equal(scan_kind(f->site, EV_CHECKLIST_DONE, NULL).count, 2);
}

static void
test_authorize(void **state)
{
	struct fixture *f = *state;
	uint8_t nobody[CRYPTO_ID_BYTES] = { 9, 9, 9 };
	struct staff dsl, admin;

	add(f, "dsl", ROLE_DSL, &dsl);
	add(f, "admin", ROLE_ADMIN, &admin);
	assert_int_equal(role_authorize(f->site, NULL, ROLE_ACT_ERASE), CORE_OK);
	assert_int_equal(role_authorize(f->site, nobody, ROLE_ACT_ENROL), CORE_ERR_DENIED);
	assert_int_equal(role_authorize(f->site, dsl.pseudonym, ROLE_ACT_READ_CONCERNS),
	    CORE_OK);
	assert_int_equal(role_authorize(f->site, dsl.pseudonym, ROLE_ACT_ERASE),
	    CORE_ERR_DENIED);
	assert_int_equal(staff_disable(f->site, "dsl", admin.pseudonym), CORE_OK);
	assert_int_equal(role_authorize(f->site, dsl.pseudonym, ROLE_ACT_READ_CONCERNS),
	    CORE_ERR_DENIED);
	assert_non_null(strstr(core_detail(), "disabled"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(test_add_rules_and_list),
		T(test_list_is_ordered),
		T(test_sign_in),
		T(test_wrong_passphrase_counted_and_recorded),
		T(test_count_is_durable_before_the_try),
		cmocka_unit_test(test_delay_grows),
		T(test_lockout_and_enable),
		T(test_unknown_and_disabled),
		T(test_witness_needs_the_role),
		T(test_witnessed_induction),
		T(test_unwitnessed_step_is_refused),
		T(test_passwd_keeps_old_records_verifying),
		T(test_authorize),
#undef T
	};

	return cmocka_run_group_tests_name("staff", tests, NULL, NULL);
}
