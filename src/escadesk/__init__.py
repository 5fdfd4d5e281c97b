"""escadesk: runs a paid, quorum-based benchmarking workshop end to end."""

__version__ = "0.1.0"
