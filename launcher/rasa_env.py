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

from buurtbot.config import PROJECT_ROOT, ConfigError

DEFAULT = PROJECT_ROOT / ".venv-rasa" / "bin" / "python"


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


def rasa_command(*args: str) -> List[str]:
    """`rasa ARGS` in the Rasa environment. Run with cwd=PROJECT_ROOT: `-m` puts it first on sys.path."""
    return [rasa_python(), "-m", "rasa", *args]
