/*
 * fixture_web.c: asking the web app for a page in a test. See
 * fixture_web.h.
 */
#include "fixture_web.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"

static const char *
pair_each(void *arg, const char *name, unsigned i)
{
	const char *const *kv = arg;

	for (; kv && kv[0]; kv += 2)
		if (strcmp(kv[0], name) == 0 && i-- == 0)
			return kv[1];
	return NULL;
}

static const char *
pair_get(void *arg, const char *name)
{
	return pair_each(arg, name, 0);
}

/* A file field is listed as "@NAME", its content as the value. */
static const char *
pair_file(void *arg, const char *name, unsigned long *len)
{
	const char *const *kv = arg;

	for (; kv && kv[0]; kv += 2)
		if (kv[0][0] == '@' && strcmp(kv[0] + 1, name) == 0) {
			*len = strlen(kv[1]);
			return kv[1];
		}
	*len = 0;
	return NULL;
}

fxw_answer
fxw_ask(svk_home *home, const svk_config *cfg, const char *method, const char *path,
    const char *const *query, const char *const *form, const svk_web_who *who)
{
	const svk_web_fields q = {pair_get, pair_each, pair_file, (void *)query};
	const svk_web_fields f = {pair_get, pair_each, pair_file, (void *)form};
	const svk_web_who anonymous = {.role = SVK_WEB_ANONYMOUS};
	const svk_web_request req = {method, path, &q, form ? &f : NULL,
	    who ? who : &anonymous, home, cfg};
	fxw_answer a = {0};
	svk_web_page p;

	ck_assert_int_eq(svk_web_render(&p, &req), 0);
	a.status = p.status;
	snprintf(a.type, sizeof(a.type), "%s", p.type);
	memcpy(a.cookie, p.cookie, sizeof(a.cookie));
	memcpy(a.disposition, p.disposition, sizeof(a.disposition));
	memcpy(a.location, p.location, sizeof(a.location));
	a.body = strndup(p.body ? p.body : "", p.len);
	ck_assert_ptr_nonnull(a.body);
	ck_assert_uint_eq(strlen(a.body), p.len);
	svk_web_html_fini(&p);
	return a;
}

svk_web_who
fxw_who(const char *user, svk_web_role role, const char *lang)
{
	svk_web_who who = {.role = role, .lang_cookie = lang};

	if (role != SVK_WEB_ANONYMOUS) {
		snprintf(who.user, sizeof(who.user), "%s", user);
		snprintf(who.csrf, sizeof(who.csrf), "%s", FXW_CSRF);
	}
	return who;
}

fxw_answer
fxw_get(svk_home *home, const svk_config *cfg, const char *path, const svk_web_who *who)
{
	return fxw_ask(home, cfg, "GET", path, NULL, NULL, who);
}

fxw_answer
fxw_post(svk_home *home, const svk_config *cfg, const char *path,
    const char *const *form, const svk_web_who *who)
{
	size_t n = 0, at = 0;
	const char **fields;
	fxw_answer a;

	while (form && form[n])
		n += 2;
	fields = calloc(n + 3, sizeof(*fields));
	ck_assert_ptr_nonnull(fields);
	if (who && who->csrf[0]) {
		fields[at++] = "csrf";
		fields[at++] = who->csrf;
	}
	for (size_t i = 0; i < n; i++)
		fields[at++] = form[i];
	a = fxw_ask(home, cfg, "POST", path, NULL, fields, who);
	free(fields);
	return a;
}

uint64_t
fxw_signed(svk_home *home)
{
	uint64_t all = 0, mine = 0;

	ck_assert_int_eq(svk_log_count(home->store,
			     svk_crypto_identity_public(home->id), &all, &mine),
	    0);
	return mine;
}

void
fxw_partner_practice(fx_fed *fed, const char *name, char **core, size_t n_core,
    char **flexible, size_t n_flexible, svk_home *home, svk_config *cfg)
{
	Samverk__Body body = SAMVERK__BODY__INIT;
	Samverk__Practice p;
	uint64_t seq = 0;

	fx_fed_init(fed, name);
	fx_practice(&p, "patrols", "Legepatruljen");
	p.core_elements = core;
	p.n_core_elements = n_core;
	p.flexible_elements = flexible;
	p.n_flexible_elements = n_flexible;
	body.payload_case = SAMVERK__BODY__PAYLOAD_PRACTICE;
	body.practice = &p;
	ck_assert_int_eq(svk_log_append(fed->sa, fed->a, &body, &seq, NULL), 0);
	ck_assert_int_eq(fx_ingest(fed->sb, fed->sa,
			     svk_crypto_identity_public(fed->a), seq, NULL),
	    0);
	*home = (svk_home){.dir = fed->dir,
	    .id = fed->b,
	    .store = fed->sb,
	    .name = "Skellefteå",
	    .country = "SE"};
	svk_config_defaults(cfg);
}
