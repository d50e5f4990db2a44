"""The safety net for acute danger: catches what the classifier may miss, leaves the rest alone."""

import pytest

from buurtbot.text import normalise_word
from nlu.emergency_guard import is_acute_danger


def danger(text: str) -> bool:
    return is_acute_danger(" ".join(normalise_word(w) for w in text.split()))


@pytest.mark.parametrize(
    "text",
    [
        "er is brand in de flat",
        "ik ruik gas en ik ben duizelig",
        "mijn buurman ademt niet meer",
        "hij heeft een pistool gepakt en dreigt",
        "ze maakt er een einde aan",
        "ik wil niet meer leven",
        "hij slaat haar nu, ze gilt",
        "er zijn inbrekers bij de buren help",
        "ze zijn een vrouw aan het beroven",
        "iemand is neergestoken bij de lift",
        "hij dreigt te springen van het balkon",
        # across a clause break, in the passive, and fire or ice in other words
        "mijn opa ligt in de gang en beweegt niet",
        "er wordt een vrouw in elkaar geschopt bij de bushalte",
        "die gast heeft een vuurwapen en bedreigt de kassière",
        "de schuur staat in lichterlaaie",
        "het rookt heel erg uit het trappenhuis",
        "mijn hond en de buurjongen zijn door het ijs gezakt",
        # explosions, a fall, the motorway, fire through the letterbox, a threat with the gas tap
        "de cv ketel is ontploft en er ligt iemand onder het puin",
        "een oude meneer loopt midden op de snelweg",
        "de bovenbuurman is van zijn balkon naar beneden gesprongen",
        "ze hebben iets brandends door de brievenbus gegooid",
        "hij heeft de gaskraan opengezet",
        "mijn vriendin zegt dat ze er vanavond een eind aan maakt",
        "mijn dochter van 3 heeft net bleekmiddel gedronken",
        "kind van de buren hangt uit het raam op 4 hoog",
        "help het rookt uit de meterkast",
    ],
)
def test_acute_danger_is_caught(text: str) -> None:
    assert danger(text)


@pytest.mark.parametrize(
    "text",
    [
        "ik rook te veel wiet, wie kan helpen",
        "het schiet niet op met de reparatie",
        "de kinderen springen op de trampoline",
        "mijn buurman slaat soms zijn kinderen, wie kan ik bellen",
        "ik wil een eind maken aan de overlast",
        "iemand steekt de straat over",
        "we maken er een leuke dag van",
        "mijn buurman heeft een geweer in huis, wie bel ik",
        "ik ruik gas in het trappenhuis",
        "mijn man slaat me soms , nu is hij naar zijn werk , wie kan ik bellen",
        "ik ruik gas in de kelder , niemand is onwel",
        "mijn hoofd ontploft van de herrie",
        "de prijzen zijn ontploft",
        "het dak is ingestort vorig jaar , wie betaalt dat",
        "de kinderen klimmen over het hek van de speeltuin",
        "in gta heb ik het hele politiebureau in brand gestoken haha",
        "heb je de documentaire over de brand gezien",
    ],
)
def test_other_messages_are_left_to_the_classifier(text: str) -> None:
    assert not danger(text)


@pytest.mark.parametrize(
    "text, gas",
    [
        ("ik ruik gas in het trappenhuis", True),
        ("het stinkt naar gas bij de meterkast", True),
        ("ze ruikt gas bij de cv-ketel", True),
        ("de gasrekening is te hoog", False),
        ("vorig jaar rook ik gas , toen kwam de monteur", False),
    ],
)
def test_a_gas_smell_is_its_own_need(text: str, gas: bool) -> None:
    """A gas smell gets the outage number 0800-9009 first (topic gaslucht); 112 only when someone is unwell."""
    from nlu.emergency_guard import is_gas_smell

    assert is_gas_smell(" ".join(normalise_word(w) for w in text.split())) is gas


def guarded(intent: str, ranking: list, text: str = "er is iets met de buurvrouw") -> str:
    from rasa.nlu.tokenizers.tokenizer import Token
    from rasa.shared.nlu.training_data.message import Message

    from nlu.emergency_guard import EmergencyGuard

    message = Message(
        data={
            "text": text,
            "intent": {"name": intent, "confidence": 0.3},
            "intent_ranking": [{"name": n, "confidence": c} for n, c in ranking],
        }
    )
    offsets = [text.index(w) for w in text.split()]
    message.set("text_tokens", [Token(w.strip(",."), start) for w, start in zip(text.split(), offsets, strict=True)])
    EmergencyGuard().process([message])
    return message.get("intent")["name"]


def test_an_unsure_emergency_stays_unsure_so_the_bot_asks() -> None:
    """Never 112 on a guess: the clarifying question has "er is nu gevaar" as its first button (actions/fallback.py)."""
    assert (
        guarded("nlu_fallback", [("nlu_fallback", 0.5), ("emergency", 0.35), ("ask_referral", 0.3)]) == "nlu_fallback"
    )


def test_an_unsure_other_intent_stays_a_fallback() -> None:
    assert (
        guarded("nlu_fallback", [("nlu_fallback", 0.5), ("ask_referral", 0.35), ("emergency", 0.3)]) == "nlu_fallback"
    )
    assert guarded("ask_referral", [("ask_referral", 0.9), ("emergency", 0.05)]) == "ask_referral"


@pytest.mark.parametrize(
    "text, acute",
    [
        ("er was vorig jaar brand bij de buren en nu staat alles weer vol", False),
        ("vorige week was het rustig maar nu staat de keuken in brand", True),
        ("someone is breaking into the house next door", True),
        ("er drijft iemand in de sloot achter de school", True),
    ],
)
def test_past_danger_is_not_acute_unless_now_is_said_close_to_it(text: str, acute: bool) -> None:
    assert danger(text) is acute


def test_the_component_sees_clause_breaks_in_the_raw_text() -> None:
    assert guarded("ask_referral", [("ask_referral", 0.9)], "vorig jaar brand, nu is het huis vol") == "ask_referral"
    assert guarded("ask_referral", [("ask_referral", 0.9)], "rustig vorig jaar, nu brand in de keuken") == "emergency"


def despair(text: str) -> bool:
    from nlu.emergency_guard import is_despair

    return is_despair(" ".join(normalise_word(w) for w in text.replace(",", " ,").split()))


@pytest.mark.parametrize(
    "text",
    [
        "ik kan niet meer",
        "ik kan het echt niet meer aan",
        "het hoeft voor mij allemaal niet meer",
        "ik zie het niet meer zitten",
        "laat maar, iedereen is beter af zonder mij",
        "ik wil gewoon niet meer wakker worden",
        "mijn leven heeft geen zin meer",
        "ik trek het niet meer",
        "ik voel me zo wanhopig",
        "nee ik wil niet meer, ik ben zo moe van alles",
        "laat maar het heeft toch allemaal geen zin meer niemand kan mij helpen ik wil gewoon niet meer",
        "nee ik wil niemand bellen, het heeft toch allemaal geen zin",
        # the warning signs: a goodbye, a plan, the means gathered, no future
        "bedankt voor alles, dit is mijn laatste bericht",
        "ik heb al bedacht hoe ik het ga doen",
        "de pillen heb ik bij elkaar gelegd",
        "ik heb geen toekomst meer",
        "ikkan nie meer echt nie",
    ],
)
def test_despair_said_indirectly_is_caught(text: str) -> None:
    assert despair(text)


@pytest.mark.parametrize(
    "text",
    [
        "ik kan de huur niet meer betalen",
        "ik kan niet meer inloggen op de site",
        "de verwarming doet het niet meer",
        "ik wil niet meer meedoen met de activiteit",
        "stop maar",
        "nee dank je",
        "die buren maken me gek",
        "het heeft geen zin om te bellen",
        "ik kan niet meer slapen van de herrie",
        "nee ik wil niet meer",  # on its own it is just "no": no 113 on a guess
        "dit is mijn laatste bericht over de lift, daarna bel ik de corporatie",
        "hoeveel pillen paracetamol mag ik per dag",
        "ik stop ermee met de bewonerscommissie",
    ],
)
def test_everyday_trouble_is_not_despair(text: str) -> None:
    assert not despair(text)


def wish_to_die(text: str) -> bool:
    from nlu.emergency_guard import is_own_wish_to_die

    return is_own_wish_to_die(" ".join(normalise_word(w) for w in text.replace(",", " ,").split()))


@pytest.mark.parametrize(
    "text, own",
    [
        ("ik wil niet meer leven", True),
        ("ik denk de laatste tijd aan zelfmoord", True),
        ("de schulden worden me te veel, ik zie het niet meer zitten en denk erover er een eind aan te maken", True),
        ("ik droom alleen nog dat ik s ochtends niet meer wakker word", True),
        # someone else, an act under way, or now: the emergency answer stays
        ("mijn zoon zegt dat hij zelfmoord wil plegen", False),
        ("ik heb alle pillen geslikt, ik wil dood", False),
        ("ik ga nu een eind aan mijn leven maken", False),
        ("ik sta op het dak en wil springen", False),
        ("mijn vader wordt niet meer wakker", False),
    ],
)
def test_the_wish_to_die_said_of_oneself_gets_the_despair_answer(text: str, own: bool) -> None:
    assert wish_to_die(text) is own
    assert danger(text) or not own  # the phrases stay acute danger: only who and when decide the answer


@pytest.mark.parametrize(
    "text, gas, acute",
    [
        ("er hangt een rotte eieren lucht bij de meterkast", True, False),
        ("de co melder piept", True, False),
        ("de co melder piept en mijn man is duizelig en moet overgeven", True, True),
    ],
)
def test_a_carbon_monoxide_alarm_and_the_smell_of_rotten_eggs_are_gas(text: str, gas: bool, acute: bool) -> None:
    from nlu.emergency_guard import is_gas_smell

    words = " ".join(normalise_word(w) for w in text.split())
    assert is_gas_smell(words) is gas and danger(text) is acute


def test_a_gas_smell_read_as_an_emergency_gets_the_gas_answer_unless_someone_is_unwell() -> None:
    """The gas answer says 0800-9009 and "bel 112 als iemand zich niet goed voelt"; someone unwell is the alarm."""
    calm = "bij een huisbezoek rook ik net een gaslucht in het trappenhuis , de bewoners lijken verder in orde"
    assert guarded("emergency", [("emergency", 0.7), ("ask_referral", 0.2)], calm) == "ask_referral"
    unwell = "ik ruik gas en mijn moeder is duizelig"
    assert guarded("emergency", [("emergency", 0.7), ("ask_referral", 0.2)], unwell) == "emergency"
