/* SPDX-License-Identifier: ISC */
/*
 * A learner's whole record as printable text (SPEC section 5), for staff
 * and for a subject access request: their personal details, enrolment,
 * permission, each step's state with its dates and the version of the text
 * they signed, their consents, notes kept about them, the concerns they
 * reported by name (metadata only: the text stays sealed for the DSL), and
 * every ledger entry about them in words, oldest first, with receipts.
 *
 * Opening it is itself recorded: EV_RECORD_VIEWED (subject the learner,
 * actor the staff member, field "what" = "whole record") is appended and
 * committed before any of it is written out. Untrusted text is made
 * visible (text_sanitize), so the result is safe to print on a terminal.
 * Plain UTF-8 lines of at most about 100 columns, LF line ends.
 */
#ifndef CORE_RECORD_H
#define CORE_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include "export.h"
#include "site.h"
#include "status.h"

/*
 * Write the record of the learner with this reference, as it stands at
 * now_ms, through write. actor: the staff member, whose role must allow
 * seeing a learner's full history (CORE_ERR_DENIED), or NULL for the
 * command line. CORE_ERR_NOT_FOUND for an unknown (or erased) reference.
 * CORE_ERR_IO if write fails part way (the viewing is still recorded).
 */
enum core_status record_write(struct site *site, const char *reference,
    const uint8_t *actor, int64_t now_ms, export_write_fn write, void *ctx);

/* The same into a malloc()ed, NUL-terminated buffer (*out, owned by the caller). */
enum core_status record_text(struct site *site, const char *reference,
    const uint8_t *actor, int64_t now_ms, char **out, size_t *len);

#endif
