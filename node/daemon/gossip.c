/* gossip.c: a link's SUB side and what comes over it. See gossip.h. */
#include "gossip.h"

#include <nng/protocol/pubsub0/sub.h>
#include <string.h>

#include "entry.h"
#include "frame.h"
#include "say.h"

static void
ingest_entry(svk_gossip *g, const svk_frame *f)
{
	svk_entry *e = NULL;
	bool roster = false, dup = false;
	int err = svk_entry_decode(f->data, f->len, &e);

	/* A copy of an entry held is known by its id, before its signature
	 * is checked or the store written: with bounded links most copies are
	 * (each entry comes once from every partner that has it first). */
	if (err != 0) {
		svk_intake_reject(g->ing, svk_entry_reason(err));
	} else if (svk_intake_copy(g->ing, e, &dup) == 0 && !dup &&
		   svk_intake_entry(g->ing, e, true, &roster) == 0) {
		if (svk_intake_has_gap(g->ing, e->body->origin.data))
			g->ops.gap(g->arg);
		if (roster)
			svk_intake_roster_changed(g->ing);
	}
	svk_entry_free(e);
}

static void
ingest(svk_gossip *g, nng_msg *msg)
{
	svk_frame f;

	g->ops.seen(g->arg);
	if (svk_frame_open(&f, nng_msg_body(msg), nng_msg_len(msg)) != 0)
		svk_intake_reject(g->ing, "malformed");
	else if (f.kind == SVK_FRAME_HEARTBEAT)
		svk_intake_beat(g->ing, f.data, f.len);
	else
		ingest_entry(g, &f);
	svk_frame_fini(&f);
}

static void
on_gossip(svk_watch *w, nng_msg *msg)
{
	svk_gossip *g = svk_watch_owner(w);
	int64_t now = svk_clock_now_ms();

	if (!svk_throttle_take(&g->throttle, now, g->cfg->peer_messages,
		(double)g->cfg->peer_bytes, nng_msg_len(msg))) {
		/* A flooding partner costs a counter, not the others' service:
		 * what it sent in excess comes back through catch-up if real. */
		svk_intake_reject(g->ing, "throttled");
		if (svk_throttle_warn(&g->throttle, now))
			svk_say_warn("throttling %s: more than %u messages or %zu bytes "
				     "a second (%llu dropped so far)",
			    g->label, g->cfg->peer_messages, g->cfg->peer_bytes,
			    (unsigned long long)svk_throttle_dropped(&g->throttle));
		nng_msg_free(msg);
		return;
	}
	ingest(g, msg);
	nng_msg_free(msg);
}

int
svk_gossip_open(svk_gossip *g, uv_loop_t *loop, svk_intake *ing,
    const svk_config *cfg, const char *label, const svk_gossip_ops *ops, void *arg)
{
	int err;

	memset(g, 0, sizeof(*g));
	g->ing = ing;
	g->cfg = cfg;
	g->label = label;
	g->ops = *ops;
	g->arg = arg;
	if ((err = svk_watch_open(&g->sub, loop, nng_sub0_open, cfg->max_message,
		 on_gossip, g)) != 0)
		return err;
	return svk_watch_err(nng_socket_set(svk_watch_socket(&g->sub),
	    NNG_OPT_SUB_SUBSCRIBE, "", 0));
}

static void
sub_closed(svk_watch *w)
{
	svk_gossip *g = svk_watch_owner(w);
	g->ops.closed(g->arg);
}

void
svk_gossip_close(svk_gossip *g)
{
	svk_watch_close(&g->sub, sub_closed);
}

nng_socket
svk_gossip_socket(const svk_gossip *g)
{
	return svk_watch_socket(&g->sub);
}

bool
svk_gossip_set_up(svk_gossip *g, bool up)
{
	bool was = g->up;
	g->up = up;
	return was != up;
}

bool
svk_gossip_is_up(const svk_gossip *g)
{
	return g->up;
}
