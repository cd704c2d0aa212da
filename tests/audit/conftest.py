"""Helpers for the audit log tests."""

import pytest
from babel.support import Translations

PASSWORD = "correct horse battery"  # make_user's password


@pytest.fixture
def nb(app):
    """The Norwegian text a user sees for an English message id: nb("Signed in")."""
    translations = Translations.load(app.config["BABEL_TRANSLATION_DIRECTORIES"], ["nb"])

    def translate(msgid: str, **variables) -> str:
        message = translations.gettext(msgid)
        return message % variables if variables else message

    return translate


@pytest.fixture
def browser(app):
    """A browser of its own, signed in as `username`: browser("tl1", "demo")."""

    def open_as(username: str, password: str = PASSWORD):
        client = app.test_client()
        assert client.login(username, password).status_code == 303, username
        return client

    return open_as
