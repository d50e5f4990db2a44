"""Rasa custom actions, one module per feature. The action server (`python -m actions`, see __main__.py)
imports this package; every module's Action classes register themselves."""

from actions import (  # noqa: F401
    access,
    conversation,
    dreams,
    fallback,
    human,
    meetups,
    off_record,
    privacy,
    referral,
    strips,
    veto,
)
