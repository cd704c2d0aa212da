"""Helpers for the organisation tests: read back what a user would notice."""

import re
from html.parser import HTMLParser

from outreach.audit.models import AuditEvent
from outreach.auth.models import User, find_user_by_username
from outreach.extensions import db
from outreach.people.models import StaffProfile

DEMO = "demo"  # the demo accounts' password


def user_named(username: str) -> User:
    user = find_user_by_username(username)
    assert user is not None, username
    return user


def profile_of(username: str) -> StaffProfile:
    """The saved profile, read afresh from the database."""
    db.session.expire_all()
    return user_named(username).profile


def audit(**where) -> list[AuditEvent]:
    """Audit rows matching column=value, oldest first."""
    db.session.expire_all()
    query = db.select(AuditEvent).order_by(AuditEvent.id)
    for column, value in where.items():
        query = query.where(getattr(AuditEvent, column) == value)
    return list(db.session.scalars(query))


def text(response) -> str:
    return response.get_data(as_text=True)


class _FormReader(HTMLParser):
    """Collects what a browser would send for one form: inputs, selects and textareas."""

    def __init__(self, form_id: str | None):
        super().__init__()
        self.form_id = form_id
        self.inside = False
        self.depth = 0
        self.values: dict[str, list[str]] = {}
        self._select: str | None = None
        self._select_first: str | None = None
        self._select_chosen = False
        self._textarea: str | None = None

    def _add(self, name, value):
        self.values.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            if self.inside:
                self.depth += 1
            elif self.form_id is None:
                self.inside = not attrs.get("action", "").endswith("/logout")
            else:
                self.inside = self.form_id in (attrs.get("id"), attrs.get("action"))
            return
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self._add(name, attrs.get("value", "on"))
            elif kind not in ("submit", "button", "reset"):
                self._add(name, attrs.get("value") or "")
        elif tag == "select" and name:
            self._select, self._select_first, self._select_chosen = name, None, False
        elif tag == "option" and self._select:
            value = attrs.get("value", "")
            if self._select_first is None:
                self._select_first = value
            if "selected" in attrs and not self._select_chosen:
                self._add(self._select, value)
                self._select_chosen = True
        elif tag == "textarea" and name:
            self._textarea = name
            self._add(name, "")

    def handle_endtag(self, tag):
        if not self.inside:
            return
        if tag == "form":
            if self.depth:
                self.depth -= 1
            else:
                self.inside = False
        elif tag == "select" and self._select:
            if not self._select_chosen and self._select_first is not None:
                self._add(self._select, self._select_first)
            self._select = None
        elif tag == "textarea" and self._textarea:
            value = self.values[self._textarea][-1]
            # As a browser does: one newline right after <textarea> is not part of the value.
            self.values[self._textarea][-1] = re.sub(r"^\r?\n", "", value)
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea][-1] += data


def form_data(html: str, form_id: str | None = None) -> dict:
    """What submitting a form would send, as the test client takes it (one value as a
    string, several as a list). `form_id` picks the form by id or action; without it, every
    form on the page but the sign-out button."""
    reader = _FormReader(form_id)
    reader.feed(html)
    assert reader.values, f"no form {form_id or ''} on the page"
    return {name: vals[0] if len(vals) == 1 else vals for name, vals in reader.values.items()}


def field_value(html: str, name: str, form_id: str | None = None) -> str:
    """The value an input shows (what the user typed, after a refused save)."""
    value = form_data(html, form_id).get(name, "")
    assert isinstance(value, str), f"several fields named {name}"
    return value


def field_error(html: str, field_id: str) -> str:
    """The error message shown next to a field (and the field is marked invalid)."""
    tag = re.search(rf'<(?:input|select|textarea|fieldset)[^>]*id="{field_id}"[^>]*>', html)
    assert tag, f"no field {field_id}"
    assert 'aria-invalid="true"' in tag.group(0), f"{field_id} is not marked invalid"
    described = re.search(r'aria-describedby="([^"]*)"', tag.group(0))
    assert described and f"{field_id}-error" in described.group(1).split()
    message = re.search(rf'<small id="{field_id}-error"[^>]*>(.*?)</small>', html, re.S)
    assert message, f"no error message next to {field_id}"
    return message.group(1).strip()


def main(response_or_html) -> str:
    """The page's main content, without the header (which names the signed-in user)."""
    html = response_or_html if isinstance(response_or_html, str) else text(response_or_html)
    match = re.search(r"<main\b.*?</main>", html, re.S)
    return match.group(0) if match else html
