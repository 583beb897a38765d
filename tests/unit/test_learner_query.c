/* SPDX-License-Identifier: ISC */
/*
 * Staff mode's learner queries on a real site: key paging forwards and
 * backwards, each filter, search by part of a name or reference (Latin and
 * not), the short-search fallback, an erased learner never found and no
 * trace of them left in the file once the index is rewritten, opening a
 * record as an audited event, step status, history, and that no filter's
 * query plan ever sorts (so a page costs the same on a million learners).
 */
#include "tests/unit/testutil.h"

#include <sqlite3.h>
#include <limits.h>
#include <sys/stat.h>

#include "core/erase.h"
#include "core/learner.h"
#include "core/learner_query.h"
#include "core/learner_query_int.h"
#include "core/permission.h"
#include "core/site.h"
#include "core/staff.h"
#include "core/walk.h"

/* 2026-09-10T00:26:40Z */
#define T_NOW 1789000000LL
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
	char fpr[CRYPTO_FPR_LEN], t[32];

	assert_non_null(f);
	assert_int_equal(crypto_init(), CORE_OK);
	snprintf(t, sizeof t, "%lld", T_NOW);
	setenv("SIGNOFF_FAKE_TIME", t, 1);
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
	unsetenv("SIGNOFF_FAKE_TIME");
	return 0;
}

static void
enrol(struct fixture *f, const char *ref, const char *given, const char *family,
    const char *group, const char *cohort, char code[LEARNER_CODE_LEN])
{
	char spare[LEARNER_CODE_LEN];

	assert_int_equal(learner_add(f->site, ref, given, family, group, cohort,
	    NULL, code ? code : spare), CORE_OK);
}

static void
activate(struct fixture *f, const char *ref, const char *given,
    const char *family, const char *group, struct learner *l)
{
	char code[LEARNER_CODE_LEN];

	enrol(f, ref, given, family, group, "2026", code);
	assert_int_equal(learner_activate(f->site, ref, code, PIN, l), CORE_OK);
}

static struct lq_filter
filter(const char *search)
{
	struct lq_filter q;

	memset(&q, 0, sizeof q);
	snprintf(q.search, sizeof q.search, "%s", search);
	return q;
}

static size_t
count(struct fixture *f, const struct lq_filter *q)
{
	struct lq_page *p = calloc(1, sizeof *p);
	size_t n;

	assert_non_null(p);
	assert_int_equal(learner_query_page(f->site, q, LQ_FIRST, NULL,
	    LQ_PAGE_MAX - 1, p), CORE_OK);
	n = p->n;
	free(p);
	return n;
}

static bool
finds(struct fixture *f, const char *search, const char *ref)
{
	struct lq_filter q = filter(search);
	struct lq_page *p = calloc(1, sizeof *p);
	bool found = false;
	size_t i;

	assert_non_null(p);
	assert_int_equal(learner_query_page(f->site, &q, LQ_FIRST, NULL, 20, p),
	    CORE_OK);
	for (i = 0; i < p->n; i++)
		found = found || strcmp(p->rows[i].reference, ref) == 0;
	free(p);
	return found;
}

/* Every step of the learner's walk done as asked, then signed. */
static void
complete(struct fixture *f, const struct learner *l)
{
	char receipt[LEDGER_RECEIPT_LEN];
	struct walk *w = NULL;
	size_t i, j;

	assert_int_equal(walk_begin(f->site, l, &w), CORE_OK);
	for (i = 0; i < walk_nsteps(w); i++) {
		struct walk_step *s = walk_step(w, i);

		s->end_reached = true;
		for (j = 0; j < s->nitems; j++)
			s->ticked[j] = true;
		for (j = 0; j < s->nquestions; j++)
			walk_answer(s, j, s->questions[j].right);
		for (j = 0; j < f->site->cfg->nchannels; j++)
			s->consent[j] = 1;
		s->state = WALK_DONE;
		assert_true(walk_step_ready(w, s, NULL));
	}
	assert_int_equal(walk_sign(w, f->site, PIN, receipt), CORE_OK);
	walk_free(&w);
}

static void
test_paging(void **state)
{
	struct fixture *f = *state;
	struct lq_filter q = filter("");
	struct lq_page *p = calloc(1, sizeof *p);
	struct lq_cursor at;
	char ref[16];
	int i;

	assert_non_null(p);
	for (i = 1; i <= 25; i++) {
		snprintf(ref, sizeof ref, "P-%03d", i);
		enrol(f, ref, "Page", "Person", "ha-adult", "", NULL);
	}
	assert_int_equal(learner_query_page(f->site, &q, LQ_FIRST, NULL, 10, p),
	    CORE_OK);
	assert_int_equal(p->n, 10);
	assert_false(p->more_before);
	assert_true(p->more_after);
	assert_false(p->by_enrolment);
	assert_string_equal(p->rows[0].reference, "P-001");
	assert_string_equal(p->rows[9].reference, "P-010");
	assert_int_equal(p->rows[0].outstanding, 5);
	assert_true(p->rows[0].awaiting_activation);

	at = p->rows[9].at;
	assert_int_equal(learner_query_page(f->site, &q, LQ_NEXT, &at, 10, p), CORE_OK);
	assert_int_equal(p->n, 10);
	assert_true(p->more_before && p->more_after);
	assert_string_equal(p->rows[0].reference, "P-011");

	at = p->rows[9].at;
	assert_int_equal(learner_query_page(f->site, &q, LQ_NEXT, &at, 10, p), CORE_OK);
	assert_int_equal(p->n, 5);
	assert_false(p->more_after);
	assert_string_equal(p->rows[4].reference, "P-025");

	/* Back: the page before the first row shown, in order. */
	at = p->rows[0].at;
	assert_int_equal(learner_query_page(f->site, &q, LQ_PREV, &at, 10, p), CORE_OK);
	assert_int_equal(p->n, 10);
	assert_string_equal(p->rows[0].reference, "P-011");
	assert_string_equal(p->rows[9].reference, "P-020");
	assert_true(p->more_before && p->more_after);
	at = p->rows[0].at;
	assert_int_equal(learner_query_page(f->site, &q, LQ_PREV, &at, 10, p), CORE_OK);
	assert_string_equal(p->rows[0].reference, "P-001");
	assert_false(p->more_before);

	/* Back from part way into the first page: the first page, full. */
	at = p->rows[3].at;
	assert_int_equal(learner_query_page(f->site, &q, LQ_PREV, &at, 10, p), CORE_OK);
	assert_int_equal(p->n, 10);
	assert_string_equal(p->rows[0].reference, "P-001");
	assert_false(p->more_before);

	/* The same place again (a resize): from the row itself. */
	at = p->rows[4].at;
	assert_int_equal(learner_query_page(f->site, &q, LQ_AT, &at, 3, p), CORE_OK);
	assert_int_equal(p->n, 3);
	assert_string_equal(p->rows[0].reference, "P-005");
	assert_true(p->more_before && p->more_after);

	/* A search pages by enrolment, forwards and back. */
	q = filter("person");
	assert_int_equal(learner_query_page(f->site, &q, LQ_FIRST, NULL, 10, p), CORE_OK);
	assert_true(p->by_enrolment);
	assert_int_equal(p->n, 10);
	assert_true(p->more_after);
	at = p->rows[9].at;
	assert_int_equal(learner_query_page(f->site, &q, LQ_NEXT, &at, 10, p), CORE_OK);
	assert_string_equal(p->rows[0].reference, "P-011");
	at = p->rows[9].at;
	assert_int_equal(learner_query_page(f->site, &q, LQ_NEXT, &at, 10, p), CORE_OK);
	assert_int_equal(p->n, 5);
	assert_false(p->more_after);
	at = p->rows[0].at;
	assert_int_equal(learner_query_page(f->site, &q, LQ_PREV, &at, 10, p), CORE_OK);
	assert_string_equal(p->rows[0].reference, "P-011");
	assert_string_equal(p->rows[9].reference, "P-020");
	free(p);
}

static void
test_filters(void **state)
{
	struct fixture *f = *state;
	struct lq_filter q = filter("");
	struct learner a, b, done;
	int i;

	activate(f, "HA-AD-001", "Dawit", "Bekele", "ha-adult", &a);
	activate(f, "HA-AD-002", "Eilidh", "MacLeod", "ha-adult", &b);
	activate(f, "HA-YP-001", "Amira", "Khan", "ha-young-people", &done);
	enrol(f, "HA-YP-002", "Ben", "Carter", "ha-young-people", "2025", NULL);
	enrol(f, "SS-001", "Jordan", "Price", "ss-secure", "2026", NULL);
	complete(f, &done);
	/* Five wrong PINs lock HA-AD-002. */
	for (i = 0; i < 5; i++)
		assert_int_equal(learner_sign_in(f->site, "HA-AD-002", "000000", &b),
		    CORE_ERR_AUTH);
	assert_int_equal(learner_mark_left(f->site, "HA-AD-001", "2026-09-01",
	    NULL), CORE_OK);

	assert_int_equal(count(f, &q), 5);
	/* SS-001's group needs permission, and none is recorded. */
	{
		struct lq_page *p = calloc(1, sizeof *p);

		assert_non_null(p);
		assert_int_equal(learner_query_page(f->site, &q, LQ_FIRST, NULL,
		    10, p), CORE_OK);
		assert_string_equal(p->rows[4].reference, "SS-001");
		assert_true(p->rows[4].no_permission);
		assert_false(p->rows[0].no_permission);
		free(p);
	}
	snprintf(q.group, sizeof q.group, "ha-young-people");
	assert_int_equal(count(f, &q), 2);
	snprintf(q.cohort, sizeof q.cohort, "2025");
	assert_int_equal(count(f, &q), 1);
	q.group[0] = '\0';
	assert_int_equal(count(f, &q), 1);
	q = filter("");
	snprintf(q.cohort, sizeof q.cohort, "2026");
	assert_int_equal(count(f, &q), 4);

	q = filter("");
	q.status = LQ_LOCKED;
	assert_int_equal(count(f, &q), 1);
	assert_true(finds(f, "HA-AD-002", "HA-AD-002"));
	q.status = LQ_AWAITING;
	assert_int_equal(count(f, &q), 2);
	q.status = LQ_ACTIVE;
	assert_int_equal(count(f, &q), 1);	/* HA-YP-001: not locked, not left */
	q.status = LQ_LEFT;
	assert_int_equal(count(f, &q), 1);
	q.status = LQ_OUTSTANDING;
	assert_int_equal(count(f, &q), 4);	/* all but the one who signed */
	snprintf(q.group, sizeof q.group, "ha-young-people");
	assert_int_equal(count(f, &q), 1);
	/* Filters and a search together. */
	q = filter("amira");
	q.status = LQ_OUTSTANDING;
	assert_int_equal(count(f, &q), 0);
	q.status = LQ_ACTIVE;
	assert_int_equal(count(f, &q), 1);
}

static void
test_search(void **state)
{
	struct fixture *f = *state;
	struct lq_filter bad = filter("a\x1b[2Jb");
	struct lq_page p;

	enrol(f, "HA-YP-001", "Amira", "Khan", "ha-young-people", "", NULL);
	enrol(f, "HA-YP-002", "Ben", "Carter", "ha-young-people", "", NULL);
	enrol(f, "HA-YP-003", "Chloé", "Dubois", "ha-young-people", "", NULL);
	enrol(f, "HA-AD-001", "Жанна", "Иванова", "ha-adult", "", NULL);
	enrol(f, "HA-AD-002", "王小明", "李", "ha-adult", "", NULL);
	enrol(f, "SS-001", "Liam", "O'Neill", "ss-secure", "", NULL);

	/* Part of a name, any case, either name, both words. */
	assert_true(finds(f, "mir", "HA-YP-001"));
	assert_true(finds(f, "KHAN", "HA-YP-001"));
	assert_true(finds(f, "amira khan", "HA-YP-001"));
	assert_false(finds(f, "amira carter", "HA-YP-001"));
	assert_true(finds(f, "o'neill", "SS-001"));
	assert_true(finds(f, "loé", "HA-YP-003"));
	assert_false(finds(f, "mir", "HA-YP-002"));
	/* Not Latin: Cyrillic (case folded) and Chinese. */
	assert_true(finds(f, "иван", "HA-AD-001"));
	assert_true(finds(f, "ЖАННА", "HA-AD-001"));
	assert_true(finds(f, "王小明", "HA-AD-002"));
	/* Part of a reference. */
	assert_true(finds(f, "yp-00", "HA-YP-002"));
	assert_false(finds(f, "yp-00", "HA-AD-001"));
	/* Shorter than three: the start of a reference. */
	assert_true(finds(f, "ss", "SS-001"));
	assert_false(finds(f, "ss", "HA-YP-001"));
	assert_true(finds(f, "H", "HA-AD-002"));
	assert_false(finds(f, "am", "HA-YP-001"));
	/* A new learner is found at once. */
	enrol(f, "HA-YP-004", "Zainab", "Hussain", "ha-young-people", "", NULL);
	assert_true(finds(f, "zainab", "HA-YP-004"));
	/* Text from a person is checked before it reaches SQLite. */
	assert_int_equal(learner_query_page(f->site, &bad, LQ_FIRST, NULL, 5, &p),
	    CORE_ERR_INVALID);
}

static bool
file_has(const char *path, const char *needle, size_t len)
{
	struct stat sb;
	char *buf;
	FILE *in;
	bool found;

	if (stat(path, &sb) != 0 || sb.st_size == 0)
		return false;
	buf = malloc((size_t)sb.st_size);
	assert_non_null(buf);
	in = fopen(path, "rb");
	assert_non_null(in);
	assert_int_equal(fread(buf, 1, (size_t)sb.st_size, in), (size_t)sb.st_size);
	fclose(in);
	found = memmem(buf, (size_t)sb.st_size, needle, len) != NULL;
	free(buf);
	return found;
}

static bool
site_has(struct fixture *f, const char *needle)
{
	static const char *const suffix[] = { "", "-wal", "-shm" };
	char path[PATH_MAX + 8];
	size_t i;

	for (i = 0; i < 3; i++) {
		snprintf(path, sizeof path, "%s%s", f->site->cfg->db_path, suffix[i]);
		if (file_has(path, needle, strlen(needle)))
			return true;
	}
	return false;
}

static void
test_erased_not_found(void **state)
{
	struct fixture *f = *state;
	struct learner z;

	activate(f, "ZQ-0042", "Zebedee", "Quixotic", "ha-adult", &z);
	enrol(f, "HA-AD-001", "Dawit", "Bekele", "ha-adult", "", NULL);
	assert_true(finds(f, "zebedee", "ZQ-0042"));
	assert_true(finds(f, "ZQ", "ZQ-0042"));
	/* The index holds the names now (the scan can see them)... */
	assert_true(site_has(f, "Zebedee"));
	assert_int_equal(erase_learner(f->site, "ZQ-0042", NULL, NULL), CORE_OK);
	assert_false(finds(f, "zebedee", "ZQ-0042"));
	assert_false(finds(f, "quixotic", "ZQ-0042"));
	assert_false(finds(f, "ZQ", "ZQ-0042"));
	assert_false(finds(f, "0042", "ZQ-0042"));
	assert_true(finds(f, "dawit", "HA-AD-001"));
	/* ...and after the index is rewritten and the WAL emptied, not even
	 * the trigrams of the erased name remain (index terms are folded). */
	assert_int_equal(learner_query_forget(f->site), CORE_OK);
	assert_int_equal(erase_flush(f->site), CORE_OK);
	assert_false(site_has(f, "Zebedee"));
	assert_false(site_has(f, "Quixotic"));
	assert_false(site_has(f, "quixotic"));
	assert_false(site_has(f, "uix"));
	assert_false(site_has(f, "xot"));
	assert_true(finds(f, "dawit", "HA-AD-001"));
}

static int
count_kind(struct fixture *f, int kind)
{
	char sql[128];
	sqlite3_stmt *stmt;
	sqlite3 *db;
	int n;

	snprintf(sql, sizeof sql, "SELECT count(*) FROM ledger WHERE kind = %d", kind);
	assert_int_equal(sqlite3_open(f->site->cfg->db_path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	n = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	return n;
}

static void
staff(struct fixture *f, const char *name, enum staff_role role, struct staff *s)
{
	assert_int_equal(staff_add(f->site, name, role, "correct horse battery",
	    NULL), CORE_OK);
	assert_int_equal(staff_get(f->site, name, s), CORE_OK);
}

struct seen {
	struct lq_event e[16];
	size_t n;
};

static bool
keep(const struct lq_event *e, void *ctx)
{
	struct seen *s = ctx;

	if (s->n < 16)
		s->e[s->n++] = *e;
	return true;
}

static void
test_record(void **state)
{
	struct fixture *f = *state;
	struct staff tutor, super, admin;
	struct lq_step steps[CONFIG_MAX_STEPS];
	struct lq_permission perm;
	struct learner l, got;
	struct seen seen;
	bool more;
	size_t n, i;

	staff(f, "tutor", ROLE_TUTOR, &tutor);
	staff(f, "super", ROLE_SUPERVISOR, &super);
	staff(f, "admin", ROLE_ADMIN, &admin);
	activate(f, "SS-001", "Jordan", "Price", "ss-secure", &l);

	/* Opening a record is allowed by role and is itself recorded. */
	assert_int_equal(learner_query_open(f->site, "SS-001", tutor.pseudonym,
	    &got), CORE_OK);
	assert_string_equal(got.given_name, "Jordan");
	assert_int_equal(count_kind(f, 30), 1);
	assert_int_equal(learner_query_open(f->site, "SS-001", super.pseudonym,
	    &got), CORE_OK);
	assert_int_equal(count_kind(f, 30), 2);
	assert_int_equal(learner_query_open(f->site, "SS-001", admin.pseudonym,
	    &got), CORE_ERR_DENIED);
	assert_int_equal(learner_query_open(f->site, "NOPE", tutor.pseudonym,
	    &got), CORE_ERR_NOT_FOUND);
	assert_int_equal(count_kind(f, 30), 2);

	/* Permission, as recorded. */
	assert_int_equal(learner_query_permission(f->site, &l, &perm), CORE_OK);
	assert_false(perm.recorded);
	assert_int_equal(permission_record(f->site, &l, PERMISSION_MOJ, "MOJ-17",
	    "2026-09-01", tutor.pseudonym), CORE_OK);
	assert_int_equal(learner_query_permission(f->site, &l, &perm), CORE_OK);
	assert_true(perm.recorded);
	assert_string_equal(perm.given_by, "ministry-of-justice");
	assert_string_equal(perm.date, "2026-09-01");

	/* Steps: nothing done yet. */
	assert_int_equal(learner_query_steps(f->site, &l, T_NOW * 1000, steps,
	    CONFIG_MAX_STEPS, &n), CORE_OK);
	assert_int_equal(n, 4);
	for (i = 0; i < n; i++)
		assert_int_equal(steps[i].state, LQ_STEP_OUTSTANDING);
	assert_string_equal(steps[0].def->id, "ss-learner-agreement");

	/* History: newest first, who did what, paged by seq. */
	memset(&seen, 0, sizeof seen);
	assert_int_equal(learner_query_history(f->site, &l, 0, 3, keep, &seen,
	    &more), CORE_OK);
	assert_int_equal(seen.n, 3);
	assert_true(more);
	assert_int_equal(seen.e[0].kind, 5);		/* permission recorded */
	assert_string_equal(seen.e[0].who, "tutor");
	assert_non_null(strstr(seen.e[0].detail, "given by: ministry-of-justice"));
	assert_int_equal(seen.e[1].kind, 30);		/* viewed, by super */
	assert_string_equal(seen.e[1].who, "super");
	assert_true(seen.e[0].seq > seen.e[1].seq && seen.e[1].seq > seen.e[2].seq);
	memset(&seen, 0, sizeof seen);
	assert_int_equal(learner_query_history(f->site, &l, 0, 16, keep, &seen,
	    &more), CORE_OK);
	assert_false(more);
	assert_int_equal(seen.e[seen.n - 1].kind, 2);	/* enrolled, first */
	assert_string_equal(seen.e[seen.n - 1].who, "the kiosk");
}

static void
test_steps_after_signing(void **state)
{
	struct fixture *f = *state;
	struct lq_step steps[CONFIG_MAX_STEPS];
	struct learner l;
	struct seen seen;
	size_t n, i;
	bool receipt = false;

	activate(f, "HA-AD-001", "Dawit", "Bekele", "ha-adult", &l);
	complete(f, &l);
	assert_int_equal(learner_query_steps(f->site, &l, T_NOW * 1000, steps,
	    CONFIG_MAX_STEPS, &n), CORE_OK);
	assert_int_equal(n, 5);
	for (i = 0; i < n; i++) {
		assert_int_equal(steps[i].state, LQ_STEP_SIGNED);
		assert_non_null(strstr(steps[i].words, "Signed on 2026-09-10"));
	}
	/* A year and a day on, the yearly documents have lapsed. */
	assert_int_equal(learner_query_steps(f->site, &l,
	    (T_NOW + 366 * 86400LL) * 1000, steps, CONFIG_MAX_STEPS, &n), CORE_OK);
	assert_int_equal(steps[0].state, LQ_STEP_LAPSED);	/* 365 days */
	assert_int_equal(steps[1].state, LQ_STEP_SIGNED);	/* 730 days */
	/* The signed entries carry the learner's signature and receipt. */
	memset(&seen, 0, sizeof seen);
	assert_int_equal(learner_query_history(f->site, &l, 0, 16, keep, &seen,
	    NULL), CORE_OK);
	for (i = 0; i < seen.n; i++) {
		if (seen.e[i].kind == 14) {
			receipt = strlen(seen.e[i].receipt) == 9;
			assert_string_equal(seen.e[i].who, "the learner");
			assert_true(seen.e[i].learner_signed);
		}
	}
	assert_true(receipt);
}

/* No shape of the list sorts: each filter has an index in order. */
static void
test_plans_never_sort(void **state)
{
	struct fixture *f = *state;
	static const char *const searches[] = { "", "HA", "amira" };
	static const enum lq_dir dirs[] = { LQ_FIRST, LQ_NEXT, LQ_PREV, LQ_AT };
	char sql[1200], plan[4096];
	sqlite3_stmt *stmt;
	sqlite3 *db;
	struct lq_filter q;
	size_t s, d, o;
	int g, c, st;

	assert_int_equal(sqlite3_open(f->site->cfg->db_path, &db), SQLITE_OK);
	for (s = 0; s < 3; s++)
	for (g = 0; g < 2; g++)
	for (c = 0; c < 2; c++)
	for (st = 0; st < LQ_STATUS_COUNT; st++)
	for (d = 0; d < 4; d++) {
		q = filter(searches[s]);
		if (g)
			snprintf(q.group, sizeof q.group, "ha-adult");
		if (c)
			snprintf(q.cohort, sizeof q.cohort, "2026");
		q.status = (enum lq_status)st;
		memcpy(sql, "EXPLAIN QUERY PLAN ", 19);
		learner_query_sql(&q, dirs[d], dirs[d] != LQ_FIRST, sql + 19,
		    sizeof sql - 19);
		assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL),
		    SQLITE_OK);
		o = 0;
		plan[0] = '\0';
		while (sqlite3_step(stmt) == SQLITE_ROW)
			o += (size_t)snprintf(plan + o, o < sizeof plan ?
			    sizeof plan - o : 0, "%s\n",
			    (const char *)sqlite3_column_text(stmt, 3));
		sqlite3_finalize(stmt);
		if (strstr(plan, "TEMP B-TREE") || strstr(plan, "SCAN l\n") ||
		    strstr(plan, "SCAN l USING INDEX learners_group"))
			fail_msg("the list sorts or scans:\n%s\n%s", sql, plan);
	}
	sqlite3_close(db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_paging, setup, teardown),
		cmocka_unit_test_setup_teardown(test_filters, setup, teardown),
		cmocka_unit_test_setup_teardown(test_search, setup, teardown),
		cmocka_unit_test_setup_teardown(test_erased_not_found, setup, teardown),
		cmocka_unit_test_setup_teardown(test_record, setup, teardown),
		cmocka_unit_test_setup_teardown(test_steps_after_signing, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_plans_never_sort, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
