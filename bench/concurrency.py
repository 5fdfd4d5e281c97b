"""Several desks on one PostgreSQL database at once (issue 20): N processes × M use cases.

Each desk is a process of its own with its own ``Services`` on the same database and its
own data folder. Desk 1 is the vault desk (its keychain holds the device key): it records
and reveals cards, withdraws organizations holding one (an erasure), and edits like any
desk. The others open without the vault and do everything else: new registrations, edits
of registrations from the row version their form saw, forms received, paper forms
destroyed, withdrawals, letters, benchmarking notes, the desk's view. Every desk waits a
few milliseconds between reading a row and saving it (a person at the form), on a small
set of "hot" rows, so stale edits happen and must be refused.

Lost updates are measured, not assumed. Every write of an edited thing (a registration's
details, a benchmarking answer, a paper form's disposal) stores a value no other write
stores, and the desk notes in its ledger the value its form was filled from and the value
it saved. Afterwards, per thing, the committed writes are chained back from the value
stored at the end: each link is a write whose base is the previous write's value, down
to the value the thing started with. A committed write not on that chain was overwritten
by a desk that never saw it: a lost update. (With row versions, such a write must have
been refused.) Then the audit chain is verified on the vault desk (with its anchor), every
card stored is revealed there, and no withdrawn organization may still hold a card.

    createdb -h 127.0.0.1 -p 54345 -U postgres escadesk_concurrency
    python3 run.py --group postgres python bench/concurrency.py \\
        --database-url postgresql+psycopg://postgres@127.0.0.1:54345/escadesk_concurrency

The database must be empty (the script seeds the demo into it). ``--seed`` makes a
failure reproducible in its choices (not in its timing: the desks race for real).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import timedelta
from pathlib import Path
from typing import IO, Any

from escadesk.app import AppConfig, Services, build_services
from escadesk.domain.card_authorization import CardAuthorizationForm
from escadesk.domain.eligibility import normalize_email
from escadesk.domain.registration import RegistrationStatus
from escadesk.domain.registration_form import RegistrationDetails
from escadesk.domain.validation import ValidationError
from escadesk.importing.delegates import DelegateRecord
from escadesk.services.clock import FixedClock
from escadesk.services.delegates import DelegatePreview
from escadesk.services.demo import (
    DEMO_PASSPHRASE,
    DEMO_TODAY,
    announcement_workshop,
    seed_demo,
)
from escadesk.services.row_versions import StaleEditError
from escadesk.services.vault import NotVaultDeskError, VaultError
from escadesk.storage.data_lock import DataLease
from escadesk.vault.kdf import fast_test_params
from escadesk.vault.keychain import FileKeychain, Keychain, MemoryKeychain

PASSPHRASE = DEMO_PASSPHRASE
CODE = "DESKS2018"
#: Organizations on the delegate list of the desks' workshop, and how many register first.
DELEGATES = 60
REGISTERED = 24
#: The rows every desk edits most (contention on purpose).
HOT = 6
#: The indicators whose notes the desks edit.
NOTE_CODES = ("1.1.0", "3.3")
#: Public test card numbers only.
CARDS = ("4111 1111 1111 1111", "4012 8888 8888 1881", "5555 5555 5555 4444")
VAULT_DESK = "vault-pc (director)"


def _desk_name(number: int) -> str:
    return VAULT_DESK if number == 1 else f"front-pc-{number} (staff)"


def open_desk(folder: Path, number: int, url: str) -> Services:
    """Desk ``number``'s services: its own data folder and keychain (the vault desk's holds
    the device key, kept in a file so that set-up, desk and final check share it). The
    data's lock is the vault desk's; the other desks bypass it (see the report: a server
    database admits one escadesk at a time today)."""
    data_dir = folder / f"desk-{number}"
    keychain: Keychain = FileKeychain(data_dir / "keys") if number == 1 else MemoryKeychain()
    services = build_services(
        AppConfig.resolve(data_dir=data_dir, database_url=url),
        clock=FixedClock(DEMO_TODAY),
        actor=f"desk {number}",
        keychain=keychain,
        kdf_profile=fast_test_params,
        opened_by="cli",
        data_lock=None if number == 1 else (lambda _url, _program: DataLease()),
    )
    services.vault.desk_name = _desk_name(number)
    return services


def _people() -> list[tuple[str, str, str]]:
    return [
        (f"Contact {n:02d}", f"Desk Cluster {n:02d}", f"contact{n:02d}@desks.example")
        for n in range(1, DELEGATES + 1)
    ]


def _details(name: str, organization: str, email: str) -> RegistrationDetails:
    return RegistrationDetails(
        organization=organization,
        country="Canada",
        technology_area="Micro, nano and optical technologies",
        contact_name=name,
        contact_email=email,
    )


def prepare(folder: Path, url: str) -> None:
    """The demo with its vault on the vault desk, plus a workshop of 60 delegates, 24 of
    them registered (the others register during the run)."""
    services = open_desk(folder, 1, url)
    try:
        seed_demo(services, vault_passphrase=PASSPHRASE)
        workshop_id = services.workshops.create(replace(announcement_workshop(), code=CODE))
        records = tuple(
            DelegateRecord(row, email, normalize_email(email), name, organization, "Canada")
            for row, (name, organization, email) in enumerate(_people(), start=2)
        )
        services.delegates.commit(
            DelegatePreview(
                workshop_id=workshop_id,
                source=Path("desks delegates (in memory)"),
                records=records,
                problems=(),
                new_emails=frozenset(r.email_normalized for r in records),
            )
        )
        for person in _people()[:REGISTERED]:
            services.registrations.register(workshop_id, _details(*person))
    finally:
        services.close()


# -- what a desk sees and writes ------------------------------------------------------------


def _registration_value(row: Any) -> list[str]:
    details = row.details
    return [
        details.organization,
        details.country,
        details.technology_area,
        details.contact_name,
        details.contact_email,
        details.contact_title,
        details.contact_phone,
    ]


def _answer_value(answer: Any) -> list[str]:
    return [answer.text, answer.note]


def _paper_value(paper: Any) -> list[str | None]:
    disposal = paper.disposal.value if paper.disposal else None
    return [disposal, paper.disposed_on.isoformat() if paper.disposed_on else None]


@dataclass
class Desk:
    """One desk's run: its services, choices, counts and ledger."""

    number: int
    services: Services
    rng: random.Random
    drafts: Path
    counts: Counter[str] = field(default_factory=Counter)
    ledger: list[dict[str, Any]] = field(default_factory=list)
    carded: list[int] = field(default_factory=list)
    withdrawn: list[int] = field(default_factory=list)
    serial: int = 0
    #: False: the forms' versions are not passed back (the control run: lost updates).
    checked: bool = True

    @property
    def vault(self) -> bool:
        return self.number == 1

    def unique(self) -> str:
        self.serial += 1
        return f"d{self.number}-{self.serial:03d}"

    def seen(self, version: int | None) -> int | None:
        return version if self.checked else None

    def think(self) -> None:
        """A person at the form: long enough for another desk to save meanwhile."""
        time.sleep(self.rng.uniform(0.0, 0.03))

    def workshops(self) -> tuple[int, int]:
        codes = {w.code: w.id for w in self.services.workshops.list()}
        (demo,) = [wid for code, wid in codes.items() if code != CODE]
        return demo, codes[CODE]

    def pick_registration(self, workshop_id: int) -> Any:
        rows = sorted(self.services.registrations.list(workshop_id), key=lambda r: r.id)
        hot = rows[:HOT]
        return self.rng.choice(hot if self.rng.random() < 0.6 else rows)

    def write(self, thing: str, key: object, base: object, new: object) -> None:
        self.ledger.append({"thing": thing, "key": key, "base": base, "new": new})

    # -- the use cases ---------------------------------------------------------------------

    def edit_registration(self) -> None:
        _, workshop_id = self.workshops()
        row = self.pick_registration(workshop_id)
        base = _registration_value(row)
        value = self.unique()
        changed = (
            replace(row.details, contact_title=f"Title {value}")
            if self.rng.random() < 0.5
            else replace(row.details, contact_phone=f"+1 416 55{self.number} {self.serial:04d}")
        )
        if changed.contact_phone == row.details.contact_phone:
            changed = replace(changed, contact_title=f"Title {value}")
        self.think()
        self.services.registrations.update_details(
            row.id, changed, expected_version=self.seen(row.version)
        )
        stored = replace(
            row, **{f: getattr(changed, f) for f in ("contact_title", "contact_phone")}
        )
        self.write("registration", row.id, base, _registration_value(stored))

    def note(self) -> None:
        demo, _ = self.workshops()
        participants = self.services.benchmarking.participants(demo)
        participant = self.rng.choice(participants[:3])
        code = self.rng.choice(NOTE_CODES)
        seen = self.services.benchmarking.survey(participant.registration_id).answers[code]
        self.think()
        note = f"Note {self.unique()}"
        stored = self.services.benchmarking.save_answer(
            participant.registration_id,
            code,
            seen.text,
            note,
            expected=seen if self.checked else None,
        )
        key = f"{participant.registration_id}/{code}"
        self.write("answer", key, _answer_value(seen), _answer_value(stored))

    def register(self) -> None:
        _, workshop_id = self.workshops()
        registered = self.services.registrations.registered_emails(workshop_id)
        waiting = [p for p in _people() if normalize_email(p[2]) not in registered]
        if not waiting:
            self.counts["register: nobody left"] += 1
            return
        person = self.rng.choice(waiting[:4])
        self.think()
        rid = self.services.registrations.register(workshop_id, _details(*person))
        row = next(r for r in self.services.registrations.list(workshop_id) if r.id == rid)
        self.write("registration", rid, None, _registration_value(row))

    def form_received(self) -> None:
        _, workshop_id = self.workshops()
        row = self.pick_registration(workshop_id)
        from escadesk.services.paper import Channel, PaperKind

        self.services.paper.record_received(
            row.id, PaperKind.REGISTRATION_FORM, self.rng.choice(list(Channel)), DEMO_TODAY.date()
        )
        if row.form_received_at is None:
            self.services.registrations.record_form(row.id)

    def dispose_paper(self) -> None:
        from escadesk.services.paper import Disposal

        _, workshop_id = self.workshops()
        kept = [p for p in self.services.paper.checklist(workshop_id) if p.disposed_on is None]
        if not kept:
            self.counts["dispose paper: none kept"] += 1
            return
        paper = self.rng.choice(kept[:3])
        self.think()
        disposal = self.rng.choice(list(Disposal))
        day = DEMO_TODAY.date() + timedelta(days=self.rng.randrange(1, 10_000))
        self.services.paper.record_disposed(
            paper.id, disposal, day, expected_version=self.seen(paper.version)
        )
        self.write("paper", paper.id, _paper_value(paper), [disposal.value, day.isoformat()])

    def withdraw(self) -> None:
        _, workshop_id = self.workshops()
        rows = [
            r
            for r in self.services.registrations.list(workshop_id)[HOT:]
            if r.status not in (RegistrationStatus.WITHDRAWN,)
        ]
        if self.vault:
            cards = self.services.vault.masked(workshop_id)
            rows = [r for r in rows if r.id in cards]
        if not rows:
            self.counts["withdraw: nobody"] += 1
            return
        row = self.rng.choice(rows)
        self.services.registrations.withdraw(row.id, f"Withdrawn at desk {self.number}")
        self.withdrawn.append(row.id)

    def letter(self) -> None:
        from escadesk.notifications.letter_kinds import Template

        _, workshop_id = self.workshops()
        letters = self.services.letters.letters(
            workshop_id, Template.ACKNOWLEDGEMENT, due_only=False
        )
        if not letters:
            self.counts["letter: none to write"] += 1
            return
        self.services.letters.save_drafts([self.rng.choice(letters)], self.drafts)

    def look(self) -> None:
        _, workshop_id = self.workshops()
        self.services.desk_view.load(workshop_id)

    def record_card(self) -> None:
        _, workshop_id = self.workshops()
        cards = self.services.vault.masked(workshop_id)
        rows = [
            r
            for r in self.services.registrations.list(workshop_id)
            if r.id not in cards and r.status is not RegistrationStatus.WITHDRAWN
        ]
        if not rows:
            self.counts["record card: nobody without one"] += 1
            return
        row = self.rng.choice(rows[: HOT + 4])
        self.think()
        form = CardAuthorizationForm(
            cardholder=row.contact_name,
            card_number=self.rng.choice(CARDS),
            expiry="10/2030",
            code="123",
            billing_address=f"{row.organization}, Canada",
            signed_on=DEMO_TODAY.date(),
        )
        self.services.vault.record(row.id, form)
        self.carded.append(row.id)

    def reveal(self) -> None:
        demo, workshop_id = self.workshops()
        cards = list(self.services.vault.masked(workshop_id)) or list(
            self.services.vault.masked(demo)
        )
        self.services.vault.reveal(self.rng.choice(cards), PASSPHRASE)

    def use_cases(self) -> list[tuple[str, Callable[[], None], float]]:
        shared: list[tuple[str, Callable[[], None], float]] = [
            ("edit registration", self.edit_registration, 5),
            ("note", self.note, 3),
            ("look", self.look, 1),
        ]
        if self.vault:
            return [
                *shared,
                ("record card", self.record_card, 4),
                ("reveal card", self.reveal, 2),
                ("withdraw with card", self.withdraw, 0.3),
            ]
        return [
            *shared,
            ("register", self.register, 1.5),
            ("form received", self.form_received, 2),
            ("dispose paper", self.dispose_paper, 1.5),
            ("withdraw", self.withdraw, 0.4),
            ("letter", self.letter, 1),
        ]

    def one(self) -> None:
        cases = self.use_cases()
        name, act, _ = self.rng.choices(cases, weights=[w for _, _, w in cases])[0]
        self.counts[f"op {name}"] += 1
        try:
            act()
            self.counts[f"done {name}"] += 1
        except StaleEditError:
            self.counts["refused: stale edit"] += 1
        except NotVaultDeskError:
            self.counts["refused: not the vault desk"] += 1
        except ValidationError as error:
            first = error.problems[0].message if error.problems else str(error)
            self.counts[f"refused: {name}: {_shape(first)}"] += 1
        except VaultError as error:
            self.counts[f"refused: {name}: {type(error).__name__}"] += 1
        except Exception as error:  # every unexpected failure is reported
            self.counts[f"error: {name}: {type(error).__name__}: {error}"[:300]] += 1


def _shape(message: str) -> str:
    """A refusal's message without the names and numbers that vary (for counting)."""
    words = [w for w in message.split() if not any(c.isdigit() for c in w)]
    return " ".join(words[-8:])


def _say(stream: IO[str], kind: str, data: object) -> None:
    stream.write(f"{kind}\t{json.dumps(data)}\n")
    stream.flush()


def worker(folder: Path, number: int, url: str, seed: int, operations: int, checked: bool) -> int:
    services = open_desk(folder, number, url)
    try:
        if number == 1:
            services.vault.unlock(PASSPHRASE)
        rng = random.Random(seed + number)
        desk = Desk(number, services, rng, folder / f"drafts-{number}", checked=checked)
        _say(sys.stdout, "open", {"pid": os.getpid()})
        sys.stdin.readline()  # "go": every desk starts at once
        for _ in range(operations):
            desk.one()
    finally:
        services.close()
    _say(
        sys.stdout,
        "done",
        {
            "counts": dict(desk.counts),
            "ledger": desk.ledger,
            "carded": desk.carded,
            "withdrawn": desk.withdrawn,
        },
    )
    return 0


# -- the driver -------------------------------------------------------------------------------


@dataclass
class Figures:
    seed: int
    processes: int
    operations: int
    counts: Counter[str] = field(default_factory=Counter)
    writes: int = 0
    lost_updates: int = 0
    lost: list[str] = field(default_factory=list)
    chain: str = ""
    chain_intact: bool = False
    cards: int = 0
    cards_decrypted: int = 0
    carded_withdrawn: int = 0
    seconds: float = 0.0
    load: tuple[float, float, float] = (0.0, 0.0, 0.0)

    @property
    def errors(self) -> dict[str, int]:
        return {k: n for k, n in self.counts.items() if k.startswith("error:")}

    @property
    def refusals(self) -> dict[str, int]:
        return {k: n for k, n in self.counts.items() if k.startswith("refused")}

    def summary(self) -> str:
        ops = {k[3:]: n for k, n in sorted(self.counts.items()) if k.startswith("op ")}
        done = sum(n for k, n in self.counts.items() if k.startswith("done "))
        lines = [
            f"seed {self.seed}: {self.processes} processes × {self.operations} use cases "
            f"on one PostgreSQL database ({self.seconds:.1f} s; load "
            f"{' '.join(f'{x:.2f}' for x in self.load)} before → after)",
            f"  operations: {sum(ops.values())} ({done} done): "
            + ", ".join(f"{k} {n}" for k, n in ops.items()),
            f"  refusals (expected): {sum(self.refusals.values())}",
            *(f"    {k}: {n}" for k, n in sorted(self.refusals.items())),
            f"  committed writes checked: {self.writes}; lost updates: {self.lost_updates}",
            *(f"    {line}" for line in self.lost),
            f"  audit chain: {self.chain}",
            f"  cards stored: {self.cards}; decrypted on the vault desk: "
            f"{self.cards_decrypted}; withdrawn organizations still holding a card: "
            f"{self.carded_withdrawn}",
            f"  unexpected errors: {sum(self.errors.values())}",
            *(f"    {k}: {n}" for k, n in sorted(self.errors.items())),
        ]
        return "\n".join(lines)

    def as_json(self) -> dict[str, Any]:
        return {
            "seed": self.seed,
            "processes": self.processes,
            "operations": sum(n for k, n in self.counts.items() if k.startswith("op ")),
            "refusals": sum(self.refusals.values()),
            "stale_refused": self.counts["refused: stale edit"],
            "writes": self.writes,
            "lost_updates": self.lost_updates,
            "lost": self.lost,
            "chain_intact": self.chain_intact,
            "chain": self.chain,
            "cards": self.cards,
            "cards_decrypted": self.cards_decrypted,
            "carded_withdrawn": self.carded_withdrawn,
            "errors": self.errors,
            "seconds": round(self.seconds, 1),
            "load": self.load,
        }


class _Process:
    def __init__(
        self, folder: Path, number: int, url: str, seed: int, operations: int, checked: bool
    ) -> None:
        numbers = (str(seed), str(operations), str(int(checked)))
        self.errors = tempfile.TemporaryFile("w+")  # noqa: SIM115 - closed in close()
        self.process = subprocess.Popen(
            [sys.executable, __file__, "worker", str(folder), str(number), url, *numbers],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.errors,
            text=True,
        )

    def _failed(self, what: str) -> RuntimeError:
        self.errors.seek(0)
        return RuntimeError(f"a desk {what}:\n{self.errors.read()[-3000:]}")

    def opened(self) -> None:
        assert self.process.stdout is not None
        if not self.process.stdout.readline().startswith("open"):
            self.process.wait(timeout=60)
            raise self._failed("did not open")

    def go(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write("go\n")
        self.process.stdin.flush()

    def finish(self, timeout: float) -> dict[str, Any]:
        output, _ = self.process.communicate(timeout=timeout)
        kind, _, data = output.strip().splitlines()[-1].partition("\t") if output else ("", "", "")
        if self.process.returncode != 0 or kind != "done":
            raise self._failed("failed")
        result: dict[str, Any] = json.loads(data)
        return result

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.communicate(timeout=60)
        self.errors.close()


def run(
    url: str, processes: int = 3, operations: int = 200, seed: int = 20, checked: bool = True
) -> Figures:
    """Seed the empty database at ``url``, race the desks, check everything; ``checked``
    False: the desks save without the versions their forms saw (a control run, to see
    the check of lost updates find some)."""
    figures = Figures(seed, processes, operations)
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="escadesk-desks-") as name:
        folder = Path(name)
        prepare(folder, url)
        initial = _current(folder, url)
        started = time.monotonic()
        desks = [
            _Process(folder, n, url, seed, operations, checked) for n in range(1, processes + 1)
        ]
        results: list[dict[str, Any]] = []
        try:
            for desk in desks:
                desk.opened()
            for desk in desks:
                desk.go()
            results = [desk.finish(timeout=600) for desk in desks]
        finally:
            for desk in desks:
                desk.close()
        figures.seconds = time.monotonic() - started
        figures.load = (load_before[0], os.getloadavg()[0], os.getloadavg()[1])
        for result in results:
            figures.counts.update(result["counts"])
        _check_writes(figures, initial, _current(folder, url), results)
        _check_vault(figures, folder, url, results)
    return figures


def _current(folder: Path, url: str) -> dict[str, dict[str, Any]]:
    """The value of every edited thing, as the ledgers name them."""
    services = open_desk(folder, 1, url)
    try:
        demo, workshop_id = Desk(1, services, random.Random(), folder).workshops()
        things: dict[str, dict[str, Any]] = {"registration": {}, "answer": {}, "paper": {}}
        for row in services.registrations.list(workshop_id):
            things["registration"][str(row.id)] = _registration_value(row)
        for participant in services.benchmarking.participants(demo):
            survey = services.benchmarking.survey(participant.registration_id)
            for code in NOTE_CODES:
                key = f"{participant.registration_id}/{code}"
                things["answer"][key] = _answer_value(survey.answers[code])
        for paper in services.paper.checklist(workshop_id):
            things["paper"][str(paper.id)] = _paper_value(paper)
        return things
    finally:
        services.close()


def _check_writes(
    figures: Figures,
    initial: dict[str, dict[str, Any]],
    final: dict[str, dict[str, Any]],
    results: list[dict[str, Any]],
) -> None:
    """Chain each thing's committed writes back from its final value (see the module's
    docstring); every committed write off that chain is a lost update."""
    writes: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for result in results:
        for entry in result["ledger"]:
            writes.setdefault((entry["thing"], str(entry["key"])), []).append(entry)
    figures.writes = sum(len(entries) for entries in writes.values())
    for (thing, key), entries in sorted(writes.items()):
        by_new = {json.dumps(e["new"]): e for e in entries}
        if len(by_new) < len(entries):  # the check needs each value written once
            figures.lost.append(f"{thing} {key}: a value was written twice (the ledger is void)")
        start = initial[thing].get(key)
        if thing == "paper" and start is None:
            start = [None, None]  # received during the run: kept
        current = final[thing].get(key)
        chained = 0
        while current != start:
            entry = by_new.pop(json.dumps(current), None)
            if entry is None:
                figures.lost.append(f"{thing} {key}: stored {current} is no committed write")
                break
            chained += 1
            current = entry["base"]
        lost = len(entries) - chained
        if lost:
            figures.lost_updates += lost
            figures.lost += [
                f"{thing} {key}: overwritten unseen: {e['new']}" for e in by_new.values()
            ]


def _check_vault(figures: Figures, folder: Path, url: str, results: list[dict[str, Any]]) -> None:
    """On the vault desk: the audit chain with its anchor, and every card revealed."""
    services = open_desk(folder, 1, url)
    try:
        services.vault.unlock(PASSPHRASE)
        report = services.vault.verify_audit()
        figures.chain_intact = report.intact
        figures.chain = (
            f"intact, {report.checked} entries ({report.coverage or 'no anchor'})"
            if report.intact
            else f"BROKEN at entry #{report.first_broken_id}: {report.problem}"
        )
        statuses: dict[int, RegistrationStatus] = {}
        cards: list[int] = []
        for workshop in services.workshops.list():
            cards += list(services.vault.masked(workshop.id))
            statuses.update({r.id: r.status for r in services.registrations.list(workshop.id)})
        figures.cards = len(cards)
        for registration_id in cards:
            try:
                services.vault.reveal(registration_id, PASSPHRASE)
                figures.cards_decrypted += 1
            except VaultError as error:
                figures.lost.append(f"card of registration {registration_id}: {error}")
        figures.carded_withdrawn = sum(
            1 for rid in cards if statuses[rid] is RegistrationStatus.WITHDRAWN
        )
        recorded = {rid for result in results for rid in result["carded"]}
        missing = [
            rid
            for rid in recorded
            if rid not in cards and statuses[rid] is not RegistrationStatus.WITHDRAWN
        ]
        figures.lost += [f"card recorded for registration {rid} is gone" for rid in missing]
        figures.lost_updates += len(missing)
    finally:
        services.close()


def main(argv: list[str]) -> int:
    if argv and argv[0] == "worker":
        folder, number, url, seed, operations, checked = argv[1:7]
        return worker(Path(folder), int(number), url, int(seed), int(operations), checked == "1")
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--database-url", required=True, help="an empty PostgreSQL database")
    parser.add_argument("--processes", type=int, default=3)
    parser.add_argument("--operations", type=int, default=200, help="use cases per process")
    parser.add_argument("--seed", type=int, default=20)
    parser.add_argument(
        "--unchecked",
        action="store_true",
        help="a control run: save without the forms' versions (lost updates expected)",
    )
    parser.add_argument("--json", action="store_true", help="the figures as one JSON line")
    options = parser.parse_args(argv)
    figures = run(
        options.database_url,
        options.processes,
        options.operations,
        options.seed,
        not options.unchecked,
    )
    print(figures.summary(), flush=True)
    if options.json:
        print(json.dumps(figures.as_json()), flush=True)
    failed = figures.lost_updates or figures.lost or figures.errors or not figures.chain_intact
    return 1 if failed or figures.cards_decrypted != figures.cards else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
