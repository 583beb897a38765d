/* SPDX-License-Identifier: ISC */
/*
 * signoff backup: the online backup API over one read snapshot of the
 * source, into a new 0600 file that is then synced and quick-checked.
 * Why one snapshot, and what the copy looks like, is in backup.h.
 */
#include "backup.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ledger.h"
#include "store_db.h"

/* 1 MiB at 4 KiB pages: progress moves, and each step is short. */
#define BACKUP_STEP_PAGES 256
/* The destination is ours alone, so busy is rare and brief: ~5 s in all. */
#define BACKUP_BUSY_PAUSE_MS 20
#define BACKUP_BUSY_TRIES 250

static const char *const side_files[] = { "-journal", "-wal", "-shm" };

static void
pause_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/*
 * A new, empty file of mode 0600. A leftover journal or WAL beside it would
 * be replayed into the copy, so those must not exist either.
 */
static enum core_status
create_dest(const char *path)
{
	char side[PATH_MAX + 16];
	size_t i;
	int fd;

	for (i = 0; i < sizeof side_files / sizeof side_files[0]; i++) {
		snprintf(side, sizeof side, "%s%s", path, side_files[i]);
		if (access(side, F_OK) == 0)
			return core_fail(CORE_ERR_EXISTS,
			    "%s exists: remove it or choose another name", side);
	}
	fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return core_fail(errno == EEXIST ? CORE_ERR_EXISTS : CORE_ERR_IO,
		    "%s: %s%s", path, strerror(errno),
		    errno == EEXIST ? " (backup never overwrites a file)" : "");
	close(fd);
	return CORE_OK;
}

static void
remove_copy(const char *path)
{
	char side[PATH_MAX + 16];
	size_t i;

	for (i = 0; i < sizeof side_files / sizeof side_files[0]; i++) {
		snprintf(side, sizeof side, "%s%s", path, side_files[i]);
		unlink(side);
	}
	unlink(path);
}

/* fsync a file or a folder by path. */
static enum core_status
sync_path(const char *path, bool dir)
{
	int fd = open(path, (dir ? O_DIRECTORY : 0) | O_RDONLY | O_CLOEXEC);
	int rc;

	if (fd < 0)
		return core_fail(CORE_ERR_IO, "%s: %s", path, strerror(errno));
	rc = fsync(fd);
	close(fd);
	if (rc != 0)
		return core_fail(CORE_ERR_IO, "%s: %s", path, strerror(errno));
	return CORE_OK;
}

static enum core_status
sync_copy(const char *path)
{
	char dir[PATH_MAX];
	char *slash;
	enum core_status status;

	if ((status = sync_path(path, false)) != CORE_OK)
		return status;
	snprintf(dir, sizeof dir, "%s", path);
	if (!(slash = strrchr(dir, '/')))
		return sync_path(".", true);
	if (slash == dir)
		slash[1] = '\0';
	else
		*slash = '\0';
	return sync_path(dir, true);
}

/* The copying itself, inside the caller's read snapshot of src. */
static enum core_status
copy_pages(sqlite3 *src, sqlite3 *dst, backup_progress_fn progress, void *ctx,
    uint64_t *pages)
{
	sqlite3_backup *b;
	unsigned busy = 0;
	int rc, total;

	if (!(b = sqlite3_backup_init(dst, "main", src, "main")))
		return core_fail(CORE_ERR_IO, "starting the backup: %s", sqlite3_errmsg(dst));
	for (;;) {
		rc = sqlite3_backup_step(b, BACKUP_STEP_PAGES);
		total = sqlite3_backup_pagecount(b);
		if (rc == SQLITE_OK || rc == SQLITE_DONE) {
			busy = 0;
			if (progress)
				progress((uint64_t)(total - sqlite3_backup_remaining(b)),
				    (uint64_t)total, ctx);
			if (rc == SQLITE_DONE)
				break;
		} else if (((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED) &&
		    ++busy < BACKUP_BUSY_TRIES) {
			pause_ms(BACKUP_BUSY_PAUSE_MS);
		} else {
			break;
		}
	}
	*pages = (uint64_t)total;
	rc = sqlite3_backup_finish(b);
	if (rc != SQLITE_OK)
		return store_fail(NULL, rc, "copying the database");
	return CORE_OK;
}

/* Leave the copy as one self-contained file: rollback journal mode. */
static enum core_status
finish_copy(sqlite3 *dst)
{
	int rc = sqlite3_exec(dst, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);

	if (rc != SQLITE_OK)
		return core_fail(CORE_ERR_IO, "finishing the copy: %s", sqlite3_errmsg(dst));
	return CORE_OK;
}

/* Read-only: quick check, and the copy must end where the snapshot did. */
static enum core_status
check_copy(const char *path, uint64_t want_seq)
{
	enum core_status status = CORE_OK;
	sqlite3_stmt *stmt = NULL;
	const char *first;
	sqlite3 *db = NULL;
	uint64_t seq = 0;
	int rc;

	rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOFOLLOW, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(db, "PRAGMA quick_check", -1, &stmt, NULL);
	if (rc == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW) {
		first = (const char *)sqlite3_column_text(stmt, 0);
		if (!first || strcmp(first, "ok") != 0)
			status = core_fail(CORE_ERR_CORRUPT, "%s failed its quick check: %s",
			    path, first ? first : "no answer");
	} else {
		status = core_fail(CORE_ERR_CORRUPT, "%s cannot be checked: %s", path,
		    db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
	}
	sqlite3_finalize(stmt);
	stmt = NULL;
	if (status == CORE_OK &&
	    sqlite3_prepare_v2(db, "SELECT coalesce(max(seq), 0) FROM ledger", -1,
	    &stmt, NULL) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW)
		seq = (uint64_t)sqlite3_column_int64(stmt, 0);
	else if (status == CORE_OK)
		status = core_fail(CORE_ERR_CORRUPT, "%s has no readable ledger", path);
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	if (status == CORE_OK && seq != want_seq)
		status = core_fail(CORE_ERR_CORRUPT,
		    "%s ends at ledger seq %llu, not %llu as the source did", path,
		    (unsigned long long)seq, (unsigned long long)want_seq);
	return status;
}

enum core_status
backup_to(struct site *site, const char *path, backup_progress_fn progress,
    void *ctx, struct backup_report *out)
{
	sqlite3 *src = store_db(site->st), *dst = NULL;
	struct backup_report r = { 0, 0, 0 };
	struct ledger_head head;
	enum core_status status;
	struct stat sb;
	int rc;

	if (out)
		*out = r;
	if (!sqlite3_get_autocommit(src))
		return core_fail(CORE_ERR_INVALID, "backup_to inside a transaction");
	if ((status = create_dest(path)) != CORE_OK)
		return status;
	rc = sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW |
	    SQLITE_OPEN_EXRESCODE, NULL);
	if (rc != SQLITE_OK)
		status = core_fail(CORE_ERR_IO, "%s: %s", path,
		    dst ? sqlite3_errmsg(dst) : sqlite3_errstr(rc));
	/* Reading the head inside BEGIN pins the snapshot the steps share. */
	if (status == CORE_OK)
		status = store_begin_read(site->st);
	if (status == CORE_OK && (status = ledger_head(site->st, &head)) == CORE_OK) {
		r.ledger_seq = head.seq;
		status = copy_pages(src, dst, progress, ctx, &r.pages);
	}
	store_rollback(site->st);
	if (status == CORE_OK)
		status = finish_copy(dst);
	if (dst && sqlite3_close(dst) != SQLITE_OK && status == CORE_OK)
		status = core_fail(CORE_ERR_IO, "closing %s", path);
	if (status == CORE_OK)
		status = sync_copy(path);
	if (status == CORE_OK)
		status = check_copy(path, r.ledger_seq);
	if (status == CORE_OK && stat(path, &sb) == 0)
		r.bytes = (uint64_t)sb.st_size;
	if (status != CORE_OK) {
		remove_copy(path);
		return status;
	}
	if (out)
		*out = r;
	return CORE_OK;
}
