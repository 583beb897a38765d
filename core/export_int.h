/* SPDX-License-Identifier: ISC */
/*
 * Core-private: the buffered writer behind exports, `status --json` and
 * the whole record. Output collects in a fixed buffer handed to the
 * caller's write function when full, so nothing grows with the rows. Once
 * a write fails, everything after is dropped and failed stays set.
 *
 * Rows: xout_row_begin, then one call per column in the order of the
 * names given, then xout_row_end. In CSV every field is quoted and
 * neutralised; in JSON each row is an object keyed by the column names.
 */
#ifndef CORE_EXPORT_INT_H
#define CORE_EXPORT_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "export.h"

#define XOUT_BUF 65536

struct xout {
	export_write_fn write;
	void *ctx;
	enum export_format fmt;
	bool failed;
	const char *const *cols;	/* this row's column names */
	unsigned col;			/* fields written in this row */
	uint64_t rows;			/* rows ended */
	size_t n;
	char buf[XOUT_BUF];
};

void xout_init(struct xout *o, enum export_format fmt, export_write_fn write,
    void *ctx);
/* Hand over what is buffered; false once a write has failed. */
bool xout_flush(struct xout *o);

/* Bytes as they are. */
void xout_raw(struct xout *o, const char *s, size_t len);
void xout_str(struct xout *o, const char *s);
/* A JSON string, quoted and escaped; NULL writes null. */
void xout_json(struct xout *o, const char *s, size_t len);
void xout_json_str(struct xout *o, const char *s);
/* A decimal number. */
void xout_uint(struct xout *o, uint64_t v);

/* ---- rows ---- */

void xout_row_begin(struct xout *o, const char *const *cols);
/* Text; NULL is empty in CSV, null in JSON. len as given (may hold NULs). */
void xout_text(struct xout *o, const char *s, size_t len);
void xout_cstr(struct xout *o, const char *s);
void xout_int(struct xout *o, int64_t v);
void xout_bool(struct xout *o, bool v);
/* An instant (ISO 8601), or empty / null when !has. */
void xout_time(struct xout *o, bool has, int64_t ms);
void xout_row_end(struct xout *o);

/* The CSV header row: the column names (CSV only; JSON names each field). */
void xout_csv_header(struct xout *o, const char *const *cols);

#endif
