"""Pick sentences the current model is least sure about, to read and label next.

Active learning for the training split: the shipped model scores a random sample of the
clean corpus sentences, and the ones with the smallest margin between their two most
probable labels are proposed for reading, round-robin over decades with the speech and
country caps of ``tools/sample_candidates.py``. Sentences of speeches that already have
rows in the ``dev`` or ``test`` split are never picked: rows picked here go to ``train``
only (``tools/build_corpus.py`` keeps pools named ``uncertain*`` out of the held-out
splits), so the held-out splits stay a sample of the original pools and comparable across
corpus versions. The model only chooses what a person reads; the label is decided by
reading (``docs/labeling-guide.md``). Rows are marked ``sample=targeted``,
``pool=uncertain``.

Usage::

    python -m tools.pick_uncertain /tmp/sentences.parquet --exclude data/annotation/candidates_round*.csv \
        -n 2400 --double 0.15 --first-id 6000 -o data/annotation/candidates_round4.csv
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd

import stancekit
from tools.sample_candidates import clean_sentences, draw_pool


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sentences", type=Path, help="the Parquet table of tools/split_corpus.py")
    parser.add_argument("--exclude", type=Path, nargs="+", default=[], help="candidate CSVs already picked")
    parser.add_argument("-n", type=int, required=True)
    parser.add_argument("--scored", type=int, default=200_000, help="random sentences to score")
    parser.add_argument("--pool-size", type=int, default=12_000, help="least-sure sentences to draw from")
    parser.add_argument("--per-speech", type=int, default=2)
    parser.add_argument("--max-per-country", type=int, default=40)
    parser.add_argument("--double", type=float, default=0.15, help="share of rows read twice")
    parser.add_argument("--first-id", type=int, required=True, help="number of the first new ungdc-NNNNN id")
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args()

    rng = np.random.default_rng(args.seed)
    corpus = stancekit.load_corpus(as_frame=True).frame
    held_out = set(corpus.loc[corpus["split"] != "train", "speech_id"])
    excluded = pd.concat([pd.read_csv(p) for p in args.exclude])
    used = set(excluded["text"].str.lower())
    per_speech = Counter(excluded["speech_id"])

    frame = clean_sentences(pd.read_parquet(args.sentences), 6, 70)
    frame = frame[~frame["speech_id"].isin(held_out) & ~frame["text"].str.lower().isin(used)]
    frame = frame.sample(n=min(args.scored, len(frame)), random_state=args.seed)
    proba = stancekit.load_model().predict_proba(frame["text"].tolist())
    top_two = np.sort(proba, axis=1)[:, -2:]
    margin = top_two[:, 1] - top_two[:, 0]
    candidates = frame.iloc[np.argsort(margin)[: args.pool_size]]
    print(f"scored {len(frame):,}; pool margin <= {np.sort(margin)[args.pool_size - 1]:.3f}")

    chosen = draw_pool(candidates, args.n, rng, used, per_speech, Counter(), args.per_speech, args.max_per_country)
    picked = candidates.loc[chosen].reset_index(drop=True)
    picked.insert(0, "id", [f"ungdc-{args.first_id + i:05d}" for i in range(len(picked))])
    picked["sample"] = "targeted"
    picked["pool"] = "uncertain"
    picked["double"] = rng.random(len(picked)) < args.double
    columns = ["id", "speech_id", "iso3", "year", "session", "sentence_index", "text", "sample", "pool", "double"]
    picked[columns].to_csv(args.output, index=False)
    print(f"{len(picked)} rows ({int(picked['double'].sum())} to read twice) -> {args.output}")


if __name__ == "__main__":
    main()
