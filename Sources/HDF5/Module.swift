// Module HDF5.
