"""The topic words (buurtbot/referral/topics.py): what they name, and what they must not."""

import pytest

from buurtbot.referral.topics import first_stem_at, topics_in


@pytest.mark.parametrize(
    "text, topic",
    [
        ("ik ben al 3 maanden achter met de huur", "schulden"),
        ("het gaat om geld , ik kom niet meer rond", "schulden"),
        ("de corporatie wil me uit mijn huis zetten , mag dat zomaar", "juridisch"),
        ("hij stuurt berichtjes dat hij me komt pakken", "bedreiging"),
        ("ik word gek van de buren", "overlast"),
        ("er hangt een rotte eieren lucht", "gaslucht"),
        ("ik heb niemand meer", "eenzaamheid"),
    ],
)
def test_a_need_in_everyday_words_names_its_topic(text: str, topic: str) -> None:
    assert topic in topics_in(text)


@pytest.mark.parametrize(
    "text, topic",
    [
        ("ik wil graag weten waar ik terecht kan", "juridisch"),  # "weten" is no "wet"
        ("ik maak me zorgen om mijn buurvrouw", "zorg"),  # worry is no question about care
        ("niemand kan het zeggen", "eenzaamheid"),
    ],
)
def test_look_alike_words_name_no_topic(text: str, topic: str) -> None:
    assert topic not in topics_in(text)


def test_two_needs_are_ordered_as_they_were_said() -> None:
    text = "mijn buurman is verward en zijn woning is vervuild"
    assert first_stem_at("verward_gedrag", text) < first_stem_at("woningvervuiling", text)
    assert first_stem_at("gaslucht", text) == len(text) + 1  # not named: after everything
