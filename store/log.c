/*
 * log.c: the per-origin signed logs: the one insert every entry goes
 * through, local append, joining a federation, heads and reading the log.
 * Checking envelopes is entry.c's, ingest of partners' entries ingest.c's,
 * verification verify.c's. See log.h.
 */
#include "log.h"
#include "store-int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "envelope.h"
#include "materialise.h"
#include "store_meta.h"

int
svk_log_federation(svk_store *st, uint8_t fed[static SVK_KEY_LEN])
{
	return svk_store_meta_get_blob(st, "federation", fed, SVK_KEY_LEN);
}

int
svk__log_entry_id(svk_store *st, const uint8_t *origin, uint64_t seq,
    uint8_t id[SVK_HASH_LEN])
{
	sqlite3_stmt *stmt;
	int err, rc;

	if ((err = svk__store_stmt(st,
		 "SELECT id FROM log WHERE origin = ? AND seq = ?", &stmt)) != 0)
		return err;
	(void)sqlite3_bind_blob(stmt, 1, origin, SVK_KEY_LEN, SQLITE_STATIC);
	(void)sqlite3_bind_int64(stmt, 2, (sqlite3_int64)seq);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW && sqlite3_column_bytes(stmt, 0) == SVK_HASH_LEN) {
		memcpy(id, sqlite3_column_blob(stmt, 0), SVK_HASH_LEN);
		err = 0;
	} else if (rc == SQLITE_DONE) {
		err = SVK_ENOTFOUND;
	} else {
		err = rc == SQLITE_ROW ? SVK_ECORRUPT : svk__store_err(rc);
	}
	svk__store_release(stmt);
	return err;
}

int
svk_log_id_at(svk_store *st, const uint8_t origin[static SVK_KEY_LEN],
    uint64_t seq, uint8_t id[static SVK_HASH_LEN])
{
	return svk__log_entry_id(st, origin, seq, id);
}

int
svk_log_own_head(svk_store *st, uint8_t me[static SVK_KEY_LEN], uint64_t *head)
{
	struct svk__log_place pl;
	int err;

	if ((err = svk_store_meta_get_blob(st, "node_key", me, SVK_KEY_LEN)) != 0)
		return err;
	if ((err = svk__log_read_place(st, me, &pl)) != 0)
		return err;
	*head = pl.head;
	return 0;
}

int
svk__log_read_place(svk_store *st, const uint8_t *origin, struct svk__log_place *pl)
{
	sqlite3_stmt *stmt;
	int err, rc;

	pl->head = pl->top = 0;
	if ((err = svk__store_stmt(st,
		 "SELECT head, top FROM heads WHERE origin = ?", &stmt)) != 0)
		return err;
	(void)sqlite3_bind_blob(stmt, 1, origin, SVK_KEY_LEN, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		pl->head = (uint64_t)sqlite3_column_int64(stmt, 0);
		pl->top = (uint64_t)sqlite3_column_int64(stmt, 1);
	}
	svk__store_release(stmt);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : svk__store_err(rc);
}

/* Advances origin's head over every contiguous entry now held, seq being
 * the one just stored and pl where the log stood before it; *now is where
 * it stands after. */
static int
update_head(svk_store *st, const uint8_t *origin, uint64_t seq,
    const struct svk__log_place *pl, struct svk__log_place *now)
{
	sqlite3_stmt *stmt;
	uint64_t head = pl->head, top = pl->top;
	int err, rc;

	if (seq == head + 1 && top <= head) {
		head = top = seq; /* the usual case: the next one, no gap ahead */
	} else if (seq == head + 1) {
		/* Walk forward over entries that arrived ahead of a gap. */
		if ((err = svk__store_stmt(st,
			 "SELECT seq FROM log WHERE origin = ? AND seq > ? "
			 "ORDER BY seq",
			 &stmt)) != 0)
			return err;
		(void)sqlite3_bind_blob(stmt, 1, origin, SVK_KEY_LEN, SQLITE_STATIC);
		(void)sqlite3_bind_int64(stmt, 2, (sqlite3_int64)head);
		while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
			if ((uint64_t)sqlite3_column_int64(stmt, 0) != head + 1)
				break;
			head++;
		}
		svk__store_release(stmt);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return svk__store_err(rc);
	} else if (seq > top) {
		top = seq;
	}
	if ((err = svk__store_stmt(st,
		 "INSERT OR REPLACE INTO heads (origin, head, top) VALUES (?, ?, ?)",
		 &stmt)) != 0)
		return err;
	(void)sqlite3_bind_blob(stmt, 1, origin, SVK_KEY_LEN, SQLITE_STATIC);
	(void)sqlite3_bind_int64(stmt, 2, (sqlite3_int64)head);
	(void)sqlite3_bind_int64(stmt, 3, (sqlite3_int64)top);
	now->head = head;
	now->top = top;
	return svk__store_done(stmt);
}

int
svk__log_insert(svk_store *st, const uint8_t id[SVK_HASH_LEN], const Samverk__Body *b,
    const uint8_t *envelope, size_t len, const struct svk__log_place *pl)
{
	struct svk__log_tip *tip = svk__store_tip(st);
	struct svk__log_place now;
	sqlite3_stmt *stmt;
	int err;

	tip->valid = false;
	/* A roster changes who is admitted (ingest.c). */
	if (b->payload_case == SAMVERK__BODY__PAYLOAD_ROSTER)
		svk__store_admit(st)->valid = false;
	if ((err = svk__store_stmt(st,
		 "INSERT INTO log (id, origin, seq, prev, time_ms, kind, "
		 "envelope, received_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
		 &stmt)) != 0)
		return err;
	(void)sqlite3_bind_blob(stmt, 1, id, SVK_HASH_LEN, SQLITE_STATIC);
	(void)sqlite3_bind_blob(stmt, 2, b->origin.data, SVK_KEY_LEN, SQLITE_STATIC);
	(void)sqlite3_bind_int64(stmt, 3, (sqlite3_int64)b->seq);
	if (b->prev.len > 0)
		(void)sqlite3_bind_blob(stmt, 4, b->prev.data, (int)b->prev.len,
		    SQLITE_STATIC);
	(void)sqlite3_bind_int64(stmt, 5, b->time_ms);
	(void)sqlite3_bind_int(stmt, 6, (int)b->payload_case);
	(void)sqlite3_bind_blob(stmt, 7, envelope, (int)len, SQLITE_STATIC);
	(void)sqlite3_bind_int64(stmt, 8, svk_clock_now_ms());
	if ((err = svk__store_done(stmt)) != 0)
		return err;
	if ((err = update_head(st, b->origin.data, b->seq, pl, &now)) != 0)
		return err;
	if ((err = svk__materialise_apply(st, id, b, false)) != 0)
		return err;
	memcpy(tip->origin, b->origin.data, SVK_KEY_LEN);
	memcpy(tip->id, id, SVK_HASH_LEN);
	tip->seq = b->seq;
	tip->pl = now;
	tip->valid = true;
	return 0;
}

/* SVK_EHELD while authoring is on hold (hold.h keeps it; store-int.h says
 * where), read inside the write transaction. */
static int
held(svk_store *st)
{
	sqlite3_stmt *stmt;
	int err, rc;

	if ((err = svk__store_stmt(st, "SELECT 1 FROM meta WHERE key = ?", &stmt)) != 0)
		return err;
	(void)sqlite3_bind_text(stmt, 1, SVK__HOLD_META, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	svk__store_release(stmt);
	if (rc == SQLITE_ROW)
		return SVK_EHELD;
	return rc == SQLITE_DONE ? 0 : svk__store_err(rc);
}

/* Reads my latest seq and its entry id, inside the write transaction. */
static int
my_tip(svk_store *st, const uint8_t *me, uint64_t *seq, uint8_t id[SVK_HASH_LEN])
{
	sqlite3_stmt *stmt;
	int err, rc;

	if ((err = svk__store_stmt(st,
		 "SELECT seq, id FROM log WHERE origin = ? "
		 "ORDER BY seq DESC LIMIT 1",
		 &stmt)) != 0)
		return err;
	(void)sqlite3_bind_blob(stmt, 1, me, SVK_KEY_LEN, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	*seq = 0;
	err = 0;
	if (rc == SQLITE_ROW) {
		*seq = (uint64_t)sqlite3_column_int64(stmt, 0);
		if (sqlite3_column_bytes(stmt, 1) != SVK_HASH_LEN)
			err = SVK_ECORRUPT;
		else
			memcpy(id, sqlite3_column_blob(stmt, 1), SVK_HASH_LEN);
	} else if (rc != SQLITE_DONE) {
		err = svk__store_err(rc);
	}
	svk__store_release(stmt);
	return err;
}

/* Serialises and signs body into a new envelope buffer. */
static int
seal(const svk_identity *me, const Samverk__Body *body, uint8_t **out,
    size_t *outlen, uint8_t id[SVK_HASH_LEN])
{
	size_t bodylen = samverk__body__get_packed_size(body);
	uint8_t *bodybuf;
	int err;

	if ((bodybuf = malloc(bodylen)) == NULL)
		return -ENOMEM;
	(void)samverk__body__pack(body, bodybuf);
	err = svk_envelope_seal(me, SVK_TAG_ENTRY, bodybuf, bodylen,
	    SVK_MAX_ENVELOPE, out, outlen);
	if (err == 0)
		svk_crypto_hash(bodybuf, bodylen, id);
	free(bodybuf);
	return err;
}

int
svk_log_roster_in_force(svk_store *st, int64_t now)
{
	char *s = NULL;
	int64_t expires;
	int err = svk_store_meta_get(st, "roster_expires_ms", &s);

	if (err == SVK_ENOTFOUND)
		return 0;
	if (err != 0)
		return err;
	expires = strtoll(s, NULL, 10);
	free(s);
	return expires != 0 && now > expires ? SVK_EEXPIRED : 0;
}

int
svk_log_append(svk_store *st, const svk_identity *me, Samverk__Body *body,
    uint64_t *seq, uint8_t id[SVK_HASH_LEN])
{
	const uint8_t *pk = svk_crypto_identity_public(me);
	uint8_t fed[SVK_KEY_LEN], tip_id[SVK_HASH_LEN], new_id[SVK_HASH_LEN];
	uint8_t *envelope = NULL;
	size_t envlen;
	uint64_t tip;
	bool own_tx = sqlite3_get_autocommit(svk__store_db(st));
	struct svk__log_place pl;
	int err;

	if (own_tx && (err = svk_store_begin(st)) != 0)
		return err;
	if (!own_tx && (err = svk__store_run(st, "SAVEPOINT append")) != 0)
		return err;
	if ((err = held(st)) != 0)
		goto fail;
	err = svk_log_federation(st, fed);
	if (err != 0 && err != SVK_ENOTFOUND)
		goto fail;
	if (err == 0) {
		body->federation.data = fed;
		body->federation.len = SVK_KEY_LEN;
	}
	/* Nothing new on an expired roster but the coordinator's renewal. */
	if (body->payload_case != SAMVERK__BODY__PAYLOAD_ROSTER &&
	    (err = svk_log_roster_in_force(st, svk_clock_now_ms())) != 0)
		goto fail;
	if ((err = my_tip(st, pk, &tip, tip_id)) != 0)
		goto fail;
	body->origin.data = (uint8_t *)pk;
	body->origin.len = SVK_KEY_LEN;
	body->seq = tip + 1;
	body->prev.data = tip > 0 ? tip_id : NULL;
	body->prev.len = tip > 0 ? SVK_HASH_LEN : 0;
	body->time_ms = svk_clock_now_ms();
	if ((err = seal(me, body, &envelope, &envlen, new_id)) != 0)
		goto fail;
	if ((err = svk__log_read_place(st, pk, &pl)) != 0 ||
	    (err = svk__log_insert(st, new_id, body, envelope, envlen, &pl)) != 0)
		goto fail;
	if (own_tx && (err = svk_store_commit(st)) != 0)
		goto out;
	if (!own_tx && (err = svk__store_run(st, "RELEASE append")) != 0)
		goto out;
	if (seq != NULL)
		*seq = body->seq;
	if (id != NULL)
		memcpy(id, new_id, SVK_HASH_LEN);
	goto out;
fail:
	if (own_tx) {
		svk_store_rollback(st);
	} else {
		/* Undo this entry's writes alone; the caller's stay. */
		svk__store_undo(st, "ROLLBACK TO append");
		svk__store_undo(st, "RELEASE append");
	}
out:
	free(envelope);
	body->federation.data = NULL;
	body->federation.len = 0;
	body->origin.data = NULL;
	body->origin.len = 0;
	body->prev.data = NULL;
	body->prev.len = 0;
	return err;
}

/* Collects my entries' bodies, in seq order, for svk_log_join. */
struct bodies {
	Samverk__Body **items;
	size_t n, cap;
};

static int
collect_body(void *arg, const uint8_t *origin, uint64_t seq,
    const uint8_t *envelope, size_t len)
{
	struct bodies *b = arg;
	Samverk__Envelope *env;
	Samverk__Body *body;

	(void)origin;
	(void)seq;
	if ((env = samverk__envelope__unpack(NULL, len, envelope)) == NULL)
		return SVK_ECORRUPT;
	body = samverk__body__unpack(NULL, env->body.len, env->body.data);
	samverk__envelope__free_unpacked(env, NULL);
	if (body == NULL)
		return SVK_ECORRUPT;
	if (b->n == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 32;
		Samverk__Body **items = realloc(b->items, cap * sizeof(*items));
		if (items == NULL) {
			samverk__body__free_unpacked(body, NULL);
			return -ENOMEM;
		}
		b->items = items;
		b->cap = cap;
	}
	b->items[b->n++] = body;
	return 0;
}

static int
exec_blob(svk_store *st, const char *sql, const uint8_t *blob)
{
	sqlite3_stmt *stmt;
	int err = svk__store_stmt(st, sql, &stmt);
	if (err != 0)
		return err;
	(void)sqlite3_bind_blob(stmt, 1, blob, SVK_KEY_LEN, SQLITE_STATIC);
	return svk__store_done(stmt);
}

int
svk_log_join(svk_store *st, const svk_identity *me,
    const uint8_t fed[static SVK_KEY_LEN])
{
	const uint8_t *pk = svk_crypto_identity_public(me);
	struct bodies b = {0};
	uint8_t prev[SVK_HASH_LEN], id[SVK_HASH_LEN], old[SVK_KEY_LEN];
	int err;

	if ((err = svk_store_begin(st)) != 0)
		return err;
	err = svk_log_federation(st, old);
	if (err == 0)
		err = SVK_EEXISTS;
	if (err != SVK_ENOTFOUND)
		goto fail;
	if ((err = svk_store_meta_set_blob(st, "federation", fed, SVK_KEY_LEN)) != 0)
		goto fail;
	if ((err = svk_log_each(st, pk, 0, 0, collect_body, &b)) != 0)
		goto fail;
	/* Take my entries out, with what was materialised from them, and put
	 * them back signed anew: svk__log_insert() rebuilds the rest. */
	if ((err = exec_blob(st,
		 "DELETE FROM search WHERE rowid IN (SELECT rowid "
		 "FROM entities WHERE origin = ?)",
		 pk)) != 0 ||
	    (err = exec_blob(st, "DELETE FROM entities WHERE origin = ?", pk)) != 0 ||
	    (err = exec_blob(st, "DELETE FROM heads WHERE origin = ?", pk)) != 0 ||
	    (err = exec_blob(st, "DELETE FROM log WHERE origin = ?", pk)) != 0)
		goto fail;
	for (size_t i = 0; i < b.n; i++) {
		Samverk__Body *body = b.items[i];
		uint8_t *envelope = NULL;
		size_t envlen;

		free(body->federation.data);
		free(body->prev.data);
		body->federation.data = NULL;
		body->prev.data = NULL;
		body->prev.len = 0;
		if ((body->federation.data = malloc(SVK_KEY_LEN)) == NULL) {
			err = -ENOMEM;
			goto fail;
		}
		memcpy(body->federation.data, fed, SVK_KEY_LEN);
		body->federation.len = SVK_KEY_LEN;
		if (i > 0) {
			if ((body->prev.data = malloc(SVK_HASH_LEN)) == NULL) {
				err = -ENOMEM;
				goto fail;
			}
			memcpy(body->prev.data, prev, SVK_HASH_LEN);
			body->prev.len = SVK_HASH_LEN;
		}
		if ((err = seal(me, body, &envelope, &envlen, id)) != 0)
			goto fail;
		struct svk__log_place pl = {i, i}; /* put back in order, from empty */
		err = svk__log_insert(st, id, body, envelope, envlen, &pl);
		free(envelope);
		if (err != 0)
			goto fail;
		memcpy(prev, id, SVK_HASH_LEN);
	}
	err = svk_store_commit(st);
	goto out;
fail:
	svk_store_rollback(st);
out:
	for (size_t i = 0; i < b.n; i++)
		samverk__body__free_unpacked(b.items[i], NULL);
	free(b.items);
	return err;
}

int
svk_log_heads(svk_store *st, svk_head **heads, size_t *n)
{
	sqlite3_stmt *stmt;
	svk_head *arr = NULL, *tmp;
	size_t count = 0, cap = 0;
	int err, rc;

	if ((err = svk__store_stmt(st,
		 "SELECT h.origin, h.head, h.top, l.id FROM heads h LEFT JOIN log l "
		 "ON l.origin = h.origin AND l.seq = h.head ORDER BY h.origin",
		 &stmt)) != 0)
		return err;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (sqlite3_column_bytes(stmt, 0) != SVK_KEY_LEN)
			continue;
		if (count == cap) {
			cap = cap ? cap * 2 : 16;
			if ((tmp = realloc(arr, cap * sizeof(*arr))) == NULL) {
				err = -ENOMEM;
				goto out;
			}
			arr = tmp;
		}
		memcpy(arr[count].origin, sqlite3_column_blob(stmt, 0), SVK_KEY_LEN);
		arr[count].head = (uint64_t)sqlite3_column_int64(stmt, 1);
		arr[count].top = (uint64_t)sqlite3_column_int64(stmt, 2);
		if (sqlite3_column_bytes(stmt, 3) == SVK_HASH_LEN)
			memcpy(arr[count].hash, sqlite3_column_blob(stmt, 3),
			    SVK_HASH_LEN);
		else
			memset(arr[count].hash, 0, SVK_HASH_LEN);
		count++;
	}
	if (rc != SQLITE_DONE)
		err = svk__store_err(rc);
out:
	svk__store_release(stmt);
	if (err != 0) {
		free(arr);
		return err;
	}
	*heads = arr;
	*n = count;
	return 0;
}

void
svk_log_heads_digest(const svk_head *heads, size_t n,
    uint8_t digest[static SVK_HASH_LEN])
{
	/* Origin, head, top and the head's id as 32 + 8 + 8 + 32 bytes each,
	 * big-endian, hashed at once. The top counts too: entries held beyond
	 * a gap differ; and the id makes a fork at the head show. */
	const size_t one = SVK_KEY_LEN + 16 + SVK_HASH_LEN;
	size_t len = n * one;
	uint8_t *buf = calloc(1, len ? len : 1);

	if (buf == NULL) {
		memset(digest, 0, SVK_HASH_LEN);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		uint8_t *p = buf + i * one;
		memcpy(p, heads[i].origin, SVK_KEY_LEN);
		memcpy(p + SVK_KEY_LEN + 16, heads[i].hash, SVK_HASH_LEN);
		for (int b = 0; b < 8; b++) {
			p[SVK_KEY_LEN + b] = (uint8_t)(heads[i].head >> (56 - 8 * b));
			p[SVK_KEY_LEN + 8 + b] =
			    (uint8_t)(heads[i].top >> (56 - 8 * b));
		}
	}
	svk_crypto_hash(buf, len, digest);
	free(buf);
}

int
svk_log_each(svk_store *st, const uint8_t *origin, uint64_t after, size_t limit,
    svk_log_fn fn, void *arg)
{
	sqlite3_stmt *stmt;
	int err, rc;

	err = svk__store_own(st,
	    origin ? "SELECT origin, seq, envelope FROM log WHERE origin = ?1 "
		     "AND seq > ?2 ORDER BY seq LIMIT ?3" :
		     "SELECT origin, seq, envelope FROM log WHERE seq > ?2 "
		     "ORDER BY origin, seq LIMIT ?3",
	    &stmt);
	if (err != 0)
		return err;
	if (origin)
		(void)sqlite3_bind_blob(stmt, 1, origin, SVK_KEY_LEN, SQLITE_STATIC);
	(void)sqlite3_bind_int64(stmt, 2, (sqlite3_int64)after);
	(void)sqlite3_bind_int64(stmt, 3, limit ? (sqlite3_int64)limit : -1);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (sqlite3_column_bytes(stmt, 0) != SVK_KEY_LEN) {
			err = SVK_ECORRUPT;
			break;
		}
		err = fn(arg, sqlite3_column_blob(stmt, 0),
		    (uint64_t)sqlite3_column_int64(stmt, 1),
		    sqlite3_column_blob(stmt, 2),
		    (size_t)sqlite3_column_bytes(stmt, 2));
		if (err != 0)
			break;
	}
	return svk__store_finish(stmt, rc, err);
}

int
svk_log_count(svk_store *st, const uint8_t *mine, uint64_t *all, uint64_t *own)
{
	sqlite3_stmt *stmt;
	int err, rc;

	if ((err = svk__store_stmt(st,
		 "SELECT count(*), count(*) FILTER (WHERE origin = ?) FROM log",
		 &stmt)) != 0)
		return err;
	(void)sqlite3_bind_blob(stmt, 1, mine, SVK_KEY_LEN, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		*all = (uint64_t)sqlite3_column_int64(stmt, 0);
		*own = (uint64_t)sqlite3_column_int64(stmt, 1);
	}
	svk__store_release(stmt);
	return rc == SQLITE_ROW ? 0 : svk__store_err(rc);
}

int
svk_log_holds(svk_store *st, const uint8_t id[static SVK_HASH_LEN], bool *held)
{
	sqlite3_stmt *stmt;
	int err, rc;

	*held = false;
	if ((err = svk__store_stmt(st, "SELECT 1 FROM log WHERE id = ?", &stmt)) != 0)
		return err;
	(void)sqlite3_bind_blob(stmt, 1, id, SVK_HASH_LEN, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	*held = rc == SQLITE_ROW;
	svk__store_release(stmt);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : svk__store_err(rc);
}
