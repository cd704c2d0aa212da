"""The job descriptions demo: a signed description for every demo colleague, and the cases a
leader meets: `ek1` (Espen Kristiansen) with three versions and a proposal waiting for
`tl1`, `fag3` overdue for the yearly review, and `ek6` (Nora Lie, new this autumn) due for
the review after two months.

Everything goes through the services, so it is audited like real data; only the moments
the services set to "now" (the signatures) are moved back afterwards, as if the signing had
happened when the person started or at their last review.
"""

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from outreach.auth.models import Role, User
from outreach.core.timeutil import add_months, today_in_oslo
from outreach.extensions import db
from outreach.jobs import services
from outreach.jobs.models import INDIVIDUAL_KEY
from outreach.jobs.seed_texts import INDIVIDUAL_EXAMPLES
from outreach.people.models import StaffProfile

EC_WITH_HISTORY, EC_LEADER = "ek1", "tl1"
OVERDUE = "fag3"
EXAMPLE_FOR = {"ec": "ek1", "peer": "lp1", "psykolog": "fag5", "teamleder": "tl2", "fagkonsulent_ek": "veileder",
               "hr": "hr", "sosionom": "fag2", "miljoterapeut": "fag4"}


def _moment(day: date) -> datetime:
    return datetime.combine(day, time(13), tzinfo=UTC)


def _signer_for(profile: StaffProfile, leaders: dict[int, User], hr: User, section_leader: User) -> User:
    """Who signs as the leader: the team's leader; HR for the leaders; the section leader for
    HR, who is on no team (policy.answers_for)."""
    if profile.user_id == hr.id:
        return section_leader
    if profile.user.has_role(Role.LEADER):
        return hr
    for team in profile.teams:
        if team.id in leaders:
            return leaders[team.id]
    return hr


def _sign_both(description, profile, signer, day: date) -> None:
    draft = description.draft
    services.sign(description, as_employee=True, version=draft.version, actor=profile.user)
    services.sign(description, as_employee=False, version=description.draft.version, actor=signer)
    signed = description.versions[-1]
    signed.employee_signed_at = signed.leader_signed_at = _moment(day)
    description.next_review_on = services.next_review_for(description)
    db.session.commit()


def _individual(profile: StaffProfile, key: str, username: str) -> str:
    if EXAMPLE_FOR.get(key) == username:
        return INDIVIDUAL_EXAMPLES[key]
    teams = ", ".join(team.name for team in profile.teams)
    return f"Jobber i {teams}." if teams else ""


def seed(today: date | None = None) -> dict:
    today = today or today_in_oslo()
    users = {u.username: u for u in db.session.scalars(select(User))}
    hr = users["hr"]
    leaders: dict[int, User] = {}
    for name in ("tl1", "tl2", "tl3", "tl4"):
        for team in users[name].profile.teams:
            leaders[team.id] = users[name]
    profiles = db.session.scalars(select(StaffProfile).join(User, User.id == StaffProfile.user_id)
                                  .where(User.active.is_(True)).order_by(StaffProfile.id)).all()
    made = 0
    for profile in profiles:
        username = profile.user.username
        if username == "admin":
            continue
        signer = _signer_for(profile, leaders, hr, users["leder"])
        key = services.position_key_for(profile)
        description = services.start(profile, actor=signer, individual=_individual(profile, key, username))
        start = profile.start_date or add_months(today, -18)
        # Signed at the start, or at the last yearly review; fag3's review is a month overdue.
        if username == OVERDUE:
            signed = add_months(today, -13)
        elif username == EC_WITH_HISTORY:
            signed = add_months(today, -22)
        elif profile.role_type == "ec" and start > add_months(today, -6):
            signed = start + timedelta(days=7)
        else:
            signed = max(start, add_months(today, -(1 + profile.id % 10)))
        _sign_both(description, profile, signer, min(signed, today))
        made += 1
    _ec_history(users, today)
    return {"descriptions": made}


def _ec_history(users: dict[str, User], today: date) -> None:
    """ek1: version 1 signed 22 months ago, version 2 at the yearly review 10 months ago (a
    line on theme nights), version 3 two months ago (HKH); and now a proposal waiting for tl1."""
    ek1, tl1 = users[EC_WITH_HISTORY], users[EC_LEADER]
    description = services.description_of(ek1.profile)
    for months_ago, addition in ((10, "Har ansvar for én temasamling for ungdom hvert halvår, sammen med teamets "
                                      "psykolog."),
                                 (2, "Er med i arbeidsgruppen i neste HKH-kartlegging.")):
        draft = services.draft_of(description, actor=tl1, reason="Gjennomgang")
        texts = {s["key"]: s["text"] for s in draft.sections}
        texts[INDIVIDUAL_KEY] = (texts[INDIVIDUAL_KEY] + "\n" + addition).strip()
        services.edit_sections(draft, texts=texts, frames={s["key"] for s in draft.sections if s["frame"]},
                               version=draft.version, actor=tl1)
        _sign_both(description, ek1.profile, tl1, add_months(today, -months_ago))
    current = description.current.section(INDIVIDUAL_KEY)["text"]
    services.propose(description, section_key=INDIVIDUAL_KEY, actor=ek1,
                     text=current + "\nVil gjerne være fadder for nye likepersoner det neste halvåret.",
                     note="Jeg har lyst til å bruke erfaringen min med de nye likepersonene.")
