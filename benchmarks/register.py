"""News-register versions of held-out statements, for robustness benchmarks and tests.

Users' quote files look like news copy, not UN speeches: the statement sits inside a
reporting frame ("..., Tokayev said."; "According to the minister, ..."), in quotation
marks, with a trailing comma or an ellipsis, and the speaker's own country is named in
passing. :func:`newsify` rewrites a statement into one of those shapes without touching
its words, so under codebook rule 7 (reported speech is labeled as the quoted speaker's
statement) its label is unchanged.
"""

from __future__ import annotations

import random

SPEAKERS = [
    "the president",
    "the foreign minister",
    "the prime minister",
    "a government spokesperson",
    "Tokayev",
    "Lukashenko",
    "Erdogan",
    "Modi",
    "Vucic",
    "the ambassador",
    "the deputy minister",
]
ADJECTIVES = {
    "KAZ": "Kazakh",
    "BLR": "Belarusian",
    "TUR": "Turkish",
    "IND": "Indian",
    "SRB": "Serbian",
    "UKR": "Ukrainian",
    "VNM": "Vietnamese",
    "RUS": "Russian",
    "CHN": "Chinese",
    "USA": "American",
    "FRA": "French",
    "BRA": "Brazilian",
    "EGY": "Egyptian",
    "IDN": "Indonesian",
    "NGA": "Nigerian",
}
FRAMES = [
    '"{quote}," {speaker} said.',
    '"{quote}," {speaker} told reporters on Tuesday.',
    "According to {speaker}, {lower}",
    "{Speaker} said that {lower}",
    '"{quote}", {speaker} stated.',
    "{quote}, the {adjective} {role} said.",
    '"{quote}," the {adjective} {role} stressed,',
    "...{lower}",
    '{Speaker} stressed: "{sentence}"',
]


def newsify(sentence: str, iso3: str | None, rng: random.Random) -> str:
    """Wrap ``sentence`` in a randomly chosen news reporting frame."""
    quote = sentence.rstrip().rstrip(".")
    speaker = rng.choice(SPEAKERS)
    adjective = ADJECTIVES.get(iso3 or "", rng.choice(list(ADJECTIVES.values())))
    frame = rng.choice(FRAMES)
    return frame.format(
        quote=quote,
        sentence=sentence,
        speaker=speaker,
        Speaker=speaker[0].upper() + speaker[1:],
        lower=sentence[0].lower() + sentence[1:] if sentence[:2] != "I " else sentence,
        adjective=adjective,
        role=rng.choice(["president", "foreign minister", "leader"]),
    )
