/*
 * links.c: the daemon's links to its partners, their pipe events, and the
 * roster reconciliation that opens and closes them and the peers table (what
 * they are, for heartbeats and counts, is links_state.c's). See links.h.
 */
#include "links.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "links-int.h"
#include "links_alive.h"
#include "partners.h"
#include "peers.h"
#include "plan.h"
#include "say.h"
#include "store_meta.h"
#include "tls.h"
#include "view.h"

static svk_link *
link_find(svk_links *ls, const uint8_t *key, bool bootstrap)
{
	for (svk_link *p = ls->head; p; p = p->next)
		if (p->bootstrap == bootstrap &&
		    (bootstrap || memcmp(p->key, key, SVK_KEY_LEN) == 0))
			return p;
	return NULL;
}

/* Whether the bootstrap link's round is bringing pages in. */
static bool
boot_flowing(svk_links *ls)
{
	svk_link *boot = link_find(ls, NULL, true);
	return boot != NULL &&
	       svk_catchup_link_flowing(&boot->cu, svk_clock_now_ms());
}

/* Starts a catch-up round with p, unless a joining node's bootstrap round
 * is still bringing everything in: the same entries fetched again on the
 * roster's links would be checked and stored twice. Such a round waits
 * while the bootstrap round flows (svk_links_tick starts it once that
 * round is over, or its answer is late: a request lost when the partner
 * made its listeners again must not hold the others back). */
static void
link_round(svk_link *p)
{
	if (!p->bootstrap && boot_flowing(p->ls)) {
		p->round_waits = true;
		return;
	}
	p->round_waits = false;
	svk_catchup_link_round(&p->cu);
}

/* Pipe events. */

/* Runs on nng's threads: only queue the news for the loop. */
static void
on_pipe(nng_pipe pipe, nng_pipe_ev ev, void *arg)
{
	struct side *sd = arg;
	svk_link *p = sd->link;
	svk_links *ls = p->ls;
	svk_links_event e = {.bootstrap = p->bootstrap,
	    .req = sd->req,
	    .up = ev == NNG_PIPE_EV_ADD_POST,
	    .pipe = nng_pipe_id(pipe)};

	memcpy(e.key, p->key, SVK_KEY_LEN);
	(void)pthread_mutex_lock(&ls->lock);
	if (ls->n_events == ls->cap_events) {
		size_t cap = ls->cap_events ? ls->cap_events * 2 : 16;
		svk_links_event *events = realloc(ls->events, cap * sizeof(*events));
		if (events == NULL) {
			(void)pthread_mutex_unlock(&ls->lock);
			return;
		}
		ls->events = events;
		ls->cap_events = cap;
	}
	ls->events[ls->n_events++] = e;
	(void)pthread_mutex_unlock(&ls->lock);
	(void)uv_async_send(&ls->wake);
}

/* Records that side sd of link p is up or down; a change is logged, shown
 * in the peers table, and (up) a moment to catch up: the catch-up link, or
 * the subscription, which missed whatever the peer published while it was
 * down. */
static void
side_set_up(svk_link *p, struct side *sd, bool up)
{
	bool changed = sd->req ? svk_catchup_link_set_up(&p->cu, up) :
				 svk_gossip_set_up(&p->gossip, up);

	svk_links_alive_set_up(&sd->alive, up, (int64_t)uv_now(p->ls->loop));
	if (!changed)
		return;
	svk_say_info("link %s %s %s", sd->req ? "to" : "from", p->label,
	    up ? "up" : "down");
	p->ls->dirty = true;
	if (up)
		link_round(p);
}

static void
link_event(svk_links *ls, const svk_links_event *e)
{
	svk_link *p = link_find(ls, e->key, e->bootstrap);
	struct side *sd;

	if (p == NULL || (!e->req && !p->has_gossip))
		return;
	sd = &p->sides[e->req];
	if (e->up) {
		sd->pipe = (nng_pipe){.id = (uint32_t)e->pipe};
		p->last_seen_ms = svk_clock_now_ms();
	} else if (nng_pipe_id(sd->pipe) == e->pipe) {
		sd->pipe = (nng_pipe)NNG_PIPE_INITIALIZER;
	} else {
		return; /* a pipe closed earlier (dead, or redialled) */
	}
	side_set_up(p, sd, e->up);
}

static void
on_wake(uv_async_t *h)
{
	svk_links *ls = h->data;
	svk_links_event *events;
	size_t n;

	(void)pthread_mutex_lock(&ls->lock);
	events = ls->events;
	n = ls->n_events;
	ls->events = NULL;
	ls->n_events = ls->cap_events = 0;
	(void)pthread_mutex_unlock(&ls->lock);
	for (size_t i = 0; i < n && !ls->stopping; i++)
		link_event(ls, &events[i]);
	free(events);
}

/* One link. */

static void
link_seen(void *arg)
{
	svk_link *p = arg;
	p->last_seen_ms = svk_clock_now_ms();
}

/* A message on the subscription: the partner is alive. */
static void
link_heard(void *arg)
{
	svk_link *p = arg;

	link_seen(p);
	svk_links_alive_heard(&p->sides[0].alive, (int64_t)uv_now(p->ls->loop));
}

static void
link_gap(void *arg)
{
	link_round(arg);
}

static void
link_changed(void *arg)
{
	svk_link *p = arg;
	p->ls->dirty = true;
}

static void
link_free(svk_link *p)
{
	free(p->cert);
	free(p);
}

static void
link_closed(void *arg)
{
	svk_link *p = arg;
	if (--p->closing == 0)
		link_free(p);
}

static const svk_gossip_ops gossip_ops = {link_heard, link_gap, link_closed};
static const svk_catchup_ops catchup_ops = {link_seen, link_changed, link_closed};

static void
link_close(svk_link *p)
{
	svk_links *ls = p->ls;

	for (svk_link **pp = &ls->head; *pp; pp = &(*pp)->next) {
		if (*pp == p) {
			*pp = p->next;
			break;
		}
	}
	/* Its pipes first, the way nng closes a pipe itself (protocol first):
	 * closing the socket closes them transport first (see link_tls.c). */
	for (int i = 0; i < 2; i++)
		if (nng_pipe_id(p->sides[i].pipe) > 0)
			(void)nng_pipe_close(p->sides[i].pipe);
	/* The close callbacks to wait for, plus this function's own hold. */
	p->closing = 1 + p->has_gossip + p->has_cu;
	if (p->has_gossip)
		svk_gossip_close(&p->gossip);
	if (p->has_cu)
		svk_catchup_link_close(&p->cu);
	if (--p->closing == 0)
		link_free(p);
	ls->dirty = true;
}

/* Makes and starts side sd's dialer on sock for url. */
static int
dial(svk_link *p, struct side *sd, nng_socket sock, const char *url)
{
	nng_tls_config *cfg = NULL;
	uint32_t src;
	int err, rv;

	if ((rv = nng_dialer_create(&sd->dialer, sock, url)) != 0)
		return svk_watch_err(rv);
	sd->dialled = true;
	/* TCP's own check on an idle connection, beside the deadline (ipc://
	 * has none). */
	rv = nng_dialer_set_bool(sd->dialer, NNG_OPT_TCP_KEEPALIVE, true);
	if (rv != 0 && rv != NNG_ENOTSUP)
		return svk_watch_err(rv);
	if (svk_plan_source(p->ls->cfg->catchup, url, &src)) {
		nng_sockaddr sa = {
		    .s_in = {.sa_family = NNG_AF_INET, .sa_port = 0, .sa_addr = src}};
		if ((rv = nng_dialer_set_addr(sd->dialer, NNG_OPT_LOCADDR, &sa)) != 0)
			return svk_watch_err(rv);
	}
	if (svk_tls_url(url)) {
		/* The dialer holds the configuration; closing the socket
		 * closes the dialer. */
		if ((err = svk_link_tls_dialer_config(p->ls->tls, p->key,
			 p->bootstrap, p->cert, &cfg)) != 0)
			return err;
		rv = nng_dialer_set_ptr(sd->dialer, NNG_OPT_TLS_CONFIG, cfg);
		nng_tls_config_free(cfg);
		if (rv != 0)
			return svk_watch_err(rv);
	}
	/* Non-blocking: a partner that is down now is dialled again later. */
	return svk_watch_err(nng_dialer_start(sd->dialer, NNG_FLAG_NONBLOCK));
}

/* Sets side req of p up on sock and dials url. */
static int
side_open(svk_link *p, bool req, nng_socket sock, const char *url)
{
	struct side *sd = &p->sides[req];
	const svk_config *cfg = p->ls->cfg;
	int rv;

	sd->link = p;
	sd->req = req;
	/* Only the subscription hears from the partner unasked. */
	svk_links_alive_init(&sd->alive, svk_config_link_deadline_ms(cfg), !req,
	    (int64_t)uv_now(p->ls->loop));
	if ((rv = nng_pipe_notify(sock, NNG_PIPE_EV_ADD_POST, on_pipe, sd)) != 0 ||
	    (rv = nng_pipe_notify(sock, NNG_PIPE_EV_REM_POST, on_pipe, sd)) != 0)
		return svk_watch_err(rv);
	(void)nng_socket_set_ms(sock, NNG_OPT_RECONNMINT, 100);
	(void)nng_socket_set_ms(sock, NNG_OPT_RECONNMAXT, 5000);
	return dial(p, sd, sock, url);
}

/* Makes a link and dials its endpoints; cert (NUL-terminated PEM, or NULL)
 * is the one its tls+tcp endpoints must present. NULL on failure. */
static svk_link *
link_open(svk_links *ls, const uint8_t *key, bool bootstrap, const char *name,
    const char *pub, const char *catchup, const char *cert)
{
	svk_link *p = calloc(1, sizeof(*p));
	int err;

	if (p == NULL)
		return NULL;
	p->ls = ls;
	p->bootstrap = bootstrap;
	memcpy(p->key, key, SVK_KEY_LEN);
	snprintf(p->name, sizeof(p->name), "%s", name);
	snprintf(p->pub, sizeof(p->pub), "%s", pub);
	snprintf(p->catchup, sizeof(p->catchup), "%s", catchup);
	p->label = p->name[0] ? p->name : p->catchup;
	if (cert != NULL && (p->cert = strdup(cert)) == NULL) {
		free(p);
		return NULL;
	}
	p->next = ls->head;
	ls->head = p;
	if (!bootstrap) {
		p->has_gossip = true;
		if ((err = svk_gossip_open(&p->gossip, ls->loop, ls->ing, ls->cfg,
			 p->label, &gossip_ops, p)) != 0 ||
		    (err = side_open(p, false, svk_gossip_socket(&p->gossip), pub)) != 0)
			goto fail;
	}
	p->has_cu = true;
	if ((err = svk_catchup_link_open(&p->cu, ls->cu, p->label, &catchup_ops, p)) != 0 ||
	    (err = side_open(p, true, svk_catchup_link_socket(&p->cu), catchup)) != 0)
		goto fail;
	svk_say_info("linking to %s (%s, %s)", p->label, bootstrap ? "-" : pub,
	    catchup);
	return p;
fail:
	svk_say_error("cannot link to %s at %s / %s: %s", p->label, pub, catchup,
	    err == SVK_ENOTFOUND ? "no TLS certificate for it in the roster, "
				   "or none of this node's" :
				   svk_error_str(err));
	link_close(p);
	return NULL;
}

/* The version of the roster in force (0 before the first). */
static uint64_t
roster_version(svk_links *ls)
{
	char *s = NULL;
	uint64_t v = 0;

	if (svk_store_meta_get(ls->home->store, "roster_version", &s) == 0)
		v = strtoull(s, NULL, 10);
	free(s);
	return v;
}

bool
svk_links_roster_moved(svk_links *ls)
{
	return roster_version(ls) != ls->roster_version;
}

/* Opens the link a step asks for (member NULL: the bootstrap link). */
static void
open_for(svk_links *ls, const svk_member *m, const char *boot)
{
	uint8_t none[SVK_KEY_LEN] = {0};
	char *cert = NULL;

	if (m == NULL) {
		(void)link_open(ls, none, true, "", "", boot, NULL);
		return;
	}
	/* The certificate its tls+tcp endpoints must show, NUL-terminated for
	 * mbedtls. */
	if (m->tls_cert_len > 0 &&
	    (cert = strndup((const char *)m->tls_cert, m->tls_cert_len)) == NULL)
		return;
	(void)link_open(ls, m->key, false, m->name, m->pub, m->catchup, cert);
	free(cert);
}

/* Whether the member with key is online for the plan: a socket of this
 * node's link to it is up, or its heartbeat is current and the link (if
 * any) has not been down for the deadline. */
static bool
member_online(svk_links *ls, const uint8_t *key)
{
	svk_link *p = link_find(ls, key, false);
	int64_t mono = (int64_t)uv_now(ls->loop);

	if (p != NULL && (p->sides[0].alive.up || p->sides[1].alive.up))
		return true;
	if (p != NULL && svk_links_alive_offline(&p->sides[0].alive, mono) &&
	    svk_links_alive_offline(&p->sides[1].alive, mono))
		return false;
	return svk_intake_heard(ls->ing, key, ls->cfg->heartbeat_missed,
	    svk_clock_now_ms());
}

/* Carries out the plan made from links[0..n) and the members. */
static int
apply(svk_links *ls, svk_link **links, size_t n, const svk_partners *ms,
    bool failed, const char *boot)
{
	svk_plan_link *have = calloc(n + 1, sizeof(*have));
	svk_plan_step *steps = NULL;
	size_t n_steps = 0;
	int err;

	if (have == NULL)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++)
		have[i] = (svk_plan_link){links[i]->key, links[i]->bootstrap,
		    links[i]->pub, links[i]->catchup, links[i]->cert};
	bool *online = calloc(ms->n + 1, sizeof(*online));
	if (online == NULL) {
		free(have);
		return -ENOMEM;
	}
	for (size_t i = 0; i < ms->n; i++)
		online[i] = member_online(ls, ms->m[i].key);
	svk_plan_input in = {have, n, ms->m, ms->n, failed,
	    svk_crypto_identity_public(ls->home->id), ls->cfg->peers, boot,
	    ls->cfg->links_k, online};
	err = svk_plan_make(&in, &steps, &n_steps);
	free(have);
	free(online);
	if (err != 0)
		return err;
	for (size_t i = 0; i < n_steps; i++) {
		switch (steps[i].verb) {
		case SVK_PLAN_KEEP: break;
		case SVK_PLAN_REPLACE:
			link_close(links[steps[i].link]); /* before its new one */
			open_for(ls, steps[i].member, boot);
			break;
		case SVK_PLAN_OPEN: open_for(ls, steps[i].member, boot); break;
		case SVK_PLAN_CLOSE:
			/* A joining node's first link is dropped once the roster
			 * is in, but not while its round is still bringing pages:
			 * closing a REQ socket with a large reply on its way can
			 * wedge nng 1.5.2 (seen: the loop stopped for good). The
			 * tick closes it when the round is over. */
			if (svk_catchup_link_busy(&links[steps[i].link]->cu)) {
				/* A partner no longer chosen goes at a later
				 * look (svk_links_tick). */
				ls->boot_closing |= links[steps[i].link]->bootstrap;
				break;
			}
			link_close(links[steps[i].link]);
			break;
		}
	}
	free(steps);
	return 0;
}

void
svk_links_reconcile(svk_links *ls)
{
	svk_partners ms = {0};
	svk_link **links = NULL;
	char *boot = NULL;
	size_t n = 0;
	bool failed;
	int err;

	if (ls->stopping)
		return;
	ls->roster_version = roster_version(ls);
	/* What could be read is followed; the links to the rest are kept. */
	if ((failed = (err = svk_view_members(ls->home->store, svk_partners_add,
			   &ms)) != 0))
		svk_say_warn("cannot read the roster: %s", svk_error_str(err));
	if (ms.n == 0 &&
	    svk_store_meta_get(ls->home->store, "bootstrap_peer", &boot) != 0)
		boot = NULL;
	for (svk_link *p = ls->head; p; p = p->next)
		n++;
	if ((links = calloc(n + 1, sizeof(*links))) != NULL) {
		n = 0;
		for (svk_link *p = ls->head; p; p = p->next)
			links[n++] = p;
		err = apply(ls, links, n, &ms, failed, boot);
	} else {
		err = -ENOMEM;
	}
	if (err != 0)
		svk_say_warn("cannot follow the roster: %s", svk_error_str(err));
	free(links);
	free(boot);
	svk_partners_free(&ms);
	ls->dirty = true;
	svk_link_tls_roster(ls->tls);
}

/* Since when (the wall clock's ms) a socket of p has been down, the one
 * down longest; 0 when all are up, and when the daemon stops (nobody
 * dials it then: status must not say so). */
static int64_t
down_since(const svk_link *p)
{
	int64_t mono = (int64_t)uv_now(p->ls->loop), first = mono;
	bool down = false;

	if (p->ls->stopping)
		return 0;
	for (int i = p->has_gossip ? 0 : 1; i < 2; i++) {
		const svk_links_alive *a = &p->sides[i].alive;
		if (!a->up && a->down_ms <= first) {
			first = a->down_ms;
			down = true;
		}
	}
	return down ? svk_clock_now_ms() - (mono - first) : 0;
}

/* The peers table, for `samverk peers`: written when something changed. */
static void
write_peers(svk_links *ls)
{
	svk_peer_row *rows = NULL;
	size_t n = 0;
	int err;

	ls->dirty = false;
	for (svk_link *p = ls->head; p; p = p->next)
		n++;
	if (n > 0 && (rows = calloc(n, sizeof(*rows))) == NULL) {
		err = -ENOMEM;
		goto fail;
	}
	n = 0;
	for (svk_link *p = ls->head; p; p = p->next, n++) {
		memcpy(rows[n].key, p->key, SVK_KEY_LEN);
		rows[n].pub = p->pub;
		rows[n].catchup = p->catchup;
		rows[n].sub_up = p->has_gossip && svk_gossip_is_up(&p->gossip);
		rows[n].req_up = svk_catchup_link_is_up(&p->cu);
		rows[n].last_seen_ms = p->last_seen_ms;
		rows[n].down_since_ms = down_since(p);
		svk_catchup_link_stats(&p->cu, &rows[n].rounds, &rows[n].received,
		    &rows[n].last_catchup_ms);
	}
	err = svk_peers_replace(ls->home->store, rows, n);
	free(rows);
	if (err == 0)
		return;
fail:
	svk_say_debug("cannot write the peers table: %s", svk_error_str(err));
}

void
svk_links_catchup(svk_links *ls)
{
	for (svk_link *p = ls->head; p; p = p->next)
		link_round(p);
}

/* Dials side sd of p anew: nng 1.5.2 gives a dialer up for good when a
 * connection closes in its TLS handshake, and a connect into a silent cut
 * waits on TCP's backoff; a new dialer starts afresh. */
static void
side_redial(svk_link *p, struct side *sd)
{
	nng_socket sock = sd->req ? svk_catchup_link_socket(&p->cu) :
				    svk_gossip_socket(&p->gossip);
	const char *url = sd->req ? p->catchup : p->pub;
	int err;

	svk_say_limited(&p->ls->down_said, SVK_WARN,
	    "no link %s %s for %lld s (%s): dialling anew",
	    sd->req ? "to" : "from", p->label,
	    (long long)(sd->alive.deadline_ms / 1000), svk_partners_files());
	if (sd->dialled)
		(void)nng_dialer_close(sd->dialer);
	sd->dialled = false;
	if ((err = dial(p, sd, sock, url)) != 0)
		svk_say_warn("cannot dial %s at %s again: %s", p->label, url,
		    svk_error_str(err));
}

/* The subscription of p heard nothing for the deadline: the partner's
 * heartbeats do not come through, so both of p's connections are taken
 * for dead, closed, and shown down; nng dials them again. */
static void
link_dead(svk_link *p)
{
	svk_say_info("link from %s: nothing heard for %lld s: closing it and "
		     "dialling again",
	    p->label, (long long)(p->sides[0].alive.deadline_ms / 1000));
	for (int i = 0; i < 2; i++) {
		struct side *sd = &p->sides[i];
		if (i == 0 ? !p->has_gossip : !p->has_cu)
			continue;
		if (nng_pipe_id(sd->pipe) > 0)
			(void)nng_pipe_close(sd->pipe);
		sd->pipe = (nng_pipe)NNG_PIPE_INITIALIZER;
		side_set_up(p, sd, false);
	}
}

/* Acts on the liveness verdicts of p's sockets. */
static void
link_check(svk_link *p, int64_t now)
{
	for (int i = 0; i < 2; i++) {
		struct side *sd = &p->sides[i];
		if (i == 0 ? !p->has_gossip : !p->has_cu)
			continue;
		switch (svk_links_alive_check(&sd->alive, now)) {
		case SVK_LINKS_ALIVE_OK: break;
		case SVK_LINKS_ALIVE_REDIAL: side_redial(p, sd); break;
		case SVK_LINKS_ALIVE_DEAD: link_dead(p); return;
		}
	}
}

void
svk_links_tick(svk_links *ls, int64_t now)
{
	int64_t mono = (int64_t)uv_now(ls->loop);

	for (svk_link *p = ls->head; p; p = p->next) {
		svk_catchup_link_tick(&p->cu, now);
		if (!ls->stopping)
			link_check(p, mono);
	}
	/* Bounded links follow who is online: a look each heartbeat. */
	if (!ls->stopping && ls->cfg->links_k != 0 && ls->cfg->peers[0] == '\0' &&
	    now - ls->looked_ms >= ls->cfg->heartbeat_interval_s * 1000LL) {
		ls->looked_ms = now;
		svk_links_reconcile(ls);
	}
	if (ls->boot_closing && !ls->stopping) {
		svk_link *boot = link_find(ls, NULL, true);
		if (boot == NULL || !svk_catchup_link_busy(&boot->cu)) {
			ls->boot_closing = false;
			svk_links_reconcile(ls);
		}
	}
	/* The rounds that waited for the bootstrap round, once it is over
	 * or stalls. */
	if (!ls->stopping && !boot_flowing(ls))
		for (svk_link *p = ls->head; p; p = p->next)
			if (p->round_waits)
				link_round(p);
	if (ls->dirty)
		write_peers(ls);
}

int
svk_links_init(svk_links *ls, uv_loop_t *loop, svk_home *home,
    const svk_config *cfg, svk_link_tls *tls, svk_intake *ing, svk_catchup *cu)
{
	int err;

	memset(ls, 0, sizeof(*ls));
	ls->loop = loop;
	ls->home = home;
	ls->cfg = cfg;
	ls->tls = tls;
	ls->ing = ing;
	ls->cu = cu;
	if ((err = pthread_mutex_init(&ls->lock, NULL)) != 0)
		return -err;
	ls->locking = true;
	if ((err = uv_async_init(loop, &ls->wake, on_wake)) != 0)
		return err;
	ls->waking = true;
	ls->wake.data = ls;
	return 0;
}

void
svk_links_close(svk_links *ls)
{
	if (ls->stopping)
		return;
	ls->stopping = true;
	if (ls->waking)
		uv_close((uv_handle_t *)&ls->wake, NULL);
	/* Keep what was known of each link for `samverk peers`, marked down. */
	for (svk_link *p = ls->head; p; p = p->next) {
		if (p->has_gossip)
			(void)svk_gossip_set_up(&p->gossip, false);
		(void)svk_catchup_link_set_up(&p->cu, false);
	}
	if (ls->home != NULL)
		write_peers(ls);
	while (ls->head)
		link_close(ls->head);
}

void
svk_links_fini(svk_links *ls)
{
	free(ls->events);
	ls->events = NULL;
	if (ls->locking)
		(void)pthread_mutex_destroy(&ls->lock);
	ls->locking = false;
}
