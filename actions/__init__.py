"""Rasa custom actions, one module per feature. The action server (`rasa run actions --actions actions`)
imports this package; every module's Action classes register themselves."""
from actions import access, conversation, dreams, fallback, human, meetups, off_record, privacy, referral, strips, veto  # noqa: F401
