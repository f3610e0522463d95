"""The actor gazetteer: which states, blocs and camps a statement mentions.

The gazetteer (``resources/actors.json``) lists every UN member state with its names,
adjectives, demonyms, capital and metonyms ("the Kremlin", "Washington", "Brussels"),
historical states (the Soviet Union, Yugoslavia...), blocs (NATO, EU, CSTO, BRICS...),
camps ("the West", "the Global South") and regions, each with a canonical id and a camp
(``west``, ``russia``, ``china``, ``south`` or ``none``).

Matching is case-sensitive, on whole words, longest alias first ("South Sudan" before
"Sudan", "European Union" before "European"). Aliases flagged ambiguous in the
gazetteer ("Jordan", "Niger", "Georgia", "Paris", "Vienna", "Minsk"...) are not counted
when they name a river ("the Jordan River", "River Niger") or an agreement, treaty or
process ("Paris Agreement", "Vienna Convention", "Minsk agreements"): they are read as
the place, not the actor. A lowercase "turkey" or "china" is never an actor.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ._regex import iter_matches, whole_word_pattern

__all__ = ["CAMPS", "Actor", "ActorMention", "actor_ids", "find_actors", "get_actor"]

CAMPS: tuple[str, ...] = ("west", "russia", "china", "south", "none")

# Words after a place name that make it the name of a document, venue or river.
_NOT_AN_ACTOR_AFTER = re.compile(
    r"\s*(?:Agreements?|agreements?|Accords?|accords?|Conventions?|Protocol|protocol|"
    r"Declaration|Process|process|Summit|summit|Conference|Principles|Programme|"
    r"Plan|Group|Club|Round|Consensus|Statute|Rules|Charter|[Ff]ormat|[Tt]alks|"
    r"Document|Framework|Commitment|Pact|Treaty|Platform|River|river|Valley|valley|"
    r"Delta|delta|Basin|basin)\b"
)
_NOT_AN_ACTOR_BEFORE = re.compile(r"(?:[Rr]iver|[Vv]alley|[Bb]asin)\s+(?:the\s+)?$")


@dataclass(frozen=True)
class Actor:
    """An entry of the gazetteer.

    Attributes
    ----------
    id : str
        Canonical id: ISO 3166-1 alpha-3 for states (``"BLR"``), a lowercase id for
        blocs, camps and regions (``"nato"``, ``"west"``).
    kind : str
        ``"state"``, ``"bloc"``, ``"camp"`` or ``"region"``.
    name : str
        Canonical English name.
    camp : str
        One of :data:`CAMPS`.
    """

    id: str
    kind: str
    name: str
    camp: str


@dataclass(frozen=True)
class ActorMention:
    """One mention of an actor in a text.

    Attributes
    ----------
    actor : Actor
        The actor mentioned.
    start, end : int
        Character offsets of the mention in the text.
    surface : str
        The text as written.
    """

    actor: Actor
    start: int
    end: int
    surface: str


class _Gazetteer:
    def __init__(self, raw: dict) -> None:
        self.actors: dict[str, Actor] = {}
        self.by_alias: dict[str, Actor] = {}
        self.ambiguous: set[str] = set()
        for entry in raw["actors"]:
            actor = Actor(entry["id"], entry["kind"], entry["name"], entry["camp"])
            self.actors[actor.id] = actor
            for alias in entry["aliases"]:
                self.by_alias[alias] = actor
            self.ambiguous.update(entry.get("ambiguous", ()))
        self.pattern = re.compile(whole_word_pattern(self.by_alias))

    def find(self, text: str) -> list[ActorMention]:
        mentions = []
        for match in iter_matches(self.pattern, text):
            surface = match.group()
            if surface in self.ambiguous and (
                _NOT_AN_ACTOR_AFTER.match(text, match.end()) or _NOT_AN_ACTOR_BEFORE.search(text, 0, match.start())
            ):
                continue
            mentions.append(ActorMention(self.by_alias[surface], match.start(), match.end(), surface))
        return mentions


@lru_cache(maxsize=1)
def _gazetteer() -> _Gazetteer:
    raw = resources.files("stancekit.resources").joinpath("actors.json").read_text("utf-8")
    return _Gazetteer(json.loads(raw))


def find_actors(text: str) -> list[ActorMention]:
    """Find every mention of a state, bloc, camp or region in ``text``.

    Parameters
    ----------
    text : str
        A statement.

    Returns
    -------
    list of ActorMention
        Mentions in text order; overlapping aliases resolve to the longest.

    Examples
    --------
    >>> [m.actor.id for m in find_actors("The Kremlin and Brussels disagree.")]
    ['RUS', 'eu']
    >>> [m.actor.id for m in find_actors("Refugees crossed the Jordan River.")]
    []
    """
    return _gazetteer().find(text)


def actor_ids(text: str) -> list[str]:
    """Return the distinct canonical ids of the actors mentioned in ``text``, in order.

    Parameters
    ----------
    text : str
        A statement.

    Returns
    -------
    list of str
        Canonical ids, first mention first, each once.

    Examples
    --------
    >>> actor_ids("Belarusian President Lukashenko met Li Keqiang in Beijing.")
    ['BLR', 'CHN']
    """
    return list(dict.fromkeys(m.actor.id for m in find_actors(text)))


def get_actor(actor_id: str) -> Actor:
    """Return the gazetteer entry for a canonical id.

    Parameters
    ----------
    actor_id : str
        A canonical id such as ``"BLR"`` or ``"nato"``.

    Returns
    -------
    Actor

    Raises
    ------
    KeyError
        If the id is not in the gazetteer.

    Examples
    --------
    >>> get_actor("nato").camp
    'west'
    """
    return _gazetteer().actors[actor_id]
