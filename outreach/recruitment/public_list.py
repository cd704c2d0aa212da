"""The public applicant list (søkerliste, offentleglova § 25): the fields that may be
published, for each applicant: name, age, occupation and municipality. An applicant granted
exemption from the public list is listed by gender only. Applicants who withdrew are left
out. Nothing else (contact details, lived experience, stage) is ever in it.
"""

import csv
import io
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func, or_, select

from outreach.extensions import db
from outreach.recruitment import rules
from outreach.recruitment.models import GENDER_LABELS, Candidate, Vacancy


@dataclass(frozen=True)
class Row:
    name: str
    age: int | None
    occupation: str
    municipality: str
    exempt: bool
    gender: str


def applicants(vacancy: Vacancy) -> list[Candidate]:
    return list(db.session.scalars(
        select(Candidate).where(Candidate.vacancy_id == vacancy.id,
                                or_(Candidate.rejected_reason.is_(None), Candidate.rejected_reason != "withdrew"))
        .order_by(Candidate.public_exempt, func.lower(Candidate.full_name), Candidate.id)
    ))


def rows(candidates: list[Candidate], day: date) -> list[Row]:
    result = []
    for c in candidates:
        if c.public_exempt:
            result.append(Row("", None, "", "", True, str(GENDER_LABELS.get(c.gender, ""))))
        else:
            result.append(Row(c.full_name, rules.age_on(c.birth_year, day), c.occupation, c.municipality, False, ""))
    return result


def as_csv(vacancy: Vacancy, listed: list[Row], day: date) -> str:
    """Semicolon-separated with a byte-order mark: what Excel in Norway opens as columns."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([_("Applicant list"), vacancy.title, day.strftime("%d.%m.%Y")])
    writer.writerow([_("Name"), _("Age"), _("Occupation"), _("Municipality")])
    for row in listed:
        if row.exempt:
            writer.writerow([_("Exempt from public disclosure (%(gender)s)", gender=row.gender.lower()), "", "", ""])
        else:
            writer.writerow([_safe(row.name), "" if row.age is None else row.age, _safe(row.occupation),
                             _safe(row.municipality)])
    return out.getvalue()


def _safe(value: str) -> str:
    """A cell a spreadsheet would run as a formula gets a leading apostrophe."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
