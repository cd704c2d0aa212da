"""Helpers for the recruitment tests: build what a test needs through the services, as the
pages do. (Imported by name: pytest puts this folder on the path.)"""

import io
import zipfile
from datetime import date, time, timedelta

from page_helpers import counted_queries, text_of  # noqa: F401  (the tests import them from here)

from outreach.core.timeutil import today_in_oslo
from outreach.extensions import db
from outreach.recruitment import candidates, interviews, references, vacancies
from outreach.recruitment.models import InterviewGuide


def open_vacancy(crew, *, position="ec", panel=(), title=None, actor=None):
    """A needs mapping's vacancy, opened for applications with a deadline in two weeks."""
    actor = actor or crew.leader
    vacancy = vacancies.map_need(vacancies.NeedInput(
        team_id=crew.team.id, position_key=position, title=title or "", experience_codes=["drugs"],
        responsibilities="Oppsøkende arbeid i sentrum.", position_percentage=100, contract="permanent",
        deadline=today_in_oslo() + timedelta(days=14), leader_id=crew.leader.id,
    ), actor=actor)
    if panel:
        vacancies.set_panel(vacancy, [u.id for u in panel], version=vacancy.version, actor=actor)
    vacancies.set_status(vacancy, "open", version=vacancy.version, actor=actor)
    return vacancy


def add_candidate(vacancy, name="Kandidat Én", actor=None, **fields):
    return candidates.add_candidate(vacancy, candidates.CandidateInput(
        full_name=name, email=fields.pop("email", "kandidat@example.org"), phone=fields.pop("phone", "40000000"),
        birth_year=fields.pop("birth_year", 1990), occupation=fields.pop("occupation", "Miljøarbeider"),
        municipality=fields.pop("municipality", "Oslo"), **fields,
    ), actor=actor or vacancy.leader)


def move_to(candidate, stage, actor):
    """Walk the candidate forward through the pipeline to `stage` (checking a reference on the way)."""
    path = ["screened", "first_interview", "second_interview", "references", "offer"]
    for step in path[: path.index(stage) + 1]:
        if step == "offer" and not candidates.references_done(candidate):
            references.add_reference(candidate, references.ReferenceInput(
                referee_name="Tidligere leder", relation="Leder", notes="Pålitelig og trygg.",
                checked_on=today_in_oslo()), actor=actor)
        candidates.move(candidate, step, actor=actor)
    return candidate


def guide(key="ec_first") -> InterviewGuide:
    return db.session.scalar(db.select(InterviewGuide).where(InterviewGuide.key == key))


def plan_interview(candidate, panel, *, key="ec_first", actor=None, day=None):
    return interviews.plan_interview(candidate, interviews.InterviewInput(
        guide_version_id=guide(key).published.id, day=day or today_in_oslo() + timedelta(days=3), start=time(10),
        duration_minutes=60, place="Møterom 2", panel_ids=[u.id for u in panel],
    ), actor=actor or candidate.vacancy.leader)


def pdf_bytes(size: int = 2000) -> bytes:
    body = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n"
    return body + b"0" * max(0, size - len(body) - 6) + b"\n%%EOF"


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def today() -> date:
    return today_in_oslo()
