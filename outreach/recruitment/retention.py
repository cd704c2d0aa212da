"""Retention: candidates who were not hired are deleted RECRUITMENT_RETENTION_MONTHS after
their vacancy closed (filled or cancelled), by `flask --app wsgi purge-expired`.

Deleted with each such candidate: contact details, documents (the files too), comments,
reference checks, interviews with the panel's notes and ratings. The vacancy keeps
anonymous counts in `purged_counts`: how many applied, how far they came, why they were
rejected. The hired candidate's record stays with their staff profile. One vacancy per
transaction; a second run finds nothing more to do.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

from flask import current_app
from sqlalchemy import select

from outreach.audit.services import record
from outreach.core.timeutil import OSLO, add_months, today_in_oslo, utcnow
from outreach.extensions import db
from outreach.recruitment import documents, rules
from outreach.recruitment.models import Candidate, CandidateDocument, Vacancy, VacancyStatus


def cutoff_date(today: date, months: int) -> date:
    """Vacancies closed before this day have their candidates deleted."""
    return add_months(today, -months)


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=OSLO).astimezone(UTC)


@dataclass
class PurgeResult:
    months: int
    cutoff: date
    dry_run: bool = False
    vacancies: int = 0
    candidates: int = 0
    documents: int = 0
    per_vacancy: dict[int, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return self.candidates


def anonymous_counts(candidates: list[Candidate], earlier: dict | None = None) -> dict:
    """How many applied, the stage each got to, the reasons for rejection: no one identifiable."""
    reached = Counter(c.rejected_from if c.stage == rules.REJECTED else c.stage for c in candidates)
    reasons = Counter(c.rejected_reason for c in candidates if c.stage == rules.REJECTED and c.rejected_reason)
    counts = {"candidates": len(candidates), "reached": dict(reached), "rejected": dict(reasons)}
    if earlier:
        counts["candidates"] += earlier.get("candidates", 0)
        for key in ("reached", "rejected"):
            merged = Counter(earlier.get(key, {}))
            merged.update(counts[key])
            counts[key] = dict(merged)
    return counts


def expired_vacancies(cutoff: date) -> list[Vacancy]:
    return list(db.session.scalars(
        select(Vacancy).where(Vacancy.status.in_([VacancyStatus.FILLED.value, VacancyStatus.CANCELLED.value]),
                              Vacancy.closed_at < _start_of(cutoff))
        .order_by(Vacancy.closed_at, Vacancy.id)
    ))


def purge_expired(*, dry_run: bool = False, today: date | None = None) -> PurgeResult:
    months = int(current_app.config["RECRUITMENT_RETENTION_MONTHS"])
    if months < 1:
        raise ValueError("RECRUITMENT_RETENTION_MONTHS must be at least 1")
    cutoff = cutoff_date(today or today_in_oslo(), months)
    result = PurgeResult(months=months, cutoff=cutoff, dry_run=dry_run)
    for vacancy in expired_vacancies(cutoff):
        gone = list(db.session.scalars(select(Candidate).where(
            Candidate.vacancy_id == vacancy.id, Candidate.stage != rules.HIRED)))
        if not gone:
            continue
        files = list(db.session.scalars(select(CandidateDocument.stored_name).where(
            CandidateDocument.candidate_id.in_([c.id for c in gone]))))
        result.vacancies += 1
        result.candidates += len(gone)
        result.documents += len(files)
        result.per_vacancy[vacancy.id] = len(gone)
        if dry_run:
            continue
        vacancy.purged_counts = anonymous_counts(gone, vacancy.purged_counts)
        vacancy.purged_at = utcnow()
        for candidate in gone:
            db.session.delete(candidate)
        record("recruitment.purge", obj=vacancy, actor=None,
               summary=f"vacancy {vacancy.id} closed {vacancy.closed_at:%Y-%m-%d}: {len(gone)} candidate(s) and "
                       f"{len(files)} document(s) deleted ({months} months)")
        db.session.commit()
        documents.remove_files(files)  # after the commit: a failed purge keeps its files
    return result
