"""Helpers for the browser tests: signing in, finding demo people, texts in both languages."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
DEMO_PASSWORD = "demo"

# The UI is Norwegian Bokmål by default, but the catalogue may not be translated yet:
# texts are matched in either language.
MY_PAGE = re.compile(r"Min side|My page")
EDIT = re.compile(r"^\s*(Endre|Rediger|Edit)\b")
SAVE = re.compile(r"^\s*(Lagre|Save)\s*$")
SAVED = re.compile(r"Lagret|Saved")


def sign_in(page, username: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in through the login form, as a person would."""
    page.goto("/login")
    page.locator("#username").fill(username)
    page.locator("#password").fill(password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/$"))


def profile_id(full_name: str) -> int:
    """The staff profile id of a demo person (read in the test's own app context)."""
    from outreach.auth.models import User
    from outreach.extensions import db
    from outreach.people.models import StaffProfile

    staff_id = db.session.scalar(
        db.select(StaffProfile.id).join(StaffProfile.user).where(User.full_name == full_name)
    )
    db.session.rollback()  # hold no transaction while the server thread writes
    assert staff_id is not None, f"no staff profile for {full_name!r}"
    return staff_id


def user_id(username: str) -> int:
    """The account id of a demo login (ids differ between runs on PostgreSQL)."""
    from outreach.auth.models import User
    from outreach.extensions import db

    account_id = db.session.scalar(db.select(User.id).where(User.username == username))
    db.session.rollback()
    assert account_id is not None, f"no account {username!r}"
    return account_id


def wait_for_htmx(page) -> None:
    """A person clicks when the page is ready; a test must wait for the deferred scripts too,
    or it clicks a link before htmx has taken it over and gets a plain page load."""
    page.wait_for_load_state("load")
    page.wait_for_function("() => window.htmx !== undefined")


def mark_window(page) -> None:
    """Set a marker that only survives as long as no full page load happens."""
    wait_for_htmx(page)
    page.evaluate("() => { window.__noReload = true; }")


def window_marked(page) -> bool:
    return page.evaluate("() => window.__noReload === true")
