"""The database bench/desk_scale.py measures, built once and kept in a cache.

bench/exports.py's row builder makes ``workshops`` workshops of ``per_workshop``
registrations plus one of ``large``; one more workshop of ``mid`` registrations is added
for the decision dry run's growth factor, and the vault is set up (file keychain, the
weak test key derivation: unlocking is not what is measured). Building 21,000
registrations takes minutes, so the folder is kept under ``~/.cache/escadesk-bench/``
(``$XDG_CACHE_HOME`` if set), named by the sha256 of the builder's source, the sizes and
the schema's migrations: a change to any of them builds a new one. Every run works on a
copy (:func:`copy_data`), so nothing a run records reaches the cache.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import os
import shutil
import sys
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from sqlalchemy import select

import exports
from escadesk.app import KEYCHAIN_SETTING, AppConfig, Services, build_services
from escadesk.services.clock import FixedClock
from escadesk.services.demo import announcement_workshop
from escadesk.services.settings import FIXED_CLOCK_SETTING
from escadesk.storage import models
from escadesk.vault.kdf import fast_test_params
from escadesk.vault.keychain import FileKeychain

PASSPHRASE = "desk at scale, bench passphrase"
#: Registrations without a form in the large workshop, kept for "refresh after one change".
UNRECEIVED_KEPT = 64


@dataclass(frozen=True)
class Sizes:
    workshops: int
    per_workshop: int
    large: int
    mid: int

    @property
    def total(self) -> int:
        return self.workshops * self.per_workshop + self.large + self.mid


FULL = Sizes(workshops=1000, per_workshop=10, large=10_000, mid=1_000)
QUICK = Sizes(workshops=100, per_workshop=10, large=1_000, mid=100)


@dataclass(frozen=True)
class Cached:
    """A built database in the cache: ``data`` is its data folder, never opened itself."""

    folder: Path
    sizes: Sizes
    large_id: int
    mid_id: int
    unreceived: tuple[int, ...]
    #: Seconds it took to build; None when it was already in the cache.
    built_seconds: float | None

    @property
    def data(self) -> Path:
        return self.folder / "data"

    def megabytes(self) -> float:
        return (self.data / "escadesk.sqlite3").stat().st_size / 1024 / 1024


def cache_root() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "escadesk-bench"


def cache_key(sizes: Sizes) -> str:
    """What the database depends on: the builder's code, the sizes, the schema."""
    digest = hashlib.sha256()
    for builder in (exports.build, exports._registration, build_database, _add_workshop):
        digest.update(inspect.getsource(builder).encode())
    digest.update(repr((exports.STATUSES, exports.NOW, exports.DECIDED)).encode())
    digest.update(repr((asdict(sizes), PASSPHRASE, UNRECEIVED_KEPT)).encode())
    versions = Path(models.__file__).parent / "migrations" / "versions"
    digest.update(repr(sorted(path.name for path in versions.glob("*.py"))).encode())
    return digest.hexdigest()


def cached_database(sizes: Sizes, root: Path | None = None) -> Cached:
    """The cached database for ``sizes``, built first if it is not there."""
    folder = (root or cache_root()) / f"desk-scale-{cache_key(sizes)[:20]}"
    built: float | None = None
    if not (folder / "manifest.json").is_file():
        folder.parent.mkdir(parents=True, exist_ok=True)
        partial = folder.with_name(f"{folder.name}.building-{os.getpid()}")
        shutil.rmtree(partial, ignore_errors=True)
        started = time.perf_counter()
        manifest = build_database(partial / "data", sizes)
        (partial / "manifest.json").write_text(json.dumps(manifest, indent=1), "utf-8")
        built = time.perf_counter() - started
        try:
            partial.rename(folder)  # whole or not at all: an interrupted build is not kept
        except OSError:  # another bench finished the same build first
            shutil.rmtree(partial, ignore_errors=True)
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    return Cached(
        folder,
        sizes,
        manifest["large_id"],
        manifest["mid_id"],
        tuple(manifest["unreceived"]),
        built,
    )


def open_services(data: Path) -> Services:
    """The services on a data folder, as the bench uses them: the fixed clock of the
    builder, the vault's file keychain in the folder."""
    return build_services(
        AppConfig.resolve(data),
        clock=FixedClock(exports.NOW),
        actor="bench",
        keychain=FileKeychain(data / "keys"),
        kdf_profile=fast_test_params,
    )


def copy_data(cached: Cached, target: Path) -> Path:
    """A copy of the cached data folder at ``target`` (which must not exist)."""
    shutil.copytree(cached.data, target)
    return target


def build_database(data: Path, sizes: Sizes) -> dict[str, object]:
    """Build the database in ``data``; returns what the bench needs to know of it."""
    services, ids = exports.build(data, sizes.workshops, sizes.per_workshop, sizes.large)
    services.close()
    large_id = ids[-1]
    services = open_services(data)
    try:
        services.vault.set_up(PASSPHRASE)
        # A process started on the folder (bench/desk_scale.py's unlock page and memory
        # probes) finds the same clock and keychain without being told.
        services.settings.set(FIXED_CLOCK_SETTING, exports.NOW.isoformat())
        services.settings.set(KEYCHAIN_SETTING, "file")
        mid_id = _add_workshop(services, sizes.workshops + 1, sizes.mid)
        with services.context.database.reading() as session:
            unreceived = session.scalars(
                select(models.Registration.id)
                .where(
                    models.Registration.workshop_id == large_id,
                    models.Registration.form_received_at.is_(None),
                )
                .order_by(models.Registration.id)
                .limit(UNRECEIVED_KEPT)
            ).all()
        services.vault.lock()
    finally:
        services.close()
    # The window opens on the large workshop (its last workshop, in its own settings).
    settings = data / "window.ini"
    settings.write_text(f"[workshop]\nlast={large_id}\n", "ascii")
    settings.chmod(0o600)
    return {
        "sizes": asdict(sizes),
        "large_id": large_id,
        "mid_id": mid_id,
        "unreceived": list(unreceived),
    }


def _add_workshop(services: Services, number: int, size: int) -> int:
    """One more workshop like the builder's (decided to proceed), of ``size`` rows."""
    data = replace(announcement_workshop(), code=f"BENCH-{number:05d}")
    workshop_id = services.workshops.create(data)
    with services.context.database.transaction() as session:
        workshop = session.get(models.Workshop, workshop_id)
        assert workshop is not None
        workshop.decision, workshop.decided_at, workshop.decided_by = (
            "proceed",
            exports.DECIDED,
            "bench",
        )
        workshop.decided_participants = 6
        for index in range(size):
            exports._registration(session, workshop_id, number, index)
    return workshop_id
