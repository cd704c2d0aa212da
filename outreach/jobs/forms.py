"""Forms for job descriptions. A description's sections differ per role, so their texts are
read from the posted fields `text-<key>` and `frame-<key>` (see `section_texts`), and each
form carries the version it was loaded from."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from outreach.core.forms import clean_text, no_nul
from outreach.people.positions import POSITIONS


def section_texts(formdata, sections: list[dict]) -> tuple[dict[str, str], set[str]]:
    """({key: text}, {keys marked as the common frame}) from a posted form."""
    texts = {s["key"]: no_nul(formdata.get(f"text-{s['key']}", s["text"])) for s in sections}
    frames = {s["key"] for s in sections if formdata.get(f"frame-{s['key']}")}
    return texts, frames


class VersionForm(FlaskForm):
    """A form whose content is the sections; only the version (and the CSRF token) is a field."""

    version = HiddenField()


class TemplateForm(VersionForm):
    summary = TextAreaField(_l("Summary"), filters=[clean_text], validators=[Length(max=2000)])
    frame_note = StringField(_l("The line shown on rosters and supervision pages"), filters=[clean_text],
                             validators=[Length(max=300)])


class ProposalForm(FlaskForm):
    section_key = SelectField(_l("Section"), validate_choice=False)
    seen = HiddenField()  # "key:digest" of the section's text when the form was opened
    text = TextAreaField(_l("Your proposed text"), filters=[no_nul], validators=[Length(max=10000)])
    note = TextAreaField(_l("Why (optional)"), filters=[clean_text], validators=[Length(max=2000)])


class CommentForm(FlaskForm):
    comment = TextAreaField(_l("Comment to the employee"), filters=[clean_text],
                            validators=[DataRequired(message=_l("Write the comment to the employee.")),
                                        Length(max=2000)])


class SignForm(VersionForm):
    pass


class RoleChangeForm(FlaskForm):
    to_key = SelectField(_l("New role"), choices=[(k, p.label) for k, p in POSITIONS.items()])
    changed_on = DateField(_l("From"), validators=[DataRequired(message=_l("Give the date of the change."))])
    note = TextAreaField(_l("Note (optional)"), filters=[clean_text], validators=[Optional(), Length(max=2000)])
