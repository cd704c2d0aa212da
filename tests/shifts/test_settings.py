"""A team's roster settings: weekly patterns rolled out into draft shifts, and the rule settings."""

import re
from datetime import date, time, timedelta

import pytest

from outreach.audit.models import AuditEvent
from outreach.core.timeutil import OSLO
from outreach.extensions import db
from outreach.shifts import rules, services, settings
from outreach.shifts.models import RULE_LABELS, RuleSettingRow, Shift, ShiftAssignment, ShiftPattern

MONDAY = date(2026, 6, 8)


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


def pattern_form(team, **fields):
    return {"weekday": "0", "kind": "outreach", "title": "Kveld i sentrum", "start": "18:00", "end": "23:30",
            "areas": [team.areas[0].id], "professionals_needed": "2", "lived_experience_needed": "1", **fields}


def shifts_of(team):
    db.session.expire_all()
    return db.session.scalars(db.select(Shift).where(Shift.team_id == team.id).order_by(Shift.starts_at)).all()


def audit(action):
    return db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)).all()


def grid(client, team):
    return client.get(f"/teams/{team.id}/roster?start={MONDAY}").get_data(as_text=True)


# --- weekly patterns --------------------------------------------------------------------------------


def test_a_leader_makes_a_weekly_pattern_and_errors_keep_the_input(client, crew):
    team, _, _ = crew
    client.login("leder")
    url = f"/teams/{team.id}/patterns/new"
    response = client.form(url, pattern_form(team, end="18:00"))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="end-error"' in html and 'value="Kveld i sentrum"' in html
    assert db.session.scalar(db.select(db.func.count()).select_from(ShiftPattern)) == 0

    assert client.form(url, pattern_form(team)).status_code == 303
    pattern = db.session.scalar(db.select(ShiftPattern))
    assert (pattern.weekday, pattern.start_time, pattern.end_time, pattern.professionals_needed) == (
        0, time(18), time(23, 30), 2)
    assert [a.name for a in pattern.areas] == ["Sentrum"]
    listing = client.get(f"/teams/{team.id}/patterns").get_data(as_text=True)
    assert f'id="pattern-{pattern.id}"' in listing and "18:00–23:30" in listing
    assert audit("pattern.create")[0].actor_label == "leder"


def test_rolling_out_makes_the_right_days_once(client, crew):
    team, _, _ = crew
    monday = settings.save_pattern(team, None, weekday=0, kind="outreach", title="Mandag", start=time(18),
                                   end=time(23), areas=[team.areas[0]], professionals_needed=1,
                                   lived_experience_needed=1)
    settings.save_pattern(team, None, weekday=3, kind="group", title="Temakveld", start=time(17), end=time(20),
                          areas=[], professionals_needed=1, lived_experience_needed=0)
    client.login("leder")
    url = f"/teams/{team.id}/patterns/roll-out"
    # Asked first: the period shows what it would make; nothing is made yet.
    page = client.get(f"{url}?first=2026-06-08&last=2026-06-21").get_data(as_text=True)
    assert 'id="roll-out-confirm"' in page and re.search(r"\b4\b", page)
    assert re.search(r'name="csrf_token" value="[^"]+"', page.split('id="roll-out-confirm"')[1])
    assert shifts_of(team) == []

    response = client.form(url, {"first": "2026-06-08", "last": "2026-06-21"})
    assert response.status_code == 303
    made = shifts_of(team)
    local = [(s.starts_at.astimezone(OSLO).date(), s.starts_at.astimezone(OSLO).time(), s.kind) for s in made]
    assert local == [
        (date(2026, 6, 8), time(18), "outreach"), (date(2026, 6, 11), time(17), "group"),
        (date(2026, 6, 15), time(18), "outreach"), (date(2026, 6, 18), time(17), "group"),
    ]
    assert all(s.status == "draft" for s in made)
    assert [a.name for a in made[0].areas] == ["Sentrum"] and made[0].pattern_id == monday.id
    flashed = client.get(response.location).get_data(as_text=True)
    assert re.search(r'class="flash flash-success">[^<]*\b4\b', flashed)

    # Again, over an overlapping period: only the new days are made.
    page = client.get(f"{url}?first=2026-06-15&last=2026-06-28").get_data(as_text=True)
    assert 'id="roll-out-confirm"' in page
    client.form(url, {"first": "2026-06-15", "last": "2026-06-28"})
    assert len(shifts_of(team)) == 6
    client.form(url, {"first": "2026-06-08", "last": "2026-06-28"})
    assert len(shifts_of(team)) == 6
    assert [e.summary.split()[0] for e in audit("roster.roll_out")] == ["4", "2", "0"]


def test_a_night_pattern_over_the_autumn_clock_change_lasts_nine_hours(client, crew):
    team, _, _ = crew
    settings.save_pattern(team, None, weekday=5, kind="outreach", title="Natt", start=time(22), end=time(6),
                          areas=[], professionals_needed=1, lived_experience_needed=0)
    client.login("leder")
    client.form(f"/teams/{team.id}/patterns/roll-out", {"first": "2026-10-19", "last": "2026-10-30"})
    (night,) = shifts_of(team)
    assert night.starts_at.astimezone(OSLO).date() == date(2026, 10, 24)
    assert night.ends_at - night.starts_at == timedelta(hours=9)


def test_a_pattern_inside_the_hour_the_clocks_skip_has_no_shift_that_night(client, crew):
    team, _, _ = crew
    # 02:00-03:00 on Sundays: on 28 March 2027 the clocks go from 02:00 straight to 03:00.
    settings.save_pattern(team, None, weekday=6, kind="follow_up", title="Tidlig", start=time(2), end=time(3),
                          areas=[], professionals_needed=1, lived_experience_needed=0)
    client.login("leder")
    url = f"/teams/{team.id}/patterns/roll-out"
    page = client.get(f"{url}?first=2027-03-22&last=2027-04-04").get_data(as_text=True)
    assert 'id="roll-out-confirm"' in page and re.search(r"\b1\b", page) and not re.search(r"\b2\b", page)
    assert client.form(url, {"first": "2027-03-22", "last": "2027-04-04"}).status_code == 303
    (shift,) = shifts_of(team)
    assert shift.starts_at.astimezone(OSLO).date() == date(2027, 4, 4)
    assert shift.ends_at - shift.starts_at == timedelta(hours=1)


def test_roll_out_period_is_checked(client, crew):
    team, _, _ = crew
    client.login("leder")
    url = f"/teams/{team.id}/patterns/roll-out"
    response = client.get(f"{url}?first=2026-06-21&last=2026-06-08")
    assert response.status_code == 422 and 'id="last-error"' in response.get_data(as_text=True)
    response = client.form(url, {"first": "2026-01-01", "last": "2026-12-31"})
    assert response.status_code == 422 and 'id="last-error"' in response.get_data(as_text=True)
    assert shifts_of(team) == []


def test_a_deactivated_pattern_asks_first_and_makes_no_more_shifts(client, crew):
    team, _, _ = crew
    pattern = settings.save_pattern(team, None, weekday=0, kind="outreach", title="", start=time(18),
                                    end=time(23), areas=[], professionals_needed=1, lived_experience_needed=0)
    client.login("leder")
    assert 'name="active" value="0"' in client.get(f"/patterns/{pattern.id}/active").get_data(as_text=True)
    db.session.expire_all()
    assert pattern.active
    assert client.form(f"/patterns/{pattern.id}/active", {"active": "0"}).status_code == 303
    db.session.expire_all()
    assert not pattern.active
    client.form(f"/teams/{team.id}/patterns/roll-out", {"first": "2026-06-08", "last": "2026-06-21"})
    assert shifts_of(team) == []
    assert audit("pattern.deactivate")


def test_patterns_and_rules_are_the_teams_leaders_only(client, crew):
    team, _, _ = crew
    pattern = settings.save_pattern(team, None, weekday=0, kind="outreach", title="", start=time(18),
                                    end=time(23), areas=[], professionals_needed=1, lived_experience_needed=0)
    client.login("fag")
    for url in (f"/teams/{team.id}/patterns", f"/teams/{team.id}/rules", f"/patterns/{pattern.id}/edit"):
        assert client.get(url).status_code == 403
    client.login("annen")
    for url in (f"/teams/{team.id}/patterns", f"/teams/{team.id}/rules", f"/patterns/{pattern.id}/edit",
                f"/teams/{team.id}/patterns/roll-out"):
        assert client.get(url).status_code == 404
    response = client.form(f"/teams/{team.id}/rules/pairing", {"mode": "off", "seen": ""})
    assert response.status_code == 404
    assert client.form(f"/teams/{team.id}/patterns/roll-out", {"first": "2026-06-08", "last": "2026-06-14"}
                       ).status_code == 404
    assert shifts_of(team) == [] and db.session.scalar(db.select(RuleSettingRow)) is None


# --- rule settings --------------------------------------------------------------------------------


def test_the_rules_page_lists_every_rule_with_its_default_and_the_law(client, crew):
    team, _, _ = crew
    client.login("leder")
    html = client.get(f"/teams/{team.id}/rules").get_data(as_text=True)
    for rule in rules.RULES:
        assert f'id="rule-{rule}"' in html
        assert f'id="rule-{rule}-default"' in html
    assert "§ 10-4" in html and "§ 10-8" in html
    assert 'id="weekly_hours-hours"' in html and 'value="40"' in html
    assert 'id="contract_hours-full_time_hours_per_week"' in html and 'value="37,5"' in html


def test_every_rule_parameter_has_a_range(app):
    assert {r for r, s in rules.DEFAULT_SETTINGS.items() if s.params} == set(settings.PARAM_SPECS)
    for rule, specs in settings.PARAM_SPECS.items():
        assert set(specs) == set(rules.DEFAULT_SETTINGS[rule].params)
        for name, spec in specs.items():
            assert spec.low <= rules.DEFAULT_SETTINGS[rule].params[name] <= spec.high
    assert set(RULE_LABELS) == set(rules.RULES) == set(settings.RULE_HELP)


def seen(team, rule):
    return settings.fingerprint(settings.team_rows(team).get(rule))


def test_a_rule_set_to_warn_asks_for_a_reason_instead_of_blocking(client, crew):
    team, _, people = crew
    shift = services.create_shift(team, kind="outreach", day=MONDAY, start=time(18), end=time(23))
    client.login("leder")

    def put_ec_on(reason=""):
        db.session.refresh(shift)
        return client.htmx("POST", f"/teams/{team.id}/roster/assign?start={MONDAY}",
                           {"shift": f"{shift.id}:{shift.version}", "staff_id": people["ek"].profile.id,
                            "reason": reason})

    assert put_ec_on().status_code == 422  # blocks: an EC alone on outreach
    response = client.htmx("POST", f"/teams/{team.id}/rules/pairing", {"mode": "warn", "seen": seen(team, "pairing")})
    assert response.status_code == 200
    assert response.get_data(as_text=True).lstrip().startswith('<article id="rule-pairing"')
    assert db.session.scalar(db.select(RuleSettingRow.mode).where(RuleSettingRow.rule == "pairing")) == "warn"
    assert audit("roster.rule_setting")[0].summary == "pairing: block -> warn"

    response = put_ec_on()
    assert response.status_code == 422 and response.headers["HX-Retarget"].startswith("#cellform-")
    assert "ingen fagansatt" in response.get_data(as_text=True)
    assert put_ec_on(reason="Fagansatt kommer 18:15, avtalt").status_code == 200
    db.session.expire_all()
    assert [a.staff_id for a in db.session.scalars(db.select(ShiftAssignment))] == [people["ek"].profile.id]


def test_a_rule_turned_off_leaves_the_rule_check(client, crew):
    team, _, people = crew
    shift = services.create_shift(team, kind="outreach", day=MONDAY, start=time(18), end=time(23))
    db.session.add(ShiftAssignment(shift=shift, staff=people["ek"].profile))  # an EC alone, put in directly
    db.session.commit()
    client.login("leder")
    assert "ingen fagansatt" in grid(client, team)
    assert client.form(f"/teams/{team.id}/rules/pairing", {"mode": "off", "seen": ""}).status_code == 303
    html = grid(client, team)
    assert "ingen fagansatt" not in html and "badge-block" not in html

    # Reset asks first, then the rule is back.
    confirm = client.get(f"/teams/{team.id}/rules/pairing/reset").get_data(as_text=True)
    assert f'action="/teams/{team.id}/rules/pairing/reset"' in confirm and 'type="submit"' in confirm
    assert db.session.scalar(db.select(RuleSettingRow)) is not None
    assert client.form(f"/teams/{team.id}/rules/pairing/reset").status_code == 303
    assert db.session.scalar(db.select(RuleSettingRow)) is None
    assert "ingen fagansatt" in grid(client, team)
    assert audit("roster.rule_reset")[0].summary == "pairing: off -> default block"


def test_working_time_parameters_are_numbers_in_range_and_take_effect(client, crew):
    team, _, people = crew
    client.login("leder")
    url = f"/teams/{team.id}/rules/weekly_hours"
    for bad in ("0", "-5", "abc", "nan", "500", ""):
        response = client.htmx("POST", url, {"mode": "block", "hours": bad, "seen": ""})
        assert response.status_code == 422, bad
        html = response.get_data(as_text=True)
        assert 'id="weekly_hours-hours-error"' in html and f'value="{bad}"' in html
    assert db.session.scalar(db.select(RuleSettingRow)) is None

    assert client.form(url, {"mode": "block", "hours": "35,5", "seen": ""}).status_code == 303
    assert db.session.scalar(db.select(RuleSettingRow.params)) == {"hours": 35.5}
    assert services.team_settings(team)["weekly_hours"].params["hours"] == 35.5
    assert 'value="35,5"' in client.get(f"/teams/{team.id}/rules").get_data(as_text=True)

    # Four nine-hour days are 36 hours: over 35,5, so the fourth is refused.
    for offset in range(4):
        shift = services.create_shift(team, kind="office", day=MONDAY + timedelta(days=offset), start=time(8),
                                      end=time(17))
        response = client.htmx("POST", f"/teams/{team.id}/roster/assign?start={MONDAY}",
                               {"shift": f"{shift.id}:{shift.version}", "staff_id": people["fag"].profile.id})
    assert response.status_code == 422 and "høyst 35,5 t" in response.get_data(as_text=True)


def test_the_buddy_weeks_must_be_whole(client, crew):
    team, _, _ = crew
    client.login("leder")
    response = client.form(f"/teams/{team.id}/rules/new_ec_buddy", {"mode": "warn", "weeks": "2,5", "seen": ""})
    assert response.status_code == 422
    assert 'id="new_ec_buddy-weeks-error"' in response.get_data(as_text=True)


def test_two_leaders_changing_a_rule_at_once_the_second_gets_a_conflict(client, crew):
    team, _, _ = crew
    client.login("leder")
    stale = seen(team, "weekly_hours")
    assert client.htmx("POST", f"/teams/{team.id}/rules/weekly_hours",
                       {"mode": "block", "hours": "38", "seen": stale}).status_code == 200
    response = client.htmx("POST", f"/teams/{team.id}/rules/weekly_hours",
                           {"mode": "warn", "hours": "45", "seen": stale})
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert 'value="38"' in html  # what is saved now
    row = db.session.scalar(db.select(RuleSettingRow))
    assert (row.mode, row.params) == ("block", {"hours": 38})
    assert [e.summary for e in audit("roster.rule_setting")] == ["weekly_hours: block hours=40 -> block hours=38"]


def test_a_first_setting_written_by_someone_else_meanwhile_is_a_conflict_not_an_overwrite(client, crew, meanwhile):
    team, _, _ = crew
    client.login("leder")
    meanwhile(RuleSettingRow, db.insert(RuleSettingRow).values(
        team_id=team.id, rule="daily_rest", mode="warn", params={"hours": 10}))
    response = client.htmx("POST", f"/teams/{team.id}/rules/daily_rest", {"mode": "block", "hours": "12", "seen": ""})
    assert response.status_code == 409
    row = db.session.scalar(db.select(RuleSettingRow))
    assert (row.mode, row.params) == ("warn", {"hours": 10})
    assert audit("roster.rule_setting") == []
