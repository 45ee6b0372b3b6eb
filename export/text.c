/* The JSON and CSV exports' text (text.h), appended straight to a byte
 * buffer: numbers are formatted by hand, with no printf and no format
 * string on the per-event path; a byte that is not valid UTF-8 (a comm is
 * 16 raw bytes, cut anywhere) becomes U+FFFD, so the JSON always parses;
 * a CSV field is quoted only when it holds a comma, quote or newline. */
#include "export/text.h"

void txt_u64(struct buf *b, uint64_t v)
{
	char tmp[24];
	int n = 0;

	do {
		tmp[sizeof(tmp) - 1 - n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	buf_put(b, tmp + sizeof(tmp) - n, (size_t)n);
}

void txt_i64(struct buf *b, int64_t v)
{
	if (v < 0) {
		buf_u8(b, '-');
		txt_u64(b, -(uint64_t)v);
	} else {
		txt_u64(b, (uint64_t)v);
	}
}

void txt_us(struct buf *b, uint64_t ns)
{
	char frac[3] = { (char)('0' + ns / 100 % 10), (char)('0' + ns / 10 % 10), (char)('0' + ns % 10) };

	txt_u64(b, ns / 1000);
	buf_u8(b, '.');
	buf_put(b, frac, 3);
}

/* Length of the valid UTF-8 sequence at s, or 0. */
static size_t utf8_len(const unsigned char *s)
{
	size_t n = s[0] >= 0xf0 && s[0] <= 0xf4 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc2 && s[0] < 0xe0 ? 2 : 0;

	for (size_t i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

void txt_json_str(struct buf *b, const char *str)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *s = (const unsigned char *)str;

	while (*s) {
		if (*s >= 0x80) {
			size_t n = utf8_len(s);

			if (n) {
				buf_put(b, s, n);
				s += n;
			} else {          /* a comm cut inside a character, or not UTF-8 */
				txt(b, "\\ufffd");
				s++;
			}
			continue;
		}
		if (*s == '"' || *s == '\\') {
			buf_u8(b, '\\');
			buf_u8(b, *s);
		} else if (*s < 0x20) {
			char e[6] = { '\\', 'u', '0', '0', hex[*s >> 4], hex[*s & 15] };

			buf_put(b, e, 6);
		} else {
			buf_u8(b, *s);
		}
		s++;
	}
}

void txt_csv_str(struct buf *b, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		txt(b, s);
		return;
	}
	buf_u8(b, '"');
	for (; *s; s++) {
		if (*s == '"')
			buf_u8(b, '"');
		buf_u8(b, (uint8_t)*s);
	}
	buf_u8(b, '"');
}

