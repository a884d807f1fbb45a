// Module LinearAlgebra.
