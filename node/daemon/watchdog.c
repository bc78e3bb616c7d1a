/* watchdog.c: deadlines for the loop and for a stop. See watchdog.h. */
#include "watchdog.h"

#include <errno.h>
#include <time.h>
#include <unistd.h>

#include "say.h"

int64_t
svk_watchdog_now_ms(void)
{
	struct timespec ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

svk_watchdog_verdict
svk_watchdog_verdict_at(const svk_watchdog *w, int64_t now)
{
	if (w->stop_ms != 0)
		return now - w->stop_ms >= w->grace_ms ? SVK_WATCHDOG_STUCK :
							 SVK_WATCHDOG_FINE;
	return now - w->alive_ms >= w->stall_ms ? SVK_WATCHDOG_STALLED : SVK_WATCHDOG_FINE;
}

static void
expire_default(void *arg, svk_watchdog_verdict verdict)
{
	(void)arg;
	if (verdict == SVK_WATCHDOG_STUCK) {
		svk_say_error("the stop did not end within %d s (the network library "
			      "did not close its sockets): exiting anyway; the store "
			      "is consistent and nothing acknowledged is lost",
		    SVK_WATCHDOG_GRACE_MS / 1000);
		_exit(0);
	}
	svk_say_error("the daemon's loop has not run for %d s (stuck in the "
		      "network library): exiting so that the service manager "
		      "restarts it; the store is consistent",
	    SVK_WATCHDOG_STALL_MS / 1000);
	_exit(1);
}

static void *
watch(void *arg)
{
	svk_watchdog *w = arg;
	struct timespec at;

	(void)pthread_mutex_lock(&w->lock);
	while (!w->quit) {
		svk_watchdog_verdict v = svk_watchdog_verdict_at(w,
		    svk_watchdog_now_ms());
		if (v != SVK_WATCHDOG_FINE) {
			/* once: the default does not return, a test's does */
			w->quit = true;
			(void)pthread_mutex_unlock(&w->lock);
			w->expire(w->arg, v);
			return NULL;
		}
		(void)clock_gettime(CLOCK_MONOTONIC, &at);
		at.tv_nsec += 250 * 1000000L;
		if (at.tv_nsec >= 1000000000L) {
			at.tv_sec++;
			at.tv_nsec -= 1000000000L;
		}
		(void)pthread_cond_timedwait(&w->cond, &w->lock, &at);
	}
	(void)pthread_mutex_unlock(&w->lock);
	return NULL;
}

int
svk_watchdog_start(svk_watchdog *w, int64_t stall_ms, int64_t grace_ms,
    void (*expire)(void *arg, svk_watchdog_verdict verdict), void *arg)
{
	pthread_condattr_t ca;
	int rv;

	w->running = w->quit = false;
	w->stall_ms = stall_ms > 0 ? stall_ms : SVK_WATCHDOG_STALL_MS;
	w->grace_ms = grace_ms > 0 ? grace_ms : SVK_WATCHDOG_GRACE_MS;
	w->expire = expire ? expire : expire_default;
	w->arg = arg;
	w->alive_ms = svk_watchdog_now_ms();
	w->stop_ms = 0;
	if ((rv = pthread_condattr_init(&ca)) != 0)
		return -rv;
	if ((rv = pthread_condattr_setclock(&ca, CLOCK_MONOTONIC)) != 0 ||
	    (rv = pthread_cond_init(&w->cond, &ca)) != 0) {
		(void)pthread_condattr_destroy(&ca);
		return -rv;
	}
	(void)pthread_condattr_destroy(&ca);
	if ((rv = pthread_mutex_init(&w->lock, NULL)) != 0) {
		(void)pthread_cond_destroy(&w->cond);
		return -rv;
	}
	if ((rv = pthread_create(&w->thread, NULL, watch, w)) != 0) {
		(void)pthread_mutex_destroy(&w->lock);
		(void)pthread_cond_destroy(&w->cond);
		return -rv;
	}
	w->running = true;
	return 0;
}

void
svk_watchdog_alive(svk_watchdog *w)
{
	if (!w->running)
		return;
	(void)pthread_mutex_lock(&w->lock);
	w->alive_ms = svk_watchdog_now_ms();
	(void)pthread_mutex_unlock(&w->lock);
}

void
svk_watchdog_stopping(svk_watchdog *w)
{
	if (!w->running)
		return;
	(void)pthread_mutex_lock(&w->lock);
	if (w->stop_ms == 0)
		w->stop_ms = svk_watchdog_now_ms();
	(void)pthread_mutex_unlock(&w->lock);
}

void
svk_watchdog_end(svk_watchdog *w)
{
	if (!w->running)
		return;
	(void)pthread_mutex_lock(&w->lock);
	w->quit = true;
	(void)pthread_cond_signal(&w->cond);
	(void)pthread_mutex_unlock(&w->lock);
	(void)pthread_join(w->thread, NULL);
	(void)pthread_mutex_destroy(&w->lock);
	(void)pthread_cond_destroy(&w->cond);
	w->running = false;
}
