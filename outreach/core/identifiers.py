"""The identifier guard: finds what looks like a client identifier in free text.

Shift notes and field notes must not identify clients. This module finds three kinds of
identifier and says where they are; the caller decides what to do (warn, ask the writer to
remove them or to confirm). Pure Python: no Flask, no database.

- **national_id**: a Norwegian national identity number (fødselsnummer, 11 digits) or one of
  its variants: D-number (first digit + 4) and H-number (third digit + 4, used in health
  services). Only numbers whose two mod-11 check digits hold count: eleven digits with
  wrong check digits are an account number or a typo, not a person. The date part must be
  plausible (day 1-31, month 1-12, before the variant offsets). The six date digits may be
  followed by a space or a hyphen, as people write them: "010190 12345".
- **phone**: a Norwegian phone number: eight digits, the first 2-9, optionally after +47 or
  0047, written together or grouped as people write them ("912 34 567", "22 33 44 55",
  "9123 4567") with spaces or dots, the same separator throughout. Times ("22:00-06:00",
  "22.00"), dates ("22.06.2026", "2026-06-08", "20260608") and counts ("12 kontakter") are
  not phone numbers: they do not have eight digits in one of those groupings, and digits
  that continue a longer number (a date, a decimal, an account number) are not taken apart.
- **email**: an e-mail address.
"""

import hashlib
import re
from dataclasses import dataclass

NATIONAL_ID = "national_id"
PHONE = "phone"
EMAIL = "email"

_W1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_W2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


@dataclass(frozen=True)
class Finding:
    kind: str  # national_id | phone | email
    text: str  # the matched text, exactly as written
    start: int  # its position in the text: text[start:end]
    end: int


def _check_digit(digits: list[int], weights: tuple[int, ...]) -> int | None:
    remainder = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
    check = (11 - remainder) % 11
    return None if check == 10 else check


def national_id_check_digits(first_nine: str) -> tuple[int, int] | None:
    """The two check digits that complete `first_nine`, or None if no number can start so."""
    digits = [int(c) for c in first_nine]
    k1 = _check_digit(digits, _W1)
    if k1 is None:
        return None
    k2 = _check_digit([*digits, k1], _W2)
    if k2 is None:
        return None
    return k1, k2


def _plausible_date(number: str) -> bool:
    day, month = int(number[0:2]), int(number[2:4])
    if day > 40:  # D-number
        day -= 40
    if month > 40:  # H-number
        month -= 40
    return 1 <= day <= 31 and 1 <= month <= 12


def is_national_id(number: str) -> bool:
    """Eleven digits (no separators) that form a valid fødselsnummer, D- or H-number."""
    if len(number) != 11 or not (number.isascii() and number.isdigit()) or not _plausible_date(number):
        return False
    checks = national_id_check_digits(number[:9])
    return checks is not None and checks == (int(number[9]), int(number[10]))


# Not inside a longer number: no digit right before or after, nor a digit behind a
# separator (a date "22.06.2026", a decimal "3,5", a time "22:00", a range "10-12").
_BEFORE = r"(?<!\d)(?<!\d[.,:/-])"
_AFTER = r"(?!\d)(?![.,:/-]\d)"

_NATIONAL_ID_RE = re.compile(_BEFORE + r"(\d{6})[ -]?(\d{5})" + _AFTER)

_PHONE_RE = re.compile(
    _BEFORE
    + r"(?:(?:\+|00)47[ .]?)?"
    + r"(?:"
    + r"[2-9]\d{7}"  # 91234567
    + r"|[2-9]\d{2}(?P<s1>[ .])\d{2}(?P=s1)\d{3}"  # 912 34 567
    + r"|[2-9]\d(?P<s2>[ .])\d{2}(?P=s2)\d{2}(?P=s2)\d{2}"  # 22 33 44 55
    + r"|[2-9]\d{3}[ .]\d{4}"  # 9123 4567
    + r")"
    + _AFTER
)

# Eight digits that read as a date of this century, 20YYMMDD: taken for a date.
_COMPACT_DATE_RE = re.compile(r"20\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])")

_EMAIL_RE = re.compile(
    r"(?<![\w.%+-])[\w.%+-]+@[^\W_](?:[\w-]*[^\W_])?(?:\.[^\W_](?:[\w-]*[^\W_])?)*\.[^\W\d_]{2,}(?![\w-])"
)


def find_identifiers(text: str) -> list[Finding]:
    """What in `text` looks like a client identifier, in the order it appears.

    Where two kinds overlap (digits inside an e-mail address), the e-mail address wins,
    then the national identity number.
    """
    if not text:
        return []
    found: list[Finding] = []

    def overlaps(start: int, end: int) -> bool:
        return any(start < f.end and f.start < end for f in found)

    for match in _EMAIL_RE.finditer(text):
        found.append(Finding(EMAIL, match.group(), match.start(), match.end()))
    for match in _NATIONAL_ID_RE.finditer(text):
        if is_national_id(match.group(1) + match.group(2)) and not overlaps(match.start(), match.end()):
            found.append(Finding(NATIONAL_ID, match.group(), match.start(), match.end()))
    for match in _PHONE_RE.finditer(text):
        if _COMPACT_DATE_RE.fullmatch(match.group()):
            continue
        if not overlaps(match.start(), match.end()):
            found.append(Finding(PHONE, match.group(), match.start(), match.end()))
    return sorted(found, key=lambda f: f.start)


# --- guarding a form's free-text fields ------------------------------------------------------


class IdentifiersFound(Exception):
    """The text holds what looks like client identifiers, and the writer has not confirmed."""

    def __init__(self, findings: dict[str, list[Finding]]):
        super().__init__(findings_summary(findings))
        self.findings = findings
        self.digest = findings_digest(findings)


def find_in_fields(fields: dict[str, str]) -> dict[str, list[Finding]]:
    """The guard over several free-text fields: {field: findings}, only those with any."""
    found = {name: find_identifiers(text or "") for name, text in fields.items()}
    return {name: items for name, items in found.items() if items}


def findings_digest(findings: dict[str, list[Finding]]) -> str:
    """Names exactly what the writer was shown, so that a confirmation covers that and no more:
    an identifier added after the warning needs a confirmation of its own."""
    parts = sorted(f"{name}\x1f{f.kind}\x1f{f.text}" for name, items in findings.items() for f in items)
    return hashlib.sha256("\x1e".join(parts).encode()).hexdigest() if parts else ""


def findings_summary(findings: dict[str, list[Finding]]) -> str:
    """What kind, and where, for the audit log: never the matched text itself."""
    return ", ".join(f"{f.kind} in {name}" for name, items in findings.items() for f in items)


def guard_fields(fields: dict[str, str], confirmed: str | None) -> dict[str, list[Finding]]:
    """Raise IdentifiersFound unless nothing is found or the writer confirmed exactly what
    was found (`confirmed` is the digest they were shown). Returns the confirmed findings."""
    findings = find_in_fields(fields)
    if findings and confirmed != findings_digest(findings):
        raise IdentifiersFound(findings)
    return findings
