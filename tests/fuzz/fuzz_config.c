/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer: the config (core/config.c and its raw-line scan), read from a
 * file as the kiosk reads it. The scratch folder links content/ to the
 * repository's etc/content, so the default paths resolve and fuzzing gets
 * past the step files. Properties: a refusal names the file; an accepted
 * config is whole (every group's steps point into the step table, every
 * id is a config id, the lookups find what the tables hold).
 */
#include "tests/fuzz/fuzz.h"

#include "core/config.h"

static char ini_path[PATH_MAX];

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char content[PATH_MAX], link[PATH_MAX + 16];

	(void)argc;
	(void)argv;
	snprintf(ini_path, sizeof ini_path, "%s/signoff.ini", fuzz_scratch());
	snprintf(link, sizeof link, "%s/content", fuzz_scratch());
	if (realpath("etc/content", content))
		(void)!symlink(content, link);
	return 0;
}

static int
id_ok(const char *id)
{
	size_t n = strlen(id);

	return n > 0 && n < CONFIG_ID_MAX && strspn(id,
	    "abcdefghijklmnopqrstuvwxyz0123456789-_") == n;
}

static void
check_config(const struct config *cfg)
{
	size_t i, j;

	FUZZ_ASSERT(cfg->nchannels <= CONFIG_MAX_CHANNELS);
	for (i = 0; i < cfg->nsteps; i++) {
		FUZZ_ASSERT(id_ok(cfg->steps[i].id));
		FUZZ_ASSERT(step_kind_name(cfg->steps[i].kind) != NULL);
		FUZZ_ASSERT(config_step(cfg, cfg->steps[i].id) == &cfg->steps[i]);
	}
	for (i = 0; i < cfg->ngroups; i++) {
		const struct group_def *g = &cfg->groups[i];

		FUZZ_ASSERT(id_ok(g->id));
		FUZZ_ASSERT(config_group(cfg, g->id) == g);
		FUZZ_ASSERT(g->nsteps <= CONFIG_MAX_STEPS);
		for (j = 0; j < g->nsteps; j++)
			FUZZ_ASSERT(g->steps[j] >= cfg->steps &&
			    g->steps[j] < cfg->steps + cfg->nsteps);
	}
	for (i = 0; i < cfg->nchannels; i++)
		FUZZ_ASSERT(id_ok(cfg->channels[i].id));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config *cfg = NULL;
	enum core_status status;

	fuzz_write(ini_path, data, size);
	core_detail_clear();
	status = config_load(ini_path, &cfg);
	if (status == CORE_OK) {
		FUZZ_ASSERT(cfg != NULL);
		check_config(cfg);
	} else {
		FUZZ_ASSERT(cfg == NULL);
		/* "Bad config is refused with the file, section, key ..." */
		FUZZ_ASSERT(status != CORE_ERR_CONFIG ||
		    strstr(core_detail(), ini_path) != NULL);
	}
	config_free(&cfg);
	FUZZ_ASSERT(cfg == NULL);
	return 0;
}
