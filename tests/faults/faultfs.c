/* SPDX-License-Identifier: ISC */
/*
 * faultfs: TEST-ONLY. Makes file system calls fail the way a full disk, a
 * failing disk or a file system gone read-only does, for the files whose
 * path contains a pattern, while a control file exists. Never linked into
 * signoff: it is preloaded into the kiosk by the fault e2e scripts
 * (LD_PRELOAD=$(BUILD)/signoff-faultfs.so) and linked into the fault unit
 * test, whose symbols come first for the same reason.
 *
 * $FAULTFS_CONTROL names the control file. While it exists, its one line
 *
 *   ERRNO OPS PATTERN [after N]
 *
 * e.g. "ENOSPC write signoff.db" or "EIO sync signoff.db-wal after 2",
 * makes every call of OPS (a comma list of write, sync, read) on a file
 * whose path contains PATTERN fail with ERRNO (ENOSPC, EIO, EROFS, EDQUOT),
 * after the first N such calls have gone through. Writing the file again
 * starts the count again; removing it clears the fault. The kernel is not
 * involved, but SQLite sees exactly the errno a real fault gives it.
 */
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

enum {
	OP_WRITE = 1,
	OP_SYNC = 2,
	OP_READ = 4,
};

struct rule {
	bool on;
	int err;
	unsigned ops;
	char pattern[256];
	unsigned long after, seen;
};

static pthread_mutex_t faultfs_lock = PTHREAD_MUTEX_INITIALIZER;
static struct rule faultfs_rule;
static struct stat faultfs_seen;	/* the control file as last parsed */
static _Thread_local bool faultfs_inside;	/* our own reads pass */

#define REAL(name) \
	static __typeof__(name) *real_##name; \
	if (!real_##name) \
		real_##name = (__typeof__(name) *)dlsym(RTLD_NEXT, #name); \
	if (!real_##name) { \
		errno = ENOSYS; \
		return -1; \
	}

static int
errno_named(const char *name)
{
	static const struct { const char *name; int err; } names[] = {
		{ "ENOSPC", ENOSPC }, { "EIO", EIO }, { "EROFS", EROFS },
		{ "EDQUOT", EDQUOT },
	};
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (!strcmp(names[i].name, name))
			return names[i].err;
	return EIO;
}

static void
parse(const char *path)
{
	char line[512], err[32] = "", ops[64] = "", *tok, *save = NULL;
	struct rule r = { 0 };
	FILE *f = fopen(path, "r");

	faultfs_rule.on = false;
	if (!f)
		return;
	if (fgets(line, sizeof line, f) &&
	    sscanf(line, "%31s %63s %255s after %lu", err, ops, r.pattern,
	    &r.after) >= 3) {
		r.err = errno_named(err);
		for (tok = strtok_r(ops, ",", &save); tok;
		    tok = strtok_r(NULL, ",", &save))
			r.ops |= !strcmp(tok, "write") ? OP_WRITE :
			    !strcmp(tok, "sync") ? OP_SYNC :
			    !strcmp(tok, "read") ? OP_READ : 0;
		r.on = r.ops != 0;
		faultfs_rule = r;
	}
	fclose(f);
}

/* Re-read the control file when it changed; false when there is none. */
static bool
refresh(const char *control)
{
	struct stat sb;

	if (stat(control, &sb) != 0) {
		memset(&faultfs_seen, 0, sizeof faultfs_seen);
		faultfs_rule.on = false;
		return false;
	}
	if (sb.st_ino != faultfs_seen.st_ino || sb.st_size != faultfs_seen.st_size ||
	    sb.st_mtim.tv_sec != faultfs_seen.st_mtim.tv_sec ||
	    sb.st_mtim.tv_nsec != faultfs_seen.st_mtim.tv_nsec ||
	    sb.st_ctim.tv_nsec != faultfs_seen.st_ctim.tv_nsec) {
		faultfs_seen = sb;
		parse(control);
	}
	return faultfs_rule.on;
}

static bool
fd_matches(int fd, const char *pattern)
{
	char link[64], path[PATH_MAX];
	ssize_t n;

	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	if ((n = readlink(link, path, sizeof path - 1)) < 0)
		return false;
	path[n] = '\0';
	return strstr(path, pattern) != NULL;
}

/* The errno this call must fail with, or 0 to let it through. */
static int
faultfs_check(int fd, unsigned op)
{
	const char *control = getenv("FAULTFS_CONTROL");
	int err = 0;

	if (!control || !*control || faultfs_inside)
		return 0;
	faultfs_inside = true;
	pthread_mutex_lock(&faultfs_lock);
	if (refresh(control) && (faultfs_rule.ops & op) &&
	    fd_matches(fd, faultfs_rule.pattern) &&
	    faultfs_rule.seen++ >= faultfs_rule.after)
		err = faultfs_rule.err;
	pthread_mutex_unlock(&faultfs_lock);
	faultfs_inside = false;
	return err;
}

#define CHECK(fd, op) do { \
	int e_ = faultfs_check(fd, op); \
	if (e_) { \
		errno = e_; \
		return -1; \
	} \
} while (0)

ssize_t
write(int fd, const void *buf, size_t n)
{
	REAL(write);
	CHECK(fd, OP_WRITE);
	return real_write(fd, buf, n);
}

ssize_t
pwrite(int fd, const void *buf, size_t n, off_t off)
{
	REAL(pwrite);
	CHECK(fd, OP_WRITE);
	return real_pwrite(fd, buf, n, off);
}

ssize_t
pwrite64(int fd, const void *buf, size_t n, off64_t off)
{
	REAL(pwrite64);
	CHECK(fd, OP_WRITE);
	return real_pwrite64(fd, buf, n, off);
}

int
ftruncate(int fd, off_t len)
{
	REAL(ftruncate);
	CHECK(fd, OP_WRITE);
	return real_ftruncate(fd, len);
}

int
ftruncate64(int fd, off64_t len)
{
	REAL(ftruncate64);
	CHECK(fd, OP_WRITE);
	return real_ftruncate64(fd, len);
}

int
fsync(int fd)
{
	REAL(fsync);
	CHECK(fd, OP_SYNC);
	return real_fsync(fd);
}

int
fdatasync(int fd)
{
	REAL(fdatasync);
	CHECK(fd, OP_SYNC);
	return real_fdatasync(fd);
}

ssize_t
read(int fd, void *buf, size_t n)
{
	REAL(read);
	CHECK(fd, OP_READ);
	return real_read(fd, buf, n);
}

ssize_t
pread(int fd, void *buf, size_t n, off_t off)
{
	REAL(pread);
	CHECK(fd, OP_READ);
	return real_pread(fd, buf, n, off);
}

ssize_t
pread64(int fd, void *buf, size_t n, off64_t off)
{
	REAL(pread64);
	CHECK(fd, OP_READ);
	return real_pread64(fd, buf, n, off);
}
