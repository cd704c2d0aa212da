"""Settings, read from the environment.

OUTREACH_ENV picks the mode: "development" (default), "testing" or "production".
"""

import os
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
DEV_SECRET_KEY = "dev-only-secret-key-not-for-production"


def database_url() -> str:
    """DATABASE_URL, with plain postgres URLs pointed at the psycopg 3 driver."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return f"sqlite:///{BASE_DIR / 'instance' / 'outreach.sqlite3'}"
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


class Config:
    ENV_NAME = os.environ.get("OUTREACH_ENV", "development")
    SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET_KEY)
    SQLALCHEMY_DATABASE_URI = database_url()
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}

    # Sessions: a signed cookie, refreshed on every request; idle expiry is checked
    # on the server against the last-seen time kept inside the cookie.
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    SESSION_REFRESH_EACH_REQUEST = True
    PERMANENT_SESSION_LIFETIME = timedelta(hours=int(os.environ.get("SESSION_MAX_HOURS", "12")))
    IDLE_TIMEOUT = timedelta(minutes=int(os.environ.get("IDLE_TIMEOUT_MINUTES", "30")))
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"

    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session

    BABEL_DEFAULT_LOCALE = "nb"
    BABEL_DEFAULT_TIMEZONE = "Europe/Oslo"
    BABEL_TRANSLATION_DIRECTORIES = str(BASE_DIR / "outreach" / "translations")
    LANGUAGES = {"nb": "Norsk bokmål", "en": "English"}

    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    # Redis down: count in each worker's memory until it is back (Flask-Limiter checks again by
    # itself), so that signing in stays possible and limited instead of answering 500.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_ENABLED = True
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "10 per minute")

    # Behind a reverse proxy: how many X-Forwarded-* hops to trust (for the audit log's IP).
    PROXY_FIX_HOPS = int(os.environ.get("PROXY_FIX_HOPS", "0"))

    # The domain in calendar event UIDs; they must stay the same for ever, so set it once.
    CALENDAR_UID_DOMAIN = os.environ.get("CALENDAR_UID_DOMAIN") or None

    # Seconds the roster planner may search ("Plan the period" waits for it).
    PLANNER_TIME_LIMIT = float(os.environ.get("PLANNER_TIME_LIMIT", "10"))

    # Supervision content (notes, summaries, actions, items taken further, preparation and
    # reflection notes) older than this is deleted by `flask --app wsgi purge-expired`;
    # that a session happened (date, kind, duration, participants) is kept.
    SUPERVISION_RETENTION_YEARS = int(os.environ.get("SUPERVISION_RETENTION_YEARS", "5"))

    # Recruitment: candidates who were not hired are deleted this many months after their
    # vacancy closed (`purge-expired`), keeping anonymous counts. Their documents (PDF or
    # DOCX, at most UPLOAD_MAX_MB each) are kept in UPLOAD_FOLDER, outside the static folder.
    RECRUITMENT_RETENTION_MONTHS = int(os.environ.get("RECRUITMENT_RETENTION_MONTHS", "6"))
    UPLOAD_FOLDER = os.environ.get("UPLOAD_FOLDER", str(BASE_DIR / "instance" / "uploads"))
    UPLOAD_MAX_MB = int(os.environ.get("UPLOAD_MAX_MB", "10"))
    # A request a little larger than one document is refused before it is read (413).
    MAX_CONTENT_LENGTH = (UPLOAD_MAX_MB + 1) * 1024 * 1024

    # Job descriptions are reviewed after these months for a new experience consultant (from
    # the start date), then every JOB_REVIEW_INTERVAL_MONTHS after the last signed version.
    JOB_REVIEW_NEW_EC_MONTHS = tuple(int(m) for m in os.environ.get("JOB_REVIEW_NEW_EC_MONTHS", "2,6").split(",") if m)
    JOB_REVIEW_INTERVAL_MONTHS = int(os.environ.get("JOB_REVIEW_INTERVAL_MONTHS", "12"))

    PASSWORD_MIN_LENGTH = 10
    ARGON2_PARAMS: dict = {}  # argon2-cffi's defaults: Argon2id, 64 MiB, 3 passes
    PAGE_SIZE = 25


class ProductionConfig(Config):
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"


class TestingConfig(Config):
    TESTING = True
    SECRET_KEY = "testing-secret-key"
    RATELIMIT_ENABLED = False
    # Still Argon2id, but cheap: the suite hashes hundreds of passwords.
    ARGON2_PARAMS = {"time_cost": 1, "memory_cost": 8, "parallelism": 1}


def config_for(env_name: str | None = None) -> type[Config]:
    env_name = env_name or os.environ.get("OUTREACH_ENV", "development")
    return {"production": ProductionConfig, "testing": TestingConfig}.get(env_name, Config)
