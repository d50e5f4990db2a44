"""Themes and early signals in a tenant's dream wish, by curated Dutch word lists and short phrase patterns.

Why rules and not a trained model: a droommakelaar must be able to see *why* a wish was flagged, and a
missed or wrong signal must be fixable by adding one line. Everything below is plain data plus four steps:

1. ``normalise``: lower case, accents stripped, stretched letters collapsed ("heeeel" -> "heel"), chat
   abbreviations expanded ("k" -> "ik", "mn" -> "mijn", "nie" -> "niet"); punctuation becomes its own token.
2. Themes: every theme whose word list matches the text. No match: "anders" (or "zorg en hulp" when the wish
   carries a care or overload signal: that is what such a wish is about).
3. Signals: a signal fires when one of its WORDS or PHRASES matches inside one sentence, and
   - the hit is about the writer or someone close (see ``_about_someone_else``): the nearest person word
     before it in the same clause decides; "ik", "mijn", "mijn buurman", "ze" count as personal, "ouderen",
     "mensen", "iedereen", "de gemeente" as general. With no person word the writer is meant.
   - its clause is not about the past ("vroeger was ik eenzaam").
   - for WORDS only (single distress words like "schulden", "eenzaam"): no negation in the three words before
     ("geen schulden", "helemaal niet eenzaam") and not a goal for the wijk ("tegen eenzaamheid",
     "eenzaamheid aanpakken"). PHRASES carry their own negation ("kan de huur niet betalen").
4. Patterns are regular expressions over the normalised text (words separated by single spaces) and always
   match whole words; write stems explicitly ("eenzaam\\w*"). A pattern with " + " has parts that must all
   occur in the same sentence, in any order ("schimmel + ziek").

How to extend: add a word or phrase to the list of the theme or signal, add the wish that showed the gap to
tests/dreams/labelled_wishes.yml with the label it should have, and run
``python -m buurtbot.dreams.measure`` to see that precision does not drop. Never tune against
tests/dreams/heldout_wishes.yml.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence, Tuple

import regex

THEMES = (
    "groen", "ontmoeting", "spelen", "veiligheid", "schoon en heel", "wonen en onderhoud", "activiteiten",
    "zorg en hulp", "anders",
)  # fmt: skip
SIGNALS = ("geldzorgen", "eenzaamheid", "zorgbehoefte", "onveilig_thuis", "overbelast")  # "ik red het niet meer" = overbelast

# ---------------------------------------------------------------------------------------------------------
# Normalisation. Extend ABBREVIATIONS with chat spellings seen in real wishes (value may be several words).
# ---------------------------------------------------------------------------------------------------------
ABBREVIATIONS: Dict[str, str] = {
    "k": "ik", "kheb": "ik heb", "kben": "ik ben", "kzie": "ik zie", "kan't": "kan het", "mn": "mijn",
    "m'n": "mijn", "zn": "zijn", "z'n": "zijn", "d'r": "haar", "'t": "het", "t": "het", "em": "hem",
    "nie": "niet", "ni": "niet", "nx": "niks", "nix": "niks", "ff": "even", "gwn": "gewoon",
    "mss": "misschien", "egt": "echt", "ech": "echt", "vd": "van de", "vh": "van het", "ipv": "in plaats van",
    "teveel": "te veel", "zoo": "zo", "kids": "kinderen", "kidz": "kinderen", "burnout": "burn out",
    "bejaarden": "ouderen", "wrd": "wordt", "word": "wordt", "zo'n": "zo n",
}  # fmt: skip

SENTENCE_ENDS = frozenset({".", "!", "?", ";", "\n"})
# A clause ends at these tokens: negation and "who is it about" never look past them.
CLAUSE_BREAKS = frozenset({",", ":", "maar", "zodat", "want", "omdat", "daarom", "dus", "terwijl"})

_TOKEN = regex.compile(r"\p{L}[\p{L}\p{N}]*(?:'[\p{L}]+)?|\p{N}+\p{L}*|[.,;:!?\n]")
_REPEATS = regex.compile(r"(\p{L})\1{2,}")  # three or more of the same letter


def normalise(text: str) -> str:
    """Plain normalised text: lower case, no accents, no stretched letters, abbreviations expanded."""
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    text = regex.sub(r"(?<!\w)'s\b", "s", text)  # 's avonds
    words = []
    for token in _TOKEN.findall(text):
        token = _REPEATS.sub(r"\1\1", token)
        token = ABBREVIATIONS.get(token, token)
        if "'" in token:
            token = token.replace("'", "")
        words.append(token)
    return " ".join(words)


# ---------------------------------------------------------------------------------------------------------
# Themes. One list of whole-word regexes per theme; a wish gets every theme with at least one hit.
# Add a word (or an explicit stem such as "speeltuin\w*") to the list it belongs to.
# ---------------------------------------------------------------------------------------------------------
THEME_WORDS: Dict[str, Tuple[str, ...]] = {
    "groen": (
        r"groen\w*", r"boom", r"bomen", r"boompje\w*", r"plant\w*", r"bloem\w*", r"moestuin\w*", r"tuin",
        r"tuinen", r"tuintje\w*", r"geveltuin\w*", r"buurttuin\w*", r"pluktuin\w*", r"volkstuin\w*",
        r"tuinieren", r"gras", r"grasveld\w*", r"park", r"parkje", r"natuur\w*", r"struik\w*", r"heg\w*",
        r"vijver\w*", r"bijen\w*", r"vlinder\w*", r"insect\w*", r"kweken", r"tegels? (?:eruit|weg)",
        r"tegelwip\w*", r"fruitbom\w*", r"kruiden\w*", r"perkje\w*",
    ),
    "ontmoeting": (
        r"ontmoet\w*", r"buurthuis\w*", r"buurtkamer\w*", r"huiskamer van de (?:wijk|buurt)", r"wijkcentrum",
        r"buurtcentrum", r"koffie\w*", r"bakkie", r"bankje\w*", r"bank(?:en)? om (?:op )?te zitten",
        r"samen (?:eten|zitten|koken|koffie|thee)", r"elkaar (?:\w+ )?(?:leren kennen|kennen|treffen|zien|spreken)",
        r"elkaar kunnen (?:treffen|zien|spreken)", r"treffen", r"aanspraak", r"kletsen", r"praatje\w*",
        r"gezellig\w*", r"contact met (?:de )?(?:buren|mensen|anderen)", r"buren leren kennen",
        r"samenkom\w*", r"inloop\w*", r"gezelschap", r"buurtfeest\w*", r"straatfeest\w*", r"buurtbarbecue\w*",
        r"met (?:de |mijn |andere )?(?:buren|buurtgenoten|andere mensen)", r"mensen (?:te )?ontmoeten",
        r"ontmoetingsplek\w*", r"plek (?:om|waar) (?:\w+ ){0,3}(?:samen|elkaar|mensen)",
    ),
    "spelen": (
        r"speel\w*", r"spelen", r"schommel\w*", r"glijbaan\w*", r"klimrek\w*", r"zandbak\w*", r"trapveld\w*",
        r"voetbalveld\w*", r"voetbalkooi\w*", r"pannaveld\w*", r"pannakooi\w*", r"basketbal\w*", r"goals?",
        r"skatebaan\w*", r"skate\w*", r"wipkip\w*", r"kinderboerderij\w*", r"waterspeel\w*",
    ),
    "veiligheid": (
        r"veilig\w*", r"onveilig\w*", r"verlichting", r"licht", r"lampen", r"lantaarn\w*", r"donker\w*",
        r"camera\w*", r"inbraak\w*", r"inbre\w*", r"ingebroken", r"dealer\w*", r"deal\w*", r"gedeald",
        r"drugs\w*", r"hangjongeren", r"hangplek\w*", r"overlast", r"hard (?:ge)?re(?:den|ijden|dt)",
        r"te hard", r"snelheid\w*", r"drempel\w*", r"verkeer\w*", r"oversteek\w*", r"zebrapad\w*",
        r"bedreig\w*", r"criminaliteit", r"criminelen", r"politie", r"wijkagent\w*", r"boa\w*", r"vecht\w*",
        r"eng", r"intimid\w*", r"diefstal", r"gestolen", r"steken", r"wapen\w*", r"vuurwerk", r"geweld",
        r"huiselijk geweld", r"mishandel\w*", r"stalk\w*", r"brandgevaar\w*", r"rookmelder\w*",
    ),
    "schoon en heel": (
        r"zwerfvuil", r"zwerfafval", r"afval\w*", r"vuil", r"vuilnis\w*", r"rommel\w*", r"troep",
        r"grofvuil", r"container\w*", r"prullenbak\w*", r"afvalbak\w*", r"hondenpoep", r"poep",
        r"graffiti", r"schoon\w*", r"opruim\w*", r"opgeruimd", r"stinkt", r"stank", r"vies\w*", r"smerig",
        r"stoep\w*", r"tegels", r"bestrating", r"scheef", r"gaten in de (?:weg|stoep)", r"kuilen",
        r"ratten", r"meeuwen", r"kapotte (?:lantaarn\w*|bank\w*|stoep\w*|speeltoestel\w*|hek\w*|tegels)",
        r"peuken", r"glasbak\w*", r"zwerfkat\w*", r"onkruid",
    ),
    "wonen en onderhoud": (
        r"woning\w*", r"(?:groter|grotere|kleiner|kleinere|ander|andere|nieuw|nieuwe|goedkoper|goedkopere|eigen|aangepast|aangepaste) (?:huis|woning)",
        r"huis met", r"huurhuis", r"keuken\w*", r"badkamer\w*", r"douche", r"toilet\w*", r"wc", r"lift\w*",
        r"dak", r"daken", r"ramen", r"raam", r"dubbel glas", r"tocht\w*", r"isol\w*", r"schimmel\w*",
        r"vocht\w*", r"lekkage\w*", r"lek\w*", r"verwarming", r"cv\w*", r"ketel", r"\w*kachel\w*", r"geiser\w*", r"repar\w*",
        r"gerepareerd", r"onderhoud\w*", r"kozijn\w*", r"voordeur", r"slot\w*", r"zonnepaneel\w*",
        r"zonnepanelen", r"huur", r"huurprijs\w*", r"verhuiz\w*", r"schuur\w*", r"berging\w*", r"balkon\w*",
        r"galerij\w*", r"trappenhuis\w*", r"kamers?", r"slaapkamer\w*", r"begane grond", r"benedenwoning\w*",
        r"gelijkvloers\w*", r"traplift\w*", r"stopcontact\w*", r"energierekening\w*", r"klusje\w*",
        r"behang\w*", r"vloer\w*", r"muren", r"muur", r"plafond\w*", r"kastjes", r"ventilatie\w*",
        r"geluidsoverlast van de buren", r"dunne muren", r"asbest",
    ),
    "activiteiten": (
        r"activiteit\w*", r"les", r"lessen", r"bijles\w*",
        r"(?:computer|taal|zwem|dans|kook|fiets|naai|muziek|gitaar|teken|schilder|sport|gym|yoga|computer)les\w*", r"cursus\w*", r"club\w*", r"\w+club", r"sport\w*",
        r"zumba", r"dans\w*", r"yoga", r"fitness\w*", r"bingo", r"klaverjas\w*", r"huiswerk\w*",
        r"\w*feest\w*", r"\w*barbecue\w*", r"bbq", r"uitje\w*", r"workshop\w*", r"muziek\w*", r"film\w*",
        r"knutsel\w*", r"jeu de boules", r"wandel\w*", r"toernooi\w*", r"spelletjes?", r"spelmiddag\w*",
        r"iets (?:te )?doen", r"iets doen met", r"samen eten", r"samen koken", r"kook\w*", r"markt\w*",
        r"rommelmarkt\w*", r"jongerenwerk\w*", r"voor de jeugd", r"voor de jongeren", r"zwemmen", r"voetballen",
        r"bewegen", r"gym\w*", r"excursie\w*", r"dagje uit", r"repair ?cafe\w*", r"taalcafe\w*",
    ),
    "zorg en hulp": (
        r"hulp\w*", r"helpen", r"help", r"helpt", r"meehelp\w*", r"zorg", r"mantelzorg\w*", r"thuiszorg",
        r"wijkverpleg\w*", r"wijkteam\w*", r"buurtteam\w*", r"huisarts\w*", r"dokter\w*", r"voedselbank\w*",
        r"klusdienst\w*", r"maatje\w*", r"buddy\w*", r"ondersteuning", r"papieren", r"formulieren",
        r"administratie", r"digid", r"iemand (?:om|die|voor) (?:\w+ ){0,3}(?:praten|helpt|helpen|kijkt|kijken)",
        r"naar (?:hem|haar|mij|ons) (?:\w+ )?kijken", r"schuldhulp\w*", r"maatschappelijk werk\w*",
        r"welzijn\w*", r"boodschappendienst\w*", r"zorgen voor", r"verzorg\w*", r"apotheek",
    ),
}

# ---------------------------------------------------------------------------------------------------------
# Signals. WORDS: single distress words (negatable, "geen schulden"); PHRASES: the indirect ways people say
# it, written with their own negation. Parts joined by " + " must all occur in the same sentence.
# Add the phrasing a tenant used, in its most general form that still only means this signal.
# ---------------------------------------------------------------------------------------------------------
_NOT_NEG = r"(?:(?!(?:geen|niet|nooit)\b)\w+ )"  # one word that is not a negation, for gaps in phrases
_HOME = r"(?:thuis|huis|woning|flat|portiek|trappenhuis|galerij|slaapkamer|voordeur|binnen|eigen huis)"
_MONEY = (
    r"(?:huur|\w*rekening\w*|boodschappen|eten|gas|stroom|energie|kosten|schoolreis\w*|contributie"
    r"|zorgverzekering|eigen risico|kleding|schoenen|het)"
)

SIGNAL_WORDS: Dict[str, Tuple[str, ...]] = {
    "geldzorgen": (
        r"geldzorg\w*", r"geldproblem\w*", r"geldnood", r"schuld", r"schulden", r"schuldhulp\w*",
        r"schuldsanering", r"schuldeiser\w*", r"deurwaarder\w*", r"incasso\w*", r"aanmaning\w*",
        r"\w*achterstand\w*", r"bewindvoer\w*", r"budgetbeheer", r"blut", r"platzak", r"armoede",
        r"financiele (?:zorgen|problemen|nood|stress)", r"rood staan", r"sta rood", r"staan rood",
        r"krap bij kas", r"geen (?:geld|cent|rooie cent)", r"nooit geld", r"te weinig geld",
        r"weinig geld", r"niet genoeg geld", r"honger", r"betalingsregeling\w*",
    ),
    "eenzaamheid": (r"eenzaam\w*", r"vereenzam\w*", r"geisoleerd", r"verlaten", r"buitengesloten"),
    "zorgbehoefte": (
        r"dement\w*", r"alzheimer", r"parkinson", r"beroerte", r"herseninfarct", r"hersenbloeding",
        r"rolstoel\w*", r"rollator\w*", r"scootmobiel\w*", r"looprek\w*", r"traplift\w*", r"slecht ter been",
        r"bedlegerig", r"thuiszorg", r"verpleeghuis\w*", r"verzorgingshuis\w*", r"incontinent\w*",
        r"slechtziend\w*", r"blind", r"verwaarloos\w*", r"vergeetachtig\w*", r"in de war", r"verward",
    ),
    "onveilig_thuis": (
        r"huiselijk geweld", r"mishandel\w*", r"bedreig\w*", r"geslagen", r"stalk\w*", r"intimid\w*",
        r"lastig ?gevallen", r"koolmonoxide", r"agressie\w*", r"agressief", r"gaslek\w*", r"gaslucht", r"levensgevaarlijk\w*",
    ),
    "overbelast": (
        r"overbelast\w*", r"overspannen", r"burn out", r"uitgeput", r"opgebrand", r"stress\w*",
        r"ten einde raad", r"wanhopig", r"radeloos", r"doodmoe", r"depressie\w*", r"depressief",
        r"op mijn tandvlees", r"zit (?:er )?(?:\w+ )?doorheen",
    ),
}

SIGNAL_PHRASES: Dict[str, Tuple[str, ...]] = {
    "geldzorgen": (
        # "ik kan de huur bijna niet betalen", "de boodschappen zijn niet meer te betalen"
        _MONEY + r" + (?:niet|nauwelijks|amper|moeilijk|bijna niet|haast niet|nooit)(?: meer)? (?:\w+ )?"
        r"(?:te )?(?:betalen|betaald|betaalbaar|opbrengen|op te brengen|kopen|veroorloven)",
        r"kan (?:\w+ ){0,3}(?:niet|nauwelijks|amper) (?:meer )?betalen",
        # "aan het eind van de maand is er niks meer"
        r"eind\w* van de maand + (?:niks|niets|geen (?:geld|eten|cent)|leeg|krap|rood|nul|moeilijk|is (?:alles |het geld )?op|blut)",
        r"geld (?:\w+ )?is (?:altijd |steeds |al )?op", r"geld op is",
        r"(?:nooit|geen|te weinig|niet genoeg) geld (?:voor|om|over|meer)",
        r"(?:niet|nauwelijks|amper|moeilijk|lastig|zwaar|bijna niet)(?: meer)? (?:\w+ ){0,2}rond (?:te )?komen",
        r"(?:niet|nauwelijks|amper|moeilijk|lastig|zwaar|bijna niet)(?: meer)? (?:\w+ ){0,2}rondkomen",
        r"kom\w* (?:\w+ ){0,3}(?:niet|nauwelijks|amper|moeilijk|bijna niet)(?: meer)? rond",
        r"kiez\w* tussen (?:\w+ ){0,2}(?:eten|boodschappen|huur|verwarming|energie|stroom|gas|rekening\w*|stookkosten)",
        r"(?:leef|leven|leeft|zit|zitten|ben|zijn|afhankelijk van) (?:\w+ ){0,2}(?:bijstand\w*|minimum\w*|voedselbank\w*)",
        r"(?:leef|leven|leeft) (?:\w+ ){0,2}(?:uitkering|toeslag\w*)",
        r"(?:heb|hebben) het (?:\w+ )?niet (?:zo |erg )?breed", r"(?:elke|iedere) (?:euro|cent) (?:\w+ )?omdraaien",
        r"dubbeltje (?:\w+ )?omdraaien", r"blijft (?:er )?(?:\w+ )?(?:niks|niets|weinig|bijna niks|bijna niets) over",
        r"(?:huur|rekening\w*|kosten|lasten|energie) (?:\w+ ){0,3}(?:te hoog|te duur) (?:voor (?:mij|ons|me))?",
        r"(?:is|zijn|wordt) (?:\w+ ){0,2}te duur voor (?:ons|mij|me)",
        r"(?:kan|kunnen) (?:\w+ ){0,2}geen (?:\w+ ){0,2}(?:meer )?(?:kopen|betalen|veroorloven)",
        r"(?:ga|gaan|moet|moeten|aangewezen|krijg\w*|haal\w*|sta|staan|afhankelijk|leven|leef) (?:\w+ ){0,3}(?:naar|van|bij|op) de voedselbank",
        r"voedselbankpakket\w*",
        r"post (?:\w+ ){0,3}(?:niet|nooit) (?:meer )?open", r"(?:brieven|enveloppen) (?:\w+ ){0,3}(?:niet|nooit) (?:meer )?open",
        r"afgesloten + (?:gas|stroom|water|energie)",
        r"(?:maak|maken) (?:me|mij|ons) " + _NOT_NEG + r"{0,2}zorgen (?:over|om) (?:\w+ ){0,2}(?:geld|huur|rekening\w*|schulden|kosten)",
        r"lig\w* (?:\w+ ){0,2}wakker van (?:\w+ ){0,2}(?:geld|huur|rekening\w*|schulden|kosten)",
        r"(?:eten|maaltijd\w*) (?:\w+ ){0,2}overslaan", r"sla\w* (?:\w+ ){0,2}(?:maaltijd\w*|eten) over",
        r"(?:we|wij|ik) (?:hebben|heb) het (?:erg |heel |zo |best )?krap",
        r"alles is (?:zo |veel te |te )?duur (?:geworden)?",
    ),
    "eenzaamheid": (
        # "sinds mijn man is overleden zit ik alleen", "ik eet meestal alleen", "de hele dag alleen"
        r"(?:zit|zitten|zat|ben|is|voel \w+|voelt zich|eet|eten|sta|helemaal|hele dag|dag in dag uit|altijd"
        r"|vaak|zo|steeds|avonden|weekenden|alleen thuis) (?:(?!(?:graag|liever|prima|lekker|even|ook|niet|nooit)\b)\w+ ){0,2}?alleen(?:tjes)?"
        r"(?! (?:een|de|het|maar|nog|als|wel|om|voor|met|op|in|bij|wat|dat|er|nodig|of)\b)",
        r"zie (?:\w+ ){0,2}(?:nooit|zelden|bijna nooit|amper|nauwelijks) (?:meer )?(?:iemand|mensen|een mens|bezoek|familie|mijn|de kinderen|kinderen)",
        r"zie (?:\w+ ){0,2}niemand",
        r"niemand (?:\w+ ){0,2}(?:belt|bellen|komt|bezoekt|spreekt|praat|kijkt (?:\w+ ){0,3}om|langs|groet|vraagt)",
        r"(?:heb|hebben) (?:\w+ ){0,2}niemand(?: meer)?(?: om| die| hier| in de (?:buurt|wijk|flat|straat)|$| [.,;:!?])",
        r"(?:kom|komt|komen) (?:\w+ ){0,2}(?:nooit|zelden|niet) (?:meer )?(?:buiten|de deur uit|onder de mensen)",
        r"dagen (?:\w+ ){0,3}(?:stil|leeg|eenzaam)", r"geen (?:familie|vrienden|kennissen) (?:meer|hier)",
        r"praat (?:\w+ ){0,3}(?:met|tegen) niemand", r"spreek (?:\w+ ){0,3}(?:niemand|geen mens)",
        r"geen (?:aanspraak|vrienden|bezoek|sociaal leven|sociale contacten|mensen om (?:me|mij) heen)",
        r"nooit (?:bezoek|aanspraak)", r"weinig (?:aanspraak|bezoek|sociale contacten)",
        r"geen contact (?:meer )?met (?:mijn |de )?(?:familie|kinderen|buren|mensen|iemand|niemand)",
        r"ken (?:\w+ ){0,2}niemand", r"mis (?:mijn (?:man|vrouw|partner)|gezelschap|aanspraak|contact|mensen om)",
        r"(?:zo|erg|heel|doodstil|stil) (?:stil )?(?:in|om) (?:huis|me heen|mij heen)", r"stil in huis",
        r"geen (?:mens|hond) (?:die|komt|kijkt)", r"(?:ben|zijn) (?:een|zo n) eenzame",
        r"niemand (?:om|meer om) (?:\w+ ){0,2}(?:mee te praten|te praten|te bellen)",
        r"tegen de muren (?:op )?(?:praat|kijk|aankijk)", r"kijk (?:de hele dag )?tegen de muren aan",
    ),
    "zorgbehoefte": (
        # "ik kom de trap niet meer op", "kan niet meer zelf douchen", "kan niet meer voor zichzelf zorgen"
        r"(?:kan|kun|kunnen|kon|kom|komt|komen|lukt|lukken) + (?:niet meer|nauwelijks|amper|moeilijk|bijna niet|slecht|niet) + "
        r"(?:trap\w*|lopen|douchen|wassen|aankleden|koken|boodschappen|zelf|zichzelf|mezelf|mijzelf|haarzelf|hemzelf"
        r"|opstaan|bed|naar buiten|de deur uit|het huis uit|stoep\w*|drempel\w*|bad|wc|toilet|bukken|tillen"
        r"|huishouden|huishouding|schoonmaken|stofzuigen"
        r"|verzorgen|zorgen voor|uit bed|in bad)",
        r"zorgt? (?:\w+ ){0,2}niet (?:meer )?(?:goed )?voor (?:zich|zichzelf|mezelf|haarzelf|hemzelf)",
        r"valt (?:steeds|vaak|telkens|regelmatig|weer|de laatste tijd|soms)", r"(?:is|ben) (?:\w+ ){0,3}gevallen",
        r"(?:zorg|verzorging|thuiszorg|verpleging|mantelzorg) nodig",
        r"(?:heb|heeft|hebben) (?:\w+ ){0,3}hulp nodig (?:bij|met) (?:het )?(?:wassen|douchen|aankleden|eten|lopen|boodschappen|opstaan|koken)",
        r"(?:moet|moeten) (?:iemand|er iemand) (?:\w+ ){0,2}(?:naar|voor) (?:hem|haar|mij|ons) (?:kijken|zorgen)",
        r"niemand (?:die )?(?:\w+ )?(?:helpt|zorgt voor|kijkt naar|kijkt om naar|verzorgt) (?:haar|hem|mij|ons)",
        r"niemand (?:die )?(?:haar|hem|mij|ons) (?:helpt|verzorgt)",
        r"(?:wordt|raakt|is) (?:steeds |erg |heel |zo )?(?:vergeetachtig|verward|dement)",
        r"(?:zorg|zorgt) (?:\w+ ){0,2}dag en nacht voor",
        r"(?:loop|lopen|loopt) (?:\w+ )?(?:slecht|moeilijk|moeizaam|niet meer)", r"zit\w* (?:\w+ ){0,2}vast in (?:huis|mijn \w+|de flat)",
        r"(?:is|ben|wordt|werd) (?:erg |ernstig |heel |zwaar |terminaal |chronisch |vaak |al lang )?ziek(?! van| om| als| geweest)",
        r"hulp nodig (?:in|bij) (?:huis|de huishouding|het huishouden)", r"kan (?:\w+ ){0,2}niet meer alleen (?:wonen|zijn|thuis)",
    ),
    "onveilig_thuis": (
        # "ik voel me niet veilig in mijn eigen huis", "de schimmel maakt me ziek"
        r"(?:voel\w* (?:\w+ ){0,3}(?:niet|nooit|nergens) (?:meer )?veilig|voel\w* (?:\w+ ){0,3}onveilig|bang|angstig) + " + _HOME,
        r"(?:niet|nooit) (?:meer )?veilig (?:\w+ ){0,2}(?:in|op) (?:mijn|ons|onze|m n) (?:eigen )?" + _HOME,
        r"durf\w* + (?:niet|nauwelijks|amper|bijna niet) + (?:" + _HOME[3:-1] + r"|de deur|naar huis|douchen|slapen|lift|alleen thuis)",
        r"(?:schimmel\w*|vocht\w*|lek\w*|tocht|koud|ijskoud|verwarming|kachel|cv\w*|stank|ongedierte|ratten|muizen|kakkerlak\w*|asbest|rook|stof"
        r"|gaskachel\w*|geiser\w*|afzuiging|ventilatie)"
        r" + (?:ziek\w*|hoest\w*|astma\w*|benauwd\w*|ongezond\w*|longen|longklacht\w*|allergi\w*|gezondheid|verkouden|adem\w*"
        r"|kou vatten|hoofdpijn|misselijk|duizelig)",
        r"(?:stopcontact\w*|elektra|bedrading|meterkast|leiding\w*) + (?:water|lek\w*|nat|vonk\w*|kortsluiting|gevaarlijk|brand\w*|schok\w*|stroomstoot\w*)",
        r"(?:ratten|muizen|kakkerlak\w*|ongedierte|wandluizen|bedwantsen) + (?:in (?:mijn|ons|onze|de) (?:huis|woning|keuken|slaapkamer|bed)|binnen)",
        r"(?:slaat|sloeg|schopt) (?:me|mij|ons|haar|hem|de kinderen|mijn)",
        r"bang (?:\w+ )?voor (?:mijn|de|onze) (?:ex|man|vriend|partner|buurman|buurvrouw|buren|vader|zoon|bovenburen|onderburen)",
        r"(?:steelt|stal|pakt) (?:\w+ ){0,2}(?:van|uit) (?:me|mij|ons|mijn portemonnee)",
        r"(?:plafond|dak|balkon) (?:\w+ ){0,3}(?:naar beneden|ingestort|instort\w*|stort)",
        r"geweld (?:\w+ )?thuis", r"thuis (?:\w+ )?geweld", r"(?:ingebroken|inbraak) (?:\w+ ){0,2}bij (?:mij|ons|me)",
    ),
    "overbelast": (
        # "ik red het niet meer", "het wordt me allemaal te veel", "ik ben op"
        r"red\w* (?:het|dit|alles|het allemaal|het alleen|dat)(?: \w+){0,2}? (?:niet|nauwelijks|amper)\b",
        r"(?:wordt|werd|is|wordt het|is het) (?:me|mij|ons|haar|hem) (?:\w+ ){0,2}(?:te veel|te zwaar)",
        r"(?:het is|het wordt|wordt het|is het) (?:\w+ ){0,2}(?:te veel|te zwaar) (?:voor (?:mij|me|ons)|geworden)",
        r"(?:kan|trek) (?:het|dit|alles|dat)(?: \w+){0,2} niet (?:meer )?(?:aan|bolwerken|trekken|volhouden|bijbenen)",
        r"boven (?:het|mijn) hoofd (?:\w+ )?(?:gegroeid|groeit|groeien)", r"groeit (?:me|mij|ons) (?:\w+ )?boven (?:het|mijn) hoofd",
        r"(?:ben|voel me|voel mij) (?:zo|heel|erg|echt|ontzettend|altijd|continu|zo ontzettend) moe",
        r"eind van mijn latijn", r"wanhoop", r"geen energie meer", r"is (?:het )?(?:\w+ )?allemaal (?:gewoon )?te veel",
        r"kan (?:\w+ ){0,2}niet meer aan",
        r"kan (?:echt |gewoon )?niet meer(?= [.,;:!?]|$)",
        r"hoofd (?:\w+ ){0,2}(?:nauwelijks|amper|niet|moeilijk|bijna niet)(?: meer)? boven water",
        r"(?:nauwelijks|amper|moeilijk|bijna niet) (?:meer )?(?:\w+ ){0,2}boven water",
        r"ben (?:helemaal |echt |compleet |gewoon |zo |totaal )?(?:op|kapot|leeg|uitgeblust|gesloopt)(?= [.,;:!?]|$)",
        r"sta (?:er )?(?:\w+ )?alleen voor", r"alles komt op (?:mij|mijn schouders) neer",
        r"weet (?:het )?(?:echt |gewoon |soms )?niet meer (?:hoe|wat|waar)",
        r"weet (?:het )?(?:echt |gewoon )?niet meer(?= [.,;:!?]|$)",
        r"lig\w* (?:\w+ ){0,2}wakker", r"geen tijd (?:meer )?voor (?:mezelf|mijzelf)",
        r"(?:kan|kon) (?:\w+ ){0,2}niet meer slapen", r"slaap (?:\w+ ){0,2}(?:slecht|niet) (?:\w+ ){0,2}(?:van|door)",
        r"alles (?:tegelijk|tegelijkertijd) + (?:kinderen|werk|schulden|zorg\w*|mantelzorg|alleen)",
        r"(?:te|veel te) veel (?:op (?:mijn|m n) bord|aan (?:mijn|m n) hoofd)",
    ),
}

# Who is it about? Person words, nearest before the hit in its clause. Extend with words for close people.
PERSONAL_WORDS = frozenset({
    "ik", "me", "mij", "mijn", "mezelf", "mijzelf", "we", "wij", "ons", "onze", "onszelf", "hij", "zij", "ze",
    "hem", "haar", "zichzelf", "hemzelf", "haarzelf", "man", "vrouw", "partner", "moeder", "vader", "ma", "pa",
    "mama", "papa", "mams", "oma", "opa", "zoon", "dochter", "buurman", "buurvrouw", "buren", "zus", "broer",
    "vriend", "vriendin", "ex", "schoonmoeder", "schoonvader", "echtgenoot", "echtgenote", "tante", "oom",
})  # fmt: skip
GENERAL_WORDS = frozenset({
    "ouderen", "mensen", "bewoners", "buurtbewoners", "huurders", "iedereen", "jongeren", "jeugd", "kinderen",
    "gezinnen", "families", "senioren", "men", "je", "jij", "sommigen", "velen", "anderen", "gemeente",
    "corporatie", "woningcorporatie", "woningbouw", "overheid", "wijk", "buurt", "alleenstaanden",
})  # fmt: skip
POSSESSIVES = frozenset({"mijn", "onze", "ons", "zijn", "haar"})  # "mijn kinderen" is personal
NEGATORS = frozenset({"geen", "niet", "nooit", "niks", "niets", "nergens", "zonder", "niemand"})
NEGATION_WINDOW = 3  # words before a signal word that may negate it
# A signal word framed as a goal for the wijk: "tegen eenzaamheid", "eenzaamheid aanpakken".
FRAME_BEFORE = frozenset({"tegen", "bestrijden", "bestrijding", "aanpak", "over", "voorkomen"})
FRAME_AFTER = frozenset({"tegengaan", "tegen", "bestrijden", "aanpakken", "verminderen", "voorkomen", "oplossen"})
PAST_MARKERS = frozenset({"vroeger", "destijds", "toentertijd", "geleden"})
# A wish with one of these signals but no theme word is about care and help.
CARE_SIGNALS = frozenset({"zorgbehoefte", "overbelast"})


def _whole_words(pattern: str) -> "regex.Pattern[str]":
    return regex.compile(rf"(?<![\w])(?:{pattern})(?![\w])")


@dataclass(frozen=True)
class _Rule:
    signal: str
    parts: Tuple["regex.Pattern[str]", ...]
    negatable: bool  # single distress words: negation and wijk-goal frames are checked
    source: str


def _compile_rules() -> List[_Rule]:
    rules = []
    for signal in SIGNALS:
        for word in SIGNAL_WORDS.get(signal, ()):
            rules.append(_Rule(signal, (_whole_words(word),), True, word))
        for phrase in SIGNAL_PHRASES.get(signal, ()):
            parts = tuple(_whole_words(part.strip()) for part in phrase.split(" + "))
            rules.append(_Rule(signal, parts, False, phrase))
    return rules


_THEME_PATTERNS = {theme: _whole_words("|".join(words)) for theme, words in THEME_WORDS.items()}
_RULES = _compile_rules()


@dataclass(frozen=True)
class _Sentence:
    tokens: Tuple[str, ...]
    text: str
    starts: Tuple[int, ...]  # character offset of each token in text

    @classmethod
    def of(cls, tokens: Sequence[str]) -> "_Sentence":
        starts, offset = [], 0
        for token in tokens:
            starts.append(offset)
            offset += len(token) + 1
        return cls(tuple(tokens), " ".join(tokens), tuple(starts))

    def token_at(self, char: int) -> int:
        index = 0
        for i, start in enumerate(self.starts):
            if start <= char:
                index = i
        return index

    def clause_start(self, index: int) -> int:
        for i in range(index - 1, -1, -1):
            if self.tokens[i] in CLAUSE_BREAKS:
                return i + 1
        return 0

    def clause_end(self, index: int) -> int:
        for i in range(index, len(self.tokens)):
            if self.tokens[i] in CLAUSE_BREAKS:
                return i
        return len(self.tokens)


def _sentences(normalised: str) -> List[_Sentence]:
    sentences, current = [], []
    for token in normalised.split(" "):
        if not token:
            continue
        if token in SENTENCE_ENDS:
            if current:
                sentences.append(_Sentence.of(current))
            current = []
        else:
            current.append(token)
    if current:
        sentences.append(_Sentence.of(current))
    return sentences


def _person_kind(tokens: Sequence[str], index: int) -> Optional[str]:
    token = tokens[index]
    if token in GENERAL_WORDS:
        if index > 0 and tokens[index - 1] in POSSESSIVES:
            return "personal"
        return "general"
    if token in PERSONAL_WORDS:
        return "personal"
    return None


def _about_someone_else(sentence: _Sentence, first: int, last: int) -> bool:
    """True when the nearest person word before the hit (or else inside it) is a general one ("ouderen")."""
    start = sentence.clause_start(first)
    for i in range(first - 1, start - 1, -1):
        kind = _person_kind(sentence.tokens, i)
        if kind:
            return kind == "general"
    for i in range(first, last + 1):
        kind = _person_kind(sentence.tokens, i)
        if kind:
            return kind == "general"
    # "agressieve jongeren", "eenzame ouderen": the hit describes the group right after it
    return last + 1 < len(sentence.tokens) and _person_kind(sentence.tokens, last + 1) == "general"


def _in_the_past(sentence: _Sentence, index: int) -> bool:
    start, end = sentence.clause_start(index), sentence.clause_end(index)
    return any(token in PAST_MARKERS for token in sentence.tokens[start:end])


def _negated_or_framed(sentence: _Sentence, first: int, last: int) -> bool:
    start = sentence.clause_start(first)
    before = sentence.tokens[max(start, first - NEGATION_WINDOW) : first]
    if any(token in NEGATORS for token in before):
        return True
    if any(token in FRAME_BEFORE for token in sentence.tokens[max(start, first - 2) : first]):
        return True
    after = sentence.tokens[last + 1 : last + 4]
    if any(token in FRAME_AFTER for token in after[:2]):
        return True
    # "schuldhulp voor mensen in de wijk": help offered to a group, not the writer's own trouble
    return bool(after) and after[0] in ("voor", "in") and any(token in GENERAL_WORDS for token in after[1:])


def _rule_fires(rule: _Rule, sentence: _Sentence) -> bool:
    if len(rule.parts) == 1:
        candidates = [(m.start(), m.end()) for m in rule.parts[0].finditer(sentence.text)]
    else:
        spans = []
        for part in rule.parts:
            match = part.search(sentence.text)
            if match is None:
                return False
            spans.append((match.start(), match.end()))
        candidates = [(min(s for s, _ in spans), max(e for _, e in spans))]
    for start, end in candidates:
        first, last = sentence.token_at(start), sentence.token_at(max(start, end - 1))
        if _in_the_past(sentence, first) or _about_someone_else(sentence, first, last):
            continue
        if rule.negatable and _negated_or_framed(sentence, first, last):
            continue
        return True
    return False


def explain_signals(text: str) -> List[Tuple[str, str]]:
    """(signal, pattern) for every rule that fired: why a wish was flagged, for the droommakelaar and tests."""
    fired = []
    for sentence in _sentences(normalise(text)):
        for rule in _RULES:
            if _rule_fires(rule, sentence):
                fired.append((rule.signal, rule.source))
    return fired


def detect_signals(text: str) -> List[str]:
    """Zero or more of SIGNALS, in SIGNALS order: the writer's own distress (or that of someone close)."""
    found = {signal for signal, _ in explain_signals(text)}
    return [signal for signal in SIGNALS if signal in found]


def classify_themes(text: str) -> List[str]:
    """One or more of THEMES, in THEMES order; never empty, and "anders" only alone."""
    normalised = normalise(text)
    found = [theme for theme in THEMES if theme in _THEME_PATTERNS and _THEME_PATTERNS[theme].search(normalised)]
    if found:
        return found
    if CARE_SIGNALS.intersection(detect_signals(text)):
        return ["zorg en hulp"]
    return ["anders"]
