/*
 * web.c: libFuzzer target for what the web app's request side parses from
 * a request: the input is a Content-Type line, a Cookie line and a body,
 * sent as a real POST over a socket pair to libmicrohttpd (no listening
 * socket, driven by MHD_run), whose post processor (urlencoded and
 * multipart, uploads included) feeds node/web/web_form.c as http.c does;
 * the cookies it parsed go through node/web/web_session.c (the session
 * lookup, the CSRF compare, the lang cookie).
 *
 * Invariants (abort when broken):
 * - a form within its limits hands out at most SVK_WEB_FORM_MAX_FIELDS
 *   fields, each value NUL-terminated and within its limit; a form past
 *   a limit is refused whole (-E2BIG) and every later add fails too;
 * - a cookie never finds the session unless it is that session's id, and
 *   a form's csrf field never passes unless it is the session's token;
 * - a lang cookie passes only as letters, digits and '-', 1 to 15 long;
 * - libmicrohttpd answers (or closes) every request, and nothing leaks.
 */
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "fuzz.h"
#include "web_form.h"
#include "web_session.h"

static struct MHD_Daemon *mhd;
static svk_web_sessions *sessions;
static char known_id[SVK_WEB_TOKEN_MAX], known_csrf[SVK_WEB_TOKEN_MAX];

struct req {
	struct MHD_PostProcessor *pp;
	svk_web_form *form;
	bool refused;
};

static enum MHD_Result
on_field(void *cls, enum MHD_ValueKind kind, const char *key, const char *filename,
    const char *type, const char *enc, const char *data, uint64_t off, size_t size)
{
	struct req *r = cls;
	int err;
	(void)kind;
	(void)type;
	(void)enc;

	if (key == NULL)
		return MHD_YES;
	err = svk_web_form_add(r->form, key, filename != NULL, (size_t)off, data, size);
	if (err == -E2BIG) {
		r->refused = true;
		/* refused whole: nothing more goes in */
		FZ_CHECK(svk_web_form_add(r->form, "x", false, 0, "y", 1) == -E2BIG);
	}
	return err == 0 ? MHD_YES : MHD_NO;
}

static void
check_form(struct req *r)
{
	svk_web_fields f = svk_web_form_fields(r->form);
	unsigned n = svk_web_form_count(r->form);
	const char *csrf = f.get(f.arg, "csrf");

	FZ_CHECK(n <= SVK_WEB_FORM_MAX_FIELDS);
	for (unsigned i = 0; i < 4; i++) {
		const char *v = f.each(f.arg, "a", i);
		if (v == NULL)
			break;
		FZ_CHECK(strlen(v) <= SVK_WEB_FORM_MAX_FILE);
	}
	unsigned long len = 0;
	const char *up = f.file(f.arg, "file", &len);
	FZ_CHECK(up == NULL || (len <= SVK_WEB_FORM_MAX_FILE && up[len] == '\0'));
	if (csrf != NULL && strcmp(csrf, known_csrf) != 0) {
		const svk_web_session *s = svk_web_session_find(sessions, known_id, 0);
		FZ_CHECK(s != NULL && !svk_web_session_csrf_ok(s, csrf));
	}
}

static void
check_cookies(struct MHD_Connection *c)
{
	const char *sid = MHD_lookup_connection_value(c, MHD_COOKIE_KIND,
	    SVK_WEB_SESSION_COOKIE);
	const char *lang = svk_web_session_lang(MHD_lookup_connection_value(c,
	    MHD_COOKIE_KIND, "lang"));
	const svk_web_session *s = svk_web_session_find(sessions, sid, 0);

	FZ_CHECK(s == NULL || (sid && strcmp(sid, known_id) == 0));
	if (lang) {
		size_t n = strlen(lang);
		FZ_CHECK(n >= 1 && n <= 15);
		FZ_CHECK(strspn(lang,
			     "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") ==
			 n);
	}
}

static enum MHD_Result
handle(void *cls, struct MHD_Connection *c, const char *url, const char *method,
    const char *version, const char *upload, size_t *upload_size, void **con_cls)
{
	struct req *r = *con_cls;
	struct MHD_Response *resp;
	enum MHD_Result ret;
	(void)cls;
	(void)url;
	(void)method;
	(void)version;

	if (r == NULL) {
		FZ_CHECK((r = calloc(1, sizeof(*r))) != NULL);
		FZ_OK(svk_web_form_alloc(&r->form));
		r->pp = MHD_create_post_processor(c, 8192, on_field, r);
		*con_cls = r;
		check_cookies(c);
		return MHD_YES;
	}
	if (*upload_size != 0) {
		if (r->pp && !r->refused)
			(void)MHD_post_process(r->pp, upload, *upload_size);
		*upload_size = 0;
		return MHD_YES;
	}
	if (r->pp) {
		(void)MHD_destroy_post_processor(r->pp);
		r->pp = NULL;
	}
	if (!r->refused)
		check_form(r);
	resp = MHD_create_response_from_buffer(2, (void *)"ok", MHD_RESPMEM_PERSISTENT);
	ret = MHD_queue_response(c, r->refused ? 413 : 200, resp);
	MHD_destroy_response(resp);
	return ret;
}

static void
completed(void *cls, struct MHD_Connection *c, void **con_cls,
    enum MHD_RequestTerminationCode why)
{
	struct req *r = *con_cls;
	(void)cls;
	(void)c;
	(void)why;

	if (r == NULL)
		return;
	if (r->pp)
		(void)MHD_destroy_post_processor(r->pp);
	svk_web_form_free(r->form);
	free(r);
	*con_cls = NULL;
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const svk_web_session *s;

	(void)argc;
	(void)argv;
	FZ_OK(svk_crypto_init());
	mhd = MHD_start_daemon(MHD_USE_NO_LISTEN_SOCKET | MHD_USE_SUPPRESS_DATE_NO_CLOCK,
	    0, NULL, NULL, handle, NULL, MHD_OPTION_NOTIFY_COMPLETED, completed,
	    NULL, MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(32 * 1024),
	    MHD_OPTION_END);
	FZ_CHECK(mhd != NULL);
	FZ_OK(svk_web_session_alloc(&sessions, 4, 1000));
	FZ_OK(svk_web_session_open(sessions, "alice", SVK_WEB_EDITOR, 0, &s));
	snprintf(known_id, sizeof(known_id), "%s", s->id);
	snprintf(known_csrf, sizeof(known_csrf), "%s", s->csrf);
	return 0;
}

/* Takes the next line of [*p, end) into out (without its '\n'). */
static void
line(const uint8_t **p, const uint8_t *end, char *out, size_t max)
{
	size_t n = 0;

	while (*p < end && **p != '\n') {
		char ch = (char)*(*p)++;
		if (n + 1 < max && ch != '\r' && ch != '\0')
			out[n++] = ch;
	}
	if (*p < end)
		(*p)++;
	out[n] = '\0';
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *p = data, *end = data + size;
	char type[256], cookie[512], *req;
	int sv[2];
	size_t len, sent = 0;
	char buf[4096];

	line(&p, end, type, sizeof(type));
	line(&p, end, cookie, sizeof(cookie));
	len = (size_t)(end - p);
	FZ_CHECK((req = malloc(len + 1024)) != NULL);
	int head = snprintf(req, 1024,
	    "POST /f HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
	    "Content-Type: %s\r\nCookie: %s\r\nContent-Length: %zu\r\n\r\n",
	    type, cookie, len);
	memcpy(req + head, p, len);
	len += (size_t)head;
	FZ_CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
	FZ_CHECK(fcntl(sv[0], F_SETFL, O_NONBLOCK) == 0);
	FZ_CHECK(fcntl(sv[1], F_SETFL, O_NONBLOCK) == 0);
	FZ_CHECK(MHD_add_connection(mhd, sv[1], NULL, 0) == MHD_YES);
	for (int round = 0; round < 100000; round++) {
		if (sent < len) {
			ssize_t n = write(sv[0], req + sent, len - sent);
			if (n > 0)
				sent += (size_t)n;
		}
		(void)MHD_run(mhd);
		ssize_t got = read(sv[0], buf, sizeof(buf));
		if (got == 0 || (got < 0 && errno != EAGAIN && errno != EWOULDBLOCK))
			break;
	}
	(void)close(sv[0]);
	(void)MHD_run(mhd);
	free(req);
	return 0;
}
