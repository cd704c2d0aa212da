"""Form helpers shared by every feature."""

from flask import Request, request
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.utils import cached_property
from wtforms import BooleanField, HiddenField, SelectMultipleField
from wtforms.widgets import CheckboxInput, ListWidget

from outreach.core.identifiers import EMAIL, NATIONAL_ID, PHONE, IdentifiersFound
from outreach.core.timeutil import FIRST_DAY, LAST_DAY, in_calendar


def no_nul(value):
    """A form filter: NUL characters go (PostgreSQL refuses them in text); the rest stays as typed."""
    return value.replace("\x00", "") if isinstance(value, str) else value


def clean_text(value) -> str:
    """A form filter for a one-line or short text: NUL characters and the padding go, and a
    field left out of the request is the empty string, never None."""
    return no_nul(value or "").strip()


class NulFreeRequest(Request):
    """The app's request: its query arguments (searches, filters) arrive without NUL, as the
    forms' text fields do through `no_nul`; a `?q=%00` would otherwise end as a server error
    on PostgreSQL in every list that searches."""

    @cached_property
    def args(self) -> ImmutableMultiDict:
        raw = super().args
        if not any("\x00" in key or "\x00" in value for key, value in raw.items(multi=True)):
            return raw
        return ImmutableMultiDict((no_nul(key), no_nul(value)) for key, value in raw.items(multi=True))


def optional_int(value):
    """A select's coerce for ids with an empty choice: None for it, else the number. Text that is
    no number raises ValueError, which WTForms shows as an invalid choice (unlike
    core.database.optional_id, which reads it as nothing chosen)."""
    return int(value) if value not in (None, "", "None") else None


class MultiCheckboxField(SelectMultipleField):
    """A set of checkboxes: usable without JavaScript and with a keyboard."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class FieldError(Exception):
    """A service's refusal that belongs next to one field of the form."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


class ConflictError(Exception):
    """Someone else saved the same object since this form was loaded."""


def check_days_in_calendar(**days) -> None:
    """A FieldError on the first of the named days outside timeutil.FIRST_DAY–LAST_DAY (where
    the weeks and hours around a day would leave the calendar): check_days_in_calendar(first=…)."""
    for name, day in days.items():
        if day is not None and not in_calendar(day):
            raise FieldError(name, gettext("Give a date between %(first)d and %(last)d.", first=FIRST_DAY.year,
                                           last=LAST_DAY.year))


def add_field_error(form, error: FieldError) -> None:
    field = form[error.field]
    field.errors = [*field.errors, error.message]


def form_status(form) -> int:
    """422 for a submitted form with errors (htmx swaps it in; see base.html), else 200."""
    return 422 if request.method == "POST" and form.errors else 200


MAX_PAGE = 10_000  # far past any list's end; a larger number would overflow the OFFSET


def page_number() -> int:
    """The ?page= asked for, from 1 to MAX_PAGE (a page past the end is shown empty)."""
    return max(1, min(request.args.get("page", 1, type=int) or 1, MAX_PAGE))


def id_arg(name: str) -> int | None:
    """An id from the query string (?team=3), or None when absent or no row could have it."""
    from outreach.core.database import is_row_id

    value = request.args.get(name, type=int)
    return value if is_row_id(value) else None


class ConfirmForm(FlaskForm):
    """The confirmation step of a destructive action: only the CSRF token."""


# --- the identifier guard in a form (core/identifiers.py finds; these show and confirm) ------

FINDING_LABELS = {
    NATIONAL_ID: _l("This looks like a national identity number (fødselsnummer or D-number): %(text)s"),
    PHONE: _l("This looks like a phone number: %(text)s"),
    EMAIL: _l("This looks like an e-mail address: %(text)s"),
}


class IdentifierCheckMixin:
    """Fields for a form whose free text the identifier guard reads: the digest of what the
    writer was warned about, and their word that it is not a client's."""

    shown_identifiers = HiddenField()
    confirm_identifiers = BooleanField(_l("I have checked: this is not a client identifier"))

    def confirmed_identifiers(self) -> str | None:
        return self.shown_identifiers.data if self.confirm_identifiers.data else None

    def show_identifiers(self, found: IdentifiersFound) -> None:
        """Put each finding next to its field and ask for a fresh confirmation."""
        for name, items in found.findings.items():
            self[name].errors = [*self[name].errors,
                                 *(str(FINDING_LABELS[f.kind]) % {"text": f.text} for f in items)]
        self.shown_identifiers.data = found.digest
        self.confirm_identifiers.data = False
