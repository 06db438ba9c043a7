/*
 * test_error.c - oomkit_strerror(): every oomkit code has its text, errno
 * values of either sign go to strerror(), and no int, INT_MIN included,
 * makes it misbehave (UBSan checks the negation in the sanitized build).
 */
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "oomkit/common.h"

static void test_codes(void **state)
{
	(void)state;
	assert_string_equal(oomkit_strerror(0), "Success");
	assert_string_equal(oomkit_strerror(-OOMKIT_EPARSE), "Unexpected format in kernel text");
	assert_string_equal(oomkit_strerror(OOMKIT_EPARSE), "Unexpected format in kernel text");
	assert_string_equal(oomkit_strerror(-OOMKIT_ENOJOURNAL),
			    "No readable journal file (all missing, truncated or corrupt)");
	assert_string_equal(oomkit_strerror(-ENOENT), strerror(ENOENT));
	assert_string_equal(oomkit_strerror(ENOENT), strerror(ENOENT));
}

static void test_extremes(void **state)
{
	(void)state;
	assert_string_equal(oomkit_strerror(INT_MIN), "Unknown oomkit error");
	assert_string_equal(oomkit_strerror(INT_MIN + 1), "Unknown oomkit error");
	assert_string_equal(oomkit_strerror(INT_MAX), "Unknown oomkit error");
	assert_string_equal(oomkit_strerror(-(OOMKIT_ENOJOURNAL + 1)), "Unknown oomkit error");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_codes),
		cmocka_unit_test(test_extremes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
