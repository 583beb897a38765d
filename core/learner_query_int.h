/* SPDX-License-Identifier: ISC */
/*
 * Core-private (and for tests): the SQL learner_query_page would run for a
 * filter and direction, so a test can ask SQLite for its query plan and
 * check that no shape of the list ever sorts.
 */
#ifndef CORE_LEARNER_QUERY_INT_H
#define CORE_LEARNER_QUERY_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "learner_query.h"

void learner_query_sql(const struct lq_filter *f, enum lq_dir dir,
    bool has_from, char *sql, size_t cap);

#endif
