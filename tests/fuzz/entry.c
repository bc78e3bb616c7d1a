/*
 * entry.c: libFuzzer target for what partners send over pub/sub: an
 * envelope, opened with svk_entry_open and ingested with svk_ingest_entry into
 * a member's store, and the same bytes taken as a Gossip message the way the
 * daemon takes one (svk__daemon_ingest_gossip): an entry, or a heartbeat for
 * svk_beat_open and svk_beat_ingest.
 *
 * libFuzzer cannot forge Ed25519, so a mutated body would stop at the
 * signature. The fuzzer holds the federation's keys instead: when an
 * envelope fails only its signature and its body names the coordinator or
 * the member as origin (the node, for a heartbeat), it is signed anew by that
 * key and tried again. What ingest then sees is a hostile but authentic
 * entry: a member gone bad, which is what the chain, fork and roster checks
 * are there for.
 *
 * Invariants (abort when broken):
 * - a body refused for its signature alone opens once its origin signs it;
 * - ingest ends in a verdict (accepted, or one of the documented
 *   rejections), never in a database error;
 * - the same entry ingested twice changes nothing the second time;
 * - after successful ingests svk_verify_log finds no problem (checked every
 *   VERIFY_EVERY new entries, or every SVK_FUZZ_VERIFY_EVERY as the
 *   environment says, and before each reset). When it finds one, the
 *   entries ingested since the store was made are written to
 *   ./fuzz-entry-trail-PID/ in order; to replay them in one process, give
 *   the trail's files in order to build/fuzz/entry with
 *   SVK_FUZZ_VERIFY_EVERY=1 in the environment.
 *
 * The store lives in a tmpfs folder and is made anew every RESET_EVERY runs,
 * so it does not grow without bound, and soon after a roster other than the
 * first one came in (one that expired or dropped the member would refuse
 * everything after it).
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "beat.h"
#include "fuzz.h"

#define RESET_EVERY 10000
#define RESET_AFTER_ROSTER 1000
#define VERIFY_EVERY 100
#define TRAIL_MAX 4000

static char dir[64];
static fz_fed fed;
static svk_store *st;
static unsigned long runs;	 /* since the store was made */
static unsigned long reset_at;	 /* runs at which to make it anew */
static unsigned long unverified; /* new entries since the last verify */
static unsigned long verify_every = VERIFY_EVERY;

/* The envelopes ingested as new since the store was made, in order. */
static struct {
	uint8_t *buf;
	size_t len;
} trail[TRAIL_MAX];
static size_t n_trail;

static void
trail_clear(void)
{
	for (size_t i = 0; i < n_trail; i++)
		free(trail[i].buf);
	n_trail = 0;
}

static void
trail_add(const uint8_t *buf, size_t len)
{
	if (n_trail == TRAIL_MAX)
		return;
	FZ_CHECK((trail[n_trail].buf = malloc(len ? len : 1)) != NULL);
	memcpy(trail[n_trail].buf, buf, len);
	trail[n_trail++].len = len;
}

/* Writes the trail where the fuzzer was started, for a replay. */
static void
trail_dump(void)
{
	char path[128];

	(void)snprintf(path, sizeof(path), "fuzz-entry-trail-%d", (int)getpid());
	if (mkdir(path, 0700) != 0 && errno != EEXIST)
		return;
	for (size_t i = 0; i < n_trail; i++) {
		char name[160];
		int fd;

		(void)snprintf(name, sizeof(name), "%s/%05zu", path, i);
		if ((fd = open(name, O_WRONLY | O_CREAT | O_TRUNC, 0600)) < 0)
			continue;
		(void)!write(fd, trail[i].buf, trail[i].len);
		(void)close(fd);
	}
	fprintf(stderr,
	    "entry: %zu entries ingested since the store was made "
	    "are in %s/\n",
	    n_trail, path);
}

static void
verify(void)
{
	if (fz_verify(st) != 0) {
		trail_dump();
		FZ_CHECK(!"svk_verify_log found problems after ingest");
	}
	unverified = 0;
}

static void
store_make(void)
{
	st = fz_member_store(dir, &fed);
	runs = 0;
	reset_at = RESET_EVERY;
	unverified = 0;
	trail_clear();
}

static void
store_reset(void)
{
	static const char *const files[] = {
	    "member.db", "member.db-wal", "member.db-shm", "member.db-journal"};
	char path[128];

	if (unverified > 0)
		verify();
	svk_store_close(st);
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		(void)snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		(void)unlink(path);
	}
	store_make();
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	const char *every = getenv("SVK_FUZZ_VERIFY_EVERY");

	if (every != NULL && atol(every) > 0)
		verify_every = (unsigned long)atol(every);
	fz_tmpdir(dir, "entry");
	fz_fed_init(&fed, dir);
	store_make();
	return 0;
}

static bool
is_verdict(int err)
{
	return err == 0 || err == SVK_EFEDERATION || err == SVK_ENOTMEMBER ||
	       err == SVK_ESUSPENDED || err == SVK_EEXPIRED ||
	       err == SVK_ECHAIN || err == SVK_EFORK;
}

/* Opens buf; when only the signature is wrong and the origin is one of the
 * federation's keys, signs the body anew and opens that. */
static int
open_entry(const uint8_t *buf, size_t len, svk_entry **e)
{
	Samverk__Envelope *env;
	Samverk__Body *body;
	const svk_identity *signer = NULL;
	uint8_t *resigned;
	size_t resigned_len;
	int err = svk_entry_open(buf, len, e);

	if (err != SVK_EBADSIG)
		return err;
	FZ_CHECK((env = samverk__envelope__unpack(NULL, len, buf)) != NULL);
	body = samverk__body__unpack(NULL, env->body.len, env->body.data);
	FZ_CHECK(body != NULL && body->origin.len == SVK_KEY_LEN);
	signer = fz_fed_key(&fed, body->origin.data);
	samverk__body__free_unpacked(body, NULL);
	if (signer == NULL) {
		samverk__envelope__free_unpacked(env, NULL);
		return err;
	}
	fz_resign(signer, SVK_TAG_ENTRY, env->body.data, env->body.len, &resigned,
	    &resigned_len);
	samverk__envelope__free_unpacked(env, NULL);
	err = svk_entry_open(resigned, resigned_len, e);
	free(resigned);
	/* Nothing but the signature was wrong: now it must open. */
	FZ_CHECK(err == 0 || err == SVK_ETOOBIG);
	return err;
}

static void
ingest_entry(const uint8_t *buf, size_t len)
{
	svk_entry *e = NULL;
	bool fresh = false, again = true;
	int err;

	if (open_entry(buf, len, &e) != 0)
		return;
	err = svk_ingest_entry(st, e, &fresh);
	if (!is_verdict(err)) {
		fprintf(stderr, "entry: ingest failed: %s (%s)\n",
		    svk_error_str(err), svk_store_errmsg(st));
		FZ_CHECK(!"ingest ends in a verdict");
	}
	if (err == 0 && fresh) {
		/* Idempotent: the second time changes nothing. */
		FZ_CHECK(svk_ingest_entry(st, e, &again) == 0);
		FZ_CHECK(!again);
		trail_add(e->envelope, e->envelope_len);
		if (e->body->payload_case == SAMVERK__BODY__PAYLOAD_ROSTER &&
		    reset_at > runs + RESET_AFTER_ROSTER)
			reset_at = runs + RESET_AFTER_ROSTER;
		if (++unverified >= verify_every)
			verify();
	}
	svk_entry_free(e);
}

static void
ingest_beat(const uint8_t *buf, size_t len)
{
	Samverk__Envelope *env;
	Samverk__Heartbeat *hb;
	const svk_identity *signer = NULL;
	svk_beat *b = NULL;
	bool fresh = false;
	int err = svk_beat_open(buf, len, &b);

	if (err == SVK_EBADSIG) {
		FZ_CHECK((env = samverk__envelope__unpack(NULL, len, buf)) != NULL);
		hb = samverk__heartbeat__unpack(NULL, env->body.len, env->body.data);
		FZ_CHECK(hb != NULL && hb->node.len == SVK_KEY_LEN);
		signer = fz_fed_key(&fed, hb->node.data);
		samverk__heartbeat__free_unpacked(hb, NULL);
		if (signer != NULL) {
			uint8_t *resigned;
			size_t resigned_len;
			fz_resign(signer, SVK_TAG_HEARTBEAT, env->body.data,
			    env->body.len, &resigned, &resigned_len);
			err = svk_beat_open(resigned, resigned_len, &b);
			free(resigned);
			FZ_CHECK(err == 0 || err == SVK_ETOOBIG);
		}
		samverk__envelope__free_unpacked(env, NULL);
	}
	if (err != 0)
		return;
	err = svk_beat_ingest(st, b, &fresh);
	/* Every refusal svk_beat_ingest documents (a heartbeat dated far
	 * ahead, a roster expired) and nothing else. */
	FZ_CHECK(err == 0 || err == SVK_EFEDERATION || err == SVK_ENOTMEMBER ||
		 err == SVK_ESUSPENDED || err == SVK_EEXPIRED || err == SVK_EFUTURE);
	svk_beat_free(b);
}

/* As svk__daemon_ingest_gossip, without the relaying. */
static void
ingest_gossip(const uint8_t *buf, size_t len)
{
	Samverk__Gossip *g = samverk__gossip__unpack(NULL, len, buf);

	if (g == NULL)
		return;
	if (g->item_case == SAMVERK__GOSSIP__ITEM_HEARTBEAT)
		ingest_beat(g->heartbeat.data, g->heartbeat.len);
	else if (g->item_case == SAMVERK__GOSSIP__ITEM_ENTRY)
		ingest_entry(g->entry.data, g->entry.len);
	samverk__gossip__free_unpacked(g, NULL);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ingest_entry(data, size);
	ingest_gossip(data, size);
	if (++runs >= reset_at)
		store_reset();
	return 0;
}
