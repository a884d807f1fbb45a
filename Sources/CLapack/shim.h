// CBLAS (OpenBLAS) and LAPACKE for Swift.
#ifndef FLREPRO_CLAPACK_SHIM_H
#define FLREPRO_CLAPACK_SHIM_H
#include <cblas.h>
#include <lapacke.h>

// `lapack_int` is a macro in lapacke.h, which Swift cannot import; this typedef
// names the same integer type (32-bit for the standard LP64 build).
typedef lapack_int flrepro_lapack_int;
#endif
