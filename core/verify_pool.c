/* SPDX-License-Identifier: ISC */
/*
 * Verify's workers: a ring of batch slots filled by the main thread in seq
 * order and checked by one worker thread per core. A worker re-encodes each
 * decoded event and compares the bytes, checks the kiosk countersignature,
 * the entry hash and the learner and witness signatures (keys resolved by
 * the main thread), and stops its batch at the first failure. Batches that
 * start after a known failure are skipped: they cannot hold the first one.
 *
 * With one thread there are no workers: submit checks the batch at once,
 * in the caller, which keeps a one-core machine free of thread overhead.
 */
#include "verify_int.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum slot_state {
	SLOT_FREE,	/* empty, or its results already taken */
	SLOT_READY,	/* submitted, waiting for a worker */
	SLOT_WORKING,
	SLOT_DONE,	/* checked; results not yet taken */
};

struct vpool {
	pthread_mutex_t mu;
	pthread_cond_t work;	/* a batch is ready, or quit */
	pthread_cond_t done;	/* a batch is done */
	pthread_t *threads;
	unsigned nthreads;	/* workers started; 0 = check inline */
	struct vbatch *slots;
	size_t nslots;
	uint64_t submitted;	/* batches submitted so far */
	uint64_t claimed;	/* batches taken by workers so far */
	uint64_t limit;		/* skip batches starting after this seq */
	bool quit;
	uint8_t kiosk_pk[CRYPTO_PK_BYTES];
};

/* ---- failures ---- */

void
vfail_clear(struct vfail *f)
{
	f->seq = UINT64_MAX;
	f->rank = VR_NONE;
	f->field[0] = '\0';
	f->reason[0] = '\0';
}

void
vfail_merge(struct vfail *best, const struct vfail *f)
{
	if (f->seq < best->seq || (f->seq == best->seq && f->rank < best->rank))
		*best = *f;
}

void
vfail_set(struct vfail *f, uint64_t seq, unsigned rank, const char *field,
    const char *fmt, ...)
{
	va_list ap;

	f->seq = seq;
	f->rank = rank;
	snprintf(f->field, sizeof f->field, "%s", field);
	va_start(ap, fmt);
	vsnprintf(f->reason, sizeof f->reason, fmt, ap);
	va_end(ap);
}

enum core_status
ventry_reserve(struct ventry *e, size_t n)
{
	size_t want = n + VENTRY_TAIL;
	uint8_t *p;

	if (want <= e->cap)
		return CORE_OK;
	if (want < 1024)
		want = 1024;
	if (!(p = realloc(e->buf, want)))
		return core_fail(CORE_ERR_NOMEM, "verify: %zu bytes", want);
	e->buf = p;
	e->cap = want;
	return CORE_OK;
}

/* ---- one entry: the expensive checks ---- */

/* false on the entry's first failure (in f), or on running out of memory. */
static bool
check_entry(const struct vpool *p, struct ventry *e, struct vfail *f,
    enum core_status *status)
{
	static const uint8_t zero[CRYPTO_SIG_BYTES];
	uint8_t *tail = e->buf + e->len, hash[CRYPTO_HASH_BYTES], *again;
	size_t len;
	bool same;

	if (e->upto > VR_CANON) {
		enum core_status rc = event_encode(&e->ev, &again, &len);

		if (rc == CORE_ERR_NOMEM) {
			*status = rc;
			return false;
		}
		same = rc == CORE_OK && len == e->len &&
		    memcmp(again, e->buf, len) == 0;
		free(again);
		if (!same) {
			vfail_set(f, e->seq, VR_CANON, "bytes",
			    "the bytes are not canonical");
			return false;
		}
	}
	/* What the kiosk signed and the hash covers, absent signatures as zeros. */
	memcpy(tail, e->has_learner_sig ? e->learner_sig : zero, CRYPTO_SIG_BYTES);
	memcpy(tail + CRYPTO_SIG_BYTES, e->has_witness_sig ? e->witness_sig : zero,
	    CRYPTO_SIG_BYTES);
	memcpy(tail + 2 * CRYPTO_SIG_BYTES, e->kiosk_sig, CRYPTO_SIG_BYTES);
	if (e->upto > VR_KIOSK_SIG && !crypto_verify(p->kiosk_pk, e->buf,
	    e->len + 2 * CRYPTO_SIG_BYTES, e->kiosk_sig)) {
		vfail_set(f, e->seq, VR_KIOSK_SIG, "kiosk_sig",
		    "the kiosk signature does not verify: the bytes or a signature were changed");
		return false;
	}
	if (e->upto > VR_HASH) {
		crypto_blake2b(e->buf, e->len + VENTRY_TAIL, hash);
		if (!crypto_equal(hash, e->hash, CRYPTO_HASH_BYTES)) {
			vfail_set(f, e->seq, VR_HASH, "hash",
			    "the entry hash does not match the entry");
			return false;
		}
	}
	if (e->check_learner && e->upto > VR_LSIG &&
	    !crypto_verify(e->learner_pk, e->buf, e->len, e->learner_sig)) {
		vfail_set(f, e->seq, VR_LSIG, "learner_sig",
		    "the signature does not verify");
		return false;
	}
	if (e->check_witness && e->upto > VR_WSIG &&
	    !crypto_verify(e->witness_pk, e->buf, e->len, e->witness_sig)) {
		vfail_set(f, e->seq, VR_WSIG, "witness_sig",
		    "the signature does not verify");
		return false;
	}
	return true;
}

static void
check_batch(const struct vpool *p, struct vbatch *b)
{
	vfail_clear(&b->fail);
	b->status = CORE_OK;
	for (size_t i = 0; i < b->n; i++)
		if (!check_entry(p, &b->e[i], &b->fail, &b->status))
			break;
}

/* ---- the pool ---- */

static void *
worker(void *arg)
{
	struct vpool *p = arg;
	struct vbatch *b;
	bool skip;

	pthread_mutex_lock(&p->mu);
	for (;;) {
		while (!p->quit && p->claimed == p->submitted)
			pthread_cond_wait(&p->work, &p->mu);
		if (p->claimed == p->submitted)
			break;	/* quit, and nothing left */
		b = &p->slots[p->claimed++ % p->nslots];
		b->state = SLOT_WORKING;
		skip = b->n == 0 || b->e[0].seq > p->limit;
		pthread_mutex_unlock(&p->mu);

		b->skipped = skip;
		if (!skip)
			check_batch(p, b);

		pthread_mutex_lock(&p->mu);
		if (!skip && b->fail.seq < p->limit)
			p->limit = b->fail.seq;
		b->state = SLOT_DONE;
		pthread_cond_broadcast(&p->done);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

enum core_status
vpool_start(unsigned nthreads, size_t nslots,
    const uint8_t kiosk_pk[CRYPTO_PK_BYTES], struct vpool **out)
{
	struct vpool *p;

	*out = NULL;
	if (!(p = calloc(1, sizeof *p)) ||
	    !(p->slots = calloc(nslots, sizeof *p->slots))) {
		free(p);
		return core_fail(CORE_ERR_NOMEM, "verify: starting");
	}
	p->nslots = nslots;
	p->limit = UINT64_MAX;
	memcpy(p->kiosk_pk, kiosk_pk, CRYPTO_PK_BYTES);
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->work, NULL);
	pthread_cond_init(&p->done, NULL);
	if (nthreads > 1 && (p->threads = calloc(nthreads, sizeof *p->threads))) {
		for (; p->nthreads < nthreads; p->nthreads++)
			if (pthread_create(&p->threads[p->nthreads], NULL, worker, p) != 0)
				break;	/* fewer workers still verify */
	}
	*out = p;
	return CORE_OK;
}

struct vbatch *
vpool_take(struct vpool *p, bool *was_busy)
{
	struct vbatch *b = &p->slots[p->submitted % p->nslots];

	pthread_mutex_lock(&p->mu);
	while (b->state == SLOT_READY || b->state == SLOT_WORKING)
		pthread_cond_wait(&p->done, &p->mu);
	*was_busy = b->state == SLOT_DONE;
	b->state = SLOT_FREE;
	pthread_mutex_unlock(&p->mu);
	return b;
}

void
vpool_submit(struct vpool *p, struct vbatch *b)
{
	if (p->nthreads == 0) {
		b->skipped = b->n == 0 || b->e[0].seq > p->limit;
		if (!b->skipped)
			check_batch(p, b);
		if (!b->skipped && b->fail.seq < p->limit)
			p->limit = b->fail.seq;
		b->state = SLOT_DONE;
		p->submitted++;
		p->claimed++;
		return;
	}
	pthread_mutex_lock(&p->mu);
	b->state = SLOT_READY;
	p->submitted++;
	pthread_cond_signal(&p->work);
	pthread_mutex_unlock(&p->mu);
}

void
vpool_limit(struct vpool *p, uint64_t seq)
{
	pthread_mutex_lock(&p->mu);
	if (seq < p->limit)
		p->limit = seq;
	pthread_mutex_unlock(&p->mu);
}

void
vpool_drain(struct vpool *p, void (*fn)(struct vbatch *, void *), void *ctx)
{
	uint64_t k = p->submitted > p->nslots ? p->submitted - p->nslots : 0;

	for (; k < p->submitted; k++) {
		struct vbatch *b = &p->slots[k % p->nslots];
		bool done;

		pthread_mutex_lock(&p->mu);
		while (b->state == SLOT_READY || b->state == SLOT_WORKING)
			pthread_cond_wait(&p->done, &p->mu);
		done = b->state == SLOT_DONE;
		b->state = SLOT_FREE;
		pthread_mutex_unlock(&p->mu);
		if (done && fn)
			fn(b, ctx);
	}
}

void
vpool_stop(struct vpool **pp)
{
	struct vpool *p = *pp;

	if (!p)
		return;
	vpool_drain(p, NULL, NULL);
	pthread_mutex_lock(&p->mu);
	p->quit = true;
	pthread_cond_broadcast(&p->work);
	pthread_mutex_unlock(&p->mu);
	for (unsigned i = 0; i < p->nthreads; i++)
		pthread_join(p->threads[i], NULL);
	for (size_t s = 0; s < p->nslots; s++) {
		struct vbatch *b = &p->slots[s];

		for (size_t i = 0; i < b->cap; i++) {
			event_clear(&b->e[i].ev);
			free(b->e[i].buf);
		}
		free(b->e);
	}
	pthread_cond_destroy(&p->work);
	pthread_cond_destroy(&p->done);
	pthread_mutex_destroy(&p->mu);
	free(p->slots);
	free(p->threads);
	free(p);
	*pp = NULL;
}
