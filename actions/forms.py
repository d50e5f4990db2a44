"""The forms and the slots they ask, read from domain.yml: the one list of them, so a slot added to a form
there is cleared, discarded and exported everywhere without a second edit here."""

from __future__ import annotations

from typing import Dict, Tuple

import yaml

from buurtbot.config import PROJECT_ROOT

_DOMAIN = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))

FORM_SLOTS: Dict[str, Tuple[str, ...]] = {
    name: tuple(form["required_slots"]) for name, form in (_DOMAIN.get("forms") or {}).items()
}


def slots_of(form: str) -> Tuple[str, ...]:
    return FORM_SLOTS[form]
