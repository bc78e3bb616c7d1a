/*
 * link_tls.c: the daemon's listeners and its tls+tcp:// links. The roster is
 * the only trust anchor (see tls.h):
 *
 * - Listeners (PUB, REP) require a client certificate, and trust exactly the
 *   certificates of the active members of the newest roster held. When a new
 *   roster changes that set, both listeners are closed (which closes every
 *   pipe they accepted) and made again with the new set: partners dial back
 *   within a second, and only members still active get through. nng 1.5.2
 *   cannot tell a pipe's peer certificate, so dropping the links of one
 *   member alone is not possible; a roster change is rare enough.
 * - Dialers (SUB, REQ) to a member trust only that member's certificate from
 *   the roster and require its common name to be the member's fingerprint.
 * - The bootstrap dialer (a joining node with no roster yet) cannot verify
 *   the server: it presents its own certificate, which the member it dials
 *   checks against its roster, and accepts any server. What comes over it
 *   is the roster and entries, each verified by its Ed25519 signature, so a
 *   man in the middle can withhold them but not forge them; once the roster
 *   is in, the bootstrap link is closed and verified links replace it.
 * - An expired roster keeps its links: the renewal must be able to arrive.
 * - A listener is closed only once the pipes of its socket are: nng 1.5.2
 *   closing a listener closes its pipes transport first, and a message the
 *   protocol hands such a pipe at that moment (PUB sends the next queued
 *   message from nng's own threads) is never finished; the pipe's teardown
 *   then waits for it forever in nng's one reaper thread, and every
 *   nng_close after it (the loop's, at a roster change or at SIGTERM)
 *   hangs. nng_pipe_close closes the protocol side first, which is safe, so
 *   each socket's pipes are tracked here and closed that way before its
 *   listener, and new ones are refused while that is done. That is not
 *   enough: nng 1.5.2's TLS pipe sends a message in several pieces, and a
 *   close between two of them loses the send the same way whichever side
 *   closes first. So a new roster, which this node relays on PUB the moment
 *   it takes it in, makes the listeners again only a moment later
 *   (SVK_LINK_TLS_RELISTEN_MS), once those sends are out.
 */
#include "link_tls.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "say.h"
#include "tls.h"
#include "view.h"
#include "watch.h"

struct pems {
	char *buf;
	size_t len, cap;
};

static int
add_member_cert(void *arg, const svk_member *m)
{
	struct pems *p = arg;

	if (m->status != SAMVERK__MEMBER_STATUS__MEMBER_ACTIVE ||
	    m->tls_cert_len == 0 ||
	    svk_tls_cert_check(m->tls_cert, m->tls_cert_len, m->key) != 0)
		return 0;
	if (p->len + m->tls_cert_len + 2 > p->cap) {
		size_t cap = (p->cap ? p->cap * 2 : 4096) + m->tls_cert_len + 2;
		char *buf = realloc(p->buf, cap);
		if (buf == NULL)
			return -ENOMEM;
		p->buf = buf;
		p->cap = cap;
	}
	memcpy(p->buf + p->len, m->tls_cert, m->tls_cert_len);
	p->len += m->tls_cert_len;
	p->buf[p->len++] = '\n';
	p->buf[p->len] = '\0';
	return 0;
}

/* The PEM certificates of the roster's active members, one after another
 * ("" when there are none). */
static int
member_certs(svk_link_tls *t, char **out)
{
	struct pems p = {0};
	int err = svk_view_members(t->home->store, add_member_cert, &p);

	if (err == 0 && p.buf == NULL && (p.buf = strdup("")) == NULL)
		err = -ENOMEM;
	if (err != 0) {
		free(p.buf);
		return err;
	}
	*out = p.buf;
	return 0;
}

/* A configuration presenting this node's certificate. */
static int
config_alloc(svk_link_tls *t, nng_tls_mode mode, nng_tls_config **out)
{
	nng_tls_config *cfg;
	int rv;

	if (t->crt == NULL)
		return SVK_ENOTFOUND;
	if ((rv = nng_tls_config_alloc(&cfg, mode)) != 0)
		return svk_watch_err(rv);
	if ((rv = nng_tls_config_own_cert(cfg, t->crt, t->key, NULL)) != 0 ||
	    (rv = nng_tls_config_version(cfg, NNG_TLS_1_2, NNG_TLS_1_2)) != 0) {
		nng_tls_config_free(cfg);
		return svk_watch_err(rv);
	}
	*out = cfg;
	return 0;
}

/* The listeners' configuration: a client certificate is required, and it
 * must be one of the active members'. */
static int
server_config(svk_link_tls *t, nng_tls_config **out)
{
	nng_tls_config *cfg;
	int err, rv = 0;

	if ((err = config_alloc(t, NNG_TLS_MODE_SERVER, &cfg)) != 0)
		return err;
	/* No members, no trust list: mbedtls then refuses every client. */
	if (t->members[0] != '\0')
		rv = nng_tls_config_ca_chain(cfg, t->members, NULL);
	if (rv == 0)
		rv = nng_tls_config_auth_mode(cfg, NNG_TLS_AUTH_MODE_REQUIRED);
	if (rv != 0) {
		nng_tls_config_free(cfg);
		return svk_watch_err(rv);
	}
	*out = cfg;
	return 0;
}

int
svk_link_tls_dialer_config(svk_link_tls *t, const uint8_t *key, bool bootstrap,
    const char *cert, nng_tls_config **out)
{
	char fpr[SVK_FPR_LEN];
	nng_tls_config *cfg;
	int err, rv;

	if ((err = config_alloc(t, NNG_TLS_MODE_CLIENT, &cfg)) != 0)
		return err;
	if (bootstrap) {
		/* No roster yet to check the server with: see the top. */
		rv = nng_tls_config_auth_mode(cfg, NNG_TLS_AUTH_MODE_NONE);
		goto out;
	}
	if (cert == NULL ||
	    svk_tls_cert_check((const uint8_t *)cert, strlen(cert), key) != 0) {
		nng_tls_config_free(cfg);
		return SVK_ENOTFOUND; /* the roster has no certificate for it */
	}
	/* mbedtls wants the PEM NUL-terminated, and cert is. */
	svk_crypto_fingerprint_bare(key, fpr);
	if ((rv = nng_tls_config_ca_chain(cfg, cert, NULL)) == 0 &&
	    (rv = nng_tls_config_server_name(cfg, fpr)) == 0)
		rv = nng_tls_config_auth_mode(cfg, NNG_TLS_AUTH_MODE_REQUIRED);
out:
	if (rv != 0) {
		nng_tls_config_free(cfg);
		return svk_watch_err(rv);
	}
	*out = cfg;
	return 0;
}

/* Pipe events of a listener's socket; on nng's threads. */
static void
on_pipe(nng_pipe pipe, nng_pipe_ev ev, void *arg)
{
	svk_link_tls_pipes *ps = arg;
	int id = nng_pipe_id(pipe);
	bool refuse = false;

	(void)pthread_mutex_lock(&ps->t->lock);
	if (ev == NNG_PIPE_EV_ADD_PRE && ps->draining) {
		refuse = true;
	} else if (ev == NNG_PIPE_EV_ADD_PRE) {
		if (ps->n == ps->cap) {
			size_t cap = ps->cap ? ps->cap * 2 : 16;
			int *ids = realloc(ps->ids, cap * sizeof(*ids));
			if (ids == NULL) {
				refuse = true; /* untracked, it could not be closed safely */
				goto out;
			}
			ps->ids = ids;
			ps->cap = cap;
		}
		ps->ids[ps->n++] = id;
	} else {
		for (size_t i = 0; i < ps->n; i++) {
			if (ps->ids[i] == id) {
				ps->ids[i] = ps->ids[--ps->n];
				break;
			}
		}
	}
out:
	(void)pthread_mutex_unlock(&ps->t->lock);
	/* Refused in ADD_PRE, before its protocol ever sees it. */
	if (refuse)
		(void)nng_pipe_close(pipe);
}

/* Closes every pipe of slot's socket, protocol first, refusing new ones
 * until svk_link_tls_pipes_open; a copy of the ids is taken, since each
 * close calls on_pipe. */
static void
pipes_drain(svk_link_tls *t, size_t slot)
{
	svk_link_tls_pipes *ps = &t->ls[slot].pipes;
	int *ids = NULL;
	size_t n;

	(void)pthread_mutex_lock(&t->lock);
	ps->draining = true;
	n = ps->n;
	if (n > 0 && (ids = malloc(n * sizeof(*ids))) != NULL)
		memcpy(ids, ps->ids, n * sizeof(*ids));
	(void)pthread_mutex_unlock(&t->lock);
	for (size_t i = 0; ids != NULL && i < n; i++)
		(void)nng_pipe_close((nng_pipe){.id = (uint32_t)ids[i]});
	free(ids);
}

/* Lets slot's socket take pipes again. */
static void
pipes_open(svk_link_tls *t, size_t slot)
{
	(void)pthread_mutex_lock(&t->lock);
	t->ls[slot].pipes.draining = false;
	(void)pthread_mutex_unlock(&t->lock);
}

/* Creates and starts a listener l for sock on url, with TLS when url says
 * so. */
static int
listen_one(svk_link_tls *t, nng_socket sock, nng_listener *l, const char *url)
{
	nng_tls_config *cfg = NULL;
	int err, rv;

	if ((rv = nng_listener_create(l, sock, url)) != 0)
		return svk_watch_err(rv);
	/* TCP keepalive on what it accepts (ipc:// has none). */
	rv = nng_listener_set_bool(*l, NNG_OPT_TCP_KEEPALIVE, true);
	if (rv != 0 && rv != NNG_ENOTSUP) {
		err = svk_watch_err(rv);
		goto fail;
	}
	if (svk_tls_url(url)) {
		if ((err = server_config(t, &cfg)) != 0)
			goto fail;
		rv = nng_listener_set_ptr(*l, NNG_OPT_TLS_CONFIG, cfg);
		nng_tls_config_free(cfg); /* the listener holds it now */
		if (rv != 0) {
			err = svk_watch_err(rv);
			goto fail;
		}
	}
	if ((rv = nng_listener_start(*l, 0)) != 0) {
		err = svk_watch_err(rv);
		goto fail;
	}
	return 0;
fail:
	(void)nng_listener_close(*l);
	*l = (nng_listener)NNG_LISTENER_INITIALIZER;
	return err;
}

int
svk_link_tls_listen(svk_link_tls *t, int slot, nng_socket sock, const char *url,
    const char *what)
{
	int err;

	int rv;

	t->ls[slot].sock = sock;
	t->ls[slot].set = true;
	t->ls[slot].url = url;
	t->ls[slot].what = what;
	t->ls[slot].refused = 0;
	if ((rv = nng_pipe_notify(sock, NNG_PIPE_EV_ADD_PRE, on_pipe,
		 &t->ls[slot].pipes)) != 0 ||
	    (rv = nng_pipe_notify(sock, NNG_PIPE_EV_REM_POST, on_pipe,
		 &t->ls[slot].pipes)) != 0) {
		err = svk_watch_err(rv);
		svk_say_error("cannot listen for %s on %s: %s", what, url,
		    svk_error_str(err));
		return err;
	}
	if ((err = listen_one(t, sock, &t->ls[slot].l, url)) != 0) {
		svk_say_error("cannot listen for %s on %s: %s", what, url,
		    svk_error_str(err));
		return err;
	}
	/* Our rule: between machines, links are encrypted and authenticated. */
	if (!svk_tls_url(url) && !svk_config_is_loopback(url))
		svk_say_warn("%s is reachable from other machines but not "
			     "encrypted: use tls+tcp:// between municipalities",
		    url);
	return 0;
}

void
svk_link_tls_unlisten(svk_link_tls *t)
{
	for (size_t i = 0; i < SVK_LINK_TLS_LISTENERS; i++) {
		if (t->ls[i].set && t->locking)
			pipes_drain(t, i);
		t->ls[i].set = false;
	}
	t->relisten = false;
}

/* Whether this node's own endpoints use TLS. */
static bool
tls_endpoints(const svk_link_tls *t)
{
	return svk_tls_url(t->cfg->pub) || svk_tls_url(t->cfg->catchup);
}

int
svk_link_tls_start(svk_link_tls *t, svk_home *home, const svk_config *cfg)
{
	const uint8_t *pk = svk_crypto_identity_public(home->id);
	int err;

	memset(t, 0, sizeof(*t));
	t->home = home;
	t->cfg = cfg;
	for (size_t i = 0; i < SVK_LINK_TLS_LISTENERS; i++) {
		t->ls[i].l = (nng_listener)NNG_LISTENER_INITIALIZER;
		t->ls[i].pipes.t = t;
	}
	if ((err = pthread_mutex_init(&t->lock, NULL)) != 0)
		return -err;
	t->locking = true;
	if ((err = member_certs(t, &t->members)) != 0)
		return err;
	/* Made here for nodes created before TLS; partners' tls+tcp
	 * endpoints need it even when ours are plain. */
	if ((err = svk_tls_ensure(home->dir, pk)) != 0 ||
	    (err = svk_tls_load(home->dir, &t->key, &t->crt)) != 0) {
		if (tls_endpoints(t)) {
			svk_say_error("cannot read this node's TLS key and "
				      "certificate in %s: %s",
			    home->dir, svk_error_str(err));
			return err;
		}
		svk_say_warn("no TLS key and certificate (%s): links to "
			     "tls+tcp:// partners will fail",
		    svk_error_str(err));
	}
	if (svk_tls_url(cfg->pub) &&
	    svk_tls_cert_check((const uint8_t *)t->crt, strlen(t->crt), pk) != 0) {
		svk_say_error("%s/%s does not name this node", home->dir, SVK_TLS_CRT);
		return SVK_EBADKEY;
	}
	return 0;
}

void
svk_link_tls_stop(svk_link_tls *t)
{
	svk_tls_free_key(t->key);
	free(t->crt);
	free(t->members);
	t->key = t->crt = t->members = NULL;
	for (size_t i = 0; i < SVK_LINK_TLS_LISTENERS; i++) {
		free(t->ls[i].pipes.ids);
		t->ls[i].pipes.ids = NULL;
		t->ls[i].pipes.n = t->ls[i].pipes.cap = 0;
	}
	if (t->locking)
		(void)pthread_mutex_destroy(&t->lock);
	t->locking = false;
}

/* Makes the TLS listeners again with the trust list in t->members; one
 * whose address is not free yet is tried again at the next tick. */
static void
relisten(svk_link_tls *t)
{
	int err;

	t->relisten = false;
	for (size_t i = 0; i < SVK_LINK_TLS_LISTENERS; i++) {
		if (!t->ls[i].set || !svk_tls_url(t->ls[i].url))
			continue;
		t->ls[i].refused = 0; /* a new listener counts from 0 */
		if (nng_listener_id(t->ls[i].l) > 0) {
			/* Its pipes first, safely (see the top). */
			pipes_drain(t, i);
			(void)nng_listener_close(t->ls[i].l);
			t->ls[i].l = (nng_listener)NNG_LISTENER_INITIALIZER;
			pipes_open(t, i);
		}
		if ((err = listen_one(t, t->ls[i].sock, &t->ls[i].l, t->ls[i].url)) !=
		    0) {
			svk_say_warn("cannot listen for %s on %s again: %s; "
				     "will retry",
			    t->ls[i].what, t->ls[i].url, svk_error_str(err));
			t->relisten = true;
		}
	}
}

void
svk_link_tls_roster(svk_link_tls *t)
{
	char *certs = NULL;
	int err;

	if ((err = member_certs(t, &certs)) != 0) {
		svk_say_warn("cannot read the members' certificates: %s",
		    svk_error_str(err));
		return;
	}
	if (t->members != NULL && strcmp(certs, t->members) == 0) {
		free(certs);
		return; /* a relisten still due is made by the tick */
	}
	free(t->members);
	t->members = certs;
	if (tls_endpoints(t)) {
		svk_say_info("new roster: TLS links accept its active members "
			     "only; partners reconnect");
		t->relisten = true;
		t->relisten_ms = svk_clock_now_ms() + SVK_LINK_TLS_RELISTEN_MS;
	}
}

/* The value of the child called name of the scope st, or 0. */
static uint64_t
child_value(nng_stat *st, const char *name)
{
	for (nng_stat *c = nng_stat_child(st); c != NULL; c = nng_stat_next(c))
		if (strcmp(nng_stat_name(c), name) == 0)
			return nng_stat_value(c);
	return 0;
}

/* nng counts a listener's failed handshakes as "auth" errors. The scopes
 * are walked by hand: nng_stat_find_listener of nng 1.5.2 returns the
 * first listener's for every listener. */
static uint64_t
auth_errors(nng_stat *all, nng_listener l)
{
	int id = nng_listener_id(l);

	if (id <= 0)
		return 0;
	for (nng_stat *st = nng_stat_child(all); st != NULL; st = nng_stat_next(st))
		if (nng_stat_type(st) == NNG_STAT_SCOPE &&
		    strcmp(nng_stat_name(st), "listener") == 0 &&
		    child_value(st, "id") == (uint64_t)id)
			return child_value(st, "auth");
	return 0;
}

static void
count_refused(svk_link_tls *t)
{
	nng_stat *all;

	if (nng_stats_get(&all) != 0)
		return;
	for (size_t i = 0; i < SVK_LINK_TLS_LISTENERS; i++) {
		if (!t->ls[i].set || !svk_tls_url(t->ls[i].url))
			continue;
		uint64_t n = auth_errors(all, t->ls[i].l), had = t->ls[i].refused;
		if (n <= had)
			continue;
		svk_say_warn("refused %llu TLS handshake(s) on %s: not an active "
			     "member's certificate",
		    (unsigned long long)(n - had), t->ls[i].url);
		for (uint64_t k = had; k < n && k < had + 100; k++)
			svk_store_count_reject(t->home->store, "tls_refused");
		t->ls[i].refused = n;
	}
	nng_stats_free(all);
}

void
svk_link_tls_tick(svk_link_tls *t, int64_t now)
{
	if (t->relisten && now >= t->relisten_ms)
		relisten(t);
	if (now - t->checked_ms >= 1000 && tls_endpoints(t)) {
		t->checked_ms = now;
		count_refused(t);
	}
}
