"""Scheduled work: outbox delivery, meetup reminders, the droommakelaar's digest and retention."""
