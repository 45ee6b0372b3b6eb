/* Growing arrays: one doubling rule for every dynamic array in the tree. */
#ifndef SCHEDSCOPE_UTIL_VEC_H
#define SCHEDSCOPE_UTIL_VEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>

/* Makes room for `need` elements of `elem` bytes in *v (capacity *cap),
 * doubling from 16. False, with *v untouched, if memory ran out. */
static inline bool vec_grow(void **v, size_t *cap, size_t need, size_t elem)
{
	size_t n = *cap ? *cap : 16;
	void *p;

	if (need <= *cap)
		return true;
	while (n < need)
		n *= 2;
	p = realloc(*v, n * elem);
	if (!p)
		return false;
	*v = p;
	*cap = n;
	return true;
}

#endif
