/*
 * http_probe.c: two routes beside the web app for tools and for the tests of
 * the request side (http.c, http_login.c), which check the session and the
 * gate without any page's rules:
 *
 *   GET  /whoami   who asks: "USER ROLE CSRF" ("- anonymous -" for nobody),
 *                  as a page puts the CSRF token in its forms (only the
 *                  session's own browser can read it: no CORS)
 *   POST /nothing  reached only past the gate; writes nothing, and logs
 *                  the audit line a page's write would
 */
#include <stdio.h>
#include <string.h>

#include "http-int.h"
#include "http_reply.h"
#include "say.h"

enum MHD_Result
svk__http_probe_respond(struct MHD_Connection *c, const char *method,
    const char *url, const svk_web_who *who, const svk_web_fields *form,
    svk_home *home, const svk_config *cfg)
{
	char text[256];
	(void)home;
	(void)cfg;

	if (strcmp(method, "POST") == 0 && strcmp(url, "/nothing") == 0) {
		const char *note = form->get(form->arg, "note");
		svk_say_info("audit: %s posted /nothing (%zu bytes of note); "
			     "nothing written",
		    who->user, note ? strlen(note) : 0);
		return svk_http_reply_text(c, 200, "nothing written\n");
	}
	if (strcmp(method, "POST") != 0 && strcmp(url, "/whoami") == 0) {
		snprintf(text, sizeof(text), "%s %s %s\n",
		    who->user[0] ? who->user : "-",
		    who->role == SVK_WEB_ADMIN	? "admin" :
		    who->role == SVK_WEB_EDITOR ? "editor" :
						  "anonymous",
		    who->csrf[0] ? who->csrf : "-");
		return svk_http_reply_text(c, 200, text);
	}
	return svk_http_reply_text(c, 405, "GET /whoami, POST /nothing\n");
}
