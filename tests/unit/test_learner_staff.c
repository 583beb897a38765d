/* SPDX-License-Identifier: ISC */
/*
 * Staff actions on a learner's way in, on a real site: a PIN reset retires
 * the old key at once while what it signed still verifies, and the new
 * code gives a new key that signs; a reset unlocks; a reissued code
 * replaces the old one; roles are enforced.
 */
#include "tests/unit/testutil.h"

#include <sqlite3.h>

#include "core/learner.h"
#include "core/learner_staff.h"
#include "core/site.h"
#include "core/staff.h"
#include "core/verify.h"
#include "core/walk.h"
#include "tests/unit/ledgerscan.h"

#define OLD_PIN "482916"
#define NEW_PIN "739146"

struct fixture {
	char dir[512];
	char ini[1024];
	struct site *site;
	struct staff tutor, sup;
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
	assert_int_equal(staff_add(f->site, "tutor", ROLE_TUTOR, "a long passphrase",
	    NULL), CORE_OK);
	assert_int_equal(staff_add(f->site, "sup", ROLE_SUPERVISOR, "a long passphrase",
	    NULL), CORE_OK);
	assert_int_equal(staff_get(f->site, "tutor", &f->tutor), CORE_OK);
	assert_int_equal(staff_get(f->site, "sup", &f->sup), CORE_OK);
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
verify_ok(struct fixture *f)
{
	struct verify_report rep;

	if (verify_ledger(f->site->st, NULL, NULL, NULL, &rep) != CORE_OK)
		fail_msg("verify: %s", core_detail());
}

static void
activated(struct fixture *f, const char *ref, struct learner *l)
{
	char code[LEARNER_CODE_LEN];

	assert_int_equal(learner_add(f->site, ref, "Amira", "Khan", "ha-adult", "",
	    f->tutor.pseudonym, code), CORE_OK);
	assert_int_equal(learner_activate(f->site, ref, code, OLD_PIN, l), CORE_OK);
}

/* Sign the first step (declining the rest keeps them outstanding). */
static void
sign_first_step(struct fixture *f, const struct learner *l, const char *pin)
{
	char receipt[LEDGER_RECEIPT_LEN];
	struct walk *w = NULL;
	size_t i;

	assert_int_equal(walk_begin(f->site, l, &w), CORE_OK);
	walk_step(w, 0)->end_reached = true;
	walk_step(w, 0)->state = WALK_DONE;
	for (i = 1; i < walk_nsteps(w); i++)
		walk_step(w, i)->state = WALK_DECLINED;
	assert_int_equal(walk_sign(w, f->site, pin, receipt), CORE_OK);
	walk_free(&w);
}

static uint64_t
retired_seq(struct fixture *f, const uint8_t key_id[CRYPTO_ID_BYTES])
{
	sqlite3_stmt *stmt;
	uint64_t seq = 0;
	sqlite3 *db;

	assert_int_equal(sqlite3_open(f->site->cfg->db_path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db,
	    "SELECT retired_seq FROM keys WHERE key_id = ?1", -1, &stmt, NULL), SQLITE_OK);
	sqlite3_bind_blob(stmt, 1, key_id, CRYPTO_ID_BYTES, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	seq = (uint64_t)sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	return seq;
}

static void
test_reset_pin_old_records_verify(void **state)
{
	struct fixture *f = *state;
	char code[LEARNER_CODE_LEN];
	struct signer *old = NULL;
	uint8_t old_key[CRYPTO_ID_BYTES];
	struct learner l;
	struct scan sc;

	activated(f, "HA-1", &l);
	sign_first_step(f, &l, OLD_PIN);
	assert_int_equal(learner_unseal(f->site, &l, OLD_PIN, &old), CORE_OK);
	signer_key_id(old, old_key);
	signer_free(&old);

	assert_int_equal(learner_reset_pin(f->site, "HA-1", f->tutor.pseudonym, code),
	    CORE_OK);
	assert_int_equal(strlen(code), 9);
	/* The old PIN stops working at once. */
	assert_int_equal(learner_sign_in(f->site, "HA-1", OLD_PIN, &l), CORE_ERR_AUTH);
	assert_int_equal(learner_get(f->site, "HA-1", &l), CORE_OK);
	assert_false(l.has_key);
	assert_true(l.awaiting_activation);
	/* The reset is recorded, by the tutor, naming the key it retired at its seq. */
	sc = scan_kind(f->site, EV_PIN_RESET, "retired_key_id");
	assert_int_equal(sc.count, 1);
	assert_memory_equal(sc.actor, f->tutor.pseudonym, CRYPTO_ID_BYTES);
	assert_memory_equal(sc.value, old_key, CRYPTO_ID_BYTES);
	assert_int_equal(retired_seq(f, old_key), sc.seq);
	verify_ok(f);

	/* The new code: a new PIN, a new key, and it signs. */
	assert_int_equal(learner_activate(f->site, "HA-1", code, NEW_PIN, &l), CORE_OK);
	assert_true(l.has_key);
	assert_int_equal(learner_sign_in(f->site, "HA-1", NEW_PIN, &l), CORE_OK);
	assert_int_equal(learner_sign_in(f->site, "HA-1", OLD_PIN, &l), CORE_ERR_AUTH);
	sign_first_step(f, &l, NEW_PIN);
	verify_ok(f);
	assert_int_equal(scan_kind(f->site, EV_WALK_SIGNED, NULL).count, 2);
}

static void
test_reset_unlocks(void **state)
{
	struct fixture *f = *state;
	char code[LEARNER_CODE_LEN];
	struct learner l;
	unsigned i;
	struct scan sc;

	activated(f, "HA-2", &l);
	for (i = 0; i < f->site->cfg->pin_lockout_after; i++)
		assert_int_equal(learner_sign_in(f->site, "HA-2", "111222", &l), CORE_ERR_AUTH);
	assert_int_equal(learner_get(f->site, "HA-2", &l), CORE_OK);
	assert_true(l.locked);
	assert_int_equal(learner_reset_pin(f->site, "HA-2", NULL, code), CORE_OK);
	assert_int_equal(learner_get(f->site, "HA-2", &l), CORE_OK);
	assert_false(l.locked);
	assert_int_equal(l.pin_failures, 0);
	sc = scan_kind(f->site, EV_LEARNER_UNLOCKED, "was_locked");
	assert_int_equal(sc.count, 1);
	assert_string_equal(sc.value, "1");
	assert_true(is_zero_id(sc.actor));	/* the command line */
	assert_int_equal(learner_activate(f->site, "HA-2", code, NEW_PIN, &l), CORE_OK);
	verify_ok(f);
}

static void
test_reissue_code(void **state)
{
	struct fixture *f = *state;
	char first[LEARNER_CODE_LEN], second[LEARNER_CODE_LEN];
	struct learner l;
	struct scan sc;

	assert_int_equal(learner_add(f->site, "HA-3", "Ben", "Carter", "ha-adult", "",
	    NULL, first), CORE_OK);
	/* No PIN yet: a reset does not apply; a reissue does. */
	assert_int_equal(learner_reset_pin(f->site, "HA-3", NULL, second), CORE_ERR_INVALID);
	assert_non_null(strstr(core_detail(), "reissue"));
	assert_int_equal(learner_reissue_code(f->site, "HA-3", f->tutor.pseudonym, second),
	    CORE_OK);
	sc = scan_kind(f->site, EV_ACTIVATION_ISSUED, "reissued");
	assert_int_equal(sc.count, 2);
	assert_string_equal(sc.value, "yes");
	/* The first code no longer works; the second does, once. */
	assert_int_equal(learner_activate(f->site, "HA-3", first, OLD_PIN, &l), CORE_ERR_AUTH);
	assert_int_equal(learner_activate(f->site, "HA-3", second, OLD_PIN, &l), CORE_OK);
	/* Now they have a PIN: a reissue does not apply. */
	assert_int_equal(learner_reissue_code(f->site, "HA-3", NULL, second), CORE_ERR_INVALID);
	assert_non_null(strstr(core_detail(), "reset it instead"));
	verify_ok(f);
}

static void
test_roles_and_unknown(void **state)
{
	struct fixture *f = *state;
	char code[LEARNER_CODE_LEN];
	struct learner l;

	activated(f, "HA-4", &l);
	assert_int_equal(learner_reset_pin(f->site, "HA-4", f->sup.pseudonym, code),
	    CORE_ERR_DENIED);
	assert_int_equal(learner_reissue_code(f->site, "HA-4", f->sup.pseudonym, code),
	    CORE_ERR_DENIED);
	assert_int_equal(learner_reset_pin(f->site, "NOBODY", NULL, code),
	    CORE_ERR_NOT_FOUND);
	/* Nothing changed for the learner. */
	assert_int_equal(learner_sign_in(f->site, "HA-4", OLD_PIN, &l), CORE_OK);
	assert_int_equal(scan_kind(f->site, EV_PIN_RESET, NULL).count, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(test_reset_pin_old_records_verify),
		T(test_reset_unlocks),
		T(test_reissue_code),
		T(test_roles_and_unknown),
#undef T
	};

	return cmocka_run_group_tests_name("learner_staff", tests, NULL, NULL);
}
