"""Take what is said: the values a form needs, read from the message that started it or from a later answer.

"Plan een kookmiddag op donderdag om 14:00 in het buurthuis" gives a title, a day and time, and a place, so
the meetup form asks only what is still missing. Each function returns the slots it found; the forms'
validate methods still check every value, as they do for typed answers.
"""

from __future__ import annotations

import re
from typing import Any, Dict, Optional

from buurtbot.config import get_settings
from buurtbot.dates import parse_when
from buurtbot.storage.types import utcnow

# Words that only ask for the form ("ik wil een wens delen"); a message with other words holds the wish itself.
REQUEST_WORDS = frozenset(
    "ik wil zou graag willen een wens droom dromen delen heb hebben mijn mag kan idee ideetje doorgeven iets voor "
    "de het buurt wijk in over met jullie je jij hoi hallo hey ook nog even ff eens dan wel hier doen vertellen "
    "opgeven insturen indienen plaatsen toevoegen melden inbrengen noteren wensen dromen droomhuis parelketting "
    "hebt heeft had toch maar nou eigenlijk a.u.b. aub alsjeblieft alstublieft zeggen".split()
)
PLACE_WORDS = {
    "woning": (
        "woning",
        "huis",
        "flat",
        "appartement",
        "woonkamer",
        "keuken",
        "badkamer",
        "balkon",
        "slaapkamer",
        "tuintje",
    ),
    "straat": (
        "straat",
        "plein",
        "pleintje",
        "portiek",
        "galerij",
        "stoep",
        "trappenhuis",
        "hal",
        "voor de deur",
        "voor de flat",
        "binnenplaats",
    ),
    "wijk": (
        "wijk",
        "buurt",
        "park",
        "veld",
        "veldje",
        "grasveld",
        "speeltuin",
        "school",
        "buurthuis",
        "winkelcentrum",
    ),
}
# Places where a buurt meetup happens: the noun that starts the place in "in het buurthuis De Ring".
VENUES = (
    "buurthuis",
    "buurtcentrum",
    "wijkcentrum",
    "bibliotheek",
    "school",
    "speeltuin",
    "plein",
    "pleintje",
    "park",
    "grasveld",
    "veldje",
    "trapveld",
    "kerk",
    "moskee",
    "gymzaal",
    "sporthal",
    "tuin",
    "moestuin",
    "buurttuin",
    "huiskamer",
    "ontmoetingsruimte",
    "clubhuis",
    "café",
    "zaal",
    "binnentuin",
    "speelveld",
    "recreatieruimte",
    "bieb",
    "gemeenschapsruimte",
    "jongerencentrum",
    "kantine",
    "hal",
)
END_OF_PHRASE = (
    r"(?=\s+(?:op|om|voor|met|van|vanaf|tot|aanstaande|volgende|komende|morgen|vandaag|deze|en)\b|\s*[,.!?]|\s*$)"
)
VENUE = re.compile(
    r"\b(?:in|bij|op)\s+(?:het|de|ons|onze|'t)?\s*((?:" + "|".join(VENUES) + r")\b[\w\s'\-]{0,40}?)" + END_OF_PHRASE,
    re.I,
)
GENERIC_TITLES = frozenset(
    {"activiteit", "evenement", "bijeenkomst", "iets", "meetup", "activiteitje", "feestje", "afspraak"}
)
TITLE = re.compile(
    r"\b(?:een|n|'n)\s+([^\W\d_][\w\-]*(?:\s+[^\W\d_][\w\-]*){0,2}?)"
    r"(?=\s+(?:op|om|in|bij|voor|met|organiseren|plannen|houden|geven|starten|doen|aanstaande|volgende|komende|morgen|"
    r"vandaag|deze)\b|\s*[,.!?]|\s*$)",
    re.I,
)
CAPACITY = re.compile(
    r"\b(?:max(?:imaal|imum)?\.?|hooguit|voor|plek voor|ruimte voor)\s+(\d{1,4})\s*(?:man|mensen|personen|deelnemers|pers|buren)\b",
    re.I,
)
INTERESTS = re.compile(
    r"\b(?:ik hou van|ik houd van|ik hou ervan om|mijn hobby'?s? (?:is|zijn)|ik ben goed in|ik doe graag|ik wil graag iets met)\s+"
    r"([^.!?\n]+?)\s*(?:[.!?\n]|$)",
    re.I,
)
AGE = re.compile(r"\b(?:ik ben|ben|bn|age|leeftijd:?)\s+(\d{1,2})\b|\b(\d{1,2})\s*(?:jaar|jr)\b", re.I)
VETO = re.compile(
    r"\bveto\b\s*(?:geven|leggen|aantekenen|uitspreken|inzetten|zetten)?\s*(?:op|tegen|over|voor|bij)\s+(.{8,})$", re.I
)
DOSSIER = re.compile(r"\b([A-Z]{1,6}[-/]?\d{2,6}(?:[-/]\d{1,6})*)\b")
PHONE_WORDS = ("bel", "bellen", "telefoon", "telefonisch", "opbellen", "terugbellen", "call")
TELEGRAM_WORDS = ("telegram", "app", "appen", "chat", "hier", "bericht", "berichtje")


def words(text: str) -> list:
    return re.findall(r"[^\W\d_][\w\-]*", text.lower())


def wish_in(text: str) -> Optional[str]:
    """The wish itself when the opening message says more than "ik wil een wens delen"."""
    content = [w for w in words(text) if w not in REQUEST_WORDS and len(w) >= 4]
    return text.strip() if content else None


def place_in(text: str, strict: bool = False) -> Optional[str]:
    """woning, straat or wijk, for the words people use ("op het plein" is the street). Strict, for a sentence
    about something else (the wish itself): only a place said as one ("op het plein", not "de hele buurt")."""
    lowered = " " + text.lower() + " "
    lead = (
        r"\b(?:(?:in|op|bij|voor|rond|achter|naast|aan)\s+(?:de|het|mijn|ons|onze|m'n|mn|'t)?|mijn|ons|onze|m'n|mn)\s*"
        if strict
        else r"\b"
    )
    found = [
        (m.start(), place)
        for place, cues in PLACE_WORDS.items()
        for cue in cues
        for m in [re.search(lead + re.escape(cue) + r"\b", lowered)]
        if m
    ]
    return min(found)[1] if found else None  # the place said first


def meetup_values(text: str) -> Dict[str, str]:
    """Title, day and time, place and capacity from a sentence such as "Plan een kookmiddag op donderdag om 14:00 in het buurthuis"."""
    found: Dict[str, str] = {}
    title = TITLE.search(text)
    if title and not set(title.group(1).lower().split()) & GENERIC_TITLES:
        found["meetup_title"] = title.group(1)[0].upper() + title.group(1)[1:]
    parsed = parse_when(text, utcnow(), get_settings().timezone)
    if parsed.when is not None and parsed.has_time:
        found["meetup_when"] = text
    venue = VENUE.search(text)
    if venue:
        found["meetup_place"] = venue.group(1).strip()
    capacity = CAPACITY.search(text)
    if capacity:
        found["meetup_capacity"] = capacity.group(1)
    return found


def interests_in(text: str) -> Optional[str]:
    """What a young person likes to do, said in the opening message ("ik hou van koken en dingen organiseren")."""
    match = INTERESTS.search(text)
    return match.group(1).strip() if match and len(match.group(1).split()) <= 12 else None


def age_in_sentence(text: str) -> Optional[str]:
    match = AGE.search(text)
    return (match.group(1) or match.group(2)) if match else None


# "een veto op een besluit" names no decision yet: the form asks which one.
GENERIC_DECISIONS = re.compile(
    r"^(?:een|het|dit|dat|die|deze)?\s*(?:besluit|beslissing|plan|voorstel)(?:\s+\w+)?$", re.I
)


def veto_decision_in(text: str) -> Optional[str]:
    match = VETO.search(text.strip())
    if not match:
        return None
    decision = match.group(1).strip().rstrip(".!?")
    return None if GENERIC_DECISIONS.match(decision) else decision


def dossier_in(text: str) -> Optional[str]:
    match = DOSSIER.search(text)
    return match.group(1) if match else None


def channel_in(text: str) -> Optional[str]:
    lowered = words(text)
    if any(w in PHONE_WORDS or w.startswith("bel") for w in lowered):
        return "telefoon"
    if any(w in TELEGRAM_WORDS for w in lowered):
        return "telegram"
    return None


# Messages that are no answer to a form's question: they are answered themselves (data/rules/digressions.yml,
# despair.yml, the emergency rules) and the form asks again. The same list as the not_intent of domain.yml.
NOT_ANSWERS = frozenset(
    {
        "stop",
        "emergency",
        "despair",
        "ask_privacy",
        "help",
        "ask_referral",
        "request_human",
        "thank",
        "list_meetups",
        "other_language",
        "check_strips",
        "bot_challenge",
    }
)


def is_answer(tracker) -> bool:  # type: ignore[no-untyped-def]
    return (tracker.latest_message.get("intent") or {}).get("name") not in NOT_ANSWERS


def opening_text(tracker) -> Optional[str]:  # type: ignore[no-untyped-def]
    """The message that starts the form, before any question was asked; None for a button or a later answer."""
    text = (tracker.latest_message.get("text") or "").strip()
    if tracker.get_slot("requested_slot") is not None or not text or text.startswith("/"):
        return None
    return text


def form_opening(tracker, form: str) -> Dict[str, Any]:  # type: ignore[no-untyped-def]
    """The parsed message that started the latest run of `form` (else the latest message): what was said
    before the form asked its questions, such as a second need to offer after the answer."""
    started = False
    for event in reversed(tracker.events):
        if event.get("event") == "active_loop" and event.get("name") == form:
            started = True
        elif started and event.get("event") == "user":
            return {"text": event.get("text") or "", **(event.get("parse_data") or {})}
    return {"text": tracker.latest_message.get("text") or "", **tracker.latest_message}


def latest_text(tracker) -> str:  # type: ignore[no-untyped-def]
    """The latest message when it may answer the form's question ("" for a button, a digression, danger)."""
    text = (tracker.latest_message.get("text") or "").strip()
    return "" if text.startswith("/") or not is_answer(tracker) else text


def short_title(text: str) -> str:
    """A title answer that also holds the day or place ("kookmiddag op vrijdag om 3 uur") keeps only the name."""
    head = re.split(r"\s+(?:op|om|in|bij)\s+", text, maxsplit=1)[0]
    rest = meetup_values(text)
    return head if head != text and ("meetup_when" in rest or "meetup_place" in rest) else text


QUESTION_START = re.compile(
    r"^(?:\W*(?:en|ok|oke|oké|ff|even|trouwens|tussendoor|btw|sorry|hoi|hey|wacht|o|oh|nog|eh)\b[\s,]*)*"
    r"(?:wie|waar|wat|welke|welk|hoe|wanneer|waarom|kan|kun|kunt|mag|weet|weten|heb|hebben|help|zoek|is er|bestaat)\b",
    re.I,
)
DECLINES = re.compile(
    r"\b(zeg ik (liever )?niet|liever niet|weet ik niet|weet niet( meer)?|geen idee|geen flauw idee|wil ik niet zeggen)\b",
    re.I,
)


def is_question(text: str) -> bool:
    """A question or a request for help ("weet jij wie ...", "waar kan ik ..."), not a statement."""
    return "?" in text or bool(QUESTION_START.search(text.strip()))


def declines(text: str) -> bool:
    """ "zeg ik liever niet", "weet ik niet": the answer to a question that may be left open."""
    return bool(DECLINES.search(text))
