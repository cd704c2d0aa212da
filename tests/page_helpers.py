"""What every feature's tests read pages with. (Imported by name: pytest puts tests/ on the
path, as it loads tests/conftest.py.)"""

import re
from contextlib import contextmanager
from html import unescape

from sqlalchemy import event

from outreach.extensions import db


def text_of(response_or_html) -> str:
    """The page (or a piece of HTML) as a user reads it: tags gone, entities decoded, spaces collapsed."""
    html = response_or_html if isinstance(response_or_html, str) else response_or_html.get_data(as_text=True)
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))).strip()


# The table a statement writes to (SQLite's INSERT OR REPLACE included).
_WRITE = re.compile(r'^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)


def written_table(statement: str) -> str | None:
    """The table an INSERT, UPDATE or DELETE writes to; None for any other statement."""
    match = _WRITE.match(statement)
    return match.group(1) if match else None


@contextmanager
def counted_queries():
    """The SQL statements run inside the block."""
    statements = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
