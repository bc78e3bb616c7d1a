/*
 * web.c: libFuzzer target for everything the web app parses from a
 * request: the input is a Content-Type line, a Cookie line, a request
 * target line (path and query; "@follow-up", "@close" and "@upload" stand
 * for the follow-up form of the member's adoption, the close form of its
 * need and the practice upload, the paths of records the fuzzer cannot
 * guess), an Accept-Language line and a body, sent as a real POST over a
 * socket pair to libmicrohttpd (no listening socket, driven by MHD_run),
 * whose post processor (urlencoded and multipart, uploads included) feeds
 * node/web/web_form.c as http.c does; the cookies it parsed go through
 * node/web/web_session.c (the session lookup, the CSRF compare, the lang
 * cookie); then the page itself is made (svk_web_render, as an editor) on
 * a member's store that holds a partner's practice, its adoption of it
 * and an open need of its own: the query, Accept-Language, the uploaded
 * JSON (web_edit.c, the author parsers), the follow-up form
 * (web_follow_up.c, follow_up.c), the need's close form and every other
 * route. What a page writes is rolled back after each input.
 *
 * Invariants (abort when broken):
 * - a form within its limits hands out at most SVK_WEB_FORM_MAX_FIELDS
 *   fields, each value NUL-terminated and within its limit; a form past
 *   a limit is refused whole (-E2BIG) and every later add fails too;
 * - a cookie never finds the session unless it is that session's id, and
 *   a form's csrf field never passes unless it is the session's token;
 * - a lang cookie passes only as letters, digits and '-', 1 to 15 long;
 * - a page answers with a status it may give (never 500: the store is
 *   sound), a body, and a language of the six; one that refuses (4xx)
 *   writes nothing to the log, one that sees the browser on (303) writes
 *   one entry;
 * - libmicrohttpd answers (or closes) every request, and nothing leaks.
 */
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "adopter.h"
#include "config.h"
#include "fuzz.h"
#include "home.h"
#include "say.h"
#include "web.h"
#include "web_form.h"
#include "web_i18n.h"
#include "web_session.h"

static struct MHD_Daemon *mhd;
static svk_web_sessions *sessions;
static char known_id[SVK_WEB_TOKEN_MAX], known_csrf[SVK_WEB_TOKEN_MAX];
static char dir[64];
static fz_fed fed;
static svk_home home;
static svk_config cfg;
static char practice_path[SVK_FPR_LEN + 64], need_path[SVK_FPR_LEN + 64];

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

static uint64_t
own_entries(void)
{
	uint64_t all = 0, mine = 0;

	FZ_OK(svk_log_count(home.store, svk_crypto_identity_public(home.id), &all,
	    &mine));
	return mine;
}

/* The page url asks for, made for an editor with the form r parsed; what
 * it wrote is rolled back. */
static void
render(struct MHD_Connection *c, const char *url, struct req *r)
{
	const svk_web_fields query = svk_web_query(c);
	const svk_web_fields form = svk_web_form_fields(r->form);
	svk_web_who who = {.user = "fuzz", .role = SVK_WEB_EDITOR};
	const bool get = strncmp(url, "/GET/", 5) == 0;
	const svk_web_request req = {get ? "GET" : "POST", get ? url + 4 : url,
	    &query, get ? NULL : &form, &who, &home, &cfg};
	svk_web_page p;
	uint64_t before;

	snprintf(who.csrf, sizeof(who.csrf), "%s", known_csrf);
	who.lang_cookie = svk_web_session_lang(MHD_lookup_connection_value(c,
	    MHD_COOKIE_KIND, "lang"));
	who.accept_language = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    "Accept-Language");
	FZ_OK(svk_store_begin(home.store));
	before = own_entries();
	FZ_OK(svk_web_render(&p, &req));
	FZ_CHECK(p.status == 200 || p.status == 303 || p.status == 400 ||
		 p.status == 403 || p.status == 404 || p.status == 405 ||
		 p.status == 409);
	FZ_CHECK(p.body != NULL && p.len > 0 && p.type != NULL);
	FZ_CHECK(svk_web_i18n_find(p.lang) != NULL);
	if (p.status >= 400)
		FZ_CHECK(own_entries() == before);
	if (p.status == 303)
		FZ_CHECK(own_entries() == before + 1 && p.location[0] == '/');
	if (getenv("SVK_FUZZ_WEB_SHOW")) { /* for seeding: what each input reached */
		const char *e = strstr(p.body, "class=\"field-error\"");
		if (e == NULL)
			e = strstr(p.body, "role=\"alert\"");
		fprintf(stderr, "web: %s %s %u %s %.160s\n", req.method, url,
		    p.status, p.lang, e ? e : "");
	}
	svk_web_html_fini(&p);
	svk_store_rollback(home.store);
}

static enum MHD_Result
handle(void *cls, struct MHD_Connection *c, const char *url, const char *method,
    const char *version, const char *upload, size_t *upload_size, void **con_cls)
{
	struct req *r = *con_cls;
	struct MHD_Response *resp;
	enum MHD_Result ret;
	(void)cls;
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
	if (!r->refused) {
		check_form(r);
		render(c, url, r);
	}
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

/* The member's store: the roster, the coordinator's practice (two core
 * elements), the member's adoption of it and an open need of its own. */
static void
web_home(void)
{
	const uint8_t *fedkey;
	fz_chain roster, coord;
	uint8_t *env;
	size_t len;
	uint64_t seq;
	bool fresh;
	char fpr[SVK_FPR_LEN];

	fz_tmpdir(dir, "web");
	fz_fed_init(&fed, dir);
	fedkey = svk_crypto_identity_public(fed.coord);
	home = (svk_home){.dir = dir,
	    .id = fed.member,
	    .store = fz_member_store(dir, &fed),
	    .name = "Skellefteå",
	    .country = "SE"};
	svk_config_defaults(&cfg);
	roster = (fz_chain){.id = fed.coord, .federation = fedkey};
	fz_roster_v1(&roster, &fed, &env, &len);
	free(env);
	coord = roster;

	static char *core[] = {"Trained volunteer patrols", "Weekly route"};
	static char *flexible[] = {"Route length"};
	Samverk__Body body = SAMVERK__BODY__INIT;
	Samverk__Practice pr;
	char id[32], title[64];
	fz_practice(&pr, 0, id, title);
	pr.core_elements = core;
	pr.n_core_elements = 2;
	pr.flexible_elements = flexible;
	pr.n_flexible_elements = 1;
	body.payload_case = SAMVERK__BODY__PAYLOAD_PRACTICE;
	body.practice = &pr;
	fz_chain_next(&coord, &body, &env, &len);
	FZ_OK(fz_ingest(home.store, env, len, &fresh));
	FZ_CHECK(fresh);
	free(env);

	Samverk__Body ab = SAMVERK__BODY__INIT;
	Samverk__Adoption ad = SAMVERK__ADOPTION__INIT;
	char *kept[] = {core[0]};
	ad.practice_origin.data = (uint8_t *)fedkey;
	ad.practice_origin.len = SVK_KEY_LEN;
	ad.practice_id = id;
	ad.status = "piloting";
	ad.kept = kept;
	ad.n_kept = 1;
	ad.started = "2026-01-05";
	ab.payload_case = SAMVERK__BODY__PAYLOAD_ADOPTION;
	ab.adoption = &ad;
	FZ_OK(svk_log_append(home.store, home.id, &ab, &seq, NULL));

	static char *areas[] = {"youth"};
	Samverk__Body nb = SAMVERK__BODY__INIT;
	Samverk__Need need = SAMVERK__NEED__INIT;
	need.id = "fuzz-need";
	need.lang = "en";
	need.title = "Volunteers for patrols";
	need.description = "We look for patrols.";
	need.areas = areas;
	need.n_areas = 1;
	need.status = "open";
	need.urgency = "high";
	nb.payload_case = SAMVERK__BODY__PAYLOAD_NEED;
	nb.need = &need;
	FZ_OK(svk_log_append(home.store, home.id, &nb, &seq, NULL));

	svk_crypto_fingerprint(fedkey, fpr);
	snprintf(practice_path, sizeof(practice_path), "/practices/%s/%s", fpr, id);
	svk_crypto_fingerprint(svk_crypto_identity_public(home.id), fpr);
	snprintf(need_path, sizeof(need_path), "/needs/%s/fuzz-need", fpr);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const svk_web_session *s;

	(void)argc;
	(void)argv;
	FZ_OK(svk_crypto_init());
	svk_say_level_set(SVK_ERROR);
	web_home();
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

/* The request target of the line t: "@follow-up", "@close", "@upload" and
 * what follows them stand for those forms' paths; anything else is a path
 * of its own, with no space in it ("GET /x" becomes "/GET/x", which the
 * page is asked for with GET, as /x). */
static void
request_target(const char *t, char *out, size_t size)
{
	static const struct {
		const char *name, *base, *tail;
	} at[] = {{"@follow-up", practice_path, "/follow-up"},
	    {"@close", need_path, "/close"}, {"@upload", "", "/practices/upload"}};
	const char *get = "";
	size_t n;

	if (strncmp(t, "GET ", 4) == 0) {
		get = "/GET";
		t += 4;
	}
	snprintf(out, size, "%s%s%s", get, t[0] == '/' ? "" : "/", t);
	for (size_t i = 0; i < sizeof(at) / sizeof(at[0]); i++) {
		n = strlen(at[i].name);
		if (strncmp(t, at[i].name, n) == 0)
			snprintf(out, size, "%s%s%s%s", get, at[i].base,
			    at[i].tail, t + n);
	}
	for (char *c = out; *c; c++)
		if ((unsigned char)*c <= ' ' || *c == 0x7f)
			*c = '_';
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *p = data, *end = data + size;
	char type[256], cookie[512], target[256], accept[256], path[512], *req;
	int sv[2];
	size_t len, sent = 0;
	char buf[4096];

	line(&p, end, type, sizeof(type));
	line(&p, end, cookie, sizeof(cookie));
	line(&p, end, target, sizeof(target));
	line(&p, end, accept, sizeof(accept));
	request_target(target, path, sizeof(path));
	len = (size_t)(end - p);
	FZ_CHECK((req = malloc(len + 2048)) != NULL);
	int head = snprintf(req, 2048,
	    "POST %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
	    "Content-Type: %s\r\nCookie: %s\r\nAccept-Language: %s\r\n"
	    "Content-Length: %zu\r\n\r\n",
	    path, type, cookie, accept, len);
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
