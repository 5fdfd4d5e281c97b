"""Persistence: SQLAlchemy models, the engine with its pragmas, migrations and backups."""
