/*
 * author.c: the JSON authoring format of practices and needs (see author.h).
 *
 * A file is checked in one pass over its fields, in the order they appear, so
 * the first message names the first problem a person would meet reading the
 * file. The field tables below are the whole format: a field's JSON name, its
 * shape, the check its value must pass, and where it lands in the protobuf
 * message. The message is built with malloc throughout, exactly as protobuf-c
 * builds one when it unpacks, so protobuf_c_message_free_unpacked() frees a
 * finished message and a half-built one alike.
 */
#include "author.h"
#include "author-int.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "crypto.h"
#include "text.h"
#include "vocab.h"

/* clang-format off */
#define STR(type, name, check, required, max)                                  \
	{#name, K_STR, check, required, max, offsetof(type, name), 0, NULL}
#define LIST(type, name, check, required)                                      \
	{#name,                                                                \
	    K_LIST,                                                            \
	    check,                                                             \
	    required,                                                          \
	    SVK_AUTHOR_MAX_ITEM,                                               \
	    offsetof(type, name),                                              \
	    offsetof(type, n_##name),                                          \
	    NULL}
#define MSGS(type, name, sub)                                                  \
	{#name,                                                                \
	    K_MSGS,                                                            \
	    C_NONE,                                                            \
	    false,                                                             \
	    0,                                                                 \
	    offsetof(type, name),                                              \
	    offsetof(type, n_##name),                                          \
	    sub}
#define TABLE(type, fields, names, init)                                       \
	{fields, sizeof(fields) / sizeof(fields[0]), names, sizeof(type), &init}
/* clang-format on */

static const Samverk__Partner partner_init = SAMVERK__PARTNER__INIT;
static const Samverk__Translation translation_init = SAMVERK__TRANSLATION__INIT;

static const struct field partner_fields[] = {
    STR(Samverk__Partner, name, C_NONE, true, SVK_AUTHOR_MAX_ITEM),
    STR(Samverk__Partner, sector, C_NONE, false, SVK_AUTHOR_MAX_ITEM),
    STR(Samverk__Partner, role, C_NONE, false, SVK_AUTHOR_MAX_ITEM),
};
static const struct table partner_table = TABLE(Samverk__Partner, partner_fields,
    "name, sector, role", partner_init);

/* Practices and needs translate different texts, so each has its own table
 * over the one Translation message: a description in a practice's
 * translation is a mistake worth reporting, not a field to keep. */
static const struct field practice_tr_fields[] = {
    STR(Samverk__Translation, lang, C_LANG, true, SVK_AUTHOR_MAX_ITEM),
    STR(Samverk__Translation, title, C_NONE, true, SVK_AUTHOR_MAX_TITLE),
    STR(Samverk__Translation, summary, C_NONE, false, SVK_AUTHOR_MAX_TEXT),
    STR(Samverk__Translation, challenge, C_NONE, false, SVK_AUTHOR_MAX_TEXT),
};
static const struct table practice_tr_table = TABLE(Samverk__Translation,
    practice_tr_fields, "lang, title, summary, challenge", translation_init);

static const struct field need_tr_fields[] = {
    STR(Samverk__Translation, lang, C_LANG, true, SVK_AUTHOR_MAX_ITEM),
    STR(Samverk__Translation, title, C_NONE, true, SVK_AUTHOR_MAX_TITLE),
    STR(Samverk__Translation, description, C_NONE, false, SVK_AUTHOR_MAX_TEXT),
};
static const struct table need_tr_table = TABLE(Samverk__Translation,
    need_tr_fields, "lang, title, description", translation_init);

static const Samverk__Practice practice_init = SAMVERK__PRACTICE__INIT;
static const Samverk__Need need_init = SAMVERK__NEED__INIT;

/* The order of these tables is the order svk_author_*_json writes. */
static const struct field practice_fields[] = {
    STR(Samverk__Practice, id, C_ID, true, SVK_AUTHOR_MAX_ITEM),
    STR(Samverk__Practice, lang, C_LANG, true, SVK_AUTHOR_MAX_ITEM),
    STR(Samverk__Practice, title, C_NONE, true, SVK_AUTHOR_MAX_TITLE),
    STR(Samverk__Practice, summary, C_NONE, true, SVK_AUTHOR_MAX_TEXT),
    STR(Samverk__Practice, challenge, C_NONE, false, SVK_AUTHOR_MAX_TEXT),
    LIST(Samverk__Practice, areas, C_AREAS, true),
    LIST(Samverk__Practice, target_groups, C_NONE, false),
    LIST(Samverk__Practice, core_elements, C_NONE, false),
    LIST(Samverk__Practice, flexible_elements, C_NONE, false),
    MSGS(Samverk__Practice, partners, &partner_table),
    STR(Samverk__Practice, results, C_NONE, false, SVK_AUTHOR_MAX_TEXT),
    STR(Samverk__Practice, resources, C_NONE, false, SVK_AUTHOR_MAX_TEXT),
    STR(Samverk__Practice, started, C_DATE, false, SVK_AUTHOR_MAX_ITEM),
    LIST(Samverk__Practice, tags, C_NONE, false),
    MSGS(Samverk__Practice, translations, &practice_tr_table),
};
const struct table svk__author_practice_table = TABLE(Samverk__Practice,
    practice_fields,
    "id, lang, title, summary, challenge, areas, target_groups, "
    "core_elements, flexible_elements, partners, results, resources, "
    "started, tags, translations",
    practice_init);

static const struct field need_fields[] = {
    STR(Samverk__Need, id, C_ID, true, SVK_AUTHOR_MAX_ITEM),
    STR(Samverk__Need, lang, C_LANG, true, SVK_AUTHOR_MAX_ITEM),
    STR(Samverk__Need, title, C_NONE, true, SVK_AUTHOR_MAX_TITLE),
    STR(Samverk__Need, description, C_NONE, true, SVK_AUTHOR_MAX_TEXT),
    LIST(Samverk__Need, areas, C_AREAS, true),
    LIST(Samverk__Need, skills, C_NONE, false),
    STR(Samverk__Need, urgency, C_URGENCY, false, SVK_AUTHOR_MAX_ITEM),
    STR(Samverk__Need, status, C_STATUS, false, SVK_AUTHOR_MAX_ITEM),
    STR(Samverk__Need, answered_by, C_REF, false, SVK_AUTHOR_MAX_ITEM),
    MSGS(Samverk__Need, translations, &need_tr_table),
};
const struct table svk__author_need_table = TABLE(Samverk__Need, need_fields,
    "id, lang, title, description, areas, skills, urgency, status, "
    "answered_by, translations",
    need_init);

/* make_path formats the path of a nested field. Paths are at most two levels
 * deep under fixed field names, so PATH_MAX_LEN always holds them. */
static void make_path(char *buf, size_t len, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
make_path(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(buf, len, fmt, ap);
	va_end(ap);
}

static const char *
type_name(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: return "an object";
	case JSON_ARRAY: return "an array";
	case JSON_STRING: return "a string";
	case JSON_INTEGER:
	case JSON_REAL: return "a number";
	case JSON_TRUE:
	case JSON_FALSE: return "a boolean";
	case JSON_NULL: return "null";
	}
	return "something else";
}

/* string_value checks that v is a string fit to store: no NUL inside (a C
 * string would silently end there), at most max bytes, not blank when
 * required. jansson has already rejected invalid UTF-8. */
static int
string_value(struct ctx *c, const char *path, const json_t *v, size_t max,
    bool required, const char **out)
{
	const char *s;
	size_t len;

	if (!json_is_string(v))
		return svk__author_check_fail(c,
		    "field %s: expected a string, got %s", path, type_name(v));
	s = json_string_value(v);
	len = json_string_length(v);
	if (memchr(s, '\0', len) != NULL)
		return svk__author_check_fail(c,
		    "field %s: contains a NUL character (\\u0000)", path);
	if (len > max)
		return svk__author_check_fail(c,
		    "field %s: is %zu bytes long, the limit is %zu", path, len, max);
	if (required && svk_text_blank(s, len))
		return svk__author_check_fail(c, "field %s: must not be empty", path);
	*out = s;
	return 0;
}

static int
parse_string(struct ctx *c, const char *path, const struct field *f,
    const json_t *v, void *msg)
{
	const char *s;
	char *copy;
	int rc;

	if ((rc = string_value(c, path, v, f->max, f->required, &s)) != 0)
		return rc;
	/* An empty optional string is a field left out (as a template leaves
	 * it): it stays protobuf-c's shared default, which free_unpacked knows
	 * not to free; proto3 cannot tell it from absent. */
	if (*s == '\0' && !f->required)
		return 0;
	if ((rc = svk__author_check_value(c, path, f->check, s)) != 0)
		return rc;
	if ((copy = strdup(s)) == NULL)
		return svk__author_check_nomem(c);
	*str_at(msg, f->off) = copy;
	return 0;
}

/* Checks that v is an array (of what) no longer than SVK_AUTHOR_MAX_LIST and
 * gives its *size. */
static int
array_size(struct ctx *c, const char *path, const json_t *v, const char *what,
    size_t *size)
{
	if (!json_is_array(v))
		return svk__author_check_fail(c,
		    "field %s: expected an array of %s, got %s", path, what,
		    type_name(v));
	*size = json_array_size(v);
	if (*size > SVK_AUTHOR_MAX_LIST)
		return svk__author_check_fail(c,
		    "field %s: has %zu items, the limit is %d", path, *size,
		    SVK_AUTHOR_MAX_LIST);
	return 0;
}

static int
parse_list(struct ctx *c, const char *path, const struct field *f,
    const json_t *v, void *msg)
{
	char ***arr = list_at(msg, f->off);
	size_t *n = count_at(msg, f->n_off);
	size_t size;
	int rc;

	if ((rc = array_size(c, path, v, "strings", &size)) != 0)
		return rc;
	if (size == 0) {
		if (f->check == C_AREAS)
			return svk__author_check_fail(c,
			    "field %s: must list at least one area", path);
		return 0;
	}
	if ((*arr = calloc(size, sizeof(**arr))) == NULL)
		return svk__author_check_nomem(c);
	/* *n counts only finished items, so free_unpacked frees exactly those
	 * if a later item fails. */
	for (size_t i = 0; i < size; i++) {
		char ipath[PATH_MAX_LEN];
		char q[QUOTE_MAX + 16];
		const char *s;

		make_path(ipath, sizeof(ipath), "%s[%zu]", path, i);
		if ((rc = string_value(c, ipath, json_array_get(v, i), f->max,
			 true, &s)) != 0)
			return rc;
		/* The area message names the list, as authors think of it. */
		if ((rc = svk__author_check_value(c,
			 f->check == C_AREAS ? path : ipath, f->check, s)) != 0)
			return rc;
		if (f->check == C_AREAS)
			for (size_t j = 0; j < *n; j++)
				if (strcmp((*arr)[j], s) == 0)
					return svk__author_check_fail(c,
					    "field %s: area %s is listed twice", path,
					    svk__author_check_quote(q, sizeof(q), s));
		if (((*arr)[i] = strdup(s)) == NULL)
			return svk__author_check_nomem(c);
		(*n)++;
	}
	return 0;
}

static int parse_object(struct ctx *c, const char *prefix, const struct table *t,
    const json_t *obj, void *msg);

static int
parse_msgs(struct ctx *c, const char *path, const struct field *f,
    const json_t *v, void *msg)
{
	void ***arr = msgs_at(msg, f->off);
	size_t *n = count_at(msg, f->n_off);
	const struct table *t = f->sub;
	size_t size;
	int rc;

	if ((rc = array_size(c, path, v, "objects", &size)) != 0)
		return rc;
	if (size == 0)
		return 0;
	if ((*arr = calloc(size, sizeof(**arr))) == NULL)
		return svk__author_check_nomem(c);
	for (size_t i = 0; i < size; i++) {
		char ipath[PATH_MAX_LEN];
		void *sub;

		if ((sub = malloc(t->size)) == NULL)
			return svk__author_check_nomem(c);
		memcpy(sub, t->init, t->size);
		/* Owned by the array from here on, whatever follows. */
		(*arr)[i] = sub;
		(*n)++;
		make_path(ipath, sizeof(ipath), "%s[%zu]", path, i);
		if ((rc = parse_object(c, ipath, t, json_array_get(v, i), sub)) != 0)
			return rc;
	}
	return 0;
}

static const struct field *
find_field(const struct table *t, const char *name)
{
	for (size_t i = 0; i < t->nfields; i++)
		if (strcmp(t->fields[i].name, name) == 0)
			return &t->fields[i];
	return NULL;
}

/* parse_object fills msg from obj by table t. prefix is the path of obj
 * itself ("" for the top level), so that errors can name nested fields. */
static int
parse_object(struct ctx *c, const char *prefix, const struct table *t,
    const json_t *obj, void *msg)
{
	const char *key;
	json_t *v;
	uint32_t seen = 0;
	int rc;

	if (!json_is_object(obj)) {
		if (*prefix == '\0')
			return svk__author_check_fail(c,
			    "the top level must be an object, got %s",
			    type_name(obj));
		return svk__author_check_fail(c,
		    "field %s: expected an object, got %s", prefix, type_name(obj));
	}
	/* jansson keeps keys in file order, so the first problem in the file
	 * is the one reported. */
	json_object_foreach((json_t *)obj, key, v) {
		const struct field *f = find_field(t, key);
		char path[PATH_MAX_LEN];
		char q[QUOTE_MAX + 16];

		if (f == NULL) {
			if (*prefix == '\0')
				return svk__author_check_fail(c,
				    "unknown field %s (expected one of: %s)",
				    svk__author_check_quote(q, sizeof(q), key),
				    t->names);
			return svk__author_check_fail(c,
			    "field %s: unknown field %s (expected one of: %s)", prefix,
			    svk__author_check_quote(q, sizeof(q), key), t->names);
		}
		seen |= UINT32_C(1) << (f - t->fields);
		if (*prefix == '\0')
			make_path(path, sizeof(path), "\"%s\"", f->name);
		else
			make_path(path, sizeof(path), "%s.%s", prefix, f->name);
		switch (f->kind) {
		case K_STR: rc = parse_string(c, path, f, v, msg); break;
		case K_LIST: rc = parse_list(c, path, f, v, msg); break;
		case K_MSGS: rc = parse_msgs(c, path, f, v, msg); break;
		default:
			rc = svk__author_check_fail(c, "field %s: internal error",
			    path);
			break;
		}
		if (rc != 0)
			return rc;
	}
	for (size_t i = 0; i < t->nfields; i++) {
		if (!t->fields[i].required || (seen & (UINT32_C(1) << i)))
			continue;
		if (*prefix == '\0')
			return svk__author_check_fail(c,
			    "missing required field \"%s\"", t->fields[i].name);
		return svk__author_check_fail(c,
		    "field %s: missing required field \"%s\"", prefix,
		    t->fields[i].name);
	}
	return 0;
}

/* check_translations: a translation into the record's own language, or two
 * into the same one, would leave readers guessing which text is meant. Tags
 * compare without case, as BCP 47 says they do. */
static int
check_translations(struct ctx *c, const char *lang, Samverk__Translation **tr, size_t n)
{
	char q[QUOTE_MAX + 16];

	for (size_t i = 0; i < n; i++) {
		if (strcasecmp(tr[i]->lang, lang) == 0)
			return svk__author_check_fail(c,
			    "field \"translations\"[%zu].lang: %s is the "
			    "record's own language",
			    i, svk__author_check_quote(q, sizeof(q), tr[i]->lang));
		for (size_t j = 0; j < i; j++)
			if (strcasecmp(tr[i]->lang, tr[j]->lang) == 0)
				return svk__author_check_fail(c,
				    "field \"translations\"[%zu].lang: %s is "
				    "already translated in [%zu]",
				    i, svk__author_check_quote(q, sizeof(q), tr[i]->lang),
				    j);
	}
	return 0;
}

/* uncomment blanks out each comment from "//" to the end of its line
 * (outside strings), in place, so that jansson's lines and columns stay
 * those of the file. The templates (author_template.c) explain each field
 * in such comments. */
static void
uncomment(char *s, size_t len)
{
	bool in_string = false;

	for (size_t i = 0; i < len; i++) {
		if (in_string) {
			if (s[i] == '\\' && i + 1 < len)
				i++;
			else if (s[i] == '"' || s[i] == '\n')
				in_string = false;
		} else if (s[i] == '"') {
			in_string = true;
		} else if (s[i] == '/' && i + 1 < len && s[i + 1] == '/') {
			while (i < len && s[i] != '\n' && s[i] != '\r')
				s[i++] = ' ';
		}
	}
}

/* load turns text into a JSON object, or writes jansson's complaint with its
 * line and column. A byte order mark (Notepad writes one) and comments are
 * passed over. */
static int
load(struct ctx *c, const char *text, size_t len, json_t **out)
{
	json_error_t jerr;
	json_t *root;
	char *copy;

	*out = NULL;
	if (text == NULL)
		return svk__author_check_fail(c, "no input");
	if (len > SVK_AUTHOR_MAX_FILE)
		return svk__author_check_fail(c,
		    "the file is %zu bytes, the limit is %d", len,
		    SVK_AUTHOR_MAX_FILE);
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0) {
		text += 3;
		len -= 3;
	}
	if ((copy = malloc(len + 1)) == NULL)
		return svk__author_check_nomem(c);
	memcpy(copy, text, len);
	copy[len] = '\0';
	uncomment(copy, len);
	/* NUL in strings is allowed through here only to be refused by
	 * string_value, whose message can name the field. */
	root = json_loadb(copy, len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &jerr);
	free(copy);
	if (root != NULL) {
		*out = root;
		return 0;
	}
	if (json_error_code(&jerr) == json_error_out_of_memory)
		return svk__author_check_nomem(c);
	/* jansson quotes the text near the error; keep it on one line. */
	for (char *p = jerr.text; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20)
			*p = ' ';
	/* jansson counts the characters read before the bad byte; one more
	 * is the column of the byte itself, which is what an editor shows. */
	if (json_error_code(&jerr) == json_error_invalid_utf8)
		return svk__author_check_fail(c,
		    "line %d, column %d: not valid UTF-8 (%s)", jerr.line,
		    jerr.column + 1, jerr.text);
	return svk__author_check_fail(c, "line %d, column %d: %s", jerr.line,
	    jerr.column, jerr.text);
}

static int
parse(struct ctx *c, const char *text, size_t len, const struct table *t, void **out)
{
	json_t *root = NULL;
	void *msg = NULL;
	int rc;

	*out = NULL;
	if ((rc = load(c, text, len, &root)) != 0)
		goto out;
	if ((msg = malloc(t->size)) == NULL) {
		rc = svk__author_check_nomem(c);
		goto out;
	}
	memcpy(msg, t->init, t->size);
	if ((rc = parse_object(c, "", t, root, msg)) != 0)
		goto out;
	*out = msg;
	msg = NULL;
out:
	if (msg != NULL)
		protobuf_c_message_free_unpacked(msg, NULL);
	json_decref(root);
	return rc;
}

/* set_default gives an absent field its documented value. */
static int
set_default(struct ctx *c, char **field, const char *value)
{
	char *copy;

	if (**field != '\0')
		return 0;
	if ((copy = strdup(value)) == NULL)
		return svk__author_check_nomem(c);
	*field = copy;
	return 0;
}

/* Parses text with table t, then checks the message with check (which may
 * also fill in defaults); *out is the message only when both passed. */
static int
parse_checked(struct ctx *c, const char *text, size_t len, const struct table *t,
    int (*check)(struct ctx *c, void *msg), void **out)
{
	void *msg;
	int rc;

	*out = NULL;
	if ((rc = parse(c, text, len, t, &msg)) != 0)
		return rc;
	if ((rc = check(c, msg)) != 0) {
		protobuf_c_message_free_unpacked(msg, NULL);
		return rc;
	}
	*out = msg;
	return 0;
}

static int
practice_check(struct ctx *c, void *msg)
{
	Samverk__Practice *p = msg;

	return check_translations(c, p->lang, p->translations, p->n_translations);
}

int
svk_author_practice_parse(const char *text, size_t len, Samverk__Practice **out,
    char *err, size_t errlen)
{
	struct ctx c = {err, errlen};
	void *msg;
	int rc = parse_checked(&c, text, len, &svk__author_practice_table,
	    practice_check, &msg);

	*out = msg;
	return rc;
}

static int
need_check(struct ctx *c, void *msg)
{
	Samverk__Need *n = msg;
	int rc;

	if ((rc = check_translations(c, n->lang, n->translations,
		 n->n_translations)) != 0)
		return rc;
	/* A need points at the practice that met it only once it is met. */
	if (n->answered_by[0] != '\0' && n->status[0] != '\0' &&
	    strcmp(n->status, "closed") != 0)
		return svk__author_check_fail(c,
		    "field \"answered_by\": only a closed need can "
		    "be answered");
	if ((rc = set_default(c, &n->urgency, "medium")) != 0)
		return rc;
	return set_default(c, &n->status,
	    n->answered_by[0] != '\0' ? "closed" : "open");
}

int
svk_author_need_parse(const char *text, size_t len, Samverk__Need **out,
    char *err, size_t errlen)
{
	struct ctx c = {err, errlen};
	void *msg;
	int rc = parse_checked(&c, text, len, &svk__author_need_table, need_check,
	    &msg);

	*out = msg;
	return rc;
}
