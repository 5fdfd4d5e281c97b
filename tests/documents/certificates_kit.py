"""Certificates to lay out (a destruction and a Bronze label), and how to look at the page:
poppler's pdftoppm renders it, the tests count the ink where nothing may be printed."""

from __future__ import annotations

from datetime import date

from PIL import Image

from escadesk.domain.benchmarking.label import bronze_validity
from escadesk.domain.benchmarking.label_certificate import BronzeCertificate
from escadesk.domain.destruction_certificate import Certificate
from escadesk.domain.institute import InstituteIdentity, Logo
from escadesk.services.demo_logo import demo_logo_png
from pdf_pages import DPI, ink

#: 200 characters with letters Helvetica has (é) and has not (Ł, ź), as printed.
LONG_NAME = (
    "Łódź–Québec Regional Cluster for Advanced Materials, Aerospace Composites, Sustainable "
    "Manufacturing, Clean Energy Systems and Digital Health Innovation in Research, Industry "
    "and Public Sector Network"
)
assert len(LONG_NAME) == 200, len(LONG_NAME)
PRINTED_LONG_NAME = LONG_NAME.replace("Łódź", "Lódz")


def issuer(*, logo: bool = True) -> InstituteIdentity:
    return InstituteIdentity(
        name="Institute for Competitiveness & Prosperity",
        address="105 St George Street\nToronto ON  M5S 3E6\nCanada",
        director_name="Morgan Ashdown",
        director_title="Research Director",
        logo=Logo.read(demo_logo_png()) if logo else None,
    )


def destruction(organization: str = "Baltic Maritime Innovation Network", **changes: object):
    values: dict[str, object] = {
        "number": "KQXF-MBTR-ZHAW-PLEC",
        "organization": organization,
        "workshop": "ESCA Cluster Benchmarking Workshop (TCI 2018)",
        "destroyed_on": "2018-10-02 09:00",
        "zone": "America/Toronto",
        "destroyed_by": "research.director",
        "reason": "Workshop cancelled: quorum not reached",
        "destroyed": (
            "the card number, the cardholder's name, the expiry date, the security code, "
            "the billing address and the scanned signed form"
        ),
        "checks": (
            "The database file escadesk.db holds none of the destroyed bytes.",
            "The write-ahead log was checkpointed and emptied; the file was vacuumed.",
            "The device key in the system keychain was replaced.",
        ),
        "issuer": issuer(),
    }
    values.update(changes)
    return Certificate(**values)  # type: ignore[arg-type]


def bronze(organization: str = "Baltic Maritime Innovation Network", **changes: object):
    values: dict[str, object] = {
        "number": "BL-2018-0007",
        "organization": organization,
        "workshop": "ESCA Cluster Benchmarking Workshop (TCI 2018)",
        "workshop_on": date(2018, 10, 4),
        "award": bronze_validity(date(2018, 10, 4)),
        "issuer": issuer(),
    }
    values.update(changes)
    return BronzeCertificate(**values)  # type: ignore[arg-type]


def pixels(points: float) -> int:
    return round(points * DPI / 72)


def ink_in(image: Image.Image, box: tuple[float, float, float, float]) -> int:
    """Pixels darker than paper in ``box`` (left, top, right, bottom, in points from the
    top left corner)."""
    left, top, right, bottom = (pixels(value) for value in box)
    return ink(image.crop((left, top, right, bottom)))
