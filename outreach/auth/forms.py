"""Forms for signing in, passwords, settings and accounts."""

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Optional, Regexp, ValidationError

from outreach.auth.models import ROLE_LABELS
from outreach.auth.passwords import DEMO_PASSWORD
from outreach.core.forms import MultiCheckboxField, no_nul
from outreach.people.models import ROLE_TYPE_LABELS


class LoginForm(FlaskForm):
    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=64)], filters=[no_nul])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=256)])
    next = HiddenField()


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired()])
    new_password = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=256)])
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(), EqualTo("new_password", message=_l("The two passwords differ."))],
    )

    def validate_new_password(self, field):
        minimum = current_app.config["PASSWORD_MIN_LENGTH"]
        if len(field.data) < minimum:
            raise ValidationError(_l("Use at least %(n)d characters.", n=minimum))
        if field.data == DEMO_PASSWORD or field.data == self.current_password.data:
            raise ValidationError(_l("Choose a password you have not used here before."))


class SettingsForm(FlaskForm):
    locale = SelectField(_l("Language"), choices=[("nb", "Norsk bokmål"), ("en", "English")])


def _role_choices():
    return [(role.value, label) for role, label in ROLE_LABELS.items()]


class UserForm(FlaskForm):
    """An account, as the administrator edits it."""

    full_name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=200)], filters=[no_nul])
    email = EmailField(_l("Email"), validators=[Optional(), Length(max=254)], filters=[no_nul])
    roles = MultiCheckboxField(_l("Roles"), choices=_role_choices, validate_choice=True)
    version = HiddenField()

    def validate_roles(self, field):
        if not field.data:
            raise ValidationError(_l("Choose at least one role."))


class NewUserForm(UserForm):
    username = StringField(
        _l("Username"),
        validators=[
            DataRequired(),
            Length(min=2, max=64),
            Regexp(r"^[a-z0-9._-]+$", message=_l("Use lowercase letters, digits, dot, dash or underscore.")),
        ],
        filters=[no_nul, lambda value: value.strip().lower() if value else value],
    )
    # Left at the first choice, what the person works as follows from the roles
    # (people.services.role_type_for_roles).
    role_type = SelectField(
        _l("Works as"),
        choices=[("", _l("Decided by the roles"))]
        + [(kind.value, label) for kind, label in ROLE_TYPE_LABELS.items()],
        default="",
    )
    teams = MultiCheckboxField(_l("Teams"), coerce=int, validate_choice=True)
