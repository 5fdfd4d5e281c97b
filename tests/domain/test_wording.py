"""Counted words agree with their number (issue 16, item 7: no "registration(s)")."""

from __future__ import annotations

from escadesk.domain.wording import counted, verb


def test_counted_words_agree() -> None:
    assert counted(1, "form") == "1 form"
    assert counted(0, "form") == "0 forms"
    assert counted(2, "delegate-list entry", "delegate-list entries") == "2 delegate-list entries"
    assert counted(1200, "registration") == "1,200 registrations"
    assert (verb(1, "is", "are"), verb(3, "is", "are")) == ("is", "are")
