"""The referral index file: validated as a whole, loaded idempotently, never half-loaded."""

from pathlib import Path

import pytest
from sqlalchemy import func, select

from buurtbot.referral.index import INDEX_FILE, IndexFileError, load_index, read_index, read_wijken
from buurtbot.referral.lookup import LOOKUP_FILE, render, write_lookup
from buurtbot.referral.topics import GENERAL, TOPICS
from buurtbot.storage.models import ReferralPartner

VALID = """
wijken:
  Zuidwijk: [oud-beijerland]
partners:
  - key: buurtteam
    name: Buurtteam
    description: Hulp bij van alles.
    topics: [schulden, eenzaamheid]
    wijken: [Zuidwijk]
    phone: "0186-000000"
    opening_hours: Werkdagen
  - key: landelijk-nummer
    name: Landelijk
    description: Altijd bereikbaar.
    topics: [juridisch]
    wijken: landelijk
    url: https://example.org
    opening_hours: Altijd
    audience: professionals
    costs_strip: true
"""


def write(tmp_path: Path, content: str) -> Path:
    path = tmp_path / "index.yml"
    path.write_text(content)
    return path


def test_the_shipped_index_is_valid() -> None:
    entries = read_index(INDEX_FILE)
    keys = {e.key for e in entries}
    assert {"alarmnummer-112", "veilig-thuis", "meld-misdaad-anoniem", "juridisch-loket"} <= keys
    assert all(set(e.topics) <= set(TOPICS) | {GENERAL} for e in entries)


def test_load_is_idempotent_and_follows_the_file(session, tmp_path: Path) -> None:
    path = write(tmp_path, VALID)
    assert load_index(session, path) == 2
    assert load_index(session, path) == 2
    assert session.execute(select(func.count(ReferralPartner.id))).scalar() == 2
    national = session.execute(select(ReferralPartner).where(ReferralPartner.key == "landelijk-nummer")).scalar_one()
    assert national.wijken == [] and national.audience == "professionals" and national.costs_strip

    fewer = VALID.split("  - key: landelijk-nummer")[0].replace("Hulp bij van alles.", "Nieuwe tekst.")
    load_index(session, write(tmp_path, fewer))
    partners = session.execute(select(ReferralPartner)).scalars().all()
    assert [(p.key, p.description) for p in partners] == [("buurtteam", "Nieuwe tekst.")]


@pytest.mark.parametrize(
    "broken, message",
    [
        (VALID.replace("[schulden, eenzaamheid]", "[schulden, ruzie]"), r"entry buurtteam, field 'topics'.*ruzie"),
        (
            VALID.replace('    phone: "0186-000000"\n', ""),
            r"entry buurtteam, field 'opening_hours'.*phone, email or url",
        ),
        (VALID.replace("audience: professionals", "audience: iedereen"), r"entry landelijk-nummer, field 'audience'"),
        (VALID.replace("key: landelijk-nummer", "key: buurtteam"), r"entry buurtteam, field 'key': duplicate"),
        (VALID.replace("    name: Landelijk\n", ""), r"entry landelijk-nummer, field 'name'"),
        (VALID + "    colour: red\n", r"entry landelijk-nummer, field 'colour'"),
        ("wijken: {}\npartners: {}", "top-level 'partners:' list"),
        ("partners: [\n", "cannot read the file"),
        (VALID.replace("wijken: [Zuidwijk]", "wijken: [Oosterpark]"), r"entry buurtteam, field 'wijken'.*Oosterpark"),
        (VALID.replace("  Zuidwijk: [oud-beijerland]\n", "  Zuidwijk: oud-beijerland\n"), "'wijken:' mapping"),
    ],
)
def test_an_invalid_file_names_entry_and_field_and_loads_nothing(
    session, tmp_path: Path, broken: str, message: str
) -> None:
    load_index(session, write(tmp_path, VALID))
    with pytest.raises(IndexFileError, match=message):
        load_index(session, write(tmp_path, broken))
    assert session.execute(select(func.count(ReferralPartner.id))).scalar() == 2


def test_the_nlu_wijk_lookup_is_generated_from_the_index_and_up_to_date() -> None:
    assert LOOKUP_FILE.read_text(encoding="utf-8") == render(read_wijken(INDEX_FILE))
    used = {w for entry in read_index(INDEX_FILE) for w in entry.wijken}
    assert used == set(read_wijken(INDEX_FILE))  # every wijk in the list has partners, and the other way round


def test_a_new_wijk_name_in_the_index_reaches_the_lookup_and_the_synonyms(tmp_path: Path) -> None:
    index, target = write(tmp_path, VALID.replace("[oud-beijerland]", "[oud-beijerland, OB]")), tmp_path / "wijken.yml"
    assert write_lookup(index, target) is True
    assert write_lookup(index, target) is False  # unchanged: not rewritten, so the model is not retrained
    content = target.read_text()
    assert "- lookup: wijk\n  examples: |\n    - ob\n    - oud-beijerland\n    - zuidwijk\n" in content
    assert "- synonym: Zuidwijk\n  examples: |\n    - ob\n    - oud-beijerland\n    - zuidwijk\n" in content
