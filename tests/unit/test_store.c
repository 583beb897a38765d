/* SPDX-License-Identifier: ISC */
/*
 * The store against real files: creation mode and never overwriting,
 * the pragmas of SPEC section 8, migrations, a newer schema refused,
 * append-only ledger, a damaged file reported as a storage fault.
 */
#include "tests/unit/testutil.h"

#include <sqlite3.h>
#include <sys/stat.h>

#include "core/store.h"
#include "core/store_db.h"

static void
path_in(char *out, size_t cap, const char *dir, const char *name)
{
	snprintf(out, cap, "%s/%s", dir, name);
}

static long long
pragma(struct store *st, const char *name)
{
	char sql[128];
	sqlite3_stmt *stmt;
	long long v = -1;

	snprintf(sql, sizeof sql, "PRAGMA %s", name);
	assert_int_equal(sqlite3_prepare_v2(store_db(st), sql, -1, &stmt, NULL), SQLITE_OK);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		v = sqlite3_column_type(stmt, 0) == SQLITE_TEXT ?
		    (strcmp((const char *)sqlite3_column_text(stmt, 0), "wal") == 0 ? 1 : 0) :
		    sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return v;
}

static void
test_create_open_and_pragmas(void **state)
{
	char dir[512], db[600];
	struct store *st = NULL;
	struct stat sb;

	(void)state;
	tu_tempdir(dir, sizeof dir);
	path_in(db, sizeof db, dir, "s.db");
	assert_int_equal(store_open(db, STORE_OPEN, &st), CORE_ERR_NOT_FOUND);
	assert_non_null(strstr(core_detail(), "signoff init"));
	assert_int_equal(store_open(db, STORE_CREATE, &st), CORE_OK);
	assert_int_equal(stat(db, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(pragma(st, "journal_mode"), 1);
	assert_int_equal(pragma(st, "synchronous"), 2);	/* FULL */
	assert_int_equal(pragma(st, "foreign_keys"), 1);
	assert_int_equal(pragma(st, "trusted_schema"), 0);
	assert_int_equal(pragma(st, "secure_delete"), 1);
	assert_true(pragma(st, "user_version") >= 1);
	assert_int_equal(store_quick_check(st), CORE_OK);
	store_close(&st);
	assert_null(st);
	/* Create never overwrites. */
	assert_int_equal(store_open(db, STORE_CREATE, &st), CORE_ERR_EXISTS);
	assert_int_equal(store_open(db, STORE_OPEN, &st), CORE_OK);
	store_close(&st);
	tu_rmrf(dir);
}

static void
test_newer_schema_refused(void **state)
{
	char dir[512], db[600];
	struct store *st = NULL;
	sqlite3 *raw;

	(void)state;
	tu_tempdir(dir, sizeof dir);
	path_in(db, sizeof db, dir, "s.db");
	assert_int_equal(store_open(db, STORE_CREATE, &st), CORE_OK);
	store_close(&st);
	assert_int_equal(sqlite3_open(db, &raw), SQLITE_OK);
	assert_int_equal(sqlite3_exec(raw, "PRAGMA user_version = 999", NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(raw);
	assert_int_equal(store_open(db, STORE_OPEN, &st), CORE_ERR_INVALID);
	assert_non_null(strstr(core_detail(), "upgrade signoff"));
	tu_rmrf(dir);
}

static void
test_ledger_is_append_only(void **state)
{
	char dir[512], db[600];
	struct store *st = NULL;
	int rc;

	(void)state;
	tu_tempdir(dir, sizeof dir);
	path_in(db, sizeof db, dir, "s.db");
	assert_int_equal(store_open(db, STORE_CREATE, &st), CORE_OK);
	assert_int_equal(sqlite3_exec(store_db(st),
	    "INSERT INTO ledger(seq, time_ms, kind, bytes, kiosk_sig, hash)"
	    " VALUES(1, 0, 1, x'00', x'00', x'01')", NULL, NULL, NULL), SQLITE_OK);
	rc = sqlite3_exec(store_db(st), "UPDATE ledger SET kind = 2", NULL, NULL, NULL);
	assert_int_equal(rc & 0xff, SQLITE_CONSTRAINT);
	rc = sqlite3_exec(store_db(st), "DELETE FROM ledger", NULL, NULL, NULL);
	assert_int_equal(rc & 0xff, SQLITE_CONSTRAINT);
	store_close(&st);
	tu_rmrf(dir);
}

static void
test_garbage_file_is_corrupt(void **state)
{
	char dir[512], db[600];
	struct store *st = NULL;
	enum core_status status;

	(void)state;
	tu_tempdir(dir, sizeof dir);
	tu_write(dir, "s.db", "this is not a database, it is a text file that is "
	    "long enough to have a header of one hundred bytes or so, really, yes");
	path_in(db, sizeof db, dir, "s.db");
	status = store_open(db, STORE_OPEN, &st);
	assert_int_equal(status, CORE_ERR_CORRUPT);
	assert_true(core_status_is_storage(status));
	assert_null(st);
	tu_rmrf(dir);
}

static void
test_meta_round_trip(void **state)
{
	char dir[512], db[600], buf[16];
	struct store *st = NULL;
	size_t len = 0;

	(void)state;
	tu_tempdir(dir, sizeof dir);
	path_in(db, sizeof db, dir, "s.db");
	assert_int_equal(store_open(db, STORE_CREATE, &st), CORE_OK);
	assert_int_equal(store_meta_get(st, "x", buf, sizeof buf, &len), CORE_ERR_NOT_FOUND);
	assert_int_equal(store_meta_put(st, "x", "abc", 3), CORE_OK);
	assert_int_equal(store_meta_put(st, "x", "abcd", 4), CORE_OK);
	assert_int_equal(store_meta_get(st, "x", buf, sizeof buf, &len), CORE_OK);
	assert_int_equal(len, 4);
	assert_memory_equal(buf, "abcd", 4);
	store_close(&st);
	tu_rmrf(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_create_open_and_pragmas),
		cmocka_unit_test(test_newer_schema_refused),
		cmocka_unit_test(test_ledger_is_append_only),
		cmocka_unit_test(test_garbage_file_is_corrupt),
		cmocka_unit_test(test_meta_round_trip),
	};

	return cmocka_run_group_tests_name("store", tests, NULL, NULL);
}
