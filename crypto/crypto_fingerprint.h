/*
 * crypto_fingerprint.h: the human form of a node's key, its fingerprint:
 * "SVK-", the key's base32 in 13 groups of four, and a group of four check
 * characters that catches every mistyped character and every swap of two
 * neighbours. Printed everywhere a node (or a federation) is named; read
 * back with or without the check group, and by its start (the short form).
 */
#ifndef SVK_CRYPTO_FINGERPRINT_H
#define SVK_CRYPTO_FINGERPRINT_H

#include <stdbool.h>
#include <stdint.h>

#include "error.h"

#define SVK_FINGERPRINT_KEY_LEN 32 /* an Ed25519 public key, as SVK_KEY_LEN */
#define SVK_FPR_LEN 80		   /* room for a fingerprint and its NUL */
#define SVK_FPR_SHORT_LEN 20	   /* room for a short fingerprint and its NUL */

/* svk_crypto_fingerprint writes the human form of a public key into out: "SVK-"
 * followed by the RFC 4648 base32 of the key (no padding), in groups of four
 * separated by '-', then a fifth group of four check characters, e.g.
 * "SVK-7F3A-92C1-...-Q2RT". The check characters catch every single mistyped
 * character and every swap of two neighbouring ones. Always NUL-terminated. */
void svk_crypto_fingerprint(const uint8_t pk[static SVK_FINGERPRINT_KEY_LEN],
    char out[static SVK_FPR_LEN]);

/* svk_crypto_fingerprint_bare writes the form without the check group
 * ("SVK-7F3A-...", 13 groups), for names fixed in data already written or
 * signed: TLS certificate names and the store's practice references. */
void svk_crypto_fingerprint_bare(const uint8_t pk[static SVK_FINGERPRINT_KEY_LEN],
    char out[static SVK_FPR_LEN]);

/* svk_crypto_fingerprint_short writes the first three groups only ("SVK-7F3A-92C1-
 * QX4B"), for tables meant for people. */
void svk_crypto_fingerprint_short(const uint8_t pk[static SVK_FINGERPRINT_KEY_LEN],
    char out[static SVK_FPR_SHORT_LEN]);

/* svk_crypto_fingerprint_parse reads a fingerprint back into a public key. Case,
 * dashes, spaces and the "SVK-" prefix are optional. A full fingerprint is
 * required, with or without its check group (a short one cannot identify a
 * key): SVK_EINVAL otherwise; SVK_ETYPO when the check group does not match
 * the rest, i.e. the text has a typo. */
int svk_crypto_fingerprint_parse(const char *text,
    uint8_t pk[static SVK_FINGERPRINT_KEY_LEN]) SVK_WUR;

/* svk_crypto_fingerprint_is_prefix tells whether text (case, dashes and the
 * "SVK-" prefix optional) is the start of pk's fingerprint, at least as long
 * as the short form (12 characters after "SVK-"). */
bool svk_crypto_fingerprint_is_prefix(const char *text,
    const uint8_t pk[static SVK_FINGERPRINT_KEY_LEN]);

/* svk_crypto_fingerprint_prefix_valid tells whether text could be such a
 * prefix of some key's fingerprint: base32 only, long enough. */
bool svk_crypto_fingerprint_prefix_valid(const char *text);

#endif
