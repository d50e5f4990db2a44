"""Insight for the beheerder: how the bot is used, in counts only.

Everything comes from Rasa's `events` table (buurtbot/storage/conversations.py) and the digests. No message
text ever leaves this module: of an event's `data` only the names in the NLU's intent ranking are read, and
only for messages that ended in a fallback. Off-the-record turns are never stored (nlu/tracker_store.py), so
they are not counted either.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Dict, Iterable, List, Optional, Set

from sqlalchemy import column, func, select, table
from sqlalchemy.orm import Session

from buurtbot.storage.conversations import EVENTS, events_table_exists
from buurtbot.storage.models import Digest
from buurtbot.storage.types import utcnow

PERIODS = (14, 30)  # the choices of days on the page
NLU_FALLBACK, CORE_FALLBACK = "nlu_fallback", "action_default_fallback"  # config.yml, data/rules/basics.yml
CHUNK = 500  # ids per IN (...) query
events = table(
    EVENTS,
    column("id"),
    column("sender_id"),
    column("type_name"),
    column("timestamp"),
    column("intent_name"),
    column("action_name"),
    column("data"),
)
LABELS: Dict[str, str] = {
    "greet": "Begroeten of /start",
    "goodbye": "Gedag zeggen",
    "thank": "Bedanken",
    "affirm": "Ja zeggen",
    "deny": "Nee zeggen",
    "help": "Vragen wat de bot kan",
    "bot_challenge": "Vragen of dit een bot is",
    "out_of_scope": "Iets waar de bot niet over gaat",
    "stop": "Stoppen",
    "emergency": "Nood",
    "despair": "Wanhoop of somber",
    "ask_referral": "Hulp zoeken (verwijsindex)",
    "report_off_record": "Melding off the record",
    "register_veto": "Veto geven",
    "check_strips": "Strippenkaart bekijken",
    "use_strip": "Strip gebruiken",
    "share_dream": "Wens delen",
    "list_meetups": "Agenda bekijken",
    "plan_meetup": "Activiteit plannen",
    "rsvp_meetup": "Aanmelden voor een activiteit",
    "cancel_rsvp": "Aanmelding afzeggen",
    "request_human": "Iemand willen spreken",
    "ask_privacy": "Vraag over privacy",
    "forget_me": "Gegevens laten wissen",
    "youth_signup": "Bouwen aan je Toekomst",
    "inform": "Antwoord op een vraag",
    "other_language": "Andere taal",
    "redeem_invite": "Uitnodigingscode gebruiken",
    "create_invite": "Uitnodiging maken",
    "set_veto_status": "Status van een veto",
    "show_wishes": "Wensen bekijken",
    "approve_meetup": "Activiteit goedkeuren",
    "export_my_data": "Eigen gegevens opvragen",
    "cancel_meetup": "Activiteit afzeggen",
    "open_wish": "Wens openen",
    "set_wish_status": "Status van een wens",
    "withdraw_wish": "Wens intrekken",
    "my_wishes": "Eigen wensen bekijken",
    "show_wish_groups": "Groepen van wensen",
    "show_group_pearls": "Parels bij een groep",
    "plan_group_meetup": "Activiteit voor een groep",
    "ask_pearl": "Een parel vragen",
    "ask_expert": "Ervaringsdeskundige vragen",
    "answer_help_ask": "Antwoord op een hulpvraag",
    "offer_pearl": "Parel aanbieden",
    "withdraw_pearl": "Parel intrekken",
    "open_dashboard": "Link naar het dashboard",
    NLU_FALLBACK: "Niet begrepen",
}


@dataclass(frozen=True)
class Day:
    day: date
    conversations: int  # distinct senders who sent a message that day
    messages: int


@dataclass(frozen=True)
class Count:
    name: str
    label: str
    count: int


@dataclass(frozen=True)
class Insight:
    days: List[Day]
    features: List[Count]  # intents of the user messages, most used first
    messages: int
    fallbacks: int  # user messages that ended in a fallback
    closest: List[Count]  # the intents those fallbacks were closest to
    digests: List[Count]  # per wijk
    conversations: int  # distinct senders over the whole period

    @property
    def fallback_percent(self) -> int:
        return round(100 * self.fallbacks / self.messages) if self.messages else 0

    @property
    def digest_total(self) -> int:
        return sum(c.count for c in self.digests)


def label(intent: str) -> str:
    return LABELS.get(intent, intent.replace("_", " "))


def gather(session: Session, zone: tzinfo, days: int = PERIODS[0], now: Optional[datetime] = None) -> Insight:
    """The counts of the last `days` days (today included), by local calendar day in `zone`."""
    days = days if days in PERIODS else PERIODS[0]
    today = (now or utcnow()).astimezone(zone).date()
    first = today - timedelta(days=days - 1)
    since = datetime.combine(first, time.min, tzinfo=zone)
    rows = _user_and_action_rows(session, since)
    users = [r for r in rows if r.type_name == "user"]
    fallback_ids = _fallback_ids(rows)
    features = Counter(r.intent_name for r in users if r.intent_name and r.intent_name != NLU_FALLBACK)
    return Insight(
        days=_per_day(users, first, days, zone),
        features=_counts(features),
        messages=len(users),
        fallbacks=len(fallback_ids),
        closest=_counts(_closest_intents(session, fallback_ids)),
        digests=_digests(session, since),
        conversations=len({r.sender_id for r in users}),
    )


def _user_and_action_rows(session: Session, since: datetime) -> list:
    if not events_table_exists(session):  # a database Rasa never saw
        return []
    query = (
        select(
            events.c.id,
            events.c.sender_id,
            events.c.type_name,
            events.c.timestamp,
            events.c.intent_name,
            events.c.action_name,
        )
        .where(events.c.timestamp >= since.timestamp(), events.c.type_name.in_(("user", "action")))
        .order_by(events.c.sender_id, events.c.id)
    )
    return list(session.execute(query))


def _fallback_ids(rows: Iterable) -> Set[int]:
    """User messages that the NLU did not understand, or after which the core fell back."""
    found: Set[int] = set()
    last_user: Optional[int] = None
    sender = None
    for row in rows:  # ordered by sender, then as they happened
        if row.sender_id != sender:
            sender, last_user = row.sender_id, None
        if row.type_name == "user":
            last_user = row.id
            if row.intent_name == NLU_FALLBACK:
                found.add(row.id)
        elif row.action_name == CORE_FALLBACK and last_user is not None:
            found.add(last_user)
    return found


def _closest_intents(session: Session, ids: Set[int]) -> Counter:
    """For each fallback, the best-ranked intent that is not the fallback. Only intent names are read."""
    closest: Counter = Counter()
    ordered = sorted(ids)
    for start in range(0, len(ordered), CHUNK):
        chunk = ordered[start : start + CHUNK]
        for (data,) in session.execute(select(events.c.data).where(events.c.id.in_(chunk))):
            name = _best_guess(data)
            if name:
                closest[name] += 1
    return closest


def _best_guess(data: Optional[str]) -> Optional[str]:
    try:
        parse = (json.loads(data or "{}") or {}).get("parse_data") or {}
    except (ValueError, AttributeError):
        return None
    ranking = parse.get("intent_ranking") or [parse.get("intent") or {}]
    names = (entry.get("name") for entry in ranking if isinstance(entry, dict))
    return next((n for n in names if isinstance(n, str) and n and n != NLU_FALLBACK), None)


def _per_day(users: list, first: date, days: int, zone: tzinfo) -> List[Day]:
    senders: Dict[date, Set[str]] = {first + timedelta(days=i): set() for i in range(days)}
    messages: Counter = Counter()
    for row in users:
        if row.timestamp is None:
            continue
        day = datetime.fromtimestamp(float(row.timestamp), zone).date()
        if day in senders:
            senders[day].add(row.sender_id)
            messages[day] += 1
    return [Day(day, len(who), messages[day]) for day, who in sorted(senders.items(), reverse=True)]


def _counts(counter: Counter) -> List[Count]:
    return [Count(name, label(name), n) for name, n in sorted(counter.items(), key=lambda item: (-item[1], item[0]))]


def _digests(session: Session, since: datetime) -> List[Count]:
    rows = session.execute(
        select(Digest.wijk, func.count(Digest.id)).where(Digest.created_at >= since).group_by(Digest.wijk)
    )
    return sorted((Count(wijk or "", wijk or "zonder wijk", n) for wijk, n in rows), key=lambda c: (-c.count, c.label))
