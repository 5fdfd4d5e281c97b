"""Names and forms the vault tests share (public test card numbers only)."""

from __future__ import annotations

from escadesk.domain.card_authorization import CardAuthorizationForm
from escadesk.services.demo import DEMO_PASSPHRASE, DEMO_TODAY

PASSPHRASE = DEMO_PASSPHRASE
#: The demo registration that has a form but no card authorization yet.
ANDES = "Andes AgriFood Alliance"
NORTHSHORE = "Northshore Photonics Cluster"
BALTIC = "Baltic Maritime Innovation Network"
RHINE = "Rhine Valley Health Cluster"
LAKESIDE = "Lakeside Clean Energy Cluster"
#: Organizations the demo gives a card authorization (public test numbers).
WITH_CARDS = (NORTHSHORE, BALTIC, RHINE, LAKESIDE)

PNG = b"\x89PNG\r\n\x1a\n"


def scan_bytes(marker: bytes = b"SIGNED-FORM-SCAN", size: int = 4096) -> bytes:
    """A small 'PNG' (recognised by its magic bytes) carrying a marker."""
    body = PNG + marker
    return body + bytes(range(256)) * ((size - len(body)) // 256 + 1)


def visa_form(**changes: object) -> CardAuthorizationForm:
    values: dict[str, object] = {
        "cardholder": "Ottilie Vance",
        "card_number": "4012 8888 8888 1881",
        "expiry": "10/2030",
        "code": "234",
        "billing_address": "1 Test Street, Toronto",
        "signed_on": DEMO_TODAY.date(),
        "scan": scan_bytes(),
    }
    values.update(changes)
    return CardAuthorizationForm(**values)  # type: ignore[arg-type]
