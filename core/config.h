/* SPDX-License-Identifier: ISC */
/*
 * etc/signoff.ini, read with iniparser (SPEC section 9). Relative paths
 * resolve against the config file's folder. A bad config is refused with a
 * detail naming the file, section, key and what was expected, e.g.
 *   "etc/signoff.ini: [pin] length: expected a whole number from 6 to 10, got \"4\""
 *
 * Layout:
 *   [kiosk]   name, database, keyfile, content, exports (default: a folder
 *             "exports" beside the database)
 *   [idle]    learner_seconds, warning_seconds, staff_seconds
 *   [pin]     length, lockout_after, argon2_ops, argon2_mem_kib
 *   [staff]   lockout_after, argon2_ops, argon2_mem_kib
 *   [consent] validity_years, channels (comma list of channel ids)
 *   [channel:ID]  label, required (yes/no: must be Yes to finish)
 *   [group:ID]    title, steps (comma list of step ids), permission (yes/no)
 *   [step:ID]     kind (document|checklist|quiz|consent|notice|commitment),
 *                 title, file (in the content folder), require_end (yes/no),
 *                 witnessed (yes/no), validity_days (0 = no expiry)
 *   [theme]   name (default|high-contrast|mono)
 *   [retention] years_after_leaving
 */
#ifndef CORE_CONFIG_H
#define CORE_CONFIG_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "status.h"

#define CONFIG_ID_MAX 48
#define CONFIG_TITLE_MAX 128
#define CONFIG_MAX_STEPS 32
#define CONFIG_MAX_CHANNELS 16

enum step_kind {
	STEP_DOCUMENT,
	STEP_CHECKLIST,
	STEP_QUIZ,
	STEP_CONSENT,
	STEP_NOTICE,
	STEP_COMMITMENT,
};

/* "document", ...; NULL for an unknown kind. */
const char *step_kind_name(enum step_kind kind);

struct step_def {
	char id[CONFIG_ID_MAX];
	enum step_kind kind;
	char title[CONFIG_TITLE_MAX];
	char file[PATH_MAX];	/* resolved absolute-or-relative-to-cwd path */
	bool require_end;
	bool witnessed;
	unsigned validity_days;
};

struct group_def {
	char id[CONFIG_ID_MAX];
	char title[CONFIG_TITLE_MAX];
	bool needs_permission;
	size_t nsteps;
	const struct step_def *steps[CONFIG_MAX_STEPS];	/* into config.steps */
};

struct consent_channel {
	char id[CONFIG_ID_MAX];
	char label[CONFIG_TITLE_MAX];
	bool required_yes;
};

struct config {
	char path[PATH_MAX];
	char dir[PATH_MAX];
	char kiosk_name[CONFIG_TITLE_MAX];
	char db_path[PATH_MAX];
	char key_path[PATH_MAX];
	char content_dir[PATH_MAX];
	char exports_dir[PATH_MAX];	/* saved records for printing */
	unsigned idle_seconds;
	unsigned idle_warning_seconds;
	unsigned staff_idle_seconds;
	unsigned pin_length;
	unsigned pin_lockout_after;
	uint64_t pin_argon_ops;
	uint64_t pin_argon_mem_kib;
	unsigned staff_lockout_after;
	uint64_t staff_argon_ops;
	uint64_t staff_argon_mem_kib;
	unsigned consent_years;
	unsigned retention_years;
	char theme[CONFIG_ID_MAX];
	struct step_def *steps;
	size_t nsteps;
	struct group_def *groups;
	size_t ngroups;
	struct consent_channel channels[CONFIG_MAX_CHANNELS];
	size_t nchannels;
};

enum core_status config_load(const char *path, struct config **out);
void config_free(struct config **cfg);

/* Borrowed, valid for the config's life; NULL if unknown. */
const struct group_def *config_group(const struct config *cfg, const char *id);
const struct step_def *config_step(const struct config *cfg, const char *id);

/*
 * The config path to use: explicit (-c) if not NULL, else $SIGNOFF_CONFIG,
 * else /etc/signoff/signoff.ini if it exists, else ./etc/signoff.ini.
 */
const char *config_default_path(const char *explicit_path);

#endif
