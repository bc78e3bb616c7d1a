/*
 * crypto.c: a node's Ed25519 identity, its key file, domain-separated
 * signatures, BLAKE2b-256, hex and base64 (see crypto.h; the human
 * fingerprint of a key is crypto_fingerprint.c).
 *
 * The key file is 68 bytes, nothing else:
 *
 *	offset 0   4 bytes   magic "SVK1" (format version 1)
 *	offset 4  32 bytes   Ed25519 seed
 *	offset 36 32 bytes   Ed25519 public key
 *
 * i.e. the magic followed by libsodium's 64-byte secret key (seed || public).
 * The public half is redundant on purpose: loading derives it again from the
 * seed and refuses the file when the two differ, which catches a damaged or
 * hand-edited file before the node signs anything with it.
 */
#include "crypto.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#define KEY_MAGIC "SVK1"
#define KEY_MAGIC_LEN 4
#define KEY_FILE_LEN (KEY_MAGIC_LEN + crypto_sign_SECRETKEYBYTES)

/* Bodies up to this size are signed and verified from a stack buffer: most
 * entries and every heartbeat fit, so catch-up verifies without malloc. */
#define SIGN_STACK_LEN 4096

/* How often save tries another random temporary name before giving up. */
#define TEMP_TRIES 8

struct svk_identity {
	uint8_t pk[SVK_KEY_LEN];
	uint8_t *sk; /* crypto_sign_SECRETKEYBYTES, sodium_malloc'ed, read-only */
};

int
svk_crypto_init(void)
{
	/* 1 means an earlier call already did the work. */
	if (sodium_init() < 0)
		return SVK_ECRYPTO;
	return 0;
}

/* identity_alloc makes an identity with secret-key memory ready to fill. */
static int
identity_alloc(svk_identity **out)
{
	svk_identity *id;

	id = calloc(1, sizeof(*id));
	if (id == NULL)
		return -ENOMEM;
	id->sk = sodium_malloc(crypto_sign_SECRETKEYBYTES);
	if (id->sk == NULL) {
		free(id);
		return -ENOMEM;
	}
	*out = id;
	return 0;
}

/* identity_seal makes the secret key read-only once it is filled in, so a
 * stray write elsewhere in the daemon faults instead of corrupting the key. */
static int
identity_seal(svk_identity *id)
{
	if (sodium_mprotect_readonly(id->sk) != 0)
		return -errno;
	return 0;
}

int
svk_crypto_identity_generate(svk_identity **out)
{
	svk_identity *id = NULL;
	int rc;

	*out = NULL;
	rc = identity_alloc(&id);
	if (rc != 0)
		return rc;
	if (crypto_sign_keypair(id->pk, id->sk) != 0) {
		rc = SVK_ECRYPTO;
		goto fail;
	}
	rc = identity_seal(id);
	if (rc != 0)
		goto fail;
	*out = id;
	return 0;

fail:
	svk_crypto_identity_free(id);
	return rc;
}

void
svk_crypto_identity_free(svk_identity *id)
{
	if (id == NULL)
		return;
	/* sodium_free makes the pages writable again and wipes them. */
	sodium_free(id->sk);
	sodium_memzero(id->pk, sizeof(id->pk));
	free(id);
}

const uint8_t *
svk_crypto_identity_public(const svk_identity *id)
{
	return id->pk;
}

/* write_all writes buf[0..len) to fd, resuming after short writes and
 * signals. Returns 0 or -errno. */
static int
write_all(int fd, const uint8_t *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, buf, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			return -EIO;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/* read_full reads until buf[0..len) is full or the file ends, resuming after
 * short reads and signals. *got is how much was read. Returns 0 or -errno. */
static int
read_full(int fd, uint8_t *buf, size_t len, size_t *got)
{
	*got = 0;
	while (*got < len) {
		ssize_t n = read(fd, buf + *got, len - *got);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			break;
		*got += (size_t)n;
	}
	return 0;
}

/* parent_dir returns a new string naming the folder that holds path. */
static int
parent_dir(const char *path, char **out)
{
	const char *slash = strrchr(path, '/');
	size_t len;
	char *dir;

	if (slash == NULL) {
		dir = strdup(".");
	} else {
		/* "/key" lives in "/", not in "". */
		len = slash == path ? 1 : (size_t)(slash - path);
		dir = malloc(len + 1);
		if (dir != NULL) {
			memcpy(dir, path, len);
			dir[len] = '\0';
		}
	}
	if (dir == NULL)
		return -ENOMEM;
	*out = dir;
	return 0;
}

/* fsync_dir makes a new name in dir durable: without it a crash right after
 * the link could leave the node without its key file. */
static int
fsync_dir(const char *dir)
{
	int fd, rc = 0;

	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fsync(fd) != 0)
		rc = -errno;
	if (close(fd) != 0 && rc == 0)
		rc = -errno;
	return rc;
}

/* open_temp creates a new file next to path, named path + ".tmp-" + 16 random
 * hex digits, for writing only by its owner. The name goes in *tmp_out. A name
 * already taken (by a crashed earlier save, say) is skipped, never reused. */
static int
open_temp(const char *path, char **tmp_out, int *fd_out)
{
	size_t len = strlen(path);
	uint8_t noise[8];
	char *tmp;
	int fd, rc;

	tmp = malloc(len + sizeof(".tmp-") - 1 + 2 * sizeof(noise) + 1);
	if (tmp == NULL)
		return -ENOMEM;
	for (int i = 0; i < TEMP_TRIES; i++) {
		randombytes_buf(noise, sizeof(noise));
		memcpy(tmp, path, len);
		memcpy(tmp + len, ".tmp-", 5);
		svk_crypto_hex(noise, sizeof(noise), tmp + len + 5);
		fd = open(tmp,
		    O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
		if (fd >= 0) {
			*tmp_out = tmp;
			*fd_out = fd;
			return 0;
		}
		if (errno != EEXIST)
			break;
	}
	rc = -errno;
	free(tmp);
	return rc;
}

/* write_key writes the key file's contents to fd. The image of the file is
 * built in guarded memory so the seed is never left on the stack. */
static int
write_key(int fd, const svk_identity *id)
{
	uint8_t *image;
	int rc;

	image = sodium_malloc(KEY_FILE_LEN);
	if (image == NULL)
		return -ENOMEM;
	memcpy(image, KEY_MAGIC, KEY_MAGIC_LEN);
	memcpy(image + KEY_MAGIC_LEN, id->sk, crypto_sign_SECRETKEYBYTES);
	rc = write_all(fd, image, KEY_FILE_LEN);
	sodium_free(image);
	return rc;
}

int
svk_crypto_identity_save(const svk_identity *id, const char *path)
{
	char *dir = NULL, *tmp = NULL;
	struct stat st;
	int fd = -1, rc;

	if (id == NULL || path == NULL || path[0] == '\0')
		return -EINVAL;
	/* Fail early and leave nothing behind when the answer is already known;
	 * link() below is what actually guarantees no key is ever replaced. */
	if (lstat(path, &st) == 0)
		return SVK_EEXISTS;
	if (errno != ENOENT)
		return -errno;
	rc = parent_dir(path, &dir);
	if (rc != 0)
		return rc;
	rc = open_temp(path, &tmp, &fd);
	if (rc != 0)
		goto out;
	/* The umask may have taken bits from 0600; the file must be readable by
	 * its owner, and may never be readable by anyone else. */
	if (fchmod(fd, 0600) != 0) {
		rc = -errno;
		goto fail_unlink;
	}
	rc = write_key(fd, id);
	if (rc != 0)
		goto fail_unlink;
	if (fsync(fd) != 0) {
		rc = -errno;
		goto fail_unlink;
	}
	rc = close(fd);
	fd = -1; /* Linux releases the descriptor even when close fails. */
	if (rc != 0) {
		rc = -errno;
		goto fail_unlink;
	}
	/* link, unlike rename, refuses to replace an existing file, so two
	 * processes saving at once cannot overwrite each other's key. */
	if (link(tmp, path) != 0) {
		rc = errno == EEXIST ? SVK_EEXISTS : -errno;
		goto fail_unlink;
	}
	if (unlink(tmp) != 0) {
		rc = -errno;
		goto out;
	}
	rc = fsync_dir(dir);
	goto out;

fail_unlink:
	if (fd >= 0)
		(void)close(fd); /* already failing; the first error matters */
	(void)unlink(tmp);	 /* likewise: best effort not to leave litter */
out:
	free(tmp);
	free(dir);
	return rc;
}

/* key_from_image checks the 68 bytes of a key file and fills id from them. */
static int
key_from_image(svk_identity *id, const uint8_t *image)
{
	const uint8_t *sk = image + KEY_MAGIC_LEN;

	if (memcmp(image, KEY_MAGIC, KEY_MAGIC_LEN) != 0)
		return SVK_EBADKEY;
	if (crypto_sign_seed_keypair(id->pk, id->sk, sk) != 0)
		return SVK_ECRYPTO;
	if (sodium_memcmp(id->pk, sk + crypto_sign_SEEDBYTES, SVK_KEY_LEN) != 0)
		return SVK_EBADKEY;
	return 0;
}

int
svk_crypto_identity_load(svk_identity **out, const char *path)
{
	svk_identity *id = NULL;
	uint8_t *image = NULL;
	struct stat st;
	size_t got;
	int fd, rc;

	*out = NULL;
	if (path == NULL)
		return -EINVAL;
	/* O_NONBLOCK so that a FIFO put in the key's place cannot hang the
	 * node; it changes nothing for a regular file. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) != 0) {
		rc = -errno;
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		rc = SVK_EBADKEY;
		goto out;
	}
	/* Checked on the open file, not the name, so the file cannot be swapped
	 * between the check and the read. */
	if ((st.st_mode & 077) != 0) {
		rc = SVK_EKEYPERM;
		goto out;
	}
	if (st.st_size != KEY_FILE_LEN) {
		rc = SVK_EBADKEY;
		goto out;
	}
	/* One byte more than a key file, to notice a file that grew after fstat. */
	image = sodium_malloc(KEY_FILE_LEN + 1);
	if (image == NULL) {
		rc = -ENOMEM;
		goto out;
	}
	rc = read_full(fd, image, KEY_FILE_LEN + 1, &got);
	if (rc != 0)
		goto out;
	if (got != KEY_FILE_LEN) {
		rc = SVK_EBADKEY;
		goto out;
	}
	rc = identity_alloc(&id);
	if (rc != 0)
		goto out;
	rc = key_from_image(id, image);
	if (rc != 0)
		goto out;
	rc = identity_seal(id);
	if (rc != 0)
		goto out;
	*out = id;
	id = NULL;

out:
	svk_crypto_identity_free(id);
	if (image != NULL)
		sodium_free(image);
	/* Read-only: a failed close loses nothing. */
	(void)close(fd);
	return rc;
}

/* signed_message points *msg_out at tag (with its NUL) followed by
 * msg[0..len), built in stack[] when it fits and in *heap otherwise; the
 * caller frees *heap. Ed25519 hashes the whole message in one go, so the two
 * parts have to be contiguous. */
static int
signed_message(const char *tag, const uint8_t *msg, size_t len,
    uint8_t stack[static SIGN_STACK_LEN], uint8_t **heap, const uint8_t **msg_out,
    size_t *len_out)
{
	size_t tag_len, total;
	uint8_t *buf;

	*heap = NULL;
	if (tag == NULL || (msg == NULL && len > 0))
		return SVK_EINVAL;
	tag_len = strlen(tag) + 1;
	if (len > SIZE_MAX - tag_len)
		return SVK_ETOOBIG;
	total = tag_len + len;
	if (total <= SIGN_STACK_LEN) {
		buf = stack;
	} else {
		buf = malloc(total);
		if (buf == NULL)
			return -ENOMEM;
		*heap = buf;
	}
	memcpy(buf, tag, tag_len);
	if (len > 0)
		memcpy(buf + tag_len, msg, len);
	*msg_out = buf;
	*len_out = total;
	return 0;
}

int
svk_crypto_sign(const svk_identity *id, const char *tag, const uint8_t *msg,
    size_t len, uint8_t sig[static SVK_SIG_LEN])
{
	uint8_t stack[SIGN_STACK_LEN];
	const uint8_t *m;
	uint8_t *heap;
	size_t mlen;
	int rc;

	if (id == NULL)
		return SVK_ECRYPTO;
	rc = signed_message(tag, msg, len, stack, &heap, &m, &mlen);
	if (rc == -ENOMEM)
		return rc;
	if (rc != 0)
		return SVK_ECRYPTO;
	rc = 0;
	if (crypto_sign_detached(sig, NULL, m, mlen, id->sk) != 0)
		rc = SVK_ECRYPTO;
	free(heap);
	return rc;
}

int
svk_crypto_verify(const uint8_t pk[static SVK_KEY_LEN], const char *tag,
    const uint8_t *msg, size_t len, const uint8_t sig[static SVK_SIG_LEN])
{
	uint8_t stack[SIGN_STACK_LEN];
	const uint8_t *m;
	uint8_t *heap;
	size_t mlen;
	int rc;

	rc = signed_message(tag, msg, len, stack, &heap, &m, &mlen);
	/* Running out of memory says nothing about the signature; the caller
	 * must not blame the origin for it. */
	if (rc == -ENOMEM)
		return rc;
	if (rc != 0)
		return SVK_EBADSIG;
	rc = 0;
	if (crypto_sign_verify_detached(sig, m, mlen, pk) != 0)
		rc = SVK_EBADSIG;
	free(heap);
	return rc;
}

void
svk_crypto_hash(const uint8_t *buf, size_t len, uint8_t out[static SVK_HASH_LEN])
{
	/* It fails only for an output length or key outside BLAKE2b's limits,
	 * and both are fixed here. */
	(void)crypto_generichash(out, SVK_HASH_LEN, buf, len, NULL, 0);
}

void
svk_crypto_hex(const uint8_t *buf, size_t len, char *out)
{
	(void)sodium_bin2hex(out, 2 * len + 1, buf, len);
}

int
svk_crypto_base64(const uint8_t *buf, size_t len, char **out)
{
	const int variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
	size_t n = sodium_base64_ENCODED_LEN(len, variant);

	if ((*out = malloc(n)) == NULL)
		return -ENOMEM;
	(void)sodium_bin2base64(*out, n, buf, len, variant);
	return 0;
}

int
svk_crypto_unbase64(const char *text, uint8_t **out, size_t *len)
{
	size_t n = strlen(text), got = 0;
	uint8_t *buf;

	/* Three bytes for every four characters, rounded up. */
	if ((buf = malloc(n / 4 * 3 + 3)) == NULL)
		return -ENOMEM;
	if (sodium_base642bin(buf, n / 4 * 3 + 3, text, n, NULL, &got, NULL,
		sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0) {
		free(buf);
		return SVK_EINVAL;
	}
	*out = buf;
	*len = got;
	return 0;
}
