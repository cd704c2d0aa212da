"""The identifier guard: national identity numbers, phone numbers and e-mail addresses."""

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from outreach.core.identifiers import (
    EMAIL,
    NATIONAL_ID,
    PHONE,
    find_identifiers,
    is_national_id,
    national_id_check_digits,
)


def kinds(text: str) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in find_identifiers(text)]


@st.composite
def national_ids(draw) -> str:
    """A valid fødselsnummer, D-number or H-number."""
    day = draw(st.integers(1, 31)) + draw(st.sampled_from([0, 40]))  # D-number: day + 40
    month = draw(st.integers(1, 12)) + draw(st.sampled_from([0, 0, 40]))  # H-number: month + 40
    year = draw(st.integers(0, 99))
    individual = draw(st.integers(0, 999))
    first_nine = f"{day:02d}{month:02d}{year:02d}{individual:03d}"
    checks = national_id_check_digits(first_nine)
    assume(checks is not None)
    return first_nine + "".join(map(str, checks))


words = st.text(alphabet="abcdefghijklmnopqrstuvwxyzæøå ,", max_size=30)


# A published example of a valid number (python-stdnum's documentation) and a D-number.
@example("15108695088")
@example("41018036736")
@given(national_ids())
def test_every_valid_national_id_is_found(number):
    assert is_national_id(number)
    assert kinds(f"Møtte {number} i parken") == [(NATIONAL_ID, number)]


@given(national_ids(), words, words)
def test_a_valid_national_id_is_found_wherever_it_stands(number, before, after):
    text = f"{before} {number[:6]} {number[6:]} {after}"
    found = find_identifiers(text)
    assert [(f.kind, text[f.start:f.end]) for f in found] == [(NATIONAL_ID, f"{number[:6]} {number[6:]}")]


@example("15108695077")
@given(st.text(alphabet="0123456789", min_size=11, max_size=11))
def test_eleven_digits_with_wrong_check_digits_are_not_a_national_id(number):
    checks = national_id_check_digits(number[:9])
    assume(checks != (int(number[9]), int(number[10])))
    assert not is_national_id(number)
    assert find_identifiers(f"Kontonummer {number} i teksten") == []


def test_the_check_digits_are_both_checked():
    assert is_national_id("15108695088")
    assert not is_national_id("15108695087")  # second check digit wrong
    assert not is_national_id("15108695188")  # first check digit wrong
    assert not is_national_id("1510869508")  # ten digits


@pytest.mark.parametrize("date_part", ["329912", "001290", "011390", "720190"])
def test_valid_check_digits_on_an_impossible_date_are_not_a_national_id(date_part):
    numbers = [
        f"{date_part}{i:03d}" + "".join(map(str, checks))
        for i in range(1000) if (checks := national_id_check_digits(f"{date_part}{i:03d}"))
    ]
    assert numbers
    assert not any(is_national_id(n) for n in numbers)
    assert find_identifiers(" ".join(numbers)) == []


@pytest.mark.parametrize("text, found", [
    ("Ring 912 34 567 i morgen", "912 34 567"),
    ("tlf 22 33 44 55.", "22 33 44 55"),
    ("nummeret er 91234567", "91234567"),
    ("+47 912 34 567", "+47 912 34 567"),
    ("0047 9123 4567", "0047 9123 4567"),
    ("+4791234567", "+4791234567"),
    ("tlf:41234567", "41234567"),
    ("22.33.44.55 er kontoret", "22.33.44.55"),
])
def test_phone_numbers_are_found(text, found):
    assert kinds(text) == [(PHONE, found)]


@pytest.mark.parametrize("text", [
    "Vakt 22:00-06:00, pause 02:00",
    "kl. 22.00-06.00",
    "Møtte dem 22.06.2026 kl 23.15",
    "Dato 2026-06-08 og 20260608",
    "12 kontakter, 3 nye",
    "Vi gikk 3 runder på 45 min, 1,5 km",
    "Kontonr 1234.56.78903",
    "Budsjett 100 000 kr",
    "Uke 24, 2026",
    "Ring 113 ved overdose",
    "Nummer 12345678 starter med 1",
])
def test_times_dates_and_counts_are_not_phone_numbers(text):
    assert find_identifiers(text) == []


def test_email_addresses_are_found_and_the_digits_inside_are_not_counted_again():
    assert kinds("Skriv til ola.nordmann@example.no, takk") == [(EMAIL, "ola.nordmann@example.no")]
    assert kinds("sms: 91234567@sms.example.com") == [(EMAIL, "91234567@sms.example.com")]
    assert kinds("kåre_ås+test@post.domene.no") == [(EMAIL, "kåre_ås+test@post.domene.no")]
    assert kinds("møtes @ parken kl 22") == []


def test_findings_come_in_order_with_their_position():
    text = "Han sa 91234567 og ola@example.no, fnr 15108695088."
    found = find_identifiers(text)
    assert [f.kind for f in found] == [PHONE, EMAIL, NATIONAL_ID]
    for finding in found:
        assert text[finding.start:finding.end] == finding.text


def test_nothing_in_an_ordinary_report():
    report = ("Gikk Grønland - Vaterland - Oslo S 22.00-01.30. 14 kontakter, 4 nye. "
              "Temaer: bolig, NAV, kulde. Én overdose, ambulanse kom etter 8 min.")
    assert find_identifiers(report) == []
    assert find_identifiers("") == []
