"""Forms for supervision groups, themes, rhythm targets and "ask for a talk"."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from outreach.core.forms import IdentifierCheckMixin, MultiCheckboxField, clean_text, optional_int
from outreach.supervision.overview import TARGET_LIMITS
from outreach.supervision.talks import TOPIC_MAX


class GroupForm(IdentifierCheckMixin, FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(message=_l("Give the group a name.")), Length(max=120)],
                       filters=[clean_text])
    description = TextAreaField(_l("Description"), validators=[Length(max=2000)], filters=[clean_text],
                                description=_l("Who the group is for. Nothing about what is said in it."))
    supervisor_id = SelectField(_l("Supervisor"), coerce=optional_int, validate_choice=True,
                                validators=[DataRequired(message=_l("Choose a supervisor."))])
    members = MultiCheckboxField(_l("Members"), coerce=int, validate_choice=True)
    active = BooleanField(_l("Active"), default=True)
    version = HiddenField()


class ThemeForm(FlaskForm):
    name = StringField(_l("Theme"), validators=[DataRequired(message=_l("Give the theme a name.")), Length(max=120)],
                       filters=[clean_text])


def _range(name: str, message):
    low, high = TARGET_LIMITS[name]
    return NumberRange(min=low, max=high, message=message)


class TargetForm(FlaskForm):
    """A role's rhythm. An empty field means no target of that kind."""

    individual_weeks = IntegerField(
        _l("Individual supervision every ... weeks"),
        validators=[Optional(), _range("individual_weeks", _l("Between 1 and 52 weeks, or empty for no target."))])
    new_individual_weeks = IntegerField(
        _l("While new: every ... weeks"),
        validators=[Optional(), _range("new_individual_weeks", _l("Between 1 and 52 weeks, or empty."))])
    new_period_months = IntegerField(
        _l("New for the first ... months"),
        validators=[InputRequired(message=_l("Give a number of months (0 for no new period).")),
                    _range("new_period_months", _l("Between 0 and 36 months."))])
    first_session_days = IntegerField(
        _l("First session within ... days of the first independent shift"),
        validators=[Optional(), _range("first_session_days", _l("Between 0 and 365 days, or empty."))])
    group_months = IntegerField(
        _l("Group supervision every ... months"),
        validators=[Optional(), _range("group_months", _l("Between 1 and 12 months, or empty for no target."))])
    version = HiddenField()


class TalkForm(IdentifierCheckMixin, FlaskForm):
    topic = TextAreaField(
        _l("Topic (optional)"), validators=[Length(max=TOPIC_MAX, message=_l("At most %(max)d characters."))],
        filters=[clean_text],
        description=_l("A word or two is enough. No client names or identifiers."))
