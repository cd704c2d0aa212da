"""Forms for staff profiles, lived experience, teams and areas."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp

from outreach.core.forms import MultiCheckboxField, clean_text, no_nul, optional_int
from outreach.people.models import (
    CONTRACT_LABELS,
    DISCIPLINE_LABELS,
    EXPERIENCE_LABELS,
    ROLE_TYPE_LABELS,
)

PHONE = Regexp(r"^[0-9 +()-]*$", message=_l("Use digits, spaces and + only."))


class StaffForm(FlaskForm):
    title = StringField(_l("Title"), validators=[Length(max=120)], filters=[clean_text])
    discipline = SelectField(
        _l("Discipline"),
        choices=[("", _l("(none)"))] + list(DISCIPLINE_LABELS.items()),
        validators=[Optional()],
    )
    role_type = SelectField(_l("Works as"), choices=[(k.value, v) for k, v in ROLE_TYPE_LABELS.items()])
    phone = StringField(_l("Phone"), validators=[Length(max=30), PHONE], filters=[clean_text])
    position_percentage = IntegerField(
        _l("Position percentage"),
        validators=[InputRequired(), NumberRange(min=0, max=100, message=_l("Between 0 and 100."))],
    )
    contract = SelectField(_l("Contract"), choices=[(k.value, v) for k, v in CONTRACT_LABELS.items()])
    start_date = DateField(_l("Start date"), validators=[Optional()])
    buddy_id = SelectField(_l("Buddy (fadder)"), coerce=optional_int, validate_choice=True)
    supervisor_id = SelectField(_l("Supervisor"), coerce=optional_int, validate_choice=True)
    teams = MultiCheckboxField(_l("Teams"), coerce=int, validate_choice=True)
    version = HiddenField()


class TitleForm(FlaskForm):
    title = StringField(_l("Title"), validators=[Length(max=120)], filters=[clean_text])
    version = HiddenField()


class PhoneForm(FlaskForm):
    phone = StringField(_l("Phone"), validators=[Length(max=30), PHONE], filters=[clean_text])
    version = HiddenField()


class PositionForm(FlaskForm):
    position_percentage = IntegerField(
        _l("Position percentage"),
        validators=[InputRequired(), NumberRange(min=0, max=100, message=_l("Between 0 and 100."))],
    )
    version = HiddenField()


# The fields that can be edited in place on the profile page, each with its own form.
INLINE_FORMS = {"title": TitleForm, "phone": PhoneForm, "position_percentage": PositionForm}


class ExperienceForm(FlaskForm):
    areas = MultiCheckboxField(
        _l("Areas of lived experience"), choices=list(EXPERIENCE_LABELS.items()), validate_choice=True
    )
    known_areas = MultiCheckboxField(_l("Known environments"), coerce=int, validate_choice=True)


class TeamForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)], filters=[no_nul])
    description = TextAreaField(_l("Description"), validators=[Length(max=2000)], filters=[no_nul])
    version = HiddenField()


class AreaForm(FlaskForm):
    name = StringField(_l("Area or environment"), validators=[DataRequired(), Length(max=120)], filters=[no_nul])
    description = TextAreaField(_l("Description"), validators=[Length(max=2000)], filters=[no_nul])
