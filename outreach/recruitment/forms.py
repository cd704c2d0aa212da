"""Forms for the needs mapping, the vacancy, its panel and its candidates."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from outreach.core.database import optional_id
from outreach.core.forms import MultiCheckboxField, clean_text, no_nul
from outreach.people.models import EXPERIENCE_LABELS
from outreach.people.positions import POSITIONS
from outreach.recruitment.models import (
    CONTRACT_CHOICES,
    DOCUMENT_KIND_LABELS,
    GENDER_LABELS,
    REJECTION_LABELS,
    STAGE_LABELS,
    VACANCY_STATUS_LABELS,
)


def _experience_choices():
    return [(code, label) for code, label in EXPERIENCE_LABELS.items()]


class NeedForm(FlaskForm):
    """The needs mapping: what the team needs before anything is announced (004:1158-1170)."""

    team_id = SelectField(_l("Team"), coerce=optional_id, validate_choice=False)
    position_key = SelectField(_l("Position"), choices=[(k, p.label) for k, p in POSITIONS.items()])
    title = StringField(_l("Title of the vacancy"), filters=[clean_text], validators=[Length(max=200)])
    area_id = SelectField(_l("Area or environment"), coerce=optional_id, validate_choice=False)
    environment = TextAreaField(_l("Which environment and which people the work is with"), filters=[clean_text],
                                validators=[Length(max=2000)])
    experience_codes = MultiCheckboxField(_l("Lived experience the team needs"), choices=_experience_choices)
    responsibilities = TextAreaField(_l("Responsibilities and expectations"), filters=[clean_text],
                                     validators=[Length(max=5000)])
    reason = TextAreaField(_l("Why the team needs this now"), filters=[clean_text], validators=[Length(max=5000)])
    position_percentage = IntegerField(
        _l("Position percentage"), default=100,
        validators=[InputRequired(message=_l("Give the position percentage.")),
                    NumberRange(min=1, max=100, message=_l("A percentage from 1 to 100."))])
    contract = SelectField(_l("Kind of position"), choices=list(CONTRACT_CHOICES.items()), default="permanent")
    deadline = DateField(_l("Application deadline"), validators=[Optional()])
    leader_id = SelectField(_l("Leader responsible for the hiring"), coerce=optional_id, validate_choice=False)


class VacancyForm(FlaskForm):
    title = StringField(_l("Title of the vacancy"), filters=[clean_text],
                        validators=[DataRequired(message=_l("Give the vacancy a title.")), Length(max=200)])
    deadline = DateField(_l("Application deadline"), validators=[Optional()])
    ad_text = TextAreaField(_l("Ad text"), filters=[no_nul], validators=[Length(max=20000)])
    position_percentage = IntegerField(
        _l("Position percentage"),
        validators=[InputRequired(message=_l("Give the position percentage.")),
                    NumberRange(min=1, max=100, message=_l("A percentage from 1 to 100."))])
    contract = SelectField(_l("Kind of position"), choices=list(CONTRACT_CHOICES.items()))
    positions = IntegerField(
        _l("Number of positions"),
        validators=[InputRequired(message=_l("Give the number of positions.")),
                    NumberRange(min=1, max=20, message=_l("From 1 to 20 positions."))])
    leader_id = SelectField(_l("Leader responsible for the hiring"), coerce=optional_id, validate_choice=False)
    version = HiddenField()


class StatusForm(FlaskForm):
    status = SelectField(_l("New status"), choices=list(VACANCY_STATUS_LABELS.items()))
    version = HiddenField()


class PanelForm(FlaskForm):
    panel = MultiCheckboxField(_l("Panel"), coerce=int, validate_choice=False)
    version = HiddenField()


class CandidateForm(FlaskForm):
    full_name = StringField(_l("Full name"), filters=[clean_text],
                            validators=[DataRequired(message=_l("Write the candidate's name.")), Length(max=200)])
    email = EmailField(_l("Email"), filters=[clean_text], validators=[Optional(), Length(max=254)])
    phone = StringField(_l("Phone"), filters=[clean_text], validators=[Optional(), Length(max=30)])
    birth_year = IntegerField(_l("Year of birth"), validators=[Optional()])
    occupation = StringField(_l("Occupation or job title"), filters=[clean_text], validators=[Length(max=200)])
    municipality = StringField(_l("Municipality of residence"), filters=[clean_text], validators=[Length(max=100)])
    gender = SelectField(_l("Gender"), choices=list(GENDER_LABELS.items()), default="")
    public_exempt = BooleanField(_l("Exempt from the public applicant list (request granted)"))
    experience_codes = MultiCheckboxField(_l("Lived experience the application tells of"),
                                          choices=_experience_choices)
    received_on = DateField(_l("Application received"), validators=[Optional()])
    version = HiddenField()


class MoveForm(FlaskForm):
    stage = SelectField(_l("Move to"), choices=[(k, v) for k, v in STAGE_LABELS.items() if k != "rejected"])
    version = HiddenField()


class RejectForm(FlaskForm):
    reason = SelectField(_l("Reason"), choices=[("", _l("Choose a reason"))] + list(REJECTION_LABELS.items()))
    comment = TextAreaField(_l("Comment (optional)"), filters=[clean_text], validators=[Length(max=5000)])
    version = HiddenField()


class CommentForm(FlaskForm):
    body = TextAreaField(_l("Comment"), filters=[clean_text],
                         validators=[DataRequired(message=_l("Write a comment.")), Length(max=5000)])


class DocumentForm(FlaskForm):
    kind = SelectField(_l("Kind of document"), choices=list(DOCUMENT_KIND_LABELS.items()))
    document = FileField(_l("File (PDF or Word .docx)"))


class ReferenceForm(FlaskForm):
    referee_name = StringField(_l("Reference"), filters=[clean_text],
                               validators=[DataRequired(message=_l("Write who the reference is.")), Length(max=200)])
    relation = StringField(_l("Relation to the candidate"), filters=[clean_text], validators=[Length(max=200)])
    contact = StringField(_l("Phone or email"), filters=[clean_text], validators=[Length(max=200)])
    questions = TextAreaField(_l("Questions"), filters=[no_nul], validators=[Length(max=10000)])
    notes = TextAreaField(_l("What the reference said"), filters=[no_nul], validators=[Length(max=10000)])
    checked_on = DateField(_l("Checked on"), validators=[Optional()])
    version = HiddenField()
