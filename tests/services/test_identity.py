"""Who is acting (issue 20, part 4), decided in one place (services/identity.py): on a
SQLite file the computer's user, who may do everything; the CLI names itself after it.
(On a server the login role: tests/cli/test_server_roles.py.)"""

from __future__ import annotations

import getpass
import io
from pathlib import Path

import pytest
from sqlalchemy import select

from escadesk import cli
from escadesk.app import AppConfig, build_services
from escadesk.domain.roles import CAPABILITIES, Capability, Role
from escadesk.services.identity import identify, role_capabilities
from escadesk.storage.models import AuditEntry

pytestmark = pytest.mark.sqlite_only("the actor of a SQLite file is the computer's user")


def test_on_sqlite_the_actor_is_the_os_user_and_a_director(tmp_path: Path) -> None:
    services = build_services(AppConfig.resolve(tmp_path / "data"))
    try:
        assert services.context.actor == getpass.getuser()
        assert services.context.role is Role.DIRECTOR
        assert services.context.capabilities == {Capability.VAULT, Capability.EDIT}
        database = services.context.database
        assert identify(database, "ana", via="escadesk-cli").actor == "ana (escadesk-cli)"
        assert role_capabilities(database) == CAPABILITIES[Role.DIRECTOR]
    finally:
        services.close()


def test_the_cli_records_the_os_user_and_itself(tmp_path: Path) -> None:
    data = tmp_path / "demo"
    out = io.StringIO()
    assert cli.main(["--demo", "--data-dir", str(data), "workshops"], out=out) == cli.OK
    target = tmp_path / "roster.xlsx"
    code = cli.main(
        ["--demo", "--data-dir", str(data), "export", "roster", "--workshop", "1", "--out",
         str(target)],
        out=out,
    )  # fmt: skip
    assert code == cli.OK and target.exists()
    services = build_services(AppConfig.resolve(data, demo=True))
    try:
        with services.context.database.reading() as session:
            last = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert last is not None
        assert last.action.startswith("export")
        assert last.actor == f"{getpass.getuser()} (escadesk-cli)"
    finally:
        services.close()
