"""Needs mappings and vacancies: validate, write, audit, commit.

A needs mapping (what the team needs, which lived experience, which responsibilities)
produces a draft vacancy whose ad text starts from the position (`ad_text.starting_text`).
A vacancy moves through its statuses by `recruitment.rules`; an EC vacancy carries the
hiring checklist and warns while it is incomplete. Audit summaries name ids, statuses and
dates, never a candidate.
"""

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import case, func, or_, select

from outreach.audit.services import record
from outreach.auth.models import Role, User
from outreach.auth.policy import leads_team
from outreach.core.database import check_version, commit_or_conflict
from outreach.core.forms import FieldError
from outreach.core.timeutil import today_in_oslo, utcnow
from outreach.extensions import db
from outreach.people.models import EXPERIENCE_LABELS, Area, Team
from outreach.people.positions import POSITIONS, is_ec_position
from outreach.people.services import working_staff
from outreach.recruitment import ad_text, rules
from outreach.recruitment.models import (
    CONTRACT_CHOICES,
    Candidate,
    ChecklistTemplateItem,
    HiringNeed,
    Vacancy,
    VacancyCheckItem,
    VacancyStatus,
    vacancy_panel,
)

TITLE_MAX = 200
AD_TEXT_MAX = 20000

STATUS_REFUSALS = {
    "unknown_status": _l("That is not a status a vacancy can have."),
    "closed": _l("The vacancy is closed: its status can no longer change."),
    "not_next": _l("The vacancy cannot go straight to that status."),
    "ad_text_needed": _l("Write the ad text before the vacancy is opened."),
    "deadline_needed": _l("Set an application deadline, today or later, before the vacancy is opened."),
    "has_candidates": _l("The vacancy has candidates: it cannot go back to draft."),
    "nobody_hired": _l("Nobody is hired yet: hire a candidate before the vacancy is marked filled."),
}


# --- who sees which vacancy ---------------------------------------------------------------------


def visible_to(user):
    """Vacancies `user` takes part in the hiring of (policy.in_hiring in SQL), or None for all."""
    if user.has_role(Role.HR):
        return None
    on_panel = select(vacancy_panel.c.vacancy_id).where(vacancy_panel.c.user_id == user.id)
    return or_(Vacancy.leader_id == user.id, Vacancy.id.in_(on_panel))


@dataclass
class VacancyFilter:
    text: str = ""
    status: str = ""
    team_id: int | None = None


def vacancy_list(user, filters: VacancyFilter | None = None):
    """The vacancies `user` may see, the newest first (a select for db.paginate)."""
    filters = filters or VacancyFilter()
    query = select(Vacancy)
    visible = visible_to(user)
    if visible is not None:
        query = query.where(visible)
    if filters.status in {s.value for s in VacancyStatus}:
        query = query.where(Vacancy.status == filters.status)
    if filters.team_id:
        query = query.where(Vacancy.team_id == filters.team_id)
    if filters.text.strip():
        query = query.where(func.lower(Vacancy.title).contains(filters.text.strip().lower(), autoescape=True))
    return query.order_by(Vacancy.created_at.desc(), Vacancy.id.desc())


def candidate_counts(vacancy_ids) -> dict[int, dict[str, int]]:
    """{vacancy id: {stage: count}} in one query, for the list and the start page."""
    counts: dict[int, dict[str, int]] = {}
    if not vacancy_ids:
        return counts
    rows = db.session.execute(
        select(Candidate.vacancy_id, Candidate.stage, func.count())
        .where(Candidate.vacancy_id.in_(list(vacancy_ids))).group_by(Candidate.vacancy_id, Candidate.stage)
    )
    for vacancy_id, stage, count in rows:
        counts.setdefault(vacancy_id, {})[stage] = count
    return counts


def leader_choices() -> list[User]:
    """Who can be a vacancy's leader: active accounts with the leader role."""
    from outreach.auth.models import UserRole

    return list(db.session.scalars(
        select(User).join(UserRole).where(UserRole.role == Role.LEADER.value, User.active.is_(True))
        .order_by(func.lower(User.full_name), User.id)
    ))


def team_choices(user) -> list[Team]:
    """The teams `user` may hire for: all for HR, their own teams for a leader."""
    teams = db.session.scalars(select(Team).where(Team.active.is_(True)).order_by(Team.name)).all()
    return [t for t in teams if user.has_role(Role.HR) or leads_team(user, t)]


# --- the needs mapping ----------------------------------------------------------------------------


@dataclass
class NeedInput:
    team_id: int | None
    position_key: str
    title: str = ""
    area_id: int | None = None
    environment: str = ""
    experience_codes: list[str] | None = None
    responsibilities: str = ""
    reason: str = ""
    position_percentage: int | None = 100
    contract: str = "permanent"
    deadline: date | None = None
    leader_id: int | None = None


def _validate_need(data: NeedInput, user) -> tuple[Team, Area | None, User]:
    team = db.session.get(Team, data.team_id) if data.team_id else None
    if team is None or team not in team_choices(user):
        raise FieldError("team_id", _("Choose one of your teams."))
    if data.position_key not in POSITIONS:
        raise FieldError("position_key", _("Choose a position."))
    area = None
    if data.area_id:
        area = db.session.get(Area, data.area_id)
        if area is None or area.team_id != team.id:
            raise FieldError("area_id", _("Choose an area of the team."))
    if set(data.experience_codes or []) - set(EXPERIENCE_LABELS):
        raise FieldError("experience_codes", _("Choose among the areas listed."))
    if data.position_percentage is None or not (1 <= data.position_percentage <= 100):
        raise FieldError("position_percentage", _("A percentage from 1 to 100."))
    if data.contract not in CONTRACT_CHOICES:
        raise FieldError("contract", _("Choose the kind of position."))
    if data.deadline is not None and data.deadline < today_in_oslo():
        raise FieldError("deadline", _("The deadline cannot be in the past."))
    leader = _leader(data.leader_id, user)
    return team, area, leader


def _leader(leader_id: int | None, user) -> User:
    """The vacancy's leader: chosen by HR, or the leader themselves."""
    if leader_id is None and user.has_role(Role.LEADER):
        return user
    leader = db.session.get(User, leader_id) if leader_id else None
    if leader is None or leader not in leader_choices():
        raise FieldError("leader_id", _("Choose the leader responsible for this hiring."))
    if not user.has_role(Role.HR) and leader.id != user.id:
        raise FieldError("leader_id", _("Only HR can make another leader responsible."))
    return leader


def map_need(data: NeedInput, *, actor) -> Vacancy:
    """Save a needs mapping and the draft vacancy it produces."""
    team, area, leader = _validate_need(data, actor)
    position = POSITIONS[data.position_key]
    title = (data.title or "").strip() or f"{position.title}, {team.name}"
    if len(title) > TITLE_MAX:
        raise FieldError("title", _("At most %(n)d characters.", n=TITLE_MAX))
    need = HiringNeed(
        team_id=team.id, position_key=data.position_key, area_id=area.id if area else None,
        environment=(data.environment or "").strip(), experience_codes=sorted(set(data.experience_codes or [])),
        responsibilities=(data.responsibilities or "").strip(), reason=(data.reason or "").strip(),
        position_percentage=data.position_percentage, contract=data.contract, created_by_id=actor.id,
    )
    db.session.add(need)
    db.session.flush()
    vacancy = Vacancy(
        need_id=need.id, title=title, team_id=team.id, position_key=data.position_key, leader_id=leader.id,
        status=VacancyStatus.DRAFT.value, deadline=data.deadline, position_percentage=data.position_percentage,
        contract=data.contract, ad_text=ad_text.starting_text(need, team, area, title),
    )
    if is_ec_position(data.position_key):
        items = db.session.scalars(
            select(ChecklistTemplateItem).where(ChecklistTemplateItem.active.is_(True))
            .order_by(ChecklistTemplateItem.position, ChecklistTemplateItem.id)
        )
        vacancy.checklist = [VacancyCheckItem(text=item.text, position=i) for i, item in enumerate(items)]
    db.session.add(vacancy)
    db.session.flush()
    record("recruitment.need_create", obj=need, actor=actor,
           summary=f"need {need.id}: {data.position_key} on team {team.id}, {data.position_percentage} %")
    record("recruitment.vacancy_create", obj=vacancy, actor=actor,
           summary=f"vacancy {vacancy.id} from need {need.id}, leader {leader.id}")
    commit_or_conflict()
    return vacancy


# --- the vacancy ----------------------------------------------------------------------------------


@dataclass
class VacancyInput:
    title: str
    deadline: date | None
    ad_text: str
    position_percentage: int | None
    contract: str
    positions: int | None
    leader_id: int | None = None


def update_vacancy(vacancy: Vacancy, data: VacancyInput, *, version, actor) -> None:
    check_version(vacancy, version)
    if vacancy.is_closed:
        raise FieldError("title", _("The vacancy is closed: it can no longer be changed."))
    title = (data.title or "").strip()
    if not title:
        raise FieldError("title", _("Give the vacancy a title."))
    if len(title) > TITLE_MAX:
        raise FieldError("title", _("At most %(n)d characters.", n=TITLE_MAX))
    if len(data.ad_text or "") > AD_TEXT_MAX:
        raise FieldError("ad_text", _("At most %(n)d characters.", n=AD_TEXT_MAX))
    if data.deadline is not None and data.deadline < today_in_oslo() and data.deadline != vacancy.deadline:
        raise FieldError("deadline", _("The deadline cannot be in the past."))
    if data.position_percentage is None or not (1 <= data.position_percentage <= 100):
        raise FieldError("position_percentage", _("A percentage from 1 to 100."))
    if data.contract not in CONTRACT_CHOICES:
        raise FieldError("contract", _("Choose the kind of position."))
    if data.positions is None or not (1 <= data.positions <= 20):
        raise FieldError("positions", _("From 1 to 20 positions."))
    if data.leader_id is not None and data.leader_id != vacancy.leader_id:
        vacancy.leader_id = _leader(data.leader_id, actor).id
    vacancy.title = title
    vacancy.deadline = data.deadline
    vacancy.ad_text = (data.ad_text or "").strip()
    vacancy.position_percentage = data.position_percentage
    vacancy.contract = data.contract
    vacancy.positions = data.positions
    record("recruitment.vacancy_update", obj=vacancy, actor=actor, summary=f"vacancy {vacancy.id} changed")
    commit_or_conflict()


def hired_count(vacancy: Vacancy) -> int:
    return db.session.scalar(select(func.count()).where(Candidate.vacancy_id == vacancy.id,
                                                        Candidate.stage == rules.HIRED)) or 0


def _facts(vacancy: Vacancy, candidates=None) -> rules.VacancyFacts:
    """`candidates`: all the vacancy's candidates when they are loaded already (the board),
    counted here rather than again in SQL."""
    if candidates is None:
        count, hired = db.session.execute(
            select(func.count(), func.count(case((Candidate.stage == rules.HIRED, 1))))
            .where(Candidate.vacancy_id == vacancy.id)).one()
    else:
        count, hired = len(candidates), sum(c.stage == rules.HIRED for c in candidates)
    return rules.VacancyFacts(deadline=vacancy.deadline, ad_text=vacancy.ad_text or "", candidates=count,
                              hired=hired, positions=vacancy.positions)


def status_options(vacancy: Vacancy, candidates=None) -> list[tuple[str, str | None]]:
    """The statuses the vacancy could go to next, each with why not (None if it may).
    `candidates` as for _facts."""
    facts, today = _facts(vacancy, candidates), today_in_oslo()
    order = list(rules.VACANCY_NEXT)
    return [(target, rules.status_refusal(vacancy.status, target, facts, today))
            for target in sorted(rules.VACANCY_NEXT.get(vacancy.status, set()), key=order.index)]


def set_status(vacancy: Vacancy, target: str, *, version, actor) -> None:
    """Move the vacancy to `target`, or FieldError("status", why not)."""
    check_version(vacancy, version)
    refusal = rules.status_refusal(vacancy.status, target, _facts(vacancy), today_in_oslo())
    if refusal:
        raise FieldError("status", str(STATUS_REFUSALS[refusal]))
    before = vacancy.status
    vacancy.status = target
    if target == VacancyStatus.OPEN and vacancy.opened_at is None:
        vacancy.opened_at = utcnow()
    if target in (VacancyStatus.FILLED, VacancyStatus.CANCELLED):
        vacancy.closed_at = utcnow()
    record("recruitment.vacancy_status", obj=vacancy, actor=actor,
           summary=f"vacancy {vacancy.id}: {before} -> {target}")
    commit_or_conflict()


# --- the hiring checklist -------------------------------------------------------------------------


def checklist_open(vacancy: Vacancy) -> int:
    return rules.checklist_incomplete([item.done_at is not None for item in vacancy.checklist])


def tick(item: VacancyCheckItem, done: bool, *, actor) -> None:
    if item.vacancy.is_closed or done == (item.done_at is not None):
        return
    item.done_at = utcnow() if done else None
    item.done_by_id = actor.id if done else None
    record("recruitment.checklist", obj=item.vacancy, actor=actor,
           summary=f"vacancy {item.vacancy_id}: checklist item {item.id} {'done' if done else 'not done'}")
    db.session.commit()


# --- the panel ------------------------------------------------------------------------------------


def panel_choices(vacancy: Vacancy) -> list[tuple[int, str]]:
    """Who may sit on the panel, as (id, name): `working_staff`, except the vacancy's leader (who
    sees it all anyway). Plain rows: the form lists the whole service, and users as ORM objects
    would bring their roles and teams along (about 800 people, most of the page's time)."""
    return [(row.id, row.full_name) for row in db.session.execute(
        working_staff().with_only_columns(User.id, User.full_name).where(User.id != vacancy.leader_id))]


def set_panel(vacancy: Vacancy, user_ids: list[int], *, version, actor) -> None:
    check_version(vacancy, version)
    allowed = {user_id for user_id, _name in panel_choices(vacancy)} | vacancy.panel_ids
    if any(user_id not in allowed for user_id in user_ids):
        raise FieldError("panel", _("Choose among the people listed."))
    before = vacancy.panel_ids
    chosen = sorted(set(user_ids))
    users = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(chosen)))} if chosen else {}
    vacancy.panel = [users[user_id] for user_id in chosen]
    added, removed = set(user_ids) - before, before - set(user_ids)
    record("recruitment.panel", obj=vacancy, actor=actor,
           summary=f"vacancy {vacancy.id}: panel +{sorted(added)} -{sorted(removed)}")
    commit_or_conflict()


def panel_lacks_ec(vacancy: Vacancy, users) -> bool:
    return rules.panel_lacks_ec(vacancy.is_ec, [getattr(u.profile, "role_type", "") for u in users])
