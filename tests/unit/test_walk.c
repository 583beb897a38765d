/* SPDX-License-Identifier: ISC */
/*
 * Learners and walks against a real site: init, enrol, activate, PIN
 * policy and failures, the permission gate, a whole walk signed and
 * verified, and what a copy of the database alone cannot do.
 */
#include "tests/unit/testutil.h"

#include <sqlite3.h>

#include "core/learner.h"
#include "core/permission.h"
#include "core/site.h"
#include "core/staff.h"
#include "core/verify.h"
#include "core/walk.h"

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
enrol(struct fixture *f, const char *ref, const char *group, char code[LEARNER_CODE_LEN])
{
	assert_int_equal(learner_add(f->site, ref, "Amira", "Khan", group, "2026",
	    NULL, code), CORE_OK);
}

static void
activate(struct fixture *f, const char *ref, const char *group, struct learner *l)
{
	char code[LEARNER_CODE_LEN];

	enrol(f, ref, group, code);
	assert_int_equal(learner_activate(f->site, ref, code, "482916", l), CORE_OK);
}

static void
test_init_never_overwrites(void **state)
{
	struct fixture *f = *state;
	char fpr[CRYPTO_FPR_LEN];

	assert_int_equal(site_init(f->ini, fpr), CORE_ERR_EXISTS);
	assert_non_null(strstr(core_detail(), "never overwrites"));
}

static void
test_pin_policy(void **state)
{
	static const char *const bad[] = {
		"000000", "111111", "123456", "654321", "121212", "123123",
		"12345", "1234567", "12a456", "",
	};
	struct fixture *f = *state;
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(learner_pin_policy(f->site->cfg, bad[i]), CORE_ERR_INVALID);
	assert_int_equal(learner_pin_policy(f->site->cfg, "482916"), CORE_OK);
	assert_int_equal(learner_pin_policy(f->site->cfg, "111111"), CORE_ERR_INVALID);
	assert_non_null(strstr(core_detail(), "too easy"));
}

static void
test_enrol_refuses_bad_input(void **state)
{
	struct fixture *f = *state;
	char code[LEARNER_CODE_LEN];

	assert_int_equal(learner_add(f->site, "A B", "x", "y", "ha-adult", "", NULL, code),
	    CORE_ERR_INVALID);
	assert_non_null(strstr(core_detail(), "reference"));
	assert_int_equal(learner_add(f->site, "R1", "x\x1b[2J", "y", "ha-adult", "", NULL,
	    code), CORE_ERR_INVALID);
	assert_non_null(strstr(core_detail(), "given name"));
	assert_int_equal(learner_add(f->site, "R1", "x", "y", "nope", "", NULL, code),
	    CORE_ERR_INVALID);
	assert_non_null(strstr(core_detail(), "group"));
	enrol(f, "R1", "ha-adult", code);
	assert_int_equal(learner_add(f->site, "R1", "x", "y", "ha-adult", "", NULL, code),
	    CORE_ERR_EXISTS);
}

static void
test_activation_and_sign_in(void **state)
{
	struct fixture *f = *state;
	char code[LEARNER_CODE_LEN];
	struct learner l;

	enrol(f, "HA-1", "ha-adult", code);
	assert_int_equal(learner_get(f->site, "HA-1", &l), CORE_OK);
	assert_true(l.awaiting_activation);
	assert_false(l.has_key);
	/* Wrong code, unknown reference: the same answer, and the attempt counted. */
	assert_int_equal(learner_activate(f->site, "HA-1", "AAAA-AAAA", "482916", &l),
	    CORE_ERR_AUTH);
	assert_int_equal(learner_activate(f->site, "NOBODY", code, "482916", &l),
	    CORE_ERR_AUTH);
	assert_int_equal(learner_get(f->site, "HA-1", &l), CORE_OK);
	assert_int_equal(l.pin_failures, 1);
	/* The code is accepted without its dash and in lower case. */
	code[4] = code[5];
	for (char *p = code; *p; p++)
		*p = (char)(*p | 0x20);
	assert_int_equal(learner_activate(f->site, "HA-1", code, "482916", &l), CORE_ERR_AUTH);
	assert_int_equal(learner_get(f->site, "HA-1", &l), CORE_OK);
	assert_int_equal(l.pin_failures, 2);
}

static void
test_code_spent_once(void **state)
{
	struct fixture *f = *state;
	char code[LEARNER_CODE_LEN];
	struct learner l;

	enrol(f, "HA-2", "ha-adult", code);
	assert_int_equal(learner_activate(f->site, "HA-2", code, "482916", &l), CORE_OK);
	assert_true(l.has_key);
	assert_false(l.awaiting_activation);
	assert_int_equal(l.pin_failures, 0);
	assert_int_equal(learner_activate(f->site, "HA-2", code, "739146", &l), CORE_ERR_AUTH);
	assert_int_equal(learner_sign_in(f->site, "HA-2", "482916", &l), CORE_OK);
	assert_int_equal(learner_sign_in(f->site, "HA-2", "739146", &l), CORE_ERR_AUTH);
}

static void
test_lockout(void **state)
{
	struct fixture *f = *state;
	struct learner l;
	unsigned i;

	activate(f, "HA-3", "ha-adult", &l);
	for (i = 0; i < f->site->cfg->pin_lockout_after; i++)
		assert_int_equal(learner_sign_in(f->site, "HA-3", "739146", &l), CORE_ERR_AUTH);
	/* Locked: even the right PIN gets the same answer. */
	assert_int_equal(learner_sign_in(f->site, "HA-3", "482916", &l), CORE_ERR_AUTH);
	assert_int_equal(learner_get(f->site, "HA-3", &l), CORE_OK);
	assert_true(l.locked);
}

static void
do_walk(struct walk *w, const struct config *cfg)
{
	size_t i, j;

	for (i = 0; i < walk_nsteps(w); i++) {
		struct walk_step *s = walk_step(w, i);
		const char *why = NULL;

		switch (s->def->kind) {
		case STEP_DOCUMENT:
		case STEP_NOTICE:
		case STEP_COMMITMENT:
			assert_false(walk_step_ready(w, s, &why));
			assert_non_null(why);
			s->end_reached = true;
			s->ms_on_page = 42000;
			break;
		case STEP_CHECKLIST:
			assert_true(s->nitems > 0);
			for (j = 0; j < s->nitems; j++)
				s->ticked[j] = true;
			break;
		case STEP_QUIZ:
			assert_true(s->nquestions > 0);
			for (j = 0; j < s->nquestions; j++) {
				size_t wrong = (s->questions[j].right + 1) % s->questions[j].nchoices;

				assert_true(s->questions[j].nchoices <= 3);
				assert_false(walk_answer(s, j, wrong));
				assert_true(walk_answer(s, j, s->questions[j].right));
				assert_int_equal(s->questions[j].attempts, 2);
			}
			break;
		case STEP_CONSENT:
			for (j = 0; j < cfg->nchannels; j++)
				s->consent[j] = 0;
			assert_false(walk_step_ready(w, s, &why));
			assert_non_null(strstr(why, "Portfolio"));
			for (j = 0; j < cfg->nchannels; j++)
				s->consent[j] = cfg->channels[j].required_yes ? 1 : (signed char)(j % 2);
			break;
		}
		assert_true(walk_step_ready(w, s, &why));
		s->state = WALK_DONE;
	}
	assert_true(walk_complete(w));
}

static void
test_whole_walk_signed_and_verified(void **state)
{
	struct fixture *f = *state;
	char receipt[LEDGER_RECEIPT_LEN];
	struct verify_report rep;
	struct walk *w = NULL;
	struct learner l;

	activate(f, "HA-4", "ha-young-people", &l);
	assert_int_equal(walk_begin(f->site, &l, &w), CORE_OK);
	assert_int_equal(walk_nsteps(w), 5);
	do_walk(w, f->site->cfg);
	/* A wrong PIN signs nothing and says so the same way. */
	assert_int_equal(walk_sign(w, f->site, "739146", receipt), CORE_ERR_AUTH);
	assert_int_equal(walk_sign(w, f->site, "482916", receipt), CORE_OK);
	assert_int_equal(strlen(receipt), 9);
	assert_int_equal(receipt[4], '-');
	walk_free(&w);
	assert_null(w);
	/* Nothing outstanding now. */
	assert_int_equal(walk_begin(f->site, &l, &w), CORE_ERR_DONE);
	assert_int_equal(verify_ledger(f->site->st, NULL, NULL, NULL, &rep), CORE_OK);
	assert_true(rep.count > 8);
}

static void
test_decline_is_recorded_and_outstanding(void **state)
{
	struct fixture *f = *state;
	char receipt[LEDGER_RECEIPT_LEN];
	struct walk *w = NULL;
	struct learner l;

	activate(f, "HA-5", "ha-adult", &l);
	assert_int_equal(walk_begin(f->site, &l, &w), CORE_OK);
	walk_step(w, 0)->state = WALK_DECLINED;
	assert_false(walk_complete(w));
	assert_int_equal(walk_sign(w, f->site, "482916", receipt), CORE_OK);
	walk_free(&w);
	/* A declined step is still outstanding: staff follow it up. */
	assert_int_equal(walk_begin(f->site, &l, &w), CORE_OK);
	assert_int_equal(walk_nsteps(w), 5);
	walk_free(&w);
}

static void
test_abandoned_walk_saves_nothing(void **state)
{
	struct fixture *f = *state;
	struct walk *w = NULL;
	struct learner l;

	activate(f, "HA-6", "ha-adult", &l);
	assert_int_equal(walk_begin(f->site, &l, &w), CORE_OK);
	do_walk(w, f->site->cfg);
	walk_free(&w);
	assert_int_equal(walk_begin(f->site, &l, &w), CORE_OK);
	assert_int_equal(walk_nsteps(w), 5);
	walk_free(&w);
}

static void
test_permission_gate(void **state)
{
	struct fixture *f = *state;
	uint8_t actor[CRYPTO_ID_BYTES] = { 1 };
	struct walk *w = NULL;
	struct learner l;

	activate(f, "SS-1", "ss-secure", &l);
	assert_int_equal(walk_begin(f->site, &l, &w), CORE_ERR_PERMISSION);
	assert_null(w);
	assert_int_equal(permission_record(f->site, &l, PERMISSION_MOJ, "ORDER 7",
	    "2026-13-01", actor), CORE_ERR_INVALID);
	assert_int_equal(permission_record(f->site, &l, PERMISSION_MOJ, "ORDER 7",
	    "2999-01-01", actor), CORE_ERR_INVALID);
	assert_non_null(strstr(core_detail(), "future"));
	assert_int_equal(permission_record(f->site, &l, PERMISSION_MOJ, "ORDER 7",
	    "2026-09-01", actor), CORE_OK);
	assert_int_equal(walk_begin(f->site, &l, &w), CORE_OK);
	assert_int_equal(walk_nsteps(w), 4);
	walk_free(&w);
}

/* Swapping two learners' sealed keys in the file cannot make one sign as the other. */
static void
test_swapped_keys_do_not_open(void **state)
{
	struct fixture *f = *state;
	struct learner a, b;
	sqlite3 *db;

	activate(f, "A-1", "ha-adult", &a);
	activate(f, "B-1", "ha-adult", &b);
	assert_int_equal(sqlite3_open(f->site->cfg->db_path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
	    "UPDATE keys SET owner = CASE owner"
	    " WHEN (SELECT pseudonym FROM learners WHERE reference = 'A-1')"
	    " THEN (SELECT pseudonym FROM learners WHERE reference = 'B-1')"
	    " ELSE (SELECT pseudonym FROM learners WHERE reference = 'A-1') END"
	    " WHERE owner_kind = 'learner'", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(learner_sign_in(f->site, "A-1", "482916", &a), CORE_ERR_AUTH);
	assert_int_equal(learner_sign_in(f->site, "B-1", "482916", &b), CORE_ERR_AUTH);
}

static void
test_staff_add(void **state)
{
	struct fixture *f = *state;
	struct staff s;

	assert_int_equal(staff_add(f->site, "tutor", ROLE_TUTOR, "short", NULL),
	    CORE_ERR_INVALID);
	assert_int_equal(staff_add(f->site, "Tutor!", ROLE_TUTOR, "long enough pass", NULL),
	    CORE_ERR_INVALID);
	assert_int_equal(staff_add(f->site, "tutor", ROLE_TUTOR, "long enough pass", NULL),
	    CORE_OK);
	assert_int_equal(staff_add(f->site, "tutor", ROLE_DSL, "long enough pass", NULL),
	    CORE_ERR_EXISTS);
	assert_int_equal(staff_get(f->site, "tutor", &s), CORE_OK);
	assert_int_equal(s.role, ROLE_TUTOR);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(test_init_never_overwrites),
		T(test_pin_policy),
		T(test_enrol_refuses_bad_input),
		T(test_activation_and_sign_in),
		T(test_code_spent_once),
		T(test_lockout),
		T(test_whole_walk_signed_and_verified),
		T(test_decline_is_recorded_and_outstanding),
		T(test_abandoned_walk_saves_nothing),
		T(test_permission_gate),
		T(test_swapped_keys_do_not_open),
		T(test_staff_add),
#undef T
	};

	return cmocka_run_group_tests_name("walk", tests, NULL, NULL);
}
