"""Reads of sensitive data: "who has looked at my data", and refused access, in the audit log."""

import html
import re

import pytest

from outreach.audit.models import AuditEvent
from outreach.auth import services
from outreach.auth.models import User
from outreach.extensions import db


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def user(username: str) -> User:
    db.session.expire_all()
    return db.session.scalar(db.select(User).where(User.username == username))


def my_data_rows(client) -> list[tuple[str, str]]:
    """(who, what) for each row of the signed-in person's /audit/me, newest first."""
    response = client.htmx("GET", "/audit/me")
    assert response.status_code == 200
    tbody = response.get_data(as_text=True).split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", tbody, re.S):
        _when, who, what, _details = (html.unescape(cell).strip() for cell in re.findall(r"<td>(.*?)</td>", row, re.S))
        rows.append((who, what))
    return rows


def audit(action: str, **where) -> list[AuditEvent]:
    db.session.expire_all()
    query = db.select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
    for name, value in where.items():
        query = query.where(getattr(AuditEvent, name) == value)
    return db.session.scalars(query).all()


@pytest.fixture
def ek1(demo):
    """Espen Kristiansen, experience consultant on the team Tore Bakke (tl1) leads."""
    return user("ek1")


def test_who_has_looked_at_my_data_lists_others_reads_but_not_my_own(ek1, browser, nb):
    experience = f"/people/{ek1.profile.id}/experience"
    leader, supervisor, espen = browser("tl1", "demo"), browser("veileder", "demo"), browser("ek1", "demo")
    assert leader.get(experience).status_code == 200
    assert espen.get(experience).status_code == 200  # his own read
    assert supervisor.get(experience).status_code == 200

    read = nb("Lived experience read")
    reads = [who for who, what in my_data_rows(espen) if what == read]
    assert reads == ["Vera Fagkonsulent", "Tore Bakke"]
    # All three reads are in the log; the page leaves out only his own.
    assert [row.actor_label for row in audit("staff.experience_read", subject_user_id=ek1.id)] == [
        "tl1", "ek1", "veileder",
    ]

    # The whole page says the same, and nobody else's page shows these reads.
    page = text(espen.get("/audit/me"))
    assert "Tore Bakke" in page and "<html" in espen.get("/audit/me").get_data(as_text=True)
    colleague = browser("ek2", "demo")
    assert [who for who, what in my_data_rows(colleague) if what == read] == []


def test_changes_others_make_to_my_account_are_listed(ek1, browser, nb):
    admin = user("admin")
    services.update_user(ek1, full_name="Espen K. Kristiansen", email=ek1.email,
                         roles=["ec"], version=None, actor=admin)
    rows = my_data_rows(browser("ek1", "demo"))
    assert rows[0] == ("Ada Systemansvarlig", nb("Account changed"))


def test_my_own_sign_ins_and_settings_are_not_listed(ek1, browser, nb):
    espen = browser("ek1", "demo")
    espen.form("/account/settings", {"locale": "nb"})
    whos = {who for who, _ in my_data_rows(espen)}
    assert "Espen Kristiansen" not in whos
    assert nb("Signed in") not in {what for _, what in my_data_rows(espen)}


def test_refused_read_of_lived_experience_answers_404_and_is_logged(ek1, browser, nb):
    """HR, the administrator, a colleague and another team's leader may not see it."""
    url = f"/people/{ek1.profile.id}/experience"
    for username in ("hr", "admin", "fag1", "tl2"):
        reader = user(username)
        response = browser(username, "demo").get(url)
        assert response.status_code == 404, username
        page = text(response)
        assert nb("The page does not exist, or you do not have access to it.") in page
        assert nb("Drug use") not in page

        [denied] = audit("access.denied", actor_id=reader.id)
        assert denied.kind == "denied"
        assert (denied.object_type, denied.object_id) == ("staff_profiles", str(ek1.profile.id))
        assert denied.subject_user_id == ek1.id
        assert "people.view_experience" in denied.summary
        assert audit("staff.experience_read", actor_id=reader.id) == [], username
    # The person and their leader do see it (the refusals above are the rule, not a fault).
    assert nb("Drug use") in text(browser("tl1", "demo").get(url))


def test_refused_page_is_logged_and_found_in_the_audit_search(demo, browser):
    hr = browser("hr", "demo")
    assert hr.get("/admin/users").status_code == 403
    [denied] = audit("access.denied", actor_label="hr")
    assert (denied.kind, denied.object_type, denied.object_id) == ("denied", "route", "auth.user_list")
    assert "/admin/users" in denied.summary

    admin = browser("admin", "demo")
    response = admin.htmx("GET", "/audit/?kind=denied&actor=hr")
    tbody = response.get_data(as_text=True).split("<tbody>", 1)[1]
    assert tbody.count("<tr>") == 1 and "/admin/users" in tbody
