"""Helpers for the accounts, sign-in and session tests."""

import pytest
from babel.support import Translations

from outreach.audit.models import AuditEvent
from outreach.auth.models import User, find_user_by_username
from outreach.extensions import db


@pytest.fixture
def nb(app):
    """The Norwegian text a user sees for an English message id: nb("Sign in")."""
    translations = Translations.load(app.config["BABEL_TRANSLATION_DIRECTORIES"], ["nb"])

    def translate(msgid: str, **variables) -> str:
        message = translations.gettext(msgid)
        return message % variables if variables else message

    return translate


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
