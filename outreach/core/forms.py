"""Form helpers shared by every feature."""

from flask import request
from flask_wtf import FlaskForm
from wtforms import SelectMultipleField
from wtforms.widgets import CheckboxInput, ListWidget


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


def add_field_error(form, error: FieldError) -> None:
    field = form[error.field]
    field.errors = [*field.errors, error.message]


def form_status(form) -> int:
    """422 for a submitted form with errors (htmx swaps it in; see base.html), else 200."""
    return 422 if request.method == "POST" and form.errors else 200


def page_number() -> int:
    return request.args.get("page", 1, type=int) or 1


class ConfirmForm(FlaskForm):
    """The confirmation step of a destructive action: only the CSRF token."""
