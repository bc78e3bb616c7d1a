/* tree.c: Plumtree's eager and lazy links, prune and graft, for one node.
 * See tree.h. */
#include "tree.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void
svk_tree_init(svk_tree *t, int64_t timeout_ms, int64_t retry_ms)
{
	memset(t, 0, sizeof(*t));
	t->timeout_ms = timeout_ms;
	t->retry_ms = retry_ms;
}

void
svk_tree_fini(svk_tree *t)
{
	free(t->links);
	free(t->miss);
	memset(t, 0, sizeof(*t));
}

void
svk_tree_acts_fini(svk_tree_acts *acts)
{
	free(acts->a);
	memset(acts, 0, sizeof(*acts));
}

/* Grows an array of *cap elements of size to hold one more than n. */
static int
grow(void **arr, size_t *cap, size_t n, size_t size)
{
	void *bigger;
	size_t c;

	if (n < *cap)
		return 0;
	c = *cap ? *cap * 2 : 8;
	if ((bigger = realloc(*arr, c * size)) == NULL)
		return -ENOMEM;
	*arr = bigger;
	*cap = c;
	return 0;
}

static int
act(svk_tree_acts *out, svk_tree_verb verb, uint32_t link, const svk_tree_id *id,
    int64_t at)
{
	svk_tree_act *a;

	if (grow((void **)&out->a, &out->cap, out->n, sizeof(*out->a)) != 0)
		return -ENOMEM;
	a = &out->a[out->n++];
	memset(a, 0, sizeof(*a));
	a->verb = verb;
	a->link = link;
	if (id != NULL)
		a->id = *id;
	a->at = at;
	return 0;
}

static svk_tree_link *
link_find(const svk_tree *t, uint32_t link)
{
	for (size_t i = 0; i < t->n_links; i++)
		if (t->links[i].link == link)
			return &t->links[i];
	return NULL;
}

static bool
same_id(const svk_tree_id *a, const svk_tree_id *b)
{
	return a->seq == b->seq && memcmp(a->origin, b->origin, SVK_KEY_LEN) == 0;
}

static svk_tree_miss *
miss_find(const svk_tree *t, const svk_tree_id *id)
{
	for (size_t i = 0; i < t->n_miss; i++)
		if (same_id(&t->miss[i].id, id))
			return &t->miss[i];
	return NULL;
}

static void
miss_drop(svk_tree *t, svk_tree_miss *m)
{
	*m = t->miss[--t->n_miss];
}

int
svk_tree_link_add(svk_tree *t, uint32_t link)
{
	svk_tree_link *l = link_find(t, link);

	if (l == NULL) {
		if (grow((void **)&t->links, &t->cap_links, t->n_links,
			sizeof(*t->links)) != 0)
			return -ENOMEM;
		l = &t->links[t->n_links++];
		l->link = link;
	}
	l->eager = true;
	return 0;
}

/* Drops link from m's sources. */
static void
source_drop(svk_tree_miss *m, uint32_t link)
{
	size_t k = 0;

	for (size_t i = 0; i < m->n_sources; i++)
		if (m->sources[i] != link)
			m->sources[k++] = m->sources[i];
	m->n_sources = k;
}

void
svk_tree_link_remove(svk_tree *t, uint32_t link)
{
	svk_tree_link *l = link_find(t, link);

	if (l != NULL)
		*l = t->links[--t->n_links];
	for (size_t i = 0; i < t->n_miss; i++)
		source_drop(&t->miss[i], link);
}

bool
svk_tree_has(const svk_tree *t, uint32_t link)
{
	return link_find(t, link) != NULL;
}

bool
svk_tree_is_eager(const svk_tree *t, uint32_t link)
{
	const svk_tree_link *l = link_find(t, link);
	return l != NULL && l->eager;
}

size_t
svk_tree_eager_count(const svk_tree *t)
{
	size_t n = 0;

	for (size_t i = 0; i < t->n_links; i++)
		n += t->links[i].eager;
	return n;
}

int
svk_tree_on_entry(svk_tree *t, uint32_t from, const svk_tree_id *id, bool dup,
    int64_t now, svk_tree_acts *out)
{
	svk_tree_link *src = from == SVK_TREE_SELF ? NULL : link_find(t, from);
	svk_tree_miss *m;

	(void)now;
	if (dup) {
		/* Another path brought it first: this one leaves the tree. */
		if (src != NULL && src->eager) {
			src->eager = false;
			t->pruned++;
			return act(out, SVK_TREE_PRUNE, from, NULL, 0);
		}
		return 0;
	}
	if ((m = miss_find(t, id)) != NULL)
		miss_drop(t, m);
	if (src != NULL)
		src->eager = true;
	for (size_t i = 0; i < t->n_links; i++) {
		const svk_tree_link *l = &t->links[i];
		if (l->link != from &&
		    act(out, l->eager ? SVK_TREE_PUSH : SVK_TREE_ANNOUNCE,
			l->link, id, 0) != 0)
			return -ENOMEM;
	}
	return 0;
}

int
svk_tree_on_announce(svk_tree *t, uint32_t link, const svk_tree_id *id, bool held,
    int64_t now, svk_tree_acts *out)
{
	svk_tree_miss *m;

	if (held || link_find(t, link) == NULL)
		return 0;
	if ((m = miss_find(t, id)) != NULL) {
		for (size_t i = 0; i < m->n_sources; i++)
			if (m->sources[i] == link)
				return 0;
		if (m->n_sources < SVK_TREE_SOURCES)
			m->sources[m->n_sources++] = link;
		return 0;
	}
	if (grow((void **)&t->miss, &t->cap_miss, t->n_miss, sizeof(*t->miss)) != 0)
		return -ENOMEM;
	m = &t->miss[t->n_miss++];
	memset(m, 0, sizeof(*m));
	m->id = *id;
	m->due = now + t->timeout_ms;
	m->sources[m->n_sources++] = link;
	return act(out, SVK_TREE_TIMER, 0, id, m->due);
}

void
svk_tree_on_prune(svk_tree *t, uint32_t link)
{
	svk_tree_link *l = link_find(t, link);

	if (l != NULL)
		l->eager = false;
}

int
svk_tree_on_graft(svk_tree *t, uint32_t link, const svk_tree_id *id, svk_tree_acts *out)
{
	svk_tree_link *l = link_find(t, link);

	if (l == NULL)
		return 0;
	l->eager = true;
	return act(out, SVK_TREE_PUSH, link, id, 0);
}

int
svk_tree_timeout(svk_tree *t, const svk_tree_id *id, int64_t now, svk_tree_acts *out)
{
	svk_tree_miss *m = miss_find(t, id);
	svk_tree_link *l;
	uint32_t link;

	if (m == NULL || now < m->due)
		return 0;
	if (m->n_sources == 0) {
		miss_drop(t, m);
		return 0;
	}
	link = m->sources[0];
	memmove(m->sources, m->sources + 1,
	    (m->n_sources - 1) * sizeof(m->sources[0]));
	m->n_sources--;
	m->due = now + t->retry_ms;
	if ((l = link_find(t, link)) != NULL)
		l->eager = true;
	t->grafted++;
	if (act(out, SVK_TREE_GRAFT, link, id, 0) != 0)
		return -ENOMEM;
	return act(out, SVK_TREE_TIMER, 0, id, m->due);
}

void
svk_tree_held(svk_tree *t, const svk_tree_id *id)
{
	svk_tree_miss *m = miss_find(t, id);

	if (m != NULL)
		miss_drop(t, m);
}

size_t
svk_tree_missing(const svk_tree *t)
{
	return t->n_miss;
}
