// Tiny shim exposing zlib macros that Swift cannot import (`inflateInit2` and
// `deflateInit2` are function-like macros that pass ZLIB_VERSION and the size
// of z_stream to the real entry points).
#ifndef FLREPRO_CZLIB_SHIM_H
#define FLREPRO_CZLIB_SHIM_H
#include <zlib.h>

/// inflateInit2(stream, windowBits); windowBits 16 + MAX_WBITS accepts a gzip wrapper only.
static inline int flr_inflateInit2(z_streamp stream, int windowBits) {
    return inflateInit2(stream, windowBits);
}

/// deflateInit2(stream, level, Z_DEFLATED, windowBits, memLevel, Z_DEFAULT_STRATEGY);
/// windowBits 16 + MAX_WBITS writes a gzip wrapper (used by tests to make .gz fixtures).
static inline int flr_deflateInit2(z_streamp stream, int level, int windowBits, int memLevel) {
    return deflateInit2(stream, level, Z_DEFLATED, windowBits, memLevel, Z_DEFAULT_STRATEGY);
}

/// The gzip window bits: 16 + MAX_WBITS.
static inline int flr_gzipWindowBits(void) { return 16 + MAX_WBITS; }

#endif
