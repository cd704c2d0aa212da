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
