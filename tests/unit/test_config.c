/* SPDX-License-Identifier: ISC */
/*
 * core/config.c: the shipped etc/signoff.ini loads as documented; every kind
 * of bad config is refused with the file, section and key named; relative
 * paths resolve against the config's folder; left-out keys get the defaults.
 */
#include "testutil.h"

#include <errno.h>
#include <sys/stat.h>

#include "core/config.h"

/* A small valid config; each bad case below changes one thing in it. */
static const char base_ini[] =
	"# a test config\n"
	"[kiosk]\n"
	"name = Test kiosk\n"
	"database = db/signoff.db\n"
	"keyfile = /var/lib/signoff-test/kiosk.key\n"
	"content = content\n"
	"\n"
	"[idle]\n"
	"learner_seconds = 300\n"
	"warning_seconds = 60\n"
	"staff_seconds = 120\n"
	"\n"
	"[pin]\n"
	"length = 6\n"
	"lockout_after = 5\n"
	"argon2_ops = 1\n"
	"argon2_mem_kib = 8192\n"
	"\n"
	"[staff]\n"
	"lockout_after = 4\n"
	"argon2_ops = 1\n"
	"argon2_mem_kib = 8192\n"
	"\n"
	"[consent]\n"
	"validity_years = 7\n"
	"channels = website, portfolio\n"
	"\n"
	"[channel:website]\n"
	"label = HCC website\n"
	"\n"
	"[channel:portfolio]\n"
	"label = Portfolio evidence\n"
	"required = yes\n"
	"\n"
	"[theme]\n"
	"name = mono\n"
	"\n"
	"[retention]\n"
	"years_after_leaving = 3\n"
	"\n"
	"[group:g1]\n"
	"title = Group one\n"
	"steps = doc, check, consent\n"
	"\n"
	"[group:g2]\n"
	"title = Group two\n"
	"permission = yes\n"
	"steps = check, doc\n"
	"\n"
	"[step:doc]\n"
	"kind = document\n"
	"title = A document\n"
	"file = doc.txt\n"
	"require_end = yes\n"
	"validity_days = 365\n"
	"\n"
	"[step:check]\n"
	"kind = checklist\n"
	"title = A checklist\n"
	"file = check.txt\n"
	"witnessed = true\n"
	"\n"
	"[step:consent]\n"
	"kind = consent\n"
	"title = Consent\n"
	"file = consent.txt\n";

static const char channels_block[] =
	"channels = website, portfolio\n"
	"\n"
	"[channel:website]\n"
	"label = HCC website\n"
	"\n"
	"[channel:portfolio]\n"
	"label = Portfolio evidence\n"
	"required = yes\n";

struct env {
	char dir[256];
	char ini[300];
};

static int
setup(void **state)
{
	struct env *e = calloc(1, sizeof *e);
	char content[300];

	assert_non_null(e);
	tu_tempdir(e->dir, sizeof e->dir);
	snprintf(content, sizeof content, "%s/content", e->dir);
	assert_int_equal(mkdir(content, 0700), 0);
	tu_write(content, "doc.txt", "Title: D\nSource: S\n---\nText.\n");
	tu_write(content, "check.txt", "Title: C\nSource: S\n---\n- Item\n");
	tu_write(content, "consent.txt", "Title: K\nSource: S\n---\nAsk.\n");
	snprintf(e->ini, sizeof e->ini, "%s/signoff.ini", e->dir);
	*state = e;
	return 0;
}

static int
teardown(void **state)
{
	struct env *e = *state;

	tu_rmrf(e->dir);
	free(e);
	return 0;
}

/* base_ini with the first `find` replaced (find NULL: text appended). */
static void
write_variant(const struct env *e, const char *find, const char *repl)
{
	char buf[8192];
	const char *at = find ? strstr(base_ini, find) : NULL;

	if (find) {
		assert_non_null(at);
		snprintf(buf, sizeof buf, "%.*s%s%s", (int)(at - base_ini),
		    base_ini, repl, at + strlen(find));
	} else {
		snprintf(buf, sizeof buf, "%s%s", base_ini, repl);
	}
	tu_write(e->dir, "signoff.ini", buf);
}

static void
test_real_config_loads(void **state)
{
	static const char *const ids[] = { "website", "publications", "media",
		"vle", "teaching", "social", "portfolio" };
	static const char *const labels[] = { "HCC website",
		"Publications and newsletters", "Media releases",
		"Hampshire Achieves VLE",
		"Teaching platforms such as MS Teams and Zoom",
		"Social media such as X or Facebook", "Portfolio evidence" };
	static const char *const yp[] = { "ha-acceptable-use", "ha-induction",
		"quiz-ha-young-people", "multimedia-consent",
		"privacy-recordings" };
	static const char *const ad[] = { "ha-acceptable-use",
		"ha-adult-induction", "quiz-ha-adult", "multimedia-consent",
		"privacy-recordings" };
	static const char *const ss[] = { "ss-learner-agreement",
		"ss-induction", "quiz-ss-secure", "privacy-recordings" };
	struct config *cfg = NULL;
	const struct group_def *g;
	const struct step_def *s;
	size_t i;

	(void)state;
	assert_int_equal(config_load("etc/signoff.ini", &cfg), CORE_OK);
	assert_string_equal(cfg->kiosk_name,
	    "Hampshire Achieves e-safety sign-off");
	assert_string_equal(cfg->dir, "etc");
	assert_string_equal(cfg->db_path, "etc/../var/signoff.db");
	assert_string_equal(cfg->key_path, "etc/../var/kiosk.key");
	assert_string_equal(cfg->content_dir, "etc/content");
	assert_int_equal(cfg->nchannels, 7);
	for (i = 0; i < 7; i++) {
		assert_string_equal(cfg->channels[i].id, ids[i]);
		assert_string_equal(cfg->channels[i].label, labels[i]);
		assert_int_equal(cfg->channels[i].required_yes, i == 6);
	}
	assert_int_equal(cfg->ngroups, 3);
	assert_non_null(g = config_group(cfg, "ha-young-people"));
	assert_false(g->needs_permission);
	assert_int_equal(g->nsteps, 5);
	for (i = 0; i < g->nsteps; i++)
		assert_string_equal(g->steps[i]->id, yp[i]);
	assert_non_null(g = config_group(cfg, "ha-adult"));
	assert_int_equal(g->nsteps, 5);
	for (i = 0; i < g->nsteps; i++)
		assert_string_equal(g->steps[i]->id, ad[i]);
	assert_non_null(g = config_group(cfg, "ss-secure"));
	assert_true(g->needs_permission);
	assert_int_equal(g->nsteps, 4);
	for (i = 0; i < g->nsteps; i++)
		assert_string_equal(g->steps[i]->id, ss[i]);
	assert_null(config_group(cfg, "nobody"));

	assert_non_null(s = config_step(cfg, "ss-induction"));
	assert_int_equal(s->kind, STEP_CHECKLIST);
	assert_true(s->witnessed);
	assert_string_equal(s->file, "etc/content/ss-induction.txt");
	assert_non_null(s = config_step(cfg, "ha-acceptable-use"));
	assert_int_equal(s->kind, STEP_DOCUMENT);
	assert_true(s->require_end);
	assert_non_null(s = config_step(cfg, "multimedia-consent"));
	assert_int_equal(s->kind, STEP_CONSENT);
	assert_non_null(s = config_step(cfg, "ss-parent-commitment"));
	assert_int_equal(s->kind, STEP_COMMITMENT);
	assert_null(config_step(cfg, "nothing"));
	/* every step's id is its file's base name */
	for (i = 0; i < cfg->nsteps; i++) {
		char want[PATH_MAX];

		snprintf(want, sizeof want, "etc/content/%s.txt",
		    cfg->steps[i].id);
		assert_string_equal(cfg->steps[i].file, want);
	}
	assert_int_equal(cfg->pin_length, 6);
	assert_int_equal(cfg->idle_seconds, 300);
	assert_int_equal(cfg->idle_warning_seconds, 60);
	assert_int_equal(cfg->consent_years, 7);
	assert_string_equal(cfg->theme, "default");
	config_free(&cfg);
	assert_null(cfg);
	config_free(&cfg);	/* twice is harmless */
}

static void
test_base_and_paths(void **state)
{
	struct env *e = *state;
	struct config *cfg = NULL;
	const struct group_def *g;
	char want[PATH_MAX];

	write_variant(e, NULL, "");
	assert_int_equal(config_load(e->ini, &cfg), CORE_OK);
	assert_string_equal(cfg->path, e->ini);
	assert_string_equal(cfg->dir, e->dir);
	snprintf(want, sizeof want, "%s/db/signoff.db", e->dir);
	assert_string_equal(cfg->db_path, want);
	assert_string_equal(cfg->key_path, "/var/lib/signoff-test/kiosk.key");
	snprintf(want, sizeof want, "%s/content", e->dir);
	assert_string_equal(cfg->content_dir, want);
	snprintf(want, sizeof want, "%s/content/doc.txt", e->dir);
	assert_string_equal(config_step(cfg, "doc")->file, want);
	/* steps keep the file's order; groups keep their own */
	assert_int_equal(cfg->nsteps, 3);
	assert_string_equal(cfg->steps[0].id, "doc");
	assert_string_equal(cfg->steps[2].id, "consent");
	g = config_group(cfg, "g2");
	assert_non_null(g);
	assert_true(g->needs_permission);
	assert_string_equal(g->title, "Group two");
	assert_int_equal(g->nsteps, 2);
	assert_ptr_equal(g->steps[0], config_step(cfg, "check"));
	assert_true(config_step(cfg, "check")->witnessed);
	assert_int_equal(config_step(cfg, "doc")->validity_days, 365);
	assert_int_equal(cfg->staff_lockout_after, 4);
	assert_int_equal(cfg->pin_argon_ops, 1);
	assert_int_equal(cfg->pin_argon_mem_kib, 8192);
	assert_string_equal(cfg->theme, "mono");
	assert_false(cfg->channels[0].required_yes);
	assert_true(cfg->channels[1].required_yes);
	config_free(&cfg);
}

/* A config named without a folder resolves against ".". */
static void
test_relative_to_cwd(void **state)
{
	struct env *e = *state;
	struct config *cfg = NULL;
	char here[PATH_MAX];

	write_variant(e, NULL, "");
	assert_non_null(getcwd(here, sizeof here));
	assert_int_equal(chdir(e->dir), 0);
	assert_int_equal(config_load("signoff.ini", &cfg), CORE_OK);
	assert_string_equal(cfg->dir, ".");
	assert_string_equal(cfg->db_path, "./db/signoff.db");
	assert_string_equal(config_step(cfg, "doc")->file,
	    "./content/doc.txt");
	config_free(&cfg);
	assert_int_equal(chdir(here), 0);
}

static void
test_defaults(void **state)
{
	struct env *e = *state;
	struct config *cfg = NULL;
	const struct step_def *s;
	char want[PATH_MAX];

	tu_write(e->dir, "signoff.ini",
	    "[kiosk]\nname = K\ndatabase = a.db\nkeyfile = a.key\n"
	    "[group:only]\ntitle = Only\nsteps = doc\n"
	    "[step:doc]\nkind = notice\ntitle = T\nfile = doc.txt\n");
	assert_int_equal(config_load(e->ini, &cfg), CORE_OK);
	assert_int_equal(cfg->idle_seconds, 300);
	assert_int_equal(cfg->idle_warning_seconds, 60);
	assert_int_equal(cfg->staff_idle_seconds, 120);
	assert_int_equal(cfg->pin_length, 6);
	assert_int_equal(cfg->pin_lockout_after, 5);
	assert_int_equal(cfg->pin_argon_ops, 3);
	assert_int_equal(cfg->pin_argon_mem_kib, 65536);
	assert_int_equal(cfg->staff_lockout_after, 5);
	assert_int_equal(cfg->staff_argon_ops, 3);
	assert_int_equal(cfg->staff_argon_mem_kib, 65536);
	assert_int_equal(cfg->consent_years, 7);
	assert_int_equal(cfg->retention_years, 3);
	assert_string_equal(cfg->theme, "default");
	assert_int_equal(cfg->nchannels, 0);
	snprintf(want, sizeof want, "%s/content", e->dir);
	assert_string_equal(cfg->content_dir, want);
	assert_false(config_group(cfg, "only")->needs_permission);
	s = config_step(cfg, "doc");
	assert_int_equal(s->kind, STEP_NOTICE);
	assert_false(s->require_end);
	assert_false(s->witnessed);
	assert_int_equal(s->validity_days, 0);
	config_free(&cfg);
}

static void
test_booleans(void **state)
{
	static const char *const yes[] = { "yes", "YES", "true", "True", "1" };
	static const char *const no[] = { "no", "No", "false", "FALSE", "0" };
	struct env *e = *state;
	struct config *cfg = NULL;
	char line[64];
	size_t i;

	for (i = 0; i < 5; i++) {
		snprintf(line, sizeof line, "require_end = %s\n", yes[i]);
		write_variant(e, "require_end = yes\n", line);
		assert_int_equal(config_load(e->ini, &cfg), CORE_OK);
		assert_true(config_step(cfg, "doc")->require_end);
		config_free(&cfg);
		snprintf(line, sizeof line, "require_end = %s\n", no[i]);
		write_variant(e, "require_end = yes\n", line);
		assert_int_equal(config_load(e->ini, &cfg), CORE_OK);
		assert_false(config_step(cfg, "doc")->require_end);
		config_free(&cfg);
	}
}

struct bad_case {
	const char *find;	/* NULL: append repl */
	const char *repl;
	const char *want[3];	/* substrings the detail must contain */
};

static const struct bad_case bad_cases[] = {
	{ "length = 6", "length = 4", { "[pin] length:",
	  "expected a whole number from 6 to 10, got \"4\"" } },
	{ "length = 6", "length = 11", { "[pin] length:", "6 to 10" } },
	{ "length = 6", "length = six", { "[pin] length:", "\"six\"" } },
	{ "length = 6", "length = -6", { "[pin] length:", "\"-6\"" } },
	{ "length = 6", "length = 6.5", { "[pin] length:", "whole number" } },
	{ "length = 6", "lenght = 6", { "[pin] lenght:", "unknown key",
	  "length, lockout_after" } },
	{ "[pin]", "[pinn]", { "[pinn]", "unknown section" } },
	{ "steps = doc, check, consent", "steps = doc, foo, consent",
	  { "[group:g1] steps:", "unknown step \"foo\"" } },
	{ "steps = doc, check, consent", "steps = doc, check, doc",
	  { "[group:g1] steps:", "\"doc\" is listed twice" } },
	{ "steps = doc, check, consent", "steps =",
	  { "[group:g1] steps:", "no steps" } },
	{ "steps = doc, check, consent\n", "",
	  { "[group:g1] steps:", "missing" } },
	{ "steps = doc, check, consent", "steps = doc,,check",
	  { "[group:g1] steps:", "empty item" } },
	{ "steps = doc, check, consent", "steps = doc, Check",
	  { "[group:g1] steps:", "lower-case", "\"Check\"" } },
	{ "kind = document", "kind = video", { "[step:doc] kind:",
	  "expected one of document, checklist, quiz, consent, notice, commitment",
	  "\"video\"" } },
	{ "kind = document\n", "", { "[step:doc] kind:", "missing" } },
	{ "require_end = yes", "require_end = maybe",
	  { "[step:doc] require_end:", "expected yes or no, got \"maybe\"" } },
	{ "validity_days = 365", "validity_days = -1",
	  { "[step:doc] validity_days:", "whole number" } },
	{ "validity_days = 365", "witnessed = yes",
	  { "[step:doc] witnessed:", "only a checklist" } },
	{ "file = doc.txt", "file = nope.txt", { "[step:doc] file:",
	  "/content/nope.txt\"", "No such file or directory" } },
	{ "file = doc.txt", "file = .", { "[step:doc] file:",
	  "regular file" } },
	{ "file = doc.txt\n", "", { "[step:doc] file:", "missing" } },
	{ "title = A document\n", "", { "[step:doc] title:", "missing" } },
	{ "name = Test kiosk\n", "", { "[kiosk] name:", "missing" } },
	{ "name = Test kiosk", "name =", { "[kiosk] name:", "got nothing" } },
	{ "database = db/signoff.db\n", "", { "[kiosk] database:",
	  "missing" } },
	{ "keyfile = /var/lib/signoff-test/kiosk.key\n", "",
	  { "[kiosk] keyfile:", "missing" } },
	{ "warning_seconds = 60", "warning_seconds = 300",
	  { "[idle] warning_seconds:", "from 1 to 299", "\"300\"" } },
	{ "learner_seconds = 300", "learner_seconds = 0",
	  { "[idle] learner_seconds:", "\"0\"" } },
	{ "staff_seconds = 120", "staff_seconds = 99999999999999999999999",
	  { "[idle] staff_seconds:", "whole number" } },
	{ "lockout_after = 5", "lockout_after = 0",
	  { "[pin] lockout_after:", "from 1 to" } },
	{ "argon2_mem_kib = 8192", "argon2_mem_kib = 4",
	  { "[pin] argon2_mem_kib:", "from 8 to" } },
	{ "argon2_ops = 1\nargon2_mem_kib = 8192\n\n[consent]",
	  "argon2_ops = 0\nargon2_mem_kib = 8192\n\n[consent]",
	  { "[staff] argon2_ops:", "from 1 to" } },
	{ "validity_years = 7", "validity_years = 0",
	  { "[consent] validity_years:", "\"0\"" } },
	{ "years_after_leaving = 3", "years_after_leaving = x",
	  { "[retention] years_after_leaving:", "\"x\"" } },
	{ "name = mono", "name = purple", { "[theme] name:",
	  "default, high-contrast, mono", "\"purple\"" } },
	{ "channels = website, portfolio", "channels = website, portfolio, radio",
	  { "[consent] channels:", "unknown channel \"radio\"",
	  "[channel:radio]" } },
	{ "channels = website, portfolio", "channels = website",
	  { "[consent] channels:", "\"portfolio\"", "[channel:portfolio]" } },
	{ "channels = website, portfolio", "channels = website, website, portfolio",
	  { "[consent] channels:", "listed twice" } },
	{ "label = HCC website\n", "", { "[channel:website] label:",
	  "missing" } },
	{ "required = yes", "required = sure", { "[channel:portfolio] required:",
	  "expected yes or no" } },
	{ channels_block, "", { "[consent] channels:",
	  "at least one channel", "[step:consent] is a consent step" } },
	{ "title = Group one\n", "", { "[group:g1] title:", "missing" } },
	{ "permission = yes", "permission = perhaps",
	  { "[group:g2] permission:", "expected yes or no" } },
	{ "[group:g1]", "[group:]", { "[group:]", "id" } },
	{ "[group:g1]", "[stepp:g1]", { "[stepp:g1]", "unknown section" } },
	{ "[group:g1]\ntitle = Group one\nsteps = doc, check, consent\n\n"
	  "[group:g2]\ntitle = Group two\npermission = yes\n"
	  "steps = check, doc\n", "", { "[group:ID]",
	  "at least one group" } },
	{ NULL, "[pin]\nlength = 7\n", { "[pin]:", "section given twice",
	  "lines 13 and " } },
	{ "lockout_after = 5\n", "lockout_after = 5\nlength = 8\n",
	  { "[pin] length:", "given twice (lines 14 and 16)" } },
	{ "# a test config\n", "name = x\n", { "name:",
	  "outside any section" } },
	{ "[theme]\n", "[theme]\nthis is not a key\n", { "line 36:",
	  "\"this is not a key\"" } },
	{ "[theme]\n", "[theme]\n= 4\n", { "line 36:", "expected [section]" } },
	{ "[theme]\n", "[]\n", { "line 35:", "section name" } },
};

static void
test_bad_configs(void **state)
{
	struct env *e = *state;
	struct config *cfg;
	size_t i, k;

	for (i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
		const struct bad_case *c = &bad_cases[i];
		const char *d;

		write_variant(e, c->find, c->repl);
		cfg = (struct config *)&cfg;	/* must come back NULL */
		core_detail_clear();
		if (config_load(e->ini, &cfg) != CORE_ERR_CONFIG) {
			print_error("case %zu (%s) was not refused: %s\n", i,
			    c->repl, core_detail());
			fail();
		}
		assert_null(cfg);
		d = core_detail();
		/* the file is named first, as given */
		if (strncmp(d, e->ini, strlen(e->ini)) != 0) {
			print_error("case %zu: file not named: %s\n", i, d);
			fail();
		}
		for (k = 0; k < 3 && c->want[k]; k++) {
			if (!strstr(d, c->want[k])) {
				print_error("case %zu: \"%s\" not in: %s\n", i,
				    c->want[k], d);
				fail();
			}
		}
	}
}

static void
test_missing_file(void **state)
{
	struct env *e = *state;
	struct config *cfg = (struct config *)&cfg;
	char path[300];

	snprintf(path, sizeof path, "%s/absent.ini", e->dir);
	assert_int_equal(config_load(path, &cfg), CORE_ERR_CONFIG);
	assert_null(cfg);
	assert_non_null(strstr(core_detail(), "cannot read "));
	assert_non_null(strstr(core_detail(), path));
	assert_non_null(strstr(core_detail(), strerror(ENOENT)));
	/* a folder is not a config */
	assert_int_equal(config_load(e->dir, &cfg), CORE_ERR_CONFIG);
	assert_non_null(strstr(core_detail(), e->dir));
}

/* A value continued onto the next line with '\' is still one key. */
static void
test_continuation(void **state)
{
	struct env *e = *state;
	struct config *cfg = NULL;

	write_variant(e, "steps = doc, check, consent",
	    "steps = doc, \\\n  check, consent");
	assert_int_equal(config_load(e->ini, &cfg), CORE_OK);
	assert_int_equal(config_group(cfg, "g1")->nsteps, 3);
	config_free(&cfg);
	/* CRLF line ends are fine */
	{
		char buf[8192];
		size_t i, n = 0;

		for (i = 0; base_ini[i] && n < sizeof buf - 2; i++) {
			if (base_ini[i] == '\n')
				buf[n++] = '\r';
			buf[n++] = base_ini[i];
		}
		buf[n] = '\0';
		tu_write(e->dir, "signoff.ini", buf);
		assert_int_equal(config_load(e->ini, &cfg), CORE_OK);
		assert_string_equal(cfg->kiosk_name, "Test kiosk");
		config_free(&cfg);
	}
}

static void
test_default_path(void **state)
{
	(void)state;
	assert_string_equal(config_default_path("x.ini"), "x.ini");
	assert_int_equal(setenv("SIGNOFF_CONFIG", "/tmp/from-env.ini", 1), 0);
	assert_string_equal(config_default_path(NULL), "/tmp/from-env.ini");
	assert_string_equal(config_default_path("x.ini"), "x.ini");
	assert_int_equal(unsetenv("SIGNOFF_CONFIG"), 0);
	if (access("/etc/signoff/signoff.ini", F_OK) == 0)
		assert_string_equal(config_default_path(NULL),
		    "/etc/signoff/signoff.ini");
	else
		assert_string_equal(config_default_path(NULL),
		    "etc/signoff.ini");
}

static void
test_kind_names(void **state)
{
	(void)state;
	assert_string_equal(step_kind_name(STEP_DOCUMENT), "document");
	assert_string_equal(step_kind_name(STEP_CHECKLIST), "checklist");
	assert_string_equal(step_kind_name(STEP_QUIZ), "quiz");
	assert_string_equal(step_kind_name(STEP_CONSENT), "consent");
	assert_string_equal(step_kind_name(STEP_NOTICE), "notice");
	assert_string_equal(step_kind_name(STEP_COMMITMENT), "commitment");
	assert_null(step_kind_name((enum step_kind)42));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_config_loads),
		cmocka_unit_test_setup_teardown(test_base_and_paths, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_relative_to_cwd, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_defaults, setup, teardown),
		cmocka_unit_test_setup_teardown(test_booleans, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_configs, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_missing_file, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_continuation, setup,
		    teardown),
		cmocka_unit_test(test_default_path),
		cmocka_unit_test(test_kind_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
