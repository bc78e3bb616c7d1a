/*
 * crypto.h: a node's identity and the signatures on what it publishes.
 *
 * Only libsodium is used here; this layer knows nothing of SQLite, sockets or
 * protobuf. A node's identity is an Ed25519 key pair. The secret half lives in
 * sodium_malloc'ed memory and is kept on disk in a key file of mode 0600.
 * Envelopes are signed over a domain tag followed by the body bytes, so a
 * signature made for one purpose can never be replayed for another.
 */
#ifndef SVK_CRYPTO_H
#define SVK_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

#include "crypto_fingerprint.h"
#include "error.h"

#define SVK_KEY_LEN 32	/* Ed25519 public key */
#define SVK_SIG_LEN 64	/* Ed25519 signature */
#define SVK_HASH_LEN 32 /* BLAKE2b-256 */

_Static_assert(SVK_KEY_LEN == SVK_FINGERPRINT_KEY_LEN,
    "a fingerprint is of a public key");

/* The domain tags, each including its terminating NUL byte in the signed data. */
#define SVK_TAG_ENTRY "samverk/1"
#define SVK_TAG_HEARTBEAT "samverk/hb"
#define SVK_TAG_JOIN "samverk/join"


typedef struct svk_identity svk_identity;

/* svk_crypto_init initialises libsodium. Call once before anything else here;
 * safe to call more than once. Returns 0 or SVK_ECRYPTO. */
int svk_crypto_init(void) SVK_WUR;

/* svk_crypto_identity_generate makes a fresh key pair. The caller frees *out with
 * svk_crypto_identity_free. Returns 0, -ENOMEM or SVK_ECRYPTO. */
int svk_crypto_identity_generate(svk_identity **out) SVK_WUR;

/* svk_crypto_identity_save writes the key pair to path with mode 0600, atomically
 * (temporary file, fsync, rename, fsync of the folder). It refuses to replace
 * an existing file: SVK_EEXISTS. Other failures are -errno. */
int svk_crypto_identity_save(const svk_identity *id, const char *path) SVK_WUR;

/* svk_crypto_identity_load reads a key file written by svk_crypto_identity_save. It refuses
 * a file that group or others may read or write (SVK_EKEYPERM), a file of the
 * wrong size or whose public half does not match its secret half (SVK_EBADKEY),
 * and returns -errno when the file cannot be read. */
int svk_crypto_identity_load(svk_identity **out, const char *path) SVK_WUR;

/* svk_crypto_identity_free wipes the secret key and frees id. NULL does nothing. */
void svk_crypto_identity_free(svk_identity *id);

/* svk_crypto_identity_public returns the 32-byte public key, owned by id. */
const uint8_t *svk_crypto_identity_public(const svk_identity *id);

/* svk_crypto_sign signs tag (with its NUL byte) followed by msg[0..len) with id's
 * secret key into sig. Returns 0 or SVK_ECRYPTO, or -ENOMEM when a body too
 * large for the stack cannot be copied. */
int svk_crypto_sign(const svk_identity *id, const char *tag, const uint8_t *msg,
    size_t len, uint8_t sig[static SVK_SIG_LEN]) SVK_WUR;

/* svk_crypto_verify checks sig over tag (with its NUL) followed by msg[0..len) for
 * the public key pk. Returns 0 when valid, SVK_EBADSIG when not, and -ENOMEM
 * when a body too large for the stack cannot be copied (that says nothing
 * about the signature; try again later rather than blame the origin). */
int svk_crypto_verify(const uint8_t pk[static SVK_KEY_LEN], const char *tag,
    const uint8_t *msg, size_t len, const uint8_t sig[static SVK_SIG_LEN]) SVK_WUR;

/* svk_crypto_hash computes BLAKE2b-256 of buf[0..len) into out. */
void svk_crypto_hash(const uint8_t *buf, size_t len, uint8_t out[static SVK_HASH_LEN]);

/* svk_crypto_hex writes the lowercase hex of buf[0..len) into out, which must hold
 * 2 * len + 1 bytes. */
void svk_crypto_hex(const uint8_t *buf, size_t len, char *out);

/* svk_crypto_base64 encodes buf[0..len) as URL-safe base64 without padding into a
 * new NUL-terminated string (free it with free()). -ENOMEM on failure. */
int svk_crypto_base64(const uint8_t *buf, size_t len, char **out) SVK_WUR;

/* svk_crypto_unbase64 decodes what svk_crypto_base64 made into a new buffer of *len bytes
 * (free it with free()). SVK_EINVAL when text is not such base64. */
int svk_crypto_unbase64(const char *text, uint8_t **out, size_t *len) SVK_WUR;

#endif
