/* SPDX-License-Identifier: ISC */
/*
 * What a finished step leaves behind, in one place for the kiosk's walk
 * (walk.c) and bulk demo sites (bulk_walk.c), so that the two cannot
 * drift: the ledger entry's kind and meaning in words, the words of the
 * whole signing, the sign-off row and the consent rows. The fields of the
 * entry stay with each caller: one reads them from the learner's walk,
 * the other draws them.
 */
#ifndef CORE_STEP_RECORD_H
#define CORE_STEP_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "crypto.h"
#include "site.h"
#include "status.h"

/* The summary entry's meaning: what signing the whole walk means. */
extern const char step_record_signing_words[];

/* The entry's kind (enum event_kind) for a step done, or declined. */
uint16_t step_record_kind(enum step_kind kind, bool declined);

/* The step entry's meaning in the learner's words, into buf. */
void step_record_meaning(const struct config *cfg, const struct step_def *def,
    bool declined, char *buf, size_t cap);

/* The learner's sign-off row for the step: signed or declined, at seq. */
enum core_status step_record_signoff(struct site *site, int64_t learner_id,
    const struct step_def *def, const uint8_t doc_hash[CRYPTO_HASH_BYTES],
    bool declined, uint64_t seq);

/* The learner's consent rows, one per channel of the config (1: Yes). */
enum core_status step_record_consents(struct site *site, int64_t learner_id,
    const signed char *consent, uint64_t seq);

#endif
