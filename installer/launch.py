"""PyInstaller's entry script: the frozen app starts exactly like ``python -m escadesk``."""

import sys

from escadesk.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
