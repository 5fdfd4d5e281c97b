"""Filled forms read back: the text of each field, or a refusal the director can act on.

The reader only reads: it tells which form and workshop a PDF is for (its hidden stamp),
and returns each field's text trimmed, its spaces collapsed (a multi-line field keeps
its line breaks) and in Unicode's composed form. Whether the values are acceptable (a
delegate's e-mail, a valid card number) is for the domain's rules, called by the use case
that shows the form for review.

A refusal (:class:`FormReadError`) never carries a field's value, nor pypdf's own
message, which could quote the file: it says what is wrong in the director's terms, in
the window's language (whole sentences, one per form where a form is named).
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
from escadesk.i18n import N_, _, format_decimal
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
#: What open_regular asks for instead of a folder or a device.
_WANTED = N_("a saved PDF file")
_TOO_LARGE = N_(
    "The file is larger than {megabytes} MB, the limit for a returned form; a filled form is "
    "far smaller. If it is a large scan, enter the form by hand, with the file as its scan."
)
_XFA = N_(
    "This is an XFA form (made with Adobe LiveCycle or AEM Designer), not one of the forms "
    "this workshop sends out; escadesk cannot read it. Ask for the workshop's own form, or "
    "enter the form by hand, with the file as its scan."
)
_NO_FIELDS = N_(
    "The PDF has no form fields: it is a scan, or was printed to PDF (which removes the "
    "fields). Nothing can be read from it; enter the form by hand, with the file as its scan."
)
#: One sentence per form (its name is not spliced in: French agrees words with it).
_NEWER = {
    FormKind.REGISTRATION: N_(
        "This registration form was made by a newer version of escadesk (form version "
        "{version}); update escadesk to read it."
    ),
    FormKind.CARD_AUTHORIZATION: N_(
        "This credit-card authorization form was made by a newer version of escadesk (form "
        "version {version}); update escadesk to read it."
    ),
}
_OTHER_KIND = {
    FormKind.REGISTRATION: N_(
        "This is the registration form, not the credit-card authorization form."
    ),
    FormKind.CARD_AUTHORIZATION: N_(
        "This is the credit-card authorization form, not the registration form."
    ),
}
_OTHER_WORKSHOP = {
    FormKind.REGISTRATION: N_(
        "This registration form is for another workshop ({found}), not {expected}."
    ),
    FormKind.CARD_AUTHORIZATION: N_(
        "This credit-card authorization form is for another workshop ({found}), not {expected}."
    ),
}
#: The other workshop's code cannot be shown (it does not look like one).
_OTHER_WORKSHOP_UNNAMED = {
    FormKind.REGISTRATION: N_("This registration form is for another workshop, not {expected}."),
    FormKind.CARD_AUTHORIZATION: N_(
        "This credit-card authorization form is for another workshop, not {expected}."
    ),
}


def _bytes_of(source: Source) -> bytes:
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
    else:
        path = Path(source)
        try:
            with open_regular(path, _WANTED) as handle:
                data = read_at_most(handle, MAX_FORM_BYTES)
        except TableReadError as error:
            raise FormReadError(Refusal.UNREADABLE_FILE, error.message) from None
        except OSError as error:
            reason = error.strerror or type(error).__name__
            raise FormReadError(
                Refusal.UNREADABLE_FILE,
                # Translators: {reason} is the system's own words ("Permission denied").
                _("'{name}' cannot be opened ({reason}).").format(name=path.name, reason=reason),
            ) from None
    if len(data) > MAX_FORM_BYTES:
        raise FormReadError(
            Refusal.TOO_LARGE, _(_TOO_LARGE).format(megabytes=format_decimal(_MEGABYTES))
        )
    if not data.startswith(b"%PDF-"):
        raise FormReadError(
            Refusal.NOT_PDF,
            _("The file is not a PDF; choose the filled form as it was sent back."),
        )
    if b"%%EOF" not in data[-_TAIL:]:
        raise FormReadError(
            Refusal.DAMAGED,
            _("The PDF is cut short (it lacks the end every PDF has); ask for the file again."),
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
                raise FormReadError(Refusal.XFA, _(_XFA))
            found = {
                name: _raw_value(entry)
                for name, entry in (reader.get_fields() or {}).items()
                if isinstance(entry, dict)
            }
        except FormReadError:
            raise
        except Exception:  # pypdf's errors and its parsers' (kept out: they may quote the file)
            raise FormReadError(
                Refusal.DAMAGED, _("The PDF is damaged and cannot be read; ask for the file again.")
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
            _(
                "The PDF is protected by a password. Ask for the form again without a password "
                "(saved as an ordinary PDF)."
            ),
        )


# -- the stamp -------------------------------------------------------------------------------


def _stamp(found: Fields) -> FormStamp:
    if not found:
        raise FormReadError(Refusal.NO_FIELDS, _(_NO_FIELDS))
    value = found.get(STAMP_FIELD)
    stamp = FormStamp.decode(value) if isinstance(value, str) else None
    if stamp is None:
        raise FormReadError(
            Refusal.NOT_OURS,
            _(
                "The PDF has form fields, but it is not one of the forms escadesk makes for a "
                "workshop. Ask the organization to fill in the workshop's own form."
            ),
        )
    return stamp


def _check(stamp: FormStamp, workshop_code: str, kind: FormKind | None) -> None:
    if stamp.version > FORM_VERSION:
        raise FormReadError(
            Refusal.NEWER_VERSION,
            _(_NEWER[stamp.kind]).format(version=stamp.version),
        )
    if kind is not None and stamp.kind is not kind:
        raise FormReadError(Refusal.OTHER_KIND, _(_OTHER_KIND[stamp.kind]))
    if stamp.workshop_code != workshop_code:
        found = stamp.workshop_code
        message = (
            _(_OTHER_WORKSHOP[stamp.kind]).format(found=found, expected=workshop_code)
            if _shown(found)
            else _(_OTHER_WORKSHOP_UNNAMED[stamp.kind]).format(expected=workshop_code)
        )
        raise FormReadError(Refusal.OTHER_WORKSHOP, message)


def _shown(code: str) -> bool:
    """Whether the other workshop's code may be named (WS-2019): it looks like one. The
    stamp is text from the file, so anything else (a number long enough to be a card's) is
    not quoted."""
    plain = len(code) <= 40 and all(ch.isalnum() or ch in " ._-/" for ch in code)
    digits = sum(ch.isdigit() for ch in code)
    return plain and code.isprintable() and digits < 12


# -- the values ------------------------------------------------------------------------------


def _values(found: Fields, result: type[F], specs: tuple[FormField, ...]) -> F:
    texts = {spec.name: _text(found, spec) for spec in specs}
    assert set(texts) == {item.name for item in fields(result)}
    return result(**texts)


def _text(found: Fields, spec: FormField) -> str:
    if spec.name not in found:
        raise FormReadError(
            Refusal.ALTERED,
            _(
                "The form's field '{label}' is missing: the PDF was altered after it was sent "
                "out. Ask for the workshop's own form again."
            ).format(label=_(spec.label)),
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
        _(
            "The form's field '{label}' holds something other than one text (several values, "
            "or a structure): the PDF was altered. Ask for the workshop's own form again."
        ).format(label=_(spec.label)),
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
