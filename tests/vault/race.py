"""Two escadesk processes racing on one data folder: issue 14's 30-second race.

Each worker opens the data as the app does (the same folder, a shared keychain), unlocks
the vault, then loops random use cases until its time is up: record a card
authorization, erase one (every erasure rotates the device key and re-wraps every
stored key), reveal one. Afterwards every stored card must open with the passphrase.

Modes:
- ``locked``: the data lock in force: the second worker is refused when it opens the
  data (on a server, where many desks share the data: when it unlocks the vault); its
  message must name the first, and the first races alone.
- ``bypass``: the lock bypassed on purpose (``build_services(data_lock=...)``, a switch
  only this test uses): both race, and the key-generation check must refuse each write
  with a stale key.
- ``unchecked``: the lock bypassed *and* the generation check switched off: how cards
  were lost before the fix (figures only, for the record; no test asserts on it).

Figures of a longer run, every mode (or one: ``--mode bypass``):

    python3 run.py python tests/vault/race.py --seconds 30
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import random
import secrets
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from vaultkit import PASSPHRASE, visa_form  # noqa: E402 - needs HERE on the path as a script

from escadesk.app import AppConfig, Services, build_services  # noqa: E402
from escadesk.domain.eligibility import normalize_email  # noqa: E402
from escadesk.domain.registration_form import RegistrationDetails  # noqa: E402
from escadesk.importing.delegates import DelegateRecord  # noqa: E402
from escadesk.services.clock import FixedClock  # noqa: E402
from escadesk.services.delegates import DelegatePreview  # noqa: E402
from escadesk.services.demo import DEMO_TODAY, announcement_workshop, seed_demo  # noqa: E402
from escadesk.storage.data_lock import DataLease  # noqa: E402
from escadesk.storage.lock_holder import DataInUseError  # noqa: E402
from escadesk.vault.kdf import fast_test_params  # noqa: E402

RACE_CODE = "RACE2018"
RACE_ORGANIZATIONS = 24
MODES = ("locked", "bypass", "unchecked")


class SharedKeychain:
    """Where the racers keep the device key: one file per entry, each write atomic across
    processes (a fresh temporary file renamed over the entry), as an OS keychain behaves.

    Not the app's file fallback (vault/keychain.py): that one is made for one process per
    data folder, which the data lock guarantees; a race that bypasses the lock on purpose
    must not lean on it, or it would test the keychain file instead of the database.
    """

    kind = "race"

    def __init__(self, folder: Path) -> None:
        self._folder = folder

    def _path(self, name: str) -> Path:
        return self._folder / f"{name.replace('/', '--')}.secret"

    def get(self, name: str) -> bytes | None:
        try:
            return base64.b64decode(self._path(name).read_bytes())
        except FileNotFoundError:
            return None

    def set(self, name: str, value: bytes) -> None:
        self._folder.mkdir(parents=True, exist_ok=True)
        temporary = self._folder / f".{secrets.token_hex(8)}.tmp"
        temporary.write_bytes(base64.b64encode(value))
        os.replace(temporary, self._path(name))

    def delete(self, name: str) -> None:
        self._path(name).unlink(missing_ok=True)


def open_data(
    data_dir: Path, actor: str, bypass_lock: bool = False, database_url: str | None = None
) -> Services:
    """The services as a racer (or the final check) opens them: the SQLite database in
    ``data_dir``, or ``database_url`` (the file keychain stays in ``data_dir``)."""
    services = build_services(
        AppConfig.resolve(data_dir=data_dir, database_url=database_url),
        clock=FixedClock(DEMO_TODAY),
        actor=actor,
        keychain=SharedKeychain(data_dir / "race-keys"),
        kdf_profile=fast_test_params,
        opened_by="cli",
        data_lock=(lambda _url, _program: DataLease()) if bypass_lock else None,
    )
    if bypass_lock:  # the vault's own lock too (a server's: storage/data_lock.py lock_vault)
        services.vault._lock_vault = DataLease
    return services


def prepare(data_dir: Path, database_url: str | None = None) -> None:
    """The demo with its vault, plus a workshop of organizations that may all hold a card
    (the race records and erases there)."""
    services = open_data(data_dir, "race set-up", database_url=database_url)
    try:
        seed_demo(services, vault_passphrase=PASSPHRASE)
        workshop_id = services.workshops.create(replace(announcement_workshop(), code=RACE_CODE))
        people = [
            (f"Racer {n:02d}", f"Race Cluster {n:02d}", f"racer{n:02d}@race.example")
            for n in range(1, RACE_ORGANIZATIONS + 1)
        ]
        records = tuple(
            DelegateRecord(row, email, normalize_email(email), name, organization, "Canada")
            for row, (name, organization, email) in enumerate(people, start=2)
        )
        services.delegates.commit(
            DelegatePreview(
                workshop_id=workshop_id,
                source=Path("race delegates (in memory)"),
                records=records,
                problems=(),
                new_emails=frozenset(r.email_normalized for r in records),
            )
        )
        for name, organization, email in people:
            services.registrations.register(
                workshop_id,
                RegistrationDetails(
                    organization=organization,
                    country="Canada",
                    technology_area="Micro, nano and optical technologies",
                    contact_name=name,
                    contact_email=email,
                ),
            )
    finally:
        services.close()


# -- a worker (a process of its own) ------------------------------------------------------------


def _say(stream: IO[str], kind: str, data: object) -> None:
    stream.write(f"{kind}\t{json.dumps(data)}\n")
    stream.flush()


def _reopen(services: Services, counts: Counter[str]) -> None:
    """Lock and unlock again (what a stale key's message asks). An unlock can fail for a
    moment while the other process is between its commit and its keychain swap."""
    from escadesk.services.vault import TooSoonError, WrongPassphraseError

    services.vault.lock()
    for _attempt in range(100):
        try:
            services.vault.unlock(PASSPHRASE)
            return
        except TooSoonError as error:
            time.sleep(error.seconds)
        except (WrongPassphraseError, OSError):
            counts["unlock: tried again"] += 1
            time.sleep(max(services.vault.retry_after(), 0.02))
    raise RuntimeError("the vault did not open again")


def _targets(services: Services) -> list[int]:
    (race,) = [w for w in services.workshops.list() if w.code == RACE_CODE]
    return [row.id for row in services.registrations.list(race.id)]


def _one_use_case(
    services: Services, rng: random.Random, targets: list[int], counts: Counter[str]
) -> None:
    from escadesk.domain.validation import ValidationError
    from escadesk.services.vault import (
        DamagedAuthorizationError,
        StaleVaultKeyError,
        VaultError,
    )

    use_case = rng.choice(("record", "record", "erase", "reveal"))
    target = rng.choice(targets)
    try:
        if use_case == "record":
            services.vault.record(target, visa_form())
        elif use_case == "erase":
            services.vault.erase(target, "Race test")
        else:
            services.vault.reveal(target, PASSPHRASE)
        counts[f"{use_case}: done"] += 1
    except StaleVaultKeyError:
        counts[f"{use_case}: refused, stale key"] += 1
        _reopen(services, counts)
    except DamagedAuthorizationError:
        counts[f"{use_case}: card does not open"] += 1
    except ValidationError:
        counts[f"{use_case}: already has a card"] += 1
    except VaultError as error:
        text = str(error)
        if "no card authorization" in text or "already erased" in text:
            counts[f"{use_case}: no card"] += 1
        else:
            counts[f"{use_case}: {type(error).__name__}"] += 1
    except Exception as error:
        counts[f"{use_case}: {type(error).__name__}"] += 1


def worker(
    data_dir: Path, seconds: float, seed: int, mode: str, name: str, database_url: str | None
) -> int:
    out = sys.stdout
    try:
        services = open_data(data_dir, name, mode != "locked", database_url)
    except DataInUseError as error:
        holder = error.holder
        _say(out, "refused", {"message": str(error), "holder_pid": holder and holder.pid})
        return 5
    if mode == "unchecked":
        from escadesk.services import vault as vault_module

        vault_module.is_current = lambda *_args: True  # the fix switched off
    counts: Counter[str] = Counter()
    try:
        _reopen(services, counts)
    except DataInUseError as error:  # on a server: the vault is open in the other racer
        holder = error.holder
        _say(out, "refused", {"message": str(error), "holder_pid": holder and holder.pid})
        services.close()
        return 5
    targets = _targets(services)
    _say(out, "open", {"pid": os.getpid()})
    sys.stdin.readline()  # "go": every racer starts at once
    rng = random.Random(seed)
    deadline = time.monotonic() + seconds
    try:
        while time.monotonic() < deadline:
            _one_use_case(services, rng, targets, counts)
    finally:
        services.close()
    _say(out, "done", dict(counts))
    return 0


# -- the driver -------------------------------------------------------------------------------


@dataclass
class RaceFigures:
    mode: str
    seconds: float
    racers: int = 0
    refusals: list[dict[str, Any]] = field(default_factory=list)
    racer_pids: list[int] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    cards_recorded: int = 0
    cards_stored: int = 0
    undecryptable: int = 0
    final_unlock: str = "ok"

    @property
    def stale_refused(self) -> int:
        return sum(n for what, n in self.counts.items() if "refused, stale key" in what)

    def summary(self) -> str:
        lines = [
            f"mode {self.mode}: {self.racers} process(es) raced for {self.seconds:g} s "
            f"({len(self.refusals)} refused at open)",
            f"  cards recorded during the race: {self.cards_recorded}; stored at the end: "
            f"{self.cards_stored}; undecryptable: {self.undecryptable} "
            f"(final unlock: {self.final_unlock})",
            f"  refused for a stale key (then locked and unlocked again): {self.stale_refused}",
        ]
        lines += [f"    {what}: {n}" for what, n in sorted(self.counts.items())]
        lines += [f"  refused at open: {r['message']}" for r in self.refusals]
        return "\n".join(lines)


class _Racer:
    def __init__(
        self,
        data_dir: Path,
        seconds: float,
        seed: int,
        mode: str,
        name: str,
        database_url: str | None,
    ) -> None:
        self.errors = tempfile.TemporaryFile("w+")  # noqa: SIM115 - closed in finish()
        self.process = subprocess.Popen(
            [
                sys.executable,
                __file__,
                "worker",
                str(data_dir),
                str(seconds),
                str(seed),
                mode,
                name,
                database_url or "",
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.errors,
            text=True,
            env=os.environ.copy(),
        )

    def first_line(self) -> tuple[str, dict[str, Any]]:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            self.process.wait(timeout=60)
            self.errors.seek(0)
            raise RuntimeError(f"a racer ended without a word:\n{self.errors.read()[-3000:]}")
        kind, _, data = line.partition("\t")
        return kind, json.loads(data)

    def go(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write("go\n")
        self.process.stdin.flush()

    def finish(self, timeout: float) -> dict[str, int]:
        output, _ = self.process.communicate(timeout=timeout)
        kind, _, data = output.strip().splitlines()[-1].partition("\t") if output else ("", "", "")
        if self.process.returncode != 0 or kind != "done":
            self.errors.seek(0)
            raise RuntimeError(f"a racer failed:\n{self.errors.read()[-3000:]}")
        return json.loads(data)

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.communicate(timeout=60)  # closes its pipes
        self.errors.close()


def race(
    data_dir: Path,
    seconds: float,
    mode: str,
    racers: int = 2,
    seed: int = 14,
    database_url: str | None = None,
) -> RaceFigures:
    """Run ``racers`` worker processes on ``data_dir`` (prepared), then check every card."""
    assert mode in MODES
    figures = RaceFigures(mode, seconds)
    started: list[_Racer] = []
    running: list[_Racer] = []
    try:
        for number in range(racers):
            name = f"racer {number + 1}"
            racer = _Racer(data_dir, seconds, seed + number, mode, name, database_url)
            started.append(racer)
            kind, data = racer.first_line()
            if kind == "refused":
                assert racer.process.wait(timeout=60) == 5  # the CLI's "in use" code
                figures.refusals.append(data)
                continue
            figures.racer_pids.append(data["pid"])
            running.append(racer)
        for racer in running:
            racer.go()
        for racer in running:
            figures.counts.update(racer.finish(timeout=seconds + 300))
    finally:
        for racer in started:
            racer.close()
    figures.racers = len(running)
    figures.cards_recorded = figures.counts["record: done"]
    _check_every_card(data_dir, figures, database_url)
    return figures


def _check_every_card(data_dir: Path, figures: RaceFigures, database_url: str | None) -> None:
    """Open the data afresh (finishing any interrupted erasure) and reveal every card."""
    from escadesk.services.vault import VaultError

    services = open_data(data_dir, "race check", database_url=database_url)
    try:
        cards = [
            registration_id
            for workshop in services.workshops.list()
            for registration_id in services.vault.masked(workshop.id)
        ]
        figures.cards_stored = len(cards)
        try:
            services.vault.unlock(PASSPHRASE)
        except VaultError as error:
            figures.final_unlock = f"{type(error).__name__}: {error}"
            figures.undecryptable = len(cards)
            return
        for registration_id in cards:
            try:
                services.vault.reveal(registration_id, PASSPHRASE)
            except VaultError:
                figures.undecryptable += 1
    finally:
        services.close()


def main(argv: list[str]) -> int:
    if argv and argv[0] == "worker":
        data_dir, seconds, seed, mode, name, url = argv[1:7]
        return worker(Path(data_dir), float(seconds), int(seed), mode, name, url or None)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--mode", choices=MODES, action="append")
    parser.add_argument("--racers", type=int, default=2)
    parser.add_argument("--database-url", help="an empty PostgreSQL database (one per mode)")
    options = parser.parse_args(argv)
    for mode in options.mode or list(MODES):
        with tempfile.TemporaryDirectory() as folder:
            data_dir = Path(folder) / "data"
            prepare(data_dir, options.database_url)
            figures = race(
                data_dir, options.seconds, mode, options.racers, 14, options.database_url
            )
            print(figures.summary(), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
