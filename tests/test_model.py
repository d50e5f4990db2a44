"""Retraining only when the model's inputs change (launcher/model.py). Each test works on a copy of the project,
so it may change any file; nothing is trained: where training would start, the test sees that it would."""

from __future__ import annotations

import io
import shutil
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Iterator, List

import pytest

from buurtbot.config import PROJECT_ROOT, Settings
from launcher import model
from launcher.model import component_sources, ensure_model, fingerprint, training_inputs

COPIED = ("config.yml", "domain.yml", "requirements-rasa.lock", "data", "nlu", "buurtbot", "actions", "tools")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the project that launcher.model looks at instead of the real one."""
    root = tmp_path / "project"
    for name in COPIED:
        source = PROJECT_ROOT / name
        if source.is_dir():
            shutil.copytree(source, root / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            root.mkdir(exist_ok=True)
            shutil.copy2(source, root / name)
    monkeypatch.setattr(model, "PROJECT_ROOT", root)
    monkeypatch.setattr(model, "TRAINING_DATA", [root / "data" / part for part in ("nlu", "rules")])
    return root


def current() -> str:
    return fingerprint(training_inputs())


def edit(root: Path, relative: str, extra: str = "\n# een regel erbij\n") -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as file:
        file.write(extra)


def replace_in(root: Path, relative: str, old: str, new: str) -> None:
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{relative} no longer holds {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def sources(root: Path) -> List[str]:
    return [str(path.relative_to(root)) for path in component_sources()]


def test_the_inputs_are_the_configuration_the_training_data_and_the_component_code(project: Path) -> None:
    inputs = [str(path.relative_to(project)) for path in training_inputs()]
    configuration = {"config.yml", "domain.yml", "requirements-rasa.lock"}
    assert configuration | {"data/nlu/basics.yml", "data/rules/basics.yml"} <= set(inputs)
    named = {
        "nlu/dutch_chat_tokenizer.py",
        "nlu/topic_classifier.py",
        "nlu/intent_rules.py",
        "nlu/language_guard.py",
        "nlu/emergency_guard.py",
    }
    imported = {"nlu/rule_component.py", "buurtbot/text.py", "buurtbot/referral/topics.py"}
    assert named | imported <= set(sources(project)) <= set(inputs)
    assert not {"nlu/server.py", "nlu/tracker_store.py", "data/referral_index.yml"} & set(inputs)
    assert not [path for path in inputs if path.startswith(("actions/", "tools/", "buurtbot/storage/"))]


@pytest.mark.parametrize(
    "changed",
    [
        "nlu/emergency_guard.py",  # a component named in config.yml
        "nlu/rule_component.py",  # imported by components
        "buurtbot/text.py",  # imported by the tokenizer: the normaliser
        "buurtbot/referral/topics.py",  # imported by two components
        "config.yml",
        "domain.yml",
        "requirements-rasa.lock",
        "data/nlu/basics.yml",
        "data/rules/basics.yml",
        "data/nlu/nieuw.yml",  # new training data
    ],
)
def test_a_changed_input_changes_the_fingerprint(project: Path, changed: str) -> None:
    before = current()
    edit(project, changed)
    assert current() != before


@pytest.mark.parametrize(
    "changed",
    [
        "nlu/server.py",
        "nlu/tracker_store.py",  # in nlu/, but no component imports them
        "actions/dreams.py",
        "tools/eval_nlu.py",
        "buurtbot/privacy.py",
        "buurtbot/storage/models.py",
        "data/referral_index.yml",  # it reaches the model only through data/nlu/wijken.yml, written from it
        "docs/notitie.md",
    ],
)
def test_an_unrelated_change_keeps_the_fingerprint(project: Path, changed: str) -> None:
    before = current()
    edit(project, changed)
    assert current() == before


def test_a_module_a_component_starts_to_import_becomes_an_input(project: Path) -> None:
    before = current()
    edit(project, "buurtbot/dates.py")
    assert current() == before  # no component imports it
    new_import = "import regex\nfrom buurtbot.dates import is_sensible_hour\n"
    replace_in(project, "nlu/language_guard.py", "import regex\n", new_import)
    assert "buurtbot/dates.py" in sources(project)
    with_import = current()
    edit(project, "buurtbot/dates.py")
    assert current() != with_import


def test_a_component_added_to_the_pipeline_is_an_input(project: Path) -> None:
    (project / "nlu" / "extra_component.py").write_text("from buurtbot.vetoes import STATUS_TEXT\n")
    assert "nlu/extra_component.py" not in sources(project)
    replace_in(project, "config.yml", "pipeline:\n", "pipeline:\n  - name: nlu.extra_component.ExtraComponent\n")
    assert {"nlu/extra_component.py", "buurtbot/vetoes.py"} <= set(sources(project))


def test_a_module_imported_relatively_is_an_input_too(project: Path) -> None:
    for component in ("emergency_guard", "intent_rules", "language_guard"):  # every importer of rule_component
        replace_in(project, f"nlu/{component}.py", "from nlu.rule_component import", "from .rule_component import")
    assert "nlu/rule_component.py" in sources(project)


# ---------------------------------------------------------------------------------------------- ensure_model


class WouldTrain(Exception):
    """Raised instead of starting `rasa train`."""


@pytest.fixture
def trainings(monkeypatch: pytest.MonkeyPatch) -> Iterator[List[List[str]]]:
    """The training commands ensure_model tried to start; none is run."""
    started: List[List[str]] = []

    def run(command: List[str], **kwargs: Any) -> None:
        started.append(list(command))
        raise WouldTrain(" ".join(command))

    monkeypatch.setattr(model, "subprocess", SimpleNamespace(run=run))
    monkeypatch.setenv("RASA_PYTHON", sys.executable)  # nothing runs, so no Rasa environment is needed
    yield started


@pytest.fixture
def trained(project: Path, tmp_path: Path) -> Settings:
    """Settings whose model folder holds a model made from the project copy as it is now."""
    models = tmp_path / "models"
    models.mkdir()
    (models / "buurtbot.tar.gz").write_bytes(b"a model")
    (models / "buurtbot.fingerprint").write_text(current() + "\n")
    return Settings.from_env({"BUURTBOT_VAR_DIR": str(tmp_path / "var"), "BUURTBOT_MODEL_DIR": str(models)})


def log() -> io.StringIO:
    return io.StringIO()


def test_an_up_to_date_model_is_used_as_it_is(project: Path, trained: Settings, trainings: list) -> None:
    output = log()
    edit(project, "actions/dreams.py")  # not an input
    assert ensure_model(trained, log=output) == trained.model_dir / "buurtbot.tar.gz"
    assert output.getvalue() == "Model is up to date: not retraining.\n"
    assert trainings == [] and (trained.model_dir / "buurtbot.tar.gz").read_bytes() == b"a model"


@pytest.mark.parametrize("changed", ["nlu/rule_component.py", "buurtbot/text.py", "data/nlu/basics.yml", "config.yml"])
def test_a_changed_input_starts_a_training_and_keeps_the_old_model_until_it_is_done(
    project: Path, trained: Settings, trainings: list, changed: str
) -> None:
    stamp = (trained.model_dir / "buurtbot.fingerprint").read_text()
    edit(project, changed)
    with pytest.raises(WouldTrain):
        ensure_model(trained, log=log())
    (command,) = trainings
    assert command[:4] == [sys.executable, "-m", "rasa", "train"]  # in Rasa's interpreter (launcher/rasa_env.py)
    assert command[command.index("--out") + 1].startswith(str(trained.model_dir))  # trained aside, moved in after
    assert (trained.model_dir / "buurtbot.fingerprint").read_text() == stamp  # not marked as trained
    assert (trained.model_dir / "buurtbot.tar.gz").read_bytes() == b"a model"


def test_a_missing_model_is_trained_even_with_a_matching_stamp(trained: Settings, trainings: list) -> None:
    (trained.model_dir / "buurtbot.tar.gz").unlink()
    with pytest.raises(WouldTrain):
        ensure_model(trained, log=log())
    assert len(trainings) == 1
