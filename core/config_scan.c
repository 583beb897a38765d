/* SPDX-License-Identifier: ISC */
/*
 * The raw-line scan of the config, run before iniparser: iniparser keeps
 * the last of two equal keys silently and reports syntax errors through a
 * global callback, so this catches both and says so in our own words.
 * Mirrors iniparser 4.1's line rules.
 */
#include "config_scan.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define CONFIG_FILE_MAX (1024 * 1024)
#define GOT_MAX 60

static char *
scan_strip(char *s)
{
	size_t n;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' ||
	    s[n - 1] == '\n'))
		s[--n] = '\0';
	return s;
}

struct seen {
	char *sec;
	char *key;	/* NULL for a section header */
	unsigned line;
};

static int
seen_cmp(const void *a, const void *b)
{
	const struct seen *x = a, *y = b;
	int c = strcmp(x->sec, y->sec);

	if (c)
		return c;
	if (!x->key || !y->key) {
		if (x->key != y->key)
			return x->key ? 1 : -1;
	} else if ((c = strcmp(x->key, y->key)))
		return c;
	return (x->line > y->line) - (x->line < y->line);
}



static char *
dup_lower(const char *s, size_t n)
{
	char *out = malloc(n + 1);
	size_t i;

	if (!out)
		return NULL;
	for (i = 0; i < n; i++)
		out[i] = (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] - 'A' + 'a')
		    : s[i];
	out[n] = '\0';
	return out;
}

enum core_status
config_read_all(const char *path, char **out, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	size_t n = 0, cap;
	enum core_status rc = CORE_OK;
	struct stat sb;

	if (!f)
		return core_fail(CORE_ERR_CONFIG, "cannot read %s: %s", path,
		    strerror(errno));
	/* The file's own size, one byte over to see it end (or grow). */
	cap = fstat(fileno(f), &sb) == 0 && sb.st_size >= 0 &&
	    sb.st_size < CONFIG_FILE_MAX ? (size_t)sb.st_size + 1 :
	    CONFIG_FILE_MAX + 1;
	if (!(buf = malloc(cap)))
		rc = core_fail(CORE_ERR_NOMEM, "reading %s", path);
	else if ((n = fread(buf, 1, cap, f)), ferror(f))
		rc = core_fail(CORE_ERR_CONFIG, "cannot read %s: %s", path,
		    strerror(errno));
	else if (n > CONFIG_FILE_MAX)
		rc = core_fail(CORE_ERR_CONFIG,
		    "%s: expected a config file of at most %d bytes", path,
		    CONFIG_FILE_MAX);
	else if (n == cap)
		rc = core_fail(CORE_ERR_CONFIG,
		    "%s: it changed while being read: try again", path);
	else if (memchr(buf, '\0', n))
		rc = core_fail(CORE_ERR_CONFIG,
		    "%s: expected a text file, found a NUL byte", path);
	fclose(f);
	if (rc) {
		free(buf);
		return rc;
	}
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return CORE_OK;
}

static enum core_status
scan_line(const char *file, char *line, unsigned lineno, char **sec,
    struct seen **list, size_t *n, size_t *cap)
{
	char *s = scan_strip(line), *eq, *key = NULL;
	size_t len = strlen(s);

	if (!len || s[0] == '#' || s[0] == ';')
		return CORE_OK;
	if (s[0] == '[' && s[len - 1] == ']') {
		*strchr(s, ']') = '\0';
		s = scan_strip(s + 1);
		if (!*s)
			return core_fail(CORE_ERR_CONFIG,
			    "%s: line %u: expected a section name between [ and ]",
			    file, lineno);
		free(*sec);
		if (!(*sec = dup_lower(s, strlen(s))))
			return core_fail(CORE_ERR_NOMEM, "reading %s", file);
	} else if ((eq = strchr(s, '=')) && eq != s) {
		*eq = '\0';
		s = scan_strip(s);
		if (!(key = dup_lower(s, strlen(s))))
			return core_fail(CORE_ERR_NOMEM, "reading %s", file);
	} else {
		return core_fail(CORE_ERR_CONFIG,
		    "%s: line %u: expected [section], key = value or a comment, got \"%.*s\"",
		    file, lineno, GOT_MAX, s);
	}
	if (*n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 64;
		struct seen *grown = realloc(*list, ncap * sizeof *grown);

		if (!grown) {
			free(key);
			return core_fail(CORE_ERR_NOMEM, "reading %s", file);
		}
		*list = grown;
		*cap = ncap;
	}
	(*list)[*n].sec = strdup(*sec);
	(*list)[*n].key = key;
	(*list)[*n].line = lineno;
	if (!(*list)[(*n)++].sec)
		return core_fail(CORE_ERR_NOMEM, "reading %s", file);
	return CORE_OK;
}

static enum core_status
report_twice(const char *file, struct seen *list, size_t n)
{
	size_t i;

	qsort(list, n, sizeof *list, seen_cmp);
	for (i = 1; i < n; i++) {
		struct seen *a = &list[i - 1], *b = &list[i];

		if (strcmp(a->sec, b->sec) || (a->key == NULL) !=
		    (b->key == NULL) || (a->key && strcmp(a->key, b->key)))
			continue;
		if (a->key)
			return core_fail(CORE_ERR_CONFIG,
			    "%s: [%s] %s: given twice (lines %u and %u): expected each key once",
			    file, a->sec, a->key, a->line, b->line);
		return core_fail(CORE_ERR_CONFIG,
		    "%s: [%s]: section given twice (lines %u and %u): expected each section once",
		    file, a->sec, a->line, b->line);
	}
	return CORE_OK;
}

/*
 * Mirrors iniparser 4.1's line rules: trailing blanks go, and a '\' at the
 * end joins the next line on in its place.
 */
enum core_status
config_scan(const char *file, const char *text, size_t len)
{
	struct seen *list = NULL;
	size_t n = 0, cap = 0, i, used;
	char *sec = strdup(""), *line = malloc(len + 1);
	const char *p = text, *end = text + len;
	unsigned lineno = 0, first;
	enum core_status rc = CORE_OK;

	if (!sec || !line) {
		free(sec);
		free(line);
		return core_fail(CORE_ERR_NOMEM, "reading %s", file);
	}
	while (rc == CORE_OK && p < end) {
		used = 0;
		first = lineno + 1;
		for (;;) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			size_t k = nl ? (size_t)(nl - p) : (size_t)(end - p);

			memcpy(line + used, p, k);
			used += k;
			p += k + (nl != NULL);
			lineno++;
			while (used && (line[used - 1] == ' ' ||
			    line[used - 1] == '\t' || line[used - 1] == '\r'))
				used--;
			if (!used || line[used - 1] != '\\' || p >= end)
				break;
			used--;
		}
		line[used] = '\0';
		rc = scan_line(file, line, first, &sec, &list, &n, &cap);
	}
	if (rc == CORE_OK && n > 1)
		rc = report_twice(file, list, n);
	for (i = 0; i < n; i++) {
		free(list[i].sec);
		free(list[i].key);
	}
	free(list);
	free(sec);
	free(line);
	return rc;
}
