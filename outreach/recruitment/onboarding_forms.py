"""Forms for hiring, ticking onboarding items and the recruitment settings."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, EmailField, HiddenField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from outreach.auth.forms import NewUserForm
from outreach.core.database import optional_id
from outreach.core.forms import MultiCheckboxField, clean_text
from outreach.people.models import ROLE_TYPE_LABELS
from outreach.recruitment.models import ONBOARDING_OWNER_LABELS
from outreach.recruitment.settings import DAYS_RANGE, MONTHS_RANGE, TEXT_MAX


class HireForm(FlaskForm):
    # The same rules as the administrator's new-account form.
    username = NewUserForm.username
    email = EmailField(_l("Email"), filters=[clean_text], validators=[Optional(), Length(max=254)])
    start_date = DateField(_l("Start date"), validators=[InputRequired(message=_l("Give the start date."))])
    team_id = SelectField(_l("Team"), coerce=optional_id, validate_choice=False)
    buddy_id = SelectField(_l("Buddy (fadder)"), coerce=optional_id, validate_choice=False)
    supervisor_id = SelectField(_l("Supervisor"), coerce=optional_id, validate_choice=False)


class TickForm(FlaskForm):
    """Mark an onboarding item done (done=1) or not done (done=0)."""

    done = HiddenField()


class ChecklistItemForm(FlaskForm):
    text = StringField(_l("Checklist item"), filters=[clean_text],
                       validators=[DataRequired(message=_l("Write the checklist item.")), Length(max=TEXT_MAX)])
    version = HiddenField()  # the item's, when editing one


def _role_type_choices():
    return [(kind.value, label) for kind, label in ROLE_TYPE_LABELS.items()]


class OnboardingItemForm(FlaskForm):
    title = StringField(_l("Item"), filters=[clean_text],
                        validators=[DataRequired(message=_l("Write what is to be done.")), Length(max=TEXT_MAX)])
    offset_months = IntegerField(
        _l("Months after the start"), default=0,
        validators=[InputRequired(message=_l("Give a number of months (0 for none).")),
                    NumberRange(*MONTHS_RANGE, message=_l("From %(min)d to %(max)d months."))])
    offset_days = IntegerField(
        _l("Then days after (negative: before)"), default=0,
        validators=[InputRequired(message=_l("Give a number of days (0 for none).")),
                    NumberRange(*DAYS_RANGE, message=_l("From %(min)d to %(max)d days."))])
    owner = SelectField(_l("Who sees to it"), choices=list(ONBOARDING_OWNER_LABELS.items()), default="leader")
    role_types = MultiCheckboxField(_l("For"), choices=_role_type_choices, validate_choice=True)
    version = HiddenField()  # the item's, when editing one
