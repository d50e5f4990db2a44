"""The dashboard server: `python -m dashboard --port 8088` (host from DASHBOARD_HOST). Started by the stack."""

from __future__ import annotations

import argparse

from buurtbot import server_logs
from buurtbot.config import get_settings
from dashboard.app import create_app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=None)
    args = parser.parse_args()
    settings = get_settings()
    server_logs.configure_process(settings, "dashboard")
    app = create_app(settings)
    # One process, like the action server: a kill from launcher/stack.py then stops everything.
    app.run(
        settings.dashboard_host,
        args.port or settings.dashboard_port,
        access_log=False,
        single_process=True,
        motd=False,
    )


if __name__ == "__main__":
    main()
