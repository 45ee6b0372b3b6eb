/*
 * Text the exporters write: JSON strings from task names (which may hold any
 * byte, and may be cut inside a UTF-8 character), CSV fields, microseconds.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "export/text.h"

static char *json(struct buf *b, const char *s)
{
	buf_reset(b);
	txt_json_str(b, s);
	buf_u8(b, 0);
	return (char *)b->p;
}

static char *csv(struct buf *b, const char *s)
{
	buf_reset(b);
	txt_csv_str(b, s);
	buf_u8(b, 0);
	return (char *)b->p;
}

static void test_json_strings(void **state)
{
	struct buf b = { 0 };

	(void)state;
	assert_string_equal(json(&b, "worker-1"), "worker-1");
	assert_string_equal(json(&b, "a\"b\\c"), "a\\\"b\\\\c");
	assert_string_equal(json(&b, "tab\there\n"), "tab\\u0009here\\u000a");
	assert_string_equal(json(&b, "caf\xc3\xa9"), "caf\xc3\xa9");                /* valid UTF-8 kept */
	assert_string_equal(json(&b, "cut\xe2\x82"), "cut\\ufffd\\ufffd");         /* cut inside a character */
	assert_string_equal(json(&b, "\xff"), "\\ufffd");
	buf_free(&b);
}

static void test_csv_fields(void **state)
{
	struct buf b = { 0 };

	(void)state;
	assert_string_equal(csv(&b, "plain"), "plain");
	assert_string_equal(csv(&b, "a,b"), "\"a,b\"");
	assert_string_equal(csv(&b, "say \"hi\""), "\"say \"\"hi\"\"\"");
	assert_string_equal(csv(&b, "two\nlines"), "\"two\nlines\"");
	assert_string_equal(csv(&b, ""), "");
	buf_free(&b);
}

static void test_numbers(void **state)
{
	struct buf b = { 0 };

	(void)state;
	txt_us(&b, 1234567);
	buf_u8(&b, ' ');
	txt_us(&b, 5);
	buf_u8(&b, ' ');
	txt_u64(&b, UINT64_MAX);
	buf_u8(&b, ' ');
	txt_i64(&b, -42);
	buf_u8(&b, 0);
	assert_string_equal((char *)b.p, "1234.567 0.005 18446744073709551615 -42");
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_strings),
		cmocka_unit_test(test_csv_fields),
		cmocka_unit_test(test_numbers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
