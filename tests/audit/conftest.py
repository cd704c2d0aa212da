"""Helpers for the audit log tests."""

import pytest

PASSWORD = "correct horse battery"  # make_user's password


@pytest.fixture
def browser(app):
    """A browser of its own, signed in as `username`: browser("tl1", "demo")."""

    def open_as(username: str, password: str = PASSWORD):
        client = app.test_client()
        assert client.login(username, password).status_code == 303, username
        return client

    return open_as
