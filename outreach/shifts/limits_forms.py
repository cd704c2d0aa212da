"""Forms for absence, availability, accommodation, boundaries, weekly patterns and rule settings."""

import math

from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, IntegerField, SelectField, StringField, TextAreaField, TimeField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from outreach.core.forms import MultiCheckboxField, clean_text, optional_int
from outreach.shifts.models import ABSENCE_LABELS, SHIFT_KIND_LABELS
from outreach.shifts.rules import Mode

WEEKDAY_LABELS = [
    _l("Monday"), _l("Tuesday"), _l("Wednesday"), _l("Thursday"), _l("Friday"), _l("Saturday"), _l("Sunday"),
]

MODE_LABELS = {
    Mode.BLOCK: _l("Block"),
    Mode.WARN: _l("Warn"),
    Mode.OFF: _l("Off"),
}


def fmt_num(value) -> str:
    """37.5 as the user's language writes it (37,5 in Norwegian); 40.0 as 40."""
    return format_decimal(value, format="0.##")


class HoursField(StringField):
    """A number such as 37,5: a decimal comma or point, shown in the user's language."""

    def process_formdata(self, valuelist):
        self.data = None
        raw = (valuelist[0] if valuelist else "").strip()
        if not raw:
            return
        try:
            value = float(raw.replace(",", ".").replace(" ", ""))
        except ValueError:
            raise ValueError(_("Give a number, such as 37,5.")) from None
        if not math.isfinite(value):
            raise ValueError(_("Give a number, such as 37,5."))
        self.data = value

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        if self.data is None:
            return ""
        return fmt_num(self.data)


class AbsenceForm(FlaskForm):
    staff_id = SelectField(_l("Person"), coerce=optional_int, validate_choice=True,
                           validators=[DataRequired(message=_l("Choose a person."))])
    kind = SelectField(_l("Kind of absence"), choices=[(k, v) for k, v in ABSENCE_LABELS.items()])
    starts_on = DateField(_l("First day"), validators=[DataRequired(message=_l("Give a date."))])
    ends_on = DateField(_l("Last day"), validators=[DataRequired(message=_l("Give a date."))])


class AvailabilityForm(FlaskForm):
    day = DateField(_l("Date"), validators=[DataRequired(message=_l("Give a date."))])
    start = TimeField(_l("From"), validators=[DataRequired(message=_l("Give a time."))])
    end = TimeField(_l("To"), validators=[DataRequired(message=_l("Give a time."))],
                    description=_l("An end before the start means the next day."))
    note = StringField(_l("Note"), validators=[Length(max=200)], filters=[clean_text],
                       description=_l("Optional, e.g. \"not Grønland\". Nothing about your health."))


class AccommodationForm(FlaskForm):
    starts_on = DateField(_l("From"), validators=[DataRequired(message=_l("Give a date."))])
    ends_on = DateField(_l("To"), validators=[DataRequired(message=_l("Give a date."))])
    avoid_areas = MultiCheckboxField(_l("Areas to avoid"), coerce=int, validate_choice=True)
    avoid_shift_kinds = MultiCheckboxField(_l("Kinds of shift to avoid"),
                                           choices=[(k.value, v) for k, v in SHIFT_KIND_LABELS.items()])
    max_hours_per_week = HoursField(_l("At most hours a week"), validators=[Optional()])
    note = TextAreaField(_l("Note"), validators=[Length(max=500)], filters=[clean_text],
                         description=_l("What the roster must respect. No diagnosis or health details."))


class BoundariesForm(FlaskForm):
    areas = MultiCheckboxField(_l("Environments I stay away from"), coerce=int, validate_choice=True)


class PatternForm(FlaskForm):
    weekday = SelectField(_l("Weekday"), coerce=int, choices=list(enumerate(WEEKDAY_LABELS)))
    kind = SelectField(_l("Kind of shift"), choices=[(k.value, v) for k, v in SHIFT_KIND_LABELS.items()])
    title = StringField(_l("Title"), validators=[Length(max=120)], filters=[clean_text])
    start = TimeField(_l("Starts"), validators=[DataRequired(message=_l("Give a time."))])
    end = TimeField(_l("Ends"), validators=[DataRequired(message=_l("Give a time."))],
                    description=_l("An end before the start means the next day."))
    areas = MultiCheckboxField(_l("Areas and environments"), coerce=int, validate_choice=True)
    professionals_needed = IntegerField(_l("Professionals needed"), default=1,
                                        validators=[InputRequired(), NumberRange(min=0, max=20)])
    lived_experience_needed = IntegerField(_l("ECs or peers needed"), default=0,
                                           validators=[InputRequired(), NumberRange(min=0, max=20)])


class RollOutForm(FlaskForm):
    first = DateField(_l("From"), validators=[DataRequired(message=_l("Give a date."))])
    last = DateField(_l("To"), validators=[DataRequired(message=_l("Give a date."))])


def rule_form(rule: str, params: dict, *, submitted: bool = False, **data):
    """A form for one rule: its mode, its parameters (from the rule's specs) and the state it
    was loaded with (`seen`), so that a second writer gets a conflict, not a silent overwrite.

    Many of these share one page, so every field's id starts with the rule's name.
    """

    class RuleForm(FlaskForm):
        mode = SelectField(_l("Mode"), choices=[(k.value, v) for k, v in MODE_LABELS.items()])
        seen = HiddenField()

    for name, spec in params.items():
        setattr(RuleForm, name, HoursField(spec.label, validators=[InputRequired(message=_l("Give a number."))],
                                           description=spec.hint))
    form = RuleForm(**data) if submitted else RuleForm(formdata=None, **data)
    for field in form:
        field.id = f"{rule}-{field.name}"
        field.label.field_id = field.id
    form.param_names = list(params)
    return form
