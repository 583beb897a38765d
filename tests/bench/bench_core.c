/* SPDX-License-Identifier: ISC */
/*
 * bench_core: the core's figures for `make bench`, each beside the
 * reference it is judged against, measured in the same process. One
 * command per run; each prints NAME=VALUE pairs on one line for
 * tests/bench/run to read.
 *
 *   bench_core schema            the schema version this build writes
 *   bench_core query INI RUNS    the staff list's first page and name
 *                                searches (median ms of work), and a plain
 *                                LIKE scan of every name (the reference)
 *   bench_core search INI TERM RUNS
 *                                one search's median ms (to try others)
 *   bench_core memory INI        peak memory of opening the site and
 *                                running the list and a search
 *   bench_core verify INI THREADS ROUNDS
 *                                verify_ledger on THREADS threads, then a
 *                                plain loop of libsodium's verify over
 *                                the same signatures held in memory, on
 *                                as many threads (only the loop timed);
 *                                ROUNDS times in turn, the best of each
 *                                (a busy neighbour only ever slows)
 *   bench_core export INI OUT    the learners as CSV into OUT through
 *                                export_run (the export's own work, after
 *                                the site is open)
 *   bench_core sign INI REF CODE DIR N
 *                                durable signed records (ledger_append
 *                                and commit, one a transaction, signed by
 *                                learner REF's key, activated with CODE
 *                                and opened once: no Argon2id per record)
 *                                against a bare durable SQLite insert
 *                                (WAL, synchronous=FULL) into DIR/bare.db;
 *                                N of each, interleaved
 */
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <sodium.h>
#include <sqlite3.h>

#include "core/event.h"
#include "core/export.h"
#include "core/learner.h"
#include "core/learner_query.h"
#include "core/ledger.h"
#include "core/schema.h"
#include "core/site.h"
#include "core/verify.h"

#define RUNS_MAX 1000
#define CHUNK 100000	/* entries held in memory at once by the reference */
#define THREADS_MAX 16

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double
median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof v[0], cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* CPU seconds this process has used, all threads. */
static double
cpu_s(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
	    (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

static long
maxrss_kib(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

static void
die(const char *what, enum core_status status)
{
	fprintf(stderr, "bench_core: %s: %s: %s\n", what,
	    core_status_message(status), core_detail());
	exit(1);
}

static struct site *
open_site(const char *ini)
{
	enum core_status status;
	struct site *site;

	if ((status = crypto_init()) != CORE_OK)
		die("crypto_init", status);
	if ((status = site_open(ini, &site)) != CORE_OK)
		die(ini, status);
	return site;
}

/* ---- the staff list and search ---- */

/* Milliseconds of one page: the first of the list, or of a search. */
static double
one_page(struct site *site, const char *search, size_t *n)
{
	struct lq_filter f;
	struct lq_page page;
	enum core_status status;
	double t0;

	memset(&f, 0, sizeof f);
	snprintf(f.search, sizeof f.search, "%s", search);
	t0 = now_s();
	status = learner_query_page(site, &f, LQ_FIRST, NULL, 20, &page);
	if (status != CORE_OK)
		die("learner_query_page", status);
	*n = page.n;
	return (now_s() - t0) * 1e3;
}

static void
query_figure(struct site *site, const char *name, const char *search, int runs)
{
	static double t[RUNS_MAX];
	double cold;
	size_t n;
	int i;

	cold = one_page(site, search, &n);
	for (i = 0; i < runs; i++)
		t[i] = one_page(site, search, &n);
	printf("%s_ms=%.3f %s_cold_ms=%.3f %s_rows=%zu ", name, median(t, runs),
	    name, cold, name, n);
}

/* The reference: a plain LIKE scan of every given and family name. */
static void
like_scan(struct site *site, const char *term, int runs)
{
	static double t[RUNS_MAX];
	sqlite3 *db;
	sqlite3_stmt *stmt;
	char pattern[128];
	long long matches = 0;
	double t0;
	int i;

	if (sqlite3_open_v2(site->cfg->db_path, &db, SQLITE_OPEN_READONLY, NULL) ||
	    sqlite3_prepare_v2(db, "SELECT count(*) FROM learner_personal"
	    " WHERE given_name LIKE ?1 OR family_name LIKE ?1", -1, &stmt, NULL)) {
		fprintf(stderr, "bench_core: like: %s\n", sqlite3_errmsg(db));
		exit(1);
	}
	snprintf(pattern, sizeof pattern, "%%%s%%", term);
	sqlite3_bind_text(stmt, 1, pattern, -1, SQLITE_STATIC);
	for (i = 0; i < runs; i++) {
		t0 = now_s();
		if (sqlite3_step(stmt) == SQLITE_ROW)
			matches = sqlite3_column_int64(stmt, 0);
		sqlite3_reset(stmt);
		t[i] = (now_s() - t0) * 1e3;
	}
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	printf("like_ms=%.3f like_matches=%lld ", median(t, runs), matches);
}

static int
cmd_query(const char *ini, int runs)
{
	struct site *site = open_site(ini);

	if (runs < 1 || runs > RUNS_MAX)
		runs = 25;
	query_figure(site, "list", "", runs);
	query_figure(site, "search", "Khan", runs);
	query_figure(site, "search_full", "Amira Khan", runs);
	query_figure(site, "search_rare", "Οικονόμου", runs);
	like_scan(site, "Khan", runs < 5 ? runs : 5);
	printf("\n");
	site_close(&site);
	return 0;
}

static int
cmd_search(const char *ini, const char *term, int runs)
{
	struct site *site = open_site(ini);

	if (runs < 1 || runs > RUNS_MAX)
		runs = 25;
	query_figure(site, "search", term, runs);
	printf("\n");
	site_close(&site);
	return 0;
}

static int
cmd_memory(const char *ini)
{
	struct site *site = open_site(ini);
	size_t n;

	(void)one_page(site, "", &n);
	(void)one_page(site, "Khan", &n);
	printf("maxrss_kib=%ld\n", maxrss_kib());
	site_close(&site);
	return 0;
}

/* ---- export ---- */

static bool
write_file(const void *buf, size_t len, void *ctx)
{
	return fwrite(buf, 1, len, ctx) == len;
}

static int
cmd_export(const char *ini, const char *out)
{
	struct site *site = open_site(ini);
	struct export_result r;
	enum core_status status;
	static char buf[1 << 16];
	double t0, secs;
	FILE *f;

	if (!(f = fopen(out, "w"))) {
		perror(out);
		return 1;
	}
	setvbuf(f, buf, _IOFBF, sizeof buf);
	t0 = now_s();
	status = export_run(site, NULL, EXPORT_LEARNERS, EXPORT_CSV,
	    store_now_ms(), write_file, NULL, f, &r);
	if (status == CORE_OK && fflush(f) != 0)
		status = CORE_ERR_IO;
	secs = now_s() - t0;
	fclose(f);
	if (status != CORE_OK)
		die("export_run", status);
	printf("rows=%" PRIu64 " secs=%.3f rows_per_s=%.0f maxrss_kib=%ld\n",
	    r.rows, secs, (double)r.rows / secs, maxrss_kib());
	site_close(&site);
	return 0;
}

/* ---- verify ---- */

struct job {
	const uint8_t *msg;
	size_t len;
	uint8_t sig[64];
	uint8_t pk[32];
};

struct jobs {
	struct job *v;
	size_t n, cap;
	uint8_t **bufs;	/* messages, owned */
	size_t nbufs;
};

struct slice {
	const struct job *v;
	size_t n;
	size_t bad;
};

static void *
verify_slice(void *arg)
{
	struct slice *s = arg;

	for (size_t i = 0; i < s->n; i++)
		if (crypto_sign_verify_detached(s->v[i].sig, s->v[i].msg,
		    s->v[i].len, s->v[i].pk) != 0)
			s->bad++;
	return NULL;
}

/* The loop: jobs split evenly over threads; seconds it took. */
static double ref_cpu;	/* CPU seconds of the reference's timed loops */

static double
verify_jobs(const struct jobs *j, unsigned threads, size_t *bad)
{
	double c0 = cpu_s();
	pthread_t tid[THREADS_MAX];
	struct slice sl[THREADS_MAX];
	size_t per = (j->n + threads - 1) / threads, at = 0;
	double t0 = now_s();
	unsigned i;

	for (i = 0; i < threads; i++) {
		sl[i].v = j->v + at;
		sl[i].n = at + per <= j->n ? per : j->n - at;
		sl[i].bad = 0;
		at += sl[i].n;
		pthread_create(&tid[i], NULL, verify_slice, &sl[i]);
	}
	for (i = 0; i < threads; i++) {
		pthread_join(tid[i], NULL);
		*bad += sl[i].bad;
	}
	ref_cpu += cpu_s() - c0;
	return now_s() - t0;
}

static struct job *
add_job(struct jobs *j)
{
	if (j->n == j->cap) {
		j->cap = j->cap ? 2 * j->cap : 4096;
		if (!(j->v = realloc(j->v, j->cap * sizeof *j->v)))
			abort();
	}
	return &j->v[j->n++];
}

static void
jobs_clear(struct jobs *j)
{
	for (size_t i = 0; i < j->nbufs; i++)
		free(j->bufs[i]);
	j->nbufs = j->n = 0;
}

static bool
key_pk(sqlite3_stmt *key, const uint8_t id[CRYPTO_ID_BYTES], uint8_t pk[32])
{
	bool ok;

	sqlite3_bind_blob(key, 1, id, CRYPTO_ID_BYTES, SQLITE_STATIC);
	ok = sqlite3_step(key) == SQLITE_ROW && sqlite3_column_bytes(key, 0) == 32;
	if (ok)
		memcpy(pk, sqlite3_column_blob(key, 0), 32);
	sqlite3_reset(key);
	return ok;
}

/* One entry's signatures as jobs: kiosk over bytes || lsig || wsig, and the others over bytes. */
static void
entry_jobs(struct jobs *j, sqlite3_stmt *row, sqlite3_stmt *key,
    const uint8_t kiosk_pk[32])
{
	size_t len = (size_t)sqlite3_column_bytes(row, 0);
	uint8_t *buf = malloc(len + 128), zero[64] = { 0 };
	const void *lsig = sqlite3_column_blob(row, 1);
	const void *wsig = sqlite3_column_blob(row, 2);
	struct event ev;
	struct job *k;

	if (!buf || !(j->bufs = realloc(j->bufs, (j->nbufs + 1) * sizeof *j->bufs)))
		abort();
	j->bufs[j->nbufs++] = buf;
	memcpy(buf, sqlite3_column_blob(row, 0), len);
	memcpy(buf + len, lsig ? lsig : zero, 64);
	memcpy(buf + len + 64, wsig ? wsig : zero, 64);
	k = add_job(j);
	k->msg = buf;
	k->len = len + 128;
	memcpy(k->sig, sqlite3_column_blob(row, 3), 64);
	memcpy(k->pk, kiosk_pk, 32);
	if (!lsig && !wsig)
		return;
	if (event_decode(buf, len, &ev) != CORE_OK)
		abort();
	if (lsig) {
		k = add_job(j);
		k->msg = buf;
		k->len = len;
		memcpy(k->sig, lsig, 64);
		if (!key_pk(key, ev.key_id, k->pk))
			abort();
	}
	if (wsig) {
		k = add_job(j);
		k->msg = buf;
		k->len = len;
		memcpy(k->sig, wsig, 64);
		if (!key_pk(key, ev.witness_key_id, k->pk))
			abort();
	}
	event_clear(&ev);
}

static void
reference_verify(const char *db_path, unsigned threads, uint64_t *entries,
    uint64_t *sigs, double *secs)
{
	struct jobs j = { 0 };
	sqlite3_stmt *row, *key, *meta;
	uint8_t kiosk_pk[32];
	size_t bad = 0;
	sqlite3 *db;
	int rc;

	*entries = *sigs = 0;
	*secs = 0;
	if (sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL) ||
	    sqlite3_prepare_v2(db, "SELECT bytes, learner_sig, witness_sig,"
	    " kiosk_sig FROM ledger ORDER BY seq", -1, &row, NULL) ||
	    sqlite3_prepare_v2(db, "SELECT pk FROM keys WHERE key_id = ?1", -1,
	    &key, NULL) ||
	    sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = 'kiosk_pk'",
	    -1, &meta, NULL) || sqlite3_step(meta) != SQLITE_ROW ||
	    sqlite3_column_bytes(meta, 0) != 32) {
		fprintf(stderr, "bench_core: reference: %s\n", sqlite3_errmsg(db));
		exit(1);
	}
	memcpy(kiosk_pk, sqlite3_column_blob(meta, 0), 32);
	sqlite3_finalize(meta);
	do {
		while ((rc = sqlite3_step(row)) == SQLITE_ROW) {
			entry_jobs(&j, row, key, kiosk_pk);
			if (++*entries % CHUNK == 0)
				break;
		}
		*secs += verify_jobs(&j, threads, &bad);
		*sigs += j.n;
		jobs_clear(&j);
	} while (rc == SQLITE_ROW);
	free(j.v);
	free(j.bufs);
	sqlite3_finalize(row);
	sqlite3_finalize(key);
	sqlite3_close(db);
	if (bad) {
		fprintf(stderr, "bench_core: reference: %zu signatures failed\n", bad);
		exit(1);
	}
}

static int
cmd_verify(const char *ini, unsigned threads, int rounds)
{
	struct site *site = open_site(ini);
	struct verify_report rep;
	enum core_status status;
	uint64_t entries = 0, sigs = 0;
	double t0, c0, ours = 0, ours_cpu = 0, ref = 0, ref_best_cpu = 0, secs;

	if (threads < 1 || threads > THREADS_MAX)
		threads = 2;
	if (rounds < 1)
		rounds = 1;
	verify_set_threads(threads);
	for (int r = 0; r < rounds; r++) {
		t0 = now_s();
		c0 = cpu_s();
		status = verify_ledger(site->st, NULL, NULL, NULL, &rep);
		secs = now_s() - t0;
		if (status != CORE_OK)
			die("verify_ledger", status);
		if (!ours || secs < ours) {
			ours = secs;
			ours_cpu = cpu_s() - c0;
		}
		ref_cpu = 0;
		reference_verify(site->cfg->db_path, threads, &entries, &sigs, &secs);
		if (!ref || secs < ref) {
			ref = secs;
			ref_best_cpu = ref_cpu;
		}
	}
	printf("entries=%" PRIu64 " signatures=%" PRIu64 " rounds=%d ours_s=%.3f "
	    "ours_cpu_s=%.3f ours_per_s=%.0f ref_s=%.3f ref_cpu_s=%.3f "
	    "ref_per_s=%.0f\n", rep.count, sigs, rounds, ours, ours_cpu,
	    (double)rep.count / ours, ref, ref_best_cpu, (double)entries / ref);
	site_close(&site);
	return 0;
}

/* ---- durable signing ---- */

static double
sign_ours(struct site *site, const struct signer *signer,
    const struct learner *l, const uint8_t doc[CRYPTO_HASH_BYTES], int n)
{
	struct ledger_appended done;
	enum core_status status;
	struct event ev;
	double t0 = now_s();

	for (int i = 0; i < n; i++) {
		event_init(&ev, EV_DOC_ACCEPTED);
		memcpy(ev.subject, l->pseudonym, CRYPTO_ID_BYTES);
		memcpy(ev.actor, l->pseudonym, CRYPTO_ID_BYTES);
		status = event_add_doc(&ev, "ha-acceptable-use", doc);
		if (status == CORE_OK)
			status = event_add_text(&ev, "step_kind", "document");
		if (status == CORE_OK)
			status = event_add_int(&ev, "ms_on_page", 42000 + i);
		if (status == CORE_OK)
			status = event_set_meaning(&ev, "I have read and agree to "
			    "\"Acceptable Use Statement\".");
		if (status == CORE_OK)
			status = store_begin(site->st);
		if (status == CORE_OK)
			status = ledger_append(site->st, site->keys, &ev, signer, NULL,
			    &done);
		if (status == CORE_OK)
			status = store_commit(site->st);
		event_clear(&ev);
		if (status != CORE_OK)
			die("signing", status);
	}
	return now_s() - t0;
}

static double
sign_bare(sqlite3 *db, sqlite3_stmt *ins, int n)
{
	uint8_t blob[600];
	double t0 = now_s();

	randombytes_buf(blob, sizeof blob);
	for (int i = 0; i < n; i++) {
		blob[0] = (uint8_t)i;
		if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) ||
		    sqlite3_bind_blob(ins, 1, blob, sizeof blob, SQLITE_STATIC) ||
		    sqlite3_step(ins) != SQLITE_DONE || sqlite3_reset(ins) ||
		    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL)) {
			fprintf(stderr, "bench_core: bare insert: %s\n",
			    sqlite3_errmsg(db));
			exit(1);
		}
	}
	return now_s() - t0;
}

static int
cmd_sign(const char *ini, const char *ref, const char *code, const char *dir,
    int n)
{
	static const char pin[] = "482916";
	struct site *site = open_site(ini);
	const struct document *doc;
	struct signer *signer = NULL;
	enum core_status status;
	sqlite3_stmt *ins;
	struct learner l;
	char path[4096];
	double ours = 0, bare = 0;
	sqlite3 *db;
	int round;

	doc = content_pack_doc(site->pack, site->cfg, "ha-acceptable-use");
	if ((status = learner_activate(site, ref, code, pin, &l)) != CORE_OK ||
	    (status = learner_unseal(site, &l, pin, &signer)) != CORE_OK)
		die("activating the learner and opening their key", status);
	snprintf(path, sizeof path, "%s/bare.db", dir);
	if (sqlite3_open(path, &db) || sqlite3_exec(db,
	    "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
	    "CREATE TABLE IF NOT EXISTS t(id INTEGER PRIMARY KEY, data BLOB)",
	    NULL, NULL, NULL) || sqlite3_prepare_v2(db,
	    "INSERT INTO t(data) VALUES(?1)", -1, &ins, NULL)) {
		fprintf(stderr, "bench_core: %s: %s\n", path, sqlite3_errmsg(db));
		return 1;
	}
	/* Interleaved, so a busy neighbour slows both alike. */
	for (round = 0; round < 4; round++) {
		ours += sign_ours(site, signer, &l, doc->hash, n / 4);
		bare += sign_bare(db, ins, n / 4);
	}
	printf("records=%d ours_per_s=%.1f bare_per_s=%.1f\n", 4 * (n / 4),
	    4 * (n / 4) / ours, 4 * (n / 4) / bare);
	sqlite3_finalize(ins);
	sqlite3_close(db);
	signer_free(&signer);
	site_close(&site);
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "schema") == 0) {
		printf("%zu\n", schema_nmigrations);
		return 0;
	}
	if (argc == 4 && strcmp(argv[1], "query") == 0)
		return cmd_query(argv[2], atoi(argv[3]));
	if (argc == 5 && strcmp(argv[1], "search") == 0)
		return cmd_search(argv[2], argv[3], atoi(argv[4]));
	if (argc == 3 && strcmp(argv[1], "memory") == 0)
		return cmd_memory(argv[2]);
	if (argc == 5 && strcmp(argv[1], "verify") == 0)
		return cmd_verify(argv[2], (unsigned)atoi(argv[3]), atoi(argv[4]));
	if (argc == 4 && strcmp(argv[1], "export") == 0)
		return cmd_export(argv[2], argv[3]);
	if (argc == 7 && strcmp(argv[1], "sign") == 0)
		return cmd_sign(argv[2], argv[3], argv[4], argv[5], atoi(argv[6]));
	fputs("usage: bench_core schema | query INI RUNS | search INI TERM RUNS |"
	    " memory INI |"
	    " export INI OUT | verify INI THREADS ROUNDS |"
	    " sign INI REF CODE DIR N\n",
	    stderr);
	return 2;
}
