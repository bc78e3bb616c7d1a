/* links_alive.c: liveness deadlines of a link's sockets. See links_alive.h. */
#include "links_alive.h"

void
svk_links_alive_init(svk_links_alive *a, int64_t deadline_ms, bool heard, int64_t now)
{
	a->deadline_ms = deadline_ms;
	a->heard = heard;
	a->up = false;
	a->since_ms = a->heard_ms = a->down_ms = now;
}

void
svk_links_alive_set_up(svk_links_alive *a, bool up, int64_t now)
{
	if (a->up == up)
		return;
	a->up = up;
	a->since_ms = now;
	if (!up)
		a->down_ms = now;
}

bool
svk_links_alive_offline(const svk_links_alive *a, int64_t now)
{
	return !a->up && now - a->down_ms >= a->deadline_ms;
}

void
svk_links_alive_heard(svk_links_alive *a, int64_t now)
{
	a->heard_ms = now;
}

int64_t
svk_links_alive_silent_ms(const svk_links_alive *a, int64_t now)
{
	int64_t last = a->heard_ms > a->since_ms ? a->heard_ms : a->since_ms;

	if (!a->up)
		return 0;
	return now > last ? now - last : 0;
}

svk_links_alive_verdict
svk_links_alive_check(svk_links_alive *a, int64_t now)
{
	if (!a->up) {
		if (now - a->since_ms < a->deadline_ms)
			return SVK_LINKS_ALIVE_OK;
		a->since_ms = now;
		return SVK_LINKS_ALIVE_REDIAL;
	}
	if (!a->heard || svk_links_alive_silent_ms(a, now) < a->deadline_ms)
		return SVK_LINKS_ALIVE_OK;
	a->up = false;
	a->since_ms = a->down_ms = now;
	return SVK_LINKS_ALIVE_DEAD;
}
