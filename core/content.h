/* SPDX-License-Identifier: ISC */
/*
 * The content pack: one UTF-8 text file per document (SPEC section 9).
 *
 * File format (after a header, a line "---", then the body):
 *   Title: Acceptable Use Statement
 *   Source: Internet & e-Safety Policy 2025, Appendix 1a
 *   Minor-change-of: <64 hex>   (optional, repeatable: earlier versions whose
 *                                sign-offs still count)
 *   ---
 *   # A heading
 *   A paragraph: lines up to the next blank line join into one paragraph.
 *   - A bullet (in a checklist step, each bullet is one item to tick)
 *   ? A quiz question
 *   + The right answer
 *   * A wrong answer
 *
 * Canonical text: valid UTF-8, NFC, LF line ends, no trailing spaces on a
 * line, exactly one final LF. The document hash is BLAKE2b-256 of the whole
 * canonical text (header included: the title is part of what was shown).
 * Invalid UTF-8 or control characters other than LF and TAB are refused,
 * with the file and line named.
 */
#ifndef CORE_CONTENT_H
#define CORE_CONTENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "crypto.h"
#include "status.h"
#include "store.h"

enum block_kind {
	BLOCK_HEADING,
	BLOCK_PARAGRAPH,
	BLOCK_BULLET,
	BLOCK_QUESTION,
	BLOCK_RIGHT,	/* the right answer to the question before */
	BLOCK_WRONG,	/* a wrong answer */
};

struct block {
	enum block_kind kind;
	char *text;	/* owned, UTF-8, one logical line (no LF) */
};

struct document {
	char *step;	/* owned: the step id it was loaded for */
	char *title;
	char *source;
	char *text;	/* the canonical text, NUL-terminated */
	size_t len;
	uint8_t hash[CRYPTO_HASH_BYTES];
	uint8_t (*minor_of)[CRYPTO_HASH_BYTES];
	size_t nminor;
	struct block *blocks;
	size_t nblocks;
};

/* Canonicalise raw bytes; *out malloc()ed. name is used in the error detail. */
enum core_status content_canonical(const char *name, const char *raw,
    size_t len, char **out, size_t *out_len);

enum core_status content_load(const char *path, const char *step_id,
    struct document **out);
/* Parse already canonical text (e.g. a stored version). */
enum core_status content_parse(const char *name, const char *step_id,
    const char *text, size_t len, struct document **out);
void content_free(struct document **doc);

/* Every step's document, loaded once at start. */
struct content_pack {
	struct document **docs;	/* indexed like config.steps */
	size_t ndocs;
};

enum core_status content_pack_load(const struct config *cfg,
    struct content_pack **out);
void content_pack_free(struct content_pack **pack);
/* Borrowed; NULL if the step id is unknown. */
const struct document *content_pack_doc(const struct content_pack *pack,
    const struct config *cfg, const char *step_id);

/*
 * Store every document version by hash (INSERT OR IGNORE), in its own
 * write transaction, so any record can show exactly what was signed.
 */
enum core_status content_pack_store(const struct content_pack *pack,
    struct store *st);

#endif
