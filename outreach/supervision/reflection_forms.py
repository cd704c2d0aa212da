"""The form for an entry in the reflection log."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, HiddenField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from outreach.core.forms import IdentifierCheckMixin, clean_text
from outreach.supervision.reflection import TITLE_MAX, EntryInput


def _answer(label):
    return TextAreaField(label, validators=[Length(max=2000)], filters=[clean_text])


class ReflectionForm(IdentifierCheckMixin, FlaskForm):
    written_on = DateField(_l("Date"), validators=[DataRequired(message=_l("Give a date."))])
    title = StringField(_l("Title"), filters=[clean_text], validators=[
        DataRequired(message=_l("Give the entry a title.")), Length(max=TITLE_MAX)])
    body = TextAreaField(_l("What happened, and what I think about it"), validators=[Length(max=10000)],
                         filters=[clean_text])
    # The self-disclosure prompt from the handbook (004:1079-1108), each question optional.
    asked_before_sharing = _answer(_l("Did I ask before I shared?"))
    why_shared = _answer(_l("Why did I share?"))
    stopped_in_time = _answer(_l("Did I stop in time?"))
    about_whom = _answer(_l("Was it about me or about them?"))
    bring_to_supervision = BooleanField(_l("Bring to supervision"))
    version = HiddenField()

    def to_input(self) -> EntryInput:
        return EntryInput(
            written_on=self.written_on.data, title=self.title.data or "", body=self.body.data or "",
            asked_before_sharing=self.asked_before_sharing.data or "", why_shared=self.why_shared.data or "",
            stopped_in_time=self.stopped_in_time.data or "", about_whom=self.about_whom.data or "",
            bring_to_supervision=bool(self.bring_to_supervision.data),
        )
