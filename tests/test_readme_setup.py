"""The README's set-up section, as scripts/fresh_machine_check.py reads it, agrees with the
package lists of escadesk.qt_libraries and .ci/run: one list, told three times."""

from __future__ import annotations

import importlib.util
import re
import shlex
import sys
from pathlib import Path
from types import ModuleType

import pytest

from escadesk.qt_libraries import BASE_PACKAGES, XCB_PACKAGES

REPOSITORY = Path(__file__).resolve().parents[1]


def load_check() -> ModuleType:
    path = REPOSITORY / "scripts" / "fresh_machine_check.py"
    spec = importlib.util.spec_from_file_location("fresh_machine_check", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module


check = load_check()


def installed(lines: list[str]) -> set[str]:
    words = [word for line in lines for word in shlex.split(line)]
    return {word for word in words if not word.startswith("-")} - {"sudo", "apt-get", "install"}


def bash_array(name: str) -> set[str]:
    text = (REPOSITORY / ".ci" / "run").read_text("utf-8")
    match = re.search(rf"^{name}=\((.*?)\)", text, re.M | re.S)
    assert match, name
    return set(match.group(1).split())


def test_the_readme_states_the_two_commands_after_the_prerequisites() -> None:
    setup = check.read_readme_setup((REPOSITORY / "README.md").read_text("utf-8"))
    assert setup.demo == "python3 run.py escadesk --demo"
    assert setup.tests == "python3 run.py pytest"
    assert setup.prerequisites[0] == "sudo apt-get update"  # a fresh system has no lists


def test_the_readme_installs_the_qt_libraries_escadesk_names() -> None:
    setup = check.read_readme_setup((REPOSITORY / "README.md").read_text("utf-8"))
    assert installed(setup.prerequisites) == {"update", "python3", "python3-pip", "git"} | set(
        BASE_PACKAGES
    )
    assert installed(setup.window_prerequisites) == set(XCB_PACKAGES)


def test_ci_installs_the_same_libraries() -> None:
    assert bash_array("QT_SYSTEM_PACKAGES") == set(BASE_PACKAGES)
    assert set(XCB_PACKAGES) <= bash_array("PACKAGING_SYSTEM_PACKAGES")


@pytest.mark.parametrize(
    "text",
    [
        "# escadesk\n\n## Set up and run\n\nNothing here.\n\n## Next\n",
        "# escadesk\n\n## Set up and run\n\n```sh\nsudo apt-get update\n# 1. Demo\n"
        "python3 run.py escadesk --demo\n```\n\n## Next\n",
    ],
)
def test_a_readme_without_the_commands_stops_the_check(text: str) -> None:
    with pytest.raises(check.CheckError, match="Set up and run"):
        check.read_readme_setup(text)
