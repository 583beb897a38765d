/* SPDX-License-Identifier: ISC */
/*
 * One kiosk site: its config, kiosk keys, database and content pack,
 * opened together by the kiosk and by every command.
 */
#ifndef CORE_SITE_H
#define CORE_SITE_H

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
};

/*
 * Load config, keys and content, open the database (quick check included)
 * and store any new document versions. On failure *out is NULL and the
 * detail says which part failed and why.
 */
enum core_status site_open(const char *config_path, struct site **out);

/*
 * signoff init: create the key file and the database (never overwriting
 * either), record the kiosk key in the ledger. fingerprint receives the
 * kiosk public key's fingerprint for supervisors to note.
 */
enum core_status site_init(const char *config_path,
    char fingerprint[CRYPTO_FPR_LEN]);

void site_close(struct site **site);

#endif
