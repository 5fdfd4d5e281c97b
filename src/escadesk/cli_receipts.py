"""``escadesk-cli receipts`` and ``escadesk-cli refund``: the workshop's tax documents.

- ``receipts --workshop ID --out DIR``: every invoice and credit note of the workshop as
  PDF (the missing invoices issued first), each file written whole or not at all;
- ``refund --registration ID --amount … --date … --reference … --reason …``: record a
  refund of an organization's charge and issue its credit note.

Neither needs the vault: an invoice shows a card only as its mask, kept with the charge.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from escadesk.cli_arguments import whole_number
from escadesk.cli_codes import OK, REFUSED, Failure
from escadesk.cli_output import one_line
from escadesk.i18n import _

if TYPE_CHECKING:
    from escadesk.app import Services


def registration_id(text: str) -> int:
    return whole_number(
        text, _("a registration id"), _(" (escadesk-cli charges lists the charged)")
    )


def amount(text: str) -> Decimal:
    """'500', '500.00' or '1,250.50': a plain amount, refused when it is not one."""
    try:
        value = Decimal(text.strip().replace(",", ""))
    except InvalidOperation:
        raise argparse.ArgumentTypeError(
            _("the amount is a number such as 500.00, not {text!r}").format(text=text)
        ) from None
    if not value.is_finite():
        raise argparse.ArgumentTypeError(
            _("the amount is a number such as 500.00, not {text!r}").format(text=text)
        )
    return value


def day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("the date is written YYYY-MM-DD (2018-10-05), not {text!r}").format(text=text)
        ) from None


def add_parsers(
    commands: argparse._SubParsersAction,
    workshop_id: Callable[[str], int],
    path: Callable[[str], Path],
) -> None:
    """``workshop_id`` and ``path`` are escadesk-cli's own argument checks."""
    receipts = commands.add_parser(
        "receipts",
        help=_("write the invoices and credit notes of a workshop (PDF)"),
        description=_(
            "Write every invoice and credit note of a workshop as a PDF into a "
            "folder (created if missing); a charge without its invoice gets it first. Each file "
            "is written whole or not at all; a file of the same name is replaced. Refused, with "
            "nothing issued, while Settings lack the institute's GST/HST registration number."
        ),
    )
    receipts.add_argument("--workshop", type=workshop_id, required=True, help=_("workshop id"))
    receipts.add_argument(
        "--out", type=path, required=True, metavar="DIR", help=_("folder for the PDFs")
    )

    refund = commands.add_parser(
        "refund",
        help=_("record a refund of a charge and issue its credit note"),
        description=_(
            "Record money given back on an organization's charge (all or part of "
            "it, after earlier refunds) and issue its credit note. Every problem is named with "
            "its option; nothing is stored then."
        ),
    )
    refund.add_argument(
        "--registration", type=registration_id, required=True, help=_("registration id")
    )
    refund.add_argument(
        "--amount", type=amount, required=True, help=_("amount refunded, e.g. 500.00")
    )
    refund.add_argument("--date", type=day, required=True, help=_("day of the refund, YYYY-MM-DD"))
    refund.add_argument("--reference", required=True, help=_("the terminal's refund reference"))
    refund.add_argument("--reason", required=True, help=_("why the money is given back"))


#: The refusal's field, as the option that carries it.
_OPTIONS = {
    "amount": "--amount",
    "refunded_on": "--date",
    "reference": "--reference",
    "reason": "--reason",
    "registration": "--registration",
}


def receipts(services: Services, options: argparse.Namespace, _in: TextIO, out: TextIO) -> int:
    from escadesk.cli_messages import write_failure

    folder: Path = options.out
    try:
        written = services.invoices.write_pdfs(options.workshop, folder)
    except OSError as error:
        raise Failure(REFUSED, write_failure(error, folder, folder=True)) from None
    for written_path in written:
        print(written_path, file=out)
    if not written:
        print(_("No invoices yet: nobody has been charged in this workshop."), file=out)
    return OK


def refund(services: Services, options: argparse.Namespace, _in: TextIO, out: TextIO) -> int:
    from escadesk.domain.validation import ValidationError

    try:
        note = services.invoices.record_refund(
            options.registration, options.amount, options.date, options.reference, options.reason
        )
    except ValidationError as error:
        lines = [f"{_OPTIONS.get(p.field, p.field)}: {p.message}" for p in error.problems]
        raise Failure(
            REFUSED,
            one_line(_("refused: nothing was stored; {join}").format(join="; ".join(lines))),
        ) from None
    document = note.document
    print(
        _(
            "Refund of {gross} to {buyer} recorded: credit note {number} on invoice {refers_to}."
        ).format(
            gross=document.amounts.gross,
            buyer=document.buyer,
            number=note.number,
            refers_to=document.refers_to,
        ),
        file=out,
    )
    return OK


SERVICE_HANDLERS: dict[str, Callable[[Services, argparse.Namespace, TextIO, TextIO], int]] = {
    "receipts": receipts,
    "refund": refund,
}
