/*
 * http.c: the HTTP server: libmicrohttpd on the daemon's loop through its
 * epoll descriptor, its limits, request bodies (forms, through
 * libmicrohttpd's post processor, into web_form.h), sessions from their
 * cookie, the gate every POST passes (a session and its CSRF token, or
 * 403 before any page code runs), and the routes to the page (page.c), the
 * API (api.c), the metrics (metrics.c), logging in (http_login.c) and the
 * web app. See http.h.
 */
#include "http.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "api.h"
#include "clock.h"
#include "http-int.h"
#include "http_reply.h"
#include "metrics.h"
#include "page.h"
#include "say.h"
#include "web.h"
#include "web_user.h"

#define HTTP_CONNECTIONS 64
#define HTTP_PER_IP 16
#define HTTP_TIMEOUT_S 10 /* a connection idle this long is closed */
#define HTTP_BODY_S 60	  /* a request body taking longer is cut off */
#define HTTP_REQUEST_MEMORY (32 * 1024) /* headers and all of a request */
#define HTTP_POST_BUFFER (8 * 1024)	/* the post processor's */
#define HTTP_PEM_MAX (256 * 1024)	/* bytes of a certificate or key file */

/* /metrics: the daemon's counters as they are now, and the store's. */
static enum MHD_Result
metrics(svk_http *h, struct MHD_Connection *c)
{
	svk_http_stats s = {0};

	if (h->stats)
		h->stats(h->arg, &s);
	return svk_metrics_respond(c, h->home, &h->cfg, &s);
}

/* --- request bodies ----------------------------------------------------- */

static enum MHD_Result
on_field(void *cls, enum MHD_ValueKind kind, const char *key,
    const char *filename, const char *content_type, const char *encoding,
    const char *data, uint64_t off, size_t size)
{
	svk__http_req *r = cls;
	int err;
	(void)kind;
	(void)content_type;
	(void)encoding;

	if (key == NULL)
		return MHD_YES;
	err = svk_web_form_add(r->form, key, filename != NULL, (size_t)off, data, size);
	if (err == 0)
		return MHD_YES;
	if (r->refuse == 0)
		r->refuse = err == -E2BIG ? 413 : err == -ENOMEM ? 500 : 400;
	return MHD_NO;
}

/* The client's address as text, for the audit lines and the rate limit. */
static void
client_addr(struct MHD_Connection *c, char out[64])
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c,
	    MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;

	snprintf(out, 64, "unknown");
	if (sa && sa->sa_family == AF_INET)
		(void)inet_ntop(AF_INET,
		    &((const struct sockaddr_in *)sa)->sin_addr, out, 64);
	else if (sa && sa->sa_family == AF_INET6)
		(void)inet_ntop(AF_INET6,
		    &((const struct sockaddr_in6 *)sa)->sin6_addr, out, 64);
}

static bool
is_form(const char *type)
{
	return type &&
	       (strncasecmp(type, MHD_HTTP_POST_ENCODING_FORM_URLENCODED,
		    strlen(MHD_HTTP_POST_ENCODING_FORM_URLENCODED)) == 0 ||
		   strncasecmp(type, MHD_HTTP_POST_ENCODING_MULTIPART_FORMDATA,
		       strlen(MHD_HTTP_POST_ENCODING_MULTIPART_FORMDATA)) == 0);
}

/* The first call, with the headers: a request of its own; a POST gets its
 * form and post processor, or is refused at once when it says its body is
 * too big. */
static enum MHD_Result
begin(svk_http *h, struct MHD_Connection *c, const char *method, void **con_cls)
{
	svk__http_req *r;
	const char *length, *type;

	if ((r = calloc(1, sizeof(*r))) == NULL)
		return MHD_NO;
	r->h = h;
	r->c = c;
	r->started_ms = svk_clock_now_ms();
	client_addr(c, r->addr);
	*con_cls = r;
	if (strcmp(method, "POST") != 0)
		return MHD_YES;
	if (svk_web_form_alloc(&r->form) != 0)
		return MHD_NO;
	length = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_CONTENT_LENGTH);
	if (length && strtoull(length, NULL, 10) > SVK_WEB_FORM_MAX_BODY) {
		r->refuse = 413;
		return svk_http_reply_text(c, 413,
		    "the request is too big: nothing was written\n");
	}
	type = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_CONTENT_TYPE);
	if (is_form(type) && (r->pp = MHD_create_post_processor(c,
				  HTTP_POST_BUFFER, on_field, r)) == NULL)
		r->refuse = 400; /* multipart without a boundary */
	return MHD_YES;
}

/* A piece of the body. Past the limits, or too slow, the connection is
 * closed: no page sees any of it. */
static enum MHD_Result
body(svk__http_req *r, const char *data, size_t len)
{
	if (svk_clock_now_ms() - r->started_ms > HTTP_BODY_S * 1000LL) {
		svk_say_info("http: a request body from %s took over %d s; closed",
		    r->addr, HTTP_BODY_S);
		return MHD_NO;
	}
	r->received += len;
	if (r->received > SVK_WEB_FORM_MAX_BODY) {
		/* No length said (chunked): a 413 now, where libmicrohttpd
		 * takes one mid-body; where not (0.9.75), MHD_NO: closed. */
		if (r->refuse != 413) {
			r->refuse = 413;
			return svk_http_reply_text(r->c, 413,
			    "the request is too big: nothing was written\n");
		}
		return MHD_YES;
	}
	if (r->refuse != 0)
		return MHD_YES; /* drained, answered at the end */
	if (r->pp == NULL) {
		r->refuse = 415;
		return MHD_YES;
	}
	/* Past a field's limit the rest is drained (the body is bounded). */
	if (MHD_post_process(r->pp, data, len) != MHD_YES && r->refuse == 0)
		r->refuse = 400;
	return MHD_YES;
}

static void
completed(void *cls, struct MHD_Connection *c, void **con_cls,
    enum MHD_RequestTerminationCode why)
{
	svk__http_req *r = *con_cls;
	(void)cls;
	(void)c;
	(void)why;

	if (r == NULL)
		return;
	svk__http_login_detach(r);
	if (r->pp)
		(void)MHD_destroy_post_processor(r->pp);
	svk_web_form_free(r->form);
	free(r);
	*con_cls = NULL;
}

/* --- who asks, and the gate --------------------------------------------- */

/* The session of r's cookie, or NULL; a session of a user removed since
 * (samverk web-user remove) ends here. who gets the user's current role. */
static const svk_web_session *
session_of(svk__http_req *r, svk_web_who *who)
{
	svk_http *h = r->h;
	const char *cookie = MHD_lookup_connection_value(r->c, MHD_COOKIE_KIND,
	    SVK_WEB_SESSION_COOKIE);
	const svk_web_session *s;
	svk_web_user u;
	int err;

	memset(who, 0, sizeof(*who));
	who->role = SVK_WEB_ANONYMOUS;
	who->lang_cookie = svk_web_session_lang(MHD_lookup_connection_value(r->c,
	    MHD_COOKIE_KIND, "lang"));
	who->accept_language = MHD_lookup_connection_value(r->c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_ACCEPT_LANGUAGE);
	if ((s = svk_web_session_find(h->sessions, cookie, svk_clock_now_ms())) == NULL)
		return NULL;
	err = svk_web_user_get(h->home->store, s->user, &u, NULL);
	if (err == SVK_ENOTFOUND) {
		svk_say_info("audit: %s's session ended: no such web user any more",
		    s->user);
		svk_web_session_close_user(h->sessions, s->user);
		return NULL;
	}
	if (err == 0 && u.updated_ms > s->created_ms) {
		svk_say_info("audit: %s's session ended: the password was set "
			     "anew since",
		    s->user);
		svk_web_session_close(h->sessions, s->id);
		return NULL;
	}
	if (err != 0)
		return NULL; /* the store unreadable: nobody is let in */
	snprintf(who->user, sizeof(who->user), "%s", s->user);
	snprintf(who->csrf, sizeof(who->csrf), "%s", s->csrf);
	who->role = u.role == SVK_WEB_USER_ADMIN ? SVK_WEB_ADMIN : SVK_WEB_EDITOR;
	return s;
}

/* Anonymous readers are sent to the login page when pages are not public. */
static enum MHD_Result
to_login(svk__http_req *r, const char *url)
{
	char where[600];
	const char *next = url && url[0] == '/' && strlen(url) < 500 &&
				   strpbrk(url, "\r\n\"<>'&?#% ") == NULL ?
			       url :
			       "/";
	const char *headers[] = {"Location", where, NULL};

	snprintf(where, sizeof(where), "/login?next=%s", next);
	return svk_http_reply_text_with(r->c, 303, "log in first: /login\n", headers);
}

/*
 * The one place where the web app gets a request: who asks (session, role,
 * CSRF token, language), and for a POST the form's fields, after the gate.
 * /whoami and /nothing are the probe's (http_probe.c).
 */
static enum MHD_Result
app(svk__http_req *r, const char *method, const char *url, const svk_web_who *who)
{
	svk_web_form *empty = NULL;
	svk_web_fields fields;
	enum MHD_Result ret;

	if (strcmp(url, "/whoami") == 0 || strcmp(url, "/nothing") == 0) {
		if (r->form == NULL && svk_web_form_alloc(&empty) != 0)
			return MHD_NO;
		fields = svk_web_form_fields(r->form ? r->form : empty);
		ret = svk__http_probe_respond(r->c, method, url, who, &fields,
		    r->h->home, &r->h->cfg);
		svk_web_form_free(empty);
		return ret;
	}
	if (r->form == NULL)
		return svk_web_respond(r->c, method, url, who, NULL, r->h->home,
		    &r->h->cfg);
	fields = svk_web_form_fields(r->form);
	return svk_web_respond(r->c, method, url, who, &fields, r->h->home,
	    &r->h->cfg);
}

/* Whether a POST may come from the page it says: a browser names the
 * page's origin in Origin; one of another host (or "null") is refused,
 * besides the tokens. A request without Origin (curl, old browsers) is
 * left to the tokens. */
static bool
same_origin(struct MHD_Connection *c)
{
	const char *origin = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Origin");
	const char *host = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_HOST);
	const char *rest;

	if (origin == NULL)
		return true;
	if (host == NULL)
		return false;
	if (strncmp(origin, "http://", 7) == 0)
		rest = origin + 7;
	else if (strncmp(origin, "https://", 8) == 0)
		rest = origin + 8;
	else
		return false;
	return strcasecmp(rest, host) == 0;
}

/* A POST: /login has its own token (http_login.c); everything else needs a
 * session and that session's CSRF token in the form, or gets 403 here. */
static enum MHD_Result
post(svk__http_req *r, const char *url)
{
	svk_web_who who;
	const svk_web_session *s;
	svk_web_fields f = svk_web_form_fields(r->form);

	if (strncmp(url, "/api/", 5) == 0 || strcmp(url, "/metrics") == 0)
		return svk_http_reply_text(r->c, 405, "only GET\n");
	if (!same_origin(r->c)) {
		svk_say_info("audit: a POST to %s from %s by a page of another "
			     "site refused",
		    url, r->addr);
		return svk_http_reply_text(r->c, 403,
		    "a form of another site: nothing was written\n");
	}
	if (strcmp(url, "/login") == 0)
		return svk__http_login_post(r);
	if ((s = session_of(r, &who)) == NULL)
		return svk_http_reply_text(r->c, 403,
		    "log in first (/login): nothing was written\n");
	if (!svk_web_session_csrf_ok(s, f.get(f.arg, "csrf"))) {
		svk_say_info("audit: %s: a POST to %s from %s without the "
			     "form's token refused",
		    who.user, url, r->addr);
		return svk_http_reply_text(r->c, 403,
		    "the form's token is missing or stale (reload the page): "
		    "nothing was written\n");
	}
	if (strcmp(url, "/logout") == 0)
		return svk__http_login_logout(r, s);
	enum MHD_Result ret = app(r, "POST", url, &who);
	if (r->h->wrote != NULL)
		r->h->wrote(r->h->arg);
	return ret;
}

/* The last call: the body is in. */
static enum MHD_Result
answer(svk__http_req *r, const char *url, const char *method)
{
	svk_http *h = r->h;
	struct MHD_Connection *c = r->c;
	svk_web_who who;

	if (r->pp && r->login == SVK__LOGIN_NONE) {
		if (MHD_destroy_post_processor(r->pp) != MHD_YES && r->refuse == 0)
			r->refuse = 400; /* the body ended inside a field */
		r->pp = NULL;
	}
	if (r->refuse == 413)
		return svk_http_reply_text(c, 413,
		    "the request is too big: nothing was written\n");
	if (r->refuse == 415)
		return svk_http_reply_text(c, 415,
		    "a form (urlencoded or multipart) only\n");
	if (r->refuse != 0)
		return svk_http_reply_text(c, r->refuse,
		    "the form cannot be read: nothing was written\n");
	if (strcmp(method, "POST") == 0)
		return post(r, url);
	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
		return svk_http_reply_text(c, 405, "only GET, HEAD and POST\n");
	/* For tools and monitoring, whatever [http] public says. */
	if (strcmp(url, "/api/status") == 0)
		return svk_api_status(c, h->home, &h->cfg);
	if (strcmp(url, "/metrics") == 0)
		return metrics(h, c);
	if (strcmp(url, "/login") == 0)
		return svk__http_login_page(r);
	if (session_of(r, &who) == NULL && !h->public)
		return to_login(r, url);
	if (strcmp(url, "/status") == 0)
		return svk_page_respond(c, h->home, &h->cfg);
	if (strcmp(url, "/api/federation") == 0)
		return svk_api_federation(c, h->home);
	if (strcmp(url, "/api/practices") == 0)
		return svk_api_entities(c, h->home, SVK_KIND_PRACTICE);
	if (strcmp(url, "/api/needs") == 0)
		return svk_api_entities(c, h->home, SVK_KIND_NEED);
	if (strcmp(url, "/api/indicators") == 0)
		return svk_api_indicators(c, h->home);
	return app(r, method, url, &who);
}

static enum MHD_Result
handle(void *cls, struct MHD_Connection *c, const char *url, const char *method,
    const char *version, const char *upload, size_t *upload_size, void **con_cls)
{
	svk__http_req *r = *con_cls;
	(void)version;

	if (r == NULL)
		return begin(cls, c, method, con_cls);
	if (*upload_size != 0) {
		size_t n = *upload_size;
		*upload_size = 0;
		return body(r, upload, n);
	}
	return answer(r, url, method);
}

/* --- the server on the loop --------------------------------------------- */

/* Parses "127.0.0.1:7480" or "[::1]:7480". */
static int
parse_addr(const char *text, struct sockaddr_storage *ss, socklen_t *len)
{
	char host[128];
	const char *colon = strrchr(text, ':');
	long port;
	char *end;

	if (colon == NULL || (size_t)(colon - text) >= sizeof(host))
		return -EINVAL;
	port = strtol(colon + 1, &end, 10);
	if (*end || port <= 0 || port > 65535)
		return -EINVAL;
	memcpy(host, text, (size_t)(colon - text));
	host[colon - text] = '\0';
	memset(ss, 0, sizeof(*ss));
	if (host[0] == '[' && host[strlen(host) - 1] == ']') {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)ss;
		host[strlen(host) - 1] = '\0';
		if (inet_pton(AF_INET6, host + 1, &a->sin6_addr) != 1)
			return -EINVAL;
		a->sin6_family = AF_INET6;
		a->sin6_port = htons((uint16_t)port);
		*len = sizeof(*a);
		return 0;
	}
	struct sockaddr_in *a = (struct sockaddr_in *)ss;
	if (strcmp(host, "localhost") == 0)
		snprintf(host, sizeof(host), "127.0.0.1");
	if (inet_pton(AF_INET, host, &a->sin_addr) != 1)
		return -EINVAL;
	a->sin_family = AF_INET;
	a->sin_port = htons((uint16_t)port);
	*len = sizeof(*a);
	return 0;
}

/* Reads a PEM file of [http] (what: "cert" or "key") into new memory:
 * the key's in sodium_malloc'ed memory. Reports a failure. */
static int
read_pem(const char *path, const char *what, bool secret, char **out)
{
	FILE *f = fopen(path, "re");
	char *buf;
	size_t n;
	int err = 0;

	if (f == NULL) {
		err = -errno;
		svk_say_error("cannot read [http] %s %s: %s", what, path,
		    svk_error_str(err));
		return err;
	}
	buf = secret ? sodium_malloc(HTTP_PEM_MAX + 1) : malloc(HTTP_PEM_MAX + 1);
	if (buf == NULL) {
		(void)fclose(f);
		return -ENOMEM;
	}
	n = fread(buf, 1, HTTP_PEM_MAX + 1, f);
	if (ferror(f) || n > HTTP_PEM_MAX || n == 0 ||
	    strstr((buf[n] = '\0', buf), "-----BEGIN ") == NULL) {
		err = ferror(f) ? -EIO : SVK_EINVAL;
		svk_say_error("cannot read [http] %s %s: %s", what, path,
		    ferror(f) ? "read error" : "not a PEM file");
		if (secret)
			sodium_free(buf);
		else
			free(buf);
	} else
		*out = buf;
	(void)fclose(f);
	return err;
}

/* Makes h: its settings, sessions, rate limits, and PEM files for https. */
static int
make(svk_http **out, svk_home *home, const svk_config *cfg)
{
	svk_http *h;
	int err;

	if ((h = calloc(1, sizeof(*h))) == NULL)
		return -ENOMEM;
	h->refs = 1;
	h->home = home;
	h->cfg = *cfg;
	h->public = svk_config_http_public(cfg);
	err = svk_web_session_alloc(&h->sessions, SVK_WEB_SESSION_MAX,
	    SVK_WEB_SESSION_IDLE_MS);
	if (err == 0)
		err = svk_web_auth_alloc(&h->auth, SVK_WEB_AUTH_MAX);
	if (err == 0 && cfg->http_cert[0] != '\0') {
		if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
			svk_say_error("[http] cert is set, but this libmicrohttpd "
				      "has no TLS");
			err = SVK_ENET;
		}
		if (err == 0)
			err = read_pem(cfg->http_cert, "cert", false, &h->cert);
		if (err == 0)
			err = read_pem(cfg->http_key, "key", true, &h->key);
		h->tls = err == 0;
	}
	if (err != 0) {
		svk__http_loop_unref(h);
		return err;
	}
	*out = h;
	return 0;
}

int
svk_http_start(svk_http **out, uv_loop_t *loop, svk_home *home,
    const svk_config *cfg, void (*stats)(void *arg, svk_http_stats *s),
    void (*wrote)(void *arg), void *arg)
{
	struct sockaddr_storage ss;
	socklen_t sslen;
	const union MHD_DaemonInfo *info;
	svk_http *h;
	int fd, one = 1, err;
	unsigned flags = MHD_USE_EPOLL | MHD_USE_SUPPRESS_DATE_NO_CLOCK |
			 MHD_ALLOW_SUSPEND_RESUME;

	if ((err = parse_addr(cfg->http, &ss, &sslen)) != 0)
		return err;
	if ((err = make(&h, home, cfg)) != 0)
		return err;
	/* Bind it ourselves, so a port in use is told plainly. */
	if ((fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK,
		 0)) < 0) {
		err = -errno;
		svk__http_loop_unref(h);
		return err;
	}
	(void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&ss, sslen) != 0 || listen(fd, 64) != 0) {
		err = -errno;
		(void)close(fd);
		svk__http_loop_unref(h);
		return err;
	}
	h->loop = loop;
	h->stats = stats;
	h->wrote = wrote;
	h->arg = arg;
	struct MHD_OptionItem opts[10];
	size_t n = 0;
	opts[n++] = (struct MHD_OptionItem){MHD_OPTION_LISTEN_SOCKET, fd, NULL};
	opts[n++] = (struct MHD_OptionItem){
	    MHD_OPTION_CONNECTION_LIMIT, HTTP_CONNECTIONS, NULL};
	opts[n++] = (struct MHD_OptionItem){
	    MHD_OPTION_CONNECTION_TIMEOUT, HTTP_TIMEOUT_S, NULL};
	opts[n++] = (struct MHD_OptionItem){
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, HTTP_REQUEST_MEMORY, NULL};
	opts[n++] = (struct MHD_OptionItem){
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT, HTTP_PER_IP, NULL};
	opts[n++] = (struct MHD_OptionItem){
	    MHD_OPTION_NOTIFY_COMPLETED, (intptr_t)completed, h};
	if (h->tls) {
		flags |= MHD_USE_TLS;
		opts[n++] = (struct MHD_OptionItem){
		    MHD_OPTION_HTTPS_MEM_CERT, 0, h->cert};
		opts[n++] = (struct MHD_OptionItem){
		    MHD_OPTION_HTTPS_MEM_KEY, 0, h->key};
	}
	opts[n] = (struct MHD_OptionItem){MHD_OPTION_END, 0, NULL};
	h->mhd = MHD_start_daemon(flags, 0, NULL, NULL, handle, h,
	    MHD_OPTION_ARRAY, opts, MHD_OPTION_END);
	if (h->mhd == NULL) {
		if (h->tls)
			svk_say_error("cannot start https with [http] cert %s and "
				      "key %s: do they belong together?",
			    cfg->http_cert, cfg->http_key);
		(void)close(fd);
		svk__http_loop_unref(h);
		return SVK_ENET;
	}
	info = MHD_get_daemon_info(h->mhd, MHD_DAEMON_INFO_EPOLL_FD);
	if (info == NULL || uv_poll_init(loop, &h->poll, info->epoll_fd) != 0) {
		MHD_stop_daemon(h->mhd);
		svk__http_loop_unref(h);
		return SVK_ENET;
	}
	(void)uv_timer_init(loop, &h->timer);
	h->poll.data = h->timer.data = h;
	h->refs = 2; /* the two handles; checks in flight add theirs */
	(void)uv_poll_start(&h->poll, UV_READABLE, svk__http_loop_on_ready);
	svk__http_loop_run(h);
	if (!svk_config_is_loopback(cfg->http))
		svk_say_warn("the web app listens on %s, beyond this machine%s",
		    cfg->http, h->tls ? " (https)" : "");
	*out = h;
	return 0;
}

void
svk_http_stop(svk_http *h)
{
	if (h == NULL)
		return;
	svk__http_login_stop(h);
	h->stopping = true;
	(void)uv_poll_stop(&h->poll);
	(void)uv_timer_stop(&h->timer);
	MHD_stop_daemon(h->mhd);
	uv_close((uv_handle_t *)&h->poll, svk__http_loop_closed);
	uv_close((uv_handle_t *)&h->timer, svk__http_loop_closed);
}
