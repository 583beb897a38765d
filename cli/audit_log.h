/* SPDX-License-Identifier: ISC */
/*
 * Staff actions to syslog (the journal on systemd machines), facility
 * authpriv, ident "signoff", for the organisation's monitoring. The words
 * come from core/audit.h and hold no personal data about learners.
 */
#ifndef CLI_AUDIT_LOG_H
#define CLI_AUDIT_LOG_H

/* Open the log and register the hook with core; call once, at start. */
void audit_log_start(void);

#endif
