/* SPDX-License-Identifier: ISC */
/*
 * The dashboard's count on a worker thread (stats.h): the thread opens its
 * own connection to the database, counts in one read transaction as
 * stats_compute does, and leaves the numbers for the caller to take. The
 * caller's thread never waits on it except in stats_job_wait (bounded)
 * and stats_job_free (which cancels first: a flag the count checks per
 * learner, and sqlite3_interrupt for a step in progress).
 */
#include "stats.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "role.h"
#include "stats_int.h"
#include "store_db.h"

struct stats_job {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t ended_cv;
	atomic_bool cancel;
	struct site site;	/* the caller's config and content, and our store */
	int64_t now_ms;
	/* under mu: */
	struct store *st;	/* the worker's, while open (for interrupt) */
	uint64_t done, total;
	bool ended, taken;
	enum core_status status;
	char detail[512];
	struct stats *result;
};

static void
job_progress(uint64_t done, uint64_t total, void *ctx)
{
	struct stats_job *j = ctx;

	pthread_mutex_lock(&j->mu);
	j->done = done;
	j->total = total;
	pthread_mutex_unlock(&j->mu);
}

static void *
worker(void *arg)
{
	struct stats_job *j = arg;
	struct stats_watch w = { job_progress, j, &j->cancel };
	struct site site = j->site;
	struct stats *s = NULL;
	struct store *st = NULL;
	enum core_status status;

	status = store_open(site.cfg->db_path, STORE_OPEN, &st);
	if (status == CORE_OK) {
		pthread_mutex_lock(&j->mu);
		j->st = st;
		pthread_mutex_unlock(&j->mu);
		site.st = st;
		status = atomic_load(&j->cancel) ?
		    core_fail(CORE_ERR_DONE, "the count was cancelled") :
		    stats_count_all(&site, j->now_ms, &w, &s);
	}
	pthread_mutex_lock(&j->mu);
	j->st = NULL;
	pthread_mutex_unlock(&j->mu);
	store_close(&st);

	pthread_mutex_lock(&j->mu);
	j->status = status;
	j->result = s;
	snprintf(j->detail, sizeof j->detail, "%s", status == CORE_OK ? "" :
	    core_detail());
	j->ended = true;
	pthread_cond_broadcast(&j->ended_cv);
	pthread_mutex_unlock(&j->mu);
	return NULL;
}

enum core_status
stats_job_start(struct site *site, const uint8_t *actor, int64_t now_ms,
    struct stats_job **out)
{
	enum core_status status;
	struct stats_job *j;
	pthread_condattr_t ca;
	sigset_t all, old;
	int err;

	*out = NULL;
	if ((status = role_authorize(site, actor, ROLE_ACT_DASHBOARD)) != CORE_OK)
		return status;
	if (!(j = calloc(1, sizeof *j)))
		return core_fail(CORE_ERR_NOMEM, "starting a count");
	/* Only what a count reads: the config and the content pack. */
	j->site.cfg = site->cfg;
	j->site.pack = site->pack;
	j->now_ms = now_ms;
	atomic_init(&j->cancel, false);
	pthread_mutex_init(&j->mu, NULL);
	/* A monotonic clock for the timed wait: the wall clock may step. */
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&j->ended_cv, &ca);
	pthread_condattr_destroy(&ca);
	/* Signals stay with the main thread, whose poll they must wake. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	err = pthread_create(&j->thread, NULL, worker, j);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (err != 0) {
		pthread_cond_destroy(&j->ended_cv);
		pthread_mutex_destroy(&j->mu);
		free(j);
		return core_fail(err == EAGAIN ? CORE_ERR_NOMEM : CORE_ERR_INVALID,
		    "starting a count: %s", strerror(err));
	}
	*out = j;
	return CORE_OK;
}

bool
stats_job_wait(struct stats_job *j, unsigned ms)
{
	struct timespec until;
	bool ended;

	pthread_mutex_lock(&j->mu);
	if (!j->ended && ms > 0) {
		clock_gettime(CLOCK_MONOTONIC, &until);
		until.tv_sec += ms / 1000;
		until.tv_nsec += (long)(ms % 1000) * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		while (!j->ended &&
		    pthread_cond_timedwait(&j->ended_cv, &j->mu, &until) == 0)
			;
	}
	ended = j->ended;
	pthread_mutex_unlock(&j->mu);
	return ended;
}

void
stats_job_progress(struct stats_job *j, uint64_t *done, uint64_t *total)
{
	pthread_mutex_lock(&j->mu);
	*done = j->done;
	*total = j->total;
	pthread_mutex_unlock(&j->mu);
}

enum core_status
stats_job_take(struct stats_job *j, struct stats **out)
{
	enum core_status status;
	char detail[sizeof j->detail];

	*out = NULL;
	pthread_mutex_lock(&j->mu);
	if (!j->ended || j->taken) {
		pthread_mutex_unlock(&j->mu);
		return core_fail(CORE_ERR_INVALID, j->taken ?
		    "the count was already taken" : "still counting");
	}
	j->taken = true;
	status = j->status;
	*out = j->result;
	j->result = NULL;
	memcpy(detail, j->detail, sizeof detail);
	pthread_mutex_unlock(&j->mu);
	/* The worker's detail, on this thread. */
	return status == CORE_OK ? CORE_OK : core_fail(status, "%s", detail);
}

void
stats_job_free(struct stats_job **jp)
{
	struct stats_job *j = *jp;

	if (!j)
		return;
	atomic_store(&j->cancel, true);
	pthread_mutex_lock(&j->mu);
	if (j->st)
		sqlite3_interrupt(store_db(j->st));
	pthread_mutex_unlock(&j->mu);
	pthread_join(j->thread, NULL);
	stats_free(&j->result);
	pthread_cond_destroy(&j->ended_cv);
	pthread_mutex_destroy(&j->mu);
	free(j);
	*jp = NULL;
}
