"""Locale choice: Norwegian Bokmål unless the signed-in user chose English."""

from flask import current_app
from flask_login import current_user


def select_locale() -> str:
    if current_user and current_user.is_authenticated:
        if current_user.locale in current_app.config["LANGUAGES"]:
            return current_user.locale
    return current_app.config["BABEL_DEFAULT_LOCALE"]
