"""Dutch date/time phrases -> Europe/Amsterdam datetimes (buurtbot.dates).

Every expected value is worked out by hand from the calendar, never by calling the code under test:

    November 2026            December 2026            March 2027
    ma di wo do vr za zo     ma di wo do vr za zo     ma di wo do vr za zo
                       1         1  2  3  4  5  6      1  2  3  4  5  6  7
     2  3  4  5  6  7  8      7  8  9 10 11 12 13      8  9 10 11 12 13 14
     9 10 11 12 13 14 15     14 15 16 17 18 19 20     15 16 17 18 19 20 21
    16 17 18 19 20 21 22     21 22 23 24 25 26 27     22 23 24 25 26 27 28
    23 24 25 26 27 28 29     28 29 30 31              29 30 31
    30

NOW is Thursday 19 November 2026, 15:30 (winter time, +01:00). Summer time starts on Sunday 28 March 2027 at
02:00 (clocks jump to 03:00), so from then on the offset is +02:00.
"""

from __future__ import annotations

import calendar
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from buurtbot.dates import ParsedWhen, format_when, is_sensible_hour, parse_past_day, parse_when

AMS = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2026, 11, 19, 15, 30, tzinfo=AMS)  # Thursday
SPRING_NOW = datetime(2027, 3, 26, 12, 0, tzinfo=AMS)  # Friday before the DST change
# Sunday 28 March 2027, 00:30 in Amsterdam (still winter time), given in UTC.
SPRING_NOW_UTC = datetime(2027, 3, 27, 23, 30, tzinfo=timezone.utc)

NOT_UNDERSTOOD = "Ik snap de datum niet. Typ bijvoorbeeld: zaterdag 14 december om 10:00."
PAST_DATE = "Die datum is al voorbij. Kies een datum in de toekomst."
PAST_TIME = "Die tijd is vandaag al voorbij. Kies een latere tijd of een andere dag."
TWO_DAYS = "Ik zie twee verschillende dagen. Welke dag bedoel je?"


def test_the_calendar_assumptions_hold() -> None:
    assert calendar.weekday(2026, 11, 19) == calendar.THURSDAY
    assert calendar.weekday(2026, 12, 12) == calendar.SATURDAY
    assert calendar.weekday(2026, 12, 14) == calendar.MONDAY
    assert calendar.weekday(2027, 3, 26) == calendar.FRIDAY
    assert calendar.weekday(2027, 3, 28) == calendar.SUNDAY
    assert NOW.utcoffset() == timedelta(hours=1)


# (phrase, expected local time as ISO 8601 with offset, has_time). Without a time, `when` is midnight.
AT_NOW = [
    # weekdays: next occurrence; today only when the time is still ahead
    ("donderdag om 19:00", "2026-11-19T19:00:00+01:00", True),
    ("Donderdag 10:00", "2026-11-26T10:00:00+01:00", True),
    ("donderdag", "2026-11-26T00:00:00+01:00", False),
    ("donderdagavond", "2026-11-19T19:00:00+01:00", True),
    ("vrijdag", "2026-11-20T00:00:00+01:00", False),
    ("za", "2026-11-21T00:00:00+01:00", False),
    ("zat 10u30", "2026-11-21T10:30:00+01:00", True),
    ("ZONDAG", "2026-11-22T00:00:00+01:00", False),
    ("ma 14:00", "2026-11-23T14:00:00+01:00", True),
    ("di", "2026-11-24T00:00:00+01:00", False),
    ("woensdag 19u", "2026-11-25T19:00:00+01:00", True),
    ("wo om 20.00", "2026-11-25T20:00:00+01:00", True),
    ("aanstaande vrijdag", "2026-11-20T00:00:00+01:00", False),
    ("vrijdag a.s. om 20:00", "2026-11-20T20:00:00+01:00", True),
    # next calendar week (Monday 23 to Sunday 29 November), this week (16 to 22 November)
    ("volgende week dinsdag", "2026-11-24T00:00:00+01:00", False),
    ("dinsdag volgende week om 19:30", "2026-11-24T19:30:00+01:00", True),
    ("volgende week donderdag", "2026-11-26T00:00:00+01:00", False),
    ("volgende week maandag", "2026-11-23T00:00:00+01:00", False),
    ("komende week zondag", "2026-11-29T00:00:00+01:00", False),
    ("deze week zaterdag", "2026-11-21T00:00:00+01:00", False),
    # relative days and parts of the day (ochtend 10:00, middag 14:00, avond 19:00)
    ("vandaag", "2026-11-19T00:00:00+01:00", False),
    ("vandaag om 17:00", "2026-11-19T17:00:00+01:00", True),
    ("morgen", "2026-11-20T00:00:00+01:00", False),
    ("overmorgen om 11 uur", "2026-11-21T11:00:00+01:00", True),
    ("vanavond", "2026-11-19T19:00:00+01:00", True),
    ("vanavond om 8 uur", "2026-11-19T20:00:00+01:00", True),
    ("vanmiddag om 4 uur", "2026-11-19T16:00:00+01:00", True),
    ("morgenochtend", "2026-11-20T10:00:00+01:00", True),
    ("morgenmiddag", "2026-11-20T14:00:00+01:00", True),
    ("morgenavond", "2026-11-20T19:00:00+01:00", True),
    ("overmorgenavond", "2026-11-21T19:00:00+01:00", True),
    ("vrijdagavond", "2026-11-20T19:00:00+01:00", True),
    ("zaterdagochtend", "2026-11-21T10:00:00+01:00", True),
    ("zondagmiddag 15:00", "2026-11-22T15:00:00+01:00", True),
    ("zondagmorgen om half elf", "2026-11-22T10:30:00+01:00", True),
    # times: hours 1-7 without 's ochtends/'s middags/'s avonds are afternoon or evening
    ("Morgen half acht", "2026-11-20T19:30:00+01:00", True),
    ("morgen half acht 's ochtends", "2026-11-20T07:30:00+01:00", True),
    ("morgen half acht ’s avonds", "2026-11-20T19:30:00+01:00", True),
    ("morgen om 7 uur 's avonds", "2026-11-20T19:00:00+01:00", True),
    ("morgen 10 uur 's ochtends", "2026-11-20T10:00:00+01:00", True),
    ("morgen kwart over zeven", "2026-11-20T19:15:00+01:00", True),
    ("morgen kwart voor acht", "2026-11-20T19:45:00+01:00", True),
    ("morgen tien over half acht", "2026-11-20T19:40:00+01:00", True),
    ("morgen vijf voor half acht", "2026-11-20T19:25:00+01:00", True),
    ("morgen om 12 uur", "2026-11-20T12:00:00+01:00", True),
    ("morgen 12 uur 's middags", "2026-11-20T12:00:00+01:00", True),
    ("morgen 's middags", "2026-11-20T14:00:00+01:00", True),
    ("morgen om 8", "2026-11-20T08:00:00+01:00", True),
    ("morgen rond 3 uur", "2026-11-20T15:00:00+01:00", True),
    ("morgen 07:30", "2026-11-20T07:30:00+01:00", True),
    ("morgen 7:30", "2026-11-20T19:30:00+01:00", True),
    ("morgen 19 uur", "2026-11-20T19:00:00+01:00", True),
    ("morgen half een", "2026-11-20T12:30:00+01:00", True),
    # only a time: today when still ahead, otherwise tomorrow
    ("om 19:00", "2026-11-19T19:00:00+01:00", True),
    ("half acht", "2026-11-19T19:30:00+01:00", True),
    ("om 10:00", "2026-11-20T10:00:00+01:00", True),
    # explicit dates; without a year: this year, or next year when passed
    ("14 dec", "2026-12-14T00:00:00+01:00", False),
    ("14 december", "2026-12-14T00:00:00+01:00", False),
    ("14-12", "2026-12-14T00:00:00+01:00", False),
    ("14/12", "2026-12-14T00:00:00+01:00", False),
    ("14-12-2026", "2026-12-14T00:00:00+01:00", False),
    ("14-12-26", "2026-12-14T00:00:00+01:00", False),
    ("14 december 2026", "2026-12-14T00:00:00+01:00", False),
    ("14.12.2026", "2026-12-14T00:00:00+01:00", False),
    ("2026-12-14 19:00", "2026-12-14T19:00:00+01:00", True),
    ("ma 14 dec 19u", "2026-12-14T19:00:00+01:00", True),
    ("za 12 dec 10u", "2026-12-12T10:00:00+01:00", True),
    ("zaterdag 12 december om 10.00", "2026-12-12T10:00:00+01:00", True),
    ("Op zaterdag, 12 december, om 10.00 uur!", "2026-12-12T10:00:00+01:00", True),
    ("1 januari", "2027-01-01T00:00:00+01:00", False),
    ("3 nov", "2027-11-03T00:00:00+01:00", False),
    ("19 november", "2026-11-19T00:00:00+01:00", False),
    ("29 februari 2028", "2028-02-29T00:00:00+01:00", False),
    ("12 juni om 10:00", "2027-06-12T10:00:00+02:00", True),
    ("morgen 20 november", "2026-11-20T00:00:00+01:00", False),
    # chat around the date
    ("zaterdag bij het buurthuis", "2026-11-21T00:00:00+01:00", False),
    ("zaterdag 10:00-12:00", "2026-11-21T10:00:00+01:00", True),
    ("morgen zo rond 8 uur", "2026-11-20T08:00:00+01:00", True),
    ("zo 15:00", "2026-11-22T15:00:00+01:00", True),
    # dateparser fallback: its day, the rules' time (dateparser itself would say 15:30 for "over 2 dagen")
    ("over 3 dagen om 10:00", "2026-11-22T10:00:00+01:00", True),
    ("over 2 dagen", "2026-11-21T00:00:00+01:00", False),
]

# Around the start of summer time: Sunday 28 March 2027 has offset +02:00.
AROUND_DST = [
    (SPRING_NOW, "zondag 10:00", "2027-03-28T10:00:00+02:00", True),
    (SPRING_NOW, "overmorgen om 10 uur", "2027-03-28T10:00:00+02:00", True),
    (SPRING_NOW, "zaterdagavond", "2027-03-27T19:00:00+01:00", True),
    (SPRING_NOW, "maandag om 9 uur", "2027-03-29T09:00:00+02:00", True),
    (SPRING_NOW, "volgende week dinsdag", "2027-03-30T00:00:00+02:00", False),
    (SPRING_NOW, "28 maart 10:00", "2027-03-28T10:00:00+02:00", True),
    # 02:30 does not exist that night: it moves forward to 03:30 summer time
    (SPRING_NOW, "zondag half drie 's nachts", "2027-03-28T03:30:00+02:00", True),
    # `now` in UTC is read in Amsterdam: 23:30 UTC on Saturday is 00:30 on Sunday there
    (SPRING_NOW_UTC, "vandaag om 10:00", "2027-03-28T10:00:00+02:00", True),
    (SPRING_NOW_UTC, "zondag 10:00", "2027-03-28T10:00:00+02:00", True),
    (SPRING_NOW_UTC, "morgen", "2027-03-29T00:00:00+02:00", False),
]


def assert_parsed(result: ParsedWhen, expected_iso: str, has_time: bool) -> None:
    assert result.problem is None
    assert result.when is not None
    assert result.when.isoformat() == expected_iso
    assert result.when.tzinfo is not None and str(result.when.tzinfo) == "Europe/Amsterdam"
    assert result.has_time is has_time


@pytest.mark.parametrize("text, expected_iso, has_time", AT_NOW, ids=[row[0] for row in AT_NOW])
def test_parses_dutch_phrases(text: str, expected_iso: str, has_time: bool) -> None:
    assert_parsed(parse_when(text, NOW, AMS), expected_iso, has_time)


@pytest.mark.parametrize("now, text, expected_iso, has_time", AROUND_DST, ids=[row[1] for row in AROUND_DST])
def test_parses_across_the_dst_change(now: datetime, text: str, expected_iso: str, has_time: bool) -> None:
    assert_parsed(parse_when(text, now, AMS), expected_iso, has_time)


def test_a_meetup_on_28_march_2027_at_10_has_offset_plus_two() -> None:
    when = parse_when("zondag 28 maart om 10:00", SPRING_NOW, AMS).when
    assert when is not None
    assert when.utcoffset() == timedelta(hours=2)
    assert when.astimezone(timezone.utc) == datetime(2027, 3, 28, 8, 0, tzinfo=timezone.utc)


INVALID = [
    ("31 februari", "31 februari bestaat niet. Welke datum bedoel je?"),
    ("30-02", "30 februari bestaat niet. Welke datum bedoel je?"),
    ("32 januari", "32 januari bestaat niet. Welke datum bedoel je?"),
    ("0 mei", "0 mei bestaat niet. Welke datum bedoel je?"),
    ("14-13", "Maand 13 bestaat niet. Welke datum bedoel je?"),
    ("29 februari", "29 februari 2027 bestaat niet. Welke datum bedoel je?"),
    ("25:00", "25:00 bestaat niet. Welke tijd bedoel je?"),
    ("morgen om 19:75", "19:75 bestaat niet. Welke tijd bedoel je?"),
    ("morgen 24 uur", "24:00 bestaat niet. Welke tijd bedoel je?"),
    ("gisteren", PAST_DATE),
    ("gisteravond", PAST_DATE),
    ("14-12-2020", PAST_DATE),
    ("deze week maandag", PAST_DATE),
    ("vandaag om 10:00", PAST_TIME),
    ("vanochtend", PAST_TIME),
    ("19 nov 10:00", PAST_TIME),
    ("za 14 dec", "14 december is een maandag, geen zaterdag. Welke dag bedoel je?"),
    ("zaterdag 14 december om 10.00", "14 december is een maandag, geen zaterdag. Welke dag bedoel je?"),
    ("morgen zaterdag", "20 november is een vrijdag, geen zaterdag. Welke dag bedoel je?"),
    ("morgen 22 november", TWO_DAYS),
    ("zaterdag of zondag", TWO_DAYS),
    ("volgende week", "Welke dag volgende week bedoel je? Typ bijvoorbeeld: dinsdag volgende week."),
    ("blabla", NOT_UNDERSTOOD),
    ("", NOT_UNDERSTOOD),
    ("???", NOT_UNDERSTOOD),
    ("op de 14e", NOT_UNDERSTOOD),
    ("volgende maand", NOT_UNDERSTOOD),
    ("over een week om 10:00", NOT_UNDERSTOOD),
    ("5", NOT_UNDERSTOOD),
]


@pytest.mark.parametrize("text, problem", INVALID, ids=[row[0] or "<empty>" for row in INVALID])
def test_explains_what_is_wrong(text: str, problem: str) -> None:
    assert parse_when(text, NOW, AMS) == ParsedWhen(when=None, has_time=False, problem=problem)


def test_refuses_a_naive_now() -> None:
    with pytest.raises(ValueError):
        parse_when("morgen", datetime(2026, 11, 19, 15, 30), AMS)


FORMATTED = [
    # every weekday abbreviation (23-29 November 2026 is Monday to Sunday)
    (datetime(2026, 11, 23, 19, 0, tzinfo=AMS), "ma 23 nov, 19:00"),
    (datetime(2026, 11, 24, 19, 0, tzinfo=AMS), "di 24 nov, 19:00"),
    (datetime(2026, 11, 25, 19, 0, tzinfo=AMS), "wo 25 nov, 19:00"),
    (datetime(2026, 11, 26, 19, 0, tzinfo=AMS), "do 26 nov, 19:00"),
    (datetime(2026, 11, 27, 19, 0, tzinfo=AMS), "vr 27 nov, 19:00"),
    (datetime(2026, 11, 28, 19, 0, tzinfo=AMS), "za 28 nov, 19:00"),
    (datetime(2026, 11, 29, 19, 0, tzinfo=AMS), "zo 29 nov, 19:00"),
    # every month abbreviation (the first of each month in 2027)
    (datetime(2027, 1, 1, 10, 0, tzinfo=AMS), "vr 1 jan, 10:00"),
    (datetime(2027, 2, 1, 10, 0, tzinfo=AMS), "ma 1 feb, 10:00"),
    (datetime(2027, 3, 1, 10, 0, tzinfo=AMS), "ma 1 mrt, 10:00"),
    (datetime(2027, 4, 1, 10, 0, tzinfo=AMS), "do 1 apr, 10:00"),
    (datetime(2027, 5, 1, 10, 0, tzinfo=AMS), "za 1 mei, 10:00"),
    (datetime(2027, 6, 1, 10, 0, tzinfo=AMS), "di 1 jun, 10:00"),
    (datetime(2027, 7, 1, 10, 0, tzinfo=AMS), "do 1 jul, 10:00"),
    (datetime(2027, 8, 1, 10, 0, tzinfo=AMS), "zo 1 aug, 10:00"),
    (datetime(2027, 9, 1, 10, 0, tzinfo=AMS), "wo 1 sep, 10:00"),
    (datetime(2027, 10, 1, 10, 0, tzinfo=AMS), "vr 1 okt, 10:00"),
    (datetime(2027, 11, 1, 10, 0, tzinfo=AMS), "ma 1 nov, 10:00"),
    (datetime(2027, 12, 1, 10, 0, tzinfo=AMS), "wo 1 dec, 10:00"),
    # the example from the spec: 14 December 2024 was a Saturday
    (datetime(2024, 12, 14, 10, 0, tzinfo=AMS), "za 14 dec, 10:00"),
    (datetime(2026, 12, 12, 9, 5, tzinfo=AMS), "za 12 dec, 09:05"),
    # other zones are shown in Amsterdam time: +1 in winter, +2 in summer
    (datetime(2026, 12, 12, 9, 0, tzinfo=timezone.utc), "za 12 dec, 10:00"),
    (datetime(2027, 3, 28, 8, 0, tzinfo=timezone.utc), "zo 28 mrt, 10:00"),
    (datetime(2026, 11, 19, 23, 30, tzinfo=timezone.utc), "vr 20 nov, 00:30"),
]


@pytest.mark.parametrize("when, expected", FORMATTED, ids=[row[1] for row in FORMATTED])
def test_format_when(when: datetime, expected: str) -> None:
    assert format_when(when, AMS) == expected


def test_format_when_and_is_sensible_hour_refuse_a_naive_datetime() -> None:
    with pytest.raises(ValueError):
        format_when(datetime(2026, 12, 12, 10, 0), AMS)
    with pytest.raises(ValueError):
        is_sensible_hour(datetime(2026, 12, 12, 10, 0), AMS)


def test_format_when_shows_a_parsed_meetup() -> None:
    when = parse_when("za 12 dec 10u", NOW, AMS).when
    assert when is not None
    assert format_when(when, AMS) == "za 12 dec, 10:00"


@pytest.mark.parametrize(
    "when, sensible",
    [
        (datetime(2026, 11, 20, 6, 59, tzinfo=AMS), False),
        (datetime(2026, 11, 20, 7, 0, tzinfo=AMS), True),
        (datetime(2026, 11, 20, 19, 30, tzinfo=AMS), True),
        (datetime(2026, 11, 20, 22, 0, tzinfo=AMS), True),  # "kies een tijd tussen 7:00 en 22:00"
        (datetime(2026, 11, 20, 22, 1, tzinfo=AMS), False),
        (datetime(2026, 11, 20, 23, 0, tzinfo=AMS), False),
        (datetime(2026, 11, 20, 3, 0, tzinfo=AMS), False),
        # 21:00 UTC is 22:00 in Amsterdam in winter, 21:30 UTC is 22:30
        (datetime(2026, 11, 20, 21, 0, tzinfo=timezone.utc), True),
        (datetime(2026, 11, 20, 21, 30, tzinfo=timezone.utc), False),
    ],
)
def test_is_sensible_hour(when: datetime, sensible: bool) -> None:
    assert is_sensible_hour(when, AMS) is sensible


def test_a_date_without_a_time_is_midnight_and_asks_for_the_time() -> None:
    result = parse_when("vrijdag", NOW, AMS)
    assert result.when == datetime(2026, 11, 20, 0, 0, tzinfo=AMS)
    assert result.has_time is False


# Back in time: when something happened (the off-the-record form asks it). 2026-11-20 is a Friday.
FRIDAY = datetime(2026, 11, 20, 12, 0, tzinfo=AMS)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("vandaag", "2026-11-20"),
        ("gisteren", "2026-11-19"),
        ("eergisteren", "2026-11-18"),
        ("12-11", "2026-11-12"),
        ("12 november", "2026-11-12"),
        ("30 december", "2025-12-30"),  # not yet this year: last year
        ("vorige week dinsdag", "2026-11-10"),  # last week ran from Monday 9 to Sunday 15 November
        ("afgelopen dinsdag", "2026-11-17"),
        ("dinsdag", "2026-11-17"),
        ("vrijdag", "2026-11-20"),
        ("gisteravond tussen 10 en 11", "2026-11-19"),
        ("gisternacht", "2026-11-19"),
        ("vanochtend rond 9 uur", "2026-11-20"),
        ("3 dagen geleden", "2026-11-17"),
    ],
)
def test_a_day_in_the_past(text: str, expected: str) -> None:
    assert parse_past_day(text, FRIDAY, AMS).isoformat() == expected


@pytest.mark.parametrize("text", ["morgen", "blabla", "31 februari", "volgende week dinsdag", "za 12-11"])
def test_no_past_day(text: str) -> None:
    assert parse_past_day(text, FRIDAY, AMS) is None


def test_the_zone_of_the_settings_decides_the_day() -> None:
    """23:30 UTC on Thursday is already Friday in Amsterdam, still Thursday in New York."""
    moment = datetime(2026, 11, 19, 23, 30, tzinfo=timezone.utc)
    assert parse_past_day("vandaag", moment, AMS).isoformat() == "2026-11-20"
    assert parse_past_day("vandaag", moment, ZoneInfo("America/New_York")).isoformat() == "2026-11-19"
    assert (
        parse_when("morgen om 10:00", moment, ZoneInfo("America/New_York")).when.isoformat()
        == "2026-11-20T10:00:00-05:00"
    )
    assert format_when(moment, ZoneInfo("America/New_York")) == "do 19 nov, 18:30"
