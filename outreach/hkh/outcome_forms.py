"""Forms for what an HKH project ends in: a report section, the export of a version, a measure
of the action plan, and a follow-up review. Each form that edits a versioned row carries the
version it was loaded from. A review's per-measure rows are read from the posted fields
`status-<id>` and `note-<id>` (see `review_progress`), since the measures differ per project."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from outreach.core.database import optional_id
from outreach.core.forms import MultiCheckboxField, clean_text, no_nul
from outreach.hkh.models import MEASURE_STATUS_LABELS
from outreach.hkh.outcome import TEXT_MAX

NOTE_MAX = 2000


class SectionForm(FlaskForm):
    """One section of the report, saved on its own (prefix: the section's key)."""

    text = TextAreaField(_l("Text"), filters=[no_nul], validators=[Length(max=TEXT_MAX)])
    version = HiddenField()


class ExportForm(FlaskForm):
    """Export a version: only the CSRF token."""


class MeasureForm(FlaskForm):
    title = StringField(_l("Measure"), filters=[clean_text],
                        validators=[DataRequired(message=_l("Give the measure a title.")), Length(max=300)])
    description = TextAreaField(_l("What is to be done"), filters=[clean_text], validators=[Length(max=10000)])
    owner_id = SelectField(_l("Owner"), coerce=optional_id, validate_choice=False)
    partner = StringField(_l("Partner"), filters=[clean_text], validators=[Length(max=200)])
    deadline = DateField(_l("Due date"), validators=[Optional()])
    status = SelectField(_l("Status"), choices=list(MEASURE_STATUS_LABELS.items()))
    finding_ids = MultiCheckboxField(_l("The findings it answers"), coerce=int, validate_choice=False)
    became_project_id = SelectField(_l("Became a project of its own"), coerce=optional_id,
                                    validate_choice=False)
    version = HiddenField()


class ReviewForm(FlaskForm):
    held_on = DateField(_l("Held on"), validators=[DataRequired(message=_l("Give the date of the review."))])
    summary = TextAreaField(_l("Summary of the review"), filters=[clean_text], validators=[Length(max=10000)])
    version = HiddenField()


def review_progress(formdata, measures) -> dict[int, tuple[str, str]]:
    """{measure id: (status, note)} from a posted review; a measure left out keeps its status."""
    return {m.id: (formdata.get(f"status-{m.id}", m.status), no_nul(formdata.get(f"note-{m.id}") or "")[:NOTE_MAX])
            for m in measures}


def measure_versions(formdata) -> dict[int, str]:
    """{measure id: the version the review form showed} (the fields "mv-<id>")."""
    return {measure_id: value for key, value in formdata.items()
            if key.startswith("mv-") and (measure_id := optional_id(key[3:])) is not None}
