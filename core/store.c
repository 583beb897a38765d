/* SPDX-License-Identifier: ISC */
/*
 * The SQLite file (SPEC section 8): WAL, synchronous=FULL, foreign keys,
 * untrusted schema, secure delete, defensive mode, a busy timeout, writes in
 * BEGIN IMMEDIATE, migrations by user_version, and a statement cache.
 */
#include "store.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "schema.h"
#include "store_db.h"

#define STORE_BUSY_MS 5000
#define STORE_CACHE 256

struct cached {
	const char *sql;
	sqlite3_stmt *stmt;
};

/* A line to tell once the transaction commits (store_after_commit). */
struct later {
	store_later_fn fn;
	unsigned kind;
	char *words;
};

struct store {
	sqlite3 *db;
	struct cached cache[STORE_CACHE];
	size_t ncache;
	struct later *later;
	size_t nlater, caplater;
};

static void later_flush(struct store *st, bool tell);

enum core_status
store_fail(struct store *st, int rc, const char *what)
{
	const char *words = st && st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc);
	enum core_status status;

	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		status = CORE_ERR_BUSY;
		break;
	case SQLITE_FULL:
		status = CORE_ERR_FULL;
		break;
	case SQLITE_READONLY:
	case SQLITE_PERM:
	case SQLITE_CANTOPEN:
		status = CORE_ERR_READONLY;
		break;
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		status = CORE_ERR_CORRUPT;
		break;
	case SQLITE_NOMEM:
		status = CORE_ERR_NOMEM;
		break;
	case SQLITE_CONSTRAINT:
		status = CORE_ERR_EXISTS;
		break;
	case SQLITE_IOERR:
	default:
		status = CORE_ERR_IO;
		break;
	}
	return core_fail(status, "%s: %s", what, words);
}

sqlite3 *
store_db(struct store *st)
{
	return st->db;
}

sqlite3_stmt *
store_prepare(struct store *st, const char *sql, enum core_status *err)
{
	sqlite3_stmt *stmt = NULL;
	size_t i;
	int rc;

	for (i = 0; i < st->ncache; i++) {
		if (st->cache[i].sql == sql || strcmp(st->cache[i].sql, sql) == 0) {
			sqlite3_reset(st->cache[i].stmt);
			sqlite3_clear_bindings(st->cache[i].stmt);
			return st->cache[i].stmt;
		}
	}
	rc = sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
	    &stmt, NULL);
	if (rc != SQLITE_OK) {
		*err = store_fail(st, rc, "preparing a query");
		return NULL;
	}
	if (st->ncache < STORE_CACHE) {
		st->cache[st->ncache].sql = sql;
		st->cache[st->ncache].stmt = stmt;
		st->ncache++;
	} else {
		/* A full cache means a caller builds SQL dynamically: a bug. */
		sqlite3_finalize(stmt);
		*err = core_fail(CORE_ERR_INVALID, "statement cache full");
		return NULL;
	}
	return stmt;
}

static enum core_status
exec(struct store *st, const char *sql, const char *what)
{
	int rc = sqlite3_exec(st->db, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? CORE_OK : store_fail(st, rc, what);
}

static enum core_status
user_version(struct store *st, int *out)
{
	sqlite3_stmt *stmt;
	int rc;

	rc = sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &stmt, NULL);
	if (rc != SQLITE_OK)
		return store_fail(st, rc, "reading the schema version");
	rc = sqlite3_step(stmt);
	*out = rc == SQLITE_ROW ? sqlite3_column_int(stmt, 0) : 0;
	sqlite3_finalize(stmt);
	return rc == SQLITE_ROW ? CORE_OK : store_fail(st, rc, "reading the schema version");
}

static enum core_status
migrate(struct store *st)
{
	enum core_status status;
	char sql[64];
	int version;

	if ((status = user_version(st, &version)) != CORE_OK)
		return status;
	if (version > (int)schema_nmigrations)
		return core_fail(CORE_ERR_INVALID,
		    "the database has schema version %d; this signoff knows up to %zu: upgrade signoff",
		    version, schema_nmigrations);
	for (; version < (int)schema_nmigrations; version++) {
		if ((status = store_begin(st)) != CORE_OK)
			return status;
		status = exec(st, schema_migrations[version], "applying a schema migration");
		snprintf(sql, sizeof sql, "PRAGMA user_version = %d", version + 1);
		if (status == CORE_OK)
			status = exec(st, sql, "setting the schema version");
		if (status == CORE_OK)
			status = store_commit(st);
		if (status != CORE_OK) {
			store_rollback(st);
			return status;
		}
	}
	return CORE_OK;
}

static enum core_status
configure(struct store *st, enum store_mode mode)
{
	static const char pragmas[] =
	    "PRAGMA journal_mode = WAL;"
	    "PRAGMA synchronous = FULL;"
	    "PRAGMA foreign_keys = ON;"
	    "PRAGMA trusted_schema = OFF;"
	    "PRAGMA secure_delete = ON;";
	int rc;

	sqlite3_extended_result_codes(st->db, 1);
	sqlite3_busy_timeout(st->db, STORE_BUSY_MS);
	rc = sqlite3_db_config(st->db, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_db_config(st->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, (int *)NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_db_config(st->db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, (int *)NULL);
	if (rc != SQLITE_OK)
		return store_fail(st, rc, "configuring the database");
	/*
	 * A check reads each page once: a small cache keeps its memory
	 * small. It writes nothing, so the file's own WAL mode stands.
	 * (This reads the schema: open it on the thread that checks.)
	 */
	if (mode == STORE_READ)
		return exec(st, "PRAGMA cache_size = -64", "setting the cache size");
	return exec(st, pragmas, "setting database pragmas");
}

static enum core_status
create_file(const char *path)
{
	int fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);

	if (fd < 0)
		return core_fail(errno == EEXIST ? CORE_ERR_EXISTS : CORE_ERR_IO,
		    "%s: %s", path, strerror(errno));
	close(fd);
	return CORE_OK;
}

enum core_status
store_open(const char *path, enum store_mode mode, struct store **out)
{
	struct store *st;
	enum core_status status;
	struct stat sb;
	int rc;

	*out = NULL;
	if (mode == STORE_CREATE) {
		if ((status = create_file(path)) != CORE_OK)
			return status;
	} else if (stat(path, &sb) != 0) {
		return core_fail(CORE_ERR_NOT_FOUND,
		    "%s: %s (run `signoff init` first)", path, strerror(errno));
	}
	if (!(st = calloc(1, sizeof *st)))
		return core_fail(CORE_ERR_NOMEM, "opening %s", path);
	rc = sqlite3_open_v2(path, &st->db, (mode == STORE_READ ?
	    SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) |
	    SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_EXRESCODE, NULL);
	if (rc != SQLITE_OK) {
		status = store_fail(st, rc, path);
		store_close(&st);
		return status;
	}
	status = configure(st, mode);
	if (status == CORE_OK && mode != STORE_READ)
		status = migrate(st);
	if (status != CORE_OK) {
		store_close(&st);
		return status;
	}
	*out = st;
	return CORE_OK;
}

void
store_close(struct store **stp)
{
	struct store *st = *stp;
	size_t i;

	if (!st)
		return;
	for (i = 0; i < st->ncache; i++)
		sqlite3_finalize(st->cache[i].stmt);
	if (st->db) {
		if (!sqlite3_get_autocommit(st->db))
			sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		sqlite3_close(st->db);
	}
	later_flush(st, false);
	free(st->later);
	free(st);
	*stp = NULL;
}

enum core_status
store_quick_check(struct store *st)
{
	enum core_status status = CORE_OK;
	sqlite3_stmt *stmt;
	const char *first;
	int rc;

	rc = sqlite3_prepare_v2(st->db, "PRAGMA quick_check", -1, &stmt, NULL);
	if (rc != SQLITE_OK)
		return store_fail(st, rc, "checking the database");
	rc = sqlite3_step(stmt);
	if (rc != SQLITE_ROW) {
		status = store_fail(st, rc, "checking the database");
	} else {
		first = (const char *)sqlite3_column_text(stmt, 0);
		if (!first || strcmp(first, "ok") != 0)
			status = core_fail(CORE_ERR_CORRUPT,
			    "the database failed its quick check: %s",
			    first ? first : "no answer");
	}
	sqlite3_finalize(stmt);
	return status;
}

/* One table's first row, read from the table itself (NOT INDEXED). */
static enum core_status
probe_table(struct store *st, const char *name)
{
	char *sql = sqlite3_mprintf("SELECT 1 FROM main.\"%w\" NOT INDEXED LIMIT 1",
	    name);
	enum core_status status = CORE_OK;
	sqlite3_stmt *stmt = NULL;
	int rc;

	if (!sql)
		return core_fail(CORE_ERR_NOMEM, "checking the database");
	rc = sqlite3_prepare_v2(st->db, sql, -1, &stmt, NULL);
	sqlite3_free(sql);
	if (rc == SQLITE_OK) {
		rc = sqlite3_step(stmt);
		if (rc == SQLITE_ROW)
			rc = SQLITE_DONE;
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_OK && rc != SQLITE_DONE) {
		status = store_fail(st, rc, name);
		if (status == CORE_ERR_CORRUPT)
			status = core_fail(status,
			    "the database failed its quick check at start: "
			    "table %s: %s", name, sqlite3_errmsg(st->db));
	}
	return status;
}

enum core_status
store_probe(struct store *st)
{
	static const char sql[] = "SELECT name FROM sqlite_schema"
	    " WHERE type = 'table' AND rootpage > 0";
	enum core_status status = CORE_OK;
	sqlite3_stmt *stmt;
	int rc;

	/* One read transaction: the list and the tables agree. */
	if ((status = store_begin_read(st)) != CORE_OK)
		return status;
	rc = sqlite3_prepare_v2(st->db, sql, -1, &stmt, NULL);
	if (rc != SQLITE_OK) {
		store_rollback(st);
		return store_fail(st, rc, "checking the database");
	}
	while (status == CORE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW)
		status = probe_table(st, (const char *)sqlite3_column_text(stmt, 0));
	if (status == CORE_OK && rc != SQLITE_DONE)
		status = store_fail(st, rc, "checking the database");
	sqlite3_finalize(stmt);
	store_rollback(st);
	return status;
}

void
store_interrupt(struct store *st)
{
	sqlite3_interrupt(st->db);
}

enum core_status
store_begin(struct store *st)
{
	return exec(st, "BEGIN IMMEDIATE", "starting a write");
}

enum core_status
store_begin_read(struct store *st)
{
	return exec(st, "BEGIN DEFERRED", "starting a read");
}

/* Tell (or, with tell false, drop) what waited for the commit. */
static void
later_flush(struct store *st, bool tell)
{
	size_t i;

	for (i = 0; i < st->nlater; i++) {
		if (tell)
			st->later[i].fn(st->later[i].kind, st->later[i].words);
		free(st->later[i].words);
	}
	st->nlater = 0;
}

void
store_after_commit(struct store *st, store_later_fn fn, unsigned kind,
    const char *words)
{
	struct later *grown;
	char *copy;

	if (!fn)
		return;
	if (!st->db || sqlite3_get_autocommit(st->db)) {
		fn(kind, words);
		return;
	}
	if (st->nlater == st->caplater) {
		size_t cap = st->caplater ? 2 * st->caplater : 8;

		if (!(grown = realloc(st->later, cap * sizeof *grown)))
			return;
		st->later = grown;
		st->caplater = cap;
	}
	if (!(copy = strdup(words)))
		return;
	st->later[st->nlater++] = (struct later){fn, kind, copy};
}

enum core_status
store_commit(struct store *st)
{
	enum core_status status = exec(st, "COMMIT", "saving");

	if (status != CORE_OK)
		store_rollback(st);
	else
		later_flush(st, true);
	return status;
}

void
store_rollback(struct store *st)
{
	if (!st)
		return;
	if (st->db && !sqlite3_get_autocommit(st->db))
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	later_flush(st, false);
}

int64_t
store_now_ms(void)
{
	const char *fake = getenv("SIGNOFF_FAKE_TIME");
	struct timespec ts;

	if (fake && *fake)
		return (int64_t)strtoll(fake, NULL, 10) * 1000;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

enum core_status
store_meta_get(struct store *st, const char *key, void *buf, size_t cap,
    size_t *len)
{
	static const char sql[] = "SELECT value FROM meta WHERE key = ?1";
	enum core_status status = CORE_OK;
	sqlite3_stmt *stmt;
	size_t n;
	int rc;

	if (!(stmt = store_prepare(st, sql, &status)))
		return status;
	sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		n = (size_t)sqlite3_column_bytes(stmt, 0);
		if (n > cap)
			status = core_fail(CORE_ERR_INVALID, "meta %s is too long", key);
		else
			memcpy(buf, sqlite3_column_blob(stmt, 0), n);
		if (len)
			*len = n;
	} else if (rc == SQLITE_DONE) {
		status = core_fail(CORE_ERR_NOT_FOUND, "meta %s is not set", key);
	} else {
		status = store_fail(st, rc, "reading meta");
	}
	sqlite3_reset(stmt);
	return status;
}

enum core_status
store_meta_put(struct store *st, const char *key, const void *val, size_t len)
{
	static const char sql[] =
	    "INSERT INTO meta(key, value) VALUES(?1, ?2)"
	    " ON CONFLICT(key) DO UPDATE SET value = excluded.value";
	enum core_status status = CORE_OK;
	sqlite3_stmt *stmt;
	int rc;

	if (!(stmt = store_prepare(st, sql, &status)))
		return status;
	sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_blob(stmt, 2, val, (int)len, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	return rc == SQLITE_DONE ? CORE_OK : store_fail(st, rc, "writing meta");
}
