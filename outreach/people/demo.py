"""The demo section: four teams with their areas and about 40 staff.

Every demo account has the password "demo" (refused in production mode).
"""

from datetime import date

from outreach.auth import services as accounts
from outreach.auth.passwords import DEMO_PASSWORD
from outreach.extensions import db
from outreach.people import services
from outreach.people.models import Area, Contract, StaffProfile

TEAMS = {
    "Mindreårige": (
        "Barn og unge under 18 i sentrum.",
        ["Oslo S og Jernbanetorget", "Grønland", "Sosiale medier", "Fritidsklubber øst"],
    ),
    "Unge voksne": (
        "Unge voksne 18-25 år i og rundt rusmiljøene.",
        ["Sentrum", "Tøyen", "Utesteder og festivaler", "Grønland"],
    ),
    "Voksne i det åpne rusmiljøet": (
        "Voksne i det åpne rusmiljøet i sentrum.",
        ["Skippergata", "Brugata", "Plata", "Oslo S"],
    ),
    "Vaterland": ("Vaterland og områdene rundt.", ["Vaterlandsparken", "Grønland torg", "Elvebredden"]),
}
TEAM_NAMES = list(TEAMS)

# username, full name, roles, team indexes, title, discipline, extra profile fields
STAFF = [
    ("admin", "Ada Systemansvarlig", ["admin"], [], "Systemansvarlig", "konsulent", {}),
    ("leder", "Lise Seksjonsleder", ["leader", "professional"], [0, 1, 2, 3], "Seksjonsleder", "sosionom", {}),
    ("tl1", "Tore Bakke", ["leader", "professional"], [0], "Teamleder", "barnevernspedagog", {}),
    ("tl2", "Hanne Lunde", ["leader", "professional"], [1], "Teamleder", "sosionom", {}),
    ("tl3", "Per Aas", ["leader", "professional"], [2], "Teamleder", "sykepleier", {}),
    ("tl4", "Mona Vik", ["leader", "professional"], [3], "Teamleder", "miljoterapeut", {}),
    ("hr", "Helga Rådgiver", ["hr"], [], "HR-rådgiver", "konsulent", {}),
    ("veileder", "Vera Fagkonsulent", ["supervisor", "professional"], [0, 1, 2, 3],
     "Fagkonsulent for erfaringskonsulenter", "psykolog", {}),
]
_FAG_NAMES = [
    "Anders Berg", "Berit Dahl", "Camilla Eide", "Daniel Fjeld", "Eva Gran", "Fredrik Haug",
    "Guro Isaksen", "Henrik Jensen", "Ingrid Kvam", "Jon Larsen", "Kari Moen", "Lars Nilsen",
    "Marte Olsen", "Nils Pettersen", "Oda Quist", "Petter Riis", "Randi Solberg", "Sindre Thorsen",
    "Tone Ulset", "Ulrik Vang", "Vibeke Wold", "Willy Ødegård", "Åse Aune", "Øystein Brekke",
]
_DISCIPLINES = ["miljoterapeut", "sosionom", "barnevernspedagog", "miljoterapeut", "sykepleier", "psykolog"]
for i, name in enumerate(_FAG_NAMES, start=1):
    discipline = _DISCIPLINES[i % len(_DISCIPLINES)]
    title = {"psykolog": "Psykolog", "sykepleier": "Sykepleier"}.get(discipline, "Oppsøkende miljøterapeut")
    STAFF.append((f"fag{i}", name, ["professional"], [(i - 1) % 4], title, discipline,
                  {"position_percentage": 100 if i % 7 else 80}))

# Six EC positions, 5.5 FTE, five permanent: one on every team, two on the largest.
EC_STAFF = [
    ("ek1", "Espen Kristiansen", [0], {"position_percentage": 100}, ["drugs", "child_welfare"]),
    ("ek2", "Linn Sæther", [1], {"position_percentage": 100}, ["drugs", "mental_health"]),
    ("ek3", "Rune Holm", [2], {"position_percentage": 100}, ["drugs", "prison", "crime"]),
    ("ek4", "Siri Nygård", [3], {"position_percentage": 100}, ["treatment", "homelessness"]),
    ("ek5", "Kim Andersen", [2], {"position_percentage": 100}, ["drugs", "treatment"]),
    ("ek6", "Nora Lie", [1], {"position_percentage": 50, "contract": Contract.TEMPORARY},
     ["next_of_kin", "mental_health"]),
]
PEER_STAFF = [
    ("lp1", "Jonas Strand", [0]),
    ("lp2", "Amina Yusuf", [0]),
    ("lp3", "Mathias Ruud", [1]),
    ("lp4", "Sara Kaur", [1]),
]

DEMO_LOGINS = ["admin", "leder", "tl1", "hr", "veileder", "fag1", "ek1", "lp1"]


def seed() -> None:
    """Create the demo organisation through the services, so it is audited like real data."""
    teams = [services.create_team(name=name, description=desc) for name, (desc, _) in TEAMS.items()]
    for team, (_, areas) in zip(teams, TEAMS.values(), strict=True):
        for area in areas:
            services.add_area(team, name=area)

    profiles: dict[str, StaffProfile] = {}
    start = date(2019, 8, 1)

    def add(username, full_name, roles, team_idx, title, discipline, fields):
        user, _ = accounts.create_user(
            username=username, full_name=full_name, roles=roles, email=f"{username}@uteseksjonen.example",
            team_ids=[teams[i].id for i in team_idx], password=DEMO_PASSWORD, must_change_password=False,
        )
        profile = user.profile
        services.update_profile(
            profile,
            {"title": title, "discipline": discipline, "start_date": start, "phone": f"9{user.id:07d}", **fields},
        )
        profiles[username] = profile
        return profile

    for username, full_name, roles, team_idx, title, discipline, fields in STAFF:
        add(username, full_name, roles, team_idx, title, discipline, fields)

    supervisor_id = profiles["veileder"].user_id
    for n, (username, full_name, team_idx, fields, experience) in enumerate(EC_STAFF):
        profile = add(username, full_name, ["ec"], team_idx, "Erfaringskonsulent", None,
                      {"supervisor_id": supervisor_id, "start_date": date(2021 + n % 4, 1 + n, 1), **fields})
        buddy = profiles[f"fag{team_idx[0] + 1}"]
        services.update_profile(profile, {"buddy_id": buddy.id})
        team_areas = db.session.scalars(db.select(Area).where(Area.team_id == teams[team_idx[0]].id)).all()
        services.set_experience(profile, experience, [a.id for a in team_areas[:2]])

    for username, full_name, team_idx in PEER_STAFF:
        add(username, full_name, ["peer"], team_idx, "Likeperson", None,
            {"contract": Contract.HOURLY, "position_percentage": 0, "start_date": date(2025, 3, 1)})

