/* SPDX-License-Identifier: ISC */
/*
 * Exports read back by real parsers: Python's csv module (strict, and the
 * file must equal what csv.writer writes with every field quoted) and its
 * json module (strict: no raw control characters, no duplicate keys, no
 * NaN), on names with quotes, commas, line breaks, leading = + - @, tabs,
 * carriage returns, escape sequences, DEL and C1 controls, invalid UTF-8,
 * U+2028, a NUL, and Arabic, Chinese and Cyrillic. Then what every export
 * records in the ledger, a failing write, roles, and memory: exporting
 * 200,000 rows must not need more memory than 20,000.
 */
#include "tests/unit/auditsite.h"

#include <sys/resource.h>
#include <sys/wait.h>

#include "core/concern.h"
#include "core/event.h"
#include "core/export.h"
#include "core/ledger.h"

#define PYTHON (access("/usr/bin/python3", X_OK) == 0 ? "/usr/bin/python3" : "python3")

/* Prints each row as tagged fields: s<hex utf-8>, i<number>, b0/b1, n. */
static const char parse_py[] =
"import csv, io, json, sys\n"
"fmt, path = sys.argv[1], sys.argv[2]\n"
"text = open(path, 'rb').read().decode('utf-8')\n"
"def tag(v):\n"
"    if v is None: return 'n'\n"
"    if isinstance(v, bool): return 'b1' if v else 'b0'\n"
"    if isinstance(v, int): return 'i%d' % v\n"
"    return 's' + v.encode('utf-8').hex()\n"
"def emit(row): print(' '.join(tag(v) for v in row))\n"
"if fmt == 'csv':\n"
"    rows = list(csv.reader(io.StringIO(text, newline=''), strict=True))\n"
"    out = io.StringIO(newline='')\n"
"    csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator='\\r\\n').writerows(rows)\n"
"    if out.getvalue() != text:\n"
"        sys.exit('not RFC 4180 with every field quoted')\n"
"    for r in rows: emit(r)\n"
"else:\n"
"    def pairs(kv):\n"
"        keys = [k for k, _ in kv]\n"
"        if len(keys) != len(set(keys)): sys.exit('duplicate key')\n"
"        return dict(kv)\n"
"    def nan(c): sys.exit('not JSON: ' + c)\n"
"    doc = json.loads(text, object_pairs_hook=pairs, parse_constant=nan)\n"
"    if list(doc) != ['about', 'rows', 'count'] or doc['count'] != len(doc['rows']):\n"
"        sys.exit('wrong shape')\n"
"    cols = [c['name'] for c in doc['about']['columns']]\n"
"    print('about ' + doc['about']['what'].encode().hex() + ' ' + doc['about']['made_by'].encode().hex())\n"
"    emit(cols)\n"
"    for r in doc['rows']:\n"
"        if list(r) != cols: sys.exit('columns differ')\n"
"        emit([r[c] for c in cols])\n";

struct name_case {
	const char *ref;
	const char *given_sql, *family_sql;	/* SQL expressions */
	const char *given, *family;		/* as stored */
	size_t given_len;			/* 0: strlen */
	const char *csv_given, *csv_family;	/* as a CSV reader gets them back */
	size_t csv_given_len;
	const char *json_given;			/* NULL: as stored */
};

#define FFFD "\xef\xbf\xbd"

static const struct name_case names[] = {
	{ "N-QUOTE", "'Danny \"The Man\"'", "'O''Brien, Jr.'",
	    "Danny \"The Man\"", "O'Brien, Jr.", 0,
	    "Danny \"The Man\"", "O'Brien, Jr.", 0, NULL },
	{ "N-LINES", "'Line' || char(10) || 'Break'", "'A' || char(13, 10) || 'B'",
	    "Line\nBreak", "A\r\nB", 0, "Line\nBreak", "A\r\nB", 0, NULL },
	{ "N-FORMULA", "'=1+2'", "'+SUM(A1:A9)'", "=1+2", "+SUM(A1:A9)", 0,
	    "'=1+2", "'+SUM(A1:A9)", 0, NULL },
	{ "N-MINUS-AT", "'-2'", "'@cmd'", "-2", "@cmd", 0, "'-2", "'@cmd", 0, NULL },
	{ "N-TAB-CR", "char(9) || 'Tabbed'", "char(13) || 'Carriage'", "\tTabbed",
	    "\rCarriage", 0, "'\tTabbed", "'\rCarriage", 0, NULL },
	{ "N-ESCAPE", "char(27) || '[31mRed' || char(27) || '[0m'",
	    "'Del' || char(127) || ' and C1 ' || char(155)",
	    "\x1b[31mRed\x1b[0m", "Del\x7f and C1 \xc2\x9b", 0,
	    FFFD "[31mRed" FFFD "[0m", "Del" FFFD " and C1 " FFFD, 0, NULL },
	{ "N-SCRIPTS", "'أمينة'", "'王芳 Дмитриева'", "أمينة", "王芳 Дмитриева", 0,
	    "أمينة", "王芳 Дмитриева", 0, NULL },
	{ "N-BAD-UTF8", "CAST(x'426164fffe555446' AS TEXT)", "'Line' || char(8232) || 'Sep'",
	    "Bad\xff\xfeUTF", "Line\xe2\x80\xa8Sep", 0,
	    "Bad" FFFD FFFD "UTF", "Line\xe2\x80\xa8Sep", 0, "Bad" FFFD FFFD "UTF" },
	{ "N-NUL", "CAST(x'410042' AS TEXT)", "'Plain'", "A\0B", "Plain", 3,
	    "A" FFFD "B", "Plain", 0, NULL },
};

#define NNAMES (sizeof names / sizeof names[0])

struct fixture {
	struct audit_site *a;
	uint8_t sue[CRYPTO_ID_BYTES], tom[CRYPTO_ID_BYTES], dan[CRYPTO_ID_BYTES];
	char py[1200];
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	struct concern_receipt cr;
	char code[LEARNER_CODE_LEN], sql[1024];
	struct learner l;
	FILE *py;
	size_t i;

	assert_non_null(f);
	f->a = as_open();
	as_staff(f->a, "sue", ROLE_SUPERVISOR, f->sue);
	as_staff(f->a, "tom", ROLE_TUTOR, f->tom);
	as_staff(f->a, "dan", ROLE_DSL, f->dan);
	for (i = 0; i < NNAMES; i++) {
		/* The first is enrolled by a tutor, so an event names staff. */
		assert_int_equal(learner_add(f->a->site, names[i].ref, "Placeholder",
		    "Name", i % 2 ? "ha-adult" : "ha-young-people", "2026",
		    i == 0 ? f->tom : NULL, code), CORE_OK);
		snprintf(sql, sizeof sql, "UPDATE learner_personal SET given_name = %s,"
		    " family_name = %s WHERE learner_id = (SELECT id FROM learners"
		    " WHERE reference = '%s')", names[i].given_sql, names[i].family_sql,
		    names[i].ref);
		as_sql(f->a, sql);
	}
	as_learner(f->a, "W-1", "Walker", "Done", "ha-adult", "2026", &l);
	as_walk(f->a, &l, NULL);
	assert_int_equal(concern_report(f->a->site, CONCERN_CONTACT, "Someone asked "
	    "where I live.", "", NULL, NULL, &cr), CORE_OK);
	snprintf(f->py, sizeof f->py, "%s/parse.py", f->a->dir);
	py = fopen(f->py, "w");
	assert_non_null(py);
	fputs(parse_py, py);
	fclose(py);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	as_close(f->a);
	free(f);
	return 0;
}

static bool
to_file(const void *buf, size_t len, void *ctx)
{
	return fwrite(buf, 1, len, ctx) == len;
}

/* Export to DIR/name; returns the result. */
static void
export_file(struct fixture *f, const uint8_t *actor, enum export_what what,
    enum export_format fmt, const char *name, struct export_result *r)
{
	char path[1200];
	FILE *out;

	snprintf(path, sizeof path, "%s/%s", f->a->dir, name);
	out = fopen(path, "wb");
	assert_non_null(out);
	assert_int_equal(export_run(f->a->site, actor, what, fmt,
	    (AS_T0 + 86400) * AS_SEC, to_file, NULL, out, r), CORE_OK);
	assert_int_equal(fclose(out), 0);
}

/* A parsed file: rows of tagged fields, decoded. */
struct parsed {
	size_t nrows, ncols[64];
	char *field[64][24];	/* malloc()ed, NUL-terminated; NULL for null */
	size_t len[64][24];
	char about_what[64], about_by[64];
};

static int
unhex(int c)
{
	return c <= '9' ? c - '0' : c - 'a' + 10;
}

static void
parse_back(struct fixture *f, const char *format, const char *name, struct parsed *p)
{
	char cmd[4096], line[65536], *tok, *save;
	FILE *in;

	memset(p, 0, sizeof *p);
	snprintf(cmd, sizeof cmd, "%s '%s' %s '%s/%s' 2>&1", PYTHON, f->py, format,
	    f->a->dir, name);
	in = popen(cmd, "r");
	assert_non_null(in);
	while (fgets(line, sizeof line, in)) {
		line[strcspn(line, "\n")] = '\0';
		if (strncmp(line, "about ", 6) == 0) {
			char *w = line + 6, *b = strchr(w, ' ');

			assert_non_null(b);
			*b++ = '\0';
			for (size_t i = 0; w[2 * i] && i + 1 < sizeof p->about_what; i++)
				p->about_what[i] = (char)(unhex(w[2 * i]) * 16 + unhex(w[2 * i + 1]));
			for (size_t i = 0; b[2 * i] && i + 1 < sizeof p->about_by; i++)
				p->about_by[i] = (char)(unhex(b[2 * i]) * 16 + unhex(b[2 * i + 1]));
			continue;
		}
		assert_true(p->nrows < 64);
		for (tok = strtok_r(line, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
			size_t c = p->ncols[p->nrows]++, n = strlen(tok + 1) / 2;
			char *v;

			assert_true(c < 24);
			if (tok[0] != 's') {
				p->field[p->nrows][c] = tok[0] == 'n' ? NULL : strdup(tok);
				p->len[p->nrows][c] = tok[0] == 'n' ? 0 : strlen(tok);
				continue;
			}
			v = malloc(n + 1);
			assert_non_null(v);
			for (size_t i = 0; i < n; i++)
				v[i] = (char)(unhex(tok[1 + 2 * i]) * 16 + unhex(tok[2 + 2 * i]));
			v[n] = '\0';
			p->field[p->nrows][c] = v;
			p->len[p->nrows][c] = n;
		}
		p->nrows++;
	}
	if (pclose(in) != 0)
		fail_msg("the parser refused %s: %s", name, line);
}

static void
parsed_free(struct parsed *p)
{
	for (size_t r = 0; r < p->nrows; r++)
		for (size_t c = 0; c < p->ncols[r]; c++)
			free(p->field[r][c]);
}

static int
column(const struct parsed *p, const char *name)
{
	for (size_t c = 0; c < p->ncols[0]; c++)
		if (p->field[0][c] && strcmp(p->field[0][c], name) == 0)
			return (int)c;
	fail_msg("no column %s", name);
	return -1;
}

/* The parsed row whose reference is ref. */
static size_t
row_of(const struct parsed *p, int col, const char *ref)
{
	for (size_t r = 1; r < p->nrows; r++)
		if (p->field[r][col] && strcmp(p->field[r][col], ref) == 0)
			return r;
	fail_msg("no row %s", ref);
	return 0;
}

static void
same(const char *got, size_t got_len, const char *want, size_t want_len)
{
	if (!want_len)
		want_len = strlen(want);
	if (!got || got_len != want_len || memcmp(got, want, want_len) != 0)
		fail_msg("got \"%s\" (%zu bytes), expected \"%s\" (%zu bytes)",
		    got ? got : "(null)", got_len, want, want_len);
}

static void
test_learners_csv(void **state)
{
	struct fixture *f = *state;
	struct export_result r;
	struct parsed p;
	int ref, given, family, status, locked;

	export_file(f, f->sue, EXPORT_LEARNERS, EXPORT_CSV, "learners.csv", &r);
	assert_int_equal(r.rows, NNAMES + 1);
	parse_back(f, "csv", "learners.csv", &p);
	assert_int_equal(p.nrows, NNAMES + 2);	/* and the header */
	ref = column(&p, "reference");
	given = column(&p, "given_name");
	family = column(&p, "family_name");
	status = column(&p, "status");
	locked = column(&p, "locked");
	for (size_t i = 0; i < NNAMES; i++) {
		size_t row = row_of(&p, ref, names[i].ref);

		print_message("%s\n", names[i].ref);
		same(p.field[row][given], p.len[row][given], names[i].csv_given,
		    names[i].csv_given_len);
		same(p.field[row][family], p.len[row][family], names[i].csv_family, 0);
		same(p.field[row][status], p.len[row][status], "incomplete", 0);
		same(p.field[row][locked], p.len[row][locked], "no", 0);
	}
	same(p.field[row_of(&p, ref, "W-1")][status], 8, "complete", 0);
	parsed_free(&p);
}

static void
test_learners_json(void **state)
{
	struct fixture *f = *state;
	struct export_result r;
	struct parsed p;
	int ref, given, family, steps, locked, left;

	export_file(f, f->sue, EXPORT_LEARNERS, EXPORT_JSON, "learners.json", &r);
	parse_back(f, "json", "learners.json", &p);
	assert_string_equal(p.about_what, "learners");
	assert_string_equal(p.about_by, "sue");
	assert_int_equal(p.nrows, NNAMES + 2);
	ref = column(&p, "reference");
	given = column(&p, "given_name");
	family = column(&p, "family_name");
	steps = column(&p, "steps");
	locked = column(&p, "locked");
	left = column(&p, "left");
	for (size_t i = 0; i < NNAMES; i++) {
		size_t row = row_of(&p, ref, names[i].ref);

		print_message("%s\n", names[i].ref);
		same(p.field[row][given], p.len[row][given], names[i].json_given ?
		    names[i].json_given : names[i].given,
		    names[i].json_given ? 0 : names[i].given_len);
		same(p.field[row][family], p.len[row][family], names[i].family, 0);
		same(p.field[row][steps], p.len[row][steps], "i5", 0);
		same(p.field[row][locked], p.len[row][locked], "b0", 0);
		assert_null(p.field[row][left]);
	}
	parsed_free(&p);
}

static void
test_events_consents_concerns(void **state)
{
	struct fixture *f = *state;
	struct export_result r;
	struct parsed p, lp;
	int kind, actor, subject, pseudonym, lref, state_col, channel, cat, st;
	bool tom_enrolled = false, exported = false, linked = false;
	size_t i, w1;

	export_file(f, NULL, EXPORT_LEARNERS, EXPORT_CSV, "l2.csv", &r);
	export_file(f, f->sue, EXPORT_EVENTS, EXPORT_CSV, "events.csv", &r);
	parse_back(f, "csv", "events.csv", &p);
	parse_back(f, "csv", "l2.csv", &lp);
	assert_int_equal(p.nrows, r.rows + 1);
	assert_int_equal(r.rows, r.as_of_seq);
	kind = column(&p, "kind");
	actor = column(&p, "actor");
	subject = column(&p, "subject");
	pseudonym = column(&lp, "pseudonym");
	lref = column(&lp, "reference");
	w1 = row_of(&lp, lref, "W-1");
	for (i = 1; i < p.nrows; i++) {
		if (strcmp(p.field[i][kind], "learner enrolled") == 0 &&
		    strcmp(p.field[i][actor], "tom") == 0)
			tom_enrolled = true;
		if (strcmp(p.field[i][kind], "records exported") == 0 &&
		    strcmp(p.field[i][actor], "") == 0)
			exported = true;
		if (strcmp(p.field[i][kind], "sign-off completed") == 0 &&
		    strcmp(p.field[i][subject], lp.field[w1][pseudonym]) == 0)
			linked = true;
	}
	assert_true(tom_enrolled);	/* staff by their id */
	assert_true(exported);		/* the learners export just before */
	assert_true(linked);		/* learners' pseudonyms join the events */
	parsed_free(&p);
	parsed_free(&lp);

	export_file(f, f->sue, EXPORT_CONSENTS, EXPORT_JSON, "consents.json", &r);
	parse_back(f, "json", "consents.json", &p);
	assert_int_equal(r.rows, f->a->site->cfg->nchannels);
	state_col = column(&p, "state");
	channel = column(&p, "channel");
	for (i = 1; i < p.nrows; i++) {
		same(p.field[i][state_col], p.len[i][state_col], "current", 0);
		assert_non_null(p.field[i][channel]);
	}
	same(p.field[1][column(&p, "given")], p.len[1][column(&p, "given")],
	    "2026-09-01T10:00:00.000Z", 0);
	same(p.field[1][column(&p, "expires")], p.len[1][column(&p, "expires")],
	    "2033-09-01T10:00:00.000Z", 0);
	assert_null(p.field[1][column(&p, "withdrawn")]);
	parsed_free(&p);

	export_file(f, f->sue, EXPORT_CONCERNS, EXPORT_CSV, "concerns.csv", &r);
	parse_back(f, "csv", "concerns.csv", &p);
	assert_int_equal(p.nrows, 2);
	cat = column(&p, "category");
	st = column(&p, "status");
	same(p.field[1][cat], p.len[1][cat], "contact", 0);
	same(p.field[1][st], p.len[1][st], "open", 0);
	assert_int_equal(p.ncols[1], 5);	/* metadata only */
	parsed_free(&p);
}

/* The last ledger entry: what EV_EXPORT says. */
static void
last_entry(struct fixture *f, struct event *ev, uint64_t *seq)
{
	struct ledger_head head;
	char path[1200];
	sqlite3_stmt *stmt;
	sqlite3 *db;

	assert_int_equal(ledger_head(f->a->site->st, &head), CORE_OK);
	*seq = head.seq;
	snprintf(path, sizeof path, "%s/signoff.db", f->a->dir);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT bytes FROM ledger WHERE seq = ?1",
	    -1, &stmt, NULL), SQLITE_OK);
	sqlite3_bind_int64(stmt, 1, (sqlite3_int64)head.seq);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	memset(ev, 0, sizeof *ev);
	assert_int_equal(event_decode(sqlite3_column_blob(stmt, 0),
	    (size_t)sqlite3_column_bytes(stmt, 0), ev), CORE_OK);
	sqlite3_finalize(stmt);
	sqlite3_close(db);
}

static bool
fail_after_some(const void *buf, size_t len, void *ctx)
{
	size_t *left = ctx;

	(void)buf;
	if (len > *left)
		return false;
	*left -= len;
	return true;
}

static bool
discard(const void *buf, size_t len, void *ctx)
{
	(void)buf;
	*(size_t *)ctx += len;
	return true;
}

static void
test_recorded(void **state)
{
	struct fixture *f = *state;
	struct export_result r;
	const struct event_field *fl;
	struct event ev;
	uint64_t seq, before;
	size_t left = 10, bytes = 0;
	char about[4096] = "", name[96];

	export_file(f, f->sue, EXPORT_CONSENTS, EXPORT_CSV, "c.csv", &r);
	last_entry(f, &ev, &seq);
	assert_int_equal(ev.kind, EV_EXPORT);
	assert_int_equal(seq, r.seq);
	assert_memory_equal(ev.actor, f->sue, CRYPTO_ID_BYTES);
	assert_non_null(fl = event_field(&ev, "what"));
	assert_string_equal((const char *)fl->value, "consents");
	assert_non_null(fl = event_field(&ev, "format"));
	assert_string_equal((const char *)fl->value, "csv");
	assert_non_null(fl = event_field(&ev, "rows"));
	assert_int_equal(strtoull((const char *)fl->value, NULL, 10), r.rows);
	event_clear(&ev);

	/* A write that fails: CORE_ERR_IO, and nothing is recorded. */
	before = seq;
	assert_int_equal(export_run(f->a->site, f->sue, EXPORT_EVENTS, EXPORT_JSON,
	    AS_T0 * AS_SEC, fail_after_some, NULL, &left, &r), CORE_ERR_IO);
	last_entry(f, &ev, &seq);
	assert_int_equal(seq, before);
	event_clear(&ev);

	/* Only a supervisor (or the command line) exports. */
	assert_int_equal(export_run(f->a->site, f->tom, EXPORT_LEARNERS, EXPORT_CSV,
	    AS_T0 * AS_SEC, discard, NULL, &bytes, &r), CORE_ERR_DENIED);
	assert_int_equal(export_run(f->a->site, f->dan, EXPORT_CONCERNS, EXPORT_CSV,
	    AS_T0 * AS_SEC, discard, NULL, &bytes, &r), CORE_ERR_DENIED);
	assert_int_equal(bytes, 0);

	/* What a CSV export contains, said beside it. */
	export_file(f, f->sue, EXPORT_LEARNERS, EXPORT_CSV, "l3.csv", &r);
	{
		FILE *mem = fmemopen(about, sizeof about - 1, "w");

		assert_non_null(mem);
		assert_int_equal(export_about_text(f->a->site, f->sue, EXPORT_LEARNERS,
		    EXPORT_CSV, &r, to_file, mem), CORE_OK);
		fclose(mem);
	}
	print_message("%s", about);
	assert_non_null(strstr(about, "What: learners"));
	assert_non_null(strstr(about, "by sue"));
	snprintf(name, sizeof name, "Rows: %llu", (unsigned long long)r.rows);
	assert_non_null(strstr(about, name));
	snprintf(name, sizeof name, "Recorded as ledger entry %llu, receipt %s",
	    (unsigned long long)r.seq, r.receipt);
	assert_non_null(strstr(about, name));
	assert_non_null(strstr(about, "  family_name"));
	assert_non_null(strstr(about, "RFC 4180"));
	export_suggest_name(EXPORT_LEARNERS, EXPORT_CSV, AS_T0 * AS_SEC, name, sizeof name);
	assert_string_equal(name, "signoff-learners-20260901T100000Z.csv");
}

static void
test_names_and_times(void **state)
{
	static const struct {
		int64_t ms;
		const char *iso;
	} times[] = {
		{ 0, "1970-01-01T00:00:00.000Z" },
		{ -1, "1969-12-31T23:59:59.999Z" },
		{ AS_T0 * AS_SEC + 7, "2026-09-01T10:00:00.007Z" },
		{ 1709208000123LL, "2024-02-29T12:00:00.123Z" },
		{ 4102444799999LL, "2099-12-31T23:59:59.999Z" },
		{ 951782400000LL, "2000-02-29T00:00:00.000Z" },
	};
	enum export_what w;
	enum export_format fm;
	char t[EXPORT_TIME_LEN];

	(void)state;
	for (size_t i = 0; i < sizeof times / sizeof times[0]; i++) {
		export_time_format(times[i].ms, t);
		assert_string_equal(t, times[i].iso);
	}
	assert_true(export_what_parse("concerns", &w));
	assert_int_equal(w, EXPORT_CONCERNS);
	assert_false(export_what_parse("secrets", &w));
	assert_true(export_format_parse("json", &fm));
	assert_int_equal(fm, EXPORT_JSON);
	assert_false(export_format_parse("xml", &fm));
	assert_string_equal(export_what_name(EXPORT_EVENTS), "events");
}

/* ---- memory ---- */

/* Add learners, their personal rows and sign-offs, and ledger rows, by SQL. */
static void
add_volume(struct audit_site *a, int from, int to)
{
	char sql[2048];

	snprintf(sql, sizeof sql,
	    "WITH RECURSIVE n(i) AS (SELECT %d UNION ALL SELECT i + 1 FROM n WHERE i < %d)"
	    " INSERT INTO learners(id, pseudonym, reference, grp, cohort, enrolled_ms)"
	    " SELECT i, randomblob(16), printf('M-%%07d', i), 'ha-adult', 'C', 1788256800000"
	    " FROM n;"
	    "INSERT INTO learner_personal SELECT id, 'Given ' || id, 'Family \"' || id || '\"',"
	    " randomblob(16) FROM learners WHERE id BETWEEN %d AND %d;"
	    "INSERT INTO signoffs(learner_id, step, doc_hash, outcome, seq, time_ms)"
	    " SELECT l.id, d.step, d.hash, 'signed', 1, 1788256800000"
	    " FROM learners l JOIN documents d ON d.step IN ('ha-acceptable-use', 'quiz-ha-adult')"
	    " WHERE l.id BETWEEN %d AND %d;"
	    "WITH RECURSIVE n(i) AS (SELECT %d UNION ALL SELECT i + 1 FROM n WHERE i < %d)"
	    " INSERT INTO ledger(seq, time_ms, kind, subject, actor, bytes, kiosk_sig, hash,"
	    " receipt) SELECT (SELECT max(seq) FROM ledger) + i - %d + 1, 1788256000000 + i, 6, randomblob(16), randomblob(16),"
	    " randomblob(200), randomblob(64), randomblob(32), 'ABCD-EFGH' FROM n;",
	    from, to, from, to, from, to, from, to, from);
	as_sql(a, sql);
}

/* In a child with its own connection: the growth of peak RSS over an export. */
static long
export_growth_kib(struct audit_site *a, enum export_what what, uint64_t *rows)
{
	int fds[2];
	pid_t pid;
	long out[2] = { 0, 0 };
	int status;

	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct export_result r;
		struct rusage before, after;
		struct site *site = NULL;
		size_t bytes = 0;

		close(fds[0]);
		if (site_open(a->ini, &site) != CORE_OK) {
			fprintf(stderr, "site_open: %s\n", core_detail());
			_exit(2);
		}
		getrusage(RUSAGE_SELF, &before);
		if (export_run(site, NULL, what, EXPORT_CSV, AS_T0 * AS_SEC, discard, NULL,
		    &bytes, &r) != CORE_OK) {
			fprintf(stderr, "export: %s\n", core_detail());
			_exit(3);
		}
		getrusage(RUSAGE_SELF, &after);
		out[0] = after.ru_maxrss - before.ru_maxrss;
		out[1] = (long)r.rows;
		if (write(fds[1], out, sizeof out) != (ssize_t)sizeof out)
			_exit(4);
		site_close(&site);
		_exit(0);
	}
	close(fds[1]);
	assert_int_equal(read(fds[0], out, sizeof out), (ssize_t)sizeof out);
	close(fds[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	*rows = (uint64_t)out[1];
	return out[0];
}

static void
test_memory_flat(void **state)
{
	struct audit_site *a = as_open();
	long small_l, big_l, small_e, big_e;
	uint64_t rows;

	(void)state;
	site_close(&a->site);
	add_volume(a, 1, 20000);
	assert_int_equal(site_open(a->ini, &a->site), CORE_OK);
	small_l = export_growth_kib(a, EXPORT_LEARNERS, &rows);
	assert_int_equal(rows, 20000);
	small_e = export_growth_kib(a, EXPORT_EVENTS, &rows);
	assert_true(rows >= 20000);
	site_close(&a->site);
	add_volume(a, 20001, 200000);
	assert_int_equal(site_open(a->ini, &a->site), CORE_OK);
	big_l = export_growth_kib(a, EXPORT_LEARNERS, &rows);
	assert_int_equal(rows, 200000);
	big_e = export_growth_kib(a, EXPORT_EVENTS, &rows);
	assert_true(rows >= 200000);
	print_message("peak RSS growth: learners %ld KiB for 20,000 rows, %ld KiB for "
	    "200,000; events %ld KiB, %ld KiB\n", small_l, big_l, small_e, big_e);
	/* Ten times the rows, at most 2 MiB more (a page cache warming up). */
	assert_true(big_l <= small_l + 2048);
	assert_true(big_e <= small_e + 2048);
	as_close(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_learners_csv),
		cmocka_unit_test(test_learners_json),
		cmocka_unit_test(test_events_consents_concerns),
		cmocka_unit_test(test_recorded),
		cmocka_unit_test(test_names_and_times),
		cmocka_unit_test(test_memory_flat),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
