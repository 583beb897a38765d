/* SPDX-License-Identifier: ISC */
/*
 * The SQLite file: opening with the pragmas of SPEC section 8, schema
 * migrations through user_version, write transactions (BEGIN IMMEDIATE),
 * the quick check and the cheap probe of the start. Every SQLite failure maps to a core status; storage
 * failures (busy, full, read-only, I/O, corrupt) are reported, never hidden.
 */
#ifndef CORE_STORE_H
#define CORE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "status.h"

struct store;

enum store_mode {
	STORE_OPEN,	/* the file must exist */
	STORE_CREATE,	/* the file must not exist; created mode 0600 */
	STORE_READ,	/* read-only, for checks: it must exist and be migrated */
};

enum core_status store_open(const char *path, enum store_mode mode,
    struct store **out);
void store_close(struct store **st);

/* PRAGMA quick_check; CORE_ERR_CORRUPT with the first complaint as detail. */
enum core_status store_quick_check(struct store *st);

/*
 * The cheap part of the check, for the start: the root page (and first
 * leaf) of every table is read, which store_open's schema read does not
 * do. Milliseconds on any size of file, where the quick check reads all
 * of it; CORE_ERR_CORRUPT (or the storage status) naming the table.
 */
enum core_status store_probe(struct store *st);

/*
 * From any thread while st is open: the statement running on it (the
 * quick check above, on a STORE_READ connection of a thread's own) ends
 * early with a storage status. An interrupt that comes before the
 * statement starts is lost: ask again until the thread says it is done.
 */
void store_interrupt(struct store *st);

/* BEGIN IMMEDIATE / COMMIT / ROLLBACK. Rollback is safe when none is open. */
enum core_status store_begin(struct store *st);
enum core_status store_commit(struct store *st);

/*
 * Call fn(kind, words) once the write transaction open now commits, or at
 * once outside one; a rollback (or a failed commit) drops it. For lines
 * that must not tell of something that was never saved (the audit hook).
 * words is copied; dropped too if there is no memory for the copy.
 */
typedef void (*store_later_fn)(unsigned kind, const char *words);
void store_after_commit(struct store *st, store_later_fn fn, unsigned kind,
    const char *words);
void store_rollback(struct store *st);

/* Read transactions give one consistent snapshot across several queries. */
enum core_status store_begin_read(struct store *st);

/* Wall clock in ms since the epoch, UTC; SIGNOFF_FAKE_TIME (seconds) overrides for tests. */
int64_t store_now_ms(void);

/* meta key/value (kiosk id, kiosk public key, ...). */
enum core_status store_meta_get(struct store *st, const char *key, void *buf,
    size_t cap, size_t *len);
enum core_status store_meta_put(struct store *st, const char *key,
    const void *val, size_t len);

#endif
