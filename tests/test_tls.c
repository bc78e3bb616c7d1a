/*
 * test_tls.c: node/tls.c: the node's TLS key and self-signed certificate,
 * made by init (svk_home_create) and carried by the join request.
 */
#include "tls.h"

#include <check.h>
#include <mbedtls/oid.h>
#include <mbedtls/pk.h>
#include <mbedtls/x509_crt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fixture.h"
#include "home.h"
#include "roster.h"

static char dir[64];
static char node[256];

static void
setup(void)
{
	ck_assert_int_eq(svk_crypto_init(), 0);
	fx_tmpdir(dir, "tls");
	fx_path(node, dir, "node");
	ck_assert_int_eq(svk_home_create(node, "Vejle", "DK"), 0);
}

static void
teardown(void)
{
	fx_rmdir(dir);
}

static svk_home *
open_node(void)
{
	svk_home *home = NULL;
	ck_assert_int_eq(svk_home_open(&home, node), 0);
	return home;
}

/* Parses DIR/tls.crt with mbedtls into crt. */
static void
parse_cert(mbedtls_x509_crt *crt)
{
	char path[256];
	size_t len;
	char *pem = fx_read_file(fx_path(path, node, SVK_TLS_CRT), &len);

	mbedtls_x509_crt_init(crt);
	ck_assert_int_eq(mbedtls_x509_crt_parse(crt, (unsigned char *)pem, len + 1), 0);
	free(pem);
}

START_TEST(test_init_makes_a_tls_key_readable_only_by_the_owner_and_a_certificate)
{
	char path[256];
	struct stat st;

	ck_assert_int_eq(stat(fx_path(path, node, SVK_TLS_KEY), &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0600);
	ck_assert_int_eq(stat(fx_path(path, node, SVK_TLS_CRT), &st), 0);
	ck_assert_int_gt(st.st_size, 0);
}
END_TEST

START_TEST(test_the_certificate_is_p256_self_signed_and_names_the_fingerprint)
{
	mbedtls_x509_crt crt;
	svk_home *home = open_node();
	char fpr[SVK_FPR_LEN], cn[128] = "";
	uint32_t flags = 0;

	parse_cert(&crt);
	svk_crypto_fingerprint_bare(svk_crypto_identity_public(home->id), fpr);
	for (const mbedtls_x509_name *n = &crt.subject; n; n = n->next)
		if (MBEDTLS_OID_CMP(MBEDTLS_OID_AT_CN, &n->oid) == 0)
			snprintf(cn, sizeof(cn), "%.*s", (int)n->val.len, n->val.p);
	ck_assert_str_eq(cn, fpr);
	ck_assert_int_eq(crt.version, 3);
	ck_assert(mbedtls_pk_can_do(&crt.pk, MBEDTLS_PK_ECKEY));
	ck_assert_int_eq(mbedtls_pk_ec(crt.pk)->grp.id, MBEDTLS_ECP_DP_SECP256R1);
	/* An end entity, trusted only as itself, for about 20 years. */
	ck_assert_int_eq(crt.ca_istrue, 0);
	ck_assert_int_ge(crt.valid_to.year - crt.valid_from.year, SVK_TLS_YEARS);
	/* Trusted as itself, and with the fingerprint as the name to expect. */
	ck_assert_int_eq(mbedtls_x509_crt_verify(&crt, &crt, NULL, fpr, &flags,
			     NULL, NULL),
	    0);
	ck_assert_int_ne(mbedtls_x509_crt_verify(&crt, &crt, NULL, "SVK-AAAA",
			     &flags, NULL, NULL),
	    0);
	ck_assert_int_eq(svk_tls_cert_check(crt.raw.p, 0,
			     svk_crypto_identity_public(home->id)),
	    SVK_EINVAL);
	mbedtls_x509_crt_free(&crt);
	svk_home_close(home);
}
END_TEST

START_TEST(test_the_key_belongs_to_the_certificate)
{
	mbedtls_x509_crt crt;
	mbedtls_pk_context key;
	char *pem = NULL;

	parse_cert(&crt);
	ck_assert_int_eq(svk_tls_load(node, &pem, NULL), 0);
	mbedtls_pk_init(&key);
	ck_assert_int_eq(mbedtls_pk_parse_key(&key, (unsigned char *)pem,
			     strlen(pem) + 1, NULL, 0),
	    0);
	ck_assert_int_eq(mbedtls_pk_check_pair(&crt.pk, &key), 0);
	mbedtls_pk_free(&key);
	mbedtls_x509_crt_free(&crt);
	svk_tls_free_key(pem);
}
END_TEST

START_TEST(test_init_refuses_to_overwrite_a_node_or_its_tls_key)
{
	char path[256], other[256];
	svk_home *home = open_node();

	ck_assert_int_eq(svk_home_create(node, "Vejle", "DK"), SVK_EEXISTS);
	ck_assert_int_eq(svk_tls_create(node, svk_crypto_identity_public(home->id)),
	    SVK_EEXISTS);
	/* A folder with TLS files but no node: init leaves them alone. */
	fx_path(other, dir, "other");
	ck_assert_int_eq(mkdir(other, 0700), 0);
	ck_assert_int_eq(svk_tls_create(other, svk_crypto_identity_public(home->id)),
	    0);
	ck_assert_int_eq(svk_home_create(other, "Kolding", "DK"), SVK_EEXISTS);
	ck_assert_int_eq(access(fx_path(path, other, "node.key"), F_OK), -1);
	ck_assert_int_eq(access(fx_path(path, other, SVK_TLS_KEY), F_OK), 0);
	svk_home_close(home);
}
END_TEST

START_TEST(test_ensure_makes_missing_files_and_keeps_existing_ones)
{
	char path[256];
	size_t len1, len2;
	svk_home *home = open_node();
	char *before = fx_read_file(fx_path(path, node, SVK_TLS_CRT), &len1);

	ck_assert_int_eq(svk_tls_ensure(node, svk_crypto_identity_public(home->id)), 0);
	char *after = fx_read_file(path, &len2);
	ck_assert_str_eq(before, after);
	free(after);
	/* A node made before TLS: both files are made. */
	ck_assert_int_eq(unlink(fx_path(path, node, SVK_TLS_KEY)), 0);
	ck_assert_int_eq(unlink(fx_path(path, node, SVK_TLS_CRT)), 0);
	ck_assert_int_eq(svk_tls_ensure(node, svk_crypto_identity_public(home->id)), 0);
	after = fx_read_file(path, &len2);
	ck_assert_str_ne(before, after);
	/* One without the other is not made up for. */
	ck_assert_int_eq(unlink(fx_path(path, node, SVK_TLS_KEY)), 0);
	ck_assert_int_eq(svk_tls_ensure(node, svk_crypto_identity_public(home->id)),
	    SVK_ECORRUPT);
	free(before);
	free(after);
	svk_home_close(home);
}
END_TEST

START_TEST(test_a_key_readable_by_others_is_refused)
{
	char path[256], *key = NULL, *crt = NULL;

	ck_assert_int_eq(chmod(fx_path(path, node, SVK_TLS_KEY), 0644), 0);
	ck_assert_int_eq(svk_tls_load(node, &key, &crt), SVK_EKEYPERM);
	ck_assert_ptr_null(key);
	ck_assert_int_eq(svk_tls_load(node, NULL, &crt), 0);
	free(crt);
}
END_TEST

START_TEST(test_the_join_request_carries_the_certificate_and_it_is_checked)
{
	svk_home *home = open_node();
	Samverk__Member *m = NULL;
	svk_config cfg;
	char path[256], *line = NULL, *crt;
	size_t len;
	uint8_t other[SVK_KEY_LEN];

	svk_config_defaults(&cfg);
	ck_assert_int_eq(svk_roster_join_request_make(home, &cfg, &line), 0);
	ck_assert_int_eq(svk_roster_join_request_open(line, &m), 0);
	crt = fx_read_file(fx_path(path, node, SVK_TLS_CRT), &len);
	ck_assert_uint_eq(m->tls_cert.len, len);
	ck_assert_mem_eq(m->tls_cert.data, crt, len);
	ck_assert_int_eq(svk_tls_cert_check(m->tls_cert.data, m->tls_cert.len,
			     svk_crypto_identity_public(home->id)),
	    0);
	/* The same certificate does not name another node. */
	memcpy(other, svk_crypto_identity_public(home->id), SVK_KEY_LEN);
	other[0] ^= 1;
	ck_assert_int_eq(svk_tls_cert_check(m->tls_cert.data, m->tls_cert.len, other),
	    SVK_EINVAL);
	ck_assert_int_eq(svk_tls_cert_check((const uint8_t *)"junk", 4, other),
	    SVK_EINVAL);
	protobuf_c_message_free_unpacked(&m->base, NULL);
	free(crt);
	free(line);
	svk_home_close(home);
}
END_TEST

Suite *
tls_suite(void)
{
	Suite *s = suite_create("tls");
	TCase *tc = tcase_create("tls");

	tcase_set_timeout(tc, 30);
	tcase_add_unchecked_fixture(tc, fx_root_make, fx_root_remove);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc,
	    test_init_makes_a_tls_key_readable_only_by_the_owner_and_a_certificate);
	tcase_add_test(tc,
	    test_the_certificate_is_p256_self_signed_and_names_the_fingerprint);
	tcase_add_test(tc, test_the_key_belongs_to_the_certificate);
	tcase_add_test(tc, test_init_refuses_to_overwrite_a_node_or_its_tls_key);
	tcase_add_test(tc, test_ensure_makes_missing_files_and_keeps_existing_ones);
	tcase_add_test(tc, test_a_key_readable_by_others_is_refused);
	tcase_add_test(tc,
	    test_the_join_request_carries_the_certificate_and_it_is_checked);
	suite_add_tcase(s, tc);
	return s;
}
