"""``escadesk --self-test``: prove that this build of the app works, without a display.

Every release bundle runs it right after it is built (``installer/build.py``): a frozen app
can miss a module, a Qt plugin, a template or a migration that the development checkout
has, and only running the real thing finds out. It starts the real main window offscreen
against a temporary data folder, sets up the vault through its set-up page, creates a
workshop, stores a well-known test card, writes both Excel workbooks and reads them back,
erases the card, and checks at each step that the card number never reached a file in
clear. The director's data and the system keychain are never touched: the folder is
temporary, the device key lives in memory and the key derivation is deliberately weak.

One line per check; exit code 0 only if every check passed, 1 at the first failure.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
import traceback
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import timedelta
from functools import cmp_to_key
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication, QWidget

    from escadesk.app import Services
    from escadesk.ui.main_window import MainWindow

#: Visa's public test number: it can never be charged (the only kind of card a test uses).
TEST_CARD = "4111 1111 1111 1111"
TEST_CARD_MASK = "•••• 1111"
PASSPHRASE = "self-test passphrase 2018"
WORKSHOP_CODE = "SELF-TEST"
ORGANIZATION = "Self-Test Photonics Cluster"
CONTACT_EMAIL = "sam.tester@self-test.example"
#: Seconds to wait for the window, the data or the vault before calling the step failed.
WAIT_SECONDS = 60.0

#: The native platform plugin each system's desk needs (offscreen is what the test uses).
NATIVE_PLATFORM_PLUGINS = {
    "linux": "libqxcb.so",
    "win32": "qwindows.dll",
    "darwin": "libqcocoa.dylib",
}
#: The keyring backend that holds the device key on each system.
NATIVE_KEYRINGS = {
    "linux": "keyring.backends.SecretService",
    "win32": "keyring.backends.Windows",
    "darwin": "keyring.backends.macOS",
}
#: Image formats a scanned authorization form may come in (PNG is built into QtGui).
IMAGE_FORMATS = ("png", "jpeg", "jpg")
#: Names whose order differs at the first letter only once accents are understood
#: (exercises Qt's collation and, on Linux, the bundled ICU data).
COLLATION_SAMPLE = ("Zoë", "Émile", "eve", "Amélie", "école", "Ärger")


class CheckFailed(Exception):
    """A check found something wrong (as opposed to crashing)."""


@dataclass
class Run:
    """What the steps share: the folders, the window, the services and the ids made."""

    root: Path
    app: QApplication | None = None
    window: MainWindow | None = None
    services: Services | None = None
    workshop_id: int = 0
    registration_id: int = 0

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def exports_dir(self) -> Path:
        return self.root / "exports"

    def require_window(self) -> MainWindow:
        if self.window is None:
            raise CheckFailed("the main window was not created")
        return self.window

    def require_services(self) -> Services:
        if self.services is None:
            raise CheckFailed("the data was not opened")
        return self.services


def run_self_test(out: TextIO | None = None, report: Path | None = None) -> int:
    """Run every check in order; 0 if all passed, 1 at the first failure.

    Lines go to ``out`` (standard output when there is one: a windowed Windows build has
    none) and, if given, to the ``report`` file as well.
    """
    stream = out if out is not None else sys.stdout
    lines: list[str] = []

    def say(line: str) -> None:
        lines.append(line)
        if stream is not None:
            try:
                print(line, file=stream, flush=True)
            except UnicodeEncodeError:  # a console without "•" (the report file has it)
                print(line.encode("ascii", "replace").decode("ascii"), file=stream, flush=True)
        if report is not None:
            report.write_text("\n".join(lines) + "\n", encoding="utf-8")

    from escadesk import __version__
    from escadesk.qt_libraries import advice, error_text

    say(f"escadesk {__version__} self-test ({sys.platform}, frozen: {is_frozen()})")
    started = time.monotonic()
    root = Path(tempfile.mkdtemp(prefix="escadesk-self-test-"))
    state = Run(root)
    code = 0
    try:
        for name, step in STEPS:
            try:
                detail = step(state)
            except Exception as error:
                say(f"FAIL {name}: {type(error).__name__}: {error}")
                for line in traceback.format_exc().rstrip().splitlines():
                    say(f"     {line}")
                # A system library missing: name the packages that bring it.
                fix = advice(error_text(error), lead="To fix it")
                if fix is not None:
                    say(f"     {fix}")
                code = 1
                break
            say(f"ok   {name}: {detail}")
    finally:
        try:
            _tear_down(state)
        except Exception as error:
            say(f"FAIL clean-up: {type(error).__name__}: {error}")
            code = 1
        shutil.rmtree(root, ignore_errors=True)
    seconds = time.monotonic() - started
    say(f"{'passed' if code == 0 else 'FAILED'} in {seconds:.1f} s")
    return code


def is_frozen() -> bool:
    """Whether this is a PyInstaller bundle (not the development checkout)."""
    return bool(getattr(sys, "frozen", False))


# -- the checks ---------------------------------------------------------------------------


def check_bundle_contents(_state: Run) -> str:
    """What a frozen app may lack although the checkout has it: plugins, backends, files."""
    import importlib
    from zoneinfo import ZoneInfo

    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import QCollator, QLibraryInfo, QLocale, QPluginLoader
    from PySide6.QtGui import QImageReader

    from escadesk.benchmark_resources import load_catalogue, load_synthetic_reference_set
    from escadesk.notifications.messages import Template, make_environment
    from escadesk.notifications.resources import templates_dir

    platform = _platform_key()
    plugins = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath))
    native = plugins / "platforms" / NATIVE_PLATFORM_PLUGINS[platform]
    if not native.is_file():
        raise CheckFailed(f"the platform plugin {native.name} is missing from {native.parent}")
    loader = QPluginLoader(str(native))
    if not loader.load():  # its libraries resolve (loading is not starting it)
        raise CheckFailed(
            f"the platform plugin {native.name} does not load: {loader.errorString()}"
        )
    readable = {bytes(name.data()).decode() for name in QImageReader.supportedImageFormats()}
    missing = [name for name in IMAGE_FORMATS if name not in readable]
    if missing:
        raise CheckFailed(f"Qt cannot read {', '.join(missing)} images (a scan may be one)")
    importlib.import_module(NATIVE_KEYRINGS[platform])
    collator = QCollator(QLocale("fr_CA"))
    names = sorted(COLLATION_SAMPLE, key=cmp_to_key(collator.compare))
    if names != sorted(COLLATION_SAMPLE, key=_plain_letters):
        raise CheckFailed(f"text collation is wrong: {names}")
    ZoneInfo("America/Toronto")  # Windows has no time-zone database: the tzdata package
    environment = make_environment(templates_dir())
    for template in Template:
        environment.get_template(template.file_name)
    catalogue = load_catalogue()
    reference = load_synthetic_reference_set(catalogue)
    invitation = _calendar_invitation()
    for module in DOCUMENT_MODULES:  # loaded on first use only: the analysis may miss one
        importlib.import_module(module)
    return (
        f"Qt {pyside_version}, {native.name} loads, images {'/'.join(IMAGE_FORMATS)}, "
        f"keyring {NATIVE_KEYRINGS[platform].rsplit('.', 1)[-1]}, collation, time zones, "
        f"{len(Template)} letter templates, catalogue {catalogue.version}, reference set of "
        f"{len(reference.organizations)} organizations, calendar invitation "
        f"({len(invitation)} bytes), {len(DOCUMENT_MODULES)} PDF document modules"
    )


#: The PDF documents and their chart modules, imported only when a document is made.
DOCUMENT_MODULES = (
    "escadesk.documents.invoice_pdf",
    "escadesk.documents.certificate_pdf",
    "escadesk.documents.bronze_pdf",
    "escadesk.documents.report_pdf",
    "reportlab.graphics.charts.spider",
    "reportlab.graphics.charts.barcharts",
    "reportlab.graphics.charts.legends",
)


def _calendar_invitation() -> bytes:
    """An .ics made as the practical-details letter makes it: icalendar and the zone's
    rules (from the tzdata package where the system has none) are both in the bundle."""
    from datetime import UTC, date, datetime, time

    from escadesk.notifications.calendar_invite import CalendarEvent, invitation_ics
    from escadesk.notifications.messages import Recipient

    person = Recipient("Self-test", "self-test@escadesk.invalid")
    invitation = invitation_ics(
        CalendarEvent(
            uid="self-test@escadesk.invalid",
            summary="Self-test",
            description="",
            location="Toronto",
            day=date(2018, 10, 4),
            start=time(9),
            end=time(15),
            timezone="America/Toronto",
            organizer=person,
            attendee=person,
            sequence=0,
            stamp=datetime(2018, 10, 2, tzinfo=UTC),
        )
    )
    if b"DTSTART;TZID=America/Toronto:20181004T090000" not in invitation:
        raise CheckFailed("the calendar invitation does not hold the workshop's start")
    if b"BEGIN:VTIMEZONE" not in invitation:
        raise CheckFailed("the calendar invitation lacks its time zone's rules")
    return invitation


def check_window(state: Run) -> str:
    """The real application object and main window, shown and painted offscreen."""
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is None:
        # Before the application exists: no display is needed, or used, anywhere.
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        _quiet_offscreen_notes()
    from escadesk.ui.application import make_application
    from escadesk.ui.main_window import MainWindow

    state.app = make_application()
    state.data_dir.mkdir(mode=0o700)
    window = MainWindow(data_dir=state.data_dir)
    state.window = window
    painted: list[bool] = []
    window.first_painted.connect(lambda: painted.append(True))
    window.show()
    _wait_for(lambda: bool(painted), "the main window to paint")
    _check_not_blank(window, "the opening window")
    platform = state.app.platformName()
    return f"main window painted ({window.width()}x{window.height()}, platform {platform})"


def check_data(state: Run) -> str:
    """Open (create and migrate) the database off the GUI thread, as the app does."""
    from escadesk.app import DATABASE_FILE, AppConfig, build_services
    from escadesk.services.clock import FixedClock
    from escadesk.services.demo import DEMO_TODAY
    from escadesk.storage.migrate import current_revision
    from escadesk.storage.schema import HEAD
    from escadesk.storage.urls import sqlite_url
    from escadesk.ui.workers import run_in_background
    from escadesk.vault.kdf import fast_test_params
    from escadesk.vault.keychain import MemoryKeychain

    # Built here, never resolved: ESCADESK_DATABASE_URL must not lead to real data.
    config = AppConfig(state.data_dir, sqlite_url(state.data_dir / DATABASE_FILE))
    opened: list[Services] = []
    failed: list[Exception] = []
    run_in_background(
        lambda _progress: build_services(
            config,
            clock=FixedClock(DEMO_TODAY - timedelta(days=10)),
            actor="escadesk self-test",
            keychain=MemoryKeychain(),
            kdf_profile=fast_test_params,
            opened_by="self-test",
        ),
        opened.append,
        failed.append,
    )
    _wait_for(lambda: bool(opened or failed), "the data to open")
    if failed:
        raise failed[0]
    services = state.services = opened[0]
    revision = current_revision(services.context.database.engine)
    if revision != HEAD:
        raise CheckFailed(f"the database is at schema {revision}, not {HEAD}")
    state.require_window().attach(services)
    return f"database created and migrated to {HEAD}"


def check_vault(state: Run) -> str:
    """Set the passphrase through the set-up page, as the director does on first run."""
    from escadesk.ui.vault_pages import SetUpPage

    window = state.require_window()
    page = window.vault_page
    if not isinstance(page, SetUpPage):
        raise CheckFailed(f"expected the set-up page, the window shows {type(page).__name__}")
    page.passphrase.setText(PASSPHRASE)
    page.confirmation.setText(PASSPHRASE)
    _wait_for(lambda: page.set_button.isEnabled(), "the set-up page to accept the passphrase")
    page.set_button.click()
    _wait_for(lambda: window.unlocked, "the vault to open and the desk to show")
    return f"vault set up through the set-up page, desk shown ({window.windowTitle()})"


def check_workshop(state: Run) -> str:
    """Create a workshop, admit its delegate and register an organization; the desk shows
    them."""
    from escadesk.domain.eligibility import normalize_email
    from escadesk.domain.registration_form import RegistrationDetails
    from escadesk.importing.delegates import DelegateRecord
    from escadesk.services.delegates import DelegatePreview
    from escadesk.services.demo import announcement_workshop

    services, window = state.require_services(), state.require_window()
    workshop = replace(
        announcement_workshop(), code=WORKSHOP_CODE, title="escadesk self-test workshop"
    )
    state.workshop_id = services.workshops.create(workshop)
    delegate = DelegateRecord(
        row=2,
        email=CONTACT_EMAIL,
        email_normalized=normalize_email(CONTACT_EMAIL),
        name="Sam Tester",
        organization=ORGANIZATION,
        country="Canada",
    )
    services.delegates.commit(
        DelegatePreview(
            workshop_id=state.workshop_id,
            source=Path("self-test delegates (in memory)"),
            records=(delegate,),
            problems=(),
            new_emails=frozenset({delegate.email_normalized}),
        )
    )
    state.registration_id = services.registrations.register(
        state.workshop_id,
        RegistrationDetails(
            organization=ORGANIZATION,
            country="Canada",
            technology_area="Micro, nano and optical technologies",
            contact_name="Sam Tester",
            contact_email=CONTACT_EMAIL,
            contact_title="Cluster Manager",
        ),
    )
    services.registrations.record_form(state.registration_id)
    window.reload_workshops(select_id=state.workshop_id)
    shown = window.workshop
    if shown is None or shown.id != state.workshop_id:
        raise CheckFailed("the desk does not show the new workshop")
    rows = window.desk.model.rowCount()
    if rows != 1:
        raise CheckFailed(f"the desk shows {rows} registrations, expected 1")
    return f"workshop {WORKSHOP_CODE} created, 1 organization registered and shown"


def check_card_stored(state: Run) -> str:
    """Store the test card; only its mask is shown, and no file holds the number."""
    from escadesk.domain.card_authorization import CardAuthorizationForm

    services, window = state.require_services(), state.require_window()
    services.vault.record(
        state.registration_id,
        CardAuthorizationForm(
            cardholder="Sam Tester",
            card_number=TEST_CARD,
            expiry="12/2030",
            code="123",
            billing_address="1 Test Street, Toronto",
            signed_on=services.clock.now().date(),
        ),
    )
    masked = services.vault.masked(state.workshop_id)
    stored = masked.get(state.registration_id)
    if stored is None or TEST_CARD_MASK not in str(stored):
        raise CheckFailed(f"the stored card reads {stored!r}, expected its mask")
    window.refresh()
    shown = window.desk.model.card(state.registration_id)
    if TEST_CARD_MASK not in shown:
        raise CheckFailed(f"the desk shows the card as {shown!r}")
    _check_not_blank(window, "the desk")
    files = _files_without_card(state.data_dir)
    return f"card stored encrypted, shown as {shown!r}; {files} data files hold no card number"


def check_workbooks(state: Run) -> str:
    """Write the roster and the finance workbook, read them back, look for the card."""
    from openpyxl import load_workbook

    services = state.require_services()
    state.exports_dir.mkdir(mode=0o700)
    roster = state.exports_dir / "roster.xlsx"
    finance = state.exports_dir / "finance.xlsx"
    services.exports.roster(state.workshop_id, roster)
    services.exports.finance(state.workshop_id, finance)
    described = []
    for name, path in (("roster", roster), ("finance", finance)):
        if not path.is_file():
            raise CheckFailed(f"the {name} workbook was not written")
        workbook = load_workbook(path)
        try:
            texts = [
                str(value)
                for sheet in workbook.worksheets
                for row in sheet.iter_rows(values_only=True)
                for value in row
                if value is not None
            ]
            sheets = len(workbook.worksheets)
        finally:
            workbook.close()
        if not any(ORGANIZATION in text for text in texts):
            raise CheckFailed(f"the {name} workbook does not name {ORGANIZATION}")
        if any(_holds_card(text) for text in texts):
            raise CheckFailed(f"the {name} workbook shows the full card number")
        _check_zip_without_card(path)
        if name == "finance" and not any(TEST_CARD_MASK in text for text in texts):
            raise CheckFailed("the finance workbook does not show the card's mask")
        described.append(f"{name} ({sheets} sheets, {path.stat().st_size // 1024} KB)")
    return f"{' and '.join(described)} read back; no card number, the mask only"


def check_card_erased(state: Run) -> str:
    """Erase the card: it is gone from the vault, the desk and every data file."""
    services, window = state.require_services(), state.require_window()
    erasure = services.vault.erase(state.registration_id, "escadesk self-test")
    if state.registration_id in services.vault.masked(state.workshop_id):
        raise CheckFailed("the card authorization is still stored after erasing it")
    window.refresh()
    shown = window.desk.model.card(state.registration_id)
    if shown:
        raise CheckFailed(f"the desk still shows the card ({shown!r})")
    files = _files_without_card(state.data_dir)
    return (
        f"card erased (certificate {erasure.certificate_number}, {erasure.status}); "
        f"{files} data files hold no card number"
    )


def check_close(state: Run) -> str:
    """Close the window as the director does: the vault locks, the data closes."""
    window = state.require_window()
    services = state.require_services()
    window.close()
    _wait_for(lambda: not window.isVisible(), "the window to close")
    if services.vault.unlocked:
        raise CheckFailed("the vault stayed open after the window closed")
    return "window closed, vault locked"


STEPS: tuple[tuple[str, Callable[[Run], str]], ...] = (
    ("bundle", check_bundle_contents),
    ("window", check_window),
    ("data", check_data),
    ("vault", check_vault),
    ("workshop", check_workshop),
    ("card stored", check_card_stored),
    ("workbooks", check_workbooks),
    ("card erased", check_card_erased),
    ("close", check_close),
)


# -- helpers ------------------------------------------------------------------------------


def _platform_key() -> str:
    if sys.platform.startswith("linux"):
        return "linux"
    if sys.platform in NATIVE_PLATFORM_PLUGINS:
        return sys.platform
    raise CheckFailed(f"escadesk is not built for {sys.platform}")


def _quiet_offscreen_notes() -> None:
    """The offscreen platform notes every window-manager call it cannot do; harmless, and
    noise in a build log. Every other Qt message still reaches standard error."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    def handler(kind: QtMsgType, _context: object, message: str) -> None:
        if message.startswith("This plugin does not support"):
            return
        if sys.stderr is not None:
            print(f"Qt {kind.name}: {message}", file=sys.stderr)

    _handlers.append(handler)
    qInstallMessageHandler(handler)


_handlers: list[Callable[..., None]] = []


def _plain_letters(text: str) -> str:
    """Accents off, lower case: the order a collator must agree with for the sample."""
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _wait_for(condition: Callable[[], bool], what: str, seconds: float = WAIT_SECONDS) -> None:
    """Let Qt run (paint, deliver worker results) until ``condition`` holds."""
    from PySide6.QtCore import QEventLoop, QThread
    from PySide6.QtWidgets import QApplication

    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise CheckFailed(f"waited {seconds:.0f} s for {what}")
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        QThread.msleep(5)


def _check_not_blank(window: MainWindow | QWidget, what: str) -> None:
    """The window really drew something: more than two colours in its picture."""
    from PySide6.QtGui import QImage

    image = window.grab().toImage().convertToFormat(QImage.Format.Format_ARGB32)
    if image.isNull() or image.width() == 0 or image.height() == 0:
        raise CheckFailed(f"{what} could not be drawn")
    pixels = memoryview(image.constBits()).cast("I")  # ARGB32 rows have no padding
    colours = set(pixels[:: max(1, len(pixels) // 250_000)])
    if len(colours) < 3:
        raise CheckFailed(f"{what} is blank")


def _card_forms() -> tuple[bytes, ...]:
    digits = TEST_CARD.replace(" ", "")
    return (
        digits.encode("ascii"),
        TEST_CARD.encode("ascii"),
        digits.encode("utf-16-le"),
        TEST_CARD.encode("utf-16-le"),
    )


def _holds_card(text: str) -> bool:
    digits = TEST_CARD.replace(" ", "")
    return digits in "".join(character for character in text if character.isdigit())


def _files_without_card(folder: Path) -> int:
    """Every file under ``folder`` (database, WAL, backups, keys, settings), byte by byte."""
    count = 0
    for path in _walk(folder):
        content = path.read_bytes()
        for form in _card_forms():
            if form in content:
                raise CheckFailed(f"{path.name} holds the card number in clear")
        count += 1
    return count


def _check_zip_without_card(workbook: Path) -> None:
    """Every part of the xlsx (cells, shared strings, properties, comments), unpacked."""
    with zipfile.ZipFile(workbook) as archive:
        for member in archive.namelist():
            content = archive.read(member)
            for form in _card_forms():
                if form in content:
                    raise CheckFailed(f"{workbook.name}:{member} holds the card number")


def _walk(folder: Path) -> Iterator[Path]:
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            yield path


def _tear_down(state: Run) -> None:
    """Close what is open even after a failure, so the temporary folder can go."""
    from PySide6.QtCore import QThreadPool

    window, state.window = state.window, None
    if window is not None:
        import shiboken6

        if shiboken6.isValid(window):
            window.close()
            window.deleteLater()
    if state.app is not None:
        QThreadPool.globalInstance().waitForDone()
        state.app.processEvents()
    services, state.services = state.services, None
    if services is not None:
        services.close()
