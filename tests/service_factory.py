"""Build the real services on one data folder, as often as a test restarts the app, and
close every one of them afterwards (shared by the vault and security fixtures); and the
demo's services on its own day, decided (shared by the service and CLI tests)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from escadesk.app import AppConfig, Services, build_services
from escadesk.services.clock import Clock, FixedClock
from escadesk.services.demo import DEMO_PASSPHRASE, DEMO_TODAY
from escadesk.vault.kdf import fast_test_params
from escadesk.vault.keychain import Keychain

#: The demo's decision: the day after its deadline, in the workshop's zone.
DECISION_DAY = datetime(2018, 10, 2, 9, 0, tzinfo=ZoneInfo("America/Toronto"))


def demo_services(folder: Path, keychain: Keychain) -> Services:
    """Services on ``folder`` with the clock on the demo's day (DEMO_TODAY) and the weak
    test KDF profile; the caller seeds the demo and closes them."""
    return build_services(
        AppConfig.resolve(folder),
        clock=FixedClock(DEMO_TODAY),
        keychain=keychain,
        kdf_profile=fast_test_params,
    )


def decide_demo(services: Services, workshop_id: int) -> dict[str, int]:
    """Andes' card form recorded, then the decision on DECISION_DAY (the clock moved
    there): the demo proceeds. The registrations by organization."""
    ids = {r.organization: r.id for r in services.registrations.list(workshop_id)}
    services.registrations.record_authorization(ids["Andes AgriFood Alliance"])
    clock = services.clock
    assert isinstance(clock, FixedClock)
    clock.set(DECISION_DAY)
    services.decision.confirm(workshop_id, DEMO_PASSPHRASE)
    return ids


@contextmanager
def service_factory(
    config: AppConfig, clock: Callable[[], Clock], keychain: Keychain
) -> Iterator[Callable[[], Services]]:
    """Yield ``make()``: another set of services on the same folder and keychain (a
    restart), with the weak test KDF profile; ``clock`` gives each set its clock."""
    built: list[Services] = []

    def make() -> Services:
        services = build_services(
            config, clock=clock(), actor="tester", keychain=keychain, kdf_profile=fast_test_params
        )
        built.append(services)
        return services

    try:
        yield make
    finally:
        for services in built:
            services.close()
