/* SPDX-License-Identifier: ISC */
/*
 * Staff actions, told to the organisation's monitoring (syslog or the
 * journal) as well as the ledger. Core never prints, so the command line
 * registers a hook; core calls it with a line of plain words that holds no
 * personal data about learners: the kind's words, the ledger seq, and the
 * staff id and role of the account that acted or was acted on, e.g.
 *
 *   "staff signed in: seq 42; by tutor1 (tutor)"
 *   "learner enrolled: seq 43; by the command line"
 *   "staff account added: seq 7; account jdoe (tutor); by admin (admin)"
 *
 * Never a learner's name, reference, cohort, pseudonym, field values or
 * free text. Learners' own steps (reading, signing, consent given) are not
 * staff actions and are not told; a learner lockout is, as a security event.
 */
#ifndef CORE_AUDIT_H
#define CORE_AUDIT_H

#include <stdbool.h>

#include "event.h"
#include "store.h"

/* kind is an enum event_kind; words are borrowed for the call only. */
typedef void (*core_audit_hook)(unsigned kind, const char *words);

/* Set (or, with NULL, clear) the hook. Call before any thread starts. */
void core_set_audit_hook(core_audit_hook hook);

/* Whether entries of this kind are told to the hook (some only when staff act). */
bool audit_kind_told(unsigned kind);

/*
 * For ledger_append: an entry was appended inside the caller's write
 * transaction (it is durable once the caller commits). Tells the hook if
 * one is set and the kind is a staff action; never fails, never changes
 * the status detail the caller may be about to report.
 */
void audit_appended(struct store *st, const struct event *ev);

#endif
