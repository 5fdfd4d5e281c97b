"""Exports of a registration form as Microsoft Forms, Google Forms and Typeform write them,
built by the tests (never binary fixtures in git): the same respondents, each service's
own columns, question headers and value formats.

- Microsoft Forms (Excel, sheet "Sheet1"): ID, Start time, Completion time (date cells),
  Email ("anonymous" for respondents outside the organization), Name (empty then), then
  one column per question.
- Google Forms (the linked sheet's CSV download, or its xlsx with the sheet "Form
  Responses 1"): Timestamp ("2018/09/12 3:14:15 PM GMT-4"), Email Address (collected by
  the form), then the questions.
- Typeform (CSV): "#" (the response token), the questions as asked, the contact block's
  First name / Last name / Email / Phone number, then Start Date (UTC), Submit Date (UTC)
  and Network ID.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path

from escadesk.domain.registration_form import RegistrationDetails

Row = Sequence[object]


@dataclass(frozen=True)
class Respondent:
    organization: str
    country: str
    area: str
    first: str
    last: str
    title: str
    email: str
    phone: str

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"

    def details(self) -> RegistrationDetails:
        """The registration the response should make (cleaned as the desk stores it)."""
        return RegistrationDetails(
            organization=self.organization,
            country=self.country,
            technology_area=self.area,
            contact_name=self.name,
            contact_email=self.email,
            contact_title=self.title,
            contact_phone=self.phone,
        ).cleaned()


#: Delegates of the demo's list who have not registered (services/demo.py).
WEI = Respondent(
    "Pearl River ICT Cluster", "China", "ICT", "Wei", "Chen", "Secretary General",
    "wei.chen@prict.example", "+86 20 5555 0101",
)  # fmt: skip
LUCIA = Respondent(
    "Basque Advanced Manufacturing", "Spain", "Production and engineering", "Lucía",
    "Fernández", "Cluster Manager", "l.fernandez@bam.example", "+34 944 555 012",
)  # fmt: skip
TOM = Respondent(
    "Atlantic Ocean Tech", "Ireland", "Maritime technologies, water resources", "Tom",
    "O'Brien", "Director", "tom.obrien@aot.example", "+353 91 555 0177",
)  # fmt: skip
PRIYA = Respondent(
    "Bengaluru Biotech Forum", "India", "Biotechnology", "Priya", "Raman",
    "Programme Lead", "priya@bbf.example", "+91 80 5555 0188",
)  # fmt: skip
RESPONDENTS = (WEI, LUCIA, TOM)

_STARTED = datetime(2018, 9, 12, 15, 14, 15)


def _when(index: int) -> datetime:
    return _STARTED + timedelta(hours=5 * index, minutes=7 * index)


# -- Microsoft Forms ---------------------------------------------------------------------

MICROSOFT_HEADERS = (
    "ID", "Start time", "Completion time", "Email", "Name", "Last modified time",
    "Name of your cluster organization", "Country", "Technology area (ESCA)",
    "Contact person", "Job title", "E-mail address", "Phone number",
)  # fmt: skip


def microsoft_rows(people: Sequence[Respondent] = RESPONDENTS) -> list[list[object]]:
    rows: list[list[object]] = []
    for index, p in enumerate(people):
        done = _when(index)
        rows.append(
            [
                index + 1, done - timedelta(minutes=4), done, "anonymous", None, None,
                p.organization, p.country, p.area, p.name, p.title, p.email, p.phone,
            ]
        )  # fmt: skip
    return rows


# -- Google Forms --------------------------------------------------------------------------

GOOGLE_HEADERS = (
    "Timestamp", "Email Address", "Organization name",
    "Country where the cluster is based",
    "Which ESCA technology area fits your cluster best?", "Your full name",
    "Your title / position", "Phone (with country code)",
)  # fmt: skip


def google_rows(people: Sequence[Respondent] = RESPONDENTS) -> list[list[object]]:
    rows: list[list[object]] = []
    for index, p in enumerate(people):
        done = _when(index)
        stamp = f"{done:%Y/%m/%d} {done:%I:%M:%S %p} GMT-4".replace(" 0", " ")
        rows.append([stamp, p.email, p.organization, p.country, p.area, p.name, p.title, p.phone])
    return rows


# -- Typeform ------------------------------------------------------------------------------

TYPEFORM_HEADERS = (
    "#", "What's the name of your cluster organization?",
    "Which country is your cluster organization based in?",
    "Which of ESCA's technology areas fits it best?", "First name", "Last name", "Email",
    "Phone number", "What's your job title?", "Start Date (UTC)", "Submit Date (UTC)",
    "Network ID",
)  # fmt: skip


def typeform_rows(people: Sequence[Respondent] = RESPONDENTS) -> list[list[object]]:
    rows: list[list[object]] = []
    for index, p in enumerate(people):
        done = _when(index) + timedelta(hours=4)
        rows.append(
            [
                f"x{index}k2pq7rz9m4vb1yt{index}", p.organization, p.country, p.area.lower(),
                p.first, p.last, p.email, p.phone, p.title,
                f"{done - timedelta(minutes=3):%Y-%m-%d %H:%M:%S}", f"{done:%Y-%m-%d %H:%M:%S}",
                f"{index}a9c3e11f0",
            ]
        )  # fmt: skip
    return rows


# -- writing -------------------------------------------------------------------------------


def write_export(
    path: Path, headers: Sequence[str], rows: Sequence[Row], *, sheet: str = "Sheet1"
) -> Path:
    """A CSV (UTF-8, the web services' own) or an xlsx file, by ``path``'s suffix."""
    if path.suffix == ".csv":
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(headers)
            writer.writerows(["" if value is None else value for value in row] for row in rows)
        return path
    from openpyxl import Workbook

    book = Workbook()
    sheet_ = book.active
    sheet_.title = sheet
    sheet_.append(list(headers))
    for row in rows:
        sheet_.append(list(row))
    book.save(path)
    return path


def microsoft_export(folder: Path, people: Sequence[Respondent] = RESPONDENTS) -> Path:
    name = "ESCA benchmarking workshop registration(1-3).xlsx"
    return write_export(folder / name, MICROSOFT_HEADERS, microsoft_rows(people))


def google_export(
    folder: Path, people: Sequence[Respondent] = RESPONDENTS, *, suffix: str = ".csv"
) -> Path:
    name = f"ESCA workshop registration (Responses) - Form Responses 1{suffix}"
    return write_export(
        folder / name, GOOGLE_HEADERS, google_rows(people), sheet="Form Responses 1"
    )


def typeform_export(folder: Path, people: Sequence[Respondent] = RESPONDENTS) -> Path:
    return write_export(
        folder / "responses-aBcD12-2018.csv", TYPEFORM_HEADERS, typeform_rows(people)
    )


def with_changes(person: Respondent, **changes: str) -> Respondent:
    return replace(person, **changes)
