"""The rules of recruitment, in plain Python: no Flask, no database.

- A candidate's pipeline: which stage may follow which, and what a move needs.
- A vacancy's status: which status may follow which, and what it needs.
- The panel of an interview for an EC position should include an EC.
- The spread of the panel's ratings, and when it is large enough to discuss.
- The due dates of an onboarding plan.

Refusals are returned as codes; the services turn them into sentences.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from outreach.core.timeutil import add_months

# --- the candidate pipeline -------------------------------------------------------------------

RECEIVED, SCREENED, FIRST, SECOND, REFERENCES, OFFER, HIRED, REJECTED = (
    "received", "screened", "first_interview", "second_interview", "references", "offer", "hired", "rejected",
)
STAGES = (RECEIVED, SCREENED, FIRST, SECOND, REFERENCES, OFFER, HIRED, REJECTED)
ACTIVE_STAGES = (RECEIVED, SCREENED, FIRST, SECOND, REFERENCES, OFFER)

# Forward moves. The second interview may be skipped (for example for a professional post);
# nothing else is: a candidate is screened before an interview and referenced before an offer.
FORWARD = {
    RECEIVED: {SCREENED},
    SCREENED: {FIRST},
    FIRST: {SECOND, REFERENCES},
    SECOND: {REFERENCES},
    REFERENCES: {OFFER},
    OFFER: {HIRED},
}
# One step back, to correct a mistake.
BACK = {
    SCREENED: {RECEIVED},
    FIRST: {SCREENED},
    SECOND: {FIRST},
    REFERENCES: {SECOND, FIRST},
    OFFER: {REFERENCES},
}

REJECTION_REASONS = ("not_qualified", "other_better", "withdrew", "declined_offer", "not_reachable", "other")


@dataclass(frozen=True)
class MoveContext:
    """What a move may depend on besides the two stages."""

    vacancy_closed: bool = False
    vacancy_draft: bool = False
    references_done: int = 0
    reason: str | None = None
    rejected_from: str | None = None
    via_hiring: bool = False  # hiring goes through the hiring form, which makes the profile


def move_refusal(current: str, target: str, context: MoveContext) -> str | None:
    """None if the candidate may move from `current` to `target`, else why not (a code)."""
    if target not in STAGES or current not in STAGES:
        return "unknown_stage"
    if current == target:
        return "same_stage"
    if context.vacancy_closed:
        return "vacancy_closed"
    if context.vacancy_draft:
        return "vacancy_draft"
    if current == HIRED:
        return "hired_is_final"
    if current == REJECTED:
        # Reopening puts the candidate back where they were rejected.
        return None if target == context.rejected_from else "reopen_to_where_rejected"
    if target == REJECTED:
        return None if context.reason in REJECTION_REASONS else "reason_needed"
    if target in FORWARD.get(current, set()):
        if target == HIRED and not context.via_hiring:
            return "hire_through_form"
        if target == OFFER and context.references_done < 1:
            return "references_needed"
        return None
    if target in BACK.get(current, set()):
        return None
    return "not_next"


def allowed_moves(current: str, context: MoveContext) -> list[str]:
    """The stages a candidate may be moved to from the board (rejection asks for its reason
    in a form of its own, so it is offered whenever the candidate is active)."""
    # The next steps first (what a move usually is), then a step back.
    later = STAGES.index(current) if current in STAGES else 0
    ordered = sorted((s for s in STAGES if s != REJECTED), key=lambda s: (STAGES.index(s) < later, STAGES.index(s)))
    options = [s for s in ordered if move_refusal(current, s, context) is None]
    if current in ACTIVE_STAGES and not (context.vacancy_closed or context.vacancy_draft):
        options.append(REJECTED)
    return options


# --- the vacancy's status ---------------------------------------------------------------------

DRAFT, OPEN, INTERVIEWING, OFFER_MADE, FILLED, CANCELLED = (
    "draft", "open", "interviewing", "offer", "filled", "cancelled",
)
VACANCY_NEXT = {
    DRAFT: {OPEN, CANCELLED},
    OPEN: {DRAFT, INTERVIEWING, CANCELLED},
    INTERVIEWING: {OPEN, OFFER_MADE, CANCELLED},
    OFFER_MADE: {INTERVIEWING, FILLED, CANCELLED},
    FILLED: set(),
    CANCELLED: set(),
}


@dataclass(frozen=True)
class VacancyFacts:
    deadline: date | None
    ad_text: str
    candidates: int
    hired: int
    positions: int


def status_refusal(current: str, target: str, facts: VacancyFacts, today: date) -> str | None:
    """None if the vacancy may go from `current` to `target`, else why not (a code)."""
    if target not in VACANCY_NEXT or current not in VACANCY_NEXT:
        return "unknown_status"
    if target not in VACANCY_NEXT[current]:
        return "closed" if not VACANCY_NEXT[current] else "not_next"
    if target == OPEN and current == DRAFT:
        if not facts.ad_text.strip():
            return "ad_text_needed"
        if facts.deadline is None or facts.deadline < today:
            return "deadline_needed"
    if target == DRAFT and facts.candidates:
        return "has_candidates"
    if target == FILLED and facts.hired < 1:
        return "nobody_hired"
    return None


def checklist_incomplete(done: list[bool]) -> int:
    """How many checklist items are still open."""
    return sum(1 for item in done if not item)


# --- the interview panel ----------------------------------------------------------------------


def panel_lacks_ec(is_ec_position: bool, panel_role_types: list[str]) -> bool:
    """An EC position's interview should have an EC on the panel (004:982)."""
    return is_ec_position and "ec" not in panel_role_types


# --- the panel's ratings ----------------------------------------------------------------------

DISAGREEMENT_SPAN = 2  # ratings 2 or more apart (say 2 and 4) are worth talking about


@dataclass(frozen=True)
class Spread:
    ratings: tuple[int, ...]
    low: int | None
    high: int | None
    mean: float | None

    @property
    def span(self) -> int:
        return 0 if self.low is None else self.high - self.low

    def disagrees(self, threshold: int = DISAGREEMENT_SPAN) -> bool:
        return len(self.ratings) > 1 and self.span >= threshold


def spread(ratings) -> Spread:
    values = tuple(sorted(r for r in ratings if r is not None))
    if not values:
        return Spread((), None, None, None)
    return Spread(values, values[0], values[-1], round(sum(values) / len(values), 1))


RECOMMENDATIONS = ("strong_no", "no", "yes", "strong_yes")


def recommendations_split(recommendations) -> bool:
    """Some of the panel say yes and some say no."""
    given = {r for r in recommendations if r}
    return bool(given & {"strong_no", "no"}) and bool(given & {"yes", "strong_yes"})


# --- onboarding -------------------------------------------------------------------------------


def onboarding_due(start: date, offset_months: int, offset_days: int) -> date:
    """An item's due date: whole months after the start (clamped to the month's end), then days."""
    return add_months(start, offset_months) + timedelta(days=offset_days)


def applies_to(role_types: list[str], role_type: str) -> bool:
    return not role_types or role_type in role_types


def age_on(birth_year: int | None, day: date) -> int | None:
    """The age the public applicant list gives: the year's difference (a birth date is not asked)."""
    return None if birth_year is None else day.year - birth_year
