"""Retention: candidates who were not hired are deleted RECRUITMENT_RETENTION_MONTHS (6) after
their vacancy closed, with their files, comments, references, interviews and ratings; the
hired one stays, and the vacancy keeps anonymous counts. `flask purge-expired` runs it."""

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from hiring_helpers import add_candidate, docx_bytes, move_to, open_vacancy, pdf_bytes, plan_interview, today
from sqlalchemy import func, select

from outreach.audit.models import AuditEvent
from outreach.core.timeutil import OSLO, add_months
from outreach.extensions import db
from outreach.recruitment import candidates, documents, interviews, references, retention, vacancies
from outreach.recruitment import hiring as hiring_service
from outreach.recruitment.models import (
    Candidate,
    CandidateComment,
    CandidateDocument,
    Interview,
    InterviewAnswer,
    Panelist,
    ReferenceCheck,
    Vacancy,
)

NAMES = ("Kari Kandidat", "Ola Søker", "Siv Tredje")


def at(day: date, hour: int = 15) -> datetime:
    return datetime.combine(day, time(hour), OSLO).astimezone(UTC)


@pytest.fixture
def closed(crew, hiring):
    """A filled EC vacancy: Kari hired; Ola interviewed, referenced and rejected, with a PDF and a
    comment; Siv withdrew, with a DOCX. Both Ola's and Kari's interviews have ratings."""
    vacancy = hiring.vacancy
    kari, ola = hiring.first, hiring.second
    siv = add_candidate(vacancy, "Siv Tredje", email="siv@example.org")
    for candidate in (kari, ola):
        move_to(candidate, "first_interview", crew.leader)
        interview = plan_interview(candidate, [crew.ec, crew.pro], day=today() - timedelta(days=3))
        for member in (crew.ec, crew.pro):
            answers = {q.id: interviews.AnswerInput(rating=4, notes="Gode svar.")
                       for q in interview.guide_version.questions}
            interviews.save_ratings(interview, member, answers, recommendation="yes", notes="Bra.", submit=True,
                                    actor=member)
    references.add_reference(ola, references.ReferenceInput(referee_name="Tidligere leder", notes="Stabil.",
                                                            checked_on=today()), actor=crew.leader)
    candidates.add_comment(ola, "Sterk kandidat, men ikke nok erfaring fra kveldsarbeid.", actor=crew.leader)
    files = [documents.upload(ola, filename="søknad.pdf", content=pdf_bytes(), kind="application", actor=crew.hr),
             documents.upload(siv, filename="cv.docx", content=docx_bytes(), kind="cv", actor=crew.hr)]
    kept = documents.upload(kari, filename="kari.pdf", content=pdf_bytes(), kind="cv", actor=crew.hr)
    candidates.move(ola, "rejected", reason="other_better", actor=crew.leader)
    candidates.move(siv, "rejected", reason="withdrew", actor=crew.leader)
    move_to(kari, "offer", crew.leader)
    user, _password, _plan = hiring_service.hire(kari, hiring_service.HireInput(
        username="kari", start_date=today() + timedelta(days=7), team_id=crew.team.id,
        supervisor_id=crew.supervisor.id), actor=crew.leader)
    assert db.session.get(Vacancy, vacancy.id).status == "filled"
    return SimpleNamespace(vacancy=vacancy, kari=kari, ola=ola, siv=siv, user=user,
                           paths=[documents.path_of(d) for d in files], kept=documents.path_of(kept),
                           ids=[ola.id, siv.id])


def close_on(vacancy, day: date, hour: int = 15) -> None:
    vacancy = db.session.get(Vacancy, vacancy.id)
    vacancy.closed_at = at(day, hour)
    db.session.commit()


def count(model, **where) -> int:
    query = select(func.count()).select_from(model)
    for name, value in where.items():
        query = query.where(getattr(model, name).in_(value))
    return db.session.scalar(query)


def leftovers(ids) -> dict[str, int]:
    interview_ids = list(db.session.scalars(select(Interview.id).where(Interview.candidate_id.in_(ids))))
    return {
        "candidates": count(Candidate, id=ids),
        "documents": count(CandidateDocument, candidate_id=ids),
        "comments": count(CandidateComment, candidate_id=ids),
        "references": count(ReferenceCheck, candidate_id=ids),
        "interviews": len(interview_ids),
        "panelists": count(Panelist, interview_id=interview_ids),
        "answers": count(InterviewAnswer, interview_id=interview_ids),
    }


def purge_rows() -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == "recruitment.purge")))


# --- what goes and what stays ---------------------------------------------------------------------


def test_six_months_after_closing_the_candidates_not_hired_are_deleted(closed):
    ola_interview = db.session.scalar(select(Interview.id).where(Interview.candidate_id == closed.ola.id))
    assert leftovers(closed.ids)["answers"] > 0 and all(p.exists() for p in closed.paths)
    closed_on = today() - timedelta(days=200)
    close_on(closed.vacancy, closed_on)

    result = retention.purge_expired()

    assert (result.vacancies, result.candidates, result.documents) == (1, 2, 2)
    db.session.expire_all()
    assert leftovers(closed.ids) == dict.fromkeys(leftovers(closed.ids), 0)
    assert db.session.get(Interview, ola_interview) is None
    assert not any(p.exists() for p in closed.paths)  # the files too
    # The hired one stays, with her interview, her document and her account.
    kari = db.session.get(Candidate, closed.kari.id)
    assert kari.stage == "hired" and kari.hired_user_id == closed.user.id and closed.kept.exists()
    assert leftovers([kari.id])["answers"] > 0 and leftovers([kari.id])["documents"] == 1
    vacancy = db.session.get(Vacancy, closed.vacancy.id)
    assert vacancy.purged_at is not None and vacancy.status == "filled"
    assert vacancy.purged_counts == {"candidates": 2, "reached": {"first_interview": 1, "received": 1},
                                     "rejected": {"other_better": 1, "withdrew": 1}}


def test_the_audit_names_no_candidate(closed):
    close_on(closed.vacancy, today() - timedelta(days=200))
    retention.purge_expired()
    [row] = purge_rows()
    assert row.actor_id is None and row.object_id == str(closed.vacancy.id)
    assert "2 candidate(s) and 2 document(s) deleted (6 months)" in row.summary
    everything = [e.summary for e in db.session.scalars(select(AuditEvent))]
    for name in NAMES:
        for word in name.split():
            assert not any(word in summary for summary in everything), word
    assert not any("@example.org" in summary or "søknad" in summary for summary in everything)


def test_a_vacancy_closed_five_months_ago_is_left_alone(closed):
    close_on(closed.vacancy, add_months(today(), -5))
    result = retention.purge_expired()
    assert result.candidates == 0 and purge_rows() == []
    assert leftovers(closed.ids)["candidates"] == 2 and all(p.exists() for p in closed.paths)
    assert db.session.get(Vacancy, closed.vacancy.id).purged_at is None


def test_an_open_vacancy_is_never_purged(crew, hiring):
    vacancy = db.session.get(Vacancy, hiring.vacancy.id)
    vacancy.closed_at = at(today() - timedelta(days=400))  # an oddity: open, with a closing date
    db.session.commit()
    assert retention.purge_expired().candidates == 0
    assert count(Candidate, id=[hiring.first.id, hiring.second.id]) == 2


@pytest.mark.parametrize("run_on, purged", [
    (date(2026, 2, 27), False),
    (date(2026, 2, 28), False),  # six months after 31 August, clamped to February's end: kept that day
    (date(2026, 3, 1), True),
])
def test_around_the_months_end(closed, run_on, purged):
    close_on(closed.vacancy, date(2025, 8, 31), hour=23)  # the last evening of August in Oslo
    result = retention.purge_expired(today=run_on)
    assert result.cutoff == retention.cutoff_date(run_on, 6)
    assert (result.candidates == 2) is purged
    assert (leftovers(closed.ids)["candidates"] == 0) is purged


def test_a_vacancy_closed_early_on_1_september_oslo_time_is_purged_a_day_later(closed):
    """The day is Oslo's: midnight starting 1 September is 22:00 UTC on 31 August."""
    close_on(closed.vacancy, date(2025, 9, 1), hour=0)
    assert retention.purge_expired(today=date(2026, 3, 1)).candidates == 0
    assert retention.purge_expired(today=date(2026, 3, 2)).candidates == 2


def test_the_setting_decides_how_long(closed, app):
    close_on(closed.vacancy, add_months(today(), -4) - timedelta(days=1))
    assert retention.purge_expired().candidates == 0
    app.config["RECRUITMENT_RETENTION_MONTHS"] = 3
    try:
        result = retention.purge_expired()
    finally:
        app.config["RECRUITMENT_RETENTION_MONTHS"] = 6
    assert result.months == 3 and result.candidates == 2
    assert "(3 months)" in purge_rows()[0].summary


def test_a_dry_run_deletes_nothing_and_a_second_run_finds_nothing(closed):
    close_on(closed.vacancy, today() - timedelta(days=200))
    dry = retention.purge_expired(dry_run=True)
    assert (dry.dry_run, dry.vacancies, dry.candidates, dry.documents) == (True, 1, 2, 2)
    assert leftovers(closed.ids)["candidates"] == 2 and all(p.exists() for p in closed.paths)
    assert purge_rows() == [] and db.session.get(Vacancy, closed.vacancy.id).purged_at is None

    assert retention.purge_expired().candidates == 2
    again = retention.purge_expired()
    assert (again.vacancies, again.candidates, again.documents) == (0, 0, 0) and len(purge_rows()) == 1
    assert db.session.get(Vacancy, closed.vacancy.id).purged_counts["candidates"] == 2


def test_a_later_purge_adds_to_the_counts(closed, crew):
    """A candidate rejected after the first purge (a hiring reopened by hand) is counted on top."""
    close_on(closed.vacancy, today() - timedelta(days=200))
    retention.purge_expired()
    late = Candidate(vacancy_id=closed.vacancy.id, full_name="Sen Søker", received_on=today(), stage="rejected",
                     rejected_reason="not_qualified", rejected_from="screened")
    db.session.add(late)
    db.session.commit()
    assert retention.purge_expired().candidates == 1
    counts = db.session.get(Vacancy, closed.vacancy.id).purged_counts
    assert counts == {"candidates": 3, "reached": {"first_interview": 1, "received": 1, "screened": 1},
                      "rejected": {"other_better": 1, "withdrew": 1, "not_qualified": 1}}


def test_a_cancelled_vacancy_loses_all_its_candidates(crew):
    vacancy = open_vacancy(crew, position="miljoterapeut")
    gone = [add_candidate(vacancy, name) for name in NAMES]
    vacancies.set_status(vacancy, "cancelled", version=vacancy.version, actor=crew.leader)
    close_on(vacancy, today() - timedelta(days=200))
    assert retention.purge_expired().candidates == 3
    assert count(Candidate, id=[c.id for c in gone]) == 0


# --- the command ----------------------------------------------------------------------------------


def test_the_command_dry_run_then_purge_then_nothing(closed, app):
    close_on(closed.vacancy, add_months(today(), -7))
    runner = app.test_cli_runner()

    result = runner.invoke(args=["purge-expired", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "Would delete candidates not hired" in result.output
    assert "2 candidate(s) and 2 document(s) of 1 vacancies" in result.output
    db.session.expire_all()
    assert leftovers(closed.ids)["candidates"] == 2 and all(Path(p).exists() for p in closed.paths)

    result = runner.invoke(args=["purge-expired"])
    assert result.exit_code == 0, result.output
    assert "Deleted candidates not hired" in result.output and "(6 months)" in result.output
    db.session.expire_all()
    assert leftovers(closed.ids)["candidates"] == 0 and not any(Path(p).exists() for p in closed.paths)
    assert db.session.get(Candidate, closed.kari.id) is not None

    result = runner.invoke(args=["purge-expired"])
    assert result.exit_code == 0 and "No candidates to delete" in result.output
    assert len(purge_rows()) == 1


def test_the_command_refuses_a_setting_below_one_month(closed, make_app):
    close_on(closed.vacancy, add_months(today(), -7))
    other = make_app(RECRUITMENT_RETENTION_MONTHS=0)
    with other.app_context():
        result = other.test_cli_runner().invoke(args=["purge-expired"])
    assert result.exit_code != 0 and "RECRUITMENT_RETENTION_MONTHS" in result.output
    db.session.expire_all()
    assert leftovers(closed.ids)["candidates"] == 2
