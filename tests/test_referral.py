"""ask_referral: the best partners for topic and wijk, role-aware, with 112 first for danger topics."""

from sqlalchemy import select

from actions.referral import ActionFindReferral, match_wijk, topic_from_text
from buurtbot.referral.search import find_partners, match_partner, strip_partners
from buurtbot.referral.topics import AT_ONCE_TOPICS, GENERAL, TOPICS
from buurtbot.storage import session_scope
from buurtbot.storage.models import Person, Role
from tests.actions_helpers import make_person, run, texts, tracker

PILOT_WIJKEN = ("Nieuw-West", "Zuidwijk", "Hagedoornbuurt")


def test_every_topic_has_a_local_public_answer_in_every_pilot_wijk(app_db) -> None:
    """Local first; for danger the national numbers first, then a local contact; a gas smell is national only."""
    with session_scope() as session:
        for wijk in PILOT_WIJKEN:
            for topic in TOPICS:
                partners = find_partners(session, topic, wijk, Role.bewoner)
                assert partners and len(partners) <= 3, (wijk, topic)
                if topic == "gaslucht":
                    assert [p.phone for p in partners] == ["0800-9009"]
                elif topic in AT_ONCE_TOPICS:
                    assert not partners[0].wijken and partners[-1].wijken == [wijk], (wijk, topic)
                else:
                    assert partners[0].wijken == [wijk], (wijk, topic)
            assert find_partners(session, GENERAL, wijk, Role.bewoner)[0].wijken == [wijk]  # the general contact


def test_bewoners_never_see_professionals_only_contacts(app_db) -> None:
    with session_scope() as session:
        for wijk in PILOT_WIJKEN:
            for topic in TOPICS:
                assert all(p.audience == "public" for p in find_partners(session, topic, wijk, Role.bewoner, limit=99))
        professional = find_partners(session, "bedreiging", "Zuidwijk", Role.professional, limit=99)
        assert any("Angels & Homies" in p.name for p in professional)


def test_the_answer_lists_partners_with_how_to_reach_them(app_db) -> None:
    messages, events = run(ActionFindReferral(), tracker("t-1", slots={"topic": "schulden", "wijk": "Zuidwijk"}))
    text = texts(messages)
    assert "Voor geldzorgen en schulden in Zuidwijk" in text
    assert "Bel:" in text and "Bereikbaar:" in text
    assert "112" not in text  # not a danger topic
    assert {"event": "slot", "name": "topic", "value": None, "timestamp": None} in events


def test_danger_topics_say_112_first(app_db) -> None:
    for topic in ("huiselijk_geweld", "bedreiging", "verward_gedrag"):
        messages, _ = run(ActionFindReferral(), tracker("t-2", slots={"topic": topic, "wijk": "Nieuw-West"}))
        assert messages[0]["text"] == "Is er nu direct gevaar? Bel dan meteen 112."


def test_a_bewoners_chosen_wijk_is_remembered(app_db) -> None:
    run(ActionFindReferral(), tracker("t-3", slots={"topic": "eenzaamheid", "wijk": "Hagedoornbuurt"}))
    with session_scope() as session:
        assert session.execute(select(Person.wijk).where(Person.sender_id == "t-3")).scalar_one() == "Hagedoornbuurt"
    messages, _ = run(ActionFindReferral(), tracker("t-3", slots={"topic": "zorg"}))  # no wijk asked: the profile's
    assert "in Hagedoornbuurt" in texts(messages)


def test_professionals_see_their_own_contacts_first(app_db) -> None:
    make_person("pro-1", Role.professional, "Nieuw-West")
    messages, _ = run(ActionFindReferral(), tracker("pro-1", slots={"topic": "ondermijning"}))
    assert "(voorbeeld)" in texts(messages)
    assert any("RIEC" in m["text"] or "Angels" in m["text"] or "Bijzondere" in m["text"] for m in messages[1:])


def test_typed_wijk_and_topic_are_understood() -> None:
    assert match_wijk("nieuw west", ["Nieuw-West", "Zuidwijk"]) == "Nieuw-West"
    assert match_wijk("ik woon in zuidwijk", ["Nieuw-West", "Zuidwijk"]) == "Zuidwijk"
    assert match_wijk("landelijk", ["Zuidwijk"]) == "landelijk"
    assert match_wijk("Utrecht", ["Zuidwijk"]) is None
    assert topic_from_text("de deurwaarder komt morgen") == "schulden"
    assert topic_from_text("hij drinkt elke dag te veel alcohol") == "verslaving"


def test_a_typed_partner_name_finds_the_partner(app_db) -> None:
    with session_scope() as session:
        partners = strip_partners(session, "Zuidwijk")
        assert "Buurtbemiddeling" in match_partner(partners, "buurtbemiddeling zuidwijk").name
        assert match_partner(partners, "de tolk") is None  # no tolk among Zuidwijk's strip partners
        assert match_partner(partners, "conflict tussen twee gezinnen") is None
        assert match_partner(partners, "xyz") is None
