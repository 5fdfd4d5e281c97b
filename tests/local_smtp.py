"""A real SMTP server on 127.0.0.1 for tests (aiosmtpd), shared by the notification and
letters-dialog tests through the ``mailbox`` fixture of tests/conftest.py."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager

from aiosmtpd.controller import Controller

from escadesk.notifications.smtp import Security, SmtpSettings


class Mailbox:
    """An aiosmtpd handler that keeps every envelope; can refuse a recipient."""

    def __init__(self) -> None:
        self.envelopes: list = []
        self.refuse: set[str] = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


def free_port() -> int:
    """A port nothing listens on (bound once, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def running_mailbox() -> Iterator[tuple[Mailbox, SmtpSettings]]:
    handler = Mailbox()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, SmtpSettings("127.0.0.1", port, security=Security.NONE)
    finally:
        controller.stop()
