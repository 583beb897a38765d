/* SPDX-License-Identifier: ISC */
/*
 * The dashboard's count on a worker thread (stats_job_*), on a real site
 * with tens of thousands of learners inserted straight into its tables:
 * the numbers equal stats_compute's, bar by bar; progress only grows and
 * ends exact; the role is checked at the start; a count is cancelled
 * within a few learners, whether through the job or the flag underneath;
 * a count runs while the caller's connection writes.
 */
#include "tests/unit/auditsite.h"

#include <time.h>

#include "core/stats.h"
#include "core/stats_int.h"

#define LEARNERS 40000
#define NOW_MS ((AS_T0 + 100 * 86400LL) * AS_SEC)

static struct audit_site *site_a;

static int
setup(void **state)
{
	uint8_t id[CRYPTO_ID_BYTES];

	(void)state;
	site_a = as_open();
	as_staff(site_a, "sue", ROLE_SUPERVISOR, id);
	as_staff(site_a, "tom", ROLE_TUTOR, id);
	/* Missing, declined, old and changed sign-offs; some locked, left or
	 * erased; cohorts in several groups. */
	as_sql(site_a, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1"
	    " FROM n WHERE i < 40000)"
	    " INSERT INTO learners(id, pseudonym, reference, grp, cohort, enrolled_ms,"
	    " locked, left_ms, erased_ms)"
	    " SELECT i + 100, randomblob(16), printf('J-%06d', i),"
	    " CASE WHEN i % 3 = 0 THEN 'ha-young-people'"
	    " WHEN i % 3 = 1 THEN 'ha-adult' ELSE 'ss-secure' END,"
	    " printf('C%d', i % 5), 1788256800000, i % 53 = 0,"
	    " CASE WHEN i % 41 = 0 THEN 1788256800000 END,"
	    " CASE WHEN i % 43 = 0 THEN 1788256800000 END FROM n;"
	    "INSERT INTO signoffs(learner_id, step, doc_hash, outcome, seq, time_ms)"
	    " SELECT l.id, d.step, CASE WHEN (l.id * 7 + length(d.step)) % 13 = 0"
	    " THEN randomblob(32) ELSE d.hash END,"
	    " CASE WHEN (l.id * 3 + length(d.step)) % 29 = 0 THEN 'declined'"
	    " ELSE 'signed' END, 1,"
	    " 1788256800000 - ((l.id * 31 + length(d.step)) % 500) * 86400000"
	    " FROM learners l JOIN documents d"
	    " WHERE l.id > 100 AND (l.id + length(d.step)) % 7 != 0;");
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	as_close(site_a);
	return 0;
}

static void
same_bar(const struct stats_bar *a, const struct stats_bar *b)
{
	assert_non_null(a);
	assert_non_null(b);
	assert_string_equal(a->group, b->group);
	assert_string_equal(a->title, b->title);
	assert_string_equal(a->cohort, b->cohort);
	assert_int_equal(a->is_cohort, b->is_cohort);
	for (unsigned c = 0; c < STATS_NCOUNTS; c++)
		assert_int_equal(a->counts[c], b->counts[c]);
}

static void
same_stats(const struct stats *a, const struct stats *b)
{
	size_t g, i;

	assert_int_equal(stats_now(a), stats_now(b));
	same_bar(stats_total(a), stats_total(b));
	assert_int_equal(stats_ngroups(a), stats_ngroups(b));
	for (g = 0; g < stats_ngroups(a); g++) {
		same_bar(stats_group(a, g), stats_group(b, g));
		assert_int_equal(stats_ngroup_cohorts(a, g), stats_ngroup_cohorts(b, g));
		for (i = 0; i < stats_ngroup_cohorts(a, g); i++)
			same_bar(stats_group_cohort(a, g, i), stats_group_cohort(b, g, i));
	}
	assert_int_equal(stats_ncohorts(a), stats_ncohorts(b));
	for (i = 0; i < stats_ncohorts(a); i++)
		same_bar(stats_cohort(a, i), stats_cohort(b, i));
}

static uint8_t *
staff_id(const char *name, uint8_t id[CRYPTO_ID_BYTES])
{
	struct staff s;

	assert_int_equal(staff_get(site_a->site, name, &s), CORE_OK);
	memcpy(id, s.pseudonym, CRYPTO_ID_BYTES);
	return id;
}

static double
ms_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) * 1e3 +
	    (double)(t.tv_nsec - t0->tv_nsec) / 1e6;
}

/* The worker's numbers are stats_compute's; progress grows to the exact count. */
static void
test_same_numbers(void **state)
{
	struct stats *sync = NULL, *bg = NULL;
	struct stats_job *j = NULL;
	uint64_t done, total, last = 0;
	uint8_t sue[CRYPTO_ID_BYTES];
	unsigned polls = 0;

	(void)state;
	assert_int_equal(stats_compute(site_a->site, NULL, NOW_MS, NULL, NULL, &sync),
	    CORE_OK);
	assert_true(stats_total(sync)->counts[STATS_LEARNERS] > LEARNERS / 2);
	assert_true(stats_total(sync)->counts[STATS_COMPLETE] > 0);
	assert_true(stats_total(sync)->counts[STATS_LAPSED] > 0);
	assert_int_equal(stats_job_start(site_a->site, staff_id("sue", sue), NOW_MS, &j),
	    CORE_OK);
	assert_non_null(j);
	while (!stats_job_wait(j, 1)) {
		stats_job_progress(j, &done, &total);
		assert_true(done >= last);
		assert_true(done <= total);
		last = done;
		polls++;
	}
	print_message("ended after %u polls\n", polls);
	stats_job_progress(j, &done, &total);
	assert_int_equal(done, stats_total(sync)->counts[STATS_LEARNERS]);
	assert_int_equal(total, done);
	assert_int_equal(stats_job_take(j, &bg), CORE_OK);
	assert_non_null(bg);
	same_stats(sync, bg);
	/* Taken once only. */
	stats_free(&bg);
	assert_int_equal(stats_job_take(j, &bg), CORE_ERR_INVALID);
	assert_null(bg);
	stats_job_free(&j);
	assert_null(j);
	stats_job_free(&j);	/* safe on NULL */
	stats_free(&sync);
}

static void
test_role(void **state)
{
	struct stats_job *j = NULL;
	uint8_t tom[CRYPTO_ID_BYTES];

	(void)state;
	assert_int_equal(stats_job_start(site_a->site, staff_id("tom", tom), NOW_MS, &j),
	    CORE_ERR_DENIED);
	assert_null(j);
}

static void
cancel_at_first(uint64_t done, uint64_t total, void *ctx)
{
	atomic_bool *cancel = ctx;

	(void)total;
	if (done > 0)
		atomic_store(cancel, true);
}

/* The flag underneath: set, the count stops where it is. */
static void
test_cancel_flag(void **state)
{
	atomic_bool cancel;
	struct stats_watch w = { cancel_at_first, &cancel, &cancel };
	struct stats *s = NULL;

	(void)state;
	atomic_init(&cancel, true);
	assert_int_equal(stats_count_all(site_a->site, NOW_MS, &w, &s), CORE_ERR_DONE);
	assert_null(s);
	/* Set part way through, by the first progress report after the start. */
	atomic_store(&cancel, false);
	assert_int_equal(stats_count_all(site_a->site, NOW_MS, &w, &s), CORE_ERR_DONE);
	assert_null(s);
	assert_true(atomic_load(&cancel));
	/* And the site's connection is usable after (no read left open). */
	assert_int_equal(stats_compute(site_a->site, NULL, NOW_MS, NULL, NULL, &s), CORE_OK);
	stats_free(&s);
}

/* Freeing a job part way through a count stops it long before the end. */
static void
test_cancel_job(void **state)
{
	struct stats *s = NULL;
	struct stats_job *j = NULL;
	struct timespec t0;
	double full, freeing;
	uint64_t done = 0, total = 0;

	(void)state;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(stats_job_start(site_a->site, NULL, NOW_MS, &j), CORE_OK);
	assert_true(stats_job_wait(j, 60000));
	full = ms_since(&t0);
	assert_int_equal(stats_job_take(j, &s), CORE_OK);
	stats_free(&s);
	stats_job_free(&j);

	/* At once: before the worker has even opened its connection, most likely. */
	assert_int_equal(stats_job_start(site_a->site, NULL, NOW_MS, &j), CORE_OK);
	stats_job_free(&j);
	assert_null(j);

	/* Part way: once it has reported counting some learners. */
	assert_int_equal(stats_job_start(site_a->site, NULL, NOW_MS, &j), CORE_OK);
	while (!stats_job_wait(j, 0)) {
		stats_job_progress(j, &done, &total);
		if (done > 0)
			break;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	stats_job_free(&j);
	freeing = ms_since(&t0);
	print_message("full count %.1f ms; cancelled at %llu of %llu in %.2f ms\n", full,
	    (unsigned long long)done, (unsigned long long)total, freeing);
	if (done > 0 && done < total)
		assert_true(freeing < full / 2);
}

/* A count runs on its own connection while the caller's writes. */
static void
test_count_while_writing(void **state)
{
	struct stats_job *j = NULL;
	struct stats *s = NULL;
	struct learner l;
	uint64_t before;

	(void)state;
	assert_int_equal(stats_compute(site_a->site, NULL, NOW_MS, NULL, NULL, &s), CORE_OK);
	before = stats_total(s)->counts[STATS_LEARNERS];
	stats_free(&s);
	assert_int_equal(stats_job_start(site_a->site, NULL, NOW_MS, &j), CORE_OK);
	as_learner(site_a, "W-1", "Wren", "Ash", "ha-adult", "C1", &l);
	assert_true(stats_job_wait(j, 60000));
	assert_int_equal(stats_job_take(j, &s), CORE_OK);
	/* One snapshot: before the enrolment or after it, nothing between. */
	assert_true(stats_total(s)->counts[STATS_LEARNERS] == before ||
	    stats_total(s)->counts[STATS_LEARNERS] == before + 1);
	stats_free(&s);
	stats_job_free(&j);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_numbers),
		cmocka_unit_test(test_role),
		cmocka_unit_test(test_cancel_flag),
		cmocka_unit_test(test_cancel_job),
		cmocka_unit_test(test_count_while_writing),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
