"""Trains the Rasa model only when its inputs changed, judged by a fingerprint of their contents
(not file times, which a fresh clone or checkout changes)."""

from __future__ import annotations

import ast
import hashlib
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Iterable, List, Optional, Set

import yaml

from buurtbot.config import PROJECT_ROOT, Settings
from buurtbot.referral.lookup import write_lookup
from launcher.rasa_env import rasa_command

MODEL_NAME = "buurtbot"
TRAINING_DATA = [PROJECT_ROOT / "data" / part for part in ("nlu", "rules")]


def training_inputs() -> List[Path]:
    files = [PROJECT_ROOT / "config.yml", PROJECT_ROOT / "domain.yml", PROJECT_ROOT / "requirements-rasa.lock"]
    for folder in TRAINING_DATA:
        files += sorted(folder.rglob("*.yml"))
    return files + component_sources()


def component_sources() -> List[Path]:
    """The custom components named in config.yml and every project module they import, directly or not
    (the normaliser, the topic list), but not e.g. tools/eval_nlu.py."""
    config = yaml.safe_load((PROJECT_ROOT / "config.yml").read_text())
    pending = [step["name"].rsplit(".", 1)[0] for step in config.get("pipeline", []) if "." in step["name"]]
    found: Set[Path] = set()
    while pending:
        path = _module_path(pending.pop())
        if path is None or path in found:
            continue
        found.add(path)
        pending += _imported_modules(path)
    return sorted(found)


def _module_path(module: str) -> Optional[Path]:
    base = PROJECT_ROOT.joinpath(*module.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None  # a library


def _imported_modules(path: Path) -> List[str]:
    modules = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            modules += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(path, node.module, node.level)
            modules += [base] + [f"{base}.{alias.name}" for alias in node.names]
    return modules


def _absolute(path: Path, module: Optional[str], level: int) -> str:
    """The absolute name of `from <dots><module> import ...` written in the file at `path`."""
    if not level:
        return module or ""
    package = path.relative_to(PROJECT_ROOT).parent.parts
    package = package[: len(package) - (level - 1)] if level > 1 else package
    return ".".join([*package, *([module] if module else [])])


def fingerprint(files: Iterable[Path]) -> str:
    digest = hashlib.sha256()
    for path in files:
        digest.update(str(path.relative_to(PROJECT_ROOT)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def train_command(out_dir: Path, name: str) -> List[str]:
    """`rasa train` of this project's data, config and domain into `out_dir/<name>.tar.gz`, in the Rasa
    environment. Run it with cwd=PROJECT_ROOT. Also used by tools/eval_nlu.py, so both train the same way."""
    data = [str(p.relative_to(PROJECT_ROOT)) for p in TRAINING_DATA]
    return rasa_command(
        "train",
        "--config",
        "config.yml",
        "--domain",
        "domain.yml",
        "--data",
        *data,
        "--out",
        str(out_dir),
        "--fixed-model-name",
        name,
        "--force",
        "--quiet",
    )


def ensure_model(settings: Settings, log=sys.stderr) -> Path:
    """Returns the model archive, training it first if the inputs changed since the last training."""
    model_dir = settings.model_dir
    model = model_dir / f"{MODEL_NAME}.tar.gz"
    stamp = model_dir / f"{MODEL_NAME}.fingerprint"
    write_lookup()  # the wijk lookup table follows the referral index
    current = fingerprint(training_inputs())
    if model.exists() and stamp.exists() and stamp.read_text().strip() == current:
        log.write("Model is up to date: not retraining.\n")
        return model
    log.write("Training the model (data, config or domain changed) ...\n")
    started = time.monotonic()
    # Train into a scratch folder and move the archive into place in one step, so a server that is
    # loading the model never reads a half-written file.
    model_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=model_dir, prefix=".training-") as scratch:
        command = train_command(Path(scratch), MODEL_NAME)
        subprocess.run(command, cwd=PROJECT_ROOT, env=settings.process_env(), check=True)
        os.replace(Path(scratch) / model.name, model)
    stamp.write_text(current + "\n")
    log.write(f"Model trained in {time.monotonic() - started:.0f} s: {model}\n")
    return model
