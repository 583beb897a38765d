/* SPDX-License-Identifier: ISC */
/*
 * A learner's whole record saved to a file for printing (record.h). The
 * text goes into an unnamed file (O_TMPFILE) in the exports folder,
 * written and synced; then the export is committed to the ledger; only
 * then does the file get its name. A crash or a failure before the
 * ledger holds the export leaves no file of personal data behind; one
 * after it leaves a recorded export and, at worst, no file. Where the
 * file system has no unnamed files, the file is made by name and removed
 * again if the ledger refuses.
 */
#include "record.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "event.h"
#include "learner.h"
#include "ledger.h"
#include "role.h"
#include "text.h"

#define NAME_REF_MAX 64
#define NAME_TRIES 99

void
record_file_name(const char *reference, int64_t now_ms, char *out, size_t cap)
{
	char ref[NAME_REF_MAX + 1], stamp[16];
	time_t t = (time_t)(now_ms / 1000);
	struct tm tm;
	size_t i, n = 0;

	for (i = 0; reference && reference[i] && n < NAME_REF_MAX; i++) {
		unsigned char c = (unsigned char)reference[i];
		bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_';

		ref[n++] = keep ? (char)c : '_';
	}
	if (!n)
		ref[n++] = '_';
	ref[n] = '\0';
	if (!gmtime_r(&t, &tm) || !strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm))
		snprintf(stamp, sizeof stamp, "00000000-000000");
	snprintf(out, cap, "record-%s-%s.txt", ref, stamp);
}

/* A file system failure in words, with the status that fits it. */
static enum core_status
file_fail(int err, const char *doing, const char *path)
{
	enum core_status status = err == ENOSPC || err == EDQUOT ? CORE_ERR_FULL :
	    err == EROFS ? CORE_ERR_READONLY : CORE_ERR_IO;

	return core_fail(status, "%s %s: %s", doing, path, strerror(err));
}

/* The folder and any missing above it, each mode 0700. */
static enum core_status
make_folder(const char *dir)
{
	char path[PATH_MAX];
	size_t n = strlen(dir), i;
	struct stat sb;
	char c;

	if (!n || n >= sizeof path)
		return core_fail(CORE_ERR_CONFIG, "[kiosk] exports: no usable folder");
	memcpy(path, dir, n + 1);
	for (i = 1; i <= n; i++) {
		if (path[i] != '/' && path[i] != '\0')
			continue;
		c = path[i];
		path[i] = '\0';
		if (mkdir(path, 0700) != 0 && errno != EEXIST)
			return file_fail(errno, "making the folder", path);
		path[i] = c;
	}
	if (stat(dir, &sb) != 0)
		return file_fail(errno, "opening the folder", dir);
	if (!S_ISDIR(sb.st_mode))
		return core_fail(CORE_ERR_IO, "opening the folder %s: it is not a folder", dir);
	return CORE_OK;
}

/* The name for try i: first, then "-2", "-3"... before ".txt". */
static void
try_name(const char *first, unsigned i, char name[RECORD_NAME_MAX])
{
	size_t stem = strlen(first) - 4;	/* before ".txt" */

	if (i == 1)
		snprintf(name, RECORD_NAME_MAX, "%s", first);
	else
		snprintf(name, RECORD_NAME_MAX, "%.*s-%u.txt", (int)stem, first, i);
}

/* Create a new file (never an old one, never through a link) in dirfd. */
static int
create_new(int dirfd, const char *first, char name[RECORD_NAME_MAX])
{
	int fd = -1;

	for (unsigned i = 1; i <= NAME_TRIES; i++) {
		try_name(first, i, name);
		fd = openat(dirfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
		    O_CLOEXEC, 0600);
		if (fd >= 0 || errno != EEXIST)
			break;
	}
	return fd;
}

/*
 * Give the unnamed file fd a new name in dirfd (linkat never replaces):
 * through /proc/self/fd, which needs no privilege, else AT_EMPTY_PATH.
 */
static int
link_new(int dirfd, int fd, const char *first, char name[RECORD_NAME_MAX])
{
	char proc[32];
	int rc = -1;

	snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
	for (unsigned i = 1; i <= NAME_TRIES; i++) {
		try_name(first, i, name);
		rc = linkat(AT_FDCWD, proc, dirfd, name, AT_SYMLINK_FOLLOW);
		if (rc != 0 && errno == ENOENT)
			rc = linkat(fd, "", dirfd, name, AT_EMPTY_PATH);
		if (rc == 0 || errno != EEXIST)
			break;
	}
	return rc;
}

static bool
write_all(int fd, const char *p, size_t len)
{
	ssize_t n;

	while (len > 0) {
		if ((n = write(fd, p, len)) < 0) {
			if (errno == EINTR)
				continue;
			return false;
		}
		p += n;
		len -= (size_t)n;
	}
	return true;
}

static enum core_status
note_saved(struct site *site, const struct learner *l, const uint8_t *actor,
    size_t len, uint64_t *seq)
{
	struct ledger_appended done;
	enum core_status status;
	struct event ev;

	event_init(&ev, EV_EXPORT);
	memcpy(ev.subject, l->pseudonym, CRYPTO_ID_BYTES);
	if (actor)
		memcpy(ev.actor, actor, CRYPTO_ID_BYTES);
	status = event_add_text(&ev, "what", "whole record");
	if (status == CORE_OK)
		status = event_add_text(&ev, "format", "text");
	if (status == CORE_OK)
		status = event_add_int(&ev, "bytes", (long long)len);
	if (status == CORE_OK)
		status = event_set_meaning(&ev, "The learner's whole record was "
		    "saved to a text file, to be printed or handed over.");
	if (status == CORE_OK)
		status = ledger_append_alone(site->st, site->keys, &ev, &done);
	event_clear(&ev);
	*seq = status == CORE_OK ? done.seq : 0;
	return status;
}

/* Write and sync the whole text to fd. */
static enum core_status
write_synced(int fd, const char *text, size_t len, const char *what)
{
	if (!write_all(fd, text, len))
		return file_fail(errno, "writing", what);
	if (fsync(fd) != 0)
		return file_fail(errno, "saving", what);
	return CORE_OK;
}

/* The folder, made if missing, opened; *dirfd -1 on failure. */
static enum core_status
open_folder(const char *dir, int *dirfd)
{
	enum core_status status;

	*dirfd = -1;
	if (strlen(dir) + 1 + RECORD_NAME_MAX > PATH_MAX)
		return core_fail(CORE_ERR_CONFIG, "[kiosk] exports: the folder's "
		    "path is too long");
	if ((status = make_folder(dir)) != CORE_OK)
		return status;
	if ((*dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return file_fail(errno, "opening the folder", dir);
	return CORE_OK;
}

/* Unnamed file, ledger, name (see the top). */
static enum core_status
save_unnamed(struct site *site, const struct learner *l, const uint8_t *actor,
    int dirfd, int fd, const char *dir, const char *first, const char *text,
    size_t len, char name[RECORD_NAME_MAX], uint64_t *seq)
{
	enum core_status status;

	if ((status = write_synced(fd, text, len, dir)) != CORE_OK ||
	    (status = note_saved(site, l, actor, len, seq)) != CORE_OK)
		return status;
	if (link_new(dirfd, fd, first, name) != 0)
		return file_fail(errno, "naming the file in", dir);
	if (fsync(dirfd) != 0)
		return file_fail(errno, "saving", dir);
	return CORE_OK;
}

/* Named file, ledger; the file removed again on any failure. */
static enum core_status
save_named(struct site *site, const struct learner *l, const uint8_t *actor,
    int dirfd, const char *dir, const char *first, const char *text,
    size_t len, char name[RECORD_NAME_MAX], uint64_t *seq)
{
	enum core_status status;
	int fd;

	if ((fd = create_new(dirfd, first, name)) < 0)
		return file_fail(errno, "making a file in", dir);
	status = write_synced(fd, text, len, dir);
	if (close(fd) != 0 && status == CORE_OK)
		status = file_fail(errno, "saving", dir);
	if (status == CORE_OK && fsync(dirfd) != 0)
		status = file_fail(errno, "saving", dir);
	if (status == CORE_OK)
		status = note_saved(site, l, actor, len, seq);
	if (status != CORE_OK) {
		unlinkat(dirfd, name, 0);
		fsync(dirfd);
	}
	return status;
}

enum core_status
record_save(struct site *site, const char *reference, const uint8_t *actor,
    int64_t now_ms, const char *text, size_t len, struct record_saved *out)
{
	char first[RECORD_NAME_MAX], name[RECORD_NAME_MAX];
	const char *dir = site->cfg->exports_dir;
	enum core_status status;
	struct learner l;
	uint64_t seq = 0;
	int dirfd, fd;

	if ((status = role_authorize(site, actor, ROLE_ACT_EXPORT)) != CORE_OK ||
	    (status = learner_get(site, reference, &l)) != CORE_OK)
		return status;
	if (!text)
		text = "", len = 0;
	record_file_name(reference, now_ms, first, sizeof first);
	status = open_folder(dir, &dirfd);
	if (status == CORE_OK) {
		fd = openat(dirfd, ".", O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
		if (fd >= 0) {
			status = save_unnamed(site, &l, actor, dirfd, fd, dir, first,
			    text, len, name, &seq);
			close(fd);
		} else if (errno == EOPNOTSUPP || errno == EISDIR ||
		    errno == EINVAL) {
			status = save_named(site, &l, actor, dirfd, dir, first,
			    text, len, name, &seq);
		} else {
			status = file_fail(errno, "making a file in", dir);
		}
	}
	if (dirfd >= 0)
		close(dirfd);
	crypto_wipe(&l, sizeof l);
	/* open_folder checked the length: this only keeps the compiler sure. */
	if (status == CORE_OK && out) {
		if (snprintf(out->path, sizeof out->path, "%s/%s", dir, name) >=
		    (int)sizeof out->path)
			out->path[0] = '\0';
		out->seq = seq;
	}
	return status;
}
