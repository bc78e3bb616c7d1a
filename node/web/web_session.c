/*
 * web_session.c: sessions in memory, random tokens, constant-time
 * comparisons. See web_session.h.
 */
#include "web_session.h"

#include <errno.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

struct svk_web_sessions {
	unsigned max;
	unsigned n;
	int64_t idle_ms;
	svk_web_session s[]; /* n in use, the first ones */
};

int
svk_web_session_alloc(svk_web_sessions **out, unsigned max, int64_t idle_ms)
{
	svk_web_sessions *t;

	if (max == 0 || idle_ms <= 0)
		return SVK_EINVAL;
	if (sodium_init() < 0)
		return SVK_ECRYPTO;
	if ((t = calloc(1, sizeof(*t) + (size_t)max * sizeof(t->s[0]))) == NULL)
		return -ENOMEM;
	t->max = max;
	t->idle_ms = idle_ms;
	*out = t;
	return 0;
}

void
svk_web_session_free(svk_web_sessions *t)
{
	if (t == NULL)
		return;
	sodium_memzero(t->s, (size_t)t->max * sizeof(t->s[0]));
	free(t);
}

void
svk_web_session_token(char out[SVK_WEB_TOKEN_MAX])
{
	unsigned char raw[32];

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(out, SVK_WEB_TOKEN_MAX, raw, sizeof(raw),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
}

bool
svk_web_session_token_valid(const char *s)
{
	size_t i;

	if (s == NULL)
		return false;
	for (i = 0; s[i] && i <= SVK_WEB_SESSION_TOKEN_LEN; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			(c >= '0' && c <= '9') || c == '-' || c == '_'))
			return false;
	}
	return i == SVK_WEB_SESSION_TOKEN_LEN;
}

bool
svk_web_session_same(const char *a, const char *b)
{
	if (!svk_web_session_token_valid(a) || !svk_web_session_token_valid(b))
		return false;
	return sodium_memcmp(a, b, SVK_WEB_SESSION_TOKEN_LEN) == 0;
}

/* Removes the session at i, keeping the others packed. */
static void
drop(svk_web_sessions *t, unsigned i)
{
	t->s[i] = t->s[--t->n];
	sodium_memzero(&t->s[t->n], sizeof(t->s[0]));
}

int
svk_web_session_open(svk_web_sessions *t, const char *user, svk_web_role role,
    int64_t now_ms, const svk_web_session **out)
{
	svk_web_session *s;

	if (strlen(user) >= SVK_WEB_USER_MAX)
		return SVK_EINVAL;
	if (t->n == t->max) {
		unsigned oldest = 0;
		for (unsigned i = 1; i < t->n; i++)
			if (t->s[i].used_ms < t->s[oldest].used_ms)
				oldest = i;
		drop(t, oldest);
	}
	s = &t->s[t->n++];
	memset(s, 0, sizeof(*s));
	svk_web_session_token(s->id);
	svk_web_session_token(s->csrf);
	memcpy(s->user, user, strlen(user) + 1);
	s->role = role;
	s->created_ms = s->used_ms = now_ms;
	*out = s;
	return 0;
}

/* The index of the session named id, or t->n; every id is compared, each
 * in constant time, so the time taken tells nothing of the ids. */
static unsigned
lookup(const svk_web_sessions *t, const char *id)
{
	unsigned found = t->n;

	if (!svk_web_session_token_valid(id))
		return t->n;
	for (unsigned i = 0; i < t->n; i++)
		if (sodium_memcmp(t->s[i].id, id, SVK_WEB_SESSION_TOKEN_LEN) == 0)
			found = i;
	return found;
}

const svk_web_session *
svk_web_session_find(svk_web_sessions *t, const char *cookie, int64_t now_ms)
{
	unsigned i = lookup(t, cookie);

	if (i == t->n)
		return NULL;
	if (now_ms - t->s[i].used_ms > t->idle_ms) {
		drop(t, i);
		return NULL;
	}
	if (now_ms > t->s[i].used_ms)
		t->s[i].used_ms = now_ms;
	return &t->s[i];
}

void
svk_web_session_close(svk_web_sessions *t, const char *id)
{
	unsigned i = lookup(t, id);

	if (i < t->n)
		drop(t, i);
}

void
svk_web_session_close_user(svk_web_sessions *t, const char *user)
{
	for (unsigned i = 0; i < t->n;)
		if (strcmp(t->s[i].user, user) == 0)
			drop(t, i);
		else
			i++;
}

bool
svk_web_session_csrf_ok(const svk_web_session *s, const char *token)
{
	return s != NULL && svk_web_session_same(s->csrf, token);
}

unsigned
svk_web_session_count(const svk_web_sessions *t)
{
	return t->n;
}

const char *
svk_web_session_lang(const char *cookie)
{
	size_t i;

	if (cookie == NULL)
		return NULL;
	for (i = 0; cookie[i]; i++) {
		char c = cookie[i];
		if (i >= 15 || !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
				   (c >= '0' && c <= '9') || c == '-'))
			return NULL;
	}
	return i > 0 ? cookie : NULL;
}
