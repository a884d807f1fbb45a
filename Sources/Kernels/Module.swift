// Module Kernels.
