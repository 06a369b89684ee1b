"""Column generators: one module per database, run in the order seed.GENERATORS gives."""
