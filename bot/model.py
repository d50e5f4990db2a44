"""Trains the Rasa model only when its inputs changed, judged by a fingerprint of their contents
(not file times, which a fresh clone or checkout changes)."""
from __future__ import annotations

import hashlib
import subprocess
import sys
import time
from pathlib import Path
from typing import Iterable, List

from buurtbot.config import PROJECT_ROOT, Settings

MODEL_NAME = "buurtbot"
TRAINING_DATA = [PROJECT_ROOT / "data" / part for part in ("nlu", "rules", "stories")]


def training_inputs() -> List[Path]:
    files = [PROJECT_ROOT / "config.yml", PROJECT_ROOT / "domain.yml", PROJECT_ROOT / "requirements.lock"]
    for folder in TRAINING_DATA:
        files += sorted(folder.rglob("*.yml"))
    files += sorted((PROJECT_ROOT / "nlu").rglob("*.py"))  # custom components change the model too
    return files


def fingerprint(files: Iterable[Path]) -> str:
    digest = hashlib.sha256()
    for path in files:
        digest.update(str(path.relative_to(PROJECT_ROOT)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def ensure_model(settings: Settings, log=sys.stderr) -> Path:
    """Returns the model archive, training it first if the inputs changed since the last training."""
    model_dir = settings.model_dir
    model = model_dir / f"{MODEL_NAME}.tar.gz"
    stamp = model_dir / f"{MODEL_NAME}.fingerprint"
    current = fingerprint(training_inputs())
    if model.exists() and stamp.exists() and stamp.read_text().strip() == current:
        log.write("Model is up to date: not retraining.\n")
        return model
    log.write("Training the model (data, config or domain changed) ...\n")
    started = time.monotonic()
    command = [
        str(Path(sys.executable).parent / "rasa"), "train",
        "--config", "config.yml", "--domain", "domain.yml",
        "--data", *[str(p.relative_to(PROJECT_ROOT)) for p in TRAINING_DATA],
        "--out", str(model_dir), "--fixed-model-name", MODEL_NAME, "--force", "--quiet",
    ]  # fmt: skip
    subprocess.run(command, cwd=PROJECT_ROOT, env=settings.process_env(), check=True)
    stamp.write_text(current + "\n")
    log.write(f"Model trained in {time.monotonic() - started:.0f} s: {model}\n")
    return model
