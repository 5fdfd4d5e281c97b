"""The roles of a team on a shared PostgreSQL server, as the engine's own GRANTs.

Three group roles (NOLOGIN), one per ``escadesk.domain.roles.Role``; each person logs in
with a role of their own that is a member of one group, so the audit log names the
person and the server decides what their client may do, whatever the client is.

What "no vault" means (staff and finance): no privilege on any encrypted part of a card
authorization (its wrapped keys, its blobs, its record uid, the associated data) and no
write on the vault's tables (``vault``, ``card_authorization``, ``erasure``). They read
the masked card and its state (brand, last 4, state, dates: what the desk, the decision's
preview and the exports show), the erasure records (certificates hold no card data) and
the vault's one row (the passphrase's KDF parameters and check value; no key is stored
there). Finance reads everything else and writes only the audit log (append-only: an
export is recorded); its export files are written on its own computer.

Every statement is built with psycopg's ``sql.Identifier``/``sql.Literal``, never by
pasting names. Only the role that owns escadesk's tables (the one that ran the
migrations) can grant on them, and creating roles needs CREATEROLE.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, text
from sqlalchemy.engine import make_url

from escadesk.domain.roles import Role

#: The group role of each role.
GROUPS: dict[Role, str] = {
    Role.DIRECTOR: "escadesk_director",
    Role.STAFF: "escadesk_staff",
    Role.FINANCE: "escadesk_finance",
}
VAULT_TABLES = ("vault", "card_authorization", "erasure")
#: A card authorization's columns outside its encryption: the masked card and its state.
CARD_MASK_COLUMNS = (
    "id",
    "registration_id",
    "brand",
    "last4",
    "state",
    "recorded_at",
    "recorded_by",
    "updated_at",
)
#: The vault row's columns that unlocking reads; none of them is key material.
VAULT_ROW_COLUMNS = (
    "id",
    "vault_uid",
    "kdf",
    "check_blob",
    "key_generation",
    "keychain_kind",
    "created_at",
    "passphrase_changed_at",
)
_WRITE = "SELECT, INSERT, UPDATE, DELETE"


class ServerRolesError(Exception):
    """A refusal of ``server init`` or ``server add-user``, in words."""


class NotAServerError(ServerRolesError):
    pass


class NotAllowedError(ServerRolesError):
    pass


class UnknownRoleError(ServerRolesError):
    pass


def require_server(url: str) -> None:
    backend = make_url(url).get_backend_name()
    if backend != "postgresql":
        raise NotAServerError(
            f"roles live on a PostgreSQL server; this database is {backend} "
            "(give --database-url postgresql+psycopg://…)"
        )


def role_named(name: str) -> Role:
    try:
        return Role(name)
    except ValueError:
        known = ", ".join(role.value for role in Role)
        raise UnknownRoleError(f"no role “{name}”: the roles are {known}") from None


@dataclass
class InitReport:
    created: list[str] = field(default_factory=list)
    existing: list[str] = field(default_factory=list)
    schema: str = ""
    tables: int = 0
    directors: list[str] = field(default_factory=list)


def init_roles(engine: Engine, directors: Sequence[str] = ()) -> InitReport:
    """Create the three groups if missing and (re)grant them the schema's tables, in one
    transaction: run it again after every upgrade of escadesk (it is idempotent)."""
    report = InitReport()
    with engine.begin() as connection:
        _require_role_maker(connection)
        _require_owner(connection)
        report.schema = str(connection.scalar(text("SELECT current_schema()")))
        for group in GROUPS.values():
            if _role_exists(connection, group):
                report.existing.append(group)
            else:
                _run(connection, "CREATE ROLE {} NOLOGIN", group)
                report.created.append(group)
        report.tables = _grant(connection, report.schema)
        for name in directors:
            _add_user(connection, name, Role.DIRECTOR, None)
            report.directors.append(name)
    return report


def add_user(engine: Engine, name: str, role: Role, password: str | None) -> str | None:
    """A LOGIN role ``name``, member of ``role``'s group only; returns the group it left
    (a change of role), if any. ``password`` None: the server authenticates it otherwise
    (peer, certificate), or keeps the password it has."""
    with engine.begin() as connection:
        _require_role_maker(connection)
        missing = [group for group in GROUPS.values() if not _role_exists(connection, group)]
        if missing:
            raise NotAllowedError(
                f"the roles are not set up on this server ({', '.join(missing)} missing): "
                "run escadesk-cli server init first"
            )
        return _add_user(connection, name, role, password)


def _add_user(connection: Connection, name: str, role: Role, password: str | None) -> str | None:
    if not name.strip() or name.startswith("pg_") or name in GROUPS.values():
        raise ServerRolesError(f"“{name}” cannot be a user's role name")
    if _role_exists(connection, name):
        _run(connection, "ALTER ROLE {} LOGIN", name)
    else:
        _run(connection, "CREATE ROLE {} LOGIN", name)
    if password is not None:
        _set_password(connection, name, password)
    left = None
    for other, group in GROUPS.items():
        if other is not role and _member(connection, name, group):
            _run(connection, "REVOKE {} FROM {}", group, name)
            left = group
    _run(connection, "GRANT {} TO {}", GROUPS[role], name)
    return left


def _set_password(connection: Connection, name: str, password: str) -> None:
    """The SCRAM verifier is computed here (libpq), so the password itself never reaches
    the server or its statement log."""
    from psycopg import sql

    driver = _driver(connection)
    verifier = driver.pgconn.encrypt_password(
        password.encode(), name.encode(), b"scram-sha-256"
    ).decode()
    statement = sql.SQL("ALTER ROLE {} PASSWORD {}").format(
        sql.Identifier(name), sql.Literal(verifier)
    )
    connection.exec_driver_sql(statement.as_string(driver))


def _grant(connection: Connection, schema: str) -> int:
    director, staff, finance = (GROUPS[role] for role in Role)
    groups = (director, staff, finance)
    tables = [
        str(name)
        for name in connection.scalars(
            text(
                "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = :schema AND c.relkind IN ('r', 'p') ORDER BY c.relname"
            ),
            {"schema": schema},
        )
    ]
    for group in groups:
        _run(connection, "GRANT USAGE ON SCHEMA {} TO {}", schema, group)
        _run(connection, "REVOKE ALL ON ALL TABLES IN SCHEMA {} FROM {}", schema, group)
        _run(connection, "REVOKE ALL ON ALL SEQUENCES IN SCHEMA {} FROM {}", schema, group)
    for group in (director, staff):
        _run(connection, f"GRANT {_WRITE} ON ALL TABLES IN SCHEMA {{}} TO {{}}", schema, group)
        _run(connection, "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {} TO {}", schema, group)
    _run(connection, "GRANT SELECT ON ALL TABLES IN SCHEMA {} TO {}", schema, finance)
    for group in (staff, finance):
        _narrow_to_masks(connection, schema, tables, group)
    # The audit log is append-only for every group, and the schema's version is the
    # owner's (migrations run as the owner: ``server init`` after each upgrade).
    for table, privileges in (
        ("audit_entry", "UPDATE, DELETE"),
        ("alembic_version", "INSERT, UPDATE, DELETE"),
    ):
        if table in tables:
            for group in (director, staff):
                _run(
                    connection, f"REVOKE {privileges} ON {{}}.{{}} FROM {{}}", schema, table, group
                )
    if "audit_entry" in tables:  # finance's exports are recorded in the audit log
        _run(connection, "GRANT INSERT ON {}.{} TO {}", schema, "audit_entry", finance)
        sequence = connection.scalar(
            text("SELECT pg_get_serial_sequence(:table, 'id')"),
            {"table": f'"{schema}".audit_entry'},
        )
        if sequence:
            from psycopg import sql

            statement = sql.SQL("GRANT USAGE ON SEQUENCE {} TO {}").format(
                sql.SQL(sequence), sql.Identifier(finance)
            )  # pg_get_serial_sequence's answer is already quoted
            connection.exec_driver_sql(statement.as_string(_driver(connection)))
    # Tables and sequences the owner creates later (a migration): the same, until the
    # next ``server init`` narrows any new vault table again.
    for group, tables_privileges, sequences_privileges in (
        (director, _WRITE, "USAGE, SELECT"),
        (staff, _WRITE, "USAGE, SELECT"),
        (finance, "SELECT", None),
    ):
        _run(
            connection,
            f"ALTER DEFAULT PRIVILEGES IN SCHEMA {{}} GRANT {tables_privileges} ON TABLES TO {{}}",
            schema,
            group,
        )
        if sequences_privileges:
            _run(
                connection,
                f"ALTER DEFAULT PRIVILEGES IN SCHEMA {{}} GRANT {sequences_privileges} "
                "ON SEQUENCES TO {}",
                schema,
                group,
            )
    return len(tables)


def _narrow_to_masks(
    connection: Connection, schema: str, tables: Iterable[str], group: str
) -> None:
    present = set(tables)
    for table in VAULT_TABLES:
        if table in present:
            _run(connection, "REVOKE ALL ON {}.{} FROM {}", schema, table, group)
    if "erasure" in present:
        _run(connection, "GRANT SELECT ON {}.{} TO {}", schema, "erasure", group)
    for table, columns in (("card_authorization", CARD_MASK_COLUMNS), ("vault", VAULT_ROW_COLUMNS)):
        if table in present:
            from psycopg import sql

            statement = sql.SQL("GRANT SELECT ({}) ON {}.{} TO {}").format(
                sql.SQL(", ").join(sql.Identifier(column) for column in columns),
                sql.Identifier(schema),
                sql.Identifier(table),
                sql.Identifier(group),
            )
            connection.exec_driver_sql(statement.as_string(_driver(connection)))


def _require_role_maker(connection: Connection) -> None:
    row = connection.execute(
        text(
            "SELECT current_user, rolsuper OR rolcreaterole FROM pg_roles "
            "WHERE rolname = current_user"
        )
    ).one()
    if not row[1]:
        raise NotAllowedError(
            f"the role “{row[0]}” may not create roles: connect as a role with the "
            "CREATEROLE privilege (or a superuser) that owns escadesk's tables"
        )


def _require_owner(connection: Connection) -> None:
    """GRANT by a role that does not own a table only warns ("no privileges were
    granted"): refuse before anything instead."""
    others = list(
        connection.execute(
            text(
                "SELECT c.relname, pg_get_userbyid(c.relowner) FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'S') "
                "AND NOT pg_has_role(current_user, c.relowner, 'USAGE') ORDER BY 1"
            )
        )
    )
    if others:
        table, owner = others[0]
        raise NotAllowedError(
            f"“{table}” belongs to the role “{owner}”, not to this one: connect as the role "
            "that owns escadesk's tables (the one that created them) to grant on them"
        )


def _role_exists(connection: Connection, name: str) -> bool:
    return bool(
        connection.scalar(text("SELECT count(*) FROM pg_roles WHERE rolname = :n"), {"n": name})
    )


def _member(connection: Connection, name: str, group: str) -> bool:
    return bool(
        connection.scalar(
            text(
                "SELECT count(*) FROM pg_auth_members m "
                "JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles u ON u.oid = m.member "
                "WHERE g.rolname = :group AND u.rolname = :name"
            ),
            {"group": group, "name": name},
        )
    )


def _run(connection: Connection, template: str, *names: str) -> None:
    """``template``'s ``{}`` filled with quoted identifiers (a "schema.table" pair as two)."""
    from psycopg import sql

    statement = sql.SQL(template).format(*(sql.Identifier(name) for name in names))
    connection.exec_driver_sql(statement.as_string(_driver(connection)))


def _driver(connection: Connection) -> Any:
    return connection.connection.driver_connection


# -- who is acting ------------------------------------------------------------------------


def engine_identity(connection: Connection) -> tuple[str, Role]:
    """The login role (``session_user``: the person who authenticated, which a later
    ``SET ROLE`` does not change) and what ``current_user`` (whose privileges apply) may
    do, from its groups: director, then staff, then finance. A server without the groups
    (no ``server init``) is one team of directors, as before the roles; a role in none of
    them is a director if it owns the tables (or is a superuser), else finance."""
    session_user = str(connection.scalar(text("SELECT session_user")))
    present = set(
        connection.scalars(
            text("SELECT rolname FROM pg_roles WHERE rolname = ANY(:names)"),
            {"names": list(GROUPS.values())},
        )
    )
    if not present:
        return session_user, Role.DIRECTOR
    for role, group in GROUPS.items():
        if group in present and connection.scalar(
            text("SELECT pg_has_role(current_user, :group, 'MEMBER')"), {"group": group}
        ):
            return session_user, role
    owner = connection.scalar(
        text(
            "SELECT pg_has_role(current_user, c.relowner, 'MEMBER') FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = current_schema() AND c.relname = 'audit_entry'"
        )
    )
    return session_user, Role.DIRECTOR if owner else Role.FINANCE
