"""What each labeling round added: grouped cross-validation on train, round by round.

The model, with the default model's settings when this was measured (after round 11:
``tools/train_default_model.py``'s parameters, train-only pools at half weight), is
fitted on the training rows of rounds 1..k (k = 4 to the last round; rounds are read from
``data/annotation/candidates_roundN.csv``) and scored on the same out-of-fold rows every
time: the training rows of rounds 1-3, outside the train-only
pools, in 5 folds grouped by speech. A fold's fit never includes a speech it scores. The
last rows compare the word-vector weightings on all rounds. ``dev`` and ``test`` are not
touched. Results go to ``benchmarks/results/corpus_rounds.md``. The committed results were
measured on the labels before training rows of rounds 1-9 were read again (see the
datasheet); a rerun uses the labels as they are now.

Usage::

    python -m benchmarks.corpus_rounds
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedGroupKFold

from benchmarks.model_selection import model_picked, pool_weights
from stancekit import StanceClassifier, load_corpus
from tools.train_default_model import PARAMS

ROOT = Path(__file__).resolve().parent.parent
OUT = Path(__file__).parent / "results" / "corpus_rounds.md"
# The weight of the train-only pools in the default model after round 11.
MODEL_PICKED_WEIGHT = 0.5


def round_of_rows(ids: pd.Series) -> np.ndarray:
    """The labeling round of each corpus row, from the candidate files."""
    rounds = {}
    for path in sorted((ROOT / "data" / "annotation").glob("candidates_round*.csv")):
        number = int(re.search(r"round(\d+)", path.stem).group(1))
        rounds.update(dict.fromkeys(pd.read_csv(path, usecols=["id"])["id"], number))
    return ids.map(rounds).to_numpy()


def cross_validate(frame: pd.DataFrame, use: np.ndarray, params: dict, folds: list) -> tuple[float, float]:
    """Mean and sd of macro-F1 over ``folds`` (positions of scored rows), fitting on ``use`` rows."""
    texts, labels = frame["text"].to_numpy(), frame["label"].to_numpy()
    scores = []
    for scored in folds:
        held_out = frame["speech_id"].iloc[scored].unique()
        fit = np.flatnonzero(use & ~frame["speech_id"].isin(held_out).to_numpy())
        weights = pool_weights(frame.iloc[fit], MODEL_PICKED_WEIGHT)
        model = StanceClassifier(**{**PARAMS, **params}).fit(
            texts[fit].tolist(), labels[fit].tolist(), sample_weight=weights
        )
        scores.append(f1_score(labels[scored], model.predict(texts[scored].tolist()), average="macro"))
    return float(np.mean(scores)), float(np.std(scores))


def main() -> None:
    frame = load_corpus("train", as_frame=True).frame.reset_index(drop=True)
    rounds = round_of_rows(frame["id"])
    base = np.flatnonzero(~model_picked(frame))
    splitter = StratifiedGroupKFold(n_splits=5, shuffle=True, random_state=0)
    folds = [
        base[scored] for _, scored in splitter.split(base, frame["label"].iloc[base], frame["speech_id"].iloc[base])
    ]
    lines = [
        "# What each labeling round added",
        "",
        __doc__.split("\n\n")[1].replace("\n", " "),
        "",
        "| training rows | rows | CV macro-F1 (mean ± sd over 5 folds) |",
        "|---|---|---|",
    ]
    last = int(np.nanmax(rounds))
    runs = [(f"rounds 1-{k}", rounds <= k, {}) for k in range(4, last + 1)]
    runs.append((f"rounds 1-{last}, plain mean word vectors", rounds <= last, {"vector_weighting": "mean"}))
    for name, use, params in runs:
        mean, sd = cross_validate(frame, use, params, folds)
        lines.append(f"| {name} | {int(use.sum()):,} | {mean:.3f} ± {sd:.3f} |")
        print(lines[-1], flush=True)
    lines += [
        "",
        f"Scored rows: {len(base):,} (the same in every run). Reproduce with `python -m benchmarks.corpus_rounds`.",
    ]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"-> {OUT}")


if __name__ == "__main__":
    main()
