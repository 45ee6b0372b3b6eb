#!/usr/bin/env python3
"""Recomputes the checksums of a trace file in place (docs/TRACE_FORMAT.md).

An input the fuzzer kept (its build takes any checksum) must have right ones
before it goes into tests/fuzz/regressions/, or the ordinary build would
refuse it at the first checksum and the regression tests would test nothing.
Walks the header and the chunks as far as their lengths allow.
    tests/fuzz/recrc.py FILE...
"""
import struct
import sys
import zlib


def recrc(data):
    if len(data) < 20 or data[:8] != b"SCHEDSCP":
        return
    hlen = struct.unpack_from("<I", data, 12)[0]
    if hlen < 20 or hlen > len(data):
        return
    struct.pack_into("<I", data, hlen - 4, zlib.crc32(bytes(data[:hlen - 4])))
    off = hlen
    while off + 24 <= len(data) and data[off:off + 4] == b"SSCK":
        n = struct.unpack_from("<I", data, off + 8)[0]
        end = min(off + 24 + n, len(data))
        struct.pack_into("<I", data, off + 16, zlib.crc32(bytes(data[off + 24:end])))
        struct.pack_into("<I", data, off + 20, zlib.crc32(bytes(data[off:off + 20])))
        off += 24 + n


for path in sys.argv[1:]:
    with open(path, "rb") as f:
        data = bytearray(f.read())
    recrc(data)
    with open(path, "wb") as f:
        f.write(data)
