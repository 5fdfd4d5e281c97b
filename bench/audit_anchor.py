"""The audit anchor after every audited commit: what it costs a use case.

    python3 run.py python bench/audit_anchor.py [--commits 200]

A demo vault with the file keychain (a real folder, fsync included) in a temporary data
folder. Measured in the same run, alternating in rounds of 20: an audited transaction
(one audit entry, the same path every use case takes) with the anchor hook, and the same
transaction with the hook removed (the baseline). Prints the median milliseconds per
commit of each, the difference and the ratio. Prints figures only; it asserts nothing.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import tempfile
import time
from pathlib import Path

from escadesk.app import KEYCHAIN_SETTING, AppConfig, Services, build_services
from escadesk.services import audit
from escadesk.services.clock import FixedClock
from escadesk.services.demo import DEMO_TODAY, seed_demo
from escadesk.vault.kdf import fast_test_params
from escadesk.vault.keychain import FileKeychain

ROUND = 20


def _commit(services: Services, number: int) -> float:
    start = time.perf_counter()
    with services.context.database.transaction() as session:
        audit.record(
            session,
            at=DEMO_TODAY,
            actor="bench",
            action="note",
            entity="vault",
            entity_id=None,
            workshop_id=None,
            summary=f"bench note {number}",
        )
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commits", type=int, default=200, help="commits of each kind")
    commits = parser.parse_args().commits
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary) / "data"
        services = build_services(
            AppConfig.resolve(folder),
            clock=FixedClock(DEMO_TODAY),
            keychain=FileKeychain(folder / "keys"),
            kdf_profile=fast_test_params,
        )
        services.settings.set(KEYCHAIN_SETTING, "file")
        seed_demo(services, vault_passphrase="correct horse battery staple")
        hooks = list(services.context.database.after_audited_commit)
        anchored: list[float] = []
        baseline: list[float] = []
        number = 0
        while len(anchored) < commits:
            for sample, with_hook in ((anchored, True), (baseline, False)):
                services.context.database.after_audited_commit[:] = hooks if with_hook else []
                for _ in range(ROUND):
                    number += 1
                    sample.append(_commit(services, number))
        services.context.database.after_audited_commit[:] = hooks
        report = services.vault.verify_audit()
        services.close()
    with_anchor, without = statistics.median(anchored), statistics.median(baseline)
    print(f"{platform.node()} · Python {platform.python_version()} · {len(anchored)} commits each")
    print(f"audited commit, anchor moved:    {with_anchor:7.2f} ms (median)")
    print(f"audited commit, no anchor write: {without:7.2f} ms (median, baseline)")
    print(f"anchor cost per commit:          {with_anchor - without:7.2f} ms")
    print(f"ratio:                           {with_anchor / without:7.2f}x")
    print(f"chain afterwards: {'intact' if report.intact else report.problem} ({report.checked})")


if __name__ == "__main__":
    main()
