"""Forms for shifts and the roster."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, IntegerField, SelectField, StringField, TextAreaField, TimeField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp

from outreach.core.forms import MultiCheckboxField, clean_text, no_nul
from outreach.shifts.models import SHIFT_KIND_LABELS


class ShiftForm(FlaskForm):
    kind = SelectField(_l("Kind of shift"), choices=[(k.value, v) for k, v in SHIFT_KIND_LABELS.items()])
    title = StringField(_l("Title"), validators=[Length(max=120)], filters=[clean_text])
    day = DateField(_l("Date"), validators=[DataRequired(message=_l("Give a date."))])
    start = TimeField(_l("Starts"), validators=[DataRequired(message=_l("Give a time."))])
    end = TimeField(_l("Ends"), validators=[DataRequired(message=_l("Give a time."))],
                    description=_l("An end before the start means the next day."))
    areas = MultiCheckboxField(_l("Areas and environments"), coerce=int, validate_choice=True)
    professionals_needed = IntegerField(_l("Professionals needed"), default=1,
                                        validators=[InputRequired(), NumberRange(min=0, max=20)])
    lived_experience_needed = IntegerField(_l("ECs or peers needed"), default=0,
                                           validators=[InputRequired(), NumberRange(min=0, max=20)])
    version = HiddenField()


class AssignForm(FlaskForm):
    """Put a person on a shift, from the grid or the day view."""

    shift = SelectField(_l("Shift"), validators=[DataRequired()])  # "id:version"
    staff_id = HiddenField(validators=[DataRequired()])
    reason = TextAreaField(_l("Reason for going ahead despite the warning"), filters=[no_nul],
                           validators=[Optional(), Length(max=1000)])


class UnassignForm(FlaskForm):
    """The grid's "×": which assignment, as "shift id:staff id:shift version"."""

    assignment = HiddenField(validators=[DataRequired(), Regexp(r"^[0-9]{1,20}:[0-9]{1,20}:[0-9]{0,20}$")])

    def parts(self) -> tuple[int, int, str]:
        shift_id, staff_id, version = self.assignment.data.split(":")
        return int(shift_id), int(staff_id), version


class OverrideForm(FlaskForm):
    key = HiddenField(validators=[DataRequired()])
    reason = TextAreaField(_l("Reason"), filters=[no_nul],
                           validators=[DataRequired(message=_l("Say why.")), Length(max=1000)])


class PeriodForm(FlaskForm):
    first = DateField(_l("From"), validators=[DataRequired()])
    last = DateField(_l("To"), validators=[DataRequired()])
