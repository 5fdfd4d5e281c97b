"""Build the real services on one data folder, as often as a test restarts the app, and
close every one of them afterwards (shared by the vault and security fixtures)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from escadesk.app import AppConfig, Services, build_services
from escadesk.services.clock import Clock
from escadesk.vault.kdf import fast_test_params
from escadesk.vault.keychain import Keychain


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
