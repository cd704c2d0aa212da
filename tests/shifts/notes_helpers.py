"""A team with a pair on outreach, their supervisors and outsiders; shifts around today.

Shared by the tests of shift notes, calendar feeds and the Min side panels.
"""

import re
from datetime import date, time, timedelta
from html import unescape
from types import SimpleNamespace

from outreach.core.timeutil import OSLO, utcnow
from outreach.extensions import db
from outreach.shifts import services


def today() -> date:
    return utcnow().astimezone(OSLO).date()


def build_crew(make_user, make_team) -> SimpleNamespace:
    team = make_team("Unge voksne", areas=["Sentrum", "Tøyen"])
    other = make_team("Vaterland", areas=["Plata"])
    veileder = make_user("veileder", roles=["supervisor", "professional"], full_name="Vera Veileder")
    veileder2 = make_user("veileder2", roles=["supervisor", "professional"], full_name="Viggo Veileder")
    people = {
        "leder": make_user("leder", roles=["leader", "professional"], teams=[team], full_name="Lise Leder"),
        "fag": make_user("fag", roles=["professional"], teams=[team], full_name="Per Fag"),
        "ek": make_user("ek", roles=["ec"], teams=[team], full_name="Eva Erfaring", supervisor_id=veileder.id),
        "kollega": make_user("kollega", roles=["professional"], teams=[team], full_name="Kari Kollega"),
        "annen": make_user("annen", roles=["leader", "professional"], teams=[other], full_name="Anne Annen"),
        "veileder": veileder,
        "veileder2": veileder2,
    }
    return SimpleNamespace(team=team, other=other, **people)


def make_shift(team, day: date, *, people=(), start=time(18), end=time(23), publish=True, kind="outreach",
               title="", areas=None, leader=None):
    """An outreach shift with `people` (users) on it, published unless told otherwise."""
    shift = services.create_shift(team, kind=kind, day=day, start=start, end=end, title=title,
                                  areas=team.areas[:1] if areas is None else areas)
    for user in people:
        db.session.refresh(shift)
        services.assign(shift, user.profile, version=shift.version, reason="Satt opp i testen")
    db.session.refresh(shift)
    if publish:
        shift.status = "published"
        db.session.commit()
        db.session.refresh(shift)
    return shift


def hidden(html: str, name: str) -> str:
    match = re.search(rf'<input[^>]*name="{name}"[^>]*>', html)
    assert match, f"no field {name}"
    value = re.search(r'value="([^"]*)"', match.group())
    return unescape(value.group(1)) if value else ""


def textarea(html: str, field_id: str) -> str:
    match = re.search(rf'<textarea[^>]*id="{field_id}"[^>]*>(.*?)</textarea>', html, re.S)
    assert match, f"no textarea {field_id}"
    return unescape(match.group(1)).strip()


def is_checked(html: str, field_id: str) -> bool:
    match = re.search(rf'<input[^>]*id="{field_id}"[^>]*>', html)
    assert match, f"no input {field_id}"
    return re.search(r"\schecked[\s>]", match.group()) is not None


def field_error(html: str, field_id: str) -> str:
    match = re.search(rf'id="{field_id}-error"[^>]*>(.*?)</small>', html, re.S)
    return unescape(match.group(1)) if match else ""


def next_day(offset: int) -> date:
    return today() + timedelta(days=offset)
