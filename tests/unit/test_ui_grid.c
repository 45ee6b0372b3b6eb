/* The cell grid and its text helpers: UTF-8, wide characters, clipping,
 * ASCII stand-ins, and the share-of-a-cell glyphs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "ui/glyphs.h"
#include "ui/lesson_shapes.h"
#include "ui/grid.h"

static char *row(struct ui_grid *g, int y, bool ascii)
{
	static char buf[1024];

	ui_grid_row_text(g, y, ascii, buf, sizeof(buf));
	return buf;
}

static void test_text_and_clipping(void **state)
{
	struct ui_grid g = { 0 };

	(void)state;
	assert_int_equal(ui_grid_resize(&g, 10, 2), 0);
	assert_int_equal(ui_grid_text(&g, 2, 0, 100, UI_A_NORMAL, "hello world"), 8);
	assert_string_equal(row(&g, 0, false), "  hello wo");
	/* maxw clips before the edge does */
	assert_int_equal(ui_grid_text(&g, 0, 1, 3, UI_A_LABEL, "abcdef"), 3);
	assert_string_equal(row(&g, 1, false), "abc");
	assert_int_equal(ui_grid_at(&g, 2, 1)->attr, UI_A_LABEL);
	assert_int_equal(ui_grid_at(&g, 3, 1)->attr, UI_A_NORMAL);
	/* off the grid: nothing, no crash */
	ui_grid_put(&g, -1, 0, 'x', 0, 0);
	ui_grid_put(&g, 10, 0, 'x', 0, 0);
	assert_int_equal(ui_grid_text(&g, 0, 5, 10, 0, "x"), 0);
	ui_grid_free(&g);
}

/* A cut text says so in its last column; a text that fits is drawn whole. */
static void test_text_cut(void **state)
{
	struct ui_grid g = { 0 };

	(void)state;
	assert_int_equal(ui_grid_resize(&g, 12, 4), 0);
	assert_int_equal(ui_grid_text_cut(&g, 1, 0, 6, UI_A_TITLE, "lock: Lock"), 6);
	assert_string_equal(row(&g, 0, false), " lock:\u2026");
	assert_int_equal(ui_grid_text_cut(&g, 1, 1, 6, UI_A_TITLE, "lock:"), 5);
	assert_string_equal(row(&g, 1, false), " lock:");
	g.ascii = true;   /* the width is the ASCII text's: 进程 is left out there */
	assert_int_equal(ui_grid_text_cut(&g, 0, 2, 7, 0, "a\u8fdb\u7a0b b c d"), 7);
	assert_string_equal(row(&g, 2, true), "a b c d");
	assert_int_equal(ui_grid_text_cut(&g, 0, 3, 6, 0, "a b c d e"), 6);
	assert_string_equal(row(&g, 3, true), "a b c.");
	ui_grid_free(&g);
}

static void test_wide_characters(void **state)
{
	struct ui_grid g = { 0 };

	(void)state;
	ui_grid_resize(&g, 8, 1);
	/* 进程 is two wide characters: four columns */
	assert_int_equal(ui_text_width("a进程b"), 6);
	assert_int_equal(ui_grid_text(&g, 0, 0, 8, 0, "a进程b"), 6);
	assert_int_equal(ui_grid_at(&g, 1, 0)->ch, 0x8fdb);
	assert_int_equal(ui_grid_at(&g, 2, 0)->ch, 0);          /* its right half */
	assert_string_equal(row(&g, 0, false), "a进程b");
	assert_string_equal(row(&g, 0, true), "a    b");       /* no '?' in ASCII */
	/* a wide character that would straddle the limit is left out */
	ui_grid_clear(&g);
	assert_int_equal(ui_grid_text(&g, 0, 0, 2, 0, "a进"), 1);
	ui_grid_free(&g);
}

static void test_utf8_round_trip(void **state)
{
	const char *s = "█▄░─é";
	uint32_t want[] = { 0x2588, 0x2584, 0x2591, 0x2500, 0xe9 };
	char buf[8];

	(void)state;
	for (size_t i = 0; i < 5; i++) {
		uint32_t ch = ui_utf8_next(&s);

		assert_int_equal(ch, want[i]);
		assert_int_equal(ui_utf8_put(buf, ch), ch < 0x800 ? 2 : 3);
	}
	assert_int_equal(*s, 0);
	s = "\xff";
	assert_int_equal(ui_utf8_next(&s), 0xfffd);
}

static void test_eighths(void **state)
{
	(void)state;
	assert_int_equal(ui_eighths(0, 1000), 0);
	assert_int_equal(ui_eighths(1, 1000), 1);          /* any share shows */
	assert_int_equal(ui_eighths(500, 1000), 4);
	assert_int_equal(ui_eighths(1000, 1000), 8);
	assert_int_equal(ui_eighths_of(500, 1000, 3), 12);
	assert_int_equal(ui_eighths_of(2000, 1000, 3), 24);
	assert_int_equal(ui_glyph_eighths(8), 0x2588);      /* █ */
	assert_int_equal(ui_glyph_eighths(4), 0x2584);      /* ▄ */
	assert_int_equal(ui_glyph_eighths(1), 0x2581);      /* ▁ */
	assert_int_equal(ui_glyph_cpu(3), '3');
	assert_int_equal(ui_glyph_cpu(12), 'c');
	assert_int_equal(ui_glyph_ascii(0x2588), '#');
	assert_int_equal(ui_glyph_ascii(0x2591), '~');
	assert_int_equal(ui_glyph_ascii('x'), 'x');
}

static void test_block_table(void **state)
{
	(void)state;
	assert_int_equal(ui_block_from_state(1), UI_BLOCK_SLEEP);   /* index 1: S */
	assert_int_equal(ui_block_from_state(2), UI_BLOCK_DISK);    /* index 2: D */
	for (int r = 0; r < UI_BLOCK_COUNT; r++) {
		assert_int_equal(ui_block_glyph((enum ui_block)r)->reason, r);
		assert_non_null(ui_block_glyph((enum ui_block)r)->legend);
	}
	assert_int_not_equal(ui_block_glyph(UI_BLOCK_SLEEP)->glyph, ui_block_glyph(UI_BLOCK_DISK)->glyph);
}

/* LANG=C: every meaning the lanes can draw keeps an ASCII character of its
 * own (runnable is not asleep, fork is not exit), and none is '?'. */
static void test_ascii_glyphs(void **state)
{
	uint32_t meanings[64], ascii[64];
	int n = 0;

	(void)state;
	meanings[n++] = UI_GLYPH_FULL;
	meanings[n++] = UI_GLYPH_RUNNABLE;
	meanings[n++] = UI_GLYPH_FORK;
	meanings[n++] = UI_GLYPH_EXIT;
	meanings[n++] = UI_GLYPH_FORKEXIT;
	meanings[n++] = UI_GLYPH_MARKER;
	meanings[n++] = UI_GLYPH_LOST;
	meanings[n++] = ui_glyph_eighths(2);     /* ran under half the cell */
	meanings[n++] = ui_glyph_eighths(6);     /* ran over half of it */
	for (int r = 0; r < UI_BLOCK_COUNT; r++)
		meanings[n++] = ui_block_glyph((enum ui_block)r)->glyph;
	meanings[n++] = UI_GLYPH_WOKE_DOWN;      /* a lesson's hand-offs */
	meanings[n++] = UI_GLYPH_WOKE_UP;
	meanings[n++] = UI_GLYPH_WOKEN;
	for (int i = 0; i < n; i++) {
		ascii[i] = ui_glyph_ascii(meanings[i]);
		assert_true(ascii[i] > ' ' && ascii[i] < 0x7f);
		assert_int_not_equal(ascii[i], '?');
		for (int j = 0; j < i; j++)
			if (ascii[i] == ascii[j])
				fail_msg("glyphs U+%04x and U+%04x are both '%c' in ASCII", meanings[j], meanings[i], ascii[i]);
	}
	/* the CPU digits of running cells are ASCII already, and not taken */
	for (int i = 0; i < n; i++)
		assert_false(ascii[i] >= '0' && ascii[i] <= '9');
}

/* Text on an ASCII grid: letters transliterated, what has no ASCII form
 * (the lessons' Chinese terms) left out with its brackets, never '?'. */
static void test_ascii_text(void **state)
{
	struct ui_grid g = { 0 };

	(void)state;
	ui_grid_resize(&g, 60, 2);
	g.ascii = true;
	ui_grid_text(&g, 0, 0, 60, 0, "A process (进程) is a café … 子进程 end");
	assert_string_equal(row(&g, 0, false), "A process is a cafe ...  end");
	ui_grid_text(&g, 0, 1, 60, 0, "clock_nanosleep() ├ ░");
	assert_string_equal(row(&g, 1, false), "clock_nanosleep() [ ~");
	ui_grid_put(&g, 0, 0, 0x2524u, 0, 0);
	assert_int_equal(ui_grid_at(&g, 0, 0)->ch, ']');
	ui_grid_free(&g);
}

/* The why line wraps at spaces instead of being cut. */
static void test_wrap(void **state)
{
	struct ui_grid g = { 0 };

	(void)state;
	ui_grid_resize(&g, 20, 4);
	assert_int_equal(ui_grid_wrap(&g, 0, 0, 20, 3, 2, 0, "why: blocked 3 ms in pipe read; woken by writer"), 3);
	assert_string_equal(row(&g, 0, false), "why: blocked 3 ms in");
	assert_string_equal(row(&g, 1, false), "  pipe read; woken");
	assert_string_equal(row(&g, 2, false), "  by writer");
	/* rows run out: the last one says the text goes on, mid-word if need be,
	 * not a whole word that reads as the end ("were forked before the first") */
	ui_grid_clear(&g);
	assert_int_equal(ui_grid_wrap(&g, 0, 0, 20, 2, 2, 0, "why: blocked 3 ms in pipe read; woken by writer"), 2);
	assert_string_equal(row(&g, 0, false), "why: blocked 3 ms in");
	assert_string_equal(row(&g, 1, false), "  pipe read; woken \u2026");
	/* a hint on its one row: the command cut is marked as cut */
	ui_grid_clear(&g);
	g.ascii = true;
	assert_int_equal(ui_grid_wrap(&g, 0, 0, 20, 1, 2, 0, "rerun: `-- --iterations 10000000`"), 1);
	assert_string_equal(row(&g, 0, true), "rerun: `-- --iterat.");
	ui_grid_free(&g);
}

/* A formatted sentence cut by the width ends in an ellipsis, as a title does:
 * the detail's "in this cell ran 43%, waite" read as whole. */
static void test_textf_cut(void **state)
{
	struct ui_grid g = { 0 };

	(void)state;
	assert_int_equal(ui_grid_resize(&g, 24, 2), 0);
	assert_int_equal(ui_grid_textf(&g, 1, 0, 22, 0, "in this cell ran %u%%, waited %u%%", 43u, 2u), 22);
	assert_string_equal(row(&g, 0, false), " in this cell ran 43%,\u2026");
	assert_int_equal(ui_grid_textf(&g, 1, 1, 22, 0, "ran %u%%", 43u), 7);
	assert_string_equal(row(&g, 1, false), " ran 43%");
	ui_grid_free(&g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_and_clipping),
		cmocka_unit_test(test_text_cut),
		cmocka_unit_test(test_wide_characters),
		cmocka_unit_test(test_utf8_round_trip),
		cmocka_unit_test(test_eighths),
		cmocka_unit_test(test_block_table),
		cmocka_unit_test(test_ascii_glyphs),
		cmocka_unit_test(test_ascii_text),
		cmocka_unit_test(test_wrap),
		cmocka_unit_test(test_textf_cut),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
