"""Filled forms read back: the text of each field, or a refusal the director can act on.

The reader only reads: it tells which form and workshop a PDF is for (its hidden stamp),
and returns each field's text trimmed, its spaces collapsed (a multi-line field keeps
its line breaks) and in Unicode's composed form. Whether the values are acceptable (a
delegate's e-mail, a valid card number) is for the domain's rules, called by the use case
that shows the form for review.

A refusal (:class:`FormReadError`) never carries a field's value, nor pypdf's own
message, which could quote the file: it says what is wrong in the director's terms.
Every pypdf exception is replaced (``from None``), so not even a traceback chains one.
"""

from __future__ import annotations

import io
import unicodedata
from dataclasses import fields
from pathlib import Path
from typing import Any

from pypdf import PasswordType, PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, PdfObject

from escadesk.domain.card_authorization import MAX_SCAN_BYTES
from escadesk.forms.errors import FormReadError, Refusal
from escadesk.forms.fields import CARD_FIELDS, REGISTRATION_FIELDS, FormField
from escadesk.forms.quiet_pdf import quiet_pdf
from escadesk.forms.results import CardFormFields, F, FilledForm, RegistrationFormFields
from escadesk.forms.stamp import FORM_VERSION, STAMP_FIELD, FormKind, FormStamp
from escadesk.importing.errors import TableReadError
from escadesk.importing.files import open_regular, read_at_most

#: The largest form read: a filled card form becomes the signed scan kept in the vault,
#: whose limit this is. A generated form is about 10 KB; even one saved with embedded
#: fonts and a photographed signature stays far below it.
MAX_FORM_BYTES = MAX_SCAN_BYTES
#: Where a whole PDF's end-of-file marker must be: within its last 1024 bytes.
_TAIL = 1024


Source = bytes | bytearray | memoryview | str | Path
#: Each field's value (its /V, None when it has none) by the field's name, read from
#: pypdf's objects while pypdf is quiet and its errors are caught.
Fields = dict[str, Any]


def read_form(
    source: Source, workshop_code: str
) -> FilledForm[RegistrationFormFields] | FilledForm[CardFormFields]:
    """Either form of the workshop ``workshop_code``, whichever ``source`` is."""
    data, found, stamp = _open(source, workshop_code)
    if stamp.kind is FormKind.REGISTRATION:
        return FilledForm(stamp, _values(found, RegistrationFormFields, REGISTRATION_FIELDS), data)
    return FilledForm(stamp, _values(found, CardFormFields, CARD_FIELDS), data)


def read_registration_form(
    source: Source, workshop_code: str
) -> FilledForm[RegistrationFormFields]:
    """The registration form of ``workshop_code``; any other form is refused."""
    data, found, stamp = _open(source, workshop_code, FormKind.REGISTRATION)
    return FilledForm(stamp, _values(found, RegistrationFormFields, REGISTRATION_FIELDS), data)


def read_card_form(source: Source, workshop_code: str) -> FilledForm[CardFormFields]:
    """The card-authorization form of ``workshop_code``; any other form is refused."""
    data, found, stamp = _open(source, workshop_code, FormKind.CARD_AUTHORIZATION)
    return FilledForm(stamp, _values(found, CardFormFields, CARD_FIELDS), data)


# -- the file --------------------------------------------------------------------------------

_MEGABYTES = MAX_FORM_BYTES // (1024 * 1024)
_SCAN_ADVICE = "enter the form by hand, with the file as its scan"


def _bytes_of(source: Source) -> bytes:
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
    else:
        path = Path(source)
        try:
            with open_regular(path, "a saved PDF file") as handle:
                data = read_at_most(handle, MAX_FORM_BYTES)
        except TableReadError as error:
            raise FormReadError(Refusal.UNREADABLE_FILE, error.message) from None
        except OSError as error:
            reason = error.strerror or type(error).__name__
            raise FormReadError(
                Refusal.UNREADABLE_FILE, f"'{path.name}' cannot be opened ({reason})."
            ) from None
    if len(data) > MAX_FORM_BYTES:
        raise FormReadError(
            Refusal.TOO_LARGE,
            f"The file is larger than {_MEGABYTES} MB, the limit for a returned form; a "
            f"filled form is far smaller. If it is a large scan, {_SCAN_ADVICE}.",
        )
    if not data.startswith(b"%PDF-"):
        raise FormReadError(
            Refusal.NOT_PDF, "The file is not a PDF; choose the filled form as it was sent back."
        )
    if b"%%EOF" not in data[-_TAIL:]:
        raise FormReadError(
            Refusal.DAMAGED,
            "The PDF is cut short (it lacks the end every PDF has); ask for the file again.",
        )
    return data


def _open(
    source: Source, workshop_code: str, kind: FormKind | None = None
) -> tuple[bytes, Fields, FormStamp]:
    data = _bytes_of(source)
    with quiet_pdf():
        try:
            reader = PdfReader(io.BytesIO(data), strict=False)
            _decrypt(reader)
            form = reader.root_object.get("/AcroForm")
            form = form.get_object() if isinstance(form, PdfObject) else None
            if isinstance(form, DictionaryObject) and "/XFA" in form:
                raise FormReadError(
                    Refusal.XFA,
                    "This is an XFA form (made with Adobe LiveCycle or AEM Designer), not one "
                    "of the forms this workshop sends out; escadesk cannot read it. "
                    f"Ask for the workshop's own form, or {_SCAN_ADVICE}.",
                )
            found = {
                name: _raw_value(entry)
                for name, entry in (reader.get_fields() or {}).items()
                if isinstance(entry, dict)
            }
        except FormReadError:
            raise
        except Exception:  # pypdf's errors and its parsers' (kept out: they may quote the file)
            raise FormReadError(
                Refusal.DAMAGED, "The PDF is damaged and cannot be read; ask for the file again."
            ) from None
    stamp = _stamp(found)
    _check(stamp, workshop_code, kind)
    return data, found, stamp


def _decrypt(reader: PdfReader) -> None:
    """Open a PDF encrypted without a password to open it (only its editing is locked);
    refuse one that needs a password."""
    if not reader.is_encrypted:
        return
    try:
        opened = reader.decrypt("") is not PasswordType.NOT_DECRYPTED
    except Exception:  # an unknown or broken encryption method
        opened = False
    if not opened:
        raise FormReadError(
            Refusal.ENCRYPTED,
            "The PDF is protected by a password. Ask for the form again without a password "
            "(saved as an ordinary PDF).",
        )


# -- the stamp -------------------------------------------------------------------------------


def _stamp(found: Fields) -> FormStamp:
    if not found:
        raise FormReadError(
            Refusal.NO_FIELDS,
            "The PDF has no form fields: it is a scan, or was printed to PDF (which removes "
            f"the fields). Nothing can be read from it; {_SCAN_ADVICE}.",
        )
    value = found.get(STAMP_FIELD)
    stamp = FormStamp.decode(value) if isinstance(value, str) else None
    if stamp is None:
        raise FormReadError(
            Refusal.NOT_OURS,
            "The PDF has form fields, but it is not one of the forms escadesk makes for a "
            "workshop. Ask the organization to fill in the workshop's own form.",
        )
    return stamp


def _check(stamp: FormStamp, workshop_code: str, kind: FormKind | None) -> None:
    if stamp.version > FORM_VERSION:
        raise FormReadError(
            Refusal.NEWER_VERSION,
            f"This {stamp.kind.form_title.lower()} was made by a newer version of escadesk "
            f"(form version {stamp.version}); update escadesk to read it.",
        )
    if kind is not None and stamp.kind is not kind:
        raise FormReadError(
            Refusal.OTHER_KIND,
            f"This is the {stamp.kind.form_title.lower()}, not the {kind.form_title.lower()}.",
        )
    if stamp.workshop_code != workshop_code:
        raise FormReadError(
            Refusal.OTHER_WORKSHOP,
            f"This {stamp.kind.form_title.lower()} is for another workshop"
            f"{_named(stamp.workshop_code)}, not {workshop_code}.",
        )


def _named(code: str) -> str:
    """' (WS-2019)': the other workshop's code, when it looks like one. The stamp is text
    from the file, so anything else (a number long enough to be a card's) is not quoted."""
    plain = len(code) <= 40 and all(ch.isalnum() or ch in " ._-/" for ch in code)
    digits = sum(ch.isdigit() for ch in code)
    return f" ({code})" if plain and code.isprintable() and digits < 12 else ""


# -- the values ------------------------------------------------------------------------------


def _values(found: Fields, result: type[F], specs: tuple[FormField, ...]) -> F:
    texts = {spec.name: _text(found, spec) for spec in specs}
    assert set(texts) == {item.name for item in fields(result)}
    return result(**texts)


def _text(found: Fields, spec: FormField) -> str:
    if spec.name not in found:
        raise FormReadError(
            Refusal.ALTERED,
            f"The form's field '{spec.label}' is missing: the PDF was altered after it was "
            "sent out. Ask for the workshop's own form again.",
        )
    value = found[spec.name]
    if value is None:
        return ""
    if isinstance(value, bytes):  # a string pypdf could not decode as text
        return normalized(value.decode("utf-8", errors="replace"), multiline=spec.multiline)
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return normalized(str(value), multiline=spec.multiline)
    raise FormReadError(
        Refusal.ALTERED,
        f"The form's field '{spec.label}' holds something other than one text (several "
        "values, or a structure): the PDF was altered. Ask for the workshop's own form again.",
    )


def _raw_value(entry: dict[str, Any]) -> Any:
    """The field's /V, an indirect reference followed (and, in a list, each item)."""
    value = entry.get("/V")
    value = value.get_object() if isinstance(value, PdfObject) else value
    if isinstance(value, ArrayObject):
        return [item.get_object() if isinstance(item, PdfObject) else item for item in value]
    return value


def normalized(text: str, *, multiline: bool = False) -> str:
    """Composed Unicode, outer spaces trimmed and inner runs collapsed; a multi-line value
    keeps one line per non-blank line (PDF viewers end lines with CR, LF or both)."""
    text = unicodedata.normalize("NFC", text)
    if not multiline:
        return " ".join(text.split())
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)
