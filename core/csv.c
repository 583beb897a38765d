/* SPDX-License-Identifier: ISC */
/* A streaming RFC 4180 reader: one record at a time, with line numbers. */
#include "csv.h"

#include <stdlib.h>
#include <string.h>

enum state {
	FIELD_START,
	UNQUOTED,
	QUOTED,
	AFTER_QUOTE,
};

struct csv_reader {
	FILE *in;
	size_t field_max;
	unsigned long line;		/* the line the next character is on */
	unsigned char pending[3];	/* bytes read ahead at the start (BOM check) */
	size_t npending, next_pending;
	char errbuf[64];
	char *buf[CSV_MAX_FIELDS];	/* field_max + 1 bytes each */
};

/* The record being read. */
struct build {
	struct csv_record *rec;
	size_t flen;
	bool quoted;			/* some field was quoted */
};

enum core_status
csv_reader_new(FILE *in, size_t field_max, struct csv_reader **out)
{
	static const unsigned char bom[3] = { 0xef, 0xbb, 0xbf };
	struct csv_reader *r;
	size_t i;
	int c = EOF;

	*out = NULL;
	if (!(r = calloc(1, sizeof *r)))
		return core_fail(CORE_ERR_NOMEM, "reading CSV");
	r->in = in;
	r->field_max = field_max;
	r->line = 1;
	for (i = 0; i < CSV_MAX_FIELDS; i++) {
		if (!(r->buf[i] = malloc(field_max + 1))) {
			csv_reader_free(&r);
			return core_fail(CORE_ERR_NOMEM, "reading CSV");
		}
	}
	/* A UTF-8 byte order mark, as spreadsheets write, is not data. */
	while (r->npending < 3 && (c = getc(in)) != EOF && c == bom[r->npending])
		r->pending[r->npending++] = (unsigned char)c;
	if (r->npending == 3)
		r->npending = 0;
	else if (c != EOF)
		r->pending[r->npending++] = (unsigned char)c;
	*out = r;
	return CORE_OK;
}

void
csv_reader_free(struct csv_reader **rp)
{
	struct csv_reader *r = *rp;
	size_t i;

	if (!r)
		return;
	for (i = 0; i < CSV_MAX_FIELDS; i++)
		free(r->buf[i]);
	free(r);
	*rp = NULL;
}

static int
next(struct csv_reader *r)
{
	int c;

	if (r->next_pending < r->npending)
		c = r->pending[r->next_pending++];
	else
		c = getc(r->in);
	if (c == '\n')
		r->line++;
	return c;
}

/* Whether the next character is an LF; consumed if so. */
static bool
lf_follows(struct csv_reader *r)
{
	int c = next(r);

	if (c == '\n')
		return true;
	if (c != EOF)
		ungetc(c, r->in);	/* not '\n', so the line count is untouched */
	return false;
}

static void
skip_line(struct csv_reader *r)
{
	int c;

	while ((c = next(r)) != EOF && c != '\n')
		;
}

static void
fail(struct csv_reader *r, struct build *b, const char *what)
{
	if (!b->rec->error) {
		snprintf(r->errbuf, sizeof r->errbuf, "%s", what);
		b->rec->error = r->errbuf;
	}
}

static void
append(struct csv_reader *r, struct build *b, int c)
{
	size_t nf = b->rec->nfields;

	if (c == '\0')
		fail(r, b, "the line contains a NUL byte");
	if (b->flen >= r->field_max) {
		if (!b->rec->error) {
			snprintf(r->errbuf, sizeof r->errbuf,
			    "a field is longer than %zu bytes", r->field_max);
			b->rec->error = r->errbuf;
		}
		return;
	}
	if (nf < CSV_MAX_FIELDS)
		r->buf[nf][b->flen] = (char)c;
	b->flen++;
}

static void
end_field(struct csv_reader *r, struct build *b)
{
	struct csv_record *rec = b->rec;
	size_t nf = rec->nfields;

	if (nf < CSV_MAX_FIELDS) {
		r->buf[nf][b->flen] = '\0';
		rec->field[nf] = r->buf[nf];
		rec->len[nf] = b->flen;
	}
	rec->nfields++;
	b->flen = 0;
}

/* One character in state *st; true when the record is complete. */
static bool
step(struct csv_reader *r, struct build *b, enum state *st, int c)
{
	switch (*st) {
	case FIELD_START:
		if (c == '"') {
			*st = QUOTED;
			b->quoted = true;
			return false;
		}
		*st = UNQUOTED;
		/* FALLTHROUGH */
	case UNQUOTED:
		if (c == ',') {
			end_field(r, b);
			*st = FIELD_START;
			return false;
		}
		if (c == '\n' || (c == '\r' && lf_follows(r))) {
			end_field(r, b);
			return true;
		}
		if (c == '"') {
			fail(r, b, "a quote inside a field that does not start with one");
			skip_line(r);
			end_field(r, b);
			return true;
		}
		append(r, b, c);
		return false;
	case QUOTED:
		if (c == '"')
			*st = AFTER_QUOTE;
		else
			append(r, b, c);
		return false;
	case AFTER_QUOTE:
		if (c == '"') {
			append(r, b, '"');
			*st = QUOTED;
			return false;
		}
		if (c == ',') {
			end_field(r, b);
			*st = FIELD_START;
			return false;
		}
		if (c == '\n' || (c == '\r' && lf_follows(r))) {
			end_field(r, b);
			return true;
		}
		fail(r, b, "text after a closing quote");
		skip_line(r);
		end_field(r, b);
		return true;
	}
	return true;
}

enum core_status
csv_read(struct csv_reader *r, struct csv_record *rec)
{
	enum state st = FIELD_START;
	struct build b = { rec, 0, false };
	bool any = false;
	int c;

	memset(rec, 0, sizeof *rec);
	rec->line = r->line;
	for (;;) {
		if ((c = next(r)) == EOF) {
			if (ferror(r->in))
				return core_fail(CORE_ERR_IO, "reading line %lu", r->line);
			if (!any)
				return core_fail(CORE_ERR_DONE, "end of input");
			if (st == QUOTED)	/* the cause of anything else seen */
				rec->error = "a quoted field is not closed";
			end_field(r, &b);
			break;
		}
		any = true;
		if (step(r, &b, &st, c))
			break;
	}
	if (rec->nfields == 1 && rec->len[0] == 0 && !b.quoted && !rec->error) {
		rec->nfields = 0;
		rec->blank = true;
	}
	return CORE_OK;
}
