"""A chat in the terminal that uses the same forwarding (RasaClient) and replies (Reply) as Telegram.

Reads lines from standard input, so `printf 'hoi\n' | make run` works; ends at end of input.
Buttons are shown numbered: type the number to press one.
"""

from __future__ import annotations

import asyncio
import getpass
import sys
from typing import List, TextIO

from bot.commands import to_payload
from bot.rasa_client import RasaClient, RasaUnavailable
from bot.rendering import UNAVAILABLE_TEXT, Button, Reply


def render(replies: List[Reply], out: TextIO) -> List[Button]:
    """Prints the replies; returns the buttons of the last reply that had any."""
    buttons: List[Button] = []
    for reply in replies:
        if reply.text:
            out.write(f"Buurtbot: {reply.text}\n")
        if reply.image:
            out.write(f"  (afbeelding: {reply.image})\n")
        if reply.document:
            out.write(f"  (bestand: {reply.document.get('filename', 'bestand')})\n")
        for number, button in enumerate(reply.buttons, start=1):
            out.write(f"  [{number}] {button.title}\n")
        if reply.buttons:
            buttons = list(reply.buttons)
    out.flush()
    return buttons


def resolve_input(line: str, buttons: List[Button]) -> str:
    """A number picks a button of the last answer; a command becomes its intent; the rest goes as typed."""
    if line.isdigit() and 1 <= int(line) <= len(buttons):
        return buttons[int(line) - 1].payload
    return to_payload(line) or line


class TerminalSink:
    """Delivers pushed messages (outbox) addressed to the terminal's own user by printing them."""

    def __init__(self, sender_id: str, out: TextIO) -> None:
        self.sender_id, self.out = sender_id, out

    def can_reach(self, sender_id: str) -> bool:
        return sender_id == self.sender_id

    async def send(self, sender_id: str, payload: dict) -> None:
        self.out.write(f"Buurtbot (bericht): {payload.get('text', '')}\n")
        for attachment in payload.get("attachments", []):
            self.out.write(f"  (bestand: {attachment.get('filename')})\n")
        self.out.flush()


def terminal_sender() -> str:
    return f"terminal:{getpass.getuser()}"


async def chat(client: RasaClient, sender_id: str = "", stdin: TextIO = sys.stdin, out: TextIO = sys.stdout) -> None:
    sender_id = sender_id or terminal_sender()
    metadata = {"channel": "terminal", "chat_id": sender_id, "language_code": "nl"}
    interactive = stdin.isatty()
    loop = asyncio.get_running_loop()
    buttons: List[Button] = []
    if interactive:
        out.write("Typ je bericht en druk op Enter. Stoppen: Ctrl-D of Ctrl-C.\n")
    while True:
        if interactive:
            out.write("Jij: ")
            out.flush()
        line = await loop.run_in_executor(None, stdin.readline)
        if not line:  # end of input
            break
        line = line.strip()
        if not line:
            continue
        if not interactive:
            out.write(f"Jij: {line}\n")
        try:
            replies = await client.send(sender_id, resolve_input(line, buttons), metadata)
        except RasaUnavailable:
            replies = [Reply(text=UNAVAILABLE_TEXT)]
        buttons = render(replies, out) or []
