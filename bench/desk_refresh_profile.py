"""Where "refresh after one change" spends its time (issue 17): bench/desk_scale.py's
desk on the cached database, the change and the window's ``refresh(changed=[id])``
until painted, under cProfile, or timed alone (no profiler's overhead) to compare.

    python3 run.py python bench/desk_refresh_profile.py [--quick] [--changes 8]
                                                        [--sort tottime] [--top 40]
                                                        [--time-only]

Prints the load average: a loaded machine makes every figure noisy. Asserts nothing.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from PySide6.QtCore import qInstallMessageHandler

from desk_scale import DeskRun, _application, _quiet_offscreen
from desk_scale_data import FULL, QUICK, cached_database


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1,000 registrations")
    parser.add_argument("--changes", type=int, default=8, help="changes profiled")
    parser.add_argument("--sort", default="cumulative", help="pstats sort key")
    parser.add_argument("--top", type=int, default=45, help="lines printed")
    parser.add_argument("--time-only", action="store_true", help="time, do not profile")
    options = parser.parse_args()
    print(f"load average at start: {os.getloadavg()}")
    cached = cached_database(QUICK if options.quick else FULL)
    with tempfile.TemporaryDirectory(prefix="escadesk-refresh-profile-") as temporary:
        folder = Path(temporary)
        _application(folder)
        run = DeskRun(cached, folder)
        try:
            run.shown()
            ids = cached.unreceived
            run.change_and_refresh(ids[-1])  # untimed: warm every cache
            profiler = cProfile.Profile()
            times: list[float] = []
            for registration_id in ids[: options.changes]:
                if not options.time_only:
                    profiler.enable()
                _change, _call, refresh = run.change_and_refresh(registration_id)
                if not options.time_only:
                    profiler.disable()
                times.append(refresh)
        finally:
            run.close()
    print(
        f"refresh until painted: median {statistics.median(times) * 1000:.1f} ms "
        f"(min {min(times) * 1000:.1f}, n={len(times)})"
        + (" — under the profiler" if not options.time_only else "")
    )
    if not options.time_only:
        pstats.Stats(profiler).strip_dirs().sort_stats(options.sort).print_stats(options.top)
    print(f"load average at end: {os.getloadavg()}")


if __name__ == "__main__":
    qInstallMessageHandler(_quiet_offscreen)
    main()
