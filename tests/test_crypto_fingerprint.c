/*
 * test_crypto_fingerprint.c: crypto/crypto_fingerprint.c: a key's
 * fingerprint, printed (RFC 4648 base32 and the check group, checked
 * against a separate implementation) and read back: with or without the
 * check group, every single typo and swap of neighbours caught, prefixes.
 */
#include "crypto_fingerprint.h"

#include <check.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "crypto.h"

static void
setup(void)
{
	ck_assert_int_eq(svk_crypto_init(), 0);
}

START_TEST(test_fingerprint_has_thirteen_groups_of_four_and_a_check_group)
{
	uint8_t pk[SVK_KEY_LEN];
	char fpr[SVK_FPR_LEN], bare[SVK_FPR_LEN];

	randombytes_buf(pk, sizeof(pk));
	svk_crypto_fingerprint(pk, fpr);
	svk_crypto_fingerprint_bare(pk, bare);
	ck_assert_uint_eq(strlen(bare), 4 + 13 * 4 + 12);
	ck_assert_uint_eq(strlen(fpr), 4 + 14 * 4 + 13);
	ck_assert_mem_eq(fpr, bare, strlen(bare));
	ck_assert_mem_eq(fpr, "SVK-", 4);
	for (size_t i = 4; fpr[i] != '\0'; i++) {
		if ((i - 4) % 5 == 4)
			ck_assert_int_eq(fpr[i], '-');
		else
			ck_assert_ptr_nonnull(strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567",
			    fpr[i]));
	}
}
END_TEST

/* Expected values from Python's base64.b32encode (RFC 4648). */
START_TEST(test_fingerprint_matches_rfc4648_base32)
{
	uint8_t pk[SVK_KEY_LEN];
	char fpr[SVK_FPR_LEN];

	for (size_t i = 0; i < sizeof(pk); i++)
		pk[i] = (uint8_t)i;
	svk_crypto_fingerprint_bare(pk, fpr);
	ck_assert_str_eq(fpr, "SVK-AAAQ-EAYE-AUDA-OCAJ-BIFQ-YDIO-B4IB-CEQT-"
			      "CQKR-MFYY-DENB-WHA5-DYPQ");
	memset(pk, 0xff, sizeof(pk));
	svk_crypto_fingerprint_bare(pk, fpr);
	ck_assert_str_eq(fpr, "SVK-7777-7777-7777-7777-7777-7777-7777-7777-"
			      "7777-7777-7777-7777-777Q");
}
END_TEST

/* Check groups computed by a separate Python implementation of the same
 * code (polynomial division in GF(32) by (x+a)(x+a^2)(x+a^3)(x+a^4)). */
START_TEST(test_fingerprint_check_group_matches_reference)
{
	uint8_t pk[SVK_KEY_LEN];
	char fpr[SVK_FPR_LEN];

	for (size_t i = 0; i < sizeof(pk); i++)
		pk[i] = (uint8_t)i;
	svk_crypto_fingerprint(pk, fpr);
	ck_assert_str_eq(fpr + strlen(fpr) - 9, "DYPQ-DXQJ");
	memset(pk, 0xff, sizeof(pk));
	svk_crypto_fingerprint(pk, fpr);
	ck_assert_str_eq(fpr + strlen(fpr) - 9, "777Q-JTWR");
	memset(pk, 0, sizeof(pk));
	svk_crypto_fingerprint(pk, fpr);
	ck_assert_str_eq(fpr + strlen(fpr) - 9, "AAAA-AAAA");
}
END_TEST

/* Every single mistyped character and every swap of two neighbouring
 * characters, anywhere in the printed form, is told as a typo. */
START_TEST(test_fingerprint_catches_every_typo_and_swap)
{
	static const char b32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
	uint8_t pk[SVK_KEY_LEN], back[SVK_KEY_LEN];
	char fpr[SVK_FPR_LEN], bad[SVK_FPR_LEN];
	size_t pos[64], n = 0;

	for (int round = 0; round < 8; round++) {
		randombytes_buf(pk, sizeof(pk));
		svk_crypto_fingerprint(pk, fpr);
		n = 0;
		for (size_t i = 4; fpr[i] != '\0'; i++)
			if (fpr[i] != '-')
				pos[n++] = i;
		ck_assert_uint_eq(n, 56);
		for (size_t i = 0; i < n; i++)
			for (size_t c = 0; c < 32; c++) {
				if (b32[c] == fpr[pos[i]])
					continue;
				strcpy(bad, fpr);
				bad[pos[i]] = b32[c];
				ck_assert_int_eq(svk_crypto_fingerprint_parse(bad, back),
				    SVK_ETYPO);
			}
		for (size_t i = 0; i + 1 < n; i++) {
			if (fpr[pos[i]] == fpr[pos[i + 1]])
				continue;
			strcpy(bad, fpr);
			bad[pos[i]] = fpr[pos[i + 1]];
			bad[pos[i + 1]] = fpr[pos[i]];
			ck_assert_int_eq(svk_crypto_fingerprint_parse(bad, back),
			    SVK_ETYPO);
		}
		/* A character left out is a typo too, not "no fingerprint". */
		strcpy(bad, fpr);
		memmove(bad + 20, bad + 21, strlen(bad + 21) + 1);
		ck_assert_int_eq(svk_crypto_fingerprint_parse(bad, back), SVK_ETYPO);
	}
}
END_TEST

START_TEST(test_fingerprint_parse_accepts_the_form_without_check_group)
{
	uint8_t pk[SVK_KEY_LEN], back[SVK_KEY_LEN];
	char bare[SVK_FPR_LEN];

	randombytes_buf(pk, sizeof(pk));
	svk_crypto_fingerprint_bare(pk, bare);
	ck_assert_int_eq(svk_crypto_fingerprint_parse(bare, back), 0);
	ck_assert_mem_eq(pk, back, SVK_KEY_LEN);
	ck_assert_int_eq(svk_crypto_fingerprint_parse(bare + 4, back), 0);
	ck_assert_mem_eq(pk, back, SVK_KEY_LEN);
}
END_TEST

START_TEST(test_fingerprint_prefix_of_four_groups_names_the_key)
{
	uint8_t pk[SVK_KEY_LEN], other[SVK_KEY_LEN];
	char fpr[SVK_FPR_LEN], shrt[SVK_FPR_SHORT_LEN], text[SVK_FPR_LEN];

	randombytes_buf(pk, sizeof(pk));
	memcpy(other, pk, sizeof(other));
	other[0] ^= 0x80;
	svk_crypto_fingerprint(pk, fpr);
	svk_crypto_fingerprint_short(pk, shrt);
	ck_assert(svk_crypto_fingerprint_prefix_valid(shrt));
	ck_assert(svk_crypto_fingerprint_is_prefix(shrt, pk));
	ck_assert(svk_crypto_fingerprint_is_prefix(shrt + 4, pk));
	ck_assert(!svk_crypto_fingerprint_is_prefix(shrt, other));
	ck_assert(svk_crypto_fingerprint_is_prefix(fpr, pk));
	/* Lower case, five groups. */
	snprintf(text, sizeof(text), "%.28s", fpr);
	for (char *o = text; *o; o++)
		if (*o >= 'A' && *o <= 'Z')
			*o = (char)(*o - 'A' + 'a');
	ck_assert(svk_crypto_fingerprint_is_prefix(text, pk));
	/* Two groups are too few to name a node. */
	snprintf(text, sizeof(text), "%.13s", fpr);
	ck_assert(!svk_crypto_fingerprint_prefix_valid(text));
	ck_assert(!svk_crypto_fingerprint_is_prefix(text, pk));
	ck_assert(!svk_crypto_fingerprint_prefix_valid("SVK-ABCD-EFGH-1JKL"));
}
END_TEST

START_TEST(test_fingerprint_short_is_first_three_groups)
{
	uint8_t pk[SVK_KEY_LEN];
	char fpr[SVK_FPR_LEN], shrt[SVK_FPR_SHORT_LEN];

	randombytes_buf(pk, sizeof(pk));
	svk_crypto_fingerprint(pk, fpr);
	svk_crypto_fingerprint_short(pk, shrt);
	ck_assert_uint_eq(strlen(shrt), 18);
	ck_assert_mem_eq(shrt, fpr, 18);
}
END_TEST

START_TEST(test_fingerprint_round_trips)
{
	uint8_t pk[SVK_KEY_LEN], back[SVK_KEY_LEN];
	char fpr[SVK_FPR_LEN];

	for (int i = 0; i < 64; i++) {
		randombytes_buf(pk, sizeof(pk));
		svk_crypto_fingerprint(pk, fpr);
		ck_assert_int_eq(svk_crypto_fingerprint_parse(fpr, back), 0);
		ck_assert_mem_eq(pk, back, SVK_KEY_LEN);
	}
}
END_TEST

START_TEST(test_fingerprint_parse_ignores_case_dashes_and_prefix)
{
	uint8_t pk[SVK_KEY_LEN], back[SVK_KEY_LEN];
	char fpr[SVK_FPR_LEN], plain[SVK_FPR_LEN], *o;

	randombytes_buf(pk, sizeof(pk));
	svk_crypto_fingerprint(pk, fpr);

	/* Lower case. */
	for (o = fpr; *o != '\0'; o++)
		if (*o >= 'A' && *o <= 'Z')
			*o = (char)(*o - 'A' + 'a');
	memset(back, 0, sizeof(back));
	ck_assert_int_eq(svk_crypto_fingerprint_parse(fpr, back), 0);
	ck_assert_mem_eq(pk, back, SVK_KEY_LEN);

	/* No dashes: "svk" and the bare characters. */
	o = plain;
	for (const char *p = fpr; *p != '\0'; p++)
		if (*p != '-')
			*o++ = *p;
	*o = '\0';
	memset(back, 0, sizeof(back));
	ck_assert_int_eq(svk_crypto_fingerprint_parse(plain, back), 0);
	ck_assert_mem_eq(pk, back, SVK_KEY_LEN);

	/* No prefix at all. */
	memset(back, 0, sizeof(back));
	ck_assert_int_eq(svk_crypto_fingerprint_parse(plain + 3, back), 0);
	ck_assert_mem_eq(pk, back, SVK_KEY_LEN);
}
END_TEST

/* A key whose base32 happens to begin with "SVK" must not lose those letters
 * to the prefix rule. */
START_TEST(test_fingerprint_parse_keeps_key_that_starts_with_svk)
{
	uint8_t pk[SVK_KEY_LEN], back[SVK_KEY_LEN];
	char fpr[SVK_FPR_LEN];

	/* 'S' 'V' 'K' are 18, 21, 10: bits 10010 10101 01010 0... */
	memset(pk, 0x11, sizeof(pk));
	pk[0] = 0x95;
	pk[1] = 0x54;
	svk_crypto_fingerprint(pk, fpr);
	ck_assert_mem_eq(fpr, "SVK-SVK", 7);
	ck_assert_int_eq(svk_crypto_fingerprint_parse(fpr + 4, back), 0);
	ck_assert_mem_eq(pk, back, SVK_KEY_LEN);
	ck_assert_int_eq(svk_crypto_fingerprint_parse(fpr, back), 0);
	ck_assert_mem_eq(pk, back, SVK_KEY_LEN);
}
END_TEST

START_TEST(test_fingerprint_parse_rejects_short_form)
{
	uint8_t pk[SVK_KEY_LEN], back[SVK_KEY_LEN];
	char shrt[SVK_FPR_SHORT_LEN];

	randombytes_buf(pk, sizeof(pk));
	svk_crypto_fingerprint_short(pk, shrt);
	memset(back, 0xaa, sizeof(back));
	ck_assert_int_eq(svk_crypto_fingerprint_parse(shrt, back), SVK_EINVAL);
	ck_assert_int_eq(svk_crypto_fingerprint_parse(shrt + 4, back), SVK_EINVAL);
	ck_assert_int_eq(svk_crypto_fingerprint_parse("", back), SVK_EINVAL);
	ck_assert_int_eq(svk_crypto_fingerprint_parse("SVK-", back), SVK_EINVAL);
	/* A refused text leaves the output alone. */
	for (size_t i = 0; i < sizeof(back); i++)
		ck_assert_uint_eq(back[i], 0xaa);
}
END_TEST

START_TEST(test_fingerprint_parse_rejects_wrong_length)
{
	uint8_t pk[SVK_KEY_LEN];
	char fpr[SVK_FPR_LEN + 8];

	randombytes_buf(pk, sizeof(pk));
	svk_crypto_fingerprint(pk, fpr);
	strcat(fpr, "A");
	ck_assert_int_eq(svk_crypto_fingerprint_parse(fpr, pk), SVK_ETYPO);
	fpr[strlen(fpr) - 2] = '\0';
	ck_assert_int_eq(svk_crypto_fingerprint_parse(fpr, pk), SVK_ETYPO);
	/* 55 characters are only a full fingerprint with the "SVK" prefix;
	 * without it they are one with a character left out. */
	ck_assert_int_eq(svk_crypto_fingerprint_parse("ABC"
						      "AAAAAAAAAAAAAAAAAAAAAAAAAA"
						      "AAAAAAAAAAAAAAAAAAAAAAAAAA",
			     pk),
	    SVK_ETYPO);
	fpr[30] = '\0';
	ck_assert_int_eq(svk_crypto_fingerprint_parse(fpr, pk), SVK_EINVAL);
}
END_TEST

START_TEST(test_fingerprint_parse_rejects_characters_outside_base32)
{
	static const char bad[] = "018_.+/=!\xc3";
	uint8_t pk[SVK_KEY_LEN];
	char fpr[SVK_FPR_LEN];

	randombytes_buf(pk, sizeof(pk));
	for (size_t i = 0; i < sizeof(bad) - 1; i++) {
		svk_crypto_fingerprint(pk, fpr);
		fpr[10] = bad[i];
		ck_assert_int_eq(svk_crypto_fingerprint_parse(fpr, pk), SVK_EINVAL);
	}
}
END_TEST

/* The last character carries one bit of key; its four low bits must be zero
 * so that each key has exactly one spelling. */
START_TEST(test_fingerprint_parse_rejects_nonzero_trailing_bits)
{
	uint8_t pk[SVK_KEY_LEN];
	char fpr[SVK_FPR_LEN];

	memset(pk, 0, sizeof(pk));
	svk_crypto_fingerprint_bare(pk, fpr);
	ck_assert_int_eq(svk_crypto_fingerprint_parse(fpr, pk), 0);
	fpr[strlen(fpr) - 1] = 'B';
	ck_assert_int_eq(svk_crypto_fingerprint_parse(fpr, pk), SVK_EINVAL);
	fpr[strlen(fpr) - 1] = 'Q';
	ck_assert_int_eq(svk_crypto_fingerprint_parse(fpr, pk), 0);
	ck_assert_uint_eq(pk[SVK_KEY_LEN - 1], 0x01);
}
END_TEST

Suite *
crypto_fingerprint_suite(void)
{
	Suite *s = suite_create("crypto_fingerprint");
	TCase *fprs = tcase_create("fingerprints");

	tcase_add_checked_fixture(fprs, setup, NULL);
	tcase_add_test(fprs,
	    test_fingerprint_has_thirteen_groups_of_four_and_a_check_group);
	tcase_add_test(fprs, test_fingerprint_matches_rfc4648_base32);
	tcase_add_test(fprs, test_fingerprint_check_group_matches_reference);
	tcase_add_test(fprs, test_fingerprint_catches_every_typo_and_swap);
	tcase_add_test(fprs,
	    test_fingerprint_parse_accepts_the_form_without_check_group);
	tcase_add_test(fprs, test_fingerprint_prefix_of_four_groups_names_the_key);
	tcase_add_test(fprs, test_fingerprint_short_is_first_three_groups);
	tcase_add_test(fprs, test_fingerprint_round_trips);
	tcase_add_test(fprs, test_fingerprint_parse_ignores_case_dashes_and_prefix);
	tcase_add_test(fprs, test_fingerprint_parse_keeps_key_that_starts_with_svk);
	tcase_add_test(fprs, test_fingerprint_parse_rejects_short_form);
	tcase_add_test(fprs, test_fingerprint_parse_rejects_wrong_length);
	tcase_add_test(fprs, test_fingerprint_parse_rejects_characters_outside_base32);
	tcase_add_test(fprs, test_fingerprint_parse_rejects_nonzero_trailing_bits);
	suite_add_tcase(s, fprs);
	return s;
}
