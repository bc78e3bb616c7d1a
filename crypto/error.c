/* error.c: text for Samverk's error codes (see error.h). */
#include "error.h"

#include <string.h>

const char *
svk_error_str(int err)
{
	switch (err) {
#define SVK__ERR_TEXT(name, text) \
	case SVK_E##name: return text;
		SVK_ERRNO_MAP(SVK__ERR_TEXT)
#undef SVK__ERR_TEXT
	case 0: return "success";
	}
	if (err < 0 && err > -SVK__ERR_BASE)
		return strerror(-err);
	return "unknown error";
}

const char *
svk_error_name(int err)
{
	switch (err) {
#define SVK__ERR_NAME(name, text) \
	case SVK_E##name: return "SVK_E" #name;
		SVK_ERRNO_MAP(SVK__ERR_NAME)
#undef SVK__ERR_NAME
	case 0: return "OK";
	}
	return "ERRNO";
}
