"""Which column of a web-form export holds which field of the registration form.

Microsoft Forms, Google Forms and Typeform export one column per question, headed by the
question as the form's author wrote it ("Name of your cluster organization", "What's your
job title?"), plus columns of their own: Microsoft's "ID", "Start time", "Completion
time", "Email" and "Name" (the respondent's account, "anonymous" without sign-in),
Google's "Timestamp" and "Email Address" (collected by the form), Typeform's "#",
"Start Date (UTC)", "Submit Date (UTC)" and "Network ID". Exact header names cannot be
known in advance, so the guess reads the words of each header and scores them; the
director confirms or corrects it, and the confirmed choice is remembered by the file's
:func:`header_signature` (the next export of the same form has the same columns).

Typeform's contact block splits the name into "First name" and "Last name": the contact
name may be made of several columns, joined with a space in their order here.

Pure text rules; no I/O.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from escadesk.domain.registration_form import FIELD_LABELS, REQUIRED
from escadesk.i18n import _
from escadesk.importing.columns import header_key
from escadesk.importing.wording import quote

#: The registration form's fields, in the form's order.
FIELDS: tuple[str, ...] = (
    "organization",
    "country",
    "technology_area",
    "contact_name",
    "contact_email",
    "contact_title",
    "contact_phone",
)
#: Other names accepted for a field where a field is named by hand (``--map email=...``).
FIELD_ALIASES: Mapping[str, str] = MappingProxyType(
    {
        "organisation": "organization",
        "area": "technology_area",
        "technology": "technology_area",
        "name": "contact_name",
        "contact": "contact_name",
        "title": "contact_title",
        "email": "contact_email",
        "e-mail": "contact_email",
        "phone": "contact_phone",
        # French: a field named by hand as a French form names it.
        "organisme": "organization",
        "pays": "country",
        "domaine": "technology_area",
        "domaine technologique": "technology_area",
        "nom": "contact_name",
        "titre": "contact_title",
        "fonction": "contact_title",
        "courriel": "contact_email",
        "téléphone": "contact_phone",
        "telephone": "contact_phone",
    }
)

#: The columns each service adds to every export: never a field of the form.
_SERVICE_COLUMNS = frozenset(
    header_key(name)
    for name in (
        # Microsoft Forms
        "ID",
        "Start time",
        "Completion time",
        "Last modified time",
        "Total points",
        "Quiz feedback",
        # Google Forms (in English and in French)
        "Timestamp",
        "Horodateur",
        "Score",
        # Typeform
        "Response ID",
        "Response Type",
        "Start Date (UTC)",
        "Stage Date (UTC)",
        "Submit Date (UTC)",
        "Network ID",
        "Tags",
        "Ending",
    )
)
_MICROSOFT = frozenset(header_key(name) for name in ("ID", "Start time", "Completion time"))
#: Microsoft's account columns: who answered (often "anonymous"), not what they answered.
_MICROSOFT_ACCOUNT = frozenset(header_key(name) for name in ("Email", "Name"))
_GOOGLE_FIRST = frozenset(header_key(name) for name in ("Timestamp", "Horodateur"))
_GOOGLE_EMAIL = frozenset(header_key(name) for name in ("Email Address", "Adresse e-mail"))
_TYPEFORM = frozenset(header_key(name) for name in ("Submit Date (UTC)", "Network ID"))

_EMAIL = frozenset({"email", "courriel", "mail"})
_PHONE = frozenset(
    {"phone", "telephone", "tel", "mobile", "cell", "cellphone", "telefon", "telefono"}
)
_COUNTRY = frozenset({"country", "pays", "nation"})
# English and French words (without accents: "technologique", "secteur", "domaine").
_TECHNOLOGY = frozenset(
    {"technology", "technologies", "technological", "tech", "technologie", "technologique"}
)
_AREA = frozenset({"area", "areas", "field", "domain", "sector", "portfolio", "domaine", "secteur"})
_SECTOR = frozenset({"sector", "industry", "industries", "secteur", "industrie"})
_ORGANIZATION = frozenset(
    {
        "organization",
        "organisation",
        "organizations",
        "organisations",
        "cluster",
        "company",
        "institution",
        "employer",
        "entreprise",
        "organisme",
    }
)
_TITLE = frozenset({"title", "position", "role", "function", "fonction", "titre", "job", "poste"})
_NAME = frozenset({"name", "nom"})
_PERSON = frozenset(
    {
        "contact",
        "person",
        "manager",
        "representative",
        "director",
        "delegate",
        "participant",
        "respondent",
        "full",
        "personne",
        "responsable",
        "representant",
        "representante",
        "delegue",
        "deleguee",
        "directeur",
        "directrice",
        "gestionnaire",
        "complet",
    }
)
_FIRST = frozenset({"first", "given", "prenom", "forename"})
_LAST = frozenset({"last", "family", "surname", "famille"})


@dataclass(frozen=True, slots=True)
class ColumnMap:
    """Field -> the headers of the columns holding it (empty: not in the file)."""

    columns: Mapping[str, tuple[str, ...]]

    @classmethod
    def of(cls, columns: Mapping[str, Sequence[str]]) -> ColumnMap:
        """Every field present (unknown fields dropped), each with a tuple of headers."""
        return cls(MappingProxyType({f: tuple(columns.get(f, ())) for f in FIELDS}))

    def headers(self, field: str) -> tuple[str, ...]:
        return self.columns.get(field, ())

    def column_name(self, field: str) -> str | None:
        """How the field's column is named for the user: "Email", "First name + Last name"."""
        headers = self.headers(field)
        return " + ".join(headers) if headers else None

    def replaced(self, field: str, headers: Sequence[str]) -> ColumnMap:
        return ColumnMap.of({**self.columns, field: tuple(headers)})

    def to_json(self) -> str:
        return json.dumps({f: list(self.headers(f)) for f in FIELDS}, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str, headers: Sequence[str]) -> ColumnMap | None:
        """A remembered map, if it still fits ``headers`` (else None: guess again)."""
        try:
            stored = json.loads(text)
        except ValueError:
            return None
        if not isinstance(stored, dict):
            return None
        present = set(headers)
        columns: dict[str, tuple[str, ...]] = {}
        for field in FIELDS:
            chosen = stored.get(field, [])
            if not isinstance(chosen, list) or not all(isinstance(h, str) for h in chosen):
                return None
            if any(h not in present for h in chosen):
                return None
            columns[field] = tuple(chosen)
        return cls.of(columns)


@dataclass(frozen=True, slots=True)
class MappingProblem:
    """What is wrong with a choice of columns, for one field (or a column twice)."""

    field: str
    message: str

    def __str__(self) -> str:
        return self.message


def mapping_problems(columns: ColumnMap) -> tuple[MappingProblem, ...]:
    """Required fields without a column, and a column chosen for two fields."""
    # The form's fields are named in the user's language (FIELD_LABELS is marked for the
    # catalogue); the file's columns as the file spells them.
    problems = [
        MappingProblem(
            field,
            _("{field} is required: choose the column of the file that holds it.").format(
                field=_(FIELD_LABELS[field])
            ),
        )
        for field in REQUIRED
        if not columns.headers(field)
    ]
    owner: dict[str, str] = {}
    for field in FIELDS:
        for header in columns.headers(field):
            first = owner.setdefault(header, field)
            if first != field:
                message = _(
                    "Column {column} is chosen for both {first} and {second}; "
                    "choose it for one of them only."
                ).format(
                    column=quote(shortened(header)),
                    first=_(FIELD_LABELS[first]),
                    second=_(FIELD_LABELS[field]),
                )
                problems.append(MappingProblem(field, message))
    return tuple(problems)


def header_signature(headers: Iterable[str]) -> str:
    """The same for every export of one form: its headers, in any order, however spaced."""
    keys = sorted({" ".join(header.split()).casefold() for header in headers})
    return hashlib.sha256("\n".join(keys).encode("utf-8")).hexdigest()[:40]


def form_service(headers: Sequence[str]) -> str | None:
    """Which web-form service exported ``headers``, when its own columns say so."""
    keys = {header_key(h) for h in headers}
    if keys >= _MICROSOFT:
        return "Microsoft Forms"
    if header_key(headers[0] if headers else "") in _GOOGLE_FIRST:
        return "Google Forms"
    if _TYPEFORM & keys or (headers and headers[0].strip() == "#"):
        return "Typeform"
    return None


def service_column(header: str) -> bool:
    """A column every export of a service has (a timestamp, a response id)."""
    key = header_key(header)
    return not key or key in _SERVICE_COLUMNS


def pair_names(headers: Sequence[str]) -> tuple[str, str] | None:
    """The first-name and last-name columns, when the file splits the contact's name."""
    first = next((h for h in headers if _name_part(h, _FIRST)), None)
    last = next((h for h in headers if _name_part(h, _LAST)), None)
    return (first, last) if first is not None and last is not None else None


def guess_columns(headers: Sequence[str]) -> ColumnMap:
    """The most likely column for each field, from the words of the headers.

    Each (field, column) pair gets a score; the best pairs are taken first, and a column
    serves one field only. A first-name and a last-name column together are a candidate
    for the contact's name. The service's own columns are never candidates, and
    Microsoft's account columns and Google's collected address only when no question
    of the form asks for the same.
    """
    service = form_service(headers)
    candidates: list[tuple[int, int, int, tuple[str, ...]]] = []
    for position, header in enumerate(headers):
        if service_column(header):
            continue
        key = header_key(header)
        scores = _scores(_words(header))
        if service == "Microsoft Forms" and key in _MICROSOFT_ACCOUNT:
            scores = {field: min(score, 5) for field, score in scores.items()}
        if service == "Google Forms" and key in _GOOGLE_EMAIL:
            scores = {"contact_email": 5}
        for field, score in scores.items():
            if score > 0:
                candidates.append((score, FIELDS.index(field), position, (header,)))
    pair = pair_names([h for h in headers if not service_column(h)])
    if pair is not None:
        candidates.append((11, FIELDS.index("contact_name"), headers.index(pair[0]), pair))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    chosen: dict[str, tuple[str, ...]] = {}
    used: set[str] = set()
    for _score, field_index, _position, columns in candidates:
        field = FIELDS[field_index]
        if field in chosen or used.intersection(columns):
            continue
        chosen[field] = columns
        used.update(columns)
    return ColumnMap.of(chosen)


def shortened(header: str, most: int = 50) -> str:
    """A long question as a header, cut for a message."""
    return header if len(header) <= most else header[: most - 1] + "…"


def _words(header: str) -> frozenset[str]:
    decomposed = unicodedata.normalize("NFKD", header)
    text = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    text = re.sub(r"\be[\s_-]*mail", "email", text)
    return frozenset(re.findall(r"[a-z0-9]+", text))


def _name_part(header: str, part: frozenset[str]) -> bool:
    """'First name', 'Given name', 'Prénom'; 'Last name', 'Surname', 'Family name'."""
    words = _words(header)
    if words & (_EMAIL | _PHONE | _ORGANIZATION):
        return False
    if "prenom" in part and words == {"prenom"}:
        return True
    if "surname" in part and words == {"surname"}:
        return True
    return bool(words & part) and bool(words & _NAME)


def _scores(words: frozenset[str]) -> dict[str, int]:
    """How strongly a header's words say each field (0: not at all)."""
    scores: dict[str, int] = {}
    if words & _EMAIL:
        return {"contact_email": 10}
    if words & _PHONE:
        return {"contact_phone": 10}
    technology = bool(words & _TECHNOLOGY)
    if technology and words & _AREA:
        scores["technology_area"] = 12
    elif technology:
        scores["technology_area"] = 9
    elif words & _SECTOR:
        scores["technology_area"] = 7
    elif words & {"area", "areas"}:
        scores["technology_area"] = 5
    if words & _COUNTRY:
        scores["country"] = 10
    elif words & {"based", "located"} and words & {"where", "which"}:
        scores["country"] = 6
    if "job" in words and "title" in words:
        scores["contact_title"] = 12
    elif words & _TITLE:
        scores["contact_title"] = 9
    person = bool(words & _PERSON) or ({"your", "name"} <= words and not words & _ORGANIZATION)
    if words & _NAME and not words & (_FIRST | _LAST):
        if person:
            scores["contact_name"] = 12
        elif not words & _ORGANIZATION:
            scores["contact_name"] = 8
    elif "contact" in words and "person" in words:
        scores["contact_name"] = 10
    if words & _ORGANIZATION:
        # "Cluster manager", "Position in the organization", "Country of the cluster":
        # the organization is named but another field is asked for.
        other = person or "contact_title" in scores or "country" in scores or technology
        scores["organization"] = 4 if other else 10
    return scores
