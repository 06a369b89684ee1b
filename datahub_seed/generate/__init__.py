"""Column generators, one module per database; seed.py runs them in order (global, then per block)."""
