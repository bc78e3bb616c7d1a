/*
 * author_json.c: a practice or need back into the JSON authoring shape, for
 * `show --json` and downloads. Fields left empty are omitted; text that is
 * not valid UTF-8 (a partner's) is written with U+FFFD in its place.
 */
#include "author.h"
#include "author-int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* utf8_len returns the length of the well-formed UTF-8 sequence at s, or 0
 * when there is none (overlong forms, surrogates, above U+10FFFF). */
static size_t
utf8_len(const unsigned char *s, size_t left)
{
	size_t need;
	uint32_t cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		need = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		need = 3;
		cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		need = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	if (left < need)
		return 0;
	for (size_t i = 1; i < need; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((need == 3 && cp < 0x800) || (need == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return need;
}

/* lossy_string makes a JSON string of s with every byte that is not UTF-8
 * replaced by U+FFFD. Records parsed here are always valid, but a message
 * unpacked from elsewhere need not be, and showing it beats failing. */
static json_t *
lossy_string(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t len = strlen(s), o = 0;
	json_t *j;
	char *buf;

	if (len > SIZE_MAX / 3 || (buf = malloc(len * 3 + 1)) == NULL)
		return NULL;
	for (size_t i = 0; i < len;) {
		size_t n = utf8_len(u + i, len - i);

		if (n == 0) {
			memcpy(buf + o, "\xef\xbf\xbd", 3);
			o += 3;
			i++;
		} else {
			memcpy(buf + o, s + i, n);
			o += n;
			i += n;
		}
	}
	j = json_stringn(buf, o);
	free(buf);
	return j;
}

static json_t *
string_json(const char *s)
{
	json_t *j = json_string(s);

	return j != NULL ? j : lossy_string(s);
}

/* Each setter leaves an empty field out and returns -1 only when out of
 * memory. */
static int
set_string(json_t *obj, const char *key, const char *s)
{
	json_t *j;

	if (s == NULL || *s == '\0')
		return 0;
	if ((j = string_json(s)) == NULL)
		return -1;
	return json_object_set_new(obj, key, j);
}

static int
set_list(json_t *obj, const char *key, char *const *items, size_t n)
{
	json_t *arr;

	if (n == 0)
		return 0;
	if ((arr = json_array()) == NULL)
		return -1;
	for (size_t i = 0; i < n; i++) {
		json_t *j = string_json(items[i] != NULL ? items[i] : "");

		if (j == NULL || json_array_append_new(arr, j) != 0) {
			json_decref(arr);
			return -1;
		}
	}
	return json_object_set_new(obj, key, arr);
}

static json_t *object_json(const struct table *t, const void *msg);

static int
set_msgs(json_t *obj, const char *key, const struct table *t, void *const *items,
    size_t n)
{
	json_t *arr;

	if (n == 0)
		return 0;
	if ((arr = json_array()) == NULL)
		return -1;
	for (size_t i = 0; i < n; i++) {
		json_t *j = object_json(t, items[i]);

		if (j == NULL || json_array_append_new(arr, j) != 0) {
			json_decref(arr);
			return -1;
		}
	}
	return json_object_set_new(obj, key, arr);
}

/* object_json writes msg by the same table that parses it, so the two stay
 * each other's inverse. */
static json_t *
object_json(const struct table *t, const void *msg)
{
	json_t *obj;

	if ((obj = json_object()) == NULL)
		return NULL;
	for (size_t i = 0; msg != NULL && i < t->nfields; i++) {
		const struct field *f = &t->fields[i];
		void *m = (void *)msg;
		int rc = 0;

		switch (f->kind) {
		case K_STR:
			rc = set_string(obj, f->name, *str_at(m, f->off));
			break;
		case K_LIST:
			rc = set_list(obj, f->name, *list_at(m, f->off),
			    *count_at(m, f->n_off));
			break;
		case K_MSGS:
			rc = set_msgs(obj, f->name, f->sub, *msgs_at(m, f->off),
			    *count_at(m, f->n_off));
			break;
		}
		if (rc != 0) {
			json_decref(obj);
			return NULL;
		}
	}
	return obj;
}

json_t *
svk_author_json_practice(const Samverk__Practice *p)
{
	return object_json(&svk__author_practice_table, p);
}

json_t *
svk_author_json_need(const Samverk__Need *n)
{
	return object_json(&svk__author_need_table, n);
}
