"""Dreams that belong together: open wishes of one wijk that are about the same concrete thing.

A wish is about a thing when a word of it starts with one of the thing's stems (THINGS), read through the
project's one normaliser, so "moestuintje", "groentetuin" and "samen tomaten kweken" all name a moestuin.
Wishes that name no known thing still meet when they share a rarer word and a theme ("kunstwerk" twice).
Groups never cross a wijk. Measured with `make eval-groups` on eval/dreams/groups.yml (docs/benchmarks.md).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

from buurtbot.text import normalise

# thing -> (how the droommakelaar reads it: "7 wensen over <phrase>", "|"-separated word stems that name it).
# A stem matches at the start of a word; one that ends in a space matches only the whole word ("sla ", not
# "slapen"). A wish is about the thing it names first: the wish itself usually comes before its details.
THINGS: Dict[str, Tuple[str, str]] = {
    "licht in de flat": (
        "licht in de flat",
        "portieklamp|portiekverlicht|trappenhuisverlicht|galerijverlicht|lamp in het portiek|licht in het portiek"
        "|licht in de portiek|licht in het trappenhuis|licht op de galerij|portiek is donker|trappenhuis is donker"
        "|galerij is donker",
    ),
    "moestuin": (
        "een moestuin",
        "moestuin|groentetuin|groente|volkstuin|buurttuin|tuinier|kweek|kweken|telen|verbouw|tomaat|tomaten"
        "|kruiden|pluktuin|plukken|stadstuin|plantenbak|stukje grond|stuk grond|aardbei|sla ",
    ),
    "speelplek": (
        "een speelplek",
        "speeltuin|speelplek|speelplaats|speeltoestel|speelveld|schommel|glijbaan|klimrek|klimtoestel|duikelrek"
        "|wipkip|zandbak|trampoline|kabelbaan|speelgelegenheid|spelen ",
    ),
    "sportveld": ("een sportveld", "voetbalveld|trapveld|pannakooi|panna |basketbal|sportveld|voetbalkooi|sportkooi"),
    "bankje": (
        "bankjes",
        "bankje|zitbank|parkbank|bank met|zitplek|zitplaats|picknicktafel|ergens zitten|even zitten|kunnen zitten"
        "|kan zitten|te zitten|uitrusten|rusten|rustplek",
    ),
    "buurthuis": (
        "een buurthuis",
        "buurthuis|buurtcentrum|wijkcentrum|clubhuis|clubgebouw|ontmoetingsplek|ontmoetingsruimte|buurtkamer"
        "|huiskamer|samen te komen|samenkomen|binnenlopen|binnen kunt lopen|binnen kan lopen",
    ),
    "koffieochtend": (
        "een koffieochtend",
        "koffieochtend|koffie uurtje|koffieuurtje|kopje koffie|kop koffie|bakje koffie|inloopochtend|koffie drinken",
    ),
    "spelletjes": (
        "een spelletjesavond",
        "spelletjes|spelavond|speelavond|bingo|sjoelen|kaartavond|klaverjas|bordspel|rummikub",
    ),
    "samen eten": ("samen eten", "samen eten|buurtmaaltijd|kookclub|samen koken|eettafel|maaltijd|buurtdiner"),
    "buurtfeest": ("een buurtfeest", "buurtfeest|straatfeest|barbecue|bbq |feest"),
    "wandelclub": ("een wandelclub", "wandel|ommetje|samen lopen|samen te lopen|stukje lopen|samen een rondje"),
    "repair cafe": (
        "een repair café",
        "repair|reparatie|repareren|herstel|fixen|aan de praat|maken van spullen|kapotte spullen|naaimachine",
    ),
    "hondenveld": ("een hondenveld", "hondenveld|losloop|uitlaatveld|hondenuitlaat|hondenspeel|hondenren"),
    "hondenpoep": ("hondenpoep", "hondenpoep|hondepoep|poep|hondendrol|drol|hondenstront|uitwerpselen"),
    "afval": (
        "afval en rommel",
        "zwerfafval|zwerfvuil|afval|vuilnis|vuil |rommel|troep|vuilniszak|grofvuil|container|prullenbak|afvalbak"
        "|opruimactie|prikken|zwerfvuilprik|vies|blikjes|peuken|schone stoep|schoon",
    ),
    "verlichting": (
        "straatverlichting",
        "straatverlicht|lantaarn|lantaren|verlichting|straatlamp|lamp|donker|pikdonker",
    ),
    "verkeer": (
        "veilig verkeer",
        "scooter|brommer|snorfiets|motortje|racen|scheuren|hard rijden|drempel|snelheid|te hard|hardrijders"
        "|gas geven|opgevoerd",
    ),
    "openbaar vervoer": ("het openbaar vervoer", "openbaar vervoer|bus |buurtbus|busverbinding|bushalte|halte|tram "),
    "bloemen en bomen": (
        "bloemen en bomen",
        "bomen|boom |bloemen|bloembak|geveltuin|bloemperk|struiken|groenstrook|vergroen",
    ),
    "minibieb": ("een minibieb", "minibieb|boekenkast|ruilkast|boekenruil|boeken ruilen|bibliotheek"),
    "fietsenstalling": ("een fietsenstalling", "fietsenstalling|fietsenrek|fietsenkelder|fietsen stallen"),
    "parkeren": ("parkeren", "parkeer|parkeren|auto "),
    "huiswerkhulp": ("huiswerkhulp", "huiswerk|bijles|studieplek|leerplek"),
    "taalles": (
        "taalles",
        "taalles|taalcafe|taalmaatje|taal |nederlands leren|nederlands oefenen|nederlands spreken|nederlandse les"
        "|conversatie|beter spreken",
    ),
    "sporten": ("samen sporten", "sporten|fitness|yoga|beweegles|gym |zumba"),
    "jongeren": ("een plek voor jongeren", "jongerenplek|jongerencentrum|jongerenhonk|hangplek|jeugdhonk"),
    "buurtpreventie": ("buurtpreventie", "buurtpreventie|buurtwacht|camera|toezicht|buurtapp"),
    "markt": ("een markt", "rommelmarkt|ruilmarkt|vlooienmarkt|kledingruil|markt "),
    "schimmel": ("schimmel en vocht", "schimmel|vocht|lekkage|tocht "),
}
STEMS: Dict[str, Tuple[str, ...]] = {thing: tuple(stems.split("|")) for thing, (_, stems) in THINGS.items()}

# Words too common in wishes to say what a wish is about (after the normaliser, before stemming).
COMMON = frozenset(
    """
    aan al alle alles als alsjeblieft beetje ben bij buurt buurtbewoners dan dat de deze die dit doen door
    dus een eens elkaar en er ergens fijn gewoon goed graag groot haar hebben heb heel hem het hier hij hoe
    hun ik in is ja je jij kan kinderen komen komt kunnen leuk maar maken me meer mensen met mij mijn misschien
    moet mooi na naar niet nog nou of om onze ons ook op over plek prettig samen straat te toch tot u uit van
    veel voor waar wat we weer wens wil willen wijk wonen woning worden wordt ze zijn zo zou zouden zoals
    beter echt even elke iets iemand niemand niks nodig allemaal altijd steeds vaak soms flat buiten
    """.split()
)
MIN_SHARED_WORD = 5  # letters; shorter shared words say too little


@dataclass(frozen=True)
class Item:
    id: int
    wijk: Optional[str]
    text: str
    themes: Tuple[str, ...] = ()


@dataclass(frozen=True)
class Group:
    wijk: Optional[str]
    thing: str  # a key of THINGS, or the shared word
    ids: Tuple[int, ...]

    @property
    def phrase(self) -> str:
        return THINGS[self.thing][0] if self.thing in THINGS else f'"{self.thing}"'

    def title(self) -> str:
        return f"{len(self.ids)} wensen over {self.phrase} in {self.wijk or 'een onbekende wijk'}"


@lru_cache(maxsize=8192)  # a work list regroups the same open wishes on every view
def thing_of(text: str) -> Optional[str]:
    """The thing the text names first, or None."""
    padded = " " + normalise(text) + " "
    found = [(padded.find(" " + stem), order) for order, stems in enumerate(STEMS.values()) for stem in stems]
    first = min(((place, order) for place, order in found if place >= 0), default=None)
    return list(STEMS)[first[1]] if first else None


@lru_cache(maxsize=8192)
def words_of(text: str) -> frozenset:
    """The text's rarer words, roughly stemmed: diminutive and plural endings off."""
    return frozenset(_stem(w) for w in normalise(text).split() if w.isalpha() and w not in COMMON)


def group(items: Iterable[Item]) -> List[Group]:
    """Groups of at least two items, by wijk: first by the thing they name, then the rest by a shared word and
    a shared theme. Largest groups first."""
    by_wijk: Dict[Optional[str], List[Item]] = defaultdict(list)
    for item in items:
        by_wijk[item.wijk].append(item)
    groups: List[Group] = []
    for wijk, members in by_wijk.items():
        named: Dict[str, List[int]] = defaultdict(list)
        rest: List[Item] = []
        for item in members:
            thing = thing_of(item.text)
            if thing:
                named[thing].append(item.id)
            else:
                rest.append(item)
        groups += [Group(wijk, thing, tuple(ids)) for thing, ids in named.items() if len(ids) > 1]
        groups += _by_shared_word(wijk, rest)
    return sorted(groups, key=lambda g: (-len(g.ids), g.wijk or "", g.thing))


def _by_shared_word(wijk: Optional[str], items: Sequence[Item]) -> List[Group]:
    words = {item.id: words_of(item.text) for item in items}
    by_word: Dict[str, List[Item]] = defaultdict(list)
    for item in items:
        for word in words[item.id]:
            if len(word) >= MIN_SHARED_WORD:
                by_word[word].append(item)
    taken: set = set()
    groups = []
    for word, sharing in sorted(by_word.items(), key=lambda pair: (-len(pair[1]), pair[0])):
        free = [item for item in sharing if item.id not in taken]
        themes = Counter(theme for item in free for theme in item.themes if theme != "anders")
        if not themes:
            continue
        theme = themes.most_common(1)[0][0]
        members = [item for item in free if theme in item.themes]
        if len(members) > 1:
            taken.update(item.id for item in members)
            groups.append(Group(wijk, word, tuple(item.id for item in members)))
    return groups


def _stem(word: str) -> str:
    for ending in ("tjes", "jes", "tje", "je", "en", "s"):
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word
