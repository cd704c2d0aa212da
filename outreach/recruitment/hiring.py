"""Hiring a candidate, and the new colleague's onboarding plan.

Hiring, in one transaction: the candidate moves to "hired", an account and a staff profile
are made (start date, team, the position's role and title, position percentage and contract
from the vacancy, the buddy, for an EC the supervisor), and an onboarding plan is drawn from
the template: buddy, training, the talks with the leader after two and five months, for ECs
the extended supervision offer (004:1190-1206). When the vacancy's positions are all filled,
the vacancy is marked filled. The candidate's lived experience is not copied to the profile:
the new colleague enters their own, if they want to.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.exc import StaleDataError

from outreach.audit.services import record
from outreach.auth import services as accounts
from outreach.auth.models import Role, User
from outreach.core.database import commit_or_conflict
from outreach.core.forms import ConflictError, FieldError
from outreach.core.timeutil import today_in_oslo, utcnow
from outreach.extensions import db
from outreach.people.models import StaffProfile, Team
from outreach.people.positions import POSITIONS
from outreach.recruitment import candidates, rules
from outreach.recruitment.models import (
    Candidate,
    OnboardingItem,
    OnboardingPlan,
    OnboardingTemplateItem,
    VacancyStatus,
)
from outreach.recruitment.vacancies import hired_count

DUE_SOON_DAYS = 14  # items due within two weeks (or overdue) show on the start pages


@dataclass
class HireInput:
    username: str
    email: str = ""
    start_date: date | None = None
    team_id: int | None = None
    buddy_id: int | None = None
    supervisor_id: int | None = None


def buddy_choices(team_id: int | None = None) -> list[StaffProfile]:
    """Active colleagues who can be a buddy, the team's own first."""
    profiles = db.session.scalars(
        select(StaffProfile).join(User, User.id == StaffProfile.user_id).where(User.active.is_(True))
        .order_by(User.full_name, User.id).options(selectinload(StaffProfile.teams))
    ).all()
    return sorted(profiles, key=lambda p: team_id not in p.team_ids)


def supervisor_choices() -> list[User]:
    from outreach.auth.models import UserRole

    return list(db.session.scalars(
        select(User).join(UserRole).where(UserRole.role == Role.SUPERVISOR.value, User.active.is_(True))
        .order_by(User.full_name, User.id)
    ))


def _validate(candidate: Candidate, data: HireInput) -> tuple[Team, StaffProfile | None, User | None]:
    vacancy = candidate.vacancy
    if candidate.stage == rules.HIRED:  # the pipeline's answer ("already at that stage") would puzzle here
        raise FieldError("start_date", _("The candidate is already hired."))
    refusal = rules.move_refusal(candidate.stage, rules.HIRED, candidates.move_context(candidate, via_hiring=True))
    if refusal:
        raise FieldError("start_date", str(candidates.MOVE_REFUSALS[refusal]))
    if hired_count(vacancy) >= vacancy.positions:
        raise FieldError("start_date", _("All the vacancy's positions are filled."))
    if data.start_date is None:
        raise FieldError("start_date", _("Give the start date."))
    today = today_in_oslo()
    if not (today - timedelta(days=31) <= data.start_date <= today + timedelta(days=366)):
        raise FieldError("start_date", _("A start date from a month ago to a year ahead."))
    team = db.session.get(Team, data.team_id) if data.team_id else None
    if team is None or not team.active:
        raise FieldError("team_id", _("Choose a team."))
    buddy = db.session.get(StaffProfile, data.buddy_id) if data.buddy_id else None
    if data.buddy_id and (buddy is None or not buddy.user.active):
        raise FieldError("buddy_id", _("Choose a buddy among the people listed."))
    supervisor = db.session.get(User, data.supervisor_id) if data.supervisor_id else None
    if data.supervisor_id and supervisor not in supervisor_choices():
        raise FieldError("supervisor_id", _("Choose a supervisor among the people listed."))
    if POSITIONS[vacancy.position_key].role_type == "ec" and supervisor is None:
        raise FieldError("supervisor_id", _("A new experience consultant gets extended supervision: choose the "
                                            "supervisor."))
    return team, buddy, supervisor


def hire(candidate: Candidate, data: HireInput, *, actor) -> tuple[User, str, OnboardingPlan]:
    """Hire the candidate: returns the new account, its first password (shown once) and the plan.
    Someone moving the candidate or changing the vacancy meanwhile is a ConflictError."""
    team, buddy, supervisor = _validate(candidate, data)
    try:
        return _hire(candidate, data, team, buddy, supervisor, actor)
    except StaleDataError as error:  # a flush before the commit met the other change
        db.session.rollback()
        raise ConflictError() from error


def _hire(candidate: Candidate, data: HireInput, team: Team, buddy: StaffProfile | None, supervisor: User | None,
          actor) -> tuple[User, str, OnboardingPlan]:
    vacancy = candidate.vacancy
    position = POSITIONS[vacancy.position_key]
    user, password = accounts.create_user(
        username=data.username, full_name=candidate.full_name, roles=list(position.roles),
        email=(data.email or candidate.email or "").strip() or None, role_type=position.role_type,
        team_ids=[team.id], actor=actor, commit=False,
    )
    profile = user.profile
    profile.title = position.title
    profile.discipline = position.discipline
    profile.position_percentage = vacancy.position_percentage
    profile.contract = vacancy.contract
    profile.start_date = data.start_date
    profile.buddy_id = buddy.id if buddy else None
    profile.supervisor_id = supervisor.id if supervisor else None
    if candidate.phone:
        profile.phone = candidate.phone[:30]
    candidates.move(candidate, rules.HIRED, actor=actor, via_hiring=True, commit=False)
    candidate.hired_user_id = user.id
    plan = OnboardingPlan(staff_id=profile.id, vacancy_id=vacancy.id, start_date=data.start_date,
                          leader_id=vacancy.leader_id, buddy_id=profile.buddy_id,
                          items=plan_items(position.role_type, data.start_date))
    db.session.add(plan)
    db.session.flush()
    if hired_count(vacancy) >= vacancy.positions and vacancy.status != VacancyStatus.FILLED:
        before = vacancy.status
        vacancy.status, vacancy.closed_at = VacancyStatus.FILLED.value, utcnow()
        record("recruitment.vacancy_status", obj=vacancy, actor=actor,
               summary=f"vacancy {vacancy.id}: {before} -> filled (all positions hired)")
    record("recruitment.hire", obj=candidate, subject_user_id=user.id, actor=actor,
           summary=f"candidate {candidate.id} hired as user {user.id}, starts {data.start_date.isoformat()}, "
                   f"onboarding plan {plan.id} with {len(plan.items)} items")
    commit_or_conflict()
    return user, password, plan


def template_items(role_type: str) -> list[OnboardingTemplateItem]:
    items = db.session.scalars(
        select(OnboardingTemplateItem).where(OnboardingTemplateItem.active.is_(True))
        .order_by(OnboardingTemplateItem.position, OnboardingTemplateItem.id)
    )
    return [item for item in items if rules.applies_to(item.role_types or [], role_type)]


def plan_items(role_type: str, start: date) -> list[OnboardingItem]:
    return [OnboardingItem(title=item.title, owner=item.owner,
                           due_date=rules.onboarding_due(start, item.offset_months, item.offset_days))
            for item in template_items(role_type)]


# --- following the plan ---------------------------------------------------------------------------


def set_done(item: OnboardingItem, done: bool, *, actor) -> None:
    if done == (item.done_at is not None):
        return
    item.done_at = utcnow() if done else None
    item.done_by_id = actor.id if done else None
    record("recruitment.onboarding_item", obj=item.plan, subject_user_id=item.plan.staff.user_id, actor=actor,
           summary=f"onboarding plan {item.plan_id}: item {item.id} {'done' if done else 'not done'}")
    db.session.commit()


def due_items(user, *, today: date | None = None, days: int = DUE_SOON_DAYS) -> list[OnboardingItem]:
    """Open items due within `days` (or overdue) of the plans `user` follows: their own as a
    new colleague, and those they lead."""
    today = today or today_in_oslo()
    own = select(StaffProfile.id).where(StaffProfile.user_id == user.id)
    return list(db.session.scalars(
        select(OnboardingItem).join(OnboardingPlan)
        .options(joinedload(OnboardingItem.plan).joinedload(OnboardingPlan.staff))
        .where(OnboardingItem.done_at.is_(None), OnboardingItem.due_date <= today + timedelta(days=days),
               or_(OnboardingPlan.leader_id == user.id, OnboardingPlan.staff_id.in_(own)))
        .order_by(OnboardingItem.due_date, OnboardingItem.id).limit(20)
    ))


def plans_followed_query(user):
    """The plans `user` follows (as leader, buddy or HR) or is the subject of, the newest first:
    a select for db.paginate (HR's list grows with the years)."""
    query = select(OnboardingPlan).options(joinedload(OnboardingPlan.staff), joinedload(OnboardingPlan.leader),
                                           joinedload(OnboardingPlan.buddy))
    if not user.has_role(Role.HR):
        own = select(StaffProfile.id).where(StaffProfile.user_id == user.id)
        query = query.where(or_(OnboardingPlan.leader_id == user.id, OnboardingPlan.staff_id.in_(own),
                                OnboardingPlan.buddy_id.in_(own)))
    return query.order_by(OnboardingPlan.start_date.desc(), OnboardingPlan.id.desc())


def plans_followed(user) -> list[OnboardingPlan]:
    return list(db.session.scalars(plans_followed_query(user)))
