// Module TaskKinds.
