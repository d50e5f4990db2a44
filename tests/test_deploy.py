"""The deployment files (deploy/) stay in step with the code: every process they start is one the launcher
knows, and every shape the issue asks for is there. (`docker-compose config` and `nginx -t` were run by hand:
README, "Beyond one machine".)"""

from __future__ import annotations

from typing import Dict, List

import yaml

from buurtbot.config import PROJECT_ROOT
from launcher.__main__ import COMMANDS

DEPLOY = PROJECT_ROOT / "deploy"
MODULES = {"actions", "dashboard", "launcher"}


def runs_known_process(command: List[str]) -> bool:
    if command[:2] != ["python", "-m"] or command[2] not in MODULES:
        return False
    return command[2] != "launcher" or command[3] in COMMANDS


def test_compose_starts_every_process_kind_twice_behind_nginx() -> None:
    services: Dict[str, dict] = yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())["services"]
    for kind in ("rasa", "actions", "frontend", "worker"):
        assert {f"{kind}-1", f"{kind}-2"} <= set(services), kind
    assert {"postgres", "redis", "nginx", "migrate", "dashboard"} <= set(services)
    commands = [s["command"] for s in services.values() if s.get("image", "").startswith("buurtbot-app")]
    assert commands and all(runs_known_process(c) for c in commands), commands
    environment = services["frontend-1"]["environment"]
    assert environment["RASA_URLS"].split() == ["http://rasa-1:5005", "http://rasa-2:5005"]
    assert environment["REDIS_URL"].startswith("redis://redis:")


def test_the_kubernetes_manifests_have_the_same_shape() -> None:
    documents = [d for d in yaml.safe_load_all((DEPLOY / "k8s" / "buurtbot.yaml").read_text()) if d]
    by_name = {(d["kind"], d["metadata"]["name"]): d for d in documents}
    for kind, name in [
        ("StatefulSet", "rasa"),
        ("Deployment", "actions"),
        ("Deployment", "frontend"),
        ("Deployment", "worker"),
    ]:
        assert by_name[(kind, name)]["spec"]["replicas"] == 2, name
    for document in documents:
        if document["kind"] in ("Deployment", "StatefulSet", "Job"):
            for container in document["spec"]["template"]["spec"]["containers"]:
                assert "command" not in container or runs_known_process(container["command"]), container
    rasa_urls = by_name[("ConfigMap", "buurtbot")]["data"]["RASA_URLS"].split()
    assert len(rasa_urls) == by_name[("StatefulSet", "rasa")]["spec"]["replicas"]
