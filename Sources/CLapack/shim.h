// CBLAS (OpenBLAS) and LAPACKE for Swift.
#ifndef FLREPRO_CLAPACK_SHIM_H
#define FLREPRO_CLAPACK_SHIM_H
#include <cblas.h>
#include <lapacke.h>
#endif
