/*
 * tls.h: the node's TLS key and certificate for tls+tcp:// links.
 *
 * DIR/tls.key (an ECDSA P-256 key, PEM, mode 0600) and DIR/tls.crt (a
 * self-signed X.509 v3 certificate, PEM) are made with mbedtls, which nng
 * uses too. The certificate's common name is the node's full fingerprint.
 * There is no certificate authority: the join request carries the
 * certificate, the coordinator signs it into the roster, and a node accepts
 * on its links exactly the certificates of the active members of the newest
 * roster it holds (see node/daemon/link_tls.c). The certificate is an end entity
 * (basicConstraints CA=false): mbedtls trusts it only as an exact copy in the
 * trust list, so no member can issue certificates that others would accept.
 */
#ifndef SVK_TLS_H
#define SVK_TLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crypto.h"

#define SVK_TLS_KEY "tls.key"
#define SVK_TLS_CRT "tls.crt"
#define SVK_TLS_MAX_CERT 4096 /* bytes of a PEM certificate we accept */
#define SVK_TLS_YEARS 20      /* validity of a new certificate */

/* svk_tls_create makes a new key and certificate for the node whose public
 * key is pk, as DIR/tls.key and DIR/tls.crt. It refuses to overwrite either
 * file (SVK_EEXISTS) and leaves nothing behind when it fails. */
int svk_tls_create(const char *dir, const uint8_t pk[static SVK_KEY_LEN]) SVK_WUR;

/* svk_tls_ensure makes the key and certificate unless both exist already
 * (for nodes created before TLS). One without the other is SVK_ECORRUPT. */
int svk_tls_ensure(const char *dir, const uint8_t pk[static SVK_KEY_LEN]) SVK_WUR;

/* svk_tls_load reads DIR/tls.key and DIR/tls.crt into new NUL-terminated
 * strings; free *key with svk_tls_free_key (it wipes it), *crt with free.
 * Either pointer may be NULL to skip that file. */
int svk_tls_load(const char *dir, char **key, char **crt) SVK_WUR;

/* svk_tls_free_key wipes and frees a key read by svk_tls_load. */
void svk_tls_free_key(char *key);

/* svk_tls_cert_check tells whether pem[0..len) is one PEM certificate whose
 * common name is the fingerprint of pk: 0, or SVK_EINVAL. */
int svk_tls_cert_check(const uint8_t *pem, size_t len,
    const uint8_t pk[static SVK_KEY_LEN]) SVK_WUR;

/* svk_tls_url tells whether an endpoint is tls+tcp://. */
bool svk_tls_url(const char *url);

#endif
