"""Canary scans: plant distinctive card data, then look for it in every file the app (or
SQLite, or Qt) may have written: data folder, home (settings, caches, logs), temp folders.

A hit names the file, what was found and where, never the canary's bytes themselves (so a
failing test does not copy card data into CI logs).
"""

from __future__ import annotations

import base64
import os
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from escadesk.domain.card_authorization import CardAuthorizationForm
from escadesk.services.demo import DEMO_PASSPHRASE

if TYPE_CHECKING:
    from escadesk.app import Services

PASSPHRASE = DEMO_PASSPHRASE
#: The demo registration with a form but no card authorization: where canaries go.
ANDES = "Andes AgriFood Alliance"

#: The well-known Visa test number (can never be charged), a code, and data no real
#: record has, so a hit can only come from the planted authorization.
CARD_NUMBER = "4111111111111111"
CODE = "737"
EXPIRY = "12/2029"
CARDHOLDER = "Canary Zebediah Quill"
BILLING_ADDRESS = "17 Quillfeather Lane, Canarytown"
SCAN_MARKER = b"CANARY-SCAN-MARKER-5f0c7e19a2d4"

ENCODINGS = ("utf-8", "utf-16-le", "utf-16-be")
#: How close (in characters) the code may not come to the number.
CODE_WINDOW = 48
#: Files larger than this are not app files (and would slow the scan down).
MAX_FILE_BYTES = 256 * 1024 * 1024


def number_forms(number: str = CARD_NUMBER) -> dict[str, str]:
    groups = [number[i : i + 4] for i in range(0, len(number), 4)]
    return {"plain": number, "spaced": " ".join(groups), "dashed": "-".join(groups)}


def canary_scan(size: int = 200 * 1024) -> bytes:
    """A 'PNG' scan of the signed form carrying the marker at its start, middle and end."""
    head = b"\x89PNG\r\n\x1a\n" + SCAN_MARKER
    filler = bytes(range(256)) * (size // 256 + 1)
    middle = size // 2
    body = head + filler[: middle - len(head)] + SCAN_MARKER + filler
    return body[: size - len(SCAN_MARKER)] + SCAN_MARKER


def canary_form(signed_on: date, scan: bytes | None = None) -> CardAuthorizationForm:
    return CardAuthorizationForm(
        cardholder=CARDHOLDER,
        card_number=number_forms()["spaced"],
        expiry=EXPIRY,
        code=CODE,
        billing_address=BILLING_ADDRESS,
        signed_on=signed_on,
        scan=canary_scan() if scan is None else scan,
    )


def registration_id(services: Services, organization: str) -> int:
    (workshop,) = services.workshops.list()
    rows = {row.organization: row.id for row in services.registrations.list(workshop.id)}
    return rows[organization]


@dataclass(frozen=True)
class Needle:
    label: str
    data: bytes


def _texts() -> dict[str, str]:
    texts = {f"card number ({form})": text for form, text in number_forms().items()}
    for variant, name in (
        ("", CARDHOLDER),
        (" upper", CARDHOLDER.upper()),
        (" lower", CARDHOLDER.lower()),
    ):
        texts[f"cardholder{variant}"] = name
    texts["billing address"] = BILLING_ADDRESS
    # The code is too short to look for alone; in the contexts a leak would put it in:
    for shape in ('"code": "{}"', '"code":"{}"', "code={}", "CVV {}", "CVC {}", f"{EXPIRY} {{}}"):
        texts[f"code in context ({shape.format('…')})"] = shape.format(CODE)
    return texts


def _marker_encodings() -> dict[str, bytes]:
    forms = {"scan marker": SCAN_MARKER, "scan marker (hex)": SCAN_MARKER.hex().encode()}
    forms["scan marker (HEX)"] = SCAN_MARKER.hex().upper().encode()
    for shift in range(3):  # base64 at each of the three alignments
        encoded = base64.b64encode(bytes(shift) + SCAN_MARKER)
        forms[f"scan marker (base64 +{shift})"] = encoded[4:-4]
    return forms


def needles() -> list[Needle]:
    found = [
        Needle(f"{label} as {encoding}", text.encode(encoding))
        for label, text in _texts().items()
        for encoding in ENCODINGS
    ]
    found += [Needle(label, data) for label, data in _marker_encodings().items()]
    return found


@dataclass(frozen=True)
class Hit:
    path: Path
    label: str
    offset: int

    def __str__(self) -> str:
        return f"{self.path}: {self.label} at byte {self.offset}"


def _occurrences(data: bytes, needle: bytes) -> Iterator[int]:
    start = data.find(needle)
    while start != -1:
        yield start
        start = data.find(needle, start + 1)


def code_beside_number(path: Path, data: bytes) -> list[Hit]:
    """The code within CODE_WINDOW characters of the card number (any form, encoding)."""
    hits = []
    for encoding in ENCODINGS:
        code = CODE.encode(encoding)
        width = len("0".encode(encoding)) * CODE_WINDOW
        for form, text in number_forms().items():
            number = text.encode(encoding)
            for offset in _occurrences(data, number):
                window = data[max(0, offset - width) : offset + len(number) + width]
                if code in window:
                    hits.append(Hit(path, f"code beside the number ({form}, {encoding})", offset))
    return hits


def scan_bytes(path: Path, data: bytes, wanted: Iterable[Needle] | None = None) -> list[Hit]:
    hits = [
        Hit(path, needle.label, offset)
        for needle in (needles() if wanted is None else wanted)
        for offset in _occurrences(data, needle.data)
    ]
    return hits + code_beside_number(path, data)


def _read(path: Path) -> bytes | None:
    """A regular file's bytes; None if it vanished, is unreadable, special or huge."""
    try:
        if path.is_symlink() or not path.is_file():
            return None
        if path.stat().st_size > MAX_FILE_BYTES:
            return None
        return path.read_bytes()
    except OSError:
        return None


def files_under(root: Path, since: float | None = None) -> list[Path]:
    """Every regular file below root (modified at or after ``since``, if given)."""
    found = []
    for folder, _dirs, names in os.walk(root, followlinks=False):
        for name in names:
            path = Path(folder, name)
            try:
                if since is not None and path.stat().st_mtime < since:
                    continue
            except OSError:
                continue
            found.append(path)
    return found


@dataclass
class TempWatch:
    """The system temp folder as it was when the test started: afterwards, files at its
    top level modified since then, and every file of folders created since then.
    Folders that existed before belong to other programs (and other test sessions) and
    are left out, as is ``skip`` (this session's own pytest folders, scanned as roots)."""

    root: Path
    started: float
    before: frozenset[str]
    skip: tuple[Path, ...] = ()

    @classmethod
    def start(cls, root: Path, skip: tuple[Path, ...] = ()) -> TempWatch:
        # A second of slack for file systems with coarse timestamps.
        names = frozenset(os.listdir(root)) if root.is_dir() else frozenset()
        return cls(root, time.time() - 1, names, skip)

    def files(self) -> list[Path]:
        if not self.root.is_dir():
            return []
        found = []
        for entry in os.scandir(self.root):
            path = Path(entry.path)
            if any(path == s or s in path.parents or path in s.parents for s in self.skip):
                continue
            try:
                if entry.is_symlink():
                    continue
                if entry.is_file():
                    if entry.stat().st_mtime >= self.started:
                        found.append(path)
                elif entry.is_dir() and entry.name not in self.before:
                    found += files_under(path)
            except OSError:
                continue
        return found


@dataclass
class ScanReport:
    files: list[Path] = field(default_factory=list)
    hits: list[Hit] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.hits

    def __str__(self) -> str:
        lines = [f"{len(self.hits)} canary hit(s) in {len(self.files)} file(s) scanned:"]
        return "\n".join(lines + [f"  {hit}" for hit in self.hits])


@dataclass
class CanaryScanner:
    """Scans ``roots`` completely and ``temp`` for what is new since the test started."""

    roots: list[Path]
    temp: TempWatch | None = None

    def files(self) -> list[Path]:
        seen: dict[Path, None] = {}
        for root in self.roots:
            for path in files_under(root):
                seen.setdefault(path)
        for path in self.temp.files() if self.temp else []:
            seen.setdefault(path)
        return list(seen)

    def scan(self) -> ScanReport:
        report = ScanReport()
        wanted = needles()
        for path in self.files():
            data = _read(path)
            if data is None:
                continue
            report.files.append(path)
            report.hits += scan_bytes(path, data, wanted)
        return report
