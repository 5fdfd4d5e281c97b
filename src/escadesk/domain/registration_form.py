"""What a registration form must contain, and the checks made before anything is saved."""

from __future__ import annotations

from dataclasses import dataclass, replace

from escadesk.domain.eligibility import DelegateList, is_valid_email, normalize_email
from escadesk.domain.languages import known_language
from escadesk.domain.localized_names import country_from_any, technology_area_from_any
from escadesk.domain.text_rules import problem_in_text
from escadesk.domain.validation import FieldProblem
from escadesk.i18n import N_, _

MAX_TEXT = 200


@dataclass(frozen=True)
class RegistrationDetails:
    """The organization and the contact person who registers it."""

    organization: str
    country: str
    technology_area: str
    contact_name: str
    contact_email: str
    contact_title: str = ""
    contact_phone: str = ""
    #: "en"/"fr" (or a form's answer naming one, "Français"); "" when not given: a new
    #: organization then gets its country's default (domain/languages.py), an edited one
    #: keeps its own.
    language: str = ""

    def cleaned(self) -> RegistrationDetails:
        """Trimmed text, canonical country and technology spelling where recognised (an
        English or French name: "Allemagne" is stored as "Germany")."""
        country = " ".join(self.country.split())
        area = " ".join(self.technology_area.split())
        return RegistrationDetails(
            organization=" ".join(self.organization.split()),
            country=country_from_any(country) or country,
            technology_area=technology_area_from_any(area) or area,
            contact_name=" ".join(self.contact_name.split()),
            contact_email=self.contact_email.strip(),
            contact_title=" ".join(self.contact_title.split()),
            contact_phone=" ".join(self.contact_phone.split()),
            language=known_language(self.language) or "",
        )


#: English, marked for the catalogue: show them through ``_()``.
FIELD_LABELS = {
    "organization": N_("Organization"),
    "country": N_("Country"),
    "technology_area": N_("Technology area"),
    "contact_name": N_("Contact name"),
    "contact_email": N_("E-mail"),
    "contact_title": N_("Title"),
    "contact_phone": N_("Phone"),
}
REQUIRED = ("organization", "country", "technology_area", "contact_name", "contact_email")


def check_registration(
    details: RegistrationDetails,
    delegates: DelegateList | None,
    registered_emails: frozenset[str] = frozenset(),
) -> list[FieldProblem]:
    """Every problem with the form; empty when it may be saved.

    ``delegates`` None means no delegate list has been imported yet, which is itself a
    problem: the workshop is open to conference delegates only.
    ``registered_emails`` are normalized e-mails already registered for this workshop.
    """
    # The text as typed, before cleaning: cleaning would turn some controls into spaces.
    refused = {
        name: problem
        for name, label in FIELD_LABELS.items()
        if (problem := problem_in_text(name, getattr(details, name), label=_(label)))
    }
    problems: list[FieldProblem] = list(refused.values())
    # A field refused for its characters gets no other message (which would quote them).
    details = replace(details.cleaned(), **dict.fromkeys(refused, ""))
    for name in REQUIRED:
        if not getattr(details, name) and name not in refused:
            label = _(FIELD_LABELS[name])
            problems.append(FieldProblem(name, _("{label} is required.").format(label=label)))
    for name, label in FIELD_LABELS.items():
        if len(getattr(details, name)) > MAX_TEXT:
            message = _("{label} is longer than {limit} characters.")
            problems.append(FieldProblem(name, message.format(label=_(label), limit=MAX_TEXT)))
    if details.country and country_from_any(details.country) is None:
        message = _("'{country}' is not a known country.").format(country=details.country)
        problems.append(FieldProblem("country", message))
    if details.technology_area and technology_area_from_any(details.technology_area) is None:
        problems.append(
            FieldProblem(
                "technology_area",
                _("'{area}' is not one of ESCA's technology areas.").format(
                    area=details.technology_area
                ),
            )
        )
    phone = details.contact_phone
    if phone and not _plausible_phone(phone):
        problems.append(
            FieldProblem(
                "contact_phone",
                _("'{phone}' does not look like a phone number.").format(phone=phone),
            )
        )
    email = details.contact_email
    if email:
        if not is_valid_email(email):
            problems.append(
                FieldProblem(
                    "contact_email",
                    _("'{email}' is not a valid e-mail address.").format(email=email),
                )
            )
        elif delegates is None:
            problems.append(
                FieldProblem(
                    "contact_email",
                    _(
                        "No delegate list has been imported for this workshop yet; "
                        "import it first (File > Import delegate list)."
                    ),
                )
            )
        elif not delegates.is_delegate(email):
            problems.append(
                FieldProblem(
                    "contact_email",
                    _(
                        "{email} is not on the conference delegate list; "
                        "the workshop is open to conference delegates only."
                    ).format(email=email),
                )
            )
        elif normalize_email(email) in registered_emails:
            problems.append(
                FieldProblem(
                    "contact_email",
                    _("{email} has already registered for this workshop.").format(email=email),
                )
            )
    return problems


def _plausible_phone(phone: str) -> bool:
    digits = sum(character.isdigit() for character in phone)
    allowed = set("0123456789 +-().ext")
    return 7 <= digits <= 20 and all(character in allowed for character in phone.lower())
