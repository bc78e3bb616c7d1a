/* throttle.c: token buckets with a given clock. See throttle.h. */
#include "throttle.h"

bool
svk_throttle_take(svk_throttle *t, int64_t now, double msgs_rate,
    double bytes_rate, size_t len)
{
	double dt = t->at_ms ? (double)(now - t->at_ms) / 1000.0 : 2.0;

	if (dt > 0) {
		t->msgs += dt * msgs_rate;
		t->bytes += dt * bytes_rate;
		if (t->msgs > 2 * msgs_rate)
			t->msgs = 2 * msgs_rate;
		if (t->bytes > 2 * bytes_rate)
			t->bytes = 2 * bytes_rate;
		t->at_ms = now;
	}
	if (t->msgs < 1 || t->bytes < (double)len) {
		t->dropped++;
		return false;
	}
	t->msgs -= 1;
	t->bytes -= (double)len;
	return true;
}

bool
svk_throttle_warn(svk_throttle *t, int64_t now)
{
	if (now - t->warned_ms <= 10000)
		return false;
	t->warned_ms = now;
	return true;
}

uint64_t
svk_throttle_dropped(const svk_throttle *t)
{
	return t->dropped;
}

int64_t
svk_throttle_since(const svk_throttle *t)
{
	return t->at_ms;
}
