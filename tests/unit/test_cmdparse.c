/*
 * test_cmdparse.c - the commands' option-value parsers: --since/--until
 * (cmd/common/timespec.c) and the strict numbers (cmd/common/cli.c
 * cli_parse_ll, cli_parse_secs), with the inputs the fuzz targets
 * fuzz/timespec and fuzz/cli_number found or keep.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "cli.h"
#include "timespec.h"

#define NOW (1700000000LL * 1000000)

static void test_timespan(void **state)
{
	long long v = -1;

	assert_int_equal(parse_timespan("1h 30min", &v), 0);
	assert_int_equal(v, 5400LL * 1000000);
	assert_int_equal(parse_timespan("90", &v), 0);
	assert_int_equal(v, 90LL * 1000000);
	assert_int_equal(parse_timespan("1.5d", &v), 0);
	assert_int_equal(v, 129600LL * 1000000);
	assert_int_equal(parse_timespan("", &v), -EINVAL);
	assert_int_equal(parse_timespan("5 parsecs", &v), -EINVAL);
}

/* found by fuzz/timespec: 10^12 years is 3e25 us, past a long long; the
 * conversion from double was undefined (UBSan: "outside the range of
 * representable values"), and a sum of large spans overflowed */
static void test_timespan_too_long(void **state)
{
	long long v = 7;

	assert_int_equal(parse_timespan("1000000000000y", &v), -ERANGE);
	assert_int_equal(parse_timespan("999999999999w", &v), -ERANGE);
	assert_int_equal(parse_timespan("30000y 30000y", &v), -ERANGE);
	assert_int_equal(v, 7);
	/* the longest taken: 10^18 us */
	assert_int_equal(parse_timespan("1000000000000s", &v), 0);
	assert_int_equal(v, 1000000000000LL * 1000000);
	assert_int_equal(parse_timestamp("1000000000000y ago", NOW, &v), -EINVAL);
}

static void test_timestamp_relative(void **state)
{
	long long v = 0;

	assert_int_equal(parse_timestamp("-1h", NOW, &v), 0);
	assert_int_equal(v, NOW - 3600LL * 1000000);
	assert_int_equal(parse_timestamp("5 min ago", NOW, &v), 0);
	assert_int_equal(v, NOW - 300LL * 1000000);
	assert_int_equal(parse_timestamp("+2d", NOW, &v), 0);
	assert_int_equal(v, NOW + 172800LL * 1000000);
	assert_int_equal(parse_timestamp("@1700000000", 0, &v), 0);
	assert_int_equal(v, NOW);
	/* a span past the ends of a long long from "now" */
	assert_int_equal(parse_timestamp("-1000000000000s", LLONG_MIN + 1, &v), -ERANGE);
	assert_int_equal(parse_timestamp("1000000000000s left", LLONG_MAX - 1, &v), -ERANGE);
}

static void test_parse_ll(void **state)
{
	long long v = 0;

	assert_int_equal(cli_parse_ll("-1000", -1000, 1000, &v), 0);
	assert_int_equal(v, -1000);
	assert_int_equal(cli_parse_ll("+5", 0, 9, &v), 0);
	assert_int_equal(v, 5);
	assert_int_equal(cli_parse_ll("1001", -1000, 1000, &v), -ERANGE);
	assert_int_equal(cli_parse_ll("9223372036854775808", LLONG_MIN, LLONG_MAX, &v), -ERANGE);
	assert_int_equal(cli_parse_ll("", 0, 1, &v), -EINVAL);
	assert_int_equal(cli_parse_ll(NULL, 0, 1, &v), -EINVAL);
	assert_int_equal(cli_parse_ll(" 1", 0, 9, &v), -EINVAL);
	assert_int_equal(cli_parse_ll("1 ", 0, 9, &v), -EINVAL);
	assert_int_equal(cli_parse_ll("0x10", 0, 99, &v), -EINVAL);
	assert_int_equal(v, 5);
}

static void test_parse_secs(void **state)
{
	double d = 0;

	assert_int_equal(cli_parse_secs("0.5", 10, &d), 0);
	assert_true(d == 0.5);
	assert_int_equal(cli_parse_secs("0", 10, &d), -ERANGE);
	assert_int_equal(cli_parse_secs("11", 10, &d), -ERANGE);
	assert_int_equal(cli_parse_secs("inf", 10, &d), -EINVAL);
	assert_int_equal(cli_parse_secs("nan", 10, &d), -EINVAL);
	assert_int_equal(cli_parse_secs("1e-400", 10, &d), -EINVAL);
	assert_int_equal(cli_parse_secs(" 1", 10, &d), -EINVAL);
	assert_int_equal(cli_parse_secs("1s", 10, &d), -EINVAL);
	assert_true(d == 0.5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_timespan),           cmocka_unit_test(test_timespan_too_long),
		cmocka_unit_test(test_timestamp_relative), cmocka_unit_test(test_parse_ll),
		cmocka_unit_test(test_parse_secs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
