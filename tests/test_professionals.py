"""Role gating, the strippenkaart, vetoes, callbacks and invites, through the real actions and database."""

import pytest
from sqlalchemy import func, select

from actions.access import ActionCreateInvite, ActionRedeemInvite
from actions.human import ActionSubmitCallback
from actions.strips import ActionCheckStrips, ActionSubmitUseStrip, ValidateUseStripForm
from actions.veto import ActionSetVetoStatus, ActionSubmitVeto
from buurtbot import strips
from buurtbot.config import get_settings
from buurtbot.invites import create_invite
from buurtbot.people import get_person
from buurtbot.storage import session_scope
from buurtbot.storage.models import Invite, OutboxMessage, Role, StripCard, StripUse, Veto, VetoStatus
from tests.actions_helpers import make_person, run, texts, tracker
from tests.threads import race


def outbox_for(sender: str) -> list:
    with session_scope() as session:
        person = get_person(session, sender)
        return [
            m.payload["text"]
            for m in session.execute(select(OutboxMessage).where(OutboxMessage.recipient_id == person.id)).scalars()
        ]


def count(model) -> int:
    with session_scope() as session:
        return session.execute(select(func.count()).select_from(model)).scalar()


def role(sender: str) -> Role:
    with session_scope() as session:
        return get_person(session, sender).role


class TestRoleGating:
    """A bewoner gets a polite refusal and never data, also with typed or forged payloads."""

    @pytest.mark.parametrize(
        "action, slots",
        [
            (ActionCheckStrips(), {}),
            (ActionSubmitUseStrip(), {"strip_partner": "Buurtbemiddeling", "strip_reason": "ruzie"}),
            (ActionSubmitVeto(), {"veto_decision": "ontruiming", "veto_reason": "onterecht", "veto_dossier": "-"}),
        ],
    )
    def test_professional_features_refuse_a_bewoner(self, app_db, action, slots) -> None:
        make_person("boss", Role.beheerder)  # who would hear of a strip use or a veto
        messages, _ = run(action, tracker("bewoner-1", slots=slots))
        assert "alleen voor professionals" in texts(messages)
        assert count(StripUse) == 0 and count(Veto) == 0 and count(StripCard) == 0
        assert count(OutboxMessage) == 0 and role("bewoner-1") == Role.bewoner

    def test_a_forged_veto_status_payload_from_a_professional_changes_nothing(self, app_db) -> None:
        make_person("pro-2", Role.professional)
        run(
            ActionSubmitVeto(),
            tracker(
                "pro-2", slots={"veto_decision": "sluiting buurthuis", "veto_reason": "nodig", "veto_dossier": "-"}
            ),
        )
        with session_scope() as session:
            veto_id, updated_at = session.execute(select(Veto.id, Veto.updated_at)).one()
        forged = tracker(
            "pro-2",
            intent="set_veto_status",
            entities=[{"entity": "veto_id", "value": str(veto_id)}, {"entity": "veto_status", "value": "gehonoreerd"}],
        )
        messages, _ = run(ActionSetVetoStatus(), forged)
        assert "alleen de beheerder" in texts(messages)
        with session_scope() as session:
            veto = session.get(Veto, veto_id)
            assert (veto.status, veto.updated_at) == (VetoStatus.ingediend, updated_at)
        assert outbox_for("pro-2") == [] and role("pro-2") == Role.professional  # no status message pushed back

    def test_the_form_asks_a_bewoner_nothing(self, app_db) -> None:
        form = ValidateUseStripForm()
        import asyncio

        assert asyncio.run(form.required_slots(["strip_partner", "strip_reason"], None, tracker("bewoner-2"), {})) == []

    def test_only_a_beheerder_makes_invites(self, app_db) -> None:
        make_person("pro-3", Role.professional)
        messages, _ = run(
            ActionCreateInvite(),
            tracker(
                "pro-3", entities=[{"entity": "invite_role", "value": "beheerder"}, {"entity": "wijk", "value": "-"}]
            ),
        )
        assert "alleen de beheerder" in texts(messages) and "/code" not in texts(messages)
        assert count(Invite) == 0 and role("pro-3") == Role.professional  # no code was made, not even unshown


class TestInvites:
    def test_an_invite_code_gives_the_role_through_the_action(self, app_db) -> None:
        make_person("boss", Role.beheerder)
        messages, _ = run(
            ActionCreateInvite(),
            tracker(
                "boss",
                entities=[{"entity": "invite_role", "value": "professional"}, {"entity": "wijk", "value": "Zuidwijk"}],
            ),
        )
        code = messages[-1]["text"].split()[-1]
        messages, _ = run(ActionRedeemInvite(), tracker("new-1", entities=[{"entity": "invite_code", "value": code}]))
        assert "Je bent nu professional in Zuidwijk" in texts(messages)
        messages, _ = run(ActionRedeemInvite(), tracker("new-2", entities=[{"entity": "invite_code", "value": code}]))
        assert "werkt niet" in texts(messages)
        assert role("new-1") == Role.professional and role("new-2") == Role.bewoner

    def test_wrong_codes_are_rate_limited(self, app_db) -> None:
        with session_scope() as session:
            good = create_invite(session, Role.professional)
        for attempt in range(5):
            messages, _ = run(
                ActionRedeemInvite(),
                tracker("guesser", entities=[{"entity": "invite_code", "value": f"WRONG{attempt}"}]),
            )
            assert "werkt niet" in texts(messages)
        messages, _ = run(ActionRedeemInvite(), tracker("guesser", entities=[{"entity": "invite_code", "value": good}]))
        assert "te vaak" in texts(messages)
        with session_scope() as session:
            assert get_person(session, "guesser").role == Role.bewoner
            assert session.execute(select(Invite.used_at)).scalar_one() is None  # the blocked try did not use it up


class TestStrippenkaart:
    def test_use_a_strip_deducts_confirms_and_tells_the_beheerder(self, app_db) -> None:
        make_person("boss", Role.beheerder)
        make_person("pro-4", Role.professional, "Zuidwijk")
        messages, _ = run(
            ActionSubmitUseStrip(),
            tracker(
                "pro-4", slots={"strip_partner": "buurtbemiddeling zuidwijk", "strip_reason": "burenruzie escaleert"}
            ),
        )
        assert "Je hebt er nog 9" in texts(messages)
        assert any("Buurtbemiddeling" in t and "burenruzie escaleert" in t for t in outbox_for("boss"))
        messages, _ = run(ActionCheckStrips(), tracker("pro-4"))
        assert "nog 9 van de 10" in texts(messages) and "burenruzie escaleert" in texts(messages)

    def test_an_empty_card_says_how_to_get_more(self, app_db) -> None:
        make_person("pro-5", Role.professional)
        with session_scope() as session:
            strips.current_card(session, get_person(session, "pro-5"), get_settings()).balance = 0
        messages, _ = run(
            ActionSubmitUseStrip(), tracker("pro-5", slots={"strip_partner": "Tolk", "strip_reason": "gesprek"})
        )
        assert "strippenkaart is leeg" in texts(messages) and "beheerder" in texts(messages)

    def test_concurrent_uses_never_go_below_zero(self, app_db) -> None:
        make_person("pro-6", Role.professional)
        with session_scope() as session:
            strips.current_card(session, get_person(session, "pro-6"), get_settings()).balance = 3

        def use() -> bool:
            with session_scope() as session:
                return strips.use_strip(session, get_person(session, "pro-6"), "Tolk", "gesprek", get_settings()).used

        results = race(use, [()] * 12)
        assert results.count(True) == 3
        with session_scope() as session:
            assert session.execute(select(StripCard.balance)).scalar_one() == 0
            assert session.execute(select(func.count(StripUse.id))).scalar() == 3

    def test_top_up(self, app_db) -> None:
        make_person("pro-7", Role.professional)
        with session_scope() as session:
            assert strips.top_up(session, get_person(session, "pro-7"), 5, get_settings()) == 15


class TestVeto:
    def test_status_changes_are_pushed_back_to_the_professional(self, app_db) -> None:
        make_person("boss", Role.beheerder)
        make_person("pro-8", Role.professional)
        messages, _ = run(
            ActionSubmitVeto(),
            tracker(
                "pro-8",
                slots={
                    "veto_decision": "ontruiming Kerkstraat 5",
                    "veto_reason": "gezin met kinderen",
                    "veto_dossier": "D-123",
                },
            ),
        )
        assert "ingediend" in texts(messages)
        assert any("ontruiming Kerkstraat 5" in t for t in outbox_for("boss"))
        for status in ("in_behandeling", "gehonoreerd"):
            run(
                ActionSetVetoStatus(),
                tracker(
                    "boss", entities=[{"entity": "veto_id", "value": "1"}, {"entity": "veto_status", "value": status}]
                ),
            )
        pushed = outbox_for("pro-8")
        assert len(pushed) == 2 and "in behandeling" in pushed[0] and "gehonoreerd" in pushed[1]


class TestCallback:
    def test_without_consent_nothing_is_sent(self, app_db) -> None:
        make_person("boss", Role.beheerder)
        messages, _ = run(ActionSubmitCallback(), tracker("bew-1", slots={"callback_consent": False}))
        assert "geen contact" in texts(messages)
        assert outbox_for("boss") == []

    def test_a_bewoner_gets_a_professional_of_their_wijk(self, app_db) -> None:
        make_person("wijkbeheerder", Role.professional, "Zuidwijk")
        make_person("bew-2", Role.bewoner, "Zuidwijk")
        messages, _ = run(
            ActionSubmitCallback(),
            tracker(
                "bew-2",
                slots={"callback_consent": True, "callback_channel": "telefoon", "callback_phone": "06 12345678"},
            ),
        )
        assert "Een wijkbeheerder belt je" in texts(messages)
        assert any("bel 06 12345678" in t for t in outbox_for("wijkbeheerder"))


def test_wrong_codes_are_counted_in_the_database_for_every_action_server(app_db) -> None:
    """The count lives in the database, not in the process: what one action server counted, another sees;
    only a hash of the sender is kept, and a day later (retention) or at /vergeet_mij it is gone."""
    from datetime import timedelta

    from buurtbot.invites import WRONG_CODE_LIMIT, count_wrong_code, forget_wrong_codes, may_try_a_code
    from buurtbot.storage.models import WrongCode
    from buurtbot.storage.types import utcnow

    with session_scope() as session:  # as if another action server counted these
        for _ in range(WRONG_CODE_LIMIT):
            count_wrong_code(session, "guesser-2")
    with session_scope() as session:
        assert not may_try_a_code(session, "guesser-2") and may_try_a_code(session, "someone-else")
        assert "guesser-2" not in {row.who for row in session.execute(select(WrongCode)).scalars()}
        assert may_try_a_code(session, "guesser-2", now=utcnow() + timedelta(minutes=16))
        assert forget_wrong_codes(session, before=utcnow() + timedelta(days=1)) == WRONG_CODE_LIMIT
