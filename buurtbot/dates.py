"""Dutch date and time phrases, the project's one date parser: for planning a buurt meetup (`parse_when`,
ahead) and for telling when something happened (`parse_past_day`, back), in the zone BUURTBOT_TIMEZONE names.

Tenants type things like "donderdag om 19:00", "morgen half acht", "za 12 dec 10u" or "vrijdagavond".
`parse_when` turns such a phrase into a timezone-aware datetime relative to `now`; `format_when` shows
one back in short Dutch ("za 12 dec, 10:00").

Everything is interpreted in the zone passed in (Europe/Amsterdam unless BUURTBOT_TIMEZONE says otherwise),
whatever zone `now` is in. Local datetimes are built with ZoneInfo, so the UTC offset follows daylight saving
time (+01:00 in winter, +02:00 in summer in Amsterdam).

Rules
-----
Days
  * vandaag, morgen, overmorgen; vanochtend/vanmorgen, vanmiddag, vanavond (= vandaag + that part of the day);
    compounds such as morgenavond, vrijdagavond, zondagmiddag, zaterdagochtend, zondagmorgen.
  * A weekday (maandag..zondag, ma di wo do vr za zo, woe, zat) means its next occurrence. When today is that
    weekday it means today only if a time is known and still ahead; otherwise the same weekday next week.
    "aanstaande", "a.s.", "komende", "volgende" and "deze" before a weekday change nothing.
  * "volgende week dinsdag" / "dinsdag volgende week" (also "komende week") is the Tuesday of the next calendar
    week (weeks run from Monday to Sunday); "deze week vrijdag" is the Friday of this week.
    "volgende week" without a weekday is too vague: the user is asked which day.
  * Explicit dates: "14 dec", "14 december", "14 december 2026", "14-12", "14/12", "14-12-2026", "14/12/26",
    "14.12.2026", "2026-12-14". Without a year: this year, or next year when the date has passed.
    "14.12" (two numbers with a dot) is read as a time, 14:12, because "19.00" is the usual way to write one.
  * A weekday next to a date must match it: "za 14 dec" in 2026 (a Monday) gives a problem instead of a guess.
    The abbreviation "zo" is also an ordinary word ("zo rond acht uur"), so it only counts as Sunday when no
    other day is named.
  * Only a time, no day: today when that time is still ahead, otherwise tomorrow.
Times
  * "19:00", "19.00", "19u", "19uur", "10u30", "19 uur", "om 7" (a bare number after om/rond/vanaf/tegen/omstreeks),
    "half acht", "kwart over zeven", "kwart voor acht", "tien over half acht", "vijf voor acht"; hours may be
    digits or words (een..twaalf).
  * 's ochtends / 's morgens keep the hour; 's middags / 's avonds add 12 to hours 1-11; 's nachts turns 12 into 0.
  * Without such a word, hours 1-7 are read as afternoon or evening (+12): nobody plans a buurt meetup at 3 a.m.
    So "half acht" is 19:30, "om 3 uur" is 15:00, "om 8 uur" is 08:00 and "om 12 uur" is 12:00.
    A leading zero ("07:30") means the hour is meant literally.
  * A part of the day without a time gets a default time: ochtend 10:00, middag 14:00, avond 19:00.
    ("vanavond" -> 19:00, "morgenochtend" -> 10:00.) That counts as a time: has_time is True.
  * With several times ("10:00 tot 12:00") the first one, the start, wins.
Problems (when is None, problem is a short B1 sentence for the user)
  * Dates or times that do not exist: "31 februari", "30-02", "32 januari", "14-13", "25:00".
  * A day in the past ("gisteren", "14-12-2020"), or a time today that has passed.
  * A weekday that does not match the date ("za 14 dec" in 2026), or two different days.
  * Anything not understood.
Fallback
  Extra chat words ("op", "de", "rond", "graag", "bij het buurthuis") are ignored. Words the rules do not
  handle but that change the meaning of a date ("over 3 dagen", numbers, month names without a day) go to
  dateparser. Its answer is used only when it is timezone-aware, exact to the day (period "day") and not in the
  past, and then only for the day: the time always comes from the rules above (dateparser fills in the current
  time for "over 3 dagen").
Result
  when is midnight of the day when has_time is False.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from typing import Callable, List, Optional, Sequence, Set, Tuple, Union


@dataclass(frozen=True)
class ParsedWhen:
    when: Optional[datetime]  # tz-aware (in the zone asked for) when parsing succeeded
    has_time: bool  # False when only a date was given (the caller asks for the time)
    problem: Optional[str]  # None, or a short B1 Dutch sentence for the user


# ---------------------------------------------------------------------------------------------- messages

NOT_UNDERSTOOD = "Ik snap de datum niet. Typ bijvoorbeeld: zaterdag 14 december om 10:00."
PAST_DATE = "Die datum is al voorbij. Kies een datum in de toekomst."
PAST_TIME = "Die tijd is vandaag al voorbij. Kies een latere tijd of een andere dag."
TWO_DAYS = "Ik zie twee verschillende dagen. Welke dag bedoel je?"
WHICH_DAY_NEXT_WEEK = "Welke dag volgende week bedoel je? Typ bijvoorbeeld: dinsdag volgende week."


def _no_such_date(what: str) -> str:
    return f"{what} bestaat niet. Welke datum bedoel je?"


def _no_such_time(hour: int, minute: int) -> str:
    return f"{hour}:{minute:02d} bestaat niet. Welke tijd bedoel je?"


def _weekday_mismatch(day: date, named_weekday: int) -> str:
    return (
        f"{day.day} {MONTH_NAMES[day.month - 1]} is een {WEEKDAY_NAMES[day.weekday()]}, "
        f"geen {WEEKDAY_NAMES[named_weekday]}. Welke dag bedoel je?"
    )


# -------------------------------------------------------------------------------------------- vocabulary

WEEKDAY_NAMES = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"]
WEEKDAY_SHORT = ["ma", "di", "wo", "do", "vr", "za", "zo"]
WEEKDAYS = {
    **{name: index for index, name in enumerate(WEEKDAY_NAMES)},
    **{name: index for index, name in enumerate(WEEKDAY_SHORT)},
    "woe": 2,
    "zat": 5,
}
WEAK_WEEKDAYS = {"zo"}  # also the ordinary word "so"

MONTH_NAMES = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]
MONTH_SHORT = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]
MONTHS = {
    **{name: number for number, name in enumerate(MONTH_NAMES, start=1)},
    **{name: number for number, name in enumerate(MONTH_SHORT, start=1)},
    "mar": 3,
    "sept": 9,
}

RELATIVE_DAYS = {"eergisteren": -2, "gisteren": -1, "vandaag": 0, "morgen": 1, "overmorgen": 2}
FIXED_COMPOUNDS = {
    "vanochtend": ["vandaag", "ochtend"],
    "vanmorgen": ["vandaag", "ochtend"],
    "vanmiddag": ["vandaag", "middag"],
    "vanavond": ["vandaag", "avond"],
    "vannacht": ["vandaag", "nacht"],
    "gisterochtend": ["gisteren", "ochtend"],
    "gistermiddag": ["gisteren", "middag"],
    "gisteravond": ["gisteren", "avond"],
    "gisternacht": ["gisteren", "nacht"],
}
PARTS_OF_DAY = {
    "ochtend": "ochtend",
    "ochtends": "ochtend",
    "morgens": "ochtend",
    "middag": "middag",
    "middags": "middag",
    "avond": "avond",
    "avonds": "avond",
    "nacht": "nacht",
    "nachts": "nacht",
}
DEFAULT_PART_TIMES = {"ochtend": time(10, 0), "middag": time(14, 0), "avond": time(19, 0)}

NUMBER_WORDS = {  # the hours, and small counts such as a party size
    "een": 1,
    "twee": 2,
    "drie": 3,
    "vier": 4,
    "vijf": 5,
    "zes": 6,
    "zeven": 7,
    "acht": 8,
    "negen": 9,
    "tien": 10,
    "elf": 11,
    "twaalf": 12,
}
MINUTE_WORDS = {"vijf": 5, "tien": 10, "kwart": 15, "twintig": 20}

WEEKDAY_MODIFIERS = {"aanstaande", "komende", "volgende", "deze", "afgelopen", "vorige", "laatste"}
WEEK_SHIFTS = {"volgende": 1, "volgend": 1, "komende": 1, "deze": 0, "vorige": -1, "vorig": -1, "afgelopen": -1}
TIME_PREPOSITIONS = {"om", "rond", "vanaf", "tegen", "omstreeks"}
# Words that change the meaning of a date in ways the rules do not handle: if one is left over, ask dateparser.
MEANINGFUL_WORDS = set(MONTHS) | {
    "over",
    "geleden",
    "dag",
    "dagen",
    "week",
    "weken",
    "maand",
    "maanden",
    "jaar",
    "eind",
    "begin",
    "midden",
    "weekend",
    "half",
    "kwart",
    "volgende",
    "volgend",
    "komende",
}

# Small named patterns, each matched against one token.
CLOCK = re.compile(r"^(\d{1,2})[:.](\d{2})(?:u|uur)?$")  # 19:00, 19.00, 19:00u
HOUR_WITH_U = re.compile(r"^(\d{1,2})u(?:ur)?(\d{2})?$")  # 19u, 19uur, 10u30
NUMERIC_DATE = re.compile(r"^(\d{1,2})[-/](\d{1,2})(?:[-/](\d{2}|\d{4}))?$")  # 14-12, 14/12/2026
DOTTED_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})$")  # 14.12.2026 (needs the year)
ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")  # 2026-12-14
DAY_NUMBER = re.compile(r"^(\d{1,2})e?$")  # 14, 14e
YEAR = re.compile(r"^\d{4}$")
COMPOUND_DAY = re.compile(
    "^(" + "|".join(sorted([*RELATIVE_DAYS, *WEEKDAY_NAMES], key=len, reverse=True)) + ")"
    "(ochtend|morgen|middag|avond|nacht)$"
)  # vrijdagavond, morgenochtend, zondagmorgen
S_PART_OF_DAY = re.compile(r"(?:'s|\bs)\s*(ochtends|morgens|middags|avonds|nachts)\b")  # 's avonds, savonds


# -------------------------------------------------------------------------------------------- findings


@dataclass(frozen=True)
class _RelativeDay:
    days: int


@dataclass(frozen=True)
class _ExplicitDate:
    day: int
    month: int
    year: Optional[int]


@dataclass(frozen=True)
class _Weekday:
    index: int
    weak: bool = False


@dataclass(frozen=True)
class _WeekShift:
    weeks: int


@dataclass(frozen=True)
class _Clock:
    hour: int
    minute: int
    literal: bool = False  # written with a leading zero ("07:30"): no afternoon guess


@dataclass(frozen=True)
class _PartOfDay:
    name: str


@dataclass(frozen=True)
class _Invalid:
    problem: str


@dataclass(frozen=True)
class _Ignored:
    """Consumed on purpose (a modifier such as "aanstaande")."""


_Finding = Union[_RelativeDay, _ExplicitDate, _Weekday, _WeekShift, _Clock, _PartOfDay, _Invalid, _Ignored]
_Match = Optional[Tuple[int, _Finding]]  # (tokens consumed, what they mean)


@dataclass
class _Scan:
    findings: List[_Finding] = field(default_factory=list)
    leftovers: List[str] = field(default_factory=list)

    def of(self, kind: type) -> list:
        """The findings of one kind, in the order of the text."""
        return [finding for finding in self.findings if isinstance(finding, kind)]

    @property
    def understood_anything(self) -> bool:
        return any(not isinstance(finding, _Ignored) for finding in self.findings)

    @property
    def has_meaningful_leftovers(self) -> bool:
        return any(word in MEANINGFUL_WORDS or any(ch.isdigit() for ch in word) for word in self.leftovers)


# ------------------------------------------------------------------------------------------- tokenising


def _tokenise(text: str) -> List[str]:
    """Lower case, no accents or punctuation; "'s avonds" -> "avond", "vrijdagavond" -> "vrijdag avond"."""
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    text = re.sub(r"\ba\.s\.?", " aanstaande ", text)
    text = S_PART_OF_DAY.sub(lambda m: " " + PARTS_OF_DAY[m.group(1)] + " ", text)
    text = re.sub(r"(\d[:.]\d\d)\s*-\s*(?=\d)", r"\1 tot ", text)  # 10:00-12:00
    text = re.sub(r"[^a-z0-9:./\-]+", " ", text)
    tokens: List[str] = []
    for raw in text.split():
        token = raw.strip(":./-")
        if token:
            tokens.extend(_split_compound(token))
    return tokens


def _split_compound(token: str) -> List[str]:
    if token in FIXED_COMPOUNDS:
        return FIXED_COMPOUNDS[token]
    match = COMPOUND_DAY.match(token)
    if match:
        day, part = match.groups()
        return [day, "ochtend" if part == "morgen" else part]
    return [token]


# ------------------------------------------------------------------------------------------ recognisers


def _numeric_date(tokens: Sequence[str], i: int) -> _Match:
    token = tokens[i]
    iso = ISO_DATE.match(token)
    if iso:
        year, month, day = (int(part) for part in iso.groups())
        return 1, _ExplicitDate(day, month, year)
    match = NUMERIC_DATE.match(token) or DOTTED_DATE.match(token)
    if not match:
        return None
    day, month, year = match.groups()
    return 1, _ExplicitDate(int(day), int(month), _full_year(year))


def _full_year(year: Optional[str]) -> Optional[int]:
    if year is None:
        return None
    return 2000 + int(year) if len(year) == 2 else int(year)


def _day_and_month_name(tokens: Sequence[str], i: int) -> _Match:
    day = DAY_NUMBER.match(tokens[i])
    if not day or i + 1 >= len(tokens) or tokens[i + 1] not in MONTHS:
        return None
    if i + 2 < len(tokens) and YEAR.match(tokens[i + 2]):
        return 3, _ExplicitDate(int(day.group(1)), MONTHS[tokens[i + 1]], int(tokens[i + 2]))
    return 2, _ExplicitDate(int(day.group(1)), MONTHS[tokens[i + 1]], None)


def _week_shift(tokens: Sequence[str], i: int) -> _Match:
    if tokens[i] in WEEK_SHIFTS and i + 1 < len(tokens) and tokens[i + 1] == "week":
        return 2, _WeekShift(WEEK_SHIFTS[tokens[i]])
    return None


def _weekday_modifier(tokens: Sequence[str], i: int) -> _Match:
    if tokens[i] in WEEKDAY_MODIFIERS and i + 1 < len(tokens) and tokens[i + 1] in WEEKDAYS:
        return 1, _Ignored()
    return None


def _weekday(tokens: Sequence[str], i: int) -> _Match:
    if tokens[i] in WEEKDAYS:
        return 1, _Weekday(WEEKDAYS[tokens[i]], weak=tokens[i] in WEAK_WEEKDAYS)
    return None


def _relative_day(tokens: Sequence[str], i: int) -> _Match:
    if tokens[i] in RELATIVE_DAYS:
        return 1, _RelativeDay(RELATIVE_DAYS[tokens[i]])
    return None


def _clock_token(tokens: Sequence[str], i: int) -> _Match:
    """19:00, 19.00, 19u, 19uur, 10u30; swallows a following "uur" or "u"."""
    match = CLOCK.match(tokens[i]) or HOUR_WITH_U.match(tokens[i])
    if not match:
        return None
    hour_text, minute_text = match.groups()
    consumed = 2 if i + 1 < len(tokens) and tokens[i + 1] in {"uur", "u"} else 1
    return consumed, _clock(int(hour_text), int(minute_text or 0), literal=hour_text.startswith("0"))


def _hour_then_uur(tokens: Sequence[str], i: int) -> _Match:
    """ "19 uur", "7 uur", "acht uur"."""
    hour = _hour_number(tokens[i])
    if hour is None or i + 1 >= len(tokens) or tokens[i + 1] != "uur":
        return None
    return 2, _clock(hour, 0, literal=tokens[i].startswith("0"))


def _bare_hour(tokens: Sequence[str], i: int) -> _Match:
    """ "om 7", "rond acht": a bare hour right after a time preposition."""
    hour = _hour_number(tokens[i])
    if hour is None or i == 0 or tokens[i - 1] not in TIME_PREPOSITIONS:
        return None
    return 1, _clock(hour, 0, literal=tokens[i].startswith("0"))


def _spoken_time(tokens: Sequence[str], i: int) -> _Match:
    """half acht, kwart over zeven, kwart voor acht, tien over half acht, vijf voor acht."""
    minutes, rest = 0, i
    if i + 1 < len(tokens) and tokens[i + 1] in {"over", "voor"}:
        offset = _minute_number(tokens[i])
        if offset is None:
            return None
        minutes, rest = (offset if tokens[i + 1] == "over" else -offset), i + 2
    is_half = rest < len(tokens) and tokens[rest] == "half"
    if is_half:
        minutes, rest = minutes + 30, rest + 1
    if rest == i or rest >= len(tokens):
        return None
    hour = _hour_number(tokens[rest], upto=12)
    if hour is None:
        return None
    if is_half or minutes < 0:  # "half acht" and "kwart voor acht" count back from eight
        hour -= 1
        minutes %= 60
    hour = hour or 12  # "half een" is 12:30
    consumed = rest + 1 - i
    if rest + 1 < len(tokens) and tokens[rest + 1] == "uur":
        consumed += 1
    return consumed, _clock(hour, minutes)


def _part_of_day(tokens: Sequence[str], i: int) -> _Match:
    if tokens[i] in PARTS_OF_DAY:
        return 1, _PartOfDay(PARTS_OF_DAY[tokens[i]])
    return None


def _hour_number(token: str, upto: int = 99) -> Optional[int]:
    if token.isdigit() and len(token) <= 2:
        hour = int(token)
    else:
        hour = NUMBER_WORDS.get(token)
    return hour if hour is not None and hour <= upto else None


def _minute_number(token: str) -> Optional[int]:
    if token.isdigit() and 1 <= int(token) <= 29:
        return int(token)
    return MINUTE_WORDS.get(token)


def _clock(hour: int, minute: int, literal: bool = False) -> _Finding:
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return _Invalid(_no_such_time(hour, minute))
    return _Clock(hour, minute, literal)


RECOGNISERS: List[Callable[[Sequence[str], int], _Match]] = [
    _numeric_date,
    _day_and_month_name,
    _week_shift,
    _weekday_modifier,
    _weekday,
    _relative_day,
    _clock_token,
    _spoken_time,
    _hour_then_uur,
    _bare_hour,
    _part_of_day,
]


def _recognise(tokens: Sequence[str], i: int) -> _Match:
    """The first recogniser that understands the tokens from position i."""
    for recognise in RECOGNISERS:
        match = recognise(tokens, i)
        if match:
            return match
    return None


def _scan(tokens: Sequence[str]) -> _Scan:
    scan, i = _Scan(), 0
    while i < len(tokens):
        match = _recognise(tokens, i)
        if match is None:
            scan.leftovers.append(tokens[i])
            i += 1
        else:
            consumed, finding = match
            scan.findings.append(finding)
            i += consumed
    return scan


# -------------------------------------------------------------------------------------------- resolving


class _Problem(Exception):
    """Raised while resolving; its message is the sentence for the user."""


def _clock_time(scan: _Scan) -> Optional[time]:
    """The first time in the text, with the morning/afternoon rules applied; or a part of the day's default."""
    clocks, parts = scan.of(_Clock), scan.of(_PartOfDay)
    part = parts[0].name if parts else None
    if not clocks:
        return DEFAULT_PART_TIMES.get(part) if part else None
    clock = clocks[0]
    return time(_apply_part_of_day(clock.hour, part, clock.literal), clock.minute)


def _apply_part_of_day(hour: int, part: Optional[str], literal: bool) -> int:
    if part in {"middag", "avond"} and 1 <= hour <= 11:
        return hour + 12
    if part == "nacht" and hour == 12:
        return 0
    if part is None and not literal and 1 <= hour <= 7:
        return hour + 12  # no meetups at 3 a.m.: "half acht" is 19:30
    return hour


def _explicit_day(found: _ExplicitDate, today: date, prefer_past: bool = False) -> date:
    if not 1 <= found.month <= 12:
        raise _Problem(_no_such_date(f"Maand {found.month}"))
    name = f"{found.day} {MONTH_NAMES[found.month - 1]}"
    if not 1 <= found.day <= calendar.monthrange(2000, found.month)[1]:  # 2000: a leap year
        raise _Problem(_no_such_date(name))
    year = found.year
    if year is None and prefer_past:
        year = today.year if (found.month, found.day) <= (today.month, today.day) else today.year - 1
    elif year is None:
        year = today.year if (found.month, found.day) >= (today.month, today.day) else today.year + 1
    if found.day > calendar.monthrange(year, found.month)[1]:
        raise _Problem(_no_such_date(f"{name} {year}"))
    return date(year, found.month, found.day)


def _next_weekday(weekday: int, now: datetime, clock: Optional[time]) -> date:
    today = now.date()
    days_ahead = (weekday - today.weekday()) % 7
    if days_ahead == 0 and not (clock and _local(today, clock, now.tzinfo) > now):
        days_ahead = 7
    return today + timedelta(days=days_ahead)


def _day(scan: _Scan, now: datetime, clock: Optional[time]) -> date:
    today = now.date()
    anchors = {today + timedelta(days=r.days) for r in scan.of(_RelativeDay)}
    anchors |= {_explicit_day(e, today) for e in scan.of(_ExplicitDate)}
    weekdays = {w.index for w in scan.of(_Weekday) if not w.weak}
    if not anchors and not weekdays:
        weekdays = {w.index for w in scan.of(_Weekday)}
    named = _named_day(scan, today, anchors, weekdays)
    if named is not None:
        return named
    if weekdays:
        return _next_weekday(weekdays.pop(), now, clock)
    if scan.of(_WeekShift):
        raise _Problem(WHICH_DAY_NEXT_WEEK)
    if clock:
        return today if _local(today, clock, now.tzinfo) > now else today + timedelta(days=1)
    raise _Problem(NOT_UNDERSTOOD)


def _resolve(scan: _Scan, now: datetime) -> ParsedWhen:
    invalid = scan.of(_Invalid)
    if invalid:
        return _failed(invalid[0].problem)
    clock = _clock_time(scan)
    try:
        day = _day(scan, now, clock)
    except _Problem as problem:
        return _failed(str(problem))
    if day < now.date():
        return _failed(PAST_DATE)
    when = _local(day, clock or time(0, 0), now.tzinfo)
    if clock and when <= now:
        return _failed(PAST_TIME)
    return ParsedWhen(when=when, has_time=clock is not None, problem=None)


def _failed(problem: str) -> ParsedWhen:
    return ParsedWhen(when=None, has_time=False, problem=problem)


def _local(day: date, clock: time, zone: tzinfo) -> datetime:
    """The wall-clock time in `zone`; a time skipped by the spring DST change moves forward an hour."""
    wall_clock = datetime.combine(day, clock, tzinfo=zone)
    return wall_clock.astimezone(timezone.utc).astimezone(zone)


# -------------------------------------------------------------------------------------------- fallback


def _dateparser_day(text: str, now: datetime, prefer: str = "future") -> Optional[date]:
    """The day dateparser finds, only if it is timezone-aware and exact to the day, and on the `prefer` side of
    today (today included)."""
    settings = {
        "PREFER_DATES_FROM": prefer,
        "RETURN_AS_TIMEZONE_AWARE": True,
        "TIMEZONE": str(now.tzinfo),
        "RELATIVE_BASE": now,
        "DATE_ORDER": "DMY",
    }
    from dateparser.date import DateDataParser  # here: importing dateparser takes a second, and few phrases need it

    try:
        found = DateDataParser(languages=["nl"], settings=settings).get_date_data(text)
    except (ValueError, OverflowError):
        return None
    result = found.date_obj
    if result is None or result.tzinfo is None or found.period != "day":
        return None
    day = result.astimezone(now.tzinfo).date()
    # A day on the wrong side despite PREFER_DATES_FROM is usually a misreading ("5" became the 5th of this month).
    return day if (day >= now.date() if prefer == "future" else day <= now.date()) else None


def _with_fallback_day(scan: _Scan, day: date) -> _Scan:
    """Dateparser's day replaces the days the rules found; times and named weekdays stay (and are checked)."""
    kept = [f for f in scan.findings if not isinstance(f, (_RelativeDay, _ExplicitDate, _WeekShift))]
    return _Scan(findings=[*kept, _ExplicitDate(day.day, day.month, day.year)], leftovers=[])


# ---------------------------------------------------------------------------------------------- public


def parse_when(text: str, now: datetime, zone: tzinfo) -> ParsedWhen:
    """Parses a Dutch date/time phrase relative to `now` (timezone-aware, any zone), read as wall-clock time in
    `zone` (BUURTBOT_TIMEZONE). See the module docstring."""
    now = _in_zone(now, zone)
    scan = _scan(_tokenise(text))
    needs_fallback = not scan.understood_anything or scan.has_meaningful_leftovers
    if needs_fallback and not scan.of(_Invalid):  # "25:00" stays a clear problem, whatever else is typed
        fallback = _dateparser_day(text, now)
        if fallback is None:
            return _failed(NOT_UNDERSTOOD)
        scan = _with_fallback_day(scan, fallback)
    return _resolve(scan, now)


def format_when(when: datetime, zone: tzinfo) -> str:
    """Short Dutch form in `zone`: "za 14 dec, 10:00"."""
    local = _in_zone(when, zone)
    return f"{WEEKDAY_SHORT[local.weekday()]} {local.day} {MONTH_SHORT[local.month - 1]}, {local:%H:%M}"


def is_sensible_hour(when: datetime, zone: tzinfo) -> bool:
    """True for a start from 07:00 up to and including 22:00, local time in `zone` (what the bot tells the user)."""
    local = _in_zone(when, zone)
    return time(7, 0) <= local.time() <= time(22, 0)


def parse_past_day(text: str, now: datetime, zone: tzinfo) -> Optional[date]:
    """The day a Dutch phrase names when it tells what happened ("gisteravond", "12-11", "vorige week dinsdag",
    "afgelopen vrijdag", "3 dagen geleden"): today or earlier, in `zone`. None when unclear or in the future.
    The same words as `parse_when`, read backwards: a weekday is its last occurrence (today included)."""
    now = _in_zone(now, zone)
    scan = _scan(_tokenise(text))
    if scan.of(_Invalid):
        return None
    try:
        day = _past_day(scan, now.date())
    except _Problem:
        return None
    if day is None or (scan.has_meaningful_leftovers and not _names_a_day(scan)):  # "3 dagen geleden"
        day = _dateparser_day(text, now, prefer="past")
    return day if day is not None and day <= now.date() else None


def _names_a_day(scan: _Scan) -> bool:
    return bool(scan.of(_RelativeDay) or scan.of(_ExplicitDate) or scan.of(_Weekday))


def _named_day(scan: _Scan, today: date, anchors: Set[date], weekdays: Set[int]) -> Optional[date]:
    """The day named by a relative or explicit day (checked against a weekday next to it), or by a weekday in a
    named week ("volgende week dinsdag"); None when neither is there. Ahead and back alike."""
    if len(anchors) > 1 or len(weekdays) > 1:
        raise _Problem(TWO_DAYS)
    if anchors:
        anchor = next(iter(anchors))
        if weekdays and anchor.weekday() not in weekdays:
            raise _Problem(_weekday_mismatch(anchor, next(iter(weekdays))))
        return anchor
    shifts = scan.of(_WeekShift)
    if weekdays and shifts:
        monday = today - timedelta(days=today.weekday())
        return monday + timedelta(weeks=shifts[0].weeks, days=next(iter(weekdays)))
    return None


def _past_day(scan: _Scan, today: date) -> Optional[date]:
    anchors = {today + timedelta(days=r.days) for r in scan.of(_RelativeDay)}
    anchors |= {_explicit_day(e, today, prefer_past=True) for e in scan.of(_ExplicitDate)}
    weekdays = {w.index for w in scan.of(_Weekday)}
    named = _named_day(scan, today, anchors, weekdays)
    if named is not None:
        return named
    if weekdays:
        return today - timedelta(days=(today.weekday() - weekdays.pop()) % 7)
    return today if scan.of(_Clock) or scan.of(_PartOfDay) else None  # "om 9 uur", "'s ochtends": today


def _in_zone(moment: datetime, zone: tzinfo) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"naive datetime {moment!r}: pass a timezone-aware datetime")
    return moment.astimezone(zone)
