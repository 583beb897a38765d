/* SPDX-License-Identifier: ISC */
/*
 * etc/signoff.ini: read with iniparser, checked strictly, resolved.
 *
 * A kiosk must not run on a config it misread, so nothing here falls back to
 * a default for a bad value: unknown sections and keys, keys given twice,
 * malformed numbers and booleans are all refused, each with the file,
 * section, key and what was expected. iniparser silently keeps the last of
 * two equal keys and reports syntax errors through a global callback, so a
 * small scan of the raw lines runs first to catch both in our own words.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <dictionary.h>
#include <iniparser.h>
#include <unistr.h>

#include "config_scan.h"

#define GOT_MAX 60	/* how much of a bad value an error quotes */

struct ini {
	dictionary *d;
	const char *file;	/* as given, for messages */
};

struct section_rule {
	const char *name;	/* "group" matches "group:ID" when prefix */
	bool prefix;
	const char *keys;	/* the keys it may hold, as the error lists them */
};

static const struct section_rule rules[] = {
	{ "kiosk", false, "name, database, keyfile, content, exports" },
	{ "idle", false, "learner_seconds, warning_seconds, staff_seconds" },
	{ "pin", false, "length, lockout_after, argon2_ops, argon2_mem_kib" },
	{ "staff", false, "lockout_after, argon2_ops, argon2_mem_kib" },
	{ "consent", false, "validity_years, channels" },
	{ "theme", false, "name" },
	{ "retention", false, "years_after_leaving" },
	{ "group", true, "title, steps, permission" },
	{ "step", true,
	  "kind, title, file, require_end, witnessed, validity_days" },
	{ "channel", true, "label, required" },
};

static const char *const kind_names[] = {
	[STEP_DOCUMENT] = "document",
	[STEP_CHECKLIST] = "checklist",
	[STEP_QUIZ] = "quiz",
	[STEP_CONSENT] = "consent",
	[STEP_NOTICE] = "notice",
	[STEP_COMMITMENT] = "commitment",
};
#define NKINDS (sizeof kind_names / sizeof kind_names[0])

static const char themes[] = "default, high-contrast, mono";

/* ---- small string helpers ---- */

static char *
strip(char *s)
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

/* Is word one of the items of "a, b, c"? */
static bool
in_list(const char *list, const char *word)
{
	size_t n = strlen(word);
	const char *p;

	if (!n || strpbrk(word, ", "))
		return false;
	for (p = list; (p = strstr(p, word)); p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == ',' || !p[n]))
			return true;
	return false;
}

/* ---- iniparser ---- */

static _Thread_local char ini_error[256];

/* iniparser would print to stderr; core never prints, so keep the words. */
__attribute__((format(printf, 1, 2))) static int
ini_error_cb(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(ini_error, sizeof ini_error, fmt, ap);
	va_end(ap);
	ini_error[strcspn(ini_error, "\n")] = '\0';
	return n;
}

static const struct section_rule *
rule_for(const char *sec, const char **id)
{
	size_t i, n;

	for (i = 0; i < sizeof rules / sizeof rules[0]; i++) {
		n = strlen(rules[i].name);
		if (!rules[i].prefix && !strcmp(sec, rules[i].name)) {
			*id = NULL;
			return &rules[i];
		}
		if (rules[i].prefix && !strncmp(sec, rules[i].name, n) &&
		    sec[n] == ':') {
			*id = sec + n + 1;
			return &rules[i];
		}
	}
	return NULL;
}

static enum core_status
check_id(const struct ini *ini, const char *sec, const char *key,
    const char *id)
{
	size_t i, n = strlen(id);

	for (i = 0; i < n; i++)
		if (!((id[i] >= 'a' && id[i] <= 'z') ||
		    (id[i] >= '0' && id[i] <= '9') || id[i] == '-' ||
		    id[i] == '_'))
			break;
	if (n && n < CONFIG_ID_MAX && i == n)
		return CORE_OK;
	if (key)
		return core_fail(CORE_ERR_CONFIG,
		    "%s: [%s] %s: expected ids of 1 to %d lower-case letters, digits, '-' or '_', got \"%.*s\"",
		    ini->file, sec, key, CONFIG_ID_MAX - 1, GOT_MAX, id);
	return core_fail(CORE_ERR_CONFIG,
	    "%s: [%s]: expected an id of 1 to %d lower-case letters, digits, '-' or '_' after the ':'",
	    ini->file, sec, CONFIG_ID_MAX - 1);
}

/*
 * Every section and key must be one we know: a typo must not pass. Keys
 * follow their section in the dictionary (iniparser keeps the file's
 * order), so most are matched to it without a lookup.
 */
static enum core_status
check_names(const struct ini *ini)
{
	const dictionary *d = ini->d;
	const struct section_rule *r, *cur_rule = NULL;
	const char *id, *cur = NULL;
	size_t cur_len = 0;
	char sec[1100];
	ssize_t i;

	for (i = 0; i < d->size; i++) {
		const char *name = d->key[i], *colon, *in = sec;

		if (!name)
			continue;
		if (!d->val[i]) {
			if (!(r = rule_for(name, &id)))
				return core_fail(CORE_ERR_CONFIG,
				    "%s: [%.*s]: unknown section: expected kiosk, idle, pin, staff, consent, theme, retention, group:ID, step:ID or channel:ID",
				    ini->file, GOT_MAX, name);
			if (r->prefix && check_id(ini, name, NULL, id))
				return CORE_ERR_CONFIG;
			cur = name;
			cur_len = strlen(name);
			cur_rule = r;
			continue;
		}
		colon = strrchr(name, ':');
		if (!colon || colon == name)
			return core_fail(CORE_ERR_CONFIG,
			    "%s: %s: key outside any section: expected it under a [section]",
			    ini->file, colon ? colon + 1 : name);
		if (cur && (size_t)(colon - name) == cur_len &&
		    !strncmp(name, cur, cur_len)) {
			r = cur_rule;
			in = cur;
		} else {
			snprintf(sec, sizeof sec, "%.*s", (int)(colon - name), name);
			if (!iniparser_find_entry(d, sec) ||
			    iniparser_getstring(d, sec, NULL) ||
			    !(r = rule_for(sec, &id)))
				return core_fail(CORE_ERR_CONFIG,
				    "%s: %s: a key name cannot contain ':'",
				    ini->file, name);
		}
		if (!in_list(r->keys, colon + 1))
			return core_fail(CORE_ERR_CONFIG,
			    "%s: [%.*s] %s: unknown key: expected one of %s",
			    ini->file, (int)(colon - name), in, colon + 1, r->keys);
	}
	return CORE_OK;
}

/*
 * "sec:key", lower-cased as iniparser_getstring would, for dictionary_get:
 * the same answer, without a formatted print per key (start-up time).
 */
static const char *
get(const struct ini *ini, const char *sec, const char *key)
{
	char full[1100];
	size_t n = 0;
	const char *p;

	for (p = sec; *p && n < sizeof full - 1; p++)
		full[n++] = (char)tolower((unsigned char)*p);
	if (n < sizeof full - 1)
		full[n++] = ':';
	for (p = key; *p && n < sizeof full - 1; p++)
		full[n++] = (char)tolower((unsigned char)*p);
	full[n] = '\0';
	return dictionary_get(ini->d, full, NULL);
}

static enum core_status
get_uint(const struct ini *ini, const char *sec, const char *key,
    uint64_t min, uint64_t max, uint64_t def, uint64_t *out)
{
	const char *v = get(ini, sec, key);
	size_t i, n;

	if (!v) {
		*out = def;
		return CORE_OK;
	}
	n = strlen(v);
	for (i = 0; i < n; i++)
		if (v[i] < '0' || v[i] > '9')
			break;
	if (n && i == n && n < 20) {
		*out = strtoull(v, NULL, 10);
		if (*out >= min && *out <= max)
			return CORE_OK;
	}
	return core_fail(CORE_ERR_CONFIG,
	    "%s: [%s] %s: expected a whole number from %llu to %llu, got \"%.*s\"",
	    ini->file, sec, key, (unsigned long long)min,
	    (unsigned long long)max, GOT_MAX, v);
}

static enum core_status
get_unsigned(const struct ini *ini, const char *sec, const char *key,
    unsigned min, unsigned max, unsigned def, unsigned *out)
{
	uint64_t v;
	enum core_status rc = get_uint(ini, sec, key, min, max, def, &v);

	*out = (unsigned)v;
	return rc;
}

static enum core_status
get_bool(const struct ini *ini, const char *sec, const char *key, bool def,
    bool *out)
{
	static const char *const yes[] = { "yes", "true", "1" };
	static const char *const no[] = { "no", "false", "0" };
	const char *v = get(ini, sec, key);
	size_t i;

	*out = def;
	if (!v)
		return CORE_OK;
	for (i = 0; i < 3; i++) {
		if (!strcasecmp(v, yes[i]))
			return (*out = true), CORE_OK;
		if (!strcasecmp(v, no[i]))
			return (*out = false), CORE_OK;
	}
	return core_fail(CORE_ERR_CONFIG,
	    "%s: [%s] %s: expected yes or no, got \"%.*s\"", ini->file, sec,
	    key, GOT_MAX, v);
}

/* Text shown to people: required unless def, UTF-8, no control characters. */
static enum core_status
get_text(const struct ini *ini, const char *sec, const char *key,
    const char *def, char *out, size_t cap)
{
	const char *v = get(ini, sec, key);
	size_t i, n;

	if (!v && !def)
		return core_fail(CORE_ERR_CONFIG,
		    "%s: [%s] %s: missing: this key is required", ini->file,
		    sec, key);
	if (!v)
		v = def;
	n = strlen(v);
	if (!n)
		return core_fail(CORE_ERR_CONFIG,
		    "%s: [%s] %s: expected a value, got nothing", ini->file,
		    sec, key);
	if (n >= cap)
		return core_fail(CORE_ERR_CONFIG,
		    "%s: [%s] %s: expected at most %zu bytes, got %zu",
		    ini->file, sec, key, cap - 1, n);
	for (i = 0; i < n; i++)
		if ((unsigned char)v[i] < 0x20 || v[i] == 0x7f)
			break;
	if (i < n || u8_check((const uint8_t *)v, n))
		return core_fail(CORE_ERR_CONFIG,
		    "%s: [%s] %s: expected UTF-8 text without control characters",
		    ini->file, sec, key);
	memcpy(out, v, n + 1);
	return CORE_OK;
}

static enum core_status
resolve(const struct ini *ini, const char *sec, const char *key,
    const char *base, const char *rel, char out[PATH_MAX])
{
	int n;

	if (rel[0] == '/')
		n = snprintf(out, PATH_MAX, "%s", rel);
	else
		n = snprintf(out, PATH_MAX, "%s/%s", base, rel);
	if (n < 0 || n >= PATH_MAX)
		return core_fail(CORE_ERR_CONFIG,
		    "%s: [%s] %s: expected a path shorter than %d bytes",
		    ini->file, sec, key, PATH_MAX);
	return CORE_OK;
}

static enum core_status
get_path(const struct ini *ini, const char *sec, const char *key,
    const char *def, const char *base, char out[PATH_MAX])
{
	char rel[PATH_MAX];
	enum core_status rc = get_text(ini, sec, key, def, rel, sizeof rel);

	return rc ? rc : resolve(ini, sec, key, base, rel, out);
}

/*
 * A comma list of ids. Calls fn for each; fn gets the trimmed id. Empty
 * items ("a,,b" or a trailing comma) are refused: they are always a slip.
 */
static enum core_status
get_list(const struct ini *ini, const char *sec, const char *key,
    enum core_status (*fn)(void *, const char *), void *arg)
{
	const char *v = get(ini, sec, key);
	char *copy, *item, *next;
	enum core_status rc = CORE_OK;

	if (!v || !*v)	/* "key =" is an empty list */
		return CORE_OK;
	if (!(copy = strdup(v)))
		return core_fail(CORE_ERR_NOMEM, "reading %s", ini->file);
	for (item = copy; item && rc == CORE_OK; item = next) {
		next = strchr(item, ',');
		if (next)
			*next++ = '\0';
		item = strip(item);
		if (!*item)
			rc = core_fail(CORE_ERR_CONFIG,
			    "%s: [%s] %s: expected a comma list of ids, got an empty item in \"%.*s\"",
			    ini->file, sec, key, GOT_MAX, v);
		else if (!(rc = check_id(ini, sec, key, item)))
			rc = fn(arg, item);
	}
	free(copy);
	return rc;
}

/* ---- sections ---- */

static enum core_status
load_kiosk(const struct ini *ini, struct config *cfg)
{
	enum core_status rc;
	const char *slash;
	int n;

	if ((rc = get_text(ini, "kiosk", "name", NULL, cfg->kiosk_name,
	    sizeof cfg->kiosk_name)) ||
	    (rc = get_path(ini, "kiosk", "database", NULL, cfg->dir,
	    cfg->db_path)) ||
	    (rc = get_path(ini, "kiosk", "keyfile", NULL, cfg->dir,
	    cfg->key_path)) ||
	    (rc = get_path(ini, "kiosk", "content", "content", cfg->dir,
	    cfg->content_dir)))
		return rc;
	/* Default: beside the database, which the kiosk can already write. */
	if (get(ini, "kiosk", "exports"))
		return get_path(ini, "kiosk", "exports", NULL, cfg->dir,
		    cfg->exports_dir);
	slash = strrchr(cfg->db_path, '/');
	n = slash ? (int)(slash - cfg->db_path) : 1;
	if (snprintf(cfg->exports_dir, PATH_MAX, "%.*s/exports", n,
	    slash ? cfg->db_path : ".") >= PATH_MAX)
		return core_fail(CORE_ERR_CONFIG, "%s: [kiosk] exports: expected "
		    "a database path shorter than %d bytes", ini->file, PATH_MAX - 8);
	return CORE_OK;
}

static enum core_status
load_numbers(const struct ini *ini, struct config *cfg)
{
	enum core_status rc;

	if ((rc = get_unsigned(ini, "idle", "learner_seconds", 2, 86400, 300,
	    &cfg->idle_seconds)) ||
	    (rc = get_unsigned(ini, "idle", "staff_seconds", 1, 86400, 120,
	    &cfg->staff_idle_seconds)) ||
	    (rc = get_unsigned(ini, "idle", "warning_seconds", 1,
	    cfg->idle_seconds - 1, 60, &cfg->idle_warning_seconds)))
		return rc;
	if ((rc = get_unsigned(ini, "pin", "length", 6, 10, 6,
	    &cfg->pin_length)) ||
	    (rc = get_unsigned(ini, "pin", "lockout_after", 1, 100, 5,
	    &cfg->pin_lockout_after)) ||
	    (rc = get_uint(ini, "pin", "argon2_ops", 1, 100, 3,
	    &cfg->pin_argon_ops)) ||
	    (rc = get_uint(ini, "pin", "argon2_mem_kib", 8, 4194304, 65536,
	    &cfg->pin_argon_mem_kib)))
		return rc;
	if ((rc = get_unsigned(ini, "staff", "lockout_after", 1, 100, 5,
	    &cfg->staff_lockout_after)) ||
	    (rc = get_uint(ini, "staff", "argon2_ops", 1, 100, 3,
	    &cfg->staff_argon_ops)) ||
	    (rc = get_uint(ini, "staff", "argon2_mem_kib", 8, 4194304, 65536,
	    &cfg->staff_argon_mem_kib)))
		return rc;
	if ((rc = get_unsigned(ini, "consent", "validity_years", 1, 100, 7,
	    &cfg->consent_years)) ||
	    (rc = get_unsigned(ini, "retention", "years_after_leaving", 1, 100,
	    3, &cfg->retention_years)))
		return rc;
	return CORE_OK;
}

static enum core_status
load_theme(const struct ini *ini, struct config *cfg)
{
	enum core_status rc = get_text(ini, "theme", "name", "default",
	    cfg->theme, sizeof cfg->theme);

	if (rc || in_list(themes, cfg->theme))
		return rc;
	return core_fail(CORE_ERR_CONFIG,
	    "%s: [theme] name: expected one of %s, got \"%.*s\"", ini->file,
	    themes, GOT_MAX, cfg->theme);
}

struct channel_ctx {
	const struct ini *ini;
	struct config *cfg;
};

static enum core_status
add_channel(void *arg, const char *id)
{
	struct channel_ctx *c = arg;
	struct consent_channel *ch;
	char sec[CONFIG_ID_MAX + 16];
	size_t i;
	enum core_status rc;

	for (i = 0; i < c->cfg->nchannels; i++)
		if (!strcmp(c->cfg->channels[i].id, id))
			return core_fail(CORE_ERR_CONFIG,
			    "%s: [consent] channels: \"%s\" is listed twice: expected each channel once",
			    c->ini->file, id);
	if (c->cfg->nchannels == CONFIG_MAX_CHANNELS)
		return core_fail(CORE_ERR_CONFIG,
		    "%s: [consent] channels: expected at most %d channels",
		    c->ini->file, CONFIG_MAX_CHANNELS);
	snprintf(sec, sizeof sec, "channel:%s", id);
	if (!iniparser_find_entry(c->ini->d, sec))
		return core_fail(CORE_ERR_CONFIG,
		    "%s: [consent] channels: unknown channel \"%s\": expected a [%s] section",
		    c->ini->file, id, sec);
	ch = &c->cfg->channels[c->cfg->nchannels];
	snprintf(ch->id, sizeof ch->id, "%s", id);
	if ((rc = get_text(c->ini, sec, "label", NULL, ch->label,
	    sizeof ch->label)) ||
	    (rc = get_bool(c->ini, sec, "required", false, &ch->required_yes)))
		return rc;
	c->cfg->nchannels++;
	return CORE_OK;
}

static enum core_status
load_channels(const struct ini *ini, struct config *cfg)
{
	struct channel_ctx c = { ini, cfg };
	const dictionary *d = ini->d;
	enum core_status rc;
	ssize_t i;
	size_t k;

	if ((rc = get_list(ini, "consent", "channels", add_channel, &c)))
		return rc;
	/* A [channel:x] left out of the list would silently never be asked. */
	for (i = 0; i < d->size; i++) {
		const char *name = d->key[i];

		if (!name || d->val[i] || strncmp(name, "channel:", 8))
			continue;
		for (k = 0; k < cfg->nchannels; k++)
			if (!strcmp(cfg->channels[k].id, name + 8))
				break;
		if (k == cfg->nchannels)
			return core_fail(CORE_ERR_CONFIG,
			    "%s: [consent] channels: expected it to list \"%s\", which has a [%s] section",
			    ini->file, name + 8, name);
	}
	return CORE_OK;
}

static enum core_status
load_step(const struct ini *ini, struct config *cfg, const char *sec,
    struct step_def *s)
{
	char kind[32], file[PATH_MAX];
	struct stat sb;
	uint64_t days;
	size_t k;
	enum core_status rc;

	snprintf(s->id, sizeof s->id, "%s", sec + 5);
	rc = get_text(ini, sec, "kind", NULL, kind, sizeof kind);
	if (rc && !get(ini, sec, "kind"))
		return rc;
	for (k = 0; !rc && k < NKINDS; k++)
		if (!strcmp(kind, kind_names[k]))
			break;
	if (rc || k == NKINDS)
		return core_fail(CORE_ERR_CONFIG,
		    "%s: [%s] kind: expected one of document, checklist, quiz, consent, notice, commitment, got \"%.*s\"",
		    ini->file, sec, GOT_MAX, get(ini, sec, "kind"));
	s->kind = (enum step_kind)k;
	if ((rc = get_text(ini, sec, "title", NULL, s->title,
	    sizeof s->title)) ||
	    (rc = get_text(ini, sec, "file", NULL, file, sizeof file)) ||
	    (rc = resolve(ini, sec, "file", cfg->content_dir, file,
	    s->file)) ||
	    (rc = get_bool(ini, sec, "require_end", false, &s->require_end)) ||
	    (rc = get_bool(ini, sec, "witnessed", false, &s->witnessed)) ||
	    (rc = get_uint(ini, sec, "validity_days", 0, 36500, 0, &days)))
		return rc;
	s->validity_days = (unsigned)days;
	if (s->witnessed && s->kind != STEP_CHECKLIST)
		return core_fail(CORE_ERR_CONFIG,
		    "%s: [%s] witnessed: expected no: only a checklist step can be witnessed",
		    ini->file, sec);
	if (stat(s->file, &sb) || access(s->file, R_OK))
		return core_fail(CORE_ERR_CONFIG,
		    "%s: [%s] file: cannot read \"%s\": %s", ini->file, sec,
		    s->file, strerror(errno));
	if (!S_ISREG(sb.st_mode))
		return core_fail(CORE_ERR_CONFIG,
		    "%s: [%s] file: expected a regular file, got \"%s\"",
		    ini->file, sec, s->file);
	return CORE_OK;
}

static enum core_status
load_steps(const struct ini *ini, struct config *cfg)
{
	const dictionary *d = ini->d;
	enum core_status rc;
	size_t n = 0;
	ssize_t i;

	for (i = 0; i < d->size; i++)
		if (d->key[i] && !d->val[i] && !strncmp(d->key[i], "step:", 5))
			n++;
	if (n && !(cfg->steps = calloc(n, sizeof *cfg->steps)))
		return core_fail(CORE_ERR_NOMEM, "reading %s", ini->file);
	/* the dictionary keeps the file's order, so steps do too */
	for (i = 0; i < d->size; i++) {
		if (!d->key[i] || d->val[i] || strncmp(d->key[i], "step:", 5))
			continue;
		if ((rc = load_step(ini, cfg, d->key[i],
		    &cfg->steps[cfg->nsteps])))
			return rc;
		cfg->nsteps++;
	}
	return CORE_OK;
}

struct group_ctx {
	const struct ini *ini;
	const struct config *cfg;
	const char *sec;
	struct group_def *g;
};

static enum core_status
add_group_step(void *arg, const char *id)
{
	struct group_ctx *c = arg;
	const struct step_def *s = config_step(c->cfg, id);
	size_t i;

	if (!s)
		return core_fail(CORE_ERR_CONFIG,
		    "%s: [%s] steps: unknown step \"%s\": expected a [step:%s] section",
		    c->ini->file, c->sec, id, id);
	for (i = 0; i < c->g->nsteps; i++)
		if (c->g->steps[i] == s)
			return core_fail(CORE_ERR_CONFIG,
			    "%s: [%s] steps: step \"%s\" is listed twice: expected each step once",
			    c->ini->file, c->sec, id);
	if (c->g->nsteps == CONFIG_MAX_STEPS)
		return core_fail(CORE_ERR_CONFIG,
		    "%s: [%s] steps: expected at most %d steps",
		    c->ini->file, c->sec, CONFIG_MAX_STEPS);
	c->g->steps[c->g->nsteps++] = s;
	return CORE_OK;
}

static enum core_status
load_groups(const struct ini *ini, struct config *cfg)
{
	const dictionary *d = ini->d;
	struct group_ctx c = { ini, cfg, NULL, NULL };
	enum core_status rc;
	size_t n = 0;
	ssize_t i;

	for (i = 0; i < d->size; i++)
		if (d->key[i] && !d->val[i] && !strncmp(d->key[i], "group:", 6))
			n++;
	if (!n)
		return core_fail(CORE_ERR_CONFIG,
		    "%s: [group:ID]: missing: expected at least one group with its steps",
		    ini->file);
	if (!(cfg->groups = calloc(n, sizeof *cfg->groups)))
		return core_fail(CORE_ERR_NOMEM, "reading %s", ini->file);
	for (i = 0; i < d->size; i++) {
		if (!d->key[i] || d->val[i] || strncmp(d->key[i], "group:", 6))
			continue;
		c.sec = d->key[i];
		c.g = &cfg->groups[cfg->ngroups++];
		snprintf(c.g->id, sizeof c.g->id, "%s", c.sec + 6);
		if ((rc = get_text(ini, c.sec, "title", NULL, c.g->title,
		    sizeof c.g->title)) ||
		    (rc = get_bool(ini, c.sec, "permission", false,
		    &c.g->needs_permission)) ||
		    (rc = get_list(ini, c.sec, "steps", add_group_step, &c)))
			return rc;
		if (!c.g->nsteps)
			return core_fail(CORE_ERR_CONFIG,
			    "%s: [%s] steps: %s: expected a comma list of step ids",
			    ini->file, c.sec, get(ini, c.sec, "steps") ?
			    "no steps" : "missing");
	}
	return CORE_OK;
}

static enum core_status
check_consent(const struct ini *ini, const struct config *cfg)
{
	size_t i;

	if (cfg->nchannels)
		return CORE_OK;
	for (i = 0; i < cfg->nsteps; i++)
		if (cfg->steps[i].kind == STEP_CONSENT)
			return core_fail(CORE_ERR_CONFIG,
			    "%s: [consent] channels: expected at least one channel, since [step:%s] is a consent step",
			    ini->file, cfg->steps[i].id);
	return CORE_OK;
}

static enum core_status
set_paths(struct config *cfg, const char *path)
{
	const char *slash = strrchr(path, '/');

	if (strlen(path) >= sizeof cfg->path)
		return core_fail(CORE_ERR_CONFIG, "%.*s...: path too long",
		    GOT_MAX, path);
	snprintf(cfg->path, sizeof cfg->path, "%s", path);
	if (!slash)
		snprintf(cfg->dir, sizeof cfg->dir, ".");
	else
		snprintf(cfg->dir, sizeof cfg->dir, "%.*s",
		    (int)(slash == path ? 1 : slash - path), path);
	return CORE_OK;
}

/* ---- public ---- */

const char *
step_kind_name(enum step_kind kind)
{
	if ((unsigned)kind >= NKINDS)
		return NULL;
	return kind_names[kind];
}

enum core_status
config_load(const char *path, struct config **out)
{
	struct config *cfg;
	struct ini ini = { NULL, path };
	char *text = NULL;
	size_t len = 0;
	enum core_status rc;

	*out = NULL;
	if ((rc = config_read_all(path, &text, &len)))
		return rc;
	rc = config_scan(path, text, len);
	free(text);
	if (rc)
		return rc;
	ini_error[0] = '\0';
	iniparser_set_error_callback(ini_error_cb);
	if (!(ini.d = iniparser_load(path)))
		return core_fail(CORE_ERR_CONFIG, "%s: cannot parse: %s", path,
		    ini_error[0] ? ini_error : "unknown error");
	if (!(cfg = calloc(1, sizeof *cfg))) {
		iniparser_freedict(ini.d);
		return core_fail(CORE_ERR_NOMEM, "reading %s", path);
	}
	if (!(rc = set_paths(cfg, path)) &&
	    !(rc = check_names(&ini)) &&
	    !(rc = load_kiosk(&ini, cfg)) &&
	    !(rc = load_numbers(&ini, cfg)) &&
	    !(rc = load_theme(&ini, cfg)) &&
	    !(rc = load_channels(&ini, cfg)) &&
	    !(rc = load_steps(&ini, cfg)) &&
	    !(rc = load_groups(&ini, cfg)))
		rc = check_consent(&ini, cfg);
	iniparser_freedict(ini.d);
	if (rc) {
		config_free(&cfg);
		return rc;
	}
	*out = cfg;
	return CORE_OK;
}

void
config_free(struct config **cfg)
{
	if (!cfg || !*cfg)
		return;
	free((*cfg)->steps);
	free((*cfg)->groups);
	free(*cfg);
	*cfg = NULL;
}

const struct group_def *
config_group(const struct config *cfg, const char *id)
{
	size_t i;

	for (i = 0; cfg && id && i < cfg->ngroups; i++)
		if (!strcmp(cfg->groups[i].id, id))
			return &cfg->groups[i];
	return NULL;
}

const struct step_def *
config_step(const struct config *cfg, const char *id)
{
	size_t i;

	for (i = 0; cfg && id && i < cfg->nsteps; i++)
		if (!strcmp(cfg->steps[i].id, id))
			return &cfg->steps[i];
	return NULL;
}

const char *
config_default_path(const char *explicit_path)
{
	const char *env;

	if (explicit_path)
		return explicit_path;
	env = getenv("SIGNOFF_CONFIG");
	if (env && *env)
		return env;
	if (access("/etc/signoff/signoff.ini", F_OK) == 0)
		return "/etc/signoff/signoff.ini";
	return "etc/signoff.ini";
}
