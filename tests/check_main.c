/*
 * check_main.c: runs every Check suite of the unit tests.
 *
 * Each tests/test_NAME.c defines `Suite *NAME_suite(void)`; the Makefile
 * lists them in $(BUILD)/suites.h, so adding a test file needs no edit here.
 * `unit NAME ...` runs only the named suites.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SVK_SUITE(name) Suite *name##_suite(void);
#include "suites.h"
#undef SVK_SUITE

struct entry {
	const char *name;
	Suite *(*make)(void);
};

static const struct entry suites[] = {
#define SVK_SUITE(name) {#name, name##_suite},
#include "suites.h"
#undef SVK_SUITE
};

static int
wanted(const char *name, int argc, char **argv)
{
	if (argc < 2)
		return 1;
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], name) == 0)
			return 1;
	return 0;
}

int
main(int argc, char **argv)
{
	SRunner *runner = NULL;

	for (size_t i = 0; i < sizeof(suites) / sizeof(suites[0]); i++) {
		if (!wanted(suites[i].name, argc, argv))
			continue;
		if (runner == NULL)
			runner = srunner_create(suites[i].make());
		else
			srunner_add_suite(runner, suites[i].make());
	}
	if (runner == NULL) {
		fprintf(stderr, "unit: no such suite\n");
		return 2;
	}
	srunner_run_all(runner, CK_NORMAL);
	int failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
