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
from escadesk.domain.money import money_text, percent_text
from escadesk.i18n import _, ngettext
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
    return _("{names} and {count} more").format(names=shown, count=more) if more > 0 else shown


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
        super().__init__(_("Confirmed organizations"), parent)
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
        count = len(overview.confirmed)
        if same is not None:
            headline = ngettext(
                "{count} organization at {fee}", "{count} organizations at {fee}", count
            ).format(count=count, fee=money_text(same))
        else:
            headline = ngettext("{count} organization", "{count} organizations", count).format(
                count=count
            )
        waitlist = names(overview.waitlist) if overview.waitlist else _("none")
        self.show_fact(headline, _("Waitlist: {names}").format(names=waitlist))
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
                fee = QLabel(money_text(entry.fee) if entry.fee else _("no fee fixed"))
                self.grid.addWidget(fee, row, 1, Qt.AlignmentFlag.AlignRight)
            charged = QLabel(_("✓ charged") if entry.charged is not None else _("not charged"))
            charged.setObjectName("" if entry.charged is not None else "muted")
            if entry.charged is not None:
                charged.setStyleSheet(f"color: {style.GOOD};")
            self.grid.addWidget(charged, row, 2, Qt.AlignmentFlag.AlignRight)
        more = len(overview.confirmed) - NAMED_AT_MOST
        if more > 0:
            self.grid.addWidget(
                muted(_("and {count} more (the table lists them all)").format(count=more)),
                NAMED_AT_MOST,
                0,
            )


def build_cards() -> dict[str, FactCard]:
    """The cards of the phases after the deadline, by name (see PHASE_CARDS)."""
    return {
        "outcome": FactCard(_("Outcome if decided now")),
        "held": FactCard(_("Card authorizations")),
        "confirmed": ConfirmedCard(),
        "charges": FactCard(_("Charges")),
        "letters": FactCard(_("Letters")),
        "erasures": FactCard(_("Cards and erasures")),
        "registrations": FactCard(_("Registrations")),
        "destroyed": FactCard(_("Cards destroyed")),
        "certificates": FactCard(_("Certificates of destruction")),
        "reports": FactCard(_("Benchmarking reports")),
        "labels": FactCard(_("Bronze labels")),
        "remaining": FactCard(_("Still to erase")),
    }


def header_text(overview: DeskOverview) -> str:
    """The line under the phase's title: the dates that matter now."""
    calendar = overview.calendar
    deadline = long_date(calendar.registration_deadline)
    event = long_date(calendar.event_date)
    decided = long_date(calendar.local(overview.decided_at).date()) if overview.decided_at else ""
    phase = overview.phase
    if phase is Phase.BEFORE_DEADLINE:
        return _("Last day to register: {deadline}; the workshop is on {event}.").format(
            deadline=deadline, event=event
        )
    if phase is Phase.DECISION_DUE:
        return _("Registration closed on {deadline}; the workshop is planned for {event}.").format(
            deadline=deadline, event=event
        )
    if phase is Phase.PROCEEDING:
        days = (calendar.event_date - calendar.local(overview.now).date()).days
        if days == 0:
            return _("Decided on {decided}; the workshop is on {event} (today).").format(
                decided=decided, event=event
            )
        return ngettext(
            "Decided on {decided}; the workshop is on {event} (in {count} day).",
            "Decided on {decided}; the workshop is on {event} (in {count} days).",
            days,
        ).format(decided=decided, event=event, count=days)
    if phase is Phase.CANCELLED:
        return _(
            "Decided on {decided}: every registration is cancelled and no card is charged."
        ).format(decided=decided)
    return _("The workshop took place on {event}.").format(event=event)


def fill_cards(cards: dict[str, FactCard], overview: DeskOverview) -> None:
    """Put the overview's numbers on the cards its phase shows."""
    phase = overview.phase
    if phase is Phase.DECISION_DUE:
        _outcome(cards["outcome"], overview)
        held = overview.cards.held
        destroys = overview.cards_the_decision_destroys
        if not destroys:
            consequence = _("Deciding now destroys none of them.")
        elif destroys < held:
            consequence = _(
                "Deciding now destroys {count} of them: the cards of registrations that "
                "cannot take part."
            ).format(count=destroys)
        else:
            consequence = _("Deciding now destroys every one of them.")
        cards["held"].show_fact(
            ngettext("{count} stored", "{count} stored", held).format(count=held), consequence
        )
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
        fact.show_fact(_("Not available"))
        return
    if plan.outcome is Outcome.PROCEED and plan.fee is not None:
        price = plan.fee.price
        revenue = price.times(plan.participants)
        fact.show_fact(
            ngettext(
                "Proceeds with {count} organization",
                "Proceeds with {count} organizations",
                plan.participants,
            ).format(count=plan.participants),
            _("{price} each ({rate} tax included)").format(
                price=money_text(price.gross), rate=percent_text(price.rate)
            ),
            _("Revenue {amount}").format(amount=money_text(revenue.gross)),
            _also(len(plan.waitlisted), len(plan.cancelled)),
            colour=style.GOOD,
        )
        return
    fact.show_fact(
        _("Does not proceed"),
        ngettext(
            "Fewer than {minimum} registrations are complete: {count} registration would be "
            "cancelled.",
            "Fewer than {minimum} registrations are complete: {count} registrations would be "
            "cancelled.",
            len(plan.cancelled),
        ).format(minimum=overview.calendar.minimum_organizations, count=len(plan.cancelled)),
        colour=style.BAD,
    )


def _also(waitlisted: int, cancelled: int) -> str:
    if waitlisted and cancelled:
        return ngettext(
            "{waitlisted} waitlisted; {count} incomplete registration cancelled.",
            "{waitlisted} waitlisted; {count} incomplete registrations cancelled.",
            cancelled,
        ).format(waitlisted=waitlisted, count=cancelled)
    if waitlisted:
        return _("{count} waitlisted.").format(count=waitlisted)
    if cancelled:
        return ngettext(
            "{count} incomplete registration cancelled.",
            "{count} incomplete registrations cancelled.",
            cancelled,
        ).format(count=cancelled)
    return ""


def _charges(fact: FactCard, overview: DeskOverview) -> None:
    tally = overview.charges
    if tally is None or not tally.expected:
        fact.show_fact(_("None to record"), _("Nobody takes part."))
        return
    done = tally.recorded == tally.expected
    fact.show_fact(
        _("{done} of {total} recorded").format(done=tally.recorded, total=tally.expected),
        _("Charged: {amount}").format(amount=money_text(tally.charged)),
        _("Every confirmed organization is charged.")
        if done
        else _("Still to charge: {amount}").format(amount=money_text(tally.to_charge)),
        _("Total: {amount}").format(amount=money_text(tally.charged + tally.to_charge))
        if not done
        else "",
        colour=style.GOOD if done else "",
    )


def _letters(fact: FactCard, overview: DeskOverview) -> None:
    letters = overview.letters
    headline = (
        ngettext("{count} due", "{count} due", letters.due).format(count=letters.due)
        if letters.due
        else _("None due")
    )
    fact.show_fact(
        headline,
        _("Sent: {count}").format(count=letters.sent),
        _("Saved as drafts: {count}").format(count=letters.drafts) if letters.drafts else "",
        colour=style.WARN if letters.due else style.GOOD,
    )


def _erasures(fact: FactCard, overview: DeskOverview) -> None:
    cards = overview.cards
    fact.show_fact(
        ngettext("{count} card still held", "{count} cards still held", cards.held).format(
            count=cards.held
        ),
        _("Destroyed, with certificates: {count}").format(count=cards.destroyed),
        _("Codes and scans erased: {count}").format(count=cards.codes_erased),
        _("Erasures pending: {count}").format(count=cards.pending)
        if cards.pending
        else _("No erasure pending."),
        colour=style.WARN if cards.pending else "",
    )


def _cancelled(cards: dict[str, FactCard], overview: DeskOverview) -> None:
    tally = overview.cards
    minimum = overview.calendar.minimum_organizations
    cards["registrations"].show_fact(
        ngettext("{count} cancelled", "{count} cancelled", overview.cancelled).format(
            count=overview.cancelled
        ),
        _("Fewer than {minimum} registrations were complete at the deadline.").format(
            minimum=minimum
        ),
        ngettext(
            "{count} withdrawn before.", "{count} withdrawn before.", overview.withdrawn
        ).format(count=overview.withdrawn)
        if overview.withdrawn
        else "",
    )
    destroyed = cards["destroyed"]
    if not tally.known:
        destroyed.show_fact(_("None held"), _("No card authorization was stored."))
    else:
        left = tally.held
        destroyed.show_fact(
            _("{done} of {total} destroyed").format(done=tally.destroyed, total=tally.known),
            ngettext(
                "{count} card still to destroy: finish erasing.",
                "{count} cards still to destroy: finish erasing.",
                left,
            ).format(count=left)
            if left
            else _("Every card authorization is destroyed."),
            colour=style.WARN if left else style.GOOD,
        )
    cards["certificates"].show_fact(
        str(tally.destroyed),
        _("One for each card destroyed; each cancellation letter carries its own."),
    )


def _after_event(cards: dict[str, FactCard], overview: DeskOverview) -> None:
    reports = overview.reports
    last = (
        _("Last written on {date}.").format(
            date=long_date(overview.calendar.local(reports.last_written).date())
        )
        if reports.last_written
        else _("None written yet.")
    )
    cards["reports"].show_fact(
        _("{done} of {total} written").format(done=reports.written, total=reports.participants),
        last,
        _("Sending is not recorded: the reports are files you send yourself."),
        colour=style.GOOD if reports.written == reports.participants else "",
    )
    cards["labels"].show_fact(
        _("{done} of {total} recorded").format(done=reports.labels, total=reports.participants),
        _("Awarded for taking part in the benchmarking exercise."),
        colour=style.GOOD if reports.labels == reports.participants else "",
    )
    tally = overview.cards
    to_charge = tally.held - tally.awaiting_retention - tally.no_longer_needed
    lines = [
        _("Cards waiting for their charge: {count}").format(count=to_charge)
        if to_charge > 0
        else "",
        _("Charged cards kept until their retention ends: {count}").format(
            count=tally.awaiting_retention
        )
        if tally.awaiting_retention
        else "",
        _("Cards that will never be charged: {count}").format(count=tally.no_longer_needed)
        if tally.no_longer_needed
        else "",
        _("Signed forms not recorded as destroyed: {count}").format(count=overview.paper_to_destroy)
        if overview.paper_to_destroy
        else "",
    ]
    if overview.personal_data_purged:
        lines.append(_("Personal data: purged."))
    elif overview.personal_data_purge_on is not None:
        lines.append(
            _("Personal data: purge due {date}.").format(
                date=long_date(overview.personal_data_purge_on)
            )
        )
    left = tally.held + overview.paper_to_destroy
    cards["remaining"].show_fact(
        ngettext("{count} card held", "{count} cards held", tally.held).format(count=tally.held)
        if left
        else _("No card or form left"),
        *lines,
        colour=style.WARN if left else style.GOOD,
    )
