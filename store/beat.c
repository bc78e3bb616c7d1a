/* beat.c: heartbeats, checked and kept, newest per member. See beat.h. */
#include "beat.h"
#include "store-int.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "envelope.h"
#include "fold.h"
#include "log.h"
#include "view.h"


static bool
text_valid(const char *s)
{
	return s == NULL || svk_fold_utf8_valid(s, strlen(s));
}

/* Every string a heartbeat carries is well-formed UTF-8 before it is kept
 * (and relayed, and shown). */
static bool
texts_valid(const Samverk__Heartbeat *hb)
{
	if (!text_valid(hb->version) || !text_valid(hb->name))
		return false;
	for (size_t i = 0; i < hb->n_rejected; i++)
		if (!text_valid(hb->rejected[i]->name))
			return false;
	return true;
}

void
svk_beat_free(svk_beat *b)
{
	if (b == NULL)
		return;
	if (b->hb)
		samverk__heartbeat__free_unpacked(b->hb, NULL);
	free(b->envelope);
	free(b);
}

int
svk_beat_open(const uint8_t *buf, size_t len, svk_beat **out)
{
	Samverk__Envelope *env;
	svk_beat *b;
	int err = SVK_EMALFORMED;

	if (len > SVK_MAX_HEARTBEAT)
		return SVK_ETOOBIG;
	if ((env = samverk__envelope__unpack(NULL, len, buf)) == NULL)
		return SVK_EMALFORMED;
	if ((b = calloc(1, sizeof(*b))) == NULL) {
		samverk__envelope__free_unpacked(env, NULL);
		return -ENOMEM;
	}
	if (env->sig.len != SVK_SIG_LEN ||
	    (b->hb = samverk__heartbeat__unpack(NULL, env->body.len,
		 env->body.data)) == NULL ||
	    b->hb->node.len != SVK_KEY_LEN || b->hb->federation.len != SVK_KEY_LEN)
		goto fail;
	for (size_t i = 0; i < b->hb->n_heads; i++)
		if (b->hb->heads[i]->origin.len != SVK_KEY_LEN)
			goto fail;
	if (!texts_valid(b->hb))
		goto fail;
	if ((err = svk_crypto_verify(b->hb->node.data, SVK_TAG_HEARTBEAT,
		 env->body.data, env->body.len, env->sig.data)) != 0)
		goto fail;
	if ((b->envelope = malloc(len)) == NULL) {
		err = -ENOMEM;
		goto fail;
	}
	memcpy(b->envelope, buf, len);
	b->envelope_len = len;
	samverk__envelope__free_unpacked(env, NULL);
	*out = b;
	return 0;
fail:
	samverk__envelope__free_unpacked(env, NULL);
	svk_beat_free(b);
	return err;
}

int
svk_beat_seal(const svk_identity *me, const Samverk__Heartbeat *hb, uint8_t **out,
    size_t *len)
{
	size_t n = samverk__heartbeat__get_packed_size(hb);
	uint8_t *body;
	int err;

	if ((body = malloc(n ? n : 1)) == NULL)
		return -ENOMEM;
	(void)samverk__heartbeat__pack(hb, body);
	err = svk_envelope_seal(me, SVK_TAG_HEARTBEAT, body, n, 0, out, len);
	free(body);
	return err;
}

int
svk_beat_check(svk_store *st, const svk_beat *b, int64_t now)
{
	uint8_t fed[SVK_KEY_LEN];
	int err;

	if ((err = svk_log_federation(st, fed)) != 0)
		return err == SVK_ENOTFOUND ? SVK_EFEDERATION : err;
	if (memcmp(b->hb->federation.data, fed, SVK_KEY_LEN) != 0)
		return SVK_EFEDERATION;
	if ((err = svk_view_member_status(st, b->hb->node.data)) != 0)
		return err;
	if (b->hb->time_ms > now + SVK_BEAT_MAX_AHEAD_MS)
		return SVK_EFUTURE;
	return svk_log_roster_in_force(st, now);
}

int
svk_beat_ingest(svk_store *st, const svk_beat *b, bool *fresh)
{
	sqlite3_stmt *stmt;
	int64_t now = svk_clock_now_ms();
	int err, rc;

	*fresh = false;
	if ((err = svk_beat_check(st, b, now)) != 0)
		return err;
	/* Newer replaces older, so an old one replayed changes nothing; but a
	 * stored one dated ahead of our clock came from a clock since put
	 * right, and a current one replaces it. */
	if ((err = svk__store_stmt(st,
		 "INSERT INTO heartbeats (node, time_ms, received_ms, envelope) "
		 "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (node) DO UPDATE SET "
		 "time_ms = excluded.time_ms, received_ms = excluded.received_ms, "
		 "envelope = excluded.envelope WHERE excluded.time_ms > time_ms "
		 "OR (time_ms > ?3 + ?5 AND excluded.time_ms >= ?3 - ?6)",
		 &stmt)) != 0)
		return err;
	(void)sqlite3_bind_blob(stmt, 1, b->hb->node.data, SVK_KEY_LEN, SQLITE_STATIC);
	(void)sqlite3_bind_int64(stmt, 2, b->hb->time_ms);
	(void)sqlite3_bind_int64(stmt, 3, now);
	(void)sqlite3_bind_blob(stmt, 4, b->envelope, (int)b->envelope_len,
	    SQLITE_STATIC);
	(void)sqlite3_bind_int64(stmt, 5, SVK_BEAT_AHEAD_SLACK_MS);
	(void)sqlite3_bind_int64(stmt, 6, SVK_BEAT_CURRENT_MS);
	rc = sqlite3_step(stmt);
	svk__store_release(stmt);
	if (rc != SQLITE_DONE)
		return svk__store_err(rc);
	*fresh = sqlite3_changes(svk__store_db(st)) > 0;
	return 0;
}

int
svk_beat_each(svk_store *st, svk_beat_fn fn, void *arg)
{
	sqlite3_stmt *stmt;
	int err = 0, rc;

	rc = sqlite3_prepare_v2(svk__store_db(st),
	    "SELECT envelope, received_ms FROM heartbeats", -1, &stmt, NULL);
	if (rc != SQLITE_OK)
		return svk__store_err(rc);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		Samverk__Envelope *env = samverk__envelope__unpack(NULL,
		    (size_t)sqlite3_column_bytes(stmt, 0),
		    sqlite3_column_blob(stmt, 0));
		Samverk__Heartbeat *hb = env ? samverk__heartbeat__unpack(NULL,
						   env->body.len, env->body.data) :
					       NULL;
		if (hb != NULL && hb->node.len == SVK_KEY_LEN)
			err = fn(arg, hb, sqlite3_column_int64(stmt, 1));
		if (hb)
			samverk__heartbeat__free_unpacked(hb, NULL);
		if (env)
			samverk__envelope__free_unpacked(env, NULL);
		if (err != 0)
			break;
	}
	return svk__store_finish(stmt, rc, err);
}
