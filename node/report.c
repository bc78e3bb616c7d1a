/* report.c: JSON documents about the node and its federation. See report.h. */
#include "report.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "beat.h"
#include "follow_up.h"
#include "hold_text.h"
#include "indicators.h"
#include "ingest.h"
#include "log.h"
#include "peers.h"
#include "report_follow_up.h"
#include "roster.h"
#include "space.h"
#include "stats.h"
#include "store_meta.h"

void
svk_report_iso_time(int64_t ms, char out[static 32])
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;

	if (ms <= 0 || gmtime_r(&t, &tm) == NULL ||
	    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		out[0] = '\0';
}

static json_t *
areas_json(const char *areas)
{
	json_t *arr = json_array();
	const char *p = areas;

	while (arr && *p) {
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);
		(void)json_array_append_new(arr, json_stringn(p, n));
		p += n + (comma ? 1 : 0);
	}
	return arr;
}

json_t *
svk_report_entity(svk_home *home, const svk_entity *e)
{
	char fpr[SVK_FPR_LEN], entry[SVK_HASH_LEN * 2 + 1], when[32];
	bool mine = memcmp(e->origin, svk_crypto_identity_public(home->id),
			SVK_KEY_LEN) == 0;

	svk_crypto_fingerprint(e->origin, fpr);
	svk_crypto_hex(e->entry, SVK_HASH_LEN, entry);
	svk_report_iso_time(e->time_ms, when);
	json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:I, s:s, s:s, s:o, s:s, s:s}",
	    "origin", fpr, "origin_name", mine ? home->name : e->origin_name,
	    "country", mine ? home->country : e->origin_country, "id", e->id,
	    "seq", (json_int_t)e->seq, "lang", e->lang, "title", e->title,
	    "areas", areas_json(e->areas), "updated", when, "entry", entry);
	if (o && e->kind == SVK_KIND_NEED)
		(void)json_object_set_new(o, "status", json_string(e->status));
	if (o && e->retracted)
		(void)json_object_set_new(o, "retracted", json_true());
	return o;
}

struct collect {
	svk_home *home;
	json_t *arr;
};

static int
collect_entity(void *arg, const svk_entity *e)
{
	struct collect *c = arg;
	return json_array_append_new(c->arr, svk_report_entity(c->home, e)) == 0 ?
		   0 :
		   -ENOMEM;
}

json_t *
svk_report_entities(svk_home *home, const svk_query *q, int *err)
{
	struct collect c = {home, json_array()};

	if (c.arr == NULL) {
		*err = -ENOMEM;
		return NULL;
	}
	if ((*err = svk_view_list(home->store, q, collect_entity, &c)) != 0) {
		json_decref(c.arr);
		return NULL;
	}
	return c.arr;
}

/* Adds (name, count) to the JSON object arg. */
static int
count_into(void *arg, const char *name, uint64_t count)
{
	return json_object_set_new(arg, name, json_integer((json_int_t)count));
}

/* The newest heads of the federation, and each member's heartbeat.
 *
 * What one member says about another member's log is never taken on trust:
 * the newest head of an origin is the higher of what this node holds and
 * what that origin's own signed heartbeat says. A heartbeat that claims more
 * of a third origin's log than that origin itself said later is attributed
 * to the member that made it (overclaims), and counts for nobody's behind. */
struct fedview {
	svk_head *newest; /* per origin: held here, or the origin's own claim */
	size_t n_newest;
	svk_head *held; /* what this node holds now: its own row uses these,
			 * not its last heartbeat, which may predate them */
	size_t n_held;
	struct beatrow {
		uint8_t node[SVK_KEY_LEN];
		Samverk__Heartbeat *hb; /* owned copy */
		int64_t received_ms;
	} * beats;
	size_t n_beats;
};

static void
raise_head(struct fedview *f, const uint8_t *origin, uint64_t seq)
{
	for (size_t i = 0; i < f->n_newest; i++) {
		if (memcmp(f->newest[i].origin, origin, SVK_KEY_LEN) == 0) {
			if (seq > f->newest[i].head)
				f->newest[i].head = seq;
			return;
		}
	}
	svk_head *h = realloc(f->newest, (f->n_newest + 1) * sizeof(*h));
	if (h == NULL)
		return;
	f->newest = h;
	memcpy(h[f->n_newest].origin, origin, SVK_KEY_LEN);
	h[f->n_newest].head = h[f->n_newest].top = seq;
	f->n_newest++;
}

static int
keep_beat(void *arg, const Samverk__Heartbeat *hb, int64_t received_ms)
{
	struct fedview *f = arg;
	size_t len = samverk__heartbeat__get_packed_size(hb);
	uint8_t *buf = malloc(len ? len : 1);
	struct beatrow *rows;

	if (buf == NULL)
		return -ENOMEM;
	(void)samverk__heartbeat__pack(hb, buf);
	rows = realloc(f->beats, (f->n_beats + 1) * sizeof(*rows));
	if (rows == NULL) {
		free(buf);
		return -ENOMEM;
	}
	f->beats = rows;
	rows[f->n_beats].hb = samverk__heartbeat__unpack(NULL, len, buf);
	free(buf);
	if (rows[f->n_beats].hb == NULL)
		return -ENOMEM;
	memcpy(rows[f->n_beats].node, hb->node.data, SVK_KEY_LEN);
	rows[f->n_beats].received_ms = received_ms;
	f->n_beats++;
	/* only what the node says of its own log */
	for (size_t i = 0; i < hb->n_heads; i++)
		if (memcmp(hb->heads[i]->origin.data, hb->node.data, SVK_KEY_LEN) == 0)
			raise_head(f, hb->heads[i]->origin.data, hb->heads[i]->seq);
	return 0;
}

static int
fedview_load(struct fedview *f, svk_home *home)
{
	svk_head *mine = NULL;
	size_t n = 0;
	int err;

	memset(f, 0, sizeof(*f));
	if ((err = svk_log_heads(home->store, &mine, &n)) != 0)
		return err;
	for (size_t i = 0; i < n; i++)
		raise_head(f, mine[i].origin, mine[i].head);
	f->held = mine;
	f->n_held = n;
	return svk_beat_each(home->store, keep_beat, f);
}

static void
fedview_free(struct fedview *f)
{
	for (size_t i = 0; i < f->n_beats; i++)
		samverk__heartbeat__free_unpacked(f->beats[i].hb, NULL);
	free(f->beats);
	free(f->newest);
	free(f->held);
}

static struct beatrow *
beat_of(struct fedview *f, const uint8_t *node)
{
	for (size_t i = 0; i < f->n_beats; i++)
		if (memcmp(f->beats[i].node, node, SVK_KEY_LEN) == 0)
			return &f->beats[i];
	return NULL;
}

/* How many entries the federation holds that hb's node does not; for this
 * node itself (self), what it holds now. */
static uint64_t
behind(const struct fedview *f, const Samverk__Heartbeat *hb, bool self)
{
	uint64_t sum = 0;

	for (size_t i = 0; i < f->n_newest; i++) {
		uint64_t have = 0;
		if (self) {
			for (size_t j = 0; j < f->n_held; j++)
				if (memcmp(f->held[j].origin, f->newest[i].origin,
					SVK_KEY_LEN) == 0)
					have = f->held[j].head;
		} else {
			for (size_t j = 0; j < hb->n_heads; j++)
				if (memcmp(hb->heads[j]->origin.data,
					f->newest[i].origin, SVK_KEY_LEN) == 0)
					have = hb->heads[j]->seq;
		}
		if (f->newest[i].head > have)
			sum += f->newest[i].head - have;
	}
	return sum;
}

/* How many origins hb claims more of than anyone can show: more than this
 * node holds and more than the origin's own heartbeat, sent after hb, says. */
static uint32_t
overclaims(struct fedview *f, const Samverk__Heartbeat *hb)
{
	uint32_t n = 0;

	for (size_t j = 0; j < hb->n_heads; j++) {
		const uint8_t *origin = hb->heads[j]->origin.data;
		struct beatrow *own = beat_of(f, origin);
		uint64_t known = 0;
		if (memcmp(origin, hb->node.data, SVK_KEY_LEN) == 0 ||
		    own == NULL || own->hb->time_ms <= hb->time_ms)
			continue;
		for (size_t i = 0; i < f->n_newest; i++)
			if (memcmp(f->newest[i].origin, origin, SVK_KEY_LEN) == 0)
				known = f->newest[i].head;
		n += hb->heads[j]->seq > known;
	}
	return n;
}

static bool
online(const struct beatrow *b, int64_t now)
{
	int64_t interval = b->hb->interval_s ? b->hb->interval_s : 10;
	return now - b->received_ms <= 3 * interval * 1000;
}

static json_t *
member_row(struct fedview *f, const svk_member *m, const uint8_t *fed,
    const uint8_t *me, int64_t now)
{
	char fpr[SVK_FPR_LEN], seen[32];
	struct beatrow *b = beat_of(f, m->key);
	json_t *rej = json_object(), *o;
	uint64_t rejected = 0;

	svk_crypto_fingerprint(m->key, fpr);
	o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:b}", "node", fpr, "name",
	    m->name, "country", m->country, "status",
	    m->status == SAMVERK__MEMBER_STATUS__MEMBER_ACTIVE ? "active" : "suspended",
	    "role", memcmp(m->key, fed, SVK_KEY_LEN) == 0 ? "coordinator" : "member",
	    "self", memcmp(m->key, me, SVK_KEY_LEN) == 0);
	if (o == NULL || rej == NULL) {
		json_decref(o);
		json_decref(rej);
		return NULL;
	}
	if (b == NULL) {
		json_decref(rej);
		(void)json_object_set_new(o, "online", json_false());
		(void)json_object_set_new(o, "last_seen_s", json_null());
		(void)json_object_set_new(o, "behind", json_null());
		(void)json_object_set_new(o, "version", json_null());
		return o;
	}
	for (size_t i = 0; i < b->hb->n_rejected; i++) {
		(void)json_object_set_new(rej, b->hb->rejected[i]->name,
		    json_integer((json_int_t)b->hb->rejected[i]->value));
		rejected += b->hb->rejected[i]->value;
	}
	svk_report_iso_time(b->received_ms, seen);
	(void)json_object_set_new(o, "online", json_boolean(online(b, now)));
	(void)json_object_set_new(o, "last_seen_s",
	    json_integer((now - b->received_ms) / 1000));
	(void)json_object_set_new(o, "last_seen", json_string(seen));
	(void)json_object_set_new(o, "behind",
	    json_integer((json_int_t)behind(f, b->hb,
		memcmp(m->key, me, SVK_KEY_LEN) == 0)));
	(void)json_object_set_new(o, "version", json_string(b->hb->version));
	(void)json_object_set_new(o, "uptime_s",
	    json_integer((json_int_t)b->hb->uptime_s));
	(void)json_object_set_new(o, "held", json_integer((json_int_t)b->hb->held));
	(void)json_object_set_new(o, "forks", json_integer(b->hb->forks));
	(void)json_object_set_new(o, "overclaims", json_integer(overclaims(f, b->hb)));
	(void)json_object_set_new(o, "rejected_total",
	    json_integer((json_int_t)rejected));
	(void)json_object_set_new(o, "rejected", rej);
	return o;
}

struct fedrows {
	struct fedview *f;
	json_t *arr;
	const uint8_t *fed, *me;
	int64_t now;
	svk_home *home;
};

/* A member's state in words: suspended, online, offline, or connecting
 * (linked by this node's daemon, no heartbeat of it held yet: a partner
 * that just joined, or this node just started, is not "offline, never"). */
static const char *
member_state(struct fedrows *r, const svk_member *m, json_t *row)
{
	svk_peer_row peer;
	bool linked = false;

	if (m->status != SAMVERK__MEMBER_STATUS__MEMBER_ACTIVE)
		return "suspended";
	if (json_is_true(json_object_get(row, "online")))
		return "online";
	if (json_is_null(json_object_get(row, "last_seen_s")) &&
	    svk_peers_get(r->home->store, m->key, &peer, &linked) == 0 &&
	    linked && (peer.sub_up || peer.req_up))
		return "connecting";
	return "offline";
}

static int
fed_member(void *arg, const svk_member *m)
{
	struct fedrows *r = arg;
	json_t *row = member_row(r->f, m, r->fed, r->me, r->now);

	if (row == NULL || json_object_set_new(row, "state",
			       json_string(member_state(r, m, row))) != 0) {
		json_decref(row);
		return -ENOMEM;
	}
	return json_array_append_new(r->arr, row) == 0 ? 0 : -ENOMEM;
}

static int
fork_row(void *arg, const uint8_t *origin, const char *name, uint64_t seq,
    uint64_t bodies)
{
	char fpr[SVK_FPR_LEN];
	json_t *row;

	svk_crypto_fingerprint(origin, fpr);
	row = json_pack("{s:s, s:s, s:I, s:I}", "origin", fpr, "name", name,
	    "seq", (json_int_t)seq, "bodies", (json_int_t)bodies);
	return row && json_array_append_new(arg, row) == 0 ? 0 : -ENOMEM;
}

/* What both status documents say of forks and of this node's own log:
 * "forks", each origin and seq with two bodies held, and "hold", whether
 * authoring is on hold and why. */
static int
add_forks_and_hold(json_t *o, svk_home *home)
{
	json_t *forks = json_array(), *hold;
	char text[640];
	svk_hold h;
	int err;

	if (forks == NULL)
		return -ENOMEM;
	if ((err = svk_ingest_forks_each(home->store, fork_row, forks)) != 0 ||
	    (err = svk_hold_get(home->store, &h)) != 0) {
		json_decref(forks);
		return err;
	}
	svk_hold_text(&h, text, sizeof(text));
	hold = json_pack("{s:b, s:s, s:I, s:I, s:I, s:s}", "held",
	    h.reason != SVK_HOLD_NONE, "reason", svk_hold_reason_name(h.reason),
	    "own_head", (json_int_t)h.have, "shown", (json_int_t)h.shown, "seq",
	    (json_int_t)h.seq, "message", text);
	if (hold == NULL || json_object_set_new(o, "forks", forks) != 0) {
		json_decref(hold);
		return -ENOMEM;
	}
	return json_object_set_new(o, "hold", hold) == 0 ? 0 : -ENOMEM;
}

json_t *
svk_report_federation(svk_home *home)
{
	uint8_t fed[SVK_KEY_LEN];
	char ffpr[SVK_FPR_LEN];
	struct fedview f;
	struct fedrows r;
	int64_t expires = 0;
	json_t *o = NULL;

	if (svk_log_federation(home->store, fed) != 0)
		return json_pack("{s:n, s:[]}", "federation", "members");
	if (fedview_load(&f, home) != 0 ||
	    svk_roster_expiry(home->store, &expires) != 0)
		goto out;
	r = (struct fedrows){&f, json_array(), fed,
	    svk_crypto_identity_public(home->id), svk_clock_now_ms(), home};
	if (r.arr == NULL || svk_view_members(home->store, fed_member, &r) != 0) {
		json_decref(r.arr);
		goto out;
	}
	svk_crypto_fingerprint(fed, ffpr);
	o = json_pack("{s:s, s:I, s:b, s:o}", "federation", ffpr,
	    "roster_expires_ms", (json_int_t)expires, "roster_expired",
	    expires != 0 && expires < r.now, "members", r.arr);
	if (o != NULL && add_forks_and_hold(o, home) != 0) {
		json_decref(o);
		o = NULL;
	}
out:
	fedview_free(&f);
	return o;
}

/* This node's peers, with their link as the daemon last wrote it and how
 * far behind each is by its own heartbeat. */
struct peerrows {
	svk_home *home;
	struct fedview *f;
	json_t *arr;
	json_t *down;	     /* the links down for longer than deadline_ms */
	int64_t deadline_ms; /* svk_config_link_deadline_ms */
	int64_t now;
};

/* Adds p's link to r->down when it has been down (or partly) for longer
 * than a link may be silent: the daemon keeps dialling it, but the
 * operator should look at the partner's address and the network. */
static int
down_row(struct peerrows *r, const svk_member *m, const char *fpr,
    const char *state, int64_t since_ms)
{
	char since[32] = "";
	json_t *o;

	if (since_ms == 0 || r->now - since_ms < r->deadline_ms ||
	    (strcmp(state, "down") != 0 && strcmp(state, "partly up") != 0))
		return 0;
	svk_report_iso_time(since_ms, since);
	o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:I, s:s, s:I}", "node", fpr,
	    "name", m->name, "state", state, "pub", m->pub, "catchup", m->catchup,
	    "down_since_ms", (json_int_t)since_ms, "down_since", since,
	    "down_for_s", (json_int_t)((r->now - since_ms) / 1000));
	return o != NULL && json_array_append_new(r->down, o) == 0 ? 0 : -ENOMEM;
}

static int
peer_row(void *arg, const svk_member *m)
{
	struct peerrows *r = arg;
	svk_peer_row row;
	char fpr[SVK_FPR_LEN], seen[32] = "", caught_up[32] = "";
	bool linked = false, sub_up = false, req_up = false;
	int64_t seen_ms = 0, catchup_ms = 0, received = 0;
	struct beatrow *b;

	if (memcmp(m->key, svk_crypto_identity_public(r->home->id), SVK_KEY_LEN) == 0)
		return 0;
	if (svk_peers_get(r->home->store, m->key, &row, &linked) != 0)
		return SVK_EDB;
	sub_up = row.sub_up;
	req_up = row.req_up;
	seen_ms = row.last_seen_ms;
	catchup_ms = row.last_catchup_ms;
	received = (int64_t)row.received;
	svk_report_iso_time(seen_ms, seen);
	svk_report_iso_time(catchup_ms, caught_up);
	svk_crypto_fingerprint(m->key, fpr);
	const char *state = !linked	     ? "not linked" :
			    sub_up && req_up ? "up" :
			    sub_up || req_up ? "partly up" :
					       "down";
	if (m->status != SAMVERK__MEMBER_STATUS__MEMBER_ACTIVE)
		state = "suspended";
	b = beat_of(r->f, m->key);
	json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:b, s:b, s:I, "
			      "s:s, s:I, s:s, s:I}",
	    "node", fpr, "name", m->name, "country", m->country, "state", state,
	    "pub", m->pub, "catchup", m->catchup, "encrypted",
	    /* both links: what we subscribe to and where we catch up */
	    strncmp(m->pub, "tls+tcp://", 10) == 0 &&
		strncmp(m->catchup, "tls+tcp://", 10) == 0,
	    "subscribed", sub_up, "catchup_link", req_up, "last_seen_ms",
	    (json_int_t)seen_ms, "last_seen", seen, "last_catchup_ms",
	    (json_int_t)catchup_ms, "last_catchup", caught_up, "received",
	    (json_int_t)received);
	if (o == NULL)
		return -ENOMEM;
	(void)json_object_set_new(o, "behind",
	    b ? json_integer((json_int_t)behind(r->f, b->hb, false)) : json_null());
	(void)json_object_set_new(o, "down_since_ms",
	    json_integer((json_int_t)(linked ? row.down_since_ms : 0)));
	if (json_array_append_new(r->arr, o) != 0)
		return -ENOMEM;
	return linked ? down_row(r, m, fpr, state, row.down_since_ms) : 0;
}

json_t *
svk_report_status(svk_home *home, const svk_config *cfg)
{
	uint8_t fed[SVK_KEY_LEN];
	char fpr[SVK_FPR_LEN], ffpr[SVK_FPR_LEN];
	uint64_t all = 0, own = 0;
	int64_t expires = 0;
	json_t *rejected = json_object(), *flagged = json_object();
	struct fedview f;
	struct peerrows pr = {home, &f, json_array(), json_array(),
	    svk_config_link_deadline_ms(cfg), svk_clock_now_ms()};
	bool in_fed = svk_log_federation(home->store, fed) == 0;
	json_t *o = NULL;
	svk_space sp;

	memset(&f, 0, sizeof(f));
	svk_crypto_fingerprint(svk_crypto_identity_public(home->id), fpr);
	if (in_fed)
		svk_crypto_fingerprint(fed, ffpr);
	if (rejected == NULL || flagged == NULL || pr.arr == NULL || pr.down == NULL ||
	    svk_log_count(home->store, svk_crypto_identity_public(home->id), &all,
		&own) != 0 ||
	    svk_roster_expiry(home->store, &expires) != 0 ||
	    svk_store_rejected_each(home->store, count_into, rejected) != 0 ||
	    svk_stats_flagged_each(home->store, count_into, flagged) != 0 ||
	    fedview_load(&f, home) != 0 ||
	    svk_view_members(home->store, peer_row, &pr) != 0)
		goto fail;
	if (svk_space_check(home->dir, &sp) != 0)
		sp = (svk_space){0, true}; /* not known: not claimed full */
	o = json_pack("{s:s, s:s, s:s, s:s?, s:s, s:s, s:s, s:s, s:s, "
		      "s:{s:I, s:I, s:I}, s:o, s:o, s:o, s:o, s:I, s:b, s:{s:b, s:I}}",
	    "node", fpr, "name", home->name, "country", home->country,
	    "federation", in_fed ? ffpr : NULL, "role",
	    !in_fed			    ? "standalone" :
	    svk_roster_is_coordinator(home) ? "coordinator" :
					      "member",
	    "version", SVK_VERSION, "pub", cfg->pub, "catchup", cfg->catchup,
	    "http", cfg->http, "entries", "all", (json_int_t)all, "own",
	    (json_int_t)own, "others", (json_int_t)(all - own), "peers", pr.arr,
	    "links_down", pr.down, "rejected", rejected, "flagged", flagged,
	    "roster_expires_ms", (json_int_t)expires, "roster_expired",
	    expires != 0 && expires < svk_clock_now_ms(), "store", "writable",
	    sp.writable, "free_bytes", (json_int_t)sp.free_bytes);
	fedview_free(&f);
	/* Noted by the daemon at a refused first contact; a roster held means
	 * the join worked after all. */
	char *problem = NULL;
	if (o != NULL && in_fed && expires == 0 &&
	    svk_store_meta_get(home->store, "join_problem", &problem) == 0)
		(void)json_object_set_new(o, "join_problem", json_string(problem));
	free(problem);
	char today[11];
	svk_follow_up_today(today);
	/* An adoption that cannot be read leaves the reminders out, not the
	 * whole status: verify names a damaged entry. */
	json_t *due = o ? svk_report_follow_up_due(home, today) : NULL;
	if (o != NULL && due == NULL)
		due = json_array();
	if (o != NULL &&
	    (due == NULL || json_object_set_new(o, "follow_ups_due", due) != 0 ||
		add_forks_and_hold(o, home) != 0)) {
		json_decref(o);
		return NULL;
	}
	return o;
fail:
	fedview_free(&f);
	json_decref(rejected);
	json_decref(flagged);
	json_decref(pr.arr);
	json_decref(pr.down);
	return NULL;
}

/* --- the federation's rollup ------------------------------------------------ */

struct names {
	json_t *members; /* node -> {name, country} */
};

static int
name_cb(void *arg, const svk_member *m)
{
	struct names *n = arg;
	char fpr[SVK_FPR_LEN];

	svk_crypto_fingerprint(m->key, fpr);
	return json_object_set_new(n->members, fpr,
	    json_pack("{s:s, s:s}", "name", m->name, "country", m->country));
}

struct reporters {
	svk_home *home;
	json_t *names;	/* node -> {name, country} */
	json_t *bynode; /* node -> member object */
	json_t *arr;
};

/* A text field of the member named by fpr in the roster, or "". */
static const char *
member_field(json_t *names, const char *fpr, const char *field)
{
	const char *s =
	    json_string_value(json_object_get(json_object_get(names, fpr), field));
	return s ? s : "";
}

static int
reporter_cb(void *arg, const svk_indicator_set *set)
{
	struct reporters *r = arg;
	char fpr[SVK_FPR_LEN];
	json_t *m;

	svk_crypto_fingerprint(set->origin, fpr);
	if ((m = json_object_get(r->bynode, fpr)) == NULL) {
		bool self = memcmp(set->origin,
				svk_crypto_identity_public(r->home->id),
				SVK_KEY_LEN) == 0;
		m = json_pack("{s:s, s:s, s:s, s:b, s:[]}", "node", fpr, "name",
		    self ? r->home->name : member_field(r->names, fpr, "name"),
		    "country",
		    self ? r->home->country : member_field(r->names, fpr, "country"),
		    "self", self, "periods");
		if (m == NULL || json_object_set_new(r->bynode, fpr, m) != 0 ||
		    json_array_append(r->arr, m) != 0)
			return -ENOMEM;
	}
	return json_array_append_new(json_object_get(m, "periods"),
	    json_string(set->period));
}

json_t *
svk_report_rollup(svk_home *home, const char *period)
{
	struct names names = {json_object()};
	struct reporters r = {home, names.members, json_object(), json_array()};
	svk_rollup *roll = NULL;
	json_t *doc = NULL, *periods = json_array(), *group = NULL;
	const char *last = NULL;

	if (names.members == NULL || r.bynode == NULL || r.arr == NULL ||
	    periods == NULL)
		goto fail;
	if (svk_view_members(home->store, name_cb, &names) != 0 ||
	    svk_indicators_each(home->store, NULL, period, reporter_cb, &r) != 0 ||
	    svk_indicators_rollup(home->store, period, &roll) != 0)
		goto fail;
	for (size_t i = 0; i < roll->n; i++) {
		const svk_rollup_cell *c = &roll->cells[i];
		if (last == NULL || strcmp(last, c->period) != 0) {
			group = json_pack("{s:s, s:i, s:[]}", "period", c->period,
			    "members", (int)c->members, "cells");
			if (group == NULL || json_array_append_new(periods, group) != 0)
				goto fail;
			last = c->period;
		}
		json_t *cell = json_pack("{s:s, s:s, s:s, s:o, s:i, s:i, s:i}", "code",
		    c->code, "breakdown", c->breakdown, "unit", c->unit, "value",
		    c->reported > 0 ? json_integer((json_int_t)c->sum) : json_null(),
		    "reported", (int)c->reported, "confidential",
		    (int)c->confidential, "members", (int)c->members);
		if (json_array_append_new(json_object_get(group, "cells"), cell) != 0)
			goto fail;
	}
	doc = json_pack("{s:o, s:O}", "periods", periods, "members", r.arr);
	periods = NULL;
fail:
	json_decref(periods);
	json_decref(names.members);
	json_decref(r.bynode);
	json_decref(r.arr);
	svk_indicators_rollup_free(roll);
	return doc;
}
