"""Candidates: registering applicants, moving them through the pipeline, comments, and the
log of who read them.

Every read of a candidate (the page, a card on the board, the printed interview sheet) is a
READ row in the audit log naming the candidate's id, never their name: the audit log
outlives the candidate, whose data the retention purge deletes. Lived experience stated in
an application is logged as a read of its own.
"""

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import defer, lazyload, selectinload

from outreach.audit.models import AuditEvent, AuditKind
from outreach.audit.services import commit_after_response, record, record_reads
from outreach.core.database import check_version, commit_or_conflict
from outreach.core.forms import FieldError
from outreach.core.timeutil import today_in_oslo, utcnow
from outreach.extensions import db
from outreach.people.models import EXPERIENCE_LABELS
from outreach.recruitment import rules
from outreach.recruitment.models import (
    GENDER_LABELS,
    Candidate,
    CandidateComment,
    ReferenceCheck,
    Vacancy,
    VacancyStatus,
)

NAME_MAX, COMMENT_MAX = 200, 5000

MOVE_REFUSALS = {
    "unknown_stage": _l("That is not a stage of the pipeline."),
    "same_stage": _l("The candidate is already at that stage."),
    "vacancy_closed": _l("The vacancy is closed: its candidates can no longer be moved."),
    "vacancy_draft": _l("The vacancy is still a draft: open it first."),
    "hired_is_final": _l("The candidate is hired: that cannot be undone here."),
    "reopen_to_where_rejected": _l("A rejected candidate can only be taken back to the stage they were rejected at."),
    "reason_needed": _l("Choose why the candidate is rejected."),
    "hire_through_form": _l("Hire from the candidate's page: it makes the staff profile and the onboarding plan."),
    "references_needed": _l("Check at least one reference before making an offer."),
    "not_next": _l("The candidate cannot go straight to that stage."),
}


# --- reading ------------------------------------------------------------------------------------


def log_reads(candidates, reader, where: str) -> None:
    """One READ row per candidate shown."""
    record_reads("recruitment.candidate_read",
                 [(c, None, f"candidate {c.id} of vacancy {c.vacancy_id}: {where}") for c in candidates], actor=reader)


def log_experience_read(candidate: Candidate, reader, where: str) -> None:
    record("recruitment.experience_read", kind=AuditKind.READ, obj=candidate, actor=reader,
           summary=f"candidate {candidate.id}: lived experience ({where})")
    commit_after_response()


def reads_of(candidate: Candidate, limit: int = 50) -> list[AuditEvent]:
    """Who has read this candidate, the latest first (for HR: a candidate may ask)."""
    return list(db.session.scalars(
        select(AuditEvent).where(AuditEvent.object_type == Candidate.__tablename__,
                                 AuditEvent.object_id == str(candidate.id), AuditEvent.kind == AuditKind.READ.value)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit)
    ))


def board(vacancy: Vacancy) -> dict[str, list[Candidate]]:
    """The vacancy's candidates by stage, in pipeline order, the longest waiting first."""
    # The vacancy is in the session already: not joined again on every row (with its team,
    # leader and panel), a candidate's `vacancy` is found in the identity map. The board never
    # shows the lived experience (special-category data): it is not read.
    candidates = db.session.scalars(
        select(Candidate).where(Candidate.vacancy_id == vacancy.id)
        .order_by(Candidate.stage_changed_at, Candidate.id)
        .options(lazyload(Candidate.vacancy), defer(Candidate.experience_codes))
    )
    columns: dict[str, list[Candidate]] = {stage: [] for stage in rules.STAGES}
    for candidate in candidates:
        columns.setdefault(candidate.stage, []).append(candidate)
    return columns


def references_done(candidate: Candidate) -> int:
    return db.session.scalar(select(func.count()).where(
        ReferenceCheck.candidate_id == candidate.id, ReferenceCheck.checked_on.is_not(None))) or 0


def references_done_on(vacancy: Vacancy) -> dict[int, int]:
    """{candidate id: checked references} for the vacancy's candidates, in one query, for the
    board (by the vacancy: not a parameter per candidate)."""
    return dict(db.session.execute(
        select(ReferenceCheck.candidate_id, func.count())
        .join(Candidate, Candidate.id == ReferenceCheck.candidate_id)
        .where(Candidate.vacancy_id == vacancy.id, ReferenceCheck.checked_on.is_not(None))
        .group_by(ReferenceCheck.candidate_id)
    ).all())


def move_context(candidate: Candidate, *, reason: str | None = None, via_hiring: bool = False) -> rules.MoveContext:
    vacancy = candidate.vacancy
    return rules.MoveContext(
        vacancy_closed=vacancy.is_closed, vacancy_draft=vacancy.status == VacancyStatus.DRAFT,
        references_done=references_done(candidate), reason=reason, rejected_from=candidate.rejected_from,
        via_hiring=via_hiring,
    )


def _moves_context(vacancy: Vacancy, candidate: Candidate, references: int) -> rules.MoveContext:
    return rules.MoveContext(
        vacancy_closed=vacancy.is_closed, vacancy_draft=vacancy.status == VacancyStatus.DRAFT,
        references_done=references, rejected_from=candidate.rejected_from,
    )


def moves_for(candidate: Candidate) -> list[str]:
    """Where the candidate may be moved."""
    return rules.allowed_moves(candidate.stage,
                               _moves_context(candidate.vacancy, candidate, references_done(candidate)))


def moves_on_board(vacancy: Vacancy, shown, references: dict[int, int]) -> dict[int, list[str]]:
    """moves_for of each of the vacancy's candidates `shown`: the rules asked once per distinct
    case (a board of a hundred cards has a handful), not once per card."""
    asked: dict[tuple, list[str]] = {}
    moves = {}
    for candidate in shown:
        context = _moves_context(vacancy, candidate, references.get(candidate.id, 0))
        key = (candidate.stage, context)
        if key not in asked:
            asked[key] = rules.allowed_moves(candidate.stage, context)
        moves[candidate.id] = asked[key]
    return moves


# --- registering ----------------------------------------------------------------------------------


@dataclass
class CandidateInput:
    full_name: str
    email: str = ""
    phone: str = ""
    birth_year: int | None = None
    occupation: str = ""
    municipality: str = ""
    gender: str = ""
    public_exempt: bool = False
    experience_codes: list[str] | None = None
    received_on: date | None = None


def _clean(data: CandidateInput) -> CandidateInput:
    name = (data.full_name or "").strip()
    if not name:
        raise FieldError("full_name", _("Write the candidate's name."))
    if len(name) > NAME_MAX:
        raise FieldError("full_name", _("At most %(n)d characters.", n=NAME_MAX))
    today = today_in_oslo()
    if data.birth_year is not None and not (today.year - 100 <= data.birth_year <= today.year - 15):
        raise FieldError("birth_year", _("A year between %(first)d and %(last)d.", first=today.year - 100,
                                         last=today.year - 15))
    if data.gender not in GENDER_LABELS:
        raise FieldError("gender", _("Choose among the options."))
    if set(data.experience_codes or []) - set(EXPERIENCE_LABELS):
        raise FieldError("experience_codes", _("Choose among the areas listed."))
    received = data.received_on or today
    if received > today:
        raise FieldError("received_on", _("The application cannot be received in the future."))
    data.full_name, data.received_on = name, received
    data.email, data.phone = (data.email or "").strip(), (data.phone or "").strip()
    data.occupation, data.municipality = (data.occupation or "").strip(), (data.municipality or "").strip()
    return data


def add_candidate(vacancy: Vacancy, data: CandidateInput, *, actor) -> Candidate:
    if vacancy.is_closed or vacancy.status == VacancyStatus.DRAFT:
        raise FieldError("full_name", _("Candidates can be registered while the vacancy is open or being filled."))
    data = _clean(data)
    candidate = Candidate(
        vacancy_id=vacancy.id, full_name=data.full_name, email=data.email, phone=data.phone,
        birth_year=data.birth_year, occupation=data.occupation, municipality=data.municipality, gender=data.gender,
        public_exempt=bool(data.public_exempt), experience_codes=sorted(set(data.experience_codes or [])),
        received_on=data.received_on, stage=rules.RECEIVED,
    )
    db.session.add(candidate)
    db.session.flush()
    record("recruitment.candidate_create", obj=candidate, actor=actor,
           summary=f"candidate {candidate.id} on vacancy {vacancy.id}")
    commit_or_conflict()
    return candidate


def update_candidate(candidate: Candidate, data: CandidateInput, *, version, actor) -> None:
    check_version(candidate, version)
    data = _clean(data)
    for name in ("full_name", "email", "phone", "birth_year", "occupation", "municipality", "gender",
                 "received_on"):
        setattr(candidate, name, getattr(data, name))
    candidate.public_exempt = bool(data.public_exempt)
    candidate.experience_codes = sorted(set(data.experience_codes or []))
    record("recruitment.candidate_update", obj=candidate, actor=actor, summary=f"candidate {candidate.id} changed")
    commit_or_conflict()


# --- the pipeline ---------------------------------------------------------------------------------


def move(candidate: Candidate, target: str, *, reason: str | None = None, version=None, actor,
         via_hiring: bool = False, commit: bool = True) -> None:
    """Move the candidate to `target`, or FieldError("stage", why not). `version` (optional)
    is the candidate's version the mover saw: another move in between is a conflict."""
    if version is not None:
        check_version(candidate, version)
    refusal = rules.move_refusal(candidate.stage, target, move_context(candidate, reason=reason,
                                                                        via_hiring=via_hiring))
    if refusal:
        raise FieldError("stage", str(MOVE_REFUSALS[refusal]))
    before = candidate.stage
    if target == rules.REJECTED:
        candidate.rejected_reason, candidate.rejected_from = reason, before
    elif before == rules.REJECTED:
        candidate.rejected_reason, candidate.rejected_from = None, None
    candidate.stage = target
    candidate.stage_changed_at = utcnow()
    record("recruitment.candidate_stage", obj=candidate, actor=actor,
           summary=f"candidate {candidate.id}: {before} -> {target}" + (f" ({reason})" if reason else ""))
    if commit:
        commit_or_conflict()


def comments(candidate: Candidate) -> list[CandidateComment]:
    return list(db.session.scalars(
        select(CandidateComment).where(CandidateComment.candidate_id == candidate.id)
        .order_by(CandidateComment.created_at, CandidateComment.id)
    ))


def add_comment(candidate: Candidate, body: str, *, actor) -> CandidateComment:
    body = (body or "").strip()
    if not body:
        raise FieldError("body", _("Write a comment."))
    if len(body) > COMMENT_MAX:
        raise FieldError("body", _("At most %(n)d characters.", n=COMMENT_MAX))
    comment = CandidateComment(candidate_id=candidate.id, stage=candidate.stage, body=body, author_id=actor.id)
    db.session.add(comment)
    db.session.flush()
    record("recruitment.comment", obj=candidate, actor=actor,
           summary=f"candidate {candidate.id}: comment {comment.id} at {candidate.stage}")
    db.session.commit()
    return comment


def with_documents(query):
    return query.options(selectinload(Candidate.documents))
