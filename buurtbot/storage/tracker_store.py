"""Rasa's tracker store for Buurtbot: conversations live in the same database as everything else.

endpoints.yml names this class; it takes the database from DATABASE_URL like every other process.
"""
from __future__ import annotations

from typing import Any, Optional

from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain

from buurtbot.config import get_settings
from buurtbot.storage import get_engine


class BuurtbotTrackerStore(SQLTrackerStore):
    def __init__(
        self, domain: Optional[Domain] = None, event_broker: Optional[EventBroker] = None, **kwargs: Any
    ) -> None:
        url = get_settings().database_url
        get_engine(url)  # fails with one clear sentence on a bad URL, and sets up SQLite's WAL mode
        kwargs.pop("host", None)
        super().__init__(domain=domain, host=url, event_broker=event_broker, **kwargs)
