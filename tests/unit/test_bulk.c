/* SPDX-License-Identifier: ISC */
/*
 * Bulk enrolment (core/bulk.h) on a small site: everything it writes
 * verifies; the staff list, its filters and the name search find the bulk
 * learners; their shared PIN and activation code work at the kiosk; the
 * derived status matches the ledger; a second run adds more; and a bulk
 * walk records exactly what a walk at the kiosk records.
 */
#include "tests/unit/testutil.h"

#include "core/bulk.h"
#include "core/event.h"
#include "core/learner.h"
#include "core/learner_query.h"
#include "core/ledger.h"
#include "core/site.h"
#include "core/staff.h"
#include "core/verify.h"
#include "core/walk.h"

#define PIN "482916"
#define N_BULK 500

struct fixture {
	char dir[512];
	char ini[1024];
	struct site *site;
	struct signer *witness;
	struct staff tutor;
	struct bulk_result res;
	uint64_t before;	/* ledger entries before the bulk run */
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	char fpr[CRYPTO_FPR_LEN];
	struct bulk_plan plan;
	struct ledger_head head;

	assert_non_null(f);
	assert_int_equal(crypto_init(), CORE_OK);
	tu_tempdir(f->dir, sizeof f->dir);
	tu_site_config(f->dir, f->ini, sizeof f->ini);
	assert_int_equal(site_init(f->ini, fpr), CORE_OK);
	assert_int_equal(site_open(f->ini, &f->site), CORE_OK);
	assert_int_equal(staff_add(f->site, "tutor", ROLE_TUTOR, "tutor pass 1",
	    NULL), CORE_OK);
	assert_int_equal(staff_get(f->site, "tutor", &f->tutor), CORE_OK);
	assert_int_equal(staff_unseal(f->site, &f->tutor, "tutor pass 1",
	    &f->witness), CORE_OK);
	assert_int_equal(ledger_head(f->site->st, &head), CORE_OK);
	f->before = head.seq;
	memset(&plan, 0, sizeof plan);
	plan.learners = N_BULK;
	plan.pin = PIN;
	plan.enrolled_by = f->tutor.pseudonym;
	plan.witness = f->witness;
	plan.witness_id = f->tutor.pseudonym;
	plan.seed = 7;
	plan.batch = 64;	/* several batches, one short */
	assert_int_equal(bulk_enrol(f->site, &plan, &f->res), CORE_OK);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	signer_free(&f->witness);
	site_close(&f->site);
	tu_rmrf(f->dir);
	free(f);
	return 0;
}

/* Characters, not bytes, of UTF-8 text. */
static size_t
chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* The first learner matching the filter, or false. */
static bool
first_match(struct fixture *f, const struct lq_filter *flt, struct lq_row *out)
{
	struct lq_page page;

	assert_int_equal(learner_query_page(f->site, flt, LQ_FIRST, NULL, 8, &page),
	    CORE_OK);
	if (page.n == 0)
		return false;
	*out = page.rows[0];
	return true;
}

static void
test_counts_and_verify(void **state)
{
	struct fixture *f = *state;
	const struct bulk_result *r = &f->res;
	struct verify_report rep;
	struct ledger_head head;

	assert_int_equal(r->learners, N_BULK);
	/* Every learner counts once by how far they got. */
	assert_int_equal(r->awaiting + r->active + r->partial + r->signed_all +
	    r->locked, N_BULK);
	assert_true(r->awaiting > 0 && r->active > 0 && r->partial > 0);
	assert_true(r->signed_all > 0 && r->declined > 0 && r->locked > 0);
	assert_true(r->left > 0 && r->no_permission > 0);
	/* About five entries a learner. */
	assert_true(r->events >= 4 * N_BULK && r->events <= 6 * N_BULK);
	assert_int_equal(ledger_head(f->site->st, &head), CORE_OK);
	assert_int_equal(head.seq - f->before, r->events);
	assert_int_equal(verify_ledger(f->site->st, NULL, NULL, NULL, &rep), CORE_OK);
	assert_int_equal(rep.count, head.seq);
}

static void
test_list_and_search(void **state)
{
	struct fixture *f = *state;
	struct lq_filter flt;
	struct lq_page page, next;
	struct lq_row row;
	size_t seen = 0, i;
	bool found = false;

	memset(&flt, 0, sizeof flt);
	assert_int_equal(learner_query_page(f->site, &flt, LQ_FIRST, NULL, 40,
	    &page), CORE_OK);
	assert_int_equal(page.n, 40);
	assert_true(page.more_after);
	assert_int_equal(learner_query_page(f->site, &flt, LQ_NEXT,
	    &page.rows[page.n - 1].at, 40, &next), CORE_OK);
	assert_int_equal(next.n, 40);
	assert_true(strcmp(next.rows[0].reference,
	    page.rows[page.n - 1].reference) > 0);

	/* By reference: exactly that learner. */
	row = page.rows[3];
	snprintf(flt.search, sizeof flt.search, "%s", row.reference);
	assert_int_equal(learner_query_page(f->site, &flt, LQ_FIRST, NULL, 8,
	    &page), CORE_OK);
	assert_int_equal(page.n, 1);
	assert_string_equal(page.rows[0].reference, row.reference);

	/* By name (any script): they are among the matches, page by page. */
	snprintf(flt.search, sizeof flt.search, "%.60s %.60s", row.given_name,
	    row.family_name);
	assert_int_equal(learner_query_page(f->site, &flt, LQ_FIRST, NULL,
	    LQ_PAGE_MAX, &page), CORE_OK);
	for (;;) {
		for (i = 0; i < page.n; i++) {
			found |= strcmp(page.rows[i].reference, row.reference) == 0;
			seen++;
		}
		if (found || !page.more_after)
			break;
		assert_int_equal(learner_query_page(f->site, &flt, LQ_NEXT,
		    &page.rows[page.n - 1].at, LQ_PAGE_MAX, &page), CORE_OK);
	}
	/* Names of fewer than three characters (Chinese) match references only. */
	if (chars(row.given_name) >= LQ_SEARCH_MIN &&
	    chars(row.family_name) >= LQ_SEARCH_MIN)
		assert_true(found);
	assert_true(seen <= N_BULK + 1);

	/* Filters: a group, then the learners waiting for their code. */
	memset(&flt, 0, sizeof flt);
	snprintf(flt.group, sizeof flt.group, "ss-secure");
	assert_true(first_match(f, &flt, &row));
	assert_string_equal(row.group, "ss-secure");
	assert_int_equal(strncmp(row.reference, "SS-SECURE-", 10), 0);
	memset(&flt, 0, sizeof flt);
	flt.status = LQ_LOCKED;
	assert_true(first_match(f, &flt, &row));
	assert_true(row.locked);
}

static void
test_shared_pin_and_code_work(void **state)
{
	struct fixture *f = *state;
	struct lq_filter flt;
	struct learner l;
	struct lq_row row;

	memset(&flt, 0, sizeof flt);
	flt.status = LQ_ACTIVE;
	assert_true(first_match(f, &flt, &row));
	assert_int_equal(learner_sign_in(f->site, row.reference, "739146", &l),
	    CORE_ERR_AUTH);
	assert_int_equal(learner_sign_in(f->site, row.reference, PIN, &l), CORE_OK);
	assert_true(l.has_key);

	flt.status = LQ_AWAITING;
	assert_true(first_match(f, &flt, &row));
	assert_int_equal(learner_activate(f->site, row.reference, f->res.code,
	    "739146", &l), CORE_OK);
	assert_int_equal(learner_sign_in(f->site, row.reference, "739146", &l),
	    CORE_OK);

	flt.status = LQ_LOCKED;
	assert_true(first_match(f, &flt, &row));
	assert_int_equal(learner_sign_in(f->site, row.reference, PIN, &l),
	    CORE_ERR_AUTH);
}

/* A learner of the group with nothing outstanding: every step signed. */
static bool
find_all_signed(struct fixture *f, const char *group, struct learner *l)
{
	struct lq_filter flt;
	struct lq_page page;
	size_t i;

	memset(&flt, 0, sizeof flt);
	snprintf(flt.group, sizeof flt.group, "%s", group);
	assert_int_equal(learner_query_page(f->site, &flt, LQ_FIRST, NULL,
	    LQ_PAGE_MAX, &page), CORE_OK);
	for (;;) {
		for (i = 0; i < page.n; i++) {
			if (page.rows[i].outstanding || page.rows[i].no_permission ||
			    page.rows[i].left)
				continue;
			assert_int_equal(learner_get(f->site, page.rows[i].reference, l),
			    CORE_OK);
			return true;
		}
		if (!page.more_after)
			return false;
		assert_int_equal(learner_query_page(f->site, &flt, LQ_NEXT,
		    &page.rows[page.n - 1].at, LQ_PAGE_MAX, &page), CORE_OK);
	}
}

static void
test_status_matches_ledger(void **state)
{
	static const char *const groups[] = {
		"ha-young-people", "ha-adult", "ss-secure",
	};
	struct fixture *f = *state;
	struct lq_step steps[CONFIG_MAX_STEPS];
	struct walk *w = NULL;
	struct learner l;
	size_t g, i, n;

	for (g = 0; g < 3; g++) {
		assert_true(find_all_signed(f, groups[g], &l));
		assert_int_equal(learner_query_steps(f->site, &l, store_now_ms(),
		    steps, CONFIG_MAX_STEPS, &n), CORE_OK);
		assert_true(n > 0);
		for (i = 0; i < n; i++)
			assert_int_equal(steps[i].state, LQ_STEP_SIGNED);
		/* And the kiosk agrees there is nothing to walk. */
		assert_int_equal(walk_begin(f->site, &l, &w), CORE_ERR_DONE);
	}
}

static void
test_second_run_adds_more(void **state)
{
	struct fixture *f = *state;
	struct bulk_result more;
	struct bulk_plan plan;
	struct verify_report rep;

	memset(&plan, 0, sizeof plan);
	plan.learners = 30;
	plan.pin = PIN;
	plan.seed = 7;	/* the same seed: the references must still be new */
	assert_int_equal(bulk_enrol(f->site, &plan, &more), CORE_OK);
	assert_int_equal(more.learners, 30);
	/* No witness: walks stop before the witnessed step; still verifies. */
	assert_int_equal(verify_ledger(f->site->st, NULL, NULL, NULL, &rep), CORE_OK);

	plan.learners = 0;
	assert_int_equal(bulk_enrol(f->site, &plan, &more), CORE_ERR_INVALID);
	plan.learners = 5;
	plan.pin = "111111";
	assert_int_equal(bulk_enrol(f->site, &plan, &more), CORE_ERR_INVALID);
	plan.pin = NULL;
	assert_int_equal(bulk_enrol(f->site, &plan, &more), CORE_ERR_INVALID);
}

/* ---- a bulk walk against a kiosk walk ---- */

struct shape {
	char lines[64][512];	/* one line per walk entry: kind, docs, keys, meaning */
	size_t n;
};

static bool
shape_visit(const struct ledger_entry *e, void *arg)
{
	struct shape *s = arg;
	struct event ev;
	size_t i, o;
	char *line;

	assert_int_equal(event_decode(e->bytes, e->len, &ev), CORE_OK);
	if (ev.kind >= EV_DOC_ACCEPTED && ev.kind <= EV_WALK_SIGNED &&
	    s->n < 64) {
		line = s->lines[s->n++];
		o = (size_t)snprintf(line, 512, "%u |", ev.kind);
		for (i = 0; i < ev.ndocs && o < 512; i++)
			o += (size_t)snprintf(line + o, 512 - o, " %s", ev.docs[i].step);
		for (i = 0; i < ev.nfields && o < 512; i++)
			o += (size_t)snprintf(line + o, 512 - o, " %s", ev.fields[i].key);
		if (o < 512)
			snprintf(line + o, 512 - o, " | %s%s", ev.meaning ? ev.meaning : "",
			    e->has_learner_sig ? " | learner" : "");
	}
	event_clear(&ev);
	return true;
}

static void
kiosk_walk(struct fixture *f, struct learner *l)
{
	char receipt[LEDGER_RECEIPT_LEN];
	struct walk *w = NULL;
	size_t i, j;

	assert_int_equal(walk_begin(f->site, l, &w), CORE_OK);
	for (i = 0; i < walk_nsteps(w); i++) {
		struct walk_step *s = walk_step(w, i);

		s->end_reached = true;
		s->ms_on_page = 42000;
		for (j = 0; j < s->nitems; j++)
			s->ticked[j] = true;
		for (j = 0; j < s->nquestions; j++)
			assert_true(walk_answer(s, j, s->questions[j].right));
		for (j = 0; j < f->site->cfg->nchannels; j++)
			s->consent[j] = 1;
		s->state = WALK_DONE;
	}
	assert_int_equal(walk_sign(w, f->site, "739146", receipt), CORE_OK);
	walk_free(&w);
}

static void
test_bulk_walk_is_a_kiosk_walk(void **state)
{
	struct fixture *f = *state;
	struct shape *bulk = calloc(1, sizeof *bulk);
	struct shape *kiosk = calloc(1, sizeof *kiosk);
	struct lq_filter flt;
	struct lq_row row;
	struct learner l;
	size_t i;

	assert_non_null(bulk);
	assert_non_null(kiosk);
	assert_true(find_all_signed(f, "ha-young-people", &l));
	assert_int_equal(ledger_each_subject(f->site->st, l.pseudonym, shape_visit,
	    bulk), CORE_OK);

	memset(&flt, 0, sizeof flt);
	flt.status = LQ_AWAITING;
	snprintf(flt.group, sizeof flt.group, "ha-young-people");
	assert_true(first_match(f, &flt, &row));
	assert_int_equal(learner_activate(f->site, row.reference, f->res.code,
	    "739146", &l), CORE_OK);
	kiosk_walk(f, &l);
	assert_int_equal(ledger_each_subject(f->site->st, l.pseudonym, shape_visit,
	    kiosk), CORE_OK);

	assert_int_equal(kiosk->n, 6);	/* five steps and the summary */
	assert_int_equal(bulk->n, kiosk->n);
	for (i = 0; i < kiosk->n; i++)
		assert_string_equal(bulk->lines[i], kiosk->lines[i]);
	free(bulk);
	free(kiosk);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_counts_and_verify, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list_and_search, setup, teardown),
		cmocka_unit_test_setup_teardown(test_shared_pin_and_code_work, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_status_matches_ledger, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_second_run_adds_more, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_bulk_walk_is_a_kiosk_walk, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
