/* SPDX-License-Identifier: ISC */
/* Status messages, per-thread failure detail and the fatal hook. */
#include "status.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static const char *const messages[] = {
#define CORE_STATUS_MSG(name, msg) [name] = msg,
	CORE_STATUSES(CORE_STATUS_MSG)
#undef CORE_STATUS_MSG
};

static _Thread_local char detail[512];
static void (*fatal_hook)(void);

const char *
core_status_message(enum core_status status)
{
	if ((unsigned)status >= sizeof messages / sizeof messages[0])
		return "unknown error";
	return messages[status];
}

bool
core_status_is_storage(enum core_status status)
{
	switch (status) {
	case CORE_ERR_BUSY:
	case CORE_ERR_FULL:
	case CORE_ERR_READONLY:
	case CORE_ERR_IO:
	case CORE_ERR_CORRUPT:
		return true;
	default:
		return false;
	}
}

enum core_status
core_fail(enum core_status status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(detail, sizeof detail, fmt, ap);
	va_end(ap);
	return status;
}

const char *
core_detail(void)
{
	return detail;
}

void
core_detail_clear(void)
{
	detail[0] = '\0';
}

void
core_set_fatal_hook(void (*hook)(void))
{
	fatal_hook = hook;
}

_Noreturn void
core_fatal(const char *what)
{
	static const char prefix[] = "signoff: fatal: ";
	size_t n = 0;

	if (fatal_hook)
		fatal_hook();
	while (what[n])
		n++;
	/* write(2) only: this may run on a broken heap. */
	(void)!write(STDERR_FILENO, prefix, sizeof prefix - 1);
	(void)!write(STDERR_FILENO, what, n);
	(void)!write(STDERR_FILENO, "\n", 1);
	abort();
}
