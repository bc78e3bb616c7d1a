/* plan.c: the links a roster calls for, and which partners bounded links
 * choose. See plan.h. */
#include "plan.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool
svk_plan_wanted(const char *peers, const uint8_t *key)
{
	char *list, *tok, *save = NULL;
	uint8_t k[SVK_KEY_LEN];
	bool found = false;

	if (peers[0] == '\0')
		return true;
	if ((list = strdup(peers)) == NULL)
		return true;
	for (tok = strtok_r(list, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save))
		if (svk_crypto_fingerprint_parse(tok, k) == 0 &&
		    memcmp(k, key, SVK_KEY_LEN) == 0)
			found = true;
	free(list);
	return found;
}

/* The IPv4 address (network order) url's host names, if it is one:
 * tcp:// or tls+tcp://, host:port. */
static bool
ipv4_host(const char *url, struct in_addr *a)
{
	char host[64];
	const char *rest, *colon;

	if (strncmp(url, "tcp://", 6) == 0)
		rest = url + 6;
	else if (strncmp(url, "tls+tcp://", 10) == 0)
		rest = url + 10;
	else
		return false;
	if ((colon = strrchr(rest, ':')) == NULL ||
	    (size_t)(colon - rest) >= sizeof(host))
		return false;
	snprintf(host, sizeof(host), "%.*s", (int)(colon - rest), rest);
	return inet_pton(AF_INET, host, a) == 1;
}

static bool
loopback(struct in_addr a)
{
	return (ntohl(a.s_addr) >> 24) == 127;
}

bool
svk_plan_source(const char *own, const char *url, uint32_t *addr)
{
	struct in_addr src, dst;

	if (!ipv4_host(own, &src) || src.s_addr == htonl(INADDR_ANY) ||
	    !ipv4_host(url, &dst) || loopback(src) != loopback(dst))
		return false;
	*addr = src.s_addr;
	return true;
}

/* Whether link l already is what member m asks for: the same endpoints
 * and the same certificate (its text up to a NUL, as mbedtls reads it). */
static bool
same(const svk_plan_link *l, const svk_member *m)
{
	size_t len = m->tls_cert_len ?
			 strnlen((const char *)m->tls_cert, m->tls_cert_len) :
			 0;

	if (strcmp(l->pub, m->pub) != 0 || strcmp(l->catchup, m->catchup) != 0)
		return false;
	if (m->tls_cert_len == 0)
		return l->cert == NULL;
	return l->cert != NULL && strlen(l->cert) == len &&
	       memcmp(l->cert, m->tls_cert, len) == 0;
}

/* The current link to key (bootstrap: the bootstrap link), or n_links. */
static size_t
find(const svk_plan_input *in, const uint8_t *key, bool bootstrap)
{
	for (size_t i = 0; i < in->n_links; i++)
		if (in->links[i].bootstrap == bootstrap &&
		    (bootstrap || memcmp(in->links[i].key, key, SVK_KEY_LEN) == 0))
			return i;
	return in->n_links;
}

/* Whether an earlier member of the roster has m's key. */
static bool
repeated(const svk_member *members, const svk_member *m)
{
	for (const svk_member *o = members; o < m; o++)
		if (memcmp(o->key, m->key, SVK_KEY_LEN) == 0)
			return true;
	return false;
}

/* A member that takes part in the choice: active, listed once. */
struct cand {
	const uint8_t *key;
	uint64_t h; /* key_hash(key) */
	bool online;
	size_t member; /* its index in the roster */
};

/* The first 8 bytes of a hash of key: each member's once. */
static uint64_t
key_hash(const uint8_t *key)
{
	uint8_t h[SVK_HASH_LEN];
	uint64_t v = 0;

	svk_crypto_hash(key, SVK_KEY_LEN, h);
	for (int i = 0; i < 8; i++)
		v = v << 8 | h[i];
	return v;
}

/* Where other comes in chooser's ranking (lower first): their hashes
 * mixed, in that order (splitmix64's finaliser), so that each node ranks
 * the others in an order of its own. */
static uint64_t
score(uint64_t chooser, uint64_t other)
{
	uint64_t z = chooser ^ (other * 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Whether cs[c] chooses cs[t]: t is among the first k of c's ranking, or
 * online with fewer than k online ranked before it. */
static bool
chooses(const struct cand *cs, size_t n, size_t c, size_t t, unsigned k)
{
	uint64_t st = score(cs[c].h, cs[t].h);
	size_t before = 0, online_before = 0;

	for (size_t i = 0; i < n; i++) {
		if (i == c || i == t)
			continue;
		uint64_t si = score(cs[c].h, cs[i].h);
		if (si < st ||
		    (si == st && memcmp(cs[i].key, cs[t].key, SVK_KEY_LEN) < 0)) {
			before++;
			online_before += cs[i].online;
			/* Most do not choose t: known once k are before it
			 * and k of them online. */
			if (before >= k && (online_before >= k || !cs[t].online))
				return false;
		}
	}
	return before < k || (cs[t].online && online_before < k);
}

/* Orders candidates as a chooser ranks them (struct rank: its score). */
struct rank {
	uint64_t score;
	const struct cand *c;
};

static int
by_rank(const void *a, const void *b)
{
	const struct rank *x = a, *y = b;

	if (x->score != y->score)
		return x->score < y->score ? -1 : 1;
	return memcmp(x->c->key, y->c->key, SVK_KEY_LEN);
}

/* Marks in chosen[] (by candidate) those cs[c] chooses: the first k of its
 * ranking and, past them, the online ones until k online come before; the
 * same choice as chooses() makes one by one, in one sort. rk has room for
 * n. */
static void
choose_all(const struct cand *cs, size_t n, size_t c, unsigned k, struct rank *rk,
    bool *chosen)
{
	size_t m = 0, online_before = 0;

	for (size_t i = 0; i < n; i++) {
		chosen[i] = false;
		if (i != c)
			rk[m++] = (struct rank){score(cs[c].h, cs[i].h), &cs[i]};
	}
	qsort(rk, m, sizeof(*rk), by_rank);
	for (size_t p = 0; p < m && (p < k || online_before < k); p++) {
		if (p < k || rk[p].c->online)
			chosen[rk[p].c - cs] = true;
		online_before += rk[p].c->online;
	}
}

/* The candidates of members (active, listed once), into cs (room for n
 * + 1), and which of them has key self (SIZE_MAX: none). */
static size_t
candidates(const svk_member *members, size_t n_members, const bool *online,
    const uint8_t *self, struct cand *cs, size_t *me)
{
	size_t n = 0;

	*me = SIZE_MAX;
	for (size_t i = 0; i < n_members; i++) {
		const svk_member *m = &members[i];
		bool is_me;
		if (m->status != SAMVERK__MEMBER_STATUS__MEMBER_ACTIVE ||
		    repeated(members, m))
			continue;
		is_me = self != NULL && memcmp(m->key, self, SVK_KEY_LEN) == 0;
		if (is_me)
			*me = n;
		cs[n++] = (struct cand){
		    m->key, key_hash(m->key), is_me || (online && online[i]), i};
	}
	return n;
}

int
svk_plan_partners(const svk_plan_input *in, bool *wanted)
{
	struct cand *cs = calloc(in->n_members + 1, sizeof(*cs));
	struct rank *rk = calloc(in->n_members + 1, sizeof(*rk));
	bool *mine = calloc(in->n_members + 1, sizeof(*mine));
	size_t n, self;

	if (cs == NULL || rk == NULL || mine == NULL) {
		free(cs);
		free(rk);
		free(mine);
		return -ENOMEM;
	}
	for (size_t i = 0; i < in->n_members; i++)
		wanted[i] = false;
	n = candidates(in->members, in->n_members, in->online, in->self, cs, &self);
	/* Not in the roster (yet): it chooses as a member would; nobody
	 * chooses it, not knowing it. */
	if (self == SIZE_MAX) {
		self = n;
		cs[n++] = (struct cand){in->self, key_hash(in->self), true, SIZE_MAX};
	}
	choose_all(cs, n, self, in->k, rk, mine);
	for (size_t t = 0; t < n; t++) {
		if (t == self)
			continue;
		wanted[cs[t].member] =
		    in->k == 0 || in->k + 1 >= n || mine[t] ||
		    (cs[self].member != SIZE_MAX && chooses(cs, n, t, self, in->k));
	}
	free(cs);
	free(rk);
	free(mine);
	return 0;
}

/* A roster's candidates, hashed once, for many choices. */
struct svk_plan_roster {
	struct cand *cs;
	struct rank *rk;
	bool *mine;
	size_t n, n_members;
	unsigned k;
};

int
svk_plan_roster_alloc(svk_plan_roster **out, const svk_member *members, size_t n,
    unsigned k)
{
	svk_plan_roster *r = calloc(1, sizeof(*r));
	size_t me;

	if (r == NULL || (r->cs = calloc(n + 1, sizeof(*r->cs))) == NULL ||
	    (r->rk = calloc(n + 1, sizeof(*r->rk))) == NULL ||
	    (r->mine = calloc(n + 1, sizeof(*r->mine))) == NULL) {
		svk_plan_roster_free(r);
		return -ENOMEM;
	}
	r->n = candidates(members, n, NULL, NULL, r->cs, &me);
	r->n_members = n;
	r->k = k;
	*out = r;
	return 0;
}

void
svk_plan_roster_free(svk_plan_roster *r)
{
	if (r == NULL)
		return;
	free(r->cs);
	free(r->rk);
	free(r->mine);
	free(r);
}

void
svk_plan_roster_choice(svk_plan_roster *r, size_t member, const bool *online,
    bool *chosen)
{
	size_t c = r->n;

	for (size_t i = 0; i < r->n; i++) {
		r->cs[i].online = online == NULL || online[r->cs[i].member];
		if (r->cs[i].member == member)
			c = i;
	}
	for (size_t i = 0; i < r->n_members; i++)
		chosen[i] = false;
	if (c == r->n)
		return;
	choose_all(r->cs, r->n, c, r->k, r->rk, r->mine);
	for (size_t t = 0; t < r->n; t++)
		chosen[r->cs[t].member] =
		    t != c && (r->k == 0 || r->k + 1 >= r->n || r->mine[t]);
}

int
svk_plan_make(const svk_plan_input *in, svk_plan_step **steps, size_t *n)
{
	size_t cap = in->n_members + in->n_links + 1, k = 0;
	svk_plan_step *s = calloc(cap, sizeof(*s));
	bool *kept = calloc(in->n_links + 1, sizeof(*kept));
	bool *chosen = calloc(in->n_members + 1, sizeof(*chosen));
	int err = -ENOMEM;

	if (s == NULL || kept == NULL || chosen == NULL)
		goto fail;
	/* Pinned by hand, the peers named are the partners, chosen or not. */
	if (in->peers[0] == '\0' && (err = svk_plan_partners(in, chosen)) != 0)
		goto fail;
	for (size_t i = 0; i < in->n_members; i++) {
		const svk_member *m = &in->members[i];
		if (memcmp(m->key, in->self, SVK_KEY_LEN) == 0 ||
		    m->status != SAMVERK__MEMBER_STATUS__MEMBER_ACTIVE ||
		    repeated(in->members, m) ||
		    !(in->peers[0] ? svk_plan_wanted(in->peers, m->key) : chosen[i]))
			continue;
		size_t l = find(in, m->key, false);
		if (l < in->n_links && same(&in->links[l], m)) {
			s[k++] = (svk_plan_step){SVK_PLAN_KEEP, l, m};
			kept[l] = true;
		} else if (l < in->n_links) {
			s[k++] = (svk_plan_step){SVK_PLAN_REPLACE, l, m};
			kept[l] = true; /* closed by the replace itself */
		} else {
			s[k++] = (svk_plan_step){SVK_PLAN_OPEN, 0, m};
		}
	}
	if (in->n_members == 0 && in->bootstrap != NULL) {
		size_t l = find(in, NULL, true);
		if (l < in->n_links) {
			s[k++] = (svk_plan_step){SVK_PLAN_KEEP, l, NULL};
			kept[l] = true;
		} else {
			s[k++] = (svk_plan_step){SVK_PLAN_OPEN, 0, NULL};
		}
	}
	for (size_t l = 0; l < in->n_links; l++)
		if (!kept[l] && !in->roster_failed)
			s[k++] = (svk_plan_step){SVK_PLAN_CLOSE, l, NULL};
	free(kept);
	free(chosen);
	*steps = s;
	*n = k;
	return 0;
fail:
	free(s);
	free(kept);
	free(chosen);
	return err;
}
