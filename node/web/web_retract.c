/*
 * web_retract.c: withdrawing a record of this node's. See web_retract.h.
 */
#include "web_retract.h"

#include <string.h>

#include "author.h"
#include "fold.h"
#include "log.h"
#include "say.h"
#include "view.h"
#include "web_entity.h"

static void
confirm(svk_web_page *p, const svk_web_entity *e, const char *reason, const char *bad_key)
{
	svk_web_html_head(p,
	    e->kind == SVK_KIND_NEED ? "retract.need" : "retract.practice",
	    svk_web_html_str(e->row, "title"), svk_web_html_str(e->row, "lang"),
	    e->kind == SVK_KIND_NEED ? "nav.needs" : "nav.practices");
	fputs("<section><p>", p->f);
	svk_web_html_text(p, "retract.explain");
	fputs("</p><form class=\"edit\" method=\"post\" action=\"\">", p->f);
	svk_web_html_csrf(p);
	fputs("<div class=\"field\"><label for=\"f-reason\">", p->f);
	svk_web_html_text(p, "retract.reason");
	fputs("</label><textarea id=\"f-reason\" name=\"reason\" rows=\"3\"", p->f);
	if (bad_key)
		fputs(" aria-invalid=\"true\" aria-describedby=\"e-reason\"", p->f);
	fputs(">", p->f);
	svk_web_html_esc(p->f, reason);
	fputs("</textarea>", p->f);
	if (bad_key) {
		char max[16];
		snprintf(max, sizeof(max), "%d", SVK_AUTHOR_MAX_ITEM);
		fputs("<p class=\"field-error\" id=\"e-reason\">", p->f);
		svk_web_html_say(p, bad_key, max);
		fputs("</p>", p->f);
	}
	fputs("</div><p><button type=\"submit\">", p->f);
	svk_web_html_text(p, "retract.button");
	fputs("</button> <a href=\"", p->f);
	svk_web_entity_href(p, e->kind, e->fpr, svk_web_html_str(e->row, "id"));
	fputs("\">", p->f);
	svk_web_html_text(p, "retract.cancel");
	fputs("</a></p></form></section>", p->f);
	svk_web_html_foot(p);
}

static void
retract(svk_web_page *p, const svk_web_entity *e, const char *reason)
{
	const char *id = svk_web_html_str(e->row, "id");
	Samverk__Retraction r = SAMVERK__RETRACTION__INIT;
	Samverk__Body body = SAMVERK__BODY__INIT;
	const char *word = e->kind == SVK_KIND_NEED ? "need" : "practice";
	uint64_t seq = 0;
	int err;

	r.kind = (Samverk__EntityKind)e->kind;
	r.id = (char *)id;
	r.reason = (char *)reason;
	body.payload_case = SAMVERK__BODY__PAYLOAD_RETRACTION;
	body.retraction = &r;
	err = svk_log_append(p->req->home->store, p->req->home->id, &body, &seq, NULL);
	if (err != 0) {
		svk_say_warn("audit: %s could not retract %s %s: %s",
		    p->req->who->user, word, id, svk_error_str(err));
		svk_web_html_message(p, 500, "page.not_found", "page.error", NULL);
		return;
	}
	svk_say_info("audit: %s retracted %s %s (entry %llu)", p->req->who->user,
	    word, id, (unsigned long long)seq);
	svk_web_html_see_other(p, e->kind == SVK_KIND_NEED ? "/needs" : "/practices");
}

void
svk_web_retract_page(svk_web_page *p, int kind, const char *origin, const char *id)
{
	const svk_web_fields *f = p->req->form;
	const char *reason = NULL;
	svk_web_entity e;

	if (!svk_web_html_may(p, SVK_WEB_EDITOR))
		return;
	if (svk_web_entity_load_own(p, kind, origin, id, &e) != 0)
		goto out;
	if (strcmp(p->req->method, "POST") != 0) {
		confirm(p, &e, "", NULL);
		goto out;
	}
	reason = f && f->get ? f->get(f->arg, "reason") : NULL;
	if (reason == NULL)
		reason = "";
	if (!svk_fold_utf8_valid(reason, strlen(reason))) {
		p->status = 400;
		confirm(p, &e, "", "adopt.not_text");
	} else if (strlen(reason) > SVK_AUTHOR_MAX_ITEM) {
		p->status = 400;
		confirm(p, &e, reason, "adopt.too_long");
	} else {
		retract(p, &e, reason);
	}
out:
	svk_web_entity_fini(&e);
}
