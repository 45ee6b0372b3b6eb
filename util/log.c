/* The logger (log.h). A message is formatted into one line first and
 * written with one call under a mutex, so lines from the recorder's
 * threads never interleave; while held (the live view owns the terminal)
 * lines are kept in memory and written out by log_release(). */
#include "util/log.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static enum log_level max_level = LOG_INFO;
static const char *prog = "schedscope";
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int held;
static char *held_buf;
static size_t held_len;

void log_set_level(enum log_level level) { max_level = level; }
void log_set_prog(const char *name) { prog = name; }

void log_hold(void)
{
	pthread_mutex_lock(&lock);
	held = 1;
	pthread_mutex_unlock(&lock);
}

void log_release(void)
{
	pthread_mutex_lock(&lock);
	held = 0;
	if (held_buf) {
		fwrite(held_buf, 1, held_len, stderr);
		free(held_buf);
		held_buf = NULL;
		held_len = 0;
	}
	pthread_mutex_unlock(&lock);
}

void log_vmsg(enum log_level level, const char *fmt, va_list ap)
{
	static const char *const prefix[] = { "error: ", "warning: ", "", "debug: " };
	char line[1024];
	int n;

	if (level > max_level)
		return;
	n = snprintf(line, sizeof(line), "%s: %s", prog, prefix[level]);
	n += vsnprintf(line + n, sizeof(line) - n, fmt, ap);
	if (n >= (int)sizeof(line) - 1)
		n = sizeof(line) - 2;
	if (line[n - 1] != '\n')
		line[n++] = '\n';
	line[n] = 0;

	pthread_mutex_lock(&lock);
	if (held) {
		char *p = realloc(held_buf, held_len + n);

		if (p) {
			memcpy(p + held_len, line, n);
			held_buf = p;
			held_len += n;
		}
	} else {
		fputs(line, stderr);
	}
	pthread_mutex_unlock(&lock);
}

void log_msg(enum log_level level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vmsg(level, fmt, ap);
	va_end(ap);
}
