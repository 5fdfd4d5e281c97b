"""Set the organizations' language in a test: the demo's Québec and European clusters
default to French (issue 21), and a test about the English wording says so."""

from __future__ import annotations

from sqlalchemy import update

from escadesk.app import Services
from escadesk.storage import models


def speak(services: Services, language: str, *names: str) -> None:
    """Every organization named (all of them if none) prefers ``language`` ("en"/"fr")."""
    with services.context.database.transaction() as session:
        statement = update(models.Organization).values(language=language)
        if names:
            statement = statement.where(models.Organization.name.in_(names))
        session.execute(statement)
