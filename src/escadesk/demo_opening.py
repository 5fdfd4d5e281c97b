"""``--demo`` for the window and ``escadesk-cli`` alike: one way to open the demo.

Apart from ``app`` (which wires any data) so that ``app`` never imports the demo's seed,
which itself works on the wired services.
"""

from __future__ import annotations

from escadesk.app import KEYCHAIN_SETTING, Services, choose_keychain
from escadesk.services.clock import FixedClock
from escadesk.services.demo import DEMO_PASSPHRASE, DEMO_TODAY, seed_demo


def open_demo(services: Services) -> bool:
    """``--demo`` of the window and of ``escadesk-cli`` alike: an empty database gets the
    announcement's workshop; True when it was seeded just now.

    The demo holds public test cards only, so its device key may live in its own folder
    (the file keychain, remembered in its settings), and its clock stands at the demo's
    "today" (remembered too, so every later start sees the same desk).
    """
    if services.workshops.list():
        return False
    services.settings.set(KEYCHAIN_SETTING, "file")
    keychain = choose_keychain(services.config, "file")
    assert keychain is not None
    services.vault.use_keychain(keychain)
    services.context.clock = FixedClock(DEMO_TODAY)
    seed_demo(services, vault_passphrase=DEMO_PASSPHRASE)
    return True
