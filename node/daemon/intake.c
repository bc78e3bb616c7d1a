/* intake.c: storing partners' entries in the daemon. See intake.h. */
#include "intake.h"

#include <stdlib.h>
#include <string.h>

#include "beat.h"
#include "say.h"
#include "ingest.h"

void
svk_intake_init(svk_intake *ing, svk_home *home, svk_publish *pub,
    void (*on_roster)(void *arg), void *arg)
{
	memset(ing, 0, sizeof(*ing));
	ing->home = home;
	ing->pub = pub;
	ing->on_roster = on_roster;
	ing->arg = arg;
}

bool
svk_intake_is_roster(const svk_entry *e)
{
	return e->body->payload_case == SAMVERK__BODY__PAYLOAD_ROSTER;
}

int
svk_intake_entry(svk_intake *ing, const svk_entry *e, bool relay, bool *roster)
{
	bool fresh = false;
	int err = svk_ingest_entry(ing->home->store, e, &fresh);

	if (err != 0) {
		char fpr[SVK_FPR_SHORT_LEN];
		svk_crypto_fingerprint_short(e->body->origin.data, fpr);
		if (err == SVK_EFORK)
			svk_say_warn("fork: %s signed two different entries %llu",
			    fpr, (unsigned long long)e->body->seq);
		else
			svk_say_debug("rejected entry %s/%llu: %s", fpr,
			    (unsigned long long)e->body->seq, svk_error_str(err));
		return err;
	}
	if (fresh) {
		ing->ingested++;
		if (svk_intake_is_roster(e))
			*roster = true;
		if (relay &&
		    memcmp(e->body->origin.data,
			svk_crypto_identity_public(ing->home->id), SVK_KEY_LEN) != 0)
			svk_publish_relay(ing->pub, e->envelope, e->envelope_len);
	}
	return 0;
}

void
svk_intake_beat(svk_intake *ing, const uint8_t *beat, size_t len)
{
	svk_beat *b = NULL;
	bool fresh = false;

	if (svk_beat_open(beat, len, &b) != 0)
		svk_store_count_reject(ing->home->store, "bad_heartbeat");
	else if (svk_beat_ingest(ing->home->store, b, &fresh) == 0 && fresh)
		svk_publish_relay_beat(ing->pub, beat, len); /* as entries are */
	svk_beat_free(b);
}

void
svk_intake_reject(svk_intake *ing, const char *reason)
{
	svk_store_count_reject(ing->home->store, reason);
}

svk_store *
svk_intake_store(const svk_intake *ing)
{
	return ing->home->store;
}

bool
svk_intake_has_gap(svk_intake *ing, const uint8_t *origin)
{
	svk_head *heads = NULL;
	size_t n = 0;
	bool gap = false;

	if (svk_log_heads(ing->home->store, &heads, &n) != 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (memcmp(heads[i].origin, origin, SVK_KEY_LEN) == 0)
			gap = heads[i].top > heads[i].head;
	free(heads);
	return gap;
}

void
svk_intake_roster_changed(svk_intake *ing)
{
	if (ing->on_roster != NULL)
		ing->on_roster(ing->arg);
}

uint64_t
svk_intake_count(const svk_intake *ing)
{
	return ing->ingested;
}
