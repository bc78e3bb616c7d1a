/*
 * crypto_fingerprint.c: a key's fingerprint, printed and read back (see
 * crypto_fingerprint.h). The check group is the remainder of a polynomial
 * division over GF(32), so its guarantees are proven, not probable.
 */
#include "crypto_fingerprint.h"

#include <stddef.h>
#include <string.h>

/* A fingerprint is 52 base32 characters (256 bits, 5 per character, the last
 * character carrying 1 bit of key and 4 zero bits) in 13 groups of 4. */
#define FPR_CHARS 52
#define FPR_GROUP 4
#define FPR_PREFIX "SVK-"
#define FPR_PREFIX_LEN 4
#define FPR_SHORT_GROUPS 3
#define FPR_CHECK 4 /* the check group's characters */

static const char base32_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/* base32_encode writes the FPR_CHARS RFC 4648 base32 characters of a key
 * (no padding, no NUL) into out. */
static void
base32_encode(const uint8_t pk[static SVK_FINGERPRINT_KEY_LEN],
    char out[static FPR_CHARS])
{
	unsigned int bits = 0, nbits = 0;
	size_t o = 0;

	for (size_t i = 0; i < SVK_FINGERPRINT_KEY_LEN; i++) {
		bits = (bits << 8) | pk[i];
		nbits += 8;
		while (nbits >= 5) {
			nbits -= 5;
			out[o++] = base32_alphabet[(bits >> nbits) & 31];
		}
	}
	/* The last character takes the final bit, padded with zeros. */
	if (nbits > 0)
		out[o++] = base32_alphabet[(bits << (5 - nbits)) & 31];
}

/* base32_value returns the 5-bit value of a base32 character of either case,
 * or -1. */
static int
base32_value(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a';
	if (c >= '2' && c <= '7')
		return c - '2' + 26;
	return -1;
}

/* gf32_mul multiplies in GF(32), built on x^5 + x^2 + 1. */
static unsigned int
gf32_mul(unsigned int a, unsigned int b)
{
	unsigned int r = 0;

	for (; b != 0; b >>= 1) {
		if (b & 1)
			r ^= a;
		a <<= 1;
		if (a & 32)
			a ^= 0x25;
	}
	return r;
}

/* check_group writes the FPR_CHECK check characters of the FPR_CHARS base32
 * characters b32. Read as symbols of GF(32), key and check together are a
 * multiple of g(x) = (x + a)(x + a^2)(x + a^3)(x + a^4), a = x the field's
 * generator. One mistyped character adds e * x^k, two neighbours swapped add
 * e * x^k * (x + 1); g divides neither (its roots are neither 0 nor 1), so
 * both are always caught. */
static void
check_group(const char b32[static FPR_CHARS], char out[static FPR_CHECK])
{
	unsigned int g[FPR_CHECK + 1] = {1}, root = 2, r[FPR_CHECK] = {0};

	for (size_t k = 0; k < FPR_CHECK; k++) {
		for (size_t i = k + 1; i > 0; i--)
			g[i] = g[i - 1] ^ gf32_mul(root, g[i]);
		g[0] = gf32_mul(root, g[0]);
		root = gf32_mul(root, 2);
	}
	/* The remainder of the key times x^4 divided by g, highest first. */
	for (size_t i = 0; i < FPR_CHARS; i++) {
		unsigned int fb = (unsigned int)base32_value(b32[i]) ^
				  r[FPR_CHECK - 1];
		for (size_t j = FPR_CHECK - 1; j > 0; j--)
			r[j] = r[j - 1] ^ gf32_mul(fb, g[j]);
		r[0] = gf32_mul(fb, g[0]);
	}
	for (size_t j = 0; j < FPR_CHECK; j++)
		out[j] = base32_alphabet[r[FPR_CHECK - 1 - j]];
}

/* fingerprint_groups writes "SVK-" and the first groups groups of four of the
 * key's base32 (a group past the key's is the check group), separated by '-',
 * then a NUL. */
static void
fingerprint_groups(const uint8_t pk[static SVK_FINGERPRINT_KEY_LEN],
    size_t groups, char *out)
{
	char b32[FPR_CHARS + FPR_CHECK];
	size_t o = FPR_PREFIX_LEN;

	base32_encode(pk, b32);
	check_group(b32, b32 + FPR_CHARS);
	memcpy(out, FPR_PREFIX, FPR_PREFIX_LEN);
	for (size_t g = 0; g < groups; g++) {
		if (g > 0)
			out[o++] = '-';
		memcpy(out + o, b32 + g * FPR_GROUP, FPR_GROUP);
		o += FPR_GROUP;
	}
	out[o] = '\0';
}

_Static_assert(FPR_PREFIX_LEN + FPR_CHARS + FPR_CHECK + FPR_CHARS / FPR_GROUP < SVK_FPR_LEN,
    "SVK_FPR_LEN too small for a fingerprint");
_Static_assert(FPR_PREFIX_LEN + FPR_SHORT_GROUPS * (FPR_GROUP + 1) - 1 < SVK_FPR_SHORT_LEN,
    "SVK_FPR_SHORT_LEN too small for a short one");

void
svk_crypto_fingerprint(const uint8_t pk[static SVK_FINGERPRINT_KEY_LEN],
    char out[static SVK_FPR_LEN])
{
	fingerprint_groups(pk, (FPR_CHARS + FPR_CHECK) / FPR_GROUP, out);
}

void
svk_crypto_fingerprint_bare(const uint8_t pk[static SVK_FINGERPRINT_KEY_LEN],
    char out[static SVK_FPR_LEN])
{
	fingerprint_groups(pk, FPR_CHARS / FPR_GROUP, out);
}

void
svk_crypto_fingerprint_short(const uint8_t pk[static SVK_FINGERPRINT_KEY_LEN],
    char out[static SVK_FPR_SHORT_LEN])
{
	fingerprint_groups(pk, FPR_SHORT_GROUPS, out);
}

/* The characters of text without its separators, at most cap of them, into
 * chars; false when text has anything else (or more). */
static bool
fingerprint_chars(const char *text, char *chars, size_t cap, size_t *n)
{
	*n = 0;
	for (const char *p = text; *p != '\0'; p++) {
		if (*p == '-' || *p == ' ' || *p == '\t')
			continue;
		if (base32_value(*p) < 0 || *n == cap)
			return false;
		chars[(*n)++] = *p;
	}
	return true;
}

static bool
is_prefix_svk(const char *c)
{
	return (c[0] == 'S' || c[0] == 's') && (c[1] == 'V' || c[1] == 'v') &&
	       (c[2] == 'K' || c[2] == 'k');
}

int
svk_crypto_fingerprint_parse(const char *text,
    uint8_t pk[static SVK_FINGERPRINT_KEY_LEN])
{
	/* Room for the prefix's letters too, which are valid base32, and one
	 * a few more, to tell a character or three too many. */
	char chars[FPR_PREFIX_LEN - 1 + FPR_CHARS + FPR_CHECK + 3], check[FPR_CHECK];
	uint8_t key[SVK_FINGERPRINT_KEY_LEN];
	unsigned int bits = 0, nbits = 0;
	const char *b32 = chars;
	size_t n = 0, o = 0;

	if (text == NULL || !fingerprint_chars(text, chars, sizeof(chars), &n))
		return SVK_EINVAL;
	/* Counting decides whether "SVK" is the prefix or the start of a key
	 * that happens to encode to those letters. */
	if ((n == FPR_PREFIX_LEN - 1 + FPR_CHARS ||
		n == FPR_PREFIX_LEN - 1 + FPR_CHARS + FPR_CHECK) &&
	    is_prefix_svk(chars)) {
		b32 += FPR_PREFIX_LEN - 1;
		n -= FPR_PREFIX_LEN - 1;
	}
	if (n == FPR_CHARS + FPR_CHECK) {
		char upper[FPR_CHARS];
		for (size_t i = 0; i < FPR_CHARS; i++)
			upper[i] = base32_alphabet[base32_value(b32[i])];
		check_group(upper, check);
		for (size_t i = 0; i < FPR_CHECK; i++)
			if (base32_alphabet[base32_value(b32[FPR_CHARS + i])] !=
			    check[i])
				return SVK_ETYPO;
	} else if (n != FPR_CHARS) {
		/* A character left out or doubled in a full one is a typo too. */
		size_t m = n > FPR_CHARS && is_prefix_svk(chars) ? n - 3 : n;
		return m + 3 >= FPR_CHARS && m <= FPR_CHARS + FPR_CHECK + 3 ?
			   SVK_ETYPO :
			   SVK_EINVAL;
	}
	for (size_t i = 0; i < FPR_CHARS; i++) {
		bits = (bits << 5) | (unsigned int)base32_value(b32[i]);
		nbits += 5;
		if (nbits >= 8) {
			nbits -= 8;
			key[o++] = (uint8_t)(bits >> nbits);
		}
	}
	/* Only one spelling per key: the 4 padding bits must be zero. */
	if ((bits & ((1u << nbits) - 1)) != 0)
		return n == FPR_CHARS + FPR_CHECK ? SVK_ETYPO : SVK_EINVAL;
	memcpy(pk, key, SVK_FINGERPRINT_KEY_LEN);
	return 0;
}

/* The base32 characters of a prefix, without "SVK-", into chars (*n of them);
 * false when text is no prefix of a fingerprint or too short for one. */
static bool
prefix_chars(const char *text, char chars[static FPR_CHARS + FPR_CHECK + 3],
    size_t *n, bool *maybe_prefixed)
{
	if (text == NULL ||
	    !fingerprint_chars(text, chars, FPR_CHARS + FPR_CHECK + 3, n))
		return false;
	*maybe_prefixed = *n >= 3 && is_prefix_svk(chars);
	return *n >= FPR_SHORT_GROUPS * FPR_GROUP;
}

bool
svk_crypto_fingerprint_prefix_valid(const char *text)
{
	char chars[FPR_CHARS + FPR_CHECK + 3];
	size_t n;
	bool prefixed;

	return prefix_chars(text, chars, &n, &prefixed);
}

/* Whether chars[0..n) begin b32, case aside. */
static bool
starts(const char *b32, size_t len, const char *chars, size_t n)
{
	if (n > len)
		return false;
	for (size_t i = 0; i < n; i++)
		if (base32_alphabet[base32_value(chars[i])] != b32[i])
			return false;
	return true;
}

bool
svk_crypto_fingerprint_is_prefix(const char *text,
    const uint8_t pk[static SVK_FINGERPRINT_KEY_LEN])
{
	char chars[FPR_CHARS + FPR_CHECK + 3], b32[FPR_CHARS + FPR_CHECK];
	size_t n;
	bool prefixed;

	if (!prefix_chars(text, chars, &n, &prefixed))
		return false;
	base32_encode(pk, b32);
	check_group(b32, b32 + FPR_CHARS);
	if (starts(b32, sizeof(b32), chars, n))
		return true;
	return prefixed && n - 3 >= FPR_SHORT_GROUPS * FPR_GROUP &&
	       starts(b32, sizeof(b32), chars + 3, n - 3);
}
