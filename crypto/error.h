/*
 * error.h: Samverk's error codes, shared by every layer.
 *
 * It lives in crypto/ because that is the lowest layer and includes point
 * downward only. A fallible function returns 0 on success or a negative code:
 * either -errno for a system error, or one of the SVK_E* codes below, which lie
 * outside the errno range. One X-macro table gives the enum, svk_error_str()
 * and svk_error_name().
 */
#ifndef SVK_ERROR_H
#define SVK_ERROR_H

#define SVK_ERRNO_MAP(X)                                               \
	X(BADSIG, "bad signature")                                     \
	X(MALFORMED, "malformed message")                              \
	X(TOOBIG, "too big")                                           \
	X(BADKEY, "bad key")                                           \
	X(KEYPERM, "key file readable by others")                      \
	X(NOTFOUND, "not found")                                       \
	X(EXISTS, "already exists")                                    \
	X(INVAL, "invalid input")                                      \
	X(CHAIN, "broken hash chain")                                  \
	X(FORK, "fork: two entries with the same origin and seq")      \
	X(HELD, "authoring is on hold: this node's own log is behind") \
	X(NOTMEMBER, "origin is not a member of the federation")       \
	X(SUSPENDED, "origin is a suspended member")                   \
	X(FEDERATION, "entry belongs to another federation")           \
	X(EXPIRED, "roster expired")                                   \
	X(CORRUPT, "store is corrupted")                               \
	X(SCHEMA, "store was written by a newer Samverk")              \
	X(DB, "database error")                                        \
	X(CRYPTO, "cryptography failure")                              \
	X(NOINIT, "node not initialised")                              \
	X(DUPLICATE, "already held")                                   \
	X(NET, "network error")                                        \
	X(FUTURE, "dated too far in the future")                       \
	X(TYPO, "the fingerprint has a typo (its check characters do not match)")

/* Marks a fallible function whose result must be looked at. */
#define SVK_WUR __attribute__((warn_unused_result))

#define SVK__ERR_BASE 10000

typedef enum {
	SVK__ERR_FIRST = -SVK__ERR_BASE,
#define SVK__ERR_ENUM(name, text) SVK_E##name,
	SVK_ERRNO_MAP(SVK__ERR_ENUM)
#undef SVK__ERR_ENUM
	    SVK__ERR_LAST
} svk_errno;

/* svk_error_str returns a human sentence for a code from this table or for a
 * -errno value. The string is static; never free it. */
const char *svk_error_str(int err);

/* svk_error_name returns the code's name, e.g. "SVK_EBADSIG" or "ENOENT". */
const char *svk_error_name(int err);

#endif
