/*
 * watchdog.h: a daemon that cannot get stuck for good.
 *
 * nng 1.5.2 can wedge its reaper thread when a pipe closes between two
 * pieces of a send (seen with TLS links on a roster change, and once at a
 * SIGTERM during a catch-up), and then every nng_close blocks: the loop
 * stops, or a stop never ends. A thread of its own watches two deadlines:
 * the loop must show a sign of life every so often (stall: the process
 * exits 1, so the service manager restarts it), and a stop, once begun,
 * must end (grace: the process exits 0 after saying so). Either way the
 * store stays consistent: SQLite's WAL makes an exit at any point safe,
 * as the crash-safety test shows with SIGKILL.
 */
#ifndef SVK_WATCHDOG_H
#define SVK_WATCHDOG_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "error.h"

#define SVK_WATCHDOG_STALL_MS (300 * 1000) /* the loop silent this long */
#define SVK_WATCHDOG_GRACE_MS (15 * 1000)  /* a stop still running */

/* What the watchdog finds. */
typedef enum svk_watchdog_verdict {
	SVK_WATCHDOG_FINE,
	SVK_WATCHDOG_STALLED, /* the loop showed no life for stall_ms */
	SVK_WATCHDOG_STUCK,   /* a stop began grace_ms ago and runs still */
} svk_watchdog_verdict;

typedef struct svk_watchdog {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool running, quit;
	int64_t alive_ms; /* the loop's last sign of life (monotonic) */
	int64_t stop_ms;  /* when the stop began (monotonic), or 0 */
	int64_t stall_ms, grace_ms;
	/* What is done when a deadline passes: by default a line at error
	 * level and _exit(1) for a stall, _exit(0) for a stuck stop. */
	void (*expire)(void *arg, svk_watchdog_verdict verdict);
	void *arg;
} svk_watchdog;

/* svk_watchdog_verdict_at is the judgement itself, for a time now: pure. */
svk_watchdog_verdict svk_watchdog_verdict_at(const svk_watchdog *w, int64_t now);

/* svk_watchdog_start starts watching with the given deadlines (0: the
 * defaults above) and expire (NULL: the default). Returns 0 or -errno. */
int svk_watchdog_start(svk_watchdog *w, int64_t stall_ms, int64_t grace_ms,
    void (*expire)(void *arg, svk_watchdog_verdict verdict), void *arg) SVK_WUR;

/* svk_watchdog_alive tells the watchdog the loop runs (call it each second). */
void svk_watchdog_alive(svk_watchdog *w);

/* svk_watchdog_stopping tells it a stop began. */
void svk_watchdog_stopping(svk_watchdog *w);

/* svk_watchdog_end stops watching and joins the thread; it does nothing
 * when the watchdog was never started. */
void svk_watchdog_end(svk_watchdog *w);

/* svk_watchdog_now_ms is the monotonic clock the watchdog uses. */
int64_t svk_watchdog_now_ms(void);

#endif
