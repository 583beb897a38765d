/* SPDX-License-Identifier: ISC */
/* Opening and initialising a site: config, kiosk keys, database, content. */
#include "site.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "event.h"
#include "ledger.h"

/*
 * The background check's own state. The thread opens its connection (the
 * schema read is work too) and runs the check; the main thread may
 * interrupt it once opened, and closes it after the join.
 */
struct site_checker {
	pthread_t thread;
	bool joinable;		/* a thread to join */
	char path[PATH_MAX];
	struct store *st;	/* read-only, the checker's own */
	atomic_bool opened;	/* st is set */
	atomic_bool stop;	/* give up: the answer is not wanted */
	atomic_bool done;	/* status and detail are set */
	enum core_status status;
	char detail[sizeof ((struct site *)0)->fault_detail];
};

static void *
check_run(void *arg)
{
	struct site_checker *c = arg;

	c->status = store_open(c->path, STORE_READ, &c->st);
	atomic_store(&c->opened, c->st != NULL);
	if (c->status == CORE_OK && !atomic_load(&c->stop))
		c->status = store_quick_check(c->st);
	snprintf(c->detail, sizeof c->detail, "%s",
	    c->status == CORE_OK ? "" : core_detail());
	atomic_store(&c->done, true);
	return NULL;
}

static void
free_check(struct site *site)
{
	struct site_checker *c = site->check;

	if (c->joinable)
		pthread_join(c->thread, NULL);
	store_close(&c->st);
	free(c);
	site->check = NULL;
}

/*
 * Stop and forget a check: its answer is of a file no longer in use. An
 * interrupt before the check's statement starts is lost, so ask until done.
 */
static void
stop_check(struct site *site)
{
	static const struct timespec ms = { 0, 1000000 };
	struct site_checker *c = site->check;

	if (!c)
		return;
	atomic_store(&c->stop, true);
	while (c->joinable && !atomic_load(&c->done)) {
		if (atomic_load(&c->opened))
			store_interrupt(c->st);
		nanosleep(&ms, NULL);
	}
	free_check(site);
}

static enum core_status
check_kiosk_key(struct site *site)
{
	uint8_t recorded[CRYPTO_PK_BYTES], ours[CRYPTO_PK_BYTES];
	enum core_status status;
	size_t len = 0;

	status = store_meta_get(site->st, "kiosk_pk", recorded, sizeof recorded, &len);
	if (status != CORE_OK)
		return status;
	kiosk_keys_public(site->keys, ours);
	if (len != sizeof recorded || !crypto_equal(recorded, ours, sizeof ours))
		return core_fail(CORE_ERR_CRYPTO,
		    "%s does not belong to the database %s",
		    site->cfg->key_path, site->cfg->db_path);
	return CORE_OK;
}

/*
 * The database part of opening: open, the cheap checks (every table's
 * root page), kiosk key, document versions; with full, the whole-file
 * quick check too. A storage failure may leave site->st open (a failed
 * check: staff may still sign in); any other failure closes it.
 */
static enum core_status
open_db(struct site *site, bool full)
{
	char detail[sizeof site->fault_detail];
	enum core_status status, key;

	status = store_open(site->cfg->db_path, STORE_OPEN, &site->st);
	if (status != CORE_OK)
		return status;
	status = store_probe(site->st);
	if (status == CORE_OK && full)
		status = store_quick_check(site->st);
	if (status == CORE_OK) {
		status = check_kiosk_key(site);
		if (status == CORE_OK)
			status = content_pack_store(site->pack, site->st);
	} else {
		/*
		 * A damaged file is kept open only if it still says it is
		 * ours: nothing may be written into another kiosk's file.
		 */
		snprintf(detail, sizeof detail, "%s", core_detail());
		key = check_kiosk_key(site);
		if (key == CORE_ERR_CRYPTO)
			status = key;
		else if (key != CORE_OK)
			store_close(&site->st);
		if (status != CORE_ERR_CRYPTO)
			(void)core_fail(status, "%s", detail);
	}
	if (status != CORE_OK && !core_status_is_storage(status))
		store_close(&site->st);
	return status;
}

static void
set_fault(struct site *site, enum core_status status)
{
	site->fault = status;
	snprintf(site->fault_detail, sizeof site->fault_detail, "%s",
	    status == CORE_OK ? "" : core_detail());
}

/* The kiosk's way with the database part: storage faults mean maintenance. */
static enum core_status
kiosk_db(struct site *site, enum core_status status)
{
	if (!core_status_is_storage(status))
		return status;
	set_fault(site, status);
	return CORE_OK;
}

/* Keys and content: what the database part needs of the rest. */
static enum core_status
open_keys_content(struct site *site)
{
	enum core_status status;

	status = kiosk_keys_load(site->cfg->key_path, &site->keys);
	if (status == CORE_OK)
		status = content_pack_load(site->cfg, &site->pack);
	return status;
}

/* The config; with all, keys and content too: all but the database. */
static enum core_status
open_parts(const char *config_path, bool all, struct site **out)
{
	enum core_status status;
	struct site *site;

	*out = NULL;
	if (!(site = calloc(1, sizeof *site)))
		return core_fail(CORE_ERR_NOMEM, "opening the site");
	status = config_load(config_path, &site->cfg);
	if (status == CORE_OK && all)
		status = open_keys_content(site);
	if (status != CORE_OK) {
		site_close(&site);
		return status;
	}
	*out = site;
	return CORE_OK;
}

static enum core_status
open_site(const char *config_path, bool kiosk, struct site **out)
{
	enum core_status status;
	struct site *site;

	if ((status = open_parts(config_path, true, &site)) != CORE_OK)
		return status;
	status = open_db(site, false);
	if (kiosk)
		status = kiosk_db(site, status);
	if (status != CORE_OK) {
		site_close(&site);
		return status;
	}
	*out = site;
	return CORE_OK;
}

enum core_status
site_open(const char *config_path, struct site **out)
{
	return open_site(config_path, false, out);
}

enum core_status
site_open_kiosk(const char *config_path, struct site **out)
{
	return open_site(config_path, true, out);
}

/*
 * Keys, content and database, site_open_kiosk_begin's thread: it sets
 * site->keys, pack and st and keeps its answer here; only
 * site_open_kiosk_end, after the join, lets the rest of the site see them.
 */
struct site_opening {
	pthread_t thread;
	bool joinable;
	bool ended;		/* site_open_kiosk_end has taken the answer */
	enum core_status status;
	char detail[sizeof ((struct site *)0)->fault_detail];
};

static void *
open_run(void *arg)
{
	struct site *site = arg;
	struct site_opening *o = site->opening;

	o->status = open_keys_content(site);
	if (o->status == CORE_OK)
		o->status = open_db(site, false);
	snprintf(o->detail, sizeof o->detail, "%s",
	    o->status == CORE_OK ? "" : core_detail());
	return NULL;
}

static void
join_opening(struct site_opening *o)
{
	if (o->joinable)
		pthread_join(o->thread, NULL);
	o->joinable = false;
}

enum core_status
site_open_kiosk_begin(const char *config_path, struct site **out)
{
	struct site_opening *o;
	enum core_status status;
	struct site *site;
	sigset_t all, old;

	if ((status = open_parts(config_path, false, &site)) != CORE_OK)
		return status;
	if (!(o = calloc(1, sizeof *o))) {
		site_close(&site);
		return core_fail(CORE_ERR_NOMEM, "opening the site");
	}
	site->opening = o;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	o->joinable = pthread_create(&o->thread, NULL, open_run, site) == 0;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (!o->joinable)
		(void)open_run(site);	/* no thread: open here and now */
	*out = site;
	return CORE_OK;
}

enum core_status
site_open_kiosk_end(struct site *site)
{
	struct site_opening *o = site->opening;

	if (!o)
		return CORE_OK;	/* opened whole (site_open_kiosk) */
	join_opening(o);
	if (!o->ended) {
		o->ended = true;
		if (o->status != CORE_OK)
			(void)core_fail(o->status, "%s", o->detail);
		o->status = kiosk_db(site, o->status);
		snprintf(o->detail, sizeof o->detail, "%s",
		    o->status == CORE_OK ? "" : core_detail());
	} else if (o->status != CORE_OK) {
		(void)core_fail(o->status, "%s", o->detail);
	}
	return o->status;
}

bool
site_in_maintenance(const struct site *site)
{
	return site->fault != CORE_OK;
}

enum core_status
site_recheck(struct site *site)
{
	enum core_status status;

	stop_check(site);
	store_close(&site->st);
	status = open_db(site, true);
	set_fault(site, status);
	return status;
}

void
site_check_start(struct site *site)
{
	struct site_checker *c;
	sigset_t all, old;

	if (site->check || site_in_maintenance(site) || !site->st)
		return;
	if (!(c = calloc(1, sizeof *c)))
		return;	/* no memory for it: the open's checks stand */
	snprintf(c->path, sizeof c->path, "%s", site->cfg->db_path);
	atomic_init(&c->opened, false);
	atomic_init(&c->stop, false);
	atomic_init(&c->done, false);
	site->check = c;
	/* Signals stay with the main thread, whose poll they must wake. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	c->joinable = pthread_create(&c->thread, NULL, check_run, c) == 0;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (!c->joinable)
		(void)check_run(c);	/* no thread: check here and now */
}

static enum site_check
check_end(struct site *site)
{
	struct site_checker *c = site->check;
	enum site_check res = SITE_CHECK_PASSED;

	if (c->joinable)
		pthread_join(c->thread, NULL);
	c->joinable = false;
	if (c->status != CORE_OK) {
		site->fault = c->status;
		snprintf(site->fault_detail, sizeof site->fault_detail, "%s",
		    c->detail);
		res = SITE_CHECK_FAILED;
	}
	free_check(site);
	return res;
}

enum site_check
site_check_poll(struct site *site)
{
	if (!site->check)
		return SITE_CHECK_NONE;
	if (!atomic_load(&site->check->done))
		return SITE_CHECK_RUNNING;
	return check_end(site);
}

enum site_check
site_check_wait(struct site *site)
{
	if (!site->check)
		return SITE_CHECK_NONE;
	return check_end(site);
}

/* mkdir -p for the folder holding path, mode 0700 for what it creates. */
static enum core_status
make_parent(const char *path)
{
	char dir[PATH_MAX];
	char *p;

	if (strlen(path) >= sizeof dir)
		return core_fail(CORE_ERR_INVALID, "%s: path too long", path);
	strcpy(dir, path);
	if (!(p = strrchr(dir, '/')) || p == dir)
		return CORE_OK;
	*p = '\0';
	for (p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0700) != 0 && errno != EEXIST)
			return core_fail(CORE_ERR_IO, "%s: %s", dir, strerror(errno));
		*p = '/';
	}
	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		return core_fail(CORE_ERR_IO, "%s: %s", dir, strerror(errno));
	return CORE_OK;
}

static enum core_status
record_init(struct site *site)
{
	uint8_t pk[CRYPTO_PK_BYTES], id[CRYPTO_ID_BYTES];
	struct ledger_appended done;
	enum core_status status;
	struct event ev;

	kiosk_keys_public(site->keys, pk);
	kiosk_keys_id(site->keys, id);
	event_init(&ev, EV_KIOSK_INIT);
	status = event_add_field(&ev, "public_key", pk, sizeof pk);
	if (status == CORE_OK)
		status = event_add_text(&ev, "kiosk_name", site->cfg->kiosk_name);
	if (status == CORE_OK)
		status = event_set_meaning(&ev, "This kiosk's signing key was created.");
	if (status == CORE_OK)
		status = store_begin(site->st);
	if (status == CORE_OK)
		status = store_meta_put(site->st, "kiosk_id", id, sizeof id);
	if (status == CORE_OK)
		status = store_meta_put(site->st, "kiosk_pk", pk, sizeof pk);
	if (status == CORE_OK)
		status = ledger_append(site->st, site->keys, &ev, NULL, NULL, &done);
	if (status == CORE_OK)
		status = store_commit(site->st);
	else
		store_rollback(site->st);
	event_clear(&ev);
	return status;
}

enum core_status
site_init(const char *config_path, char fingerprint[CRYPTO_FPR_LEN])
{
	uint8_t pk[CRYPTO_PK_BYTES];
	enum core_status status;
	struct site *site;

	if (!(site = calloc(1, sizeof *site)))
		return core_fail(CORE_ERR_NOMEM, "initialising the site");
	status = config_load(config_path, &site->cfg);
	if (status == CORE_OK && access(site->cfg->key_path, F_OK) == 0)
		status = core_fail(CORE_ERR_EXISTS,
		    "%s already exists: init never overwrites a key file",
		    site->cfg->key_path);
	if (status == CORE_OK && access(site->cfg->db_path, F_OK) == 0)
		status = core_fail(CORE_ERR_EXISTS,
		    "%s already exists: init never overwrites a database",
		    site->cfg->db_path);
	if (status == CORE_OK)
		status = make_parent(site->cfg->key_path);
	if (status == CORE_OK)
		status = make_parent(site->cfg->db_path);
	if (status == CORE_OK)
		status = kiosk_keys_create(site->cfg->key_path);
	if (status == CORE_OK)
		status = kiosk_keys_load(site->cfg->key_path, &site->keys);
	if (status == CORE_OK)
		status = store_open(site->cfg->db_path, STORE_CREATE, &site->st);
	if (status == CORE_OK)
		status = record_init(site);
	if (status == CORE_OK) {
		kiosk_keys_public(site->keys, pk);
		crypto_fingerprint(pk, fingerprint);
	}
	site_close(&site);
	return status;
}

void
site_close(struct site **sitep)
{
	struct site *site = *sitep;

	if (!site)
		return;
	if (site->opening) {
		join_opening(site->opening);
		free(site->opening);
	}
	stop_check(site);
	store_close(&site->st);
	content_pack_free(&site->pack);
	kiosk_keys_free(&site->keys);
	config_free(&site->cfg);
	free(site);
	*sitep = NULL;
}
