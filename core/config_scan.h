/* SPDX-License-Identifier: ISC */
/* Core-private: reading the config file and its raw-line scan. */
#ifndef CORE_CONFIG_SCAN_H
#define CORE_CONFIG_SCAN_H

#include <stddef.h>

#include "status.h"

/* The whole file, NUL-terminated; refused if over 1 MiB or not text. */
enum core_status config_read_all(const char *path, char **out, size_t *len);

/* Syntax errors and keys or sections given twice, with line numbers. */
enum core_status config_scan(const char *file, const char *text, size_t len);

#endif
