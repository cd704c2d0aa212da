"""The first draft of a vacancy's ad text, from its needs mapping.

The ad is published in Norwegian whatever language the writer uses the intranet in, so the
draft is Norwegian text (content, like the seeded guides), not interface text. It names what
the mapping says (the team, the environment, the lived experience wanted, the
responsibilities, the size and kind of the position) so that the ad is clear (004:1158-1170);
the writer edits it from there.
"""

from outreach.people.models import Area, Team
from outreach.people.positions import POSITIONS

EXPERIENCE_WORDS = {
    "drugs": "rusbruk",
    "mental_health": "psykisk helse",
    "child_welfare": "barnevern",
    "prison": "fengsel",
    "crime": "kriminalitet",
    "treatment": "rusbehandling",
    "homelessness": "bostedsløshet",
    "next_of_kin": "å være pårørende",
}
CONTRACT_SENTENCES = {
    "permanent": "Dette er en fast stilling på {percent} %.",
    "temporary": "Dette er en midlertidig stilling på {percent} %.",
    "hourly": "Dette er en timebasert stilling, med vakter avtalt på forhånd.",
}


def _joined(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " og " + words[-1]


def description_text(position_key: str) -> str:
    """The position's own description for the ad: the job description template's purpose,
    main tasks and qualifications."""
    from outreach.jobs.ads import ad_description

    return ad_description(position_key)


def starting_text(need, team: Team, area: Area | None, title: str) -> str:
    position = POSITIONS[need.position_key]
    where = need.environment.strip().rstrip(".") or (area.name if area is not None else "")
    parts = [title, ""]
    parts.append(f"Uteseksjonen søker {position.title.lower()} til teamet {team.name}"
                 + (f", med arbeid særlig i {where}" if where else "") + ".")
    if team.description:
        parts.append(team.description)
    if need.experience_codes:
        words = [EXPERIENCE_WORDS.get(code, code) for code in need.experience_codes]
        parts += ["", f"Vi ønsker oss en kollega med egenerfaring fra {_joined(words)}, "
                      "som vil bruke erfaringene sine aktivt i møte med dem vi jobber med."]
    own = description_text(need.position_key)
    if own:
        parts += ["", own]
    if need.responsibilities.strip():
        parts += ["", "Ansvar og oppgaver:", need.responsibilities.strip()]
    size = CONTRACT_SENTENCES[need.contract].format(percent=need.position_percentage)
    parts += ["", f"{size} Arbeidet er oppsøkende, på kveld og natt etter turnus, alltid sammen med en kollega."]
    if position.role_type == "ec":
        parts += ["", "Som erfaringskonsulent får du fadder, opplæring, utvidet veiledning og plass i "
                      "nettverket for erfaringskonsulenter. Du skal ikke måtte dele hele historien din."]
    return "\n".join(parts).strip()
