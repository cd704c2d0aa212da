"""Password hashing with Argon2id (memory-hard).

The cost parameters come from the app's ARGON2_PARAMS setting: the library's defaults
(RFC 9106's low-memory profile) in production, a cheap profile in the test suite.
"""

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app, has_app_context

DEMO_PASSWORD = "demo"


@cache
def _hasher(params: tuple) -> PasswordHasher:
    return PasswordHasher(**dict(params))


def hasher() -> PasswordHasher:
    params = current_app.config.get("ARGON2_PARAMS", {}) if has_app_context() else {}
    return _hasher(tuple(sorted(params.items())))


@cache
def _dummy_hash(ph: PasswordHasher) -> str:
    # Verified against when the username is unknown, so that a failed login takes the
    # same time whether or not the account exists.
    return ph.hash("not-a-real-password")


def hash_password(password: str) -> str:
    return hasher().hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    ph = hasher()
    try:
        ok = ph.verify(password_hash or _dummy_hash(ph), password)
    except (VerificationError, InvalidHashError):
        return False
    return ok and password_hash is not None


def needs_rehash(password_hash: str) -> bool:
    return hasher().check_needs_rehash(password_hash)
