/* Messages for the user: one place decides where they go. While the live UI
 * owns the terminal they are held and printed after it closes (htop does the
 * same with stderr). */
#ifndef SCHEDSCOPE_UTIL_LOG_H
#define SCHEDSCOPE_UTIL_LOG_H

#include <stdarg.h>

enum log_level { LOG_ERROR, LOG_WARN, LOG_INFO, LOG_DEBUG };

void log_set_level(enum log_level level);
void log_set_prog(const char *name);
/* While held, messages are kept in memory; release prints them in order. */
void log_hold(void);
void log_release(void);

void log_msg(enum log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void log_vmsg(enum log_level level, const char *fmt, va_list ap);

#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)
#define log_warn(...)  log_msg(LOG_WARN, __VA_ARGS__)
#define log_info(...)  log_msg(LOG_INFO, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)

#endif
