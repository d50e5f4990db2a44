"""(to be built) The wishes pages of the dashboard."""

from __future__ import annotations

from sanic import Sanic


def register(app: Sanic) -> None:
    pass
