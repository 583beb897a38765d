/* SPDX-License-Identifier: ISC */
/*
 * Core-private: the SQLite handle behind a store, for the core modules that
 * run their own queries. Never include this outside core/.
 */
#ifndef CORE_STORE_DB_H
#define CORE_STORE_DB_H

#include <sqlite3.h>

#include "store.h"

sqlite3 *store_db(struct store *st);

/* Map an SQLite result code to a core status, with `what` and SQLite's words as detail. */
enum core_status store_fail(struct store *st, int rc, const char *what);

/* Prepare (cached for the life of the store) or return NULL with status in *err. */
sqlite3_stmt *store_prepare(struct store *st, const char *sql, enum core_status *err);

#endif
