"""What rows of each kind are worth: grouped cross-validation with some of them left out.

The training rows picked after dev and test were fixed (``TRAIN_ONLY_POOLS``) and the
rows of the first rounds' kind (keyword pools and random sample, the kind of dev and
test) are each thinned by ``n`` random rows, removed from the fitted folds only; every
run scores the same out-of-fold rows of the first rounds' kind, in the folds of
``benchmarks/model_selection.py``. The larger the drop, the more those rows were worth.
Differences of a few thousandths are within the noise of the folds. ``dev`` and ``test``
are not touched.

Usage::

    python -m benchmarks.row_value                 # leaves out 1,500 rows of each kind
    python -m benchmarks.row_value --n 4000
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from benchmarks.model_selection import grouped_cv_scores, model_picked
from stancekit import StanceClassifier, load_corpus

OUT = Path(__file__).parent / "results" / "row_value.md"
# The default model's settings when this was measured (rounds 1-9), every row weighing 1.
MEASURED_WITH = {"lexicon_weight": 1.0, "random_state": 0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1500, help="rows of each kind to leave out")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    frame = load_corpus("train", as_frame=True).frame.reset_index(drop=True)
    picked = model_picked(frame)
    rng = np.random.default_rng(args.seed)
    runs = {"all rows": np.zeros(len(frame), dtype=bool)}
    for name, kind in (("train-only pools", picked), ("first rounds' kind", ~picked)):
        drop = np.zeros(len(frame), dtype=bool)
        drop[rng.choice(np.flatnonzero(kind), min(args.n, int(kind.sum())), replace=False)] = True
        runs[f"without {args.n:,} rows of the {name}"] = drop
    lines = [
        "# What rows of each kind are worth",
        "",
        f"{len(frame):,} training rows: {int(picked.sum()):,} in train-only pools (picked after dev and test were "
        f"fixed), {int((~picked).sum()):,} of the first rounds' kind. Each run leaves {args.n:,} random rows of one "
        "kind out of the fitted folds; all score the same out-of-fold rows of the first rounds' kind. "
        f"Reproduce with `python -m benchmarks.row_value --n {args.n}`.",
        "",
        "| fitted on | CV macro-F1 (mean) | per fold |",
        "|---|---|---|",
    ]
    for name, drop in runs.items():
        scores = grouped_cv_scores(StanceClassifier(**MEASURED_WITH), frame, None, leave_out=drop)
        lines.append(f"| {name} | {np.mean(scores):.3f} | {', '.join(f'{s:.3f}' for s in scores)} |")
        print(lines[-1], flush=True)
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"-> {OUT}")


if __name__ == "__main__":
    main()
