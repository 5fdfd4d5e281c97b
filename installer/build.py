"""Build escadesk for this system, prove the build works, then package it.

    python3 run.py --group packaging python installer/build.py [--out DIR] [--work DIR] [--nsis]

1. Draws the icons (installer/make_icons.py) and runs PyInstaller on installer/escadesk.spec:
   one folder, windowed, lean (installer/bundle_rules.py).
2. Runs the built app's ``--self-test`` (escadesk.self_test) offscreen, and checks that it
   wrote nothing into the bundle; a failing self-test stops the build.
3. Packages: Linux, a tarball; Windows, the NSIS installer (installer/windows/escadesk.nsi);
   macOS, escadesk.app in a .dmg, signed and notarized when the credentials are set:
     ESCADESK_CODESIGN_IDENTITY  e.g. "Developer ID Application: Institute ... (TEAMID)"
     ESCADESK_NOTARY_PROFILE     a notarytool keychain profile (xcrun notarytool
                                 store-credentials); without it, no notarization
   ``--nsis`` also compiles the NSIS script on Linux or macOS, over this system's bundle,
   to prove the script is valid (the result is not a usable Windows installer, and is
   written to the work folder, not the output folder).

Writes the packages and ``build-summary.json`` (sizes, times, the self-test's lines) to the
output folder (default installer/out).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

INSTALLER = Path(__file__).resolve().parent
ROOT = INSTALLER.parent
SPEC = INSTALLER / "escadesk.spec"
NSIS_SCRIPT = INSTALLER / "windows" / "escadesk.nsi"
NAME = "escadesk"
SELF_TEST_SECONDS = 300

LINUX = sys.platform.startswith("linux")
MACOS = sys.platform == "darwin"
WINDOWS = sys.platform == "win32"

sys.path.insert(0, str(ROOT / "src"))
from escadesk import __version__  # noqa: E402


class BuildError(RuntimeError):
    """A step failed; the message says which and why."""


@dataclass
class Summary:
    version: str = __version__
    system: str = f"{sys.platform}-{platform.machine().lower()}"
    bundle: str = ""
    bundle_bytes: int = 0
    bundle_files: int = 0
    build_seconds: float = 0.0
    self_test_seconds: float = 0.0
    self_test: list[str] = field(default_factory=list)
    packages: dict[str, int] = field(default_factory=dict)
    package_seconds: float = 0.0
    nsis_check: dict[str, int] = field(default_factory=dict)

    def write(self, folder: Path) -> Path:
        path = folder / "build-summary.json"
        path.write_text(json.dumps(asdict(self), indent=2) + "\n", encoding="utf-8")
        return path


# -- building -------------------------------------------------------------------------------


def build_bundle(
    work: Path, dist: Path, *, entry: Path | None = None, name: str = NAME, icons: bool = True
) -> Path:
    """Run PyInstaller on the spec; returns the bundle (folder, or .app on macOS).

    ``entry`` builds another script exactly the same way (bench/bundle.py's bare window).
    """
    spec_options: list[str] = ["--name", name]
    if icons:
        sys.path.insert(0, str(INSTALLER))
        from make_icons import write_icons

        write_icons(work / "icons")
        spec_options += ["--icons", str(work / "icons")]
    if entry is not None:
        spec_options += ["--entry", str(entry)]
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--log-level",
        "WARN",
        "--distpath",
        str(dist),
        "--workpath",
        str(work / "pyinstaller"),
        str(SPEC),
        "--",
        *spec_options,
    ]
    _run(command, "PyInstaller")
    bundle = dist / (f"{name}.app" if MACOS else name)
    if not bundle.exists():
        raise BuildError(f"PyInstaller finished but {bundle} is missing")
    return bundle


def executable(bundle: Path, name: str = NAME) -> Path:
    """The program inside a bundle folder or .app."""
    if bundle.suffix == ".app":
        return bundle / "Contents" / "MacOS" / name
    return bundle / (f"{name}.exe" if WINDOWS else name)


def folder_size(folder: Path) -> tuple[int, int]:
    """(bytes, files): the apparent size of every file, symbolic links not followed."""
    total = count = 0
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            total += path.stat().st_size
            count += 1
    return total, count


def _listing(folder: Path) -> set[str]:
    return {str(path.relative_to(folder)) for path in folder.rglob("*")}


def self_test(bundle: Path, report: Path, name: str = NAME) -> tuple[int, list[str]]:
    """Run the bundle's ``--self-test``; (exit code, its lines). Also fails (code 1) if
    the run added files to the bundle (byte-code caches would break a signed app)."""
    before = _listing(bundle)
    report.parent.mkdir(parents=True, exist_ok=True)
    report.unlink(missing_ok=True)
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    try:
        result = subprocess.run(
            [str(executable(bundle, name)), "--self-test", "--self-test-report", str(report)],
            capture_output=True,
            text=True,
            env=environment,
            timeout=SELF_TEST_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        lines = report.read_text("utf-8").splitlines() if report.exists() else []
        return 1, [*lines, f"FAIL the self-test did not finish in {SELF_TEST_SECONDS} s"]
    lines = report.read_text("utf-8").splitlines() if report.exists() else []
    if not lines:
        lines = (result.stdout + result.stderr).splitlines() or ["(the self-test wrote nothing)"]
    code = result.returncode
    added = sorted(_listing(bundle) - before)
    if added:
        lines.append(f"FAIL the self-test wrote into the bundle: {', '.join(added[:5])}")
        code = code or 1
    if code != 0 and result.stderr.strip():
        lines += ["-- standard error --", *result.stderr.strip().splitlines()[-40:]]
    return code, lines


# -- packaging ------------------------------------------------------------------------------


def package_stem() -> str:
    machine = {"amd64": "x86_64", "arm64": "arm64", "aarch64": "arm64"}.get(
        platform.machine().lower(), platform.machine().lower()
    )
    system = {"linux": "linux", "darwin": "macos", "win32": "windows"}[
        "linux" if LINUX else sys.platform
    ]
    return f"{NAME}-{__version__}-{system}-{machine}"


def make_tarball(bundle: Path, out: Path, icons: Path | None) -> Path:
    """escadesk-<version>-linux-<arch>.tar.gz: the bundle folder (run ``escadesk`` in it),
    with the icon beside the program for a desktop entry."""
    top = f"{NAME}-{__version__}"
    target = out / f"{package_stem()}.tar.gz"
    with tarfile.open(target, "w:gz", compresslevel=6) as archive:  # 9: 3x slower, 0.5% less
        archive.add(bundle, arcname=top)
        if icons is not None and (icons / "escadesk.png").exists():
            archive.add(icons / "escadesk.png", arcname=f"{top}/escadesk.png")
    return target


def find_makensis() -> str | None:
    found = shutil.which("makensis")
    if found is None and WINDOWS:
        for base in (os.environ.get("PROGRAMFILES(X86)"), os.environ.get("PROGRAMFILES")):
            candidate = Path(base or "") / "NSIS" / "makensis.exe"
            if base and candidate.exists():
                return str(candidate)
    return found


def compile_nsis(bundle: Path, target: Path, icons: Path | None, app_exe: str) -> Path:
    """Compile installer/windows/escadesk.nsi over ``bundle`` into ``target``."""
    makensis = find_makensis()
    if makensis is None:
        raise BuildError("makensis is not installed (Debian: apt-get install nsis)")
    sys.path.insert(0, str(INSTALLER))
    from bundle_rules import four_part_version

    numbers = [str(number) for number in four_part_version(__version__)]
    flag = "/" if WINDOWS else "-"
    command = [
        makensis,
        f"{flag}V2",
        # The script is UTF-8 without a byte order mark (its French texts, the ©): makensis
        # on Windows would otherwise read it in the build machine's ANSI code page.
        f"{flag}INPUTCHARSET",
        "UTF8",
        f"{flag}DVERSION={__version__}",
        f"{flag}DVI_VERSION={'.'.join(numbers)}",
        f"{flag}DSOURCE_DIR={bundle}",
        f"{flag}DOUTFILE={target}",
        f"{flag}DAPP_EXE={app_exe}",
    ]
    if icons is not None:
        command.append(f"{flag}DICON={icons / 'escadesk.ico'}")
    _run([*command, str(NSIS_SCRIPT)], "makensis")
    if not target.exists():
        raise BuildError(f"makensis finished but {target} is missing")
    return target


def make_dmg(app: Path, out: Path) -> Path:
    """escadesk.app (signed when ESCADESK_CODESIGN_IDENTITY is set) in a compressed .dmg
    with a link to /Applications; notarized and stapled when ESCADESK_NOTARY_PROFILE is."""
    identity = os.environ.get("ESCADESK_CODESIGN_IDENTITY", "").strip()
    profile = os.environ.get("ESCADESK_NOTARY_PROFILE", "").strip()
    if identity:
        _run(
            [
                "codesign",
                "--force",
                "--deep",
                "--options",
                "runtime",
                "--timestamp",
                "--entitlements",
                str(INSTALLER / "macos" / "entitlements.plist"),
                "--sign",
                identity,
                str(app),
            ],
            "codesign (app)",
        )
        _run(["codesign", "--verify", "--deep", "--strict", str(app)], "codesign --verify")
    else:
        print("build: ESCADESK_CODESIGN_IDENTITY not set: the app is not signed")
    staging = out / "dmg-staging"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    shutil.copytree(app, staging / app.name, symlinks=True)
    (staging / "Applications").symlink_to("/Applications")
    target = out / f"{package_stem()}.dmg"
    target.unlink(missing_ok=True)
    _run(
        [
            "hdiutil",
            "create",
            "-volname",
            f"{NAME} {__version__}",
            "-srcfolder",
            str(staging),
            "-fs",
            "HFS+",
            "-format",
            "UDZO",
            "-ov",
            str(target),
        ],
        "hdiutil",
    )
    shutil.rmtree(staging, ignore_errors=True)
    if identity:
        _run(["codesign", "--force", "--timestamp", "--sign", identity, str(target)], "codesign")
        if profile:
            _run(
                [
                    "xcrun",
                    "notarytool",
                    "submit",
                    str(target),
                    "--keychain-profile",
                    profile,
                    "--wait",
                ],
                "notarytool",
            )
            _run(["xcrun", "stapler", "staple", str(target)], "stapler")
        else:
            print("build: ESCADESK_NOTARY_PROFILE not set: the disk image is not notarized")
    return target


def package(bundle: Path, out: Path, work: Path, icons: Path | None) -> dict[str, Path]:
    """This system's installer(s)."""
    out.mkdir(parents=True, exist_ok=True)
    if LINUX:
        return {"tarball": make_tarball(bundle, out, icons)}
    if WINDOWS:
        target = out / f"{package_stem()}-setup.exe"
        return {"installer": compile_nsis(bundle, target, icons, f"{NAME}.exe")}
    if MACOS:
        return {"dmg": make_dmg(bundle, out)}
    raise BuildError(f"no package format for {sys.platform}")


# -- the whole build ------------------------------------------------------------------------


def build(out: Path, work: Path, *, nsis_check: bool = False) -> Summary:
    """Bundle, self-test, package; raises BuildError at the first failed step."""
    summary = Summary()
    out.mkdir(parents=True, exist_ok=True)
    work.mkdir(parents=True, exist_ok=True)
    dist = work / "dist"
    started = time.monotonic()
    bundle = build_bundle(work, dist)
    summary.build_seconds = round(time.monotonic() - started, 1)
    summary.bundle = str(bundle)
    summary.bundle_bytes, summary.bundle_files = folder_size(bundle)
    print(
        f"build: bundle {bundle} ({_mib(summary.bundle_bytes)}, {summary.bundle_files} files) "
        f"in {summary.build_seconds:.0f} s"
    )
    started = time.monotonic()
    code, lines = self_test(bundle, work / "self-test.txt")
    summary.self_test_seconds = round(time.monotonic() - started, 1)
    summary.self_test = lines
    for line in lines:
        print(f"  {line}")
    if code != 0:
        summary.write(out)
        raise BuildError(f"the bundle's self-test failed (exit code {code})")
    icons = work / "icons"
    started = time.monotonic()
    for kind, path in package(bundle, out, work, icons).items():
        summary.packages[path.name] = path.stat().st_size
        print(f"build: {kind} {path} ({_mib(path.stat().st_size)})")
    if nsis_check and not WINDOWS:
        target = work / f"{NAME}-{__version__}-nsis-check.exe"
        compile_nsis(bundle, target, icons, executable(bundle).name)
        summary.nsis_check[target.name] = target.stat().st_size
        size = _mib(target.stat().st_size)
        print(f"build: NSIS script compiled over this bundle: {target} ({size})")
    summary.package_seconds = round(time.monotonic() - started, 1)
    path = summary.write(out)
    print(f"build: summary {path}")
    return summary


def _mib(size: int) -> str:
    return f"{size / 2**20:.1f} MiB"


def _run(command: list[str], what: str) -> None:
    print(f"build: {what}: {' '.join(command[:4])}{' …' if len(command) > 4 else ''}")
    result = subprocess.run(command, check=False)
    if result.returncode != 0:
        raise BuildError(f"{what} failed (exit code {result.returncode})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=INSTALLER / "out", help="for the packages")
    parser.add_argument(
        "--work", type=Path, default=INSTALLER / "build", help="for PyInstaller's work"
    )
    parser.add_argument(
        "--nsis",
        action="store_true",
        help="also compile the NSIS script over this system's bundle (a validity check)",
    )
    options = parser.parse_args(argv)
    try:
        build(options.out.resolve(), options.work.resolve(), nsis_check=options.nsis)
    except BuildError as error:
        print(f"build: FAILED: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
