"""Droomhuis: saving wishes, early signals, the digest (exactly once), its CSV and chart, and delivery."""

import asyncio
import csv
import io
import json
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import time_machine
from sqlalchemy import func, select

from actions.dreams import ActionSubmitDream
from actions.wish_work import ActionShowWishes
from buurtbot.dreams.digest import preview, render_csv, render_text, send_digests
from buurtbot.outbox import payload_for
from buurtbot.people import get_person
from buurtbot.privacy import forget
from buurtbot.storage import session_scope
from buurtbot.storage.models import Digest, DreamWish, OutboxMessage, Person, Role
from tests.actions_helpers import make_person, run, texts, tracker
from tests.threads import race
from worker.delivery import ListSink, RetryLater, Undeliverable, deliver_due
from worker.jobs import catch_up_digest, digest_trigger, previous_fire_time

AMS = ZoneInfo("Europe/Amsterdam")
LONELY = "Sinds mijn man is overleden zie ik niemand meer. Een koffieochtend in de buurt zou fijn zijn."
GREEN = "Meer bomen en een moestuin op het grasveld achter de flat."


def submit(sender: str, wish: str, consent: bool, confirm: bool = True, contribution: str = "-") -> list:
    slots = {
        "dream_wish": wish,
        "dream_place": "wijk",
        "dream_wijk": "Zuidwijk",
        "dream_contribution": contribution,
        "dream_consent": consent,
        "dream_confirm": confirm,
    }
    messages, _ = run(ActionSubmitDream(), tracker(sender, slots=slots))
    return messages


def outbox_kinds() -> list:
    with session_scope() as session:
        return [
            (m.kind, session.get(Person, m.recipient_id).sender_id)
            for m in session.execute(select(OutboxMessage)).scalars()
        ]


class TestSavingWishes:
    def test_a_confirmed_wish_is_stored_with_themes(self, app_db) -> None:
        assert "opgeslagen" in texts(submit("bew-d1", GREEN, consent=False, contribution="ik wil wel helpen planten"))
        with session_scope() as session:
            wish = session.execute(select(DreamWish)).scalar_one()
            assert "groen" in wish.themes and wish.contribution == "ik wil wel helpen planten"
            assert session.execute(select(Person.wijk).where(Person.sender_id == "bew-d1")).scalar() == "Zuidwijk"

    def test_declining_at_the_end_stores_nothing(self, app_db) -> None:
        assert "niet opgeslagen" in texts(submit("bew-d2", GREEN, consent=False, confirm=False))
        with session_scope() as session:
            assert session.execute(select(func.count(DreamWish.id))).scalar() == 0

    def test_a_signal_with_consent_reaches_the_droommakelaar_at_once(self, app_db) -> None:
        make_person("dm", Role.droommakelaar, "Zuidwijk")
        submit("12345", LONELY, consent=True)
        assert outbox_kinds() == [("signal", "dm")]
        with session_scope() as session:
            note = session.execute(select(OutboxMessage)).scalar_one().payload["text"]
        assert "eenzaamheid" in note and "tg://user?id=12345" in note and "niemand meer" in note

    def test_without_consent_a_signal_is_only_counted_anonymously(self, app_db) -> None:
        make_person("dm", Role.droommakelaar, "Zuidwijk")
        submit("bew-d3", LONELY, consent=False)
        assert outbox_kinds() == []
        with session_scope() as session:
            text = render_text(preview(session)[0], AMS)
        assert "Vroegsignalen: 0 met toestemming" in text and "1 anoniem" in text and "contact:" not in text


class TestDigest:
    def test_content_per_wijk(self, app_db) -> None:
        submit("bew-d4", GREEN, consent=False, contribution="Ik kan wel water geven")
        submit("777", LONELY, consent=True)
        with session_scope() as session:
            (digest,) = preview(session)
            text = render_text(digest, AMS)
            table = list(csv.reader(io.StringIO(render_csv(digest, AMS)), delimiter=";"))
        assert text.startswith("Wensen uit Zuidwijk: 2 nieuw")
        assert "groen 1" in text and "ontmoeting" in text
        assert "Wat bewoners zelf willen doen:" in text and "Ik kan wel water geven" in text
        assert "(contact: stuur een bericht via Telegram: tg://user?id=777)" in text
        assert table[0] == ["datum", "wijk", "plek", "wens", "thema's", "zelf doen", "status", "contact"]
        assert len(table) == 3 and table[1][6] == table[2][6] == "nieuw"
        assert table[1][7] == "" and "tg://user?id=777" in table[2][7]  # contact only where consented

    def test_each_wish_is_in_exactly_one_digest_across_restarts_and_races(self, app_db) -> None:
        make_person("dm", Role.droommakelaar)
        submit("bew-d5", GREEN, consent=False)

        def digest_run() -> int:
            with session_scope() as session:
                return send_digests(session)

        assert sorted(race(digest_run, [()] * 4)) == [0, 0, 0, 1]
        # "Restart": a new run finds nothing new; a new wish goes into the next digest only.
        assert digest_run() == 0
        submit("bew-d6", "Een speeltuin met een glijbaan voor de kleintjes", consent=False)
        assert digest_run() == 1
        with session_scope() as session:
            wishes = session.execute(select(DreamWish.digest_id)).scalars().all()
            assert len(set(wishes)) == 2 and None not in wishes
            assert session.execute(select(func.count(Digest.id))).scalar() == 2
            kinds = [m.kind for m in session.execute(select(OutboxMessage)).scalars()]
        assert kinds == ["digest", "digest"]

    def test_the_digest_is_made_when_sent_with_a_chart_and_a_csv_and_keeps_no_copy(self, app_db) -> None:
        make_person("dm", Role.droommakelaar)
        submit("bew-d7", GREEN, consent=False)
        with session_scope() as session:
            send_digests(session)
            message = session.execute(select(OutboxMessage)).scalar_one()
            assert GREEN not in json.dumps(message.payload)  # the queued row holds no wish
            payload = payload_for(session, message, AMS)
        photo, document = payload["attachments"]
        assert photo["content"][:8] == b"\x89PNG\r\n\x1a\n"
        assert document["filename"].endswith(".csv") and GREEN in document["content"].decode("utf-8")
        assert not list(app_db.var_dir.rglob("*.csv")) and not list(app_db.var_dir.rglob("*.png"))

    def test_a_forgotten_tenant_is_left_out_of_a_digest_not_yet_sent(self, app_db) -> None:
        make_person("dm", Role.droommakelaar)
        submit("bew-d9", GREEN, consent=False)
        submit("bew-d10", "Een speeltuin met een glijbaan voor de kleintjes", consent=False)
        with session_scope() as session:
            send_digests(session)
            forget(session, get_person(session, "bew-d9"))
        with session_scope() as session:
            payload = payload_for(session, session.execute(select(OutboxMessage)).scalar_one(), AMS)
        assert GREEN not in payload["text"] and "glijbaan" in payload["text"]
        assert GREEN not in payload["attachments"][1]["content"].decode("utf-8")
        with session_scope() as session:
            forget(session, get_person(session, "bew-d10"))
        with session_scope() as session:  # nobody left in it: nothing to send
            assert payload_for(session, session.execute(select(OutboxMessage)).scalar_one(), AMS) is None

    def test_a_digest_missed_while_down_is_sent_at_start(self, app_db, tmp_path, monkeypatch) -> None:
        monkeypatch.setenv("BUURTBOT_VAR_DIR", str(tmp_path))
        make_person("dm", Role.droommakelaar)
        with time_machine.travel(datetime(2026, 11, 20, 12, 0, tzinfo=AMS), tick=False):  # Friday
            submit("bew-d8", GREEN, consent=False)
        with time_machine.travel(datetime(2026, 11, 24, 8, 0, tzinfo=AMS), tick=False):  # Tuesday: Monday 09:00 missed
            assert catch_up_digest(app_db) == 1
            assert catch_up_digest(app_db) == 0  # sent: a second start does not send again

    def test_schedule_is_monday_nine_in_amsterdam(self, app_db) -> None:
        now = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)
        assert previous_fire_time(digest_trigger(app_db), now) == datetime(2026, 11, 23, 9, 0, tzinfo=AMS)

    def test_wensen_is_only_for_the_droommakelaar_and_marks_nothing(self, app_db) -> None:
        submit("bew-d9", GREEN, consent=False)
        refusal = texts(run(ActionShowWishes(), tracker("bew-d9"))[0])
        assert "alleen voor de droommakelaar" in refusal and GREEN not in refusal  # no data in a refusal
        make_person("dm", Role.droommakelaar)
        assert GREEN in texts(run(ActionShowWishes(), tracker("dm"))[0])  # the work list
        with session_scope() as session:
            assert session.execute(select(DreamWish.digest_id)).scalar() is None
            assert session.execute(select(func.count(Digest.id))).scalar() == 0
        assert outbox_kinds() == []  # and nothing was sent to anyone


class FlakySink(ListSink):
    def __init__(self, failures: list) -> None:
        super().__init__()
        self.failures = failures

    async def send(self, sender_id, payload) -> None:
        if self.failures:
            raise self.failures.pop(0)
        await super().send(sender_id, payload)


class TestDelivery:
    def test_failures_are_retried_and_nothing_is_sent_twice(self, app_db) -> None:
        make_person("dm", Role.droommakelaar, "Zuidwijk")
        submit("555", LONELY, consent=True)
        sink = FlakySink([ConnectionError("network down"), RetryLater(0)])
        assert asyncio.run(deliver_due(app_db, sink)) == 0  # network error: backoff
        with session_scope() as session:
            message = session.execute(select(OutboxMessage)).scalar_one()
            assert message.attempts == 1 and message.delivered_at is None
            message.next_attempt_at = message.created_at  # let the backoff pass
        assert asyncio.run(deliver_due(app_db, sink)) == 0  # RetryAfter
        assert asyncio.run(deliver_due(app_db, sink)) == 1
        assert asyncio.run(deliver_due(app_db, sink)) == 0  # delivered: never again
        assert [sender for sender, _ in sink.sent] == ["dm"]

    def test_a_user_who_blocked_the_bot_is_marked_and_skipped(self, app_db) -> None:
        make_person("dm", Role.droommakelaar, "Zuidwijk")
        submit("556", LONELY, consent=True)
        assert (
            asyncio.run(deliver_due(app_db, FlakySink([Undeliverable("Forbidden: bot was blocked by the user")]))) == 0
        )
        with session_scope() as session:
            assert session.execute(select(Person.blocked_bot_at).where(Person.sender_id == "dm")).scalar() is not None
            assert session.execute(select(OutboxMessage.skipped_at)).scalar() is not None
