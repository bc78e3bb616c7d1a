/*
 * web_form.c: a form's fields in memory, within limits. See web_form.h.
 */
#include "web_form.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct field {
	char *name;
	char *value; /* NUL-terminated; len bytes before the NUL */
	size_t len, cap;
	bool is_file;
};

struct svk_web_form {
	struct field *f;
	unsigned n, cap;
	size_t total;
	bool refused;
};

int
svk_web_form_alloc(svk_web_form **out)
{
	if ((*out = calloc(1, sizeof(**out))) == NULL)
		return -ENOMEM;
	return 0;
}

void
svk_web_form_free(svk_web_form *f)
{
	if (f == NULL)
		return;
	for (unsigned i = 0; i < f->n; i++) {
		free(f->f[i].name);
		free(f->f[i].value);
	}
	free(f->f);
	free(f);
}

static int
new_field(svk_web_form *f, const char *name, bool is_file)
{
	struct field *fl;
	size_t nlen = strlen(name);

	if (f->n == SVK_WEB_FORM_MAX_FIELDS || nlen > SVK_WEB_FORM_MAX_NAME)
		return -E2BIG;
	if (f->n == f->cap) {
		unsigned cap = f->cap ? f->cap * 2 : 16;
		struct field *grown = realloc(f->f, cap * sizeof(*grown));
		if (grown == NULL)
			return -ENOMEM;
		f->f = grown;
		f->cap = cap;
	}
	fl = &f->f[f->n];
	memset(fl, 0, sizeof(*fl));
	if ((fl->name = strdup(name)) == NULL || (fl->value = calloc(1, 1)) == NULL) {
		free(fl->name);
		return -ENOMEM;
	}
	fl->cap = 1;
	fl->is_file = is_file;
	f->n++;
	return 0;
}

static int
append(struct field *fl, const char *data, size_t len)
{
	size_t max = fl->is_file ? SVK_WEB_FORM_MAX_FILE : SVK_WEB_FORM_MAX_VALUE;

	if (len > max - fl->len)
		return -E2BIG;
	if (fl->len + len + 1 > fl->cap) {
		size_t cap = fl->cap;
		while (cap < fl->len + len + 1)
			cap *= 2;
		char *grown = realloc(fl->value, cap);
		if (grown == NULL)
			return -ENOMEM;
		fl->value = grown;
		fl->cap = cap;
	}
	memcpy(fl->value + fl->len, data, len);
	fl->len += len;
	fl->value[fl->len] = '\0';
	return 0;
}

int
svk_web_form_add(svk_web_form *f, const char *name, bool is_file, size_t off,
    const char *data, size_t len)
{
	int err;

	if (f->refused)
		return -E2BIG;
	if (name == NULL || (data == NULL && len > 0))
		return SVK_EINVAL;
	if (len > SVK_WEB_FORM_MAX_BODY - f->total) {
		f->refused = true;
		return -E2BIG;
	}
	if (off == 0) {
		err = new_field(f, name, is_file);
	} else if (f->n == 0 || strcmp(f->f[f->n - 1].name, name) != 0 ||
		   f->f[f->n - 1].len != off) {
		return SVK_EINVAL;
	} else
		err = 0;
	if (err == 0 && len > 0)
		err = append(&f->f[f->n - 1], data, len);
	if (err == -E2BIG)
		f->refused = true;
	if (err == 0)
		f->total += len + strlen(name);
	return err;
}

static const char *
get(void *arg, const char *name)
{
	svk_web_form *f = arg;

	for (unsigned i = 0; i < f->n; i++)
		if (strcmp(f->f[i].name, name) == 0)
			return f->f[i].value;
	return NULL;
}

static const char *
each(void *arg, const char *name, unsigned nth)
{
	svk_web_form *f = arg;

	for (unsigned i = 0; i < f->n; i++)
		if (strcmp(f->f[i].name, name) == 0 && nth-- == 0)
			return f->f[i].value;
	return NULL;
}

static const char *
file(void *arg, const char *name, unsigned long *len)
{
	svk_web_form *f = arg;

	for (unsigned i = 0; i < f->n; i++)
		if (strcmp(f->f[i].name, name) == 0) {
			if (len)
				*len = (unsigned long)f->f[i].len;
			return f->f[i].value;
		}
	return NULL;
}

svk_web_fields
svk_web_form_fields(svk_web_form *f)
{
	return (svk_web_fields){get, each, file, f};
}

unsigned
svk_web_form_count(const svk_web_form *f)
{
	return f->n;
}
