"""From dream to deed: wish statuses, the droommakelaar's work list and /mijnwensen, through the real actions and
a real database (the chat itself is tested end to end in tests/test_dream_to_deed.py)."""

from datetime import timedelta

import pytest
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

from actions.wish_work import (
    ActionMyWishes,
    ActionOpenWish,
    ActionShowWishes,
    ActionSubmitWishStatus,
    ActionWithdrawWish,
    ValidateWishStatusForm,
)
from buurtbot.dreams import status as wish_status
from buurtbot.dreams import worklist
from buurtbot.dreams.wishes import save_wish
from buurtbot.people import get_person
from buurtbot.storage import session_scope
from buurtbot.storage.models import DreamWish, OutboxMessage, Role, WishStatus
from buurtbot.storage.types import utcnow
from tests.actions_helpers import make_person, run, texts, tracker

MONEY = "Ik heb schulden en weet niet meer hoe ik de huur moet betalen. Een buurthuis met hulp zou fijn zijn."


def share(sender: str, wish: str, wijk: str = "Zuidwijk", consent: bool = True, days_ago: int = 0) -> int:
    with session_scope() as session:
        person = get_person(session, sender)
        saved = save_wish(session, person, wish, "wijk", wijk, None, consent)
        saved.created_at = utcnow() - timedelta(days=days_ago)
        return saved.id


def buttons(messages: list) -> dict:
    return {b["title"]: b["payload"] for m in messages for b in m.get("buttons") or []}


def set_status(sender: str, wish_id: object, status: str, note: str = "-") -> str:
    slots = {"wish_id": str(wish_id), "wish_status": status, "wish_note": note}
    return texts(run(ActionSubmitWishStatus(), tracker(sender, slots=slots))[0])


def news_for(sender: str) -> list:
    with session_scope() as session:
        person = get_person(session, sender)
        rows = session.execute(
            select(OutboxMessage).where(OutboxMessage.recipient_id == person.id, OutboxMessage.kind == "wish_status")
        ).scalars()
        return [row.payload["text"] for row in rows]


@pytest.fixture
def people(app_db) -> None:
    make_person("dm-zuid", Role.droommakelaar, "Zuidwijk")
    make_person("dm-west", Role.droommakelaar, "Nieuw-West")
    make_person("beh", Role.beheerder)
    make_person("t1", Role.bewoner, "Zuidwijk")
    make_person("t2", Role.bewoner, "Nieuw-West")
    make_person("pro", Role.professional, "Zuidwijk")


def test_a_status_change_reaches_the_tenant_once_with_the_note(people) -> None:
    wish = share("t1", "Een moestuin op het grasveld achter de flat.")
    assert "De bewoner krijgt een bericht" in set_status(
        "dm-zuid", wish, "opgepakt", "Ik bel de gemeente over de grond."
    )
    assert "stond al op" in set_status("dm-zuid", wish, "opgepakt", "Ik bel de gemeente over de grond.")
    (news,) = news_for("t1")
    assert "De droommakelaar heeft je wens opgepakt." in news
    assert "Ik bel de gemeente over de grond." in news and "/mijnwensen" in news
    set_status("dm-zuid", wish, "in_uitvoering")
    assert len(news_for("t1")) == 2
    with session_scope() as session:
        assert session.get(DreamWish, wish).status == WishStatus.in_uitvoering


def test_lukt_niet_needs_a_reason(people) -> None:
    wish = share("t1", "Een zwembad in de wijk.")
    assert "hoort een reden" in set_status("dm-zuid", wish, "lukt_niet")
    dispatcher = CollectingDispatcher()
    answer = ValidateWishStatusForm().validate_wish_note(
        "-", dispatcher, tracker("dm-zuid", slots={"wish_status": "lukt_niet"}), {}
    )
    assert answer == {"wish_note": None} and "waarom het niet lukt" in texts(dispatcher.messages)
    assert "De bewoner krijgt een bericht" in set_status("dm-zuid", wish, "lukt_niet", "Er is geen geld voor.")
    assert "Er is geen geld voor." in news_for("t1")[0]


def test_only_the_droommakelaar_of_the_wijk_changes_a_status(people) -> None:
    wish = share("t1", "Meer bankjes in het park.")
    assert "andere droommakelaar" in set_status("dm-west", wish, "opgepakt")
    assert "alleen de droommakelaar" in set_status("beh", wish, "opgepakt")
    assert "alleen de droommakelaar" in set_status("t1", wish, "opgepakt")
    assert "alleen de droommakelaar" in set_status("pro", wish, "gelukt")
    assert news_for("t1") == []


@pytest.mark.parametrize(
    "wish_id, status", [("abc", "opgepakt"), ("999999", "opgepakt"), ("1", "verwijderd"), ("-1", "gelukt")]
)
def test_forged_status_payloads_change_nothing(people, wish_id, status) -> None:
    share("t1", "Een speeltuin.")
    said = set_status("dm-zuid", wish_id, status)
    assert said and "krijgt een bericht" not in said
    assert news_for("t1") == []


async def test_the_form_asks_nothing_of_someone_who_may_not_change_the_wish(people) -> None:
    wish = share("t1", "Een speeltuin.")
    form = ValidateWishStatusForm()
    slots = {"wish_id": str(wish), "wish_status": "opgepakt"}
    assert await form.required_slots(["wish_note"], None, tracker("dm-west", slots=slots), {}) == []
    assert await form.required_slots(["wish_note"], None, tracker("dm-zuid", slots=slots), {}) == ["wish_note"]


def test_the_work_list_puts_signals_with_consent_first_and_pages(people) -> None:
    for day in range(7):
        share("t1", f"Een bloembak bij portiek {day}.", days_ago=day)
    urgent = share("t1", MONEY, days_ago=10)
    anonymous = share("t1", MONEY, consent=False, days_ago=11)
    messages, _ = run(ActionShowWishes(), tracker("dm-zuid"))
    text = texts(messages)
    assert "pagina 1 van 2" in text and "9," in text.split("\n")[0]
    assert text.index(worklist.URGENT) < text.index("bloembak bij portiek 0")
    assert "portiek 0" in text and "portiek 4" not in text  # newest first after the urgent one
    page_two = buttons(messages)["Volgende ▶"]
    assert '"page": "2"' in page_two
    with session_scope() as session:
        viewer = get_person(session, "dm-zuid")
        second = worklist.page_of(session, viewer, worklist.Filter(page=2))
        assert [w.id for w in second.wishes][-1] == anonymous
        only_signals = worklist.page_of(session, viewer, worklist.Filter(signal=True))
        assert [w.id for w in only_signals.wishes] == [urgent, anonymous]


def test_a_droommakelaar_sees_their_wijk_and_the_beheerder_every_wijk(people) -> None:
    zuid, west = share("t1", "Een moestuin."), share("t2", "Een speeltuin.", wijk="Nieuw-West")
    with session_scope() as session:
        seen = {who: {w.id for w in worklist.visible(session, get_person(session, who))} for who in ("dm-zuid", "beh")}
    assert seen == {"dm-zuid": {zuid}, "beh": {zuid, west}}
    assert "alleen voor de droommakelaar" in texts(run(ActionShowWishes(), tracker("t1"))[0])
    assert "alleen voor de droommakelaar" in texts(run(ActionShowWishes(), tracker("pro"))[0])


def test_opening_a_wish_shows_it_in_full_with_the_reasons_of_its_signals(people) -> None:
    wish = share("t1", MONEY)
    messages, _ = run(ActionOpenWish(), tracker("dm-zuid", entities=[{"entity": "wish_id", "value": str(wish)}]))
    text = texts(messages)
    assert MONEY.split(".")[0] in text and "Vroegsignaal geldzorgen" in text and "schulden" in text
    assert "tg://user" not in text and "Contact: via de chat" in text  # consent: how to reach them
    assert {"Opgepakt", "In uitvoering", "Lukt niet", "Terug naar de lijst"} <= set(buttons(messages))
    theirs, _ = run(ActionOpenWish(), tracker("dm-west", entities=[{"entity": "wish_id", "value": str(wish)}]))
    assert "niet vinden" in texts(theirs)
    looked, _ = run(ActionOpenWish(), tracker("beh", entities=[{"entity": "wish_id", "value": str(wish)}]))
    assert "Opgepakt" not in buttons(looked) and "De droommakelaar van de wijk past de status aan" in texts(looked)


def test_contact_shows_only_with_consent(people) -> None:
    wish = share("t1", "Een bankje.", consent=False)
    messages, _ = run(ActionOpenWish(), tracker("dm-zuid", entities=[{"entity": "wish_id", "value": str(wish)}]))
    assert "geen contact" in texts(messages) and "via de chat" not in texts(messages)


def test_a_tenant_sees_their_wishes_and_may_withdraw_one(people) -> None:
    first, second = share("t1", "Een moestuin."), share("t1", "Meer licht in het portiek.")
    set_status("dm-zuid", first, "opgepakt", "Komt goed.")
    messages, _ = run(ActionMyWishes(), tracker("t1"))
    text = texts(messages)
    assert "Je wensen (2)" in text and "Status: opgepakt" in text and "Komt goed." in text and "Status: nieuw" in text
    assert "meer licht" in text.lower()
    others, _ = run(ActionWithdrawWish(), tracker("t2", entities=[{"entity": "wish_id", "value": str(second)}]))
    assert "niet vinden" in texts(others)
    done, _ = run(ActionWithdrawWish(), tracker("t1", entities=[{"entity": "wish_id", "value": str(second)}]))
    assert "ingetrokken" in texts(done)
    with session_scope() as session:
        assert session.get(DreamWish, second) is None and session.get(DreamWish, first) is not None
    assert "Je wensen (1)" in texts(run(ActionMyWishes(), tracker("t1"))[0])
    assert "nog geen wensen" in texts(run(ActionMyWishes(), tracker("t2"))[0])


def test_status_words_and_filters_from_payloads_are_checked() -> None:
    assert wish_status.parse_status("In uitvoering") == WishStatus.in_uitvoering
    assert wish_status.parse_status("weg") is None
    chosen = worklist.Filter.parse("Zuidwijk", "onzin", "ja", "hacked", "-3")
    assert chosen == worklist.Filter(wijk="Zuidwijk", theme=None, signal=True, status=None, page=1)
    assert worklist.Filter.parse(None, "groen", None, "afgerond", "2").args() == {
        "theme": "groen",
        "wish_status": "afgerond",
        "page": "2",
    }


def test_the_list_is_filtered_by_theme_status_and_wijk_with_buttons(people) -> None:
    share("t1", "Meer bomen en bloemen in de straat.")
    share("t1", "Een speeltuin voor de kinderen.")
    share("t2", "Een speeltuin bij de school.", wijk="Nieuw-West")
    picked, _ = run(ActionShowWishes(), tracker("beh", entities=[{"entity": "pick", "value": "thema"}]))
    assert "Kies een thema" in texts(picked)
    spelen = buttons(picked)["spelen"]
    assert '"theme": "spelen"' in spelen
    wijken, _ = run(ActionShowWishes(), tracker("beh", entities=[{"entity": "pick", "value": "wijk"}]))
    assert {"Nieuw-West", "Zuidwijk", "alle wijken"} <= set(buttons(wijken))
    entities = [{"entity": "theme", "value": "spelen"}, {"entity": "wijk", "value": "Zuidwijk"}]
    listed = texts(run(ActionShowWishes(), tracker("beh", entities=entities))[0])
    assert "Zuidwijk, thema spelen" in listed and "speeltuin voor de kinderen" in listed
    assert "bomen" not in listed and "bij de school" not in listed
    statuses, _ = run(ActionShowWishes(), tracker("dm-zuid", entities=[{"entity": "pick", "value": "status"}]))
    assert {"nieuw", "opgepakt", "in uitvoering", "gelukt", "lukt niet", "alle"} == set(buttons(statuses))
