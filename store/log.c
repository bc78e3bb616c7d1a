/*
 * log.c: the per-origin signed logs: checking envelopes, local append, ingest
 * of partners' entries, heads, and verification. See log.h.
 */
#include "log.h"
#include "store-int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "envelope.h"
#include "fold.h"
#include "view.h"

int64_t
svk_now_ms(void)
{
	struct timespec ts;
	(void)clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void
svk_entry_free(svk_entry *e)
{
	if (e == NULL)
		return;
	if (e->body != NULL)
		samverk__body__free_unpacked(e->body, NULL);
	if (e->env != NULL)
		samverk__envelope__free_unpacked(e->env, NULL);
	free(e->envelope);
	free(e);
}

static bool
body_well_formed(const Samverk__Body *b)
{
	if (b->origin.len != SVK_KEY_LEN)
		return false;
	if (b->federation.len != 0 && b->federation.len != SVK_KEY_LEN)
		return false;
	if (b->seq == 0 || b->seq > INT64_MAX)
		return false;
	if (b->seq == 1 ? b->prev.len != 0 : b->prev.len != SVK_HASH_LEN)
		return false;
	return b->payload_case != SAMVERK__BODY__PAYLOAD__NOT_SET;
}

/* Every string in m and in the messages it holds must be UTF-8: text from
 * the network is checked before it is stored (protobuf-c does not), and
 * search folding refuses anything else. */
static bool
strings_valid(const ProtobufCMessage *m)
{
	const ProtobufCMessageDescriptor *d = m->descriptor;

	for (unsigned i = 0; i < d->n_fields; i++) {
		const ProtobufCFieldDescriptor *f = &d->fields[i];
		const char *field = (const char *)m + f->offset;
		void *const *items = (void *const *)field;
		size_t n = 1;

		if (f->type != PROTOBUF_C_TYPE_STRING &&
		    f->type != PROTOBUF_C_TYPE_MESSAGE)
			continue;
		if (f->label == PROTOBUF_C_LABEL_REPEATED) {
			n = *(const size_t *)((const char *)m + f->quantifier_offset);
			items = *(void *const *const *)field;
		} else if ((f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) &&
		    *(const uint32_t *)((const char *)m + f->quantifier_offset) !=
			f->id) {
			continue;
		}
		for (size_t j = 0; j < n; j++) {
			const void *v = items[j];
			if (v == NULL)
				continue;
			if (f->type == PROTOBUF_C_TYPE_STRING ?
				!svk_utf8_valid(v, strlen(v)) :
				!strings_valid(v))
				return false;
		}
	}
	return true;
}

int
svk_entry_open(const uint8_t *buf, size_t len, svk_entry **out)
{
	svk_entry *e;
	int err;

	if (len > SVK_MAX_ENVELOPE)
		return SVK_ETOOBIG;
	if ((e = calloc(1, sizeof(*e))) == NULL)
		return -ENOMEM;
	e->env = samverk__envelope__unpack(NULL, len, buf);
	if (e->env == NULL || e->env->sig.len != SVK_SIG_LEN ||
	    e->env->body.len == 0) {
		err = SVK_EMALFORMED;
		goto fail;
	}
	e->body = samverk__body__unpack(NULL, e->env->body.len, e->env->body.data);
	if (e->body == NULL || !body_well_formed(e->body) ||
	    !strings_valid(&e->body->base)) {
		err = SVK_EMALFORMED;
		goto fail;
	}
	if ((err = svk_verify(e->body->origin.data, SVK_TAG_ENTRY,
		 e->env->body.data, e->env->body.len, e->env->sig.data)) != 0)
		goto fail;
	if ((e->envelope = malloc(len)) == NULL) {
		err = -ENOMEM;
		goto fail;
	}
	memcpy(e->envelope, buf, len);
	e->envelope_len = len;
	svk_hash(e->env->body.data, e->env->body.len, e->id);
	*out = e;
	return 0;
fail:
	svk_entry_free(e);
	return err;
}

const char *
svk_entry_reason(int err)
{
	switch (err) {
	case SVK_EBADSIG:
		return "bad_signature";
	case SVK_ETOOBIG:
		return "oversize";
	case SVK_ENOTMEMBER:
		return "not_member";
	case SVK_ESUSPENDED:
		return "suspended";
	case SVK_EFEDERATION:
		return "wrong_federation";
	case SVK_EEXPIRED:
		return "roster_expired";
	case SVK_ECHAIN:
		return "broken_chain";
	case SVK_EFORK:
		return "fork";
	case SVK_EMALFORMED:
	default:
		return "malformed";
	}
}

int
svk_log_federation(svk_store *st, uint8_t fed[static SVK_KEY_LEN])
{
	return svk_store_meta_get_blob(st, "federation", fed, SVK_KEY_LEN);
}

/* Looks up the id of the entry (origin, seq): 0, SVK_ENOTFOUND or an error. */
static int
entry_id_at(svk_store *st, const uint8_t *origin, uint64_t seq,
    uint8_t id[SVK_HASH_LEN])
{
	sqlite3_stmt *stmt;
	int err, rc;

	if ((err = svk__store_stmt(st, "SELECT id FROM log WHERE origin = ? AND seq = ?",
		 &stmt)) != 0)
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

/* The prev hash entry (origin, seq + 1) names, when it is held. */
static int
next_prev_at(svk_store *st, const uint8_t *origin, uint64_t seq,
    uint8_t prev[SVK_HASH_LEN])
{
	uint8_t id[SVK_HASH_LEN];
	Samverk__Body *next;
	int err;

	if ((err = entry_id_at(st, origin, seq + 1, id)) != 0)
		return err;
	if ((err = svk_view_body(st, id, &next)) != 0)
		return err;
	if (next->prev.len != SVK_HASH_LEN)
		err = SVK_ECORRUPT;
	else
		memcpy(prev, next->prev.data, SVK_HASH_LEN);
	samverk__body__free_unpacked(next, NULL);
	return err;
}

/* Where an origin's log stands here: every entry up to head is held, and
 * none beyond top. */
struct place {
	uint64_t head;
	uint64_t top;
};

static int
read_place(svk_store *st, const uint8_t *origin, struct place *pl)
{
	sqlite3_stmt *stmt;
	int err, rc;

	pl->head = pl->top = 0;
	if ((err = svk__store_stmt(st, "SELECT head, top FROM heads WHERE origin = ?",
		 &stmt)) != 0)
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
 * the one just stored and pl where the log stood before it. */
static int
update_head(svk_store *st, const uint8_t *origin, uint64_t seq,
    const struct place *pl)
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
	return svk__store_done(stmt);
}

/* The one place a row enters the log. */
static int
insert(svk_store *st, const uint8_t id[SVK_HASH_LEN], const Samverk__Body *b,
    const uint8_t *envelope, size_t len, const struct place *pl)
{
	sqlite3_stmt *stmt;
	int err;

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
	(void)sqlite3_bind_int64(stmt, 8, svk_now_ms());
	if ((err = svk__store_done(stmt)) != 0)
		return err;
	if ((err = update_head(st, b->origin.data, b->seq, pl)) != 0)
		return err;
	return svk__view_apply(st, id, b, false);
}

static int
flag(svk_store *st, const uint8_t *origin, const char *reason, uint64_t seq)
{
	sqlite3_stmt *stmt;
	int err;

	if ((err = svk__store_stmt(st,
		 "INSERT OR IGNORE INTO flagged (origin, reason, seq, time_ms) "
		 "VALUES (?, ?, ?, ?)",
		 &stmt)) != 0)
		return err;
	(void)sqlite3_bind_blob(stmt, 1, origin, SVK_KEY_LEN, SQLITE_STATIC);
	(void)sqlite3_bind_text(stmt, 2, reason, -1, SQLITE_STATIC);
	(void)sqlite3_bind_int64(stmt, 3, (sqlite3_int64)seq);
	(void)sqlite3_bind_int64(stmt, 4, svk_now_ms());
	return svk__store_done(stmt);
}

/* Keeps a second body for a held (origin, seq) as evidence. */
static int
keep_fork(svk_store *st, const svk_entry *e)
{
	sqlite3_stmt *stmt;
	int err;

	if ((err = svk__store_stmt(st,
		 "INSERT OR IGNORE INTO forks (id, origin, seq, envelope, "
		 "received_ms) VALUES (?, ?, ?, ?, ?)",
		 &stmt)) != 0)
		return err;
	(void)sqlite3_bind_blob(stmt, 1, e->id, SVK_HASH_LEN, SQLITE_STATIC);
	(void)sqlite3_bind_blob(stmt, 2, e->body->origin.data, SVK_KEY_LEN,
	    SQLITE_STATIC);
	(void)sqlite3_bind_int64(stmt, 3, (sqlite3_int64)e->body->seq);
	(void)sqlite3_bind_blob(stmt, 4, e->envelope, (int)e->envelope_len,
	    SQLITE_STATIC);
	(void)sqlite3_bind_int64(stmt, 5, svk_now_ms());
	if ((err = svk__store_done(stmt)) != 0)
		return err;
	return flag(st, e->body->origin.data, "fork", e->body->seq);
}

/* Is the origin allowed to publish this entry in our federation? One
 * statement looks up all it needs: this runs for every entry of a batch. */
static int
admit(svk_store *st, const Samverk__Body *b)
{
	sqlite3_stmt *stmt;
	int err, rc, status = -1;
	bool have_fed, have_roster;
	int64_t until = 0;
	uint8_t fed[SVK_KEY_LEN];

	if ((err = svk__store_stmt(st,
		 "SELECT (SELECT value FROM meta WHERE key = 'federation'), "
		 "(SELECT value FROM meta WHERE key = 'roster_expires_ms'), "
		 "(SELECT status FROM members WHERE key = ?)",
		 &stmt)) != 0)
		return err;
	(void)sqlite3_bind_blob(stmt, 1, b->origin.data, SVK_KEY_LEN, SQLITE_STATIC);
	if ((rc = sqlite3_step(stmt)) != SQLITE_ROW) {
		svk__store_release(stmt);
		return svk__store_err(rc);
	}
	have_fed = sqlite3_column_bytes(stmt, 0) == SVK_KEY_LEN;
	if (have_fed)
		memcpy(fed, sqlite3_column_blob(stmt, 0), SVK_KEY_LEN);
	have_roster = sqlite3_column_type(stmt, 1) != SQLITE_NULL;
	until = sqlite3_column_int64(stmt, 1);
	if (sqlite3_column_type(stmt, 2) != SQLITE_NULL)
		status = sqlite3_column_int(stmt, 2);
	svk__store_release(stmt);

	if (!have_fed || b->federation.len != SVK_KEY_LEN ||
	    memcmp(b->federation.data, fed, SVK_KEY_LEN) != 0)
		return SVK_EFEDERATION;
	/* Rosters come from the coordinator alone, and a newer one is what
	 * renews an expired one, so they pass even when ours has expired. */
	if (b->payload_case == SAMVERK__BODY__PAYLOAD_ROSTER)
		return memcmp(b->origin.data, fed, SVK_KEY_LEN) == 0 ?
		    0 : SVK_ENOTMEMBER;
	if (!have_roster)
		return SVK_ENOTMEMBER; /* no roster yet: nobody is a member */
	if (svk_now_ms() > until)
		return SVK_EEXPIRED;
	if (status < 0)
		return SVK_ENOTMEMBER;
	return status == SAMVERK__MEMBER_STATUS__MEMBER_ACTIVE ? 0 : SVK_ESUSPENDED;
}

/* Checks the chain against the neighbours held; *held tells whether this very
 * entry is already stored. pl says where the origin's log stands, so that
 * only neighbours that may be held are looked up: for the next entry of a
 * log without gaps, just the one before. */
static int
check_place(svk_store *st, const svk_entry *e, const struct place *pl, bool *held)
{
	const Samverk__Body *b = e->body;
	uint8_t id[SVK_HASH_LEN];
	int err;

	*held = false;
	if (b->seq <= pl->top) {
		err = entry_id_at(st, b->origin.data, b->seq, id);
		if (err == 0) {
			if (memcmp(id, e->id, SVK_HASH_LEN) == 0) {
				*held = true;
				return 0;
			}
			return SVK_EFORK;
		}
		if (err != SVK_ENOTFOUND)
			return err;
	}
	if (b->seq > 1 && b->seq - 1 <= pl->top) {
		err = entry_id_at(st, b->origin.data, b->seq - 1, id);
		if (err == 0 && memcmp(id, b->prev.data, SVK_HASH_LEN) != 0)
			return SVK_ECHAIN;
		if (err != 0 && err != SVK_ENOTFOUND)
			return err;
	}
	if (b->seq + 1 > pl->top)
		return 0;
	err = next_prev_at(st, b->origin.data, b->seq, id);
	if (err == 0 && memcmp(id, e->id, SVK_HASH_LEN) != 0)
		return SVK_ECHAIN;
	return err == SVK_ENOTFOUND ? 0 : err;
}

static int
ingest_locked(svk_store *st, const svk_entry *e, bool *fresh)
{
	struct place pl;
	bool held;
	int err;

	*fresh = false;
	if ((err = admit(st, e->body)) != 0)
		return err;
	if ((err = read_place(st, e->body->origin.data, &pl)) != 0)
		return err;
	if ((err = check_place(st, e, &pl, &held)) != 0) {
		if (err == SVK_EFORK || err == SVK_ECHAIN) {
			int ferr = err == SVK_EFORK ?
			    keep_fork(st, e) :
			    flag(st, e->body->origin.data, "broken_chain",
				e->body->seq);
			if (ferr != 0)
				return ferr;
		}
		return err;
	}
	if (held)
		return 0;
	if ((err = insert(st, e->id, e->body, e->envelope, e->envelope_len,
		 &pl)) != 0)
		return err;
	*fresh = true;
	return 0;
}

int
svk_log_ingest(svk_store *st, const svk_entry *e, bool *fresh)
{
	sqlite3 *db = svk__store_db(st);
	bool own_tx = sqlite3_get_autocommit(db);
	int err;

	if (own_tx && (err = svk_store_begin(st)) != 0)
		return err;
	/* In the caller's transaction, a savepoint undoes this entry's writes
	 * alone when it fails half way, so the rest of a batch may go on. */
	if (!own_tx && (err = svk__store_run(st, "SAVEPOINT ingest")) != 0)
		return err;
	err = ingest_locked(st, e, fresh);
	/* A rejection is a verdict on the entry, not a failure of the
	 * transaction: the counter and the evidence of a fork are kept. */
	bool rejected = err == SVK_EFEDERATION || err == SVK_ENOTMEMBER ||
	    err == SVK_ESUSPENDED || err == SVK_EEXPIRED ||
	    err == SVK_ECHAIN || err == SVK_EFORK;
	if (!own_tx && err != 0 && !rejected) {
		*fresh = false;
		svk__store_undo(st, "ROLLBACK TO ingest");
	}
	if (rejected)
		svk_store_count_reject(st, svk_entry_reason(err));
	if (!own_tx) {
		int rerr = svk__store_run(st, "RELEASE ingest");
		if (err == 0 && rerr != 0)
			*fresh = false;
		return err != 0 ? err : rerr;
	}
	if (err == 0 || rejected) {
		int cerr = svk_store_commit(st);
		if (cerr != 0)
			return cerr;
	} else {
		svk_store_rollback(st);
	}
	return err;
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
		svk_hash(bodybuf, bodylen, id);
	free(bodybuf);
	return err;
}

int
svk_log_append(svk_store *st, const svk_identity *me, Samverk__Body *body,
    uint64_t *seq, uint8_t id[SVK_HASH_LEN])
{
	const uint8_t *pk = svk_identity_public(me);
	uint8_t fed[SVK_KEY_LEN], tip_id[SVK_HASH_LEN], new_id[SVK_HASH_LEN];
	uint8_t *envelope = NULL;
	size_t envlen;
	uint64_t tip;
	bool own_tx = sqlite3_get_autocommit(svk__store_db(st));
	struct place pl;
	int err;

	if (own_tx && (err = svk_store_begin(st)) != 0)
		return err;
	if (!own_tx && (err = svk__store_run(st, "SAVEPOINT append")) != 0)
		return err;
	err = svk_log_federation(st, fed);
	if (err != 0 && err != SVK_ENOTFOUND)
		goto fail;
	if (err == 0) {
		body->federation.data = fed;
		body->federation.len = SVK_KEY_LEN;
	}
	if ((err = my_tip(st, pk, &tip, tip_id)) != 0)
		goto fail;
	body->origin.data = (uint8_t *)pk;
	body->origin.len = SVK_KEY_LEN;
	body->seq = tip + 1;
	body->prev.data = tip > 0 ? tip_id : NULL;
	body->prev.len = tip > 0 ? SVK_HASH_LEN : 0;
	body->time_ms = svk_now_ms();
	if ((err = seal(me, body, &envelope, &envlen, new_id)) != 0)
		goto fail;
	if ((err = read_place(st, pk, &pl)) != 0 ||
	    (err = insert(st, new_id, body, envelope, envlen, &pl)) != 0)
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
	const uint8_t *pk = svk_identity_public(me);
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
	 * them back signed anew: insert() rebuilds the rest. */
	if ((err = exec_blob(st, "DELETE FROM search WHERE rowid IN (SELECT rowid "
				 "FROM entities WHERE origin = ?)", pk)) != 0 ||
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
		struct place pl = {i, i}; /* put back in order, from empty */
		err = insert(st, id, body, envelope, envlen, &pl);
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

	if ((err = svk__store_stmt(st, "SELECT origin, head, top FROM heads ORDER BY origin",
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
	/* Origin, head and top as 32 + 8 + 8 bytes each, big-endian, hashed
	 * at once. The top counts too: entries held beyond a gap differ. */
	size_t len = n * (SVK_KEY_LEN + 16);
	uint8_t *buf = calloc(1, len ? len : 1);

	if (buf == NULL) {
		memset(digest, 0, SVK_HASH_LEN);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		uint8_t *p = buf + i * (SVK_KEY_LEN + 16);
		memcpy(p, heads[i].origin, SVK_KEY_LEN);
		for (int b = 0; b < 8; b++) {
			p[SVK_KEY_LEN + b] = (uint8_t)(heads[i].head >> (56 - 8 * b));
			p[SVK_KEY_LEN + 8 + b] = (uint8_t)(heads[i].top >> (56 - 8 * b));
		}
	}
	svk_hash(buf, len, digest);
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
		     "AND seq > ?2 ORDER BY seq LIMIT ?3"
		   : "SELECT origin, seq, envelope FROM log WHERE seq > ?2 "
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
	if (err == 0 && rc != SQLITE_DONE)
		err = svk__store_err(rc);
	sqlite3_finalize(stmt);
	return err;
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

/* Verification: everything svk_log_verify needs while it walks the log. */
struct verify {
	svk_store *st;
	svk_verify_fn fn;
	void *arg;
	uint64_t checked;
	uint64_t problems;
	uint8_t last_origin[SVK_KEY_LEN];
	uint64_t last_seq;
	uint8_t last_id[SVK_HASH_LEN];
	bool have_last;
};

static void
report(struct verify *v, const uint8_t *origin, uint64_t seq, const char *what)
{
	char fpr[SVK_FPR_SHORT_LEN], line[256];

	svk_fingerprint_short(origin, fpr);
	snprintf(line, sizeof(line), "entry %s/%llu: %s", fpr,
	    (unsigned long long)seq, what);
	v->problems++;
	v->fn(v->arg, line);
}

static int
verify_one(void *arg, const uint8_t *origin, uint64_t seq,
    const uint8_t *envelope, size_t len)
{
	struct verify *v = arg;
	svk_entry *e = NULL;
	int err;

	v->checked++;
	err = svk_entry_open(envelope, len, &e);
	if (err == -ENOMEM)
		return err;
	if (err != 0) {
		report(v, origin, seq, svk_strerror(err));
		v->have_last = false;
		return 0;
	}
	if (memcmp(e->body->origin.data, origin, SVK_KEY_LEN) != 0 ||
	    e->body->seq != seq) {
		report(v, origin, seq, "stored under another origin or seq than its body names");
	} else if (v->have_last && memcmp(v->last_origin, origin, SVK_KEY_LEN) == 0 &&
	    v->last_seq + 1 == seq &&
	    memcmp(e->body->prev.data, v->last_id, SVK_HASH_LEN) != 0) {
		report(v, origin, seq, "does not chain to the entry before it");
	} else if ((err = svk__view_apply(v->st, e->id, e->body, true)) != 0) {
		svk_entry_free(e);
		return err;
	}
	memcpy(v->last_origin, origin, SVK_KEY_LEN);
	v->last_seq = seq;
	memcpy(v->last_id, e->id, SVK_HASH_LEN);
	v->have_last = true;
	svk_entry_free(e);
	return 0;
}

/* The id column must be the hash of the body, and chains the next prev. */
static int
verify_ids(struct verify *v)
{
	sqlite3_stmt *stmt;
	int err, rc;

	if ((err = svk__store_own(v->st, "SELECT origin, seq, id, envelope FROM log",
		 &stmt)) != 0)
		return err;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		Samverk__Envelope *env = samverk__envelope__unpack(NULL,
		    (size_t)sqlite3_column_bytes(stmt, 3),
		    sqlite3_column_blob(stmt, 3));
		uint8_t id[SVK_HASH_LEN];
		if (env == NULL || sqlite3_column_bytes(stmt, 0) != SVK_KEY_LEN) {
			if (env)
				samverk__envelope__free_unpacked(env, NULL);
			continue; /* reported by verify_one */
		}
		svk_hash(env->body.data, env->body.len, id);
		samverk__envelope__free_unpacked(env, NULL);
		if (sqlite3_column_bytes(stmt, 2) != SVK_HASH_LEN ||
		    memcmp(sqlite3_column_blob(stmt, 2), id, SVK_HASH_LEN) != 0)
			report(v, sqlite3_column_blob(stmt, 0),
			    (uint64_t)sqlite3_column_int64(stmt, 1),
			    "its id is not the hash of its body");
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? 0 : svk__store_err(rc);
}

int
svk_log_verify(svk_store *st, svk_verify_fn fn, void *arg, uint64_t *checked,
    uint64_t *problems)
{
	struct verify v = {.st = st, .fn = fn, .arg = arg};
	sqlite3 *db = svk__store_db(st);
	int err;

	/* One read transaction: every look at the log and the tables sees the
	 * same snapshot, while authors and the daemon go on writing. */
	if ((err = svk__store_err(sqlite3_exec(db, "BEGIN", NULL, NULL, NULL))) != 0)
		return err;
	if ((err = svk__view_check_begin(st)) != 0) {
		(void)sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		return err;
	}
	if ((err = svk_log_each(st, NULL, 0, 0, verify_one, &v)) != 0)
		goto out;
	if ((err = verify_ids(&v)) != 0)
		goto out;
	err = svk__view_check_compare(st, fn, arg, &v.problems);
out:
	(void)sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	if (err == 0)
		err = svk__view_check_index(st, fn, arg, &v.problems);
	*checked = v.checked;
	*problems = v.problems;
	return err;
}
