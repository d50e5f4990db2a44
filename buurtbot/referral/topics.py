"""The canonical referral topics: NLU synonyms map onto exactly these names."""
from typing import Dict

TOPICS: Dict[str, str] = {
    "huiselijk_geweld": "Huiselijk geweld of kindermishandeling",
    "ondermijning": "Criminaliteit en ondermijning",
    "schulden": "Geldzorgen en schulden",
    "eenzaamheid": "Eenzaamheid",
    "overlast": "Overlast en burenruzie",
    "verward_gedrag": "Verward gedrag",
    "woningvervuiling": "Vervuilde woning",
    "jongeren": "Jongeren",
    "bedreiging": "Bedreiging en agressie",
    "zorg": "Zorg en mantelzorg",
    "verslaving": "Verslaving",
    "juridisch": "Juridische hulp",
}

# Topics where someone may be in danger: every answer adds "bij direct gevaar: bel 112".
DANGER_TOPICS = frozenset({"huiselijk_geweld", "bedreiging", "verward_gedrag"})
