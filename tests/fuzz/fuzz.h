/*
 * fuzz.h: what the libFuzzer targets in tests/fuzz/ share: a check that
 * aborts, temporary folders on tmpfs, identities derived from a fixed seed,
 * entries sealed by hand, and the small federation the targets ingest into.
 *
 * The targets and the seed generator (seeds.c) build the same federation
 * from the same seeds, so the envelopes in the committed corpora are signed
 * by keys the targets know, and the roster every target starts from is the
 * very entry the corpora chain on to.
 */
#ifndef SVK_TESTS_FUZZ_H
#define SVK_TESTS_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "crypto.h"
#include "log.h"
#include "samverk.pb-c.h"
#include "store.h"
#include "ingest.h"
#include "verify.h"

/* FZ_CHECK aborts with the condition and its place when it does not hold:
 * libFuzzer takes the abort for a crash and keeps the input. */
#define FZ_CHECK(cond)                                                         \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, \
			    __LINE__, #cond);                                  \
			abort();                                               \
		}                                                              \
	} while (0)

/* FZ_OK aborts when a Samverk call does not return 0, naming the error. */
#define FZ_OK(call)                                                            \
	do {                                                                   \
		int fz_err_ = (call);                                          \
		if (fz_err_ != 0) {                                            \
			fprintf(stderr, "%s:%d: %s: %s\n", __FILE__, __LINE__, \
			    #call, svk_error_str(fz_err_));                    \
			abort();                                               \
		}                                                              \
	} while (0)

/* Every entry the fuzzers seal carries this clock: the same seeds make the
 * same bytes, run after run (2026-01-01T00:00:00Z). */
#define FZ_TIME_MS 1767225600000LL

/* The roster of the fuzzing federation expires long after anyone runs this. */
#define FZ_EXPIRES_MS 4102444800000LL /* 2100-01-01 */

/* fz_tmpdir makes a fresh folder svk-fuzz-NAME-XXXXXX into dir, on tmpfs
 * (/dev/shm) when there is one, else in /tmp. It is removed with all it
 * holds when the process exits normally (up to eight folders a process). */
void fz_tmpdir(char dir[static 64], const char *name);

/* fz_rmtree removes dir and everything in it; best effort. */
void fz_rmtree(const char *dir);

/* fz_identity gives the identity whose Ed25519 seed is 32 bytes of n, loaded
 * through a key file written into dir. Abort on failure. */
svk_identity *fz_identity(const char *dir, uint8_t n);

/* The fuzzing federation: coordinator (seed 1) and one member (seed 2). */
#define FZ_SEED_COORD 1
#define FZ_SEED_MEMBER 2

typedef struct fz_fed {
	svk_identity *coord;
	svk_identity *member;
} fz_fed;

/* fz_fed_init derives both identities (key files go into dir). */
void fz_fed_init(fz_fed *f, const char *dir);

/* fz_fed_fini frees both identities. */
void fz_fed_fini(fz_fed *f);

/* fz_fed_key returns the identity of f whose public key is key, or NULL. */
const svk_identity *fz_fed_key(const fz_fed *f, const uint8_t *key);

/* fz_seal packs body (federation, origin and the rest set by the caller),
 * signs it under tag with id and packs the envelope into a new buffer (free
 * it with free()). The body's id goes into id when it is not NULL. */
void fz_seal(const svk_identity *id, const char *tag, const Samverk__Body *body,
    uint8_t **out, size_t *len, uint8_t id_out[SVK_HASH_LEN]);

/* fz_resign signs body[0..len) anew under tag with id into a new envelope
 * buffer (free it with free()). */
void fz_resign(const svk_identity *id, const char *tag, const uint8_t *body,
    size_t len, uint8_t **out, size_t *outlen);

/* A log being written by hand: the origin's next seq and the previous id. */
typedef struct fz_chain {
	const svk_identity *id;
	const uint8_t *federation;
	uint64_t seq; /* of the last entry sealed, 0 before the first */
	uint8_t prev[SVK_HASH_LEN];
} fz_chain;

/* fz_chain_next fills the header of body (federation, origin, seq, prev,
 * time) as the next entry of c, seals it into *out and advances c. The
 * payload is the caller's; the header fields are reset before returning. */
void fz_chain_next(fz_chain *c, Samverk__Body *body, uint8_t **out, size_t *len);

/* fz_roster_v1 seals the federation's first roster (coordinator and member,
 * both active) as seq 1 of c, which must be the coordinator's chain. */
void fz_roster_v1(fz_chain *c, const fz_fed *f, uint8_t **out, size_t *len);

/* fz_member_store creates the member's store at DIR/member.db, joined to the
 * coordinator's federation and holding roster version 1. */
svk_store *fz_member_store(const char *dir, const fz_fed *f);

/* fz_catchup_store creates the member's store as fz_member_store does and
 * fills it with FZ_SYNC_ENTRIES entries per origin: the coordinator's
 * roster and practices, and the member's own practices, every one sealed
 * by hand with fz_practice payloads, so the same store comes out each time.
 * Its heads: both origins at FZ_SYNC_ENTRIES. */
#define FZ_SYNC_ENTRIES 25
svk_store *fz_catchup_store(const char *dir, const fz_fed *f);

/* fz_ingest opens buf[0..len) and ingests it into st; returns what
 * svk_entry_open or svk_ingest_entry returned. */
int fz_ingest(svk_store *st, const uint8_t *buf, size_t len, bool *fresh);

/* fz_practice fills a small practice numbered n (strings are static or in
 * the caller's buffers id[32] and title[64]). */
void fz_practice(Samverk__Practice *p, unsigned n, char id[static 32],
    char title[static 64]);

/* fz_verify runs svk_verify_log on st and returns the number of problems,
 * printing each on stderr. */
uint64_t fz_verify(svk_store *st);

#endif
