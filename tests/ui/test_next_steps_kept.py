"""Next-step buttons are made again only when the steps or the letters taken change
(issue 17): most refreshes of the desk change neither, and new buttons cost a layout of
the desk each time."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from escadesk.domain.lifecycle import NextStep, StepKey
from escadesk.ui.next_steps import NextStepButtons, mnemonic_of

LETTERS = NextStep(StepKey.LETTERS, "Send letters…", "3 organizations not told yet")
CHARGES = NextStep(StepKey.CHARGES, "Charge cards…", "2 confirmed, not charged")


def test_the_same_steps_keep_their_buttons(qtbot: QtBot) -> None:
    row = NextStepButtons()
    qtbot.addWidget(row)
    row.set_steps([LETTERS, CHARGES], {"v"})
    first = dict(row.buttons)
    row.set_steps((LETTERS, CHARGES), iter(["v"]))  # equal, as another sequence
    assert row.buttons == first
    assert all(a is b for a, b in zip(row.buttons.values(), first.values(), strict=True))


def test_other_steps_or_letters_make_new_buttons(qtbot: QtBot) -> None:
    row = NextStepButtons()
    qtbot.addWidget(row)
    row.set_steps([LETTERS, CHARGES], set())
    letter = mnemonic_of(row.buttons["letters"].text())
    assert letter is not None
    row.set_steps([LETTERS, CHARGES], {letter})  # that letter is now taken elsewhere
    assert mnemonic_of(row.buttons["letters"].text()) not in {letter, None}
    row.set_steps([CHARGES], {letter})
    assert list(row.buttons) == ["charges"]


def test_the_same_steps_show_the_row_again(qtbot: QtBot) -> None:
    """As before: setting the steps shows the row if it has any, even unchanged."""
    row = NextStepButtons()
    qtbot.addWidget(row)
    row.show()
    row.set_steps([LETTERS], set())
    row.hide()
    row.set_steps([LETTERS], set())
    assert row.isVisible()
    row.set_steps([], set())
    assert not row.isVisible()
