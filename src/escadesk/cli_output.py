"""What ``escadesk-cli`` writes on standard error: one line, no control characters, no
card number.

Every message passes through here - a refusal, a usage error, a log record, a bug - so
whatever the text came from (a file name, a database driver, a typed value), standard
error gets one readable line that cannot reorder the terminal or show a card number.
"""

from __future__ import annotations

import re
import sys

from escadesk.i18n import _

#: Line breaks (and white space around them) become one space.
_LINE_BREAKS = re.compile(r"\s*[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]+\s*")
#: Shown as escapes: terminal controls and the bidi overrides that reorder what is read.
_UNSAFE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_DIGIT_RUN = re.compile(r"[0-9](?:[ -]?[0-9])*")


def one_line(text: str) -> str:
    text = _LINE_BREAKS.sub(" ", text).strip()
    text = _UNSAFE.sub(lambda found: ascii(found.group())[1:-1], text)
    return _without_cards(text)


def _without_cards(text: str) -> str:
    """``text`` with anything that could be a card number hidden (the shared guard)."""
    from escadesk.domain.cards import contains_card_number

    if not contains_card_number(text):
        return text
    hidden = _DIGIT_RUN.sub(
        lambda run: _("[card number hidden]") if contains_card_number(run.group()) else run.group(),
        text,
    )
    return re.sub(r"[0-9]", "#", hidden) if contains_card_number(hidden) else hidden


def say(message: str) -> None:
    """One line on standard error, however the message came."""
    write_line(f"escadesk-cli: {one_line(message)}")


def write_line(line: str) -> None:
    try:
        print(line, file=sys.stderr)
    except UnicodeEncodeError:  # a stream that cannot show it (a lone surrogate, ASCII)
        print(line.encode("ascii", "backslashreplace").decode("ascii"), file=sys.stderr)


def shown(value: object, limit: int = 160) -> str:
    """A path or text as quoted in a message: a very long one keeps its two ends."""
    text = str(value)
    if len(text) <= limit:
        return text
    half = (limit - 1) // 2
    return f"{text[:half]}…{text[-half:]}"


def quoted(text: str) -> str:
    return f"'{shown(text, 40)}'"
