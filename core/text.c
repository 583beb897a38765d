/* SPDX-License-Identifier: ISC */
/* Validation of untrusted text before it is stored. */
#include "text.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistr.h>

/*
 * Characters shown as <U+XXXX>: controls, and those that are invisible or
 * reorder text, so a name cannot hide or disguise what follows it. The
 * same list as tui/text.c's (the layers share no code).
 */
static const ucs4_t invisible[][2] = {
	{0x00AD, 0x00AD},	/* soft hyphen */
	{0x034F, 0x034F},	/* combining grapheme joiner */
	{0x061C, 0x061C},	/* Arabic letter mark */
	{0x115F, 0x1160},	/* Hangul fillers */
	{0x17B4, 0x17B5},
	{0x180B, 0x180F},	/* Mongolian variation selectors, vowel separator */
	{0x200B, 0x200F},	/* zero width space and joiners, LRM, RLM */
	{0x2028, 0x202E},	/* line/paragraph separators, bidi embeddings, overrides */
	{0x2060, 0x206F},	/* word joiner, invisible operators, bidi isolates */
	{0x3164, 0x3164},
	{0xFE00, 0xFE0F},	/* variation selectors */
	{0xFEFF, 0xFEFF},	/* byte order mark */
	{0xFFA0, 0xFFA0},
	{0xFFF0, 0xFFFB},	/* interlinear annotations */
};

static bool
forbidden(ucs4_t c)
{
	size_t i;

	if (c < 0x20 || (c >= 0x7f && c <= 0x9f))
		return true;
	for (i = 0; i < sizeof invisible / sizeof invisible[0]; i++)
		if (c >= invisible[i][0] && c <= invisible[i][1])
			return true;
	return false;
}

bool
text_is_clean(const char *s, size_t len)
{
	const uint8_t *p = (const uint8_t *)s, *end = p + len;
	ucs4_t c;
	int n;

	if (u8_check(p, len))
		return false;
	while (p < end) {
		n = u8_mbtouc(&c, p, (size_t)(end - p));
		if (n <= 0 || forbidden(c))
			return false;
		p += n;
	}
	return true;
}

/* Append piece to out if it fits whole; returns false when full. */
static bool
put(char *out, size_t cap, size_t *n, const char *piece, size_t len)
{
	if (*n + len + 1 > cap)
		return false;
	memcpy(out + *n, piece, len);
	*n += len;
	return true;
}

char *
text_sanitize(const char *in, char *out, size_t cap)
{
	const uint8_t *p = (const uint8_t *)in;
	size_t n = 0, left = strlen(in);
	char vis[16];
	ucs4_t c;
	int len;

	if (!cap)
		return out;
	while (left) {
		len = u8_mbtoucr(&c, p, left);
		if (len < 0) {
			/* Invalid or truncated: one replacement per bad byte. */
			if (!put(out, cap, &n, "\xef\xbf\xbd", 3))
				break;
			p++;
			left--;
			continue;
		}
		if (c < 0x20 || c == 0x7f)
			snprintf(vis, sizeof vis, "^%c", c == 0x7f ? '?' : (char)(c + '@'));
		else if (forbidden(c))
			snprintf(vis, sizeof vis, "<U+%04X>", (unsigned)c);
		else
			vis[0] = '\0';
		if (vis[0] ? !put(out, cap, &n, vis, strlen(vis)) :
		    !put(out, cap, &n, (const char *)p, (size_t)len))
			break;
		p += len;
		left -= (size_t)len;
	}
	out[n] = '\0';
	return out;
}
