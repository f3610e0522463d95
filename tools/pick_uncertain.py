"""Pick training sentences to read next with the shipped model (active learning).

The shipped model scores a random sample of the clean corpus sentences. By default the
ones with the smallest margin between their two most probable labels are proposed for
reading (pool ``uncertain``); with ``--label`` the ones the model finds most likely to
carry that label, which gives more examples of a rare label together with the hard
negatives the model confuses with it (pool ``likely_<label>``). Rows are drawn
round-robin over decades with the speech and country caps of
``tools/sample_candidates.py``. Sentences of speeches that already have
rows in the ``dev`` or ``test`` split are never picked: rows picked here go to ``train``
only (``tools/build_corpus.py`` keeps the pools of ``stancekit.datasets.TRAIN_ONLY_POOLS``
out of the held-out splits), so the held-out splits stay a sample of the original pools and comparable across
corpus versions. The model only chooses what a person reads; the label is decided by
reading (``docs/labeling-guide.md``). Rows are marked ``sample=targeted``.

Usage::

    python -m tools.pick_uncertain /tmp/sentences.parquet --exclude data/annotation/candidates_round*.csv \
        -n 2400 --double 0.15 --first-id 6000 -o data/annotation/candidates_round4.csv
    python -m tools.pick_uncertain /tmp/sentences.parquet --exclude data/annotation/candidates_round*.csv \
        --label aligned -n 1400 --label multi-vector -n 1000 --label oppositional -n 600 \
        --double 0.15 --first-id 8500 -o data/annotation/candidates_round5.csv
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd

import stancekit
from tools.sample_candidates import clean_sentences, draw_pool, held_out_speeches, number_rows, read_excluded


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sentences", type=Path, help="the Parquet table of tools/split_corpus.py")
    parser.add_argument("--exclude", type=Path, nargs="+", default=[], help="candidate CSVs already picked")
    parser.add_argument("--label", action="append", default=[], help="rank by this label's probability")
    parser.add_argument("-n", type=int, action="append", required=True, help="rows to pick (one per --label)")
    parser.add_argument("--scored", type=int, default=200_000, help="random sentences to score")
    parser.add_argument("--pool-size", type=int, default=12_000, help="top-ranked sentences to draw from")
    parser.add_argument("--per-speech", type=int, default=2)
    parser.add_argument("--max-per-country", type=int, default=40)
    parser.add_argument("--double", type=float, default=0.15, help="share of rows read twice")
    parser.add_argument("--first-id", type=int, required=True, help="number of the first new ungdc-NNNNN id")
    parser.add_argument("--since", type=int, default=None, help="only sentences of speeches from this year on")
    parser.add_argument("--model", type=Path, help="model file to rank with (default: the shipped model)")
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args()

    rng = np.random.default_rng(args.seed)
    held_out = held_out_speeches()
    excluded = read_excluded(args.exclude)
    used = set(excluded["text"].str.lower())
    per_speech = Counter(excluded["speech_id"])

    frame = clean_sentences(pd.read_parquet(args.sentences), 6, 70)
    frame = frame[~frame["speech_id"].isin(held_out) & ~frame["text"].str.lower().isin(used)]
    if args.since is not None:
        frame = frame[frame["year"] >= args.since]
    frame = frame.sample(n=min(args.scored, len(frame)), random_state=args.seed)
    model = stancekit.load_model(args.model)
    proba = model.predict_proba(frame["text"].tolist())
    if len(args.n) != max(len(args.label), 1):
        parser.error("give one -n per --label (or a single -n without --label)")
    if args.label:
        rankings = []
        for label in args.label:
            if label not in model.classes_:
                parser.error(f"--label {label!r} is not one of {list(model.classes_)}")
            rankings.append((f"likely_{label}", -proba[:, list(model.classes_).index(label)]))
    else:
        top_two = np.sort(proba, axis=1)[:, -2:]
        rankings = [("uncertain", top_two[:, 1] - top_two[:, 0])]
    picked, per_country = [], Counter()
    for (pool, rank), n in zip(rankings, args.n):
        candidates = frame.iloc[np.argsort(rank, kind="stable")[: args.pool_size]]
        chosen = draw_pool(candidates, n, rng, used, per_speech, per_country, args.per_speech, args.max_per_country)
        picked.append(candidates.loc[chosen].assign(sample="targeted", pool=pool))
        print(f"{pool}: {len(chosen)} picked from the top {len(candidates):,} of {len(frame):,} scored")
    picked = pd.concat(picked).reset_index(drop=True)
    number_rows(picked, args.first_id, excluded, parser)
    picked["double"] = rng.random(len(picked)) < args.double
    columns = ["id", "speech_id", "iso3", "year", "session", "sentence_index", "text", "sample", "pool", "double"]
    picked[columns].to_csv(args.output, index=False)
    print(f"{len(picked)} rows ({int(picked['double'].sum())} to read twice) -> {args.output}")


if __name__ == "__main__":
    main()
