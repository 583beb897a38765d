/* SPDX-License-Identifier: ISC */
/*
 * signoff backup against a real site: a copy taken while another process
 * keeps appending signed records finishes (it would never finish if each
 * write restarted it), is one consistent snapshot, verifies as a ledger,
 * and is mode 0600; an existing file, or a stale journal beside it, is
 * never overwritten.
 */
#include "tests/unit/testutil.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "core/backup.h"
#include "core/consent.h"
#include "core/learner.h"
#include "core/ledger.h"
#include "core/site.h"
#include "core/verify.h"

/* 2026-09-01T10:00:00Z */
#define T_NOW "1788256800"
/* Enough ledger to need many backup steps of 256 pages. */
#define FILL_EVENTS 6000
#define FILL_BYTES 600

struct fixture {
	char dir[512];
	char ini[1024];
	char copy[1024];
	struct site *site;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	char fpr[CRYPTO_FPR_LEN];

	assert_non_null(f);
	assert_int_equal(crypto_init(), CORE_OK);
	setenv("SIGNOFF_FAKE_TIME", T_NOW, 1);
	tu_tempdir(f->dir, sizeof f->dir);
	tu_site_config(f->dir, f->ini, sizeof f->ini);
	snprintf(f->copy, sizeof f->copy, "%s/copy.db", f->dir);
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
enrol(struct fixture *f, const char *ref)
{
	char code[LEARNER_CODE_LEN];

	assert_int_equal(learner_add(f->site, ref, "Amira", "Khan", "ha-adult", "",
	    NULL, code), CORE_OK);
}

/* Many signed entries in one transaction, so the file spans many steps. */
static void
fill(struct fixture *f)
{
	uint8_t filler[FILL_BYTES];
	struct event ev;
	int i;

	crypto_random(filler, sizeof filler);
	assert_int_equal(store_begin(f->site->st), CORE_OK);
	for (i = 0; i < FILL_EVENTS; i++) {
		event_init(&ev, EV_RECORD_VIEWED);
		filler[0] = (uint8_t)i;
		assert_int_equal(event_add_field(&ev, "filler", filler, sizeof filler), CORE_OK);
		assert_int_equal(ledger_append(f->site->st, f->site->keys, &ev, NULL, NULL,
		    NULL), CORE_OK);
		event_clear(&ev);
	}
	assert_int_equal(store_commit(f->site->st), CORE_OK);
}

static uint64_t
head_seq(struct site *site)
{
	struct ledger_head h;

	assert_int_equal(ledger_head(site->st, &h), CORE_OK);
	return h.seq;
}

/* The copy, opened as signoff opens a database, verifies up to seq. */
static void
copy_verifies(const char *path, uint64_t seq)
{
	struct verify_report rep;
	struct store *st = NULL;

	assert_int_equal(store_open(path, STORE_OPEN, &st), CORE_OK);
	assert_int_equal(store_quick_check(st), CORE_OK);
	assert_int_equal(verify_ledger(st, NULL, NULL, NULL, &rep), CORE_OK);
	assert_true(rep.last_seq == seq);
	assert_true(rep.count == seq);
	store_close(&st);
}

static bool
exists(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0;
}

static void
test_quiet_backup(void **state)
{
	struct fixture *f = *state;
	struct backup_report rep;
	char side[1100];
	struct stat sb;

	enrol(f, "HA-1");
	assert_int_equal(backup_to(f->site, f->copy, NULL, NULL, &rep), CORE_OK);
	assert_true(rep.ledger_seq == head_seq(f->site));
	assert_true(rep.pages > 0);
	assert_int_equal(stat(f->copy, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_true(rep.bytes == (uint64_t)sb.st_size);
	/* One self-contained file: nothing beside it. */
	snprintf(side, sizeof side, "%s-wal", f->copy);
	assert_false(exists(side));
	snprintf(side, sizeof side, "%s-journal", f->copy);
	assert_false(exists(side));
	copy_verifies(f->copy, rep.ledger_seq);
}

static void
test_never_overwrites(void **state)
{
	struct fixture *f = *state;
	char side[1100], back[16] = "";
	FILE *in;

	tu_write(f->dir, "copy.db", "keep me");
	assert_int_equal(backup_to(f->site, f->copy, NULL, NULL, NULL), CORE_ERR_EXISTS);
	in = fopen(f->copy, "r");
	assert_non_null(in);
	assert_non_null(fgets(back, sizeof back, in));
	fclose(in);
	assert_string_equal(back, "keep me");
	/* A stale journal would be replayed into a new copy: refused too. */
	tu_write(f->dir, "other.db-journal", "stale");
	snprintf(side, sizeof side, "%s/other.db", f->dir);
	assert_int_equal(backup_to(f->site, side, NULL, NULL, NULL), CORE_ERR_EXISTS);
	assert_non_null(strstr(core_detail(), "-journal"));
	assert_false(exists(side));
}

struct slow {
	sqlite3 *probe;		/* a connection of its own, to see new entries */
	uint64_t seen;		/* the newest entry seen so far */
	unsigned calls;
	uint64_t last_done, total;
};

static uint64_t
newest(sqlite3 *db)
{
	sqlite3_stmt *stmt;
	uint64_t seq;

	assert_int_equal(sqlite3_prepare_v2(db, "SELECT max(seq) FROM ledger", -1,
	    &stmt, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	seq = (uint64_t)sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return seq;
}

/*
 * Between every two steps, wait until the other process has committed a
 * new entry: each step is then followed by a write to the source.
 */
static void
wait_for_a_write(uint64_t done, uint64_t total, void *ctx)
{
	struct slow *s = ctx;
	uint64_t now;
	int waited;

	assert_true(done >= s->last_done);
	s->calls++;
	s->last_done = done;
	s->total = total;
	for (waited = 0; (now = newest(s->probe)) <= s->seen; waited++) {
		assert_true(waited < 5000);
		usleep(1000);
	}
	s->seen = now;
}

/* The other process: a kiosk recording withdrawals until told to stop. */
static _Noreturn void
writer(const char *ini, int stop_fd)
{
	struct site *site = NULL;
	struct learner l;
	char byte;
	int rc = 0;

	if (site_open(ini, &site) != CORE_OK || learner_get(site, "HA-1", &l) != CORE_OK)
		_exit(2);
	fcntl(stop_fd, F_SETFL, O_NONBLOCK);
	while (read(stop_fd, &byte, 1) < 0) {
		if (consent_withdraw(site, &l, "website", CONSENT_BY_WRITING,
		    "2026-09-01", NULL, NULL, NULL, NULL) != CORE_OK) {
			rc = 3;
			break;
		}
		/* A busy kiosk, not a tight loop that starves other writers. */
		usleep(2000);
	}
	site_close(&site);
	_exit(rc);
}

static void
test_backup_while_another_process_signs(void **state)
{
	struct fixture *f = *state;
	struct slow slow = { NULL, 0, 0, 0, 0 };
	struct backup_report rep;
	uint64_t before, after;
	int fds[2], wstatus;
	pid_t pid;

	enrol(f, "HA-1");
	fill(f);
	/* No SQLite connection crosses the fork: close ours, reopen after. */
	site_close(&f->site);
	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(fds[1]);
		writer(f->ini, fds[0]);
	}
	close(fds[0]);
	assert_int_equal(site_open(f->ini, &f->site), CORE_OK);
	while ((before = head_seq(f->site)) < FILL_EVENTS + 10)
		usleep(1000);

	assert_int_equal(sqlite3_open(f->site->cfg->db_path, &slow.probe), SQLITE_OK);
	slow.seen = before;
	alarm(120);	/* a copy that restarted on every write would never end */
	assert_int_equal(backup_to(f->site, f->copy, wait_for_a_write, &slow, &rep),
	    CORE_OK);
	alarm(0);
	sqlite3_close(slow.probe);
	after = head_seq(f->site);

	close(fds[1]);	/* EOF: the writer stops */
	assert_int_equal(waitpid(pid, &wstatus, 0), pid);
	assert_true(WIFEXITED(wstatus));
	assert_int_equal(WEXITSTATUS(wstatus), 0);

	/* It took many steps, with the writer signing after each... */
	assert_true(slow.calls >= 5);
	assert_true(slow.last_done == slow.total);
	assert_true(rep.pages == slow.total);
	assert_true(after >= rep.ledger_seq + slow.calls);
	/* ...and the copy is the snapshot from when it began, whole and valid. */
	assert_true(rep.ledger_seq >= before);
	copy_verifies(f->copy, rep.ledger_seq);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(test_quiet_backup),
		T(test_never_overwrites),
		T(test_backup_while_another_process_signs),
#undef T
	};

	return cmocka_run_group_tests_name("backup", tests, NULL, NULL);
}
