"""The committed fixture files are exactly what tests/data/make_malformed.py produces."""

from __future__ import annotations

import importlib.util
import zipfile
from pathlib import Path
from types import ModuleType

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "delegates"
SCRIPT = FIXTURES.parent / "make_malformed.py"


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_malformed", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _content(path: Path) -> object:
    """Bytes, or for a zip its parts' names, CRCs and sizes (zlib builds may differ)."""
    data = path.read_bytes()
    if zipfile.is_zipfile(path) and path.name != "bad_corrupt.xlsx":
        with zipfile.ZipFile(path) as archive:
            return [(i.filename, i.CRC, i.file_size) for i in archive.infolist()]
    return data


def test_fixtures_are_reproducible_and_small(tmp_path):
    written = _load_script().build(tmp_path)
    assert {p.name for p in written} == {p.name for p in FIXTURES.iterdir()}
    for fresh in written:
        committed = FIXTURES / fresh.name
        assert committed.stat().st_size < 200 * 1024, committed.name
        if fresh.name == "bad_corrupt.xlsx":  # truncated: only its length is stable
            assert abs(committed.stat().st_size - fresh.stat().st_size) < 1024
            continue
        assert _content(committed) == _content(fresh), fresh.name
