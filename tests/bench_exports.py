"""bench/exports.py's row builder for tests that need a large workshop (issue 17)."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

BENCH_EXPORTS = Path(__file__).resolve().parents[1] / "bench" / "exports.py"


@contextmanager
def bench_exports(name: str) -> Iterator[ModuleType]:
    """bench/exports.py loaded as module ``name``, without putting bench/ on the path, and
    forgotten afterwards (each test module gives its own name)."""
    spec = importlib.util.spec_from_file_location(name, BENCH_EXPORTS)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # its dataclasses look their module up
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        del sys.modules[name]
