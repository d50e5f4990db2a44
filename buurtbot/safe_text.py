"""User-written text shown to someone else (droommakelaar, beheerder, organiser, neighbours).

Messages go out as plain text (no parse mode), so Markdown or HTML in them is shown, never applied.
What plain text still allows is defused here: Telegram makes links, e-mail addresses, @mentions,
/commands and #hashtags clickable by itself, so their dots and signs are bracketed ("evil[.]nl"); invisible and
right-to-left override characters, which can disguise a text, are removed; newlines are kept only where
the layout allows them; and the text is cut to a length that fits the message around it.
"""

from __future__ import annotations

import unicodedata

import regex

# What Telegram turns into something clickable in plain text, and the bracketed form that it leaves alone.
DEFUSE = [
    (regex.compile(r"://"), "[:]//"),  # links with a scheme
    (regex.compile(r"(?<=[\p{L}\p{N}-])\.(?=\p{L}{2,})"), "[.]"),  # bare domains: buurt.nl, www.x.com/pad
    (regex.compile(r"@"), "[at]"),  # e-mail addresses and @mentions
    (regex.compile(r"(?<!\S)/(?=[A-Za-z])"), "[/]"),  # bot commands: a tap would send them
    (regex.compile(r"(?<![\p{L}\p{N}])([#$])(?=\p{L})"), r"[\1]"),  # hashtags and cashtags
]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def quoted(text: str, limit: int = 1000, one_line: bool = True) -> str:
    """`text` made safe to put in a message to someone else."""
    kept = _clean(text, one_line)
    for pattern, replacement in DEFUSE:
        kept = pattern.sub(replacement, kept)
    return _cut(kept, limit)


def plain(text: str, limit: int = 1000, one_line: bool = True) -> str:
    """`text` as it is stored: invisible characters out, spaces tidied, cut to `limit`, but nothing bracketed.
    Messages show it through `quoted`; a calendar file carries it as the person wrote it."""
    return _cut(_clean(text, one_line), limit)


def _clean(text: str, one_line: bool) -> str:
    kept = "".join(c if _visible(c) or c == "\n" else " " if c in "\t\r" else "" for c in text)
    kept = kept.replace("\n", " ") if one_line else kept
    return "\n".join(" ".join(line.split()) for line in kept.split("\n")).strip()


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def has_visible_text(text: str) -> bool:
    """False for a message of only spaces, invisible or control characters."""
    return any(_visible(c) and not c.isspace() for c in text)


def csv_cell(text: str) -> str:
    """A cell a spreadsheet will not run as a formula (CSV injection): such a cell gets a leading quote."""
    return "'" + text if text.startswith(FORMULA_START) else text


def _visible(character: str) -> bool:
    # Cc: control characters (also NUL); Cf: zero-width and direction overrides; Co/Cn: private, unassigned.
    return unicodedata.category(character) not in ("Cc", "Cf", "Co", "Cn")
