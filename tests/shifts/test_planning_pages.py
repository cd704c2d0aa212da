"""Planning the period, suggesting a partner and locking, as a team leader uses them."""

import html
import re
from datetime import date, time, timedelta

import pytest
from babel.support import Translations

from outreach.audit.models import AuditEvent
from outreach.extensions import db
from outreach.people.services import set_experience
from outreach.shifts import services
from outreach.shifts.models import Shift, ShiftAssignment

MONDAY = date(2026, 6, 8)


@pytest.fixture(autouse=True)
def quick_planner(app):
    app.config["PLANNER_TIME_LIMIT"] = 3


@pytest.fixture
def tr(app):
    """What the (Norwegian) page says for a message id, from the catalogue as it stands:
    tr(msgid, **vars), or tr(singular, plural, n, **vars)."""
    catalogue = Translations.load(app.config["BABEL_TRANSLATION_DIRECTORIES"], ["nb"])

    def translate(msgid, plural=None, count=None, **variables):
        if plural is not None:
            return catalogue.ngettext(msgid, plural, count) % {"num": count, **variables}
        text = catalogue.gettext(msgid)
        return text % variables if variables else text

    return translate


def up_to(text: str, variable: str) -> str:
    """The text before `%(variable)s` (whose value a test cannot know)."""
    return text.split(f"%({variable})s")[0]


def made(tr, added, removed, locked) -> str:
    return up_to(tr("The planner made %(added)d assignments and took away %(removed)d; %(locked)d locked ones "
                         "were kept. Score %(objective)s (lower is better).", added=added, removed=removed,
                         locked=locked, objective="%(objective)s"), "objective")


def dm(day: date) -> str:
    return f"{day.day}.{day.month}."


@pytest.fixture
def crew(make_user, make_team):
    team = make_team("Unge voksne", areas=["Sentrum", "Tøyen"])
    other = make_team("Vaterland")
    people = {
        "leder": make_user("leder", roles=["leader", "professional"], teams=[team], full_name="Lise Leder"),
        "fag": make_user("fag", roles=["professional"], teams=[team], full_name="Per Fag"),
        "ek": make_user("ek", roles=["ec"], teams=[team], full_name="Eva Erfaring"),
        "annen": make_user("annen", roles=["leader", "professional"], teams=[other], full_name="Anne Annen"),
    }
    return team, other, people


def outreach(team, day=MONDAY, start=time(18), end=time(23), pros=1, lived=1):
    return services.create_shift(team, kind="outreach", day=day, start=start, end=end, areas=team.areas[:1],
                                 professionals_needed=pros, lived_experience_needed=lived)


def people_on(shift_id) -> list[str]:
    db.session.expire_all()
    return sorted(a.staff.user.username for a in db.session.scalars(
        db.select(ShiftAssignment).where(ShiftAssignment.shift_id == shift_id)))


def plan(client, team, first=MONDAY, last=MONDAY + timedelta(days=6), pairs="keep"):
    return client.form(f"/teams/{team.id}/roster/plan", {"first": first.isoformat(), "last": last.isoformat(),
                                                         "pairs": pairs})


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def flashes(client, response) -> str:
    return text(client.get(response.location))


def test_the_leader_plans_the_week_and_sees_the_roster(client, crew, tr):
    team, _, people = crew
    monday, wednesday = outreach(team), outreach(team, day=MONDAY + timedelta(days=2))
    client.login("leder")
    grid = client.get(f"/teams/{team.id}/roster?start={MONDAY}").get_data(as_text=True)
    assert f"/teams/{team.id}/roster/plan" in grid

    page = text(client.get(f"/teams/{team.id}/roster/plan?start={MONDAY}&weeks=1"))
    sunday = MONDAY + timedelta(days=6)
    assert tr("%(num)d draft shift from %(first)s to %(last)s is filled.",
              "%(num)d draft shifts from %(first)s to %(last)s are filled.", 2,
              first=dm(MONDAY), last=f"{dm(sunday)}{sunday.year}") in page
    assert tr("They need %(num)d person in all.", "They need %(num)d people in all.", 4) in page
    response = plan(client, team)
    assert response.status_code == 303 and f"start={MONDAY}" in response.location
    html = flashes(client, response)
    assert made(tr, 4, 0, 0) in html
    for shift in (monday, wednesday):
        assert people_on(shift.id) in (["ek", "fag"], ["ek", "leder"])
    assert "Eva Erfaring" in html
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "roster.plan"))
    assert event.actor_label == "leder" and "4 added" in event.summary
    assert db.session.scalar(db.select(db.func.count()).select_from(AuditEvent)
                             .where(AuditEvent.action == "shift.assign")) == 4


def test_the_summary_follows_the_dates_in_the_form(client, crew, tr):
    team, _, _ = crew
    outreach(team)
    outreach(team, day=MONDAY + timedelta(days=9))
    client.login("leder")
    last = MONDAY + timedelta(days=13)
    html = text(client.htmx("GET", f"/teams/{team.id}/roster/plan?first={MONDAY}&last={last}"))
    assert html.lstrip().startswith('<section id="plan-summary"')
    assert tr("%(num)d draft shift from %(first)s to %(last)s is filled.",
              "%(num)d draft shifts from %(first)s to %(last)s are filled.", 2,
              first=dm(MONDAY), last=f"{dm(last)}{last.year}") in html
    too_long = tr("Plan at most %(n)d days at a time.", n=42)
    assert too_long in text(client.htmx(
        "GET", f"/teams/{team.id}/roster/plan?first={MONDAY}&last={MONDAY + timedelta(days=60)}"))
    response = plan(client, team, last=MONDAY + timedelta(days=60))
    assert response.status_code == 422 and too_long in text(response)
    response = plan(client, team, last=MONDAY - timedelta(days=1))
    assert response.status_code == 422 and tr("The period must end on or after its first day.") in text(response)


def test_a_locked_assignment_is_kept_and_published_shifts_are_left_alone(client, crew, tr):
    team, _, people = crew
    shift = outreach(team, lived=0)
    services.assign(shift, people["leder"].profile, version=shift.version)
    published = outreach(team, day=MONDAY + timedelta(days=3), lived=0)
    published.status = "published"
    db.session.commit()
    client.login("leder")

    day = text(client.get(f"/teams/{team.id}/roster/day/{MONDAY}"))
    assert f'action="/shifts/{shift.id}/lock"' in day and f">{tr('Lock')}<span" in day
    response = client.htmx("POST", f"/shifts/{shift.id}/lock", {"staff_id": people["leder"].profile.id, "locked": "1"})
    assert response.status_code == 200 and f">{tr('Unlock')}<span" in text(response)
    assert db.session.scalar(db.select(ShiftAssignment.locked).where(ShiftAssignment.shift_id == shift.id))

    assert made(tr, 0, 0, 1) in flashes(client, plan(client, team))
    assert people_on(shift.id) == ["leder"]
    assert people_on(published.id) == []

    # Unlocked again, the planner may move it (and the lock is audited both ways).
    client.form(f"/shifts/{shift.id}/lock", {"staff_id": people["leder"].profile.id, "locked": "0"})
    assert not db.session.scalar(db.select(ShiftAssignment.locked).where(ShiftAssignment.shift_id == shift.id))
    actions = db.session.scalars(db.select(AuditEvent.action).where(AuditEvent.action.like("shift.%lock"))).all()
    assert sorted(actions) == ["shift.lock", "shift.unlock"]


@pytest.mark.parametrize("staff_id", ["", "abc", "9" * 5000])
def test_locking_a_malformed_person_is_refused(client, crew, staff_id):
    team, _, people = crew
    shift = outreach(team, lived=0)
    services.assign(shift, people["leder"].profile, version=shift.version)
    client.login("leder")
    assert client.htmx("POST", f"/shifts/{shift.id}/lock", {"staff_id": staff_id, "locked": "1"}).status_code == 400
    assert not db.session.scalar(db.select(ShiftAssignment.locked).where(ShiftAssignment.shift_id == shift.id))


def test_a_published_shift_cannot_be_locked(client, crew, tr):
    team, _, people = crew
    shift = outreach(team, lived=0)
    services.assign(shift, people["fag"].profile, version=shift.version)
    db.session.get(Shift, shift.id).status = "published"
    db.session.commit()
    client.login("leder")
    response = client.form(f"/shifts/{shift.id}/lock", {"staff_id": people["fag"].profile.id, "locked": "1"})
    assert tr("A published shift is not planned again, so there is nothing to lock.") in flashes(client, response)
    assert not db.session.scalar(db.select(ShiftAssignment.locked))
    assert client.form(f"/shifts/{shift.id}/lock", {"staff_id": people["ek"].profile.id,
                                                     "locked": "1"}).status_code == 404


def test_an_impossible_period_is_explained_and_nothing_is_saved(client, crew, tr):
    team, _, _ = crew
    shift = outreach(team, pros=3, lived=1)  # the team has two professionals
    client.login("leder")
    html = flashes(client, plan(client, team))
    assert up_to(tr("No roster was made. %(why)s", why="%(why)s"), "why") in html
    assert "08.06. 18:00" in html and "trenger 3 fagansatte, men bare 2 kan ta den" in html
    assert people_on(shift.id) == []
    assert db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "roster.plan")) is None


def test_a_partner_is_suggested_with_reasons_and_put_on_with_one_click(client, crew, tr):
    team, _, people = crew
    set_experience(people["fag"].profile, [], [team.areas[0].id])  # Per knows Sentrum
    shift = outreach(team, lived=1)
    db.session.add(ShiftAssignment(shift=shift, staff=people["ek"].profile))
    db.session.commit()
    client.login("leder")

    day = text(client.get(f"/teams/{team.id}/roster/day/{MONDAY}"))
    link = f"/shifts/{shift.id}/partners?staff={people['ek'].profile.id}"
    assert link in day and tr("Suggest a partner") in day

    page = text(client.get(link))
    ranked = page[page.index('class="partner-list"'):]
    assert ranked.index("Per Fag") < ranked.index("Lise Leder")
    assert "Kjenner miljøet (Sentrum)" in page
    fragment = client.htmx("GET", link).get_data(as_text=True)
    assert "<html" not in fragment and "Per Fag" in fragment

    form = re.search(r'<form method="post" action="([^"]+)" class="partner-form">(.*?)</form>', page, re.S)
    fields = dict(re.findall(r'name="(shift|staff_id)" value="([^"]+)"', form.group(2)))
    assert fields["staff_id"] == str(people["fag"].profile.id)
    response = client.form(form.group(1), fields)
    assert response.status_code == 303
    assert people_on(shift.id) == ["ek", "fag"]


def test_partners_are_only_for_ecs_and_peers(client, crew):
    team, _, people = crew
    shift = outreach(team)
    client.login("leder")
    assert client.get(f"/shifts/{shift.id}/partners?staff={people['fag'].profile.id}").status_code == 404
    assert client.get(f"/shifts/{shift.id}/partners").status_code == 404


def test_a_professional_cannot_plan_suggest_or_lock(client, crew):
    team, _, people = crew
    shift = outreach(team)
    client.login("fag")
    assert client.get(f"/teams/{team.id}/roster/plan").status_code == 403
    assert plan(client, team).status_code == 403
    assert client.get(f"/shifts/{shift.id}/partners?staff={people['ek'].profile.id}").status_code == 403
    assert client.form(f"/shifts/{shift.id}/lock", {"staff_id": people["fag"].profile.id,
                                                     "locked": "1"}).status_code == 403
    assert people_on(shift.id) == []


def test_a_leader_of_another_team_gets_not_found(client, crew):
    team, _, people = crew
    shift = outreach(team)
    services.assign(shift, people["fag"].profile, version=shift.version)
    client.login("annen")
    assert client.get(f"/teams/{team.id}/roster/plan").status_code == 404
    assert plan(client, team).status_code == 404
    assert client.get(f"/shifts/{shift.id}/partners?staff={people['ek'].profile.id}").status_code == 404
    assert client.form(f"/shifts/{shift.id}/lock", {"staff_id": people["fag"].profile.id,
                                                     "locked": "1"}).status_code == 404
    assert people_on(shift.id) == ["fag"]
    assert not db.session.scalar(db.select(ShiftAssignment.locked))


def test_a_change_made_while_the_planner_works_wins_and_nothing_is_saved(client, crew, meanwhile, tr):
    team, _, _ = crew
    shift = outreach(team, lived=0)
    # Another leader changes the shift just as the planner is about to save its roster.
    meanwhile(ShiftAssignment, db.update(Shift).where(Shift.id == shift.id).values(version=Shift.version + 1))
    client.login("leder")
    response = plan(client, team)
    assert response.status_code == 303
    assert tr("Someone else changed the roster while the planner worked. Nothing was saved; plan again.") in \
        flashes(client, response)
    assert people_on(shift.id) == []
    assert db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "roster.plan")) is None
    assert db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "shift.assign")) is None
