/*
 * fixture.c: helpers shared by the store tests. See fixture.h.
 */
#include "fixture.h"
#include "store-int.h"

#include "beat.h"
#include "registry.h"

#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "beat.h"

static char root[64];

void
fx_root_make(void)
{
	strcpy(root, "/tmp/svk-unit-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(root));
}

void
fx_root_remove(void)
{
	if (root[0] != '\0')
		fx_rmdir(root);
	root[0] = '\0';
}

void
fx_tmpdir(char dir[static 64], const char *name)
{
	int n = snprintf(dir, 64, "%s/%s%s-XXXXXX", root[0] ? root : "/tmp",
	    root[0] ? "" : "svk-", name);

	ck_assert_int_lt(n, 64);
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

/* Removes what the folder open as fd holds. */
static void
empty_folder(int fd, const char *dir)
{
	DIR *d = fdopendir(fd);
	struct dirent *e;

	ck_assert_msg(d != NULL, "cannot open %s", dir);
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (unlinkat(dirfd(d), e->d_name, 0) == 0)
			continue;
		int sub = openat(dirfd(d), e->d_name,
		    O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
		ck_assert_msg(sub >= 0, "cannot remove %s/%s", dir, e->d_name);
		empty_folder(sub, e->d_name);
		ck_assert_msg(unlinkat(dirfd(d), e->d_name, AT_REMOVEDIR) == 0,
		    "cannot remove %s/%s", dir, e->d_name);
	}
	ck_assert_int_eq(closedir(d), 0);
}

void
fx_rmdir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);

	ck_assert_msg(fd >= 0, "cannot open %s", dir);
	empty_folder(fd, dir);
	ck_assert_int_eq(rmdir(dir), 0);
}

char *
fx_path(char out[static 256], const char *dir, const char *name)
{
	int n = snprintf(out, 256, "%s/%s", dir, name);

	ck_assert_int_lt(n, 256);
	return out;
}

svk_store *
fx_store(const char *dir, const char *name)
{
	char path[256];
	svk_store *st = NULL;
	int err = svk_store_open(&st, fx_path(path, dir, name), SVK_STORE_CREATE);

	ck_assert_msg(err == 0, "open %s: %s", path, svk_error_str(err));
	return st;
}

svk_identity *
fx_identity(void)
{
	svk_identity *id = NULL;

	ck_assert_int_eq(svk_crypto_identity_generate(&id), 0);
	return id;
}

char *
fx_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long size;

	ck_assert_msg(f != NULL, "cannot open %s", path);
	ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
	size = ftell(f);
	ck_assert_int_ge(size, 0);
	ck_assert_int_eq(fseek(f, 0, SEEK_SET), 0);
	buf = malloc((size_t)size + 1);
	ck_assert_ptr_nonnull(buf);
	ck_assert_uint_eq(fread(buf, 1, (size_t)size, f), (size_t)size);
	buf[size] = '\0';
	ck_assert_int_eq(fclose(f), 0);
	*len = (size_t)size;
	return buf;
}

int64_t
fx_count(svk_store *st, const char *sql)
{
	sqlite3_stmt *stmt;
	int64_t n;

	ck_assert_msg(sqlite3_prepare_v2(svk__store_db(st), sql, -1, &stmt, NULL) ==
			  SQLITE_OK,
	    "%s: %s", sql, svk_store_errmsg(st));
	ck_assert_int_eq(sqlite3_step(stmt), SQLITE_ROW);
	n = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return n;
}

void
fx_exec(svk_store *st, const char *sql)
{
	ck_assert_msg(sqlite3_exec(svk__store_db(st), sql, NULL, NULL, NULL) == SQLITE_OK,
	    "%s: %s", sql, svk_store_errmsg(st));
}

void
fx_practice(Samverk__Practice *p, const char *id, const char *title)
{
	static char *areas[] = {"youth"};

	samverk__practice__init(p);
	p->id = (char *)id;
	p->lang = "da";
	p->title = (char *)title;
	p->summary = "Et kort resumé.";
	p->areas = areas;
	p->n_areas = 1;
}

static uint64_t
append(svk_store *st, const svk_identity *me, Samverk__Body *body)
{
	uint64_t seq = 0;
	int err = svk_log_append(st, me, body, &seq, NULL);

	ck_assert_msg(err == 0, "append: %s", svk_error_str(err));
	ck_assert_uint_ge(seq, 1);
	return seq;
}

uint64_t
fx_append_practice(svk_store *st, const svk_identity *me, const char *id,
    const char *title)
{
	Samverk__Body body = SAMVERK__BODY__INIT;
	Samverk__Practice p;

	fx_practice(&p, id, title);
	body.payload_case = SAMVERK__BODY__PAYLOAD_PRACTICE;
	body.practice = &p;
	return append(st, me, &body);
}

uint64_t
fx_append_retraction(svk_store *st, const svk_identity *me,
    Samverk__EntityKind kind, const char *id)
{
	Samverk__Body body = SAMVERK__BODY__INIT;
	Samverk__Retraction r = SAMVERK__RETRACTION__INIT;

	r.kind = kind;
	r.id = (char *)id;
	r.reason = "withdrawn";
	body.payload_case = SAMVERK__BODY__PAYLOAD_RETRACTION;
	body.retraction = &r;
	return append(st, me, &body);
}

uint64_t
fx_append_roster(svk_store *st, const svk_identity *me, uint64_t version,
    int64_t expires_ms, size_t n, const uint8_t *const keys[],
    const char *const names[], const char *const countries[],
    const Samverk__MemberStatus statuses[])
{
	Samverk__Body body = SAMVERK__BODY__INIT;
	Samverk__Roster roster = SAMVERK__ROSTER__INIT;
	Samverk__Member members[8], *list[8];
	uint64_t seq;

	ck_assert_uint_le(n, 8);
	for (size_t i = 0; i < n; i++) {
		samverk__member__init(&members[i]);
		members[i].key.data = (uint8_t *)keys[i];
		members[i].key.len = SVK_KEY_LEN;
		members[i].name = (char *)names[i];
		members[i].country = (char *)countries[i];
		members[i].pub = "tcp://127.0.0.1:7400";
		members[i].catchup = "tcp://127.0.0.1:7401";
		members[i].status = statuses[i];
		list[i] = &members[i];
	}
	roster.version = version;
	roster.expires_ms = expires_ms;
	roster.members = list;
	roster.n_members = n;
	body.payload_case = SAMVERK__BODY__PAYLOAD_ROSTER;
	body.roster = &roster;
	seq = append(st, me, &body);
	return seq;
}

struct one {
	uint8_t *buf;
	size_t len;
};

static int
copy_one(void *arg, const uint8_t *origin, uint64_t seq, const uint8_t *envelope,
    size_t len)
{
	struct one *o = arg;

	(void)origin;
	(void)seq;
	o->buf = malloc(len);
	ck_assert_ptr_nonnull(o->buf);
	memcpy(o->buf, envelope, len);
	o->len = len;
	return 0;
}

svk_entry *
fx_entry(svk_store *st, const uint8_t *origin, uint64_t seq)
{
	struct one o = {0};
	svk_entry *e = NULL;
	int err;

	ck_assert_uint_ge(seq, 1);
	ck_assert_int_eq(svk_log_each(st, origin, seq - 1, 1, copy_one, &o), 0);
	ck_assert_msg(o.buf != NULL, "no entry at seq %llu", (unsigned long long)seq);
	err = svk_entry_open(o.buf, o.len, &e);
	free(o.buf);
	ck_assert_msg(err == 0, "open: %s", svk_error_str(err));
	ck_assert_uint_eq(e->body->seq, seq);
	return e;
}

int
fx_ingest(svk_store *dst, svk_store *src, const uint8_t *origin, uint64_t seq,
    bool *fresh)
{
	svk_entry *e = fx_entry(src, origin, seq);
	bool ignored;
	int err = svk_ingest_entry(dst, e, fresh ? fresh : &ignored);

	svk_entry_free(e);
	return err;
}

struct all {
	svk_store *dst;
	uint64_t n;
};

static int
ingest_one(void *arg, const uint8_t *origin, uint64_t seq,
    const uint8_t *envelope, size_t len)
{
	struct all *a = arg;
	svk_entry *e = NULL;
	bool fresh = false;
	int err;

	(void)origin;
	ck_assert_int_eq(svk_entry_open(envelope, len, &e), 0);
	err = svk_ingest_entry(a->dst, e, &fresh);
	svk_entry_free(e);
	ck_assert_msg(err == 0, "ingest of seq %llu: %s", (unsigned long long)seq,
	    svk_error_str(err));
	ck_assert(fresh);
	a->n++;
	return 0;
}

void
fx_ingest_all(svk_store *dst, svk_store *src, const uint8_t *origin)
{
	struct all a = {.dst = dst};

	ck_assert_int_eq(svk_log_each(src, origin, 0, 0, ingest_one, &a), 0);
	ck_assert_uint_gt(a.n, 0);
}

void
fx_seal(const svk_identity *id, const char *tag, const Samverk__Body *body,
    uint8_t **out, size_t *len)
{
	Samverk__Envelope env = SAMVERK__ENVELOPE__INIT;
	uint8_t sig[SVK_SIG_LEN];
	size_t bodylen = samverk__body__get_packed_size(body);
	uint8_t *bodybuf = malloc(bodylen ? bodylen : 1);

	ck_assert_ptr_nonnull(bodybuf);
	ck_assert_uint_eq(samverk__body__pack(body, bodybuf), bodylen);
	ck_assert_int_eq(svk_crypto_sign(id, tag, bodybuf, bodylen, sig), 0);
	env.body.data = bodybuf;
	env.body.len = bodylen;
	env.sig.data = sig;
	env.sig.len = SVK_SIG_LEN;
	*len = samverk__envelope__get_packed_size(&env);
	*out = malloc(*len);
	ck_assert_ptr_nonnull(*out);
	ck_assert_uint_eq(samverk__envelope__pack(&env, *out), *len);
	free(bodybuf);
}

static svk_store *
joined(fx_fed *f, const char *name, const svk_identity *me)
{
	svk_store *st = fx_store(f->dir, name);
	int err = svk_log_join(st, me, svk_crypto_identity_public(f->a));

	ck_assert_msg(err == 0, "join %s: %s", name, svk_error_str(err));
	return st;
}

uint64_t
fx_fed_roster(fx_fed *f, uint64_t version, int64_t expires_ms)
{
	const uint8_t *keys[] = {svk_crypto_identity_public(f->a),
	    svk_crypto_identity_public(f->b), svk_crypto_identity_public(f->c),
	    svk_crypto_identity_public(f->d)};
	const char *const names[] = {"Vejle", "Skellefteå", "Kalamata", "Oulu"};
	const char *const countries[] = {"DK", "SE", "GR", "FI"};
	const Samverk__MemberStatus statuses[] = {SAMVERK__MEMBER_STATUS__MEMBER_ACTIVE,
	    SAMVERK__MEMBER_STATUS__MEMBER_ACTIVE,
	    SAMVERK__MEMBER_STATUS__MEMBER_ACTIVE,
	    SAMVERK__MEMBER_STATUS__MEMBER_SUSPENDED};

	return fx_append_roster(f->sa, f->a, version, expires_ms, 4, keys, names,
	    countries, statuses);
}

void
fx_fed_init(fx_fed *f, const char *name)
{
	memset(f, 0, sizeof(*f));
	ck_assert_int_eq(svk_crypto_init(), 0);
	fx_tmpdir(f->dir, name);
	f->a = fx_identity();
	f->b = fx_identity();
	f->c = fx_identity();
	f->d = fx_identity();
	f->x = fx_identity();
	f->sa = joined(f, "a.db", f->a);
	f->sb = joined(f, "b.db", f->b);
	f->sc = joined(f, "c.db", f->c);
	f->sd = joined(f, "d.db", f->d);
	f->sx = joined(f, "x.db", f->x);
	f->roster_seq = fx_fed_roster(f, 1, svk_clock_now_ms() + FX_DAY_MS);
	ck_assert_int_eq(fx_ingest(f->sb, f->sa, svk_crypto_identity_public(f->a),
			     f->roster_seq, NULL),
	    0);
}

void
fx_fed_fini(fx_fed *f)
{
	svk_store_close(f->sa);
	svk_store_close(f->sb);
	svk_store_close(f->sc);
	svk_store_close(f->sd);
	svk_store_close(f->sx);
	svk_crypto_identity_free(f->a);
	svk_crypto_identity_free(f->b);
	svk_crypto_identity_free(f->c);
	svk_crypto_identity_free(f->d);
	svk_crypto_identity_free(f->x);
	fx_rmdir(f->dir);
}

void
fx_beat(svk_store *st, const svk_identity *id, int64_t time_ms, const char *name,
    uint8_t **out, size_t *len)
{
	Samverk__Heartbeat hb = SAMVERK__HEARTBEAT__INIT;
	uint8_t fedkey[SVK_KEY_LEN];

	ck_assert_int_eq(svk_log_federation(st, fedkey), 0);
	hb.federation = (ProtobufCBinaryData){SVK_KEY_LEN, fedkey};
	hb.node = (ProtobufCBinaryData){
	    SVK_KEY_LEN, (uint8_t *)svk_crypto_identity_public(id)};
	hb.time_ms = time_ms;
	hb.version = "test";
	hb.name = (char *)name;
	hb.interval_s = 10;
	ck_assert_int_eq(svk_beat_seal(id, &hb, out, len), 0);
}

void
fx_volunteer(svk_store *st, const char *id, const char *skills, const char *areas,
    unsigned hours, const char *joined, bool active, int birth)
{
	char *f[SVK_VOLUNTEER_FIELDS], why[256], year[8], h[8];
	svk_volunteer v;

	snprintf(year, sizeof(year), "%d", birth);
	snprintf(h, sizeof(h), "%u", hours);
	const char *text[SVK_VOLUNTEER_FIELDS] = {id, "Test Person", birth ? year : "",
	    "", "", skills, areas, h, joined, active ? "yes" : "no"};
	for (int k = 0; k < SVK_VOLUNTEER_FIELDS; k++)
		f[k] = strdup(text[k]);
	ck_assert_msg(svk_volunteer_parse(f, &v, why, sizeof(why)) == 0, "%s", why);
	ck_assert_int_eq(svk_registry_add(st, &v), 0);
	for (int k = 0; k < SVK_VOLUNTEER_FIELDS; k++)
		free(f[k]);
}
