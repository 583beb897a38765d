/* SPDX-License-Identifier: ISC */
/*
 * The audit hook (core/audit.h) on a real site: staff actions reach it with
 * the kind's words, the seq and the staff id and role, and never a
 * learner's name, reference, cohort, activation code, pseudonym or a note;
 * a learner's own steps do not reach it; a cleared hook hears nothing; an
 * entry is told only once its transaction commits, never if rolled back.
 */
#include "tests/unit/testutil.h"

#include "core/audit.h"
#include "core/concern.h"
#include "core/consent.h"
#include "core/learner.h"
#include "core/ledger.h"
#include "core/site.h"
#include "core/staff.h"
#include "core/store.h"
#include "tests/unit/ledgerscan.h"

#define PASS "correct horse battery"
#define PIN "482916"
#define REF "HA-YP-777"
#define GIVEN "Zainab"
#define FAMILY "Okafor-Quist"
#define COHORT "cohort-secret-2026"
#define NOTE "note-secret-words"

#define MAX_CALLS 64

static struct {
	unsigned kind[MAX_CALLS];
	char words[MAX_CALLS][256];
	size_t n;
} heard;

static void
record(unsigned kind, const char *words)
{
	assert_true(heard.n < MAX_CALLS);
	heard.kind[heard.n] = kind;
	snprintf(heard.words[heard.n], sizeof heard.words[0], "%s", words);
	heard.n++;
}

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
	memset(&heard, 0, sizeof heard);
	core_set_audit_hook(record);
	assert_int_equal(site_init(f->ini, fpr), CORE_OK);
	assert_int_equal(site_open(f->ini, &f->site), CORE_OK);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	core_set_audit_hook(NULL);
	site_close(&f->site);
	tu_rmrf(f->dir);
	free(f);
	return 0;
}

/* The index of the first call of this kind from `from` on, or -1. */
static int
find(unsigned kind, size_t from)
{
	for (size_t i = from; i < heard.n; i++)
		if (heard.kind[i] == kind)
			return (int)i;
	return -1;
}

static void
hex(const uint8_t *b, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", b[i]);
}

/* No call so far holds any of the learner's personal data. */
static void
assert_nothing_personal(const struct learner *l, const char *code)
{
	char pseudo[2 * CRYPTO_ID_BYTES + 1], half[CRYPTO_ID_BYTES + 1];
	const char *secrets[] = { REF, "HA-YP", GIVEN, FAMILY, "Okafor", COHORT,
	    NOTE, pseudo, half, code };

	hex(l->pseudonym, CRYPTO_ID_BYTES, pseudo);
	memcpy(half, pseudo, CRYPTO_ID_BYTES);	/* any 8-byte prefix */
	half[CRYPTO_ID_BYTES] = '\0';
	for (size_t i = 0; i < heard.n; i++)
		for (size_t s = 0; s < sizeof secrets / sizeof secrets[0]; s++)
			if (secrets[s] && secrets[s][0] &&
			    strcasestr(heard.words[i], secrets[s]))
				fail_msg("call %zu \"%s\" holds \"%s\"", i,
				    heard.words[i], secrets[s]);
}

static void
test_init_is_told(void **state)
{
	(void)state;
	assert_true(find(EV_KIOSK_INIT, 0) >= 0);
	assert_string_equal(heard.words[find(EV_KIOSK_INIT, 0)],
	    "kiosk initialised: seq 1; by the command line");
}

static void
test_staff_actions_are_told_without_personal_data(void **state)
{
	struct fixture *f = *state;
	char code[LEARNER_CODE_LEN], want[256];
	struct staff tutor;
	struct learner l;
	struct scan sc = { .kind = EV_LEARNER_ENROLLED };
	size_t mark;
	int i;

	assert_int_equal(staff_add(f->site, "tutor.one", ROLE_TUTOR, PASS, NULL),
	    CORE_OK);
	i = find(EV_STAFF_ADDED, 0);
	assert_true(i >= 0);
	assert_non_null(strstr(heard.words[i],
	    "staff account added: seq "));
	assert_non_null(strstr(heard.words[i],
	    "; account tutor.one (tutor); by the command line"));

	mark = heard.n;
	assert_int_equal(staff_sign_in(f->site, "tutor.one", PASS, &tutor, NULL),
	    CORE_OK);
	i = find(EV_STAFF_SIGNIN, mark);
	assert_true(i >= 0);
	assert_non_null(strstr(heard.words[i], "; by tutor.one (tutor)"));
	assert_null(strstr(heard.words[i], "account"));	/* not twice */

	mark = heard.n;
	assert_int_equal(learner_add(f->site, REF, GIVEN, FAMILY, "ha-young-people",
	    COHORT, tutor.pseudonym, code), CORE_OK);
	assert_int_equal(learner_get(f->site, REF, &l), CORE_OK);
	i = find(EV_LEARNER_ENROLLED, mark);
	assert_true(i >= 0);
	assert_int_equal(ledger_each(f->site->st, 1, 0, scan_visit, &sc), CORE_OK);
	snprintf(want, sizeof want, "learner enrolled: seq %llu; by tutor.one (tutor)",
	    (unsigned long long)sc.seq);
	assert_string_equal(heard.words[i], want);
	assert_true(find(EV_ACTIVATION_ISSUED, mark) >= 0);

	/* A withdrawal received in writing is a staff action; its note stays out. */
	mark = heard.n;
	assert_int_equal(consent_withdraw(f->site, &l, NULL, CONSENT_BY_WRITING,
	    "2024-01-05", NOTE, NULL, NULL, NULL), CORE_OK);
	i = find(EV_CONSENT_WITHDRAWN, mark);
	assert_true(i >= 0);
	assert_non_null(strstr(heard.words[i], "; by the command line"));

	assert_nothing_personal(&l, code);
}

static void
test_learner_steps_are_not_told(void **state)
{
	struct fixture *f = *state;
	char code[LEARNER_CODE_LEN];
	struct learner l, out;
	size_t mark;
	int i;

	assert_int_equal(learner_add(f->site, REF, GIVEN, FAMILY, "ha-young-people",
	    COHORT, NULL, code), CORE_OK);
	mark = heard.n;
	assert_int_equal(learner_activate(f->site, REF, code, PIN, &out), CORE_OK);
	assert_int_equal(learner_get(f->site, REF, &l), CORE_OK);
	assert_int_equal(consent_withdraw_pin(f->site, &l, NULL, PIN, NULL), CORE_OK);
	/* Key registered, consent withdrawn by the learner: theirs, not staff's. */
	assert_int_equal(heard.n, mark);

	/* Wrong PINs are not told one by one; the lockout is. */
	for (unsigned n = 0; n < f->site->cfg->pin_lockout_after; n++)
		assert_int_equal(learner_sign_in(f->site, REF, "135792", &out),
		    CORE_ERR_AUTH);
	assert_int_equal(find(EV_PIN_FAILED, mark), -1);
	i = find(EV_LEARNER_LOCKED, mark);
	assert_true(i >= 0);
	assert_non_null(strstr(heard.words[i], "learner locked: seq "));
	assert_null(strstr(heard.words[i], "; by"));

	mark = heard.n;
	assert_int_equal(learner_unlock(f->site, REF, NULL), CORE_OK);
	assert_true(find(EV_LEARNER_UNLOCKED, mark) >= 0);
	assert_nothing_personal(&l, code);
}

static void
test_sign_in_failure_never_repeats_what_was_typed(void **state)
{
	struct fixture *f = *state;
	struct staff who;
	size_t mark = heard.n;
	int i;

	assert_int_equal(staff_sign_in(f->site, "typed-secret-id", "typed secret pass",
	    &who, NULL), CORE_ERR_AUTH);
	i = find(EV_STAFF_SIGNIN_FAILED, mark);
	assert_true(i >= 0);
	assert_null(strstr(heard.words[i], "typed"));
	assert_null(strstr(heard.words[i], "; by"));

	assert_int_equal(staff_add(f->site, "dsl1", ROLE_DSL, PASS, NULL), CORE_OK);
	mark = heard.n;
	assert_int_equal(staff_sign_in(f->site, "dsl1", "typed secret pass", &who,
	    NULL), CORE_ERR_AUTH);
	i = find(EV_STAFF_SIGNIN_FAILED, mark);
	assert_true(i >= 0);
	assert_non_null(strstr(heard.words[i], "; account dsl1 (dsl)"));
	assert_null(strstr(heard.words[i], "typed"));
}

static void
test_cleared_hook_hears_nothing(void **state)
{
	struct fixture *f = *state;
	size_t mark = heard.n;

	core_set_audit_hook(NULL);
	assert_int_equal(staff_add(f->site, "admin2", ROLE_ADMIN, PASS, NULL), CORE_OK);
	assert_int_equal(heard.n, mark);
}

/* An entry of this kind by the command line, appended in an open transaction. */
static void
append_kind(struct site *site, unsigned kind)
{
	struct event ev;

	event_init(&ev, kind);
	assert_int_equal(event_add_text(&ev, "what", "learners"), CORE_OK);
	assert_int_equal(event_set_meaning(&ev, "An export."), CORE_OK);
	assert_int_equal(store_begin(site->st), CORE_OK);
	assert_int_equal(ledger_append(site->st, site->keys, &ev, NULL, NULL,
	    NULL), CORE_OK);
	event_clear(&ev);
}

static void
test_told_only_once_saved(void **state)
{
	struct fixture *f = *state;
	size_t mark = heard.n;

	/* Rolled back: it never happened, so it is never told. */
	append_kind(f->site, EV_EXPORT);
	assert_int_equal(heard.n, mark);
	store_rollback(f->site->st);
	assert_int_equal(heard.n, mark);
	/* Committed: told once, after the commit and not before. */
	append_kind(f->site, EV_EXPORT);
	assert_int_equal(heard.n, mark);
	assert_int_equal(store_commit(f->site->st), CORE_OK);
	assert_int_equal(heard.n, mark + 1);
	assert_int_equal(heard.kind[mark], EV_EXPORT);
	assert_non_null(strstr(heard.words[mark], "; by the command line"));
	/* A failed sign-in happened whether or not it could be saved. */
	append_kind(f->site, EV_STAFF_SIGNIN_FAILED);
	assert_int_equal(heard.n, mark + 2);
	assert_int_equal(heard.kind[mark + 1], EV_STAFF_SIGNIN_FAILED);
	store_rollback(f->site->st);
	assert_int_equal(heard.n, mark + 2);
}

static void
test_which_kinds_are_told(void **state)
{
	(void)state;
	/* A learner's own steps and reports. */
	assert_false(audit_kind_told(EV_DOC_ACCEPTED));
	assert_false(audit_kind_told(EV_DOC_DECLINED));
	assert_false(audit_kind_told(EV_WALK_SIGNED));
	assert_false(audit_kind_told(EV_CONSENT_GIVEN));
	assert_false(audit_kind_told(EV_PIN_FAILED));
	assert_false(audit_kind_told(EV_KEY_REGISTERED));
	assert_false(audit_kind_told(9999));
	/* Staff actions and security events. */
	assert_true(audit_kind_told(EV_STAFF_SIGNIN));
	assert_true(audit_kind_told(EV_ERASURE));
	assert_true(audit_kind_told(EV_EXPORT));
	assert_true(audit_kind_told(EV_RECORD_VIEWED));
	assert_true(audit_kind_told(EV_LEARNER_LOCKED));
	assert_true(audit_kind_told(EV_STAFF_LOCKED));
	/* Told only when staff act. */
	assert_true(audit_kind_told(EV_CONCERN_REPORTED));
	assert_true(audit_kind_told(EV_CONSENT_WITHDRAWN));
}

static void
test_concerns_told_only_when_staff_record_them(void **state)
{
	struct fixture *f = *state;
	char code[LEARNER_CODE_LEN];
	const char *refs[] = { REF };
	struct concern_receipt receipt;
	struct staff tutor;
	struct learner l;
	size_t mark;
	int i;

	/* Concerns are sealed to a key only a DSL or administrator holds. */
	assert_int_equal(staff_add(f->site, "dsl2", ROLE_DSL, PASS, NULL), CORE_OK);
	assert_int_equal(staff_add(f->site, "tutor2", ROLE_TUTOR, PASS, NULL), CORE_OK);
	assert_int_equal(staff_get(f->site, "tutor2", &tutor), CORE_OK);
	assert_int_equal(learner_add(f->site, REF, GIVEN, FAMILY, "ha-young-people",
	    COHORT, NULL, code), CORE_OK);
	assert_int_equal(learner_get(f->site, REF, &l), CORE_OK);

	/* An anonymous report at the kiosk is the learner's own. */
	mark = heard.n;
	assert_int_equal(concern_report(f->site, CONCERN_BULLYING, NOTE " happened",
	    "my tutor", NULL, NULL, &receipt), CORE_OK);
	assert_int_equal(heard.n, mark);

	assert_int_equal(concern_record_by_staff(f->site, tutor.pseudonym,
	    CONCERN_SOCIAL_MEDIA, NOTE " seen online", refs, 1, &receipt), CORE_OK);
	i = find(EV_CONCERN_REPORTED, mark);
	assert_true(i >= 0);
	assert_non_null(strstr(heard.words[i], "; by tutor2 (tutor)"));
	assert_nothing_personal(&l, code);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_init_is_told, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_staff_actions_are_told_without_personal_data, setup, teardown),
		cmocka_unit_test_setup_teardown(test_learner_steps_are_not_told,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_sign_in_failure_never_repeats_what_was_typed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cleared_hook_hears_nothing,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_concerns_told_only_when_staff_record_them, setup, teardown),
		cmocka_unit_test(test_which_kinds_are_told),
		cmocka_unit_test_setup_teardown(test_told_only_once_saved, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
