/* SPDX-License-Identifier: ISC */
/*
 * Recording a verification run (SPEC section 5: "verify from the
 * dashboard ... each run recorded as a ledger event"). The caller runs
 * verify_ledger (with its own progress display) and then hands the outcome
 * here, which appends EV_VERIFY_RUN saying who ran it and what it found.
 */
#ifndef CORE_VERIFY_RUN_H
#define CORE_VERIFY_RUN_H

#include <stdint.h>

#include "ledger.h"
#include "site.h"
#include "status.h"
#include "verify.h"

/*
 * Append EV_VERIFY_RUN (actor: the staff member, or zeros for the command
 * line) with fields "result" ("ok", "failed" when result is
 * CORE_ERR_VERIFY, else "error"), "count", "last_seq" and "head" (hex),
 * and on failure "bad_seq", "bad_field" and "reason". result is what
 * verify_ledger returned; report its report. The actor's role must allow
 * verifying (CORE_ERR_DENIED). out (may be NULL): the new entry. A failed
 * ledger is still recorded: the entry goes after the bad one, and says so.
 */
enum core_status verify_record_run(struct site *site, const uint8_t *actor,
    enum core_status result, const struct verify_report *report,
    struct ledger_appended *out);

#endif
