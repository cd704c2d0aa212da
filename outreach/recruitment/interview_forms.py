"""Forms for interviews: planning one, and a panel member's own ratings.

The rating form has fields per question of the interview's guide version, named
"q<question id>-rating", "-notes" and "-checked", plus one "question" field per question so
that a question left blank is still part of what is saved. They are read here into the
service's AnswerInput; the service checks them against the guide (interviews.save_ratings).
"""

import re
from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, IntegerField, RadioField, SelectField, StringField, TextAreaField, TimeField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from outreach.core.database import optional_id
from outreach.core.forms import MultiCheckboxField, clean_text, no_nul
from outreach.recruitment.interviews import MAX_DURATION, MIN_DURATION, NOTES_MAX, PLACE_MAX, AnswerInput
from outreach.recruitment.models import RECOMMENDATION_LABELS


def _optional_str(value):
    return None if value in (None, "", "None") else str(value)


class InterviewForm(FlaskForm):
    guide_version_id = SelectField(_l("Interview guide"), coerce=optional_id, validate_choice=False,
                                   validators=[InputRequired(message=_l("Choose a published interview guide."))])
    day = DateField(_l("Date"), validators=[DataRequired(message=_l("Give a date."))])
    start = TimeField(_l("Starts at"), validators=[DataRequired(message=_l("Give a time."))])
    duration_minutes = IntegerField(
        _l("Duration in minutes"), default=60,
        validators=[InputRequired(message=_l("Give the duration in minutes.")),
                    NumberRange(min=MIN_DURATION, max=MAX_DURATION,
                                message=_l("Between %(min)s and %(max)s minutes."))])
    place = StringField(_l("Place"), validators=[Length(max=PLACE_MAX)], filters=[clean_text])
    # Checked by the service against who may sit on the panel (the choices the view sets).
    panel_ids = MultiCheckboxField(_l("Panel"), coerce=int, validate_choice=False)
    version = HiddenField()


class RatingForm(FlaskForm):
    """The overall part of a panel member's ratings; the answers per question are read by
    `read_answers`. The button pressed is posted as "action": save, submit (which asks
    first) or confirm."""

    recommendation = RadioField(_l("Overall recommendation"), coerce=_optional_str, validate_choice=False,
                                choices=list(RECOMMENDATION_LABELS.items()))
    notes = TextAreaField(_l("Overall notes"), filters=[no_nul], validators=[Length(max=NOTES_MAX)])


@dataclass
class AnswerState:
    """What one question's inputs show: what was saved, or what was just typed."""

    rating: str = ""
    notes: str = ""
    checked: list[str] = field(default_factory=list)
    error: str = ""


_FIELD = re.compile(r"^q(\d+)-(rating|notes|checked)$")


def read_answers(formdata) -> tuple[dict[int, AnswerInput], dict[int, AnswerState], dict[int, str]]:
    """The answers posted: (for the service, to show again, errors found in reading them)."""
    ids: set[int] = set()
    errors: dict[int, str] = {}
    for raw in formdata.getlist("question"):
        if (question_id := optional_id(raw)) is None:
            errors[0] = _("The form does not match the interview's guide. Reload the page.")
            continue
        ids.add(question_id)
    for key in formdata:
        if (match := _FIELD.match(key)) and (question_id := optional_id(match.group(1))) is not None:
            ids.add(question_id)
    answers, shown = {}, {}
    for question_id in sorted(ids):
        rating = formdata.get(f"q{question_id}-rating", "").strip()
        state = AnswerState(rating=rating, notes=no_nul(formdata.get(f"q{question_id}-notes", "")),
                            checked=formdata.getlist(f"q{question_id}-checked"))
        value = None
        if rating:
            if rating.isdecimal() and len(rating) < 4:
                value = int(rating)
            else:
                errors[question_id] = _("A rating from 1 to 5.")
        answers[question_id] = AnswerInput(rating=value, notes=state.notes, checked=state.checked)
        shown[question_id] = state
    return answers, shown, errors


def saved_answers(saved) -> dict[int, AnswerState]:
    """The panel member's saved answers (interviews.own_answers), to fill the form with."""
    return {question_id: AnswerState(rating="" if row.rating is None else str(row.rating), notes=row.notes or "",
                                     checked=list(row.checked or []))
            for question_id, row in saved.items()}
