"""The services container builds a service on its first use, once (issue 17: a lazy
start); the hooks that must run at every unlock are there from the start, in order."""

from __future__ import annotations

import sys
from pathlib import Path

from escadesk.app import AppConfig, build_services
from escadesk.vault.kdf import fast_test_params
from escadesk.vault.keychain import MemoryKeychain

LAZY = (
    "workshops",
    "registrations",
    "delegates",
    "registration_import",
    "notifications",
    "paper",
    "exports",
    "benchmarking",
    "forms",
    "institute",
    "audit_log",
)


def test_each_lazy_service_is_built_on_first_use_and_kept(tmp_path: Path) -> None:
    services = build_services(
        AppConfig.resolve(tmp_path / "data"),
        keychain=MemoryKeychain(),
        kdf_profile=fast_test_params,
    )
    try:
        assert [name for name in LAZY if name in vars(services)] == []
        for name in LAZY:
            first = getattr(services, name)
            assert getattr(services, name) is first, name
            assert first.__module__ in sys.modules
    finally:
        services.close()


def test_the_unlock_hooks_run_in_the_same_order_whatever_was_used(tmp_path: Path) -> None:
    """Erasures a decision left unfinished, the daily backup, charged codes and
    retention, then the personal-data purge last (it waits for the cards erased)."""
    services = build_services(
        AppConfig.resolve(tmp_path / "data"),
        keychain=MemoryKeychain(),
        kdf_profile=fast_test_params,
    )
    try:
        assert services.backups.available is (services.context.database.file is not None)
        hooks = [
            services.decision.finish_decided_erasures,
            *([services.backups.daily] if services.backups.available else []),  # a file's
            services.charging._after_unlock,
            services.personal_data.purge_at_unlock,
        ]
        assert services.vault.after_unlock == hooks
        services.exports, services.notifications, services.benchmarking  # noqa: B018
        assert len(services.vault.after_unlock) == len(hooks)
    finally:
        services.close()
