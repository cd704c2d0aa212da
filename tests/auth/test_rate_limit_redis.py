"""The sign-in limit kept in Redis (RATELIMIT_STORAGE_URI): every worker and every host counts
against the same limit, and signing in is still answered, and still limited, while Redis is down.

Redis runs here and in CI (127.0.0.1:6379): if it cannot be reached these tests fail, they do not
skip. Each test counts under a key prefix of its own and deletes its keys afterwards.

Flask-Limiter keeps its storage on its one global object, so two apps built in this process
would share the count even in memory. The second worker here is therefore another process,
which shares nothing with this one but the database and Redis.
"""

import html
import json
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import redis
from sqlalchemy import text

from outreach.extensions import db

REDIS_URL = "redis://127.0.0.1:6379/0"
PASSWORD = "correct horse battery"  # make_user's password
WRONG = "not the password"
LIMIT_MESSAGE = "Too many attempts. Wait a minute and try again."
ROOT = Path(__file__).resolve().parents[2]

# Another worker: its own app on the same database and Redis, one sign-in from its own address.
OTHER_WORKER = r"""
import json, re, sys
from config import TestingConfig
from outreach import create_app

settings = json.loads(sys.argv[1])
app = create_app({k: getattr(TestingConfig, k) for k in dir(TestingConfig) if k.isupper()} | settings["config"])
client = app.test_client()
client.environ_base["REMOTE_ADDR"] = settings["address"]
page = client.get("/login").get_data(as_text=True)
token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
response = client.post("/login", data={"csrf_token": token, "username": settings["username"],
                                       "password": settings["password"]})
print(json.dumps({"status": response.status_code, "body": response.get_data(as_text=True)}))
"""


@pytest.fixture
def redis_prefix():
    """(a Redis client, a key prefix of this test's own); the prefix's keys are deleted afterwards."""
    client = redis.Redis.from_url(REDIS_URL)
    client.ping()  # unreachable: the test fails here
    prefix = f"outreach-test-{uuid.uuid4().hex}"
    yield client, prefix
    keys = list(client.scan_iter(match=f"*{prefix}*"))
    if keys:
        client.delete(*keys)
    assert not list(client.scan_iter(match=f"*{prefix}*"))
    client.close()


def _limited(prefix: str, storage: str = REDIS_URL) -> dict:
    return {"RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": storage, "RATELIMIT_KEY_PREFIX": prefix,
            "LOGIN_RATE_LIMIT": "3 per minute"}


def _sign_in_elsewhere(app_settings: dict, config: dict, username: str, password: str, address: str) -> dict:
    settings = {"config": {"SQLALCHEMY_DATABASE_URI": app_settings["SQLALCHEMY_DATABASE_URI"], "ENV_NAME": "testing",
                           "UPLOAD_FOLDER": app_settings["UPLOAD_FOLDER"], **config},
                "username": username, "password": password, "address": address}
    done = subprocess.run([sys.executable, "-c", OTHER_WORKER, json.dumps(settings)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    # The other process's writes (its session and audit rows) pass by this process's statement
    # listener, which tells the PostgreSQL teardown what to empty: a write of nothing here does.
    for table in ("user_sessions", "audit_events"):
        db.session.execute(text(f"DELETE FROM {table} WHERE 1 = 0"))
    db.session.commit()
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_failed_sign_ins_on_one_worker_count_on_another(make_app, make_user, app_settings, redis_prefix, nb):
    redis_client, prefix = redis_prefix
    make_user("kari")
    make_user("ola")
    worker_a = make_app(**_limited(prefix)).test_client()
    for _ in range(3):
        assert worker_a.form("/login", {"username": "kari", "password": WRONG}).status_code == 422
    assert list(redis_client.scan_iter(match=f"*{prefix}*")), "the attempts were not counted in Redis"

    # The fourth attempt reaches another worker (from another address): refused before the
    # password is checked, right as it is, with the Norwegian message.
    fourth = _sign_in_elsewhere(app_settings, _limited(prefix), "kari", PASSWORD, "10.9.8.7")
    assert fourth["status"] == 429
    assert nb(LIMIT_MESSAGE) != LIMIT_MESSAGE
    assert nb(LIMIT_MESSAGE) in html.unescape(fourth["body"])
    # Someone else signing in on that worker from that address is not held back.
    other = _sign_in_elsewhere(app_settings, _limited(prefix), "ola", PASSWORD, "10.9.8.7")
    assert other["status"] == 303


def test_the_other_worker_counts_nothing_of_its_own(make_app, make_user, app_settings, redis_prefix):
    """The counterpart: with its limits in its own memory, the other worker lets the fourth try through."""
    _, prefix = redis_prefix
    make_user("kari")
    worker_a = make_app(**_limited(prefix)).test_client()
    for _ in range(3):
        assert worker_a.form("/login", {"username": "kari", "password": WRONG}).status_code == 422
    fourth = _sign_in_elsewhere(app_settings, _limited(prefix, "memory://"), "kari", PASSWORD, "10.9.8.7")
    assert fourth["status"] == 303


def test_sign_in_is_answered_and_still_limited_while_redis_is_down(make_app, make_user, nb):
    """Nothing listens on port 1: the limiter falls back to counting in the worker's memory
    (RATELIMIT_IN_MEMORY_FALLBACK_ENABLED) instead of answering 500."""
    make_user("kari")
    client = make_app(**_limited(f"outreach-test-{uuid.uuid4().hex}", "redis://127.0.0.1:1/0")).test_client()
    for _ in range(3):
        assert client.form("/login", {"username": "kari", "password": WRONG}).status_code == 422
    refused = client.form("/login", {"username": "kari", "password": PASSWORD})
    assert refused.status_code == 429
    assert nb(LIMIT_MESSAGE) in html.unescape(refused.get_data(as_text=True))
