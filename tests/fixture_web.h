/*
 * fixture_web.h: asking the web app (node/web/) for a page without a
 * server, for the web tests (test_web*.c): a request's query and form as
 * name/value lists, who asks (a user with a session's form token and
 * language cookie), a GET and a POST as a browser sends them, and what
 * came back.
 */
#ifndef SVK_TESTS_FIXTURE_WEB_H
#define SVK_TESTS_FIXTURE_WEB_H

#include "config.h"
#include "fixture.h"
#include "home.h"
#include "web.h"

/* What a page answered; body is the caller's to free(). */
typedef struct fxw_answer {
	unsigned status;
	char type[64];
	char cookie[SVK_WEB_COOKIE_MAX];
	char disposition[SVK_WEB_DISPOSITION_MAX];
	char location[SVK_WEB_LOCATION_MAX];
	char *body;
} fxw_answer;

/* fxw_ask renders method path for who (NULL: an anonymous reader with no
 * language) on home, with the URL's arguments query and a POST's fields
 * form: each a NULL-terminated list of name, value, name, value ... (a
 * name may repeat, as check boxes do; "@NAME" is an uploaded file NAME
 * whose content is the value), or NULL for none. */
fxw_answer fxw_ask(svk_home *home, const svk_config *cfg, const char *method,
    const char *path, const char *const *query, const char *const *form,
    const svk_web_who *who);

/* FXW_CSRF is the form token of every user fxw_who makes, as the page's
 * forms carry it (svk_web_html_csrf). */
#define FXW_CSRF "tok-123"

/* fxw_who gives who asks: user, logged in with role, the form token
 * FXW_CSRF and the "lang" cookie lang (NULL: none); for role
 * SVK_WEB_ANONYMOUS, a reader with no name and no token. */
svk_web_who fxw_who(const char *user, svk_web_role role, const char *lang);

/* fxw_get asks home for path (no query) as who. */
fxw_answer fxw_get(svk_home *home, const svk_config *cfg, const char *path,
    const svk_web_who *who);

/* fxw_post POSTs form (a list as for fxw_ask; NULL: no fields) to path on
 * home as who, as a browser sends a page's form: the field "csrf" with
 * who's token first (none when who has none), then form's fields. (The
 * token is checked before any page runs, in node/daemon/http.c: a page
 * sees only POSTs that carry it.) */
fxw_answer fxw_post(svk_home *home, const svk_config *cfg, const char *path,
    const char *const *form, const svk_web_who *who);

/* fxw_signed gives how many entries home has signed into its log. */
uint64_t fxw_signed(svk_home *home);

/* fxw_partner_practice builds the federation fed (fx_fed_init, name)
 * where b holds a's practice "patrols" (Legepatruljen, in Danish) with the
 * core and flexible elements given, and makes b's node (Skellefteå, SE)
 * the app's home, with cfg's defaults. */
void fxw_partner_practice(fx_fed *fed, const char *name, char **core, size_t n_core,
    char **flexible, size_t n_flexible, svk_home *home, svk_config *cfg);

/* FXW_HAS and FXW_LACKS assert that an answer's body holds, or does not
 * hold, s. */
#define FXW_HAS(a, s) \
	ck_assert_msg(strstr((a).body, (s)) != NULL, "no %s in the page", (s))
#define FXW_LACKS(a, s) \
	ck_assert_msg(strstr((a).body, (s)) == NULL, "%s in the page", (s))

#endif
