/* SPDX-License-Identifier: ISC */
/*
 * One kiosk site: its config, kiosk keys, database and content pack,
 * opened together by the kiosk and by every command.
 *
 * The kiosk opens with site_open_kiosk: a database that fails at start
 * (its quick check, or busy, full, read-only, I/O) does not stop the
 * program; the site comes up in maintenance (SPEC section 8), learners
 * are kept out, and site_recheck tries again once the fault is cleared.
 */
#ifndef CORE_SITE_H
#define CORE_SITE_H

#include <stdbool.h>

#include "config.h"
#include "content.h"
#include "crypto.h"
#include "status.h"
#include "store.h"

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
};

/*
 * Load config, keys and content, open the database (quick check included)
 * and store any new document versions. On failure *out is NULL and the
 * detail says which part failed and why.
 */
enum core_status site_open(const char *config_path, struct site **out);

/*
 * The kiosk's open. As site_open, except that when the config, keys and
 * content load and then the database fails for a storage reason (busy,
 * full, read-only, I/O error, corrupt, a failed quick check included), it
 * returns CORE_OK with the site in maintenance: site->fault holds that
 * status and site->fault_detail the detail. site->st is then the database
 * as opened (quick check failed or not), for staff sign-in, or NULL when
 * it could not be opened at all. Any other failure (config, keys,
 * content, no database, a key file of another database) fails as
 * site_open does, with *out NULL.
 */
enum core_status site_open_kiosk(const char *config_path, struct site **out);

/* True while the site is in maintenance: no learner may begin or sign a walk. */
bool site_in_maintenance(const struct site *site);

/*
 * Open the database again (a new site->st: the old handle is closed) and
 * repeat the checks of the start: quick check, kiosk key, document
 * versions. CORE_OK leaves maintenance; a failure stays in (or enters)
 * maintenance, with site->fault and site->fault_detail updated, and is
 * returned. Safe to call when not in maintenance (e.g. "Check again").
 */
enum core_status site_recheck(struct site *site);

/*
 * signoff init: create the key file and the database (never overwriting
 * either), record the kiosk key in the ledger. fingerprint receives the
 * kiosk public key's fingerprint for supervisors to note.
 */
enum core_status site_init(const char *config_path,
    char fingerprint[CRYPTO_FPR_LEN]);

void site_close(struct site **site);

#endif
