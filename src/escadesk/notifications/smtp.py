"""Sending through the director's SMTP server; its password lives in the OS keychain.

The keychain is reached through ``keyring`` (service "escadesk-smtp"), or any object with
the same three functions, so tests never touch the real keychain.
"""

from __future__ import annotations

import copy
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from enum import StrEnum
from typing import Protocol

KEYRING_SERVICE = "escadesk-smtp"
DEFAULT_TIMEOUT = 30.0


class Security(StrEnum):
    STARTTLS = "starttls"
    SSL = "ssl"
    NONE = "none"


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    security: Security = Security.STARTTLS
    username: str = ""
    password_key: str = ""  # the keychain entry's name; derived from user/host if empty

    def __post_init__(self) -> None:
        object.__setattr__(self, "security", Security(self.security))
        if not self.host.strip():
            raise ValueError("The SMTP server's host name is required.")
        if not 0 < self.port < 65536:
            raise ValueError(f"{self.port} is not a valid port number (1-65535).")

    @property
    def keychain_name(self) -> str:
        return self.password_key or f"{self.username}@{self.host}:{self.port}"


class SendError(RuntimeError):
    """The message was not sent; the text says why (with the server's own words)."""


class PasswordStoreError(RuntimeError):
    """The keychain could not keep or give back the SMTP password."""


class KeyringLike(Protocol):
    def get_password(self, service_name: str, username: str) -> str | None: ...

    def set_password(self, service_name: str, username: str, password: str) -> None: ...

    def delete_password(self, service_name: str, username: str) -> None: ...


def _backend(backend: KeyringLike | None) -> KeyringLike:
    if backend is not None:
        return backend
    import keyring

    return keyring  # the module has the three functions


def store_smtp_password(
    settings: SmtpSettings, password: str, *, backend: KeyringLike | None = None
) -> None:
    try:
        _backend(backend).set_password(KEYRING_SERVICE, settings.keychain_name, password)
    except Exception as error:
        raise PasswordStoreError(
            f"The SMTP password could not be kept in the keychain ({type(error).__name__})."
        ) from error


def smtp_password(settings: SmtpSettings, *, backend: KeyringLike | None = None) -> str | None:
    try:
        return _backend(backend).get_password(KEYRING_SERVICE, settings.keychain_name)
    except Exception as error:
        raise PasswordStoreError(
            f"The SMTP password could not be read from the keychain ({type(error).__name__})."
        ) from error


def forget_smtp_password(settings: SmtpSettings, *, backend: KeyringLike | None = None) -> None:
    store = _backend(backend)
    if store.get_password(KEYRING_SERVICE, settings.keychain_name) is not None:
        store.delete_password(KEYRING_SERVICE, settings.keychain_name)


def _server_text(error: smtplib.SMTPResponseException) -> str:
    text = error.smtp_error
    text = text.decode("utf-8", errors="replace") if isinstance(text, bytes) else str(text)
    return f"{error.smtp_code} {text}".strip()


def _deliver(
    message: EmailMessage,
    settings: SmtpSettings,
    password: str | None,
    timeout: float,
    context: ssl.SSLContext,
) -> None:
    client: smtplib.SMTP
    if settings.security is Security.SSL:
        client = smtplib.SMTP_SSL(settings.host, settings.port, timeout=timeout, context=context)
    else:
        client = smtplib.SMTP(settings.host, settings.port, timeout=timeout)
    with client:
        client.ehlo()
        if settings.security is Security.STARTTLS:
            client.starttls(context=context)
            client.ehlo()
        if settings.username:
            if password is None:
                raise SendError(f"No password is stored for {settings.username}; enter it first.")
            client.login(settings.username, password)
        refused = client.send_message(message)
    if refused:
        listed = "; ".join(
            f"{address}: {_server_text(smtplib.SMTPResponseException(*reply))}"
            for address, reply in refused.items()
        )
        raise SendError(f"The server refused some recipients: {listed}")


def send(
    message: EmailMessage,
    settings: SmtpSettings,
    password: str | None,
    timeout: float = DEFAULT_TIMEOUT,
    *,
    ssl_context: ssl.SSLContext | None = None,
) -> None:
    """Send ``message``; SendError with a clear reason if the server did not take it.

    The draft marker "X-Unsent" is removed from what is sent (it is for saved drafts).
    """
    outgoing = copy.deepcopy(message)
    del outgoing["X-Unsent"]
    where = f"{settings.host}:{settings.port}"
    context = ssl_context or ssl.create_default_context()
    try:
        _deliver(outgoing, settings, password, timeout, context)
    except SendError:
        raise
    except smtplib.SMTPAuthenticationError as error:
        raise SendError(
            f"{where} refused the user name or password: {_server_text(error)}"
        ) from error
    except smtplib.SMTPRecipientsRefused as error:
        listed = "; ".join(
            f"{address}: {_server_text(smtplib.SMTPResponseException(*reply))}"
            for address, reply in error.recipients.items()
        )
        raise SendError(f"{where} refused the recipients: {listed}") from error
    except smtplib.SMTPResponseException as error:
        raise SendError(f"{where} did not accept the message: {_server_text(error)}") from error
    except smtplib.SMTPNotSupportedError as error:
        raise SendError(f"{where} does not support {settings.security.value}: {error}") from error
    except smtplib.SMTPServerDisconnected as error:
        raise SendError(f"{where} closed the connection: {error}") from error
    except ssl.SSLError as error:
        raise SendError(f"A secure connection to {where} failed: {error}") from error
    except (OSError, smtplib.SMTPException) as error:
        raise SendError(f"Could not reach the mail server {where}: {error}") from error
