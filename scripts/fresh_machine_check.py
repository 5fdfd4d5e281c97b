"""Prove the README's set-up on a fresh Debian 12, as a new user would meet it.

    sudo python3 scripts/fresh_machine_check.py [--keep] [--root DIR] [--skip-ci]

1. builds a minimal Debian 12 root (``debootstrap --variant=minbase bookworm``);
2. installs only ``python3 python3-pip git ca-certificates`` (and ``sudo``, so the README's
   ``sudo apt-get`` lines run as written) and adds an ordinary user, ``director``;
3. clones this repository's committed HEAD into the user's home (uncommitted changes are
   not part of the check: commit first);
4. reads the prerequisites and the two set-up commands **from the README itself**, so the
   check cannot drift from what users are told, and runs them as ``director``:
   the Qt libraries, the demo command offscreen (stopping at the window's first paint),
   the real-window libraries, the demo command in a real X window (Xvfb), the test command;
5. runs ``CI=true bash .ci/run`` as root in another fresh clone, as CI does;
6. prints each step's result and time, and exits 0 only if every step passed.

Not part of .ci/run (it takes 15-25 minutes and needs root, mounts and debootstrap). The
only thing taken from the machine running it is its network set-up: extra certificate
authorities it trusts (an intercepting proxy) and the variables that point at them, so
PyPI is reachable from the root exactly as it is from here.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"
SUITE = "bookworm"
BASE_PACKAGES = ["python3", "python3-pip", "git", "ca-certificates"]
# For the check itself, not for escadesk: sudo (the README's lines use it) and a virtual
# X server for the real-window start.
CHECK_TOOLS = ["sudo"]
X_TOOLS = ["xvfb", "xauth"]
USER = "director"
NETWORK_VARIABLES = ("SSL_CERT_FILE", "SSL_CERT_DIR", "REQUESTS_CA_BUNDLE", "PIP_CERT")
FIRST_PAINT = "ESCADESK_FIRST_PAINT_FILE"  # escadesk/__main__.py: note the paint, exit
PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


class CheckError(Exception):
    """The check could not run (not a failed step): the message says what is missing."""


@dataclass(frozen=True)
class ReadmeSetup:
    """What the README tells a Linux user to type, in order."""

    prerequisites: list[str]  # apt-get lines for the Qt libraries (offscreen)
    window_prerequisites: list[str]  # apt-get lines for a real window
    demo: str  # "1. Install everything and start the app with the demo workshop"
    tests: str  # "2. Install everything and run the whole test suite"


def read_readme_setup(text: str) -> ReadmeSetup:
    """The commands of the README's "Set up and run" section.

    Prerequisites are the ``sudo apt-get`` lines of its code blocks; a line after a
    ``# For a real window`` comment belongs to the window. The two commands are the lines
    after the ``# 1.`` and ``# 2.`` comments.
    """
    section = re.search(r"^## Set up and run\n(.*?)(?=^## )", text, re.M | re.S)
    if section is None:
        raise CheckError("README.md has no '## Set up and run' section")
    prerequisites: list[str] = []
    window: list[str] = []
    numbered: dict[str, str] = {}
    for block in re.findall(r"^```(?:sh|shell|bash)\n(.*?)^```", section.group(1), re.M | re.S):
        target = prerequisites
        pending: str | None = None
        for raw in block.splitlines():
            line = raw.strip()
            if line.lower().startswith("# for a real window"):
                target = window
            elif match := re.match(r"#\s*([12])\.", line):
                pending = match.group(1)
            elif line.startswith("sudo apt-get"):
                target.append(line)
            elif line and not line.startswith("#") and pending is not None:
                numbered[pending] = line
                pending = None
    if not prerequisites or "1" not in numbered or "2" not in numbered:
        raise CheckError(
            "README.md's 'Set up and run' section lacks the apt-get lines or the commands "
            "after '# 1.' and '# 2.'"
        )
    return ReadmeSetup(prerequisites, window, numbered["1"], numbered["2"])


@dataclass
class Step:
    name: str
    seconds: float = 0.0
    ok: bool = False
    detail: str = ""


@dataclass
class Report:
    steps: list[Step] = field(default_factory=list)

    def run(self, name: str, command: list[str], *, log: Path, stdin: str = "") -> bool:
        """Run one step, its output to ``log`` (and the last lines on failure)."""
        step = Step(name)
        self.steps.append(step)
        print(f"\n==> {name}", flush=True)
        started = time.monotonic()
        with log.open("a", encoding="utf-8") as out:
            out.write(f"\n\n===== {name}\n$ {shlex.join(command)}\n")
            out.flush()
            result = subprocess.run(
                command, input=stdin, text=True, stdout=out, stderr=subprocess.STDOUT
            )
        step.seconds = time.monotonic() - started
        step.ok = result.returncode == 0
        step.detail = "" if step.ok else f"exit {result.returncode}"
        print(f"    {'ok' if step.ok else 'FAILED'} in {step.seconds:.0f} s {step.detail}")
        if not step.ok:
            tail = log.read_text("utf-8", errors="replace").splitlines()[-40:]
            print("    " + "\n    ".join(tail))
        return step.ok

    def note(self, name: str, ok: bool, detail: str) -> None:
        self.steps.append(Step(name, 0.0, ok, detail))
        print(f"\n==> {name}\n    {'ok' if ok else 'FAILED'}: {detail}")

    def summary(self) -> str:
        width = min(72, max(len(step.name) for step in self.steps))
        lines = [f"{'step':<{width}}  result  time"]
        for step in self.steps:
            result = "ok" if step.ok else "FAILED"
            name = step.name if len(step.name) <= width else step.name[: width - 1] + "…"
            lines.append(f"{name:<{width}}  {result:<6}  {step.seconds:5.0f} s  {step.detail}")
        total = sum(step.seconds for step in self.steps)
        lines.append(f"{'total':<{width}}  {'':<6}  {total:5.0f} s")
        return "\n".join(lines)

    @property
    def passed(self) -> bool:
        return all(step.ok for step in self.steps)


def debian_mirror() -> str:
    """The mirror this machine's apt uses (deb822 or one-line format), else Debian's."""
    for path in [Path("/etc/apt/sources.list"), *Path("/etc/apt/sources.list.d").glob("*")]:
        if not path.is_file():
            continue
        text = path.read_text("utf-8", errors="replace")
        for match in re.finditer(r"^(?:URIs:\s*|deb\s+(?:\[[^\]]*\]\s+)?)(\S+)", text, re.M):
            uri = match.group(1)
            if uri.rstrip("/").endswith("/debian"):
                return uri
    return "http://deb.debian.org/debian"


def host_certificate_authorities() -> list[Path]:
    """Certificate authorities this machine trusts beyond Debian's ca-certificates."""
    found = list(Path("/usr/local/share/ca-certificates").rglob("*.crt"))
    found += [
        path
        for path in Path("/etc/ssl/certs").glob("*.pem")
        if path.is_file() and not path.is_symlink()
    ]
    return found


@contextmanager
def mounted(root: Path) -> Iterator[None]:
    """/proc, /sys and /dev inside the root for as long as the check runs."""
    mounts = [
        (["mount", "-t", "proc", "proc", str(root / "proc")], root / "proc"),
        (["mount", "-t", "sysfs", "sys", str(root / "sys")], root / "sys"),
        (["mount", "--rbind", "/dev", str(root / "dev")], root / "dev"),
    ]
    done: list[Path] = []
    try:
        for command, target in mounts:
            subprocess.run(command, check=True)
            subprocess.run(["mount", "--make-rslave", str(target)], check=False)
            done.append(target)
        yield
    finally:
        for target in reversed(done):
            if subprocess.run(["umount", "-R", str(target)], check=False).returncode:
                subprocess.run(["umount", "-R", "-l", str(target)], check=False)


def mounts_under(root: Path) -> list[str]:
    """Mount points inside ``root``: deleting the root with one left would delete the
    host's files (its /dev) through it."""
    prefix = str(root.resolve()) + "/"
    points = [line.split()[1] for line in Path("/proc/self/mounts").read_text().splitlines()]
    return [point for point in points if point.startswith(prefix)]


def in_root(
    root: Path, script: str, *, user: str = "root", env: dict[str, str] | None = None
) -> list[str]:
    """A bash script run inside the root as ``user`` with a clean, minimal environment."""
    home = "/root" if user == "root" else f"/home/{user}"
    variables = {"PATH": PATH, "HOME": home, "USER": user, "LANG": "C.UTF-8", **(env or {})}
    switch = [] if user == "root" else ["runuser", "-u", user, "--"]
    return [
        "chroot",
        str(root),
        *switch,
        "/usr/bin/env",
        "-i",
        *[f"{key}={value}" for key, value in variables.items()],
        "bash",
        "-euo",
        "pipefail",
        "-c",
        f"cd {shlex.quote(home)} && {script}",
    ]


def start_demo(
    report: Report, root: Path, log: Path, demo: str, env: dict[str, str], *, offscreen: bool
) -> None:
    """The README's demo command as the director, offscreen or in a real X window (Xvfb),
    until the main window's first paint, which the app notes in a file and then exits: a
    clean exit 0 alone could also be a start that gave up early."""
    where = "offscreen" if offscreen else "in a real X window on Xvfb (platform xcb)"
    stamp = f"/tmp/painted-{'offscreen' if offscreen else 'xcb'}"
    command = demo if offscreen else f"xvfb-run -a -s '-screen 0 1280x720x24' {demo}"
    variables = {**env, FIRST_PAINT: stamp}
    if offscreen:
        variables["QT_QPA_PLATFORM"] = "offscreen"
    report.run(
        f"README: {demo} ({where}, until the first paint)",
        in_root(root, f"cd escadesk && {command}", user=USER, env=variables),
        log=log,
    )
    noted = root / stamp.lstrip("/")
    report.note(
        f"the window painted {where}",
        noted.is_file() and bool(noted.read_text("ascii").strip()),
        f"first paint noted in {stamp}" if noted.is_file() else "no paint noted",
    )


def keep_demo_open(
    report: Report, root: Path, log: Path, demo: str, env: dict[str, str], seconds: int = 30
) -> None:
    """The demo in a real X window at 1280x720 for a while, then SIGTERM (as at a logout):
    still running when the time is up, and it opened (created, the first time) the demo's
    data itself."""
    script = (
        "Xvfb :77 -screen 0 1280x720x24 -nolisten tcp >/dev/null 2>&1 & server=$!; sleep 1; "
        f"status=0; DISPLAY=:77 timeout {seconds} {demo} || status=$?; "
        'kill $server 2>/dev/null || true; test "$status" -eq 124'
    )
    report.run(
        f"README: {demo} (a real X window, open for {seconds} s, then SIGTERM)",
        in_root(root, f"cd escadesk; {script}", user=USER, env=env),
        log=log,
    )
    database = root / "home" / USER / ".local/share/escadesk/demo/escadesk.sqlite3"
    codes: list[str] = []
    if database.is_file():
        with closing(sqlite3.connect(database)) as connection:
            codes = [code for (code,) in connection.execute("SELECT code FROM workshop")]
    report.note(
        "the window opened the demo's data", codes == ["TCI2018-BENCH"], f"workshops: {codes}"
    )


def check(root: Path, log: Path, skip_ci: bool) -> Report:
    report = Report()
    setup = read_readme_setup(README.read_text("utf-8"))
    network = {key: os.environ[key] for key in NETWORK_VARIABLES if key in os.environ}
    commit = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    print(f"escadesk {commit}; README: {setup.demo!r}, {setup.tests!r}; log: {log}")

    if not report.run(
        f"debootstrap --variant=minbase {SUITE}",
        ["debootstrap", "--variant=minbase", SUITE, str(root), debian_mirror()],
        log=log,
    ):
        return report
    shutil.copy("/etc/resolv.conf", root / "etc" / "resolv.conf")
    with (root / "etc" / "hosts").open("a", encoding="ascii") as hosts:  # quiets sudo
        hosts.write(f"127.0.1.1 {os.uname().nodename}\n")
    anchors = root / "usr" / "local" / "share" / "ca-certificates"
    anchors.mkdir(parents=True, exist_ok=True)
    for index, authority in enumerate(host_certificate_authorities()):
        shutil.copy(authority, anchors / f"host-{index}-{authority.stem}.crt")

    with mounted(root):
        packages = " ".join(BASE_PACKAGES + CHECK_TOOLS)
        if not report.run(
            f"apt-get install {' '.join(BASE_PACKAGES)} (+ sudo for the README's lines)",
            in_root(
                root,
                "apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "
                f"--no-install-recommends {packages} && update-ca-certificates && "
                f"useradd --create-home --shell /bin/bash {USER} && "
                f"echo '{USER} ALL=(ALL) NOPASSWD: ALL' > /etc/sudoers.d/{USER} && "
                "python3 --version && python3 -m pip --version && "
                "ls /usr/lib/python3*/EXTERNALLY-MANAGED",
            ),
            log=log,
        ):
            return report
        pep668 = subprocess.run(
            in_root(root, "python3 -m pip install --user uv", user=USER, env=network),
            capture_output=True,
            text=True,
        )
        report.note(
            "PEP 668 in force (pip install --user is refused)",
            pep668.returncode != 0 and "externally-managed-environment" in pep668.stderr,
            "externally-managed-environment" if pep668.returncode else "pip install --user worked",
        )
        for clone in (root / "home" / USER / "escadesk", root / "root" / "ci"):
            subprocess.run(["git", "clone", "-q", str(REPO), str(clone)], check=True)
        subprocess.run(
            ["chroot", str(root), "chown", "-R", f"{USER}:{USER}", f"/home/{USER}/escadesk"],
            check=True,
        )

        as_user = {**network}
        in_clone = "cd escadesk && "
        for line in setup.prerequisites:
            report.run(f"README: {line}", in_root(root, line, user=USER), log=log, stdin="y\n")
        start_demo(report, root, log, setup.demo, as_user, offscreen=True)
        for line in setup.window_prerequisites:
            report.run(f"README: {line}", in_root(root, line, user=USER), log=log, stdin="y\n")
        report.run(
            f"(check tools: {' '.join(X_TOOLS)})",
            in_root(
                root,
                "DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "
                + " ".join(X_TOOLS),
            ),
            log=log,
        )
        start_demo(report, root, log, setup.demo, as_user, offscreen=False)
        keep_demo_open(report, root, log, setup.demo, as_user)
        report.run(
            "escadesk-cli --demo workshops: the window's demo, not a new one",
            in_root(
                root,
                in_clone + "python3 run.py escadesk-cli --demo workshops 2>&1 | tee /tmp/cli; "
                "grep -q TCI2018-BENCH /tmp/cli && ! grep -q 'created the demo' /tmp/cli",
                user=USER,
                env=as_user,
            ),
            log=log,
        )
        report.run(
            f"README: {setup.tests}",
            in_root(root, in_clone + setup.tests, user=USER, env=as_user),
            log=log,
        )
        if not skip_ci:
            report.run(
                "CI=true bash .ci/run (root, a fresh clone)",
                in_root(root, "cd ci && bash .ci/run", env={**network, "CI": "true"}),
                log=log,
            )
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--root", type=Path, help="where to build the root (default: a new temporary folder)"
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the root afterwards, to look around"
    )
    parser.add_argument("--skip-ci", action="store_true", help="stop after the README's commands")
    options = parser.parse_args(argv)
    try:
        if sys.platform != "linux" or os.geteuid() != 0:
            raise CheckError("run it as root on Linux (it uses debootstrap, chroot and mount)")
        if shutil.which("debootstrap") is None:
            raise CheckError(
                "debootstrap is missing: apt-get update && apt-get install debootstrap"
            )
        root = options.root or Path(tempfile.mkdtemp(prefix="escadesk-fresh-")) / "root"
        if root.exists() and any(root.iterdir()):
            raise CheckError(f"{root} is not empty")
        root.parent.mkdir(parents=True, exist_ok=True)
        log = root.parent / "fresh-machine-check.log"
        report = check(root, log, options.skip_ci)
    except CheckError as problem:
        print(f"fresh-machine-check: {problem}", file=sys.stderr)
        return 2
    print("\n" + report.summary())
    print(f"\nfresh-machine check {'PASSED' if report.passed else 'FAILED'}; log: {log}")
    if options.keep:
        print(f"kept: {root}")
    elif left := mounts_under(root):
        print(f"NOT removing {root}: still mounted there: {', '.join(left)}", file=sys.stderr)
    else:
        shutil.rmtree(root, ignore_errors=True)
    return 0 if report.passed else 1


if __name__ == "__main__":
    sys.exit(main())
