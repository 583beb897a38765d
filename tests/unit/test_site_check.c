/* SPDX-License-Identifier: ISC */
/*
 * The checks at open and the background whole-file check (core/site.h),
 * against real files: damage deep in the file (the last leaf of the
 * ledger) is not read by the cheap checks of the open, so the site opens,
 * and the background check, on its own connection, finds it and puts the
 * kiosk into maintenance as a failed check at start does; damage to a
 * table's root page is caught by the open itself; site_recheck runs the
 * whole check at once; a check interrupted stops; and the kiosk's open
 * in two halves (site_open_kiosk_begin and _end) answers as the whole.
 */
#include "tests/unit/testutil.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>

#include <sqlite3.h>

#include "core/learner.h"
#include "core/site.h"
#include "core/store.h"

#define LEARNERS 60	/* enough ledger for several leaf pages */

struct fixture {
	char dir[512];
	char ini[1024];
	char db[1024];
	struct site *site;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	char fpr[CRYPTO_FPR_LEN];

	assert_non_null(f);
	tu_tempdir(f->dir, sizeof f->dir);
	tu_site_config(f->dir, f->ini, sizeof f->ini);
	snprintf(f->db, sizeof f->db, "%s/signoff.db", f->dir);
	assert_int_equal(site_init(f->ini, fpr), CORE_OK);
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
enrol_many(struct fixture *f)
{
	char ref[32], code[LEARNER_CODE_LEN];
	int i;

	assert_int_equal(site_open(f->ini, &f->site), CORE_OK);
	for (i = 0; i < LEARNERS; i++) {
		snprintf(ref, sizeof ref, "HA-%03d", i);
		assert_int_equal(learner_add(f->site, ref, "Amira", "Khan",
		    "ha-adult", "", NULL, code), CORE_OK);
	}
	/* The last connection: the WAL is folded into the file. */
	site_close(&f->site);
}

static long long
peek(struct fixture *f, const char *sql)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *stmt;
	long long v = -1;

	assert_int_equal(sqlite3_open_v2(f->db, &db, SQLITE_OPEN_READONLY, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL), SQLITE_OK);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		v = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	return v;
}

/* Noise over one page of the file (pages count from 1). */
static void
damage_page(struct fixture *f, long long page, unsigned char **saved)
{
	long long size = peek(f, "PRAGMA page_size");
	unsigned char *junk;
	uint32_t x = 2463534242u;
	int fd;

	assert_true(page > 1 && size >= 512);
	assert_non_null(junk = malloc((size_t)size));
	assert_non_null(*saved = malloc((size_t)size));
	for (long long i = 0; i < size; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		junk[i] = (unsigned char)x;
	}
	assert_true((fd = open(f->db, O_RDWR)) >= 0);
	assert_int_equal(pread(fd, *saved, (size_t)size, (page - 1) * size), size);
	assert_int_equal(pwrite(fd, junk, (size_t)size, (page - 1) * size), size);
	close(fd);
	free(junk);
}

static void
restore_page(struct fixture *f, long long page, unsigned char *saved)
{
	long long size = peek(f, "PRAGMA page_size");
	int fd;

	assert_true((fd = open(f->db, O_RDWR)) >= 0);
	assert_int_equal(pwrite(fd, saved, (size_t)size, (page - 1) * size), size);
	close(fd);
	free(saved);
}

/* A healthy file passes, once; the kiosk stays out of maintenance. */
static void
test_check_passes(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(site_open_kiosk(f->ini, &f->site), CORE_OK);
	assert_false(site_in_maintenance(f->site));
	assert_int_equal(site_check_poll(f->site), SITE_CHECK_NONE);
	site_check_start(f->site);
	assert_int_equal(site_check_wait(f->site), SITE_CHECK_PASSED);
	assert_false(site_in_maintenance(f->site));
	assert_int_equal(site_check_poll(f->site), SITE_CHECK_NONE);
	assert_int_equal(site_check_wait(f->site), SITE_CHECK_NONE);
}

/*
 * The ledger's last leaf page damaged: opening does not read it, so the
 * site opens and the kiosk paints; the background check finds it and the
 * site enters maintenance, handle kept for staff, as at start.
 */
static void
test_deep_damage_found_in_background(void **state)
{
	struct fixture *f = *state;
	unsigned char *saved;
	enum site_check c;
	long long leaves, page;

	enrol_many(f);
	leaves = peek(f, "SELECT count(*) FROM dbstat WHERE name = 'ledger'"
	    " AND pagetype = 'leaf'");
	assert_true(leaves >= 3);
	page = peek(f, "SELECT pageno FROM dbstat WHERE name = 'ledger'"
	    " AND pagetype = 'leaf' ORDER BY path DESC LIMIT 1");
	damage_page(f, page, &saved);

	/* The cheap open passes; the whole check (verify's) does not. */
	assert_int_equal(site_open(f->ini, &f->site), CORE_OK);
	assert_int_equal(store_quick_check(f->site->st), CORE_ERR_CORRUPT);
	site_close(&f->site);

	assert_int_equal(site_open_kiosk(f->ini, &f->site), CORE_OK);
	assert_false(site_in_maintenance(f->site));
	site_check_start(f->site);
	c = site_check_poll(f->site);
	assert_true(c == SITE_CHECK_RUNNING || c == SITE_CHECK_FAILED);
	if (c == SITE_CHECK_RUNNING)
		c = site_check_wait(f->site);
	assert_int_equal(c, SITE_CHECK_FAILED);
	assert_true(site_in_maintenance(f->site));
	assert_int_equal(f->site->fault, CORE_ERR_CORRUPT);
	if (!strstr(f->site->fault_detail, "quick check"))
		fail_msg("detail: %s", f->site->fault_detail);
	assert_non_null(f->site->st);
	assert_int_equal(site_check_poll(f->site), SITE_CHECK_NONE);
	/* Not started again while in maintenance. */
	site_check_start(f->site);
	assert_int_equal(site_check_poll(f->site), SITE_CHECK_NONE);

	/* Check again runs the whole check at once. */
	assert_int_equal(site_recheck(f->site), CORE_ERR_CORRUPT);
	assert_true(site_in_maintenance(f->site));
	site_close(&f->site);
	restore_page(f, page, saved);
	assert_int_equal(site_open_kiosk(f->ini, &f->site), CORE_OK);
	assert_int_equal(site_recheck(f->site), CORE_OK);
	assert_false(site_in_maintenance(f->site));
}

/* A table's root page damaged: the open itself says so, naming it. */
static void
test_root_damage_found_at_open(void **state)
{
	struct fixture *f = *state;
	struct store *st = NULL;
	unsigned char *saved;
	long long page;

	enrol_many(f);
	page = peek(f, "SELECT rootpage FROM sqlite_schema WHERE name = 'learners'");
	damage_page(f, page, &saved);
	assert_int_equal(store_open(f->db, STORE_OPEN, &st), CORE_OK);
	assert_int_equal(store_probe(st), CORE_ERR_CORRUPT);
	if (!strstr(core_detail(), "learners"))
		fail_msg("detail: %s", core_detail());
	store_close(&st);
	assert_int_equal(site_open(f->ini, &f->site), CORE_ERR_CORRUPT);
	assert_null(f->site);
	assert_int_equal(site_open_kiosk(f->ini, &f->site), CORE_OK);
	assert_true(site_in_maintenance(f->site));
	/* No background check for a site already in maintenance. */
	site_check_start(f->site);
	assert_int_equal(site_check_poll(f->site), SITE_CHECK_NONE);
	site_close(&f->site);
	restore_page(f, page, saved);
	assert_int_equal(site_open(f->ini, &f->site), CORE_OK);
}

struct interrupter {
	struct store *st;
	atomic_bool running, done;
};

static void *
interrupt_until_done(void *arg)
{
	struct interrupter *in = arg;

	atomic_store(&in->running, true);
	while (!atomic_load(&in->done))
		store_interrupt(in->st);
	return NULL;
}

/*
 * Interrupted from another thread, the check stops with a storage status,
 * never "ok"; and a kiosk closed while its check runs stops and joins it.
 */
static void
test_check_stops(void **state)
{
	struct fixture *f = *state;
	struct interrupter in;
	enum core_status status;
	sqlite3 *db = NULL;
	pthread_t t;

	/* Some megabytes, for a check that takes long enough to interrupt. */
	assert_int_equal(sqlite3_open(f->db, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "CREATE TABLE filler(x);"
	    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
	    " WHERE i < 50000) INSERT INTO filler SELECT randomblob(100) FROM n;",
	    NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(store_open(f->db, STORE_READ, &in.st), CORE_OK);
	assert_int_equal(store_quick_check(in.st), CORE_OK);
	atomic_init(&in.running, false);
	atomic_init(&in.done, false);
	assert_int_equal(pthread_create(&t, NULL, interrupt_until_done, &in), 0);
	while (!atomic_load(&in.running))
		;
	status = store_quick_check(in.st);
	atomic_store(&in.done, true);
	pthread_join(t, NULL);
	assert_true(core_status_is_storage(status));
	store_close(&in.st);

	assert_int_equal(site_open_kiosk(f->ini, &f->site), CORE_OK);
	site_check_start(f->site);
	site_close(&f->site);
	assert_null(f->site);
}

/*
 * The kiosk's open in two halves: the database part on a thread, its
 * answer (fine, maintenance, or a refusal) only at the end, and again if
 * asked again; a site closed before the end joins the thread.
 */
static void
test_open_in_two_halves(void **state)
{
	struct fixture *f = *state;
	unsigned char *saved;
	char key[1100], other[1100], cmd[4096];
	long long page;

	assert_int_equal(site_open_kiosk_begin(f->ini, &f->site), CORE_OK);
	assert_non_null(f->site->cfg);
	assert_int_equal(site_open_kiosk_end(f->site), CORE_OK);
	assert_false(site_in_maintenance(f->site));
	assert_non_null(f->site->st);
	assert_non_null(f->site->pack);
	assert_int_equal(site_open_kiosk_end(f->site), CORE_OK);
	site_close(&f->site);

	/* Closed before the end: the thread is joined, nothing leaks. */
	assert_int_equal(site_open_kiosk_begin(f->ini, &f->site), CORE_OK);
	site_close(&f->site);

	/* A damaged table root: maintenance, known only at the end. */
	enrol_many(f);
	page = peek(f, "SELECT rootpage FROM sqlite_schema WHERE name = 'signoffs'");
	damage_page(f, page, &saved);
	assert_int_equal(site_open_kiosk_begin(f->ini, &f->site), CORE_OK);
	assert_false(site_in_maintenance(f->site));
	assert_int_equal(site_open_kiosk_end(f->site), CORE_OK);
	assert_true(site_in_maintenance(f->site));
	assert_int_equal(f->site->fault, CORE_ERR_CORRUPT);
	if (!strstr(f->site->fault_detail, "quick check"))
		fail_msg("detail: %s", f->site->fault_detail);
	assert_non_null(f->site->st);
	site_close(&f->site);
	restore_page(f, page, saved);

	/* Another database's key file: refused at the end, and again. */
	snprintf(key, sizeof key, "%s/kiosk.key", f->dir);
	snprintf(other, sizeof other, "%s/other", f->dir);
	snprintf(cmd, sizeof cmd, "mkdir '%s' && mv '%s' '%s/kiosk.key.real'",
	    other, key, other);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(kiosk_keys_create(key), CORE_OK);
	assert_int_equal(site_open_kiosk_begin(f->ini, &f->site), CORE_OK);
	assert_int_equal(site_open_kiosk_end(f->site), CORE_ERR_CRYPTO);
	assert_int_equal(site_open_kiosk_end(f->site), CORE_ERR_CRYPTO);
	if (!strstr(core_detail(), "does not belong"))
		fail_msg("detail: %s", core_detail());
	site_close(&f->site);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_check_passes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deep_damage_found_in_background,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_root_damage_found_at_open,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_check_stops, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_in_two_halves, setup,
		    teardown),
	};

	if (crypto_init() != CORE_OK)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
