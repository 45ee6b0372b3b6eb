/*
 * The picture is the grid: the fixture's trace rendered into a grid, written
 * as SVG, and read back with libxml2 (a real XML parser). Each row's text is
 * the grid's row, character for character; each cell's text colour and
 * background are the ones the palette gives its attribute; and a few cells
 * are checked against colours known by number (the first task's xterm 39,
 * the title's cyan), so a palette that drifted would show too.
 */
#include "tests/unit/ui_fixture.h"

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "ui/svg.h"

struct pic {
	xmlDocPtr doc;
	int w, h;
	uint32_t fg[40][140], bg[40][140];
	char rows[40][1024];
};

static uint32_t hex(const xmlChar *s)
{
	assert_non_null(s);
	assert_int_equal(s[0], '#');
	return (uint32_t)strtoul((const char *)s + 1, NULL, 16);
}

static int num(xmlNodePtr n, const char *name)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	int x;

	assert_non_null(v);
	x = atoi((const char *)v);
	xmlFree(v);
	return x;
}

/* Reads back what each cell shows: rectangles paint backgrounds, tspans
 * give text and its colour from their column on. */
static void read_picture(struct pic *p, const char *svg, size_t len)
{
	xmlNodePtr root, g, n, t;
	uint32_t page = 0;

	p->doc = xmlReadMemory(svg, (int)len, "picture.svg", "UTF-8", XML_PARSE_NONET);
	assert_non_null(p->doc);
	root = xmlDocGetRootElement(p->doc);
	assert_string_equal((const char *)root->name, "svg");
	p->w = num(root, "width") / UI_SVG_CELL_W;
	p->h = num(root, "height") / UI_SVG_CELL_H;
	assert_true(p->w <= 140 && p->h <= 40);
	for (n = root->children; n; n = n->next) {
		if (n->type == XML_ELEMENT_NODE && !xmlStrcmp(n->name, (const xmlChar *)"rect")) {
			xmlChar *fill = xmlGetProp(n, (const xmlChar *)"fill");

			page = hex(fill);
			xmlFree(fill);
		}
	}
	for (int y = 0; y < p->h; y++)
		for (int x = 0; x < p->w; x++)
			p->bg[y][x] = page, p->fg[y][x] = 0xffffffffu;
	for (g = root->children; g; g = g->next) {
		if (g->type != XML_ELEMENT_NODE || xmlStrcmp(g->name, (const xmlChar *)"g"))
			continue;
		for (n = g->children; n; n = n->next) {
			if (n->type != XML_ELEMENT_NODE)
				continue;
			if (!xmlStrcmp(n->name, (const xmlChar *)"rect")) {
				int x0 = num(n, "x") / UI_SVG_CELL_W, y = num(n, "y") / UI_SVG_CELL_H;
				int cw = num(n, "width") / UI_SVG_CELL_W;
				xmlChar *fill = xmlGetProp(n, (const xmlChar *)"fill");

				for (int x = x0; x < x0 + cw; x++)
					p->bg[y][x] = hex(fill);
				xmlFree(fill);
			} else if (!xmlStrcmp(n->name, (const xmlChar *)"text")) {
				int y = (num(n, "y") + UI_SVG_CELL_H - 1) / UI_SVG_CELL_H - 1;

				for (t = n->children; t; t = t->next) {
					xmlChar *fill, *s;
					int x0, cw;

					if (t->type != XML_ELEMENT_NODE)
						continue;
					x0 = num(t, "x") / UI_SVG_CELL_W;
					cw = num(t, "textLength") / UI_SVG_CELL_W;
					fill = xmlGetProp(t, (const xmlChar *)"fill");
					s = xmlNodeGetContent(t);
					/* the span's columns: its characters, a wide one taking two */
					assert_int_equal(ui_text_width((const char *)s), cw);
					for (int x = x0; x < x0 + cw; x++)
						p->fg[y][x] = hex(fill);
					snprintf(p->rows[y] + strlen(p->rows[y]), sizeof(p->rows[y]) - strlen(p->rows[y]),
						 "%s", (const char *)s);
					xmlFree(fill);
					xmlFree(s);
				}
			}
		}
	}
}

/* The grid as ui_svg_write() writes it (free it). */
static char *svg_of(struct fx *f, const struct ui_svg_opts *o, size_t *len)
{
	char *buf = NULL;
	FILE *mf = open_memstream(&buf, len);

	assert_int_equal(ui_svg_write(&f->g, mf, o), 0);
	fclose(mf);
	return buf;
}

static void picture_of(struct fx *f, struct pic *p)
{
	struct ui_svg_opts o = { .title = "fixture <&>" };
	size_t len;
	char *buf = svg_of(f, &o, &len);

	read_picture(p, buf, len);
	free(buf);
}

static void check_matches_grid(struct fx *f, struct pic *p)
{
	char want[1024];

	assert_int_equal(p->w, f->g.w);
	assert_int_equal(p->h, f->g.h);
	for (int y = 0; y < f->g.h; y++) {
		ui_grid_row_text(&f->g, y, false, want, sizeof(want));
		if (strcmp(p->rows[y], want))
			fail_msg("row %d: the picture says\n'%s'\nthe grid says\n'%s'", y, p->rows[y], want);
		for (int x = 0; x < f->g.w; x++) {
			const struct ui_cell *c = ui_grid_at(&f->g, x, y);
			uint32_t fg, bg;

			ui_svg_cell_rgb(c, &fg, &bg);
			if (p->bg[y][x] != bg)
				fail_msg("cell %d,%d ('%s'): background #%06x, the grid's is #%06x", x, y,
					 text(f, x, y, 1), p->bg[y][x], bg);
			/* blanks show only their background; everything else its colour */
			if (c->ch && c->ch != ' ' && p->fg[y][x] != fg)
				fail_msg("cell %d,%d ('%s'): text #%06x, the grid's is #%06x", x, y,
					 text(f, x, y, 1), p->fg[y][x], fg);
		}
	}
}

/* The view in mode at 100x30 as a picture, checked against its grid; *y
 * the row of the lane labelled label, which must be text in the picture. */
static struct pic *picture_checked(struct fx *f, enum ui_mode mode, const char *label, int *y)
{
	struct pic *p = calloc(1, sizeof(*p));

	f->v.mode = mode;
	render(f, 100, 30);
	picture_of(f, p);
	check_matches_grid(f, p);
	*y = find_row(f, label);
	assert_true(*y > 0);
	assert_non_null(strstr(p->rows[*y], label));
	return p;
}

static void test_cpu_view_picture(void **state)
{
	struct fx *f = *state;
	int x, y, y1;
	struct pic *p = picture_checked(f, UI_MODE_CPU, "CPU 1", &y1);

	y = find_row(f, "CPU 0");
	assert_non_null(strstr(p->rows[y], "CPU 0"));
	/* colours by number: main (the first traced thread) ran on CPU 0 from
	 * 0 ms, in xterm colour 39, its name written in black on it; the title
	 * bar is black on cyan */
	/* (a column off the cursor, which reverses its cell) */
	x = X0 + (f->v.cur_col == 0 ? 1 : 0);
	assert_int_equal(ui_grid_at(&f->g, x, y)->color, 1);
	assert_int_equal(ui_grid_at(&f->g, x, y)->attr, UI_A_RUN_TEXT);
	assert_int_equal(p->bg[y][x], 0x00afffu);
	assert_int_equal(p->fg[y][x], 0x000000u);
	assert_int_equal(ui_grid_at(&f->g, x, y - 1)->attr, UI_A_RUN);
	assert_int_equal(p->fg[y - 1][x], 0x00afffu);
	assert_int_equal(p->bg[0][0], 0x00cdcdu);
	assert_int_equal(p->fg[0][1], 0x000000u);
	xmlFreeDoc(p->doc);
	free(p);
}

static void test_thread_view_picture(void **state)
{
	int y;
	struct pic *p = picture_checked(*state, UI_MODE_THREAD, "worker tid 101", &y);

	xmlFreeDoc(p->doc);
	free(p);
}

/* The flags' looks come from the palette too: the critical path's bold
 * italic, a marker's underline. */
static void test_flag_looks(void **state)
{
	struct fx *f = *state;
	struct ui_svg_opts o = { .title = "flags" };
	size_t len;
	char *buf;

	render(f, 80, 24);
	buf = svg_of(f, &o, &len);
	assert_null(strstr(buf, "font-style=\"italic\""));
	free(buf);
	ui_grid_flag(&f->g, X0, 6, 3, UI_CF_CRITICAL);
	buf = svg_of(f, &o, &len);
	assert_non_null(strstr(buf, "font-weight=\"bold\" font-style=\"italic\""));
	free(buf);
}

/* The HTML page holds the same SVG, and the title is escaped. */
static void test_html_page(void **state)
{
	struct fx *f = *state;
	struct ui_svg_opts o = { .html = true, .title = "a <b> & c" };
	size_t len;
	char *buf;

	render(f, 80, 24);
	buf = svg_of(f, &o, &len);
	assert_non_null(strstr(buf, "<title>a &lt;b&gt; &amp; c</title>"));
	assert_non_null(strstr(buf, "<svg xmlns=\"http://www.w3.org/2000/svg\""));
	assert_non_null(strstr(buf, "</svg>\n</body>\n</html>\n"));
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_cpu_view_picture, setup, teardown),
		cmocka_unit_test_setup_teardown(test_thread_view_picture, setup, teardown),
		cmocka_unit_test_setup_teardown(test_flag_looks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_html_page, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
