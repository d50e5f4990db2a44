"""The canonical referral topics: NLU synonyms map onto exactly these names."""
import re
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
    "reparatie": "Reparaties en onderhoud",
    "papierwerk": "Brieven en formulieren",
    "gaslucht": "Gaslucht",
}

# Topics where someone may be in danger: every answer adds "bij direct gevaar: bel 112".
DANGER_TOPICS = frozenset({"huiselijk_geweld", "bedreiging", "verward_gedrag"})
# Topics answered at once with national numbers, before any question about the wijk.
AT_ONCE_TOPICS = DANGER_TOPICS | {"gaslucht"}
# Someone unwell: with a gas smell that is an emergency (nlu/emergency_guard.py), also said after the gas answer.
UNWELL = (
    r"\b(duizelig|misselijk|hoofdpijn|tolt|flauw|flauwgevallen|onwel|niet goed|niet lekker|ziek|suf|slaperig|overgeven|"
    r"braken|kotsen|kotst|spugen|valt om|viel om|bewusteloos|doet niet open|reageert niet|dizzy|sick|unwell|faint)\b"
)
# "Niemand is onwel", "we zijn niet duizelig": a denied complaint is no complaint.
NOT_UNWELL = r"\b(niemand|geen|niet|nergens)\b(\s+\w+){0,3}\s+" + UNWELL[2:]
# Where a need outside the topics goes: the wijk's general contact (buurtteam, sociaal wijkteam).
GENERAL = "algemeen"

# Word stems that point to a topic, for messages that name no topic in a way the model learned.
# Matched against normalised words (lower case, no accents) at the start of a word: "schuld" matches
# "schulden" and "schuldhulp". Add stems here when people describe a problem in words the bot misses.
TOPIC_STEMS: Dict[str, tuple] = {
    "huiselijk_geweld": ("huiselijk", "mishandel", "kindermishandel", "ouderenmishandel", "verwaarloos", "slaat zijn",
                         "slaat haar", "slaat de kinder", "slaat me", "slaat mij", "geslagen", "blauwe plekken",
                         "veilig thuis", "misbruik", "loverboy", "eergerelateerd", "uithuwelijk", "klappen",
                         "oudermishandel", "financieel misbruik", "sloeg me", "sloeg mij", "sloeg haar", "slaat me"),
    "ondermijning": ("ondermijn", "drugshandel", "dealen", "dealer", "dealt", "hennep", "wietplantage", "wietkwekerij",
                     "kwekerij", "drugslab", "crimineel", "criminal", "witwas", "uitbuit", "mensenhandel",
                     "katvanger", "spookbewon", "illegale onderhuur", "onderverhuur", "drugsoverlast", "zakjes",
                     "georganiseerde misdaad", "misdaad", "fraude", "gestolen", "drugsrunner", "runner", "pakketjes",
                     "drugsopslag", "opslag voor drugs", "drugs opslaan", "verkoopt drugs", "drugs verkopen", "cannabis"),
    "schulden": ("schuld", "huurachterstand", "achterstand", "rekening", "incasso", "deurwaarder", "aanmaning",
                 "geldzorg", "geldproblem", "geen geld", "krap", "rood staan", "budget", "afsluit", "toeslag",
                 "betalingsregeling", "huur niet betalen", "huur betalen", "armoede", "voedselbank", "boete",
                 "achter met de huur", "achter met betalen", "kom niet rond", "kom niet meer rond", "niet meer rondkomen",
                 "rond komen", "rondkomen"),
    "eenzaamheid": ("eenza", "ben alleen", "voel me alleen", "voel me zo alleen", "erg alleen", "heel alleen", "zo alleen", "voelt zich alleen", "helemaal alleen", "alleenstaand", "heb niemand", "ken niemand", "niemand om", "niemand komt", "isolement", "geisoleerd", "geen contact", "geen vrienden",
                    "geen aanspraak", "verveel", "praatje", "buddy", "maatje", "sociaal contact"),
    "overlast": ("overlast", "geluidsoverlast", "herrie", "lawaai", "harde muziek", "burenruzie", "ruzie met de buren",
                 "stank", "blaffen", "hond", "vuilnis", "afval", "feestjes",
                 "geluid", "burenconflict", "buurtbemiddeling", "gek van de buren", "last van de buren", "last van mijn buren",
                 "stampen", "gestamp", "gebonk", "bonken"),
    "verward_gedrag": ("verward", "psychisch", "psychose", "psychiatr", "raar gedrag", "vreemd gedrag", "paranoi",
                       "stemmen horen", "hoort stemmen", "ggz", "in de war", "wanen", "depressi", "suicid",
                       "zelfmoord", "gek gedrag", "labiel"),
    "woningvervuiling": ("vervuil", "vervuild", "vies huis", "smerig", "verzamel", "verzamelwoede", "hoard", "rommel",
                         "ongedierte", "ratten", "muizen", "kakkerlak", "bedwants", "vlooien", "stinkt", "vuilnis in huis",
                         "opgestapeld", "vol spullen", "zwerfvuil in huis", "tot aan het plafond", "tot het plafond", "vol met spullen",
                         "troep", "volgestouwd", "afval in huis", "vuilniszakken in huis"),
    "jongeren": ("jongeren", "jeugd", "hangjongeren", "hangplek", "tieners", "pubers", "jongerenwerk", "scooters",
                 "groepje jongens", "jongens op het plein", "straatcoach", "jongerenwerker", "kinderen op straat",
                 "hangt op straat", "op straat hangt", "hangt alleen maar op straat"),
    "bedreiging": ("bedreig", "dreig", "intimid", "agressie", "agressief", "scheldt", "uitgescholden", "gescholden",
                   "geintimideerd", "opgewacht", "bang voor", "veiligheid van medewerkers", "belaagd", "gestalkt",
                   "stalk", "chantage", "afpersing", "verbaal geweld", "verbale agressie", "uitschelden", "geweld tegen",
                   "afmaken", "vermoorden", "doodmaken", "komt pakken", "me komen pakken", "me pakken", "te grazen"),
    "zorg": ("zorg", "thuiszorg", "dementie", "dement", "mantelzorg", "wijkverpleeg", "verpleeg", "huishoudelijke hulp",
             "wmo", "rollator", "rolstoel", "hulpbehoevend", "slecht ter been", "hulp in huis", "ouder wordt",
             "ziek", "beperking", "handicap", "alzheimer", "vergeetachtig", "geheugen", "vergeet alles", "verdwaal",
             "wassen en aankleden", "zichzelf niet meer", "aankleden", "zichzelf verwaarloos", "hoest", "benauwd",
             "astma", "huisarts", "gezondheid"),
    "verslaving": ("verslav", "verslaafd", "alcohol", "drank", "drinkt", "dronken", "gokken", "gokt", "gokverslav",
                   "drugsgebruik", "blowen", "blowt", "cocaine", "coke", "lachgas", "speed", "heroine", "afkicken",
                   "jellinek", "tactus", "verslavingszorg", "gamen", "gameverslav", "snuif", "aan de drugs",
                   "gebruikt drugs"),
    "juridisch": ("juridisch", "advocaat", "rechter", "rechtszaak", "huurrecht", "huurcontract", "contract", "ontruim",
                  "uitzetting", "huis uit gezet", "recht op", "rechten", "huurcommissie", "wet ", "de wet", "wetgeving", "bezwaar maken",
                  "uit huis zetten", "uit mijn huis zetten", "uit ons huis zetten", "huis uitzetten", "mag dat zomaar",
                  "dagvaarding", "juridisch loket", "rechtsbijstand", "vonnis"),
    "reparatie": ("repara", "kapot", "lekt", "lekkage", "lek ", "doet het niet", "werkt niet", "verwarming", "cv ketel",
                  "cv-ketel", "ketel", "radiator", "kraan", "wc ", "toilet", "afvoer", "verstopt", "slot ", "sloten", "deur klemt",
                  "lift", "schimmel", "vocht", "natte muur", "nat plafond", "raam", "kozijn", "stopcontact",
                  "intercom", "deurbel", "scheur", "onderhoud", "storing", "geen warm water", "douche", "dak lekt",
                  "ijskoud"),
    "papierwerk": ("brief", "brieven", "formulier", "papier", "papieren", "post ", "invullen", "aanvragen", "digid",
                   "belastingdienst", "belasting", "aangifte doen", "snap niks van", "begrijp de brief", "aanslag",
                   "bezwaar schrijven", "toeslag aanvragen", "administratie"),
    "gaslucht": ("gaslucht", "ruik gas", "ruikt naar gas", "gaslek", "stinkt naar gas", "lucht van gas", "gas lucht",
                 "rotte eieren", "rotte-eieren", "co melder", "co-melder", "koolmonoxide"),
}  # fmt: skip


# "Ik maak me zorgen om haar" is worry, not a question about care (zorg).
NOT_A_STEM = re.compile(r"\b(maak|maakt|maken|maakte) (me|mij|ons|zich|je) (\w+ )?zorgen\b|\bzorgen (om|over)\b")


def topics_in(normalised_text: str) -> Dict[str, int]:
    """How many stems of each topic occur at the start of a word in the text (lower case, no accents)."""
    hits: Dict[str, int] = {}
    padded = _padded(normalised_text)
    for topic, stems in TOPIC_STEMS.items():
        count = sum(1 for stem in stems if " " + stem in padded)
        if count:
            hits[topic] = count
    return hits


def first_stem_at(topic: str, normalised_text: str) -> int:
    """Where the first stem of a topic stands in the text (its length when there is none): the order of two needs."""
    padded = _padded(normalised_text)
    places = [padded.find(" " + stem) for stem in TOPIC_STEMS.get(topic, ())]
    return min((p for p in places if p >= 0), default=len(padded))


def _padded(normalised_text: str) -> str:
    """The text as stems are matched in it: a space first (stems start a word), worry phrases taken out."""
    return " " + NOT_A_STEM.sub(" ", normalised_text)
