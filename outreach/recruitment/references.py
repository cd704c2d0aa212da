"""Reference checks: who was asked, their relation to the candidate, the questions and the notes.

The standard questions (`seed_texts.REFERENCE_QUESTIONS`) never ask about the candidate's
health or drug history; the checker adapts them to the candidate.
"""

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from outreach.audit.models import AuditKind
from outreach.audit.services import commit_after_response, record
from outreach.core.database import check_version, commit_or_conflict
from outreach.core.forms import FieldError
from outreach.core.timeutil import today_in_oslo
from outreach.extensions import db
from outreach.recruitment.models import Candidate, ReferenceCheck
from outreach.recruitment.seed_texts import REFERENCE_QUESTIONS

TEXT_MAX = 10000


def default_questions() -> str:
    return "\n".join(f"{n}. {q}" for n, q in enumerate(REFERENCE_QUESTIONS, start=1))


def references_of(candidate: Candidate) -> list[ReferenceCheck]:
    return list(db.session.scalars(
        select(ReferenceCheck).where(ReferenceCheck.candidate_id == candidate.id)
        .order_by(ReferenceCheck.created_at, ReferenceCheck.id)
    ))


@dataclass
class ReferenceInput:
    referee_name: str
    relation: str = ""
    contact: str = ""
    questions: str = ""
    notes: str = ""
    checked_on: date | None = None


def _clean(data: ReferenceInput) -> ReferenceInput:
    data.referee_name = (data.referee_name or "").strip()
    if not data.referee_name:
        raise FieldError("referee_name", _("Write who the reference is."))
    for name, limit in (("referee_name", 200), ("relation", 200), ("contact", 200)):
        if len(getattr(data, name) or "") > limit:
            raise FieldError(name, _("At most %(n)d characters.", n=limit))
    for name in ("questions", "notes"):
        if len(getattr(data, name) or "") > TEXT_MAX:
            raise FieldError(name, _("At most %(n)d characters.", n=TEXT_MAX))
    if data.checked_on is not None and data.checked_on > today_in_oslo():
        raise FieldError("checked_on", _("A reference cannot be checked in the future."))
    if data.checked_on is not None and not (data.notes or "").strip():
        raise FieldError("notes", _("Write what the reference said before marking it checked."))
    return data


def add_reference(candidate: Candidate, data: ReferenceInput, *, actor) -> ReferenceCheck:
    data = _clean(data)
    reference = ReferenceCheck(
        candidate_id=candidate.id, referee_name=data.referee_name, relation=(data.relation or "").strip(),
        contact=(data.contact or "").strip(), questions=(data.questions or "").strip(),
        notes=(data.notes or "").strip(), checked_on=data.checked_on,
        checked_by_id=actor.id if data.checked_on else None,
    )
    db.session.add(reference)
    db.session.flush()
    record("recruitment.reference_create", obj=candidate, actor=actor,
           summary=f"candidate {candidate.id}: reference {reference.id}" + (" checked" if data.checked_on else ""))
    commit_or_conflict()
    return reference


def update_reference(reference: ReferenceCheck, data: ReferenceInput, *, version, actor) -> None:
    check_version(reference, version)
    data = _clean(data)
    if data.checked_on and reference.checked_on is None:
        reference.checked_by_id = actor.id
    for name in ("referee_name", "relation", "contact", "questions", "notes", "checked_on"):
        value = getattr(data, name)
        setattr(reference, name, value.strip() if isinstance(value, str) else value)
    record("recruitment.reference_update", object_type=Candidate.__tablename__, object_id=reference.candidate_id,
           actor=actor, summary=f"candidate {reference.candidate_id}: reference {reference.id} changed")
    commit_or_conflict()


def log_reads(references: list[ReferenceCheck], candidate: Candidate, reader) -> None:
    if references:
        record("recruitment.reference_read", kind=AuditKind.READ, obj=candidate, actor=reader,
               summary=f"candidate {candidate.id}: {len(references)} reference check(s)")
        commit_after_response()
