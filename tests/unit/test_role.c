/* SPDX-License-Identifier: ISC */
/*
 * Every cell of the role table, against a table written here from SPEC
 * section 1 (not copied from core/role.c): tutors enrol, record permission,
 * run and witness inductions, reset PINs, unlock, record concerns; the DSL
 * does all that and reads and actions concerns; the supervisor audits
 * read-only; the administrator manages staff, content and erasure, and
 * (issue 7: "only DSL and administrator sessions can read a concern's
 * text") reads concerns, but records no action on them.
 */
#include "tests/unit/testutil.h"

#include "core/role.h"

enum { N = false, Y = true };

struct row {
	enum role_action action;
	bool tutor, dsl, supervisor, admin;
};

static const struct row spec[] = {
	/*                                   tutor dsl supervisor admin */
	{ ROLE_ACT_VIEW_LEARNERS,		Y, Y, Y, Y },
	{ ROLE_ACT_VIEW_LEARNER,		Y, Y, Y, N },
	{ ROLE_ACT_VIEW_HISTORY,		Y, Y, Y, N },
	{ ROLE_ACT_ENROL,			Y, Y, N, N },
	{ ROLE_ACT_IMPORT,			Y, Y, N, N },
	{ ROLE_ACT_RECORD_PERMISSION,		Y, Y, N, N },
	{ ROLE_ACT_START_INDUCTION,		Y, Y, N, N },
	{ ROLE_ACT_WITNESS,			Y, Y, N, N },
	{ ROLE_ACT_RESET_PIN,			Y, Y, N, N },
	{ ROLE_ACT_UNLOCK_LEARNER,		Y, Y, N, N },
	{ ROLE_ACT_REISSUE_CODE,		Y, Y, N, N },
	{ ROLE_ACT_WITHDRAW_CONSENT,		Y, Y, N, N },
	{ ROLE_ACT_RECORD_CONCERN,		Y, Y, N, N },
	{ ROLE_ACT_READ_CONCERNS,		N, Y, N, Y },
	{ ROLE_ACT_ACTION_CONCERN,		N, Y, N, N },
	{ ROLE_ACT_DASHBOARD,			N, N, Y, N },
	{ ROLE_ACT_VERIFY,			N, N, Y, Y },
	{ ROLE_ACT_EXPORT,			N, N, Y, N },
	{ ROLE_ACT_MANAGE_STAFF,		N, N, N, Y },
	{ ROLE_ACT_MANAGE_CONTENT,		N, N, N, Y },
	{ ROLE_ACT_ERASE,			N, N, N, Y },
};

#define NROWS (sizeof spec / sizeof spec[0])

static void
test_every_action_has_a_row(void **state)
{
	bool seen[ROLE_ACT_COUNT] = { false };
	size_t i;

	(void)state;
	assert_int_equal(NROWS, ROLE_ACT_COUNT);
	for (i = 0; i < NROWS; i++) {
		assert_true((unsigned)spec[i].action < ROLE_ACT_COUNT);
		assert_false(seen[spec[i].action]);
		seen[spec[i].action] = true;
	}
}

static void
test_every_cell(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < NROWS; i++) {
		const struct row *r = &spec[i];
		const bool want[] = { r->tutor, r->dsl, r->supervisor, r->admin };
		const enum staff_role roles[] = {
			ROLE_TUTOR, ROLE_DSL, ROLE_SUPERVISOR, ROLE_ADMIN,
		};

		for (size_t j = 0; j < 4; j++) {
			if (role_allows(roles[j], r->action) != want[j])
				fail_msg("%s / %s: expected %s", staff_role_name(roles[j]),
				    role_action_words(r->action), want[j] ? "allowed" : "denied");
			assert_int_equal(role_check(roles[j], r->action),
			    want[j] ? CORE_OK : CORE_ERR_DENIED);
		}
	}
}

/* The shape of the table, as SPEC section 1 words it. */
static void
test_spec_relations(void **state)
{
	unsigned a;

	(void)state;
	for (a = 0; a < ROLE_ACT_COUNT; a++) {
		/* "DSL: everything a tutor does, plus ..." */
		if (role_allows(ROLE_TUTOR, (enum role_action)a))
			assert_true(role_allows(ROLE_DSL, (enum role_action)a));
	}
	/* "supervisor: read-only": nothing that changes a learner's records. */
	assert_false(role_allows(ROLE_SUPERVISOR, ROLE_ACT_ENROL));
	assert_false(role_allows(ROLE_SUPERVISOR, ROLE_ACT_RESET_PIN));
	assert_false(role_allows(ROLE_SUPERVISOR, ROLE_ACT_ERASE));
	assert_false(role_allows(ROLE_SUPERVISOR, ROLE_ACT_ACTION_CONCERN));
	/* Concerns' text: DSL and administrator only (issue 7). */
	assert_false(role_allows(ROLE_TUTOR, ROLE_ACT_READ_CONCERNS));
	assert_false(role_allows(ROLE_SUPERVISOR, ROLE_ACT_READ_CONCERNS));
	assert_true(role_allows(ROLE_ADMIN, ROLE_ACT_READ_CONCERNS));
	assert_false(role_allows(ROLE_ADMIN, ROLE_ACT_ACTION_CONCERN));
}

static void
test_out_of_range_is_denied(void **state)
{
	(void)state;
	assert_false(role_allows((enum staff_role)7, ROLE_ACT_VIEW_LEARNERS));
	assert_false(role_allows(ROLE_ADMIN, ROLE_ACT_COUNT));
	assert_false(role_allows(ROLE_ADMIN, (enum role_action)-1));
	assert_string_equal(role_action_words(ROLE_ACT_COUNT), "an unknown action");
}

static void
test_words(void **state)
{
	(void)state;
	assert_string_equal(role_words(ROLE_DSL), "designated safeguarding lead");
	assert_string_equal(role_words(ROLE_ADMIN), "administrator");
	assert_string_equal(role_action_words(ROLE_ACT_ENROL), "enrol learners");
	assert_int_equal(role_check(ROLE_SUPERVISOR, ROLE_ACT_ENROL), CORE_ERR_DENIED);
	assert_string_equal(core_detail(), "a supervisor may not enrol learners");
	assert_int_equal(role_check(ROLE_ADMIN, ROLE_ACT_WITNESS), CORE_ERR_DENIED);
	assert_string_equal(core_detail(), "an administrator may not witness a step");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_action_has_a_row),
		cmocka_unit_test(test_every_cell),
		cmocka_unit_test(test_spec_relations),
		cmocka_unit_test(test_out_of_range_is_denied),
		cmocka_unit_test(test_words),
	};

	return cmocka_run_group_tests_name("role", tests, NULL, NULL);
}
