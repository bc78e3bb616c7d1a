/* plan.c: the links a roster calls for. See plan.h. */
#include "plan.h"

#include <arpa/inet.h>
#include <errno.h>
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
repeated(const svk_plan_input *in, const svk_member *m)
{
	for (const svk_member *o = in->members; o < m; o++)
		if (memcmp(o->key, m->key, SVK_KEY_LEN) == 0)
			return true;
	return false;
}

int
svk_plan_make(const svk_plan_input *in, svk_plan_step **steps, size_t *n)
{
	size_t cap = in->n_members + in->n_links + 1, k = 0;
	svk_plan_step *s = calloc(cap, sizeof(*s));
	bool *kept = calloc(in->n_links + 1, sizeof(*kept));

	if (s == NULL || kept == NULL) {
		free(s);
		free(kept);
		return -ENOMEM;
	}
	for (size_t i = 0; i < in->n_members; i++) {
		const svk_member *m = &in->members[i];
		if (memcmp(m->key, in->self, SVK_KEY_LEN) == 0 ||
		    m->status != SAMVERK__MEMBER_STATUS__MEMBER_ACTIVE ||
		    !svk_plan_wanted(in->peers, m->key) || repeated(in, m))
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
	*steps = s;
	*n = k;
	return 0;
}
