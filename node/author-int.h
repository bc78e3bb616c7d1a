/*
 * author-int.h: what the parts of the JSON authoring format share (author.c
 * parses, author_check.c checks values and words errors, author_json.c
 * writes, author_template.c writes commented templates in the words of
 * author_words.c): the field tables that are the whole format. Not for
 * other modules: they use author.h.
 */
#ifndef SVK_AUTHOR_INT_H
#define SVK_AUTHOR_INT_H

#include <stdbool.h>
#include <stddef.h>

/* How many bytes of a person's value an error message quotes: enough to
 * recognise it, short enough to keep the message on one readable line. */
#define QUOTE_MAX 48

/* Room for a path such as "translations"[49].description. */
#define PATH_MAX_LEN 96

enum kind {
	K_STR,	/* a string of at most max bytes */
	K_LIST, /* an array of strings, each of at most max bytes */
	K_MSGS, /* an array of objects, each parsed by the table sub */
};

enum check {
	C_NONE,
	C_ID,
	C_LANG,
	C_AREAS,
	C_URGENCY,
	C_STATUS,
	C_DATE,
	C_REF,
};

struct table;

struct field {
	const char *name;
	enum kind kind;
	enum check check;
	bool required; /* present, and neither empty nor blank */
	size_t max;
	size_t off;   /* of the char *, or of the repeated field's array */
	size_t n_off; /* of the repeated field's count */
	const struct table *sub;
};

struct table {
	const struct field *fields;
	size_t nfields;
	const char *names; /* for "unknown field" messages */
	size_t size;
	const void *init; /* the message as its INIT macro sets it */
};

struct ctx {
	char *err;
	size_t errlen;
};

/* The tables of a practice and of a need (author.c). */
extern const struct table svk__author_practice_table;
extern const struct table svk__author_need_table;

/* Field access by offset, as protobuf-c itself reads its messages. */
static inline char **
str_at(void *msg, size_t off)
{
	return (char **)((char *)msg + off);
}

static inline char ***
list_at(void *msg, size_t off)
{
	return (char ***)((char *)msg + off);
}

static inline void ***
msgs_at(void *msg, size_t off)
{
	return (void ***)((char *)msg + off);
}

static inline size_t *
count_at(void *msg, size_t off)
{
	return (size_t *)((char *)msg + off);
}

/* One text of a template: what the field key ("title", "partners.name")
 * is for. */
struct svk__author_text {
	const char *key;
	const char *text;
};

/* The words of the templates in one language (author_words.c). The
 * printf formats take: head1 the kind's noun and its command word;
 * max_bytes, max_items and item_bytes a size_t. */
struct svk__author_words {
	const char *lang;
	const char *practice, *need; /* the nouns */
	const char *head1, *head2, *head3;
	const char *required, *optional;
	const char *max_bytes, *max_items, *item_bytes;
	const char *each_one_of, *one_of, *each_object;
	const struct svk__author_text *texts; /* ends with a NULL key */
};

/* svk__author_words lists the languages, English first; it ends with a
 * NULL lang. */
extern const struct svk__author_words svk__author_words[];

/* svk__author_words_find is the words in lang, or NULL. */
const struct svk__author_words *svk__author_words_find(const char *lang);

/* svk__author_words_text is what key is for in w's language, else in
 * English, else NULL. */
const char *svk__author_words_text(const struct svk__author_words *w, const char *key);

/* svk__author_check_fail writes the message into c's buffer; returns SVK_EINVAL. */
int svk__author_check_fail(struct ctx *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* svk__author_check_nomem says "out of memory"; returns -ENOMEM. */
int svk__author_check_nomem(struct ctx *c);

/* svk__author_check_quote writes s into buf as a short double-quoted string with
 * control characters escaped (for messages); returns buf. */
const char *svk__author_check_quote(char *buf, size_t buflen, const char *s);

/* svk__author_check_value checks s against check for the field at path;
 * 0, or SVK_EINVAL with the message in c. */
int svk__author_check_value(struct ctx *c, const char *path, enum check check,
    const char *s);

#endif
