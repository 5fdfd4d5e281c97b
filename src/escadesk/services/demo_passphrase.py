"""The demo vault's passphrase: public, said on the demo's unlock page.

Apart from services/demo.py (the seed, which loads the database layer) so that the unlock
page can say it before the data is open.
"""

from __future__ import annotations

DEMO_PASSPHRASE = "demo passphrase 2018"
