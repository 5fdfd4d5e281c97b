"""The scanner itself finds every planted form (so a clean scan means something)."""

from __future__ import annotations

import base64
import json
import os
import time
from pathlib import Path

import pytest
from canary import (
    BILLING_ADDRESS,
    CARD_NUMBER,
    CARDHOLDER,
    CODE,
    ENCODINGS,
    SCAN_MARKER,
    CanaryScanner,
    TempWatch,
    canary_scan,
    number_forms,
)


def _scan_one(tmp_path: Path, content: bytes) -> list[str]:
    folder = tmp_path / "probe"
    folder.mkdir(exist_ok=True)
    (folder / "file.bin").write_bytes(b"\x00junk" + content + b"junk\x00")
    report = CanaryScanner(roots=[folder]).scan()
    (folder / "file.bin").unlink()
    return [hit.label for hit in report.hits]


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("form", ["plain", "spaced", "dashed"])
def test_finds_the_number_in_each_form_and_encoding(
    tmp_path: Path, form: str, encoding: str
) -> None:
    labels = _scan_one(tmp_path, number_forms()[form].encode(encoding))

    assert f"card number ({form}) as {encoding}" in labels


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_finds_the_cardholder_and_address(tmp_path: Path, encoding: str) -> None:
    assert f"cardholder as {encoding}" in _scan_one(tmp_path, CARDHOLDER.encode(encoding))
    assert f"cardholder upper as {encoding}" in _scan_one(
        tmp_path, CARDHOLDER.upper().encode(encoding)
    )
    assert f"billing address as {encoding}" in _scan_one(tmp_path, BILLING_ADDRESS.encode(encoding))


def test_finds_the_code_beside_the_number_and_in_a_json_payload(tmp_path: Path) -> None:
    beside = _scan_one(tmp_path, f"{CARD_NUMBER} exp 12/29 cvv {CODE}".encode())
    assert any(label.startswith("code beside the number") for label in beside)
    payload = json.dumps({"card_number": "x", "code": CODE}).encode()
    assert any(label.startswith("code in context") for label in _scan_one(tmp_path, payload))
    assert _scan_one(tmp_path, CODE.encode()) == []  # alone, it is not a finding


@pytest.mark.parametrize("shift", [0, 1, 2])
def test_finds_the_scan_marker_raw_hex_and_base64(tmp_path: Path, shift: int) -> None:
    scan = canary_scan()
    assert "scan marker" in _scan_one(tmp_path, scan)
    assert "scan marker (hex)" in _scan_one(tmp_path, SCAN_MARKER.hex().encode())
    alone = base64.b64encode(b"\x7f" * shift + SCAN_MARKER + b"\x7f\x7f\x7f")
    assert f"scan marker (base64 +{shift})" in _scan_one(tmp_path, alone)
    whole = _scan_one(tmp_path, base64.b64encode(bytes(shift) + scan))
    assert any(label.startswith("scan marker (base64") for label in whole)


def test_a_clean_file_has_no_hits(tmp_path: Path) -> None:
    assert _scan_one(tmp_path, b"VISA \xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa2 1111") == []


def test_the_temp_watch_sees_new_files_and_new_folders_only(tmp_path: Path) -> None:
    root = tmp_path / "system-temp"
    (root / "old-folder").mkdir(parents=True)
    (root / "old-file").write_bytes(CARD_NUMBER.encode())
    past = time.time() - 3600
    os.utime(root / "old-file", (past, past))
    watch = TempWatch.start(root)

    (root / "old-folder" / "other-program").write_bytes(b"x")
    (root / "new-file").write_bytes(b"x")
    (root / "new-folder" / "deep").mkdir(parents=True)
    (root / "new-folder" / "deep" / "f").write_bytes(b"x")

    assert sorted(p.relative_to(root).as_posix() for p in watch.files()) == [
        "new-file",
        "new-folder/deep/f",
    ]
