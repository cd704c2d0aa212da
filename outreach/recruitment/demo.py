"""The recruitment demo: an open EC vacancy in the middle of its interviews, and a filled one
whose new colleague is seven weeks into the onboarding plan. Dates count back from today.

`seed(today)` runs after the people, roster and supervision demos (`flask seed-demo`).
Everything goes through the recruitment services, so it is audited like real data; only the
dates the services set to "now" (when a vacancy opened and closed, a hire's start date, when
an item was ticked) are moved back afterwards, as if it had happened over the last months.

- "Erfaringskonsulent, Unge voksne" (leader tl2; panel ek2, fag2 and HR), open: seven
  candidates, invented names, at the stages received (two), screened, first interview,
  second interview, references and rejected (with a reason). The hiring checklist is partly
  ticked, so the vacancy warns. Interviews with the seeded EC guides: the second-interview
  candidate's first interview has ratings from ek2 and fag2 that disagree on one question,
  and tl2 has not submitted yet (it is on tl2's Min side to rate); two more candidates had
  theirs, and two interviews are planned in the coming days. Two applications come as tiny
  PDF files made here.
- "Oppsøkende miljøterapeut, Vaterland" (leader tl4), filled: three candidates, one hired
  (account "nyansatt", password "demo", buddy fag8) and two rejected. The onboarding plan
  started seven weeks ago: the first items done, two training items overdue, and the talk
  after two months due within two weeks, so that tl4's and the new colleague's Min side
  show them.

No real persons: the candidates' names are made up, and no note names a client or says
anything about a candidate's health.
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from outreach.auth.models import User
from outreach.auth.passwords import DEMO_PASSWORD, hash_password
from outreach.core.timeutil import OSLO, add_months, today_in_oslo
from outreach.extensions import db
from outreach.people.models import Area, Team
from outreach.recruitment import candidates, documents, hiring, interviews, references, rules, vacancies
from outreach.recruitment.models import Candidate, InterviewGuide, OnboardingPlan, Vacancy

EC_TEAM, EC_LEADER, EC_PANEL = "Unge voksne", "tl2", ("ek2", "fag2", "hr")
FILLED_TEAM, FILLED_LEADER, FILLED_PANEL = "Vaterland", "tl4", ("fag4", "ek4")
NEW_COLLEAGUE, BUDDY = "nyansatt", "fag8"
CHECKLIST_DONE = 9  # of the 14 seeded items: the vacancy warns about the rest
DUE_SOON_DAYS = 12  # the talk after two months falls due this many days from today


@dataclass
class Applicant:
    name: str
    stage: str
    days_ago: int  # when the application came
    gender: str
    birth_year: int
    occupation: str
    municipality: str
    experience: list[str] = field(default_factory=list)
    pdf: bool = False


EC_APPLICANTS = [
    Applicant("Ine Bråtveit", rules.RECEIVED, 3, "female", 1994, "Butikkmedarbeider", "Oslo", ["drugs"]),
    Applicant("Sander Holmøy", rules.RECEIVED, 5, "male", 1989, "Lagermedarbeider", "Lørenskog",
              ["prison", "crime"], pdf=True),
    Applicant("Maja Tollerud", rules.SCREENED, 12, "female", 1997, "Student", "Oslo", ["mental_health"]),
    Applicant("Kristoffer Linnestad", rules.FIRST, 18, "male", 1991, "Miljøarbeider", "Bærum",
              ["drugs", "treatment"]),
    Applicant("Aisha Rahimi-Berg", rules.SECOND, 24, "female", 1993, "Likeperson", "Oslo",
              ["drugs", "child_welfare"], pdf=True),
    Applicant("Jørgen Myrvold", rules.REFERENCES, 27, "male", 1986, "Erfaringskonsulent", "Nordre Follo",
              ["drugs", "homelessness"]),
    Applicant("Tuva Sandbrekke", rules.REJECTED, 26, "female", 1999, "Servitør", "Oslo", ["mental_health"]),
]
FILLED_APPLICANTS = [
    Applicant("Even Solbakken", rules.HIRED, 110, "male", 1990, "Miljøterapeut", "Oslo"),
    Applicant("Silje Nordengen", rules.REJECTED, 108, "female", 1995, "Vernepleier", "Asker"),
    Applicant("Marius Kleveland", rules.REJECTED, 104, "male", 1984, "Sosionom", "Oslo"),
]

# Notes a panel member writes: about what was said for the assessment, never about health.
NOTES = {
    "good": "Reflektert og konkret. Gode eksempler fra tidligere arbeid.",
    "unsure": "Litt vag her. Vil gjerne høre mer i neste intervju.",
    "strong": "Tydelig på hvordan erfaringen kan brukes, og på egne grenser.",
    "weak": "Svarte mest generelt; ble ikke helt konkret på hvordan kompetansen skal brukes.",
}


def _user(username: str) -> User:
    user = db.session.scalar(select(User).where(User.username == username))
    if user is None:
        raise RuntimeError(f"the recruitment demo needs the demo section's people (no user {username!r})")
    return user


def _team(name: str) -> Team:
    return db.session.scalar(select(Team).where(Team.name == name))


def _at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), OSLO).astimezone(UTC)


def _guide_version(key: str) -> int:
    guide = db.session.scalar(select(InterviewGuide).where(InterviewGuide.key == key))
    return guide.published.id


def _pdf_text(text: str) -> bytes:
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return escaped.encode("cp1252")


def tiny_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with a few lines of text (Helvetica, WinAnsi), with a correct xref table."""
    stream = b"BT /F1 12 Tf 72 770 Td 16 TL " + b" ".join(b"(" + _pdf_text(line) + b") '" for line in lines) + b" ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


class _Demo:
    def __init__(self, today: date):
        self.today = today
        self.counts = {"vacancies": 0, "candidates": 0, "interviews": 0, "plans": 0}

    # --- building blocks --------------------------------------------------------------------------

    def vacancy(self, team: Team, leader: User, position: str, panel: list[User], *, area: str | None,
                environment: str, experience: list[str], responsibilities: str, reason: str,
                opened_days_ago: int, deadline: date) -> Vacancy:
        area_id = db.session.scalar(select(Area.id).where(Area.team_id == team.id, Area.name == area)) if area else None
        vacancy = vacancies.map_need(vacancies.NeedInput(
            team_id=team.id, position_key=position, area_id=area_id, environment=environment,
            experience_codes=experience, responsibilities=responsibilities, reason=reason, position_percentage=100,
            contract="permanent", deadline=self.today + timedelta(days=14), leader_id=leader.id,
        ), actor=leader)
        vacancies.set_panel(vacancy, [u.id for u in panel], version=vacancy.version, actor=leader)
        vacancies.set_status(vacancy, "open", version=vacancy.version, actor=leader)
        # As if mapped and opened weeks ago, with the deadline it was announced with.
        vacancy.created_at = vacancy.need.created_at = _at(self.today - timedelta(days=opened_days_ago + 7), 9)
        vacancy.opened_at = _at(self.today - timedelta(days=opened_days_ago), 9)
        vacancy.deadline = deadline
        db.session.commit()
        self.counts["vacancies"] += 1
        return vacancy

    def applicant(self, vacancy: Vacancy, who: Applicant, actor: User) -> Candidate:
        first = who.name.split()[0].lower().translate(str.maketrans({"æ": "ae", "ø": "o", "å": "a"}))
        candidate = candidates.add_candidate(vacancy, candidates.CandidateInput(
            full_name=who.name, email=f"{first}.soker@example.org", phone="", birth_year=who.birth_year,
            occupation=who.occupation, municipality=who.municipality, gender=who.gender,
            experience_codes=who.experience, received_on=self.today - timedelta(days=who.days_ago),
        ), actor=actor)
        if who.pdf:
            documents.upload(candidate, filename=f"Søknad {who.name}.pdf", kind="application", actor=actor,
                             content=tiny_pdf([f"Søknad: {vacancy.title}", who.name,
                                               "Jeg søker stillingen fordi jeg vil bruke erfaringene mine",
                                               "til å hjelpe unge voksne videre."]))
        self.counts["candidates"] += 1
        return candidate

    def walk(self, candidate: Candidate, stages: list[str], actor: User) -> None:
        for stage in stages:
            candidates.move(candidate, stage, actor=actor)

    def interview(self, candidate: Candidate, guide_key: str, panel: list[User], *, days: int, hour: int,
                  actor: User, place: str = "Møterommet i 3. etasje"):
        interview = interviews.plan_interview(candidate, interviews.InterviewInput(
            guide_version_id=_guide_version(guide_key), day=self.today + timedelta(days=days), start=time(hour),
            duration_minutes=75, place=place, panel_ids=[u.id for u in panel],
        ), actor=actor)
        self.counts["interviews"] += 1
        return interview

    def rate(self, interview, user: User, ratings: dict[int, int], *, recommendation: str, submit: bool = True,
             default: int = 4, notes: dict[int, str] | None = None) -> None:
        """`user`'s ratings: `ratings` by question number (1-based), `default` for the rest."""
        questions = interview.guide_version.questions
        answers = {q.id: interviews.AnswerInput(rating=ratings.get(n, default), notes=(notes or {}).get(n, ""))
                   for n, q in enumerate(questions, start=1)}
        interviews.save_ratings(interview, user, answers, recommendation=recommendation,
                                notes=NOTES["good"] if recommendation in ("yes", "strong_yes") else NOTES["unsure"],
                                submit=submit, actor=user)

    def reference(self, candidate: Candidate, actor: User, *, checked: bool, name: str, relation: str,
                  days_ago: int = 2) -> None:
        references.add_reference(candidate, references.ReferenceInput(
            referee_name=name, relation=relation, contact="", questions=references.default_questions(),
            notes="Stabil og til å stole på. Samarbeider godt og tar imot veiledning." if checked else "",
            checked_on=self.today - timedelta(days=days_ago) if checked else None,
        ), actor=actor)

    # --- the open EC vacancy ------------------------------------------------------------------------

    def ec_vacancy(self) -> Vacancy:
        leader, hr = _user(EC_LEADER), _user("hr")
        ek2, fag2 = _user("ek2"), _user("fag2")
        vacancy = self.vacancy(
            _team(EC_TEAM), leader, "ec", [_user(u) for u in EC_PANEL], area="Sentrum",
            environment="Unge voksne i og rundt rusmiljøene i sentrum, på kveldstid.",
            experience=["drugs", "mental_health"],
            responsibilities="Oppsøkende arbeid i par med en fagansatt, oppfølgingssamtaler og gruppetilbud. "
                             "Delta i utviklingen av tjenesten sammen med brukerne.",
            reason="Teamet har én erfaringskonsulent i halv stilling og trenger en til på kveldene.",
            opened_days_ago=30, deadline=self.today + timedelta(days=7),
        )
        for item in vacancy.checklist[:CHECKLIST_DONE]:
            vacancies.tick(item, True, actor=leader if item.position % 2 else hr)

        made = {who.name: self.applicant(vacancy, who, hr) for who in EC_APPLICANTS}
        maja, kristoffer, aisha, jorgen, tuva = (made[who.name] for who in EC_APPLICANTS[2:])
        self.walk(maja, [rules.SCREENED], leader)
        for candidate in (kristoffer, aisha, jorgen, tuva):
            self.walk(candidate, [rules.SCREENED, rules.FIRST], leader)
        candidates.add_comment(maja, "Relevant erfaring fra frivillig arbeid. Innkalles hvis vi trenger flere.",
                               actor=leader)

        first_panel = [leader, ek2, fag2]
        # Jørgen: both interviews held and agreed on; a reference checked, one still to call.
        held = self.interview(jorgen, "ec_first", first_panel, days=-19, hour=10, actor=leader)
        for user in first_panel:
            self.rate(held, user, {3: 5, 8: 5}, recommendation="strong_yes")
        candidates.move(jorgen, rules.SECOND, actor=leader)
        held = self.interview(jorgen, "ec_second", [leader, ek2, hr], days=-9, hour=13, actor=leader)
        for user in (leader, ek2, hr):
            self.rate(held, user, {}, recommendation="yes")
        candidates.move(jorgen, rules.REFERENCES, actor=leader)
        self.reference(jorgen, leader, checked=True, name="Tidligere leder i bydelen", relation="Leder, 2019-2023")
        self.reference(jorgen, leader, checked=False, name="Kollega fra brukerorganisasjonen", relation="Kollega")

        # Tuva: interviewed, then told that others were better suited.
        held = self.interview(tuva, "ec_first", first_panel, days=-12, hour=10, actor=leader)
        for user in first_panel:
            self.rate(held, user, {3: 2, 5: 3}, default=3, recommendation="no")
        candidates.move(tuva, rules.REJECTED, reason="other_better", actor=leader)

        # Aisha: the first interview's ratings disagree on question 3; tl2 has not submitted.
        held = self.interview(aisha, "ec_first", first_panel, days=-8, hour=12, actor=leader)
        self.rate(held, ek2, {3: 5, 2: 5}, recommendation="strong_yes", notes={3: NOTES["strong"]})
        self.rate(held, fag2, {3: 2, 2: 4}, recommendation="yes", notes={3: NOTES["weak"]})
        self.rate(held, leader, {3: 4}, recommendation="yes", submit=False)
        candidates.move(aisha, rules.SECOND, actor=leader)
        self.interview(aisha, "ec_second", [leader, ek2, hr], days=3, hour=13, actor=leader)

        # Kristoffer: the first interview is the day after tomorrow.
        self.interview(kristoffer, "ec_first", first_panel, days=2, hour=10, actor=leader)
        return vacancy

    # --- the filled vacancy and its new colleague -------------------------------------------------------

    def filled_vacancy(self) -> OnboardingPlan:
        leader, hr = _user(FILLED_LEADER), _user("hr")
        panel = [_user(u) for u in FILLED_PANEL]
        start = add_months(self.today + timedelta(days=DUE_SOON_DAYS), -2)
        vacancy = self.vacancy(
            _team(FILLED_TEAM), leader, "miljoterapeut", panel, area="Vaterlandsparken",
            environment="Vaterlandsparken og områdene rundt, dag og kveld.", experience=[],
            responsibilities="Oppsøkende arbeid, oppfølging av unge og voksne, samarbeid med erfaringskonsulentene.",
            reason="En miljøterapeut har gått over i ny stilling.",
            opened_days_ago=120, deadline=self.today - timedelta(days=100),
        )
        made = [self.applicant(vacancy, who, hr) for who in FILLED_APPLICANTS]
        even, silje, marius = made
        for candidate in made:
            self.walk(candidate, [rules.SCREENED, rules.FIRST], leader)
        for candidate, days in ((even, -95), (silje, -94)):
            held = self.interview(candidate, "professional_first", [leader, *panel], days=days, hour=10,
                                  actor=leader)
            for user in (leader, *panel):
                self.rate(held, user, {}, default=5 if candidate is even else 3,
                          recommendation="strong_yes" if candidate is even else "no")
        candidates.move(marius, rules.REJECTED, reason="withdrew", actor=hr)
        candidates.move(silje, rules.REJECTED, reason="other_better", actor=leader)
        candidates.move(even, rules.REFERENCES, actor=leader)
        self.reference(even, leader, checked=True, name="Avdelingsleder ved tidligere arbeidssted", relation="Leder",
                       days_ago=90)
        candidates.move(even, rules.OFFER, actor=leader)

        buddy = _user(BUDDY).profile
        user, _password, plan = hiring.hire(even, hiring.HireInput(
            username=NEW_COLLEAGUE, email=f"{NEW_COLLEAGUE}@uteseksjonen.example", start_date=self.today,
            team_id=vacancy.team_id, buddy_id=buddy.id), actor=hr)
        self._started(user, plan, vacancy, start)
        self.counts["plans"] += 1
        return plan

    def _started(self, user: User, plan: OnboardingPlan, vacancy: Vacancy, start: date) -> None:
        """Move the hire back in time: the offer accepted a month before the start, the start
        about seven weeks ago, the items of the first week ticked when they were due but two."""
        user.password_hash = hash_password(DEMO_PASSWORD)
        user.must_change_password = False
        user.profile.start_date = plan.start_date = start
        vacancy.closed_at = _at(start - timedelta(days=30), 15)
        plan.items = hiring.plan_items(user.profile.role_type, start)
        db.session.commit()
        owners = {"leader": _user(FILLED_LEADER), "hr": _user("hr"), "buddy": _user(BUDDY), "newcomer": user}
        late = {"Opplæring: førstehjelp og nalokson ved overdose", "Første vakter sammen med fadder"}
        for item in plan.items:
            if item.due_date < self.today and item.title not in late:
                hiring.set_done(item, True, actor=owners[item.owner])
                item.done_at = _at(item.due_date, 15)
        db.session.commit()


def seed(today: date | None = None) -> dict:
    """Build the recruitment demo; returns how many vacancies, candidates, interviews and plans."""
    demo = _Demo(today or today_in_oslo())
    demo.ec_vacancy()
    demo.filled_vacancy()
    return demo.counts
