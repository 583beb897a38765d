/* SPDX-License-Identifier: ISC */
/*
 * The crash test (issue 8): a child process enrols learners and signs
 * their walks in a loop, and writes each receipt to a pipe only once
 * walk_sign has returned CORE_OK, exactly when the kiosk would show it;
 * the parent kills it with SIGKILL at a random moment, over and over.
 * Afterwards every receipt that was reported must be in the ledger as an
 * EV_WALK_SIGNED, no walk may be partial (tests/faults/walkcheck.h), the
 * quick check, verify_ledger and PRAGMA integrity_check must all pass.
 *
 *   crash [-n KILLS] [-s SEED] [-k]
 *
 * -n: how many kills (200); -s: the random seed (from the clock, printed,
 * so a failure can be replayed); -k: keep the site folder. Run from the
 * repository root: it uses etc/signoff.ini and etc/content.
 *
 * A kill -9 loses nothing the kernel was given, so this tests what a
 * crash of the program does (transactions cut at any instruction), not a
 * power cut (the page cache lost): that is SQLite's WAL with
 * synchronous=FULL, and the fsync sweep of tests/unit/test_faults.c.
 */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "core/consent.h"
#include "core/learner.h"
#include "core/ledger.h"
#include "core/site.h"
#include "core/store.h"
#include "core/verify.h"
#include "core/walk.h"
#include "tests/faults/walkcheck.h"

#define PIN "482916"
#define MAX_RECEIPTS 100000

struct crash {
	char dir[512];
	char ini[1024];
	char db[1024];
	unsigned kills;
	unsigned long seed;
	bool keep;
	char (*receipts)[LEDGER_RECEIPT_LEN];
	size_t nreceipts;
	uint64_t first_us, walk_us;	/* calibration: to a first receipt, per walk */
};

__attribute__((format(printf, 1, 2))) static _Noreturn void
die(const char *fmt, ...)
{
	va_list ap;

	fputs("crash: FAILED: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

/* ---- the site ---- */

/* etc/signoff.ini with the files in dir and the cheapest Argon2id. */
static void
write_config(struct crash *c)
{
	char line[1024], cwd[2048];
	FILE *in, *out;

	if (!getcwd(cwd, sizeof cwd))
		die("getcwd: %s", strerror(errno));
	snprintf(c->ini, sizeof c->ini, "%s/signoff.ini", c->dir);
	snprintf(c->db, sizeof c->db, "%s/signoff.db", c->dir);
	if (!(in = fopen("etc/signoff.ini", "r")))
		die("etc/signoff.ini: %s (run from the repository root)", strerror(errno));
	if (!(out = fopen(c->ini, "w")))
		die("%s: %s", c->ini, strerror(errno));
	while (fgets(line, sizeof line, in)) {
		if (!strncmp(line, "database", 8))
			fprintf(out, "database = %s\n", c->db);
		else if (!strncmp(line, "keyfile", 7))
			fprintf(out, "keyfile = %s/kiosk.key\n", c->dir);
		else if (!strncmp(line, "content", 7))
			fprintf(out, "content = %s/etc/content\n", cwd);
		else if (!strncmp(line, "argon2_ops", 10))
			fputs("argon2_ops = 1\n", out);
		else if (!strncmp(line, "argon2_mem_kib", 14))
			fputs("argon2_mem_kib = 8192\n", out);
		else
			fputs(line, out);
	}
	fclose(in);
	if (fclose(out) != 0)
		die("%s: %s", c->ini, strerror(errno));
}

/* ---- the child: a kiosk signing as fast as it can ---- */

static _Noreturn void
child_fail(int fd, const char *what, enum core_status status)
{
	char line[768];
	int n;

	n = snprintf(line, sizeof line, "E %s: %s: %s\n", what,
	    core_status_message(status), core_detail());
	(void)!write(fd, line, n > 0 && (size_t)n < sizeof line ? (size_t)n :
	    sizeof line - 1);
	_exit(2);
}

static void
finish_steps(struct walk *w, const struct config *cfg)
{
	size_t i, j;

	for (i = 0; i < walk_nsteps(w); i++) {
		struct walk_step *s = walk_step(w, i);

		s->end_reached = true;
		s->ms_on_page = 20000;
		for (j = 0; j < s->nitems; j++)
			s->ticked[j] = true;
		for (j = 0; j < s->nquestions; j++)
			(void)walk_answer(s, j, s->questions[j].right);
		for (j = 0; s->def->kind == STEP_CONSENT && j < cfg->nchannels; j++)
			s->consent[j] = 1;
		/* Now and then a declined step: a different walk shape. */
		s->state = s->def->kind == STEP_DOCUMENT && i % 3 == 1 ?
		    WALK_DECLINED : WALK_DONE;
	}
}

static _Noreturn void
child(struct crash *c, unsigned round, int fd)
{
	static const char *const groups[] = { "ha-adult", "ha-young-people" };
	char ref[32], code[LEARNER_CODE_LEN], receipt[LEDGER_RECEIPT_LEN], line[32];
	char date[CONSENT_DATE_LEN];
	struct ledger_appended done;
	enum core_status status;
	struct site *site = NULL;
	struct walk *w = NULL;
	struct learner l;
	unsigned n;

	if ((status = site_open(c->ini, &site)) != CORE_OK)
		child_fail(fd, "site_open", status);
	for (n = 0;; n++) {
		snprintf(ref, sizeof ref, "C%u-%u", round, n);
		status = learner_add(site, ref, "Crash", "Test", groups[n % 2], "2026",
		    NULL, code);
		if (status != CORE_OK)
			child_fail(fd, "learner_add", status);
		if ((status = learner_activate(site, ref, code, PIN, &l)) != CORE_OK)
			child_fail(fd, "learner_activate", status);
		if ((status = walk_begin(site, &l, &w)) != CORE_OK)
			child_fail(fd, "walk_begin", status);
		finish_steps(w, site->cfg);
		if ((status = walk_sign(w, site, PIN, receipt)) != CORE_OK)
			child_fail(fd, "walk_sign", status);
		/* Exactly where the kiosk would show it. */
		snprintf(line, sizeof line, "R %.9s\n", receipt);
		if (write(fd, line, strlen(line)) != (ssize_t)strlen(line))
			_exit(3);
		walk_free(&w);
		if (n % 3 == 2) {
			consent_date_format(store_now_ms(), date);
			status = consent_withdraw(site, &l, "social", CONSENT_BY_WRITING,
			    date, NULL, NULL, NULL, &done);
			if (status != CORE_OK)
				child_fail(fd, "consent_withdraw", status);
		}
	}
}

/* ---- the parent ---- */

static uint64_t
rnd(struct crash *c)
{
	/* xorshift64*: reproducible from the printed seed. */
	c->seed ^= c->seed >> 12;
	c->seed ^= c->seed << 25;
	c->seed ^= c->seed >> 27;
	return c->seed * 2685821657736338717ull;
}

/*
 * Microseconds to let the child run, scaled by the calibration (so a slow
 * machine or a sanitizer build still gets walks signed): one in five
 * while it opens the site (WAL recovery after the last kill, the document
 * versions' commit), the rest anywhere in its first walks (much of a walk
 * is fsync, so many kills land inside a commit).
 */
static useconds_t
delay_us(struct crash *c)
{
	uint64_t r = rnd(c), open = c->first_us, walk = c->walk_us;

	if (r % 5 == 0)
		return (useconds_t)((r >> 8) % (open ? open : 1));
	return (useconds_t)(open / 2 + (r >> 8) % (open / 2 + 2 * walk + 1));
}

static uint64_t
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

static void
read_reports(struct crash *c, int fd)
{
	char buf[8192], *line, *nl;
	size_t have = 0;
	ssize_t n;

	while ((n = read(fd, buf + have, sizeof buf - 1 - have)) > 0)
		have += (size_t)n;
	buf[have] = '\0';
	for (line = buf; (nl = strchr(line, '\n')); line = nl + 1) {
		*nl = '\0';
		if (line[0] == 'E')
			die("the child failed without a fault: %s", line + 2);
		if (line[0] != 'R' || strlen(line) != 11)
			die("a garbled report: \"%s\"", line);
		if (c->nreceipts == MAX_RECEIPTS)
			die("too many receipts");
		memcpy(c->receipts[c->nreceipts++], line + 2, LEDGER_RECEIPT_LEN);
	}
}

static pid_t
start_child(struct crash *c, unsigned round, int *rfd)
{
	int fds[2];
	pid_t pid;

	if (pipe(fds) != 0)
		die("pipe: %s", strerror(errno));
	fflush(NULL);
	if ((pid = fork()) < 0)
		die("fork: %s", strerror(errno));
	if (pid == 0) {
		close(fds[0]);
		child(c, round, fds[1]);
	}
	close(fds[1]);
	*rfd = fds[0];
	return pid;
}

static void
end_child(struct crash *c, unsigned round, pid_t pid, int fd)
{
	int status = 0;

	if (kill(pid, SIGKILL) != 0 && errno != ESRCH)
		die("kill: %s", strerror(errno));
	if (waitpid(pid, &status, 0) != pid)
		die("waitpid: %s", strerror(errno));
	read_reports(c, fd);
	close(fd);
	if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGKILL)
		die("round %u: the child ended by itself (status %#x)", round, status);
}

/* One child left alone for three walks: how long opening and a walk take. */
static void
calibrate(struct crash *c, unsigned round)
{
	uint64_t t0 = now_us(), t[3];
	char line[16];
	size_t i;
	int fd;
	pid_t pid = start_child(c, round, &fd);

	for (i = 0; i < 3; i++) {
		if (read(fd, line, 12) != 12 || line[0] != 'R')
			die("calibration: the child reported \"%.11s\"", line);
		memcpy(c->receipts[c->nreceipts++], line + 2, LEDGER_RECEIPT_LEN);
		c->receipts[c->nreceipts - 1][LEDGER_RECEIPT_LEN - 1] = '\0';
		t[i] = now_us() - t0;
	}
	end_child(c, round, pid, fd);
	c->walk_us = (t[2] - t[0]) / 2;
	c->first_us = t[0] > c->walk_us ? t[0] - c->walk_us : t[0];
	printf("crash: opening takes about %llu ms, a walk %llu ms\n",
	    (unsigned long long)c->first_us / 1000,
	    (unsigned long long)c->walk_us / 1000);
}

static void
one_round(struct crash *c, unsigned round)
{
	int fd;
	pid_t pid = start_child(c, round, &fd);

	usleep(delay_us(c));
	end_child(c, round, pid, fd);
}

static long long
count_receipt(sqlite3 *db, const char *receipt)
{
	sqlite3_stmt *q = NULL;
	long long n = -1;

	if (sqlite3_prepare_v2(db, "SELECT count(*) FROM ledger WHERE receipt = ?1"
	    " AND kind = ?2", -1, &q, NULL) != SQLITE_OK)
		die("%s", sqlite3_errmsg(db));
	sqlite3_bind_text(q, 1, receipt, -1, SQLITE_STATIC);
	sqlite3_bind_int(q, 2, EV_WALK_SIGNED);
	if (sqlite3_step(q) == SQLITE_ROW)
		n = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return n;
}

static void
check(struct crash *c)
{
	struct verify_report rep;
	struct walkcheck wc;
	enum core_status status;
	struct site *site = NULL;
	sqlite3 *db = NULL;
	char why[256];
	size_t i;

	/* The cheap checks at open, then the whole file, as verify does. */
	if ((status = site_open(c->ini, &site)) != CORE_OK)
		die("site_open: %s: %s", core_status_message(status), core_detail());
	if ((status = store_quick_check(site->st)) != CORE_OK)
		die("quick_check: %s: %s", core_status_message(status), core_detail());
	if (verify_ledger(site->st, NULL, NULL, NULL, &rep) != CORE_OK)
		die("verify: seq %llu, %s: %s", (unsigned long long)rep.bad_seq,
		    rep.bad_field, rep.reason);
	if (sqlite3_open_v2(c->db, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		die("%s: %s", c->db, sqlite3_errmsg(db));
	if (!walkcheck_integrity(db, why, sizeof why))
		die("integrity_check: %s", why);
	if (!walkcheck_run(db, &wc))
		die("%s", wc.problem);
	for (i = 0; i < c->nreceipts; i++)
		if (count_receipt(db, c->receipts[i]) != 1)
			die("receipt %s was shown but is not in the ledger", c->receipts[i]);
	if (wc.walks < c->nreceipts)
		die("%zu receipts shown, %lu walks signed", c->nreceipts, wc.walks);
	printf("crash: %u kills, %zu receipts shown and all in the ledger, "
	    "%lu walks signed (%lu step entries), %llu entries verified, "
	    "integrity ok\n", c->kills, c->nreceipts, wc.walks, wc.step_events,
	    (unsigned long long)rep.count);
	sqlite3_close(db);
	site_close(&site);
}

int
main(int argc, char **argv)
{
	struct crash c = { .kills = 200 };
	char fpr[CRYPTO_FPR_LEN], cmd[600];
	const char *base = getenv("TMPDIR");
	enum core_status status;
	int opt;

	c.seed = (unsigned long)time(NULL) ^ (unsigned long)getpid() << 16;
	while ((opt = getopt(argc, argv, "n:s:k")) != -1) {
		if (opt == 'n')
			c.kills = (unsigned)strtoul(optarg, NULL, 10);
		else if (opt == 's')
			c.seed = strtoul(optarg, NULL, 0);
		else if (opt == 'k')
			c.keep = true;
		else {
			fputs("usage: crash [-n KILLS] [-s SEED] [-k]\n", stderr);
			return 2;
		}
	}
	if (!c.seed)
		c.seed = 1;
	printf("crash: seed %lu (replay with -s %lu)\n", c.seed, c.seed);
	if (!(c.receipts = calloc(MAX_RECEIPTS, sizeof *c.receipts)))
		die("out of memory");
	snprintf(c.dir, sizeof c.dir, "%s/signoff-crash-XXXXXX", base ? base : "/tmp");
	if (!mkdtemp(c.dir))
		die("mkdtemp: %s", strerror(errno));
	if (crypto_init() != CORE_OK)
		die("crypto_init");
	write_config(&c);
	if ((status = site_init(c.ini, fpr)) != CORE_OK)
		die("site_init: %s: %s", core_status_message(status), core_detail());
	calibrate(&c, 0);
	for (unsigned i = 1; i <= c.kills; i++)
		one_round(&c, i);
	check(&c);
	if (c.keep) {
		printf("crash: site kept in %s\n", c.dir);
	} else {
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", c.dir);
		(void)!system(cmd);
	}
	free(c.receipts);
	return 0;
}
