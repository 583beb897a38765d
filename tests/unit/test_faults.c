/* SPDX-License-Identifier: ISC */
/*
 * Storage faults against a real site (SPEC section 8): each fault makes
 * the core functions a kiosk calls (learner_add, walk_sign, consent
 * withdrawal, roster import) return a storage status, leaves nothing
 * half-written (the ledger head and derived tables unchanged, every walk
 * whole, verify and PRAGMA integrity_check passing), and the same process,
 * the same site handle where the fault allows, succeeds once it clears.
 *
 * Real faults where the machine allows them; the test runs in a private
 * mount namespace (unshare; a user namespace if need be) so its mounts
 * vanish with it:
 *   disk full   a 16 MiB tmpfs under the site, filled to the last block
 *   read-only   the tmpfs remounted read-only (at start: Linux refuses to
 *               remount while files are open for writing); without a
 *               tmpfs, a user other than root gets read-only modes
 *   busy        a second process holding BEGIN IMMEDIATE past the busy
 *               timeout, then one releasing within it
 *   corrupt     pages of the file overwritten, at start (quick check:
 *               maintenance, then site_recheck) and under a running kiosk
 * and, through tests/faults/faultfs.c (linked in: test code only), an I/O
 * error at every single write and every fsync walk_sign makes, a file
 * system gone read-only under the kiosk (EROFS), and the disk full when
 * this machine cannot mount a tmpfs.
 */
#include "tests/unit/testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <sqlite3.h>

#include "core/consent.h"
#include "core/learner.h"
#include "core/ledger.h"
#include "core/roster.h"
#include "core/site.h"
#include "core/staff.h"
#include "core/verify.h"
#include "core/walk.h"
#include "tests/faults/walkcheck.h"

#define PIN "482916"
#define TMPFS_OPTS "size=16m,mode=0700"

static bool can_mount;		/* private namespace, tmpfs allowed */
static char control[600];	/* $FAULTFS_CONTROL, outside every tmpfs */

struct fixture {
	char dir[512];
	char ini[1024];
	char db[1024];
	char filler[1024];
	bool mounted;
	struct site *site;
};

/* What must not change when an operation fails. */
struct snap {
	uint64_t seq;
	uint8_t head[CRYPTO_HASH_BYTES];
	long long rows[6];
};

/* ---- the private mount namespace ---- */

static bool
write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	bool ok;

	if (fd < 0)
		return false;
	ok = write(fd, text, strlen(text)) == (ssize_t)strlen(text);
	close(fd);
	return ok;
}

/* As root in a new user namespace, where tmpfs may be mounted. */
static bool
enter_userns(void)
{
	char map[64];
	unsigned uid = (unsigned)getuid(), gid = (unsigned)getgid();

	if (unshare(CLONE_NEWUSER | CLONE_NEWNS) != 0)
		return false;
	snprintf(map, sizeof map, "0 %u 1\n", uid);
	if (!write_file("/proc/self/uid_map", map))
		return false;
	(void)write_file("/proc/self/setgroups", "deny");
	snprintf(map, sizeof map, "0 %u 1\n", gid);
	return write_file("/proc/self/gid_map", map);
}

static bool
private_mounts(void)
{
	const char *base = getenv("TMPDIR");
	char probe[512];
	bool ok;

	if (unshare(CLONE_NEWNS) != 0 && !enter_userns())
		return false;
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
		return false;
	snprintf(probe, sizeof probe, "%s/signoff-mnt-XXXXXX", base ? base : "/tmp");
	if (!mkdtemp(probe))
		return false;
	ok = mount("tmpfs", probe, "tmpfs", 0, "size=1m") == 0;
	if (ok)
		umount2(probe, MNT_DETACH);
	rmdir(probe);
	return ok;
}

/* ---- the faultfs control file ---- */

static void
fault_set(const char *spec)
{
	FILE *f = fopen(control, "w");

	assert_non_null(f);
	fprintf(f, "%s\n", spec);
	assert_int_equal(fclose(f), 0);
}

static void
fault_clear(void)
{
	(void)unlink(control);
}

/* ---- fixture ---- */

/* lockout_after = 100: a sweep of faults must not lock the learner out. */
static void
raise_lockout(const char *ini)
{
	char path[1100], line[1024];
	FILE *in, *out;

	snprintf(path, sizeof path, "%s.new", ini);
	assert_non_null(in = fopen(ini, "r"));
	assert_non_null(out = fopen(path, "w"));
	while (fgets(line, sizeof line, in))
		fputs(strncmp(line, "lockout_after", 13) ? line : "lockout_after = 100\n",
		    out);
	fclose(in);
	assert_int_equal(fclose(out), 0);
	assert_int_equal(rename(path, ini), 0);
}

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	char fpr[CRYPTO_FPR_LEN];

	assert_non_null(f);
	assert_int_equal(crypto_init(), CORE_OK);
	tu_tempdir(f->dir, sizeof f->dir);
	if (can_mount) {
		assert_int_equal(mount("tmpfs", f->dir, "tmpfs", 0, TMPFS_OPTS), 0);
		f->mounted = true;
	}
	tu_site_config(f->dir, f->ini, sizeof f->ini);
	raise_lockout(f->ini);
	snprintf(f->db, sizeof f->db, "%s/signoff.db", f->dir);
	snprintf(f->filler, sizeof f->filler, "%s/filler", f->dir);
	assert_int_equal(site_init(f->ini, fpr), CORE_OK);
	assert_int_equal(site_open(f->ini, &f->site), CORE_OK);
	fault_clear();
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	fault_clear();
	site_close(&f->site);
	if (f->mounted)
		umount2(f->dir, MNT_DETACH);
	tu_rmrf(f->dir);
	free(f);
	return 0;
}

/* ---- looking at the file from outside ---- */

static sqlite3 *
peek_open(struct fixture *f)
{
	sqlite3 *db = NULL;

	assert_int_equal(sqlite3_open_v2(f->db, &db, SQLITE_OPEN_READWRITE, NULL),
	    SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	return db;
}

static long long
peek_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *q = NULL;
	long long v;

	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &q, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	v = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return v;
}

static void
snap(struct fixture *f, struct snap *s)
{
	static const char *const counts[] = {
		"SELECT count(*) FROM learners", "SELECT count(*) FROM learner_personal",
		"SELECT count(*) FROM keys", "SELECT count(*) FROM signoffs",
		"SELECT count(*) FROM consents WHERE withdrawn_seq IS NOT NULL",
		"SELECT coalesce(sum(pin_failures), 0) FROM learners",
	};
	struct ledger_head head;
	sqlite3 *db = peek_open(f);
	size_t i;

	memset(s, 0, sizeof *s);
	assert_int_equal(ledger_head(f->site->st, &head), CORE_OK);
	s->seq = head.seq;
	memcpy(s->head, head.hash, sizeof s->head);
	for (i = 0; i < sizeof counts / sizeof counts[0]; i++)
		s->rows[i] = peek_int(db, counts[i]);
	sqlite3_close(db);
}

/* verify, the full integrity check and whole walks. */
static void
assert_sound(struct fixture *f)
{
	struct verify_report rep;
	struct walkcheck wc;
	char why[256];
	sqlite3 *db;

	if (verify_ledger(f->site->st, NULL, NULL, NULL, &rep) != CORE_OK)
		fail_msg("verify: seq %llu %s: %s", (unsigned long long)rep.bad_seq,
		    rep.bad_field, rep.reason);
	db = peek_open(f);
	if (!walkcheck_integrity(db, why, sizeof why))
		fail_msg("integrity_check: %s", why);
	if (!walkcheck_run(db, &wc))
		fail_msg("walks: %s", wc.problem);
	sqlite3_close(db);
}

/* Nothing of a failed operation is in the file. */
static void
assert_unchanged(struct fixture *f, const struct snap *before)
{
	struct snap now;
	size_t i;

	snap(f, &now);
	assert_int_equal(now.seq, before->seq);
	assert_memory_equal(now.head, before->head, sizeof now.head);
	for (i = 0; i < sizeof now.rows / sizeof now.rows[0]; i++)
		if (now.rows[i] != before->rows[i])
			fail_msg("count %zu: %lld, was %lld", i, now.rows[i], before->rows[i]);
	assert_sound(f);
}

static void
assert_storage(enum core_status status, enum core_status want)
{
	if (!core_status_is_storage(status))
		fail_msg("expected a storage failure, got %s (%s)",
		    core_status_message(status), core_detail());
	if (want != CORE_OK && status != want)
		fail_msg("expected \"%s\", got \"%s\" (%s)", core_status_message(want),
		    core_status_message(status), core_detail());
}

/* ---- learners and walks ---- */

static void
activate(struct fixture *f, const char *ref, struct learner *l)
{
	char code[LEARNER_CODE_LEN];

	assert_int_equal(learner_add(f->site, ref, "Amira", "Khan", "ha-adult", "2026",
	    NULL, code), CORE_OK);
	assert_int_equal(learner_activate(f->site, ref, code, PIN, l), CORE_OK);
}

/* Begin the learner's walk and finish every step. */
static struct walk *
walk_ready(struct fixture *f, const struct learner *l)
{
	const struct config *cfg = f->site->cfg;
	struct walk *w = NULL;
	size_t i, j;

	assert_int_equal(walk_begin(f->site, l, &w), CORE_OK);
	for (i = 0; i < walk_nsteps(w); i++) {
		struct walk_step *s = walk_step(w, i);

		s->end_reached = true;
		s->ms_on_page = 30000;
		for (j = 0; j < s->nitems; j++)
			s->ticked[j] = true;
		for (j = 0; j < s->nquestions; j++)
			assert_true(walk_answer(s, j, s->questions[j].right));
		for (j = 0; s->def->kind == STEP_CONSENT && j < cfg->nchannels; j++)
			s->consent[j] = cfg->channels[j].required_yes ? 1 : (signed char)(j % 2);
		assert_true(walk_step_ready(w, s, NULL));
		s->state = WALK_DONE;
	}
	return w;
}

static long long
signed_walks(struct fixture *f, const struct learner *l)
{
	sqlite3_stmt *q = NULL;
	sqlite3 *db = peek_open(f);
	long long n;

	assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*) FROM ledger"
	    " WHERE kind = 14 AND subject = ?1", -1, &q, NULL), SQLITE_OK);
	sqlite3_bind_blob(q, 1, l->pseudonym, CRYPTO_ID_BYTES, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	n = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	sqlite3_close(db);
	return n;
}

static bool
receipt_empty(const char receipt[LEDGER_RECEIPT_LEN])
{
	for (size_t i = 0; i < LEDGER_RECEIPT_LEN; i++)
		if (receipt[i])
			return false;
	return true;
}

static void
today(char date[CONSENT_DATE_LEN])
{
	consent_date_format(store_now_ms(), date);
}

/* ---- disk full ---- */

/* Fill the tmpfs to its last block (or, with no tmpfs, have faultfs say so). */
static void
disk_fill(struct fixture *f)
{
	static char block[65536];
	size_t sizes[] = { sizeof block, 4096, 512, 1 };
	int fd;

	if (!f->mounted) {
		fault_set("ENOSPC write signoff.db");
		return;
	}
	fd = open(f->filler, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	assert_true(fd >= 0);
	memset(block, 0xa5, sizeof block);
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
		while (write(fd, block, sizes[i]) == (ssize_t)sizes[i])
			;
	assert_int_equal(errno, ENOSPC);
	close(fd);
}

static void
disk_free(struct fixture *f)
{
	fault_clear();
	if (f->mounted)
		assert_int_equal(unlink(f->filler), 0);
}

static void
test_disk_full(void **state)
{
	struct fixture *f = *state;
	enum core_status want = f->mounted ? CORE_ERR_FULL : CORE_OK;
	char code[LEARNER_CODE_LEN], receipt[LEDGER_RECEIPT_LEN], date[CONSENT_DATE_LEN];
	char csv[1100];
	struct roster_result res;
	struct ledger_appended done;
	struct snap before;
	struct learner l;
	struct walk *w;

	snprintf(csv, sizeof csv, "%s/roster.csv", f->dir);
	tu_write(f->dir, "roster.csv", ROSTER_HEADER "\n"
	    "R-1,Bea,Jones,ha-adult,2026\nR-2,Cal,Lee,ha-young-people,2026\n");
	activate(f, "HA-1", &l);
	w = walk_ready(f, &l);
	today(date);
	snap(f, &before);

	disk_fill(f);
	assert_storage(learner_add(f->site, "HA-2", "Bea", "Jones", "ha-adult", "",
	    NULL, code), want);
	memset(receipt, 0, sizeof receipt);
	assert_storage(walk_sign(w, f->site, PIN, receipt), want);
	assert_true(receipt_empty(receipt));
	assert_storage(consent_withdraw(f->site, &l, NULL, CONSENT_BY_WRITING, date,
	    NULL, NULL, NULL, &done), want);
	assert_storage(roster_import_file(f->site, csv, NULL, NULL, NULL, &res), want);
	assert_int_equal(res.imported, 0);
	disk_free(f);

	assert_unchanged(f, &before);
	/* The same site handle carries on. */
	assert_int_equal(learner_add(f->site, "HA-2", "Bea", "Jones", "ha-adult", "",
	    NULL, code), CORE_OK);
	assert_int_equal(walk_sign(w, f->site, PIN, receipt), CORE_OK);
	assert_false(receipt_empty(receipt));
	assert_int_equal(signed_walks(f, &l), 1);
	assert_int_equal(consent_withdraw(f->site, &l, NULL, CONSENT_BY_WRITING, date,
	    NULL, NULL, NULL, &done), CORE_OK);
	assert_int_equal(roster_import_file(f->site, csv, NULL, NULL, NULL, &res), CORE_OK);
	assert_int_equal(res.imported, 2);
	walk_free(&w);
	assert_sound(f);
}

/* ---- read-only ---- */

/*
 * The site's file system read-only: the tmpfs remounted; without one, as
 * a user other than root (whom modes do not stop), the folder and files
 * made read-only. False when neither can be done here.
 */
static bool
read_only(struct fixture *f, bool ro)
{
	static const char *const files[] = { "", "-wal", "-shm" };
	char path[1100];

	if (f->mounted) {
		assert_int_equal(mount(NULL, f->dir, NULL,
		    MS_REMOUNT | (ro ? MS_RDONLY : 0), TMPFS_OPTS), 0);
		return true;
	}
	if (geteuid() == 0)
		return false;
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		snprintf(path, sizeof path, "%s%s", f->db, files[i]);
		if (chmod(path, ro ? 0400 : 0600) != 0)
			assert_int_equal(errno, ENOENT);
	}
	assert_int_equal(chmod(f->dir, ro ? 0500 : 0700), 0);
	return true;
}

static void
test_read_only_at_start(void **state)
{
	struct fixture *f = *state;
	char code[LEARNER_CODE_LEN];
	struct site *other = NULL;
	struct snap before;
	struct learner l;

	activate(f, "HA-1", &l);
	snap(f, &before);
	site_close(&f->site);
	if (!read_only(f, true)) {
		assert_int_equal(site_open(f->ini, &f->site), CORE_OK);
		skip();	/* root, no tmpfs: nothing here is read-only to us */
	}

	/* A command refuses; the kiosk comes up, in maintenance. */
	assert_storage(site_open(f->ini, &other), CORE_OK);
	assert_null(other);
	assert_int_equal(site_open_kiosk(f->ini, &f->site), CORE_OK);
	assert_true(site_in_maintenance(f->site));
	assert_storage(f->site->fault, CORE_OK);
	assert_true(f->site->fault_detail[0] != '\0');
	if (f->site->st)
		assert_storage(learner_add(f->site, "HA-2", "Bea", "Jones", "ha-adult",
		    "", NULL, code), CORE_OK);
	/* Still read-only: checking again keeps it in maintenance. */
	assert_storage(site_recheck(f->site), CORE_OK);
	assert_true(site_in_maintenance(f->site));

	assert_true(read_only(f, false));
	assert_int_equal(site_recheck(f->site), CORE_OK);
	assert_false(site_in_maintenance(f->site));
	assert_string_equal(f->site->fault_detail, "");
	assert_unchanged(f, &before);
	assert_int_equal(learner_add(f->site, "HA-2", "Bea", "Jones", "ha-adult", "",
	    NULL, code), CORE_OK);
	assert_sound(f);
}

/*
 * A file system that turns read-only under a running kiosk (Linux will not
 * remount one with files open for writing, so faultfs gives the EROFS):
 * SQLite reports it as an I/O error.
 */
static void
test_read_only_under_kiosk(void **state)
{
	struct fixture *f = *state;
	char receipt[LEDGER_RECEIPT_LEN];
	struct snap before;
	struct learner l;
	struct walk *w;

	activate(f, "HA-1", &l);
	w = walk_ready(f, &l);
	snap(f, &before);
	fault_set("EROFS write signoff.db");
	memset(receipt, 0, sizeof receipt);
	assert_storage(walk_sign(w, f->site, PIN, receipt), CORE_ERR_IO);
	assert_true(receipt_empty(receipt));
	fault_clear();
	assert_unchanged(f, &before);
	assert_int_equal(walk_sign(w, f->site, PIN, receipt), CORE_OK);
	assert_int_equal(signed_walks(f, &l), 1);
	walk_free(&w);
	assert_sound(f);
}

/* ---- busy ---- */

struct holder {
	pid_t pid;
	int release;	/* closing it lets the holder go */
};

/* A second process takes the write lock and keeps it (hold_ms 0: until released). */
static void
hold_start(struct fixture *f, unsigned hold_ms, struct holder *h)
{
	int up[2], down[2];
	char c = 0;

	assert_int_equal(pipe(up), 0);
	assert_int_equal(pipe(down), 0);
	h->pid = fork();
	assert_true(h->pid >= 0);
	if (h->pid == 0) {
		sqlite3 *db = NULL;
		char ok = '0';

		close(up[0]);
		close(down[1]);
		if (sqlite3_open_v2(f->db, &db, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK &&
		    sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK)
			ok = '1';
		(void)!write(up[1], &ok, 1);
		if (hold_ms)
			usleep(hold_ms * 1000);
		else
			(void)!read(down[0], &c, 1);
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		sqlite3_close(db);
		_exit(ok == '1' ? 0 : 1);
	}
	close(up[1]);
	close(down[0]);
	h->release = down[1];
	assert_int_equal(read(up[0], &c, 1), 1);
	close(up[0]);
	assert_int_equal(c, '1');
}

static void
hold_end(struct holder *h)
{
	int status = 0;

	close(h->release);
	assert_int_equal(waitpid(h->pid, &status, 0), h->pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static void
test_busy(void **state)
{
	struct fixture *f = *state;
	char code[LEARNER_CODE_LEN], receipt[LEDGER_RECEIPT_LEN];
	struct holder h;
	struct snap before;
	struct learner l;
	struct walk *w;

	activate(f, "HA-1", &l);
	w = walk_ready(f, &l);
	snap(f, &before);

	/* Held past the busy timeout: refused, nothing written, no PIN counted. */
	hold_start(f, 0, &h);
	assert_storage(learner_add(f->site, "HA-2", "Bea", "Jones", "ha-adult", "",
	    NULL, code), CORE_ERR_BUSY);
	memset(receipt, 0, sizeof receipt);
	assert_storage(walk_sign(w, f->site, PIN, receipt), CORE_ERR_BUSY);
	assert_true(receipt_empty(receipt));
	hold_end(&h);
	assert_unchanged(f, &before);

	/* Held for less than the timeout: the kiosk waits and succeeds. */
	hold_start(f, 400, &h);
	assert_int_equal(learner_add(f->site, "HA-2", "Bea", "Jones", "ha-adult", "",
	    NULL, code), CORE_OK);
	hold_end(&h);
	assert_int_equal(walk_sign(w, f->site, PIN, receipt), CORE_OK);
	assert_int_equal(signed_walks(f, &l), 1);
	walk_free(&w);
	assert_sound(f);
}

/* ---- corruption ---- */

struct image {
	unsigned char *bytes;
	size_t len;
};

static void
image_read(const char *path, struct image *im)
{
	struct stat sb;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	assert_true(fd >= 0);
	assert_int_equal(fstat(fd, &sb), 0);
	im->len = (size_t)sb.st_size;
	assert_non_null(im->bytes = malloc(im->len));
	assert_int_equal(pread(fd, im->bytes, im->len, 0), (ssize_t)im->len);
	close(fd);
}

/* Write bytes over the file in place (the same inode an open kiosk has). */
static void
image_write(const char *path, const unsigned char *bytes, size_t len, size_t at)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);

	assert_true(fd >= 0);
	assert_int_equal(pwrite(fd, bytes, len, (off_t)at), (ssize_t)len);
	assert_int_equal(fsync(fd), 0);
	close(fd);
}

static size_t
page_size(const struct image *good)
{
	size_t page = (size_t)good->bytes[16] << 8 | good->bytes[17];

	return page == 1 ? 65536 : page;
}

/* Pages first..last (from 1; 0 = the end) become noise, the same every run. */
static void
corrupt_pages(const char *path, const struct image *good, size_t first, size_t last)
{
	size_t page = page_size(good), from = (first - 1) * page;
	size_t to = last ? last * page : good->len;
	unsigned char *junk;
	uint32_t x = 2463534242u;

	assert_true(first >= 1 && from < to && to <= good->len);
	assert_non_null(junk = malloc(to - from));
	for (size_t i = 0; i < to - from; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		junk[i] = (unsigned char)x;
	}
	image_write(path, junk, to - from, from);
	free(junk);
}

/* The b-tree root page of a table, from the file's own schema. */
static size_t
root_page(struct fixture *f, const char *table)
{
	char sql[128];
	sqlite3 *db = peek_open(f);
	long long n;

	snprintf(sql, sizeof sql, "SELECT rootpage FROM sqlite_schema WHERE name = '%s'",
	    table);
	n = peek_int(db, sql);
	sqlite3_close(db);
	assert_true(n > 1);
	return (size_t)n;
}

static void
remove_wal(struct fixture *f)
{
	char path[1100];

	snprintf(path, sizeof path, "%s-wal", f->db);
	(void)unlink(path);
	snprintf(path, sizeof path, "%s-shm", f->db);
	(void)unlink(path);
}

/*
 * One table's pages are damaged (a bad sector): the file still opens and
 * says whose it is, the quick check fails, the kiosk comes up in
 * maintenance with the handle kept, so staff can still sign in.
 */
static void
test_corrupt_at_start(void **state)
{
	struct fixture *f = *state;
	char code[LEARNER_CODE_LEN];
	struct site *other = NULL;
	struct staff who;
	struct image good;
	struct snap before;
	struct learner l;
	size_t root;

	activate(f, "HA-1", &l);
	assert_int_equal(staff_add(f->site, "tutor", ROLE_TUTOR, "long enough pass",
	    NULL), CORE_OK);
	root = root_page(f, "signoffs");
	snap(f, &before);
	site_close(&f->site);	/* the last connection: the WAL is folded in */
	image_read(f->db, &good);
	corrupt_pages(f->db, &good, root, root);

	assert_int_equal(site_open(f->ini, &other), CORE_ERR_CORRUPT);
	assert_null(other);
	assert_int_equal(site_open_kiosk(f->ini, &f->site), CORE_OK);
	assert_true(site_in_maintenance(f->site));
	assert_int_equal(f->site->fault, CORE_ERR_CORRUPT);
	if (!strstr(f->site->fault_detail, "quick check"))
		fail_msg("detail: %s", f->site->fault_detail);
	assert_non_null(f->site->st);
	assert_int_equal(staff_sign_in(f->site, "tutor", "long enough pass", &who,
	    NULL), CORE_OK);
	assert_int_equal(site_recheck(f->site), CORE_ERR_CORRUPT);
	assert_true(site_in_maintenance(f->site));

	/* Staff restore the file; checking again opens the kiosk. */
	site_close(&f->site);
	remove_wal(f);
	image_write(f->db, good.bytes, good.len, 0);
	free(good.bytes);
	assert_int_equal(site_open_kiosk(f->ini, &f->site), CORE_OK);
	assert_false(site_in_maintenance(f->site));
	assert_unchanged(f, &before);
	assert_int_equal(learner_add(f->site, "HA-2", "Bea", "Jones", "ha-adult", "",
	    NULL, code), CORE_OK);
	assert_sound(f);
}

/*
 * Every page but the first is noise: the schema cannot be read, so the
 * file cannot even be opened, nor said to be ours; maintenance with no
 * handle at all, until the file is restored and checked again.
 */
static void
test_corrupt_everything_at_start(void **state)
{
	struct fixture *f = *state;
	char code[LEARNER_CODE_LEN];
	struct image good;
	struct snap before;
	struct learner l;

	activate(f, "HA-1", &l);
	snap(f, &before);
	site_close(&f->site);
	image_read(f->db, &good);
	corrupt_pages(f->db, &good, 2, 0);

	assert_int_equal(site_open_kiosk(f->ini, &f->site), CORE_OK);
	assert_true(site_in_maintenance(f->site));
	assert_int_equal(f->site->fault, CORE_ERR_CORRUPT);
	assert_true(f->site->fault_detail[0] != '\0');
	assert_null(f->site->st);
	assert_int_equal(site_recheck(f->site), CORE_ERR_CORRUPT);
	assert_null(f->site->st);

	remove_wal(f);
	image_write(f->db, good.bytes, good.len, 0);
	free(good.bytes);
	assert_int_equal(site_recheck(f->site), CORE_OK);
	assert_false(site_in_maintenance(f->site));
	assert_string_equal(f->site->fault_detail, "");
	assert_unchanged(f, &before);
	assert_int_equal(learner_add(f->site, "HA-2", "Bea", "Jones", "ha-adult", "",
	    NULL, code), CORE_OK);
	assert_sound(f);
}

/* A damaged header: the file is not even a database; maintenance, no handle. */
static void
test_corrupt_header_at_start(void **state)
{
	static const unsigned char junk[100] = "this is not an SQLite file";
	struct fixture *f = *state;
	struct image good;

	site_close(&f->site);
	image_read(f->db, &good);
	image_write(f->db, junk, sizeof junk, 0);
	assert_int_equal(site_open_kiosk(f->ini, &f->site), CORE_OK);
	assert_int_equal(f->site->fault, CORE_ERR_CORRUPT);
	assert_null(f->site->st);
	remove_wal(f);
	image_write(f->db, good.bytes, good.len, 0);
	free(good.bytes);
	assert_int_equal(site_recheck(f->site), CORE_OK);
	assert_sound(f);
}

/* Make the kiosk's connection drop its page cache: another one commits. */
static void
poke(sqlite3 *db, int n)
{
	char sql[64];

	snprintf(sql, sizeof sql, "PRAGMA application_id = %d", n);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
}

static void
test_corrupt_under_kiosk(void **state)
{
	struct fixture *f = *state;
	char code[LEARNER_CODE_LEN], receipt[LEDGER_RECEIPT_LEN];
	struct image good;
	struct snap before;
	struct learner l;
	struct walk *w;
	sqlite3 *db;

	activate(f, "HA-1", &l);
	w = walk_ready(f, &l);
	db = peek_open(f);
	assert_int_equal(sqlite3_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL,
	    NULL, NULL), SQLITE_OK);
	poke(db, 1);
	snap(f, &before);
	image_read(f->db, &good);
	corrupt_pages(f->db, &good, 2, 0);
	poke(db, 2);

	assert_storage(learner_add(f->site, "HA-2", "Bea", "Jones", "ha-adult", "",
	    NULL, code), CORE_ERR_CORRUPT);
	memset(receipt, 0, sizeof receipt);
	assert_storage(walk_sign(w, f->site, PIN, receipt), CORE_ERR_CORRUPT);
	assert_true(receipt_empty(receipt));

	image_write(f->db, good.bytes, good.len, 0);
	free(good.bytes);
	poke(db, 1);
	sqlite3_close(db);
	assert_unchanged(f, &before);
	assert_int_equal(learner_add(f->site, "HA-2", "Bea", "Jones", "ha-adult", "",
	    NULL, code), CORE_OK);
	assert_int_equal(walk_sign(w, f->site, PIN, receipt), CORE_OK);
	assert_int_equal(signed_walks(f, &l), 1);
	walk_free(&w);
	assert_sound(f);
}

/* ---- I/O errors at every point ---- */

/*
 * Fail the (k+1)th `ops` call walk_sign makes on the database files with
 * EIO, for k = 0, 1, ... until walk_sign gets through: each time nothing
 * of the walk may be in the file, and the next try must carry on.
 */
static unsigned
sweep_walk_sign(struct fixture *f, const char *ref, const char *ops)
{
	char spec[128], receipt[LEDGER_RECEIPT_LEN];
	enum core_status status;
	struct snap before;
	struct learner l;
	struct walk *w;
	unsigned k;

	activate(f, ref, &l);
	w = walk_ready(f, &l);
	for (k = 0;; k++) {
		snap(f, &before);
		snprintf(spec, sizeof spec, "EIO %s signoff.db after %u", ops, k);
		fault_set(spec);
		memset(receipt, 0, sizeof receipt);
		status = walk_sign(w, f->site, PIN, receipt);
		fault_clear();
		if (status == CORE_OK)
			break;
		assert_storage(status, CORE_ERR_IO);
		assert_true(receipt_empty(receipt));
		assert_int_equal(signed_walks(f, &l), 0);
		assert_sound(f);
		assert_true(k < 2000);
	}
	assert_false(receipt_empty(receipt));
	assert_int_equal(signed_walks(f, &l), 1);
	walk_free(&w);
	assert_sound(f);
	return k;
}

static void
test_io_error_at_every_write(void **state)
{
	struct fixture *f = *state;

	/* Two PIN commits and the walk's: many writes, each one tried. */
	assert_true(sweep_walk_sign(f, "HA-1", "write") >= 6);
}

static void
test_io_error_at_every_fsync(void **state)
{
	struct fixture *f = *state;

	assert_true(sweep_walk_sign(f, "HA-1", "sync") >= 3);
}

static void
test_io_error_withdrawing_consent(void **state)
{
	struct fixture *f = *state;
	char date[CONSENT_DATE_LEN], spec[128];
	struct ledger_appended done;
	enum core_status status;
	struct snap before;
	struct learner l;
	unsigned k;

	activate(f, "HA-1", &l);
	today(date);
	for (k = 0;; k++) {
		snap(f, &before);
		snprintf(spec, sizeof spec, "EIO write,sync signoff.db after %u", k);
		fault_set(spec);
		status = consent_withdraw(f->site, &l, NULL, CONSENT_BY_WRITING, date,
		    "Letter of 1 September", NULL, NULL, &done);
		fault_clear();
		if (status == CORE_OK)
			break;
		assert_storage(status, CORE_ERR_IO);
		assert_unchanged(f, &before);
		assert_true(k < 2000);
	}
	assert_true(k >= 2);
	assert_sound(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(test_disk_full),
		T(test_read_only_at_start),
		T(test_read_only_under_kiosk),
		T(test_busy),
		T(test_corrupt_at_start),
		T(test_corrupt_everything_at_start),
		T(test_corrupt_header_at_start),
		T(test_corrupt_under_kiosk),
		T(test_io_error_at_every_write),
		T(test_io_error_at_every_fsync),
		T(test_io_error_withdrawing_consent),
#undef T
	};
	const char *base = getenv("TMPDIR");

	/*
	 * Before any thread exists: unshare refuses a threaded process.
	 * SIGNOFF_FAULTS_NO_MOUNT=1 tries the fallbacks where mounting works.
	 */
	can_mount = !getenv("SIGNOFF_FAULTS_NO_MOUNT") && private_mounts();
	snprintf(control, sizeof control, "%s/signoff-faultfs-%ld", base ? base : "/tmp",
	    (long)getpid());
	setenv("FAULTFS_CONTROL", control, 1);
	if (!can_mount)
		fprintf(stderr, "test_faults: cannot mount a tmpfs here: disk full "
		    "comes from faultfs, read-only at start from file modes%s\n",
		    geteuid() == 0 ? " (not as root: skipped)" : "");
	return cmocka_run_group_tests_name("faults", tests, NULL, NULL);
}
