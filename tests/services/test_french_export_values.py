"""The roster, the finance workbook and the audit log exported from a French window: the
cells the services write (statuses, authorization and erasure words, the decision, the
pitch summary, the tax's name) are French, like the headers; the audit entries stay
as stored, in English (a legal record)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from openpyxl import load_workbook

from escadesk.app import Services
from escadesk.services.audit_log import AuditFilter
from escadesk.services.clock import FixedClock
from escadesk.services.demo import DEMO_PASSPHRASE

TORONTO = ZoneInfo("America/Toronto")
DECISION_DAY = datetime(2018, 10, 2, 9, 0, tzinfo=TORONTO)
NORTHSHORE, BALTIC, ANDES = (
    "Northshore Photonics Cluster",
    "Baltic Maritime Innovation Network",
    "Andes AgriFood Alliance",
)
NB, NNB = "\u00a0", "\u202f"


def _workshop(services: Services) -> int:
    (summary,) = services.workshops.list()
    return summary.id


def _decide(services: Services, workshop: int) -> None:
    """Andes completes, the workshop proceeds with four; Northshore is charged."""
    ids = {r.organization: r.id for r in services.registrations.list(workshop)}
    services.registrations.record_authorization(ids[ANDES])
    clock = services.clock
    assert isinstance(clock, FixedClock)
    clock.set(DECISION_DAY)
    services.decision.confirm(workshop, DEMO_PASSPHRASE)
    services.decision.erase_cancelled(workshop)
    services.charging.record_charge(ids[NORTHSHORE], date(2018, 10, 2), "APPROVAL 884213")


def _rows(path: Path, sheet: str) -> list[dict[str, object]]:
    rows = list(load_workbook(path)[sheet].iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def _form(path: Path, sheet: str) -> dict[object, object]:
    rows = load_workbook(path)[sheet].iter_rows(min_row=3, values_only=True)
    return {row[0]: row[1] for row in rows if row and row[0]}


def test_the_french_finance_workbook_says_its_values_in_french(
    demo: Services, tmp_path: Path, french: None
) -> None:
    workshop = _workshop(demo)
    _decide(demo, workshop)
    path = demo.exports.finance(workshop, tmp_path / "finances.xlsx")

    lines = {r["Organisation"]: r for r in _rows(path, "Débits")}
    northshore = lines[NORTHSHORE]
    assert northshore["Statut"] == "Débitée"
    assert northshore["TVH (CAD)"] == 345.13  # the stored "HST", named as French names it
    assert northshore["Autorisation"] == "Effacée"
    assert northshore["Effacement des données de carte"] == "Données de carte effacées"
    assert lines[BALTIC]["Autorisation"] == "Enregistrée"
    assert lines[ANDES]["Autorisation"] == "Reçue, absente du coffre-fort"
    lakeside = lines["Lakeside Clean Energy Cluster"]
    assert (lakeside["Statut"], lakeside["Autorisation"]) == ("Annulée", "Effacée")
    assert lines["Nordic Games & Media Cluster"]["Autorisation"] == "Aucune"

    summary = _form(path, "Sommaire")
    decision = str(summary["Décision"])
    assert decision.startswith(f"A lieu{NB}: décision prise le 2018-10-02 09:00 par ")


def test_the_french_roster_before_the_decision(
    demo: Services, tmp_path: Path, french: None
) -> None:
    workshop = _workshop(demo)
    path = demo.exports.roster(workshop, tmp_path / "liste.xlsx")

    statuses = {r["Organisation"]: r["Statut"] for r in _rows(path, "Participants")}
    assert statuses[NORTHSHORE] == "Complète"
    assert set(statuses.values()) <= {
        "Inscrite",
        "Formulaire reçu",
        "Autorisation reçue",
        "Complète",
        "En retard",
        "Retirée",
        "Confirmée",
        "En liste d'attente",
        "Annulée",
        "Débitée",
    }
    cover = _form(path, "Page de garde")
    pitches = next(value for label, value in cover.items() if "pitch" in str(label).casefold()
                   or "présentation" in str(label).casefold())  # fmt: skip
    assert "pitch of" not in str(pitches) and "organization" not in str(pitches)

    finance = demo.exports.finance(workshop, tmp_path / "finances.xlsx")
    decision = _form(finance, "Sommaire")["Décision"]
    assert str(decision).startswith("Pas encore prise (possible après le ")
    assert f"){NNB}; 3 organisations participeraient si l’atelier fermait maintenant." in str(
        decision
    )


def test_the_same_values_stay_english_in_an_english_window(demo: Services, tmp_path: Path) -> None:
    workshop = _workshop(demo)
    finance = demo.exports.finance(workshop, tmp_path / "finance.xlsx")
    decision = _form(finance, "Summary")["Decision"]
    assert str(decision).startswith("Not taken yet (it opens after ")
    assert str(decision).endswith("); 3 organizations would take part if the workshop closed now.")
    lines = {r["Organization"]: r for r in _rows(finance, "Charges")}
    assert lines[NORTHSHORE]["Status"] == "Complete"
    assert lines[NORTHSHORE]["Authorization"] == "Recorded"
    assert "HST (CAD)" in lines[NORTHSHORE]


def test_the_french_audit_log_export_keeps_its_entries_in_english(
    demo: Services, tmp_path: Path, french: None
) -> None:
    selection = AuditFilter(text="andes", zone=TORONTO)
    expected = selection.apply(demo.audit_log.rows())
    path = demo.audit_log.export(tmp_path / "journal.xlsx", selection)

    workbook = load_workbook(path)
    assert workbook.sheetnames == ["Journal d'audit", "À propos"]
    sheet = workbook["Journal d'audit"]
    assert [cell.value for cell in sheet[1]] == [
        "Entrée",
        "Date et heure (heure de Toronto)",
        "Qui",
        "Action",
        "Concerne",
        "Atelier",
        "Détails",
        "Code de l’action",
    ]
    lines = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [line[6] for line in lines] == [row.details for row in expected]  # as stored
    assert [line[7] for line in lines] == [row.action for row in expected]
    # The export's own entry is written in English too, whatever the window speaks.
    newest = demo.audit_log.rows()[0]
    assert newest.details == f"Exported the audit log ({len(expected)} entries) as 'journal.xlsx'"
    about = {row[0]: row[1] for row in workbook["À propos"].iter_rows(values_only=True) if row}
    assert about["Entrées"] == len(expected)
    assert about["Préparé par"] == "Institute for Competitiveness & Prosperity"
    assert str(about["Intégrité"]).startswith(f"Le journal est chaîné par hachage{NB}:")
