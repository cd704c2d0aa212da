"""Forms for the library of interview guides and the draft editor.

The draft page can hold several of these at once (the intro, a section, a question, a new
section), so the views give each a prefix that makes its field ids unique. The services
check the texts (guides.py); these forms only carry them.
"""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, SelectField, StringField, TextAreaField

from outreach.core.forms import clean_text, no_nul

POSITION_KIND_LABELS = {
    "": _l("Any position"),
    "ec": _l("Experience consultant positions"),
    "peer": _l("Peers"),
    "professional": _l("Professional positions"),
}


class GuideForm(FlaskForm):
    """A new guide, or a guide's name, who it is for and whether it is in use."""

    name = StringField(_l("Name"), filters=[clean_text])
    position_kind = SelectField(_l("Who it is for"), choices=list(POSITION_KIND_LABELS.items()),
                                validate_choice=False)
    active = BooleanField(_l("In use (new interviews can choose it)"), default=True)


class IntroForm(FlaskForm):
    intro = TextAreaField(_l("Guidance for the interviewer"), filters=[no_nul])


class SectionForm(FlaskForm):
    title = StringField(_l("Section title"), filters=[clean_text])
    guidance = TextAreaField(_l("Guidance for the section"), filters=[no_nul])


class QuestionForm(FlaskForm):
    text = TextAreaField(_l("Question"), filters=[clean_text])
    guidance = TextAreaField(_l("Guidance for the interviewer"), filters=[no_nul])
    lived_experience = BooleanField(_l("The answer concerns the candidate's lived experience or health"))
    checklist = TextAreaField(_l("Checklist (one item a line)"), filters=[no_nul])

    def checklist_lines(self) -> list[str]:
        return (self.checklist.data or "").splitlines()


class PublishForm(FlaskForm):
    """The draft's version as the publisher saw it: a change in between is a conflict."""

    version = HiddenField()


class MoveForm(FlaskForm):
    direction = HiddenField()
