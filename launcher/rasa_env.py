"""Where Rasa runs. Rasa 3.6 needs Python 3.10, so it has its own environment (.venv-rasa, from
requirements-rasa.lock): the Rasa server, training and nlu/. Everything else (actions, front end, worker, launcher) runs in the app environment
on a supported Python. The launcher starts Rasa with the Rasa environment's interpreter:
- RASA_PYTHON, when set;
- else this interpreter, when Rasa is installed next to it (one environment holds both, as before the split);
- else .venv-rasa/bin/python in the project, where `make venv` puts the Rasa environment.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from typing import List
from urllib.parse import unquote, urlsplit

import yaml

from buurtbot.config import PROJECT_ROOT, ConfigError, Settings

DEFAULT = PROJECT_ROOT / ".venv-rasa" / "bin" / "python"
ENDPOINTS = PROJECT_ROOT / "endpoints.yml"


def rasa_python() -> str:
    explicit = os.environ.get("RASA_PYTHON")
    if explicit:
        if not Path(explicit).is_file():
            raise ConfigError(f"RASA_PYTHON={explicit} does not exist: point it at the Rasa environment's python.")
        return explicit
    if importlib.util.find_spec("rasa") is not None:
        return sys.executable
    if not DEFAULT.is_file():
        raise ConfigError(f"The Rasa environment is missing ({DEFAULT}): run `make venv`, or set RASA_PYTHON.")
    return str(DEFAULT)


def endpoints_file(settings: Settings) -> Path:
    """The endpoints the Rasa servers start with: endpoints.yml, plus Redis as their lock store with REDIS_URL.

    Rasa keeps one sender's messages in order with a lock. Without Redis it lives inside each server, which is
    enough while a sender always reaches the same server; with Redis every server sees it, so a sender who moves to
    another server (bot/rasa_client.py) is never handled by two at once."""
    if not settings.redis_url:
        return ENDPOINTS
    parts = urlsplit(settings.redis_url)
    store = {
        "type": "redis",
        "url": parts.hostname,
        "port": parts.port or 6379,
        "db": int(parts.path.strip("/") or 1),
        "use_ssl": parts.scheme == "rediss",
        "key_prefix": "buurtbot",
    }
    if parts.password:  # only in the generated file, which is private to this host (mode 600)
        store["password"] = unquote(parts.password)
    generated = settings.var_dir / "endpoints.yml"
    generated.parent.mkdir(parents=True, exist_ok=True)
    text = ENDPOINTS.read_text(encoding="utf-8") + "\n# Added by launcher/rasa_env.py because REDIS_URL is set.\n"
    generated.write_text(text + yaml.safe_dump({"lock_store": store}, sort_keys=False), encoding="utf-8")
    generated.chmod(0o600)
    return generated


def rasa_command(*args: str) -> List[str]:
    """`rasa ARGS` in the Rasa environment. Run with cwd=PROJECT_ROOT: `-m` puts it first on sys.path."""
    return [rasa_python(), "-m", "rasa", *args]
