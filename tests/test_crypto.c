/*
 * test_crypto.c: unit tests for crypto/crypto.c: the key file and its
 * permissions, domain-separated signatures, BLAKE2b-256, fingerprints.
 *
 * Every test runs in a fresh temporary folder under /tmp, removed afterwards.
 */
#include "crypto.h"

#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#define KEY_FILE_LEN 68 /* "SVK1" + seed + public key, see crypto.c */

static char tmpdir[64];
static char keypath[128];

static void
setup(void)
{
	ck_assert_int_eq(svk_crypto_init(), 0);
	strcpy(tmpdir, "/tmp/svk-crypto-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	snprintf(keypath, sizeof(keypath), "%s/node.key", tmpdir);
}

/* teardown removes the test folder. Tests make files and at most empty
 * folders in it, so one level is enough. */
static void
teardown(void)
{
	DIR *d = opendir(tmpdir);
	struct dirent *e;

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (unlinkat(dirfd(d), e->d_name, 0) != 0)
			ck_assert_int_eq(unlinkat(dirfd(d), e->d_name, AT_REMOVEDIR),
			    0);
	}
	ck_assert_int_eq(closedir(d), 0);
	ck_assert_int_eq(rmdir(tmpdir), 0);
}

/* write_file puts exactly buf[0..len) into path with the given mode. */
static void
write_file(const char *path, const void *buf, size_t len, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(fchmod(fd, mode), 0);
	ck_assert_int_eq(write(fd, buf, len), (ssize_t)len);
	ck_assert_int_eq(close(fd), 0);
}

/* read_file reads up to cap bytes of path into buf and returns how many. */
static size_t
read_file(const char *path, void *buf, size_t cap)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	ck_assert_int_ge(fd, 0);
	n = read(fd, buf, cap);
	ck_assert_int_ge(n, 0);
	ck_assert_int_eq(close(fd), 0);
	return (size_t)n;
}

/* count_entries counts the names in the test folder other than . and .. */
static int
count_entries(void)
{
	DIR *d = opendir(tmpdir);
	struct dirent *e;
	int n = 0;

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	ck_assert_int_eq(closedir(d), 0);
	return n;
}

/* saved_key generates a key, saves it to keypath and returns it. */
static svk_identity *
saved_key(void)
{
	svk_identity *id;

	ck_assert_int_eq(svk_crypto_identity_generate(&id), 0);
	ck_assert_int_eq(svk_crypto_identity_save(id, keypath), 0);
	return id;
}

/* ---- identity and key file ---------------------------------------------- */

START_TEST(test_crypto_init_may_be_called_twice)
{
	ck_assert_int_eq(svk_crypto_init(), 0);
	ck_assert_int_eq(svk_crypto_init(), 0);
}
END_TEST

START_TEST(test_generate_makes_distinct_keys)
{
	svk_identity *a, *b;

	ck_assert_int_eq(svk_crypto_identity_generate(&a), 0);
	ck_assert_int_eq(svk_crypto_identity_generate(&b), 0);
	ck_assert_mem_ne(svk_crypto_identity_public(a),
	    svk_crypto_identity_public(b), SVK_KEY_LEN);
	svk_crypto_identity_free(a);
	svk_crypto_identity_free(b);
	svk_crypto_identity_free(NULL);
}
END_TEST

START_TEST(test_key_file_is_written_with_mode_0600)
{
	svk_identity *id;
	struct stat st;
	mode_t old;

	/* Even a careless umask must not open the file to others, and even a
	 * strict one must leave it readable by its owner. */
	old = umask(0);
	id = saved_key();
	(void)umask(old);
	ck_assert_int_eq(stat(keypath, &st), 0);
	ck_assert_int_eq(st.st_mode & 07777, 0600);
	ck_assert_int_eq(st.st_size, KEY_FILE_LEN);
	svk_crypto_identity_free(id);

	ck_assert_int_eq(unlink(keypath), 0);
	old = umask(0277);
	id = saved_key();
	(void)umask(old);
	ck_assert_int_eq(stat(keypath, &st), 0);
	ck_assert_int_eq(st.st_mode & 07777, 0600);
	svk_crypto_identity_free(id);
}
END_TEST

START_TEST(test_key_file_starts_with_magic)
{
	uint8_t buf[KEY_FILE_LEN + 1];
	svk_identity *id = saved_key();

	ck_assert_uint_eq(read_file(keypath, buf, sizeof(buf)), KEY_FILE_LEN);
	ck_assert_mem_eq(buf, "SVK1", 4);
	ck_assert_mem_eq(buf + 36, svk_crypto_identity_public(id), SVK_KEY_LEN);
	svk_crypto_identity_free(id);
}
END_TEST

START_TEST(test_saved_key_loads_back_and_signs_the_same)
{
	uint8_t sig1[SVK_SIG_LEN], sig2[SVK_SIG_LEN];
	const uint8_t body[] = "practice";
	svk_identity *id = saved_key(), *back;

	ck_assert_int_eq(svk_crypto_identity_load(&back, keypath), 0);
	ck_assert_mem_eq(svk_crypto_identity_public(back),
	    svk_crypto_identity_public(id), SVK_KEY_LEN);
	/* Ed25519 is deterministic: the same key gives the same signature. */
	ck_assert_int_eq(svk_crypto_sign(id, SVK_TAG_ENTRY, body, sizeof(body), sig1),
	    0);
	ck_assert_int_eq(svk_crypto_sign(back, SVK_TAG_ENTRY, body, sizeof(body), sig2),
	    0);
	ck_assert_mem_eq(sig1, sig2, SVK_SIG_LEN);
	svk_crypto_identity_free(back);
	svk_crypto_identity_free(id);
}
END_TEST

START_TEST(test_save_leaves_no_temporary_file)
{
	svk_identity *id = saved_key();

	ck_assert_int_eq(count_entries(), 1);
	svk_crypto_identity_free(id);
}
END_TEST

START_TEST(test_save_refuses_to_replace_existing_key)
{
	uint8_t before[KEY_FILE_LEN], after[KEY_FILE_LEN];
	svk_identity *first = saved_key(), *second;

	ck_assert_uint_eq(read_file(keypath, before, sizeof(before)), KEY_FILE_LEN);
	ck_assert_int_eq(svk_crypto_identity_generate(&second), 0);
	ck_assert_int_eq(svk_crypto_identity_save(second, keypath), SVK_EEXISTS);
	ck_assert_uint_eq(read_file(keypath, after, sizeof(after)), KEY_FILE_LEN);
	ck_assert_mem_eq(before, after, KEY_FILE_LEN);
	ck_assert_int_eq(count_entries(), 1);
	svk_crypto_identity_free(second);
	svk_crypto_identity_free(first);
}
END_TEST

START_TEST(test_save_refuses_to_replace_any_existing_file)
{
	svk_identity *id;

	write_file(keypath, "notes", 5, 0600);
	ck_assert_int_eq(svk_crypto_identity_generate(&id), 0);
	ck_assert_int_eq(svk_crypto_identity_save(id, keypath), SVK_EEXISTS);
	ck_assert_int_eq(count_entries(), 1);
	svk_crypto_identity_free(id);
}
END_TEST

START_TEST(test_save_into_missing_folder_fails_with_enoent)
{
	char path[160];
	svk_identity *id;

	snprintf(path, sizeof(path), "%s/nowhere/node.key", tmpdir);
	ck_assert_int_eq(svk_crypto_identity_generate(&id), 0);
	ck_assert_int_eq(svk_crypto_identity_save(id, path), -ENOENT);
	svk_crypto_identity_free(id);
}
END_TEST

START_TEST(test_load_refuses_key_file_readable_by_others)
{
	static const mode_t modes[] = {0644, 0640, 0604, 0620, 0602, 0700 | 01};
	svk_identity *id = saved_key(), *back;

	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		ck_assert_int_eq(chmod(keypath, modes[i]), 0);
		back = (svk_identity *)1;
		ck_assert_int_eq(svk_crypto_identity_load(&back, keypath),
		    SVK_EKEYPERM);
		ck_assert_ptr_null(back);
	}
	ck_assert_int_eq(chmod(keypath, 0400), 0);
	ck_assert_int_eq(svk_crypto_identity_load(&back, keypath), 0);
	svk_crypto_identity_free(back);
	svk_crypto_identity_free(id);
}
END_TEST

START_TEST(test_load_of_missing_file_fails_with_enoent)
{
	svk_identity *id;

	ck_assert_int_eq(svk_crypto_identity_load(&id, keypath), -ENOENT);
	ck_assert_ptr_null(id);
}
END_TEST

START_TEST(test_load_rejects_truncated_key_file)
{
	uint8_t buf[KEY_FILE_LEN];
	svk_identity *id = saved_key(), *back;

	ck_assert_uint_eq(read_file(keypath, buf, sizeof(buf)), KEY_FILE_LEN);
	ck_assert_int_eq(unlink(keypath), 0);
	write_file(keypath, buf, KEY_FILE_LEN - 1, 0600);
	ck_assert_int_eq(svk_crypto_identity_load(&back, keypath), SVK_EBADKEY);
	ck_assert_int_eq(unlink(keypath), 0);
	write_file(keypath, buf, 0, 0600);
	ck_assert_int_eq(svk_crypto_identity_load(&back, keypath), SVK_EBADKEY);
	ck_assert_ptr_null(back);
	svk_crypto_identity_free(id);
}
END_TEST

START_TEST(test_load_rejects_overlong_key_file)
{
	uint8_t buf[KEY_FILE_LEN + 1] = {0};
	svk_identity *id = saved_key(), *back;

	ck_assert_uint_eq(read_file(keypath, buf, sizeof(buf)), KEY_FILE_LEN);
	ck_assert_int_eq(unlink(keypath), 0);
	write_file(keypath, buf, sizeof(buf), 0600);
	ck_assert_int_eq(svk_crypto_identity_load(&back, keypath), SVK_EBADKEY);
	svk_crypto_identity_free(id);
}
END_TEST

START_TEST(test_load_rejects_garbage_key_file)
{
	uint8_t garbage[KEY_FILE_LEN];
	svk_identity *back;

	randombytes_buf(garbage, sizeof(garbage));
	memcpy(garbage, "JUNK", 4);
	write_file(keypath, garbage, sizeof(garbage), 0600);
	ck_assert_int_eq(svk_crypto_identity_load(&back, keypath), SVK_EBADKEY);
	ck_assert_ptr_null(back);
}
END_TEST

START_TEST(test_load_rejects_key_whose_public_half_does_not_match)
{
	uint8_t buf[KEY_FILE_LEN];
	svk_identity *id = saved_key(), *back;

	ck_assert_uint_eq(read_file(keypath, buf, sizeof(buf)), KEY_FILE_LEN);
	ck_assert_int_eq(unlink(keypath), 0);
	buf[KEY_FILE_LEN - 1] ^= 0x01;
	write_file(keypath, buf, sizeof(buf), 0600);
	ck_assert_int_eq(svk_crypto_identity_load(&back, keypath), SVK_EBADKEY);

	/* A flipped seed bit derives another public key: also refused. */
	ck_assert_int_eq(unlink(keypath), 0);
	buf[KEY_FILE_LEN - 1] ^= 0x01;
	buf[4] ^= 0x80;
	write_file(keypath, buf, sizeof(buf), 0600);
	ck_assert_int_eq(svk_crypto_identity_load(&back, keypath), SVK_EBADKEY);
	svk_crypto_identity_free(id);
}
END_TEST

START_TEST(test_load_rejects_a_folder)
{
	svk_identity *back;

	ck_assert_int_eq(mkdir(keypath, 0700), 0);
	ck_assert_int_eq(svk_crypto_identity_load(&back, keypath), SVK_EBADKEY);
	ck_assert_ptr_null(back);
}
END_TEST

/* ---- signatures --------------------------------------------------------- */

START_TEST(test_sign_then_verify_succeeds)
{
	const uint8_t body[] = "{\"title\": \"Frivilliga i äldreomsorgen\"}";
	uint8_t sig[SVK_SIG_LEN];
	svk_identity *id;

	ck_assert_int_eq(svk_crypto_identity_generate(&id), 0);
	ck_assert_int_eq(svk_crypto_sign(id, SVK_TAG_ENTRY, body, sizeof(body), sig),
	    0);
	ck_assert_int_eq(svk_crypto_verify(svk_crypto_identity_public(id),
			     SVK_TAG_ENTRY, body, sizeof(body), sig),
	    0);
	svk_crypto_identity_free(id);
}
END_TEST

START_TEST(test_sign_then_verify_succeeds_for_empty_body)
{
	uint8_t sig[SVK_SIG_LEN];
	svk_identity *id;

	ck_assert_int_eq(svk_crypto_identity_generate(&id), 0);
	ck_assert_int_eq(svk_crypto_sign(id, SVK_TAG_HEARTBEAT, NULL, 0, sig), 0);
	ck_assert_int_eq(svk_crypto_verify(svk_crypto_identity_public(id),
			     SVK_TAG_HEARTBEAT, NULL, 0, sig),
	    0);
	svk_crypto_identity_free(id);
}
END_TEST

/* Bodies on both sides of the stack-buffer limit inside crypto.c, and one far
 * beyond it, take the same path through Ed25519. */
START_TEST(test_sign_then_verify_succeeds_for_bodies_of_any_size)
{
	static const size_t sizes[] = {4085, 4086, 4087, 4096, 1 << 20};
	uint8_t sig[SVK_SIG_LEN];
	svk_identity *id;
	uint8_t *body;

	ck_assert_int_eq(svk_crypto_identity_generate(&id), 0);
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		body = malloc(sizes[i]);
		ck_assert_ptr_nonnull(body);
		randombytes_buf(body, sizes[i]);
		ck_assert_int_eq(svk_crypto_sign(id, SVK_TAG_ENTRY, body, sizes[i], sig),
		    0);
		ck_assert_int_eq(svk_crypto_verify(svk_crypto_identity_public(id),
				     SVK_TAG_ENTRY, body, sizes[i], sig),
		    0);
		body[sizes[i] - 1] ^= 1;
		ck_assert_int_eq(svk_crypto_verify(svk_crypto_identity_public(id),
				     SVK_TAG_ENTRY, body, sizes[i], sig),
		    SVK_EBADSIG);
		free(body);
	}
	svk_crypto_identity_free(id);
}
END_TEST

/* The wire format is plain Ed25519 over tag, NUL, body: another
 * implementation must be able to check our signatures without this code. */
START_TEST(test_signature_is_plain_ed25519_over_tag_nul_and_body)
{
	const uint8_t body[] = {0x0a, 0x03, 'a', 'b', 'c'};
	const char tag[] = SVK_TAG_ENTRY;
	uint8_t msg[sizeof(tag) + sizeof(body)];
	uint8_t sig[SVK_SIG_LEN];
	svk_identity *id;

	memcpy(msg, tag, sizeof(tag));
	memcpy(msg + sizeof(tag), body, sizeof(body));
	ck_assert_uint_eq(msg[sizeof(tag) - 1], 0);
	ck_assert_int_eq(svk_crypto_identity_generate(&id), 0);
	ck_assert_int_eq(svk_crypto_sign(id, tag, body, sizeof(body), sig), 0);
	ck_assert_int_eq(crypto_sign_verify_detached(sig, msg, sizeof(msg),
			     svk_crypto_identity_public(id)),
	    0);
	svk_crypto_identity_free(id);
}
END_TEST

START_TEST(test_verify_rejects_flipped_body_byte)
{
	uint8_t body[] = "need: volunteers to care for the elderly";
	uint8_t sig[SVK_SIG_LEN];
	svk_identity *id;

	ck_assert_int_eq(svk_crypto_identity_generate(&id), 0);
	ck_assert_int_eq(svk_crypto_sign(id, SVK_TAG_ENTRY, body, sizeof(body), sig),
	    0);
	body[6] ^= 0x20;
	ck_assert_int_eq(svk_crypto_verify(svk_crypto_identity_public(id),
			     SVK_TAG_ENTRY, body, sizeof(body), sig),
	    SVK_EBADSIG);
	svk_crypto_identity_free(id);
}
END_TEST

START_TEST(test_verify_rejects_truncated_or_extended_body)
{
	const uint8_t body[] = "abcdef";
	uint8_t sig[SVK_SIG_LEN];
	svk_identity *id;
	const uint8_t *pk;

	ck_assert_int_eq(svk_crypto_identity_generate(&id), 0);
	pk = svk_crypto_identity_public(id);
	ck_assert_int_eq(svk_crypto_sign(id, SVK_TAG_ENTRY, body, 5, sig), 0);
	ck_assert_int_eq(svk_crypto_verify(pk, SVK_TAG_ENTRY, body, 4, sig),
	    SVK_EBADSIG);
	ck_assert_int_eq(svk_crypto_verify(pk, SVK_TAG_ENTRY, body, 6, sig),
	    SVK_EBADSIG);
	svk_crypto_identity_free(id);
}
END_TEST

START_TEST(test_verify_rejects_flipped_signature_byte)
{
	const uint8_t body[] = "indicator set";
	uint8_t sig[SVK_SIG_LEN];
	svk_identity *id;

	ck_assert_int_eq(svk_crypto_identity_generate(&id), 0);
	ck_assert_int_eq(svk_crypto_sign(id, SVK_TAG_ENTRY, body, sizeof(body), sig),
	    0);
	for (size_t i = 0; i < SVK_SIG_LEN; i += 7) {
		sig[i] ^= 0x04;
		ck_assert_int_eq(svk_crypto_verify(svk_crypto_identity_public(id),
				     SVK_TAG_ENTRY, body, sizeof(body), sig),
		    SVK_EBADSIG);
		sig[i] ^= 0x04;
	}
	svk_crypto_identity_free(id);
}
END_TEST

START_TEST(test_verify_rejects_other_domain_tag)
{
	const uint8_t body[] = "heads: 1 2 3";
	uint8_t sig[SVK_SIG_LEN];
	svk_identity *id;

	ck_assert_int_eq(svk_crypto_identity_generate(&id), 0);
	ck_assert_int_eq(svk_crypto_sign(id, SVK_TAG_HEARTBEAT, body, sizeof(body), sig),
	    0);
	ck_assert_int_eq(svk_crypto_verify(svk_crypto_identity_public(id),
			     SVK_TAG_ENTRY, body, sizeof(body), sig),
	    SVK_EBADSIG);
	ck_assert_int_eq(svk_crypto_verify(svk_crypto_identity_public(id),
			     SVK_TAG_HEARTBEAT, body, sizeof(body), sig),
	    0);
	svk_crypto_identity_free(id);
}
END_TEST

/* The tag's NUL is what keeps "ab" + "c" from signing the same bytes as
 * "a" + "bc". */
START_TEST(test_verify_rejects_bytes_moved_between_tag_and_body)
{
	uint8_t sig[SVK_SIG_LEN];
	svk_identity *id;

	ck_assert_int_eq(svk_crypto_identity_generate(&id), 0);
	ck_assert_int_eq(svk_crypto_sign(id, "samverk/1", (const uint8_t *)"x", 1, sig),
	    0);
	ck_assert_int_eq(svk_crypto_verify(svk_crypto_identity_public(id),
			     "samverk/", (const uint8_t *)"1x", 2, sig),
	    SVK_EBADSIG);
	ck_assert_int_eq(svk_crypto_verify(svk_crypto_identity_public(id),
			     "samverk/1x", NULL, 0, sig),
	    SVK_EBADSIG);
	svk_crypto_identity_free(id);
}
END_TEST

START_TEST(test_verify_rejects_other_key)
{
	const uint8_t body[] = "adoption";
	uint8_t sig[SVK_SIG_LEN];
	svk_identity *signer, *other;

	ck_assert_int_eq(svk_crypto_identity_generate(&signer), 0);
	ck_assert_int_eq(svk_crypto_identity_generate(&other), 0);
	ck_assert_int_eq(svk_crypto_sign(signer, SVK_TAG_ENTRY, body, sizeof(body), sig),
	    0);
	ck_assert_int_eq(svk_crypto_verify(svk_crypto_identity_public(other),
			     SVK_TAG_ENTRY, body, sizeof(body), sig),
	    SVK_EBADSIG);
	svk_crypto_identity_free(other);
	svk_crypto_identity_free(signer);
}
END_TEST

/* ---- hashes and hex ----------------------------------------------------- */

START_TEST(test_blake2b_256_matches_known_vector)
{
	static const uint8_t abc[] = {0xbd, 0xdd, 0x81, 0x3c, 0x63, 0x42, 0x39, 0x72,
	    0x31, 0x71, 0xef, 0x3f, 0xee, 0x98, 0x57, 0x9b, 0x94, 0x96, 0x4e, 0x3b,
	    0xb1, 0xcb, 0x3e, 0x42, 0x72, 0x62, 0xc8, 0xc0, 0x68, 0xd5, 0x23, 0x19};
	uint8_t out[SVK_HASH_LEN];

	svk_crypto_hash((const uint8_t *)"abc", 3, out);
	ck_assert_mem_eq(out, abc, SVK_HASH_LEN);
}
END_TEST

START_TEST(test_blake2b_256_of_empty_input_matches_known_vector)
{
	uint8_t out[SVK_HASH_LEN];
	char hex[2 * SVK_HASH_LEN + 1];

	svk_crypto_hash(NULL, 0, out);
	svk_crypto_hex(out, sizeof(out), hex);
	ck_assert_str_eq(hex, "0e5751c026e543b2e8ab2eb06099daa1"
			      "d1e5df47778f7787faab45cdf12fe3a8");
}
END_TEST

START_TEST(test_hex_is_lowercase_and_terminated)
{
	const uint8_t buf[] = {0x00, 0x9f, 0xab, 0xff};
	char out[2 * sizeof(buf) + 1];

	memset(out, 'X', sizeof(out));
	svk_crypto_hex(buf, sizeof(buf), out);
	ck_assert_str_eq(out, "009fabff");
	svk_crypto_hex(buf, 0, out);
	ck_assert_str_eq(out, "");
}
END_TEST

/* ---- fingerprints ------------------------------------------------------- */

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
crypto_suite(void)
{
	Suite *s = suite_create("crypto");
	TCase *keys = tcase_create("keys");
	TCase *sigs = tcase_create("signatures");
	TCase *hashes = tcase_create("hashes");
	TCase *fprs = tcase_create("fingerprints");

	tcase_add_checked_fixture(keys, setup, teardown);
	tcase_add_test(keys, test_crypto_init_may_be_called_twice);
	tcase_add_test(keys, test_generate_makes_distinct_keys);
	tcase_add_test(keys, test_key_file_is_written_with_mode_0600);
	tcase_add_test(keys, test_key_file_starts_with_magic);
	tcase_add_test(keys, test_saved_key_loads_back_and_signs_the_same);
	tcase_add_test(keys, test_save_leaves_no_temporary_file);
	tcase_add_test(keys, test_save_refuses_to_replace_existing_key);
	tcase_add_test(keys, test_save_refuses_to_replace_any_existing_file);
	tcase_add_test(keys, test_save_into_missing_folder_fails_with_enoent);
	tcase_add_test(keys, test_load_refuses_key_file_readable_by_others);
	tcase_add_test(keys, test_load_of_missing_file_fails_with_enoent);
	tcase_add_test(keys, test_load_rejects_truncated_key_file);
	tcase_add_test(keys, test_load_rejects_overlong_key_file);
	tcase_add_test(keys, test_load_rejects_garbage_key_file);
	tcase_add_test(keys, test_load_rejects_key_whose_public_half_does_not_match);
	tcase_add_test(keys, test_load_rejects_a_folder);
	suite_add_tcase(s, keys);

	tcase_add_checked_fixture(sigs, setup, teardown);
	tcase_add_test(sigs, test_sign_then_verify_succeeds);
	tcase_add_test(sigs, test_sign_then_verify_succeeds_for_empty_body);
	tcase_add_test(sigs, test_sign_then_verify_succeeds_for_bodies_of_any_size);
	tcase_add_test(sigs, test_signature_is_plain_ed25519_over_tag_nul_and_body);
	tcase_add_test(sigs, test_verify_rejects_flipped_body_byte);
	tcase_add_test(sigs, test_verify_rejects_truncated_or_extended_body);
	tcase_add_test(sigs, test_verify_rejects_flipped_signature_byte);
	tcase_add_test(sigs, test_verify_rejects_other_domain_tag);
	tcase_add_test(sigs, test_verify_rejects_bytes_moved_between_tag_and_body);
	tcase_add_test(sigs, test_verify_rejects_other_key);
	suite_add_tcase(s, sigs);

	tcase_add_checked_fixture(hashes, setup, teardown);
	tcase_add_test(hashes, test_blake2b_256_matches_known_vector);
	tcase_add_test(hashes, test_blake2b_256_of_empty_input_matches_known_vector);
	tcase_add_test(hashes, test_hex_is_lowercase_and_terminated);
	suite_add_tcase(s, hashes);

	tcase_add_checked_fixture(fprs, setup, teardown);
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
