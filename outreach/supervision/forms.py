"""Forms for supervision sessions and what is written in them.

Every free-text form runs the identifier guard (IdentifierCheckMixin): no client identifiers
belong in supervision text either. Several of these forms can be on the session page at
once, so the views give each a prefix (its field ids start with it).
"""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from outreach.core.forms import IdentifierCheckMixin, MultiCheckboxField, clean_text, optional_int
from outreach.supervision.models import RECIPIENT_LABELS, SESSION_KIND_LABELS, SessionStatus
from outreach.supervision.sessions import MAX_DURATION, MIN_DURATION

TEXT_MAX = 20000


class SessionForm(FlaskForm):
    """Plan a session or register a held one; also the form that edits its facts."""

    kind = SelectField(_l("Kind of supervision"), choices=[(k.value, v) for k, v in SESSION_KIND_LABELS.items()])
    day = DateField(_l("Date"), validators=[DataRequired(message=_l("Give a date."))])
    start = TimeField(_l("Starts at"), validators=[DataRequired(message=_l("Give a time."))])
    duration_minutes = IntegerField(
        _l("Duration in minutes"), default=60,
        validators=[InputRequired(message=_l("Give the duration in minutes.")),
                    NumberRange(min=MIN_DURATION, max=MAX_DURATION,
                                message=_l("Between %(min)s and %(max)s minutes."))])
    # Checked by the service against who may take part (the choices the view sets).
    participant_ids = MultiCheckboxField(_l("Participants"), coerce=int, validate_choice=False)
    group_id = SelectField(_l("Group"), coerce=optional_int, validate_choice=False)
    theme_ids = MultiCheckboxField(_l("Themes"), coerce=int, validate_choice=False)
    status = RadioField(_l("Status"), default=SessionStatus.PLANNED.value, choices=[
        (SessionStatus.PLANNED.value, _l("Planned")),
        (SessionStatus.HELD.value, _l("Held (registered afterwards)")),
    ])
    request_id = HiddenField()
    version = HiddenField()


class TextForm(IdentifierCheckMixin, FlaskForm):
    """The shared summary (minutes, shared notes) or the supervisor's private notes."""

    body = TextAreaField(_l("Text"), validators=[Length(max=TEXT_MAX)], filters=[clean_text])
    version = HiddenField()


class ActionForm(IdentifierCheckMixin, FlaskForm):
    text = TextAreaField(_l("What is to be done"), validators=[
        DataRequired(message=_l("Write what is to be done.")), Length(max=1000)], filters=[clean_text])
    owner_id = SelectField(_l("Who does it"), coerce=optional_int, validate_choice=False,
                           validators=[InputRequired(message=_l("Choose who does it."))])
    due_date = DateField(_l("By (optional)"), validators=[Optional()])


class ActionDoneForm(FlaskForm):
    done = HiddenField()


class FurtherForm(IdentifierCheckMixin, FlaskForm):
    recipient = RadioField(_l("For"), choices=[(k.value, v) for k, v in RECIPIENT_LABELS.items()],
                           validators=[InputRequired(message=_l("Choose who it is for."))])
    body = TextAreaField(_l("What should go further"), validators=[
        DataRequired(message=_l("Write what should go further.")), Length(max=5000)], filters=[clean_text])
    version = HiddenField()


class AgreeForm(FlaskForm):
    """The supervisee's agreement to the text they saw (its version)."""

    version = HiddenField()


class PreparationForm(IdentifierCheckMixin, FlaskForm):
    body = TextAreaField(_l("My preparation"), validators=[Length(max=5000)], filters=[clean_text])
    shared = BooleanField(_l("Share with my supervisor"))
    version = HiddenField()


class AttendanceForm(FlaskForm):
    attended = MultiCheckboxField(_l("Who came"), coerce=int, validate_choice=False)
