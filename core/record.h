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
 *
 * record_save writes such a text to a file for printing, and records
 * that as EV_EXPORT.
 */
#ifndef CORE_RECORD_H
#define CORE_RECORD_H

#include <limits.h>
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

/*
 * Saving a record to print it (the kiosk has no printer): a new file in
 * the config's exports folder, named by record_file_name. Writing it out
 * is an export of personal data, so it is a ledger event.
 */
#define RECORD_NAME_MAX 112

/*
 * "record-REFERENCE-YYYYMMDD-HHMMSS.txt", the time UTC at now_ms; in the
 * reference every byte but A-Z a-z 0-9 - _ becomes '_', and at most 64
 * are kept. cap should be RECORD_NAME_MAX.
 */
void record_file_name(const char *reference, int64_t now_ms, char *out,
    size_t cap);

struct record_saved {
	char path[PATH_MAX];	/* the file written */
	uint64_t seq;		/* its EV_EXPORT entry */
};

/*
 * Save text (the record of this learner as record_text made it, so what
 * was shown is what is printed) to a new file in cfg->exports_dir, made
 * mode 0700 if missing: mode 0600, never replacing a file (a name in use
 * gets "-2", "-3"... before ".txt"), written and fsync'd, with EV_EXPORT
 * appended and committed (subject the learner, actor; fields "what" =
 * "whole record", "format" = "text", "bytes"; no reference or path, which
 * an erasure could not take out of the ledger) before the file gets its
 * name, then its folder fsync'd: a failure or crash before the commit
 * leaves no file (see record_save.c). CORE_OK only when it is on disk
 * and recorded. actor must be allowed to export
 * records (CORE_ERR_DENIED), or NULL for the command line.
 * CORE_ERR_NOT_FOUND for an unknown reference; CORE_ERR_FULL,
 * CORE_ERR_READONLY or CORE_ERR_IO (detail: the folder and why) for the
 * file; a storage status for the ledger. out is filled on success.
 */
enum core_status record_save(struct site *site, const char *reference,
    const uint8_t *actor, int64_t now_ms, const char *text, size_t len,
    struct record_saved *out);

#endif
