/* SPDX-License-Identifier: ISC */
/*
 * The audit hook's syslog side. No LOG_CONS: with no syslog daemon the
 * lines are dropped rather than written over the kiosk's console.
 */
#include "cli/audit_log.h"

#include <syslog.h>

#include "core/audit.h"
#include "core/event.h"

static void
to_syslog(unsigned kind, const char *words)
{
	int prio = LOG_NOTICE;

	if (kind == EV_STAFF_SIGNIN_FAILED || kind == EV_STAFF_LOCKED ||
	    kind == EV_LEARNER_LOCKED)
		prio = LOG_WARNING;
	syslog(prio, "%s", words);
}

void
audit_log_start(void)
{
	openlog("signoff", LOG_PID, LOG_AUTHPRIV);
	core_set_audit_hook(to_syslog);
}
