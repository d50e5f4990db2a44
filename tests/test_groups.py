"""Dreams that belong together (buurtbot/dreams/groups.py); its quality is measured by `make eval-groups`."""

from buurtbot.dreams.groups import Group, Item, group, thing_of


def ids(groups: list) -> set:
    return {tuple(sorted(g.ids)) for g in groups}


def test_different_words_for_one_thing_meet() -> None:
    items = [
        Item(1, "Zuidwijk", "Een moestuintje achter de flat"),
        Item(2, "Zuidwijk", "samen tomaten kweken met de buren"),
        Item(3, "Zuidwijk", "Een groentetuin voor iedereen"),
        Item(4, "Zuidwijk", "Meer bankjes bij de vijver"),
    ]
    (moestuin,) = group(items)
    assert moestuin == Group("Zuidwijk", "moestuin", (1, 2, 3))
    assert moestuin.title() == "3 wensen over een moestuin in Zuidwijk"


def test_groups_never_cross_a_wijk() -> None:
    items = [
        Item(1, "Zuidwijk", "een moestuin"),
        Item(2, "Nieuw-West", "een moestuin"),
        Item(3, "Nieuw-West", "volkstuin voor de flat"),
    ]
    assert ids(group(items)) == {(2, 3)}


def test_the_thing_named_first_is_what_the_wish_is_about() -> None:
    assert thing_of("een zitplek in de schaduw bij de speeltuin") == "bankje"
    assert thing_of("de speeltuin is kapot, en een bankje erbij") == "speelplek"
    assert thing_of("het licht in het portiek is kapot, het is donker") == "licht in de flat"
    assert thing_of("meer straatverlichting, het is donker") == "verlichting"


def test_a_word_that_only_starts_like_a_stem_is_no_match() -> None:
    assert thing_of("ik kan niet slapen van de herrie") is None  # "sla " is the whole word only
    assert thing_of("een scootmobiel oplaadpunt") is None  # not a scooter


def test_wishes_that_name_no_known_thing_meet_on_a_shared_word_and_theme() -> None:
    items = [
        Item(1, "Zuidwijk", "een kunstwerk op de rotonde", ("anders", "schoon en heel")),
        Item(2, "Zuidwijk", "het kunstwerk bij de school opknappen", ("schoon en heel",)),
        Item(3, "Zuidwijk", "kunstwerken in het park", ("groen",)),  # another theme: not the same thing
    ]
    assert ids(group(items)) == {(1, 2)}
    assert Group("Zuidwijk", "kunstwerk", (1, 2)).title() == '2 wensen over "kunstwerk" in Zuidwijk'


def test_a_lone_wish_is_in_no_group() -> None:
    assert group([Item(1, "Zuidwijk", "een moestuin"), Item(2, "Zuidwijk", "meer bankjes")]) == []
