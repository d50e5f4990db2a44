"""Beheerder commands for the terminal: `python -m launcher.cli invite|topup ...` (see `make help`)."""

from __future__ import annotations

import argparse
import sys
from datetime import timedelta
from typing import List, Optional

from buurtbot import strips
from buurtbot.config import ConfigError, Settings, get_settings
from buurtbot.dreams.digest import preview, render_text
from buurtbot.invites import create_invite
from buurtbot.people import get_person
from buurtbot.storage import session_scope
from buurtbot.storage.migrate import upgrade
from buurtbot.storage.models import Role


def invite(settings: Settings, role: str, wijk: Optional[str], days: int) -> str:
    with session_scope(settings) as session:
        return create_invite(session, Role(role), wijk=wijk or None, valid_for=timedelta(days=days))


def topup(settings: Settings, sender_id: str, amount: int) -> int:
    with session_scope(settings) as session:
        person = get_person(session, sender_id)
        if person is None or person.role != Role.professional:
            raise ConfigError(f"No professional with sender id {sender_id!r}.")
        return strips.top_up(session, person, amount, settings)


def digest_preview(settings: Settings) -> str:
    with session_scope(settings) as session:
        digests = [render_text(d, settings.timezone) for d in preview(session)]
    return "\n\n".join(digests) or "Geen nieuwe wensen sinds het laatste overzicht."


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m launcher.cli")
    commands = parser.add_subparsers(dest="command", required=True)
    p_invite = commands.add_parser("invite", help="make a single-use invite code; the code is the last line")
    p_invite.add_argument("--role", required=True, choices=[r.value for r in Role if r != Role.bewoner])
    p_invite.add_argument("--wijk", default="")
    p_invite.add_argument("--days", type=int, default=14, help="how long the code is valid")
    commands.add_parser("digest", help="print the digest of every wijk (new wishes), without marking anything as sent")
    p_topup = commands.add_parser("topup", help="add strips to a professional's card for this quarter")
    p_topup.add_argument("--sender", required=True, help="the professional's Telegram user id")
    p_topup.add_argument("--amount", type=int, required=True)
    args = parser.parse_args(argv)
    try:
        settings = get_settings()
        upgrade(settings)
        if args.command == "invite":
            code = invite(settings, args.role, args.wijk, args.days)
            print(f"Invite for role {args.role}{' in ' + args.wijk if args.wijk else ''}, valid {args.days} days.")
            print(f"Send it as a link: https://t.me/<your bot>?start={code}  or have them type: /code {code}")
            print(code)
        elif args.command == "digest":
            print(digest_preview(settings))
        else:
            print(f"New balance: {topup(settings, args.sender, args.amount)}")
    except (ConfigError, ValueError) as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
