"""The card-authorization vault as use cases: set up, unlock, lock, record, reveal, erase.

Key hierarchy: passphrase -> Argon2id -> passphrase key; with the device secret (in the
OS keychain) -> HKDF -> vault key, which wraps each authorization's own data keys:
- the *card key* encrypts the card fields (holder, number, expiry, billing address, date);
- the *sensitive key* encrypts the verification code and the scanned signed form.

The brief put the scan under the card key; but the signed form shows the verification
code, and deleting a ciphertext is not erasing it (freed pages survive on disk), so the
scan shares the code's key and dies with it when a card is charged (PCI DSS 3.3.1).

Erasing = deleting ciphertext and wrapped keys, checkpointing the WAL and vacuuming, then
rotating the device secret and re-wrapping every surviving key: any copy of the old
database, even with the passphrase, can no longer unwrap what was erased.
"""

from __future__ import annotations

import contextlib
import hmac
import json
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import Enum
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from escadesk.atomic_files import fsync_folder, write_atomically
from escadesk.domain.card_authorization import (
    CardAuthorizationForm,
    check_authorization,
    scan_media_type,
)
from escadesk.domain.cards import CardBrand, MaskedCard, contains_card_number, mask
from escadesk.domain.destruction_certificate import Certificate
from escadesk.domain.registration import RegistrationEvent, RegistrationStatus
from escadesk.domain.roles import Capability
from escadesk.domain.text_rules import problem_in_text
from escadesk.domain.validation import FieldProblem, ValidationError
from escadesk.i18n import N_, _
from escadesk.services import audit, passphrase_delay
from escadesk.services.context import ServiceContext
from escadesk.services.erasure_report import (
    ErasureFacts,
    copy_on_write_warning,
    search_files,
    verification_text,
)
from escadesk.services.institute import read_identity
from escadesk.services.lookups import load_registration
from escadesk.services.passphrase_delay import MAX_DELAY_SECONDS
from escadesk.services.passphrase_rules import MIN_PASSPHRASE as MIN_PASSPHRASE
from escadesk.services.passphrase_rules import passphrase_problems
from escadesk.services.registration_lifecycle import apply_event
from escadesk.services.row_versions import VersionedEdit, edited_registration
from escadesk.services.vault_desk import (
    Transit,
    VaultDesk,
    record_desk,
    record_transit,
    recorded_desk,
    recorded_transit,
    this_desk,
)
from escadesk.services.vault_generation import is_current, lock_vault_row
from escadesk.services.vault_move import MoveIn, MoveOut, file_problem, moment, target_problem
from escadesk.services.workshop_mapping import calendar_of
from escadesk.storage import backups
from escadesk.storage.data_lock import DataLease
from escadesk.storage.models import CardAuthorization, Erasure, Registration, VaultMeta
from escadesk.vault.audit_chain import Anchor, ChainReport
from escadesk.vault.envelope import (
    TamperedError,
    associated_data,
    open_sealed,
    seal,
    unwrap,
    wrap,
)
from escadesk.vault.kdf import KdfParams, calibrate, derive
from escadesk.vault.keychain import Keychain
from escadesk.vault.keys import vault_key
from escadesk.vault.move_file import (
    MoveFile,
    MoveFileError,
    MoveHeader,
    open_device,
    read_move_file,
    seal_device,
    shred,
)
from escadesk.vault.secret import SecretKey
from escadesk.vault.storage_facts import filesystem_of, keychain_description, keychain_folder

CHECK_PLAINTEXT = b"escadesk vault check"


class VaultState(Enum):
    NOT_SET_UP = "not set up"
    LOCKED = "locked"
    UNLOCKED = "unlocked"


class VaultError(RuntimeError):
    """A vault operation cannot proceed; the message is written for the director."""


class VaultLockedError(VaultError):
    pass


class NotVaultDeskError(VaultLockedError):
    """A vault act on a desk that cannot open the vault: another computer holds the
    device key, or the role works with masked cards only (services/vault_desk.py)."""


class MoveRefusedError(VaultError):
    """A vault move refused for what it is given (another vault's move file, an
    out-of-date one, a file that exists already): nothing was changed or written."""


class StaleVaultKeyError(VaultError):
    """Another escadesk on the same data changed the vault key (an erasure rotates it, a
    new passphrase re-derives it) after this one was unlocked: see vault_generation."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "The vault key changed in another escadesk on the same data: lock the vault "
                "and unlock it again. Nothing was changed."
            )
        )


class WrongPassphraseError(VaultError):
    pass


class DamagedAuthorizationError(VaultError):
    """A stored card authorization no longer opens: its bytes were altered or moved."""


@contextmanager
def _opening(organization: str, stale: Callable[[], None] | None = None) -> Iterator[None]:
    """Decrypting one organization's authorization: damage is reported by name, as a
    VaultError the screens already show, instead of the envelope's bare ValueError. But
    first ``stale`` may raise StaleVaultKeyError: the key was replaced by another escadesk
    (checked after the failure, so that no rotation can slip in between)."""
    try:
        yield
    except TamperedError as error:
        if stale is not None:
            stale()
        raise DamagedAuthorizationError(
            _(
                "The stored card authorization of {organization} cannot be opened. {error} "
                "Nothing was shown or changed. Ask the organization for a new signed "
                "authorization form, or restore a copy of the database from before the "
                "damage."
            ).format(organization=organization, error=error)
        ) from None


class TooSoonError(VaultError):
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        super().__init__(
            _("Too many wrong passphrases: wait {seconds} s before trying again.").format(
                seconds=f"{seconds:.0f}"
            )
        )


class ErasureScope(Enum):
    FULL = "full"
    SENSITIVE = "code_and_scan"


DESTROYED_WORDS = {
    ErasureScope.FULL: (
        "card number, expiry date, cardholder name, billing address, signature date, "
        "verification code, scanned authorization form, and the keys that encrypted them"
    ),
    ErasureScope.SENSITIVE: (
        "verification code, scanned authorization form, and the key that encrypted them"
    ),
}


@dataclass(frozen=True)
class MaskedAuthorization:
    """All that is shown of a card outside the vault."""

    registration_id: int
    brand: CardBrand
    last4: str
    state: str
    recorded_at: datetime

    def __str__(self) -> str:
        return str(MaskedCard(self.brand, self.last4))


@dataclass(frozen=True, repr=False)
class RevealedCard:
    """Decrypted for one dialog; never stored, logged or printed (repr is masked)."""

    registration_id: int
    cardholder: str
    card_number: str
    expiry: str
    billing_address: str
    signed_on: date | None
    code: str | None
    scan: bytes | None
    scan_media_type: str | None

    def __repr__(self) -> str:
        return f"RevealedCard(registration {self.registration_id}, {mask(self.card_number)})"

    __str__ = __repr__


@dataclass(frozen=True)
class ChargeCardDetails:
    cardholder: str
    brand: CardBrand
    last4: str


@dataclass(frozen=True)
class ErasureView:
    id: int
    certificate_uid: str

    @property
    def certificate_number(self) -> str:
        """The certificate's number as printed, e.g. 'KQXF-MBTR-ZHAW-PLEC': letters only,
        so no certificate can ever look like a card number to a reader or a filter."""
        return certificate_number(self.certificate_uid)

    registration_id: int
    workshop_id: int
    organization: str
    scope: ErasureScope
    destroyed: str
    reason: str
    erased_at: datetime
    erased_by: str
    status: str
    verification: str


@dataclass(frozen=True, repr=False)
class PendingErasure:
    """An erasure whose deletion is committed but not yet finished (see start_erasure)."""

    erasure_id: int
    #: What was deleted (wrapped keys, ciphertext), to search the database files for.
    destroyed: tuple[bytes, ...]


class _Keys:
    """The unlocked state: the passphrase key and the vault key, wiped on lock, and the
    key generation the vault key belongs to (checked by every write that wraps a key)."""

    def __init__(self, passphrase_key: SecretKey, vault: SecretKey, generation: int) -> None:
        self.passphrase_key = passphrase_key
        self.vault = vault
        self.generation = generation

    def wipe(self) -> None:
        self.passphrase_key.wipe()
        self.vault.wipe()


class KeychainMissingError(VaultError):
    """No OS keychain works here and the file fallback has not been chosen."""


class VaultService:
    def __init__(
        self,
        context: ServiceContext,
        keychain: Keychain | Callable[[], Keychain | None] | None,
        kdf_profile: Callable[[], KdfParams] = calibrate,
        monotonic: Callable[[], float] = time.monotonic,
        wall: Callable[[], float] = time.time,
        lock_vault: Callable[[], DataLease] | None = None,
    ) -> None:
        """``lock_vault`` takes the vault's lock (storage/data_lock.py); by default the
        one of the database the context opened, as "escadesk"."""
        self._context = context
        self._keychain_source = keychain
        self._keychain_lock = threading.Lock()
        self._anchor_lock = threading.Lock()
        self._kdf_profile = kdf_profile
        self._monotonic = monotonic
        self._wall = wall
        self._keys: _Keys | None = None
        self._lock_vault = lock_vault or self._default_vault_lock
        #: This process's hold on the open vault, from unlock (or set-up) to lock.
        self._vault_lease: DataLease | None = None
        #: This computer, as the vault desk is named (services/vault_desk.py).
        self.desk_name = this_desk()
        self._failures = 0
        self._next_attempt = 0.0
        self.on_lock: list[Callable[[], None]] = []
        #: Work due whenever the vault opens (e.g. card numbers past their retention).
        self.after_unlock: list[Callable[[], object]] = []
        # Every commit that appended to the audit log moves the anchor to its new head.
        context.database.after_audited_commit.append(self.anchor_audit)

    def _default_vault_lock(self) -> DataLease:
        from escadesk.storage.data_lock import lock_vault

        url = self._context.database.engine.url.render_as_string(hide_password=False)
        return lock_vault(url, "escadesk")

    # -- state -----------------------------------------------------------------------------

    def _resolved_keychain(self) -> Keychain | None:
        """The keychain is looked up on first use (probing it is slow, and not needed to
        paint the window)."""
        with self._keychain_lock:
            if callable(self._keychain_source):
                self._keychain_source = self._keychain_source()
            return self._keychain_source

    @property
    def has_keychain(self) -> bool:
        return self._resolved_keychain() is not None

    def use_keychain(self, keychain: Keychain) -> None:
        """The director chose where the device secret lives (e.g. the file fallback)."""
        self._keychain_source = keychain

    @property
    def _keychain(self) -> Keychain:
        keychain = self._resolved_keychain()
        if keychain is None:
            raise KeychainMissingError(
                _(
                    "No system keychain is available on this computer. escadesk can keep the "
                    "device key in a file in its data folder instead (weaker: anyone with a "
                    "copy of the whole folder then only needs the passphrase)."
                )
            )
        return keychain

    def state(self) -> VaultState:
        if self._keys is not None:
            return VaultState.UNLOCKED
        with self._context.database.reading() as session:
            exists = session.get(VaultMeta, 1) is not None
        return VaultState.LOCKED if exists else VaultState.NOT_SET_UP

    @property
    def unlocked(self) -> bool:
        return self._keys is not None

    def kdf_description(self) -> str:
        with self._context.database.reading() as session:
            meta = session.get(VaultMeta, 1)
            return KdfParams.from_json(meta.kdf).describe() if meta else ""

    @staticmethod
    def passphrase_problems(passphrase: str, confirmation: str) -> list[FieldProblem]:
        return passphrase_problems(passphrase, confirmation)

    # -- keys ------------------------------------------------------------------------------

    def set_up(self, passphrase: str, confirmation: str | None = None) -> list[str]:
        """First run: derive the passphrase key, create the device secret, store the check.
        Returns the warnings about where the keys are kept (see :meth:`storage_warnings`)."""
        problems = self.passphrase_problems(
            passphrase, passphrase if confirmation is None else confirmation
        )
        if problems:
            raise ValidationError(problems)
        if self.state() is not VaultState.NOT_SET_UP:
            raise VaultError(_("The vault is already set up."))
        self._require_vault_role()
        self._hold_vault_lock()
        try:
            return self._set_up(passphrase)
        except BaseException:
            if self._keys is None:
                self._let_go_of_vault()
            raise

    def _set_up(self, passphrase: str) -> list[str]:
        params = self._kdf_profile()
        uid = new_uid()
        passphrase_key = derive(passphrase, params)
        device = SecretKey.random()
        self._keychain.set(_device_name(uid), device.bytes())
        key = vault_key(passphrase_key, device)
        device.wipe()
        now = self._context.clock.now()
        with self._context.database.transaction() as session:
            session.add(
                VaultMeta(
                    id=1,
                    vault_uid=uid,
                    kdf=params.to_json(),
                    check_blob=seal(key, CHECK_PLAINTEXT, associated_data("vault", "check")),
                    key_generation=1,
                    keychain_kind=self._keychain.kind,
                    created_at=now,
                    passphrase_changed_at=now,
                )
            )
            record_desk(session, self.desk_name)
            self._audit(
                session,
                "vault.setup",
                f"Vault set up ({params.describe()}); vault desk: {self.desk_name}",
            )
        self._keys = _Keys(passphrase_key, key, 1)
        self._anchor_audit()
        for task in list(self.after_unlock):  # set up leaves the vault open: as an unlock
            task()
        return self.storage_warnings()

    def storage_warnings(self) -> list[str]:
        """Warnings about where the device key is kept: a key file on a copy-on-write
        filesystem (btrfs, ZFS, APFS…) survives its overwrite in old disk blocks."""
        folder = keychain_folder(self._resolved_keychain())
        if folder is None:
            return []
        warning = copy_on_write_warning(filesystem_of(folder))
        return [warning] if warning else []

    def retry_after(self) -> float:
        """Seconds before the next passphrase attempt is allowed (0 when it is now): this
        process's own delay, or the one the data records (every escadesk-cli process and
        window shares it, so starting a new process never skips the wait)."""
        here = self._next_attempt - self._monotonic()
        recorded = passphrase_delay.remaining(self._context.database, self._wall())
        return max(0.0, here, recorded)

    def _throttle(self) -> None:
        wait = self.retry_after()
        if wait > 0:
            raise TooSoonError(wait)

    def _wrong_passphrase(self) -> WrongPassphraseError:
        """Count a failure (unlock or re-authentication alike): 1, 2, 4 … 30 s delays,
        recorded in the data too (services/passphrase_delay.py)."""
        self._failures = max(self._failures, passphrase_delay.failures(self._context.database)) + 1
        delay = min(2 ** (self._failures - 1), MAX_DELAY_SECONDS)
        self._next_attempt = self._monotonic() + delay
        passphrase_delay.record(self._context.database, self._failures, self._wall() + delay)
        return WrongPassphraseError(_("That passphrase is not right."))

    def _passphrase_right(self) -> None:
        self._failures = 0
        self._next_attempt = 0.0
        passphrase_delay.clear(self._context.database)

    def unlock(self, passphrase: str) -> None:
        """Open the vault; a wrong passphrase costs a growing delay (1, 2, 4 … 30 s)."""
        self._require_vault_role()
        self._throttle()
        meta = self._meta()
        self._hold_vault_lock()
        try:
            self._unlock(meta, passphrase)
        except BaseException:
            if self._keys is None:
                self._let_go_of_vault()
            raise

    def _unlock(self, meta: VaultMeta, passphrase: str) -> None:
        self._settle_keychain(meta)
        with self._context.database.reading() as session:
            transit = recorded_transit(session)
        if transit is not None:  # no key anywhere but in the move file
            raise NotVaultDeskError(transit.words())
        passphrase_key = derive(passphrase, KdfParams.from_json(meta.kdf))
        key = self._open_with_keychain(meta, passphrase_key)
        if key is None:
            passphrase_key.wipe()
            raise self._wrong_passphrase()
        self._passphrase_right()
        self._keys = _Keys(passphrase_key, key, meta.key_generation)
        self._note_vault_desk()
        self._finish_interrupted_erasures()
        for task in list(self.after_unlock):
            task()
        self._anchor_audit()

    def lock(self) -> None:
        if self._keys is not None:
            self._anchor_audit()
            self._keys.wipe()
            self._keys = None
        self._let_go_of_vault()
        for callback in list(self.on_lock):
            callback()

    def confirm_passphrase(self, passphrase: str) -> None:
        """Re-authentication for sensitive acts (reveal, decide): same passphrase or error."""
        keys = self._require_keys()
        self._throttle()
        meta = self._meta()
        candidate = derive(passphrase, KdfParams.from_json(meta.kdf))
        try:
            if not hmac.compare_digest(candidate.bytes(), keys.passphrase_key.bytes()):
                raise self._wrong_passphrase()
        finally:
            candidate.wipe()
        self._passphrase_right()

    def change_passphrase(self, current: str, new: str, confirmation: str) -> None:
        """Only the wrapping changes: new salt and key, every data key re-wrapped."""
        problems = self.passphrase_problems(new, confirmation)
        if problems:
            raise ValidationError(problems)
        self.confirm_passphrase(current)
        meta = self._meta()
        device = self._device_secret(meta.vault_uid)
        params = self._kdf_profile()
        new_passphrase_key = derive(new, params)
        new_key = vault_key(new_passphrase_key, device)
        device.wipe()
        keys = self._require_keys()
        with self._context.database.transaction() as session:
            stored = _hold_current_key(session, keys)
            _rewrap_all(session, keys.vault, new_key)
            stored.kdf = params.to_json()
            stored.check_blob = seal(new_key, CHECK_PLAINTEXT, associated_data("vault", "check"))
            stored.passphrase_changed_at = self._context.clock.now()
            self._audit(session, "vault.passphrase", "Vault passphrase changed")
        keys.wipe()
        if self._keys is keys:
            self._keys = _Keys(new_passphrase_key, new_key, keys.generation)
        else:  # locked while the new key was being derived: stay locked
            new_passphrase_key.wipe()
            new_key.wipe()
        self._anchor_audit()

    # -- moving the vault desk (services/vault_move.py, vault/move_file.py) ----------------

    def move_out(self, passphrase: str, target: Path) -> MoveOut:
        """On the vault desk, unlocked: send the vault on its way to another computer.

        The device key is never copied: a *new* one is made, kept in the keychain's
        "next" slot (with a note of the move, ``_moving_name``) while the move file is
        written (atomically, fsynced), then ONE transaction re-wraps every stored key
        under it, bumps the key generation and records the vault as in transit, with
        its audit entry; then every device key leaves this keychain and the vault locks.
        From then on the new key is in the file only: no desk opens the vault (so no
        erasure can happen) until :meth:`move_in`. A failure before the commit changes
        nothing (the file written ahead is removed: its key wraps nothing)."""
        keys = self._require_keys()
        if (problem := target_problem(target)) is not None:
            raise MoveRefusedError(problem)
        self.confirm_passphrase(passphrase)
        meta = self._meta()
        _require_current(meta, keys)
        self._settle_pending_rotation(meta, keys)
        self._finish_interrupted_erasures()
        if self._pending_erasures():
            raise MoveRefusedError(
                _(
                    "An erasure is not finished (its certificate is pending): lock the vault "
                    "and unlock it again to finish it, then move the vault. Nothing was "
                    "written."
                )
            )
        uid, generation = meta.vault_uid, meta.key_generation + 1
        keychain = self._keychain
        header = MoveHeader(
            uid, generation, self.desk_name, self._context.actor, moment(self._context.clock.now())
        )
        device = SecretKey.random()
        new_key = vault_key(keys.passphrase_key, device)
        try:
            move = seal_device(keys.passphrase_key, device, header)
            try:  # as a rotation does: the new key first, and a note of what is under way
                keychain.set(_moving_name(uid), str(generation).encode("ascii"))
                keychain.set(_next_name(uid), device.bytes())
            except Exception:
                self._drop_keys(keychain, uid, (_next_name(uid), _moving_name(uid)))
                raise
        finally:
            device.wipe()
        try:
            self._send_off(target, move, keys, new_key, keychain)
        finally:
            new_key.wipe()
        self.lock()  # the keys in memory open nothing any more
        removed = self._drop_keys(
            keychain, uid, (_device_name(uid), _next_name(uid), _moving_name(uid))
        )
        self._scrub_files()
        self._align_backups()
        return MoveOut(target, self.desk_name, generation, removed)

    def _send_off(
        self, target: Path, move: MoveFile, keys: _Keys, new_key: SecretKey, keychain: Keychain
    ) -> None:
        """Write the move file, then commit the re-wrap and the transit. Undone when the
        commit surely did not happen; left as it is when that cannot be told (the next
        start here settles the keychain: ``_settle_keychain``)."""
        header, uid = move.header, move.header.vault_uid
        data = move.to_bytes()
        try:
            write_atomically(target, lambda stream: stream.write(data), prefix=".escadesk-move-")
            fsync_folder(target.parent)
            with self._context.database.transaction() as session:
                stored = _hold_current_key(session, keys)
                _rewrap_all(session, keys.vault, new_key)
                stored.check_blob = seal(
                    new_key, CHECK_PLAINTEXT, associated_data("vault", "check")
                )
                stored.key_generation = header.generation
                record_transit(
                    session,
                    Transit(
                        header.from_desk,
                        header.written_by,
                        header.written_at,
                        header.generation,
                        move.fingerprint,
                    ),
                )
                self._audit(
                    session,
                    "vault.move_out",
                    f"Vault on its way to another computer: move file '{target.name}' written "
                    f"on {header.from_desk} (key generation {header.generation}); the device "
                    f"key is in that file only and no computer opens the vault until it is "
                    "moved in",
                )
        except BaseException:
            if self._committed(header.generation) is False:
                with contextlib.suppress(OSError):
                    target.unlink()  # its key wraps nothing: the vault stays here
                self._drop_keys(keychain, uid, (_next_name(uid), _moving_name(uid)))
            raise

    def _committed(self, generation: int) -> bool | None:
        """Did a transaction that raised reach ``generation`` after all (an answer lost
        on its way back)? None: the database cannot be asked."""
        try:
            return self._meta().key_generation >= generation
        except Exception:
            return None

    @staticmethod
    def _drop_keys(keychain: Keychain, uid: str, names: tuple[str, ...]) -> bool:
        """Delete ``names`` from the keychain; False if any deletion failed."""
        removed = True
        for name in names:
            try:
                keychain.delete(name)
            except Exception:
                removed = False
        return removed

    def move_in(self, source: Path, passphrase: str) -> MoveIn:
        """On any computer on the same data (the old desk too: that cancels the move):
        check the move file (this vault, the move under way, the passphrase), then keep a
        *new* device key in this computer's keychain and in one transaction re-wrap every
        stored key under it and record this desk. The file is dead from that commit, and
        overwritten and removed. The vault is left locked; unlock it as usual."""
        self._require_vault_role()
        meta = self._meta()
        try:
            move = read_move_file(source)
        except MoveFileError as error:
            raise MoveRefusedError(
                _("{source} cannot be used: {error}. Nothing was changed.").format(
                    source=source, error=error
                )
            ) from None
        self._hold_vault_lock()
        try:
            self._settle_keychain(meta)
            with self._context.database.reading() as session:
                desk, transit = recorded_desk(session), recorded_transit(session)
            problem = file_problem(move, meta.vault_uid, meta.key_generation, transit, desk)
            if problem is not None:
                raise MoveRefusedError(problem)
            keychain = self._keychain
            self._throttle()  # a file refused above cost no passphrase attempt
            passphrase_key = derive(passphrase, KdfParams.from_json(meta.kdf))
            try:
                device = open_device(passphrase_key, move)
            except TamperedError:
                passphrase_key.wipe()
                self._wrong_passphrase()
                raise WrongPassphraseError(
                    _(
                        "That passphrase does not open this move file (or the vault's "
                        "passphrase was changed after it was written). Nothing was changed."
                    )
                ) from None
            keys = _Keys(passphrase_key, vault_key(passphrase_key, device), meta.key_generation)
            device.wipe()
            try:
                if not is_current(meta, keys.generation, keys.vault):
                    raise MoveRefusedError(
                        _(
                            "The key in this move file does not open the vault (was the file "
                            "altered?). Nothing was changed."
                        )
                    )
                self._passphrase_right()
                return self._move_in(source, keychain, keys, move.header)
            finally:
                keys.wipe()
        finally:
            if self._keys is None:
                self._let_go_of_vault()

    def _move_in(self, source: Path, keychain: Keychain, keys: _Keys, header: MoveHeader) -> MoveIn:
        uid = header.vault_uid
        device = SecretKey.random()
        new_key = vault_key(keys.passphrase_key, device)
        try:
            try:  # the key first where a cut-off commit is recovered from ("next")
                keychain.set(_next_name(uid), device.bytes())
            except Exception as error:
                raise VaultError(
                    _(
                        "This computer's keychain refused the device key ({error}). Nothing "
                        "was changed; the vault is still on its way, in {source}."
                    ).format(error=f"{type(error).__name__}: {error}", source=source)
                ) from None
            try:
                with self._context.database.transaction() as session:
                    stored = _hold_current_key(session, keys)
                    _rewrap_all(session, keys.vault, new_key)
                    stored.check_blob = seal(
                        new_key, CHECK_PLAINTEXT, associated_data("vault", "check")
                    )
                    stored.key_generation += 1
                    stored.keychain_kind = keychain.kind
                    generation = stored.key_generation
                    record_desk(session, self.desk_name)
                    record_transit(session, None)
                    self._audit(
                        session,
                        "vault.move_in",
                        f"Vault moved in on {self.desk_name} from {header.from_desk} (move "
                        f"file written by {header.written_by} at {header.written_at}); new "
                        f"device key, generation {generation}: the move file opens nothing "
                        "any more",
                    )
            except BaseException:
                if self._committed(header.generation + 1) is False:
                    self._drop_keys(keychain, uid, (_next_name(uid),))
                raise
            with contextlib.suppress(Exception):  # else the next unlock promotes "next"
                keychain.set(_device_name(uid), device.bytes())
                keychain.delete(_next_name(uid))
        finally:
            device.wipe()
            new_key.wipe()
        self._scrub_files()
        self._align_backups()
        removed = shred(source)
        self._anchor_audit()
        return MoveIn(self.desk_name, header.from_desk, generation, removed)

    def _settle_keychain(self, meta: VaultMeta) -> None:
        """What a move cut off left in this keychain, settled without the passphrase; run
        with the vault's lock held (no move of another process is half-way).

        - A move-out's note (``_moving_name``) whose generation the database reached: it
          committed, so no device key of this vault may stay here. One it did not reach:
          it did not, the vault stays here and only the key written ahead goes.
        - The vault in transit: no desk holds a key, so any left here (a move-in cut off
          before its commit) goes."""
        keychain = self._resolved_keychain()
        if keychain is None:
            return
        uid = meta.vault_uid
        note = keychain.get(_moving_name(uid))
        if note is not None:
            try:
                reached = meta.key_generation >= int(note.decode("ascii"))
            except ValueError:  # unreadable: keep the keys, drop the note
                reached = False
            names = (_device_name(uid), _next_name(uid)) if reached else (_next_name(uid),)
            for name in (*names, _moving_name(uid)):  # the note last: retried until then
                keychain.delete(name)
        with self._context.database.reading() as session:
            transit = recorded_transit(session)
        if transit is not None:
            for name in (_device_name(uid), _next_name(uid)):
                keychain.delete(name)

    def _needs_settling(self, meta: VaultMeta, transit: Transit | None) -> bool:
        keychain = self._resolved_keychain()
        if keychain is None:
            return False
        uid = meta.vault_uid
        if keychain.get(_moving_name(uid)) is not None:
            return True
        return transit is not None and self._holds_device_key(uid)

    # -- the vault's lock (storage/data_lock.py lock_vault) ---------------------------------

    def _hold_vault_lock(self) -> None:
        """One process at a time opens the vault (each keeps its keys in memory): taken
        before unlocking, setting up or moving in; VaultInUseError names the holder."""
        if self._vault_lease is None:
            self._vault_lease = self._lock_vault()

    def _let_go_of_vault(self) -> None:
        lease, self._vault_lease = self._vault_lease, None
        if lease is not None:
            lease.release()

    def close(self) -> None:
        """The services close: forget the keys and let go of the vault's lock."""
        if self._keys is not None:
            self._keys.wipe()
            self._keys = None
        self._let_go_of_vault()

    # -- authorizations --------------------------------------------------------------------

    def record(self, registration_id: int, form: CardAuthorizationForm) -> list[FieldProblem]:
        """Encrypt and store a signed authorization; marks the authorization received.

        Returns warnings (e.g. the card expires before the charge date); errors raise.
        """
        keys = self._require_keys()
        now = self._context.clock.now()
        # Another desk may change the registration meanwhile (its version): refused in
        # words, nothing stored (services/row_versions.py).
        edit = VersionedEdit(self._context.database)
        with edit.transaction() as session:
            _hold_current_key(session, keys)
            registration = load_registration(session, registration_id)
            edit.about(edited_registration(registration))
            _require_card_allowed(registration)
            calendar = calendar_of(registration.workshop)
            errors, warnings = check_authorization(
                form, calendar.decision_opens.date(), now.astimezone(calendar.zone).date()
            )
            if errors:
                raise ValidationError(errors)
            if session.scalar(
                select(CardAuthorization.id).where(
                    CardAuthorization.registration_id == registration_id
                )
            ):
                raise ValidationError(
                    [
                        FieldProblem(
                            "card_number",
                            _(
                                "This organization already has a card authorization; erase "
                                "it before recording a new one."
                            ),
                        )
                    ]
                )
            uid = new_uid()
            card_key, sensitive_key = SecretKey.random(), SecretKey.random()
            payload = json.dumps(
                {
                    "cardholder": form.cardholder.strip(),
                    "card_number": form.digits,
                    "expiry": form.expiry.strip(),
                    "billing_address": form.billing_address.strip(),
                    "signed_on": form.signed_on.isoformat() if form.signed_on else None,
                }
            ).encode("utf-8")
            authorization = CardAuthorization(
                registration_id=registration_id,
                record_uid=uid,
                brand=form.brand.value,
                last4=form.digits[-4:],
                state="active",
                card_key=wrap(keys.vault, card_key, associated_data(uid, "card-key")),
                sensitive_key=wrap(
                    keys.vault, sensitive_key, associated_data(uid, "sensitive-key")
                ),
                card_blob=seal(card_key, payload, associated_data(uid, "card")),
                code_blob=seal(
                    sensitive_key, form.code.strip().encode(), associated_data(uid, "code")
                ),
                scan_blob=seal(sensitive_key, form.scan, associated_data(uid, "scan"))
                if form.scan
                else None,
                scan_media_type=scan_media_type(form.scan) if form.scan else None,
                recorded_at=now,
                recorded_by=self._context.actor,
                updated_at=now,
            )
            card_key.wipe()
            sensitive_key.wipe()
            session.add(authorization)
            if registration.authorization_received_at is None:
                apply_event(
                    self._context,
                    session,
                    registration,
                    RegistrationEvent.RECEIVE_AUTHORIZATION,
                    None,
                )
            session.flush()
            masked = mask(form.digits, form.brand)
            self._audit(
                session,
                "card.record",
                f"{registration.organization.name}: card authorization stored ({masked})",
                registration,
            )
        return warnings

    def masked(self, workshop_id: int) -> dict[int, MaskedAuthorization]:
        """The workshop's stored cards as shown, by registration: only the columns the
        mask needs, never the encrypted key, blob and scan (kilobytes each, thousands at a
        large event) nor an ORM object per card."""
        with self._context.database.reading() as session:
            rows = session.execute(
                select(
                    CardAuthorization.registration_id,
                    CardAuthorization.brand,
                    CardAuthorization.last4,
                    CardAuthorization.state,
                    CardAuthorization.recorded_at,
                )
                .join(Registration, Registration.id == CardAuthorization.registration_id)
                .where(Registration.workshop_id == workshop_id)
            )
            return {
                registration_id: MaskedAuthorization(
                    registration_id, _BRANDS[brand], last4, state, recorded_at
                )
                for registration_id, brand, last4, state, recorded_at in rows
            }

    def card_details_for_charge(self, registration_id: int) -> ChargeCardDetails:
        """What a charge record keeps of the card: holder, brand, last 4 (never more)."""
        keys = self._require_keys()
        with self._context.database.reading() as session:
            row = self._authorization(session, registration_id)
            if row.card_key is None or row.card_blob is None:
                raise VaultError(_("This card authorization has been erased."))
            uid = row.record_uid
            with _opening(row.registration.organization.name, self._stale_check(keys)):
                card_key = unwrap(keys.vault, row.card_key, associated_data(uid, "card-key"))
                blob = open_sealed(card_key, row.card_blob, associated_data(uid, "card"))
            payload = json.loads(blob)
            card_key.wipe()
            return ChargeCardDetails(payload["cardholder"], CardBrand(row.brand), row.last4)

    def reveal(self, registration_id: int, passphrase: str) -> RevealedCard:
        """Asks for the passphrase again; every reveal is audit-logged."""
        keys = self._require_keys()
        self.confirm_passphrase(passphrase)
        with self._context.database.transaction() as session:
            row = self._authorization(session, registration_id)
            uid = row.record_uid
            if row.card_key is None or row.card_blob is None:
                raise VaultError(_("This card authorization has been erased."))
            with _opening(row.registration.organization.name, self._stale_check(keys)):
                card_key = unwrap(keys.vault, row.card_key, associated_data(uid, "card-key"))
                blob = open_sealed(card_key, row.card_blob, associated_data(uid, "card"))
                card_key.wipe()
                code = scan = None
                if row.sensitive_key is not None:
                    sensitive = unwrap(
                        keys.vault, row.sensitive_key, associated_data(uid, "sensitive-key")
                    )
                    if row.code_blob is not None:
                        code = open_sealed(
                            sensitive, row.code_blob, associated_data(uid, "code")
                        ).decode()
                    if row.scan_blob is not None:
                        scan = open_sealed(sensitive, row.scan_blob, associated_data(uid, "scan"))
                    sensitive.wipe()
            payload = json.loads(blob)
            self._audit(
                session,
                "card.reveal",
                f"{row.registration.organization.name}: card revealed "
                f"({mask(payload['card_number'])})",
                row.registration,
            )
        signed = payload.get("signed_on")
        return RevealedCard(
            registration_id=registration_id,
            cardholder=payload["cardholder"],
            card_number=payload["card_number"],
            expiry=payload["expiry"],
            billing_address=payload["billing_address"],
            signed_on=date.fromisoformat(signed) if signed else None,
            code=code,
            scan=scan,
            scan_media_type=row.scan_media_type,
        )

    # -- erasure ---------------------------------------------------------------------------

    def erase(
        self, registration_id: int, reason: str, scope: ErasureScope = ErasureScope.FULL
    ) -> ErasureView:
        """Crypto-erase one authorization (all of it, or only its code and scan)."""
        with self._context.database.transaction() as session:
            pending = self.start_erasure(session, registration_id, reason, scope)
        return self.finish_erasure(pending)

    def start_erasure(
        self,
        session: Session,
        registration_id: int,
        reason: str,
        scope: ErasureScope = ErasureScope.FULL,
    ) -> PendingErasure:
        """The first half of an erasure, inside the caller's transaction: delete the keys
        and ciphertext and record the erasure as pending. A use case (a withdrawal) thus
        commits its own change and the erasure's durable intent together; once committed,
        the next unlock finishes it if :meth:`finish_erasure` never runs. Needs the vault
        open, since finishing does."""
        if not reason.strip():
            raise ValidationError([FieldProblem("reason", _("Please say why it is erased."))])
        if refused := problem_in_text("reason", reason, multiline=True, label=_("The reason")):
            raise ValidationError([refused])
        if contains_card_number(reason):
            # The reason is kept in the erasure record, its certificate and the audit log.
            raise ValidationError(
                [FieldProblem("reason", _("The reason must not contain a card number."))]
            )
        _hold_current_key(session, self._require_keys())  # refused before anything is deleted
        now = self._context.clock.now()
        row = self._authorization(session, registration_id)
        registration = row.registration
        if scope is ErasureScope.FULL:
            destroyed = [
                row.card_key,
                row.sensitive_key,
                row.card_blob,
                row.code_blob,
                row.scan_blob,
            ]
            session.delete(row)
        else:
            if row.sensitive_key is None:
                raise VaultError(_("The code and scan of this authorization are already erased."))
            destroyed = [row.sensitive_key, row.code_blob, row.scan_blob]
            row.sensitive_key = row.code_blob = row.scan_blob = None
            row.state = "code_erased"
            row.updated_at = now
        erasure = Erasure(
            certificate_uid=new_uid(),
            registration_id=registration.id,
            workshop_id=registration.workshop_id,
            organization=registration.organization.name,
            scope=scope.value,
            destroyed=DESTROYED_WORDS[scope],
            reason=reason.strip(),
            erased_at=now,
            erased_by=self._context.actor,
            status="pending",
            verification="",
        )
        session.add(erasure)
        session.flush()
        self._audit(
            session,
            "card.erase",
            f"{registration.organization.name}: erased {DESTROYED_WORDS[scope]} "
            f"(reason: {reason.strip()})",
            registration,
        )
        return PendingErasure(erasure.id, tuple(blob for blob in destroyed if blob))

    def finish_erasure(self, pending: PendingErasure) -> ErasureView:
        """The second half, after the commit: rotate the device secret, scrub the files,
        verify; returns the erasure behind its certificate."""
        self._finish_erasure(pending.erasure_id, list(pending.destroyed))
        return self.erasure(pending.erasure_id)

    def _finish_erasure(self, erasure_id: int, destroyed: list[bytes] | None) -> None:
        """Rotate the device secret, scrub the database files (SQLite), verify, and record
        what was checked and where (erasure_report) for the certificate.

        ``destroyed`` is None when finishing an erasure that was interrupted after its
        deletion (the destroyed bytes are no longer at hand to search for)."""
        self._rotate_device_secret()
        self._scrub_files()
        self._align_backups()
        facts = self._verify(destroyed)
        with self._context.database.transaction() as session:
            erasure = session.get(Erasure, erasure_id)
            assert erasure is not None
            erasure.status = "complete" if not facts.remnants else "remnants found"
            erasure.verification = verification_text(facts)
            erasure.completed_at = self._context.clock.now()
            self._audit(
                session,
                "card.erase.verified",
                f"{erasure.organization}: certificate "
                f"{certificate_number(erasure.certificate_uid)} {erasure.status}",
            )
        self._scrub_files()
        self._anchor_audit()

    def _pending_erasures(self) -> int:
        with self._context.database.reading() as session:
            return len(list(session.scalars(select(Erasure.id).where(Erasure.status == "pending"))))

    def _finish_interrupted_erasures(self) -> None:
        """An erasure cut off after its deletion (a crash, a keychain error) has not yet
        rotated the device secret: finish it at the next unlock. If that fails again, the
        vault still opens and the erasure stays pending until the next try."""
        with self._context.database.reading() as session:
            pending = list(
                session.scalars(
                    select(Erasure.id).where(Erasure.status == "pending").order_by(Erasure.id)
                )
            )
        for erasure_id in pending:
            try:
                self._finish_erasure(erasure_id, None)
            except Exception:  # whatever stopped it, never lock the director out
                return

    def erasure(self, erasure_id: int) -> ErasureView:
        with self._context.database.reading() as session:
            erasure = session.get(Erasure, erasure_id)
            if erasure is None:
                raise VaultError(_("There is no erasure #{number}.").format(number=erasure_id))
            return _erasure_view(erasure)

    def erasures(self, workshop_id: int | None = None) -> list[ErasureView]:
        with self._context.database.reading() as session:
            query = select(Erasure).order_by(Erasure.erased_at, Erasure.id)
            if workshop_id is not None:
                query = query.where(Erasure.workshop_id == workshop_id)
            return [_erasure_view(e) for e in session.scalars(query)]

    def certificate_text(self, erasure_id: int, locale: str | None = None) -> str:
        """A certificate of destruction the director can send; it holds no card data.
        In ``locale``'s language, by default the organization's."""
        return self.certificate(erasure_id, locale).text()

    def certificate_pdf(self, erasure_id: int, locale: str | None = None) -> bytes:
        """The certificate as a PDF page (the letter's attachment, what the certificates
        window saves and prints), on the paper chosen for every document, in ``locale``'s
        language (by default the organization's)."""
        from escadesk.documents.certificate_pdf import certificate_pdf
        from escadesk.services.page_size import document_page
        from escadesk.services.settings import SettingsService

        page = document_page(SettingsService(self._context.database))
        return certificate_pdf(self.certificate(erasure_id, locale), page)

    def certificate(self, erasure_id: int, locale: str | None = None) -> Certificate:
        """The certificate's facts, the institute's identity as its issuer (see
        domain/destruction_certificate.py for the text, documents/certificate_pdf.py for
        the page), in ``locale``'s language: by default the organization's (its
        letters'), English when its registration is gone. The record's English words
        (reason, what was destroyed, the checks) are said in that language when known."""
        from escadesk.domain.languages import locale_of
        from escadesk.i18n import Translator, format_date
        from escadesk.notifications.letter_language import is_english, letter_clock, zone_name
        from escadesk.services.certificate_wording import in_language
        from escadesk.services.erasure_report import checks_in

        erasure = self.erasure(erasure_id)
        if erasure.status == "pending":
            raise VaultError(
                _(
                    "This erasure was interrupted before it was finished; unlock the vault to "
                    "finish it, then issue its certificate."
                )
            )
        with self._context.database.reading() as session:
            registration = session.get(Registration, erasure.registration_id)
            workshop = registration.workshop if registration else None
            zone = calendar_of(workshop).zone if workshop else None
            issuer = read_identity(session)
            if locale is None:
                language = registration.organization.language if registration else "en"
                locale = locale_of(language)
        when = erasure.erased_at.astimezone(zone) if zone else erasure.erased_at
        words = Translator(locale)
        if is_english(locale):
            destroyed_on = f"{when:%Y-%m-%d %H:%M}"
        else:
            # Translators: when a certificate's card data was destroyed: "2 oct. 2018 09 h 00".
            destroyed_on = words.gettext("{date} {time}").format(
                date=format_date(when.date(), "medium", locale),
                time=letter_clock(when.time(), locale),
            )
        checks = tuple(line for line in erasure.verification.splitlines() if line.strip())
        return Certificate(
            number=erasure.certificate_number,
            organization=erasure.organization,
            workshop=workshop.title
            if workshop
            else words.gettext("workshop #{number}").format(number=erasure.workshop_id),
            destroyed_on=destroyed_on,
            zone=zone_name(zone.key if zone else "UTC", locale),
            destroyed_by=erasure.erased_by,
            reason=in_language(erasure.reason, locale),
            destroyed=in_language(erasure.destroyed, locale),
            checks=checks_in(checks, locale),
            issuer=issuer,
            locale=locale,
        )

    def verify_audit(self) -> ChainReport:
        """Every link of the chain, then the anchor this computer's keychain keeps (see
        vault/audit_chain.py); an intact log moves the anchor forward."""
        anchor, name = None, None
        with self._context.database.reading() as session:
            meta = session.get(VaultMeta, 1)
            keychain = self._resolved_keychain() if meta is not None else None
            if meta is not None and keychain is not None:
                name = _anchor_name(meta.vault_uid)
                stored = keychain.get(name)
                try:
                    anchor = Anchor.from_bytes(stored) if stored else None
                except ValueError:
                    return ChainReport(0, None, UNREADABLE_ANCHOR)
            report = audit.verify_chain(session, anchor)
        if not report.intact:
            return report
        if name is None:
            return replace(report, coverage=NO_ANCHOR)
        self._anchor_audit()
        if anchor is None:
            return replace(report, coverage=FIRST_ANCHOR)
        return report

    def anchor_audit(self) -> None:
        """After each commit that appended to the audit log, and on closing: only where
        the keychain is already in use (probing an OS keychain for this would be slow, and
        may prompt; the next checkpoint that uses the keychain catches up)."""
        if not callable(self._keychain_source):
            self._anchor_audit()

    def restart_audit_anchor(self) -> None:
        """After a restore the log is shorter on purpose: anchor its new head, whose last
        entry is the restore itself (services/backups.py), so the log reads as intact
        and says what happened. Unlike the anchor's forward moves, this one is allowed
        backwards; it runs only after a restore's own note."""
        with self._anchor_lock:
            keychain = self._resolved_keychain()
            with self._context.database.reading() as session:
                meta = session.get(VaultMeta, 1)
                head = audit.head(session)
            if keychain is None or meta is None or head is None:
                return
            keychain.set(_anchor_name(meta.vault_uid), head.to_bytes())

    def _anchor_audit(self) -> None:
        """Move the audit anchor in the keychain forward to the chain's head, if the
        chain still holds the anchor there now (never bless a truncated or replaced log).
        A failure here must not fail the use case: the anchor then lags, and the next
        verification says how far it reaches. One at a time: two threads committing at
        once must not move the anchor backwards."""
        with self._anchor_lock:
            self._move_anchor()

    def _move_anchor(self) -> None:
        try:
            keychain = self._resolved_keychain()
            if keychain is None:
                return
            with self._context.database.reading() as session:
                meta = session.get(VaultMeta, 1)
                head = audit.head(session)
                if meta is None or head is None:
                    return
                name = _anchor_name(meta.vault_uid)
                stored = keychain.get(name)
                if stored:
                    anchor = Anchor.from_bytes(stored)
                    if anchor.last_id >= head.last_id or not audit.still_holds(session, anchor):
                        return
            keychain.set(name, head.to_bytes())
        except Exception:  # a keychain that refuses must not stop the director's work
            return

    # -- internals -------------------------------------------------------------------------

    def _stale_check(self, keys: _Keys) -> Callable[[], None]:
        """For a card that did not open: raise StaleVaultKeyError if the key changed."""
        return lambda: _require_current(self._meta(), keys)

    def _require_keys(self) -> _Keys:
        if self._keys is None:
            desk = self.desk()
            if not desk.here and self.state() is not VaultState.NOT_SET_UP:
                raise NotVaultDeskError(desk.message)
            raise VaultLockedError(_("The vault is locked; unlock it with your passphrase."))
        return self._keys

    # -- the vault desk (services/vault_desk.py) -------------------------------------------

    def desk(self) -> VaultDesk:
        """Whether the vault opens here, and which desk it lives on. Asks the keychain
        (slow the first time): off the GUI thread."""
        with self._context.database.reading() as session:
            meta = session.get(VaultMeta, 1)
            name = recorded_desk(session)
            transit = recorded_transit(session)
        if meta is not None and self._needs_settling(meta, transit):
            self._settle_when_free(meta)
        role = self._context.role
        return VaultDesk(
            name=name,
            holds_key=meta is not None and self._holds_device_key(meta.vault_uid),
            role_may=Capability.VAULT in self._context.capabilities,
            role=role,
            transit=transit,
        )

    def _settle_when_free(self, meta: VaultMeta) -> None:
        """:meth:`_settle_keychain` at a start, if no other process has the vault open
        (else its own unlock settles it); never in the way of showing the desk."""
        with contextlib.suppress(Exception):
            self._hold_vault_lock()
            try:
                self._settle_keychain(meta)
            finally:
                if self._keys is None:
                    self._let_go_of_vault()

    def _holds_device_key(self, uid: str) -> bool:
        try:
            keychain = self._resolved_keychain()
            if keychain is None:
                return False
            names = (_device_name(uid), _next_name(uid))
            return any(keychain.get(name) is not None for name in names)
        except Exception:  # a keychain that fails to answer holds nothing usable
            return False

    def _require_vault_role(self) -> None:
        if Capability.VAULT not in self._context.capabilities:
            raise NotVaultDeskError(self.desk().message)

    def _note_vault_desk(self) -> None:
        """This desk opened the vault, so it holds the key: if another name is recorded
        (a renamed computer, a vault restored elsewhere, or a key copied outside
        escadesk), record this one and say so in the audit log. Never stops an unlock."""
        try:
            with self._context.database.transaction() as session:
                if recorded_desk(session) == self.desk_name:
                    return
                previous = record_desk(session, self.desk_name)
                self._audit(
                    session,
                    "vault.desk",
                    f"Vault desk: {self.desk_name} (was: {previous or 'not recorded'})",
                )
        except Exception:
            return

    def _meta(self) -> VaultMeta:
        with self._context.database.reading() as session:
            meta = session.get(VaultMeta, 1)
        if meta is None:
            raise VaultError(_("The vault has not been set up yet."))
        return meta

    def _device_secret(self, uid: str) -> SecretKey:
        value = self._keychain.get(_device_name(uid))
        if value is None:
            raise NotVaultDeskError(self.desk().message)
        return SecretKey(bytearray(value))

    def _open_with_keychain(self, meta: VaultMeta, passphrase_key: SecretKey) -> SecretKey | None:
        """Try the device secret, then a rotation cut off half-way (finishing it)."""
        aad = associated_data("vault", "check")
        for name in (_device_name(meta.vault_uid), _next_name(meta.vault_uid)):
            value = self._keychain.get(name)
            if value is None:
                continue
            device = SecretKey(bytearray(value))
            key = vault_key(passphrase_key, device)
            device.wipe()
            try:
                open_sealed(key, meta.check_blob, aad)
            except TamperedError:
                key.wipe()
                continue
            if name == _next_name(meta.vault_uid):
                self._keychain.set(_device_name(meta.vault_uid), value)
            self._keychain.delete(_next_name(meta.vault_uid))
            return key
        if self._keychain.get(_device_name(meta.vault_uid)) is None:
            raise NotVaultDeskError(self.desk().message)
        return None

    def _rotate_device_secret(self) -> None:
        keys = self._require_keys()
        meta = self._meta()
        _require_current(meta, keys)  # a stale key must not even touch the keychain
        uid = meta.vault_uid
        self._settle_pending_rotation(meta, keys)
        device = SecretKey.random()
        self._keychain.set(_next_name(uid), device.bytes())
        new_key = vault_key(keys.passphrase_key, device)
        with self._context.database.transaction() as session:
            stored = _hold_current_key(session, keys)
            _rewrap_all(session, keys.vault, new_key)
            stored.check_blob = seal(new_key, CHECK_PLAINTEXT, associated_data("vault", "check"))
            stored.key_generation += 1
            generation = stored.key_generation
        # The database now holds keys wrapped by the new vault key: use it from here on, even
        # if the keychain swap below fails (the next unlock promotes the "next" secret).
        # Keeping the old key would wrap new records with a key nothing can re-derive.
        keys.vault.wipe()
        keys.vault = new_key
        keys.generation = generation
        try:
            self._keychain.set(_device_name(uid), device.bytes())
            self._keychain.delete(_next_name(uid))
        finally:
            device.wipe()

    def _settle_pending_rotation(self, meta: VaultMeta, keys: _Keys) -> None:
        """A rotation that stopped after its database commit left the key the database
        needs in the "next" slot. This rotation is about to reuse that slot: promote it
        first (or drop it, if the database never needed it), or a failure of this
        rotation's own commit would leave no device key that opens the vault."""
        if self._keychain.get(_next_name(meta.vault_uid)) is None:
            return
        settled = self._open_with_keychain(meta, keys.passphrase_key)
        if settled is None:
            raise VaultError(
                _(
                    "Neither device key in the keychain opens the vault, so no new one is "
                    "written over them. Lock the vault and unlock it again."
                )
            )
        settled.wipe()

    def _scrub_files(self) -> None:
        """Move everything out of the WAL and rebuild the file without free pages."""
        engine = self._context.database.engine
        if engine.dialect.name != "sqlite":
            return
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            connection.exec_driver_sql("VACUUM")
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")

    def _align_backups(self) -> None:
        """Backups follow the live vault: erased cards leave them, the others take the new
        wrapped keys (storage/backups.py says why). SQLite only: a server keeps its own."""
        database = self._context.database
        if database.backup_dir is None or database.engine.dialect.name != "sqlite":
            return
        with database.engine.connect() as connection:
            live = connection.connection.driver_connection
            assert live is not None
            backups.align_with_live(live, database.backup_dir)

    def _database_kind(self) -> str:
        """The database's dialect: "sqlite", or a server's ("postgresql")."""
        return self._context.database.engine.dialect.name

    def _verify(self, destroyed: list[bytes] | None) -> ErasureFacts:
        """Search the database files for the destroyed bytes (SQLite only: a server's
        storage is out of reach) and note where the keys and the files live."""
        dialect = self._database_kind()
        database = self._context.database.file if dialect == "sqlite" else None
        scanned = None
        remnants: list[str] = []
        if database is not None and destroyed is not None:
            backup_dir = self._context.database.backup_dir
            copies = backups.backup_files(backup_dir) if backup_dir is not None else []
            scanned, remnants = search_files(database, destroyed, copies)
        keychain = self._keychain
        key_folder = keychain_folder(keychain)
        return ErasureFacts(
            database=dialect,
            scanned=None if scanned is None else tuple(scanned),
            items=len(destroyed or []),
            remnants=tuple(remnants),
            interrupted=destroyed is None,
            keychain=keychain_description(keychain),
            keychain_kind=keychain.kind,
            database_filesystem=None if database is None else filesystem_of(database.parent),
            key_filesystem=None if key_folder is None else filesystem_of(key_folder),
        )

    def _authorization(self, session: Session, registration_id: int) -> CardAuthorization:
        row = session.scalar(
            select(CardAuthorization).where(CardAuthorization.registration_id == registration_id)
        )
        if row is None:
            raise VaultError(_("There is no card authorization for this registration."))
        return row

    def _audit(
        self, session: Session, action: str, summary: str, registration: Registration | None = None
    ) -> None:
        audit.record_now(
            session,
            self._context,
            action=action,
            entity="registration" if registration else "vault",
            entity_id=registration.id if registration else None,
            workshop_id=registration.workshop_id if registration else None,
            summary=summary,
        )


#: Stored brand -> member: a dict look-up per card, where calling the enum costs more.
_BRANDS = {brand.value: brand for brand in CardBrand}

#: Registrations that must hold no card: it would never be charged (withdrawn, cancelled),
#: or it was charged and its card is on its way out. Each refusal says why (a whole
#: sentence each, translated where it is raised).
NO_CARD_STATES = {
    RegistrationStatus.WITHDRAWN: N_(
        "{organization} withdrew, so its card would never be charged: no card authorization "
        "can be stored for it."
    ),
    RegistrationStatus.CANCELLED: N_(
        "{organization} is cancelled, so its card would never be charged: no card "
        "authorization can be stored for it."
    ),
    RegistrationStatus.CHARGED: N_(
        "{organization} has already been charged: no card authorization can be stored for it."
    ),
}


def _require_card_allowed(registration: Registration) -> None:
    """Refuse a card for a registration that must not hold one. Checked on its own: the
    state machine only guards the *first* receipt of an authorization, so a paper form
    noted earlier would otherwise let a card in after a withdrawal or a cancellation."""
    why = NO_CARD_STATES.get(RegistrationStatus(registration.status))
    if why is not None:
        raise ValidationError(
            [
                FieldProblem(
                    "registration",
                    _(why).format(organization=registration.organization.name),
                )
            ]
        )


def new_uid() -> str:
    """A random UUID whose text holds nothing a card-number scan would flag.

    About 0.7% of UUID strings contain a Luhn-valid run of 13+ digits across their dashes
    ("...4-5512-3004-1..."); such ids would trip every leak scan of the database, the
    exports and the certificates, so they are simply drawn again.
    """
    while contains_card_number(uid := str(uuid.uuid4())):
        pass
    return uid


def certificate_number(uid: str) -> str:
    value = uuid.UUID(uid).int
    letters = []
    for _letter in range(16):
        value, digit = divmod(value, 26)
        letters.append(chr(ord("A") + digit))
    text = "".join(letters)
    return "-".join(text[i : i + 4] for i in range(0, 16, 4))


def _device_name(uid: str) -> str:
    return f"{uid}/device-secret"


def _anchor_name(uid: str) -> str:
    """The audit chain's head as last seen here (vault/audit_chain.py: the anchor)."""
    return f"{uid}/audit-anchor"


NO_ANCHOR = (
    "This computer keeps no anchor of the log (no vault or no keychain here), so entries "
    "removed from its end, or a whole log replaced, could not be noticed."
)
UNREADABLE_ANCHOR = (
    "The anchor of the audit log kept in this computer's keychain cannot be read, so "
    "whether entries were removed from the log cannot be told."
)
FIRST_ANCHOR = (
    "This computer had no anchor of the log yet, so entries removed from its end before "
    "now could not be noticed; it keeps one from now on."
)


def _next_name(uid: str) -> str:
    return f"{uid}/device-secret-next"


def _moving_name(uid: str) -> str:
    """A move-out under way from this keychain: the key generation it commits."""
    return f"{uid}/moving-out"


def _hold_current_key(session: Session, keys: _Keys) -> VaultMeta:
    """First in every transaction that wraps a key with ``keys.vault`` (or deletes
    one): lock the vault row and refuse a key another escadesk has since replaced."""
    meta = lock_vault_row(session)
    _require_current(meta, keys)
    assert meta is not None
    return meta


def _require_current(meta: VaultMeta | None, keys: _Keys) -> None:
    if meta is None:
        raise VaultError(_("The vault has not been set up yet."))
    if not is_current(meta, keys.generation, keys.vault):
        raise StaleVaultKeyError()


def _rewrap_all(session: Session, old: SecretKey, new: SecretKey) -> None:
    for row in session.scalars(select(CardAuthorization)):
        uid = row.record_uid
        if row.card_key is not None:
            key = unwrap(old, row.card_key, associated_data(uid, "card-key"))
            row.card_key = wrap(new, key, associated_data(uid, "card-key"))
            key.wipe()
        if row.sensitive_key is not None:
            key = unwrap(old, row.sensitive_key, associated_data(uid, "sensitive-key"))
            row.sensitive_key = wrap(new, key, associated_data(uid, "sensitive-key"))
            key.wipe()


def _erasure_view(erasure: Erasure) -> ErasureView:
    return ErasureView(
        id=erasure.id,
        certificate_uid=erasure.certificate_uid,
        registration_id=erasure.registration_id,
        workshop_id=erasure.workshop_id,
        organization=erasure.organization,
        scope=ErasureScope(erasure.scope),
        destroyed=erasure.destroyed,
        reason=erasure.reason,
        erased_at=erasure.erased_at,
        erased_by=erasure.erased_by,
        status=erasure.status,
        verification=erasure.verification,
    )
