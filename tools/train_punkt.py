"""Train the Punkt sentence-boundary parameters that stancekit ships.

Punkt is unsupervised: it learns abbreviations ("Mr.", "U.S.", "H.E."), collocations
and sentence starters from raw text. We train it on a fixed random sample of the UN
General Debate Corpus and store the learned parameters as JSON (no pickle), so the
package needs no ``nltk.download`` at run time.

Usage::

    python tools/train_punkt.py ../shared/data/ungdc_1946-2022.jsonl.gz \
        -o stancekit/resources/punkt_ungdc.json --speeches 1500 --seed 0
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
from collections import Counter
from pathlib import Path

from nltk.tokenize.punkt import PunktTrainer

# Abbreviations common in diplomatic English that a sample may see too rarely to learn.
# Punkt stores them lower-cased and without the final period.
EXTRA_ABBREVIATIONS = [
    "mr",
    "mrs",
    "ms",
    "dr",
    "h.e",
    "u.s",
    "u.k",
    "u.n",
    "u.s.s.r",
    "st",
    "no",
    "nos",
    "art",
    "arts",
    "para",
    "paras",
    "e.g",
    "i.e",
    "etc",
    "vs",
    "jr",
    "sr",
    "prof",
    "gen",
    "lt",
    "col",
    "sen",
    "rep",
    "gov",
    "amb",
    "h.r.h",
    "h.m",
    "messrs",
    "mme",
    "mlle",
    "sheikh",
    "corp",
    "inc",
    "ltd",
    "co",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "p.m",
    "a.m",
    "op",
    "cf",
    "fig",
    "vol",
    "rev",
    "hon",
    "rt",
    "pres",
]


# Punkt splits after an abbreviation when the next word is a frequent sentence starter;
# "Mr. President" is so common in the corpus that "President" became one. Words that
# often follow a title are therefore removed from the sentence starters.
_AFTER_TITLE = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|H\.E|St|Messrs|Prof|Gen|Sen)\.\s+([A-Z][\w-]*)")


def words_after_titles(texts: list[str], min_count: int = 3) -> set[str]:
    """Return the lower-cased words that follow a title abbreviation at least ``min_count`` times."""
    counts = Counter(m.group(1).lower() for t in texts for m in _AFTER_TITLE.finditer(t))
    return {word for word, n in counts.items() if n >= min_count}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument("--speeches", type=int, default=1500)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    with gzip.open(args.corpus, "rt", encoding="utf-8") as handle:
        texts = [json.loads(line)["text"] for line in handle]
    sample = random.Random(args.seed).sample(texts, min(args.speeches, len(texts)))

    trainer = PunktTrainer()
    trainer.INCLUDE_ALL_COLLOCS = True
    for text in sample:
        trainer.train(text, finalize=False)
    trainer.finalize_training()
    params = trainer.get_params()
    abbreviations = sorted(set(params.abbrev_types) | set(EXTRA_ABBREVIATIONS))
    payload = {
        "source": "UN General Debate Corpus 1946-2022 (Jankin, Baturo, Dasandi; CC0)",
        "speeches": len(sample),
        "seed": args.seed,
        "abbrev_types": abbreviations,
        "collocations": sorted([list(pair) for pair in params.collocations]),
        "sent_starters": sorted(set(params.sent_starters) - words_after_titles(sample)),
        "ortho_context": dict(sorted(params.ortho_context.items())),
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(payload, ensure_ascii=False, indent=0), encoding="utf-8")
    print(
        f"{len(abbreviations)} abbreviations, {len(payload['collocations'])} collocations, "
        f"{len(payload['sent_starters'])} sentence starters, "
        f"{len(payload['ortho_context'])} ortho entries -> {args.output}"
    )


if __name__ == "__main__":
    main()
