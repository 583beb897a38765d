/* SPDX-License-Identifier: ISC */
/* Validation of untrusted text before it is stored. */
#include "text.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistr.h>

static bool
forbidden(ucs4_t c)
{
	return c < 0x20 || (c >= 0x7f && c <= 0x9f) ||
	    (c >= 0x200b && c <= 0x200f) ||	/* zero-width, LRM, RLM */
	    (c >= 0x202a && c <= 0x202e) ||	/* bidi embeddings, overrides */
	    (c >= 0x2066 && c <= 0x2069) ||	/* bidi isolates */
	    c == 0xfeff;
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
