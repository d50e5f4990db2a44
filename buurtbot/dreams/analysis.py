"""Themes and early signals in a tenant's dream wish, by curated Dutch word lists and short phrase patterns.

Why rules and not a trained model: a droommakelaar must be able to see *why* a wish was flagged, and a
missed or wrong signal must be fixable by adding one line. Everything below is plain data plus four steps:

1. ``normalise`` (buurtbot/text.py, the one normaliser): lower case, accents stripped, stretched letters collapsed ("heeeel" -> "heel"), chat
   abbreviations expanded ("k" -> "ik", "mn" -> "mijn", "nie" -> "niet"); punctuation becomes its own token.
2. Themes: every theme whose word list matches the text. No match: the theme that goes with the wish's signal
   ("zorg en hulp" for a care or overload signal, "veiligheid" for an unsafe home), else "anders".
3. Signals: a signal fires when one of its WORDS or PHRASES matches inside one sentence, and
   - the hit is about the writer or someone close (see ``_about_someone_else``): the nearest person word
     before it in the same clause decides; "ik", "mijn", "mijn buurman", "ze", "de kinderen" count as personal,
     "ouderen", "mensen", "iedereen", "de gemeente", "iemand die" as general. With no person word the writer
     is meant.
   - its clause is not about the past ("vroeger was ik eenzaam").
   - for WORDS only (single distress words like "schulden", "eenzaam"): no negation in the three words before
     ("geen schulden", "helemaal niet eenzaam") and not a goal for the wijk ("tegen eenzaamheid",
     "eenzaamheid aanpakken"). PHRASES carry their own negation ("kan de huur niet betalen").
4. Patterns are regular expressions over the normalised text (words separated by single spaces) and always
   match whole words; write stems explicitly ("eenzaam\\w*"). A pattern with " + " has parts that must all
   occur in the same sentence, in any order ("schimmel + ziek"). Gaps of a few words are written with
   ``_gap(n)`` ("(?:\\w+ ){0,n}") or ``_gap_no_neg(n)`` (a gap that may not contain "niet"/"geen"/"nooit"),
   so that "ik sta er alleen voor" and "sta ik er helemaal alleen voor" are one pattern; for a phrase whose
   parts may come in either order use ``_either_order``.

How to extend: add a word or phrase to the constant of its theme or signal (THEME_* and the *_WORDS /
*_PHRASES constants below, grouped per theme and per signal), add the wish that showed the gap to
eval/dreams/labelled_wishes.yml with the label it should have (label from the meaning, before tuning), and
run ``python -m tools.eval_signals`` to see that precision does not drop. A phrase should be the most
general form that still only means that signal; prefer a windowed phrase ("kan ... niet meer ... lezen")
over a loose " + " rule, and keep money, care and home words that are also used for the wijk as PHRASES with
a personal anchor. Never tune against eval/dreams/heldout_wishes.yml.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence, Tuple

import regex

from buurtbot.text import normalise

THEMES = (
    "groen",
    "ontmoeting",
    "spelen",
    "veiligheid",
    "schoon en heel",
    "wonen en onderhoud",
    "activiteiten",
    "zorg en hulp",
    "anders",
)
SIGNALS = (
    "geldzorgen",
    "eenzaamheid",
    "zorgbehoefte",
    "onveilig_thuis",
    "overbelast",
)  # "ik red het niet meer" = overbelast

SENTENCE_ENDS = frozenset({".", "!", "?", ";", "\n"})
# A clause ends at these tokens: negation and "who is it about" never look past them.
CLAUSE_BREAKS = frozenset({",", ":", "maar", "zodat", "want", "omdat", "daarom", "dus", "terwijl"})


# ---------------------------------------------------------------------------------------------------------
# Pattern helpers: gaps of a few words, so phrases survive word order ("ik sta er alleen voor" / "sta ik er
# helemaal alleen voor"). Patterns run over normalised text: words separated by single spaces.
# ---------------------------------------------------------------------------------------------------------
_NEGATION_WORDS = r"(?:geen|niet|nooit|niks|niets|nergens)"
_NOT_NEG = rf"(?:(?!{_NEGATION_WORDS}\b)\w+ )"  # one word that is not a negation, for gaps in phrases


def _gap(n: int) -> str:
    """Up to n arbitrary words (each followed by its space)."""
    return rf"(?:\w+ ){{0,{n}}}"


def _gap_no_neg(n: int) -> str:
    """Up to n words, none of them a negation: "ik sta er (niet) alleen voor"."""
    return rf"{_NOT_NEG}{{0,{n}}}"


def _either_order(a: str, b: str, n: int = 3) -> str:
    """a ... b or b ... a with at most n words between."""
    return rf"(?:{a} {_gap(n)}{b}|{b} {_gap(n)}{a})"


# ---------------------------------------------------------------------------------------------------------
# Themes. One tuple of whole-word regexes per theme; a wish gets every theme with at least one hit.
# Add a word (or an explicit stem such as "speeltuin\w*") to the tuple it belongs to. Words that tenants use
# for two themes ("bankje": ontmoeting; "drempel": veiligheid and wonen) may stand in both.
# ---------------------------------------------------------------------------------------------------------
THEME_GROEN: Tuple[str, ...] = (
    # plants, trees, gardens
    r"groen\w*",
    r"boom",
    r"bomen",
    r"boompje\w*",
    r"\w*boom(?:pje)?s?",
    r"boomspiegel\w*",
    r"boomgaard\w*",
    r"plant\w*",
    r"\w*planten",
    r"bloem\w*",
    r"\w*bloemen",
    r"bloembak\w*",
    r"plantenbak\w*",
    r"bloempot\w*",
    r"struik\w*",
    r"heg\w*",
    r"klimop",
    r"klimplant\w*",
    r"gevelgroen",
    r"gras",
    r"grasveld\w*",
    r"\w*gazon\w*",
    r"bermen?",
    r"bloemenweide\w*",
    r"bloemenstrook\w*",
    r"perkje\w*",
    r"plantsoen\w*",
    r"groenstrook\w*",
    r"(?:bloem|planten|border)perk\w*",
    r"tulpen",
    r"zonnebloem\w*",
    r"bollen",
    r"bloembollen",
    r"lavendel",
    r"kruiden\w*",
    r"fruitbom\w*",
    r"fruit(?:boom|bomen|struik\w*)",
    r"bessen\w*",
    r"appelboom\w*",
    # gardens and growing
    r"tuin",
    r"tuinen",
    r"tuintje\w*",
    r"tuin(?:bank|bankje|bak|groep|club|werk|dag|onderhoud|man|vrouw)\w*",
    r"tuinier\w*",
    r"(?:binnen|achter|voor|dak|gevel|buurt|pluk|volks|school|gemeenschaps|kruiden|bloemen"
    r"|groente|pocket|regen|belevings|zintuigen|moes|beweeg|wijk|stads|pauze)tuin\w*",
    r"moestuin\w*",
    r"geveltuin\w*",
    r"moestuinbak\w*",
    r"kweekbak\w*",
    r"groente\w*",
    r"kweken",
    r"zaaien",
    r"gezaaid",
    r"stekje\w*",
    r"compost\w*",
    r"regenton\w*",
    r"snoei\w*",
    r"maaien",
    r"gemaaid",
    r"harken",
    r"park",
    r"parkje\w*",
    r"stadspark\w*",
    r"natuur\w*",
    r"bos",
    r"bosje\w*",
    r"vijver\w*",
    r"sloot",
    r"wadi\w*",
    r"water ?speelplaats",
    # animals of the green
    r"bijen\w*",
    r"bijenhotel\w*",
    r"vlinder\w*",
    r"insect\w*",
    r"vogel\w*",
    r"nestkast\w*",
    r"egel\w*",
    r"eendjes",
    # less stone
    r"tegels? (?:eruit|weg|wippen|vervangen door)",
    r"tegelwip\w*",
    r"ontstenen",
    r"ontegelen",
    r"minder steen",
    r"(?:alles|allemaal|veel te veel) (?:\w+ )?(?:steen|beton|tegels)",
    r"sedumdak\w*",
    r"groene? (?:dak|daken|gevel\w*)",
    r"schaduw",
    r"koelte",
    r"hittestress",
)

THEME_ONTMOETING: Tuple[str, ...] = (
    r"ontmoet\w*",
    r"ontmoetingsplek\w*",
    r"ontmoetingsruimte\w*",
    r"buurthuis\w*",
    r"buurtkamer\w*",
    r"huiskamer van de (?:wijk|buurt|flat)",
    r"huiskamer\w*",
    r"wijkcentrum\w*",
    r"buurtcentrum\w*",
    r"wijkgebouw\w*",
    r"buurtgebouw\w*",
    r"gemeenschapsruimte\w*",
    r"gemeenschappelijke ruimte\w*",
    r"recreatieruimte\w*",
    r"\w*cafe\w*",
    r"buurtrestaurant\w*",
    r"wijkrestaurant\w*",
    r"buurtkeuken\w*",
    # coffee, tea, drinks, food together
    r"koffie\w*",
    r"bakkie",
    r"thee",
    r"theemiddag\w*",
    r"theeochtend\w*",
    r"borrel\w*",
    r"buurtborrel\w*",
    r"nieuwjaarsborrel\w*",
    r"buurtmaaltijd\w*",
    r"buurtdiner\w*",
    r"buurtlunch\w*",
    r"samen (?:eten|zitten|koken|koffie|thee|lunchen|ontbijten|een hapje)",
    r"eettafel\w*",
    r"picknick\w*",
    r"soep ?middag\w*",
    r"buurtbarbecue\w*",
    r"buurtfeest\w*",
    r"straatfeest\w*",
    r"burendag\w*",
    r"straatbarbecue\w*",
    r"buurtfestival\w*",
    # sitting together
    r"bankje\w*",
    r"bank(?:en)? om (?:op )?te zitten",
    r"(?:zit|tuin|park|picknick)bank\w*",
    r"zitplek\w*",
    r"zitje\w*",
    r"zithoek\w*",
    r"picknicktafel\w*",
    r"terras\w*",
    # contact and getting to know each other
    r"elkaar (?:\w+ ){0,2}(?:leren kennen|kennen|kent|treffen|zien|spreken|ontmoeten|groeten|groet|helpen|vinden|tegenkomen|tegenkomt)",
    r"gezamenlijke? (?:ruimte|plek|binnenplaats|woonkamer|huiskamer|keuken|maaltijd)\w*",
    r"welkom\w*",
    r"hangplek\w* (?:voor|waar)",
    r"elkaar kunnen (?:treffen|zien|spreken)",
    r"(?:kent|kennen|kende|groet|groeten) elkaar",
    r"treffen",
    r"aanspraak",
    r"kletsen",
    r"klets\w*",
    r"babbel\w*",
    r"praatje\w*",
    r"praatgroep\w*",
    r"gespreksgroep\w*",
    r"gezellig\w*",
    r"gezelschap",
    r"samenkom\w*",
    r"samenzijn",
    r"bij elkaar komen",
    r"inloop\w*",
    r"contact met (?:de |mijn |andere |onze )?(?:buren|buurt|mensen|anderen|buurtgenoten|bewoners|medebewoners)",
    r"contact (?:maken|leggen)",
    r"sociale contact\w*",
    r"buren (?:\w+ )?leren kennen",
    r"kennismak\w*",
    r"nieuwe buren",
    r"op elkaar (?:letten|passen)",
    r"(?:naar elkaar )?om ?kijken naar elkaar",
    r"naar elkaar om ?kijken",
    r"met (?:de |mijn |andere |alle )?(?:buren|buurtgenoten|andere mensen|medebewoners)",
    r"mensen (?:te |leren )?(?:ontmoeten|kennen)",
    r"verbind\w*",
    r"saamhorig\w*",
    r"(?:buurt|wijk)gevoel",
    r"gemeenschap",
    r"plek (?:om|waar) (?:\w+ ){0,3}(?:samen|elkaar|mensen)",
    r"buurtapp\w*",
    r"buurtvereniging\w*",
    r"bewonersvereniging\w*",
    r"chill\w*",
    r"hangout\w*",
    r"\w*terras\w*",
    r"ruilkast\w*",
    r"ruilwinkel\w*",
    r"weggeefkast\w*",
    r"minibieb\w*",
)

THEME_SPELEN: Tuple[str, ...] = (
    r"speel(?!t\b)\w*",
    r"(?<!\ber )speelt",
    r"spelen",
    r"buitenspel\w*",
    r"\w*speeltuin\w*",
    r"\w*speelplek\w*",
    r"\w*speelveld\w*",
    r"schommel\w*",
    r"glijbaan\w*",
    r"glijbanen",
    r"klimrek\w*",
    r"klimtoestel\w*",
    r"klimrots\w*",
    r"klimmuur\w*",
    r"klimnet\w*",
    r"klimboom\w*",
    r"klimmen",
    r"trampoline\w*",
    r"wip",
    r"wipwap\w*",
    r"wipkip\w*",
    r"draaimolen\w*",
    r"draaischijf",
    r"kabelbaan\w*",
    r"evenwichtsbalk\w*",
    r"duikelrek\w*",
    r"zandbak\w*",
    r"zandbakken",
    r"zandspeel\w*",
    r"waterspeel\w*",
    r"waterpomp\w*",
    r"boomhut\w*",
    r"hutten bouwen",
    r"hinkelbaan\w*",
    r"stoepkrijt",
    r"verstoppertje",
    r"tikkertje",
    # balls and boards
    r"trapveld\w*",
    r"voetbalveld\w*",
    r"voetbalkooi\w*",
    r"balkooi\w*",
    r"pannaveld\w*",
    r"pannakooi\w*",
    r"panna",
    r"basketbal\w*",
    r"basket",
    r"goals?",
    r"goaltjes",
    r"doeltjes",
    r"pingpong\w*",
    r"tafeltennis\w*",
    r"skatebaan\w*",
    r"skate\w*",
    r"pumptrack\w*",
    r"crossbaan\w*",
    r"bmx\w*",
    r"kinderboerderij\w*",
    r"schoolplein\w*",
    r"trapveldje\w*",
    r"speelgoed\w*",
    r"(?:plek|ruimte) (?:om|waar) (?:\w+ ){0,3}(?:te )?(?:spelen|voetballen|ballen|skaten)",
    r"ballen",
    r"(?:kinderen|kids|kleintjes|peuters|kleuters) (?:\w+ ){0,3}(?:buiten|spelen|rennen|fietsen)",
    r"tienerplek\w*",
    r"jongerenplek\w*",
    r"chillplek\w*",
)

THEME_VEILIGHEID: Tuple[str, ...] = (
    r"\w*veilig\w*",
    r"bang(?! dat)",
    r"eng",
    r"enge",
    r"spookachtig",
    # light and dark
    r"verlichting",
    r"\w*verlichting",
    r"verlicht\w*",
    r"licht",
    r"lampen",
    r"lamp",
    r"lantaarn\w*",
    r"straatlamp\w*",
    r"donker\w*",
    r"pikkedonker",
    r"slecht verlicht",
    # watching and prevention
    r"camera\w*",
    r"cameratoezicht",
    r"toezicht\w*",
    r"buurtpreventie\w*",
    r"preventie\w*",
    r"buurtwacht\w*",
    r"whatsapp ?groep\w*",
    r"beveilig\w*",
    r"handhav\w*",
    r"surveill\w*",
    r"politie\w*",
    r"wijkagent\w*",
    r"boa\w*",
    r"112",
    r"meldpunt\w*",
    r"(?:nieuwe |betere |extra )?sloten",
    r"inbraakwerend\w*",
    r"veiligheidsslot\w*",
    # crime and nuisance
    r"inbraak\w*",
    r"inbre\w*",
    r"ingebroken",
    r"insluip\w*",
    r"diefstal\w*",
    r"gestolen",
    r"gejat",
    r"fietsendie\w*",
    r"autokra\w*",
    r"beroofd",
    r"beroving\w*",
    r"overval\w*",
    r"zakkenroll\w*",
    r"dealer\w*",
    r"deal\w*",
    r"gedeald",
    r"drugs\w*",
    r"lachgas\w*",
    r"junk\w*",
    r"verslaafd\w*",
    r"wiet\w*",
    r"hennep\w*",
    r"blowen",
    r"dronken\w*",
    r"alcohol\w*",
    r"zuipen",
    r"hangjongeren",
    r"hangplek\w*",
    r"overlast",
    r"\w*overlast",
    r"criminaliteit",
    r"criminelen",
    r"crimineel",
    r"bedreig\w*",
    r"intimid\w*",
    r"lastig ?(?:ge)?vall\w*",
    r"nafluiten",
    r"vecht\w*",
    r"ruzie\w*",
    r"agressie\w*",
    r"agressief",
    r"agressieve",
    r"geweld",
    r"gewelddadig\w*",
    r"huiselijk geweld",
    r"mishandel\w*",
    r"stalk\w*",
    r"uitgescholden",
    r"geduwd",
    r"scheld\w*",
    r"kort lontje",
    r"smijt\w*",
    r"smeet",
    r"(?:gooit|gooien|gooide) (?:\w+ )?(?:met|naar)",
    r"geslagen",
    r"(?:slaat|sloeg|slaan) (?:me|mij|haar|hem|ons|de kinderen)",
    r"steken",
    r"steekpartij\w*",
    r"schietpartij\w*",
    r"schieten",
    r"explosie\w*",
    r"wapen\w*",
    r"mes",
    r"messen",
    r"vuurwerk\w*",
    r"brandstichting",
    r"brandgevaar\w*",
    r"rookmelder\w*",
    r"vandal\w*",
    # traffic
    r"verkeer\w*",
    r"hard (?:ge)?re(?:den|ijden|dt)",
    r"te hard",
    r"hardrijder\w*",
    r"snelheid\w*",
    r"racen",
    r"racet",
    r"crossen",
    r"(?:door|over) (?:de |het )?(?:straat|stoep|wijk|buurt|fietspad|plein) (?:\w+ )?(?:scheuren|scheurt|racen|racet|crossen|vliegen)",
    r"(?:scheuren|scheurt|racen|racet|crossen) (?:\w+ )?(?:door|over) (?:de |het )?(?:straat|stoep|wijk|buurt|fietspad|plein)",
    r"scooter\w*",
    r"brommer\w*",
    r"motoren",
    r"drempel\w*",
    r"verkeersdrempel\w*",
    r"oversteek\w*",
    r"zebrapad\w*",
    r"stoplicht\w*",
    r"verkeerslicht\w*",
    r"flitspa\w*",
    r"30 ?km\w*",
    r"snelheidsbeperk\w*",
    r"fietsers op de stoep",
    r"ongeluk(?:ken)?",
    r"aangereden",
    r"bijna aangereden",
)

THEME_SCHOON_EN_HEEL: Tuple[str, ...] = (
    # litter and waste
    r"zwerfvuil",
    r"zwerfafval",
    r"afval\w*",
    r"\w*afval",
    r"vuil",
    r"vuiltje\w*",
    r"vuilnis\w*",
    r"grofvuil",
    r"grof vuil",
    r"grof afval",
    r"rommel\w*",
    r"troep",
    r"rotzooi",
    r"bende",
    r"puinhoop",
    r"puin",
    r"(?:glas)?scherven",
    r"blikjes",
    r"plastic",
    r"peuken",
    r"\w*peuk\w*",
    r"kauwgom\w*",
    r"gedumpt",
    r"dump\w*",
    r"bijplaatsing\w*",
    r"naast de (?:container|bak)\w*",
    r"container\w*",
    r"prullenbak\w*",
    r"afvalbak\w*",
    r"vuilnisbak\w*",
    r"glasbak\w*",
    r"papierbak\w*",
    r"vuilophaal\w*",
    r"(?:vuilnis|afval)(?:zak|zakken|wagen|ophaal\w*)",
    # dirt and smell
    r"hondenpoep\w*",
    r"\w*poep\w*",
    r"hondendrol\w*",
    r"drollen",
    r"uitwerpselen",
    r"pis",
    r"urine",
    r"schoon(?!moeder|vader|familie|zus|zoon|dochter|broer|ouders)\w*",
    r"opruim\w*",
    r"opgeruimd",
    r"veeg\w*",
    r"vegen",
    r"geveegd",
    r"stinkt",
    r"stinken",
    r"stank",
    r"vies\w*",
    r"smerig\w*",
    r"goor",
    r"ranzig",
    r"verloeder\w*",
    r"verpauper\w*",
    r"verwaarloosde? (?:plein|pleintje|straat|stoep|speeltuin|park|perk|tuin|portiek|galerij)\w*",
    # pests
    r"ratten",
    r"muizen",
    r"ongedierte",
    r"duiven\w*",
    r"meeuwen",
    r"kakkerlak\w*",
    r"zwerfkat\w*",
    # graffiti and damage
    r"graffiti",
    r"beklad\w*",
    r"kladderij\w*",
    r"tags",
    r"vernield\w*",
    r"verniel\w*",
    r"vandalisme",
    r"kapotte? (?:\w+ )?(?:lantaarn\w*|lamp\w*|straatlamp\w*|bank\w*|stoep\w*|speeltoestel\w*|schommel\w*"
    r"|hek\w*|tegels|prullenbak\w*|bord\w*|ruit\w*|glas|fiets\w*|bestrating|verlichting)",
    r"weesfiets\w*",
    r"fietswrak\w*",
    r"wrakken",
    # pavement
    r"stoep\w*",
    r"tegels",
    r"losse tegels",
    r"losliggende \w+",
    r"bestrating",
    r"scheef",
    r"hobbel\w*",
    r"gaten in de (?:weg|stoep|straat)",
    r"kuilen",
    r"gat in de (?:weg|stoep|straat)",
    r"boomwortels",
    r"onkruid",
)

THEME_WONEN_EN_ONDERHOUD: Tuple[str, ...] = (
    # the home itself
    r"woning\w*",
    r"\w*woning",
    r"\w*woningen",
    r"huis met",
    r"huurhuis\w*",
    r"appartement\w*",
    r"flatje",
    r"(?:groter|grotere|kleiner|kleinere|ander|andere|nieuw|nieuwe|goedkoper|goedkopere|eigen|aangepast|aangepaste"
    r"|betaalbaar|betaalbare|gelijkvloers|gelijkvloerse) (?:huis|woning|flat|appartement|plek)",
    r"(?:huis|woning|flat) is te (?:klein|groot|duur|koud|vochtig|oud)",
    r"te klein (?:behuisd|wonen)",
    r"krap behuisd",
    r"(?:meer|te weinig) (?:leef)?ruimte",
    r"woonruimte\w*",
    r"kamers?",
    r"slaapkamer\w*",
    r"kinderkamer\w*",
    r"zolder\w*",
    r"kelder\w*",
    r"schuur\w*",
    r"berging\w*",
    r"balkon\w*",
    r"galerij\w*",
    r"trappenhuis\w*",
    r"begane grond",
    r"benedenwoning\w*",
    r"gelijkvloers\w*",
    r"verdieping\w*",
    r"(?:drie|vier|vijf|3|4|5|twee|2) hoog",
    r"bovenste verdieping",
    # rooms and fittings
    r"keuken\w*",
    r"badkamer\w*",
    r"douche",
    r"douches",
    r"douche(?:cabine|bak|kop|stoel|ruimte)\w*",
    r"bad",
    r"ligbad",
    r"toilet\w*",
    r"wc",
    r"kraan\w*",
    r"afvoer\w*",
    r"riool\w*",
    r"verstopt\w*",
    r"lift\w*",
    r"traplift\w*",
    r"trap",
    r"trappen",
    r"\w*leuning\w*",
    r"dak",
    r"daken",
    r"dakgoot\w*",
    r"goot",
    r"ramen",
    r"raam",
    r"ruiten",
    r"kozijn\w*",
    r"voordeur\w*",
    r"achterdeur\w*",
    r"deurbel\w*",
    r"intercom\w*",
    r"brievenbus\w*",
    r"slot\w*",
    r"sloten",
    r"hang en sluitwerk",
    r"vloer\w*",
    r"laminaat",
    r"behang\w*",
    r"muren",
    r"muur",
    r"plafond\w*",
    r"kastje\w*",
    r"keukenkast\w*",
    r"stopcontact\w*",
    r"elektra",
    r"meterkast\w*",
    r"bedrading",
    r"leiding\w*",
    r"schutting\w*",
    r"hor",
    r"horren",
    r"rolluik\w*",
    r"zonwering\w*",
    r"tuinhek\w*",
    # warmth, damp, insulation, energy
    r"dubbel glas",
    r"enkel glas",
    r"hr ?glas",
    r"tocht\w*",
    r"kieren",
    r"isol\w*",
    r"na ?isol\w*",
    r"schimmel\w*",
    r"vocht\w*",
    r"condens\w*",
    r"lekkage\w*",
    r"lek",
    r"lekt",
    r"lekte",
    r"lekken",
    r"lekkend\w*",
    r"verwarming\w*",
    r"radiator\w*",
    r"cv\w*",
    r"ketel",
    r"\w*kachel\w*",
    r"thermostaat",
    r"warm water",
    r"koud (?:in|binnen)",
    r"ijskoud binnen",
    r"geiser\w*",
    r"ventilatie\w*",
    r"afzuig\w*",
    r"zonnepaneel\w*",
    r"zonnepanelen",
    r"warmtepomp\w*",
    r"energielabel\w*",
    r"energiezuinig\w*",
    r"verduurzam\w*",
    r"gehorig\w*",
    r"geluidsoverlast van de buren",
    r"dunne muren",
    r"asbest",
    r"loden leidingen",
    # repairs and the landlord
    r"repar\w*",
    r"gerepareerd",
    r"onderhoud\w*",
    r"achterstallig onderhoud",
    r"(?:huis|woning|flat|badkamer|keuken) opknappen",
    r"renov\w*",
    r"verbouw\w*",
    r"sloop\w*",
    r"nieuwbouw\w*",
    r"monteur\w*",
    r"loodgieter\w*",
    r"klusje\w*",
    r"reparatieverzoek\w*",
    r"woningcorporatie\w*",
    r"corporatie\w*",
    r"verhuurder\w*",
    r"huisbaas",
    r"huismeester\w*",
    r"(?:buurt|wijk)beheerder\w*",
    # rent and moving
    r"huur",
    r"huurprijs\w*",
    r"huurverhoging\w*",
    r"huurverlaging\w*",
    r"huurtoeslag\w*",
    r"huurachterstand\w*",
    r"huurcontract\w*",
    r"verhuizen",
    r"verhuis",
    r"verhuist",
    r"doorstro\w*",
    r"woningruil\w*",
    r"urgentie\w*",
    r"wachtlijst\w*",
    r"inschrijfduur",
    # accessibility
    r"drempel\w* (?:in|uit|weg uit) (?:huis|de woning|mijn huis|de galerij)",
    r"drempelvrij\w*",
    r"drempels weg",
    r"toegankelijk\w*",
    r"aangepast\w*",
    r"aanpassing\w*",
    r"hellingbaan\w*",
    r"invalidenparkeer\w*",
    r"gehandicaptenparkeer\w*",
    r"rolstoelvriendelijk\w*",
    r"rolstoeltoegankelijk\w*",
    r"seniorenwoning\w*",
    r"aanleunwoning\w*",
    r"zorgwoning\w*",
)

THEME_ACTIVITEITEN: Tuple[str, ...] = (
    r"\w*activiteit\w*",
    r"les",
    r"lessen",
    r"bijles\w*",
    r"cursus\w*",
    r"\w*cursus",
    r"\w*cursussen",
    r"(?:computer|taal|zwem|dans|kook|fiets|naai|muziek|gitaar|piano|teken|schilder|sport|gym|yoga|beweeg|zang"
    r"|huiswerk|ehbo|reanimatie|zelfverdediging|box|kickbox|judo|karate|turn|fitness|conditie|lees|schrijf|rij"
    r"|brei|haak|engels|nederlands|arabisch|turks|schaak|knutsel|pottenbak|dj|rap|theater|toneel)(?:les|lessen)",
    r"workshop\w*",
    r"training\w*",
    r"club\w*",
    r"\w+club\w*",
    r"vereniging",
    # sport and movement
    r"sport\w*",
    r"(?:buurt|straat|wijk|ouderen|jeugd|kinder|zaal|water|team|vecht|bal|breedte)sport\w*",
    r"zumba",
    r"dans\w*",
    r"\w*yoga",
    r"\w*fitness\w*",
    r"\w*gym\w*",
    r"beweeg\w*",
    r"bewegen",
    r"beweegtuin\w*",
    r"bootcamp\w*",
    r"hardlo\w*",
    r"wandel\w*",
    r"fietstocht\w*",
    r"zwemmen",
    r"zwem\w*",
    r"voetballen",
    r"\w*toernooi\w*",
    r"jeu de boules",
    r"jeu de boulesbaan",
    r"boules",
    r"tennis\w*",
    r"padel\w*",
    r"tai ?chi",
    r"schaatsen",
    r"calisthenics",
    # games and hobbies
    r"bingo\w*",
    r"klaverjas\w*",
    r"kaarten",
    r"kaart(?:middag|avond|club)\w*",
    r"sjoel\w*",
    r"schaak\w*",
    r"schaken",
    r"dammen",
    r"biljart\w*",
    r"darts?",
    r"quiz\w*",
    r"puzzel\w*",
    r"spelletje\w*",
    r"spelmiddag\w*",
    r"spellenavond\w*",
    r"spelavond\w*",
    r"handwerk\w*",
    r"brei\w*",
    r"haken",
    r"naai\w*",
    r"knutsel\w*",
    r"schilderles\w*",
    r"schilderclub\w*",
    r"tekenen",
    r"creatie\w*",
    r"creatief",
    r"fotografie",
    r"muziek\w*",
    r"zingen",
    r"koor\w*",
    r"\w*koor",
    r"theater\w*",
    r"toneel\w*",
    r"voorstelling\w*",
    r"film\w*",
    r"\w*bioscoop\w*",
    r"atelier\w*",
    r"kunst\w*",
    r"muurschildering\w*",
    r"boks\w*",
    r"kickboks\w*",
    r"vechtsport\w*",
    r"studio",
    r"boeken(?:club|ruil|kast)\w*",
    r"leesclub\w*",
    r"bibliotheek\w*",
    r"voorlees\w*",
    r"kook\w*",
    r"samen koken",
    r"samen eten",
    r"repair ?cafe\w*",
    r"taalcafe\w*",
    r"naaicafe\w*",
    r"breicafe\w*",
    r"huiswerk\w*",
    r"taalles\w*",
    r"taalmaatje\w*",
    r"nederlands (?:leren|les)",
    r"digitale? (?:les|vaardigheden)",
    # events and outings
    r"\w*feest\w*",
    r"\w*barbecue\w*",
    r"bbq",
    r"uitje\w*",
    r"dagje uit",
    r"dagtocht\w*",
    r"excursie\w*",
    r"markt\w*",
    r"(?:rommel|kerst|buurt|week|vlooien|kleding|ruil|boeken|kunst|streek|pleinen)markt\w*",
    r"braderie\w*",
    r"festival\w*",
    r"kermis",
    r"optreden\w*",
    r"concert\w*",
    r"evenement\w*",
    r"kerst(?:feest|diner|viering|markt|borrel|lunch|boom|pakket)\w*",
    r"sinterklaas\w*",
    r"iftar\w*",
    r"zomerkamp\w*",
    r"vakantieactiviteit\w*",
    r"speelweek\w*",
    r"kinderdisco\w*",
    r"iets (?:te )?doen",
    r"iets doen met",
    r"wat te doen",
    r"niks te doen",
    r"niets te doen",
    r"jongerenwerk\w*",
    r"jongerencentrum\w*",
    r"tienerwerk\w*",
    r"voor de jeugd",
    r"voor de jongeren",
    r"vrijwilligerswerk",
)

THEME_ZORG_EN_HULP: Tuple[str, ...] = (
    r"hulp\w*",
    r"\w*hulp",
    r"(?<!\bzou (?:\w+ )?)(?<!\bzal (?:\w+ )?)helpen",
    r"help",
    r"helpt",
    r"meehelp\w*",
    r"ondersteuning",
    r"steun",
    r"zorg",
    r"\w*zorg",
    r"mantelzorg\w*",
    r"thuiszorg",
    r"buurtzorg",
    r"\w*verpleg\w*",
    r"\w*verpleeg\w*",
    r"verzorg\w*",
    r"zorgen voor (?:mijn|haar|zijn|hem|elkaar|ouderen|de ouderen|zieke\w*|mensen die)",
    r"wijkteam\w*",
    r"buurtteam\w*",
    r"sociaal team",
    r"buurtcoach\w*",
    r"wijkcoach\w*",
    r"maatschappelijk werk\w*",
    r"welzijn\w*",
    r"opbouwwerk\w*",
    r"ouderenadviseur\w*",
    r"casemanager\w*",
    r"huisarts\w*",
    r"dokter\w*",
    r"gezondheidscentrum\w*",
    r"apotheek",
    r"fysio\w*",
    r"tandarts\w*",
    r"ziekenhuis\w*",
    r"consultatiebureau\w*",
    r"ggd",
    r"ggz",
    r"psycholoog",
    r"dagbesteding\w*",
    r"voedselbank\w*",
    r"kledingbank\w*",
    r"schuldhulp\w*",
    r"budgetcoach\w*",
    r"budgetbeheer",
    r"formulieren",
    r"papieren",
    r"papierwerk",
    r"administratie",
    r"digid",
    r"belastingaangifte",
    r"toeslagen aanvragen",
    r"brieven (?:\w+ )?(?:lezen|begrijpen)",
    r"klusdienst\w*",
    r"boodschappendienst\w*",
    r"thuisbezorg\w*",
    r"boodschappenhulp",
    r"maaltijdservice\w*",
    r"tafeltje dekje",
    r"boodschappen (?:\w+ ){0,2}(?:brengen|bezorgen|halen voor|doen voor)",
    r"maatje\w*",
    r"buddy\w*",
    r"vrijwilligers die",
    r"luisterend oor",
    r"erover (?:te )?praten",
    r"praten met iemand",
    r"iemand (?:om|die|voor) (?:\w+ ){0,3}(?:praten|helpt|helpen|kijkt|kijken|luistert|langskomt|langs komt)",
    r"naar (?:hem|haar|mij|ons) (?:\w+ )?(?:om)?kijken",
    r"oppas\w*",
    r"kinderopvang\w*",
    r"opvang\w*",
    r"alarmknop\w*",
    r"personenalarm\w*",
    r"wmo",
    r"respijt\w*",
    r"logeeropvang",
)

THEME_WORDS: Dict[str, Tuple[str, ...]] = {
    "groen": THEME_GROEN,
    "ontmoeting": THEME_ONTMOETING,
    "spelen": THEME_SPELEN,
    "veiligheid": THEME_VEILIGHEID,
    "schoon en heel": THEME_SCHOON_EN_HEEL,
    "wonen en onderhoud": THEME_WONEN_EN_ONDERHOUD,
    "activiteiten": THEME_ACTIVITEITEN,
    "zorg en hulp": THEME_ZORG_EN_HULP,
}
# A wish with a signal but no theme word is about the theme that goes with the signal (else "anders").
SIGNAL_THEMES: Dict[str, str] = {
    "zorgbehoefte": "zorg en hulp",
    "overbelast": "zorg en hulp",
    "onveilig_thuis": "veiligheid",
}

# ---------------------------------------------------------------------------------------------------------
# Signals. *_WORDS: single distress words (negatable: "geen schulden"); *_PHRASES: the indirect ways people
# say it, written with their own negation. Parts joined by " + " must all occur in the same sentence.
# Add the phrasing a tenant used, in its most general form that still only means this signal.
# ---------------------------------------------------------------------------------------------------------
_HOME = r"(?:thuis|huis|woning|flat|portiek|trappenhuis|galerij|slaapkamer|voordeur|binnen|eigen huis)"
_MONEY = (
    r"(?:huur|\w*rekening\w*|boodschappen|eten|gas|stroom|energie|kosten|schoolreis\w*|contributie"
    r"|zorgverzekering|eigen risico|kleding|schoenen|lasten|vaste lasten|premie\w*|belasting\w*)"
)
# "can't / hardly / no longer": the negative part of "kan de huur niet meer betalen"
_HARDLY_ANYMORE = (
    r"(?:niet meer|nauwelijks(?: meer)?|amper(?: meer)?|bijna niet(?: meer)?|haast niet(?: meer)?|moeilijk"
    r"|steeds moeilijker|steeds slechter|met moeite|niet meer zelf|zelf niet meer|niet zelf|niet meer alleen"
    r"|niet goed meer|slecht)"
)
_CLOSE_PERSON = (
    r"(?:partner|man|vriend|vriendin|ex|vrouw|vader|stiefvader|moeder|zoon|dochter|echtgenoot|echtgenote|broer"
    r"|schoonvader|schoonmoeder|buurman|buurvrouw|bovenbuurman|onderbuurman|hij|zij)"
)
# Household and body tasks whose loss is a care need ("kan mijn post niet meer lezen", "kom de trap niet op").
_DAILY_TASK = (
    r"(?:trap|trappen|traplopen|de trap (?:op|af)|lopen|wandelen|douchen|wassen|mij wassen|zich wassen|aankleden|uitkleden|aan te kleden"
    r"|koken|eten (?:koken|maken|klaarmaken)|boodschappen(?: doen)?|lezen|(?:de |mijn |zijn |haar )?post|brieven"
    r"|schrijven|opstaan|uit bed|in bed|naar bed|de deur uit|het huis uit|stoep\w*|drempel\w*"
    r"|in bad|in en uit bad|bad|wc|toilet|bukken|tillen|huishouden|huishouding|schoonmaken|stofzuigen|afwassen"
    r"|strijken|(?:haar|zijn|mijn|de) medicijnen|pillen|zelfstandig|alleen (?:wonen|thuis zijn)|verzorgen"
    r"|naar de (?:winkel|supermarkt|dokter|huisarts|markt|kapper|apotheek)"
    r"|zichzelf verzorgen|tanden poetsen|haren kammen|opstaan uit (?:de|een|mijn) stoel|staan(?= [.,;:!?]|$| (?:en|of|zonder)\b))"
    r"(?! (?:\w+ )?(?:spelen|voetballen|skaten|zitten))"
)
_NOT_MONEY = r"(?! (?:\w+ )?(?:betalen|betaald|kopen|veroorloven|opbrengen|te betalen))"  # "boodschappen niet betalen"

GELDZORGEN_WORDS: Tuple[str, ...] = (
    r"geldzorg\w*",
    r"geldproblem\w*",
    r"geldnood",
    r"geldstress",
    r"geldgebrek",
    r"geldtekort\w*",
    r"schulden",
    r"schuldenlast",
    r"schuldenberg",
    r"schuldsanering",
    r"schuldeiser\w*",
    r"schuldbemiddeling",
    r"deurwaarder\w*",
    r"incasso(?:bureau\w*|brief\w*|brieven|kosten|traject\w*)?(?! ?(?:medewerker|afdeling)\w*)",
    r"aanmaning\w*",
    r"betalingsherinnering\w*",
    r"(?:huur|betalings|betaal|energie|premie|gas|zorg)?achterstand(?:en)?"
    r"(?! (?:in|met|van|bij) (?:het |de )?(?:onderhoud|taal|school|leren|ontwikkeling))",
    r"achterstallige? (?:huur|rekening\w*|betaling\w*|premie\w*)",
    r"onder bewind",
    r"budgetbeheer",
    r"loonbeslag",
    r"beslaglegging\w*",
    r"beslag op (?:mijn|ons|het) \w+",
    r"huisuitzetting\w*",
    r"blut",
    r"platzak",
    r"armoede",
    r"financiele (?:zorgen|problemen|nood|stress|krapte|moeite|puinhoop|ellende|situatie is slecht)",
    r"rood staan",
    r"sta rood",
    r"staan rood",
    r"roodstand",
    r"in het rood",
    r"in de min",
    r"krap bij kas",
    r"geen (?:geld|cent|rooie cent|euro)(?! (?:\w+ )?(?:krijgt|krijg|geeft|geef|van mij|van me))",
    r"nooit geld",
    r"te weinig geld",
    r"weinig geld",
    r"niet genoeg geld",
    r"honger",
    r"betalingsregeling\w*",
    r"flitskrediet\w*",
    r"naheffing\w*",
    r"terugvordering\w*",
    r"(?:een|grote|hoge|flinke|openstaande) schuld",
    r"schuld (?:bij|aflossen|afbetalen)",
    r"openstaande (?:rekening\w*|bedrag\w*|schulden)",
    r"voedselbankpakket\w*",
    r"voedselpakket\w*",
    r"voedselbon\w*",
)

GELDZORGEN_PHRASES: Tuple[str, ...] = (
    # can't pay: "ik kan de huur bijna niet betalen", "de boodschappen zijn niet meer te betalen",
    # "dat ik de rekeningen niet meer kan betalen", "ik krijg de huur niet meer bij elkaar"
    _MONEY + r" + (?:niet|nauwelijks|amper|moeilijk|bijna niet|haast niet|nooit)(?: meer)? (?:\w+ )?"
    r"(?:te )?(?:betalen|betaald|betaalbaar|opbrengen|op te brengen|kopen|veroorloven)",
    r"(?:kan|kun|kunnen|kon|konden|krijg|krijgen) " + _gap(4) + r"(?:niet|nauwelijks|amper|bijna niet|moeilijk|nooit)"
    r"(?: \w+){0,3}? (?:betalen|betaald|betaald krijgen|ophoesten|veroorloven)",
    r"(?:niet|nauwelijks|amper|bijna niet)(?: meer)? (?:kan|kunnen|kon|konden) (?:\w+ )?(?:betalen|opbrengen|veroorloven)",
    r"(?:kan|kunnen|kon|konden) (?:het|dat|dit) (?:\w+ ){0,2}niet (?:meer )?opbrengen"
    r" + (?:huur\w*|geld|rekening\w*|betalen|kosten|prijs\w*|duur\w*)",
    r"(?:kan|kunnen|kon|konden) (?:\w+ ){0,2}geen (?:\w+ ){0,5}(?:meer )?(?:kopen|betalen|veroorloven)",
    r"(?:nooit|niks|niets) (?:\w+ ){0,2}(?:kunnen|kan|kon) (?:kopen|betalen|veroorloven)",
    r"(?:niet|geen|nooit) " + _gap(5) + r"(?:veroorloven|permitteren)",
    r"(?:huur|geld|bedrag|rekening\w*) (?:\w+ ){0,2}(?:niet|nauwelijks|amper)(?: meer)? bij elkaar",
    r"(?:betaal|betalen|betaalde) (?:\w+ ){0,3}(?:te laat|niet op tijd|nooit op tijd)",
    r"red\w* (?:we |ik )?(?:het )?(?:net |gewoon |echt )?(?:niet|nauwelijks) + (?:uitkering|geld|bijstand|kinderbijslag|inkomen|salaris|loon"
    r"|aow|pensioen|toeslag\w*|huur|rekening\w*)",
    r"(?:moeilijk|lastig|zwaar|problemen|moeite) (?:\w+ )?met (?:het )?(?:geld|de financien|rondkomen|betalen|de huur|de rekeningen)",
    # not knowing how: "weet niet hoe ik alles moet betalen", "hoe moeten we dat betalen", "spannend of we de huur kunnen betalen"
    r"weet "
    + _gap(2)
    + r"(?:niet|nooit)(?: meer)? (?:\w+ )?(?:hoe|waarvan|waarmee|hoe ik|hoe we) "
    + _gap(6)
    + r"(?:betalen|betaal|rondkomen|rond (?:\w+ )?komen|opbrengen|ophoesten)",
    r"(?:hoe|waarvan) (?:moet|moeten|kan|kunnen|ga|gaan|zal|zullen) (?:ik|we|wij) "
    + _gap(4)
    + r"(?:betalen|rondkomen|rond komen|opbrengen)",
    r"(?:hoe|waarvan) (?:ik|we|wij) "
    + _gap(5)
    + r"(?:moet|moeten|kan|kunnen|moest|moesten) (?:\w+ )?(?:betalen|rondkomen|ophoesten)",
    r"of (?:ik|we|wij) "
    + _gap(4)
    + r"(?:kan|kunnen|kunnen blijven) (?:\w+ )?(?:betalen|rondkomen|rond komen|ophoesten)",
    # not making ends meet: "we komen niet rond", "de maand niet doorkomen", "aan het eind van de maand is er niks meer"
    r"(?:niet|nauwelijks|amper|moeilijk|lastig|zwaar|bijna niet)(?: meer)? (?:\w+ ){0,2}rond (?:te )?komen",
    r"(?:niet|nauwelijks|amper|moeilijk|lastig|zwaar|bijna niet)(?: meer)? (?:\w+ ){0,2}rondkomen",
    r"kom\w* (?:\w+ ){0,5}(?:niet|nauwelijks|amper|moeilijk|bijna niet)(?: meer)? rond",
    r"rond (?:moet|moeten|kan|kunnen|te) komen + (?:niet|hoe|nauwelijks|moeilijk)",
    r"(?:de |deze |elke )?maand (?:\w+ )?(?:door|mee) (?:moet|moeten|kan|kunnen|te) (?:komen|redden) + (?:niet|hoe|nauwelijks|moeilijk)",
    r"eind\w* van de (?:maand|week) + (?:niks|niets|geen (?:geld|eten|cent)|leeg|krap|rood|nul|moeilijk|spannend|tekort|lastig|zwaar"
    r"|puzzelen|stress|is (?:alles |het geld )?op|blut|brood)",
    r"(?:haal|halen|haalt|red|redden) (?:\w+ ){0,2}(?:het )?eind(?:e)? van de maand (?:\w+ )?(?:niet|nooit|nauwelijks)",
    r"red\w* (?:het )?(?:financieel|met geld|met het geld|geldelijk) (?:\w+ )?(?:niet|nauwelijks|amper)",
    # no money: "het geld is altijd op", "daar is nooit geld voor", "er blijft niks over"
    r"geld (?:\w+ )?is (?:altijd |steeds |al |weer |elke maand )?op",
    r"geld op is",
    r"geld (?:\w+ )?is (?:\w+ ){0,4}op(?= [.,;:!?]|$| (?:voor|aan|als|en|want)\b)",
    r"geld is er (?:\w+ )?(?:niet|nooit|gewoon niet)(?= [.,;:!?]|$| voor)",
    r"(?:zit|zat) er (?:\w+ )?(?:gewoon |echt |financieel |dit jaar |nu |helaas )?niet in(?= [.,;:!?]|$)",
    r"(?:verkopen|verkocht|verpanden|verpand) (?:\w+ ){0,2}om (?:\w+ ){0,3}(?:rekeningen|huur|schulden|boodschappen|eten) (?:\w+ )?"
    r"(?:te )?(?:betalen|kopen|af te lossen)",
    r"(?:nooit|geen|te weinig|niet genoeg) geld (?:voor|om|over|meer)",
    r"(?:blijft|blijven|bleef|houd|houden|hou|houdt|hield|hielden) (?:er )?(?:\w+ ){0,4}(?:niks|niets|weinig|bijna niks|bijna niets"
    r"|nauwelijks iets|geen cent|geen geld) over",
    r"(?:heb|hebben) het (?:\w+ )?niet (?:zo |erg )?breed",
    r"(?:elke|iedere) (?:euro|cent) (?:\w+ ){0,3}omdraaien",
    r"dubbeltje (?:\w+ )?omdraaien",
    r"(?:financieel|geldelijk) (?:\w+ )?(?:krap|moeilijk|zwaar|lastig|niet goed)",
    r"(?:geld|budget|portemonnee|kas) (?:\w+ ){0,2}(?:is |zit )?(?:erg |heel |zo |te |altijd )?krap",
    r"(?:we|wij|ik) (?:hebben|heb|zitten|zit) het (?:erg |heel |zo |best |echt )?krap(?! (?:in|behuisd|met))",
    r"(?:we|wij|ik) (?:zitten|zit) (?:erg |heel |zo |best |echt )?krap(?! (?:in|behuisd|met))",
    r"(?:sta|staan|stond|stonden) (?:\w+ ){0,2}(?:rood|in het rood|in de min)",
    # income gone or too low, living on a minimum
    r"zonder (?:inkomen|geld|uitkering|salaris|loon)",
    r"(?:geen|nul) inkomen",
    r"(?:uitkering|toeslag\w*|salaris|loon|inkomen|aow|pensioen) (?:\w+ ){0,2}(?:is |wordt |werd |zijn )?(?:gestopt|stopgezet|ingetrokken"
    r"|stopt|gekort|verlaagd|niet betaald|niet uitbetaald|kwijt)",
    r"(?:ontslagen|werkloos|baan (?:\w+ )?kwijt|inkomen (?:\w+ )?kwijt) + (?:geld|huur|rekening\w*|betalen|rond|schulden|krap|duur)",
    r"(?:leef|leven|leeft|zit|zitten|ben|zijn|afhankelijk van) (?:\w+ ){0,2}(?:bijstand\w*|minimum\w*|voedselbank\w*)",
    r"(?:leef|leven|leeft) (?:\w+ ){0,2}(?:uitkering|toeslag\w*)",
    r"(?:mijn|ons|onze) (?:\w+ )?(?:inkomen|uitkering|pensioen\w*|aow|salaris|loon) (?:\w+ ){0,3}(?:is |zijn )?"
    r"(?:te laag|niet genoeg|te weinig|gaat (?:\w+ )?op aan|is op|op aan|is niet toereikend)",
    # costs too high, unaffordable
    r"(?:huur|rekening\w*|kosten|lasten|energie) (?:\w+ ){0,3}(?:te hoog|te duur) (?:voor (?:mij|ons|me))?",
    r"(?:huur|rekening\w*|kosten|lasten|prijzen) (?:\w+ ){0,3}zo (?:hoog|duur) (?:\w+ )?(?:geworden )?dat (?:ik|we|wij)",
    r"(?:is|zijn|wordt) (?:\w+ ){0,2}te duur voor (?:ons|mij|me)",
    r"(?:is|zijn|wordt|worden) (?:\w+ ){0,2}(?:onbetaalbaar|niet (?:meer )?te betalen|niet (?:meer )?op te brengen)",
    r"alles is (?:zo |veel te |te )?duur (?:geworden)?",
    r"(?:is|wordt) alles (?:zo |veel te |te |ook )?duur",
    r"kiez\w* tussen (?:\w+ ){0,2}(?:eten|boodschappen|huur|verwarming|energie|stroom|gas|rekening\w*|stookkosten)",
    r"(?:slokt|slorpt|vreet|gaat|kost) (?:\w+ ){0,3}(?:(?:hele|helft van|grootste deel van|bijna al|al) (?:mijn|ons)|(?:mijn|ons) (?:hele|halve)) "
    r"(?:inkomen|uitkering|salaris|loon|pensioen|aow|geld)",
    r"(?:zit|zitten|zat) (?:\w+ ){0,3}in de kou + (?:energie\w*|prijs\w*|rekening\w*|geld|gas|stook\w*|duur|betalen|kosten)",
    # arrears, debts, letters: "we lopen achter met de huur", "ik durf de post niet open te maken"
    r"achter " + _gap(2) + r"met " + _gap(2) + r"(?:huur|betaling\w*|betalen|rekening\w*|aflossing\w*|energie\w*"
    r"|premie\w*|zorgverzekering|gas|stroom|water|lening\w*)",
    r"(?:loop|lopen|loopt|liep|liepen) "
    + _gap(3)
    + r"achter (?:met|op) (?:\w+ ){0,2}(?:betalen|betaling\w*|huur|rekening\w*)",
    r"post (?:\w+ ){0,3}(?:niet|nooit) (?:meer )?open",
    r"(?:brieven|enveloppen) (?:\w+ ){0,3}(?:niet|nooit) (?:meer )?open",
    r"(?:durf|durft|durven) (?:\w+ ){0,3}(?:bankrekening|bankapp|saldo|rekening|post|brieven|envelop\w*|bankafschrift\w*) (?:\w+ ){0,2}"
    r"(?:niet|nooit) (?:meer )?(?:te )?(?:bekijken|openen|open te maken|checken|in te kijken|in te zien|lezen)",
    r"rekening\w* (?:\w+ ){0,3}(?:stapelen|stapelt|opstapelen|blijven liggen|niet (?:meer )?betaald)",
    r"stapel (?:\w+ )?(?:rekeningen|aanmaningen|brieven|schulden)",
    r"(?:moet|moeten|moest) " + _gap(4) + r"terug ?betalen",
    r"toeslag\w* (?:\w+ ){0,3}terug",
    r"schulde?n?vrij (?:te )?(?:zijn|worden|leven)",
    r"van (?:mijn|onze|m n) schulden (?:\w+ )?af",
    # debt help for the writer (not "schuldhulp in de buurt", not "schuldhulpmaatje worden")
    r"(?:heb|krijg|krijgen|hebben|heeft|zit|zitten|sta|staan|ben|zijn) (?:\w+ ){0,3}(?:een |de |in de |bij de |onder )?"
    r"(?:schuldhulp\w*|budgetcoach\w*|bewindvoer\w*|schuldsanering|wsnp)",
    r"(?:schuldhulp\w*|budgetcoach\w*|bewindvoer\w*) (?:\w+ ){0,2}(?:nodig|aangevraagd|aanvragen|ingeschakeld)",
    # borrowing for basics
    r"(?:leen|lenen|leende|leenden|geleend) "
    + _gap(4)
    + r"(?:geld|om (?:\w+ ){0,3}(?:boodschappen|eten|huur|rekening\w*|te betalen))",
    _either_order(r"geld", r"(?:lenen|leen|leende|geleend)", 3),
    r"(?:lening|krediet|voorschot) (?:\w+ ){0,3}(?:om|voor) (?:\w+ ){0,3}(?:huur|boodschappen|eten|rekening\w*|te betalen|schulden)",
    # cut off, evicted
    r"afgesloten + (?:gas|stroom|water|energie)",
    r"(?:gas|stroom|water|energie) (?:\w+ ){0,3}(?:afgesloten|afsluiten)",
    r"uit (?:\w+ )?huis (?:\w+ )?(?:gezet|zetten|te zetten)",
    r"op straat (?:komen te staan|te staan|belanden|gezet|terecht)",
    # going without: food, heating, presents
    r"(?:lege|legere) (?:koelkast|ijskast|voorraadkast|portemonnee|beurs)",
    r"(?:koelkast|ijskast|portemonnee) (?:\w+ ){0,2}(?:is |blijft )?leeg",
    r"(?:niks|niets) (?:te eten )?in huis",
    r"zonder (?:ontbijt|eten|lunch|avondeten) (?:\w+ )?(?:naar school|naar bed|de deur uit)",
    r"met (?:een lege maag|honger) (?:\w+ )?(?:naar school|naar bed)",
    r"(?:eten|maaltijd\w*) (?:\w+ ){0,2}overslaan",
    r"sla\w* (?:\w+ ){0,2}(?:maaltijd\w*|eten) over",
    r"bezuinig\w* (?:\w+ ){0,3}(?:op )?(?:eten|boodschappen|verwarming|kleding|alles|het eten|de verwarming)",
    r"(?:op alles|overal op|zelfs op (?:eten|boodschappen|de verwarming|kleding)) (?:\w+ )?(?:bezuinigen|besparen|beknibbelen|letten)",
    r"(?:bezuinig\w*|bespar\w*|beknibbel\w*) + (?:zelfs op|op alles|op eten|op de boodschappen)",
    r"(?:durf|durft|durven) "
    + _gap(3)
    + r"(?:verwarming|kachel|cv) "
    + _gap(3)
    + r"(?:niet|nauwelijks|amper) (?:\w+ )?aan",
    r"(?:verwarming|kachel|cv) (?:\w+ ){0,3}(?:uit|niet aan|nooit aan|laag|lager)"
    r" + (?:geld|kosten|rekening\w*|duur|betalen|besparen|energieprijzen)",
    r"(?:met (?:\w+ )?(?:jassen|jas|dekens|deken|truien|trui) aan|onder (?:een |de )?dekens?) (?:\w+ ){0,3}(?:binnen|in huis|thuis|op de bank)",
    r"geen (?:cadeau\w*|kerstcadeau\w*|sinterklaascadeau\w*|verjaardagsfeest\w*|feestje) + (?:kinderen|geld|betalen|dit jaar|kunnen)",
    # worry about money
    r"(?:maak|maken) (?:me|mij|ons) "
    + _NOT_NEG
    + r"{0,2}zorgen (?:over|om) (?:\w+ ){0,2}(?:geld|huur|rekening\w*|schulden|kosten)",
    r"lig\w* (?:\w+ ){0,2}wakker van (?:\w+ ){0,2}(?:geld|huur|rekening\w*|schulden|kosten)",
    # food bank for the writer (not "vrijwilligerswerk bij de voedselbank")
    r"(?:ga|gaan|moet|moeten|aangewezen|krijg\w*|haal\w*|sta|staan|afhankelijk|leven|leef) (?:\w+ ){0,3}(?:naar|van|bij|op) de voedselbank",
    r"naar de voedselbank (?:moet|moeten|ga|gaan|te gaan|moest)",
    r"(?:hoe|waar) (?:kom|kan|moet|kunnen|moeten) (?:ik|we|wij) (?:\w+ ){0,2}(?:bij|naar|aan) (?:de |een )?voedselbank\w*",
    r"in aanmerking (?:\w+ ){0,3}voedselbank\w*",
    r"(?:vragen|aankloppen|aanmelden|inschrijven) (?:\w+ ){0,2}(?:bij )?de voedselbank",
    r"de voedselbank (?:\w+ )?(?:vragen|om)",
)

EENZAAMHEID_WORDS: Tuple[str, ...] = (
    r"eenzaam\w*",
    r"vereenzam\w*",
    r"geisoleerd",
    r"isolement",
    r"buitengesloten",
    r"afgezonderd",
    r"in de steek gelaten",
    r"alleen gelaten",
)

EENZAAMHEID_PHRASES: Tuple[str, ...] = (
    # alone: "sinds mijn man is overleden zit ik alleen", "ik eet elke avond in mijn eentje", "voel me zo alleen"
    r"(?:zit|zitten|zat|ben|is|voel \w+|voelt zich|voelde \w+|eet|eten|sta|helemaal|hele dag|dag in dag uit|dag en nacht|altijd"
    r"|vaak|zo|steeds|avonden|weekenden|alleen thuis) (?:(?!(?:graag|liever|prima|lekker|even|ook|niet|nooit)\b)\w+ ){0,3}?"
    r"(?:alleen(?:tjes)?|in (?:mijn|m n|haar|zijn|m) (?:eentje|uppie))"
    # "alleen" as "alone" ends the phrase or is followed by where/when/since; "alleen rijst" means "only"
    r"(?= [.,;:!?]|$| (?:thuis|in huis|in mijn|in deze|in dit|in een|in de (?:flat|woning)|hier|zijn|te zijn|zitten|zit|wonen|woon"
    r"|eten|eet|en|sinds|omdat|want|nu|meer|op de wereld|achter|de hele|hele|s avonds|s nachts|overdag|tussen|met mijn gedachten"
    r"|aan tafel|naar bed|op de bank|op (?:mijn|m n) kamer|voor de tv|voor de televisie|(?:voor|bij|achter) het raam|gelaten|gevoeld)\b)",
    r"(?:voel|voelt|voelde) (?:me|mij|zich) (?:\w+ ){0,2}alleen(?! (?:maar|nog|als|wel|om)\b)",
    r"(?:ik (?:zit|ben)|zit ik|ben ik) (?:\w+ ){0,2}(?:de hele dag|hele dagen|dag in dag uit|alleen maar) (?:\w+ )?(?:binnen|thuis|in huis)",
    r"tussen (?:mijn )?vier muren",
    r"(?:ben|zijn) (?:een|zo n) eenzame",
    # left out: "ik voel me vergeten", "ik hoor er niet bij", "niemand ziet me staan"
    r"(?:voel|voelt|voelde) (?:me|mij|zich) (?:\w+ )?(?:onzichtbaar|vergeten|overbodig|aan de kant gezet|verlaten|alleen gelaten|buitengesloten)",
    r"buitenstaander\w*",
    r"hoor (?:\w+ ){0,2}(?:er )?(?:niet|nergens) (?:meer )?bij",
    r"niemand (?:ziet|zag) (?:me|mij) (?:staan|meer)",
    # nobody to see or talk to: "ik zie nooit iemand", "niemand om mee te praten", "ik spreek dagen geen woord"
    r"zie (?:\w+ ){0,2}(?:nooit|zelden|bijna nooit|amper|nauwelijks) (?:meer )?(?:iemand|mensen|een mens|bezoek|familie|mijn|de kinderen|kinderen)",
    r"(?:zie|hoor|spreek) (?:\w+ ){0,2}niemand(?! (?:\w+ )?(?:klagen|zeggen|over|die)\b)",
    r"(?:heb|hebben) (?:\w+ ){0,2}niemand(?: meer)?(?: om| die| hier| in de (?:buurt|wijk|flat|straat)| sinds| want| omdat| en| meer|$| [.,;:!?])",
    r"is er niemand(?= [.,;:!?]|$| om (?:mee )?te praten| voor (?:mij|me)| bij (?:me|mij))",
    r"komt er (?:nooit |bijna nooit )?niemand(?= [.,;:!?]|$| (?:langs|op bezoek|bij))",
    r"(?:niemand|geen mens|geen kip) (?:meer )?(?:om|waar ik|waarmee ik|met wie ik|mee) (?:\w+ ){0,3}(?:te )?(?:praten|kletsen|delen|bellen|lachen)",
    r"niemand (?:om|meer om) (?:\w+ ){0,2}(?:mee te praten|te praten|te bellen)",
    r"(?:nooit|geen|niet) (?:\w+ )?(?:iemand|mensen|een mens|vrienden|gezelschap) (?:om|waar|waarmee|met wie) (?:\w+ ){0,5}(?:mee )?(?:te )?"
    r"(?:praten|drinken|eten|delen|kletsen|lachen|bellen|wandelen)",
    r"praat (?:\w+ ){0,3}(?:met|tegen) niemand",
    r"(?:praat|spreek|gesproken|gepraat) (?:\w+ ){0,3}met niemand",
    r"met niemand (?:\w+ ){0,3}(?:gesprek|contact|praatje|woord|gesproken|gepraat)",
    r"spreek (?:\w+ ){0,3}(?:niemand|geen mens|geen kip)",
    r"(?:spreek|zeg|wissel|praat) (?:\w+ ){0,3}(?:geen|nauwelijks een|amper een) woord",
    r"geen woord (?:met|tegen) (?:iemand|niemand)",
    r"praat (?:\w+ ){0,3}(?:alleen |enkel |nog )?(?:met|tegen) (?:de |mijn )?(?:kat|hond|tv|televisie|radio|planten|muren|mezelf)",
    r"tenminste (?:even |nog |eens )?(?:met iemand|iemand|een mens|wat aanspraak|aanspraak|wat contact)",
    r"(?:enige|enigste) (?:\w+ ){0,4}(?:is|zijn) (?:de |mijn )?(?:radio|tv|televisie|kat|hond|poes|caissiere|thuiszorg|postbode)",
    r"(?:enige|enigste) (?:\w+ )?(?:aanspraak|gezelschap|contact\w*|vriend\w*|praatje) (?:\w+ ){0,3}(?:is|zijn|bestaat)",
    r"ken (?:\w+ ){0,3}(?:niemand|geen mens|bijna niemand|haast niemand|geen kip|geen hond|geen buren)(?! die\b)",
    # nobody comes, calls or greets: "er komt nooit iemand", "niemand belt", "mijn telefoon gaat nooit"
    r"niemand (?:\w+ ){0,2}komt (?:\w+ ){0,3}(?:langs|op bezoek|bij (?:me|mij|ons)|kijken|ooit)",
    r"niemand (?:\w+ ){0,2}(?:belt|bellen|bezoekt|spreekt|praat|kijkt (?:\w+ ){0,3}om|omkijkt|langs|groet|vraagt"
    r"|mist (?:me|mij)|merkt het als|zou het merken)",
    r"niemand (?:die )?(?:\w+ ){0,3}(?:aanbelt|langskomt|langs komt|op bezoek komt|opzoekt|naar me vraagt)",
    r"niemand (?:\w+ ){0,3}(?:zegt|groet|knikt|zwaait) (?:\w+ )?(?:me|mij|ons|gedag|goedendag)",
    r"niemand (?:die )?(?:\w+ )?(?:merkt|ziet|weet) (?:\w+ )?(?:of|als|dat) (?:ik|ze|hij)",
    r"niemand (?:komt |kwam )?(?:ooit )?bij (?:mij|me)(?= [.,;:!?]|$| (?:binnen|thuis|op bezoek))",
    r"(?:wou|wilde|zou willen|wens) (?:\w+ ){0,2}(?:dat )?(?:er )?iemand (?:was|is|zou zijn) (?:om|die|waarmee) (?:\w+ ){0,3}"
    r"(?:praten|eten|kletsen|delen|wandelen|koffie)",
    r"(?:komt|komen) (?:\w+ )?(?:nooit|zelden|bijna nooit|amper|haast nooit) (?:meer )?(?:iemand|bezoek|visite|een mens)",
    r"nooit (?:\w+ )?(?:visite|iemand op bezoek|iemand over de vloer)",
    r"geen (?:mens|hond) (?:die|komt|kijkt)",
    r"telefoon (?:\w+ )?(?:gaat|rinkelt) (?:\w+ )?(?:nooit|zelden|bijna nooit)",
    r"(?:kom|komt|komen) (?:\w+ ){0,2}(?:nooit|zelden|bijna nooit) (?:meer )?(?:buiten|de deur uit|onder de mensen)",
    r"(?:kom|komt|komen) (?:\w+ ){0,2}(?:niet|nooit) (?:meer )?onder de mensen",
    # no contacts, family far away or gone: "ik heb geen familie hier", "mijn kinderen komen nooit langs"
    r"geen (?:familie|vrienden|kennissen) (?:meer|hier)",
    r"geen (?:familie|vrienden|kennissen) (?:meer |hier |dichtbij )?(?:in nederland|in de buurt|in de stad|in de wijk|in deze stad)",
    r"geen (?:aanspraak|vrienden|bezoek|sociaal leven|sociale contacten|mensen om (?:me|mij) heen)",
    r"(?:geen|niemand|weinig) (?:mens |mensen |iemand )?(?:meer )?om (?:me|mij) heen",
    r"(?:heb|hebben) "
    + _gap(2)
    + r"(?:weinig|nauwelijks|amper) (?:\w+ )?(?:vrienden|familie|kennissen|sociale contacten|aanspraak|bezoek)",
    r"nooit (?:bezoek|aanspraak)",
    r"weinig (?:aanspraak|bezoek|sociale contacten)",
    r"geen contact (?:meer )?met (?:mijn |de )?(?:familie|kinderen|buren|mensen|iemand|niemand)",
    r"geen contact (?:meer )?met (?:mij|me|ons)",
    r"(?:wil|willen|wilt) (?:\w+ )?(?:niks|niets|geen contact) (?:meer )?met (?:me|mij|ons)",
    r"contact (?:\w+ ){0,3}verbroken",
    r"(?:zie|spreek|hoor) (?:ik )?(?:mijn|onze|m n) (?:kinderen|kleinkinderen|familie|zoon|dochter|zus|broer|vrienden) "
    r"(?:\w+ )?(?:nooit|zelden|bijna nooit|amper|nauwelijks|haast nooit)(?! (?:\w+ )?(?:buiten|spelen))",
    r"(?:kinderen|kleinkinderen|familie|zoon|dochter|vrienden) (?:\w+ ){0,3}(?:komen|komt) (?:\w+ ){0,2}"
    r"(?:nooit|zelden|bijna nooit|amper|nauwelijks)(?: meer)? (?:\w+ )?(?:langs|op bezoek|kijken|bij (?:me|mij|ons))",
    r"(?:kinderen|kleinkinderen|familie|zoon|dochter|vrienden) (?:\w+ ){0,5}(?:bellen|belt|zoeken|zoekt) (?:\w+ ){0,2}"
    r"(?:nooit|zelden|bijna nooit|amper|nauwelijks)",
    # missing someone: "ik mis mijn man", "mijn vrouw mis ik elke dag", "ik mis het om met iemand te praten"
    r"(?:(?:ik|ze|zij|hij|we|wij) (?:\w+ )?(?:mis|mist|missen)|mis ik|mist (?:ze|hij)) (?:\w+ ){0,2}(?:mijn|m n|onze|ons|haar|zijn) "
    r"(?:overleden |lieve )?(?:man|vrouw|partner|echtgeno\w*|vriend\w*|maatje|kinderen|kleinkinderen|familie|moeder"
    r"|vader|zoon|dochter|ouders|zus|broer|vrienden|oude buren)",
    r"(?:(?:ik|ze|zij|hij|we|wij) (?:\w+ )?(?:mis|mist|missen)|mis ik) (?:\w+ ){0,2}(?:de |het |wat )?"
    r"(?:gezelligheid|contact met (?:mensen|anderen|de buren|familie)"
    r"|het contact(?= [.,;:!?]|$)|aanspraak|gezelschap|mensen om|praatjes|sociale contact\w*|iemand|warmte|knuffel\w*|aanraking)",
    r"mis (?:mijn (?:man|vrouw|partner)|gezelschap|aanspraak|contact|mensen om)",
    r"(?:man|vrouw|partner|kinderen|familie|vrienden) (?:\w+ ){0,2}mis ik",
    r"mis (?:het )?(?:om )?(?:met iemand|met mensen|met anderen) (?:\w+ ){0,2}(?:te )?(?:praten|kletsen|lachen|eten)",
    # time that does not pass: "de weekenden duren eindeloos", "de dagen zijn lang en stil", "de zondagen zijn het ergst"
    r"(?:dagen|avonden|weekenden|weekends|zondagen|nachten|feestdagen|uren|dag|avond|weekend|zondag|kerst|winters?|tijd) "
    r"(?:\w+ ){0,3}(?:duren|duurt|duurde|kruipen|kruipt) (?:\w+ ){0,2}(?:eindeloos|lang|zo lang|nooit om)",
    r"(?:tijd|dagen|uren) (?:\w+ )?(?:gaat|gaan) (?:\w+ )?(?:zo )?(?:langzaam|niet om|nooit om)",
    r"(?:dagen|avonden|weekenden|weekends|zondagen|nachten|feestdagen) (?:\w+ ){0,2}(?:zijn|voelen|lijken) (?:\w+ )?"
    r"(?:eindeloos|zo lang|erg lang|heel lang|ontzettend lang|lang en (?:stil|leeg|eenzaam)|leeg|stil|eenzaam|saai)",
    r"(?:dag|avond|weekend|zondag) (?:\w+ ){0,2}(?:is|voelt|lijkt) (?:\w+ )?(?:eindeloos|zo lang|erg lang|heel lang|leeg|eenzaam)",
    r"(?:dagen|avonden|weekenden|weekends|zondagen|zaterdagen|feestdagen|kerst|nachten) (?:\w+ ){0,2}(?:zijn|is) (?:\w+ ){0,2}(?:het )?"
    r"(?:ergst|moeilijkst|zwaarst|eenzaamst)",
    r"dagen (?:\w+ ){0,3}(?:stil|leeg|eenzaam)",
    r"(?:eindeloze|lange lege|lege|stille|eenzame|lange eenzame) (?:dagen|avonden|weekenden|zondagen|uren|nachten)",
    r"weet (?:\w+ ){0,2}niet (?:meer )?wat ik (?:\w+ )?met (?:mijn dagen|mezelf|mijn tijd) (?:\w+ )?(?:moet|aan moet)",
    # an empty house or life: "sinds de kinderen weg zijn is het zo stil", "het huis is zo leeg", "het leven is leeg"
    r"(?:zo|erg|heel|doodstil|stil) (?:stil )?(?:in|om) (?:huis|me heen|mij heen)",
    r"stil in huis",
    r"(?:huis|flat|woning|thuis) (?:\w+ ){0,2}(?:is|voelt|lijkt|wordt) (?:\w+ ){0,2}"
    r"(?:(?:zo|erg|heel|ontzettend) (?:leeg|stil)|doodstil|leeg en stil|stil en leeg)",
    r"(?:is|voelt|lijkt|wordt) (?:het )?(?:huis|flat|woning) (?:\w+ )?(?:zo |erg |heel |ontzettend )(?:stil|leeg)",
    r"sinds (?:\w+ ){0,2}(?:kinderen|kids|zoon|dochter|man|vrouw|partner|vrienden) (?:\w+ ){0,4}(?:weg|uit huis|het huis uit|de deur uit"
    r"|overleden|gestorven|dood|vertrokken|verhuisd|er niet meer) + (?:stil|leeg|niemand|eenzaam|mis|lang|saai|niks te doen|niets te doen"
    r"|met mijn dagen|met mezelf|met mijn tijd)",
    r"(?:mijn |het )?leven (?:\w+ )?(?:is|voelt|lijkt) (?:\w+ ){0,2}(?:leeg|zinloos|eenzaam)",
    r"(?:is|voelt|lijkt) (?:het |mijn )?leven (?:\w+ )?(?:zo |erg |heel |nu )?(?:leeg|zinloos|eenzaam)",
    r"tegen de muren (?:op )?(?:praat|kijk|aankijk)",
    r"kijk (?:de hele dag )?tegen de muren aan",
)

ZORGBEHOEFTE_WORDS: Tuple[str, ...] = (
    r"dement\w*",
    r"alzheimer",
    r"parkinson",
    r"beroerte",
    r"herseninfarct",
    r"hersenbloeding",
    r"hersenletsel",
    r"rolstoel",
    r"rollator",
    r"scootmobiel",
    r"looprek",
    r"rolstoelgebonden",
    r"traplift",
    r"slecht ter been",
    r"moeilijk ter been",
    r"slecht lopen",
    r"bedlegerig",
    r"verpleeghuis\w*",
    r"verzorgingshuis\w*",
    r"incontinent\w*",
    r"slechtziend\w*",
    r"slechthorend\w*",
    r"blind",
    r"doof",
    r"verlamd",
    r"halfzijdig\w*",
    r"geamputeerd",
    r"hulpbehoevend\w*",
    r"zorgbehoevend\w*",
    r"zorgafhankelijk\w*",
    r"invalide",
    r"gehandicapt",
    r"mindervalide",
    r"minder mobiel",
    r"niet (?:meer )?mobiel",
    r"vergeetachtig\w*",
    r"in de war",
    r"verward",
    r"geheugenproblem\w*",
    r"chemo\w*",
    r"bestraling\w*",
    r"dialyse",
    r"copd",
    r"longziekte",
    r"hartfalen",
    r"spierziekte",
    r"reuma\w*",
    r"artrose",
    r"valpartij\w*",
    r"valgevaar",
    r"gebroken heup",
    r"heupfractuur",
    r"terminaal",
    r"palliatie\w*",
    r"sondevoeding",
    r"zuurstof ?fles\w*",
    r"zuurstofapparaat",
    r"stoma",
)

ZORGBEHOEFTE_PHRASES: Tuple[str, ...] = (
    # daily tasks no longer possible: "ik kom de trap niet meer op", "kan niet meer zelf douchen",
    # "kan mijn post niet meer lezen", "dat ik de brieven niet meer kan lezen", "boodschappen doen lukt niet meer"
    r"(?:kan|kun|kunnen|kon|konden|kom|komt|komen|lukt|lukken|lukte|gaat|gaan) (?:\w+ ){0,4}?"
    + _HARDLY_ANYMORE
    + r" (?:\w+ ){0,3}?"
    + _DAILY_TASK
    + _NOT_MONEY,
    r"(?:kan|kun|kunnen|kon|konden|kom|komt|komen) (?:\w+ ){0,3}?"
    + _DAILY_TASK
    + r" (?:\w+ ){0,3}?"
    + r"(?:niet meer|nauwelijks|amper|bijna niet|haast niet|niet)"
    + _NOT_MONEY,
    r"(?:niet meer|nauwelijks|amper|bijna niet|haast niet|moeilijk) (?:kan|kunnen|kon) (?:\w+ )?"
    + _DAILY_TASK
    + _NOT_MONEY,
    _DAILY_TASK
    + r" (?:\w+ ){0,3}(?:lukt|lukken|lukte|gaat|gaan|ging) (?:\w+ ){0,2}(?:niet|nauwelijks|amper|moeilijk|bijna niet|slecht"
    r"|steeds slechter|steeds moeilijker|met moeite)",
    _DAILY_TASK
    + r" "
    + _gap(5)
    + r"(?:niet meer|nauwelijks|amper|bijna niet|haast niet) (?:te doen|mogelijk|haalbaar|te doen voor)",
    _DAILY_TASK
    + r" (?:\w+ )?(?:wordt|is|valt|werd) (?:me|mij|haar|hem|ons) (?:\w+ )?(?:te zwaar|zwaar|te veel|te moeilijk)",
    r"(?:kom|komt|komen|kan|kon|kunnen) (?:\w+ )?(?:de deur|het huis|mijn huis|de flat) (?:\w+ ){0,2}(?:niet|nauwelijks|amper|bijna niet"
    r"|haast niet)(?: meer)? uit",
    r"(?:niet meer|nauwelijks nog|bijna niet meer|niet langer) zelf(?:standig)?\b(?! (?:\w+ )?(?:betalen|kopen))",
    r"(?:alleen|zelf) lukt (?:het|dat) (?:\w+ )?niet meer",
    r"(?:vuilnis\w*|afval|boodschappen|tassen) (?:\w+ ){0,2}(?:niet meer|nauwelijks|amper) (?:\w+ ){0,2}(?:naar beneden|naar boven"
    r"|de trap (?:op|af)|tillen|dragen|sjouwen|wegbrengen)",
    r"(?:hulp|iemand) nodig om (?:\w+ ){0,4}(?:te (?:komen|lopen|douchen|wassen|koken|staan|gaan)|aan te kleden|op te staan|uit bed)",
    r"(?:niet meer alleen|niet meer zelf|niet zonder hulp|niet meer zonder hulp) (?:\w+ )?(?:naar buiten|de straat op|naar beneden|de trap af)",
    r"afhankelijk (?:\w+ )?van (?:anderen|iemand|hulp|mijn (?:kinderen|buren|dochter|zoon|buurvrouw|buurman)) (?:voor|bij|om)",
    # can't look after oneself or live alone
    r"zorgt? (?:\w+ ){0,2}niet (?:meer )?(?:goed )?voor (?:zich|zichzelf|mezelf|haarzelf|hemzelf)",
    r"(?:kan|kunnen) (?:\w+ ){0,2}(?:niet|nauwelijks) (?:meer )?(?:goed )?voor (?:zichzelf|mezelf|mijzelf|haarzelf|hemzelf|zich) "
    r"(?:zorgen|koken|opkomen)",
    r"red\w* (?:zich|me|mij|mezelf|zichzelf) (?:\w+ )?(?:niet|nauwelijks|amper)(?: meer)?(?: \w+)? (?:alleen|zelf|thuis|in huis|meer)",
    r"kan (?:\w+ ){0,2}niet meer alleen (?:wonen|zijn|thuis)",
    r"niet meer (?:\w+ )?(?:zelfstandig|alleen) (?:kan |kunnen )?(?:wonen|redden)",
    # needs care, nobody helps: "ik heb hulp nodig bij het aankleden", "niemand helpt haar"
    r"(?:zorg|verzorging|thuiszorg|verpleging|mantelzorg|toezicht|24 uurs zorg) nodig",
    r"(?:heb|heeft|hebben) (?:\w+ ){0,2}(?:hulp|zorg|verzorging) nodig(?= [.,;:!?]|$| (?:maar|en|want|omdat|sinds|in huis|thuis)\b)",
    r"(?:heb|heeft|hebben) (?:\w+ ){0,3}(?:hulp|iemand) nodig (?:bij|met|voor) (?:het )?(?:wassen|douchen|aankleden|eten|lopen"
    r"|boodschappen|opstaan|koken|huishouden|schoonmaken|medicijnen|traplopen|lezen|post|brieven|naar de dokter|naar bed)",
    r"hulp nodig (?:in|bij) (?:huis|de huishouding|het huishouden)",
    r"(?:helpt|helpen|hulp|help) (?:\w+ )?(?:met|bij) (?:het )?(?:wassen|douchen|aankleden|uitkleden|opstaan|naar bed|medicijnen"
    r"|steunkousen|boodschappen doen|traplopen|in bad)",
    r"(?:heb|heeft|hebben|krijg|krijgt|krijgen|had|kreeg) (?:\w+ ){0,3}(?:thuiszorg|wijkverpleging|huishoudelijke hulp)",
    r"(?:thuiszorg|wijkverpleging|wijkverpleegkundige) (?:\w+ ){0,2}(?:komt|kwam|komen|langs|over de vloer|aangevraagd|aanvragen|geregeld)",
    r"(?:moet|moeten) (?:iemand|er iemand) (?:\w+ ){0,2}(?:naar|voor) (?:hem|haar|mij|ons) (?:kijken|zorgen)",
    r"niemand (?:die )?(?:\w+ )?(?:helpt|zorgt voor|kijkt naar|kijkt om naar|verzorgt) (?:haar|hem)",
    r"niemand (?:die )?(?:haar|hem) (?:helpt|verzorgt)",
    r"(?:zorg|zorgt) (?:\w+ ){0,2}dag en nacht voor",
    r"(?:zieke|dementerende|demente|gehandicapte|invalide|hulpbehoevende|bedlegerige|terminale|terminaal zieke) "
    r"(?:man|vrouw|partner|moeder|vader|zoon|dochter|kind|buurman|buurvrouw|ouders|schoonmoeder|schoonvader|oma|opa)",
    # falls
    r"valt (?:steeds|vaak|telkens|regelmatig|weer|de laatste tijd|soms|om)",
    r"(?:is|ben) (?:\w+ ){0,3}gevallen",
    r"(?:sinds|na|door) (?:mijn|haar|zijn|de|een) (?:\w+ )?(?:val|valpartij|beroerte|herseninfarct|hersenbloeding|ongeluk|operatie) "
    r"+ (?:kan|kon|kom|durf|lukt|loop|moet|hulp|rolstoel|rollator|niet meer)",
    r"bang (?:om )?(?:te )?(?:vallen|struikelen)",
    r"bang (?:\w+ ){0,2}dat (?:ik|hij|zij|ze|mijn \w+) (?:\w+ ){0,4}(?:valt|vallen|struikelt)",
    # memory and confusion: "mijn moeder wordt vergeetachtig", "hij herkent me niet meer"
    r"(?:wordt|raakt|is) (?:steeds |erg |heel |zo )?(?:vergeetachtig|verward|dement)",
    r"(?:vergeet|vergeten) (?:\w+ ){0,2}(?:steeds|van alles|vaak|dingen|te eten|(?:haar|zijn|mijn) (?:medicijnen|pillen)|medicijnen|pillen)",
    r"(?:raakt|raak|raken|raakte) (?:\w+ )?de weg kwijt",
    r"weet (?:\w+ ){0,2}niet meer wie (?:ik|hij|zij|ze|wij|we) (?:ben|is|zijn)",
    r"herkent (?:me|mij|ons|mijn \w+|haar \w+|zijn \w+) (?:\w+ )?niet meer",
    r"(?:dwaalt|dwalen|zwerft|zwerven) (?:\w+ ){0,3}(?:rond|over|door|op straat|s nachts)",
    r"(?:nachtjapon|pyjama|ochtendjas|ondergoed) (?:\w+ )?(?:op straat|buiten|over de galerij|in het trappenhuis)",
    # senses, body, illness: "mijn ogen worden slechter", "ik loop slecht", "mijn man heeft kanker"
    r"(?:zie|ziet|hoor|hoort) (?:\w+ ){0,2}(?:bijna |haast |vrijwel )?(?:niks|niets) meer(?! van)",
    r"(?:zie|ziet|hoor|hoort) (?:steeds |heel |erg |bijna )?(?:slecht|slechter|minder)(?= [.,;:!?]|$| (?:en|sinds|de laatste|door))",
    r"(?:ogen|gehoor|zicht|geheugen|benen|knieen|knie|heupen|heup|rug|evenwicht) (?:\w+ ){0,3}(?:worden |wordt |gaan |gaat )?"
    r"(?:steeds |zo |erg |heel )?(?:slechter|slecht geworden|achteruit|versleten|wil niet meer|willen niet meer|laat \w+ in de steek"
    r"|laten \w+ in de steek)",
    r"(?:ik|hij|zij|ze|moeder|vader|man|vrouw|buurman|buurvrouw|oma|opa|partner) (?:\w+ ){0,2}(?:gaat|ga|ging|gaan) "
    r"(?:hard |snel |flink |erg |zichtbaar |lichamelijk |geestelijk )?achteruit",
    r"(?:ik|hij|zij|ze|moeder|vader|man|vrouw|buurman|buurvrouw|oma|opa|partner) (?:\w+ )?(?:loop|loopt|lopen) (?:\w+ )?"
    r"(?:slecht|moeilijk|moeizaam|niet meer)",
    r"(?:loop|loopt) (?:ik|hij|zij|ze) (?:\w+ )?(?:slecht|moeilijk|moeizaam|niet meer)",
    r"zit\w* (?:\w+ ){0,2}vast in (?:huis|mijn \w+|de flat)",
    r"(?:is|ben|wordt|werd) (?:erg |ernstig |heel |zwaar |terminaal |chronisch |vaak |al lang )?ziek(?! van| om| als| geweest)",
    r"(?:heb|heeft|hebben|had) (?:\w+ ){0,2}(?:kanker|een hersentumor|copd|hartfalen)(?: gekregen)?",
    r"(?:verstandelijk|lichamelijk|meervoudig) (?:\w+ )?(?:beperkt|gehandicapt)",
    r"(?:verstandelijke|lichamelijke) beperking",
    r"gaat (?:\w+ )?niet (?:goed|best|lekker) (?:meer )?met (?:hem|haar|mijn (?:moeder|vader|man|vrouw|buurman|buurvrouw|oma|opa))",
    # neglect: "hij eet bijna niks", "mijn buurvrouw verwaarloost zichzelf"
    r"(?:hij|zij|ze|moeder|vader|man|vrouw|buurman|buurvrouw|oma|opa|tante|oom|zus|broer) (?:\w+ ){0,4}(?:eet|drinkt) (?:\w+ ){0,2}"
    r"(?:bijna |haast )?(?:niks|niets|nauwelijks|te weinig)",
    r"verwaarloost (?:\w+ )?(?:zich|zichzelf)",
    r"(?:hij|zij|ze|moeder|vader|man|vrouw|buurman|buurvrouw) (?:\w+ ){0,3}verwaarloos\w*",
    r"(?:zijn|haar) (?:huis|woning|flat) (?:\w+ ){0,3}(?:vervuild|verwaarloosd|vol rommel|vol troep)",
)

ONVEILIG_THUIS_WORDS: Tuple[str, ...] = (
    r"huiselijk geweld",
    r"mishandel\w*",
    r"bedreig\w*",
    r"geslagen",
    r"stalk\w*",
    r"intimid\w*",
    r"lastig ?gevallen",
    r"koolmonoxide",
    r"gaslek\w*",
    r"gaslucht",
    r"vrouwenopvang",
    r"blijf van mijn lijf\w*",
    r"crisisopvang",
    r"handtastelijk\w*",
    r"gewelddadig\w*",
    r"blauwe plekken",
)

ONVEILIG_THUIS_PHRASES: Tuple[str, ...] = (
    # afraid at home: "ik voel me niet veilig in mijn eigen huis", "thuis ben ik bang", "ik durf niet meer naar huis"
    r"(?:voel\w* (?:\w+ ){0,3}(?:niet|nooit|nergens) (?:meer )?veilig|voel\w* (?:\w+ ){0,3}onveilig) + " + _HOME,
    r"(?:niet|nooit) (?:meer )?veilig (?:\w+ ){0,2}(?:in|op) (?:mijn|ons|onze|m n) (?:eigen )?" + _HOME,
    r"(?:ben|voel) (?:ik |me |mij )*(?:\w+ )?(?:niet|nooit) (?:meer )?veilig + (?:man|vriend|partner|ex|vader|stiefvader|zoon|hij"
    r"|gedronken|dronken|boos|kwaad|bij hem|bij haar)",
    r"(?<!\b(?:niet|nooit|nergens|geen) (?:\w+ )?)(?:bang|angstig|doodsbang)(?! dat) (?:\w+ ){0,4}(?:in|op|rond|bij|om) (?:\w+ ){0,2}"
    + _HOME
    + r"(?! (?:gezet|uit))",
    _HOME + r" (?:\w+ ){0,3}(?:ben|voel|zijn|zit) " + _gap_no_neg(2) + r"(?:bang|angstig|doodsbang)",
    r"(?:bang|angstig) (?:om )?(?:\w+ ){0,2}naar huis",
    r"(?:durf|durft|durfde|durven|durfden) (?:\w+ ){0,4}?(?:niet|nauwelijks|amper|bijna niet|haast niet)(?: meer)? (?:\w+ ){0,3}?"
    r"(?:naar huis|thuis te (?:komen|zijn|slapen)|alleen thuis|te slapen|slapen"
    r"|(?:de|mijn|ons|het) (?:huis|woning|flat|portiek|trappenhuis|galerij|lift|voordeur|deur) (?:\w+ )?(?:uit|in|binnen|open|door))",
    r"(?:durf|durft|durfde|durven|durfden) (?:\w+ ){0,2}(?:de|mijn|ons|het) (?:huis|woning|flat|portiek|trappenhuis|galerij|lift|voordeur"
    r"|deur) (?:\w+ ){0,2}(?:niet|nauwelijks|amper|bijna niet|haast niet)(?: meer)? (?:uit|in|binnen|open|door)",
    # violence by someone close: "mijn man slaat me", "ik word thuis geduwd", "hij gooit met spullen"
    r"(?:slaat|sloeg|schopt|schopte|duwt|duwde|knijpt|kneep|trapt|trapte|wurgt|wurgde) (?:\w+ )?(?:me|mij|ons|haar|hem|de kinderen"
    r"|mijn (?:kind\w*|zoon|dochter|moeder|vader|vrouw|man|vriendin|vriend|broer|zus))",
    r"(?:word|wordt|werd|worden) (?:\w+ ){0,3}(?:geduwd|geschopt|geslagen|gestompt|vastgepakt|gewurgd|uitgescholden|bedreigd|opgesloten"
    r"|gekleineerd|vernederd|gecontroleerd)(?: \w+){0,4} door (?:(?:mijn|m n|haar|zijn) \w+|de (?:buurman|buurvrouw|buren|bovenburen"
    r"|onderburen|bovenbuurman|onderbuurman|buurjongen))",
    r"(?:word|wordt|werd) (?:\w+ )?thuis (?:\w+ ){0,2}(?:geduwd|geschopt|geslagen|gestompt|uitgescholden|bedreigd|opgesloten|gekleineerd"
    r"|vernederd)",
    r"(?:gooit|gooide|gooien|smijt|smijten|smeet) (?:\w+ ){0,2}(?:met|naar) (?:\w+ ){0,2}(?:spullen|dingen|borden|glazen|stoelen|servies"
    r"|meubels|me|mij|ons|haar)",
    r"(?:vliegen|vloog|vlogen) (?:\w+ ){0,2}(?:dingen|spullen|borden|glazen|stoelen|servies) (?:\w+ )?(?:door|tegen|over|naar)",
    r"geweld (?:\w+ )?thuis",
    r"thuis (?:\w+ )?geweld",
    # anger, threat and fear of someone close: "mijn partner wordt snel boos en ik ben bang", "ik ben bang voor hem"
    _CLOSE_PERSON
    + r" (?:\w+ ){0,4}(?:is|wordt|word|werd|raakt|kan) (?:\w+ ){0,2}(?:agressief|agressiever|gewelddadig|handtastelijk)",
    r"agressie (?:\w+ ){0,2}(?:thuis|in huis|van (?:mijn|hem|haar))",
    _CLOSE_PERSON
    + r" (?:\w+ ){0,4}(?:is|wordt|word|werd|raakt|kan) (?:\w+ ){0,2}(?:boos|kwaad|driftig|woedend|jaloers|dronken)"
    r" + (?:bang|angst\w*|durf|eieren|slaat|sla|gooit|gooien|smijt|schreeuw\w*|pijn|dreig\w*|vlucht\w*|bescherm\w*|klappen)",
    _CLOSE_PERSON + r" (?:\w+ ){0,3}(?:boos|kwaad|driftig|woedend|dronken) (?:\w+ )?(?:is|wordt|word|werd|raakt)"
    r" + (?:bang|angst\w*|durf|eieren|slaat|sla|gooit|gooien|smijt|schreeuw\w*|pijn|dreig\w*|vlucht\w*|bescherm\w*|klappen)",
    r"(?:kort lontje|ontploft|explodeert|flipt|door het lint|uit zijn dak|uit haar dak|tekeer) + (?:bang|angst\w*|durf|slaat|gooit"
    r"|schreeuw\w*|pijn|eieren|veilig|kapot)",
    _CLOSE_PERSON + r" (?:\w+ ){0,4}(?:dreigt|dreigde|dreigen)(?! te\b)",
    _CLOSE_PERSON
    + r" (?:\w+ ){0,3}(?:kleineert|vernedert|manipuleert|scheldt) (?:\w+ )?(?:me|mij|ons|haar|hem|de kinderen)",
    r"(?:zegt|noemt|vindt) (?:\w+ ){0,3}(?:niks|niets) waard",
    r"(?:wordt|word|werd|is|raakt) (?:hij|zij|mijn \w+) (?:\w+ )?(?:boos|kwaad|woedend|driftig|agressief)"
    r" + (?:bang|angst\w*|durf|slaat|sla|gooit|smijt|schreeuw\w*|pijn|dreig\w*|deur dicht|tegen de muur)",
    r"(?:haar|hem|me|mij|ons|de kinderen|mijn \w+) (?:\w+ )?(?:iets|wat) (?:\w+ )?(?:aandoet|aan (?:zal |gaat )?doen|aan te doen|aandoen)",
    r"bang (?:\w+ )?voor (?:mijn|de|onze) (?:eigen )?(?:ex|man|vriend|partner|buurman|buurvrouw|buren|vader|stiefvader|zoon|broer|bovenburen"
    r"|onderburen|schoonvader)",
    r"(?:ben|zijn|is|zijn we|ben ik) (?:\w+ ){0,2}bang (?:\w+ )?voor (?:hem|haar)",
    r"bang (?:\w+ )?voor wat (?:hij|zij|ze|mijn \w+) (?:\w+ )?(?:doet|zal doen|gaat doen|kan doen|zou doen)",
    r"(?:bang|angstig|spannend|eng) + (?:als|wanneer|voordat|tot) (?:hij|zij|ze|mijn (?:man|vriend|partner|vader|stiefvader|zoon|vrouw"
    r"|vriendin)) (?:\w+ ){0,2}(?:thuiskomt|thuis komt|binnenkomt|dronken|gedronken|boos|kwaad)",
    r"(?:loop|lopen|loopt) (?:\w+ ){0,2}op eieren",
    r"op eieren (?:lopen|loop|loopt)",
    r"welke bui (?:hij|zij|ze|mijn \w+) (?:\w+ )?(?:is|thuiskomt|heeft)",
    # control: "ik mag niks van hem", "hij houdt me binnen", "mijn ex heeft nog een sleutel"
    r"mag (?:\w+ ){0,3}(?:niet|nooit|niks|niets) (?:\w+ ){0,4}van (?:hem|haar|mijn (?:man|vrouw|partner|vriend|vader|schoonmoeder"
    r"|schoonfamilie))",
    r"(?:mag|mocht) (?:\w+ ){0,2}(?:niemand|geen vrienden|geen familie|niet naar buiten|niet weg|de deur niet uit"
    r"|niet alleen (?:weg|naar buiten))(?! (?:\w+ ){0,2}van (?:de )?(?:dokter|arts|huisarts|specialist))",
    r"(?:houdt|hield) (?:me|mij|ons) (?:\w+ )?(?:binnen|opgesloten|vast)",
    r"sluit (?:me|mij|ons) (?:\w+ )?op",
    r"(?:pakt|neemt|houdt) (?:\w+ ){0,2}(?:mijn )?(?:telefoon|geld|pinpas|bankpas|paspoort|sleutels) (?:\w+ )?(?:af|achter|in beslag)",
    r"(?:controleert|checkt) (?:\w+ ){0,2}(?:mijn telefoon|alles wat ik|waar ik)",
    r"(?:steelt|stal|pakt) (?:\w+ ){0,2}(?:van|uit) (?:me|mij|ons|mijn portemonnee)",
    r"(?:mijn|m n) ex\w* (?:\w+ ){0,4}(?:voor (?:mijn|de) deur|laat (?:me|mij|ons) niet (?:met rust|los)|achtervolgt|volgt (?:me|mij)"
    r"|blijft (?:\w+ )?(?:langskomen|bellen|appen|aanbellen|lastigvallen)|komt (?:\w+ )?(?:zomaar |steeds |ongevraagd )?binnen"
    r"|heeft (?:nog )?(?:een )?sleutel)",
    r"(?:staat|stond|staan) (?:\w+ ){0,2}(?:voor|aan) (?:mijn|onze) deur (?:\w+ ){0,2}te (?:schreeuwen|bonken|dreigen|schelden|razen"
    r"|trappen|tieren)",
    r"(?:ingebroken|inbraak) (?:\w+ ){0,2}bij (?:mij|ons|me)",
    r"veilig thuis (?:\w+ )?(?:gebeld|bellen|ingeschakeld|melding|gemeld|betrokken)",
    # heard through the wall or at home: "ik hoor de buren schreeuwen en met dingen gooien"
    r"(?:hoor|hoorde|horen|hoort) (?:\w+ ){0,5}(?:gillen|gegil|slaan|vechten|gooien|smijten|dreigen|krijsen"
    r"|om hulp|mishandelen|tekeer gaan|tekeergaan)"
    r" + (?:buren|buurman|buurvrouw|bovenburen|onderburen|naast|hiernaast|door de muur|door de muren|boven|beneden|thuis|bij ons"
    r"|achter de deur)",
    r"(?:schreeuw\w*|geschreeuw|ruzie\w*|tier\w*|\w*scheld\w*|uitgescholden|brul\w*)"
    r" + (?:gooi\w*|smijt\w*|smeet|slaan|slaat|sloeg|sla|vecht\w*|gil\w*|gegil|klappen|dreig\w*|krijs\w*|pijn|politie|bang|geweld\w*"
    r"|duw\w*|schop\w*|aandoe\w*|aan te doen|kapot)"
    r" + (?:thuis|huis|naast|buren|buurman|buurvrouw|bovenburen|onderburen|hiernaast|door de muur|partner|man|vriend|vrouw|ex|vader"
    r"|stiefvader|hij|zij|ons)",
    # hazards in the home: "de schimmel maakt me ziek", "water langs het stopcontact", "het ruikt naar gas"
    r"(?:schimmel\w*|vocht\w*|lek|lekt|lekken|lekkage\w*|tocht|koud|ijskoud|verwarming|kachel|cv\w*|stank|ongedierte|ratten|muizen"
    r"|kakkerlak\w*|asbest|rook|stof|gaskachel\w*|geiser\w*|afzuiging|ventilatie)"
    r" + (?:ziek\w*|hoest\w*|astma\w*|benauwd\w*|ongezond\w*|longen|longklacht\w*|allergi\w*|gezondheid|verkouden|adem\w*"
    r"|kou vatten|hoofdpijn|misselijk|duizelig|eczeem|bronchitis|longontsteking)",
    r"(?:stopcontact\w*|elektra|bedrading|meterkast|leiding\w*) + (?:water|lek\w*|nat|vonk\w*|kortsluiting|gevaarlijk|brand\w*|schok\w*"
    r"|stroomstoot\w*)",
    r"(?:lekt|lekken|lekkage|water|nat) + (?:lamp\w*|lichtpunt\w*|fitting\w*|stopcontact\w*|meterkast|bedrading|elektra)",
    r"(?:losse|blote|kale|open) (?:elektriciteits|stroom)?(?:draden|bedrading|kabels)",
    r"(?:ratten|muizen|kakkerlak\w*|ongedierte|wandluizen|bedwantsen) + (?:in (?:mijn|ons|onze|de) (?:huis|woning|keuken|slaapkamer|bed)"
    r"|binnen)",
    r"(?:plafond|dak|balkon) (?:\w+ ){0,5}(?:naar beneden|ingestort|instort\w*|stort)",
    r"(?:vallen|valt|vielen|komen|komt) (?:\w+ ){0,2}(?:stukken|brokken|tegels|stenen|pleister|kalk) (?:\w+ ){0,3}"
    r"(?:naar beneden|uit het plafond|van het plafond|van de muur|van het balkon|van de gevel)",
    r"(?:ruikt|ruik|ruiken|stinkt|rook) (?:\w+ ){0,3}naar gas",
    r"koolmonoxidemelder\w* (?:\w+ )?(?:gaat|ging|piept) (?:\w+ )?af",
    r"levensgevaarlijk\w* + (?:thuis|huis|woning|stopcontact\w*|balkon|gas|elektra|leiding\w*|plafond|binnen|trap|kachel|geiser)",
)

OVERBELAST_WORDS: Tuple[str, ...] = (
    r"overbelast\w*",
    r"overspannen",
    r"burn out",
    r"uitgeput",
    r"opgebrand",
    r"stress\w*",
    r"gestrest",
    r"ten einde raad",
    r"wanhopig",
    r"radeloos",
    r"doodmoe",
    r"doodop",
    r"oververmoeid",
    r"afgepeigerd",
    r"uitgeblust",
    r"overprikkeld",
    r"overwerkt",
    r"paniekaanval\w*",
    r"angstaanval\w*",
    r"depressie\w*",
    r"depressief",
    r"somber\w*",
    r"pieker\w*",
    r"gestres\w*",
    r"op mijn tandvlees",
    r"zit (?:er )?(?:\w+ )?doorheen",
    r"loodzwaar",
)

OVERBELAST_PHRASES: Tuple[str, ...] = (
    # can't cope: "ik red het niet meer", "ik kan het niet meer aan", "ik trek het niet meer", "het lukt me niet meer"
    r"red\w* (?:het|dit|alles|het allemaal|het alleen|dat)(?: (?!financieel|met geld|geldelijk)\w+){0,2}? (?:niet|nauwelijks|amper)\b",
    r"(?:kan|trek) (?:het|dit|alles|dat)(?: \w+){0,2} niet (?:meer )?(?:aan|bolwerken|trekken|volhouden|bijbenen)",
    r"trek (?:het|dit|dat|alles) (?:\w+ )?niet (?:meer|langer)(?= [.,;:!?]|$)",
    r"(?:kan|kon) (?:het|dit|dat) (?:\w+ ){0,2}niet (?:meer )?opbrengen(?!.*\b(?:huur|geld|rekening\w*|betalen|kosten)\b)"
    r"(?<!\b(?:huur|geld|rekening\w*|betalen|kosten)\b.*)",
    r"kan (?:\w+ ){0,2}niet meer aan",
    r"kan (?:echt |gewoon )?niet meer(?= [.,;:!?]|$)",
    r"(?:het|dit|dat|alles) (?:\w+ )?(?:niet|nauwelijks) (?:meer )?(?:aankan|aan kan|volhoud|bolwerk|aankon)",
    r"overzicht (?:\w+ ){0,2}(?:niet meer|kwijt|verloren)",
    r"(?:kan|kon) (?:\w+ ){0,2}het overzicht (?:\w+ )?niet (?:meer )?(?:houden|bewaren)",
    r"(?:overzie|overzien) (?:\w+ ){0,3}niet (?:meer)?",
    r"gek (?:\w+ )?(?:van|door) (?:alles|de zorgen|de stress|het geregel|al die|de druk|het piekeren|het werk)",
    r"tegen (?:een )?(?:burn out|overspannenheid|depressie|instorting) aan",
    r"(?:op )?het randje van (?:instorten|een burn out|een instorting|overspannen|knappen|een depressie)",
    r"op (?:het )?punt (?:om )?(?:in te storten|te knappen|te breken)",
    r"mijn (?:batterij|accu) (?:\w+ )?(?:is |raakt )?(?:leeg|op)(?= [.,;:!?]|$)",
    r"(?:het|dit|dat) lukt (?:me|mij|ons) (?:\w+ )?(?:gewoon |echt |allemaal )?niet meer(?= [.,;:!?]|$)",
    r"lukt (?:het|dit|dat) (?:me|mij|ons) (?:\w+ )?(?:gewoon |echt |allemaal )?niet meer(?= [.,;:!?]|$)",
    r"(?:niet|nauwelijks|amper) (?:meer )?(?:te )?combineren",
    r"aan het overleven",
    r"overlevingsmodus",
    r"weet (?:ik |het |ik het )?(?:echt |gewoon |soms |zelf )?niet meer (?:hoe|wat|waar)(?! "
    + _gap(5)
    + r"(?:betalen|rond|rondkomen))",
    r"weet (?:ik |het |ik het )?(?:echt |gewoon )?niet meer(?= [.,;:!?]|$)",
    r"(?:weet|zie) (?:\w+ ){0,3}niet (?:meer )?hoe (?:ik|we) (?:\w+ )?verder (?:moet|moeten|kan|kunnen)",
    r"eind van mijn latijn",
    r"(?:uit)?einde? van (?:mijn|m n|haar|zijn) (?:krachten|kunnen|energie)",
    r"wanhoop",
    # too much: "het wordt me allemaal te veel", "het is te veel", "er komt zoveel op me af"
    r"(?<!\b(?:huishouden|huishouding|traplopen|trap|tillen|boodschappen|lopen|koken|schoonmaken|tuin|verzorging|wassen|douchen) )"
    r"(?:wordt|werd|is|wordt het|is het) (?:me|mij|ons|haar|hem) (?:\w+ ){0,2}(?:te veel|te zwaar)",
    r"(?:het is|het wordt|wordt het|is het) (?:\w+ ){0,2}(?:te veel|te zwaar) (?:voor (?:mij|me|ons)|geworden)",
    r"(?:het|dit|alles) (?:is|wordt) (?:gewoon |echt |me |mij |allemaal |soms )*(?:te veel|te zwaar)(?= [.,;:!?]|$)",
    r"(?:het|alles) (?:\w+ )?(?:allemaal )?(?:te veel|te zwaar) (?:is|wordt|werd)",
    r"is (?:het )?(?:\w+ )?allemaal (?:gewoon )?te veel",
    r"boven (?:het|mijn) hoofd (?:\w+ )?(?:gegroeid|groeit|groeien)",
    r"groeit (?:me|mij|ons) (?:\w+ )?boven (?:het|mijn) hoofd",
    r"(?:komt|komen) (?:zoveel|zo veel|te veel|veel te veel|van alles|alles tegelijk) (?:\w+ )?op (?:me|mij|ons) af",
    r"alles (?:tegelijk|tegelijkertijd) + (?:kinderen|werk|schulden|zorg\w*|mantelzorg|alleen)",
    r"(?:te|veel te) veel (?:op (?:mijn|m n) bord|aan (?:mijn|m n) hoofd)",
    r"(?:mijn |m n )?hoofd (?:zit|is|loopt) (?:\w+ )?(?:vol|over|overvol)(?= [.,;:!?]|$| en| van)",
    r"hoofd (?:\w+ )?(?:barst|ontploft|knapt|tolt|loopt om)",
    r"hoofd (?:\w+ ){0,2}(?:nauwelijks|amper|niet|moeilijk|bijna niet)(?: meer)? boven water",
    r"(?:nauwelijks|amper|moeilijk|bijna niet) (?:meer )?(?:\w+ ){0,2}boven water",
    r"(?:water|het water) (?:\w+ ){0,3}aan (?:de|mijn) lippen",
    r"verzuip\w*",
    r"(?:ga|gaan) (?:\w+ )?kopje onder",
    r"bos (?:\w+ ){0,2}(?:niet meer|niet) (?:\w+ )?door de bomen|door de bomen (?:\w+ ){0,2}bos (?:niet|niet meer)",
    r"mantelzorg\w* + (?:te zwaar|zo zwaar|erg zwaar|te veel|zo moe|uitgeput|kapot|nooit vrij|geen tijd|geen rust"
    r"|valt (?:me |mij )?zwaar|ben op)",
    r"(?:twee|drie|2|3) banen + (?:kinderen|alleen|mantelzorg|zorg voor|alleenstaand\w*|moe|op)",
    # heavy: "ik heb het zo zwaar", "het is allemaal zo zwaar", "het valt me zwaar"
    r"(?:heb|hebben) het " + _gap_no_neg(1) + r"(?:zo |erg |heel |echt |best |ontzettend |te |nogal )?zwaar",
    r"(?:het|alles|het leven|de zorg|dit|het allemaal) (?:is|wordt|valt) (?:me |mij |ons )?"
    + _gap_no_neg(1)
    + r"(?:zo|erg|heel|echt|ontzettend|best|te) zwaar",
    r"(?:valt|vallen|viel) (?:me|mij|ons) (?:\w+ )?zwaar",
    r"(?:zorg|mantelzorg|verzorging) voor (?:\w+ ){0,3}(?:is|wordt|valt) (?:me |mij )?(?:zo |erg |heel |best |te |lood)?(?:zwaar|veel)",
    # exhausted: "ik ben op", "ik ben kapot van de zorg", "ik voel me leeg", "mijn lijf zegt stop"
    r"ben (?:helemaal |echt |compleet |gewoon |zo |totaal )?(?:op|kapot|leeg|uitgeblust|gesloopt)(?= [.,;:!?]|$)",
    r"ben (?:\w+ )?(?:mentaal|emotioneel|lichamelijk|geestelijk) (?:\w+ )?(?:op|kapot|uitgeput|leeg|moe)",
    r"ben (?:\w+ )?(?:op|kapot|gesloopt|leeg|uitgeput|doodmoe) van (?:de |het |al die |alle |mijn )?(?:zorg\w*|stress|werk|mantelzorg\w*"
    r"|zenuwen|kinderen|regelen|geregel|gedoe|ziekenhuisbezoeken)",
    r"(?:voel|voelt) (?:me|mij|zich) (?:\w+ ){0,2}(?:leeg|op|uitgeput|opgebrand|kapot|uitgeblust|overweldigd|overvraagd)"
    r"(?= [.,;:!?]|$| en| door| van)",
    r"(?:overweldigd|overvraagd)",
    r"(?:ben|voel me|voel mij) (?:zo|heel|erg|echt|ontzettend|altijd|continu|constant|zo ontzettend) moe",
    r"(?:altijd|continu|constant|steeds) (?:zo )?(?:moe|uitgeput)(?= [.,;:!?]|$| en)",
    r"geen (?:energie|puf|kracht|fut) meer",
    r"(?:heb|krijg) (?:\w+ )?geen lucht meer",
    r"(?:lijf|lichaam) (?:\w+ )?(?:zegt|roept|geeft aan) (?:\w+ )?(?:stop|nee|genoeg)",
    r"(?:loop|lopen|loopt|ga|gaat) (?:\w+ ){0,2}op (?:mijn|m n|haar|zijn|onze) (?:laatste benen|tenen|tandvlees)",
    r"(?:ga|gaat|gaan) (?:\w+ ){0,2}(?:er )?(?:aan )?onderdoor",
    r"(?:knap|knapt|knappen) (?:\w+ ){0,2}af(?= [.,;:!?]|$| als| van)",
    r"(?:(?:ik|we) (?:\w+ )?(?:stort|storten)|stort ik) (?:\w+ )?in(?= [.,;:!?]|$)",
    r"ineenstort\w*",
    r"huil (?:\w+ ){0,3}(?:elke dag|vaak|veel|de hele dag|steeds|alleen nog|iedere avond|s nachts|elke avond)",
    r"(?:zit|zat) (?:\w+ ){0,4}(?:vaak |steeds |alleen maar )?te huilen",
    # sleepless
    r"lig\w* (?:\w+ ){0,2}wakker",
    r"(?:kan|kon) (?:\w+ ){0,2}niet meer slapen",
    r"slaap (?:\w+ ){0,2}(?:slecht|niet) (?:\w+ ){0,2}(?:van|door)",
    r"slaap (?:\w+ ){0,3}(?:slecht|nauwelijks)(?= [.,;:!?]|$| (?:en|meer|sinds)\b)",
    r"(?:ik )?slaap (?:\w+ ){0,2}(?:niet|nauwelijks|amper)(?= [.,;:!?]|$| meer)",
    # alone with everything: "ik sta er alleen voor" / "sta ik er helemaal alleen voor", "alles komt op mij neer"
    r"(?:sta|staan|staat|stond|stonden) "
    + _gap_no_neg(9)
    + r"(?:alleen|in (?:mijn|m n|haar|zijn|ons|m) (?:eentje|uppie)) voor"
    r"(?! (?:de|het|een|mijn|ons|ouderen|kinderen|mensen|bewoners)\b)",
    r"er " + _gap_no_neg(1) + r"alleen voor (?:sta|staan|staat|te staan)",
    r"zorg (?:\w+ )?alleen voor (?:\w+ ){0,2}(?:kinderen|kids|gezin|moeder|vader|man|vrouw|ouders|zieke)",
    r"alles (?:\w+ ){0,2}(?:komt|ligt|rust|hangt) op (?:mij|mijn schouders|mijn bord|mijn nek)",
    r"(?:moet|doe|draag|regel|sta) (?:\w+ ){0,3}alles alleen",
    r"vraagt (?:\w+ ){0,2}alles van (?:me|mij|ons)",
    r"(?:alles moet ik|ik moet alles|moet ik alles) (?:\w+ )?(?:zelf|alleen) (?:\w+ )?(?:regelen|doen|oplossen|dragen)",
    # no room for yourself: "ik kom niet meer aan mezelf toe", "geen moment rust", "altijd maar rennen"
    r"(?:kom|komt|kwam) (?:\w+ ){0,2}(?:niet|nooit|nauwelijks|amper)(?: meer)? (?:\w+ )?aan (?:mezelf|mijzelf|zichzelf|haarzelf|hemzelf"
    r"|rust|slapen|ontspannen) toe",
    r"geen (?:tijd|moment|minuut|seconde) (?:meer )?(?:voor|om) (?:mezelf|mijzelf|rust|te rusten|bij te komen|adem te halen)",
    r"(?:geen|nooit|nauwelijks|weinig) (?:\w+ )?tijd (?:meer )?(?:voor|om) (?:mezelf|mijzelf|rust|even bij te komen|mezelf te zijn)",
    r"geen (?:moment|minuut|seconde) (?:\w+ )?rust",
    r"(?:heb|hebben) (?:\w+ )?(?:geen|nooit) (?:\w+ )?rust(?= [.,;:!?]|$| meer| voor mezelf)",
    r"(?:altijd|alleen) maar (?:rennen|vliegen|hollen|regelen|zorgen|werken|draven)",
    r"rennen (?:\w+ )?(?:tussen|van (?:\w+ )?naar)",
)

SIGNAL_WORDS: Dict[str, Tuple[str, ...]] = {
    "geldzorgen": GELDZORGEN_WORDS,
    "eenzaamheid": EENZAAMHEID_WORDS,
    "zorgbehoefte": ZORGBEHOEFTE_WORDS,
    "onveilig_thuis": ONVEILIG_THUIS_WORDS,
    "overbelast": OVERBELAST_WORDS,
}
SIGNAL_PHRASES: Dict[str, Tuple[str, ...]] = {
    "geldzorgen": GELDZORGEN_PHRASES,
    "eenzaamheid": EENZAAMHEID_PHRASES,
    "zorgbehoefte": ZORGBEHOEFTE_PHRASES,
    "onveilig_thuis": ONVEILIG_THUIS_PHRASES,
    "overbelast": OVERBELAST_PHRASES,
}

# Who is it about? Person words, nearest before the hit in its clause. Extend with words for close people.
PERSONAL_WORDS = frozenset(
    {
        "ik",
        "me",
        "mij",
        "mijn",
        "mezelf",
        "mijzelf",
        "we",
        "wij",
        "ons",
        "onze",
        "onszelf",
        "hij",
        "zij",
        "ze",
        "hem",
        "haar",
        "zichzelf",
        "hemzelf",
        "haarzelf",
        "man",
        "vrouw",
        "partner",
        "moeder",
        "vader",
        "ma",
        "pa",
        "mama",
        "papa",
        "mams",
        "oma",
        "opa",
        "zoon",
        "dochter",
        "buurman",
        "buurvrouw",
        "buren",
        "zus",
        "broer",
        "vriend",
        "vriendin",
        "ex",
        "schoonmoeder",
        "schoonvader",
        "echtgenoot",
        "echtgenote",
        "tante",
        "oom",
        "stiefvader",
        "stiefmoeder",
        "kleinzoon",
        "kleindochter",
        "buurjongen",
        "buurmeisje",
        "bovenbuurman",
        "bovenbuurvrouw",
        "onderbuurman",
        "onderbuurvrouw",
        "bovenburen",
        "onderburen",
        "schoonzus",
        "zwager",
    }
)
GENERAL_WORDS = frozenset(
    {
        "ouderen",
        "mensen",
        "bewoners",
        "buurtbewoners",
        "huurders",
        "iedereen",
        "jongeren",
        "jeugd",
        "kinderen",
        "gezinnen",
        "families",
        "senioren",
        "men",
        "je",
        "jij",
        "sommigen",
        "velen",
        "anderen",
        "gemeente",
        "corporatie",
        "woningcorporatie",
        "woningbouw",
        "overheid",
        "wijk",
        "buurt",
        "alleenstaanden",
        "mannen",
        "vrouwen",
        "moeders",
        "vaders",
        "ouders",
        "tieners",
        "nieuwkomers",
        "statushouders",
        "buurtgenoten",
        "medebewoners",
        "wijkbewoners",
        "mantelzorgers",
        "vrijwilligers",
        "oudjes",
        "hulpbehoevenden",
        "zieken",
        "studenten",
        "jongens",
        "meiden",
        "meisjes",
        "peuters",
        "kleuters",
        "inwoners",
        "gemeenschap",
        "politiek",
        "iemand",
    }
)
POSSESSIVES = frozenset({"mijn", "onze", "ons", "zijn", "haar"})  # "mijn kinderen" is personal
# "de kinderen" and "drie kinderen" in a tenant's own story are usually their own ("de kinderen wonen ver weg"),
# unless the wijk follows ("de kinderen in de buurt"); "iemand" is general only as "iemand die" ("iemand die eenzaam is").
# "wijk"/"buurt" after a preposition is a place ("ik woon in deze wijk"), not who the hit is about.
OWN_WITH_ARTICLE = frozenset({"kinderen", "kleinkinderen", "jongens", "meiden"})
COUNT_WORDS = frozenset({"twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "2", "3", "4", "5", "6", "7", "8"})
LOCATION_WORDS = frozenset({"wijk", "buurt"})
PREPOSITIONS = frozenset({"in", "uit", "naar", "door", "rond", "bij", "van", "op", "hier"})
PLACE_WORDS = frozenset({"wijk", "buurt", "straat", "flat", "school", "stad", "dorp", "plein", "portiek", "speeltuin"})
NEGATORS = frozenset({"geen", "niet", "nooit", "niks", "niets", "nergens", "zonder", "niemand"})
NEGATION_WINDOW = 3  # words before a signal word that may negate it
# A signal word framed as a goal for the wijk: "tegen eenzaamheid", "eenzaamheid aanpakken".
FRAME_BEFORE = frozenset({"tegen", "bestrijden", "bestrijding", "aanpak", "over", "voorkomen", "rond", "rondom"})
FRAME_AFTER = frozenset(
    {
        "tegengaan",
        "tegen",
        "bestrijden",
        "aanpakken",
        "verminderen",
        "voorkomen",
        "oplossen",
        "doorbreken",
        "signaleren",
        "herkennen",
        "bespreekbaar",
    }
)
PAST_MARKERS = frozenset({"vroeger", "destijds", "toentertijd", "geleden"})


def _whole_words(pattern: str) -> "regex.Pattern[str]":
    return regex.compile(rf"(?<![\w])(?:{pattern})(?![\w])")


@dataclass(frozen=True)
class _Rule:
    signal: str
    parts: Tuple["regex.Pattern[str]", ...]
    negatable: bool  # single distress words: negation and wijk-goal frames are checked
    source: str


@functools.lru_cache(maxsize=None)
def _rules() -> List[_Rule]:
    """Compiled at first use (about a second): importing the module, and so starting the action server, stays fast."""
    rules = []
    for signal in SIGNALS:
        for word in SIGNAL_WORDS.get(signal, ()):
            rules.append(_Rule(signal, (_whole_words(word),), True, word))
        for phrase in SIGNAL_PHRASES.get(signal, ()):
            parts = tuple(_whole_words(part.strip()) for part in phrase.split(" + "))
            rules.append(_Rule(signal, parts, False, phrase))
    return rules


@functools.lru_cache(maxsize=None)
def _theme_patterns() -> Dict[str, "regex.Pattern[str]"]:
    return {theme: _whole_words("|".join(words)) for theme, words in THEME_WORDS.items()}


def warm_up() -> None:
    """Compiles every pattern now, so the first wish is not the one that waits for it."""
    _rules()
    _theme_patterns()


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
    if token == "iemand":
        return "general" if index + 1 < len(tokens) and tokens[index + 1] == "die" else None
    if token in LOCATION_WORDS and PREPOSITIONS.intersection(tokens[max(0, index - 2) : index]):
        return None  # "ik woon in deze wijk en ...": a place, not who it is about
    if token in GENERAL_WORDS:
        if index > 0 and tokens[index - 1] in POSSESSIVES:
            return "personal"
        if token in OWN_WITH_ARTICLE and index > 0 and (tokens[index - 1] == "de" or tokens[index - 1] in COUNT_WORDS):
            if not PLACE_WORDS.intersection(tokens[index + 1 : index + 5]):
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


def _rule_fires(rule: _Rule, sentence: _Sentence) -> Optional[str]:
    """The words that made the rule fire in this sentence, or None."""
    if len(rule.parts) == 1:
        candidates = [(m.start(), m.end()) for m in rule.parts[0].finditer(sentence.text)]
    else:
        spans = []
        for part in rule.parts:
            match = part.search(sentence.text)
            if match is None:
                return None
            spans.append((match.start(), match.end()))
        candidates = [(min(s for s, _ in spans), max(e for _, e in spans))]
    for start, end in candidates:
        first, last = sentence.token_at(start), sentence.token_at(max(start, end - 1))
        if _in_the_past(sentence, first) or _about_someone_else(sentence, first, last):
            continue
        if rule.negatable and _negated_or_framed(sentence, first, last):
            continue
        return sentence.text[start:end]
    return None


def explain_signals(text: str) -> List[Tuple[str, str]]:
    """(signal, the words that fired it) for every rule that fired: why a wish was flagged, shown to the
    droommakelaar with the wish, and used by tests."""
    fired = []
    for sentence in _sentences(normalise(text)):
        for rule in _rules():
            words = _rule_fires(rule, sentence)
            if words:
                fired.append((rule.signal, words))
    return fired


def detect_signals(text: str) -> List[str]:
    """Zero or more of SIGNALS, in SIGNALS order: the writer's own distress (or that of someone close)."""
    found = {signal for signal, _ in explain_signals(text)}
    return [signal for signal in SIGNALS if signal in found]


def classify_themes(text: str) -> List[str]:
    """One or more of THEMES, in THEMES order; never empty, and "anders" only alone."""
    normalised = normalise(text)
    patterns = _theme_patterns()
    found = [theme for theme in THEMES if theme in patterns and patterns[theme].search(normalised)]
    if found:
        return found
    from_signals = {SIGNAL_THEMES[signal] for signal in detect_signals(text) if signal in SIGNAL_THEMES}
    if from_signals:
        return [theme for theme in THEMES if theme in from_signals]
    return ["anders"]
