// Module Networks.
