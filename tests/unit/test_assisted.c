/* SPDX-License-Identifier: ISC */
/*
 * Assisted signing (SPEC 11a): a learner who has no PIN walks with a
 * member of staff, who signs with their passphrase. Every entry carries
 * the staff member's signature as witness and no learner signature, says
 * it was assisted and why, and verifies. Only roles that may witness can
 * assist, with their own, current key.
 */
#include "tests/unit/ledgerscan.h"

#include "core/learner.h"
#include "core/permission.h"
#include "core/site.h"
#include "core/staff.h"
#include "core/verify.h"
#include "core/walk.h"

#define PASS "correct horse battery"

struct fixture {
	char dir[512];
	char ini[1024];
	struct site *site;
	struct staff tutor;
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
	assert_int_equal(staff_add(f->site, "tutor", ROLE_TUTOR, PASS, NULL), CORE_OK);
	assert_int_equal(staff_get(f->site, "tutor", &f->tutor), CORE_OK);
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

/* Enrolled only: never activated, so no PIN and no key. */
static void
enrol(struct fixture *f, const char *ref, const char *group, struct learner *l)
{
	char code[LEARNER_CODE_LEN];

	assert_int_equal(learner_add(f->site, ref, "Sam", "Okafor", group, "",
	    f->tutor.pseudonym, code), CORE_OK);
	assert_int_equal(learner_get(f->site, ref, l), CORE_OK);
	assert_false(l->has_key);
}

/* Finish every step the way a learner would (witnessed steps included). */
static void
finish(struct walk *w, const struct config *cfg)
{
	size_t i, j;

	for (i = 0; i < walk_nsteps(w); i++) {
		struct walk_step *s = walk_step(w, i);

		s->end_reached = true;
		s->ms_on_page = 30000;
		for (j = 0; j < s->nitems; j++)
			s->ticked[j] = true;
		for (j = 0; j < s->nquestions; j++)
			assert_true(walk_answer(s, j, s->questions[j].right));
		for (j = 0; s->def->kind == STEP_CONSENT && j < cfg->nchannels; j++)
			s->consent[j] = 1;
		s->state = WALK_DONE;
	}
	assert_true(walk_complete(w));
}

/* Every entry about the learner, as assisted signing must leave it. */
struct check {
	const uint8_t *learner, *staff;
	const char *reason;
	const char *words;	/* in every step's meaning */
	unsigned entries, witnessed_steps;
};

static bool
check_entry(const struct ledger_entry *e, void *arg)
{
	struct check *c = arg;
	const struct event_field *assisted, *why;
	struct event ev;

	assert_int_equal(event_decode(e->bytes, e->len, &ev), CORE_OK);
	if (memcmp(ev.subject, c->learner, CRYPTO_ID_BYTES) != 0 ||
	    ev.kind < EV_DOC_ACCEPTED || ev.kind > EV_WALK_SIGNED ||
	    ev.kind == EV_CONSENT_WITHDRAWN) {
		event_clear(&ev);
		return true;
	}
	c->entries++;
	assert_false(e->has_learner_sig);
	assert_true(is_zero_id(ev.key_id));
	assert_true(e->has_witness_sig);
	assert_memory_equal(ev.actor, c->staff, CRYPTO_ID_BYTES);
	assisted = event_field(&ev, "assisted");
	why = event_field(&ev, "assist_reason");
	assert_non_null(assisted);
	assert_string_equal((const char *)assisted->value, "yes");
	assert_non_null(why);
	assert_string_equal((const char *)why->value, c->reason);
	assert_non_null(ev.meaning);
	if (ev.kind == EV_WALK_SIGNED)
		assert_non_null(strstr(ev.meaning, "help from a member of staff"));
	else
		assert_non_null(strstr(ev.meaning, c->words));
	c->witnessed_steps += ev.kind == EV_CHECKLIST_DONE;
	event_clear(&ev);
	return true;
}

static void
test_assisted_walk_signs_and_verifies(void **state)
{
	struct fixture *f = *state;
	char receipt[LEDGER_RECEIPT_LEN];
	struct signer *signer = NULL;
	struct walk *w = NULL;
	struct learner l;
	struct staff who;
	struct check c;
	struct scan sc;
	const char *meaning;

	enrol(f, "HA-YP-101", "ha-young-people", &l);
	/* The PIN path cannot start for a learner with no PIN... */
	assert_int_equal(walk_begin_for_staff(f->site, &l, &f->tutor, &w),
	    CORE_ERR_INVALID);
	/* ...the assisted one can. */
	assert_int_equal(walk_begin_assisted(f->site, &l, &f->tutor, &w), CORE_OK);
	finish(w, f->site->cfg);
	meaning = walk_meaning_assisted(w, ASSIST_READ_ALOUD);
	assert_non_null(meaning);
	assert_non_null(strstr(meaning, "read everything aloud to you"));
	assert_non_null(strstr(meaning, "you do not need your PIN"));
	/* The staff member confirms at the learner's side with their passphrase. */
	assert_int_equal(staff_sign_in(f->site, "tutor", PASS, &who, &signer),
	    CORE_OK);
	memset(receipt, 0, sizeof receipt);
	assert_int_equal(walk_sign_assisted(w, f->site, signer, who.pseudonym,
	    ASSIST_READ_ALOUD, receipt), CORE_OK);
	signer_free(&signer);
	assert_int_equal(strlen(receipt), 9);
	walk_free(&w);
	verify_ok(f);

	memset(&c, 0, sizeof c);
	c.learner = l.pseudonym;
	c.staff = f->tutor.pseudonym;
	c.reason = "read-aloud";
	c.words = "Signed with help from a member of staff, who read everything "
	    "aloud to the learner.";
	assert_int_equal(ledger_each(f->site->st, 1, 0, check_entry, &c), CORE_OK);
	assert_int_equal(c.entries, 6);	/* five steps and the summary */
	sc = scan_kind(f->site, EV_WALK_SIGNED, "started_by");
	assert_int_equal(sc.count, 1);
	assert_memory_equal(sc.value, f->tutor.pseudonym, CRYPTO_ID_BYTES);
	/* Signed: nothing outstanding, and no PIN was ever tried. */
	assert_int_equal(walk_begin(f->site, &l, &w), CORE_ERR_DONE);
	assert_int_equal(learner_get(f->site, "HA-YP-101", &l), CORE_OK);
	assert_int_equal(l.pin_failures, 0);
}

/* A witnessed checklist (S&S) is confirmed by the helping staff member. */
static void
test_assisted_covers_witnessed_steps(void **state)
{
	struct fixture *f = *state;
	char receipt[LEDGER_RECEIPT_LEN];
	struct signer *signer = NULL;
	struct walk *w = NULL;
	struct learner l;
	struct check c;

	enrol(f, "SS-101", "ss-secure", &l);
	assert_int_equal(permission_record(f->site, &l, PERMISSION_MDT, "MDT 7",
	    "2026-09-01", f->tutor.pseudonym), CORE_OK);
	assert_int_equal(walk_begin_assisted(f->site, &l, &f->tutor, &w), CORE_OK);
	finish(w, f->site->cfg);
	assert_false(walk_has_witness(w));
	assert_int_equal(staff_unseal(f->site, &f->tutor, PASS, &signer), CORE_OK);
	assert_int_equal(walk_sign_assisted(w, f->site, signer, f->tutor.pseudonym,
	    ASSIST_INTERPRETER, receipt), CORE_OK);
	signer_free(&signer);
	walk_free(&w);
	verify_ok(f);
	memset(&c, 0, sizeof c);
	c.learner = l.pseudonym;
	c.staff = f->tutor.pseudonym;
	c.reason = "interpreter";
	c.words = "used an interpreter to go through everything with the learner";
	assert_int_equal(ledger_each(f->site->st, 1, 0, check_entry, &c), CORE_OK);
	assert_int_equal(c.witnessed_steps, 1);
}

static unsigned
ledger_size(struct fixture *f)
{
	struct ledger_head head;

	assert_int_equal(ledger_head(f->site->st, &head), CORE_OK);
	return (unsigned)head.seq;
}

/* Roles that may not witness cannot assist, whatever key they hold. */
static void
test_only_witnessing_roles_assist(void **state)
{
	struct fixture *f = *state;
	char receipt[LEDGER_RECEIPT_LEN];
	struct signer *signer = NULL, *none = NULL;
	struct staff sup, admin, out;
	struct walk *w = NULL;
	struct learner l;
	unsigned before;

	assert_int_equal(staff_add(f->site, "sup", ROLE_SUPERVISOR, PASS, NULL),
	    CORE_OK);
	assert_int_equal(staff_get(f->site, "sup", &sup), CORE_OK);
	assert_int_equal(staff_add(f->site, "boss", ROLE_ADMIN, PASS, NULL), CORE_OK);
	assert_int_equal(staff_get(f->site, "boss", &admin), CORE_OK);
	enrol(f, "HA-AD-101", "ha-adult", &l);
	/* A supervisor may not start it... */
	assert_int_equal(walk_begin_assisted(f->site, &l, &sup, &w), CORE_ERR_DENIED);
	assert_null(w);
	assert_int_equal(walk_begin_assisted(f->site, &l, &f->tutor, &w), CORE_OK);
	finish(w, f->site->cfg);
	/* ...nor get a key to sign with... */
	assert_int_equal(staff_sign_in(f->site, "sup", PASS, &out, &none),
	    CORE_ERR_DENIED);
	assert_null(none);
	/* ...nor sign with someone else's: the role is checked by pseudonym. */
	assert_int_equal(staff_unseal(f->site, &f->tutor, PASS, &signer), CORE_OK);
	before = ledger_size(f);
	assert_int_equal(walk_sign_assisted(w, f->site, signer, sup.pseudonym,
	    ASSIST_EASY_READ, receipt), CORE_ERR_DENIED);
	assert_non_null(strstr(core_detail(), "supervisor may not witness"));
	assert_int_equal(walk_sign_assisted(w, f->site, signer, admin.pseudonym,
	    ASSIST_EASY_READ, receipt), CORE_ERR_DENIED);
	assert_int_equal(ledger_size(f), before);	/* nothing written */
	/* The tutor can, once; then nothing is left to sign. */
	assert_int_equal(walk_sign_assisted(w, f->site, signer, f->tutor.pseudonym,
	    ASSIST_EASY_READ, receipt), CORE_OK);
	signer_free(&signer);
	walk_free(&w);
	verify_ok(f);
	assert_int_equal(walk_begin(f->site, &l, &w), CORE_ERR_DONE);
}

/* A disabled account, or a key that is not the staff member's current one. */
static void
test_assisting_key_must_be_current(void **state)
{
	struct fixture *f = *state;
	char receipt[LEDGER_RECEIPT_LEN];
	struct signer *signer = NULL;
	struct walk *w = NULL;
	struct staff dsl;
	struct learner l;
	unsigned before;

	assert_int_equal(staff_add(f->site, "dsl", ROLE_DSL, PASS, NULL), CORE_OK);
	assert_int_equal(staff_get(f->site, "dsl", &dsl), CORE_OK);
	enrol(f, "HA-AD-102", "ha-adult", &l);
	assert_int_equal(walk_begin_assisted(f->site, &l, &f->tutor, &w), CORE_OK);
	finish(w, f->site->cfg);
	assert_int_equal(staff_unseal(f->site, &f->tutor, PASS, &signer), CORE_OK);
	before = ledger_size(f);
	/* The tutor's key named as the DSL's: refused, not signed. */
	assert_int_equal(walk_sign_assisted(w, f->site, signer, dsl.pseudonym,
	    ASSIST_READ_ALOUD, receipt), CORE_ERR_INVALID);
	assert_int_equal(ledger_size(f), before);
	/* A new passphrase retires the key opened before it. */
	assert_int_equal(staff_passwd(f->site, "tutor", "a brand new passphrase",
	    NULL), CORE_OK);
	before = ledger_size(f);
	assert_int_equal(walk_sign_assisted(w, f->site, signer, f->tutor.pseudonym,
	    ASSIST_READ_ALOUD, receipt), CORE_ERR_INVALID);
	assert_non_null(strstr(core_detail(), "Please type it again"));
	assert_int_equal(ledger_size(f), before);
	signer_free(&signer);
	/* Disabled after opening the key: refused too. */
	assert_int_equal(staff_unseal(f->site, &dsl, PASS, &signer), CORE_OK);
	assert_int_equal(staff_disable(f->site, "dsl", NULL), CORE_OK);
	before = ledger_size(f);
	assert_int_equal(walk_sign_assisted(w, f->site, signer, dsl.pseudonym,
	    ASSIST_READ_ALOUD, receipt), CORE_ERR_DENIED);
	signer_free(&signer);
	assert_int_equal(ledger_size(f), before);
	/* Nothing was signed: the walk is still outstanding. */
	walk_free(&w);
	assert_int_equal(walk_begin(f->site, &l, &w), CORE_OK);
	walk_free(&w);
	verify_ok(f);
}

static void
test_reason_names(void **state)
{
	enum assist_reason r;

	(void)state;
	assert_string_equal(walk_assist_name(ASSIST_READ_ALOUD), "read-aloud");
	assert_string_equal(walk_assist_name(ASSIST_INTERPRETER), "interpreter");
	assert_string_equal(walk_assist_name(ASSIST_EASY_READ), "easy-read");
	assert_null(walk_assist_name(ASSIST_COUNT));
	assert_true(walk_assist_parse("easy-read", &r));
	assert_int_equal(r, ASSIST_EASY_READ);
	assert_false(walk_assist_parse("telepathy", &r));
	assert_false(walk_assist_parse(NULL, &r));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		T(test_assisted_walk_signs_and_verifies),
		T(test_assisted_covers_witnessed_steps),
		T(test_only_witnessing_roles_assist),
		T(test_assisting_key_must_be_current),
		cmocka_unit_test(test_reason_names),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
