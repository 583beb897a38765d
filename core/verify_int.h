/* SPDX-License-Identifier: ISC */
/*
 * Core-private: the parts of verify shared between the main thread
 * (verify.c: reading rows, the sequential checks, keys, documents) and the
 * workers (verify_pool.c: canonical bytes, the entry hash and every
 * signature, the expensive part).
 *
 * Each check has a rank, its place in the fixed order in which one entry
 * is checked. The main thread and a worker each stop at their own first
 * failure; the verdict is the failure with the lowest (seq, rank), so the
 * report names the same seq and field however the work was split.
 */
#ifndef CORE_VERIFY_INT_H
#define CORE_VERIFY_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crypto.h"
#include "event.h"
#include "status.h"
#include "store.h"
#include "verify.h"

enum vrank {
	VR_SEQ,		/* main: seq contiguous */
	VR_ROW,		/* main: a stored column of the wrong shape */
	VR_DECODE,	/* main: the bytes decode as v1 */
	VR_CANON,	/* worker: decode then encode gives the same bytes */
	VR_EVSEQ,	/* main: the event's seq is the row's */
	VR_KIND,	/* main: a known kind */
	VR_KIOSK_ID,	/* main: this kiosk's id */
	VR_KIOSK_SIG,	/* worker: the kiosk countersignature */
	VR_HASH,	/* worker: the entry hash */
	VR_LKEY,	/* main: the signing key registered, current, the owner's */
	VR_LSIG,	/* worker: the learner (or staff) signature */
	VR_WKEY,	/* main: the witness key, likewise */
	VR_WSIG,	/* worker: the witness signature */
	VR_DOCS,	/* main: documents stored, hashes and steps agree */
	VR_COLUMNS,	/* main: the unsigned row columns agree with the bytes */
	VR_LINK,	/* main: previous hash, time not going backwards */
	VR_NONE,	/* no failure */
};

struct vfail {
	uint64_t seq;	/* UINT64_MAX: none */
	unsigned rank;
	char field[64];
	char reason[256];
};

/* Room after the bytes for learner_sig || witness_sig || kiosk_sig. */
#define VENTRY_TAIL (3 * CRYPTO_SIG_BYTES)

/* One ledger row in a batch. Buffers are kept and reused between batches. */
struct ventry {
	uint64_t seq;
	uint8_t *buf;		/* bytes, then VENTRY_TAIL of scratch */
	size_t len, cap;
	uint8_t learner_sig[CRYPTO_SIG_BYTES];
	uint8_t witness_sig[CRYPTO_SIG_BYTES];
	uint8_t kiosk_sig[CRYPTO_SIG_BYTES];
	uint8_t hash[CRYPTO_HASH_BYTES];
	bool has_learner_sig, has_witness_sig;
	/* Set by the main thread before the worker sees the entry. */
	struct event ev;	/* decoded */
	bool check_learner, check_witness;
	uint8_t learner_pk[CRYPTO_PK_BYTES];
	uint8_t witness_pk[CRYPTO_PK_BYTES];
	unsigned upto;		/* the worker checks ranks below this only */
};

struct vbatch {
	struct ventry *e;
	size_t n, cap;
	struct vfail fail;	/* the worker's first failure */
	enum core_status status;	/* CORE_ERR_NOMEM from a worker */
	bool skipped;		/* past a known failure: not checked */
	int state;		/* verify_pool.c's */
};

void vfail_clear(struct vfail *f);
/* Keep the lower (seq, rank) of *best and f in *best. */
void vfail_merge(struct vfail *best, const struct vfail *f);
void vfail_set(struct vfail *f, uint64_t seq, unsigned rank, const char *field,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/*
 * The worker pool. With one thread the batch is checked in the caller, on
 * submit; otherwise nthreads workers take batches in order.
 */
struct vpool;

enum core_status vpool_start(unsigned nthreads, size_t nslots,
    const uint8_t kiosk_pk[CRYPTO_PK_BYTES], struct vpool **out);
/*
 * The next slot to fill, in submission order: waits until a worker has
 * finished with it. *was_busy tells whether it holds a checked batch the
 * caller must take the results of before reusing it.
 */
struct vbatch *vpool_take(struct vpool *p, bool *was_busy);
void vpool_submit(struct vpool *p, struct vbatch *b);
/* Workers skip batches that start after seq: a failure is known there. */
void vpool_limit(struct vpool *p, uint64_t seq);
/* Wait for every submitted batch; fn sees each in submission order. */
void vpool_drain(struct vpool *p, void (*fn)(struct vbatch *, void *),
    void *ctx);
/* Drains (discarding results), joins the workers and frees every slot. */
void vpool_stop(struct vpool **p);

/* Make room for n bytes plus the tail in e->buf. */
enum core_status ventry_reserve(struct ventry *e, size_t n);

/* ---- the main thread's state (verify.c, verify_refs.c) ---- */

/* One signing key, as proven by its registration event. */
struct vkey {
	uint8_t key_id[CRYPTO_ID_BYTES];
	uint8_t owner[CRYPTO_ID_BYTES];
	uint8_t pk[CRYPTO_PK_BYTES];
	uint64_t registered_seq;
	uint64_t retired_seq;	/* 0: not retired */
	uint64_t clear_below;	/* no newer registration for owner before this */
	bool valid;
};

/* A document version already checked. */
struct vdoc {
	uint8_t hash[CRYPTO_HASH_BYTES];
	char *step;
};

struct vctx {
	struct store *st;
	struct verify_report *rep;
	struct vpool *pool;
	uint8_t kiosk_pk[CRYPTO_PK_BYTES];
	uint8_t kiosk_id[CRYPTO_ID_BYTES];
	bool have_kiosk;
	/* link state, as far as the main thread has read */
	uint64_t expect_seq;
	uint8_t prev_hash[CRYPTO_HASH_BYTES];
	int64_t prev_time;
	/* entries through both halves of the checks, and progress */
	uint64_t checked, total, next_progress;
	verify_progress_fn progress;
	void *progress_ctx;
	/* caches: slot 0 the last signing key, 1 the last witness key */
	struct vkey key[2];
	struct vdoc *docs;
	size_t ndocs, capdocs;
	/* the first failure so far, and whether the main thread has stopped */
	struct vfail best;
	bool stopped;
	unsigned stop_rank;	/* the rank the main thread stopped at */
	/* CORE_OK, or a storage or memory failure: not a verdict */
	enum core_status status;
};

/* A failure the main thread found (false, to return): it stops reading. */
bool vctx_fail(struct vctx *v, uint64_t seq, unsigned rank, const char *field,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Storage or memory failed: no verdict (false, to return). */
bool vctx_fail_storage(struct vctx *v, enum core_status status);

/*
 * verify_refs.c: the entry's learner (or staff) key, or its witness key,
 * registered, current and its owner's; on success the worker is told to
 * check the signature with it. Then each document.
 */
bool verify_check_signer(struct vctx *v, struct ventry *e, bool learner);
bool verify_check_doc(struct vctx *v, uint64_t seq, size_t i,
    const struct event_doc *d);
void verify_refs_free(struct vctx *v);

#endif
