/*
 * What the libFuzzer targets share: the input opened as a trace in memory,
 * the way a user would open a damaged file (salvage when the plain open
 * refuses it), so both the refusal and what salvage keeps are exercised.
 * Built only by `make fuzz` (clang, -fsanitize=fuzzer), where the reader
 * takes any checksum (tracefile/reader.c), or mutations would never get past
 * them.
 */
#ifndef SCHEDSCOPE_TESTS_FUZZ_FUZZ_H
#define SCHEDSCOPE_TESTS_FUZZ_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "tracefile/reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static inline struct ss_reader *fuzz_open(const uint8_t *data, size_t size)
{
	char err[512];
	struct ss_reader *r = ss_reader_open_mem(data, size, "fuzz.trace", 0, err, sizeof(err));

	if (!r)
		r = ss_reader_open_mem(data, size, "fuzz.trace", SS_READ_SALVAGE, err, sizeof(err));
	return r;
}

#endif
