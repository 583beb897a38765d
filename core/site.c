/* SPDX-License-Identifier: ISC */
/* Opening and initialising a site: config, kiosk keys, database, content. */
#include "site.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "event.h"
#include "ledger.h"

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
 * The database part of opening: open, quick check, kiosk key, document
 * versions. A storage failure may leave site->st open (a failed quick
 * check: staff may still sign in); any other failure closes it.
 */
static enum core_status
open_db(struct site *site)
{
	char detail[sizeof site->fault_detail];
	enum core_status status, key;

	status = store_open(site->cfg->db_path, STORE_OPEN, &site->st);
	if (status != CORE_OK)
		return status;
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

static enum core_status
open_site(const char *config_path, bool kiosk, struct site **out)
{
	enum core_status status;
	struct site *site;

	*out = NULL;
	if (!(site = calloc(1, sizeof *site)))
		return core_fail(CORE_ERR_NOMEM, "opening the site");
	status = config_load(config_path, &site->cfg);
	if (status == CORE_OK)
		status = kiosk_keys_load(site->cfg->key_path, &site->keys);
	if (status == CORE_OK)
		status = content_pack_load(site->cfg, &site->pack);
	if (status == CORE_OK) {
		status = open_db(site);
		if (kiosk && core_status_is_storage(status)) {
			set_fault(site, status);
			status = CORE_OK;
		}
	}
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

bool
site_in_maintenance(const struct site *site)
{
	return site->fault != CORE_OK;
}

enum core_status
site_recheck(struct site *site)
{
	enum core_status status;

	store_close(&site->st);
	status = open_db(site);
	set_fault(site, status);
	return status;
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
	store_close(&site->st);
	content_pack_free(&site->pack);
	kiosk_keys_free(&site->keys);
	config_free(&site->cfg);
	free(site);
	*sitep = NULL;
}
