"""map_columns: headers matched to known columns however users spell them."""

from __future__ import annotations

import pytest

from escadesk.importing.columns import ColumnSpec, header_key, map_columns
from escadesk.importing.delegates import DELEGATE_COLUMNS

EMAIL = ColumnSpec("email", "E-mail", ("email address", "courriel"), required=True)
NAME = ColumnSpec("name", "Name", ("full name",))
PHONE = ColumnSpec("phone", "Phone", ("telephone",), required=True)


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("E-mail", "email"),
        ("  E_MAIL  ", "email"),
        ("Email Address", "emailaddress"),
        ("e-mail\taddress:", "emailaddress"),
        ("Pays", "pays"),
        ("Organisation (Cluster)", "organisationcluster"),
        ("Téléphone", "telephone"),
        ("", ""),
    ],
)
def test_header_key(header, key):
    assert header_key(header) == key


@pytest.mark.parametrize(
    "header",
    [
        "email",
        "E-mail",
        "EMAIL",
        " e-mail ",
        "Email address",
        "E-Mail Address",
        "Courriel",
        "e.mail",
    ],
)
def test_email_synonyms(header):
    mapping = map_columns([header], [EMAIL])
    assert mapping.ok
    assert mapping.index("email") == 0
    assert mapping.header("email") == header


def test_positions_and_ignored_headers():
    mapping = map_columns(["Notes", "Full Name", "E-mail"], [EMAIL, NAME])
    assert mapping.ok
    assert mapping.problems() == ()
    assert dict(mapping.indexes) == {"name": 1, "email": 2}
    assert mapping.ignored == ("Notes",)
    assert mapping.index("phone") is None
    assert mapping.header("phone") is None


def test_missing_required_columns_name_labels_and_found_headers():
    mapping = map_columns(["Delegate", "Company"], [EMAIL, NAME, PHONE])
    assert not mapping.ok
    assert mapping.missing == (EMAIL, PHONE)
    assert mapping.problems() == (
        "The required columns are missing: 'E-mail', 'Phone'. "
        "Columns found: 'Delegate', 'Company'.",
    )


def test_missing_optional_column_is_fine():
    mapping = map_columns(["Email"], [EMAIL, NAME])
    assert mapping.ok
    assert mapping.index("name") is None


def test_no_headers_at_all():
    assert map_columns([], [EMAIL]).problems() == (
        "The required column is missing: 'E-mail'. Columns found: none.",
    )


def test_two_headers_for_one_column_are_ambiguous():
    mapping = map_columns(["Email", "Name", "E-mail address"], [EMAIL, NAME])
    assert not mapping.ok
    assert mapping.ambiguous == ((EMAIL, ("Email", "E-mail address")),)
    assert mapping.problems() == (
        "Columns 'Email' and 'E-mail address' all look like the 'E-mail' column; "
        "keep only one of them (or rename the others).",
    )


def test_specs_claiming_the_same_spelling_are_a_programming_error():
    clash = ColumnSpec("contact", "Contact", ("e-mail",))
    with pytest.raises(ValueError, match="belongs to both"):
        map_columns(["Email"], [EMAIL, clash])


@pytest.mark.parametrize(
    ("header", "canonical"),
    [
        ("E-mail", "email"),
        ("email address", "email"),
        ("Courriel", "email"),
        ("Mail", "email"),
        ("Full name", "name"),
        ("Delegate", "name"),
        ("Participant", "name"),
        ("Organisation", "organization"),
        ("Company", "organization"),
        ("Cluster organization", "organization"),
        ("Cluster", "organization"),
        ("Country", "country"),
        ("Pays", "country"),
    ],
)
def test_delegate_column_synonyms(header, canonical):
    assert map_columns([header], DELEGATE_COLUMNS).index(canonical) == 0
