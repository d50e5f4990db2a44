"""EmergencyGuard: a safety net so that acute danger is never mistaken for something else.

A missed emergency costs far more than a needless "bel 112", so after the intent classifier and the
FallbackClassifier (it is the last component of the pipeline) this component checks the (normalised)
tokens against phrases of acute danger. On a match the intent becomes `emergency`, whatever the
classifier thought. Past or general situations ("mijn buurman
sloeg vroeger zijn vrouw, wie kan ik bellen?") are left to the classifier: violence counts only
together with a sign that it is happening now. When the classifier's best guess is an emergency but the
FallbackClassifier found it too unsure, it stays unsure: the bot asks, with "er is nu gevaar" as the
first button (actions/fallback.py), and never says 112 on a guess.

A gas smell (also "rotte eieren", and a carbon monoxide alarm) becomes a question for help with the topic `gaslucht`: the outage number 0800-9009 first, and
112 when there is fire or someone feels unwell (that is acute danger, caught above).

Despair, also said indirectly ("ik kan niet meer", "het hoeft voor mij niet meer"), and the wish to die said
of oneself ("ik wil niet meer leven") become the intent `despair`, whatever the classifier thought ("stop", "nee"): the bot answers it warmly with 113, also in a form.
"""

from __future__ import annotations

from typing import List

import regex
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.tokenizers.tokenizer import Tokenizer
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from buurtbot.referral.topics import NOT_UNWELL, UNWELL
from nlu.rule_component import RuleComponent

# Danger in itself, now or not: fire, gas, someone unconscious, weapons used, suicide intent.
ALWAYS = [
    r"\b(brand|vlammen|fikkie|in de fik|staat in brand|rook (uit|in|komt)|veel rook|ruik rook)\b",
    r"\b(bewusteloos|buiten bewustzijn|ademt niet|geen adem|reageert niet meer|niet meer wakker)\b",
    r"\b(krijgt|krijg|krijgen|heeft|heb) (bijna )?geen lucht( meer)?\b|\blippen (worden|zijn|werden) blauw\b|\bblauwe lippen\b",
    r"\b(reanimeren|reanimatie|hartaanval|bloedt heel erg|veel bloed)\b",
    r"\b(neergestoken|gestoken|steekpartij|met een mes|geschoten|beschoten|schietpartij|schoten gehoord)\b",
    r"\b(mes|pistool|vuurwapen|wapen|machete|bijl) (tevoorschijn|getrokken|op mij|op ons|gericht)\b",
    r"\b(zelfmoord|suicide|mezelf van kant|mezelf iets aan|zichzelf iets aan|zichzelf van kant|niet meer leven|wil dood)\b",
    r"\b(zichzelf|zich|mezelf) (in brand|aan) te steken\b|\boverg(o|ie)ten met (benzine|spiritus|brandspiritus)\b",
    r"\b(wil|ga|gaat|dreigt te) springen\b|\bsta op (het dak|de brug|de rand)\b",
    r"\bspring(en)?\b.{0,25}\b(voor de trein|van het balkon|van het dak|van de brug|van de flat)\b|\b(voor de trein|van het balkon|van het dak|van de brug|van de flat) (te )?spring",
    r"\b(overval|overvallen|gijzeling|ontvoerd|beroven|beroofd|aan het beroven)\b",
    r"\b(geweer|vuurwapen|pistool|honkbalknuppel|machete)\b.*\b(gepakt|pakt|zwaait|dreigt|bedreigt|slaat|schieten|schiet)\b",
    r"\b(gaat|ga|dreigt te) schieten\b",
    r"\ber (een )?(einde|eind) aan (maakt|maken|te maken|wil maken)\b|\b(einde|eind) aan (mijn|haar|zijn) leven\b|\b(maakt|maak|maken) er (een )?(einde|eind) aan\b|\bafscheidsbrief\b",
    # A weapon drawn or pointed at someone.
    r"\b(trekt|trok|pakt|haalt|richt|zwaait met|houdt) (een|zijn|haar|z'n)? ?(mes|messen|pistool|wapen|vuurwapen|machete|bijl|schroevendraaier|kapotte fles|gebroken fles)\b",
    r"\b(mes|pistool|wapen|vuurwapen|machete|bijl|schroevendraaier|fles) (tegen|op|naar) (mij|me|ons|haar|hem|mijn|de) ?(keel|hoofd|buik)?\b",
    # Someone inside the home who should not be there.
    r"\b(iemand|een man|een vrouw|een vreemde|vreemden|mensen|twee mannen) (is|zijn|staat|staan|loopt|lopen|zit|zitten) (in|binnen in) (mijn|ons|m'n|het) (huis|woning|slaapkamer|appartement)\b",
    r"\bik hoor (iemand|voetstappen|gestommel|mensen) (in|beneden|boven|op)\b|\b(forceert|forceren|wrikt|wrikken|intrappen|trapt|trappen) (de|onze|mijn|het) (deur|voordeur|achterdeur|raam)\b",
    # A child in acute danger.
    r"\b(kind|kindje|kinderen|peuter|kleuter|baby|dreumes|meisje|jongetje)\b.{0,60}\b(vensterbank|balkonrand|op de rand|raam staat open|drukke weg|midden op de weg|in een auto (geduwd|getrokken)|meegenomen door|meegesleurd|in het water|in de gracht|in de sloot|ademt niet|opgesloten in de auto)\b",
    # Water, collapse, crashes.
    r"\b(in het water gevallen|in de gracht gevallen|in de sloot gevallen|verdrinkt|gaat kopje onder)\b",
    r"\b(drijft|drijven|ligt|spartelt)\b.{0,30}\b(in de gracht|in het water|in de sloot|in het kanaal|in de vijver)\b",
    # English, from newcomers and tourists.
    r"\b(breaking into|break in|breaking in|fire|smoke|not breathing|unconscious|stabbed|been shot|has a (gun|knife)|send (the )?police|call (an )?ambulance|overdose)\b",
    r"\b(in elkaar gezakt|zakte in elkaar|zakt in elkaar|epileptische aanval|stuipen|stikt|verslikt zich|krijgt een beroerte|een beroerte krijgt|overdosis|blauw aan|hartstilstand)\b",
    r"\b(aangereden|aanrijding|ingereden|tegen de gevel gereden|door een auto geschept)\b",
    # Fire and smoke in other words.
    r"\bin lichterlaaie\b|\bhet rookt (enorm|heel erg|flink|hard|overal)\b|\b(door|onder) het ijs\b|\b(zwarte|dikke|veel) rook\b|\brook\b.{0,20}\b(onder de deur|uit het raam|uit de|overal)\b|\bblauw van de rook\b|\bvuur slaat\b",
    # A body that does not respond; an overdose.
    r"\b(ligt|lag|zit)\b.{0,50}\b(beweegt niet|niet meer beweegt|geen hartslag|praat niet meer|reageert niet)\b|\bvoel geen hartslag\b|\bblauw aangelopen\b",
    r"\b(alle|hele strip|te veel|veel|handvol|doosje|een hoop) (pillen|medicijnen|tabletten|slaappillen)\b.{0,30}\b(geslikt|genomen|ingenomen|op)\b|\bpillen geslikt\b",
    # A break-in or an attack under way, and a threat to kill or hurt right now.
    r"\b(wordt|worden) (\w+ ){0,3}(ingebroken|in elkaar geslagen|in elkaar geschopt|neergestoken|aangevallen)\b|\bproberen? (binnen te komen|in te breken|(de|mijn|onze) (deur|voordeur) open te breken)\b|\bopen te breken\b",
    r"\b(gaat|wil|komt) (me|mij|ons|haar|hem) (slaan|vermoorden|doodmaken|doodsteken|neersteken|steken|afmaken)\b|\b(vermoordt|vermoord) (me|mij|je|jou|ons)\b|\b(roept|schreeuwt|zegt) dat hij (me|mij|ons|haar) (vermoordt|doodmaakt|gaat vermoorden)\b",
    r"\b(staat|loopt|rent|zwaait) (hier )?met een (mes|bijl|machete|pistool|vuurwapen|honkbalknuppel|knuppel|hamer)\b",
    # Explosions and collapse, someone fallen or jumped, someone on a motorway or the rails, fire through the door.
    r"\b(iets|ketel|boiler|gasfles|fles|auto|bom|kachel|geiser|meterkast|scooter|accu|batterij|fornuis|magnetron|pan|er) (\w+ ){0,2}ontploft\b|\bontploffing\b|\bexplosie\b|\b(laat|gaat|laten) (\w+ ){0,2}ontploffen\b",
    r"\bonder het puin\b|\bbedolven\b|\b(is|zijn) (\w+ )?ingestort\b",
    r"\b(loopt|lopen|staat|zit|ligt) (\w+ ){0,2}op (de|het) (snelweg|rijbaan|autoweg|spoor|rails|spoorbaan)\b",
    r"\bklimt over (het|de) (hek|reling|balustrade|rand)\b|\bop de (reling|balustrade) van het balkon\b",
    r"\b(brandend|brandends|brandende|vuurwerk|molotov|brandbom)\b.{0,30}\b(brievenbus|door de deur|naar binnen|gegooid)\b",
    r"\b(van|uit) (zijn|haar|het|de|een) (balkon|dak|raam|flat|galerij)\b.{0,30}\b(gesprongen|gevallen|gevallen)\b"
    r"|\b(naar beneden|omlaag) (gesprongen|gevallen)\b",
    r"\bgaskraan\b.{0,30}\b(open|opengezet|opengedraaid|opendraait|opengedraaid)\b",
    # Poisoning; a child hanging out of a window; smoke from the meter cupboard.
    r"\b(schoonmaakmiddel|bleekmiddel|bleek|chloor|ontstopper|gootsteenontstopper|vaatwastablet|wasmiddel|lampenolie|gif|rattengif|"
    r"terpentine|wasbolletje|wasbolletjes)\b.{0,30}\b(gedronken|ingeslikt|opgedronken|gegeten|binnengekregen|doorgeslikt)\b|\bvergiftigd\b|\bvergiftiging\b",
    r"\b(hangt|hangen|klimt|klimmen|valt|leunt) (\w+ ){0,2}uit (het|een) raam\b",
    r"\brookt (\w+ ){0,2}uit\b|\brook uit de meterkast\b",
    r"\ber (\w+ ){0,2}(een )?(einde|eind) aan (maakt|maken|te maken|wil maken)\b",
    r"\b(ze|hij|zij|iemand) (schieten|schiet)\b(?! niet)|\b(vechtpartij|steekpartij|schietpartij|massale vechtpartij)\b.{0,30}\baan de gang\b",
]
# A gas smell: the outage number 0800-9009 first (topic gaslucht); 112 only with fire or someone unwell.
GAS = r"\b(gaslucht|gaslek|gas lucht|rotte[ -]?eieren ?lucht|lucht van rotte eieren|ruikt naar rotte eieren|co[ -]?melder|koolmonoxide ?melder|koolmonoxide)\b|\bgas(fles)?\b.{0,30}\b(ruik|ruiken|rook|roken|stinkt|lekt|lek|sist)\b|\b(ruik|ruikt|ruiken|rook|stinkt|lekt|sist|lucht van|geur van|ruikt naar|stinkt naar)\b.{0,30}\bgas(fles)?\b|\b(smell gas|gas leak|gas smell)\b"
# Words that place a danger in the past; they overrule the list above unless a sign of "now" is there too.
PAST = r"\b(vorig jaar|vorige (week|maand)|gisteren|eergisteren|vroeger|laatst|toen|(weken|maanden|jaren|dagen) geleden|al (maanden|jaren|weken))\b"
# Violence or intrusion that counts only when it is happening now.
VIOLENCE = r"\b(slaat|slaan|geslagen|schopt|schoppen|geschopt|trapt|trappen|vecht|vechten|mishandelt|wurgt|gewurgd|aangevallen|bedreigt|inbreker|inbrekers|breken in|inbraak|naar binnen|aan haar haren|aan zijn haren)\b"
NOW = r"\b(nu|nou|op dit moment|meteen|snel|help|gilt|schreeuwt|bloed|bloedt|aan de gang|ik zie het|zie ik)\b|!!"
# "nu is hij naar zijn werk", "het is nu veilig": "now" that says the danger is away.
SAFE_NOW = r"\bnu (is|zijn) (hij|zij|ze|die) (weg|naar|niet thuis|aan het werk|op het werk|de deur uit)\b|\b(is|ben|zijn) (het |we |ik )?nu veilig\b|\bhet is nu veilig\b"

# (In the patterns, "zaterdag" stands for "zat": the normaliser reads it as the day's abbreviation.)
# "ik wil niet meer" is despair when the message speaks of life, death or everything; otherwise often just "no".
NOT_ANY_MORE = regex.compile(r"\bik wil (echt |gewoon )?niet meer$")
LIFE_WORDS = regex.compile(r"\b(leven|dood|moe|hoofd|alles|allemaal|niks|niets|verder|op|klaar|zin|zinloos)\b")
# Despair and thoughts of suicide said indirectly: each gets a warm answer with 113, never "stop" or "no".
# (Said directly, "zelfmoord", "ik wil dood", they are in ALWAYS too: of oneself, without an act under way or
# "now", they get the despair answer (is_own_wish_to_die); of someone else, the emergency answer.)
DESPAIR = [
    r"\bik kan (het |dit |echt |gewoon |bijna |gewoonweg )*niet meer( aan| verder| tegenop| door)?( ik\b| en\b|$)",
    r"\bik (trek|hou|houd) het (echt |gewoon )?niet (meer|langer)( vol| uit)?\b",
    r"\b(het|t|alles) hoeft (voor mij|van mij|allemaal)( allemaal| echt| gewoon)* niet meer$",
    r"\bhoeft het (voor mij|van mij|allemaal)( allemaal| echt| gewoon)* niet meer$|\bvoor mij hoeft (het|t) (allemaal )?niet meer\b",
    r"\bik zie het (echt |allemaal |gewoon )?niet meer zitten\b",
    r"\bzie (echt |gewoon )?geen (uitweg|toekomst|licht|reden om door te gaan)( meer)?\b",
    r"\b(wil|ga) er (gewoon |echt )?niet meer zijn\b|\bwil (er )?niet meer (hier )?zijn\b|\bwil (gewoon )?verdwijnen\b",
    r"\bals ik er (gewoon )?niet meer (was|ben|zou zijn)\b|\bben ik er (toch |bijna |straks )+niet meer\b",
    r"\bik ben er (\w+ ){0,4}(toch|bijna) (\w+ )?niet meer\b|\bik (er )?(gewoon )?niet meer (ben|was)$",
    r"\bbeter af zonder (mij|me)\b|\bniemand zou (mij|me|het) (missen|merken)\b|\bniemand mist (mij|me)\b",
    r"\bwaarom zou ik (nog |er nog )?(doorgaan|verder gaan|verder|leven|zijn|er nog zijn)\b",
    r"\b(niet|nooit) meer wakker (worden|te worden|wordt?)\b|\bniet meer wakker\b",
    r"\b(weg|slapen|rust|ophoudt|ophouden)( ,)? (voor altijd|voorgoed)\b|\b(voorgoed|voor altijd) (weg|slapen|rust)\b|\bweg van deze wereld\b",
    r"\b(mijn|m'n|het|dit) leven heeft (echt |allemaal )?geen zin( meer)?\b|\bheeft (het |alles )?(allemaal )?geen zin meer$|\bheeft (het )?(toch )?allemaal geen zin( meer)?$",
    r"\bik (ben|voel me|voel mij) (zo |echt |heel |helemaal )?(wanhopig|radeloos|hopeloos)\b",
    r"\b(geen|niks|niets) (meer )?om (voor )?te leven\b|\bgeen reden (meer )?om (door )?te (gaan|leven)\b",
    r"\bliever (dood|niet meer (hier|wakker|leven))\b|\bben er liever niet( meer)?\b",
    r"\bklaar met (het|mijn|dit) leven\b|\bniet meer (leven|bestaan)\b|\b(stop|stoppen) (er )?(\w+ ){0,3}met (het )?leven\b",
    r"\ber (gewoon |echt )?(een )?(eind|einde) aan (maken|maakt|te maken)\b",
    r"\b(mezelf|mijzelf) (iets |wat )?(aan te doen|aandoen|aandoe|aan doen|pijn (te )?doen)\b|\bsuicida(al|le)\b",
    r"\bik wil (echt |gewoon )?niet meer( ,)? met (niks|niets)\b",
    r"\b(een )?last voor (iedereen|mijn (familie|kinderen|gezin)|anderen)\b",
    r"\b(zin|nut)\b.{0,25}\b(om te leven|in (het |mijn |dit )?leven)\b|\bleven\b.{0,25}\b(geen zin|voor zin)\b",
    r"\b(het|mijn|dit) leven (zat|zaterdag|moe)\b|\b(moe|klaar|zat) (van|met|mee met) (het|mijn|dit) leven\b|\bmet het leven ook\b",
    r"\b(het|mijn|dit) leven is (voor mij )?(klaar|voorbij|over)\b|\bweg uit (dit|het|mijn) leven\b|\bmee ,? met (het )?leven\b",
    r"\b(kan|ben) (maar |echt )?beter dood\b|\bwil (eigenlijk |gewoon |echt |liever |nu )+dood\b",
    r"\bwil (echt |gewoon )?niet meer verder$",
    r"\b(pillen|medicijnen|slaappillen|touw)\b.{0,20}\b(klaarliggen|klaar liggen|liggen klaar|gespaard|verzameld)\b",
    r"\b(mezelf|mijzelf) (te )?(snijden|krassen|beschadigen)\b|\bafscheidsbericht\b",
    r"\b(maak|maakt) (ik |hij |ze )?er (gewoon )?(een )?(eind|einde) aan\b",
    r"\b(i want to die|kill myself|end my life|i can'?t (go on|take it anymore|do this anymore)|no reason to live|want to disappear)\b",
    # The warning signs 113 names: saying goodbye, a plan, gathering the means, no future.
    r"\bik kan (echt )?niet meer (echt )?niet$",
    r"\b(dit is|dat was|hier is) mijn laatste (bericht|berichtje|appje)( ooit| aan jullie| hier)?$|\bbedankt voor alles\b.{0,40}\b(laatste|vaarwel|afscheid)\b",
    r"\bzeg (tegen )?(\w+ ){0,3}dat ik (echt )?(van )?(haar|hem|ze|jullie|hen) (hou|houd)\b",
    r"\bafscheid (genomen|nemen) van (iedereen|mijn (familie|kinderen|ouders))\b|\bafscheid genomen\b.{0,40}\b(het is goed zo|het is klaar|voorgoed)\b",
    r"\b(pillen|medicijnen|tabletten|slaappillen)\b.{0,30}\b(bij elkaar (gelegd|gezet|gezocht)|verzameld|opgespaard|klaargelegd|klaar gelegd)\b",
    r"\bhoeveel (pillen|tabletten|medicijnen|slaappillen)\b.{0,40}\b(nodig|dodelijk|genoeg)\b",
    r"\b(bedacht|weet|opgezocht|uitgezocht) hoe ik het (ga|wil|zal|moet) doen\b|\bhoe ik er (een )?(eind|einde) aan",
    r"\b(ertussenuit|eruit stappen|eruit stap|weggaan|ga weg)\b.{0,20}\b(voorgoed|definitief|voor altijd)\b",
    r"\b(stop|stoppen) ik ermee\b.{0,20}\bmet alles\b|\bstop (ik )?(er )?met alles\b",
    r"\bgeen toekomst meer\b|\b(heb|zie) (echt |gewoon )?geen toekomst\b",
]

ALWAYS_PATTERN = regex.compile("|".join(ALWAYS))
DESPAIR_PATTERN = regex.compile("|".join(DESPAIR))
VIOLENCE_PATTERN, NOW_PATTERN, PAST_PATTERN = regex.compile(VIOLENCE), regex.compile(NOW), regex.compile(PAST)
SAFE_NOW_PATTERN = regex.compile(SAFE_NOW)
GAS_PATTERN, UNWELL_PATTERN = regex.compile(GAS), regex.compile(UNWELL)
NOT_UNWELL_PATTERN = regex.compile(NOT_UNWELL)  # "niemand is onwel": buurtbot.referral.topics
FALLBACK = "nlu_fallback"
# A film, a game, the news: danger words there are a story, not danger now.
FICTION_PATTERN = regex.compile(
    r"\b(film|films|serie|series|documentaire|journaal|game|gamen|gta|fortnite|call of duty|thriller|aflevering|"
    r"netflix|youtube|tiktok|haha|hahaha|breaking bad)\b"
)
# Wanting to die, said of oneself: the warm answer with 113 (which opens with "bel 112 bij gevaar"), not the
# alarm. Someone else in danger, an act under way or "now" keeps the emergency answer.
IDEATION_PATTERN = regex.compile(
    r"\b(zelfmoord|suicide|suicidaal|suicidale|(me|mezelf|mijzelf) van kant( te)? (maken|make)|niet meer leven|wil (\w+ )?dood|dood willen"
    r"|(eind|einde) aan mijn leven|er (een )?(eind|einde) aan( te)? (maken|maak)|(mezelf|mijzelf) iets (aan te doen|aandoen)|afscheidsbrief|niet meer wakker (te )?(worden|wordt?))\b"
)
FIRST_PERSON_PATTERN = regex.compile(r"\b(ik|me|mij|mezelf|mijzelf|mijn|m'n)\b")
SOMEONE_ELSE_PATTERN = regex.compile(
    r"\b(hij|zij|ze|zichzelf|mijn (zoon|dochter|vader|moeder|man|vrouw|buurman|buurvrouw|broer|zus|vriend|vriendin|opa|oma)|"
    r"de (buurman|buurvrouw|bewoner|bewoonster|huurder|jongen|man|vrouw))\b"
)
DESPAIR_INTENT = "despair"
# "Vorig jaar was er brand, en nu staat het huis weer vol": the past belongs to the clause it is in.
CLAUSE_BREAK = regex.compile(r"[,.;:!?]| en | maar | want ")


def is_despair(normalised_text: str) -> bool:
    clauses = [clause.strip() for clause in CLAUSE_BREAK.split(normalised_text)]
    if DESPAIR_PATTERN.search(normalised_text) or any(DESPAIR_PATTERN.search(clause) for clause in clauses):
        return True
    return any(NOT_ANY_MORE.search(clause) for clause in clauses) and bool(LIFE_WORDS.search(normalised_text))


def is_own_wish_to_die(normalised_text: str) -> bool:
    """ "Ik wil niet meer leven", "ik denk aan zelfmoord": despair, when nothing else in the message is acute
    danger, nobody else is named and no "now" is said."""
    return bool(
        IDEATION_PATTERN.search(normalised_text)
        and FIRST_PERSON_PATTERN.search(normalised_text)
        and not SOMEONE_ELSE_PATTERN.search(normalised_text)
        and not NOW_PATTERN.search(
            DESPAIR_PATTERN.sub(" ", normalised_text)
        )  # "ik zie het niet meer zitten" is no "ik zie het"
        and not is_acute_danger(IDEATION_PATTERN.sub(" ", normalised_text))
    )


def is_gas_smell(normalised_text: str) -> bool:
    """A gas smell now (not in the past); is_acute_danger decides whether someone is unwell too."""
    return bool(GAS_PATTERN.search(normalised_text)) and not (
        PAST_PATTERN.search(normalised_text) and not NOW_PATTERN.search(normalised_text)
    )


def is_acute_danger(normalised_text: str) -> bool:
    if FICTION_PATTERN.search(normalised_text) and not NOW_PATTERN.search(normalised_text):
        return False  # "in GTA heb ik het politiebureau in brand gestoken", "de documentaire over de brand"
    if is_gas_smell(normalised_text) and UNWELL_PATTERN.search(NOT_UNWELL_PATTERN.sub(" ", normalised_text)):
        return True
    if any(
        ALWAYS_PATTERN.search(clause) and (not PAST_PATTERN.search(clause) or NOW_PATTERN.search(clause))
        for clause in CLAUSE_BREAK.split(normalised_text)
    ):
        return True
    if ALWAYS_PATTERN.search(normalised_text) and not PAST_PATTERN.search(normalised_text):
        return True  # across clauses: "ligt in de tuin en beweegt niet meer"
    calm = SAFE_NOW_PATTERN.sub(" ", normalised_text)
    return bool(VIOLENCE_PATTERN.search(calm) and NOW_PATTERN.search(calm))


def words_of(message: Message) -> str:
    """The normalised words, with the clause breaks put back (tokens carry no punctuation) and "!!"."""
    raw, words, previous_end = message.get(TEXT) or "", [], 0
    for token in message.get(TOKENS_NAMES[TEXT]) or []:
        if any(mark in raw[previous_end : token.start] for mark in ",.;:?!"):
            words.append(",")
        words.append(token.text)
        previous_end = token.end
    return " ".join(words) + (" !!" if "!!" in raw else "")


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class EmergencyGuard(RuleComponent):
    @classmethod
    def required_components(cls) -> List[type]:
        return [Tokenizer]

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            if is_own_wish_to_die(self._words(message)):
                self._make(message, DESPAIR_INTENT, 1.0)
                continue
            if message.get(INTENT, {}).get("name") == "emergency" and not self._gas_only(message):
                continue
            if self._acute(message) or self._emergency_close_behind_despair(message):
                self._make_emergency(message, 1.0)
            elif is_despair(self._words(message)):
                self._make(message, DESPAIR_INTENT, 1.0)
            elif is_gas_smell(self._words(message)) and message.get(INTENT, {}).get("name") != "other_language":
                self._make(message, "ask_referral", 1.0)
                named = next((e["value"] for e in message.get(ENTITIES, []) if e["entity"] == "topic"), None)
                if named and named != "gaslucht":  # "... en ik snap de brief niet": the other need, for later
                    message.set("second_topic", named, add_to_output=True)
                others = [e for e in message.get(ENTITIES, []) if e["entity"] != "topic"]
                gas = {
                    "entity": "topic",
                    "value": "gaslucht",
                    "start": 0,
                    "end": len(message.get(TEXT) or ""),
                    "extractor": self.__class__.__name__,
                }
                message.set(ENTITIES, others + [gas], add_to_output=True)
        return messages

    @classmethod
    def _make_emergency(cls, message: Message, confidence: float) -> None:
        cls._make(message, "emergency", confidence)

    @staticmethod
    def _make(message: Message, intent: str, confidence: float) -> None:
        ranking = [r for r in message.get(INTENT_RANKING_KEY, []) if r["name"] not in (intent, FALLBACK)]
        message.set(INTENT, {"name": intent, "confidence": confidence}, add_to_output=True)
        message.set(INTENT_RANKING_KEY, [{"name": intent, "confidence": confidence}] + ranking, add_to_output=True)

    @staticmethod
    def _words(message: Message) -> str:
        return words_of(message)

    @classmethod
    def _acute(cls, message: Message) -> bool:
        return is_acute_danger(cls._words(message))

    @classmethod
    def _gas_only(cls, message: Message) -> bool:
        """A gas smell with nobody unwell, read as an emergency: the gas answer (0800-9009, 112 if someone feels unwell)."""
        return is_gas_smell(cls._words(message)) and not cls._acute(message)

    @staticmethod
    def _emergency_close_behind_despair(message: Message) -> bool:
        """Despair and acute danger share words ("geen lucht meer"): when the classifier's second guess after
        despair is an emergency, the emergency answer (112 first, and 113 too) is the safe one."""
        ranking = [r["name"] for r in message.get(INTENT_RANKING_KEY, []) if r["name"] != FALLBACK]
        return ranking[:2] == [DESPAIR_INTENT, "emergency"]
