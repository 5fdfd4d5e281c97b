"""Excel writers that take plain data only (never the vault)."""
