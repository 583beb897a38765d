/* SPDX-License-Identifier: ISC */
/*
 * Core-private: the schema migrations, applied in order through
 * PRAGMA user_version. Append a migration; never edit one that shipped.
 */
#ifndef CORE_SCHEMA_H
#define CORE_SCHEMA_H

#include <stddef.h>

extern const char *const schema_migrations[];
extern const size_t schema_nmigrations;

#endif
