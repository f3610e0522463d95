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
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import accumulate

from ._regex import whole_word_pattern

__all__ = [
    "CAMPS",
    "Actor",
    "ActorMention",
    "actor_ids",
    "actor_ids_in_batch",
    "find_actors",
    "find_actors_in_batch",
    "get_actor",
]

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

    def spans_in_batch(self, texts: list[str]) -> list[list[tuple[int, int, Actor]]]:
        # One search loop over the joined batch: most statements name no actor, and a
        # search per statement would cost a Python call each. Offsets are per statement;
        # plain tuples, as a frozen dataclass per mention costs more than the search.
        spans: list[list[tuple[int, int, Actor]]] = [[] for _ in texts]
        if not texts:
            return spans
        separator = "\n" if not any("\n" in text for text in texts) else "\x00"
        if separator == "\x00" and any("\x00" in text for text in texts):
            return [self.spans_in_batch([text])[0] for text in texts]
        joined = separator.join(texts)
        starts = list(accumulate((len(text) + 1 for text in texts[:-1]), initial=0))
        search = self.pattern.search
        match = search(joined)
        while match is not None:
            start, end = match.span()
            doc = bisect_right(starts, start) - 1
            doc_start = starts[doc]
            surface = match.group()
            if surface not in self.ambiguous or not (
                _NOT_AN_ACTOR_AFTER.match(joined, end, doc_start + len(texts[doc]))
                or _NOT_AN_ACTOR_BEFORE.search(joined, doc_start, start)
            ):
                spans[doc].append((start - doc_start, end - doc_start, self.by_alias[surface]))
            match = search(joined, end)
        return spans


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
    return find_actors_in_batch([text])[0]


def find_actors_in_batch(texts: list[str]) -> list[list[ActorMention]]:
    """:func:`find_actors` for a batch of statements, several times faster than a loop.

    Parameters
    ----------
    texts : list of str
        Statements.

    Returns
    -------
    list of list of ActorMention
        For each statement, its mentions in text order, with offsets into that statement.

    Examples
    --------
    >>> [[m.actor.id for m in found] for found in find_actors_in_batch(["Minsk", "the Minsk agreements", "EU"])]
    [['BLR'], [], ['eu']]
    """
    return [
        [ActorMention(actor, start, end, text[start:end]) for start, end, actor in found]
        for text, found in zip(texts, _gazetteer().spans_in_batch(list(texts)))
    ]


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
    return actor_ids_in_batch([text])[0]


def actor_ids_in_batch(texts: list[str]) -> list[list[str]]:
    """:func:`actor_ids` for a batch of statements, several times faster than a loop.

    Examples
    --------
    >>> actor_ids_in_batch(["Moscow and the Kremlin", "Climate finance"])
    [['RUS'], []]
    """
    return [_distinct_ids(found) for found in _gazetteer().spans_in_batch(list(texts))]


def _distinct_ids(spans: list[tuple[int, int, Actor]]) -> list[str]:
    """The canonical ids of the actors of ``spans`` (from a gazetteer search), first mention first, each once."""
    return list(dict.fromkeys([actor.id for _, _, actor in spans])) if spans else []


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
