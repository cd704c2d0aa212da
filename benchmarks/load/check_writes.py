"""After the load test: is every write the simulated users were told succeeded in the database,
and did the server answer no 5xx and log no traceback?

    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/outreach_load \
        .venv/bin/python benchmarks/load/check_writes.py --writes OUT/writes.jsonl \
        --access-log OUT/access.log --server-log OUT/gunicorn.log [--locust-csv OUT/locust_stats.csv]

Each object in writes.jsonl has one writer (prepare.py gives every simulated user its own), in
the order the server accepted the writes. A write counts as lost when the object's final state
is not the last accepted write, when its version did not move once per accepted save, or when
the audit log (written in the same transaction as the change) has fewer rows for it than the
client had successes. A final state holding a later marker of the same writer is a write the
server kept whose answer the client never read (the run ended while it was on its way): counted
apart, not lost. Exit code 0 only if nothing is lost and the server logged no error.
"""

import argparse
import csv
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writes", required=True)
    parser.add_argument("--access-log")
    parser.add_argument("--server-log")
    parser.add_argument("--locust-csv")
    args = parser.parse_args()

    writes = [json.loads(line) for line in Path(args.writes).read_text().splitlines() if line.strip()]
    from outreach import create_app

    app = create_app()
    with app.app_context():
        accepted, lost, late, problems = check(writes)
    print("kind of write      accepted  lost  (kept, answer unread at the end)")
    for kind in sorted(accepted):
        print(f"{kind:<18} {accepted[kind]:>8}  {lost[kind]:>4}  ({late[kind]})")
    refused = sum(1 for w in writes if w["kind"] == "assign_refused")
    print(f"(assignments refused by a blocking rule, 422, not writes: {refused})")
    for problem in problems[:30]:
        print("  LOST:", problem)
    total_lost = sum(lost.values())
    print(f"lost writes: {total_lost} of {sum(accepted.values())}")

    failed = total_lost > 0
    if args.access_log:
        statuses, server_ms = Counter(), []
        for line in Path(args.access_log).read_text().splitlines():
            if match := re.search(r'" (\d{3}) ', line):
                statuses[match.group(1)] += 1
            if took := re.search(r'" (\d+)$', line):  # run_load.sh logs the request time (ms) last
                server_ms.append(int(took.group(1)))
        server_errors = sum(n for status, n in statuses.items() if status.startswith("5"))
        print("responses by status (gunicorn access log):", dict(sorted(statuses.items())))
        print(f"5xx responses: {server_errors}")
        if server_ms:
            server_ms.sort()
            p = {q: server_ms[min(len(server_ms) - 1, int(len(server_ms) * q / 100))] for q in (50, 95, 99)}
            print(f"time in the worker (access log, {len(server_ms)} requests): p50 {p[50]} ms, p95 {p[95]} ms, "
                  f"p99 {p[99]} ms, max {server_ms[-1]} ms")
        failed |= server_errors > 0
    if args.server_log:
        log = Path(args.server_log).read_text()
        tracebacks = log.count("Traceback (most recent call last)")
        errors = len(re.findall(r"\[(?:ERROR|CRITICAL)\]", log))
        print(f"tracebacks in the server log: {tracebacks}; [ERROR]/[CRITICAL] lines: {errors}")
        failed |= tracebacks > 0 or errors > 0
    if args.locust_csv and Path(args.locust_csv).exists():
        summary(args.locust_csv)
    print("FAIL" if failed else "PASS")
    return 1 if failed else 0


def summary(path: str) -> None:
    rows = list(csv.DictReader(open(path)))
    total = next(r for r in rows if r["Name"] == "Aggregated")
    print(f"locust: {total['Request Count']} requests, {total['Failure Count']} failures, "
          f"{float(total['Requests/s']):.1f} req/s; latency ms p50 {total['50%']}, p95 {total['95%']}, "
          f"p99 {total['99%']}, max {float(total['Max Response Time']):.0f}")


def _seq(word: str) -> int:
    """browser.letters() backwards."""
    n = 0
    for ch in word:
        n = n * 26 + ord(ch) - 96
    return n - 1


def answered_too_late(text: str, last_marker: str) -> bool:
    """Whether `text` holds a later marker of the same writer than the last accepted one: a write
    the client sent (markers are made just before sending) whose answer it never read, because
    the run ended while it was on its way. Not lost: the server kept it."""
    _, tag, seq = last_marker.split("-")
    return any(_seq(later) > _seq(seq) for later in re.findall(rf"lt-{tag}-([a-z]+)\b", text or ""))


def check(writes: list[dict]) -> tuple[Counter, Counter, list[str]]:
    from outreach.audit.models import AuditEvent
    from outreach.core.timeutil import OSLO
    from outreach.extensions import db
    from outreach.recruitment.models import InterviewAnswer, Panelist
    from outreach.shifts.models import Shift, ShiftAssignment, ShiftNote
    from outreach.supervision.models import SessionNote

    accepted, lost, late, problems = Counter(), Counter(), Counter(), []

    def audit_count(action, object_type=None, object_id=None, like=None, actor=None):
        query = db.select(db.func.count()).select_from(AuditEvent).where(AuditEvent.action == action)
        if object_type:
            query = query.where(AuditEvent.object_type == object_type, AuditEvent.object_id == str(object_id))
        if like:
            query = query.where(AuditEvent.summary.contains(like))
        if actor:
            from outreach.auth.models import User

            query = query.where(AuditEvent.actor_id == db.select(User.id).where(User.username == actor)
                                .scalar_subquery())
        return db.session.scalar(query)

    def lose(kind, n, message):
        lost[kind] += n
        problems.append(message)

    by = defaultdict(list)
    for w in writes:
        if w["kind"] != "assign_refused":
            accepted[w["kind"]] += 1
            key = {"shift_create": "shift", "shift_update": "shift", "assign": "shift_assign"}.get(w["kind"], w["kind"])
            by[(key, w.get("shift_id") or w.get("session_id") or w.get("interview_id"))].append(w)

    for (key, object_id), found in by.items():
        last = found[-1]
        if key == "shift":
            shift = db.session.get(Shift, object_id)
            updates = [w for w in found if w["kind"] == "shift_update"]
            if shift is None:
                lose(found[0]["kind"], len(found), f"shift {object_id} is not in the database")
                continue
            start = shift.starts_at.astimezone(OSLO)
            state = (shift.title, start.date().isoformat(), f"{start:%H:%M}", f"{shift.ends_at.astimezone(OSLO):%H:%M}")
            if answered_too_late(shift.title, last["title"]):
                late[last["kind"]] += 1
            elif state != (last["title"], last["day"], last["start"], last["end"]):
                lose(last["kind"], 1, f"shift {object_id} is {state}, the last accepted change was {last}")
            for action, expected, kind in (("shift.create", 1, "shift_create"),
                                           ("shift.update", len(updates), "shift_update")):
                have = audit_count(action, "shifts", object_id)
                if have < expected:
                    lose(kind, expected - have, f"shift {object_id}: {have} {action} audit rows, {expected} accepted")
        elif key == "shift_assign":
            on = set(db.session.scalars(
                db.select(ShiftAssignment.staff_id).where(ShiftAssignment.shift_id == object_id)))
            for w in found:
                if w["staff_id"] not in on:
                    lose("assign", 1, f"staff {w['staff_id']} is not on shift {object_id}")
            have = audit_count("shift.assign", "shifts", object_id)
            if have < len(found):
                lose("assign", len(found) - have,
                     f"shift {object_id}: {have} shift.assign audit rows, {len(found)} accepted")
        elif key == "report":
            note = db.session.scalar(
                db.select(ShiftNote).where(ShiftNote.shift_id == object_id, ShiftNote.kind == "report"))
            if note is not None and answered_too_late(note.body, last["marker"]):
                late["report"] += 1
            elif note is None or last["marker"] not in note.body:
                lose("report", 1, f"report of shift {object_id} does not hold the last accepted {last['marker']}")
            if note is not None:
                saves = audit_count("shift_note.create", "shift_notes", note.id) + audit_count(
                    "shift_note.update", "shift_notes", note.id)
                if note.version < len(found) or saves < len(found):
                    lose("report", len(found) - min(note.version, saves),
                         f"report {note.id}: version {note.version}, {saves} audit rows, {len(found)} accepted")
        elif key == "private_note":
            note = db.session.scalar(db.select(SessionNote).where(SessionNote.session_id == object_id,
                                                                  SessionNote.kind == "private"))
            if note is not None and answered_too_late(note.body, last["marker"]):
                late["private_note"] += 1
            elif note is None or last["marker"] not in note.body:
                lose("private_note", 1, f"private notes of session {object_id} lack the last accepted {last['marker']}")
            if note is not None:
                saves = audit_count("supervision.note_update", "supervision_notes", note.id)
                if note.version < len(found) or saves < len(found):
                    lose("private_note", len(found) - min(note.version, saves),
                         f"session note {note.id}: version {note.version}, {saves} audit rows, {len(found)} accepted")
        elif key == "rating":
            from outreach.auth.models import User

            user_id = db.session.scalar(db.select(User.id).where(User.username == last["user"]))
            panelist = db.session.get(Panelist, (object_id, user_id))
            ratings = dict(db.session.execute(db.select(InterviewAnswer.question_id, InterviewAnswer.rating).where(
                InterviewAnswer.interview_id == object_id, InterviewAnswer.user_id == user_id)).all())
            if panelist is not None and answered_too_late(panelist.notes, last["marker"]):
                late["rating"] += 1
            elif panelist is None or last["marker"] not in (panelist.notes or ""):
                lose("rating", 1, f"interview {object_id}: the notes lack the last accepted {last['marker']}")
            elif {int(q): r for q, r in last["ratings"].items()} != ratings:
                lose("rating", 1, f"interview {object_id}: ratings {ratings}, the last accepted {last['ratings']}")
            have = audit_count("recruitment.interview_rate", like=f"interview {object_id}:", actor=last["user"])
            if have < len(found):
                lose("rating", len(found) - have, f"interview {object_id}: {have} audit rows, {len(found)} accepted")
    return accepted, lost, late, problems


if __name__ == "__main__":
    sys.exit(main())
