// Module Figures.
