"""The HKH demo (004:187-206, 1005-1035): the three earlier projects the handbook names,
«Innenfor utenfor» (2012), «Unge voksne i åpne rusmiljø» (2013) and «Under brua» (2017),
archived with a short mandate and action plan each; the peer project «Perspektiv» (2013),
grown out of Innenfor utenfor's action plan; and one running project, «Kveld på Oslo S»,
in follow-up: a method plan, a field log, findings, a report with an exported version and an
action plan with two overdue measures (fag1's and ek2's) and the 6-month review due soon.

Everything goes through the services, so it is audited like real data. Only what the
services set to "today" or "now" is moved back afterwards: the day an action plan was adopted
(and so its reviews' due dates), and when the running project's report was written and
exported. No service archives a project yet: the demo sets the flag and writes the audit row.
No real persons: the external members are named by their role; the field notes have no
names or identifiers.
"""

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from outreach.auth.models import User
from outreach.core.timeutil import add_months, today_in_oslo
from outreach.extensions import db
from outreach.hkh import fieldwork, outcome, projects, rules
from outreach.hkh.models import HkhProject

KORUS = "KORUS Oslo"
RUNNING_TITLE = "Kveld på Oslo S: unge rundt Jernbanetorget"

# --- the earlier projects ----------------------------------------------------------------------

# (title, period, kick-off, plan adopted, commissioner, problem, target group, area,
#  measures: (title, partner, deadline, status after 6 months, status after 12 months))
HISTORY = [
    {
        "title": "Innenfor utenfor", "starts": date(2012, 1, 16), "ends": date(2012, 8, 31),
        "kickoff": date(2012, 1, 26), "adopted": date(2012, 10, 1),
        "commissioner": "Velferdsetaten, Oslo kommune (veiledet av KORUS Oslo)",
        "problem": "Unge i det alternative ungdomsmiljøet på Oslo Sentralstasjon: hvem er de, hva trenger de, "
                   "og hvorfor når tjenestene dem ikke?",
        "target": "Ungdom og unge voksne 14–23 år i miljøet rundt Oslo S",
        "area": "Oslo S og Jernbanetorget",
        "measures": [
            ("Unge likepersoner som brobyggere i miljøet på Oslo S", "KORUS Oslo", date(2013, 6, 30),
             "under_way", "done", "perspektiv"),
            ("Fast samarbeid med vektere og politiet på stasjonen om unge i miljøet", "Politiet, Bane NOR",
             date(2013, 3, 31), "done", "done", None),
            ("Egen kveldsvakt rettet mot det alternative ungdomsmiljøet", "", date(2013, 9, 30),
             "under_way", "dropped", None),
        ],
        "reviews": ("Likepersonarbeidet er i gang som eget prosjekt. Samarbeidet på stasjonen fungerer.",
                    "Kveldsvakten ble lagt inn i teamets ordinære turnus i stedet for som eget tiltak."),
    },
    {
        "title": "Unge voksne i åpne rusmiljø", "starts": date(2013, 2, 4), "ends": date(2013, 9, 30),
        "kickoff": date(2013, 2, 14), "adopted": date(2013, 11, 15),
        "commissioner": "Velferdsetaten, Oslo kommune (veiledet av KORUS Oslo)",
        "problem": "Unge voksne som har kommet inn i de åpne rusmiljøene i sentrum: hva holder dem der, "
                   "og hva kan hjelpe dem ut?",
        "target": "Unge voksne 18–25 år i de åpne rusmiljøene",
        "area": "Sentrum, Plata og Skippergata",
        "measures": [
            ("Erfaringskonsulent i teamet for unge voksne", "", date(2014, 6, 30), "under_way", "done", None),
            ("Oppfølgingsgruppe for unge voksne som vil ut av miljøet", "Rusmiddeletaten", date(2014, 9, 30),
             "under_way", "done", None),
            ("Felles årlig kartlegging med Rusmiddeletaten", "Rusmiddeletaten", date(2014, 12, 31),
             "planned", "dropped", None),
        ],
        "reviews": ("Stillingen som erfaringskonsulent er lyst ut. Gruppen har hatt de første samlingene.",
                    "Erfaringskonsulenten er ansatt, og gruppen går fast. Den årlige kartleggingen ble lagt bort: "
                    "HKH-en gjentas heller ved behov."),
    },
    {
        "title": "Under brua", "starts": date(2017, 3, 1), "ends": date(2017, 10, 31),
        "kickoff": date(2017, 3, 9), "adopted": date(2017, 12, 1),
        "commissioner": "Velferdsetaten, Oslo kommune (veiledet av KORUS Oslo)",
        "problem": "Hvem oppholder seg under bruene ved Vaterland, og hvilke behov for hjelp og helsetjenester "
                   "har de?",
        "target": "Voksne som oppholder seg ute under bruene i og rundt Vaterland",
        "area": "Vaterland og elvebredden",
        "measures": [
            ("Faste oppsøkende runder under bruene på kveldstid", "", date(2018, 3, 31), "done", "done", None),
            ("Samarbeid med Bymiljøetaten om lys og rydding", "Bymiljøetaten", date(2018, 6, 30),
             "under_way", "done", None),
            ("Helsetilbud på stedet sammen med sykepleietjenesten", "Helseetaten", date(2018, 9, 30),
             "planned", "dropped", None),
        ],
        "reviews": ("Rundene går fast to kvelder i uken. Lys er satt opp under den ene brua.",
                    "Helsetilbudet på stedet ble ikke mulig; de vi møter følges i stedet til eksisterende tilbud."),
    },
]

PERSPEKTIV = {
    "title": "Perspektiv", "starts": date(2013, 8, 1), "ends": date(2020, 6, 30), "kickoff": date(2013, 8, 8),
    "commissioner": "Uteseksjonen, Velferdsetaten",
    "problem": "Ung til ung: unge likepersoner som brobyggende element i det alternative ungdomsmiljøet på "
               "Oslo S. Startet som oppfølging av tiltaksplanen i «Innenfor utenfor».",
    "target": "Unge i det alternative ungdomsmiljøet på Oslo S, senere andre ungdomsmiljøer",
    "area": "Oslo S, senere andre ungdomsmiljøer",
    "measures": [
        ("Likepersoner på temasamlinger for ungdom og konferanser", "", date(2014, 6, 30), "done"),
        ("Likepersoner i det oppsøkende arbeidet noen timer i uken", "", date(2016, 6, 30), "done"),
        ("Likepersonene ansettes på timesbasis med lønn", "", date(2017, 1, 31), "done"),
        ("Evaluering av prosjektet", KORUS, date(2020, 12, 31), "done"),
    ],
}

HISTORIC_GROUP = [("Prosjektleder i Uteseksjonen", "Uteseksjonen", "lead"),
                  ("Erfaringskonsulent i kartleggingsteamet", "Uteseksjonen", "ec"),
                  ("Fagansatte i kartleggingsteamet", "Uteseksjonen", "member"),
                  ("Forskerkontakt", KORUS, "external")]


def _mandate(spec: dict, origin: HkhProject | None = None) -> projects.MandateInput:
    return projects.MandateInput(
        title=spec["title"], commissioner=spec["commissioner"], problem=spec["problem"], target_group=spec["target"],
        area=spec["area"], starts_on=spec["starts"], ends_on=spec["ends"], kickoff_on=spec["kickoff"],
        origin_project_id=origin.id if origin else None)


def _move_to(project: HkhProject, target: str, actor) -> None:
    while project.phase != target:
        projects.move_phase(project, rules.next_phase(project.phase), version=project.version, accept_gaps=True,
                            actor=actor)


def _adopted_on(project: HkhProject, day: date) -> None:
    """The action plan was adopted on `day` (the service said today): the reviews move with it."""
    project.plan_adopted_on = day
    due = rules.review_dates(day)
    for review in outcome.reviews_of(project):
        review.due_on = due[review.months]
    db.session.commit()


def _noon(day: date) -> datetime:
    return datetime.combine(day, time(11), tzinfo=UTC)


def _backdated(section, day: date) -> None:
    """A report section saved on `day` (the service said now)."""
    section.updated_at = _noon(day)
    db.session.commit()


def _archive(project: HkhProject, actor) -> None:
    projects.set_archived(project, True, actor=actor)


def _historic(spec: dict, actor, grows=None) -> HkhProject:
    """An earlier project through its phases, its plan adopted and both reviews held in its
    own years. `grows(project)`, if given, makes the project its plan's first measure became."""
    project = projects.create_project(_mandate(spec), actor=actor)
    for name, organisation, role in HISTORIC_GROUP:
        projects.add_member(project, user_id=None, name=name, organisation=organisation, role=role, actor=actor)
    _move_to(project, "action", actor)
    grown = grows(project) if grows else None
    measures = []
    for title, partner, deadline, _first, _last, became in spec["measures"]:
        measures.append(outcome.add_measure(project, outcome.MeasureInput(
            title=title, partner=partner, deadline=deadline, status="planned",
            became_project_id=grown.id if became and grown else None), actor=actor))
    _move_to(project, "follow_up", actor)
    _adopted_on(project, spec["adopted"])
    for review, summary, column in zip(outcome.reviews_of(project), spec["reviews"], (3, 4), strict=True):
        progress = {m.id: (row[column], "") for m, row in zip(measures, spec["measures"], strict=True)}
        outcome.record_review(review, project, held_on=review.due_on + timedelta(days=9), summary=summary,
                              progress=progress, actor=actor)
    return project


def _perspektiv(origin: HkhProject, actor) -> HkhProject:
    project = projects.create_project(_mandate(PERSPEKTIV, origin), actor=actor)
    for name, organisation, role in [("Prosjektleder i Uteseksjonen", "Uteseksjonen", "lead"),
                                     ("Unge likepersoner", "Uteseksjonen", "member"),
                                     ("Forskerkontakt (evalueringen)", KORUS, "external")]:
        projects.add_member(project, user_id=None, name=name, organisation=organisation, role=role, actor=actor)
    _move_to(project, "action", actor)
    for title, partner, deadline, status in PERSPEKTIV["measures"]:
        outcome.add_measure(project, outcome.MeasureInput(title=title, partner=partner, deadline=deadline,
                                                          status=status), actor=actor)
    return project


# --- the running project -----------------------------------------------------------------------

PLAN = {("interview", "target_group"): 6, ("focus_group", "target_group"): 2, ("focus_group", "professionals"): 2,
        ("observation", "target_group"): 4, ("survey", "target_group"): 1, ("interview", "partners"): 3,
        ("documents", "others"): 2}

# (key, days ago, method, source, place, age group, informants, team, notes)
LOG = [
    ("i1", 300, "interview", "target_group", "Jernbanetorget", "under_18", 2, ("fag1", "ek2"),
     "Samtale med to jenter som venter på venner. Oslo S er stedet der alle møtes fordi det er varmt, åpent og "
     "ingen jager dem. De vet ikke om noe annet sted å være etter klokka ni."),
    ("o1", 296, "observation", "target_group", "Oslo S, hovedhallen og Byporten", "mixed", None, ("fag5", "ek2"),
     "Observasjon fra klokka 19 til 23. Tre faste grupper, til sammen rundt tretti unge. Gruppene flytter seg mellom "
     "hallen og Byporten når vekterne går runder."),
    ("i2", 291, "interview", "target_group", "Jernbanetorget", "18_25", 1, ("fag2", "ek2"),
     "Ung mann som forteller at avtaler om kjøp gjøres på sosiale medier før man møtes her. Mindre salg på selve "
     "torget enn før, mer henting."),
    ("fg1", 286, "focus_group", "professionals", "Uteseksjonens lokaler", "", 7, ("fag1", "tl1"),
     "Fokusgruppe med ansatte fra tre tjenester. Felles bilde: de unge spør hverandre om hjelp, og tjenestene er "
     "lite kjent. Flere tjenester stenger før de unge kommer."),
    ("i3", 281, "interview", "target_group", "Byporten, inngangen", "under_18", 1, ("fag5", "ek2"),
     "Samtale om hvor man får hjelp. Vet om helsesykepleier på skolen, men ikke om tilbud på kveldstid. Spør heller "
     "eldre venner."),
    ("o2", 276, "observation", "target_group", "Jernbanetorget", "mixed", None, ("fag2", "fag5"),
     "Sen observasjon fra klokka 22 til 01. Mer rus synlig etter midnatt. Noen yngre blir igjen alene når "
     "gruppene går videre."),
    ("i4", 270, "interview", "target_group", "Oslo S, ved trikken", "18_25", 2, ("fag1", "ek2"),
     "To unge voksne om dårlige erfaringer med hjelpeapparatet: lovet oppfølging som ikke kom. Snakker lettere med "
     "erfaringskonsulenten enn med oss andre. Avtaler gjøres på nett, sier de også."),
    ("fg2", 262, "focus_group", "target_group", "Fritidsklubb i sentrum", "under_18", 6, ("ek2", "fag5"),
     "Fokusgruppe med ungdom. Mistillit til voksne som «bare vil melde fra». Ønsker seg voksne som er der over tid "
     "og som de kjenner igjen."),
    ("p1", 255, "interview", "partners", "Politiets lokaler i sentrum", "", 2, ("tl1", "fag1"),
     "Samtale med politiet om utviklingen. Samme bilde som vår observasjon: salget har flyttet seg, og gruppene "
     "flytter seg mellom torget og Byporten."),
    ("s1", 250, "survey", "target_group", "Digitalt, delt på stasjonen", "mixed", 64, ("fag2",),
     "Kort spørreundersøkelse med 64 svar. To av tre oppgir at de ikke vet om et sted å gå om kvelden. De fleste "
     "ville spurt en venn først om de trengte hjelp."),
    ("p2", 244, "interview", "partners", "Bane NOR, stasjonskontoret", "", 1, ("fag1",),
     "Samtale med stasjonens driftsansvarlige om vekternes rolle og om samarbeid på kveldstid."),
    ("i5", 238, "interview", "target_group", "Jernbanetorget", "18_25", 1, ("fag2", "ek2"),
     "Samtale om hva som ville hjulpet: et sted å sitte inne, noe å spise, voksne som ikke krever noe."),
    ("d1", 233, "documents", "others", "", "", None, ("fag5",),
     "Gjennomgang av Ung i Oslo-tallene for bydelen og stasjonens hendelseslogg, uten personopplysninger."),
    ("o3", 228, "observation", "target_group", "Oslo S, hovedhallen", "mixed", None, ("fag1", "ek2"),
     "Observasjon en fredag. Flere nye og yngre enn tidligere kvelder. Vekterne kjenner gruppene, men snakker "
     "sjelden med dem."),
]

FINDINGS = [
    ("Få trygge, alkoholfrie steder å være om kvelden",
     "De unge samles på Oslo S fordi det er varmt og åpent; det finnes lite annet etter klokka ni.",
     ["i1", "o1", "s1", "i5"]),
    ("Unge vet lite om hvor de kan få hjelp, og spør heller hverandre",
     "Tjenestene er lite kjent og stenger før de unge kommer.", ["i3", "fg1", "s1"]),
    ("Mistillit til hjelpeapparatet etter tidligere erfaringer",
     "Løfter om oppfølging som ikke ble holdt; erfaringskonsulenten når fram der andre ikke gjør det.",
     ["i4", "fg2"]),
    ("Rus og salg flytter seg mellom Jernbanetorget og Byporten sent på kvelden",
     "Mer rus synlig etter midnatt; gruppene flytter seg når vekterne går runder.", ["o1", "o2", "p1", "o3"]),
    ("Avtaler om kjøp gjøres på sosiale medier",
     "Flere forteller at avtalene gjøres på nett før man møtes. Bare intervjuer støtter dette ennå.", ["i2", "i4"]),
]

SECTIONS = {
    "background": "Oppdraget kom fra Bydel Gamle Oslo og Velferdsetaten etter bekymring for yngre ungdom som "
                  "samles rundt Oslo S om kvelden. Kartleggingen fulgte metoden Hurtig kartlegging og handling, "
                  "under veiledning av KORUS Oslo.",
    "method": "Kartleggingsteamet hadde seks medlemmer, blant dem en erfaringskonsulent. Vi brukte intervjuer, "
              "fokusgrupper, observasjon, en kort spørreundersøkelse og dokumenter, og sammenholdt funnene på "
              "tvers av metoder og kilder. Ingen navn eller kjennetegn er skrevet ned.",
    "findings": "Fem funn går igjen. Det som støttes av flere metoder og kilder, er vektlagt mest. Funnet om avtaler "
                "på sosiale medier hviler foreløpig bare på intervjuer.",
    "recommendations": "Vi anbefaler et kveldsåpent lavterskeltilbud nær stasjonen, fast tilstedeværelse av "
                       "erfaringskonsulent og fagansatt på fredager, bedre informasjon om hjelpetilbud laget sammen "
                       "med de unge, og et fast samarbeidsforum med politiet og Bane NOR.",
}
RECOMMENDATIONS_AFTER = SECTIONS["recommendations"] + (
    "\n\nEtter høringsrunden i arbeidsgruppen: tiltaket om en egen ungdomskafé i Byporten er tatt ut, siden lokalene "
    "ikke er tilgjengelige.")

# (title, owner, partner, deadline in days from today, status, findings answered)
MEASURES = [
    ("Kveldsåpent lavterskeltilbud nær Oslo S to kvelder i uken", "fag1", "Bydel Gamle Oslo", -40, "under_way", [0]),
    ("Fast kveldsvakt med erfaringskonsulent og fagansatt på Jernbanetorget fredager", "ek2", "", -12, "planned",
     [2, 3]),
    ("Informasjonskort om hjelpetilbud, laget sammen med unge", "ek2", "Ungdomsrådet i bydelen", -60, "done", [1]),
    ("Månedlig samarbeidsmøte med politiet og Bane NOR om kveldene på stasjonen", "tl1", "Politiet, Bane NOR", 45,
     "under_way", [3]),
    ("Kartlegge bruken av sosiale medier nærmere", "fag5", KORUS, 90, "planned", [4]),
    ("Egen ungdomskafé i Byporten", "fag2", "Kirkens Bymisjon", 30, "dropped", [0]),
]
OVERDUE_OWNERS = ("fag1", "ek2")
REVIEW_IN_DAYS = 9  # the 6-month review is due this many days from today


def _running(users: dict[str, User], today: date) -> dict:
    leader = users["tl1"]
    starts = add_months(today, -11)
    project = projects.create_project(projects.MandateInput(
        title=RUNNING_TITLE, commissioner="Bydel Gamle Oslo og Velferdsetaten",
        problem="Yngre ungdom samles rundt Oslo S og Jernbanetorget om kvelden. Bydelen og tjenestene er bekymret "
                "for rus, salg og at de unge ikke når fram til hjelp. Hvor trykker skoen, og hva bør gjøres?",
        target_group="Ungdom 14–20 år som oppholder seg rundt Oslo S om kvelden", area="Oslo S og Jernbanetorget",
        starts_on=starts, ends_on=add_months(starts, 6), kickoff_on=starts + timedelta(days=9),
    ), actor=leader, lead=users["fag1"])
    lead = users["fag1"]  # the project lead puts the group together (nobody adds themselves)
    for username, role in (("ek2", "ec"), ("fag5", "member"), ("fag2", "member"), ("tl1", "member")):
        projects.add_member(project, user_id=users[username].id, name="", organisation="", role=role, actor=lead)
    projects.add_member(project, user_id=None, name="Forskerkontakt", organisation=KORUS, role="external",
                        actor=leader)
    fieldwork.set_plan(project, PLAN, actor=users["fag1"])
    _move_to(project, "data_collection", leader)

    entries = {}
    for key, ago, method, source, place, age, informants, team, notes in LOG:
        writer = users[team[0]]
        entries[key] = fieldwork.add_entry(project, fieldwork.LogInput(
            method=method, source=source, held_on=today - timedelta(days=ago), place=place, age_group=age,
            informants=informants, notes=notes, team_ids=[users[u].id for u in team]), actor=writer)
    _move_to(project, "analysis", users["fag1"])
    findings = [fieldwork.add_finding(project, fieldwork.FindingInput(
        title=title, description=description, entry_ids=[entries[k].id for k in keys]), actor=users["fag1"])
        for title, description, keys in FINDINGS]

    adopted = add_months(today + timedelta(days=REVIEW_IN_DAYS), -6)
    exported = adopted - timedelta(days=20)
    _move_to(project, "report", users["fag1"])
    for key, text in SECTIONS.items():
        saved = outcome.save_section(project, key, text, version="", actor=users["fag1"])
        _backdated(saved, exported - timedelta(days=2))
    version = outcome.export_report(project, actor=users["fag1"])
    version.created_at = _noon(exported)
    version.markdown = outcome.markdown(project, version.sections, version.number, exported)
    db.session.commit()
    # The draft went on after the export: version 1 keeps the text it had.
    section = dict(outcome.report_sections(project))["recommendations"]
    _backdated(outcome.save_section(project, "recommendations", RECOMMENDATIONS_AFTER, version=section.version,
                                    actor=users["ek2"]), exported + timedelta(days=4))

    _move_to(project, "action", users["fag1"])
    for title, owner, partner, days, status, answers in MEASURES:
        outcome.add_measure(project, outcome.MeasureInput(
            title=title, owner_id=users[owner].id, partner=partner, deadline=today + timedelta(days=days),
            status=status, finding_ids=[findings[i].id for i in answers]), actor=users["fag1"])
    _move_to(project, "follow_up", users["fag1"])
    _adopted_on(project, adopted)
    return {"project": project, "entries": len(entries), "findings": len(findings)}


def seed(today: date | None = None) -> dict:
    today = today or today_in_oslo()
    users = {u.username: u for u in db.session.scalars(select(User))}
    section_leader = users["leder"]
    grown: list[HkhProject] = []

    def perspektiv(origin: HkhProject) -> HkhProject:
        grown.append(_perspektiv(origin, section_leader))
        return grown[0]

    made = [_historic(spec, section_leader, perspektiv if spec["title"] == "Innenfor utenfor" else None)
            for spec in HISTORY]
    for project in [*made, *grown]:
        _archive(project, section_leader)
    running = _running(users, today)
    return {"archived": len(made) + len(grown), "running": running["project"].title,
            "entries": running["entries"], "findings": running["findings"]}
