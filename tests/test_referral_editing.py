"""Changing the referral index as the dashboard does: the file loader's checks in Dutch per field, a history row
for every change, retired partners never named, an all-or-nothing import, an export that can replace the file,
and a start-up that seeds an empty database only."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from buurtbot.people import get_or_create_person, set_role
from buurtbot.referral import editing
from buurtbot.referral.index import INDEX_FILE, load_index, read_index, read_wijken, seed_index
from buurtbot.referral.search import find_partners, strip_partners
from buurtbot.storage.models import Person, ReferralChange, ReferralPartner, Role


def good(**changes: Any) -> Dict[str, Any]:
    values: Dict[str, Any] = {
        "key": "",
        "name": "Geldcoach Zuidwijk",
        "description": "Een vrijwilliger helpt je met je post en je geld.",
        "topics": ["schulden", "papierwerk"],
        "wijken": ["Zuidwijk"],
        "phone": "0186-000 0999",
        "email": "",
        "url": "",
        "opening_hours": "Dinsdag van 9 tot 12 uur",
        "audience": "public",
        "costs_strip": False,
        "example": False,
    }
    values.update(changes)
    return values


@pytest.fixture
def db(session: Session) -> Session:
    load_index(session)
    session.flush()
    return session


def staff(session: Session, sender: str, role: Role = Role.beheerder, name: str = "Ilse") -> Person:
    person = get_or_create_person(session, sender, name)
    set_role(session, person, role)
    session.flush()
    return person


def changes_of(session: Session, key: str) -> list:
    rows = session.execute(select(ReferralChange).where(ReferralChange.partner_key == key)).scalars()
    return [(row.action, row.changes, row.by_name) for row in sorted(rows, key=lambda r: r.id)]


def test_each_mistake_gets_a_dutch_message_next_to_its_field(db: Session) -> None:
    boss = staff(db, "edit-1")
    wrong = good(
        key="geld coach",
        name=" ",
        description="",
        topics=[],
        wijken=["Oosterpark"],
        email="geen-adres",
        url="www.buurtteam.nl",
        opening_hours="a" * 300,
        audience="iedereen",
    )
    with pytest.raises(editing.PartnerInvalid) as caught:
        editing.add_partner(db, boss, wrong)
    assert caught.value.errors == {
        "key": "Gebruik alleen letters zonder accent, cijfers, - en _. Dus geen spaties.",
        "name": "Vul de naam in.",
        "description": "Schrijf in een of twee zinnen wat ze doen.",
        "topics": "Kies minstens één onderwerp.",
        "wijken": (
            "Deze wijk staat niet in de lijst: Oosterpark. Een nieuwe wijk zet je eerst in data/referral_index.yml."
        ),
        "email": "Dit is geen e-mailadres. Een goed adres is bijvoorbeeld info@buurtteam.nl.",
        "url": "Een website begint met https://. Bijvoorbeeld https://www.buurtteam.nl.",
        "opening_hours": "Dit is te lang. Gebruik hoogstens 200 tekens.",
        "audience": "Kies voor wie dit contact is: iedereen, of alleen professionals.",
    }
    assert changes_of(db, "geld coach") == [] and editing.get_partner(db, "geld-coach") is None


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"phone": ""}, "contact", "Vul minstens een telefoonnummer, e-mailadres of website in."),
        ({"wijken": ["Zuidwijk", "landelijk"]}, "wijken", "Kies landelijk, of kies wijken. Niet allebei."),
        ({"wijken": []}, "wijken", "Kies minstens één wijk, of landelijk."),
        ({"topics": ["ruzie"]}, "topics", "Kies alleen onderwerpen uit de lijst."),
        ({"name": "hoi\x00daar"}, "name", "Hier staat een teken in dat ik niet kan bewaren. Typ de tekst opnieuw."),
        ({"key": "veilig-thuis"}, "key", "Er is al een partner met deze code. Kies een andere code."),
        ({"key": "geschiedenis"}, "key", "Deze code gebruikt het dashboard zelf. Kies een andere code."),
    ],
)
def test_one_mistake_one_message(db: Session, changes: dict, field: str, message: str) -> None:
    with pytest.raises(editing.PartnerInvalid) as caught:
        editing.add_partner(db, staff(db, "edit-2"), good(**changes))
    assert caught.value.errors == {field: message}


def test_adding_editing_and_retiring_write_who_what_and_when(db: Session) -> None:
    boss = staff(db, "edit-3", name="Ilse")
    partner = editing.add_partner(db, boss, good(wijken=["landelijk"]))
    assert partner.key == "geldcoach-zuidwijk" and partner.wijken == [] and partner.phone == "0186-000 0999"
    assert editing.add_partner(db, boss, good()).key == "geldcoach-zuidwijk-2"  # a key made from the name is free
    [(action, added, who)] = changes_of(db, "geldcoach-zuidwijk")
    assert (action, who) == ("toegevoegd", "beheerder Ilse")
    assert added["name"] == [None, "Geldcoach Zuidwijk"] and added["wijken"] == [None, []]

    unchanged = editing.edit_partner(db, boss, partner, editing.values_of(partner))
    assert unchanged is False and len(changes_of(db, partner.key)) == 1
    edited = {**editing.values_of(partner), "phone": "", "email": "geld@example.org", "topics": ["schulden"]}
    assert editing.edit_partner(db, boss, partner, edited) is True
    assert changes_of(db, partner.key)[-1] == (
        "gewijzigd",
        {
            "topics": [["schulden", "papierwerk"], ["schulden"]],
            "phone": ["0186-000 0999", None],
            "email": [None, "geld@example.org"],
        },
        "beheerder Ilse",
    )
    assert editing.retire_partner(db, boss, partner) and not editing.retire_partner(db, boss, partner)
    assert editing.restore_partner(db, boss, partner)
    assert [a for a, _, _ in changes_of(db, partner.key)] == ["toegevoegd", "gewijzigd", "gestopt", "teruggezet"]
    row = db.execute(select(ReferralChange).where(ReferralChange.partner_key == partner.key)).scalars().first()
    assert row.by_id == boss.id and row.at is not None


def test_a_retired_partner_is_never_named_by_the_bot(db: Session) -> None:
    boss = staff(db, "edit-4")
    partner = editing.add_partner(db, boss, good(name="Aaa Geldcoach", topics=["schulden"], costs_strip=True))
    db.flush()
    assert partner in find_partners(db, "schulden", "Zuidwijk", Role.bewoner)
    assert partner in strip_partners(db, "Zuidwijk")
    editing.retire_partner(db, boss, partner)
    db.flush()
    assert partner not in find_partners(db, "schulden", "Zuidwijk", Role.bewoner)
    assert partner not in find_partners(db, "schulden", "Zuidwijk", Role.professional)
    assert partner not in strip_partners(db, "Zuidwijk")
    assert partner not in editing.list_partners(db, Role.beheerder, "Zuidwijk")
    assert partner in editing.list_partners(db, Role.beheerder, "Zuidwijk", retired=True)


def test_the_pages_show_what_the_chat_shows_each_role(db: Session) -> None:
    for_staff = {p.key for p in editing.list_partners(db, Role.professional) if p.audience == "professionals"}
    assert for_staff and for_staff <= {p.key for p in editing.list_partners(db, Role.droommakelaar)}
    assert not [p for p in editing.list_partners(db, Role.bewoner) if p.audience == "professionals"]
    in_zuidwijk = editing.list_partners(db, Role.beheerder, "Zuidwijk", "schulden")
    assert in_zuidwijk and all("schulden" in p.topics and p.wijken in ([], ["Zuidwijk"]) for p in in_zuidwijk)


def test_an_export_can_replace_the_file(db: Session, tmp_path: Path) -> None:
    exported = tmp_path / "referral_index.yml"
    exported.write_text(editing.export_index(db), encoding="utf-8")
    assert read_index(exported) == read_index(INDEX_FILE)
    assert read_wijken(exported) == read_wijken(INDEX_FILE)
    boss = staff(db, "edit-5")
    editing.retire_partner(db, boss, editing.get_partner(db, "veilig-thuis"))
    editing.add_partner(db, boss, good())
    exported.write_text(editing.export_index(db), encoding="utf-8")
    keys = [e.key for e in read_index(exported)]
    assert "veilig-thuis" not in keys and "geldcoach-zuidwijk" in keys and len(keys) == len(read_index(INDEX_FILE))


def test_an_invalid_import_changes_nothing_and_names_the_entry_and_field(db: Session) -> None:
    boss = staff(db, "edit-6")
    text = editing.export_index(db)
    broken = text.replace("name: Veilig Thuis", "name: Veilig Thuis\n    kleur: rood", 1)
    assert broken != text
    before = db.execute(select(func.count(ReferralChange.id))).scalar()
    with pytest.raises(editing.ImportInvalid) as caught:
        editing.import_index(db, boss, broken.encode())
    assert caught.value.lines == ["Partner veilig-thuis, veld kleur: Dit veld ken ik niet. Haal het weg."]
    wrong_topic = text.replace("topics: [gaslucht]", "topics: [gas]", 1)
    with pytest.raises(editing.ImportInvalid) as caught:
        editing.import_index(db, boss, wrong_topic.encode())
    assert caught.value.lines == [
        "Partner storingsnummer-gas-stroom, veld Onderwerpen: Kies alleen onderwerpen uit de lijst."
    ]
    for data in (b"\xff\xfe", b"partners: [\n", b"- gewoon een lijst"):
        with pytest.raises(editing.ImportInvalid):
            editing.import_index(db, boss, data)
    assert db.execute(select(func.count(ReferralChange.id))).scalar() == before
    assert editing.get_partner(db, "veilig-thuis").name == "Veilig Thuis"


def test_an_import_adds_changes_brings_back_and_retires_with_history(db: Session) -> None:
    boss = staff(db, "edit-7")
    editing.retire_partner(db, boss, editing.get_partner(db, "juridisch-loket"))
    text = editing.export_index(db)
    start = text.index("  - key: veilig-thuis")
    end = text.index("  - key:", start + 5)
    text = text[:start] + text[end:]  # Veilig Thuis left out: it stops
    text = text.replace("Bel 112 bij direct gevaar.", "Bel bij direct gevaar altijd 112.")
    text += (
        "\n  - key: juridisch-loket\n    name: Juridisch Loket\n    description: Gratis juridisch advies.\n"
        "    topics: [juridisch]\n    wijken: landelijk\n    phone: 0900-8020\n    opening_hours: Werkdagen\n"
        "  - key: nieuwe-partner\n    name: Nieuwe partner\n    description: Helpt.\n    topics: [zorg]\n"
        "    wijken: [Zuidwijk]\n    url: https://example.org/nieuw\n    opening_hours: Altijd\n"
    )
    result = editing.import_index(db, boss, text.encode())
    assert result.added == ["nieuwe-partner"] and result.retired == ["veilig-thuis"]
    assert set(result.changed) == {"alarmnummer-112", "juridisch-loket"}
    assert editing.get_partner(db, "juridisch-loket").retired_at is None
    assert editing.get_partner(db, "veilig-thuis").retired_at is not None
    assert changes_of(db, "alarmnummer-112")[-1][:2] == (
        "geïmporteerd",
        {
            "description": [
                "Bel 112 bij direct gevaar. Bijvoorbeeld bij geweld, brand of als iemand niet meer ademt.",
                "Bel bij direct gevaar altijd 112. Bijvoorbeeld bij geweld, brand of als iemand niet meer ademt.",
            ]
        },
    )
    assert changes_of(db, "juridisch-loket")[-1][1]["retired"] == [True, False]
    assert changes_of(db, "veilig-thuis")[-1][:2] == ("gestopt", {"retired": [False, True]})
    again = editing.import_index(db, boss, editing.export_index(db).encode())
    assert (again.added, again.changed, again.retired) == ([], [], [])  # the export is what was imported


def test_a_start_seeds_an_empty_database_only_and_keeps_the_edits(session: Session) -> None:
    assert seed_index(session) == (True, len(read_index(INDEX_FILE)))
    partner = editing.get_partner(session, "veilig-thuis")
    editing.edit_partner(session, staff(session, "edit-8"), partner, {**editing.values_of(partner), "phone": "0800-1"})
    session.flush()
    assert seed_index(session) == (False, len(read_index(INDEX_FILE)))
    assert editing.get_partner(session, "veilig-thuis").phone == "0800-1"
    assert session.execute(select(func.count(ReferralPartner.id))).scalar() == len(read_index(INDEX_FILE))
