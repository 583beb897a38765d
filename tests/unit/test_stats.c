/* SPDX-License-Identifier: ISC */
/*
 * The dashboard's numbers on a real site built with core functions (walks
 * signed, a step declined, a learner locked by wrong PINs, one left, one
 * erased, concerns reported), at instants where steps are current, where
 * their validity has passed and where consents run out; the learners
 * behind every count, paged both ways; roles; and, on a few thousand
 * learners inserted straight into the tables, the merged scan against an
 * independent one-learner-at-a-time judgement, and its query plan.
 */
#include "tests/unit/auditsite.h"

#include "core/concern.h"
#include "core/erase.h"
#include "core/rules.h"
#include "core/stats.h"
#include "core/stats_int.h"

#define T1 (AS_T0 + 200 * 86400LL)
/* Seven calendar years after T0: 2033-09-01T10:00:00Z. */
#define T0_PLUS_7Y 2009181600LL

struct fixture {
	struct audit_site *a;
	uint8_t sue[CRYPTO_ID_BYTES], dan[CRYPTO_ID_BYTES], tom[CRYPTO_ID_BYTES];
};

static struct fixture *
build(void)
{
	struct fixture *f = calloc(1, sizeof *f);
	struct concern_receipt cr;
	struct learner l;
	int i;

	assert_non_null(f);
	f->a = as_open();
	as_staff(f->a, "sue", ROLE_SUPERVISOR, f->sue);
	as_staff(f->a, "dan", ROLE_DSL, f->dan);
	as_staff(f->a, "tom", ROLE_TUTOR, f->tom);
	as_learner(f->a, "YP-1", "Amira", "Khan", "ha-young-people", "2026A", &l);
	as_walk(f->a, &l, NULL);
	as_learner(f->a, "YP-2", "Ben", "Okafor", "ha-young-people", "2026A", &l);
	as_learner(f->a, "YP-3", "Chen", "Wei", "ha-young-people", "2026B", &l);
	as_walk(f->a, &l, "ha-acceptable-use");
	as_learner(f->a, "AD-1", "Dana", "Ivanova", "ha-adult", "2026A", &l);
	as_walk(f->a, &l, NULL);
	as_learner(f->a, "AD-2", "Eli", "Cohen", "ha-adult", "", &l);
	for (i = 0; i < 5; i++)
		assert_int_equal(learner_sign_in(f->a->site, "AD-2", "000000", &l),
		    CORE_ERR_AUTH);
	assert_int_equal(learner_get(f->a->site, "AD-2", &l), CORE_OK);
	assert_true(l.locked);
	as_learner(f->a, "AD-3", "Fay", "Moss", "ha-adult", "2026A", &l);
	as_walk(f->a, &l, NULL);
	assert_int_equal(learner_mark_left(f->a->site, "AD-3", "2026-09-01", NULL), CORE_OK);
	as_learner(f->a, "YP-4", "Gus", "Hale", "ha-young-people", "2026B", &l);
	as_walk(f->a, &l, NULL);
	assert_int_equal(erase_learner(f->a->site, "YP-4", NULL, NULL), CORE_OK);
	as_learner(f->a, "SS-1", "Hana", "Sato", "ss-secure", "2026A", &l);
	as_set_time(f->a, T1);
	as_learner(f->a, "YP-5", "Ines", "Lopez", "ha-young-people", "2026A", &l);
	as_walk(f->a, &l, NULL);
	assert_int_equal(concern_report(f->a->site, CONCERN_BULLYING, "Someone keeps "
	    "messaging me.", "", "YP-2", AS_PIN, &cr), CORE_OK);
	assert_int_equal(concern_report(f->a->site, CONCERN_UPSETTING, "I saw something.",
	    "", NULL, NULL, &cr), CORE_OK);
	return f;
}

static int
setup(void **state)
{
	*state = build();
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	as_close(f->a);
	free(f);
	return 0;
}

/* Every learner behind a count, a page of `size` at a time, as "A,B,C". */
static size_t
list_all(struct fixture *f, const uint8_t *actor, enum stats_count which,
    const struct stats_scope *scope, int64_t now, size_t size, char *refs, size_t cap)
{
	struct stats_page *p = calloc(1, sizeof *p), *back = calloc(1, sizeof *back);
	size_t total = 0, pages = 0;
	int64_t last = 0, first_of_page;

	assert_non_null(p);
	assert_non_null(back);
	refs[0] = '\0';
	assert_int_equal(stats_list(f->a->site, actor, which, scope, now, STATS_FIRST, 0,
	    size, p), CORE_OK);
	assert_false(p->more_before);
	for (;;) {
		for (size_t i = 0; i < p->n; i++) {
			size_t o = strlen(refs);

			snprintf(refs + o, cap - o, "%s%s", o ? "," : "", p->rows[i].reference);
			assert_true(p->rows[i].id > last);
			last = p->rows[i].id;
			assert_true(p->rows[i].why[0] != '\0');
		}
		total += p->n;
		pages++;
		if (!p->more_after)
			break;
		first_of_page = p->rows[0].id;
		assert_int_equal(stats_list(f->a->site, actor, which, scope, now, STATS_NEXT,
		    last, size, p), CORE_OK);
		assert_true(p->n > 0);
		assert_true(p->more_before);
		/* And back again: the page before this one is the one we had. */
		assert_int_equal(stats_list(f->a->site, actor, which, scope, now, STATS_PREV,
		    p->rows[0].id, size, back), CORE_OK);
		assert_true(back->n > 0);
		assert_int_equal(back->rows[0].id, first_of_page);
	}
	free(p);
	free(back);
	(void)pages;
	return total;
}

static void
check_counts(const struct stats_bar *b, const uint64_t want[STATS_NCOUNTS])
{
	for (unsigned c = 0; c < STATS_NCOUNTS; c++) {
		if (b->counts[c] != want[c])
			fail_msg("%s %s: %llu, expected %llu", b->title,
			    stats_count_key((enum stats_count)c),
			    (unsigned long long)b->counts[c], (unsigned long long)want[c]);
	}
}

static void
test_numbers_now(void **state)
{
	struct fixture *f = *state;
	int64_t now = (T1 + 86400) * AS_SEC;
	/* learners, complete, incomplete, outstanding, lapsed, declined, locked,
	 * consent soon, open concerns */
	static const uint64_t site[] = { 7, 3, 4, 3, 0, 1, 1, 0, 2 };
	static const uint64_t yp[] = { 4, 2, 2, 1, 0, 1, 0, 0, 0 };
	static const uint64_t yp_a[] = { 3, 2, 1, 1, 0, 0, 0, 0, 0 };
	static const uint64_t yp_b[] = { 1, 0, 1, 0, 0, 1, 0, 0, 0 };
	static const uint64_t ad[] = { 2, 1, 1, 1, 0, 0, 1, 0, 0 };
	static const uint64_t ss[] = { 1, 0, 1, 1, 0, 0, 0, 0, 0 };
	static const uint64_t co_none[] = { 1, 0, 1, 1, 0, 0, 1, 0, 0 };
	static const uint64_t co_a[] = { 5, 3, 2, 2, 0, 0, 0, 0, 0 };
	struct stats *s = NULL;
	const struct stats_bar *b;
	char refs[512];

	assert_int_equal(stats_compute(f->a->site, f->sue, now, NULL, NULL, &s), CORE_OK);
	assert_int_equal(stats_now(s), now);
	check_counts(stats_total(s), site);
	assert_int_equal(stats_bar_percent(stats_total(s)), 42);
	assert_int_equal(stats_ngroups(s), 3);
	b = stats_group(s, 0);
	assert_string_equal(b->group, "ha-young-people");
	assert_string_equal(b->title, f->a->site->cfg->groups[0].title);
	check_counts(b, yp);
	assert_int_equal(stats_bar_percent(b), 50);
	assert_int_equal(stats_ngroup_cohorts(s, 0), 2);
	check_counts(stats_group_cohort(s, 0, 0), yp_a);
	assert_string_equal(stats_group_cohort(s, 0, 0)->cohort, "2026A");
	assert_true(stats_group_cohort(s, 0, 0)->is_cohort);
	check_counts(stats_group_cohort(s, 0, 1), yp_b);
	assert_null(stats_group_cohort(s, 0, 2));
	check_counts(stats_group(s, 1), ad);
	assert_int_equal(stats_ngroup_cohorts(s, 1), 2);
	assert_string_equal(stats_group_cohort(s, 1, 0)->cohort, "");
	assert_string_equal(stats_group_cohort(s, 1, 0)->title, "No cohort");
	check_counts(stats_group(s, 2), ss);
	assert_int_equal(stats_ncohorts(s), 3);
	check_counts(stats_cohort(s, 0), co_none);
	check_counts(stats_cohort(s, 1), co_a);
	assert_null(stats_group(s, 3));
	stats_free(&s);
	assert_null(s);

	/* The learners behind each count, one or two to a page. */
	assert_int_equal(list_all(f, f->sue, STATS_LEARNERS, NULL, now, 2, refs, sizeof refs), 7);
	assert_string_equal(refs, "YP-1,YP-2,YP-3,AD-1,AD-2,SS-1,YP-5");
	assert_int_equal(list_all(f, f->sue, STATS_COMPLETE, NULL, now, 1, refs, sizeof refs), 3);
	assert_string_equal(refs, "YP-1,AD-1,YP-5");
	assert_int_equal(list_all(f, f->sue, STATS_INCOMPLETE, NULL, now, 2, refs, sizeof refs), 4);
	assert_string_equal(refs, "YP-2,YP-3,AD-2,SS-1");
	assert_int_equal(list_all(f, f->sue, STATS_OUTSTANDING, NULL, now, 2, refs, sizeof refs), 3);
	assert_string_equal(refs, "YP-2,AD-2,SS-1");
	assert_int_equal(list_all(f, f->sue, STATS_DECLINED, NULL, now, 2, refs, sizeof refs), 1);
	assert_string_equal(refs, "YP-3");
	assert_int_equal(list_all(f, f->sue, STATS_LOCKED, NULL, now, 2, refs, sizeof refs), 1);
	assert_string_equal(refs, "AD-2");
	assert_int_equal(list_all(f, f->sue, STATS_LAPSED, NULL, now, 2, refs, sizeof refs), 0);
	/* A bar's learners: a group, and a cohort of it. */
	{
		struct stats_scope yp_scope = { "ha-young-people", NULL };
		struct stats_scope a_scope = { "ha-young-people", "2026A" };
		struct stats_scope none = { NULL, "" };

		assert_int_equal(list_all(f, f->sue, STATS_INCOMPLETE, &yp_scope, now, 1,
		    refs, sizeof refs), 2);
		assert_string_equal(refs, "YP-2,YP-3");
		assert_int_equal(list_all(f, f->sue, STATS_LEARNERS, &a_scope, now, 5,
		    refs, sizeof refs), 3);
		assert_string_equal(refs, "YP-1,YP-2,YP-5");
		assert_int_equal(list_all(f, f->sue, STATS_LEARNERS, &none, now, 5,
		    refs, sizeof refs), 1);
		assert_string_equal(refs, "AD-2");
	}
}

static void
test_rows_and_roles(void **state)
{
	struct fixture *f = *state;
	int64_t now = (T1 + 86400) * AS_SEC;
	struct stats_page *p = calloc(1, sizeof *p);
	struct stats *s = NULL;

	assert_non_null(p);
	assert_int_equal(stats_list(f->a->site, f->sue, STATS_DECLINED, NULL, now,
	    STATS_FIRST, 0, 10, p), CORE_OK);
	assert_int_equal(p->n, 1);
	assert_string_equal(p->rows[0].reference, "YP-3");
	assert_string_equal(p->rows[0].given_name, "Chen");
	assert_string_equal(p->rows[0].family_name, "Wei");
	assert_string_equal(p->rows[0].group, "ha-young-people");
	assert_string_equal(p->rows[0].cohort, "2026B");
	assert_int_equal(p->rows[0].steps, 5);
	assert_int_equal(p->rows[0].signed_now, 4);
	assert_int_equal(p->rows[0].declined, 1);
	assert_string_equal(p->rows[0].why, "1 declined");
	assert_int_equal(p->rows[0].open_concerns, 0);
	assert_int_equal(stats_list(f->a->site, f->sue, STATS_LOCKED, NULL, now,
	    STATS_FIRST, 0, 10, p), CORE_OK);
	assert_string_equal(p->rows[0].why, "5 steps not done yet, locked");

	/* Only the supervisor sees the dashboard; a tutor may list learners. */
	assert_int_equal(stats_compute(f->a->site, f->tom, now, NULL, NULL, &s),
	    CORE_ERR_DENIED);
	assert_int_equal(stats_compute(f->a->site, f->dan, now, NULL, NULL, &s),
	    CORE_ERR_DENIED);
	assert_null(s);
	assert_int_equal(stats_list(f->a->site, f->tom, STATS_OUTSTANDING, NULL, now,
	    STATS_FIRST, 0, 10, p), CORE_OK);
	assert_int_equal(p->n, 3);
	/* Who reported a concern by name is for those who read concerns. */
	assert_int_equal(stats_list(f->a->site, f->sue, STATS_OPEN_CONCERNS, NULL, now,
	    STATS_FIRST, 0, 10, p), CORE_ERR_DENIED);
	assert_int_equal(stats_list(f->a->site, f->dan, STATS_OPEN_CONCERNS, NULL, now,
	    STATS_FIRST, 0, 10, p), CORE_OK);
	assert_int_equal(p->n, 1);
	assert_string_equal(p->rows[0].reference, "YP-2");
	assert_int_equal(p->rows[0].open_concerns, 1);
	assert_non_null(strstr(p->rows[0].why, "1 open concern"));
	assert_int_equal(stats_list(f->a->site, f->sue, (enum stats_count)99, NULL, now,
	    STATS_FIRST, 0, 10, p), CORE_ERR_INVALID);
	free(p);
}

static void
test_validity_passed(void **state)
{
	struct fixture *f = *state;
	int64_t now = (AS_T0 + 400 * 86400LL) * AS_SEC;
	static const uint64_t site[] = { 7, 1, 6, 3, 3, 1, 1, 0, 2 };
	struct stats *s = NULL;
	char refs[256];

	assert_int_equal(stats_compute(f->a->site, NULL, now, NULL, NULL, &s), CORE_OK);
	check_counts(stats_total(s), site);
	stats_free(&s);
	assert_int_equal(list_all(f, NULL, STATS_LAPSED, NULL, now, 2, refs, sizeof refs), 3);
	assert_string_equal(refs, "YP-1,YP-3,AD-1");
	assert_int_equal(list_all(f, NULL, STATS_COMPLETE, NULL, now, 2, refs, sizeof refs), 1);
	assert_string_equal(refs, "YP-5");
}

static void
test_consents_running_out(void **state)
{
	struct fixture *f = *state;
	int64_t soon = (T0_PLUS_7Y - 30 * 86400LL) * AS_SEC;
	int64_t after = (T0_PLUS_7Y + 86400LL) * AS_SEC;
	struct stats_page *p = calloc(1, sizeof *p);
	struct stats *s = NULL;
	char refs[256];

	assert_non_null(p);
	assert_int_equal(stats_compute(f->a->site, f->sue, soon, NULL, NULL, &s), CORE_OK);
	/* YP-1, YP-3 and AD-1 gave it at T0; YP-5's runs 200 days longer. */
	assert_int_equal(stats_total(s)->counts[STATS_CONSENT_EXPIRING], 3);
	assert_int_equal(stats_group(s, 0)->counts[STATS_CONSENT_EXPIRING], 2);
	assert_int_equal(stats_group(s, 1)->counts[STATS_CONSENT_EXPIRING], 1);
	stats_free(&s);
	assert_int_equal(list_all(f, f->sue, STATS_CONSENT_EXPIRING, NULL, soon, 2, refs,
	    sizeof refs), 3);
	assert_string_equal(refs, "YP-1,YP-3,AD-1");
	assert_int_equal(stats_list(f->a->site, f->sue, STATS_CONSENT_EXPIRING, NULL, soon,
	    STATS_FIRST, 0, 1, p), CORE_OK);
	assert_int_equal(p->rows[0].consent_ends_ms, T0_PLUS_7Y * AS_SEC);
	assert_non_null(strstr(p->rows[0].why, "consent ends 2033-09-01"));
	/* A day after they ran out: none is running out any more. */
	assert_int_equal(stats_compute(f->a->site, f->sue, after, NULL, NULL, &s), CORE_OK);
	assert_int_equal(stats_total(s)->counts[STATS_CONSENT_EXPIRING], 0);
	stats_free(&s);
	free(p);
}

/* ---- a few thousand learners, against an independent judgement ---- */

static void
progress(uint64_t done, uint64_t total, void *ctx)
{
	unsigned *calls = ctx;

	assert_true(done <= total);
	(*calls)++;
}

/* Each learner judged on their own, step by step, with the one-step rule. */
static void
judge_one_by_one(struct audit_site *a, int64_t now, uint64_t want[STATS_NCOUNTS])
{
	static const char sql_l[] =
	    "SELECT id, grp, locked FROM learners WHERE left_ms IS NULL AND erased_ms IS NULL";
	static const char sql_s[] =
	    "SELECT outcome, time_ms, doc_hash FROM signoffs WHERE learner_id = ?1 AND step = ?2";
	const struct config *cfg = a->site->cfg;
	sqlite3_stmt *l, *s;
	char path[1200];
	sqlite3 *db;

	memset(want, 0, STATS_NCOUNTS * sizeof *want);
	snprintf(path, sizeof path, "%s/signoff.db", a->dir);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql_l, -1, &l, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql_s, -1, &s, NULL), SQLITE_OK);
	while (sqlite3_step(l) == SQLITE_ROW) {
		const struct group_def *g = config_group(cfg, (const char *)sqlite3_column_text(l, 1));
		unsigned n[RULES_STATE_COUNT] = { 0 };

		if (!g)
			continue;
		for (size_t i = 0; i < g->nsteps; i++) {
			struct rules_prior p;

			memset(&p, 0, sizeof p);
			sqlite3_bind_int64(s, 1, sqlite3_column_int64(l, 0));
			sqlite3_bind_text(s, 2, g->steps[i]->id, -1, SQLITE_STATIC);
			if (sqlite3_step(s) == SQLITE_ROW) {
				p.found = true;
				p.declined = strcmp((const char *)sqlite3_column_text(s, 0),
				    "declined") == 0;
				p.time_ms = sqlite3_column_int64(s, 1);
				memcpy(p.hash, sqlite3_column_blob(s, 2), CRYPTO_HASH_BYTES);
			}
			sqlite3_reset(s);
			n[rules_step_state(cfg, g->steps[i], content_pack_doc(a->site->pack,
			    cfg, g->steps[i]->id), &p, false, now)]++;
		}
		want[STATS_LEARNERS]++;
		want[n[RULES_SIGNED] == g->nsteps ? STATS_COMPLETE : STATS_INCOMPLETE]++;
		want[STATS_OUTSTANDING] += n[RULES_OUTSTANDING] > 0;
		want[STATS_LAPSED] += n[RULES_LAPSED] > 0;
		want[STATS_DECLINED] += n[RULES_DECLINED] > 0;
		want[STATS_LOCKED] += sqlite3_column_int(l, 2) != 0;
	}
	sqlite3_finalize(l);
	sqlite3_finalize(s);
	sqlite3_close(db);
}

static void
test_many_learners(void **state)
{
	struct audit_site *a = as_open();
	int64_t now = (AS_T0 + 100 * 86400LL) * AS_SEC;
	uint64_t want[STATS_NCOUNTS];
	struct stats *s = NULL;
	unsigned calls = 0;
	char refs[16];

	(void)state;
	/* 3,000 learners; rows missing, declined, old texts, old times, some
	 * of them locked, left or erased, and a group the config never had. */
	as_sql(a, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
	    " WHERE i < 3000)"
	    " INSERT INTO learners(id, pseudonym, reference, grp, cohort, enrolled_ms,"
	    " locked, left_ms, erased_ms)"
	    " SELECT i + 100, randomblob(16), printf('V-%05d', i),"
	    " CASE WHEN i % 97 = 0 THEN 'gone' WHEN i % 3 = 0 THEN 'ha-young-people'"
	    " WHEN i % 3 = 1 THEN 'ha-adult' ELSE 'ss-secure' END,"
	    " printf('C%d', i % 4), 1788256800000, i % 53 = 0,"
	    " CASE WHEN i % 41 = 0 THEN 1788256800000 END,"
	    " CASE WHEN i % 43 = 0 THEN 1788256800000 END FROM n;"
	    "INSERT INTO learner_personal SELECT id, 'Given', 'Family', randomblob(16)"
	    " FROM learners WHERE id > 100;"
	    "INSERT INTO signoffs(learner_id, step, doc_hash, outcome, seq, time_ms)"
	    " SELECT l.id, d.step, CASE WHEN (l.id * 7 + length(d.step)) % 13 = 0"
	    " THEN randomblob(32) ELSE d.hash END,"
	    " CASE WHEN (l.id * 3 + length(d.step)) % 29 = 0 THEN 'declined' ELSE 'signed' END,"
	    " 1, 1788256800000 - ((l.id * 31 + length(d.step)) % 500) * 86400000"
	    " FROM learners l JOIN documents d"
	    " WHERE l.id > 100 AND (l.id + length(d.step)) % 7 != 0;");
	judge_one_by_one(a, now, want);
	assert_int_equal(stats_compute(a->site, NULL, now, progress, &calls, &s), CORE_OK);
	assert_true(calls > 0);
	for (unsigned c = 0; c < STATS_OPEN_CONCERNS; c++) {
		if (c == STATS_CONSENT_EXPIRING)
			continue;
		print_message("%s: %llu\n", stats_count_key((enum stats_count)c),
		    (unsigned long long)want[c]);
		assert_int_equal(stats_total(s)->counts[c], want[c]);
		assert_true(want[c] > 0);
	}
	stats_free(&s);
	/* The lists agree with the counts, forwards and back, in pages of 64. */
	for (unsigned c = STATS_LEARNERS; c <= STATS_LOCKED; c++) {
		struct stats_page *p = calloc(1, sizeof *p);
		uint64_t n = 0;
		int64_t last = 0;
		enum stats_dir dir = STATS_FIRST;

		assert_non_null(p);
		do {
			assert_int_equal(stats_list(a->site, NULL, (enum stats_count)c, NULL,
			    now, dir, last, STATS_PAGE_MAX, p), CORE_OK);
			n += p->n;
			if (p->n)
				last = p->rows[p->n - 1].id;
			dir = STATS_NEXT;
		} while (p->more_after);
		assert_int_equal(n, want[c]);
		free(p);
	}
	(void)refs;
	as_close(a);
}

/* The merged scan reads only the covering index, in order, never sorting. */
static void
test_query_plan(void **state)
{
	struct fixture *f = *state;
	char path[1200], sql[512], plan[1024] = "";
	sqlite3_stmt *stmt;
	sqlite3 *db;

	snprintf(path, sizeof path, "%s/signoff.db", f->a->dir);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	snprintf(sql, sizeof sql, "EXPLAIN QUERY PLAN %s", stats_sql_rows_asc);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL), SQLITE_OK);
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		size_t o = strlen(plan);

		snprintf(plan + o, sizeof plan - o, "%s;", sqlite3_column_text(stmt, 3));
	}
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	print_message("plan: %s\n", plan);
	assert_non_null(strstr(plan, "COVERING INDEX signoffs_state"));
	assert_null(strstr(plan, "TEMP B-TREE"));
}

static void
test_names(void **state)
{
	enum stats_count c;

	(void)state;
	assert_string_equal(stats_count_key(STATS_CONSENT_EXPIRING), "consent_expiring");
	assert_true(stats_count_parse("lapsed", &c));
	assert_int_equal(c, STATS_LAPSED);
	assert_false(stats_count_parse("nope", &c));
	assert_string_equal(stats_count_words(STATS_OUTSTANDING), "A step not done yet");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		/* These only read, so they share one site. */
		cmocka_unit_test(test_numbers_now),
		cmocka_unit_test(test_rows_and_roles),
		cmocka_unit_test(test_validity_passed),
		cmocka_unit_test(test_consents_running_out),
		cmocka_unit_test(test_query_plan),
		cmocka_unit_test(test_many_learners),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
