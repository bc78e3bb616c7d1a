/*
 * web.c: the web app's routes, and sending a page on libmicrohttpd. See
 * web.h.
 */
#include "web.h"

#include <stdlib.h>
#include <string.h>

#include "view.h"
#include "web_adopt.h"
#include "web_coord.h"
#include "web_edit.h"
#include "web_entity.h"
#include "web_follow_up.h"
#include "web_indicators.h"
#include "web_member.h"
#include "web_need.h"
#include "web_need_close.h"
#include "web_practice.h"
#include "web_retract.h"

/* The parts of "/KIND/ORIGIN/ID", "/KIND/ORIGIN/ID.json" and
 * "/KIND/ORIGIN/ID/ACTION" after KIND/. */
struct ref {
	char origin[96];
	char id[80];
	char action[16]; /* "", "json", "edit", "adopt", "retract", "follow-up" */
};

/* Reads "ORIGIN/ID[.json|/ACTION]" from s; false when it is not so. */
static bool
ref_parse(const char *s, struct ref *r)
{
	const char *slash = strchr(s, '/'), *id, *act;
	size_t n, m;

	if (slash == NULL || (n = (size_t)(slash - s)) == 0 || n >= sizeof(r->origin))
		return false;
	memcpy(r->origin, s, n);
	r->origin[n] = '\0';
	id = slash + 1;
	act = strchr(id, '/');
	r->action[0] = '\0';
	m = act ? (size_t)(act - id) : strlen(id);
	if (act) {
		if (strchr(act + 1, '/') || strlen(act + 1) >= sizeof(r->action))
			return false;
		snprintf(r->action, sizeof(r->action), "%s", act + 1);
		if (strcmp(r->action, "edit") != 0 && strcmp(r->action, "adopt") != 0 &&
		    strcmp(r->action, "retract") != 0 &&
		    strcmp(r->action, "follow-up") != 0 &&
		    strcmp(r->action, "close") != 0)
			return false;
	} else if (m > 5 && strcmp(id + m - 5, ".json") == 0) {
		m -= 5;
		snprintf(r->action, sizeof(r->action), "json");
	}
	if (m == 0 || m >= sizeof(r->id))
		return false;
	memcpy(r->id, id, m);
	r->id[m] = '\0';
	return true;
}

/* The page of one practice or need, or what is done to it. */
static void
entity(svk_web_page *p, int kind, const char *rest)
{
	struct ref r;

	if (strcmp(rest, "new") == 0)
		svk_web_edit_page(p, kind, NULL, NULL);
	else if (strcmp(rest, "upload") == 0)
		svk_web_edit_upload(p, kind);
	else if (!ref_parse(rest, &r))
		svk_web_html_message(p, 404, "page.not_found",
		    "page.not_found_text", NULL);
	else if (strcmp(r.action, "edit") == 0)
		svk_web_edit_page(p, kind, r.origin, r.id);
	else if (strcmp(r.action, "retract") == 0)
		svk_web_retract_page(p, kind, r.origin, r.id);
	else if (strcmp(r.action, "adopt") == 0 && kind == SVK_KIND_PRACTICE)
		svk_web_adopt_page(p, r.origin, r.id);
	else if (strcmp(r.action, "follow-up") == 0 && kind == SVK_KIND_PRACTICE)
		svk_web_follow_up_page(p, r.origin, r.id);
	else if (strcmp(r.action, "close") == 0 && kind == SVK_KIND_NEED)
		svk_web_need_close_page(p, r.origin, r.id);
	else if (strcmp(r.action, "adopt") == 0 ||
		 strcmp(r.action, "follow-up") == 0 || strcmp(r.action, "close") == 0)
		svk_web_html_message(p, 404, "page.not_found",
		    "page.not_found_text", NULL);
	else if (kind == SVK_KIND_PRACTICE)
		svk_web_practice_page(p, r.origin, r.id, r.action[0] != '\0');
	else
		svk_web_need_page(p, r.origin, r.id, r.action[0] != '\0');
}

/* Whether path takes a POST: the forms. */
static bool
postable(const char *path)
{
	size_t n = strlen(path);

	/* admin: the coordinator's members, publishing indicators */
	if (strncmp(path, "/members/", 9) == 0 ||
	    strcmp(path, "/indicators/publish") == 0)
		return true;
	return (strncmp(path, "/practices/", 11) == 0 ||
		   strncmp(path, "/needs/", 7) == 0) &&
	       ((n > 4 && strcmp(path + n - 4, "/new") == 0) ||
		   (n > 5 && strcmp(path + n - 5, "/edit") == 0) ||
		   (n > 6 && strcmp(path + n - 6, "/adopt") == 0) ||
		   (n > 8 && strcmp(path + n - 8, "/retract") == 0) ||
		   (n > 10 && strcmp(path + n - 10, "/follow-up") == 0) ||
		   (n > 6 && strcmp(path + n - 6, "/close") == 0) ||
		   (n > 7 && strcmp(path + n - 7, "/upload") == 0));
}

/* The page of path. */
static void
route(svk_web_page *p, const char *path)
{
	if (strcmp(path, "/") == 0)
		svk_web_coord_page(p);
	else if (strcmp(path, "/practices") == 0)
		svk_web_entity_list(p, SVK_KIND_PRACTICE);
	else if (strncmp(path, "/practices/", 11) == 0)
		entity(p, SVK_KIND_PRACTICE, path + 11);
	else if (strcmp(path, "/needs") == 0)
		svk_web_entity_list(p, SVK_KIND_NEED);
	else if (strncmp(path, "/needs/", 7) == 0)
		entity(p, SVK_KIND_NEED, path + 7);
	else if (strcmp(path, "/indicators") == 0)
		svk_web_indicators_page(p);
	else if (strcmp(path, "/indicators/own.csv") == 0)
		svk_web_indicators_csv(p, false);
	else if (strcmp(path, "/indicators/federation.csv") == 0)
		svk_web_indicators_csv(p, true);
	/* admin: the coordinator's members, publishing indicators */
	else if (strcmp(path, "/members") == 0)
		svk_web_member_page(p, NULL);
	else if (strncmp(path, "/members/", 9) == 0)
		svk_web_member_page(p, path + 9);
	else if (strcmp(path, "/indicators/preview") == 0)
		svk_web_indicators_preview(p);
	else if (strcmp(path, "/indicators/publish") == 0)
		svk_web_indicators_publish(p);
	else
		svk_web_html_message(p, 404, "page.not_found",
		    "page.not_found_text", NULL);
}

int
svk_web_render(svk_web_page *p, const svk_web_request *req)
{
	int err;

	if ((err = svk_web_html_open(p, req)) != 0)
		return err;
	if (strcmp(req->method, "GET") == 0 || strcmp(req->method, "HEAD") == 0 ||
	    (strcmp(req->method, "POST") == 0 && postable(req->path))) {
		route(p, req->path);
	} else {
		p->status = 405;
		p->type = "text/plain; charset=utf-8";
		fputs("only GET, and POST to a form\n", p->f);
	}
	return svk_web_html_close(p);
}

/* A URL's query arguments, as a form's fields. */
static const char *
query_get(void *arg, const char *name)
{
	return MHD_lookup_connection_value(arg, MHD_GET_ARGUMENT_KIND, name);
}

static const char *
query_each(void *arg, const char *name, unsigned i)
{
	return i == 0 ? query_get(arg, name) : NULL;
}

static const char *
query_file(void *arg, const char *name, unsigned long *len)
{
	(void)arg;
	(void)name;
	*len = 0;
	return NULL;
}

svk_web_fields
svk_web_query(struct MHD_Connection *c)
{
	return (svk_web_fields){query_get, query_each, query_file, c};
}

enum MHD_Result
svk_web_respond(struct MHD_Connection *c, const char *method, const char *url,
    const svk_web_who *who, const svk_web_fields *form, svk_home *home,
    const svk_config *cfg)
{
	const svk_web_fields query = svk_web_query(c);
	const svk_web_request req = {method, url, &query, form, who, home, cfg};
	struct MHD_Response *r;
	svk_web_page p;
	enum MHD_Result ret;

	if (svk_web_render(&p, &req) != 0) {
		svk_web_html_fini(&p);
		return MHD_NO;
	}
	r = MHD_create_response_from_buffer(p.len, p.body, MHD_RESPMEM_MUST_FREE);
	if (r == NULL) {
		svk_web_html_fini(&p);
		return MHD_NO;
	}
	p.body = NULL; /* the response frees it */
	(void)MHD_add_response_header(r, "Content-Type", p.type);
	(void)MHD_add_response_header(r, "Content-Language", p.lang);
	(void)MHD_add_response_header(r, "Vary", "Accept-Language, Cookie");
	(void)MHD_add_response_header(r, "Cache-Control", "no-store");
	(void)MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	(void)MHD_add_response_header(r, "Referrer-Policy", "same-origin");
	(void)MHD_add_response_header(r, "Content-Security-Policy",
	    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
	    "frame-ancestors 'none'");
	if (p.cookie[0])
		(void)MHD_add_response_header(r, "Set-Cookie", p.cookie);
	if (p.location[0])
		(void)MHD_add_response_header(r, "Location", p.location);
	if (p.disposition[0])
		(void)MHD_add_response_header(r, "Content-Disposition", p.disposition);
	ret = MHD_queue_response(c, p.status, r);
	MHD_destroy_response(r);
	svk_web_html_fini(&p);
	return ret;
}
