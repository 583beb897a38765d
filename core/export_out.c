/* SPDX-License-Identifier: ISC */
/*
 * The buffered writer behind exports (export_int.h): CSV fields quoted and
 * neutralised, JSON strings escaped, UTF-8 checked on the way, and times
 * in ISO 8601. Plain ASCII is copied in runs; only the rest is decoded.
 */
#include "export_int.h"

#include <stdio.h>
#include <string.h>

#define DAY_MS (24LL * 60 * 60 * 1000)

static const char replacement[] = "\xef\xbf\xbd";	/* U+FFFD */

void
xout_init(struct xout *o, enum export_format fmt, export_write_fn write, void *ctx)
{
	o->write = write;
	o->ctx = ctx;
	o->fmt = fmt;
	o->failed = false;
	o->cols = NULL;
	o->col = 0;
	o->rows = 0;
	o->n = 0;
}

bool
xout_flush(struct xout *o)
{
	if (o->n && !o->failed && !o->write(o->buf, o->n, o->ctx))
		o->failed = true;
	o->n = 0;
	return !o->failed;
}

void
xout_raw(struct xout *o, const char *s, size_t len)
{
	if (o->failed)
		return;
	if (len > sizeof o->buf - o->n) {
		xout_flush(o);
		if (len > sizeof o->buf) {
			if (!o->failed && !o->write(s, len, o->ctx))
				o->failed = true;
			return;
		}
	}
	memcpy(o->buf + o->n, s, len);
	o->n += len;
}

void
xout_str(struct xout *o, const char *s)
{
	xout_raw(o, s, strlen(s));
}

static void
put(struct xout *o, char c)
{
	if (o->n == sizeof o->buf)
		xout_flush(o);
	if (!o->failed)
		o->buf[o->n++] = c;
}

/*
 * One UTF-8 character at s (len > 0 bytes left, s[0] >= 0x80): its length
 * and code point, or 0 when the bytes are not a valid, shortest encoding
 * of a scalar value.
 */
static size_t
utf8_char(const unsigned char *s, size_t len, unsigned *cp)
{
	unsigned c = s[0], min;
	size_t n, i;

	if (c >= 0xC2 && c <= 0xDF) {
		n = 2;
		c &= 0x1F;
		min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		n = 3;
		c &= 0x0F;
		min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 4;
		c &= 0x07;
		min = 0x10000;
	} else {
		return 0;
	}
	if (n > len)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return n;
}

/* ---- JSON ---- */

static void
json_escape(struct xout *o, unsigned c)
{
	static const char digits[] = "0123456789abcdef";
	char u[6] = { '\\', 'u', digits[(c >> 12) & 15], digits[(c >> 8) & 15],
	    digits[(c >> 4) & 15], digits[c & 15] };

	switch (c) {
	case '"':
		xout_raw(o, "\\\"", 2);
		return;
	case '\\':
		xout_raw(o, "\\\\", 2);
		return;
	case '\n':
		xout_raw(o, "\\n", 2);
		return;
	case '\r':
		xout_raw(o, "\\r", 2);
		return;
	case '\t':
		xout_raw(o, "\\t", 2);
		return;
	default:
		xout_raw(o, u, sizeof u);
	}
}

void
xout_json(struct xout *o, const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, run, n;
	unsigned cp;

	if (!str) {
		xout_raw(o, "null", 4);
		return;
	}
	put(o, '"');
	while (i < len) {
		for (run = i; run < len && s[run] >= 0x20 && s[run] < 0x7F &&
		    s[run] != '"' && s[run] != '\\'; run++)
			;
		xout_raw(o, str + i, run - i);
		if ((i = run) == len)
			break;
		if (s[i] < 0x80) {
			json_escape(o, s[i++]);
		} else if (!(n = utf8_char(s + i, len - i, &cp))) {
			xout_raw(o, replacement, 3);
			i++;
		} else {
			/* C1 controls and the JavaScript line breaks, escaped */
			if (cp <= 0x9F || cp == 0x2028 || cp == 0x2029)
				json_escape(o, cp);
			else
				xout_raw(o, str + i, n);
			i += n;
		}
	}
	put(o, '"');
}

void
xout_json_str(struct xout *o, const char *s)
{
	xout_json(o, s, s ? strlen(s) : 0);
}

/* ---- CSV ---- */

static void
csv_field(struct xout *o, const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, run, n;
	unsigned cp;

	put(o, '"');
	if (len && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' ||
	    s[0] == '\t' || s[0] == '\r'))
		put(o, '\'');
	while (i < len) {
		for (run = i; run < len && s[run] >= 0x20 && s[run] < 0x7F &&
		    s[run] != '"'; run++)
			;
		xout_raw(o, str + i, run - i);
		if ((i = run) == len)
			break;
		if (s[i] == '"') {
			xout_raw(o, "\"\"", 2);
			i++;
		} else if (s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
			put(o, (char)s[i++]);
		} else if (s[i] < 0x80) {
			xout_raw(o, replacement, 3);	/* other controls, DEL */
			i++;
		} else if (!(n = utf8_char(s + i, len - i, &cp)) || cp <= 0x9F) {
			xout_raw(o, replacement, 3);	/* invalid, or a C1 control */
			i += n ? n : 1;
		} else {
			xout_raw(o, str + i, n);
			i += n;
		}
	}
	put(o, '"');
}

void
xout_csv_header(struct xout *o, const char *const *cols)
{
	for (size_t i = 0; cols[i]; i++) {
		if (i)
			put(o, ',');
		csv_field(o, cols[i], strlen(cols[i]));
	}
	xout_raw(o, "\r\n", 2);
}

/* ---- rows ---- */

void
xout_row_begin(struct xout *o, const char *const *cols)
{
	o->cols = cols;
	o->col = 0;
	if (o->fmt == EXPORT_JSON)
		xout_raw(o, o->rows ? ",\n{" : "\n{", o->rows ? 3 : 2);
}

/* The separator and, in JSON, the key of the next field. */
static void
field(struct xout *o)
{
	if (o->fmt == EXPORT_CSV) {
		if (o->col)
			put(o, ',');
	} else {
		if (o->col)
			put(o, ',');
		xout_json_str(o, o->cols[o->col]);
		put(o, ':');
	}
	o->col++;
}

void
xout_text(struct xout *o, const char *s, size_t len)
{
	field(o);
	if (o->fmt == EXPORT_CSV)
		csv_field(o, s ? s : "", s ? len : 0);
	else
		xout_json(o, s, len);
}

void
xout_cstr(struct xout *o, const char *s)
{
	xout_text(o, s, s ? strlen(s) : 0);
}

void
xout_uint(struct xout *o, uint64_t v)
{
	char digits[24];
	size_t i = sizeof digits;

	do {
		digits[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	xout_raw(o, digits + i, sizeof digits - i);
}

void
xout_int(struct xout *o, int64_t v)
{
	bool csv = o->fmt == EXPORT_CSV;

	field(o);
	if (csv)
		put(o, '"');
	if (v < 0) {
		/* Never in our columns; a CSV field may not start with '-'. */
		if (csv)
			put(o, '\'');
		put(o, '-');
		xout_uint(o, (uint64_t)0 - (uint64_t)v);
	} else {
		xout_uint(o, (uint64_t)v);
	}
	if (csv)
		put(o, '"');
}

void
xout_bool(struct xout *o, bool v)
{
	field(o);
	if (o->fmt == EXPORT_CSV)
		xout_raw(o, v ? "\"yes\"" : "\"no\"", v ? 5 : 4);
	else
		xout_raw(o, v ? "true" : "false", v ? 4 : 5);
}

void
xout_time(struct xout *o, bool has, int64_t ms)
{
	char t[EXPORT_TIME_LEN];

	if (!has) {
		xout_text(o, NULL, 0);
		return;
	}
	export_time_format(ms, t);
	xout_text(o, t, EXPORT_TIME_LEN - 1);
}

void
xout_row_end(struct xout *o)
{
	if (o->fmt == EXPORT_CSV)
		xout_raw(o, "\r\n", 2);
	else
		put(o, '}');
	o->rows++;
}

/* ---- time ---- */

/* Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant's civil_from_days). */
static void
civil(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	int64_t era, yy;
	unsigned doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	yy = (int64_t)yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yy + (*m <= 2);
}

static void
two(char *p, unsigned v)
{
	p[0] = (char)('0' + v / 10 % 10);
	p[1] = (char)('0' + v % 10);
}

void
export_time_format(int64_t ms, char out[EXPORT_TIME_LEN])
{
	int64_t days = ms / DAY_MS, rem = ms % DAY_MS, y;
	unsigned m, d, secs;

	if (rem < 0) {
		rem += DAY_MS;
		days--;
	}
	civil(days, &y, &m, &d);
	if (y < 0 || y > 9999) {
		snprintf(out, EXPORT_TIME_LEN, "out of range");
		return;
	}
	secs = (unsigned)(rem / 1000);
	two(out, (unsigned)(y / 100));
	two(out + 2, (unsigned)(y % 100));
	out[4] = '-';
	two(out + 5, m);
	out[7] = '-';
	two(out + 8, d);
	out[10] = 'T';
	two(out + 11, secs / 3600);
	out[13] = ':';
	two(out + 14, secs / 60 % 60);
	out[16] = ':';
	two(out + 17, secs % 60);
	out[19] = '.';
	out[20] = (char)('0' + rem % 1000 / 100);
	two(out + 21, (unsigned)(rem % 100));
	out[23] = 'Z';
	out[24] = '\0';
}
