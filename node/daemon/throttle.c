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

int64_t
svk_throttle_delay_ms(const svk_throttle *t, int64_t now, double msgs_rate)
{
	double msgs = t->msgs;

	if (msgs_rate <= 0)
		return INT64_MAX;
	if (t->at_ms == 0)
		return 0; /* full at its first use */
	if (now > t->at_ms)
		msgs += (double)(now - t->at_ms) / 1000.0 * msgs_rate;
	if (msgs >= 1)
		return 0;
	/* Rounded up: a millisecond early would still find it empty. */
	return (int64_t)((1 - msgs) * 1000.0 / msgs_rate) + 1;
}

void
svk_throttle_empty(svk_throttle *t, int64_t now)
{
	t->msgs = 0;
	t->bytes = 0;
	t->at_ms = now;
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
