/*
 * publish.c: the PUB socket: new local entries, relays, heartbeats. See
 * publish.h.
 */
#include "publish.h"

#include <errno.h>
#include <nng/protocol/pubsub0/pub.h>
#include <stdlib.h>
#include <string.h>

#include "beat.h"
#include "frame.h"
#include "hold_text.h"
#include "log.h"
#include "say.h"
#include "stats.h"

/* Sends one gossip message of kind on PUB. */
static void
send_frame(svk_publish *pb, svk_frame_kind kind, const uint8_t *data, size_t len)
{
	nng_msg *msg;

	if (!svk_watch_is_open(&pb->pub) ||
	    nng_msg_alloc(&msg, svk_frame_size(kind, len)) != 0)
		return;
	svk_frame_pack(kind, data, len, nng_msg_body(msg));
	/* PUB never blocks: with no room for a subscriber it drops for that
	 * one, which catch-up repairs. */
	if (nng_sendmsg(svk_watch_socket(&pb->pub), msg, NNG_FLAG_NONBLOCK) != 0)
		nng_msg_free(msg);
}

void
svk_publish_relay(svk_publish *pb, const uint8_t *envelope, size_t len)
{
	send_frame(pb, SVK_FRAME_ENTRY, envelope, len);
	pb->relayed++;
}

void
svk_publish_relay_beat(svk_publish *pb, const uint8_t *beat, size_t len)
{
	send_frame(pb, SVK_FRAME_HEARTBEAT, beat, len);
}

static int
publish_mine(void *arg, const uint8_t *origin, uint64_t seq,
    const uint8_t *envelope, size_t len)
{
	svk_publish *pb = arg;
	(void)origin;
	send_frame(pb, SVK_FRAME_ENTRY, envelope, len);
	pb->published_seq = seq;
	pb->published++;
	svk_say_debug("published my entry %llu", (unsigned long long)seq);
	return 0;
}

void
svk_publish_new_local(svk_publish *pb)
{
	int err = svk_log_each(pb->home->store,
	    svk_crypto_identity_public(pb->home->id), pb->published_seq, 0,
	    publish_mine, pb);
	if (err != 0)
		svk_say_warn("cannot read my new entries: %s", svk_error_str(err));
}

/* Heartbeats. */

struct counts {
	Samverk__Count *items;
	Samverk__Count **ptrs;
	size_t n, cap;
	char **names;
};

static int
add_count(void *arg, const char *reason, uint64_t count)
{
	struct counts *c = arg;
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 8;
		Samverk__Count *items = realloc(c->items, cap * sizeof(*items));
		if (items == NULL)
			return -ENOMEM;
		c->items = items;
		char **names = realloc(c->names, cap * sizeof(*names));
		if (names == NULL)
			return -ENOMEM;
		c->names = names;
		c->cap = cap;
	}
	if ((c->names[c->n] = strdup(reason)) == NULL)
		return -ENOMEM;
	samverk__count__init(&c->items[c->n]);
	c->items[c->n].name = c->names[c->n];
	c->items[c->n].value = count;
	c->n++;
	return 0;
}

static void
counts_fini(struct counts *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->names[i]);
	free(c->names);
	free(c->items);
	free(c->ptrs);
}

static uint32_t
forks_seen(svk_publish *pb)
{
	uint32_t n;

	return svk_stats_forks(pb->home->store, &n) == 0 ? n : 0;
}

/* Seals hb, keeps it like a partner's (so the federation view includes this
 * node; before the roster arrives nobody, not even this node, is a member)
 * and publishes it. */
static int
beat_send(svk_publish *pb, const Samverk__Heartbeat *hb)
{
	uint8_t *env = NULL;
	size_t envlen;
	svk_beat *b = NULL;
	bool fresh;
	int err;

	/* A full disk keeps it from being kept, not from being sent: partners
	 * still see this node alive (an expired roster stops it, though). */
	if ((err = svk_beat_seal(pb->home->id, hb, &env, &envlen)) == 0 &&
	    (err = svk_beat_open(env, envlen, &b)) == 0 &&
	    ((err = svk_beat_ingest(pb->home->store, b, &fresh)) == 0 || err == -ENOSPC))
		send_frame(pb, SVK_FRAME_HEARTBEAT, env, envlen);
	if (err == -ENOSPC)
		err = 0;
	svk_beat_free(b);
	free(env);
	return err;
}

/* Looks at what partners show of my own log (hold.h) and says so when the
 * hold on authoring changes; a fork of my own log is an alarm each time the
 * daemon starts. */
static void
review_hold(svk_publish *pb)
{
	char text[640];
	svk_hold h;
	bool changed;
	int err;

	if ((err = svk_hold_review(pb->home->store, &h, &changed)) != 0) {
		svk_say_warn("cannot review my own log against partners': %s",
		    svk_error_str(err));
		return;
	}
	if (!changed && pb->hold_said)
		return;
	pb->hold_said = true;
	svk_hold_text(&h, text, sizeof(text));
	if (h.reason == SVK_HOLD_FORK)
		svk_say_error("%s", text);
	else if (h.reason != SVK_HOLD_NONE)
		svk_say_warn("authoring on hold: %s", text);
	else if (changed)
		svk_say_info("authoring resumed: my own log is back (seq %llu), as "
			     "far as any partner has shown",
		    (unsigned long long)h.have);
}

/* Says at start when authoring is on hold already (a restored backup, a node
 * re-created from its key): the review may lift it before it is told. */
static void
say_hold_at_start(svk_publish *pb)
{
	char text[640];
	svk_hold h;

	if (svk_hold_get(pb->home->store, &h) != 0 || h.reason == SVK_HOLD_NONE)
		return;
	svk_hold_text(&h, text, sizeof(text));
	if (h.reason == SVK_HOLD_FORK)
		svk_say_error("%s", text);
	else
		svk_say_warn("authoring on hold: %s", text);
	pb->hold_said = true;
}

/* Signs, keeps and publishes this node's heartbeat. */
static void
heartbeat(svk_publish *pb)
{
	Samverk__Heartbeat hb = SAMVERK__HEARTBEAT__INIT;
	Samverk__Head *heads = NULL, **head_ptrs = NULL;
	Samverk__PeerState *states = NULL, **state_ptrs = NULL;
	svk_publish_peer *links = NULL;
	struct counts rej = {0};
	uint8_t fed[SVK_KEY_LEN];
	svk_head *mine = NULL;
	size_t n_heads = 0, n_links = 0;
	uint64_t all = 0, own = 0;
	int err;

	if (svk_log_federation(pb->home->store, fed) != 0)
		return;
	review_hold(pb);
	if ((err = svk_log_heads(pb->home->store, &mine, &n_heads)) != 0 ||
	    (err = svk_log_count(pb->home->store,
		 svk_crypto_identity_public(pb->home->id), &all, &own)) != 0 ||
	    (err = svk_store_rejected_each(pb->home->store, add_count, &rej)) != 0 ||
	    (err = pb->peers(pb->arg, &links, &n_links)) != 0)
		goto out;
	heads = calloc(n_heads + 1, sizeof(*heads));
	head_ptrs = calloc(n_heads + 1, sizeof(*head_ptrs));
	states = calloc(n_links + 1, sizeof(*states));
	state_ptrs = calloc(n_links + 1, sizeof(*state_ptrs));
	rej.ptrs = calloc(rej.n + 1, sizeof(*rej.ptrs));
	if (!heads || !head_ptrs || !states || !state_ptrs || !rej.ptrs)
		goto out;
	for (size_t i = 0; i < n_heads; i++) {
		samverk__head__init(&heads[i]);
		heads[i].origin.data = mine[i].origin;
		heads[i].origin.len = SVK_KEY_LEN;
		heads[i].seq = mine[i].head;
		if (mine[i].head > 0) {
			heads[i].hash.data = mine[i].hash;
			heads[i].hash.len = SVK_HASH_LEN;
		}
		head_ptrs[i] = &heads[i];
	}
	for (size_t i = 0; i < n_links; i++) {
		samverk__peer_state__init(&states[i]);
		states[i].node.data = links[i].key;
		states[i].node.len = SVK_KEY_LEN;
		states[i].up = links[i].up;
		states[i].last_seen_ms = links[i].last_seen_ms;
		state_ptrs[i] = &states[i];
	}
	for (size_t i = 0; i < rej.n; i++)
		rej.ptrs[i] = &rej.items[i];
	hb.federation.data = fed;
	hb.federation.len = SVK_KEY_LEN;
	hb.node.data = (uint8_t *)svk_crypto_identity_public(pb->home->id);
	hb.node.len = SVK_KEY_LEN;
	hb.time_ms = svk_clock_now_ms();
	hb.version = SVK_VERSION;
	hb.uptime_s = (uint64_t)(hb.time_ms - pb->started_ms) / 1000;
	hb.heads = head_ptrs;
	hb.n_heads = n_heads;
	hb.peers = state_ptrs;
	hb.n_peers = n_links;
	hb.held = all;
	hb.rejected = rej.ptrs;
	hb.n_rejected = rej.n;
	hb.forks = forks_seen(pb);
	hb.interval_s = pb->cfg->heartbeat_interval_s;
	hb.name = pb->home->name;
	err = beat_send(pb, &hb);
out:
	/* Partners then show this node offline: worth a warning -- but not
	 * before the roster names it, nor once it expired (status says so). */
	if (err == SVK_ENOTMEMBER || err == SVK_EEXPIRED)
		svk_say_debug("no heartbeat: %s", svk_error_str(err));
	else if (err != 0)
		svk_say_limited(&pb->beat_said, SVK_WARN,
		    "cannot store or send this node's heartbeat: %s",
		    svk_error_str(err));
	free(mine);
	free(heads);
	free(head_ptrs);
	free(links);
	free(states);
	free(state_ptrs);
	counts_fini(&rej);
}

static void
on_heartbeat(uv_timer_t *h)
{
	heartbeat(h->data);
}

void
svk_publish_beat_soon(svk_publish *pb)
{
	if (!pb->stopping && pb->timer)
		(void)uv_timer_start(&pb->beat, on_heartbeat, 200,
		    pb->cfg->heartbeat_interval_s * 1000ULL);
}

void
svk_publish_rhythm(svk_publish *pb)
{
	uint64_t ms = pb->cfg->heartbeat_interval_s * 1000ULL;

	if (!pb->stopping && pb->timer)
		(void)uv_timer_start(&pb->beat, on_heartbeat, ms, ms);
}

/* My newest seq: everything already in my log was published, or will reach
 * the partners through catch-up. */
static int
newest_mine(svk_publish *pb)
{
	svk_head *heads = NULL;
	size_t n = 0;
	int err;

	if ((err = svk_log_heads(pb->home->store, &heads, &n)) != 0)
		return err;
	for (size_t i = 0; i < n; i++)
		if (memcmp(heads[i].origin,
			svk_crypto_identity_public(pb->home->id), SVK_KEY_LEN) == 0)
			pb->published_seq = heads[i].top;
	free(heads);
	return 0;
}

int
svk_publish_open(svk_publish *pb, uv_loop_t *loop, svk_home *home,
    const svk_config *cfg, svk_publish_peers_fn peers, void *arg)
{
	int err;

	memset(pb, 0, sizeof(*pb));
	pb->home = home;
	pb->cfg = cfg;
	pb->peers = peers;
	pb->arg = arg;
	pb->started_ms = svk_clock_now_ms();
	if ((err = newest_mine(pb)) != 0)
		return err;
	say_hold_at_start(pb);
	if ((err = svk_watch_open(&pb->pub, loop, nng_pub0_open, 1024, NULL, pb)) != 0)
		return err;
	/* PUB drops the oldest message for a slow subscriber once its queue is
	 * full; a deeper queue rides out bursts (catch-up repairs the rest). */
	if ((err = svk_watch_err(nng_socket_set_int(svk_watch_socket(&pb->pub),
		 NNG_OPT_SENDBUF, (int)cfg->pub_queue))) != 0)
		return err;
	if ((err = uv_timer_init(loop, &pb->beat)) != 0)
		return err;
	pb->timer = true;
	pb->beat.data = pb;
	return uv_timer_start(&pb->beat, on_heartbeat, 500,
	    cfg->heartbeat_interval_s * 1000ULL);
}

void
svk_publish_close(svk_publish *pb)
{
	pb->stopping = true;
	if (pb->timer) {
		(void)uv_timer_stop(&pb->beat);
		uv_close((uv_handle_t *)&pb->beat, NULL);
		pb->timer = false;
	}
	svk_watch_close(&pb->pub, NULL);
}

nng_socket
svk_publish_socket(const svk_publish *pb)
{
	return svk_watch_socket(&pb->pub);
}

void
svk_publish_counts(const svk_publish *pb, uint64_t *published, uint64_t *relayed)
{
	*published = pb->published;
	*relayed = pb->relayed;
}
