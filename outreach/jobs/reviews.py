"""When a job description is next reviewed: a pure rule, no Flask, no database.

A description is reviewed by signing a new version. A new experience consultant's is
reviewed after `new_ec_months` (2 and 6) counted from the start date, since the first six
months are the hardest and the role must be renegotiated as it settles (research/seed003.md);
after those, and for everyone else, `interval_months` (12) after the last signing. A person
with no signed description is due at once (from their start date).
"""

from datetime import date

from outreach.core.timeutil import add_months


def next_review(*, role_type: str, start_date: date | None, last_signed: date | None, today: date,
                new_ec_months: tuple[int, ...] = (2, 6), interval_months: int = 12) -> date:
    if last_signed is None:
        return start_date if start_date is not None and start_date <= today else today
    if role_type == "ec" and start_date is not None:
        for months in sorted(new_ec_months):
            milestone = add_months(start_date, months)
            if milestone > last_signed:
                return milestone
    return add_months(last_signed, interval_months)


def is_due(next_on: date | None, today: date, *, soon_days: int = 14) -> bool:
    """Shown on the start pages: due within `soon_days`, or overdue."""
    return next_on is not None and (next_on - today).days <= soon_days
