/*
 * tree.h: the decisions of epidemic broadcast trees (Plumtree: Leitao,
 * Pereira, Rodrigues, SRDS 2007) for one node, without I/O or clock. Each
 * link is eager (new entries are pushed whole over it) or lazy (they are
 * only announced, "I have origin:seq"). A new entry is pushed on the eager
 * links and announced on the lazy ones; a copy already held that comes over
 * an eager link prunes that link to lazy, both ways; an announced entry that
 * does not arrive within a timeout is asked for on the link that announced
 * it, which grafts that link back to eager. The links that stay eager form
 * a spanning tree by themselves, which repairs itself when a link goes.
 *
 * The caller (the daemon, or the simulator under tests/sim/) sends what the
 * actions say, keeps the clock (times are in ms of any monotonic clock) and
 * calls svk_tree_timeout when a TIMER action's time comes. Whether an entry
 * is held is the caller's to know (its store); the tree remembers only the
 * entries announced to it and not held yet.
 */
#ifndef SVK_TREE_H
#define SVK_TREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crypto.h"
#include "error.h"

/* The link an entry came over when this node wrote it itself. */
#define SVK_TREE_SELF UINT32_MAX

/* Announcers remembered for one missing entry: those past it are dropped
 * (catch-up repairs what none of them gives). */
#define SVK_TREE_SOURCES 8

/* An entry: its origin's key and its seq in the origin's log. */
typedef struct svk_tree_id {
	uint8_t origin[SVK_KEY_LEN];
	uint64_t seq;
} svk_tree_id;

typedef enum {
	SVK_TREE_PUSH,	   /* send the entry (if held) whole on link */
	SVK_TREE_ANNOUNCE, /* tell link "I have id" (batch these) */
	SVK_TREE_PRUNE,	   /* ask link to stop pushing to this node */
	SVK_TREE_GRAFT,	   /* ask link for id, and to push again */
	SVK_TREE_TIMER,	   /* call svk_tree_timeout(id) at time at */
} svk_tree_verb;

typedef struct svk_tree_act {
	svk_tree_verb verb;
	uint32_t link;	/* not for TIMER */
	svk_tree_id id; /* not for PRUNE */
	int64_t at;	/* TIMER only */
} svk_tree_act;

/* Actions, appended to by each call below; the caller empties it (n = 0)
 * when it has done them and frees it with svk_tree_acts_fini. */
typedef struct svk_tree_acts {
	svk_tree_act *a;
	size_t n, cap;
} svk_tree_acts;

typedef struct svk_tree_link {
	uint32_t link; /* the caller's name for it */
	bool eager;
} svk_tree_link;

/* An entry announced to this node and not held (yet). */
typedef struct svk_tree_miss {
	svk_tree_id id;
	int64_t due;			    /* when to graft the next source */
	uint32_t sources[SVK_TREE_SOURCES]; /* links that announced it, in order */
	size_t n_sources;
} svk_tree_miss;

typedef struct svk_tree {
	svk_tree_link *links;
	size_t n_links, cap_links;
	svk_tree_miss *miss;
	size_t n_miss, cap_miss;
	int64_t timeout_ms; /* announced, not arrived: graft the first source */
	int64_t retry_ms;   /* grafted, not arrived: graft the next one */
	uint64_t pruned, grafted; /* links pruned and grafted so far */
} svk_tree;

/* svk_tree_init sets t up with no link; timeout_ms and retry_ms as above. */
void svk_tree_init(svk_tree *t, int64_t timeout_ms, int64_t retry_ms);

/* svk_tree_fini frees what t holds (not t). */
void svk_tree_fini(svk_tree *t);

/* svk_tree_acts_fini frees what acts holds. */
void svk_tree_acts_fini(svk_tree_acts *acts);

/* svk_tree_link_add adds link (up now), eager; one already there becomes
 * eager. -ENOMEM. */
int svk_tree_link_add(svk_tree *t, uint32_t link) SVK_WUR;

/* svk_tree_link_remove forgets link (down or closed), also as a source of
 * missing entries. */
void svk_tree_link_remove(svk_tree *t, uint32_t link);

/* svk_tree_has tells whether link is there. */
bool svk_tree_has(const svk_tree *t, uint32_t link);

/* svk_tree_is_eager tells whether link is there and eager. */
bool svk_tree_is_eager(const svk_tree *t, uint32_t link);

/* svk_tree_eager_count gives how many links are eager. */
size_t svk_tree_eager_count(const svk_tree *t);

/* svk_tree_on_entry decides what an entry that came over link from
 * (SVK_TREE_SELF: written here) calls for. dup: it was held already, then a
 * copy over an eager link prunes that link; otherwise from becomes eager
 * and the entry is pushed on every other eager link and announced on every
 * other lazy one. -ENOMEM. */
int svk_tree_on_entry(svk_tree *t, uint32_t from, const svk_tree_id *id, bool dup,
    int64_t now, svk_tree_acts *out) SVK_WUR;

/* svk_tree_on_announce takes link's "I have id"; held: this node holds id,
 * then nothing happens. The first announcement of a missing entry starts
 * a timer (a TIMER action, timeout_ms from now). -ENOMEM. */
int svk_tree_on_announce(svk_tree *t, uint32_t link, const svk_tree_id *id,
    bool held, int64_t now, svk_tree_acts *out) SVK_WUR;

/* svk_tree_on_prune takes link's prune: stop pushing to it. */
void svk_tree_on_prune(svk_tree *t, uint32_t link);

/* svk_tree_on_graft takes link's graft of id: link becomes eager, and id
 * is pushed to it (a PUSH action: the caller sends it if held). -ENOMEM. */
int svk_tree_on_graft(svk_tree *t, uint32_t link, const svk_tree_id *id,
    svk_tree_acts *out) SVK_WUR;

/* svk_tree_timeout is called when a TIMER for id comes due: if id is still
 * missing and now is its time, the first source left is grafted (it
 * becomes eager, a GRAFT action) and a new TIMER set retry_ms later; with
 * no source left the entry is forgotten. A stale timer does nothing.
 * -ENOMEM. */
int svk_tree_timeout(svk_tree *t, const svk_tree_id *id, int64_t now,
    svk_tree_acts *out) SVK_WUR;

/* svk_tree_held tells t that id is held now by other means (catch-up): it
 * is no longer missing. */
void svk_tree_held(svk_tree *t, const svk_tree_id *id);

/* svk_tree_missing gives how many announced entries are missing. */
size_t svk_tree_missing(const svk_tree *t);

#endif
