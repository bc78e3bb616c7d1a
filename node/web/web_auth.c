/*
 * web_auth.c: counting wrong passwords per address and per name, and the
 * waits they cost. See web_auth.h.
 */
#include "web_auth.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KEY_MAX 80 /* "a:" and an address, or "u:" and a user name */

struct entry {
	char key[KEY_MAX];
	unsigned failures;
	int64_t last_ms; /* the last failure */
};

struct svk_web_auth {
	unsigned max, n;
	int64_t minute_ms; /* the start of the minute being logged */
	unsigned logged, suppressed;
	struct entry e[];
};

int
svk_web_auth_alloc(svk_web_auth **out, unsigned max)
{
	svk_web_auth *a;

	if (max == 0)
		return SVK_EINVAL;
	if ((a = calloc(1, sizeof(*a) + (size_t)max * sizeof(a->e[0]))) == NULL)
		return -ENOMEM;
	a->max = max;
	*out = a;
	return 0;
}

void
svk_web_auth_free(svk_web_auth *a)
{
	free(a);
}

static void
key_of(char key[KEY_MAX], char kind, const char *name)
{
	snprintf(key, KEY_MAX, "%c:%s", kind, name ? name : "");
}

static struct entry *
find(svk_web_auth *a, const char *key, int64_t now_ms)
{
	for (unsigned i = 0; i < a->n; i++) {
		if (strcmp(a->e[i].key, key) != 0)
			continue;
		if (now_ms - a->e[i].last_ms > SVK_WEB_AUTH_FORGET_S * 1000LL)
			a->e[i].failures = 0;
		return &a->e[i];
	}
	return NULL;
}

/* The milliseconds still to wait after e's failures, or 0. */
static int64_t
wait_ms(const struct entry *e, int64_t now_ms)
{
	int64_t wait = SVK_WEB_AUTH_WAIT_S;
	unsigned over;

	if (e == NULL || e->failures < SVK_WEB_AUTH_FREE_TRIES)
		return 0;
	over = e->failures - SVK_WEB_AUTH_FREE_TRIES;
	for (unsigned i = 0; i < over && wait < SVK_WEB_AUTH_WAIT_MAX_S; i++)
		wait *= 2;
	if (wait > SVK_WEB_AUTH_WAIT_MAX_S)
		wait = SVK_WEB_AUTH_WAIT_MAX_S;
	wait = e->last_ms + wait * 1000 - now_ms;
	return wait > 0 ? wait : 0;
}

unsigned
svk_web_auth_wait(svk_web_auth *a, const char *addr, const char *user, int64_t now_ms)
{
	char key[KEY_MAX];
	int64_t by_addr, by_user;

	key_of(key, 'a', addr);
	by_addr = wait_ms(find(a, key, now_ms), now_ms);
	key_of(key, 'u', user);
	by_user = wait_ms(find(a, key, now_ms), now_ms);
	if (by_user > by_addr)
		by_addr = by_user;
	return (unsigned)((by_addr + 999) / 1000);
}

static void
count(svk_web_auth *a, const char *key, int64_t now_ms)
{
	struct entry *e = find(a, key, now_ms);

	if (e == NULL) {
		if (a->n == a->max) {
			unsigned oldest = 0;
			for (unsigned i = 1; i < a->n; i++)
				if (a->e[i].last_ms < a->e[oldest].last_ms)
					oldest = i;
			a->e[oldest] = a->e[--a->n];
		}
		e = &a->e[a->n++];
		memset(e, 0, sizeof(*e));
		snprintf(e->key, sizeof(e->key), "%s", key);
	}
	if (e->failures < 1000)
		e->failures++;
	e->last_ms = now_ms;
}

void
svk_web_auth_failed(svk_web_auth *a, const char *addr, const char *user, int64_t now_ms)
{
	char key[KEY_MAX];

	key_of(key, 'a', addr);
	count(a, key, now_ms);
	key_of(key, 'u', user);
	count(a, key, now_ms);
}

static void
forget(svk_web_auth *a, const char *key)
{
	for (unsigned i = 0; i < a->n; i++)
		if (strcmp(a->e[i].key, key) == 0) {
			a->e[i] = a->e[--a->n];
			return;
		}
}

void
svk_web_auth_succeeded(svk_web_auth *a, const char *addr, const char *user)
{
	char key[KEY_MAX];

	key_of(key, 'a', addr);
	forget(a, key);
	key_of(key, 'u', user);
	forget(a, key);
}

bool
svk_web_auth_log_ok(svk_web_auth *a, int64_t now_ms, unsigned *suppressed)
{
	*suppressed = 0;
	if (now_ms - a->minute_ms >= 60000 || now_ms < a->minute_ms) {
		*suppressed = a->suppressed;
		a->minute_ms = now_ms;
		a->logged = a->suppressed = 0;
	}
	if (a->logged < SVK_WEB_AUTH_LOG_PER_MIN) {
		a->logged++;
		return true;
	}
	a->suppressed++;
	return false;
}
