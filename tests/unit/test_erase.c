/* SPDX-License-Identifier: ISC */
/*
 * Erasure and retention against a real site: after erasing, no byte of the
 * name, reference, cohort or note is left in the database file, its -wal or
 * its -shm (read raw), and the ledger still verifies; a reader holding old
 * pages delays the flush and is reported; leaving, and purge's dry run
 * listing exactly who is due and why, then the real run.
 */
#include "tests/unit/testutil.h"

#include <sqlite3.h>
#include <limits.h>
#include <sys/stat.h>

#include "core/consent.h"
#include "core/erase.h"
#include "core/learner.h"
#include "core/permission.h"
#include "core/site.h"
#include "core/staff.h"
#include "core/verify.h"
#include "core/walk.h"

#define SEC 1000LL
/* 2026-09-01T10:00:00Z: the site's clock. */
#define T_NOW 1788256800LL
/* 2027-02-01T09:00:00Z. */
#define T_LATER 1801472400LL
/* 2034-01-01T00:00:00Z. */
#define T_FAR 2019686400LL
#define PIN "482916"

struct fixture {
	char dir[512];
	char ini[1024];
	struct site *site;
};

static void
set_time(long long secs)
{
	char buf[32];

	snprintf(buf, sizeof buf, "%lld", secs);
	setenv("SIGNOFF_FAKE_TIME", buf, 1);
}

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	char fpr[CRYPTO_FPR_LEN];

	assert_non_null(f);
	assert_int_equal(crypto_init(), CORE_OK);
	set_time(T_NOW);
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
activate(struct fixture *f, const char *ref, const char *given, const char *family,
    const char *cohort, struct learner *l)
{
	char code[LEARNER_CODE_LEN];

	assert_int_equal(learner_add(f->site, ref, given, family, "ha-adult", cohort,
	    NULL, code), CORE_OK);
	assert_int_equal(learner_activate(f->site, ref, code, PIN, l), CORE_OK);
}

/* Yes to every channel, signed through the consent step of a walk. */
static void
give_consent(struct fixture *f, const struct learner *l)
{
	char receipt[LEDGER_RECEIPT_LEN];
	struct walk *w = NULL;
	size_t i, j;

	assert_int_equal(walk_begin(f->site, l, &w), CORE_OK);
	for (i = 0; i < walk_nsteps(w); i++) {
		struct walk_step *s = walk_step(w, i);

		if (s->def->kind != STEP_CONSENT)
			continue;
		for (j = 0; j < f->site->cfg->nchannels; j++)
			s->consent[j] = 1;
		s->state = WALK_DONE;
	}
	assert_int_equal(walk_sign(w, f->site, PIN, receipt), CORE_OK);
	walk_free(&w);
}

/* Whether the raw file (which may not exist) contains needle. */
static bool
file_has(const char *path, const char *needle)
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
	found = memmem(buf, (size_t)sb.st_size, needle, strlen(needle)) != NULL;
	free(buf);
	return found;
}

/* Whether any of the database's files contains needle. */
static bool
site_has(struct fixture *f, const char *needle)
{
	static const char *const suffix[] = { "", "-wal", "-shm" };
	char path[PATH_MAX + 8];
	size_t i;

	for (i = 0; i < 3; i++) {
		snprintf(path, sizeof path, "%s%s", f->site->cfg->db_path, suffix[i]);
		if (file_has(path, needle)) {
			if (getenv("TEST_VERBOSE"))
				fprintf(stderr, "%s found in %s\n", needle, path);
			return true;
		}
	}
	return false;
}

/*
 * Not the cohort: EV_LEARNER_ENROLLED carries it in its signed bytes, so
 * erasure clears only the learners row's copy (checked on its own below).
 */
static const char *const traces[] = {
	"Zebedee", "Quixotic", "ZQ-0042", "Quixote's mother", "FORM-PC-88",
};

static int
count_rows(struct fixture *f, const char *sql)
{
	sqlite3_stmt *stmt;
	sqlite3 *db;
	int n;

	assert_int_equal(sqlite3_open(f->site->cfg->db_path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	n = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	return n;
}

/* A real staff account, as role checks read it. */
static void
staff(struct fixture *f, const char *name, enum staff_role role, uint8_t id[CRYPTO_ID_BYTES])
{
	struct staff s;

	assert_int_equal(staff_add(f->site, name, role, "correct horse battery", NULL),
	    CORE_OK);
	assert_int_equal(staff_get(f->site, name, &s), CORE_OK);
	memcpy(id, s.pseudonym, CRYPTO_ID_BYTES);
}

/* A learner with every kind of personal detail erasure has to find. */
static void
make_zebedee(struct fixture *f, struct learner *z)
{
	uint8_t tutor[CRYPTO_ID_BYTES];

	staff(f, "tutor", ROLE_TUTOR, tutor);
	activate(f, "ZQ-0042", "Zebedee", "Quixotic", "Nightingale-7", z);
	give_consent(f, z);
	assert_int_equal(permission_record(f->site, z, PERMISSION_PARENT, "FORM-PC-88",
	    "2026-08-30", tutor), CORE_OK);
	assert_int_equal(consent_withdraw(f->site, z, "media", CONSENT_BY_WRITING,
	    "2026-08-31", "Email from Quixote's mother", tutor, NULL, NULL), CORE_OK);
}

static void
test_erasure_leaves_no_trace(void **state)
{
	struct fixture *f = *state;
	uint8_t admin[CRYPTO_ID_BYTES];
	struct verify_report rep;
	struct staff tutor;
	struct erase_report r;
	struct learner z, other;
	size_t i;

	activate(f, "HA-1", "Amira", "Khan", "2026", &other);
	make_zebedee(f, &z);
	/* The scan can see them before... */
	for (i = 0; i < sizeof traces / sizeof traces[0]; i++)
		assert_true(site_has(f, traces[i]));

	/* Erasure is the administrator's; a tutor may not. */
	staff(f, "admin", ROLE_ADMIN, admin);
	assert_int_equal(staff_get(f->site, "tutor", &tutor), CORE_OK);
	assert_int_equal(erase_learner(f->site, "ZQ-0042", tutor.pseudonym, &r),
	    CORE_ERR_DENIED);
	assert_true(site_has(f, "Zebedee"));
	assert_int_equal(erase_learner(f->site, "ZQ-0042", admin, &r), CORE_OK);
	assert_true(r.seq > 0);
	assert_true(r.names);
	assert_true(r.cohort);
	assert_true(r.permission_reference);
	assert_int_equal(r.notes, 2);	/* the withdrawal's note, the permission's reference */
	assert_int_equal(r.keys, 1);
	assert_true(r.flushed);
	assert_int_equal(strlen(r.receipt), 9);

	/* ...and not after, in the file, its WAL or its shared memory. */
	for (i = 0; i < sizeof traces / sizeof traces[0]; i++)
		assert_false(site_has(f, traces[i]));
	assert_int_equal(count_rows(f, "SELECT count(*) FROM learners"
	    " WHERE cohort = 'Nightingale-7' OR reference = 'ZQ-0042'"), 0);
	assert_int_equal(count_rows(f, "SELECT count(*) FROM permissions"
	    " WHERE reference <> ''"), 0);
	assert_int_equal(count_rows(f, "SELECT count(*) FROM permissions"
	    " WHERE given_by = 'parent-or-carer' AND given_date = '2026-08-30'"), 1);
	assert_int_equal(count_rows(f, "SELECT count(*) FROM keys k JOIN learners l"
	    " ON k.owner = l.pseudonym WHERE l.erased_ms IS NOT NULL"
	    " AND (k.retired_seq IS NULL OR k.box <> zeroblob(48))"), 0);
	/* Others are untouched. */
	assert_true(site_has(f, "Khan"));
	assert_int_equal(learner_get(f->site, "HA-1", &other), CORE_OK);
	assert_string_equal(other.family_name, "Khan");

	assert_int_equal(verify_ledger(f->site->st, NULL, NULL, NULL, &rep), CORE_OK);
	assert_true(rep.last_seq == r.seq);
	assert_int_equal(learner_get(f->site, "ZQ-0042", &z), CORE_ERR_NOT_FOUND);
	assert_int_equal(erase_learner(f->site, "ZQ-0042", NULL, &r), CORE_ERR_NOT_FOUND);
	/* The reference is free again, and the old PIN opens nothing. */
	assert_int_equal(learner_sign_in(f->site, "ZQ-0042", PIN, &z), CORE_ERR_AUTH);
}

static void
test_flush_waits_for_readers(void **state)
{
	struct fixture *f = *state;
	struct erase_report r;
	sqlite3_stmt *stmt;
	struct learner z;
	sqlite3 *reader;

	make_zebedee(f, &z);
	/* Another process's long read pins the pages that held the name. */
	assert_int_equal(sqlite3_open(f->site->cfg->db_path, &reader), SQLITE_OK);
	assert_int_equal(sqlite3_exec(reader, "BEGIN", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(reader,
	    "SELECT given_name FROM learner_personal", -1, &stmt, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	sqlite3_finalize(stmt);

	assert_int_equal(erase_learner(f->site, "ZQ-0042", NULL, &r), CORE_ERR_BUSY);
	assert_non_null(strstr(core_detail(), "erasure is saved"));
	assert_true(r.seq > 0);
	assert_false(r.flushed);
	assert_true(site_has(f, "Zebedee"));
	assert_int_equal(learner_get(f->site, "ZQ-0042", &z), CORE_ERR_NOT_FOUND);

	assert_int_equal(sqlite3_exec(reader, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(reader);
	assert_int_equal(erase_flush(f->site), CORE_OK);
	assert_false(site_has(f, "Zebedee"));
	assert_false(site_has(f, "Quixotic"));
}

struct listed {
	struct purge_candidate c[8];
	size_t n;
};

static bool
list(const struct purge_candidate *c, void *ctx)
{
	struct listed *l = ctx;

	assert_true(l->n < 8);
	l->c[l->n++] = *c;
	return true;
}

/*
 * A left long ago; B left recently; C never left; D left long ago but
 * still has a Yes consent; E left long ago and withdrew theirs.
 */
static void
make_leavers(struct fixture *f)
{
	struct learner a, b, c, d, e;

	activate(f, "A-1", "Ada", "Lovelace", "", &a);
	activate(f, "B-1", "Ben", "Okri", "", &b);
	activate(f, "C-1", "Cara", "Delevingne", "", &c);
	activate(f, "D-1", "Dev", "Patel", "", &d);
	activate(f, "E-1", "Ema", "Itomasterson", "", &e);
	give_consent(f, &d);
	give_consent(f, &e);
	assert_int_equal(learner_mark_left(f->site, "A-1", "2020-07-31", NULL), CORE_OK);
	assert_int_equal(learner_mark_left(f->site, "B-1", "2025-01-10", NULL), CORE_OK);
	assert_int_equal(learner_mark_left(f->site, "D-1", "2021-03-01", NULL), CORE_OK);
	assert_int_equal(learner_mark_left(f->site, "E-1", "2020-01-01", NULL), CORE_OK);
	set_time(T_LATER);
	assert_int_equal(consent_withdraw(f->site, &e, NULL, CONSENT_BY_WRITING,
	    "2027-01-20", NULL, NULL, NULL, NULL), CORE_OK);
}

static void
test_mark_left(void **state)
{
	struct fixture *f = *state;
	struct learner l;

	activate(f, "L-1", "Lee", "Chan", "", &l);
	assert_int_equal(learner_mark_left(f->site, "L-1", "2026-09-02", NULL),
	    CORE_ERR_INVALID);
	assert_non_null(strstr(core_detail(), "future"));
	assert_int_equal(learner_mark_left(f->site, "L-1", "2026-02-30", NULL),
	    CORE_ERR_INVALID);
	assert_int_equal(learner_mark_left(f->site, "NOBODY", "2026-01-01", NULL),
	    CORE_ERR_NOT_FOUND);
	assert_int_equal(learner_mark_left(f->site, "L-1", "2026-09-01", NULL), CORE_OK);
}

static void
test_purge_dry_run_lists_exactly_those_due(void **state)
{
	struct fixture *f = *state;
	struct listed got = { .n = 0 };
	char since[CONSENT_DATE_LEN];
	struct learner l;

	make_leavers(f);
	assert_int_equal(purge_candidates(f->site, T_LATER * SEC, list, &got), CORE_OK);
	assert_int_equal(got.n, 2);
	assert_string_equal(got.c[0].reference, "A-1");
	assert_int_equal(got.c[0].why, PURGE_LEFT);
	consent_date_format(got.c[0].since_ms, since);
	assert_string_equal(since, "2023-07-31");
	assert_string_equal(got.c[0].why_text,
	    "left on 2020-07-31; kept 3 years after leaving, until 2023-07-31");
	assert_string_equal(got.c[1].reference, "E-1");
	assert_int_equal(got.c[1].why, PURGE_CONSENT_ENDED);
	assert_true(got.c[1].since_ms == T_LATER * SEC);
	assert_string_equal(got.c[1].why_text,
	    "left on 2020-01-01; kept past 2023-01-01 while a consent was Yes, "
	    "until 2027-02-01");
	/* A dry run changes nothing. */
	assert_int_equal(learner_get(f->site, "A-1", &l), CORE_OK);
	assert_string_equal(l.family_name, "Lovelace");

	/* Years on, D's consent has expired and B's retention has ended. */
	got.n = 0;
	assert_int_equal(purge_candidates(f->site, T_FAR * SEC, list, &got), CORE_OK);
	assert_int_equal(got.n, 4);
	assert_string_equal(got.c[0].reference, "A-1");
	assert_string_equal(got.c[1].reference, "B-1");
	assert_int_equal(got.c[1].why, PURGE_LEFT);
	assert_string_equal(got.c[2].reference, "D-1");
	assert_int_equal(got.c[2].why, PURGE_CONSENT_ENDED);
	consent_date_format(got.c[2].since_ms, since);
	assert_string_equal(since, "2033-09-01");
	assert_string_equal(got.c[3].reference, "E-1");
}

static void
test_purge_run(void **state)
{
	struct fixture *f = *state;
	struct listed erased = { .n = 0 }, left = { .n = 0 };
	struct verify_report rep;
	struct learner l;
	size_t count = 0;

	make_leavers(f);
	assert_int_equal(purge_run(f->site, T_LATER * SEC, NULL, list, &erased, &count),
	    CORE_OK);
	assert_int_equal(count, 2);
	assert_int_equal(erased.n, 2);
	assert_string_equal(erased.c[0].reference, "A-1");
	assert_string_equal(erased.c[1].reference, "E-1");
	assert_int_equal(learner_get(f->site, "A-1", &l), CORE_ERR_NOT_FOUND);
	assert_int_equal(learner_get(f->site, "E-1", &l), CORE_ERR_NOT_FOUND);
	assert_int_equal(learner_get(f->site, "D-1", &l), CORE_OK);
	assert_false(site_has(f, "Lovelace"));
	assert_false(site_has(f, "Itomasterson"));
	assert_true(site_has(f, "Patel"));
	assert_int_equal(purge_candidates(f->site, T_LATER * SEC, list, &left), CORE_OK);
	assert_int_equal(left.n, 0);
	assert_int_equal(verify_ledger(f->site->st, NULL, NULL, NULL, &rep), CORE_OK);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(test_erasure_leaves_no_trace),
		T(test_flush_waits_for_readers),
		T(test_mark_left),
		T(test_purge_dry_run_lists_exactly_those_due),
		T(test_purge_run),
#undef T
	};

	return cmocka_run_group_tests_name("erase", tests, NULL, NULL);
}
