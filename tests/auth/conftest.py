"""Helpers for the accounts, sign-in and session tests."""

import pytest

from outreach.audit.models import AuditEvent
from outreach.auth.models import User, find_user_by_username
from outreach.extensions import db


@pytest.fixture
def fetch_user(app):
    """The account as the database has it now (requests run in their own sessions)."""

    def fetch(username: str) -> User:
        db.session.expire_all()
        user = find_user_by_username(username)
        assert user is not None, username
        return user

    return fetch


@pytest.fixture
def audit_rows(app):
    """Audit rows with `action`, oldest first."""

    def rows(action: str) -> list[AuditEvent]:
        db.session.expire_all()
        return db.session.scalars(
            db.select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
        ).all()

    return rows
