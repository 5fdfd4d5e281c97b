"""Roles from the engine on a real PostgreSQL server (issue 20, part 4): ``escadesk-cli
server init`` and ``server add-user``, then a director, a staff member and a finance
member at work, each logged in with a role of their own.

The server of tests/postgres_server.py trusts every local login (no password is
checked); the roles' GRANTs are what is tested. Login and group roles are the cluster's,
not a database's: each test drops what it created.
"""

from __future__ import annotations

import io
import secrets
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from escadesk import cli
from escadesk.app import AppConfig, Services, build_services
from escadesk.domain.roles import Role
from escadesk.permission_refusal import PermissionRefusedError
from escadesk.services.clock import FixedClock
from escadesk.services.demo import DEMO_PASSPHRASE, DEMO_TODAY, seed_demo
from escadesk.services.vault import NotVaultDeskError
from escadesk.storage.server_roles import GROUPS
from escadesk.vault.kdf import fast_test_params
from escadesk.vault.keychain import MemoryKeychain
from postgres_server import SKIP_REASON, fresh_database

if TYPE_CHECKING:
    from sqlalchemy import Engine

pytestmark = pytest.mark.accepted_skip(SKIP_REASON)


def _run(*args: str, stdin: str = "") -> tuple[int, str]:
    out = io.StringIO()
    code = cli.main(list(args), stdin=io.StringIO(stdin), out=out)
    return code, out.getvalue()


def _as(url: str, user: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).set(username=user).render_as_string(hide_password=False)


def _admin(url: str) -> Engine:
    from sqlalchemy import create_engine

    return create_engine(url, isolation_level="AUTOCOMMIT")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    """A fresh database and unique names for this test's login roles; afterwards their
    privileges in it, the login roles and the groups are dropped."""
    names = {role: f"{role}_{secrets.token_hex(4)}" for role in ("boss", "alice", "bob")}
    with fresh_database() as url:
        try:
            yield url, names
        finally:
            from sqlalchemy import text

            engine = _admin(url)
            with engine.connect() as connection:
                existing = [
                    str(name)
                    for name in connection.scalars(
                        text("SELECT rolname FROM pg_roles WHERE rolname = ANY(:names)"),
                        {"names": [*GROUPS.values(), *names.values()]},
                    )
                ]
                if existing:
                    quoted = ", ".join(f'"{name}"' for name in existing)
                    connection.execute(text(f"DROP OWNED BY {quoted}"))
            engine.dispose()
    engine = _admin(url.rsplit("/", 1)[0] + "/postgres")
    with engine.connect() as connection:
        for name in [*names.values(), *GROUPS.values()]:
            connection.exec_driver_sql(f'DROP ROLE IF EXISTS "{name}"')
    engine.dispose()


def _init(url: str, data: Path, *extra: str) -> tuple[int, str]:
    return _run("server", "init", "--database-url", url, "--data-dir", str(data), *extra)


def _privilege(url: str, check: str, *args: str) -> bool:
    from sqlalchemy import text

    engine = _admin(url)
    try:
        with engine.connect() as connection:
            return bool(connection.scalar(text(f"SELECT {check}"), dict(enumerate(args))))
    finally:
        engine.dispose()


def test_server_init_twice_creates_the_groups_once_and_grants_the_same(
    server: tuple[str, dict[str, str]], tmp_path: Path
) -> None:
    url, names = server
    code, text = _init(url, tmp_path / "data", "--director", names["boss"])
    assert code == cli.OK, text
    assert text.count("created the group role") == 3
    assert f"{names['boss']} is a director" in text
    code, again = _init(url, tmp_path / "data", "--director", names["boss"])
    assert code == cli.OK
    assert "created" not in again and again.count("was already there") == 3

    def can(group: str, what: str) -> bool:
        table, _, privilege = what.rpartition(" ")
        if "." in table:  # a column
            table, column = table.split(".")
            return _privilege(
                url, f"has_column_privilege('{group}', '{table}', '{column}', '{privilege}')"
            )
        return _privilege(url, f"has_table_privilege('{group}', '{table}', '{privilege}')")

    director, staff, finance = (GROUPS[role] for role in Role)
    assert can(director, "card_authorization.card_blob SELECT")
    assert can(director, "card_authorization INSERT")
    assert can(director, "registration UPDATE")
    assert not can(director, "audit_entry DELETE")  # append-only for every group
    for group in (staff, finance):
        assert not can(group, "card_authorization.card_blob SELECT"), group
        assert not can(group, "card_authorization.card_key SELECT"), group
        assert can(group, "card_authorization.last4 SELECT"), group  # the masked card
        assert not can(group, "card_authorization UPDATE"), group
        assert not can(group, "vault UPDATE"), group
        assert not can(group, "erasure INSERT"), group
        assert can(group, "erasure SELECT"), group
    assert can(staff, "registration UPDATE")
    assert not can(finance, "registration UPDATE")
    assert not can(finance, "setting INSERT")
    assert can(finance, "charge SELECT")
    assert can(finance, "audit_entry INSERT")  # an export is recorded


def test_server_commands_refuse_clearly(
    server: tuple[str, dict[str, str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url, names = server
    data = str(tmp_path / "data")
    code, _ = _run("server", "init", "--data-dir", data, "--database-url", "sqlite:///x.db")
    assert code == cli.REFUSED
    assert "roles live on a PostgreSQL server; this database is sqlite" in capsys.readouterr().err
    assert _init(url, tmp_path / "data")[0] == cli.OK
    code, _ = _run(
        "server", "add-user", "someone", "--role", "boss", "--no-password",
        "--database-url", url, "--data-dir", data,
    )  # fmt: skip
    assert code == cli.REFUSED
    assert "no role “boss”: the roles are director, staff, finance" in capsys.readouterr().err
    # A staff member may not make roles.
    assert _run(
        "server", "add-user", names["alice"], "--role", "staff", "--no-password",
        "--database-url", url, "--data-dir", data,
    )[0] == cli.OK  # fmt: skip
    code, _ = _run(
        "server", "add-user", names["bob"], "--role", "finance", "--no-password",
        "--database-url", _as(url, names["alice"]), "--data-dir", data,
    )  # fmt: skip
    assert code == cli.REFUSED
    err = capsys.readouterr().err
    assert f"the role “{names['alice']}” may not create roles" in err
    assert "CREATEROLE" in err and "Traceback" not in err


def _services(url: str, folder: Path, keychain: MemoryKeychain) -> Services:
    return build_services(
        AppConfig.resolve(folder, url),
        clock=FixedClock(DEMO_TODAY),
        keychain=keychain,
        kdf_profile=fast_test_params,
    )


def _last_entry(url: str) -> tuple[str, str]:
    from sqlalchemy import text

    engine = _admin(url)
    try:
        with engine.connect() as connection:
            row = connection.execute(
                text("SELECT actor, action FROM audit_entry ORDER BY id DESC LIMIT 1")
            ).one()
            return str(row[0]), str(row[1])
    finally:
        engine.dispose()


def test_each_role_at_work(server: tuple[str, dict[str, str]], tmp_path: Path) -> None:
    url, names = server
    data = tmp_path / "data"
    assert _init(url, data, "--director", names["boss"])[0] == cli.OK
    for who, role in (("alice", "staff"), ("bob", "finance")):
        code, text = _run(
            "server", "add-user", names[who], "--role", role, "--password-stdin",
            "--database-url", url, "--data-dir", str(data),
            stdin="correct horse battery staple\n",
        )  # fmt: skip
        assert code == cli.OK, text
    keychain = MemoryKeychain()  # the vault desk's keychain, shared by the three here

    # The director: the demo's whole set-up (vault, registrations, cards), then a reveal.
    director = _services(_as(url, names["boss"]), tmp_path / "boss", keychain)
    try:
        assert director.context.role is Role.DIRECTOR
        assert director.context.actor == names["boss"]
        workshop = seed_demo(director, vault_passphrase=DEMO_PASSPHRASE)
        cards = director.vault.masked(workshop)
        assert cards
        card_of = next(iter(cards))
        director.vault.reveal(card_of, DEMO_PASSPHRASE)
        assert _last_entry(url) == (names["boss"], "card.reveal")
    finally:
        director.close()

    # Staff: sees the masked cards, edits registrations, is refused the vault in words.
    staff = _services(_as(url, names["alice"]), tmp_path / "alice", keychain)
    try:
        assert staff.context.role is Role.STAFF
        assert staff.vault.masked(workshop).keys() == cards.keys()
        row = staff.registrations.list(workshop)[0]
        edited = replace(row.details, contact_phone="+1 514 555 0100")
        staff.registrations.update_details(row.id, edited)
        assert _last_entry(url) == (names["alice"], "registration.edit")
        # Unlocking is the vault's work (its hooks finish charges and erasures on the
        # cards): refused, in words, even with the device key at hand; the desk says so
        # before the server has to (its GRANTs refuse the same, tested above).
        with pytest.raises(NotVaultDeskError) as refused:
            staff.vault.unlock(DEMO_PASSPHRASE)
        assert "Your role (staff) works with masked cards only" in str(refused.value)
        assert _last_entry(url)[1] != "card.reveal"  # nothing of the reveal was recorded
    finally:
        staff.close()

    # Finance: both workbooks, then an edit refused with a message, not a traceback.
    finance_url = _as(url, names["bob"])
    out = tmp_path / "out"
    out.mkdir()
    for kind in ("roster", "finance"):
        code, text = _run(
            "export", kind, "--workshop", str(workshop), "--out", f"{out}/",
            "--database-url", finance_url, "--data-dir", str(tmp_path / "bob"),
        )  # fmt: skip
        assert code == cli.OK, text
        actor, action = _last_entry(url)
        assert actor == f"{names['bob']} (escadesk-cli)" and action.startswith("export"), action
    assert len(list(out.glob("*.xlsx"))) == 2
    finance = _services(finance_url, tmp_path / "bob", keychain)
    try:
        assert finance.context.role is Role.FINANCE
        with pytest.raises(PermissionRefusedError) as refused:
            finance.settings.set("finance.tried", "yes")
        assert names["bob"] in str(refused.value)
        assert "may read and export, not change this" in str(refused.value)
    finally:
        finance.close()
