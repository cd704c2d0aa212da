"""Interviews: planning them with a guide version and a panel, each panel member's own
ratings, and the consolidated view.

Independence: a panel member writes notes, a rating (1-5) per question and an overall
recommendation on their own, and sees nobody else's until they have submitted theirs; after
submitting, their own are frozen. The consolidated view holds submitted ratings only. The
policy rules "recruitment.rate" and "recruitment.see_ratings" decide; this module never
returns another member's answers to a caller that has not asked the policy.
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

from flask_babel import gettext as _
from sqlalchemy import select

from outreach.audit.models import AuditKind
from outreach.audit.services import record
from outreach.auth.models import User
from outreach.core.database import check_version, commit_or_conflict
from outreach.core.forms import FieldError
from outreach.core.timeutil import OSLO, utcnow
from outreach.extensions import db
from outreach.recruitment import rules
from outreach.recruitment.models import (
    Candidate,
    GuideQuestion,
    GuideVersion,
    Interview,
    InterviewAnswer,
    Panelist,
    Vacancy,
    VacancyStatus,
)

PLACE_MAX, NOTES_MAX = 200, 10000
MIN_DURATION, MAX_DURATION = 15, 480


def starts_at(day: date, start: time) -> datetime:
    return datetime.combine(day, start, OSLO).astimezone(UTC)


def interviews_of(candidate: Candidate) -> list[Interview]:
    return list(db.session.scalars(
        select(Interview).where(Interview.candidate_id == candidate.id).order_by(Interview.starts_at, Interview.id)
    ))


def panel_choices(vacancy) -> list[tuple[User, bool]]:
    """Who may sit on an interview panel: active staff, the vacancy's leader and panel first.
    (user, already in the hiring) pairs; someone new is added to the vacancy's panel."""
    from outreach.people.services import working_staff

    rows = db.session.scalars(working_staff()).all()
    inside = vacancy.panel_ids | {vacancy.leader_id}
    return [(u, True) for u in rows if u.id in inside] + [(u, False) for u in rows if u.id not in inside]


@dataclass
class InterviewInput:
    guide_version_id: int | None
    day: date
    start: time
    duration_minutes: int
    place: str = ""
    panel_ids: list[int] = field(default_factory=list)


def _validate(candidate: Candidate, data: InterviewInput,
              interview: Interview | None) -> tuple[GuideVersion, list[User]]:
    vacancy = candidate.vacancy
    if vacancy.is_closed or vacancy.status == VacancyStatus.DRAFT:
        raise FieldError("day", _("Interviews can be planned while the vacancy is open or being filled."))
    if candidate.stage in (rules.HIRED, rules.REJECTED):
        raise FieldError("day", _("The candidate is no longer in the running."))
    version = db.session.get(GuideVersion, data.guide_version_id) if data.guide_version_id else None
    if interview is not None and data.guide_version_id == interview.guide_version_id:
        version = interview.guide_version
    elif version is None or version.is_draft or not version.guide.active:
        raise FieldError("guide_version_id", _("Choose a published interview guide."))
    if not (MIN_DURATION <= (data.duration_minutes or 0) <= MAX_DURATION):
        raise FieldError("duration_minutes", _("Between %(low)d and %(high)d minutes.", low=MIN_DURATION,
                                                high=MAX_DURATION))
    if not (date(2000, 1, 1) <= data.day <= date(2100, 12, 31)):
        raise FieldError("day", _("Not a valid date."))
    if len(data.place or "") > PLACE_MAX:
        raise FieldError("place", _("At most %(n)d characters.", n=PLACE_MAX))
    allowed = {u.id: u for u, _inside in panel_choices(vacancy)}
    chosen = sorted(set(data.panel_ids or []))
    if not chosen:
        raise FieldError("panel_ids", _("Choose at least one panel member."))
    if any(user_id not in allowed and (interview is None or user_id not in interview.panel_ids)
           for user_id in chosen):
        raise FieldError("panel_ids", _("Choose among the people listed."))
    if interview is not None:
        kept = {p.user_id for p in interview.panelists if p.submitted_at is not None}
        if kept - set(chosen):
            raise FieldError("panel_ids", _("A panel member who has submitted their ratings stays on the panel."))
        if data.guide_version_id != interview.guide_version_id and interview.panelists and any(
                p.submitted_at or _has_answers(interview, p.user_id) for p in interview.panelists):
            raise FieldError("guide_version_id", _("Ratings are written against this guide: it cannot be changed now."))
    users = [allowed.get(user_id) or db.session.get(User, user_id) for user_id in chosen]
    return version, users


def _has_answers(interview: Interview, user_id: int) -> bool:
    return db.session.scalar(select(InterviewAnswer.question_id).where(
        InterviewAnswer.interview_id == interview.id, InterviewAnswer.user_id == user_id).limit(1)) is not None


def _join_vacancy_panel(vacancy, users, actor) -> None:
    """Whoever sits on an interview panel is on the vacancy's panel: they need to see the candidate."""
    new = [u for u in users if u.id not in vacancy.panel_ids and u.id != vacancy.leader_id]
    if new:
        vacancy.panel = [*vacancy.panel, *new]
        record("recruitment.panel", obj=vacancy, actor=actor,
               summary=f"vacancy {vacancy.id}: panel +{sorted(u.id for u in new)} (interview panel)")


def plan_interview(candidate: Candidate, data: InterviewInput, *, actor) -> Interview:
    version, users = _validate(candidate, data, None)
    interview = Interview(
        candidate_id=candidate.id, guide_version_id=version.id, starts_at=starts_at(data.day, data.start),
        duration_minutes=data.duration_minutes, place=(data.place or "").strip(), created_by_id=actor.id,
        panelists=[Panelist(user_id=u.id) for u in users],
    )
    db.session.add(interview)
    _join_vacancy_panel(candidate.vacancy, users, actor)
    db.session.flush()
    record("recruitment.interview_create", obj=candidate, actor=actor,
           summary=f"candidate {candidate.id}: interview {interview.id}, guide version {version.id}, "
                   f"panel {sorted(u.id for u in users)}")
    commit_or_conflict()
    return interview


def update_interview(interview: Interview, data: InterviewInput, *, version, actor) -> None:
    check_version(interview, version)
    guide_version, users = _validate(interview.candidate, data, interview)
    interview.guide_version_id = guide_version.id
    interview.starts_at = starts_at(data.day, data.start)
    interview.duration_minutes = data.duration_minutes
    interview.place = (data.place or "").strip()
    keep = {p.user_id: p for p in interview.panelists}
    chosen = {u.id for u in users}
    for gone in [p for p in interview.panelists if p.user_id not in chosen]:
        db.session.execute(InterviewAnswer.__table__.delete().where(
            InterviewAnswer.interview_id == interview.id, InterviewAnswer.user_id == gone.user_id))
    interview.panelists = [keep.get(u.id) or Panelist(user_id=u.id) for u in users]
    _join_vacancy_panel(interview.candidate.vacancy, users, actor)
    record("recruitment.interview_update", obj=interview.candidate, actor=actor,
           summary=f"candidate {interview.candidate_id}: interview {interview.id} changed, "
                   f"panel {sorted(chosen)}")
    commit_or_conflict()


def panel_lacks_ec(interview_or_users, is_ec: bool) -> bool:
    users = [p.user for p in interview_or_users.panelists] if isinstance(interview_or_users, Interview) \
        else interview_or_users
    return rules.panel_lacks_ec(is_ec, [getattr(u.profile, "role_type", "") for u in users])


# --- one panel member's ratings -------------------------------------------------------------------


def own_answers(interview: Interview, user) -> dict[int, InterviewAnswer]:
    return {a.question_id: a for a in db.session.scalars(
        select(InterviewAnswer).where(InterviewAnswer.interview_id == interview.id, InterviewAnswer.user_id == user.id)
    )}


@dataclass
class AnswerInput:
    rating: int | None = None
    notes: str = ""
    checked: list[str] = field(default_factory=list)


def save_ratings(interview: Interview, user, answers: dict[int, AnswerInput], *, recommendation: str | None,
                 notes: str, submit: bool, actor) -> None:
    """Save `user`'s own notes and ratings; with `submit`, freeze them (a recommendation is then
    needed) and from then on the user sees the others'."""
    panelist = interview.panelist(user)
    if panelist is None:
        raise PermissionError("not on the panel")
    if panelist.submitted_at is not None:
        raise FieldError("recommendation", _("You have submitted your ratings: they can no longer be changed."))
    questions = {q.id: q for q in interview.guide_version.questions}
    errors = {}
    for question_id, answer in answers.items():
        if question_id not in questions:
            raise FieldError("recommendation", _("The form does not match the interview's guide. Reload the page."))
        if answer.rating is not None and not (1 <= answer.rating <= 5):
            errors[question_id] = _("A rating from 1 to 5.")
        if len(answer.notes or "") > NOTES_MAX:
            errors[question_id] = _("At most %(n)d characters.", n=NOTES_MAX)
        if set(answer.checked or []) - set(questions[question_id].checklist or []):
            errors[question_id] = _("Tick among the items listed.")
    if errors:
        raise RatingErrors(errors)
    if recommendation not in (None, "", *rules.RECOMMENDATIONS):
        raise FieldError("recommendation", _("Choose a recommendation."))
    if submit and not recommendation:
        raise FieldError("recommendation", _("Give your overall recommendation before you submit."))
    if len(notes or "") > NOTES_MAX:
        raise FieldError("notes", _("At most %(n)d characters.", n=NOTES_MAX))
    saved = own_answers(interview, user)
    for question_id, answer in answers.items():
        row = saved.get(question_id)
        if row is None:
            if answer.rating is None and not (answer.notes or "").strip() and not answer.checked:
                continue
            row = InterviewAnswer(interview_id=interview.id, user_id=user.id, question_id=question_id)
            db.session.add(row)
        row.rating = answer.rating
        row.notes = (answer.notes or "").strip()
        row.checked = [item for item in questions[question_id].checklist if item in set(answer.checked or [])]
    panelist.recommendation = recommendation or None
    panelist.notes = (notes or "").strip()
    if submit:
        panelist.submitted_at = utcnow()
    rated = sum(1 for a in answers.values() if a.rating is not None)
    record("recruitment.interview_rate", obj=interview.candidate, actor=actor,
           summary=f"candidate {interview.candidate_id}: interview {interview.id}: {rated} rating(s)"
                   + (", submitted" if submit else ", saved"))
    commit_or_conflict()


class RatingErrors(Exception):
    """Some answers are not valid: {question id: message}."""

    def __init__(self, errors: dict[int, str]):
        super().__init__(errors)
        self.errors = errors


# --- the consolidated view ------------------------------------------------------------------------


@dataclass
class QuestionSpread:
    question: GuideQuestion
    answers: list[tuple[Panelist, InterviewAnswer | None]]
    spread: rules.Spread

    @property
    def disagrees(self) -> bool:
        return self.spread.disagrees()


@dataclass
class Consolidated:
    submitted: list[Panelist]
    waiting: list[Panelist]
    questions: list[QuestionSpread]
    split: bool

    @property
    def disagreements(self) -> int:
        return sum(1 for q in self.questions if q.disagrees)


def consolidated(interview: Interview) -> Consolidated:
    """The submitted ratings side by side: the caller has asked "recruitment.see_ratings"."""
    submitted = sorted((p for p in interview.panelists if p.submitted_at is not None),
                       key=lambda p: p.user.full_name)
    waiting = sorted((p for p in interview.panelists if p.submitted_at is None), key=lambda p: p.user.full_name)
    ids = [p.user_id for p in submitted]
    answers: dict[tuple[int, int], InterviewAnswer] = {}
    if ids:
        for row in db.session.scalars(select(InterviewAnswer).where(
                InterviewAnswer.interview_id == interview.id, InterviewAnswer.user_id.in_(ids))):
            answers[(row.question_id, row.user_id)] = row
    questions = []
    for question in interview.guide_version.questions:
        pairs = [(p, answers.get((question.id, p.user_id))) for p in submitted]
        questions.append(QuestionSpread(question, pairs, rules.spread(a.rating for _p, a in pairs if a)))
    return Consolidated(submitted, waiting, questions, rules.recommendations_split(p.recommendation for p in submitted))


def log_ratings_read(interview: Interview, reader, *, lived_experience: bool) -> None:
    """Reading the panel's notes is reading the candidate; notes on lived-experience questions
    are logged as such too."""
    candidate = interview.candidate
    record("recruitment.candidate_read", kind=AuditKind.READ, obj=candidate, actor=reader,
           summary=f"candidate {candidate.id}: interview {interview.id} ratings")
    if lived_experience:
        record("recruitment.experience_read", kind=AuditKind.READ, obj=candidate, actor=reader,
               summary=f"candidate {candidate.id}: interview {interview.id}, answers on lived experience")
    db.session.commit()


def to_rate(user, limit: int = 10) -> list:
    """Interviews `user` sits on and has not submitted ratings for, the earliest first: rows of
    (id, starts_at, place, vacancy_title), what Min side shows; one query (as objects they
    would bring their guide, panel and vacancy in six)."""
    return db.session.execute(
        select(Interview.id, Interview.starts_at, Interview.place, Vacancy.title.label("vacancy_title"))
        .join(Panelist, Panelist.interview_id == Interview.id)
        .join(Candidate, Candidate.id == Interview.candidate_id)
        .join(Vacancy, Vacancy.id == Candidate.vacancy_id)
        .where(Panelist.user_id == user.id, Panelist.submitted_at.is_(None),
               Candidate.stage.not_in([rules.HIRED, rules.REJECTED]))
        .order_by(Interview.starts_at, Interview.id).limit(limit)
    ).all()
