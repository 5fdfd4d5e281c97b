"""The dashboard's cards from the deadline on: each phase's own headings and numbers.

Filled from a DeskOverview (services/lifecycle.py); which cards a phase shows is said
once, in PHASE_CARDS. Before the deadline the dashboard keeps its quorum, fee and
"if registration closed now" cards (ui/dashboard.py); from the deadline the quorum card
stays and these take over.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from escadesk.domain.decision import Outcome
from escadesk.domain.lifecycle import Phase
from escadesk.domain.moments import long_date
from escadesk.domain.money import format_percent
from escadesk.domain.wording import counted
from escadesk.ui import style

if TYPE_CHECKING:
    from escadesk.services.lifecycle import DeskOverview

#: Organizations named on a card (the confirmed, the waitlist): a card lists a few, the
#: table lists them all. Thousands of labels made every refresh take seconds (issue 17).
NAMED_AT_MOST = 12

#: The cards each phase shows, left to right (names of DashboardWidget.cards).
PHASE_CARDS: dict[Phase, tuple[str, ...]] = {
    Phase.BEFORE_DEADLINE: ("quorum", "fees", "revenue"),
    Phase.DECISION_DUE: ("quorum", "outcome", "held"),
    Phase.PROCEEDING: ("confirmed", "charges", "letters", "erasures"),
    Phase.CANCELLED: ("registrations", "destroyed", "certificates", "letters"),
    Phase.AFTER_EVENT: ("reports", "labels", "charges", "remaining"),
}


def card(title: str) -> tuple[QFrame, QVBoxLayout]:
    """A white card with its title in small capitals; the caller fills the layout."""
    frame = QFrame()
    frame.setObjectName("card")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(16, 12, 16, 14)
    layout.setSpacing(6)
    heading = QLabel(title.upper())
    heading.setObjectName("cardTitle")
    heading.setAccessibleName(title)
    layout.addWidget(heading)
    frame.setAccessibleName(title)
    return frame, layout


def names(organizations: Sequence[str], limit: int = NAMED_AT_MOST) -> str:
    """ "A, B, C" — at most ``limit`` of them, then how many more."""
    shown = ", ".join(organizations[:limit])
    more = len(organizations) - limit
    return f"{shown} and {more} more" if more > 0 else shown


def muted(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setObjectName("muted")
    label.setWordWrap(True)
    return label


class FactCard(QFrame):
    """A card with a title, one headline number and a few lines of detail."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.setAccessibleName(title)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 14)
        layout.setSpacing(6)
        self.title = QLabel(title.upper())
        self.title.setObjectName("cardTitle")
        self.headline = QLabel()
        self.headline.setObjectName("headline")
        self.headline.setWordWrap(True)
        self.body = muted()
        layout.addWidget(self.title)
        layout.addWidget(self.headline)
        self.extra = QVBoxLayout()
        self.extra.setSpacing(4)
        layout.addLayout(self.extra)
        layout.addWidget(self.body)
        layout.addStretch(1)

    def show_fact(self, headline: str, *lines: str, colour: str = "") -> None:
        self.headline.setText(headline)
        self.headline.setStyleSheet(f"color: {colour};" if colour else "")
        text = "\n".join(line for line in lines if line)
        self.body.setText(text)
        self.body.setVisible(bool(text))


class ConfirmedCard(FactCard):
    """The organizations taking part, each with its fee and whether it is charged."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Confirmed organizations", parent)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(12)
        self.grid.setVerticalSpacing(2)
        self.grid.setColumnStretch(0, 1)
        self.extra.addLayout(self.grid)
        #: What the grid lists (the same again is not laid out again).
        self._listed: object = None

    def show_confirmed(self, overview: DeskOverview) -> None:
        fees = {entry.fee for entry in overview.confirmed}
        same = next(iter(fees)) if len(fees) == 1 else None
        headline = counted(len(overview.confirmed), "organization")
        if same is not None:
            headline += f" at {same.format()}"
        waitlist = names(overview.waitlist) if overview.waitlist else "none"
        self.show_fact(headline, f"Waitlist: {waitlist}")
        listed = (overview.confirmed[:NAMED_AT_MOST], len(overview.confirmed), same)
        if listed == self._listed:
            return  # a refresh that changed none of them: no new labels, no layout
        self._listed = listed
        while (item := self.grid.takeAt(0)) is not None:
            widget = item.widget()
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        for row, entry in enumerate(overview.confirmed[:NAMED_AT_MOST]):
            name = QLabel(entry.organization)
            name.setWordWrap(True)
            self.grid.addWidget(name, row, 0)
            if same is None:
                fee = QLabel(entry.fee.format() if entry.fee else "no fee fixed")
                self.grid.addWidget(fee, row, 1, Qt.AlignmentFlag.AlignRight)
            charged = QLabel("✓ charged" if entry.charged is not None else "not charged")
            charged.setObjectName("" if entry.charged is not None else "muted")
            if entry.charged is not None:
                charged.setStyleSheet(f"color: {style.GOOD};")
            self.grid.addWidget(charged, row, 2, Qt.AlignmentFlag.AlignRight)
        more = len(overview.confirmed) - NAMED_AT_MOST
        if more > 0:
            self.grid.addWidget(
                muted(f"and {more} more (the table lists them all)"), NAMED_AT_MOST, 0
            )


def build_cards() -> dict[str, FactCard]:
    """The cards of the phases after the deadline, by name (see PHASE_CARDS)."""
    return {
        "outcome": FactCard("Outcome if decided now"),
        "held": FactCard("Card authorizations"),
        "confirmed": ConfirmedCard(),
        "charges": FactCard("Charges"),
        "letters": FactCard("Letters"),
        "erasures": FactCard("Cards and erasures"),
        "registrations": FactCard("Registrations"),
        "destroyed": FactCard("Cards destroyed"),
        "certificates": FactCard("Certificates of destruction"),
        "reports": FactCard("Benchmarking reports"),
        "labels": FactCard("Bronze labels"),
        "remaining": FactCard("Still to erase"),
    }


def header_text(overview: DeskOverview) -> str:
    """The line under the phase's title: the dates that matter now."""
    calendar = overview.calendar
    deadline = long_date(calendar.registration_deadline)
    event = long_date(calendar.event_date)
    decided = long_date(calendar.local(overview.decided_at).date()) if overview.decided_at else ""
    phase = overview.phase
    if phase is Phase.BEFORE_DEADLINE:
        return f"Last day to register: {deadline}; the workshop is on {event}."
    if phase is Phase.DECISION_DUE:
        return f"Registration closed on {deadline}; the workshop is planned for {event}."
    if phase is Phase.PROCEEDING:
        days = (calendar.event_date - calendar.local(overview.now).date()).days
        when = "today" if days == 0 else f"in {counted(days, 'day')}"
        return f"Decided on {decided}; the workshop is on {event} ({when})."
    if phase is Phase.CANCELLED:
        return f"Decided on {decided}: every registration is cancelled and no card is charged."
    return f"The workshop took place on {event}."


def fill_cards(cards: dict[str, FactCard], overview: DeskOverview) -> None:
    """Put the overview's numbers on the cards its phase shows."""
    phase = overview.phase
    if phase is Phase.DECISION_DUE:
        _outcome(cards["outcome"], overview)
        held = overview.cards.held
        destroys = overview.cards_the_decision_destroys
        if not destroys:
            consequence = "Deciding now destroys none of them."
        elif destroys < held:
            consequence = (
                f"Deciding now destroys {destroys} of them: the cards of registrations that "
                "cannot take part."
            )
        else:
            consequence = "Deciding now destroys every one of them."
        cards["held"].show_fact(f"{held} stored", consequence)
    if "confirmed" in PHASE_CARDS[phase]:
        confirmed = cards["confirmed"]
        assert isinstance(confirmed, ConfirmedCard)
        confirmed.show_confirmed(overview)
    if "charges" in PHASE_CARDS[phase]:
        _charges(cards["charges"], overview)
    if "letters" in PHASE_CARDS[phase]:
        _letters(cards["letters"], overview)
    if phase is Phase.PROCEEDING:
        _erasures(cards["erasures"], overview)
    if phase is Phase.CANCELLED:
        _cancelled(cards, overview)
    if phase is Phase.AFTER_EVENT:
        _after_event(cards, overview)


def _outcome(fact: FactCard, overview: DeskOverview) -> None:
    plan = overview.plan
    if plan is None:
        fact.show_fact("Not available")
        return
    if plan.outcome is Outcome.PROCEED and plan.fee is not None:
        price = plan.fee.price
        revenue = price.times(plan.participants)
        fact.show_fact(
            f"Proceeds with {counted(plan.participants, 'organization')}",
            f"{price.gross.format()} each ({format_percent(price.rate)} tax included)",
            f"Revenue {revenue.gross.format()}",
            _also(len(plan.waitlisted), len(plan.cancelled)),
            colour=style.GOOD,
        )
        return
    fact.show_fact(
        "Does not proceed",
        f"Fewer than {overview.calendar.minimum_organizations} registrations are complete: "
        f"{counted(len(plan.cancelled), 'registration')} would be cancelled.",
        colour=style.BAD,
    )


def _also(waitlisted: int, cancelled: int) -> str:
    parts = []
    if waitlisted:
        parts.append(f"{waitlisted} waitlisted")
    if cancelled:
        parts.append(f"{counted(cancelled, 'incomplete registration')} cancelled")
    return "; ".join(parts).capitalize() + "." if parts else ""


def _charges(fact: FactCard, overview: DeskOverview) -> None:
    tally = overview.charges
    if tally is None or not tally.expected:
        fact.show_fact("None to record", "Nobody takes part.")
        return
    done = tally.recorded == tally.expected
    fact.show_fact(
        f"{tally.recorded} of {tally.expected} recorded",
        f"Charged: {tally.charged.format()}",
        "Every confirmed organization is charged."
        if done
        else f"Still to charge: {tally.to_charge.format()}",
        f"Total: {(tally.charged + tally.to_charge).format()}" if not done else "",
        colour=style.GOOD if done else "",
    )


def _letters(fact: FactCard, overview: DeskOverview) -> None:
    letters = overview.letters
    headline = f"{letters.due} due" if letters.due else "None due"
    fact.show_fact(
        headline,
        f"Sent: {letters.sent}",
        f"Saved as drafts: {letters.drafts}" if letters.drafts else "",
        colour=style.WARN if letters.due else style.GOOD,
    )


def _erasures(fact: FactCard, overview: DeskOverview) -> None:
    cards = overview.cards
    fact.show_fact(
        f"{counted(cards.held, 'card')} still held",
        f"Destroyed, with certificates: {cards.destroyed}",
        f"Codes and scans erased: {cards.codes_erased}",
        f"Erasures pending: {cards.pending}" if cards.pending else "No erasure pending.",
        colour=style.WARN if cards.pending else "",
    )


def _cancelled(cards: dict[str, FactCard], overview: DeskOverview) -> None:
    tally = overview.cards
    minimum = overview.calendar.minimum_organizations
    cards["registrations"].show_fact(
        f"{overview.cancelled} cancelled",
        f"Fewer than {minimum} registrations were complete at the deadline.",
        f"{overview.withdrawn} withdrawn before." if overview.withdrawn else "",
    )
    destroyed = cards["destroyed"]
    if not tally.known:
        destroyed.show_fact("None held", "No card authorization was stored.")
    else:
        left = tally.held
        destroyed.show_fact(
            f"{tally.destroyed} of {tally.known} destroyed",
            f"{counted(left, 'card')} still to destroy: finish erasing."
            if left
            else "Every card authorization is destroyed.",
            colour=style.WARN if left else style.GOOD,
        )
    cards["certificates"].show_fact(
        str(tally.destroyed),
        "One for each card destroyed; each cancellation letter carries its own.",
    )


def _after_event(cards: dict[str, FactCard], overview: DeskOverview) -> None:
    reports = overview.reports
    last = (
        f"Last written on {long_date(overview.calendar.local(reports.last_written).date())}."
        if reports.last_written
        else "None written yet."
    )
    cards["reports"].show_fact(
        f"{reports.written} of {reports.participants} written",
        last,
        "Sending is not recorded: the reports are files you send yourself.",
        colour=style.GOOD if reports.written == reports.participants else "",
    )
    cards["labels"].show_fact(
        f"{reports.labels} of {reports.participants} recorded",
        "Awarded for taking part in the benchmarking exercise.",
        colour=style.GOOD if reports.labels == reports.participants else "",
    )
    tally = overview.cards
    to_charge = tally.held - tally.awaiting_retention - tally.no_longer_needed
    lines = [
        f"Cards waiting for their charge: {to_charge}" if to_charge > 0 else "",
        f"Charged cards kept until their retention ends: {tally.awaiting_retention}"
        if tally.awaiting_retention
        else "",
        f"Cards that will never be charged: {tally.no_longer_needed}"
        if tally.no_longer_needed
        else "",
        f"Signed forms not recorded as destroyed: {overview.paper_to_destroy}"
        if overview.paper_to_destroy
        else "",
    ]
    if overview.personal_data_purged:
        lines.append("Personal data: purged.")
    elif overview.personal_data_purge_on is not None:
        lines.append(f"Personal data: purge due {long_date(overview.personal_data_purge_on)}.")
    left = tally.held + overview.paper_to_destroy
    cards["remaining"].show_fact(
        f"{counted(tally.held, 'card')} held" if left else "No card or form left",
        *lines,
        colour=style.WARN if left else style.GOOD,
    )
