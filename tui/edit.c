/* SPDX-License-Identifier: ISC */
/* Editing UTF-8 text at a caret (see edit.h). */
#include "edit.h"

#include <string.h>

#include "text.h"

size_t
tui_edit_chars(const char *buf)
{
	size_t i = 0, n = 0, len = strlen(buf);
	uint32_t cp;

	while (i < len) {
		i += tui_utf8_decode(buf + i, len - i, &cp);
		n++;
	}
	return n;
}

bool
tui_edit_insert(char *buf, size_t cap, size_t *caret, uint32_t cp)
{
	size_t len = strlen(buf), n;
	char enc[4];

	n = tui_utf8_encode(cp, enc);
	if (len + n + 1 > cap)
		return false;
	memmove(buf + *caret + n, buf + *caret, len - *caret + 1);
	memcpy(buf + *caret, enc, n);
	*caret += n;
	return true;
}

/* Remove bytes [a, b) and wipe the tail they leave behind. */
static void
cut(char *buf, size_t a, size_t b)
{
	size_t len = strlen(buf);

	memmove(buf + a, buf + b, len - b + 1);
	memset(buf + len - (b - a), 0, b - a);
}

bool
tui_edit_erase(char *buf, size_t *caret)
{
	size_t at;

	if (*caret == 0)
		return false;
	at = tui_utf8_prev(buf, *caret);
	cut(buf, at, *caret);
	*caret = at;
	return true;
}

bool
tui_edit_delete(char *buf, size_t caret)
{
	size_t len = strlen(buf);
	uint32_t cp;

	if (caret >= len)
		return false;
	cut(buf, caret, caret + tui_utf8_decode(buf + caret, len - caret, &cp));
	return true;
}

bool
tui_edit_left(const char *buf, size_t *caret)
{
	if (*caret == 0)
		return false;
	*caret = tui_utf8_prev(buf, *caret);
	return true;
}

bool
tui_edit_right(const char *buf, size_t *caret)
{
	size_t len = strlen(buf);
	uint32_t cp;

	if (*caret >= len)
		return false;
	*caret += tui_utf8_decode(buf + *caret, len - *caret, &cp);
	return true;
}
