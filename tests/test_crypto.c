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

Suite *
crypto_suite(void)
{
	Suite *s = suite_create("crypto");
	TCase *keys = tcase_create("keys");
	TCase *sigs = tcase_create("signatures");
	TCase *hashes = tcase_create("hashes");

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

	return s;
}
