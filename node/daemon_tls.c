/*
 * daemon_tls.c: the daemon's tls+tcp:// links. The roster is the only trust
 * anchor (see tls.h):
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
 */
#include <nng/nng.h>
#include <nng/supplemental/tls/tls.h>
#include <stdlib.h>
#include <string.h>

#include "daemon-int.h"
#include "say.h"
#include "tls.h"
#include "view.h"

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
member_certs(svk_daemon *d, char **out)
{
	struct pems p = {0};
	int err = svk_view_members(d->home->store, add_member_cert, &p);

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
config_alloc(svk_daemon *d, nng_tls_mode mode, nng_tls_config **out)
{
	nng_tls_config *cfg;
	int rv;

	if (d->tls_crt == NULL)
		return SVK_ENOTFOUND;
	if ((rv = nng_tls_config_alloc(&cfg, mode)) != 0)
		return svk__nng_err(rv);
	if ((rv = nng_tls_config_own_cert(cfg, d->tls_crt, d->tls_key, NULL)) != 0 ||
	    (rv = nng_tls_config_version(cfg, NNG_TLS_1_2, NNG_TLS_1_2)) != 0) {
		nng_tls_config_free(cfg);
		return svk__nng_err(rv);
	}
	*out = cfg;
	return 0;
}

/* The listeners' configuration: a client certificate is required, and it
 * must be one of the active members'. */
static int
server_config(svk_daemon *d, nng_tls_config **out)
{
	nng_tls_config *cfg;
	int err, rv = 0;

	if ((err = config_alloc(d, NNG_TLS_MODE_SERVER, &cfg)) != 0)
		return err;
	/* No members, no trust list: mbedtls then refuses every client. */
	if (d->tls_members[0] != '\0')
		rv = nng_tls_config_ca_chain(cfg, d->tls_members, NULL);
	if (rv == 0)
		rv = nng_tls_config_auth_mode(cfg, NNG_TLS_AUTH_MODE_REQUIRED);
	if (rv != 0) {
		nng_tls_config_free(cfg);
		return svk__nng_err(rv);
	}
	*out = cfg;
	return 0;
}

int
svk__tls_dialer_config(svk_daemon *d, const svk_peer *p, nng_tls_config **out)
{
	char fpr[SVK_FPR_LEN], *ca;
	nng_tls_config *cfg;
	int err, rv;

	if ((err = config_alloc(d, NNG_TLS_MODE_CLIENT, &cfg)) != 0)
		return err;
	if (p->bootstrap) {
		/* No roster yet to check the server with: see the top. */
		rv = nng_tls_config_auth_mode(cfg, NNG_TLS_AUTH_MODE_NONE);
		goto out;
	}
	if (p->cert == NULL || svk_tls_cert_check((const uint8_t *)p->cert,
				   strlen(p->cert), p->key) != 0) {
		nng_tls_config_free(cfg);
		return SVK_ENOTFOUND; /* the roster has no certificate for it */
	}
	/* mbedtls wants the PEM NUL-terminated, and p->cert is. */
	ca = p->cert;
	svk_crypto_fingerprint(p->key, fpr);
	if ((rv = nng_tls_config_ca_chain(cfg, ca, NULL)) == 0 &&
	    (rv = nng_tls_config_server_name(cfg, fpr)) == 0)
		rv = nng_tls_config_auth_mode(cfg, NNG_TLS_AUTH_MODE_REQUIRED);
out:
	if (rv != 0) {
		nng_tls_config_free(cfg);
		return svk__nng_err(rv);
	}
	*out = cfg;
	return 0;
}

/* Creates and starts a listener for w on url, with TLS when url says so. */
static int
listen_one(svk_daemon *d, svk_watch *w, nng_listener *l, const char *url)
{
	nng_tls_config *cfg = NULL;
	int err, rv;

	if ((rv = nng_listener_create(l, w->sock, url)) != 0)
		return svk__nng_err(rv);
	if (svk_tls_url(url)) {
		if ((err = server_config(d, &cfg)) != 0)
			goto fail;
		rv = nng_listener_set_ptr(*l, NNG_OPT_TLS_CONFIG, cfg);
		nng_tls_config_free(cfg); /* the listener holds it now */
		if (rv != 0) {
			err = svk__nng_err(rv);
			goto fail;
		}
	}
	if ((rv = nng_listener_start(*l, 0)) != 0) {
		err = svk__nng_err(rv);
		goto fail;
	}
	return 0;
fail:
	(void)nng_listener_close(*l);
	*l = (nng_listener)NNG_LISTENER_INITIALIZER;
	return err;
}

int
svk__tls_listen(svk_daemon *d, svk_watch *w, nng_listener *l, const char *url)
{
	return listen_one(d, w, l, url);
}

int
svk__tls_start(svk_daemon *d)
{
	const uint8_t *pk = svk_crypto_identity_public(d->home->id);
	bool needed = svk_tls_url(d->cfg.pub) || svk_tls_url(d->cfg.sync);
	int err;

	if ((err = member_certs(d, &d->tls_members)) != 0)
		return err;
	/* Made here for nodes created before TLS; partners' tls+tcp
	 * endpoints need it even when ours are plain. */
	if ((err = svk_tls_ensure(d->home->dir, pk)) != 0 ||
	    (err = svk_tls_load(d->home->dir, &d->tls_key, &d->tls_crt)) != 0) {
		if (needed) {
			svk_say_error("cannot read this node's TLS key and "
				      "certificate in %s: %s",
			    d->home->dir, svk_error_str(err));
			return err;
		}
		svk_say_warn("no TLS key and certificate (%s): links to "
			     "tls+tcp:// partners will fail",
		    svk_error_str(err));
	}
	if (svk_tls_url(d->cfg.pub) &&
	    svk_tls_cert_check((const uint8_t *)d->tls_crt, strlen(d->tls_crt),
		pk) != 0) {
		svk_say_error("%s/%s does not name this node", d->home->dir,
		    SVK_TLS_CRT);
		return SVK_EBADKEY;
	}
	return 0;
}

void
svk__tls_stop(svk_daemon *d)
{
	svk_tls_free_key(d->tls_key);
	free(d->tls_crt);
	free(d->tls_members);
	d->tls_key = d->tls_crt = d->tls_members = NULL;
}

/* Makes the TLS listeners again with the trust list in d->tls_members;
 * one whose address is not free yet is tried again at the next tick. */
static void
relisten(svk_daemon *d)
{
	struct {
		svk_watch *w;
		nng_listener *l;
		const char *url;
		const char *what;
	} ls[] = {
	    {&d->pub, &d->pub_listener, d->cfg.pub, "partners' subscriptions"},
	    {&d->rep, &d->rep_listener, d->cfg.sync, "catch-up requests"},
	};
	int err;

	d->relisten = false;
	for (size_t i = 0; i < sizeof(ls) / sizeof(ls[0]); i++) {
		if (!svk_tls_url(ls[i].url) || !ls[i].w->open)
			continue;
		d->tls_refused[i] = 0; /* a new listener counts from 0 */
		if (nng_listener_id(*ls[i].l) > 0) {
			/* Closes the pipes it accepted too. */
			(void)nng_listener_close(*ls[i].l);
			*ls[i].l = (nng_listener)NNG_LISTENER_INITIALIZER;
		}
		if ((err = listen_one(d, ls[i].w, ls[i].l, ls[i].url)) != 0) {
			svk_say_warn("cannot listen for %s on %s again: %s; "
				     "will retry",
			    ls[i].what, ls[i].url, svk_error_str(err));
			d->relisten = true;
		}
	}
}

void
svk__tls_roster(svk_daemon *d)
{
	char *certs = NULL;
	int err;

	if ((err = member_certs(d, &certs)) != 0) {
		svk_say_warn("cannot read the members' certificates: %s",
		    svk_error_str(err));
		return;
	}
	if (d->tls_members != NULL && strcmp(certs, d->tls_members) == 0) {
		free(certs);
		if (d->relisten)
			relisten(d);
		return;
	}
	free(d->tls_members);
	d->tls_members = certs;
	if (svk_tls_url(d->cfg.pub) || svk_tls_url(d->cfg.sync)) {
		svk_say_info("new roster: TLS links accept its active members "
			     "only; partners reconnect");
		relisten(d);
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
count_refused(svk_daemon *d)
{
	nng_listener ls[] = {d->pub_listener, d->rep_listener};
	const char *urls[] = {d->cfg.pub, d->cfg.sync};
	nng_stat *all;

	if (nng_stats_get(&all) != 0)
		return;
	for (size_t i = 0; i < 2; i++) {
		if (!svk_tls_url(urls[i]))
			continue;
		uint64_t n = auth_errors(all, ls[i]);
		if (n <= d->tls_refused[i])
			continue;
		svk_say_warn("refused %llu TLS handshake(s) on %s: not an active "
			     "member's certificate",
		    (unsigned long long)(n - d->tls_refused[i]), urls[i]);
		for (uint64_t k = d->tls_refused[i]; k < n && k < d->tls_refused[i] + 100; k++)
			svk_store_count_reject(d->home->store, "tls_refused");
		d->tls_refused[i] = n;
	}
	nng_stats_free(all);
}

void
svk__tls_tick(svk_daemon *d)
{
	int64_t now = svk_log_now_ms();

	if (d->stopping)
		return;
	if (d->relisten)
		relisten(d);
	if (now - d->tls_checked_ms >= 1000 &&
	    (svk_tls_url(d->cfg.pub) || svk_tls_url(d->cfg.sync))) {
		d->tls_checked_ms = now;
		count_refused(d);
	}
}
