/*
 * seeds.c: writes the seed corpora of the fuzz targets (`make fuzz-seeds`).
 *
 *   seeds OUT DATA
 *
 * OUT/entry/: real envelopes of the fuzzing federation (fuzz.h): the
 * coordinator's log chained on to the roster every target starts from, and
 * the member's log, with the sample practices and needs of DATA as payloads
 * and an adoption, a retraction, an indicator set and a second roster among
 * them; a few wrapped in Gossip, and heartbeats of both.
 * OUT/sync/: requests a requester makes in each state of a round against
 * the store the sync target serves, and the replies it gets.
 * OUT/author/: the sample JSON files of DATA.
 * OUT/csv/: DATA/volunteers.csv and broken variants of it.
 *
 * Entries carry a fixed clock, so running it again writes the same bytes.
 */
#include <dirent.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "author.h"
#include "beat.h"
#include "fuzz.h"
#include "catchup_wire.h"

static const char *out_root;
static unsigned n_written;
static svk_store *check_store; /* every entry seed is ingested here */

static void
write_file(const char *target, const char *name, const void *buf, size_t len)
{
	char path[512];
	FILE *f;

	FZ_CHECK(snprintf(path, sizeof(path), "%s/%s", out_root, target) <
		 (int)sizeof(path));
	FZ_CHECK(mkdir(path, 0755) == 0 || errno == EEXIST);
	FZ_CHECK(snprintf(path, sizeof(path), "%s/%s/%s", out_root, target, name) <
		 (int)sizeof(path));
	FZ_CHECK((f = fopen(path, "wb")) != NULL);
	FZ_CHECK(fwrite(buf, 1, len, f) == len);
	FZ_CHECK(fclose(f) == 0);
	n_written++;
}

static char *
read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long size;

	if (f == NULL) {
		fprintf(stderr, "seeds: cannot open %s\n", path);
		exit(1);
	}
	FZ_CHECK(fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0);
	FZ_CHECK(fseek(f, 0, SEEK_SET) == 0);
	FZ_CHECK((buf = malloc((size_t)size + 1)) != NULL);
	FZ_CHECK(fread(buf, 1, (size_t)size, f) == (size_t)size);
	buf[size] = '\0';
	FZ_CHECK(fclose(f) == 0);
	*len = (size_t)size;
	return buf;
}

static int
by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

/* The .json files of folder, sorted: *n names in a new array. */
static struct dirent **
json_files(const char *folder, int *n)
{
	struct dirent **list;

	*n = scandir(folder, &list, NULL, by_name);
	FZ_CHECK(*n >= 0);
	int kept = 0;
	for (int i = 0; i < *n; i++) {
		size_t len = strlen(list[i]->d_name);
		if (len > 5 && strcmp(list[i]->d_name + len - 5, ".json") == 0)
			list[kept++] = list[i];
		else
			free(list[i]);
	}
	*n = kept;
	return list;
}

/* Seals body as the next entry of c and writes it as entry/NAME. */
static void
entry(fz_chain *c, Samverk__Body *body, const char *name, uint8_t **keep,
    size_t *keep_len)
{
	uint8_t *env;
	size_t len;
	char file[128];
	bool fresh;

	fz_chain_next(c, body, &env, &len);
	(void)snprintf(file, sizeof(file), "%02llu-%s",
	    (unsigned long long)c->seq, name);
	write_file("entry", file, env, len);
	/* A seed a member's store refuses would only test the refusal. */
	FZ_OK(fz_ingest(check_store, env, len, &fresh));
	FZ_CHECK(fresh);
	if (keep != NULL) {
		*keep = env;
		*keep_len = len;
	} else {
		free(env);
	}
}

static void
gossip(const char *name, bool heartbeat, const uint8_t *env, size_t len)
{
	Samverk__Gossip g = SAMVERK__GOSSIP__INIT;
	uint8_t *buf;
	size_t n;

	if (heartbeat) {
		g.item_case = SAMVERK__GOSSIP__ITEM_HEARTBEAT;
		g.heartbeat.data = (uint8_t *)env;
		g.heartbeat.len = len;
	} else {
		g.item_case = SAMVERK__GOSSIP__ITEM_ENTRY;
		g.entry.data = (uint8_t *)env;
		g.entry.len = len;
	}
	n = samverk__gossip__get_packed_size(&g);
	FZ_CHECK((buf = malloc(n)) != NULL);
	(void)samverk__gossip__pack(&g, buf);
	write_file("entry", name, buf, n);
	free(buf);
}

static void
heartbeat(const svk_identity *id, const fz_fed *f, const char *name,
    uint64_t c_head, uint64_t m_head)
{
	Samverk__Heartbeat hb = SAMVERK__HEARTBEAT__INIT;
	Samverk__Head heads[2], *list[2] = {&heads[0], &heads[1]};
	Samverk__Count count = SAMVERK__COUNT__INIT, *counts[1] = {&count};
	uint8_t *env;
	size_t len;

	samverk__head__init(&heads[0]);
	samverk__head__init(&heads[1]);
	heads[0].origin.data = (uint8_t *)svk_crypto_identity_public(f->coord);
	heads[0].origin.len = SVK_KEY_LEN;
	heads[0].seq = c_head;
	heads[1].origin.data = (uint8_t *)svk_crypto_identity_public(f->member);
	heads[1].origin.len = SVK_KEY_LEN;
	heads[1].seq = m_head;
	count.name = "malformed";
	count.value = 3;
	hb.federation.data = (uint8_t *)svk_crypto_identity_public(f->coord);
	hb.federation.len = SVK_KEY_LEN;
	hb.node.data = (uint8_t *)svk_crypto_identity_public(id);
	hb.node.len = SVK_KEY_LEN;
	hb.time_ms = FZ_TIME_MS + 60000;
	hb.version = "0.1.0";
	hb.uptime_s = 3600;
	hb.heads = list;
	hb.n_heads = 2;
	hb.held = c_head + m_head;
	hb.rejected = counts;
	hb.n_rejected = 1;
	hb.interval_s = 5;
	hb.name = id == f->coord ? "Vejle" : "Skellefteå";
	FZ_OK(svk_beat_seal(id, &hb, &env, &len));
	gossip(name, true, env, len);
	free(env);
}

static Samverk__Practice *
practice_file(const char *data, const char *name)
{
	Samverk__Practice *p = NULL;
	char path[512], err[256];
	size_t len;
	char *text;

	(void)snprintf(path, sizeof(path), "%s/practices/%s", data, name);
	text = read_file(path, &len);
	if (svk_author_practice_parse(text, len, &p, err, sizeof(err)) != 0) {
		fprintf(stderr, "seeds: %s: %s\n", path, err);
		exit(1);
	}
	free(text);
	return p;
}

static Samverk__Need *
need_file(const char *data, const char *name)
{
	Samverk__Need *n = NULL;
	char path[512], err[256];
	size_t len;
	char *text;

	(void)snprintf(path, sizeof(path), "%s/needs/%s", data, name);
	text = read_file(path, &len);
	if (svk_author_need_parse(text, len, &n, err, sizeof(err)) != 0) {
		fprintf(stderr, "seeds: %s: %s\n", path, err);
		exit(1);
	}
	free(text);
	return n;
}

/* The name of a sample file without ".json". */
static void
stem(char out[static 64], const char *name)
{
	size_t len = strlen(name) - 5;

	if (len > 40)
		len = 40;
	memcpy(out, name, len);
	out[len] = '\0';
}

static void
entries(const char *dir, const char *data, const fz_fed *f)
{
	const uint8_t *fed = svk_crypto_identity_public(f->coord);
	fz_chain c = {.id = f->coord, .federation = fed};
	fz_chain m = {.id = f->member, .federation = fed};
	struct dirent **practices, **needs;
	int n_practices, n_needs;
	uint8_t *keep = NULL;
	size_t keep_len;
	char path[512], name[96], s[64];

	(void)snprintf(path, sizeof(path), "%s/check", dir);
	FZ_CHECK(mkdir(path, 0700) == 0);
	check_store = fz_member_store(path, f);
	/* Seq 1 of the coordinator: the roster every target holds already. */
	{
		uint8_t *env;
		size_t len;
		fz_roster_v1(&c, f, &env, &len);
		write_file("entry", "01-c-roster-v1", env, len);
		free(env);
	}
	(void)snprintf(path, sizeof(path), "%s/practices", data);
	practices = json_files(path, &n_practices);
	(void)snprintf(path, sizeof(path), "%s/needs", data);
	needs = json_files(path, &n_needs);
	FZ_CHECK(n_practices >= 4 && n_needs >= 2);

	/* The practices and needs, in turn from the coordinator and the
	 * member. */
	for (int i = 0; i < n_practices; i++) {
		Samverk__Body body = SAMVERK__BODY__INIT;
		fz_chain *ch = i % 2 ? &c : &m;
		body.payload_case = SAMVERK__BODY__PAYLOAD_PRACTICE;
		body.practice = practice_file(data, practices[i]->d_name);
		stem(s, practices[i]->d_name);
		(void)snprintf(name, sizeof(name), "%s-practice-%s",
		    ch == &c ? "c" : "m", s);
		entry(ch, &body, name, i == 1 ? &keep : NULL, &keep_len);
		if (i == 1) {
			gossip("gossip-c-practice", false, keep, keep_len);
			free(keep);
		}
		protobuf_c_message_free_unpacked(&body.practice->base, NULL);
	}
	for (int i = 0; i < n_needs; i++) {
		Samverk__Body body = SAMVERK__BODY__INIT;
		fz_chain *ch = i % 2 ? &c : &m;
		body.payload_case = SAMVERK__BODY__PAYLOAD_NEED;
		body.need = need_file(data, needs[i]->d_name);
		stem(s, needs[i]->d_name);
		(void)snprintf(name, sizeof(name), "%s-need-%s",
		    ch == &c ? "c" : "m", s);
		entry(ch, &body, name, i == 0 ? &keep : NULL, &keep_len);
		if (i == 0) {
			gossip("gossip-m-need", false, keep, keep_len);
			free(keep);
		}
		protobuf_c_message_free_unpacked(&body.need->base, NULL);
	}

	/* The member adopts the coordinator's first practice, keeping one
	 * core element and adapting another. */
	{
		Samverk__Body body = SAMVERK__BODY__INIT;
		Samverk__Adoption a = SAMVERK__ADOPTION__INIT;
		Samverk__Adaptation ad = SAMVERK__ADAPTATION__INIT, *ads[1] = {&ad};
		Samverk__Practice *p = practice_file(data, practices[1]->d_name);
		char *kept[1] = {p->n_core_elements ? p->core_elements[0] : "core"};
		a.practice_origin.data = (uint8_t *)fed;
		a.practice_origin.len = SVK_KEY_LEN;
		a.practice_id = p->id;
		a.status = "piloting";
		a.kept = kept;
		a.n_kept = 1;
		ad.element = "flexible";
		ad.how = "Run by the library instead of the school.";
		a.adapted = ads;
		a.n_adapted = 1;
		a.note = "Pilot in two districts.";
		body.payload_case = SAMVERK__BODY__PAYLOAD_ADOPTION;
		body.adoption = &a;
		entry(&m, &body, "m-adoption", NULL, NULL);
		protobuf_c_message_free_unpacked(&p->base, NULL);
	}
	/* Each retracts an entity of its own: a practice, a need. */
	{
		Samverk__Body body = SAMVERK__BODY__INIT;
		Samverk__Retraction r = SAMVERK__RETRACTION__INIT;
		Samverk__Practice *p = practice_file(data, practices[3]->d_name);
		r.kind = SAMVERK__ENTITY_KIND__ENTITY_PRACTICE;
		r.id = p->id;
		r.reason = "Replaced by a newer practice.";
		body.payload_case = SAMVERK__BODY__PAYLOAD_RETRACTION;
		body.retraction = &r;
		entry(&c, &body, "c-retract-practice", NULL, NULL);
		protobuf_c_message_free_unpacked(&p->base, NULL);
	}
	{
		Samverk__Body body = SAMVERK__BODY__INIT;
		Samverk__Retraction r = SAMVERK__RETRACTION__INIT;
		Samverk__Need *n = need_file(data, needs[0]->d_name);
		r.kind = SAMVERK__ENTITY_KIND__ENTITY_NEED;
		r.id = n->id;
		r.reason = "Met.";
		body.payload_case = SAMVERK__BODY__PAYLOAD_RETRACTION;
		body.retraction = &r;
		entry(&m, &body, "m-retract-need", NULL, NULL);
		protobuf_c_message_free_unpacked(&n->base, NULL);
	}
	/* An indicator set, one cell suppressed as a small count. */
	{
		Samverk__Body body = SAMVERK__BODY__INIT;
		Samverk__IndicatorSet set = SAMVERK__INDICATOR_SET__INIT;
		Samverk__Indicator cells[3],
		    *list[3] = {&cells[0], &cells[1], &cells[2]};
		for (int i = 0; i < 3; i++)
			samverk__indicator__init(&cells[i]);
		cells[0].code = "VOL_ACTIVE";
		cells[0].breakdown = "_T";
		cells[0].value = 52;
		cells[0].unit = "PERSONS";
		cells[1].code = "VOL_HOURS";
		cells[1].breakdown = "area:elderly_care";
		cells[1].value = 410;
		cells[1].unit = "HOURS";
		cells[2].code = "VOL_ACTIVE_AGE_15_29";
		cells[2].breakdown = "_T";
		cells[2].conf = SAMVERK__CONF_STATUS__CONF_PRIMARY;
		cells[2].unit = "PERSONS";
		set.period = "2026-Q3";
		set.min_cell = 5;
		set.cells = list;
		set.n_cells = 3;
		body.payload_case = SAMVERK__BODY__PAYLOAD_INDICATORS;
		body.indicators = &set;
		entry(&m, &body, "m-indicators", NULL, NULL);
	}
	/* The coordinator renews the roster and suspends nobody. */
	{
		Samverk__Body body = SAMVERK__BODY__INIT;
		Samverk__Roster roster = SAMVERK__ROSTER__INIT;
		Samverk__Member ms[2], *list[2] = {&ms[0], &ms[1]};
		samverk__member__init(&ms[0]);
		samverk__member__init(&ms[1]);
		ms[0].key.data = (uint8_t *)fed;
		ms[0].key.len = SVK_KEY_LEN;
		ms[0].name = "Vejle";
		ms[0].country = "DK";
		ms[0].pub = "tcp://127.0.0.1:7400";
		ms[0].catchup = "tcp://127.0.0.1:7401";
		ms[1].key.data = (uint8_t *)svk_crypto_identity_public(f->member);
		ms[1].key.len = SVK_KEY_LEN;
		ms[1].name = "Skellefteå";
		ms[1].country = "SE";
		ms[1].pub = "tls+tcp://skelleftea.example:7410";
		ms[1].catchup = "tls+tcp://skelleftea.example:7411";
		roster.version = 2;
		roster.expires_ms = FZ_EXPIRES_MS + 1;
		roster.members = list;
		roster.n_members = 2;
		body.payload_case = SAMVERK__BODY__PAYLOAD_ROSTER;
		body.roster = &roster;
		entry(&c, &body, "c-roster-v2", NULL, NULL);
	}
	heartbeat(f->coord, f, "gossip-c-heartbeat", c.seq, 0);
	heartbeat(f->member, f, "gossip-m-heartbeat", c.seq, m.seq);
	FZ_CHECK(fz_verify(check_store) == 0);
	svk_store_close(check_store);
	for (int i = 0; i < n_practices; i++)
		free(practices[i]);
	for (int i = 0; i < n_needs; i++)
		free(needs[i]);
	free(practices);
	free(needs);
}

static void
write_request(const svk_catchup_wire_round *r, const char *name)
{
	uint8_t *buf;
	size_t len;

	FZ_OK(svk_catchup_wire_request(r, &buf, &len));
	write_file("catchup", name, buf, len);
	free(buf);
}

/* Writes what st serves for req as sync/NAME, a reply to fuzz the
 * requester with. */
static void
write_reply(svk_store *st, const svk_catchup_wire_round *r, const char *name)
{
	uint8_t *req, *out;
	size_t len, outlen, sent;

	FZ_OK(svk_catchup_wire_request(r, &req, &len));
	(void)svk_catchup_wire_serve(st, req, len, &out, &outlen, &sent);
	write_file("catchup", name, out, outlen);
	free(req);
	free(out);
}

static void
requests(const char *dir, const fz_fed *f)
{
	char sub[96];
	svk_catchup_wire_round full, fresh, r;
	svk_store *served, *behind;

	(void)snprintf(sub, sizeof(sub), "%s/served", dir);
	FZ_CHECK(mkdir(sub, 0700) == 0);
	served = fz_catchup_store(sub, f);
	(void)snprintf(sub, sizeof(sub), "%s/behind", dir);
	FZ_CHECK(mkdir(sub, 0700) == 0);
	behind = fz_member_store(sub, f);

	/* A requester that holds everything: in sync. */
	FZ_OK(svk_catchup_wire_round_begin(&full, served, 0));
	write_request(&full, "digest-in-sync");
	write_reply(served, &full, "reply-in-sync");
	/* One that holds only the roster: digest, then heads, then a cursor. */
	FZ_OK(svk_catchup_wire_round_begin(&fresh, behind, 5));
	write_request(&fresh, "digest-behind");
	write_reply(served, &fresh, "reply-need-heads");
	fresh.sent_heads = true;
	write_request(&fresh, "heads-behind");
	write_reply(served, &fresh, "reply-page-more");
	fresh.have_cursor = true;
	memcpy(fresh.after_origin, svk_crypto_identity_public(f->coord), SVK_KEY_LEN);
	fresh.after_seq = 10;
	write_request(&fresh, "heads-cursor");
	memcpy(fresh.after_origin, svk_crypto_identity_public(f->member), SVK_KEY_LEN);
	fresh.after_seq = FZ_SYNC_ENTRIES - 2;
	write_reply(served, &fresh, "reply-last-page");
	/* Heads of nothing at all, and a large page. */
	r = fresh;
	r.n_heads = 0;
	r.have_cursor = false;
	r.page = 2000;
	write_request(&r, "heads-none");
	/* Another federation. */
	r = fresh;
	memset(r.federation, 0x42, SVK_KEY_LEN);
	write_request(&r, "heads-other-federation");
	write_reply(served, &r, "reply-refused");
	/* All held, but another entry named at the last head: a fork, whose
	 * evidence the reply carries. */
	r = full;
	r.sent_heads = true;
	if (r.n_heads > 0)
		r.heads[r.n_heads - 1].hash[0] ^= 1;
	write_request(&r, "heads-fork");
	write_reply(served, &r, "reply-fork-evidence");
	svk_catchup_wire_round_fini(&full);
	svk_catchup_wire_round_fini(&fresh);
	svk_store_close(served);
	svk_store_close(behind);
}

static void
author(const char *data)
{
	static const char *const folders[] = {"practices", "needs"};
	char path[512];

	for (size_t k = 0; k < 2; k++) {
		struct dirent **list;
		int n;

		(void)snprintf(path, sizeof(path), "%s/%s", data, folders[k]);
		list = json_files(path, &n);
		for (int i = 0; i < n; i++) {
			size_t len;
			char *text;

			(void)snprintf(path, sizeof(path), "%s/%s/%s", data,
			    folders[k], list[i]->d_name);
			text = read_file(path, &len);
			write_file("author", list[i]->d_name, text, len);
			free(text);
			free(list[i]);
		}
		free(list);
	}
}

/* The sample and variants of it that an importer must refuse or survive. */
static void
csv(const char *data)
{
	static const char *const broken[][2] = {
	    {"header-only.csv", "id,name,birth_year,email,phone,skills,areas,hours_per_month,"
				"joined,active\n"},
	    {"empty.csv", ""},
	    {"crlf-bom.csv",
		"\xef\xbb\xbfid,name,birth_year,email,phone,skills,areas,"
		"hours_per_month,joined,active\r\n"
		"v001,Marco Papadopoulou,1975,marco.1@example.org,+45 21629072,"
		"it_support;mentoring,elderly_care,16,2019-09-07,yes\r\n"},
	    {"quoted.csv",
		"id,name,birth_year,email,phone,skills,areas,hours_per_month,"
		"joined,active\n"
		"v001,\"Papadopoulou, Marco \"\"Mimis\"\"\",1975,m@example.org,"
		"\"+45 2162\n9072\",driving,elderly_care,16,2019-09-07,yes\n"
		"v002,\"unterminated,1976,s@example.org,,driving,culture,8,"
		"2019-10-04,yes\n"},
	    {"bad-fields.csv",
		"id,name,birth_year,email,phone,skills,areas,hours_per_month,"
		"joined,active\n"
		"v001,Sofie Hansen,19x6,sofie@example.org,+45 2474,driving,"
		"culture,8,2019-10-04,yes\n"
		"v002,Emil Jensen,1989,emil@example.org,+45 2516,fundraising,"
		"sport,-16,2026-13-40,maybe\n"
		"v003,Aino Møller,1999,aino.example.org,+45 2222,youth_work,"
		"culture;;youth,99999999999999999999,2026-05-20,yes\n"
		"v004,Too,Many,Fields,Here,a,b,c,d,e,f,g\n"
		"v005,Too few\n"
		"v001,Duplicate Id,1975,dup@example.org,+45 1,driving,youth,1,"
		"2019-09-07,no\n"},
	    {"columns-swapped.csv",
		"name,id,email,birth_year,phone,skills,areas,hours_per_month,"
		"active,joined,extra\n"
		"Sofie Hansen,v002,sofie@example.org,1976,+45 2474,driving,"
		"culture,8,yes,2019-10-04,x\n"},
	};
	/* Latin-1, not UTF-8, and a NUL byte inside a field. */
	static const char not_utf8[] =
	    "id,name,birth_year,email,phone,skills,areas,hours_per_month,"
	    "joined,active\n"
	    "v001,Mads M\xf8ller,1994,mads@example.org,+45 2696,music,"
	    "housing,20,2024-01-15,yes\n"
	    "v002,Nul\0"
	    "Byte,1994,n@example.org,+45 2696,music,housing,20,"
	    "2024-01-15,yes\n";
	char path[512];
	size_t len;
	char *text;

	(void)snprintf(path, sizeof(path), "%s/volunteers.csv", data);
	text = read_file(path, &len);
	write_file("csv", "volunteers.csv", text, len);
	/* Cut in the middle of a line. */
	write_file("csv", "truncated.csv", text, len / 3);
	free(text);
	for (size_t i = 0; i < sizeof(broken) / sizeof(broken[0]); i++)
		write_file("csv", broken[i][0], broken[i][1], strlen(broken[i][1]));
	write_file("csv", "not-utf8.csv", not_utf8, sizeof(not_utf8) - 1);
}

int
main(int argc, char **argv)
{
	char dir[64];
	fz_fed f;

	if (argc != 3) {
		fprintf(stderr, "usage: seeds OUT DATA\n");
		return 2;
	}
	out_root = argv[1];
	FZ_CHECK(mkdir(out_root, 0755) == 0 || errno == EEXIST);
	fz_tmpdir(dir, "seeds");
	fz_fed_init(&f, dir);
	entries(dir, argv[2], &f);
	requests(dir, &f);
	author(argv[2]);
	csv(argv[2]);
	fz_fed_fini(&f);
	printf("seeds: %u files written under %s\n", n_written, out_root);
	return 0;
}
