/* SPDX-License-Identifier: ISC */
/*
 * signoff backup: a consistent copy of the database while kiosks run
 * (SPEC section 8), with SQLite's online backup API.
 *
 * The copy is one snapshot: the source is read inside a single read
 * transaction for the whole copy, so kiosks in other processes keep signing
 * (WAL readers block no one), the copy never restarts however busy they
 * are, and so it always finishes. The price is that the WAL cannot be
 * checkpointed past that snapshot until the copy ends, so it may grow for
 * the few seconds the copy takes.
 *
 * The destination is a new file, created mode 0600, never an existing one;
 * it is left as a single self-contained file (rollback journal mode; signoff
 * switches it back to WAL when it is opened as a site), synced, then opened
 * read-only and quick-checked. On any failure the partial copy is removed.
 */
#ifndef CORE_BACKUP_H
#define CORE_BACKUP_H

#include <stdint.h>

#include "site.h"
#include "status.h"

struct backup_report {
	uint64_t pages;		/* database pages copied */
	uint64_t bytes;		/* size of the copy */
	uint64_t ledger_seq;	/* the last ledger entry in the copy */
};

/* Called after each step with pages copied so far and the total. */
typedef void (*backup_progress_fn)(uint64_t done, uint64_t total, void *ctx);

/*
 * Copy the site's database to path. CORE_ERR_EXISTS if path exists;
 * CORE_ERR_CORRUPT if the copy fails its check; storage statuses otherwise.
 * progress and out may be NULL. Must not be called inside a transaction.
 */
enum core_status backup_to(struct site *site, const char *path,
    backup_progress_fn progress, void *ctx, struct backup_report *out);

#endif
