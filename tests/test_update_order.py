"""Updates: different chats at the same time, one chat strictly in order."""

import asyncio

from telegram import Chat, Message, Update

from bot.update_order import PerChatUpdateProcessor


def update(update_id: int, chat_id: int) -> Update:
    chat = Chat(chat_id, "private")
    return Update(update_id, message=Message(update_id, None, chat, text="hoi"))


async def handle(log: list, name: str, seconds: float) -> None:
    log.append(f"start {name}")
    await asyncio.sleep(seconds)
    log.append(f"end {name}")


def test_one_chat_in_order_other_chats_meanwhile() -> None:
    async def scenario() -> list:
        processor, log = PerChatUpdateProcessor(), []
        await asyncio.gather(
            processor.process_update(update(1, 10), handle(log, "a1", 0.2)),
            processor.process_update(update(2, 10), handle(log, "a2", 0.0)),
            processor.process_update(update(3, 20), handle(log, "b1", 0.05)),
        )
        return log

    log = asyncio.run(scenario())
    assert log.index("end a1") < log.index("start a2")  # chat 10: the second waits for the first
    assert log.index("end b1") < log.index("end a1")  # chat 20 did not wait for chat 10
