"""Telegram rendering rules that need no server: long texts, long button payloads."""

from bot.telegram_app import CALLBACK_LIMIT, PayloadKeys, split_text


def test_long_texts_are_split_at_boundaries_and_nothing_is_lost() -> None:
    text = "\n\n".join(f"Alinea {n}: " + "woord " * 150 for n in range(12))
    parts = split_text(text)
    assert len(parts) > 1 and all(len(p) <= 4096 for p in parts)
    assert " ".join(" ".join(parts).split()) == " ".join(text.split())


def test_long_payloads_travel_as_a_short_key_and_come_back_whole() -> None:
    keys = PayloadKeys()
    long_payload = '/create_invite{"invite_role": "professional", "wijk": "Hagedoornbuurt"}'
    data = keys.callback_data(long_payload)
    assert len(long_payload.encode()) > CALLBACK_LIMIT >= len(data.encode())
    assert keys.payload(data) == long_payload
    assert keys.callback_data("/affirm") == "/affirm" and keys.payload("/affirm") == "/affirm"
    assert PayloadKeys().payload(data) is None  # unknown after a restart: the user gets a clear answer
