"""Rasa's answers as plain data (`Reply`), for every front end to render in its own way."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Tuple

UNAVAILABLE_TEXT = "Het lukt nu even niet. Probeer het zo nog eens."
NO_ANSWER_TEXT = f"{UNAVAILABLE_TEXT} Of typ /help om te zien wat ik kan."  # Rasa answered nothing
EMPTY_TEXT = "Je bericht was leeg. Typ je vraag, of kies een knop."


@dataclass(frozen=True)
class Button:
    title: str
    payload: str


@dataclass(frozen=True)
class Reply:
    text: Optional[str] = None
    buttons: Tuple[Button, ...] = ()
    image: Optional[str] = None  # URL or local path
    document: Optional[Dict[str, str]] = None  # {"filename": ..., "content": ..., "mime": ...}


def parse_replies(messages: List[Dict[str, Any]]) -> List[Reply]:
    """Turns the REST channel's JSON list into Replies (a custom {"document": ...} becomes a file)."""
    replies = []
    for message in messages:
        buttons = tuple(
            Button(str(b.get("title", "")), str(b.get("payload", b.get("title", ""))))
            for b in message.get("buttons") or []
        )
        custom = message.get("custom") if isinstance(message.get("custom"), dict) else {}
        document = custom.get("document") if isinstance(custom.get("document"), dict) else None
        replies.append(Reply(text=message.get("text"), buttons=buttons, image=message.get("image"), document=document))
    return replies
