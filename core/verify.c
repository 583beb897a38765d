/* SPDX-License-Identifier: ISC */
/*
 * Offline verification of the ledger, in seq order, on every core.
 *
 * The main thread reads rows in batches from the one connection, decodes
 * each event and does what needs the database or the entry before:
 * contiguous seq, the kind and kiosk id, resolving and proving signing
 * keys, documents, the unsigned row columns against the signed bytes, the
 * previous-hash link and time order. Worker threads (verify_pool.c) do the
 * expensive rest: canonical re-encoding, the kiosk countersignature, the
 * entry hash and the learner and witness signatures. Each check has a rank
 * (verify_int.h) and the lowest (seq, rank) failure wins, so the first bad
 * seq and field are reported however the work was split. Memory stays at a
 * few batches, whatever the size of the ledger.
 *
 * What an entry refers to, signing keys and documents, is checked in
 * verify_refs.c.
 */
#include "verify.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "event.h"
#include "ledger.h"
#include "store_db.h"
#include "verify_int.h"

#define PROGRESS_EVERY 1000
/* Entries a worker takes at a time: fewer hand-overs between threads. */
#define BATCH 512
#define MAX_THREADS 16

static const char sql_max[] = "SELECT max(seq) FROM ledger";
static const char sql_rows[] =
    "SELECT seq, bytes, learner_sig, witness_sig, kiosk_sig, hash,"
    " time_ms, kind, subject, actor, receipt FROM ledger ORDER BY seq";

enum { COL_SEQ, COL_BYTES, COL_LSIG, COL_WSIG, COL_KSIG, COL_HASH, COL_TIME,
	COL_KIND, COL_SUBJECT, COL_ACTOR, COL_RECEIPT };

static unsigned verify_threads;	/* 0: one per online CPU */

/* A failure found by the main thread: it stops reading there. */
bool
vctx_fail(struct vctx *v, uint64_t seq, unsigned rank, const char *field,
    const char *fmt, ...)
{
	struct vfail f;
	va_list ap;

	vfail_set(&f, seq, rank, field, "%s", "");
	va_start(ap, fmt);
	vsnprintf(f.reason, sizeof f.reason, fmt, ap);
	va_end(ap);
	vfail_merge(&v->best, &f);
	v->stopped = true;
	v->stop_rank = rank;
	if (v->pool)
		vpool_limit(v->pool, seq);
	return false;
}

/* A storage failure mid-walk: not a verdict on the records. */
bool
vctx_fail_storage(struct vctx *v, enum core_status status)
{
	v->status = status;
	v->stopped = true;
	return false;
}

static bool
is_zero(const uint8_t *p, size_t n)
{
	uint8_t acc = 0;

	for (size_t i = 0; i < n; i++)
		acc |= p[i];
	return acc == 0;
}

void
verify_set_threads(unsigned n)
{
	verify_threads = n > MAX_THREADS ? MAX_THREADS : n;
}

static unsigned
thread_count(void)
{
	long n;

	if (verify_threads)
		return verify_threads;
	n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > MAX_THREADS ? MAX_THREADS : (unsigned)n;
}

/* ---- one row, on the main thread ---- */

/* A fixed-size blob column; a signature column may be NULL. */
static bool
column_fixed(struct vctx *v, sqlite3_stmt *stmt, int col, const char *name,
    uint64_t seq, uint8_t *dst, size_t n, bool optional, bool *present)
{
	int type = sqlite3_column_type(stmt, col);

	if (present)
		*present = false;
	if (type == SQLITE_NULL && optional)
		return true;
	if (type != SQLITE_BLOB || (size_t)sqlite3_column_bytes(stmt, col) != n)
		return vctx_fail(v, seq, VR_ROW, name, "the stored value is not %zu bytes", n);
	memcpy(dst, sqlite3_column_blob(stmt, col), n);
	if (present)
		*present = true;
	return true;
}

static bool
read_row(struct vctx *v, sqlite3_stmt *stmt, struct ventry *e)
{
	enum core_status status;
	int n;

	if (!column_fixed(v, stmt, COL_LSIG, "learner_sig", e->seq, e->learner_sig,
	    CRYPTO_SIG_BYTES, true, &e->has_learner_sig) ||
	    !column_fixed(v, stmt, COL_WSIG, "witness_sig", e->seq, e->witness_sig,
	    CRYPTO_SIG_BYTES, true, &e->has_witness_sig) ||
	    !column_fixed(v, stmt, COL_KSIG, "kiosk_sig", e->seq, e->kiosk_sig,
	    CRYPTO_SIG_BYTES, false, NULL) ||
	    !column_fixed(v, stmt, COL_HASH, "hash", e->seq, e->hash,
	    CRYPTO_HASH_BYTES, false, NULL))
		return false;
	if (sqlite3_column_type(stmt, COL_BYTES) != SQLITE_BLOB)
		return vctx_fail(v, e->seq, VR_ROW, "bytes", "not stored");
	n = sqlite3_column_bytes(stmt, COL_BYTES);
	if ((status = ventry_reserve(e, (size_t)n)) != CORE_OK)
		return vctx_fail_storage(v, status);
	if (n > 0)
		memcpy(e->buf, sqlite3_column_blob(stmt, COL_BYTES), (size_t)n);
	e->len = (size_t)n;
	return true;
}

static bool
check_bytes(struct vctx *v, struct ventry *e)
{
	enum core_status status;
	char field[64], *colon;

	status = event_decode(e->buf, e->len, &e->ev);
	if (status == CORE_ERR_NOMEM)
		return vctx_fail_storage(v, status);
	if (status != CORE_OK) {	/* the detail is "field: problem" */
		const char *why = core_detail();

		snprintf(field, sizeof field, "%s", why);
		if ((colon = strchr(field, ':'))) {
			*colon = '\0';
			why += strlen(field) + 1 + (why[strlen(field) + 1] == ' ');
		}
		return vctx_fail(v, e->seq, VR_DECODE, field, "%s", why);
	}
	if (e->ev.seq != e->seq)
		return vctx_fail(v, e->seq, VR_EVSEQ, "seq", "the event says seq %" PRIu64,
		    e->ev.seq);
	if (!event_kind_words(e->ev.kind))
		return vctx_fail(v, e->seq, VR_KIND, "kind", "unknown event kind %u",
		    (unsigned)e->ev.kind);
	if (!crypto_equal(e->ev.kiosk_id, v->kiosk_id, CRYPTO_ID_BYTES))
		return vctx_fail(v, e->seq, VR_KIOSK_ID, "kiosk_id", "another kiosk's id");
	return true;
}

/* An id column: NULL for no one, else the 16 bytes the event names. */
static bool
id_column_is(sqlite3_stmt *stmt, int col, const uint8_t id[CRYPTO_ID_BYTES])
{
	if (is_zero(id, CRYPTO_ID_BYTES))
		return sqlite3_column_type(stmt, col) == SQLITE_NULL;
	return sqlite3_column_type(stmt, col) == SQLITE_BLOB &&
	    sqlite3_column_bytes(stmt, col) == CRYPTO_ID_BYTES &&
	    memcmp(sqlite3_column_blob(stmt, col), id, CRYPTO_ID_BYTES) == 0;
}

/* The row's lookup columns are unsigned copies: a difference is tampering. */
static bool
check_columns(struct vctx *v, sqlite3_stmt *stmt, const struct ventry *e)
{
	static const char why[] = "the row's %s column does not match the signed bytes";
	char receipt[LEDGER_RECEIPT_LEN];
	const unsigned char *r;

	if (sqlite3_column_type(stmt, COL_TIME) != SQLITE_INTEGER ||
	    sqlite3_column_int64(stmt, COL_TIME) != e->ev.time_ms)
		return vctx_fail(v, e->seq, VR_COLUMNS, "time_ms", why, "time_ms");
	if (sqlite3_column_type(stmt, COL_KIND) != SQLITE_INTEGER ||
	    sqlite3_column_int64(stmt, COL_KIND) != e->ev.kind)
		return vctx_fail(v, e->seq, VR_COLUMNS, "kind", why, "kind");
	if (!id_column_is(stmt, COL_SUBJECT, e->ev.subject))
		return vctx_fail(v, e->seq, VR_COLUMNS, "subject", why, "subject");
	if (!id_column_is(stmt, COL_ACTOR, e->ev.actor))
		return vctx_fail(v, e->seq, VR_COLUMNS, "actor", why, "actor");
	ledger_receipt(e->hash, receipt);
	r = sqlite3_column_text(stmt, COL_RECEIPT);
	if (!r || strcmp((const char *)r, receipt) != 0)
		return vctx_fail(v, e->seq, VR_COLUMNS, "receipt",
		    "the row's receipt is not the one its hash gives");
	return true;
}

/* The sequential part: prev hash, time. */
static bool
check_link(struct vctx *v, const struct ventry *e)
{
	if (!crypto_equal(e->ev.prev, v->prev_hash, CRYPTO_HASH_BYTES))
		return vctx_fail(v, e->seq, VR_LINK, "prev",
		    "the previous-hash link does not match seq %" PRIu64,
		    e->seq - 1);
	if (e->ev.time_ms < v->prev_time)
		return vctx_fail(v, e->seq, VR_LINK, "time_ms",
		    "the time goes backwards (%" PRId64 " ms before seq %" PRIu64 ")",
		    v->prev_time - e->ev.time_ms, e->seq - 1);
	return true;
}

/*
 * The main thread's checks of the row the statement is on, in rank order.
 * Returns whether the entry goes to a worker: always when it passed, and
 * when it failed after decoding, so a worker can still find an earlier-
 * ranked failure in it (the worker checks ranks below e->upto only).
 */
static bool
check_row(struct vctx *v, sqlite3_stmt *stmt, struct ventry *e)
{
	bool ok;

	e->seq = (uint64_t)sqlite3_column_int64(stmt, COL_SEQ);
	e->check_learner = e->check_witness = false;
	e->upto = VR_NONE;
	if (e->seq != v->expect_seq)
		return vctx_fail(v, e->seq, VR_SEQ, "seq", "expected seq %" PRIu64
		    ", found %" PRIu64, v->expect_seq, e->seq);
	if (!read_row(v, stmt, e))
		return false;
	ok = check_bytes(v, e);
	if (!ok && (v->status != CORE_OK || v->stop_rank <= VR_DECODE))
		return false;	/* nothing decoded for a worker to check */
	ok = ok && verify_check_signer(v, e, true) &&
	    verify_check_signer(v, e, false);
	for (size_t i = 0; ok && i < e->ev.ndocs; i++)
		ok = verify_check_doc(v, e->seq, i, &e->ev.docs[i]);
	ok = ok && check_columns(v, stmt, e) && check_link(v, e);
	if (!ok) {
		if (v->status != CORE_OK) {	/* storage: no verdict to refine */
			event_clear(&e->ev);
			return false;
		}
		e->upto = v->stop_rank;
		return true;
	}
	memcpy(v->prev_hash, e->hash, CRYPTO_HASH_BYTES);
	v->prev_time = e->ev.time_ms;
	v->expect_seq++;
	return true;
}

/* A checked batch, in seq order: its failure, or progress. */
static void
take_results(struct vbatch *b, void *arg)
{
	struct vctx *v = arg;

	if (b->status != CORE_OK && v->status == CORE_OK)
		v->status = b->status;
	if (b->skipped)
		return;
	vfail_merge(&v->best, &b->fail);
	if (v->best.seq != UINT64_MAX || v->status != CORE_OK)
		return;
	v->checked += b->n;
	if (v->progress && v->checked >= v->next_progress) {
		v->progress(v->checked, v->total, v->progress_ctx);
		v->next_progress = (v->checked / PROGRESS_EVERY + 1) * PROGRESS_EVERY;
	}
}

static void
batch_reset(struct vbatch *b)
{
	for (size_t i = 0; i < b->n; i++)
		event_clear(&b->e[i].ev);
	b->n = 0;
}

static struct ventry *
batch_slot(struct vbatch *b)
{
	if (!b->e) {
		if (!(b->e = calloc(BATCH, sizeof *b->e)))
			return NULL;
		b->cap = BATCH;
	}
	return &b->e[b->n];
}

/* Read every row into batches and hand them to the pool. */
static void
read_all(struct vctx *v)
{
	enum core_status status = CORE_OK;
	sqlite3_stmt *stmt;
	struct vbatch *b;
	struct ventry *e;
	bool busy, more = true;
	int rc;

	if (!(stmt = store_prepare(v->st, sql_rows, &status))) {
		vctx_fail_storage(v, status);
		return;
	}
	while (more && !v->stopped) {
		b = vpool_take(v->pool, &busy);
		if (busy)
			take_results(b, v);
		batch_reset(b);
		if (v->best.seq != UINT64_MAX || v->status != CORE_OK)
			break;	/* a worker found the first failure already */
		while (more && !v->stopped && b->n < BATCH) {
			rc = sqlite3_step(stmt);
			if (rc == SQLITE_DONE) {
				more = false;
			} else if (rc != SQLITE_ROW) {
				vctx_fail_storage(v, store_fail(v->st, rc, "reading the ledger"));
			} else if (!(e = batch_slot(b))) {
				vctx_fail_storage(v, core_fail(CORE_ERR_NOMEM, "verify"));
			} else if (check_row(v, stmt, e)) {
				b->n++;
			}
		}
		if (b->n > 0)
			vpool_submit(v->pool, b);
	}
	sqlite3_reset(stmt);
}

/* ---- the walk ---- */

static enum core_status
load_kiosk(struct vctx *v, const uint8_t *pinned_pk)
{
	size_t pk_len = 0, id_len = 0;
	enum core_status s1, s2;

	s1 = store_meta_get(v->st, "kiosk_pk", v->kiosk_pk, sizeof v->kiosk_pk,
	    &pk_len);
	if (core_status_is_storage(s1))
		return s1;
	s2 = store_meta_get(v->st, "kiosk_id", v->kiosk_id, sizeof v->kiosk_id,
	    &id_len);
	if (core_status_is_storage(s2))
		return s2;
	v->have_kiosk = s1 == CORE_OK && s2 == CORE_OK &&
	    pk_len == CRYPTO_PK_BYTES && id_len == CRYPTO_ID_BYTES;
	if (pinned_pk && (!v->have_kiosk ||
	    !crypto_equal(pinned_pk, v->kiosk_pk, CRYPTO_PK_BYTES))) {
		vctx_fail(v, 0, VR_SEQ, "kiosk_pk",
		    "the kiosk key in the database is not the pinned key");
		return CORE_ERR_VERIFY;
	}
	return CORE_OK;
}

static enum core_status
count_entries(struct vctx *v)
{
	enum core_status status = CORE_OK;
	sqlite3_stmt *stmt;
	int rc;

	if (!(stmt = store_prepare(v->st, sql_max, &status)))
		return status;
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		v->total = (uint64_t)sqlite3_column_int64(stmt, 0);
	else
		status = store_fail(v->st, rc, "counting the ledger");
	sqlite3_reset(stmt);
	return status;
}

static enum core_status
walk(struct vctx *v, const uint8_t *pinned_pk)
{
	struct verify_report *rep = v->rep;
	enum core_status status;
	unsigned n = thread_count();

	if ((status = load_kiosk(v, pinned_pk)) != CORE_OK ||
	    (status = count_entries(v)) != CORE_OK)
		return status;
	if (v->total > 0 && !v->have_kiosk) {
		vctx_fail(v, 0, VR_SEQ, "kiosk_pk",
		    "the database does not record the kiosk key");
		return CORE_ERR_VERIFY;
	}
	if ((status = vpool_start(n, n > 1 ? 2 * (size_t)n + 2 : 1, v->kiosk_pk,
	    &v->pool)) != CORE_OK)
		return status;
	read_all(v);
	vpool_drain(v->pool, take_results, v);
	vpool_stop(&v->pool);
	if (v->status != CORE_OK)
		return v->status;
	if (v->best.seq != UINT64_MAX)
		return CORE_ERR_VERIFY;
	if (v->checked != v->total) {
		vctx_fail(v, v->expect_seq, VR_SEQ, "seq", "entries are missing before seq %"
		    PRIu64, v->total);
		return CORE_ERR_VERIFY;
	}
	rep->count = v->checked;
	rep->first_seq = v->checked ? 1 : 0;
	rep->last_seq = v->checked;
	memcpy(rep->head, v->prev_hash, CRYPTO_HASH_BYTES);
	if (v->progress)
		v->progress(v->checked, v->total, v->progress_ctx);
	return CORE_OK;
}

enum core_status
verify_ledger(struct store *st, const uint8_t *pinned_pk,
    verify_progress_fn progress, void *ctx, struct verify_report *out)
{
	struct vctx v;
	enum core_status status;
	bool own_txn;

	memset(out, 0, sizeof *out);
	memset(&v, 0, sizeof v);
	v.st = st;
	v.rep = out;
	v.expect_seq = 1;
	v.progress = progress;
	v.progress_ctx = ctx;
	v.next_progress = PROGRESS_EVERY;
	vfail_clear(&v.best);
	/* One snapshot for the whole walk, unless the caller already holds one. */
	own_txn = sqlite3_get_autocommit(store_db(st)) != 0;
	if (own_txn && (status = store_begin_read(st)) != CORE_OK)
		return status;
	status = walk(&v, pinned_pk);
	if (own_txn)
		store_rollback(st);
	verify_refs_free(&v);
	if (status == CORE_ERR_VERIFY) {
		out->bad_seq = v.best.seq;
		snprintf(out->bad_field, sizeof out->bad_field, "%s", v.best.field);
		snprintf(out->reason, sizeof out->reason, "%s", v.best.reason);
		return core_fail(CORE_ERR_VERIFY, "seq %" PRIu64 ": %s: %s",
		    out->bad_seq, out->bad_field, out->reason);
	}
	return status;
}
