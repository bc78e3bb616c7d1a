/* roster.c: the coordinator's roster and join requests. See roster.h. */
#include "roster.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fold.h"
#include "log.h"
#include "store_meta.h"
#include "tls.h"
#include "view.h"

static char *
dup_or_empty(const char *s)
{
	return strdup(s ? s : "");
}

/* Copies m into a new Member allocated throughout with malloc. */
static Samverk__Member *
member_copy(const uint8_t *key, const char *name, const char *country, const char *pub,
    const char *catchup, int status, const uint8_t *cert, size_t cert_len)
{
	Samverk__Member *m = malloc(sizeof(*m));
	if (m == NULL)
		return NULL;
	samverk__member__init(m);
	m->key.data = malloc(SVK_KEY_LEN);
	m->name = dup_or_empty(name);
	m->country = dup_or_empty(country);
	m->pub = dup_or_empty(pub);
	m->catchup = dup_or_empty(catchup);
	m->status = (Samverk__MemberStatus)status;
	if (cert_len > 0 && (m->tls_cert.data = malloc(cert_len)) != NULL) {
		memcpy(m->tls_cert.data, cert, cert_len);
		m->tls_cert.len = cert_len;
	}
	if (m->key.data == NULL || !m->name || !m->country || !m->pub ||
	    !m->catchup || (cert_len > 0 && m->tls_cert.data == NULL)) {
		protobuf_c_message_free_unpacked(&m->base, NULL);
		return NULL;
	}
	memcpy(m->key.data, key, SVK_KEY_LEN);
	m->key.len = SVK_KEY_LEN;
	return m;
}

int
svk_roster_put(Samverk__Roster *r, const Samverk__Member *m)
{
	Samverk__Member *copy;

	if (m->key.len != SVK_KEY_LEN) /* it is copied and compared as 32 */
		return SVK_EINVAL;
	copy = member_copy(m->key.data, m->name, m->country, m->pub, m->catchup,
	    (int)m->status, m->tls_cert.data, m->tls_cert.len);
	if (copy == NULL)
		return -ENOMEM;
	for (size_t i = 0; i < r->n_members; i++) {
		if (memcmp(r->members[i]->key.data, m->key.data, SVK_KEY_LEN) == 0) {
			protobuf_c_message_free_unpacked(&r->members[i]->base, NULL);
			r->members[i] = copy;
			return 0;
		}
	}
	Samverk__Member **arr = realloc(r->members, (r->n_members + 1) * sizeof(*arr));
	if (arr == NULL) {
		protobuf_c_message_free_unpacked(&copy->base, NULL);
		return -ENOMEM;
	}
	arr[r->n_members++] = copy;
	r->members = arr;
	return 0;
}

Samverk__Member *
svk_roster_find(Samverk__Roster *r, const uint8_t key[static 32])
{
	for (size_t i = 0; i < r->n_members; i++)
		if (memcmp(r->members[i]->key.data, key, SVK_KEY_LEN) == 0)
			return r->members[i];
	return NULL;
}

static int
add_member(void *arg, const svk_member *m)
{
	Samverk__Roster *r = arg;
	Samverk__Member tmp = SAMVERK__MEMBER__INIT;

	tmp.key.data = (uint8_t *)m->key;
	tmp.key.len = SVK_KEY_LEN;
	tmp.name = (char *)m->name;
	tmp.country = (char *)m->country;
	tmp.pub = (char *)m->pub;
	tmp.catchup = (char *)m->catchup;
	tmp.status = (Samverk__MemberStatus)m->status;
	tmp.tls_cert.data = (uint8_t *)m->tls_cert;
	tmp.tls_cert.len = m->tls_cert_len;
	return svk_roster_put(r, &tmp);
}

int
svk_roster_current(svk_store *st, Samverk__Roster **out)
{
	Samverk__Roster *r = malloc(sizeof(*r));
	char *version = NULL;
	int err;

	if (r == NULL)
		return -ENOMEM;
	samverk__roster__init(r);
	err = svk_store_meta_get(st, "roster_version", &version);
	if (err == 0)
		r->version = strtoull(version, NULL, 10);
	else if (err != SVK_ENOTFOUND)
		goto fail;
	free(version);
	if ((err = svk_view_members(st, add_member, r)) != 0)
		goto fail;
	*out = r;
	return 0;
fail:
	protobuf_c_message_free_unpacked(&r->base, NULL);
	return err;
}

bool
svk_roster_is_coordinator(svk_home *home)
{
	uint8_t fed[SVK_KEY_LEN];
	return svk_log_federation(home->store, fed) == 0 &&
	       memcmp(fed, svk_crypto_identity_public(home->id), SVK_KEY_LEN) == 0;
}

int
svk_roster_publish(svk_home *home, Samverk__Roster *r, int64_t lifetime_ms)
{
	Samverk__Body body = SAMVERK__BODY__INIT;

	uint64_t version = r->version;
	int64_t expires = r->expires_ms;
	int err;

	if (!svk_roster_is_coordinator(home))
		return SVK_EINVAL;
	r->version++;
	r->expires_ms = svk_clock_now_ms() + lifetime_ms;
	body.payload_case = SAMVERK__BODY__PAYLOAD_ROSTER;
	body.roster = r;
	if ((err = svk_log_append(home->store, home->id, &body, NULL, NULL)) != 0) {
		r->version = version; /* as it was: nothing was signed */
		r->expires_ms = expires;
	}
	return err;
}

int
svk_roster_expiry(svk_store *st, int64_t *expires_ms)
{
	char *s = NULL;
	int err = svk_store_meta_get(st, "roster_expires_ms", &s);

	*expires_ms = 0;
	if (err == SVK_ENOTFOUND)
		return 0;
	if (err != 0)
		return err;
	*expires_ms = strtoll(s, NULL, 10);
	free(s);
	return 0;
}

int
svk_roster_join_request_make(svk_home *home, const svk_config *cfg, char **line)
{
	Samverk__Member m = SAMVERK__MEMBER__INIT;
	Samverk__JoinRequest jr = SAMVERK__JOIN_REQUEST__INIT;
	uint8_t sig[SVK_SIG_LEN], *mbuf = NULL, *jbuf = NULL;
	char *b64 = NULL, *crt = NULL;
	size_t mlen, jlen;
	int err;

	/* The certificate travels signed with the rest, and the roster makes
	 * it the one partners accept on tls+tcp links. */
	if ((err = svk_tls_ensure(home->dir, svk_crypto_identity_public(home->id))) != 0 ||
	    (err = svk_tls_load(home->dir, NULL, &crt)) != 0)
		return err;
	m.key.data = (uint8_t *)svk_crypto_identity_public(home->id);
	m.key.len = SVK_KEY_LEN;
	m.name = home->name;
	m.country = home->country;
	/* What partners are told: not 0.0.0.0 when that is what is bound. */
	m.pub = (char *)svk_config_pub_advertised(cfg);
	m.catchup = (char *)svk_config_catchup_advertised(cfg);
	m.tls_cert.data = (uint8_t *)crt;
	m.tls_cert.len = strlen(crt);
	mlen = samverk__member__get_packed_size(&m);
	if ((mbuf = malloc(mlen)) == NULL) {
		free(crt);
		return -ENOMEM;
	}
	(void)samverk__member__pack(&m, mbuf);
	if ((err = svk_crypto_sign(home->id, SVK_TAG_JOIN, mbuf, mlen, sig)) != 0)
		goto out;
	jr.member.data = mbuf;
	jr.member.len = mlen;
	jr.sig.data = sig;
	jr.sig.len = SVK_SIG_LEN;
	jlen = samverk__join_request__get_packed_size(&jr);
	if ((jbuf = malloc(jlen)) == NULL) {
		err = -ENOMEM;
		goto out;
	}
	(void)samverk__join_request__pack(&jr, jbuf);
	if ((err = svk_crypto_base64(jbuf, jlen, &b64)) != 0)
		goto out;
	if ((*line = malloc(strlen(SVK_JOIN_PREFIX) + strlen(b64) + 1)) == NULL) {
		err = -ENOMEM;
		goto out;
	}
	strcpy(*line, SVK_JOIN_PREFIX);
	strcat(*line, b64);
out:
	free(b64);
	free(jbuf);
	free(mbuf);
	free(crt);
	return err;
}

static bool
member_valid(const Samverk__Member *m)
{
	return m->key.len == SVK_KEY_LEN && m->name[0] != '\0' &&
	       strlen(m->name) <= SVK_HOME_MAX_NAME &&
	       svk_fold_utf8_valid(m->name, strlen(m->name)) &&
	       strlen(m->country) == 2 && isupper((unsigned char)m->country[0]) &&
	       isupper((unsigned char)m->country[1]) &&
	       svk_config_endpoint_valid(m->pub) &&
	       svk_config_endpoint_valid(m->catchup) &&
	       /* Requests from before TLS carry no certificate; one that is there
	     * must name this very node, or it could pose as another member. */
	       (m->tls_cert.len == 0 || svk_tls_cert_check(m->tls_cert.data,
					    m->tls_cert.len, m->key.data) == 0);
}

/* The request as it was made, from what a person pasted: an e-mail client
 * may have wrapped it (line breaks, CRLF, spaces) and quoted it ('>' at the
 * start of each line). Neither blanks nor '>' occur in the request itself
 * (its prefix and URL-safe base64), so all of them go. NULL: no memory. */
static char *
unwrap(const char *line)
{
	char *text = malloc(strlen(line) + 1), *o = text;

	if (text == NULL)
		return NULL;
	for (const char *p = line; *p != '\0'; p++)
		if (!isspace((unsigned char)*p) && *p != '>')
			*o++ = *p;
	*o = '\0';
	return text;
}

int
svk_roster_join_request_open(const char *line, Samverk__Member **member)
{
	Samverk__JoinRequest *jr = NULL;
	Samverk__Member *m = NULL;
	uint8_t *buf = NULL;
	size_t len;
	int err;

	char *text = unwrap(line);
	if (text == NULL)
		return -ENOMEM;
	if (strncmp(text, SVK_JOIN_PREFIX, strlen(SVK_JOIN_PREFIX)) != 0) {
		free(text);
		return SVK_EINVAL;
	}
	err = svk_crypto_unbase64(text + strlen(SVK_JOIN_PREFIX), &buf, &len);
	free(text);
	if (err != 0)
		return err;
	err = SVK_EINVAL;
	if ((jr = samverk__join_request__unpack(NULL, len, buf)) == NULL ||
	    jr->sig.len != SVK_SIG_LEN)
		goto out;
	if ((m = samverk__member__unpack(NULL, jr->member.len, jr->member.data)) == NULL ||
	    !member_valid(m))
		goto out;
	if ((err = svk_crypto_verify(m->key.data, SVK_TAG_JOIN, jr->member.data,
		 jr->member.len, jr->sig.data)) != 0)
		goto out;
	*member = m;
	m = NULL;
out:
	if (m)
		samverk__member__free_unpacked(m, NULL);
	if (jr)
		samverk__join_request__free_unpacked(jr, NULL);
	free(buf);
	return err;
}
