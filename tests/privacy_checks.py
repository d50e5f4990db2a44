"""Looking for a person everywhere: every row of every table (Rasa's conversation history included), rows that
point to them by person id, and the bytes of every file under the var dir (the SQLite file and its log too)."""

from __future__ import annotations

from pathlib import Path
from typing import Dict, Iterable, Iterator, List, Optional, Tuple

from sqlalchemy import inspect, text

from buurtbot.config import Settings
from buurtbot.storage import get_engine

Row = Tuple[str, dict]


def every_row(settings: Settings) -> Iterator[Row]:
    engine = get_engine(settings.database_url)
    with engine.connect() as conn:
        for table in inspect(engine).get_table_names():
            for row in conn.execute(text(f'SELECT * FROM "{table}"')).mappings():
                yield table, dict(row)


def person_columns(settings: Settings) -> Dict[str, List[str]]:
    """Per table, the columns that point to a person (foreign keys to people, and people.id itself)."""
    inspector = inspect(get_engine(settings.database_url))
    columns: Dict[str, List[str]] = {"people": ["id"]}
    for table in inspector.get_table_names():
        for key in inspector.get_foreign_keys(table):
            if key["referred_table"] == "people":
                columns.setdefault(table, []).extend(key["constrained_columns"])
    return columns


def linked_to(settings: Settings, sender_id: str, person_id: Optional[int]) -> List[Row]:
    """Rows that hold the sender id anywhere, or point to the person by id."""
    columns = person_columns(settings)
    return [
        (table, row)
        for table, row in every_row(settings)
        if sender_id in _blob(row)
        or (person_id is not None and any(row.get(c) == person_id for c in columns.get(table, ())))
    ]


def rows_holding(rows: Iterable[Row], needles: Iterable[str]) -> List[Tuple[str, str]]:
    """(table, needle) for every row that holds one of the needles."""
    needles = list(needles)
    return [(table, needle) for table, row in rows for needle in needles if needle in _blob(row)]


def files_holding(folder: Path, needles: Iterable[str]) -> List[Tuple[str, str]]:
    """(file, needle) for every file under `folder` whose bytes hold one of the needles (as UTF-8)."""
    found = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = path.read_bytes()
        found += [(str(path), needle) for needle in needles if needle.encode("utf-8") in data]
    return found


def fragments(story: str, words: int = 3) -> List[str]:
    """Every run of `words` consecutive words: "any part of the story"."""
    parts = story.split()
    return [" ".join(parts[i : i + words]) for i in range(len(parts) - words + 1)]


def _blob(row: dict) -> str:
    return " ".join(str(value) for value in row.values())
