/*
 * cli_node.c: a node named on the command line, by fingerprint, the start
 * of one, or a member's name (see cli_node.h).
 */
#include "cli_node.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_error.h"
#include "fold.h"
#include "log.h"
#include "view.h"

/* How many candidates an ambiguous name or prefix lists. */
#define LIST_MAX 5

struct cand {
	uint8_t key[SVK_KEY_LEN];
	char name[SVK_HOME_MAX_NAME + 1];
};

struct cands {
	struct cand *v;
	size_t n, cap;
};

static int
cand_add(struct cands *c, const uint8_t *key, const char *name)
{
	for (size_t i = 0; i < c->n; i++)
		if (memcmp(c->v[i].key, key, SVK_KEY_LEN) == 0) {
			if (c->v[i].name[0] == '\0' && name)
				snprintf(c->v[i].name, sizeof(c->v[i].name), "%s",
				    name);
			return 0;
		}
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 16;
		struct cand *v = realloc(c->v, cap * sizeof(*v));
		if (v == NULL)
			return -ENOMEM;
		c->v = v;
		c->cap = cap;
	}
	memcpy(c->v[c->n].key, key, SVK_KEY_LEN);
	snprintf(c->v[c->n].name, sizeof(c->v[c->n].name), "%s", name ? name : "");
	c->n++;
	return 0;
}

static int
member_cb(void *arg, const svk_member *m)
{
	return cand_add(arg, m->key, m->name);
}

/* Every node this one knows of: itself, the roster's members, the origins
 * of what it holds. */
static int
cands_collect(svk_home *home, struct cands *c)
{
	svk_head *heads = NULL;
	size_t n = 0;
	int err;

	if ((err = cand_add(c, svk_crypto_identity_public(home->id), home->name)) != 0 ||
	    (err = svk_view_members(home->store, member_cb, c)) != 0 ||
	    (err = svk_log_heads(home->store, &heads, &n)) != 0)
		return err;
	for (size_t i = 0; i < n && err == 0; i++)
		err = cand_add(c, heads[i].origin, NULL);
	free(heads);
	return err;
}

/* Whether two names are the same, case and accents aside. */
static bool
same_name(const char *a, const char *b)
{
	char *fa = NULL, *fb = NULL;
	bool same;

	if (a[0] == '\0' || b[0] == '\0')
		return false;
	if (svk_fold(a, strlen(a), &fa) != 0 || svk_fold(b, strlen(b), &fb) != 0) {
		free(fa);
		return strcmp(a, b) == 0;
	}
	same = strcmp(fa, fb) == 0;
	free(fa);
	free(fb);
	return same;
}

/* Says which nodes fit text, and that one must be chosen. */
static void
ambiguous(const struct cands *c, const size_t *fit, size_t n, const char *what,
    const char *text)
{
	char list[LIST_MAX * (SVK_HOME_MAX_NAME + SVK_FPR_LEN + 8)] = "";
	size_t len = 0;

	for (size_t i = 0; i < n && i < LIST_MAX; i++) {
		char fpr[SVK_FPR_LEN];
		const struct cand *k = &c->v[fit[i]];
		svk_crypto_fingerprint(k->key, fpr);
		len += (size_t)snprintf(list + len, sizeof(list) - len, "%s%s (%s)",
		    i ? "; " : "", k->name[0] ? k->name : "unnamed", fpr);
		if (len >= sizeof(list))
			break;
	}
	svk_cli_error("%s '%s' fits %zu nodes: %s%s; give its full fingerprint "
		      "or more of it",
	    what, text, n, list, n > LIST_MAX ? "; ..." : "");
}

int
svk_cli_node_resolve(svk_home *home, const char *text, const char *what,
    uint8_t key[static SVK_KEY_LEN])
{
	struct cands c = {0};
	size_t *fit = NULL, n = 0;
	bool prefix;
	int err, rc = 1;

	err = svk_crypto_fingerprint_parse(text, key);
	if (err == 0)
		return 0;
	if (err == SVK_ETYPO) {
		svk_cli_error("%s '%s': the fingerprint has a typo (a character "
			      "wrong, missing or swapped); copy it again from "
			      "where it was printed",
		    what, text);
		return 1;
	}
	if ((err = cands_collect(home, &c)) != 0) {
		svk_cli_error("cannot read the nodes this one knows: %s",
		    svk_error_str(err));
		goto out;
	}
	if (c.n > 0 && (fit = calloc(c.n, sizeof(*fit))) == NULL) {
		svk_cli_error("out of memory");
		goto out;
	}
	/* A name of letters only could read as the start of a fingerprint:
	 * names are tried when no fingerprint starts so. */
	prefix = svk_crypto_fingerprint_prefix_valid(text);
	for (size_t i = 0; prefix && i < c.n; i++)
		if (svk_crypto_fingerprint_is_prefix(text, c.v[i].key))
			fit[n++] = i;
	if (n == 0)
		for (size_t i = 0; i < c.n; i++)
			if (same_name(text, c.v[i].name))
				fit[n++] = i;
	if (n == 1) {
		memcpy(key, c.v[fit[0]].key, SVK_KEY_LEN);
		rc = 0;
	} else if (n > 1) {
		ambiguous(&c, fit, n, what, text);
	} else if (prefix && strchr(text, '-') != NULL) {
		svk_cli_error("%s '%s': no node this one knows has a fingerprint "
			      "that starts so (see 'samverk member list')",
		    what, text);
	} else {
		svk_cli_error("%s '%s' is neither a node's fingerprint (SVK-XXXX-"
			      "..., at least four groups) nor a member's name "
			      "(see 'samverk member list')",
		    what, text);
	}
out:
	free(fit);
	free(c.v);
	return rc;
}
