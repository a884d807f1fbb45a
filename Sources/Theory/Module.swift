// Module Theory.
