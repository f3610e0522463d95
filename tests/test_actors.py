import pytest

from stancekit import actor_ids, find_actors
from stancekit.actors import find_actors_in_batch, get_actor


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Russia has been and will remain our closest ally.", ["RUS"]),
        ("The Russian Federation and the Kremlin", ["RUS"]),
        ("Washington and Beijing disagree.", ["USA", "CHN"]),
        ("Brussels insists on reforms.", ["eu"]),
        ("NATO's eastward expansion", ["nato"]),
        ("the Belarusian delegation in Minsk", ["BLR"]),
        ("We condemn the sanctions imposed by the West.", ["west"]),
        ("the Global South and the CSTO", ["global_south", "csto"]),
        ("Kazakh and Uzbek diplomats", ["KAZ", "UZB"]),
        ("The Soviet Union and the USSR", ["SUN"]),
        ("South Sudan and Sudan", ["SSD", "SDN"]),
    ],
)
def test_names_adjectives_metonyms_and_blocs(text, expected):
    assert actor_ids(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Water from the Jordan River is scarce.",  # the river, not the state
        "The Paris Agreement must be implemented.",  # an agreement, not France
        "The Minsk agreements were never implemented.",
        "The Vienna Convention on Diplomatic Relations applies.",
        "a turkey and some china plates",  # lower case is never an actor
    ],
)
def test_places_in_names_of_rivers_and_agreements_are_not_actors(text):
    assert actor_ids(text) == []


def test_the_state_jordan_is_still_found():
    assert actor_ids("Jordan supports the Paris Agreement.") == ["JOR"]


def test_mentions_carry_offsets_and_camps():
    text = "Russia and China oppose NATO."
    mentions = find_actors(text)
    assert [text[m.start : m.end] for m in mentions] == ["Russia", "China", "NATO"]
    assert [m.actor.camp for m in mentions] == ["russia", "china", "west"]


def test_gazetteer_covers_every_un_member_state():
    from stancekit.actors import _gazetteer

    states = [a for a in _gazetteer().actors.values() if a.kind == "state"]
    assert len(states) >= 193
    assert get_actor("BLR").name == "Belarus"


def test_a_batch_finds_what_each_statement_finds_alone():
    # Context checks (river, agreement) must not reach into the neighbouring statement.
    texts = [
        "Refugees crossed the Jordan",
        "River levels rose, said Minsk",
        "agreements were signed by Jordan",
        "",
        "Valley of the Niger, and the Kremlin\nwith NATO",
        "The EU and China",
    ]
    batch = find_actors_in_batch(texts)
    assert batch == [find_actors(text) for text in texts]
    assert [m.actor.id for m in batch[0]] == ["JOR"]
    assert [(m.start, m.end) for m in batch[5]] == [(4, 6), (11, 16)]
