"""Helpers for the job description tests: build what a test needs through the services, as
the pages do, and read the pages as a user does. (Imported by name: pytest puts this folder
on the path.)"""

import re

from babel.dates import format_date
from page_helpers import counted_queries, text_of  # noqa: F401  (the tests import them from here)
from sqlalchemy import select

from outreach.audit.models import AuditEvent
from outreach.extensions import db
from outreach.jobs import services
from outreach.jobs.models import INDIVIDUAL_KEY, JobDescription, RoleTemplate

INDIVIDUAL = INDIVIDUAL_KEY
EVA_PART = "Bruker egen erfaring fra rusbehandling i samtaler med unge voksne på Tøyen."


def selects(client, url: str) -> int:
    """How many SELECTs one GET of `url` costs (after a first request has warmed up)."""
    client.get(url)
    with counted_queries() as statements:
        response = client.get(url)
    assert response.status_code == 200
    return len([s for s in statements if s.lstrip().upper().startswith("SELECT")])


def english_date(day, pattern="d. MMMM y") -> str:
    """A date as the pages show it to an English account."""
    return format_date(day, pattern, locale="en")


def template(key: str) -> RoleTemplate:
    return db.session.scalar(select(RoleTemplate).where(RoleTemplate.key == key))


def description(user) -> JobDescription | None:
    db.session.expire_all()
    return services.description_of(user.profile)


def page_url(user, rest: str = "") -> str:
    return f"/jobs/people/{user.profile.id}{rest}"


def start(user, leader, individual: str = EVA_PART) -> JobDescription:
    """The person's description, started by their leader from the role's template (a draft)."""
    return services.start(user.profile, actor=leader, individual=individual)


def sign_both(found: JobDescription, employee, leader) -> None:
    """The employee signs the draft, then the leader: the draft is frozen."""
    services.sign(found, as_employee=True, version=found.draft.version, actor=employee)
    services.sign(found, as_employee=False, version=found.draft.version, actor=leader)


def signed(user, leader, individual: str = EVA_PART) -> JobDescription:
    """A description started and signed by both: version 1 in force, no draft."""
    found = start(user, leader, individual)
    sign_both(found, user, leader)
    return found


def section_text(version, key: str = INDIVIDUAL) -> str:
    return version.section(key)["text"]


def draft_form(sections: list[dict], **texts: str) -> dict:
    """The posted fields of the draft form for `sections`, with some texts changed
    (text-<key> and, for a common-frame section, frame-<key>)."""
    data = {}
    for s in sections:
        data[f"text-{s['key']}"] = texts.get(s["key"], s["text"])
        if s["frame"]:
            data[f"frame-{s['key']}"] = "1"
    return data


def version_field(response) -> str:
    """The hidden `version` a form on the page carries."""
    match = re.search(r'name="version"[^>]*value="([^"]*)"', response.get_data(as_text=True))
    assert match, "no version field on the page"
    return match.group(1)


def propose(client, user, text: str, note: str = "", section: str = INDIVIDUAL):
    """The employee sends a proposal through the page (signed in as `user`)."""
    return client.form(page_url(user, "/propose"), {"section_key": section, "text": text, "note": note})


def panel(html: str, title: str) -> str | None:
    """The text of the Min side panel headed `title`, or None when there is none."""
    for part in re.split(r'<article class="panel"[^>]*>', html)[1:]:
        if re.search(rf"<h2>\s*{re.escape(title)}\s*</h2>", part):
            return text_of(part.split("</article>")[0])
    return None


def audit(action: str, **where) -> list[AuditEvent]:
    query = select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
    for name, value in where.items():
        query = query.where(getattr(AuditEvent, name) == value)
    return list(db.session.scalars(query))


def sign_on_page(client, employee):
    """Sign the draft as shown on the description page, as whoever is signed in."""
    shown = client.get(page_url(employee))
    return client.form(page_url(employee, "/sign"), {"version": version_field(shown)})


def open_proposal(user):
    """The one open proposal on the person's description."""
    (found,) = services.open_proposals(description(user))
    return found


def flash_of(client, url: str) -> str:
    """What the page at `url` says in its flash area (after a redirect to it)."""
    html = client.get(url).get_data(as_text=True)
    match = re.search(r'<div id="flash"[^>]*>(.*?)</div>', html, re.S)
    return text_of(match.group(1)) if match else ""
