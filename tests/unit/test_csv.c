/* SPDX-License-Identifier: ISC */
/*
 * The streaming CSV reader (RFC 4180): quoting, line ends, the byte order
 * mark, line numbers across quoted line breaks, and recovery after each
 * kind of syntax error.
 */
#include "tests/unit/testutil.h"

#include "core/csv.h"

struct reader {
	FILE *in;
	struct csv_reader *r;
	char text[4096];
};

static void
open_text(struct reader *rd, const char *text, size_t len, size_t field_max)
{
	assert_true(len < sizeof rd->text);
	memcpy(rd->text, text, len);
	rd->in = fmemopen(rd->text, len, "r");
	assert_non_null(rd->in);
	assert_int_equal(csv_reader_new(rd->in, field_max, &rd->r), CORE_OK);
}

static void
close_text(struct reader *rd)
{
	csv_reader_free(&rd->r);
	assert_null(rd->r);
	fclose(rd->in);
}

#define OPEN(rd, lit, max) open_text(rd, lit, sizeof lit - 1, max)

static void
expect(struct reader *rd, unsigned long line, size_t n, const char *const *fields,
    const char *error)
{
	struct csv_record rec;
	size_t i;

	assert_int_equal(csv_read(rd->r, &rec), CORE_OK);
	assert_int_equal(rec.line, line);
	if (error) {
		assert_non_null(rec.error);
		assert_non_null(strstr(rec.error, error));
		return;
	}
	if (rec.error)
		fail_msg("line %lu: unexpected error %s", line, rec.error);
	assert_int_equal(rec.nfields, n);
	for (i = 0; i < n && i < CSV_MAX_FIELDS; i++)
		assert_string_equal(rec.field[i], fields[i]);
}

static void
expect_end(struct reader *rd)
{
	struct csv_record rec;

	assert_int_equal(csv_read(rd->r, &rec), CORE_ERR_DONE);
	assert_int_equal(csv_read(rd->r, &rec), CORE_ERR_DONE);
}

static void
test_quoting(void **state)
{
	struct reader rd;

	(void)state;
	OPEN(&rd, "a,\"b,c\",\"d \"\"e\"\"\",\"\"\n\"multi\nline\",x\r\nlast,\"\"\"\"", 64);
	expect(&rd, 1, 4, (const char *[]){ "a", "b,c", "d \"e\"", "" }, NULL);
	expect(&rd, 2, 2, (const char *[]){ "multi\nline", "x" }, NULL);
	expect(&rd, 4, 2, (const char *[]){ "last", "\"" }, NULL);
	expect_end(&rd);
	close_text(&rd);
}

static void
test_line_ends_and_blank_lines(void **state)
{
	struct csv_record rec;
	struct reader rd;

	(void)state;
	OPEN(&rd, "a,b\r\n\r\n\nc\rd,e\n,\n", 64);
	expect(&rd, 1, 2, (const char *[]){ "a", "b" }, NULL);
	assert_int_equal(csv_read(rd.r, &rec), CORE_OK);
	assert_true(rec.blank);
	assert_int_equal(rec.nfields, 0);
	assert_int_equal(rec.line, 2);
	assert_int_equal(csv_read(rd.r, &rec), CORE_OK);
	assert_true(rec.blank);
	assert_int_equal(rec.line, 3);
	/* A CR without LF is data; a line of one comma is two empty fields. */
	expect(&rd, 4, 2, (const char *[]){ "c\rd", "e" }, NULL);
	expect(&rd, 5, 2, (const char *[]){ "", "" }, NULL);
	expect_end(&rd);
	close_text(&rd);
}

static void
test_byte_order_mark(void **state)
{
	struct reader rd;

	(void)state;
	OPEN(&rd, "\xef\xbb\xbfx,y\n", 64);
	expect(&rd, 1, 2, (const char *[]){ "x", "y" }, NULL);
	expect_end(&rd);
	close_text(&rd);
	/* Only a whole mark at the very start is skipped. */
	OPEN(&rd, "\xef\xbbx\n", 64);
	expect(&rd, 1, 1, (const char *[]){ "\xef\xbbx" }, NULL);
	close_text(&rd);
	OPEN(&rd, "\xef", 64);
	expect(&rd, 1, 1, (const char *[]){ "\xef" }, NULL);
	expect_end(&rd);
	close_text(&rd);
	OPEN(&rd, "", 64);
	expect_end(&rd);
	close_text(&rd);
}

/* Each error spoils its own record only; reading resumes on the next line. */
static void
test_errors_recover(void **state)
{
	struct reader rd;

	(void)state;
	OPEN(&rd, "a\"b,c\n"
	    "\"q\"x,y\n"
	    "ok,1\n"
	    "toolong,123456789\n"
	    "nul,a\0b\n"
	    "ok,2\n"
	    "\"open,\nstill open\n", 8);
	expect(&rd, 1, 0, NULL, "a quote inside a field");
	expect(&rd, 2, 0, NULL, "text after a closing quote");
	expect(&rd, 3, 2, (const char *[]){ "ok", "1" }, NULL);
	expect(&rd, 4, 0, NULL, "longer than 8 bytes");
	expect(&rd, 5, 0, NULL, "NUL byte");
	expect(&rd, 6, 2, (const char *[]){ "ok", "2" }, NULL);
	expect(&rd, 7, 0, NULL, "a quoted field is not closed");
	expect_end(&rd);
	close_text(&rd);
}

static void
test_many_fields_are_counted(void **state)
{
	struct csv_record rec;
	struct reader rd;

	(void)state;
	OPEN(&rd, "1,2,3,4,5,6,7,8,9,10\n", 8);
	assert_int_equal(csv_read(rd.r, &rec), CORE_OK);
	assert_null(rec.error);
	assert_int_equal(rec.nfields, 10);
	assert_string_equal(rec.field[7], "8");
	close_text(&rd);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quoting),
		cmocka_unit_test(test_line_ends_and_blank_lines),
		cmocka_unit_test(test_byte_order_mark),
		cmocka_unit_test(test_errors_recover),
		cmocka_unit_test(test_many_fields_are_counted),
	};

	return cmocka_run_group_tests_name("csv", tests, NULL, NULL);
}
