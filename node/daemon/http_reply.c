/*
 * http_reply.c: the headers every response carries, and bodies written into
 * memory. See http_reply.h.
 */
#include "http_reply.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Queues body (len bytes, heap memory the response takes over) on c, with
 * the extra headers (name, value pairs, NULL-ended; may be NULL). */
static enum MHD_Result
respond_with(struct MHD_Connection *c, unsigned status, const char *type,
    char *body, size_t len, const char *const *headers)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(len, body,
	    MHD_RESPMEM_MUST_FREE);
	enum MHD_Result ret;

	if (r == NULL) {
		free(body);
		return MHD_NO;
	}
	(void)MHD_add_response_header(r, "Content-Type", type);
	(void)MHD_add_response_header(r, "Cache-Control", "no-store");
	(void)MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	(void)MHD_add_response_header(r, "Content-Security-Policy",
	    "default-src 'none'; style-src 'unsafe-inline'");
	for (; headers && headers[0]; headers += 2)
		if (MHD_add_response_header(r, headers[0], headers[1]) != MHD_YES) {
			MHD_destroy_response(r);
			return MHD_NO;
		}
	ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result
respond(struct MHD_Connection *c, unsigned status, const char *type, char *body,
    size_t len)
{
	return respond_with(c, status, type, body, len, NULL);
}

int
svk_http_reply_open(svk_http_reply *r)
{
	r->buf = NULL;
	r->len = 0;
	r->f = open_memstream(&r->buf, &r->len);
	return r->f ? 0 : -ENOMEM;
}

enum MHD_Result
svk_http_reply_send(svk_http_reply *r, struct MHD_Connection *c, unsigned status,
    const char *type)
{
	if (fclose(r->f) != 0) {
		free(r->buf);
		return MHD_NO;
	}
	return respond(c, status, type, r->buf, r->len);
}

enum MHD_Result
svk_http_reply_text(struct MHD_Connection *c, unsigned status, const char *text)
{
	char *body = strdup(text);
	if (body == NULL)
		return MHD_NO;
	return respond(c, status, "text/plain; charset=utf-8", body, strlen(body));
}

enum MHD_Result
svk_http_reply_json(struct MHD_Connection *c, json_t *doc)
{
	char *body;

	if (doc == NULL)
		return svk_http_reply_text(c, 500, "cannot read the store\n");
	body = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(doc);
	if (body == NULL)
		return MHD_NO;
	return respond(c, 200, "application/json; charset=utf-8", body, strlen(body));
}

enum MHD_Result
svk_http_reply_with(svk_http_reply *r, struct MHD_Connection *c, unsigned status,
    const char *type, const char *const *headers)
{
	if (fclose(r->f) != 0) {
		free(r->buf);
		return MHD_NO;
	}
	return respond_with(c, status, type, r->buf, r->len, headers);
}

enum MHD_Result
svk_http_reply_text_with(struct MHD_Connection *c, unsigned status,
    const char *text, const char *const *headers)
{
	char *body = strdup(text);
	if (body == NULL)
		return MHD_NO;
	return respond_with(c, status, "text/plain; charset=utf-8", body,
	    strlen(body), headers);
}
