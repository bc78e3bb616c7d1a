/* partners.c: the members a plan is made from, and the open files. See
 * partners.h. */
#include "partners.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

void
svk_partners_free(svk_partners *ps)
{
	for (size_t i = 0; i < ps->n; i++) {
		free((void *)ps->m[i].key);
		free((void *)ps->m[i].name);
		free((void *)ps->m[i].pub);
		free((void *)ps->m[i].catchup);
		free((void *)ps->m[i].tls_cert);
	}
	free(ps->m);
}

int
svk_partners_add(void *arg, const svk_member *m)
{
	svk_partners *ps = arg;
	svk_member *c;

	if (ps->n == ps->cap) {
		size_t cap = ps->cap ? ps->cap * 2 : 16;
		svk_member *grown = realloc(ps->m, cap * sizeof(*grown));
		if (grown == NULL)
			return -ENOMEM;
		ps->m = grown;
		ps->cap = cap;
	}
	c = &ps->m[ps->n++];
	memset(c, 0, sizeof(*c));
	c->status = m->status;
	c->tls_cert_len = m->tls_cert_len;
	if ((c->key = malloc(SVK_KEY_LEN)) == NULL ||
	    (c->name = strdup(m->name ? m->name : "")) == NULL ||
	    (c->pub = strdup(m->pub ? m->pub : "")) == NULL ||
	    (c->catchup = strdup(m->catchup ? m->catchup : "")) == NULL ||
	    (m->tls_cert_len > 0 && (c->tls_cert = malloc(m->tls_cert_len)) == NULL))
		return -ENOMEM;
	memcpy((uint8_t *)c->key, m->key, SVK_KEY_LEN);
	if (m->tls_cert_len > 0)
		memcpy((uint8_t *)c->tls_cert, m->tls_cert, m->tls_cert_len);
	return 0;
}

const char *
svk_partners_files(void)
{
	static char text[64];
	struct rlimit rl;
	struct dirent *de;
	DIR *d;
	long n = 0;

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || (d = opendir("/proc/self/fd")) == NULL)
		return "";
	while ((de = readdir(d)) != NULL)
		n += de->d_name[0] != '.';
	(void)closedir(d);
	snprintf(text, sizeof(text), "open files %ld of %llu", n - 1,
	    (unsigned long long)rl.rlim_cur);
	return text;
}
