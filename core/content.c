/* SPDX-License-Identifier: ISC */
/*
 * The content pack: canonical text, its hash, the header and the blocks.
 *
 * A learner signs the BLAKE2b-256 of exactly the text that was shown, so the
 * text is first made canonical (UTF-8, NFC, LF, no trailing blanks, one final
 * LF): an editor's line ends or decomposed accents must not make a new
 * version, and characters that could hide or reorder what is shown (controls,
 * bidi overrides) are refused outright rather than rendered.
 */
#include "content.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <unistr.h>
#include <uninorm.h>

#include "store_db.h"

#define CONTENT_FILE_MAX (4 * 1024 * 1024)

/* Where each block began, for errors found after parsing (quiz, checklist). */
struct parsed {
	struct document *doc;
	unsigned *lines;
	size_t cap;
};

static unsigned
line_of(const uint8_t *start, const uint8_t *at)
{
	unsigned line = 1;

	for (; start < at; start++)
		line += *start == '\n';
	return line;
}

/*
 * Controls other than LF and TAB, C1, bidi embeddings/overrides/isolates,
 * line separators, a byte order mark after the first.
 */
static const char *
forbidden(ucs4_t c)
{
	if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f)
		return "control character";
	if (c >= 0x80 && c <= 0x9f)
		return "C1 control character";
	if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069))
		return "bidi control character";
	if (c == 0x2028 || c == 0x2029)
		return "Unicode line separator (use a plain line break)";
	/* Only the first is a byte order mark: a second would be one next time. */
	if (c == 0xfeff)
		return "byte order mark inside the text";
	return NULL;
}

static enum core_status
check_chars(const char *name, const uint8_t *s, size_t n)
{
	const uint8_t *p = s, *end = s + n, *bad;
	const char *why;
	ucs4_t c;
	int k;

	if ((bad = u8_check(s, n)))
		return core_fail(CORE_ERR_CONTENT,
		    "%s: line %u: not valid UTF-8: save the file as UTF-8",
		    name, line_of(s, bad));
	while (p < end) {
		k = u8_mbtouc(&c, p, (size_t)(end - p));
		if ((why = forbidden(c)))
			return core_fail(CORE_ERR_CONTENT,
			    "%s: line %u: %s U+%04X is not allowed", name,
			    line_of(s, p), why, (unsigned)c);
		p += k;
	}
	return CORE_OK;
}

/*
 * Characters that NFC leaves alone whatever surrounds them: no canonical
 * decomposition, combining class 0, part of no composition (checked
 * against Unicode 14's data). Everything below U+0300 (precomposed Latin
 * included), and the general punctuation and currency signs that easy-read
 * text uses: dashes, curly quotes, bullets, the euro.
 */
static bool
stays_nfc(ucs4_t c)
{
	return c < 0x300 || (c >= 0x2010 && c <= 0x2027) ||
	    (c >= 0x2030 && c <= 0x205e) || (c >= 0x20a0 && c <= 0x20c0);
}

/*
 * One pass for text that is valid, allowed and already NFC (every content
 * pack we ship): line ends and trailing blanks done as it copies. False
 * (nothing allocated) for anything else, which the careful path below
 * then takes, errors and all.
 */
static bool
canonical_fast(const uint8_t *in, size_t len, char **out, size_t *out_len)
{
	const uint8_t *end = in + len;
	size_t r = 0, line = 0;
	uint8_t *res;
	ucs4_t c;
	int k;

	if (!(res = malloc(len + 2)))
		return false;
	while (in < end) {
		if (*in >= 0x20 && *in < 0x7f) {
			res[r++] = *in++;
			continue;
		}
		if (*in == '\n' || *in == '\r') {
			while (r > line && (res[r - 1] == ' ' || res[r - 1] == '\t'))
				r--;
			res[r++] = '\n';
			in += *in == '\r' && in + 1 < end && in[1] == '\n' ? 2 : 1;
			line = r;
			continue;
		}
		if (*in == '\t') {
			res[r++] = *in++;
			continue;
		}
		k = *in < 0x80 ? -1 : u8_mbtoucr(&c, in, (size_t)(end - in));
		if (k < 0 || forbidden(c) || !stays_nfc(c)) {
			free(res);
			return false;
		}
		memcpy(res + r, in, (size_t)k);
		r += (size_t)k;
		in += k;
	}
	while (r > line && (res[r - 1] == ' ' || res[r - 1] == '\t'))
		r--;
	if (r > line)
		res[r++] = '\n';
	while (r >= 2 && res[r - 1] == '\n' && res[r - 2] == '\n')
		r--;
	if (r == 0)
		res[r++] = '\n';
	res[r] = '\0';
	*out = (char *)res;
	*out_len = r;
	return true;
}

enum core_status
content_canonical(const char *name, const char *raw, size_t len, char **out,
    size_t *out_len)
{
	const uint8_t *in = (const uint8_t *)raw;
	uint8_t *lf, *nfc = NULL;
	char *res;
	size_t i, n = 0, m = 0, r = 0, start;
	enum core_status rc;

	*out = NULL;
	*out_len = 0;
	/* A byte order mark is an encoding signature, not text. */
	if (len >= 3 && in[0] == 0xef && in[1] == 0xbb && in[2] == 0xbf) {
		in += 3;
		len -= 3;
	}
	if (canonical_fast(in, len, out, out_len))
		return CORE_OK;
	if (!(lf = calloc(1, len + 1)))
		return core_fail(CORE_ERR_NOMEM, "%s", name);
	/* CR is never part of a multibyte sequence, so this is safe first. */
	for (i = 0; i < len; i++) {
		if (in[i] == '\r') {
			lf[n++] = '\n';
			if (i + 1 < len && in[i + 1] == '\n')
				i++;
		} else {
			lf[n++] = in[i];
		}
	}
	if ((rc = check_chars(name, lf, n))) {
		free(lf);
		return rc;
	}
	/* Only text the fast path could not take gets here. */
	if (!(nfc = u8_normalize(UNINORM_NFC, lf, n, NULL, &m))) {
		free(lf);
		return core_fail(errno == ENOMEM ? CORE_ERR_NOMEM :
		    CORE_ERR_CONTENT, "%s: cannot normalise to NFC: %s", name,
		    strerror(errno));
	}
	free(lf);
	if (!(res = malloc(m + 2))) {
		free(nfc);
		return core_fail(CORE_ERR_NOMEM, "%s", name);
	}
	for (start = 0; start < m;) {
		const uint8_t *nl = memchr(nfc + start, '\n', m - start);
		size_t end = nl ? (size_t)(nl - nfc) : m, e = end;

		while (e > start && (nfc[e - 1] == ' ' || nfc[e - 1] == '\t'))
			e--;
		memcpy(res + r, nfc + start, e - start);
		r += e - start;
		res[r++] = '\n';
		start = end + 1;
	}
	free(nfc);
	while (r >= 2 && res[r - 1] == '\n' && res[r - 2] == '\n')
		r--;
	if (r == 0)
		res[r++] = '\n';
	res[r] = '\0';
	*out = res;
	*out_len = r;
	return CORE_OK;
}

static enum core_status
add_block(const char *name, struct parsed *p, enum block_kind kind,
    char *text, unsigned line)
{
	struct document *doc = p->doc;

	if (!text)
		return core_fail(CORE_ERR_NOMEM, "%s", name);
	if (doc->nblocks == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 32;
		struct block *b = realloc(doc->blocks, cap * sizeof *b);
		unsigned *l;

		if (b)
			doc->blocks = b;
		if (!b || !(l = realloc(p->lines, cap * sizeof *l))) {
			free(text);
			return core_fail(CORE_ERR_NOMEM, "%s", name);
		}
		p->lines = l;
		p->cap = cap;
	}
	doc->blocks[doc->nblocks].kind = kind;
	doc->blocks[doc->nblocks].text = text;
	p->lines[doc->nblocks++] = line;
	return CORE_OK;
}

static char *
dup_n(const char *s, size_t n)
{
	char *out = malloc(n + 1);

	if (out) {
		memcpy(out, s, n);
		out[n] = '\0';
	}
	return out;
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static enum core_status
header_line(const char *name, struct document *doc, const char *line,
    size_t n, unsigned lineno)
{
	const char *colon = memchr(line, ':', n), *v;
	size_t klen, vlen, i;
	char **field = NULL;
	uint8_t (*grown)[CRYPTO_HASH_BYTES];

	if (!colon)
		return core_fail(CORE_ERR_CONTENT,
		    "%s: line %u: expected \"Title: ...\", \"Source: ...\", \"Minor-change-of: ...\" or the \"---\" line that ends the header",
		    name, lineno);
	klen = (size_t)(colon - line);
	for (v = colon + 1; v < line + n && (*v == ' ' || *v == '\t'); v++)
		;
	vlen = (size_t)(line + n - v);
	if (klen == 5 && !strncasecmp(line, "title", 5))
		field = &doc->title;
	else if (klen == 6 && !strncasecmp(line, "source", 6))
		field = &doc->source;
	else if (klen != 15 || strncasecmp(line, "minor-change-of", 15))
		return core_fail(CORE_ERR_CONTENT,
		    "%s: line %u: unknown header \"%.*s\": expected Title, Source or Minor-change-of",
		    name, lineno, (int)(klen > 40 ? 40 : klen), line);
	if (field) {
		if (*field)
			return core_fail(CORE_ERR_CONTENT,
			    "%s: line %u: \"%.*s\" given twice", name, lineno,
			    (int)klen, line);
		if (!vlen)
			return core_fail(CORE_ERR_CONTENT,
			    "%s: line %u: \"%.*s\" is empty", name, lineno,
			    (int)klen, line);
		return (*field = dup_n(v, vlen)) ? CORE_OK :
		    core_fail(CORE_ERR_NOMEM, "%s", name);
	}
	for (i = 0; i < vlen && hexval(v[i]) >= 0; i++)
		;
	if (vlen != 2 * CRYPTO_HASH_BYTES || i != vlen)
		return core_fail(CORE_ERR_CONTENT,
		    "%s: line %u: Minor-change-of: expected the 64 hex digits of an earlier version's hash",
		    name, lineno);
	grown = realloc(doc->minor_of, (doc->nminor + 1) * sizeof *grown);
	if (!grown)
		return core_fail(CORE_ERR_NOMEM, "%s", name);
	doc->minor_of = grown;
	for (i = 0; i < CRYPTO_HASH_BYTES; i++)
		grown[doc->nminor][i] = (uint8_t)(hexval(v[2 * i]) << 4 |
		    hexval(v[2 * i + 1]));
	doc->nminor++;
	return CORE_OK;
}

/* Paragraph lines pile up here until a blank line or another block. */
struct para {
	char *buf;
	size_t len, cap;
	unsigned line;
};

static enum core_status
para_flush(const char *name, struct parsed *p, struct para *para)
{
	enum core_status rc;

	if (!para->len)
		return CORE_OK;
	rc = add_block(name, p, BLOCK_PARAGRAPH, dup_n(para->buf, para->len),
	    para->line);
	para->len = 0;
	return rc;
}

static enum core_status
para_add(const char *name, struct para *para, const char *line, size_t n,
    unsigned lineno)
{
	while (n && (*line == ' ' || *line == '\t')) {
		line++;
		n--;
	}
	if (para->len + n + 2 > para->cap) {
		size_t cap = (para->len + n + 2) * 2;
		char *b = realloc(para->buf, cap);

		if (!b)
			return core_fail(CORE_ERR_NOMEM, "%s", name);
		para->buf = b;
		para->cap = cap;
	}
	if (para->len)
		para->buf[para->len++] = ' ';
	else
		para->line = lineno;
	memcpy(para->buf + para->len, line, n);
	para->len += n;
	return CORE_OK;
}

static enum core_status
body_line(const char *name, struct parsed *p, struct para *para,
    const char *line, size_t n, unsigned lineno)
{
	static const char marks[] = "#-?+*";
	static const enum block_kind kinds[] = { BLOCK_HEADING, BLOCK_BULLET,
		BLOCK_QUESTION, BLOCK_RIGHT, BLOCK_WRONG };
	const char *m = n ? strchr(marks, line[0]) : NULL;
	enum core_status rc;

	if (!n)
		return para_flush(name, p, para);
	if (!m || !*m || (n > 1 && line[1] != ' '))
		return para_add(name, para, line, n, lineno);
	if ((rc = para_flush(name, p, para)))
		return rc;
	for (line++, n--; n && (*line == ' ' || *line == '\t'); line++, n--)
		;
	if (!n)
		return core_fail(CORE_ERR_CONTENT,
		    "%s: line %u: \"%c\" with nothing after it: expected text after \"%c \"",
		    name, lineno, *m, *m);
	return add_block(name, p, kinds[m - marks], dup_n(line, n), lineno);
}

static enum core_status
parse(const char *name, const char *step_id, const char *text, size_t len,
    struct parsed *p)
{
	struct document *doc;
	struct para para = { NULL, 0, 0, 0 };
	const char *line = text, *end = text + len, *nl;
	unsigned lineno = 0;
	bool body = false;
	enum core_status rc = CORE_OK;

	if (!(doc = p->doc = calloc(1, sizeof *doc)) ||
	    !(doc->step = strdup(step_id ? step_id : "")) ||
	    !(doc->text = dup_n(text, len)))
		return core_fail(CORE_ERR_NOMEM, "%s", name);
	doc->len = len;
	crypto_blake2b(doc->text, len, doc->hash);
	for (; rc == CORE_OK && line < end; line = nl + 1) {
		size_t n;

		nl = memchr(line, '\n', (size_t)(end - line));
		if (!nl)
			nl = end;
		n = (size_t)(nl - line);
		lineno++;
		if (body)
			rc = body_line(name, p, &para, line, n, lineno);
		else if (n == 3 && !memcmp(line, "---", 3))
			body = true;
		else if (n)
			rc = header_line(name, doc, line, n, lineno);
	}
	if (rc == CORE_OK)
		rc = para_flush(name, p, &para);
	free(para.buf);
	if (rc)
		return rc;
	if (!body)
		return core_fail(CORE_ERR_CONTENT,
		    "%s: expected a \"---\" line after the header", name);
	if (!doc->title || !doc->source)
		return core_fail(CORE_ERR_CONTENT,
		    "%s: missing \"%s:\" in the header", name,
		    doc->title ? "Source" : "Title");
	return CORE_OK;
}

static enum core_status
parse_canonical(const char *name, const char *step_id, const char *text,
    size_t len, struct parsed *p)
{
	char *canon;
	size_t clen;
	bool same;
	enum core_status rc;

	/* the hash means "this exact text": refuse text not in canonical form */
	if ((rc = content_canonical(name, text, len, &canon, &clen)))
		return rc;
	same = clen == len && !memcmp(canon, text, len);
	free(canon);
	if (!same)
		return core_fail(CORE_ERR_CONTENT,
		    "%s: the text is not in canonical form (UTF-8, NFC, LF, no trailing blanks, one final line break)",
		    name);
	return parse(name, step_id, text, len, p);
}

static void
parsed_free(struct parsed *p)
{
	content_free(&p->doc);
	free(p->lines);
	p->lines = NULL;
}

static enum core_status
load(const char *path, const char *step_id, struct parsed *p)
{
	FILE *f = fopen(path, "rb");
	char *raw, *canon;
	size_t n, clen, cap;
	enum core_status rc;
	struct stat sb;

	if (!f)
		return core_fail(CORE_ERR_CONTENT, "cannot read %s: %s", path,
		    strerror(errno));
	/* The file's own size, one byte over to see it end (or grow). */
	cap = fstat(fileno(f), &sb) == 0 && sb.st_size >= 0 &&
	    sb.st_size < CONTENT_FILE_MAX ? (size_t)sb.st_size + 1 :
	    CONTENT_FILE_MAX + 1;
	if (!(raw = malloc(cap))) {
		fclose(f);
		return core_fail(CORE_ERR_NOMEM, "%s", path);
	}
	n = fread(raw, 1, cap, f);
	rc = ferror(f) ? core_fail(CORE_ERR_CONTENT, "cannot read %s: %s",
	    path, strerror(errno)) : CORE_OK;
	fclose(f);
	if (!rc && n > CONTENT_FILE_MAX)
		rc = core_fail(CORE_ERR_CONTENT,
		    "%s: expected at most %d bytes", path, CONTENT_FILE_MAX);
	else if (!rc && n == cap)
		rc = core_fail(CORE_ERR_CONTENT,
		    "%s: it changed while being read: try again", path);
	if (!rc && !(rc = content_canonical(path, raw, n, &canon, &clen))) {
		rc = parse(path, step_id, canon, clen, p);
		free(canon);
	}
	free(raw);
	if (rc)
		parsed_free(p);
	return rc;
}

/* What each step kind needs from its blocks; errors name the line. */
static enum core_status
check_kind(const char *name, const struct parsed *p, enum step_kind kind)
{
	const struct document *doc = p->doc;
	unsigned right = 0, answers = 0, qline = 0;
	size_t i, bullets = 0, questions = 0;
	bool open = false;

	for (i = 0; i <= doc->nblocks; i++) {
		enum block_kind k = i < doc->nblocks ? doc->blocks[i].kind :
		    BLOCK_HEADING;
		bool answer = k == BLOCK_RIGHT || k == BLOCK_WRONG;

		if (i < doc->nblocks && kind != STEP_QUIZ &&
		    (answer || k == BLOCK_QUESTION))
			return core_fail(CORE_ERR_CONTENT,
			    "%s: line %u: quiz lines (\"? \", \"+ \", \"* \") belong only in a quiz step",
			    name, p->lines[i]);
		bullets += k == BLOCK_BULLET && i < doc->nblocks;
		if (answer && !open)
			return core_fail(CORE_ERR_CONTENT,
			    "%s: line %u: an answer must come straight after its question (\"? \")",
			    name, p->lines[i]);
		if (answer) {
			right += k == BLOCK_RIGHT;
			answers++;
			continue;
		}
		if (open && right != 1)
			return core_fail(CORE_ERR_CONTENT,
			    "%s: line %u: expected exactly one right answer (\"+ \") for this question, found %u",
			    name, qline, right);
		if (open && (answers < 2 || answers > 3))
			return core_fail(CORE_ERR_CONTENT,
			    "%s: line %u: expected two or three answers for this question, found %u",
			    name, qline, answers);
		open = k == BLOCK_QUESTION && i < doc->nblocks;
		if (open) {
			questions++;
			qline = p->lines[i];
			right = answers = 0;
		}
	}
	if (kind == STEP_QUIZ && !questions)
		return core_fail(CORE_ERR_CONTENT,
		    "%s: expected at least one question (\"? \") in a quiz step",
		    name);
	if (kind == STEP_CHECKLIST && !bullets)
		return core_fail(CORE_ERR_CONTENT,
		    "%s: expected at least one item (\"- \") in a checklist step",
		    name);
	return CORE_OK;
}

/* ---- public ---- */

enum core_status
content_load(const char *path, const char *step_id, struct document **out)
{
	struct parsed p = { NULL, NULL, 0 };
	enum core_status rc = load(path, step_id, &p);

	free(p.lines);
	*out = p.doc;
	return rc;
}

enum core_status
content_parse(const char *name, const char *step_id, const char *text,
    size_t len, struct document **out)
{
	struct parsed p = { NULL, NULL, 0 };
	enum core_status rc = parse_canonical(name, step_id, text, len, &p);

	if (rc)
		content_free(&p.doc);
	free(p.lines);
	*out = p.doc;
	return rc;
}

void
content_free(struct document **doc)
{
	size_t i;

	if (!doc || !*doc)
		return;
	for (i = 0; i < (*doc)->nblocks; i++)
		free((*doc)->blocks[i].text);
	free((*doc)->blocks);
	free((*doc)->minor_of);
	free((*doc)->step);
	free((*doc)->title);
	free((*doc)->source);
	free((*doc)->text);
	free(*doc);
	*doc = NULL;
}

enum core_status
content_pack_load(const struct config *cfg, struct content_pack **out)
{
	struct content_pack *pack;
	enum core_status rc = CORE_OK;
	size_t i;

	*out = NULL;
	if (!(pack = calloc(1, sizeof *pack)) || (cfg->nsteps &&
	    !(pack->docs = calloc(cfg->nsteps, sizeof *pack->docs)))) {
		free(pack);
		return core_fail(CORE_ERR_NOMEM, "loading the content pack");
	}
	for (i = 0; rc == CORE_OK && i < cfg->nsteps; i++) {
		const struct step_def *s = &cfg->steps[i];
		struct parsed p = { NULL, NULL, 0 };

		rc = load(s->file, s->id, &p);
		if (rc == CORE_OK && (rc = check_kind(s->file, &p, s->kind)))
			content_free(&p.doc);
		free(p.lines);
		pack->docs[i] = p.doc;
		pack->ndocs += rc == CORE_OK;
	}
	if (rc) {
		content_pack_free(&pack);
		return rc;
	}
	*out = pack;
	return CORE_OK;
}

void
content_pack_free(struct content_pack **pack)
{
	size_t i;

	if (!pack || !*pack)
		return;
	for (i = 0; i < (*pack)->ndocs; i++)
		content_free(&(*pack)->docs[i]);
	free((*pack)->docs);
	free(*pack);
	*pack = NULL;
}

const struct document *
content_pack_doc(const struct content_pack *pack, const struct config *cfg,
    const char *step_id)
{
	size_t i;

	if (!pack || !cfg || !step_id)
		return NULL;
	for (i = 0; i < cfg->nsteps && i < pack->ndocs; i++)
		if (!strcmp(cfg->steps[i].id, step_id))
			return pack->docs[i];
	return NULL;
}

enum core_status
content_pack_store(const struct content_pack *pack, struct store *st)
{
	static const char sql[] = "INSERT OR IGNORE INTO documents"
	    "(hash, step, title, text, first_seen_ms) VALUES(?, ?, ?, ?, ?)";
	enum core_status rc;
	sqlite3_stmt *stmt;
	int64_t now = store_now_ms();
	size_t i;
	int src;

	if ((rc = store_begin(st)))
		return rc;
	for (i = 0; i < pack->ndocs; i++) {
		const struct document *d = pack->docs[i];

		if (!(stmt = store_prepare(st, sql, &rc)))
			goto fail;
		if ((src = sqlite3_bind_blob(stmt, 1, d->hash, sizeof d->hash,
		    SQLITE_STATIC)) ||
		    (src = sqlite3_bind_text(stmt, 2, d->step, -1,
		    SQLITE_STATIC)) ||
		    (src = sqlite3_bind_text(stmt, 3, d->title, -1,
		    SQLITE_STATIC)) ||
		    (src = sqlite3_bind_blob64(stmt, 4, d->text, d->len,
		    SQLITE_STATIC)) ||
		    (src = sqlite3_bind_int64(stmt, 5, now)) ||
		    (src = sqlite3_step(stmt)) != SQLITE_DONE) {
			rc = store_fail(st, src, "storing a document version");
			sqlite3_reset(stmt);
			goto fail;
		}
		sqlite3_reset(stmt);
		sqlite3_clear_bindings(stmt);
	}
	if ((rc = store_commit(st)))
		goto fail;
	return CORE_OK;
fail:
	store_rollback(st);
	return rc;
}
