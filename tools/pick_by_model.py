"""Pick more sentences to read for labels that are rare in the corpus (model-assisted).

A classifier fitted on the rows labeled so far scores every clean corpus sentence not
yet picked, and the sentences most likely to carry ``--label`` are proposed for reading,
round-robin over decades with the same speech and country caps as
``tools/sample_candidates.py``. The model only chooses what a person reads next; the
label is still decided by reading each sentence against the codebook (see
``docs/labeling-guide.md``). Rows picked here are marked ``sample=targeted``,
``pool=model_<label>``.

Usage::

    python tools/pick_by_model.py /tmp/sentences.parquet --labeled labeled.csv \
        --exclude candidates.csv --label multi-vector -n 700 -o more.csv
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd

from stancekit.model import StanceClassifier
from tools.sample_candidates import clean_sentences, draw_pool


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sentences", type=Path)
    parser.add_argument("--labeled", type=Path, required=True, help="CSV with text,label")
    parser.add_argument("--exclude", type=Path, nargs="+", default=[], help="CSVs of rows already picked")
    parser.add_argument("--label", action="append", required=True)
    parser.add_argument("-n", type=int, action="append", required=True)
    parser.add_argument("--pool-size", type=int, default=5000, help="top-scored sentences per label to draw from")
    parser.add_argument("--per-speech", type=int, default=2)
    parser.add_argument("--max-per-country", type=int, default=40)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args()

    rng = np.random.default_rng(args.seed)
    labeled = pd.read_csv(args.labeled)
    model = StanceClassifier(random_state=0).fit(labeled["text"], labeled["label"])
    frame = clean_sentences(pd.read_parquet(args.sentences), 6, 70)
    excluded = pd.concat([pd.read_csv(p) for p in args.exclude]) if args.exclude else pd.DataFrame()
    used = set(excluded["text"].str.lower()) if len(excluded) else set()
    per_speech = Counter(excluded["speech_id"]) if len(excluded) else Counter()
    per_country: Counter = Counter()
    frame = frame[~frame["text"].str.lower().isin(used)]
    proba = model.predict_proba(frame["text"].tolist())
    picked = []
    for label, n in zip(args.label, args.n):
        column = list(model.classes_).index(label)
        top = np.argsort(-proba[:, column])[: args.pool_size]
        candidates = frame.iloc[top]
        chosen = draw_pool(candidates, n, rng, used, per_speech, per_country, args.per_speech, args.max_per_country)
        picked.append(candidates.loc[chosen].assign(sample="targeted", pool=f"model_{label}"))
        print(f"{label}: {len(chosen)} picked from the top {len(candidates)}")
    pd.concat(picked).to_csv(args.output, index=False)


if __name__ == "__main__":
    main()
