/* SPDX-License-Identifier: ISC */
/*
 * vtdrive's shared state and the functions its files lend each other:
 * vtdrive.c (main, the child and its pty), vtscreen.c (libvterm, what is
 * on the screen, waiting for it), vtkeys.c (keys and the mouse as bytes)
 * and vtscript.c (the script's commands and variables).
 */
#ifndef E2E_VTDRIVE_H
#define E2E_VTDRIVE_H

#include <regex.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include <vterm.h>

#define LINE_MAX_LEN 4096
#define MAX_VARS 128
#define MAX_ENV 32

enum term_kind { TK_XTERM, TK_SCREEN, TK_LINUX, TK_VT100, TK_COUNT };

enum text_mode {
	TEXT_PLAIN,
	TEXT_REVERSE,	/* cells not in reverse video become \001 */
	TEXT_MARKS,	/* '^' under each reverse-video cell */
};

enum cond_kind {
	C_TEXT, C_GONE, C_FOCUS, C_AT, C_RE, C_CURSOR, C_CURSOR_ON, C_QUIET,
	C_EXITED,
};

/* What a wait waits for. */
struct cond {
	enum cond_kind kind;
	const char *text;
	int row, col;
	long long ms;
	regex_t re;
	regmatch_t m[2];
	char *screen;	/* C_RE: the screen text last matched */
};

struct var {
	char name[64];
	char value[512];
};

struct command;	/* vtscript.c */

struct drv {
	VTerm *vt;
	VTermScreen *screen;
	VTermState *state;
	int master;
	pid_t pid;
	bool running, started, eof;
	int status;
	int rows, cols;
	char term[64];
	enum term_kind kind;
	char *env[MAX_ENV];
	size_t nenv;
	char **argv;
	unsigned long long bytes, mark;
	long long t0, last_output, last_input, timeout_ms;
	/* Modes tracked from the output; see track_modes. */
	bool mouse, mouse_sgr, altscreen, cursor_visible;
	int esc;
	char csi[64];
	size_t csi_len;
	struct var vars[MAX_VARS];
	size_t nvars;
	const char *script;
	unsigned lineno;
	const struct command *cmd;	/* the one running */
	char line[LINE_MAX_LEN * 2];
	bool verbose, term_check;
	FILE *rawlog;
};

/* vtdrive.c: the child in its pty. fail() reports the script line, the
 * reason and the screen, stops the child and exits 1. */
long long now_ms(void);
void fail(const char *fmt, ...)
    __attribute__((format(printf, 1, 2), noreturn));
void write_all(struct drv *d, const char *s, size_t len);
void pump(struct drv *d, int wait_ms);
void spawn(struct drv *d);

/* vtscreen.c: the screen, and waiting for a condition on it. */
void screen_start(struct drv *d);
void track_modes(struct drv *d, const char *buf, size_t n);
void dump_screen(const struct drv *d, FILE *f, bool framed);
bool find_text(const struct drv *d, const char *text, enum text_mode mode,
    bool last, int *row, int *col);
bool holds(struct drv *d, struct cond *c);
bool wait_for(struct drv *d, struct cond *c, long long limit_ms);
bool wait_quiet(struct drv *d, long long ms, long long limit_ms);
void settle(struct drv *d, long long min_ms);

/* vtkeys.c: input as the terminal would send it. */
enum term_kind term_kind(const char *term);
size_t decode(const struct drv *d, const char *s, char *out, size_t size);
void mouse_report(struct drv *d, int button, int row, int col, bool press);
void click(struct drv *d, int row, int col);

/* vtscript.c: variables and one script line. */
void var_set(struct drv *d, const char *name, const char *value);
void substitute(struct drv *d, const char *in, char *out, size_t size);
void run_line(struct drv *d, char *cmd);

#endif
