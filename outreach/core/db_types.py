"""Column types shared by every feature."""

from datetime import UTC, datetime

from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator):
    """An instant stored as UTC and always returned timezone-aware.

    SQLite drops the offset of `DateTime(timezone=True)`; this puts it back, and refuses
    naive datetimes so that local wall-clock times never slip in unconverted.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given for a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect):
        if value is None or value.tzinfo is UTC:  # PostgreSQL's, in a UTC session: as it is
            return value
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def render_migration_type(type_, obj, autogen_context):
    """Alembic autogenerate hook: write our column types as plain SQLAlchemy types, so
    that migrations never import application code."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


# Trigram (pg_trgm) indexes exist on PostgreSQL only, made by their migration (0010): no model
# declares them, as SQLite has none. Named "..._trgm", they are left out when the models are
# compared with a database.
POSTGRESQL_ONLY_INDEX_SUFFIX = "_trgm"


def compared_with_models(obj, name, type_, reflected, compare_to) -> bool:
    """Alembic's include_object: what autogenerate (and the schema test) compares."""
    return not (type_ == "index" and reflected and compare_to is None
                and (name or "").endswith(POSTGRESQL_ONLY_INDEX_SUFFIX))
