"""The demo supervision: a year of it for the demo ECs, back from today.

`seed(today)` runs after the people and roster demos (`flask seed-demo`). Seed data, not
user actions: rows are written with the models, not through the services, and not audited
(except the profile changes, which go through people.services as an HR change would). It

- gives every EC and peer the demo supervisor (`veileder`) if they have none, and makes
  `ek6` new: started two months ago;
- individual sessions about every four weeks for the ECs, held, with themes, a short shared
  summary, the supervisor's private notes and an agreed action or two (most of the older
  ones done); two ECs are overdue (`ek4` and `ek5`: nothing in the last eight weeks) and the
  new EC has had one session;
- a planned session in the coming two weeks for most ECs (not `ek4`);
- the group "EC-nettverket" (the ECs and the peers) with a held session every month,
  attendance and short minutes, and the next one planned;
- one case supervision session, an item to take further to the team leader that the EC has
  agreed to and one waiting for agreement, two open requests for a talk (one with a topic),
  a shared preparation note, and a few reflection notes for `ek1` (one marked "bring to
  supervision", so that its title is on the agenda of ek1's next session).

No client names or identifiers in any text (tests/supervision/test_supervision_demo.py runs
them through the identifier guard). Deterministic: the same `today` gives the same data
(random.Random(SEED)).
"""

import calendar
import random
from datetime import UTC, date, datetime, time, timedelta

from outreach.auth.models import User
from outreach.core.timeutil import OSLO, utcnow
from outreach.extensions import db
from outreach.people import services as people
from outreach.people.models import StaffProfile
from outreach.supervision.models import (
    FurtherItem,
    NoteKind,
    PreparationNote,
    Recipient,
    ReflectionEntry,
    SessionAction,
    SessionKind,
    SessionNote,
    SessionParticipant,
    SessionStatus,
    SupervisionGroup,
    SupervisionSession,
    SupervisionTheme,
    TalkRequest,
)

SEED = 2026
SUPERVISOR = "veileder"
ECS = ("ek1", "ek2", "ek3", "ek4", "ek5", "ek6")
PEERS = ("lp1", "lp2", "lp3", "lp4")
GROUP_NAME = "EC-nettverket"
INTERVAL_DAYS = 28
# Weeks since the last session of the two who are overdue.
OVERDUE = {"ek4": 10, "ek5": 12}
NEW_EC = "ek6"
NEW_EC_MONTHS = 2
# Days from today to the next planned individual session (ek4 has none).
PLANNED_IN = {"ek1": 6, "ek2": 9, "ek3": 12, "ek5": 4, "ek6": 8}
CASE_PARTICIPANTS = ("ek3", "ek5", "fag3", "fag7")

# An individual session: its themes, the shared summary, the supervisor's private note, and
# the actions it may agree (text, "ec" or "supervisor").
INDIVIDUAL = [
    (["Møte med gamle kjente", "Grenser og avgrensning"],
     "Vi snakket om å møte folk fra det gamle miljøet på kveldsrundene. Du har funnet en god måte å hilse på og "
     "samtidig holde rollen tydelig. Vi avtalte å fortsette med en kort prat med kollegaen etter slike møter.",
     "Møter med gamle kjente tar fortsatt mye energi, særlig sent på kvelden. Følg opp om en måned.",
     [("Ta en kort prat med kollegaen etter runder der jeg møter gamle kjente", "ec")]),
    (["Bruk av egen historie (personlig, ikke privat)"],
     "Tema var forskjellen på personlig og privat. Du forteller at du noen ganger deler mer enn du ønsker når "
     "samtalen blir nær. Vi øvde på å stoppe opp og spørre: hvem er dette til nytte for?",
     "God refleksjon rundt egen deling. Kan være en ressurs i nettverket på dette temaet.",
     [("Skrive i refleksjonsloggen etter samtaler der jeg har delt av egen historie", "ec"),
      ("Finne fram fagstoff om bruk av egenerfaring", "supervisor")]),
    (["Overdoser og rusbruk på nært hold", "Egenomsorg"],
     "Vi gikk gjennom en vakt der du var tett på en overdose. Du og kollegaen din handlet raskt og riktig. Vi "
     "snakket om hva som skjer i kroppen etterpå, og hva som hjelper deg å lande etter vakt.",
     "Reagerte sterkt i etterkant, men har gode strategier. Spør om søvn neste gang.",
     [("Skrive ned tre tegn på at jeg trenger pause etter en vakt", "ec")]),
    (["Tittelen som stigma", "Rolleavklaring"],
     "Du opplever at tittelen erfaringskonsulent av og til blir en merkelapp. Vi snakket om når du vil bruke "
     "erfaringen aktivt, og når du heller vil stå i en mer nøytral rolle i teamet.",
     "Vurderer å presentere seg uten tittel i enkelte møter. Støtter det.",
     [("Prøve ut å presentere meg uten tittelen i nye møter", "ec")]),
    (["Samarbeid med fagansatte", "Rolleavklaring"],
     "Samarbeidet med fagansatte i teamet fungerer godt. Vi snakket om hvordan du kan si fra tidligere når du er "
     "usikker på hvem som gjør hva på vakt.",
     "Sterk i samarbeid, men venter lenge med å si fra. Trenger bekreftelse på egen kompetanse.",
     [("Ta opp fordelingen av roller på vakt i neste teammøte", "ec")]),
    (["Egenomsorg"],
     "Vi snakket om egenomsorg i en travel periode med mange kveldsvakter. Du har kjent på slitenhet. Vi avtalte å "
     "se på turnusen sammen med teamleder hvis det fortsetter.",
     "Sliten. Har ikke hatt ferie på lenge. Minn om egenomsorg.",
     [("Planlegge ferie", "ec"), ("Spørre hvordan turnusen oppleves til neste gang", "supervisor")]),
    (["Trusler eller beskyldninger", "Egenomsorg"],
     "Du har fått en beskyldning fra en person i miljøet, og det har vært belastende. Vi gikk gjennom hva som "
     "skjedde, hvordan teamet fulgte opp, og hva du trenger framover.",
     "Håndterte beskyldningen klokt. Sjekk at teamet har fulgt opp som avtalt.",
     [("Sjekke med teamleder at hendelsen er meldt som avtalt", "supervisor")]),
    (["Kompetansebehov"],
     "Vi snakket om kompetansebehov. Du ønsker mer kunnskap om motiverende samtaler og om hvordan hjelpeapparatet "
     "for unge voksne henger sammen.",
     "Motivert for kurs. Sjekk budsjettet for kurs neste halvår.",
     [("Sende informasjon om kurs i motiverende intervju", "supervisor"), ("Melde meg på kurset", "ec")]),
    (["Etiske dilemmaer", "Grenser og avgrensning"],
     "Et etisk dilemma fra en vakt: en bekjent fra tidligere ba om hjelp utenom arbeidstid. Vi drøftet hvordan du "
     "kan vise videre til riktig hjelp uten å avvise personen.",
     "Klok vurdering. Dilemmaet kan tas med til nettverket hvis EK vil.",
     [("Lage en kort huskeliste for henvendelser utenom arbeidstid", "ec")]),
    (["Triggere", "Egenomsorg"],
     "Vi snakket om triggere: lukter, steder og musikk som vekker minner. Du kjenner igjen tegnene tidlig. Vi "
     "snakket om hvordan du kan si fra til kollegaen på vakt uten å måtte forklare alt.",
     "Kjenner egne triggere godt. Et avtalt signal med kollegaen er en god idé.",
     [("Avtale et signal med kollegaen for når jeg trenger en pause", "ec")]),
    (["Grenser og avgrensning", "Bruk av egen historie (personlig, ikke privat)"],
     "Vi så tilbake på det siste halvåret. Du er tryggere i rollen og bruker erfaringen din mer bevisst. Vi "
     "snakket om hva du vil jobbe videre med fram mot medarbeidersamtalen.",
     "Tydelig utvikling siden i fjor.",
     [("Skrive ned to mål for det neste halvåret", "ec")]),
]

FIRST_SESSION = (
    ["Rolleavklaring", "Bruk av egen historie (personlig, ikke privat)"],
    "Første veiledning. Vi snakket om hvordan de første ukene har vært, om rollen som erfaringskonsulent i teamet og "
    "om hvordan du vil bruke egen historie. Vi avtalte veiledning oftere det første halvåret.",
    "God start. Usikker på hvor mye som forventes av deling; ta det opp igjen neste gang.",
    [("Lese stillingsbeskrivelsen og skrive ned spørsmål til neste gang", "ec"),
     ("Sette opp faste tider for veiledning det første halvåret", "supervisor")],
)

# A group session: its themes and the minutes.
GROUP = [
    (["Møte med gamle kjente", "Etiske dilemmaer"],
     "Vi delte erfaringer med å jobbe i miljøer vi selv har vært en del av. Flere kjente seg igjen i forventningen om "
     "å være den som forstår alt. Vi snakket om hvordan man kan si nei på en vennlig måte."),
    (["Bruk av egen historie (personlig, ikke privat)"],
     "Hvor mye deler vi, og når? Vi brukte spørsmålene fra håndboka: spurte jeg før jeg delte, hvorfor delte jeg, "
     "stoppet jeg i tide? Gode eksempler fra flere team."),
    (["Tittelen som stigma"],
     "Samtale om tittelen erfaringskonsulent. Noen bruker den aktivt, andre ønsker en mer nøytral rolle i noen "
     "sammenhenger. Vi ble enige om at begge deler er greit, og at det kan avklares med teamleder."),
    (["Overdoser og rusbruk på nært hold", "Egenomsorg"],
     "Erfaringsdeling etter en periode med flere overdoser i sentrum. Vi snakket om hva som hjelper etter tunge "
     "vakter, og om å bruke kollegastøtte og debrief."),
    (["Samarbeid med fagansatte"],
     "Hvordan får vi erfaringskompetansen inn i teamets arbeid? Eksempler på godt samarbeid med fagansatte, og på "
     "situasjoner der rollene var uklare."),
    (["Trusler eller beskyldninger"],
     "Vi snakket om hvordan man står i beskyldninger og rykter i miljøet, og gikk gjennom rutinene for å melde fra "
     "og få støtte."),
    (["Kompetansebehov"],
     "Vi samlet ønsker om kurs og fagdager for året: motiverende intervju, traumebevisst omsorg og rettigheter i "
     "hjelpeapparatet."),
    (["Egenomsorg", "Grenser og avgrensning"],
     "Om å ta ferie, hvile og hvordan vi tar vare på hverandre i travle perioder."),
    (["Etiske dilemmaer"],
     "Et dilemma fra en av deltakerne: en bekjent fra tidligere ber om hjelp på sosiale medier. Vi drøftet ulike "
     "måter å svare på."),
    (["Rolleavklaring"],
     "Ny i rollen: de som har jobbet lengst delte hva de skulle ønske de visste det første året."),
    (["Triggere"],
     "Om triggere i jobben og hvordan vi kan si fra til hverandre på vakt. Flere har gode erfaringer med et avtalt "
     "signal."),
    (["Møte med gamle kjente", "Grenser og avgrensning"],
     "Vi snakket om å møte gamle kjente i rusmiljøet etter at man selv har sluttet. Hva gjør det med oss, og hva "
     "trenger vi av teamet?"),
]

CASE = (
    ["Etiske dilemmaer", "Samarbeid med fagansatte"],
    "Saksveiledning om oppfølgingen av en person i det åpne rusmiljøet som teamet har fulgt over tid. Vi drøftet "
    "hvordan erfaringskonsulent og fagansatt fordeler rollene, og hvordan vi holder avtaler forutsigbare. Ingen "
    "navn eller personopplysninger i referatet.",
)

FURTHER_AGREED = ("ek2", Recipient.LEADER,
                  "Ønske om færre nattrunder de neste to månedene for å få bedre søvn. Vi ber teamleder se på "
                  "turnusen sammen med erfaringskonsulenten.")
FURTHER_WAITING = ("ek3", Recipient.OCCUPATIONAL_HEALTH,
                   "Behov for en samtale med bedriftshelsetjenesten om belastning etter en krevende periode på jobb.")

REQUESTS = [("ek4", "Ønsker en prat om en vanskelig episode på en kveldsrunde.", 3), ("lp2", "", 1)]

PREPARATION = ("ek2", "Vil gjerne snakke om hvordan det går med færre nattrunder, og om kurset jeg skal på.")

GROUP_DESCRIPTION = ("Nettverk for erfaringskonsulenter og likepersoner: månedlig gruppeveiledning der vi støtter "
                     "og utfordrer hverandre og lærer av hverandres praksis.")

# ek1's reflection notes: days ago (None: three days before ek1's last held session, which
# it was brought to), title, text, the four answers, bring to supervision.
REFLECTIONS = [
    (None, "Møtte en jeg kjente fra før",
     "Han kjente meg igjen og ville snakke om gamle dager. Jeg hilste, men holdt samtalen kort. Kjente at det satt i "
     "kroppen etterpå.",
     ("Jeg delte ikke noe denne gangen.", "", "Ja, jeg avsluttet vennlig.",
      "Om ham, men jeg kjente mye på meg selv."), True),
    (5, "Delte for mye på kveldsrunden",
     "En ung person spurte hvordan jeg kom meg ut av rusen. Jeg fortalte mer enn jeg hadde tenkt, om familien og om "
     "behandlingen.",
     ("Nei, det kom brått.", "Jeg ville vise at det går an å komme seg ut av det.",
      "Ikke helt. Jeg kunne stoppet etter det første.", "Litt mye om meg, egentlig."), True),
    (40, "En god samtale i parken",
     "Rolig kveld. En lang samtale om bolig og om å søke hjelp. Jeg brukte erfaringen min uten å fortelle detaljer. "
     "Det føltes riktig.", ("", "", "", ""), False),
    (75, "Sliten etter en lang helg",
     "Tre kvelder på rad. Merker at jeg trenger mer tid til å lande etter vakt. Vil ta det opp i veiledningen.",
     ("", "", "", ""), False),
]


def demo_texts() -> list[str]:
    """Every text the demo writes, for the identifier check in the tests."""
    texts = [GROUP_DESCRIPTION, CASE[1], FURTHER_AGREED[2], FURTHER_WAITING[2], PREPARATION[1]]
    for _, shared, private, actions in [*INDIVIDUAL, FIRST_SESSION]:
        texts += [shared, private, *(text for text, _ in actions)]
    texts += [minutes for _, minutes in GROUP]
    texts += [topic for _, topic, _ in REQUESTS]
    for _, title, body, answers, _ in REFLECTIONS:
        texts += [title, body, *answers]
    return texts


# --- dates ----------------------------------------------------------------------------------------


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=OSLO).astimezone(UTC)


def _weekday_before(day: date) -> date:
    """A weekend day moves back to Friday (held sessions stay in the past)."""
    return day - timedelta(days=max(0, day.weekday() - 4))


def _weekday_after(day: date) -> date:
    """A weekend day moves on to Monday (planned sessions stay in the future)."""
    return day + timedelta(days=(7 - day.weekday()) % 7 if day.weekday() > 4 else 0)


def _months_back(day: date, months: int) -> date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _second_thursday(year: int, month: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(3 - first.weekday()) % 7 + 7)


# --- writing --------------------------------------------------------------------------------------


class _Writer:
    def __init__(self, today: date, supervisor: User, themes: dict[str, SupervisionTheme], rng: random.Random):
        self.today = today
        self.supervisor = supervisor
        self.themes = themes
        self.rng = rng

    def session(self, kind: str, day: date, people: list[User], *, held: bool, group=None, hour=None,
                minutes=None, status=None) -> SupervisionSession:
        rng = self.rng
        starts = _at(day, hour if hour is not None else rng.choice([9, 10, 12, 13, 14]), rng.choice([0, 30]))
        session = SupervisionSession(
            kind=kind, status=status or (SessionStatus.HELD if held else SessionStatus.PLANNED), starts_at=starts,
            duration_minutes=minutes or rng.choice([60, 60, 60, 45, 90]), supervisor_id=self.supervisor.id,
            group=group, created_at=min(starts - timedelta(days=14), utcnow() - timedelta(days=1)),
        )
        session.participants = [SessionParticipant(user_id=u.id, attended=True if held else None) for u in people]
        db.session.add(session)
        db.session.flush()  # its id, for the notes
        return session

    def content(self, session: SupervisionSession, theme_names, shared: str, private: str | None = None,
                shared_by: User | None = None) -> None:
        session.themes = [self.themes[name] for name in theme_names if name in self.themes]
        written = session.starts_at + timedelta(minutes=session.duration_minutes, hours=2)
        db.session.add(SessionNote(session_id=session.id, kind=NoteKind.SHARED, body=shared, updated_at=written,
                                   updated_by_id=(shared_by or self.supervisor).id))
        if private:
            db.session.add(SessionNote(session_id=session.id, kind=NoteKind.PRIVATE, body=private, updated_at=written,
                                       updated_by_id=self.supervisor.id))

    def actions(self, session: SupervisionSession, ec: User, actions, *, latest: bool) -> None:
        day = session.starts_at.astimezone(OSLO).date()
        chosen = actions if len(actions) == 1 or self.rng.random() < 0.5 else actions[:1]
        for text, who in chosen:
            due = day + timedelta(days=self.rng.choice([14, 21]))
            done = None
            if not latest and due < self.today and self.rng.random() < 0.8:
                done = _at(min(due, self.today), 15)
            db.session.add(SessionAction(
                session=session, text=text, owner_id=(ec if who == "ec" else self.supervisor).id, due_date=due,
                done_at=done, created_by_id=self.supervisor.id, created_at=session.starts_at,
            ))


def _individual_days(today: date, ec: str, start: date | None) -> list[date]:
    """The days of an EC's held individual sessions in the last year, oldest first."""
    rng = random.Random(f"{SEED}-{ec}")
    year_ago = today - timedelta(days=365)
    if ec in OVERDUE:
        last = today - timedelta(weeks=OVERDUE[ec])
    else:
        last = today + timedelta(days=PLANNED_IN[ec] - INTERVAL_DAYS)
    days, day = [], last
    while day >= year_ago and (start is None or day >= start):
        days.append(_weekday_before(day))
        day -= timedelta(days=INTERVAL_DAYS + rng.randint(-3, 3))
    return sorted(days)


def seed(today: date | None = None) -> dict:
    """Build the demo supervision; returns counts (for the command's output and the tests)."""
    today = today or utcnow().astimezone(OSLO).date()
    rng = random.Random(SEED)
    users = {u.username: u for u in db.session.scalars(db.select(User).where(
        User.username.in_([SUPERVISOR, *ECS, *PEERS, *CASE_PARTICIPANTS])))}
    supervisor = users[SUPERVISOR]
    themes = {t.name: t for t in db.session.scalars(db.select(SupervisionTheme))}
    writer = _Writer(today, supervisor, themes, rng)

    # --- who is supervised by whom; the new EC ---
    for username in (*ECS, *PEERS):
        profile: StaffProfile = users[username].profile
        if profile.supervisor_id is None:
            people.update_profile(profile, {"supervisor_id": supervisor.id})
    new_start = _months_back(today, NEW_EC_MONTHS)
    people.update_profile(users[NEW_EC].profile, {"start_date": new_start})

    # --- individual sessions ---
    counts = {"individual": 0, "group": 0, "case": 0, "planned": 0}
    last_held: dict[str, SupervisionSession] = {}
    held_by_ec: dict[str, list[SupervisionSession]] = {}
    for ec in ECS:
        user = users[ec]
        if ec == NEW_EC:
            day = _weekday_before(today - timedelta(days=10))
            session = writer.session(SessionKind.INDIVIDUAL, day, [user], held=True)
            writer.content(session, FIRST_SESSION[0], FIRST_SESSION[1], FIRST_SESSION[2])
            writer.actions(session, user, FIRST_SESSION[3], latest=True)
            held = [session]
        else:
            topics = rng.sample(INDIVIDUAL, len(INDIVIDUAL))
            days = _individual_days(today, ec, user.profile.start_date)
            held = []
            for n, day in enumerate(days):
                theme_names, shared, private, actions = topics[n % len(topics)]
                session = writer.session(SessionKind.INDIVIDUAL, day, [user], held=True)
                writer.content(session, theme_names, shared, private if rng.random() < 0.75 else None,
                               shared_by=user if rng.random() < 0.3 else None)
                writer.actions(session, user, actions, latest=n == len(days) - 1)
                held.append(session)
        counts["individual"] += len(held)
        held_by_ec[ec] = held
        last_held[ec] = held[-1]
        if ec in PLANNED_IN:
            day = _weekday_after(today + timedelta(days=PLANNED_IN[ec]))
            writer.session(SessionKind.INDIVIDUAL, day, [user], held=False, minutes=60)
            counts["planned"] += 1

    # One cancelled session: ek2 was ill one week, and it was held the week after.
    moved = held_by_ec["ek2"][len(held_by_ec["ek2"]) // 2]
    writer.session(SessionKind.INDIVIDUAL, moved.starts_at.astimezone(OSLO).date() - timedelta(days=7),
                   [users["ek2"]], held=False, status=SessionStatus.CANCELLED)

    # --- the EC network: monthly group supervision ---
    members = [users[u] for u in (*ECS, *PEERS)]
    group = SupervisionGroup(name=GROUP_NAME, description=GROUP_DESCRIPTION, supervisor_id=supervisor.id,
                             members=members)
    db.session.add(group)
    group_topics = rng.sample(GROUP, len(GROUP))
    months = [_months_back(today, m) for m in range(12, -2, -1)]
    planned_group = False
    for n, month in enumerate(months):
        day = _second_thursday(month.year, month.month)
        if day <= today - timedelta(days=365):
            continue
        present = [u for u in members if u.profile.start_date is None or u.profile.start_date <= day]
        if day >= today:
            if not planned_group:
                writer.session(SessionKind.GROUP, day, present, held=False, group=group, hour=12, minutes=120)
                counts["planned"] += 1
                planned_group = True
            continue
        session = writer.session(SessionKind.GROUP, day, present, held=True, group=group, hour=12, minutes=120)
        for participant in session.participants:
            participant.attended = rng.random() < 0.8
        theme_names, minutes = group_topics[n % len(group_topics)]
        writer.content(session, theme_names, minutes)
        counts["group"] += 1

    # --- one case supervision ---
    case = writer.session(SessionKind.CASE, _weekday_before(today - timedelta(days=20)),
                          [users[u] for u in CASE_PARTICIPANTS], held=True, hour=13, minutes=90)
    writer.content(case, *CASE)
    counts["case"] += 1

    # --- take it further: one agreed to, one waiting for the EC's agreement ---
    for (ec, recipient, body), session, agreed in (
        (FURTHER_AGREED, held_by_ec[FURTHER_AGREED[0]][-2], True),
        (FURTHER_WAITING, last_held[FURTHER_WAITING[0]], False),
    ):
        written = session.starts_at + timedelta(hours=2)
        db.session.add(FurtherItem(session=session, supervisee_id=users[ec].id, recipient=recipient, body=body,
                                   written_by_id=supervisor.id, created_at=written,
                                   agreed_at=written + timedelta(days=2) if agreed else None))

    # --- requests for a talk, preparation ---
    for username, topic, days_ago in REQUESTS:
        db.session.add(TalkRequest(requester_id=users[username].id, supervisor_id=supervisor.id, topic=topic,
                                   created_at=utcnow() - timedelta(days=days_ago, hours=rng.randint(1, 8))))
    db.session.flush()
    preparer = users[PREPARATION[0]]
    next_for = db.session.scalar(
        db.select(SupervisionSession).join(SessionParticipant)
        .where(SessionParticipant.user_id == preparer.id, SupervisionSession.status == SessionStatus.PLANNED,
               SupervisionSession.kind == SessionKind.INDIVIDUAL))
    db.session.add(PreparationNote(session_id=next_for.id, author_id=preparer.id, body=PREPARATION[1], shared=True,
                                   updated_at=utcnow() - timedelta(days=1)))

    # --- ek1's reflection log ---
    ek1_last = last_held["ek1"]
    for days_ago, title, body, answers, bring in REFLECTIONS:
        brought = days_ago is None
        written_on = ek1_last.starts_at.astimezone(OSLO).date() - timedelta(days=3) if brought \
            else today - timedelta(days=days_ago)
        asked, why, stopped, about = answers
        written = _at(written_on, 21)
        db.session.add(ReflectionEntry(
            author_id=users["ek1"].id, written_on=written_on, title=title, body=body, asked_before_sharing=asked,
            why_shared=why, stopped_in_time=stopped, about_whom=about, bring_to_supervision=bring,
            brought_to_session_id=ek1_last.id if brought else None, created_at=written, updated_at=written,
        ))
    db.session.commit()
    return {
        "held": counts["individual"] + counts["group"] + counts["case"], **counts,
        "requests": len(REQUESTS), "reflections": len(REFLECTIONS), "group_id": group.id,
    }
