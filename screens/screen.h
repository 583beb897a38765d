/* SPDX-License-Identifier: ISC */
/*
 * What a screen is: a const ops table over private state that the app
 * allocates and zeroes (STYLE.md). Handlers return where to go next as a
 * struct nav; they never open the next screen themselves, and there are
 * no nested event loops. The app keeps the stack, so the idle timeout is
 * one NAV_HOME that calls leave() on every screen.
 *
 * Each screens/NAME.c exports only screen_NAME; app.c is the app.
 */
#ifndef SCREENS_SCREEN_H
#define SCREENS_SCREEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/site.h"
#include "core/status.h"
#include "tui/ctl.h"
#include "tui/input.h"

struct app;
struct screen;
struct tui_form;

enum nav_kind {
	NAV_STAY,	/* stay here; what changed is painted */
	NAV_PASS,	/* not mine: the app's global keys (F1, F2, F3) */
	NAV_PUSH,	/* open `to` on top; NAV_POP comes back here */
	NAV_REPLACE,	/* open `to` in this screen's place */
	NAV_RESET,	/* close everything above the welcome, then open `to` */
	NAV_POP,	/* close this screen, back to the one below */
	NAV_HOME,	/* abandon: close all but the welcome, wipe the screen */
	NAV_QUIT,
};

struct screen_ops;

struct nav {
	enum nav_kind kind;
	const struct screen_ops *to;
	const void *arg;	/* for `to`'s enter(); read before this closes */
};

struct screen {
	const struct screen_ops *ops;
	void *state;		/* ops->state_size bytes, zeroed by the app */
	struct app *app;
	struct site *site;
	/* Set to ask for one on_tick this many ms from now (0: none). */
	unsigned tick_ms;
};

struct screen_ops {
	const char *name;
	size_t state_size;
	enum core_status (*enter)(struct screen *, const void *arg);
	/* Wipe secrets (secret_free) and free what enter made. */
	void (*leave)(struct screen *);
	void (*layout)(struct screen *, struct tui_rect area);
	void (*draw)(struct screen *);
	struct nav (*on_action)(struct screen *, const struct tui_event *);
	struct nav (*on_tick)(struct screen *, unsigned elapsed_ms);
	/* Its form, for Read to me (learner screens); NULL: nothing to read. */
	struct tui_form *(*form)(struct screen *);
};

static inline struct nav
nav_to(enum nav_kind kind, const struct screen_ops *to, const void *arg)
{
	return (struct nav){kind, to, arg};
}

static inline struct nav
nav_stay(void)
{
	return nav_to(NAV_STAY, NULL, NULL);
}

static inline struct nav
nav_pass(void)
{
	return nav_to(NAV_PASS, NULL, NULL);
}

/* The argument of screen_message: a calm message and an OK button. */
struct message_arg {
	const char *title;
	const char *text;
	bool home;	/* OK goes back to the welcome (and wipes) */
};

/* The argument of screen_choose_pin: borrowed from identify below it. */
struct first_time {
	const char *reference;
	const char *code;
};

/* The argument of screen_identify. */
enum identify_mode {
	IDENTIFY_PIN,
	IDENTIFY_FIRST_TIME,
};

extern const struct screen_ops screen_welcome;
extern const struct screen_ops screen_identify;
extern const struct screen_ops screen_choose_pin;
extern const struct screen_ops screen_document;
extern const struct screen_ops screen_checklist;
extern const struct screen_ops screen_witness;
extern const struct screen_ops screen_quiz;
extern const struct screen_ops screen_consent;
extern const struct screen_ops screen_review;
extern const struct screen_ops screen_assist;
extern const struct screen_ops screen_receipt;
extern const struct screen_ops screen_help;
extern const struct screen_ops screen_message;
extern const struct screen_ops screen_concern;
/* My photo choices: a learner sees and withdraws their consent. */
extern const struct screen_ops screen_my_consent;
/* The home instead of the welcome while the site is in maintenance. */
extern const struct screen_ops screen_maintenance;
/* Staff mode (screens/staff_*.c). */
extern const struct screen_ops screen_staff_signin;
extern const struct screen_ops screen_staff_home;
extern const struct screen_ops screen_staff_learners;
extern const struct screen_ops screen_staff_filter;
extern const struct screen_ops screen_staff_learner;
extern const struct screen_ops screen_staff_history;
extern const struct screen_ops screen_staff_record;
extern const struct screen_ops screen_staff_enrol;
extern const struct screen_ops screen_staff_code;
extern const struct screen_ops screen_staff_permission;
extern const struct screen_ops screen_staff_consent;
extern const struct screen_ops screen_staff_erase;
extern const struct screen_ops screen_staff_import;
extern const struct screen_ops screen_staff_concerns;
extern const struct screen_ops screen_staff_concern;
extern const struct screen_ops screen_staff_concern_action;
extern const struct screen_ops screen_staff_concern_new;
extern const struct screen_ops screen_staff_dashboard;
extern const struct screen_ops screen_staff_dashboard_list;

/* The argument of screen_staff_code: a one-time code, shown once. */
struct staff_code_arg {
	const char *title;	/* "Activation code" */
	const char *who;	/* "for HA-YP-004, Zainab Hussain" */
	const char *code;	/* copied by the screen; the caller wipes its own */
	const struct screen_ops *then;	/* NAV_REPLACE to this after (NULL: pop) */
	const char *then_arg;	/* its argument (a reference), copied */
};

/*
 * The argument of screen_staff_concern and screen_staff_concern_action:
 * the queue's opened key (borrowed while the queue is open) and which
 * concern; an action saved sets *changed so the screens below read again.
 */
struct concerns_key;
struct concern_ref {
	const struct concerns_key *key;
	int64_t id;
	int state;		/* its enum concern_state when last read */
	bool *changed;
};

#endif
