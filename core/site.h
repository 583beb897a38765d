/* SPDX-License-Identifier: ISC */
/*
 * One kiosk site: its config, kiosk keys, database and content pack,
 * opened together by the kiosk and by every command.
 *
 * The kiosk opens with site_open_kiosk: a database that fails at start
 * (its checks, or busy, full, read-only, I/O) does not stop the program;
 * the site comes up in maintenance (SPEC section 8), learners are kept
 * out, and site_recheck tries again once the fault is cleared.
 *
 * The checks at open are the cheap ones (the schema, every table's root
 * page, the kiosk key, the document versions): the whole-file quick check
 * reads every page, seconds on a big file, so the kiosk runs it on a
 * thread after its first paint (site_check_start) and enters maintenance
 * when it fails (site_check_poll); commands that read the whole file
 * (verify) run store_quick_check themselves, and the others meet any
 * damage they touch through SQLite's own checks, as a storage status.
 */
#ifndef CORE_SITE_H
#define CORE_SITE_H

#include <stdbool.h>

#include "config.h"
#include "content.h"
#include "crypto.h"
#include "status.h"
#include "store.h"

struct site_checker;
struct site_opening;

struct site {
	struct config *cfg;
	struct kiosk_keys *keys;
	struct store *st;
	struct content_pack *pack;
	/*
	 * CORE_OK, or why a kiosk site is in maintenance (site_open_kiosk,
	 * site_recheck), with the detail for staff; never set by site_open.
	 */
	enum core_status fault;
	char fault_detail[512];
	struct site_checker *check;	/* the background check, if one ran */
	struct site_opening *opening;	/* site_open_kiosk_begin's thread */
};

/*
 * Load config, keys and content, open the database (the cheap checks: see
 * above) and store any new document versions. On failure *out is NULL and
 * the detail says which part failed and why.
 */
enum core_status site_open(const char *config_path, struct site **out);

/*
 * The kiosk's open. As site_open, except that when the config, keys and
 * content load and then the database fails for a storage reason (busy,
 * full, read-only, I/O error, corrupt, a failed check included), it
 * returns CORE_OK with the site in maintenance: site->fault holds that
 * status and site->fault_detail the detail. site->st is then the database
 * as opened (quick check failed or not), for staff sign-in, or NULL when
 * it could not be opened at all. Any other failure (config, keys,
 * content, no database, a key file of another database) fails as
 * site_open does, with *out NULL.
 */
enum core_status site_open_kiosk(const char *config_path, struct site **out);

/*
 * site_open_kiosk in two halves, so that the kiosk paints its first screen
 * while the rest opens. _begin loads the config (its failures as
 * site_open_kiosk's, *out NULL) and starts the rest (keys, content,
 * database) on a thread (signals blocked there; here and now if no
 * thread can be made). Until _end, only site->cfg may be used. _end waits
 * for it and returns what site_open_kiosk would have: CORE_OK (in
 * maintenance or not), or a failure for which the kiosk must not run
 * (then close the site); again if called again. On a site from
 * site_open_kiosk, CORE_OK.
 */
enum core_status site_open_kiosk_begin(const char *config_path,
    struct site **out);
enum core_status site_open_kiosk_end(struct site *site);

/* True while the site is in maintenance: no learner may begin or sign a walk. */
bool site_in_maintenance(const struct site *site);

/*
 * Open the database again (a new site->st: the old handle is closed) and
 * repeat the checks of the start, with the whole-file quick check done
 * here and now (a background check still running is stopped first): staff
 * asked, and learners are kept out meanwhile. CORE_OK leaves maintenance;
 * a failure stays in (or enters) maintenance, with site->fault and
 * site->fault_detail updated, and is returned. Safe to call when not in
 * maintenance (e.g. "Check again").
 */
enum core_status site_recheck(struct site *site);

enum site_check {
	SITE_CHECK_NONE,	/* none started, or its end already reported */
	SITE_CHECK_RUNNING,
	SITE_CHECK_PASSED,
	SITE_CHECK_FAILED,	/* the site has entered maintenance */
};

/*
 * The whole-file quick check, on a thread with its own read-only
 * connection (signals blocked there; run here and now if no thread can
 * be made). Nothing happens if one is running (or its end is not yet
 * polled), or the site is in maintenance or has no database. A failure, once polled, puts the site into
 * maintenance exactly as a failed check at open does: site->fault and
 * site->fault_detail set, site->st kept for staff sign-in.
 */
void site_check_start(struct site *site);

/* Never blocks: how the check stands; PASSED or FAILED once only. */
enum site_check site_check_poll(struct site *site);

/* As site_check_poll, but waits for the end of a running check. */
enum site_check site_check_wait(struct site *site);

/*
 * signoff init: create the key file and the database (never overwriting
 * either), record the kiosk key in the ledger. fingerprint receives the
 * kiosk public key's fingerprint for supervisors to note.
 */
enum core_status site_init(const char *config_path,
    char fingerprint[CRYPTO_FPR_LEN]);

/* Stops and joins a background check first; NULL is fine. */
void site_close(struct site **site);

#endif
