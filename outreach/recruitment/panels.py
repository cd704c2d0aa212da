"""What recruitment contributes to Min side: onboarding items due soon (for the new colleague
and the leader following the plan), interviews the user has still to rate, and for HR and
leaders their open vacancies. Each panel runs a fixed number of queries.

No candidate is named on Min side: the panels show vacancies and times, and the interview
page (which logs the read) shows who it is.
"""

from flask_babel import lazy_gettext as _l

from outreach.core.startpage import Panel, panel_provider
from outreach.core.timeutil import today_in_oslo
from outreach.extensions import db
from outreach.recruitment import hiring, interviews, rules, vacancies
from outreach.recruitment.models import Vacancy, VacancyStatus

OPEN_VACANCIES = 5


@panel_provider("onboarding", _l("Onboarding"), order=46)
def onboarding(user) -> Panel | None:
    items = hiring.due_items(user)
    if not items:
        return None
    return Panel("recruitment/panels/onboarding.html",
                 {"due": items, "today": today_in_oslo(), "days": hiring.DUE_SOON_DAYS})


@panel_provider("interviews-to-rate", _l("Interviews to rate"), order=47)
def interviews_to_rate(user) -> Panel | None:
    waiting = interviews.to_rate(user)
    if not waiting:
        return None
    return Panel("recruitment/panels/to_rate.html", {"interviews": waiting})


@panel_provider("open-vacancies", _l("Open vacancies"), order=48, action="panel.leader_or_hr")
def open_vacancies(user) -> Panel | None:
    query = vacancies.vacancy_list(user).where(
        Vacancy.status.not_in([VacancyStatus.FILLED.value, VacancyStatus.CANCELLED.value])).limit(OPEN_VACANCIES)
    rows = list(db.session.scalars(query))
    if not rows:
        return None
    counts = vacancies.candidate_counts([v.id for v in rows])
    summary = {v.id: (sum(counts.get(v.id, {}).values()),
                      sum(n for stage, n in counts.get(v.id, {}).items() if stage in rules.ACTIVE_STAGES))
               for v in rows}
    return Panel("recruitment/panels/vacancies.html",
                 {"vacancies": rows, "counts": summary, "today": today_in_oslo()})
