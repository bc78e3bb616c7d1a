/*
 * daemon.c: the node's event loop: its timers and signals, the look at the
 * store after other processes wrote to it, the roster's renewal, and an
 * orderly start and stop of the pieces it is made of (see daemon.h):
 * link_tls (listeners), publish (PUB), responder (REP), ingest, catchup and
 * links (the partners), and the status page.
 */
#include "daemon.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <systemd/sd-daemon.h>

#include "catchup.h"
#include "follow_up.h"
#include "http.h"
#include "intake.h"
#include "integrity.h"
#include "link_tls.h"
#include "links.h"
#include "links_state.h"
#include "publish.h"
#include "report_follow_up.h"
#include "responder.h"
#include "roster.h"
#include "say.h"
#include "settle.h"
#include "indexer.h"
#include "watch.h"
#include "watchdog.h"

#define TICK_MS 100
#define FOLLOW_UP_REMIND_MS (6 * 3600 * 1000) /* due follow-ups said again */
#define CLOSE_STUCK_MS (60 * 1000) /* a socket closing this long is stuck */

struct svk_daemon {
	uv_loop_t *loop;
	svk_home *home;
	svk_config cfg;
	const char *conf_path;
	svk_link_tls tls;
	svk_publish pub;
	svk_responder rep;
	svk_intake ing;
	svk_catchup cu;
	svk_indexer ix;
	svk_links links;
	svk_http *http;
	uv_timer_t tick;
	uv_timer_t soon; /* a look at the store shortly after a write */
	int soon_checks;
	uv_timer_t catchup_timer;
	uv_fs_event_t dirwatch; /* writes by other processes, seen at once */
	bool dirwatching;
	uv_signal_t sigterm, sigint, sighup;
	bool handles; /* the timers and signals above are initialised */
	bool stopping;
	int64_t started_ms;
	int64_t data_version;
	int64_t roster_checked_ms;
	int64_t second_ms;    /* the last once-a-second look */
	uv_work_t full_check; /* the store's full integrity check */
	bool checking;
	int check_err;
	char *check_problem;
	char db_path[4200];
	bool close_stuck_said;
	int64_t reminded_ms; /* follow-ups due, last said */
	int fault; /* the store is damaged: stop and say so (SVK_ECORRUPT) */
	svk_watchdog dog;	   /* the loop and a stop cannot hang for good */
	svk_say_limit settle_said; /* the store found mid-write between callbacks */
};

static void
index_later(void *arg)
{
	svk_daemon *d = arg;
	svk_indexer_kick(&d->ix);
}

static void
reconcile(void *arg)
{
	svk_daemon *d = arg;
	svk_links_reconcile(&d->links);
}

/* The store can be written again: fetch what was missed at once. */
static void
writable_again(void *arg)
{
	svk_daemon *d = arg;
	if (!d->stopping)
		svk_links_catchup(&d->links);
}

/* The store is damaged: out of service, loudly, with the remedy. */
static void
out_of_service(svk_daemon *d, const char *problem)
{
	if (d->fault != 0)
		return;
	d->fault = SVK_ECORRUPT;
	svk_say_error("the store %s is damaged (%s): this node stops serving it "
		      "and exits; %s",
	    d->db_path, problem, SVK_DAEMON_REMEDY);
	svk__daemon_stop(d);
}

static void
full_check_work(uv_work_t *w)
{
	svk_daemon *d = w->data;
	d->check_err = svk_integrity_full(d->db_path, &d->check_problem);
}

static void
full_check_done(uv_work_t *w, int status)
{
	svk_daemon *d = w->data;

	d->checking = false;
	if (status == UV_ECANCELED) {
		/* stopped before it began */
	} else if (d->check_err == SVK_ECORRUPT) {
		out_of_service(d, d->check_problem ? d->check_problem : "damaged");
	} else if (d->check_err != 0) {
		svk_say_warn("the full integrity check of %s did not run: %s",
		    d->db_path, svk_error_str(d->check_err));
	} else {
		svk_say_info("the full integrity check of %s found it sound",
		    d->db_path);
	}
	free(d->check_problem);
	d->check_problem = NULL;
}

/* Between two callbacks nothing may be half done on the store: what a
 * transaction left open holds is seen by no other process (the CLI, the
 * tests) until it ends. Said loudly, and mended. */
static void
settle_store(svk_daemon *d)
{
	svk_settle s;
	int err = svk_settle_check(d->home->store, &s);

	if (s.open_tx)
		svk_say_limited(&d->settle_said, SVK_ERROR,
		    "a write transaction on the store was left open: %s",
		    err == 0 ? "committed it" : svk_error_str(err));
	if (s.running > 0)
		svk_say_limited(&d->settle_said, SVK_ERROR,
		    "%u statement(s) on the store were left running, one of "
		    "them: %s",
		    s.running, s.sample ? s.sample : "?");
}

/* Once a second: the store left settled, the batch of rejection counts,
 * room on the disk, and damage any read met. */
static void
each_second(svk_daemon *d, int64_t now)
{
	char problem[256];

	settle_store(d);
	if (svk_integrity_damage(problem, sizeof(problem))) {
		out_of_service(d, problem);
		return;
	}
	svk_intake_tick(&d->ing, now);
	if (svk_intake_writable(&d->ing, NULL) &&
	    svk_store_flush_rejects(d->home->store) == -ENOSPC)
		svk_intake_write_failed(&d->ing, -ENOSPC);
}

/* This node wrote to its store (the CLI or the web app): publish what is
 * new, and act on a roster the coordinator changed (`member
 * add|suspend|resume`, the members page). */
static void
local_wrote(svk_daemon *d)
{
	svk_publish_new_local(&d->pub);
	if (svk_links_roster_moved(&d->links))
		svk_links_reconcile(&d->links);
}

/* Did another process commit to the store (an author, say)? */
static void
check_store(svk_daemon *d)
{
	int64_t version;

	if (svk_store_data_version(d->home->store, &version) == 0 &&
	    version != d->data_version) {
		d->data_version = version;
		local_wrote(d);
	}
}

static void
on_soon(uv_timer_t *h)
{
	svk_daemon *d = h->data;
	check_store(d);
	/* A commit becomes visible only after its fsync, some time after the
	 * write that woke us: look twice more, a little later each time. */
	if (++d->soon_checks < 3)
		(void)uv_timer_start(&d->soon, on_soon, 4u * d->soon_checks, 0);
}

static void
on_dir_change(uv_fs_event_t *h, const char *filename, int events, int status)
{
	svk_daemon *d = h->data;
	(void)events;
	if (status != 0 || filename == NULL || strncmp(filename, "samverk.db", 10) != 0)
		return;
	d->soon_checks = 0;
	(void)uv_timer_start(&d->soon, on_soon, 1, 0);
}

/* The roster: the coordinator renews it when half its life is gone; a
 * member whose roster expired says so, loudly, once a minute. */
static void
check_roster(svk_daemon *d, int64_t now)
{
	Samverk__Roster *r = NULL;
	int64_t expires;
	int err;

	if (svk_roster_expiry(d->home->store, &expires) != 0 || expires == 0)
		return;
	if (!svk_roster_is_coordinator(d->home)) {
		if (now > expires)
			svk_say_error("the roster expired %lld minutes ago: partners' "
				      "entries are refused until the coordinator "
				      "renews it",
			    (long long)((now - expires) / 60000));
		return;
	}
	if (expires - now > svk_config_roster_ms(&d->cfg) / 2)
		return;
	if ((err = svk_roster_current(d->home->store, &r)) == 0 &&
	    (err = svk_roster_publish(d->home, r, svk_config_roster_ms(&d->cfg))) == 0) {
		svk_say_info("renewed the roster (version %llu)",
		    (unsigned long long)r->version);
		svk_publish_new_local(&d->pub);
	} else {
		svk_say_error("cannot renew the roster: %s", svk_error_str(err));
	}
	if (r)
		protobuf_c_message_free_unpacked(&r->base, NULL);
}

/* Says which follow-ups of this node's adoptions are due (at start, then
 * every FOLLOW_UP_REMIND_MS): a reminder in the log, as in status and
 * /metrics. */
static void
remind_follow_ups(svk_daemon *d)
{
	char today[11];
	size_t i;
	json_t *f, *due;

	svk_follow_up_today(today);
	if ((due = svk_report_follow_up_due(d->home, today)) == NULL)
		return;
	json_array_foreach(due, i, f)
		svk_say_warn("follow-up due: %lld months into the adoption of %s "
			     "(%s, started %s); record it with 'samverk adopt %s "
			     "--follow-up FILE'",
		    (long long)json_integer_value(json_object_get(f, "months")),
		    json_string_value(json_object_get(f, "practice")),
		    json_string_value(json_object_get(f, "title")),
		    json_string_value(json_object_get(f, "started")),
		    json_string_value(json_object_get(f, "practice")));
	json_decref(due);
}

/* The loop runs, so the watchdog hears from it, unless a socket has been
 * closing for too long: nng's reaper is stuck, no link can close any more,
 * and only a restart (the watchdog's) mends that. */
static void
feed_watchdog(svk_daemon *d)
{
	int64_t closing = svk_watch_closing_ms((int64_t)(uv_hrtime() / 1000000));

	if (closing < CLOSE_STUCK_MS) {
		svk_watchdog_alive(&d->dog);
		return;
	}
	if (!d->close_stuck_said) {
		d->close_stuck_said = true;
		svk_say_error("a network socket has been closing for %lld s (a "
			      "known defect of nng 1.5.2): the daemon restarts "
			      "within %d s; the store is consistent",
		    (long long)(closing / 1000), SVK_WATCHDOG_STALL_MS / 1000);
	}
}

static void
on_tick(uv_timer_t *h)
{
	svk_daemon *d = h->data;
	int64_t now = svk_clock_now_ms();

	if (now - d->second_ms >= 1000) {
		d->second_ms = now;
		feed_watchdog(d);
		each_second(d, now);
		if (d->stopping)
			return;
	}
	if (now - d->roster_checked_ms >= 60000) {
		d->roster_checked_ms = now;
		check_roster(d, now);
	}
	if (now - d->reminded_ms >= FOLLOW_UP_REMIND_MS) {
		d->reminded_ms = now;
		remind_follow_ups(d);
	}
	/* The folder watch sees writes at once; this catches what it may
	 * miss (file systems without inotify). */
	check_store(d);
	svk_links_tick(&d->links, now);
	if (!d->stopping)
		svk_link_tls_tick(&d->tls, now);
}

static void
on_catchup_timer(uv_timer_t *h)
{
	svk_daemon *d = h->data;
	svk_links_catchup(&d->links);
}

/* Settings under their names from before 0.3 still work; say which. */
static void
warn_renamed(const svk_config *cfg, const char *path)
{
	if (cfg->renamed[0] != '\0')
		svk_say_warn("%s: %s: catch-up settings are now [node] catchup and "
			     "[catchup] ...; the old names still work",
		    path ? path : "samverk.conf", cfg->renamed);
}

/* SIGHUP: the settings again, except what only a restart can change. */
static void
reload(svk_daemon *d)
{
	svk_config cfg = d->cfg;
	char err[512];
	int rc;

	cfg.renamed[0] = '\0';
	rc = svk_config_load(&cfg, d->conf_path, err, sizeof(err));

	if (rc != 0) {
		svk_say_error("SIGHUP: keeping the old settings: %s",
		    rc == SVK_EINVAL ? err : svk_error_str(rc));
		return;
	}
	/* Endpoints this node listens on change only with a restart. */
	snprintf(cfg.pub, sizeof(cfg.pub), "%s", d->cfg.pub);
	snprintf(cfg.catchup, sizeof(cfg.catchup), "%s", d->cfg.catchup);
	/* The HTTP address and the limits of open sockets too. */
	snprintf(cfg.http, sizeof(cfg.http), "%s", d->cfg.http);
	cfg.max_message = d->cfg.max_message;
	cfg.pub_queue = d->cfg.pub_queue;
	d->cfg = cfg;
	svk_say_level_set(cfg.log_level);
	warn_renamed(&cfg, d->conf_path);
	(void)uv_timer_start(&d->catchup_timer, on_catchup_timer,
	    cfg.catchup_interval_s * 1000ULL, cfg.catchup_interval_s * 1000ULL);
	svk_publish_rhythm(&d->pub);
	svk_say_info("SIGHUP: settings and roster reloaded (endpoints, http "
		     "and limits take effect at the next start)");
	svk_links_reconcile(&d->links);
}

static void
on_signal(uv_signal_t *h, int signum)
{
	svk_daemon *d = h->data;

	if (signum == SIGHUP) {
		reload(d);
		return;
	}
	svk_say_info("%s: shutting down", signum == SIGTERM ? "SIGTERM" : "SIGINT");
	svk__daemon_stop(d);
}

static void
http_stats(void *arg, svk_http_stats *s)
{
	svk_daemon *d = arg;
	uint64_t in, out, rin, rout;

	s->started_ms = d->started_ms;
	svk_links_state_count(&d->links, &s->peers, &s->peers_up);
	svk_catchup_counts(&d->cu, &s->catchup_rounds, &in, &out);
	svk_catchup_checks(&d->cu, &s->catchup_checked, &s->catchup_signatures);
	svk_responder_counts(&d->rep, &s->catchup_served, &rin, &rout);
	s->catchup_bytes_in = in + rin;
	s->catchup_bytes_out = out + rout;
	svk_publish_counts(&d->pub, &s->published, &s->relayed);
	s->ingested = svk_intake_count(&d->ing);
	svk_intake_counters(&d->ing, &s->gossip);
	s->store_writable = svk_intake_writable(&d->ing, &s->store_problem);
	s->links = svk_links_state_list;
	s->links_arg = &d->links;
}

/* A form of the web app was posted: what it wrote is this process's own,
 * which the store's data version does not show, so it is acted on now. */
static void
web_wrote(void *arg)
{
	svk_daemon *d = arg;

	if (!d->stopping)
		local_wrote(d);
}

/* Closes every handle d made; the loop must run for their callbacks. */
static void
close_all(svk_daemon *d)
{
	d->stopping = true;
	if (d->checking)
		(void)uv_cancel((uv_req_t *)&d->full_check); /* else it ends soon */
	/* Pending pages are dropped: catch-up fetches them again next time. */
	svk_catchup_stop(&d->cu);
	if (d->handles) {
		uv_timer_t *timers[] = {&d->tick, &d->catchup_timer, &d->soon};
		uv_signal_t *signals[] = {&d->sigterm, &d->sigint, &d->sighup};
		for (size_t i = 0; i < 3; i++) {
			(void)uv_timer_stop(timers[i]);
			uv_close((uv_handle_t *)timers[i], NULL);
			uv_close((uv_handle_t *)signals[i], NULL);
		}
		d->handles = false;
	}
	if (d->dirwatching) {
		(void)uv_fs_event_stop(&d->dirwatch);
		uv_close((uv_handle_t *)&d->dirwatch, NULL);
		d->dirwatching = false;
	}
	svk_indexer_close(&d->ix);
	svk_links_close(&d->links);
	svk_link_tls_unlisten(&d->tls);
	svk_publish_close(&d->pub);
	svk_responder_close(&d->rep);
	svk_http_stop(d->http);
	d->http = NULL;
}

void
svk__daemon_stop(svk_daemon *d)
{
	if (d->stopping)
		return;
	(void)sd_notify(0, "STOPPING=1");
	svk_watchdog_stopping(&d->dog);
	close_all(d);
}

void
svk__daemon_close(svk_daemon *d)
{
	if (d == NULL)
		return;
	svk_watchdog_end(&d->dog);
	svk_catchup_fini(&d->cu);
	svk_links_fini(&d->links);
	svk_intake_fini(&d->ing);
	svk_link_tls_stop(&d->tls);
	free(d);
}

static int
init_handles(svk_daemon *d)
{
	int err;

	if ((err = uv_timer_init(d->loop, &d->tick)) != 0 ||
	    (err = uv_timer_init(d->loop, &d->soon)) != 0 ||
	    (err = uv_timer_init(d->loop, &d->catchup_timer)) != 0 ||
	    (err = uv_signal_init(d->loop, &d->sigterm)) != 0 ||
	    (err = uv_signal_init(d->loop, &d->sigint)) != 0 ||
	    (err = uv_signal_init(d->loop, &d->sighup)) != 0)
		return err; /* timers and signals cannot fail to initialise */
	d->handles = true;
	d->tick.data = d->soon.data = d->catchup_timer.data = d;
	d->sigterm.data = d->sigint.data = d->sighup.data = d;
	return 0;
}

/* Listens for partners: their subscriptions on PUB, their catch-up
 * requests on REP. */
static int
open_sockets(svk_daemon *d)
{
	int err;

	if ((err = svk_link_tls_start(&d->tls, d->home, &d->cfg)) != 0 ||
	    (err = svk_publish_open(&d->pub, d->loop, d->home, &d->cfg,
		 svk_links_state_list, &d->links)) != 0 ||
	    (err = svk_link_tls_listen(&d->tls, SVK_LINK_TLS_PUB,
		 svk_publish_socket(&d->pub), d->cfg.pub,
		 "partners' subscriptions")) != 0 ||
	    (err = svk_responder_open(&d->rep, d->loop, d->home, &d->cfg)) != 0)
		return err;
	return svk_link_tls_listen(&d->tls, SVK_LINK_TLS_REP,
	    svk_responder_socket(&d->rep), d->cfg.catchup, "catch-up requests");
}

static int
start_timers(svk_daemon *d)
{
	uint64_t sync_ms = d->cfg.catchup_interval_s * 1000ULL;
	int err;

	if ((err = uv_timer_start(&d->tick, on_tick, TICK_MS, TICK_MS)) != 0 ||
	    (err = uv_timer_start(&d->catchup_timer, on_catchup_timer, sync_ms,
		 sync_ms)) != 0 ||
	    (err = uv_signal_start(&d->sigterm, on_signal, SIGTERM)) != 0 ||
	    (err = uv_signal_start(&d->sigint, on_signal, SIGINT)) != 0 ||
	    (err = uv_signal_start(&d->sighup, on_signal, SIGHUP)) != 0)
		return err;
	if (uv_fs_event_init(d->loop, &d->dirwatch) == 0) {
		d->dirwatch.data = d;
		d->dirwatching = true;
		if (uv_fs_event_start(&d->dirwatch, on_dir_change, d->home->dir, 0) != 0)
			svk_say_warn("cannot watch %s; new local entries are seen "
				     "within %d ms",
			    d->home->dir, TICK_MS);
	}
	return 0;
}

int
svk__daemon_open(svk_daemon **out, uv_loop_t *loop, svk_home *home,
    const svk_config *cfg, const char *conf_path)
{
	svk_daemon *d = calloc(1, sizeof(*d));
	uint64_t all, own;
	int err;

	if (d == NULL)
		return -ENOMEM;
	d->loop = loop;
	d->home = home;
	d->cfg = *cfg;
	d->conf_path = conf_path;
	d->started_ms = svk_clock_now_ms();
	svk_say_level_set(cfg->log_level);
	svk_intake_init(&d->ing, home, &d->pub, reconcile, writable_again, d);
	svk_catchup_init(&d->cu, loop, &d->ing, &d->pub, &d->cfg);
	d->cu.bulk_stored = index_later;
	d->cu.bulk_arg = d;
	if ((err = svk_home_path(home->dir, "samverk.db", d->db_path,
		 sizeof(d->db_path))) != 0 ||
	    (err = init_handles(d)) != 0 ||
	    (err = svk_log_count(home->store,
		 svk_crypto_identity_public(home->id), &all, &own)) != 0 ||
	    (err = svk_store_data_version(home->store, &d->data_version)) != 0 ||
	    (err = open_sockets(d)) != 0)
		goto fail;
	if (cfg->http[0] != '\0' && (err = svk_http_start(&d->http, loop, home,
					 &d->cfg, http_stats, web_wrote, d)) != 0) {
		svk_say_error("cannot serve the status page on %s: %s", cfg->http,
		    svk_error_str(err));
		goto fail;
	}
	if ((err = svk_indexer_init(&d->ix, loop, home->store, svk_catchup_busy,
		 &d->cu)) != 0 ||
	    (err = svk_links_init(&d->links, loop, home, &d->cfg, &d->tls,
		 &d->ing, &d->cu)) != 0 ||
	    (err = start_timers(d)) != 0)
		goto fail;
	if ((err = svk_watchdog_start(&d->dog, 0, 0, NULL, NULL)) != 0)
		svk_say_warn("cannot start the watchdog: %s", svk_error_str(err));
	svk_links_reconcile(&d->links);
	d->full_check.data = d;
	if (uv_queue_work(loop, &d->full_check, full_check_work, full_check_done) == 0)
		d->checking = true;
	svk_say_info("%s running: pub %s, catch-up %s (partners are told %s and "
		     "%s), http %s, %llu entries held (%llu own)",
	    home->name, cfg->pub, cfg->catchup, svk_config_pub_advertised(cfg),
	    svk_config_catchup_advertised(cfg), cfg->http,
	    (unsigned long long)all, (unsigned long long)own);
	warn_renamed(cfg, d->conf_path);
	(void)sd_notify(0, "READY=1");
	*out = d;
	return 0;
fail:
	close_all(d);
	(void)uv_run(loop, UV_RUN_DEFAULT);
	svk__daemon_close(d);
	return err;
}

int
svk_daemon_run(svk_home *home, const svk_config *cfg, const char *conf_path)
{
	svk_daemon *d = NULL;
	uv_loop_t loop;
	int err;

	if ((err = uv_loop_init(&loop)) != 0)
		return err;
	if ((err = svk__daemon_open(&d, &loop, home, cfg, conf_path)) == 0) {
		/* Every handle is closed by svk__daemon_stop; run until their
		 * callbacks ran. */
		while (uv_loop_alive(&loop))
			(void)uv_run(&loop, UV_RUN_DEFAULT);
		err = d->fault;
		svk__daemon_close(d);
	}
	if (uv_loop_close(&loop) != 0)
		svk_say_warn("the loop closed with handles still open");
	if (err == 0)
		svk_say_info("stopped");
	return err;
}
