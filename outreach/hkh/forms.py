"""Forms for HKH projects (the mandate, the phase, the working group) and their field work
(the plan, the field log, findings). The action plan's and the report's forms are in
outcome_forms.py.

Select fields of ids take their choices from the view and check them here: a tampered or
stale id is refused next to the field, like any other mistake.
"""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import Select

from outreach.core.database import optional_id
from outreach.core.forms import IdentifierCheckMixin, MultiCheckboxField, clean_text
from outreach.hkh import rules
from outreach.hkh.fieldwork import NOTES_MAX, PLANNED_MAX
from outreach.hkh.models import AGE_GROUP_LABELS, MEMBER_ROLE_LABELS, METHOD_LABELS, SOURCE_LABELS
from outreach.hkh.projects import TEXT_MAX, TITLE_MAX


class LongSelect(Select):
    """A select of hundreds of options (everyone working in the service): the same markup as
    WTForms' `Select`, each plain option written in one f-string instead of through
    `html_params` (which was most of the project page's time)."""

    @classmethod
    def render_option(cls, value, label, selected, **kwargs):
        if kwargs or value is True:
            return super().render_option(value, label, selected, **kwargs)
        return Markup(f'<option {"selected " if selected else ""}value="{escape(value)}">{escape(label)}</option>')


def _one_of_the_choices(message):
    """The chosen id is one the form offered (None, "not chosen", passes: the service decides)."""

    def check(form, field):
        if field.data is not None and field.data not in {value for value, _label in field.choices}:
            raise ValidationError(message)

    return check


# --- the project ------------------------------------------------------------------------------


class MandateForm(FlaskForm):
    """The mandate: what the commissioner asks, about whom, where and when."""

    title = StringField(_l("Title"), filters=[clean_text], validators=[
        DataRequired(message=_l("Give the project a title.")), Length(max=TITLE_MAX)])
    commissioner = StringField(_l("Commissioner"), filters=[clean_text], validators=[Length(max=200)])
    problem = TextAreaField(_l("The problem"), filters=[clean_text], validators=[Length(max=TEXT_MAX)])
    target_group = TextAreaField(_l("Target group"), filters=[clean_text], validators=[Length(max=TEXT_MAX)])
    area = StringField(_l("Area"), filters=[clean_text], validators=[Length(max=200)])
    starts_on = DateField(_l("Period from"), validators=[Optional()])
    ends_on = DateField(_l("Period to"), validators=[Optional()])
    kickoff_on = DateField(_l("Kick-off consultation with the commissioner"), validators=[Optional()])
    origin_project_id = SelectField(
        _l("Grew out of the project"), coerce=optional_id, validate_choice=False,
        validators=[_one_of_the_choices(_l("Choose one of the other projects."))])
    version = HiddenField()


class ProjectForm(MandateForm):
    """A new project: the mandate and its project lead."""

    lead_id = SelectField(_l("Project lead"), coerce=optional_id, validate_choice=False,
                          validators=[_one_of_the_choices(_l("Choose an active colleague."))])

    def validate_lead_id(self, field):
        if field.data is None:
            raise ValidationError(_l("Choose the project lead."))


class PhaseForm(FlaskForm):
    """Move to the next phase (or back one); `accept_gaps` is the second step when the
    current phase still lacks something."""

    target = HiddenField(validators=[DataRequired()])
    version = HiddenField()
    accept_gaps = BooleanField(_l("Move on anyway: what is missing is noted in the log"))


class MemberForm(FlaskForm):
    """A colleague, or an external member (a name and an organisation, e.g. KORUS Oslo)."""

    user_id = SelectField(_l("Colleague"), coerce=optional_id, validate_choice=False, widget=LongSelect(),
                          validators=[_one_of_the_choices(_l("Choose an active colleague."))])
    name = StringField(_l("Or an external member's name"), filters=[clean_text], validators=[Length(max=200)])
    organisation = StringField(_l("Organisation"), filters=[clean_text], validators=[Length(max=200)])
    role = SelectField(_l("Role in the working group"), choices=list(MEMBER_ROLE_LABELS.items()), default="member")


# --- the plan of methods against sources ----------------------------------------------------------


def cell_name(method: str, source: str) -> str:
    """The field of one cell of the plan (the service names its errors so)."""
    return f"plan-{method}-{source}"


class PlanForm(FlaskForm):
    """One number per method and source: the activities planned. Empty plans nothing. `seen`
    carries the plan as the form showed it (plan_text), so that a save changes only the cells
    its writer changed."""

    seen = HiddenField()


def plan_text(counts: dict[tuple[str, str], int]) -> str:
    """The planned counts for the form's `seen` field: "interview:target_group=3 ..."."""
    return " ".join(f"{m}:{s}={n}" for (m, s), n in sorted(counts.items()) if n)


def plan_from_text(text: str | None) -> dict[tuple[str, str], int] | None:
    """plan_text's counts back, or None for a field that is missing or was tampered with
    (the save then takes every cell as given, as a form without the field would)."""
    if text is None:
        return None
    counts = {}
    for part in text.split():
        cell, _, number = part.partition("=")
        method, _, source = cell.partition(":")
        # At most PLANNED_MAX's digits before int(): a tampered field may hold thousands of them.
        if method not in rules.METHODS or source not in rules.SOURCES or not number.isdecimal() \
                or len(number) > len(str(PLANNED_MAX)) or int(number) > PLANNED_MAX:
            return None
        counts[(method, source)] = int(number)
    return counts


for _method in rules.METHODS:
    for _source in rules.SOURCES:
        setattr(PlanForm, cell_name(_method, _source), IntegerField(
            _l("Planned: %(method)s, %(source)s", method=METHOD_LABELS[_method], source=SOURCE_LABELS[_source]),
            validators=[Optional(), NumberRange(min=0, max=PLANNED_MAX,
                                                message=_l("From 0 to %(n)d.", n=PLANNED_MAX))]))
del _method, _source


# --- the field log ---------------------------------------------------------------------------------


class LogForm(IdentifierCheckMixin, FlaskForm):
    """One activity of the field work. No names: the notes and the place run the guard."""

    method = SelectField(_l("Method"), choices=list(METHOD_LABELS.items()))
    source = SelectField(_l("Informant category"), choices=list(SOURCE_LABELS.items()))
    held_on = DateField(_l("Date"), validators=[InputRequired(message=_l("Give the date."))])
    place = StringField(_l("Place"), filters=[clean_text], validators=[Length(max=200)])
    age_group = SelectField(_l("Age group"), choices=list(AGE_GROUP_LABELS.items()), default="")
    informants = IntegerField(_l("Number of informants"), validators=[
        Optional(), NumberRange(min=1, max=10000, message=_l("A number from 1, or leave it empty."))])
    team_ids = MultiCheckboxField(_l("Who from the team took part"), coerce=int, validate_choice=False)
    notes = TextAreaField(_l("Notes"), filters=[clean_text], validators=[Length(max=NOTES_MAX)])
    version = HiddenField()

    def validate_team_ids(self, field):
        offered = {value for value, _label in field.choices}
        if any(user_id not in offered for user_id in field.data or []):
            raise ValidationError(_l("Choose among the working group."))


class LinkForm(FlaskForm):
    """Link a log entry to a finding (linked=1), or take the link away (linked=0)."""

    finding_id = SelectField(_l("Finding"), coerce=optional_id, validate_choice=False,
                             validators=[_one_of_the_choices(_l("Choose a finding of the project."))])
    linked = HiddenField(default="1")

    def validate_finding_id(self, field):
        if field.data is None:
            raise ValidationError(_l("Choose a finding."))


class FindingForm(FlaskForm):
    title = StringField(_l("Title"), filters=[clean_text], validators=[
        DataRequired(message=_l("Give the finding a title.")), Length(max=300)])
    description = TextAreaField(_l("Description"), filters=[clean_text], validators=[Length(max=NOTES_MAX)])
    entry_ids = MultiCheckboxField(_l("The log entries that support it"), coerce=int, validate_choice=False)
    version = HiddenField()

    def validate_entry_ids(self, field):
        offered = {value for value, _label in field.choices}
        if any(entry_id not in offered for entry_id in field.data or []):
            raise ValidationError(_l("Choose among the project's log entries."))
