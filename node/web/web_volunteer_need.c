/*
 * web_volunteer_need.c: the local volunteers who could answer one of this
 * node's open needs, ranked with the reasons, and the link to them from
 * the need's page. See web_volunteer_need.h.
 */
#include "web_volunteer_need.h"

#include <stdio.h>
#include <string.h>

#include "match_volunteers.h"
#include "view.h"
#include "web_volunteer_field.h"

#define VOLUNTEERS_MAX 50 /* volunteers listed for a need */

/* Whether e is this node's own, standing, open need. */
static bool
own_open(const svk_web_page *p, const svk_web_entity *e)
{
	const Samverk__Need *n = e->msg;

	return n != NULL && e->kind == SVK_KIND_NEED &&
	       memcmp(e->origin, svk_crypto_identity_public(p->req->home->id),
		   SVK_KEY_LEN) == 0 &&
	       strcmp(n->status, "open") == 0;
}

void
svk_web_volunteer_need_link(svk_web_page *p, const svk_web_entity *e)
{
	const Samverk__Need *n = e->msg;

	if (!svk_web_html_can(p, SVK_WEB_ADMIN) || !own_open(p, e))
		return;
	fputs("<p class=\"actions\"><a href=\"", p->f);
	svk_web_entity_href(p, SVK_KIND_NEED, e->fpr, n->id);
	fputs("/volunteers\">", p->f);
	svk_web_html_text(p, "vol.need_link");
	fputs("</a></p>", p->f);
}

static void
ranked(svk_web_page *p, const svk_volunteer_matches *ms)
{
	static const char *const heads[] = {"vol.rank", "vol.f.name", "vol.score",
	    "vol.skills_shared", "vol.areas_shared", "vol.f.hours_per_month"};

	fputs("<table><thead><tr>", p->f);
	for (size_t i = 0; i < sizeof(heads) / sizeof(heads[0]); i++)
		svk_web_html_th(p, heads[i]);
	fputs("</tr></thead><tbody>", p->f);
	for (size_t i = 0; i < ms->n; i++) {
		const svk_volunteer_match *m = &ms->items[i];
		fputs("<tr class=\"volunteer\">", p->f);
		svk_web_html_td(p, "vol.rank", NULL);
		fprintf(p->f, "%zu</td>", i + 1);
		svk_web_html_td(p, "vol.f.name", NULL);
		svk_web_volunteer_field_link(p, m->id, m->name);
		fputs("</td>", p->f);
		svk_web_html_td(p, "vol.score", NULL);
		fprintf(p->f, "%.2f</td>", m->score);
		svk_web_html_td(p, "vol.skills_shared", NULL);
		svk_web_volunteer_field_list(p, m->skills, NULL);
		fputs("</td>", p->f);
		svk_web_html_td(p, "vol.areas_shared", NULL);
		svk_web_volunteer_field_list(p, m->areas, "area");
		fputs("</td>", p->f);
		svk_web_html_td(p, "vol.f.hours_per_month", NULL);
		fprintf(p->f, "%u</td></tr>", m->hours_per_month);
	}
	fputs("</tbody></table>", p->f);
}

void
svk_web_volunteer_need_page(svk_web_page *p, const char *origin, const char *id)
{
	svk_web_entity e = {0};
	svk_volunteer_matches ms = {0};
	const Samverk__Need *n;
	int err;

	/* Before anything is read, as on every volunteer page. */
	if (!svk_web_html_can(p, SVK_WEB_ADMIN)) {
		svk_web_html_message(p, 403, "form.forbidden_title",
		    "vol.forbidden", NULL);
		return;
	}
	if (svk_web_entity_load(p, SVK_KIND_NEED, origin, id, &e) != 0)
		goto out;
	if (!own_open(p, &e)) {
		svk_web_html_message(p, 404, "page.not_found", "vol.need_not_own",
		    NULL);
		goto out;
	}
	n = e.msg;
	err = svk_match_volunteers_rank(p->req->home->store,
	    svk_crypto_identity_public(p->req->home->id), e.origin, n->id,
	    VOLUNTEERS_MAX, &ms);
	if (err != 0) {
		svk_web_html_message(p, err == SVK_ENOTFOUND ? 404 : 500,
		    "vol.need_title",
		    err == SVK_ENOTFOUND ? "need.not_found" : "page.error", NULL);
		goto out;
	}
	svk_web_html_head(p, "vol.need_title", n->title, n->lang, "nav.volunteers");
	fputs("<section><p><a href=\"", p->f);
	svk_web_entity_href(p, SVK_KIND_NEED, e.fpr, n->id);
	fputs("\">", p->f);
	svk_web_html_in(p, n->lang, n->title);
	fputs("</a></p><p class=\"muted\">", p->f);
	svk_web_html_text(p, "vol.need_explain");
	fputs("</p>", p->f);
	if (ms.n == 0) {
		fputs("<p>", p->f);
		svk_web_html_text(p, "vol.need_none");
		fputs("</p>", p->f);
	} else {
		ranked(p, &ms);
	}
	fputs("</section>", p->f);
	svk_web_html_foot(p);
out:
	svk_match_volunteers_fini(&ms);
	svk_web_entity_fini(&e);
}
