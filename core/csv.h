/* SPDX-License-Identifier: ISC */
/*
 * Reading CSV (RFC 4180) as a stream, one record at a time, with the line
 * each record starts on, for reporting errors people can find in the file.
 *
 * Fields are separated by commas; a field may be quoted, with "" standing
 * for one quote and commas and line breaks allowed inside. Records end in
 * LF or CRLF (a CR not followed by LF is data). A UTF-8 byte order mark at
 * the very start is skipped. A syntax error (a quote inside an unquoted
 * field, text after a closing quote, a quote left open at the end) makes
 * that record bad and reading resumes at the next line, so one bad line
 * does not hide the rest.
 */
#ifndef CORE_CSV_H
#define CORE_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "status.h"

/* Fields kept per record; more are counted (nfields) but not kept. */
#define CSV_MAX_FIELDS 8

struct csv_record {
	unsigned long line;		/* the line the record starts on, from 1 */
	size_t nfields;			/* fields found */
	const char *field[CSV_MAX_FIELDS];	/* NUL-terminated; borrowed until the next read */
	size_t len[CSV_MAX_FIELDS];
	bool blank;			/* an empty line: no fields at all */
	const char *error;		/* the first problem in plain words, or NULL */
};

struct csv_reader;

/* Read from in (not owned); fields longer than field_max bytes are an error. */
enum core_status csv_reader_new(FILE *in, size_t field_max, struct csv_reader **out);
void csv_reader_free(struct csv_reader **r);

/*
 * The next record: CORE_OK with *rec filled (check rec->error), CORE_ERR_DONE
 * at the end of the input, CORE_ERR_IO if reading failed.
 */
enum core_status csv_read(struct csv_reader *r, struct csv_record *rec);

#endif
