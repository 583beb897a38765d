/* SPDX-License-Identifier: ISC */
/*
 * Status codes every core function returns, with a message table and an
 * optional per-thread detail string. Core never prints and never exits: the
 * caller decides how to show a failure.
 */
#ifndef CORE_STATUS_H
#define CORE_STATUS_H

#include <stdbool.h>

#define CORE_STATUSES(X) \
	X(CORE_OK, "done") \
	X(CORE_ERR_NOMEM, "out of memory") \
	X(CORE_ERR_INVALID, "invalid input") \
	X(CORE_ERR_NOT_FOUND, "not found") \
	X(CORE_ERR_EXISTS, "already exists") \
	X(CORE_ERR_AUTH, "those details did not match") \
	X(CORE_ERR_LOCKED, "locked") \
	X(CORE_ERR_DONE, "nothing outstanding") \
	X(CORE_ERR_PERMISSION, "permission has not been recorded") \
	X(CORE_ERR_BUSY, "the database is busy") \
	X(CORE_ERR_FULL, "the disk is full") \
	X(CORE_ERR_READONLY, "the database is read-only") \
	X(CORE_ERR_IO, "a storage input/output error") \
	X(CORE_ERR_CORRUPT, "the database is damaged") \
	X(CORE_ERR_CONFIG, "the configuration is not valid") \
	X(CORE_ERR_CONTENT, "the content pack is not valid") \
	X(CORE_ERR_CRYPTO, "a cryptographic operation failed") \
	X(CORE_ERR_VERIFY, "the records failed verification") \
	X(CORE_ERR_CLOCK, "the clock is earlier than the last record") \
	X(CORE_ERR_DENIED, "not allowed for this role")

enum core_status {
#define CORE_STATUS_ENUM(name, msg) name,
	CORE_STATUSES(CORE_STATUS_ENUM)
#undef CORE_STATUS_ENUM
};

/* A fixed, plain-words message for a status. Never NULL. */
const char *core_status_message(enum core_status status);

/* True for busy, full, read-only, I/O and corrupt: the record was not saved. */
bool core_status_is_storage(enum core_status status);

/*
 * Record a detail for the last failure on this thread and return status, so
 * a failing path reads `return core_fail(CORE_ERR_CONFIG, "%s: ...", ...);`.
 */
enum core_status core_fail(enum core_status status, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The detail set by the last core_fail on this thread, or "" (borrowed). */
const char *core_detail(void);
void core_detail_clear(void);

/*
 * Fatal path: the terminal layer registers its teardown here so that an
 * impossible state restores the terminal before abort().
 */
void core_set_fatal_hook(void (*hook)(void));
_Noreturn void core_fatal(const char *what);

#endif
