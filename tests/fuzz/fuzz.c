/*
 * fuzz.c: helpers shared by the libFuzzer targets and the seed generator.
 * See fuzz.h.
 */
#include "fuzz.h"

#include <dirent.h>
#include <fcntl.h>
#include <sodium.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_TMPDIRS 8

static char tmpdirs[MAX_TMPDIRS][64];
static size_t n_tmpdirs;

static void
remove_tmpdirs(void)
{
	for (size_t i = 0; i < n_tmpdirs; i++)
		fz_rmtree(tmpdirs[i]);
	n_tmpdirs = 0;
}

void
fz_tmpdir(char dir[static 64], const char *name)
{
	struct stat st;
	const char *base = stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) &&
				   access("/dev/shm", W_OK) == 0 ?
			       "/dev/shm" :
			       "/tmp";
	int n = snprintf(dir, 64, "%s/svk-fuzz-%s-XXXXXX", base, name);

	FZ_CHECK(n > 0 && n < 64);
	FZ_CHECK(mkdtemp(dir) != NULL);
	FZ_CHECK(n_tmpdirs < MAX_TMPDIRS);
	if (n_tmpdirs == 0)
		FZ_CHECK(atexit(remove_tmpdirs) == 0);
	memcpy(tmpdirs[n_tmpdirs++], dir, 64);
}

static void
empty_folder(int fd)
{
	DIR *d = fdopendir(fd);
	struct dirent *e;

	if (d == NULL) {
		(void)close(fd);
		return;
	}
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (unlinkat(dirfd(d), e->d_name, 0) == 0)
			continue;
		int sub = openat(dirfd(d), e->d_name,
		    O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
		if (sub >= 0) {
			empty_folder(sub);
			(void)unlinkat(dirfd(d), e->d_name, AT_REMOVEDIR);
		}
	}
	(void)closedir(d);
}

void
fz_rmtree(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);

	if (fd < 0)
		return;
	empty_folder(fd);
	(void)rmdir(dir);
}

svk_identity *
fz_identity(const char *dir, uint8_t n)
{
	uint8_t seed[crypto_sign_SEEDBYTES], pk[crypto_sign_PUBLICKEYBYTES];
	uint8_t image[4 + crypto_sign_SECRETKEYBYTES];
	char path[128];
	svk_identity *id = NULL;
	int fd;

	FZ_OK(svk_crypto_init());
	memset(seed, n, sizeof(seed));
	memcpy(image, "SVK1", 4); /* the key file format of crypto.c */
	FZ_CHECK(crypto_sign_seed_keypair(pk, image + 4, seed) == 0);
	FZ_CHECK(snprintf(path, sizeof(path), "%s/key-%u", dir, n) < (int)sizeof(path));
	(void)unlink(path);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	FZ_CHECK(fd >= 0);
	FZ_CHECK(write(fd, image, sizeof(image)) == (ssize_t)sizeof(image));
	FZ_CHECK(close(fd) == 0);
	FZ_OK(svk_crypto_identity_load(&id, path));
	FZ_CHECK(memcmp(svk_crypto_identity_public(id), pk, SVK_KEY_LEN) == 0);
	sodium_memzero(image, sizeof(image));
	(void)unlink(path);
	return id;
}

void
fz_fed_init(fz_fed *f, const char *dir)
{
	f->coord = fz_identity(dir, FZ_SEED_COORD);
	f->member = fz_identity(dir, FZ_SEED_MEMBER);
}

void
fz_fed_fini(fz_fed *f)
{
	svk_crypto_identity_free(f->coord);
	svk_crypto_identity_free(f->member);
	f->coord = f->member = NULL;
}

const svk_identity *
fz_fed_key(const fz_fed *f, const uint8_t *key)
{
	if (memcmp(key, svk_crypto_identity_public(f->coord), SVK_KEY_LEN) == 0)
		return f->coord;
	if (memcmp(key, svk_crypto_identity_public(f->member), SVK_KEY_LEN) == 0)
		return f->member;
	return NULL;
}

void
fz_resign(const svk_identity *id, const char *tag, const uint8_t *body,
    size_t len, uint8_t **out, size_t *outlen)
{
	Samverk__Envelope env = SAMVERK__ENVELOPE__INIT;
	uint8_t sig[SVK_SIG_LEN];

	FZ_OK(svk_crypto_sign(id, tag, body, len, sig));
	env.body.data = (uint8_t *)body;
	env.body.len = len;
	env.sig.data = sig;
	env.sig.len = SVK_SIG_LEN;
	*outlen = samverk__envelope__get_packed_size(&env);
	FZ_CHECK((*out = malloc(*outlen ? *outlen : 1)) != NULL);
	FZ_CHECK(samverk__envelope__pack(&env, *out) == *outlen);
}

void
fz_seal(const svk_identity *id, const char *tag, const Samverk__Body *body,
    uint8_t **out, size_t *len, uint8_t id_out[SVK_HASH_LEN])
{
	size_t bodylen = samverk__body__get_packed_size(body);
	uint8_t *bodybuf = malloc(bodylen ? bodylen : 1);

	FZ_CHECK(bodybuf != NULL);
	FZ_CHECK(samverk__body__pack(body, bodybuf) == bodylen);
	fz_resign(id, tag, bodybuf, bodylen, out, len);
	if (id_out != NULL)
		svk_crypto_hash(bodybuf, bodylen, id_out);
	free(bodybuf);
}

void
fz_chain_next(fz_chain *c, Samverk__Body *body, uint8_t **out, size_t *len)
{
	body->federation.data = (uint8_t *)c->federation;
	body->federation.len = SVK_KEY_LEN;
	body->origin.data = (uint8_t *)svk_crypto_identity_public(c->id);
	body->origin.len = SVK_KEY_LEN;
	body->seq = c->seq + 1;
	body->prev.data = c->seq > 0 ? c->prev : NULL;
	body->prev.len = c->seq > 0 ? SVK_HASH_LEN : 0;
	body->time_ms = FZ_TIME_MS + (int64_t)body->seq * 1000;
	fz_seal(c->id, SVK_TAG_ENTRY, body, out, len, c->prev);
	c->seq++;
	body->federation.data = body->origin.data = body->prev.data = NULL;
	body->federation.len = body->origin.len = body->prev.len = 0;
}

void
fz_roster_v1(fz_chain *c, const fz_fed *f, uint8_t **out, size_t *len)
{
	Samverk__Body body = SAMVERK__BODY__INIT;
	Samverk__Roster roster = SAMVERK__ROSTER__INIT;
	Samverk__Member m[2], *list[2] = {&m[0], &m[1]};

	FZ_CHECK(c->seq == 0 && c->id == f->coord);
	samverk__member__init(&m[0]);
	samverk__member__init(&m[1]);
	m[0].key.data = (uint8_t *)svk_crypto_identity_public(f->coord);
	m[0].key.len = SVK_KEY_LEN;
	m[0].name = "Vejle";
	m[0].country = "DK";
	m[0].pub = "tcp://127.0.0.1:7400";
	m[0].catchup = "tcp://127.0.0.1:7401";
	m[1].key.data = (uint8_t *)svk_crypto_identity_public(f->member);
	m[1].key.len = SVK_KEY_LEN;
	m[1].name = "Skellefteå";
	m[1].country = "SE";
	m[1].pub = "tcp://127.0.0.1:7410";
	m[1].catchup = "tcp://127.0.0.1:7411";
	roster.version = 1;
	roster.expires_ms = FZ_EXPIRES_MS;
	roster.members = list;
	roster.n_members = 2;
	body.payload_case = SAMVERK__BODY__PAYLOAD_ROSTER;
	body.roster = &roster;
	fz_chain_next(c, &body, out, len);
}

int
fz_ingest(svk_store *st, const uint8_t *buf, size_t len, bool *fresh)
{
	svk_entry *e = NULL;
	int err;

	*fresh = false;
	if ((err = svk_entry_open(buf, len, &e)) != 0)
		return err;
	err = svk_ingest_entry(st, e, fresh);
	svk_entry_free(e);
	return err;
}

svk_store *
fz_member_store(const char *dir, const fz_fed *f)
{
	const uint8_t *fed = svk_crypto_identity_public(f->coord);
	fz_chain c = {.id = f->coord, .federation = fed};
	svk_store *st = NULL;
	uint8_t *env;
	size_t len;
	char path[128];
	bool fresh;

	FZ_CHECK(snprintf(path, sizeof(path), "%s/member.db", dir) < (int)sizeof(path));
	FZ_OK(svk_store_open(&st, path, SVK_STORE_CREATE));
	FZ_OK(svk_log_join(st, f->member, fed));
	fz_roster_v1(&c, f, &env, &len);
	FZ_OK(fz_ingest(st, env, len, &fresh));
	FZ_CHECK(fresh);
	free(env);
	return st;
}

svk_store *
fz_catchup_store(const char *dir, const fz_fed *f)
{
	const uint8_t *fed = svk_crypto_identity_public(f->coord);
	fz_chain c = {.id = f->coord, .federation = fed, .seq = 1};
	fz_chain m = {.id = f->member, .federation = fed};
	svk_store *st = fz_member_store(dir, f);
	uint8_t *env;
	size_t len;
	bool fresh;

	/* Chain the coordinator's entries on to the roster the store holds. */
	fz_chain roster = {.id = f->coord, .federation = fed};
	fz_roster_v1(&roster, f, &env, &len);
	free(env);
	memcpy(c.prev, roster.prev, SVK_HASH_LEN);
	for (unsigned i = 0; i < 2 * FZ_SYNC_ENTRIES - 1; i++) {
		Samverk__Body body = SAMVERK__BODY__INIT;
		Samverk__Practice p;
		char id[32], title[64];

		fz_practice(&p, i, id, title);
		body.payload_case = SAMVERK__BODY__PAYLOAD_PRACTICE;
		body.practice = &p;
		fz_chain_next(i % 2 ? &c : &m, &body, &env, &len);
		FZ_OK(fz_ingest(st, env, len, &fresh));
		FZ_CHECK(fresh);
		free(env);
	}
	FZ_CHECK(c.seq == FZ_SYNC_ENTRIES && m.seq == FZ_SYNC_ENTRIES);
	return st;
}

void
fz_practice(Samverk__Practice *p, unsigned n, char id[static 32],
    char title[static 64])
{
	static char *areas[] = {"youth", "elderly_care"};
	static char *tags[] = {"frivillig", "ηλικιωμένοι"};

	samverk__practice__init(p);
	(void)snprintf(id, 32, "practice-%u", n);
	(void)snprintf(title, 64, "Øvelse nummer %u for ældre", n);
	p->id = id;
	p->lang = "da";
	p->title = title;
	p->summary = "Et kort resumé på dansk.";
	p->areas = areas;
	p->n_areas = 1 + n % 2;
	p->tags = tags;
	p->n_tags = n % 3 == 0 ? 2 : 0;
}

static void
print_problem(void *arg, const char *what)
{
	(void)arg;
	fprintf(stderr, "verify: %s\n", what);
}

uint64_t
fz_verify(svk_store *st)
{
	uint64_t checked = 0, problems = 0;

	FZ_OK(svk_verify_log(st, print_problem, NULL, &checked, &problems));
	return problems;
}
