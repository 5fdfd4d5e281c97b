"""Use cases: one transaction each, audited, usable from the UI, the CLI and tests alike."""
