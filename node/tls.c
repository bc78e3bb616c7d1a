/* tls.c: the node's TLS key and self-signed certificate. See tls.h. */
#include "tls.h"

#include <errno.h>
#include <fcntl.h>
#include <mbedtls/ecp.h>
#include <mbedtls/pk.h>
#include <mbedtls/x509_crt.h>
#include <mbedtls/oid.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>


#define PEM_MAX 4096 /* room for a P-256 key or a certificate, as PEM */

/* mbedtls' random source: libsodium's, which never fails once initialised. */
static int
rng(void *ctx, unsigned char *buf, size_t len)
{
	(void)ctx;
	randombytes_buf(buf, len);
	return 0;
}

/* Writes len bytes to a new file path (O_EXCL), synced; removes it on
 * failure. */
static int
write_new(const char *path, const void *buf, size_t len, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	const char *p = buf;
	int err = 0;

	if (fd < 0)
		return errno == EEXIST ? SVK_EEXISTS : -errno;
	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err = -errno;
			break;
		}
		p += n;
		len -= (size_t)n;
	}
	if (err == 0 && fsync(fd) != 0)
		err = -errno;
	if (close(fd) != 0 && err == 0)
		err = -errno;
	if (err != 0)
		(void)unlink(path);
	return err;
}

/* "YYYYMMDDhhmmss" for t (UTC), as mbedtls wants validity times. */
static void
x509_time(time_t t, char out[static 15])
{
	struct tm tm;
	(void)gmtime_r(&t, &tm);
	(void)strftime(out, 15, "%Y%m%d%H%M%S", &tm);
}

/* Makes the key and the certificate as PEM into key_pem and crt_pem. */
static int
generate(const uint8_t pk[static SVK_KEY_LEN], unsigned char *key_pem,
    unsigned char *crt_pem)
{
	mbedtls_pk_context key;
	mbedtls_x509write_cert crt;
	mbedtls_mpi serial;
	unsigned char rand[16];
	char fpr[SVK_FPR_LEN], name[SVK_FPR_LEN + 8], from[15], until[15];
	time_t now = time(NULL);
	int err = SVK_ECRYPTO;

	mbedtls_pk_init(&key);
	mbedtls_x509write_crt_init(&crt);
	mbedtls_mpi_init(&serial);
	svk_crypto_fingerprint_bare(pk, fpr);
	snprintf(name, sizeof(name), "CN=%s", fpr);
	x509_time(now, from);
	x509_time(now + (time_t)SVK_TLS_YEARS * 365 * 24 * 3600 +
		      (SVK_TLS_YEARS / 4) * 24 * 3600,
	    until);
	/* A positive serial of 127 random bits (RFC 5280: at most 20 bytes). */
	randombytes_buf(rand, sizeof(rand));
	rand[0] &= 0x7f;
	rand[0] |= 0x01;
	if (mbedtls_pk_setup(&key, mbedtls_pk_info_from_type(MBEDTLS_PK_ECKEY)) != 0 ||
	    mbedtls_ecp_gen_key(MBEDTLS_ECP_DP_SECP256R1, mbedtls_pk_ec(key), rng,
		NULL) != 0 ||
	    mbedtls_pk_write_key_pem(&key, key_pem, PEM_MAX) != 0 ||
	    mbedtls_mpi_read_binary(&serial, rand, sizeof(rand)) != 0)
		goto out;
	mbedtls_x509write_crt_set_version(&crt, MBEDTLS_X509_CRT_VERSION_3);
	mbedtls_x509write_crt_set_md_alg(&crt, MBEDTLS_MD_SHA256);
	mbedtls_x509write_crt_set_subject_key(&crt, &key);
	mbedtls_x509write_crt_set_issuer_key(&crt, &key);
	/* An end entity, not a CA: see tls.h. */
	if (mbedtls_x509write_crt_set_subject_name(&crt, name) != 0 ||
	    mbedtls_x509write_crt_set_issuer_name(&crt, name) != 0 ||
	    mbedtls_x509write_crt_set_serial(&crt, &serial) != 0 ||
	    mbedtls_x509write_crt_set_validity(&crt, from, until) != 0 ||
	    mbedtls_x509write_crt_set_basic_constraints(&crt, 0, -1) != 0 ||
	    mbedtls_x509write_crt_set_subject_key_identifier(&crt) != 0 ||
	    mbedtls_x509write_crt_pem(&crt, crt_pem, PEM_MAX, rng, NULL) != 0)
		goto out;
	err = 0;
out:
	mbedtls_mpi_free(&serial);
	mbedtls_x509write_crt_free(&crt);
	mbedtls_pk_free(&key);
	return err;
}

/* DIR/tls.key and DIR/tls.crt into key[4200] and crt[4200]. The node's
 * folder is home.c's business, which uses this module: so the two names are
 * joined here rather than through svk_home_path. */
static int
paths(const char *dir, char *key, char *crt)
{
	int n = snprintf(key, 4200, "%s/%s", dir, SVK_TLS_KEY);
	int m = snprintf(crt, 4200, "%s/%s", dir, SVK_TLS_CRT);
	return n < 0 || n >= 4200 || m < 0 || m >= 4200 ? -ENAMETOOLONG : 0;
}

int
svk_tls_create(const char *dir, const uint8_t pk[static SVK_KEY_LEN])
{
	char keypath[4200], crtpath[4200];
	unsigned char *key_pem, crt_pem[PEM_MAX];
	int err;

	if ((err = paths(dir, keypath, crtpath)) != 0)
		return err;
	if (access(crtpath, F_OK) == 0)
		return SVK_EEXISTS;
	if ((key_pem = sodium_malloc(PEM_MAX)) == NULL)
		return -ENOMEM;
	if ((err = generate(pk, key_pem, crt_pem)) != 0)
		goto out;
	if ((err = write_new(keypath, key_pem, strlen((char *)key_pem), 0600)) != 0)
		goto out;
	if ((err = write_new(crtpath, crt_pem, strlen((char *)crt_pem), 0644)) != 0)
		(void)unlink(keypath);
out:
	sodium_free(key_pem); /* wipes it */
	return err;
}

int
svk_tls_ensure(const char *dir, const uint8_t pk[static SVK_KEY_LEN])
{
	char keypath[4200], crtpath[4200];
	int err;

	if ((err = paths(dir, keypath, crtpath)) != 0)
		return err;
	bool key = access(keypath, F_OK) == 0, crt = access(crtpath, F_OK) == 0;
	if (key && crt)
		return 0;
	if (key || crt)
		return SVK_ECORRUPT;
	return svk_tls_create(dir, pk);
}

/* Reads a whole small file into a new NUL-terminated string. */
static int
read_all(const char *path, char **out)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	size_t n;

	if (f == NULL)
		return errno == ENOENT ? SVK_ENOTFOUND : -errno;
	if ((buf = malloc(PEM_MAX + 1)) == NULL) {
		(void)fclose(f);
		return -ENOMEM;
	}
	n = fread(buf, 1, PEM_MAX + 1, f);
	if (ferror(f) || n > PEM_MAX || n == 0) {
		sodium_memzero(buf, PEM_MAX + 1);
		free(buf);
		(void)fclose(f);
		return n > PEM_MAX ? SVK_ETOOBIG : SVK_ECORRUPT;
	}
	(void)fclose(f);
	buf[n] = '\0';
	*out = buf;
	return 0;
}

int
svk_tls_load(const char *dir, char **key, char **crt)
{
	char keypath[4200], crtpath[4200];
	struct stat st;
	int err;

	if ((err = paths(dir, keypath, crtpath)) != 0)
		return err;
	if (key != NULL) {
		/* As for node.key: a key others can read is refused. */
		if (stat(keypath, &st) == 0 && (st.st_mode & 077) != 0)
			return SVK_EKEYPERM;
		if ((err = read_all(keypath, key)) != 0)
			return err;
	}
	if (crt != NULL && (err = read_all(crtpath, crt)) != 0) {
		if (key != NULL) {
			svk_tls_free_key(*key);
			*key = NULL;
		}
		return err;
	}
	return 0;
}

void
svk_tls_free_key(char *key)
{
	if (key == NULL)
		return;
	sodium_memzero(key, strlen(key));
	free(key);
}

int
svk_tls_cert_check(const uint8_t *pem, size_t len, const uint8_t pk[static SVK_KEY_LEN])
{
	mbedtls_x509_crt crt;
	char fpr[SVK_FPR_LEN], *buf;
	const mbedtls_x509_name *n;
	int err = SVK_EINVAL;

	if (len == 0 || len > SVK_TLS_MAX_CERT || memchr(pem, '\0', len) != NULL)
		return SVK_EINVAL;
	/* mbedtls reads PEM only from a NUL-terminated buffer. */
	if ((buf = malloc(len + 1)) == NULL)
		return -ENOMEM;
	memcpy(buf, pem, len);
	buf[len] = '\0';
	mbedtls_x509_crt_init(&crt);
	if (mbedtls_x509_crt_parse(&crt, (unsigned char *)buf, len + 1) != 0 ||
	    crt.next != NULL || !mbedtls_pk_can_do(&crt.pk, MBEDTLS_PK_ECKEY))
		goto out;
	svk_crypto_fingerprint_bare(pk, fpr);
	for (n = &crt.subject; n != NULL; n = n->next) {
		if (MBEDTLS_OID_CMP(MBEDTLS_OID_AT_CN, &n->oid) == 0 &&
		    n->val.len == strlen(fpr) &&
		    memcmp(n->val.p, fpr, n->val.len) == 0) {
			err = 0;
			break;
		}
	}
out:
	mbedtls_x509_crt_free(&crt);
	free(buf);
	return err;
}

bool
svk_tls_url(const char *url)
{
	return strncmp(url, "tls+tcp://", 10) == 0;
}
