"""The scale generator (benchmarks/scale_data.py) at a tiny scale: the counts follow the
scale, and every bench account's main pages (those benchmarks/page_speed.py measures) open."""

import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from outreach.extensions import db

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import page_speed  # noqa: E402
import scale_data  # noqa: E402

SCALE = 0.02


def _count(table: str) -> int:
    return db.session.scalar(select(func.count()).select_from(db.metadata.tables[table]))


def test_the_generator_scales_and_every_bench_page_opens(app):
    # INSERTs through SQLAlchemy, not COPY: the PostgreSQL fixture empties the tables it saw written.
    built = scale_data.generate(SCALE, use_copy=False)

    assert _count("audit_events") == round(scale_data.AUDIT_PER_SCALE * SCALE)
    assert abs(_count("shifts") - 25_000 * SCALE) <= 25_000 * SCALE * 0.2
    assert abs(_count("recruitment_candidates") - scale_data.CANDIDATES_PER_SCALE * SCALE) <= 10
    assert abs(_count("supervision_sessions") - 3_000 * SCALE) <= 3_000 * SCALE * 0.5
    assert _count("users") == scale_data.TEAM_SIZE + 3  # a team, HR, a supervisor, the administrator
    assert _count("hkh_log_entries") > 0 and _count("job_description_versions") >= _count("job_descriptions")
    # Every EC or peer on an outreach shift has a professional with them.
    alone = db.session.execute(db.text("""
        SELECT count(*) FROM shifts s WHERE s.kind = 'outreach' AND EXISTS (
            SELECT 1 FROM shift_assignments a JOIN staff_profiles p ON p.id = a.staff_id
            WHERE a.shift_id = s.id AND p.role_type IN ('ec', 'peer'))
        AND NOT EXISTS (
            SELECT 1 FROM shift_assignments a JOIN staff_profiles p ON p.id = a.staff_id
            WHERE a.shift_id = s.id AND p.role_type = 'professional')""")).scalar_one()
    assert alone == 0

    ids = page_speed.lookup()
    assert ids["team_id"] == built["team_id"] and None not in ids.values()
    db.session.remove()
    for account in dict.fromkeys(account for account, *_ in page_speed.pages(ids)):
        client = app.test_client()
        client.login(account, scale_data.PASSWORD)
        for who, label, url, headers in page_speed.pages(ids):
            if who == account:
                response = client.get(url, headers=headers)
                assert response.status_code == 200, f"{label} ({account}): {url} answered {response.status_code}"


@pytest.mark.parametrize("weekday", range(7))
def test_every_supervisee_has_individual_sessions_whatever_the_day(app, weekday):
    # 3 December 2026 once failed: a supervisee whose fortnightly sessions all fell on weekends
    # had none, and their reflection notes were written before any session existed.
    scale_data.generate(SCALE, today=date(2026, 12, 3) + timedelta(days=weekday), use_copy=False)
    without = db.session.execute(db.text("""
        SELECT count(*) FROM staff_profiles p WHERE p.supervisor_id IS NOT NULL AND NOT EXISTS (
            SELECT 1 FROM supervision_participants sp JOIN supervision_sessions s ON s.id = sp.session_id
            WHERE sp.user_id = p.user_id AND s.kind = 'individual')""")).scalar_one()
    assert without == 0
