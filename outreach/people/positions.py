"""The positions the section hires for and describes: each names the role type it gives on
the roster, the discipline of a professional, and the account roles a new hire gets.

Recruitment (a vacancy is for a position) and job descriptions (one template per position)
share these keys. Pure data: no Flask, no database.
"""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Position:
    label: object
    role_type: str  # people.models.RoleType
    discipline: str | None
    roles: tuple[str, ...]  # auth.models.Role values a new hire's account gets
    title: str  # the Norwegian job title written on a new staff profile


POSITIONS: dict[str, Position] = {
    "ec": Position(_l("Experience consultant"), "ec", None, ("ec",), "Erfaringskonsulent"),
    "peer": Position(_l("Peer (likeperson)"), "peer", None, ("peer",), "Likeperson"),
    "miljoterapeut": Position(_l("Outreach social worker (miljøterapeut)"), "professional", "miljoterapeut",
                              ("professional",), "Oppsøkende miljøterapeut"),
    "psykolog": Position(_l("Psychologist"), "professional", "psykolog", ("professional",), "Psykolog"),
    "sosionom": Position(_l("Social worker (sosionom)"), "professional", "sosionom", ("professional",), "Sosionom"),
    "teamleder": Position(_l("Team leader"), "professional", None, ("leader", "professional"), "Teamleder"),
    "fagkonsulent_ek": Position(_l("Adviser for the experience consultants"), "professional", None,
                                ("supervisor", "professional"), "Fagkonsulent for erfaringskonsulenter"),
    "hr": Position(_l("HR adviser"), "administrative", "konsulent", ("hr",), "HR-rådgiver"),
}


def position_label(key: str) -> str:
    position = POSITIONS.get(key)
    return str(position.label) if position is not None else key


def is_ec_position(key: str) -> bool:
    position = POSITIONS.get(key)
    return position is not None and position.role_type == "ec"
