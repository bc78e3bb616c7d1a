/*
 * fixture.h: helpers shared by the store tests (test_store.c, test_log.c,
 * test_view.c, test_proto.c): temporary folders, stores, small payloads,
 * envelopes sealed by hand, and a small federation to ingest into.
 *
 * Every helper asserts with Check, so a test that calls one fails at the
 * helper's line when something it needs does not work. Nothing here is part
 * of the node; it only drives store/ through its public interface.
 */
#ifndef SVK_TESTS_FIXTURE_H
#define SVK_TESTS_FIXTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crypto.h"
#include "log.h"
#include "samverk.pb-c.h"
#include "store.h"
#include "view.h"
#include "ingest.h"

/* Tests run from the repository root; the samples are shared beside it. */
#define FX_DATA "../shared/data"

#define FX_DAY_MS (24 * 60 * 60 * 1000LL)

/* fx_root_make and fx_root_remove are an unchecked fixture (Check runs it
 * around a whole test case, in the runner): a folder /tmp/svk-unit-XXXXXX
 * that every fx_tmpdir of the case goes into, removed with all it holds at
 * the end, so that a test that fails half way leaves nothing behind either. */
void fx_root_make(void);
void fx_root_remove(void);

/* fx_tmpdir makes a fresh folder NAME-XXXXXX into dir[64], inside the root
 * folder when there is one, else in /tmp. */
void fx_tmpdir(char dir[static 64], const char *name);

/* fx_rmdir removes dir with everything in it (databases with their -wal and
 * -shm files, key files, folders). */
void fx_rmdir(const char *dir);

/* fx_path writes DIR/NAME into out[static 256] and returns out. */
char *fx_path(char out[static 256], const char *dir, const char *name);

/* fx_store creates and opens DIR/NAME. */
svk_store *fx_store(const char *dir, const char *name);

/* fx_identity makes a fresh identity. */
svk_identity *fx_identity(void);

/* fx_read_file reads a whole file into a new NUL-terminated buffer. */
char *fx_read_file(const char *path, size_t *len);

/* fx_count runs sql, which must return one integer, on st's connection. */
int64_t fx_count(svk_store *st, const char *sql);

/* fx_exec runs sql on st's connection and asserts it succeeds. */
void fx_exec(svk_store *st, const char *sql);

/* fx_volunteer adds a volunteer to st's registry, as a row of
 * volunteers.csv would: skills and areas ';' separated, birth 0 for none;
 * it fails the test when the row is refused. */
void fx_volunteer(svk_store *st, const char *id, const char *skills,
    const char *areas, unsigned hours, const char *joined, bool active, int birth);

/* fx_practice fills a minimal practice into p (strings are static). */
void fx_practice(Samverk__Practice *p, const char *id, const char *title);

/* fx_append_practice appends a minimal practice with id and title and
 * returns its seq. */
uint64_t fx_append_practice(svk_store *st, const svk_identity *me, const char *id,
    const char *title);

/* fx_append_retraction appends a retraction of (kind, id); returns its seq. */
uint64_t fx_append_retraction(svk_store *st, const svk_identity *me,
    Samverk__EntityKind kind, const char *id);

/* fx_append_roster appends a roster (version, expires_ms) naming the members
 * keys[i] with names[i], countries[i] and statuses[i]; returns its seq. */
uint64_t fx_append_roster(svk_store *st, const svk_identity *me, uint64_t version,
    int64_t expires_ms, size_t n, const uint8_t *const keys[],
    const char *const names[], const char *const countries[],
    const Samverk__MemberStatus statuses[]);

/* fx_entry opens the entry (origin, seq) held in st; free it with
 * svk_entry_free. */
svk_entry *fx_entry(svk_store *st, const uint8_t *origin, uint64_t seq);

/* fx_ingest ingests the entry (origin, seq) of src into dst and returns what
 * svk_ingest_entry returned; *fresh may be NULL. */
int fx_ingest(svk_store *dst, svk_store *src, const uint8_t *origin, uint64_t seq,
    bool *fresh);

/* fx_ingest_all ingests every entry of origin held in src into dst, in seq
 * order, and asserts each is accepted. */
void fx_ingest_all(svk_store *dst, svk_store *src, const uint8_t *origin);

/* fx_beat signs a heartbeat of id in the federation st belongs to, dated
 * time_ms and named name, into a new buffer *out (free it with free()). */
void fx_beat(svk_store *st, const svk_identity *id, int64_t time_ms,
    const char *name, uint8_t **out, size_t *len);

/* fx_seal packs body, signs it under tag with id, and packs the envelope
 * into a new buffer *out (free it with free()). */
void fx_seal(const svk_identity *id, const char *tag, const Samverk__Body *body,
    uint8_t **out, size_t *len);

/* A federation of one coordinator (a), a receiving member (b), an active
 * member (c), a suspended member (d), and an outsider (x) who is not in the
 * roster. Each has its own store joined to federation a, and a has appended
 * roster version 1 (expiring in a day); b holds that roster already. */
typedef struct fx_fed {
	char dir[64];
	svk_identity *a, *b, *c, *d, *x;
	svk_store *sa, *sb, *sc, *sd, *sx;
	uint64_t roster_seq; /* the roster's seq in a's log */
} fx_fed;

/* fx_fed_init builds the federation in a fresh folder named after name. */
void fx_fed_init(fx_fed *f, const char *name);

/* fx_fed_fini closes every store, frees every identity, removes the folder. */
void fx_fed_fini(fx_fed *f);

/* fx_fed_roster appends roster version with expires_ms to a's log, members
 * as in fx_fed_init, and returns its seq. */
uint64_t fx_fed_roster(fx_fed *f, uint64_t version, int64_t expires_ms);

#endif
