"""Column generators: one module per database, run in the order seed.GLOBAL_GENERATORS and seed.BLOCK_GENERATORS give."""
