"""Short statements: what the round of short training rows (round 13) does for them.

News quotes are often short ("We condemn NATO's expansion."), and the UN speeches that
the corpus is drawn from rarely are: dev and test hold few short sentences with a stance
(``--max-words`` or fewer words). Round 13 read short training sentences (4 to 14 words)
from the keyword pools. This benchmark asks whether they help on short sentences from
*other* speeches: round 13's rows are cut into folds by speech, and each fold is scored
by a model fitted on the rest of train with the other folds' round-13 rows, and by one
fitted with no round-13 row at all. Both score the same held-out rows, whose speeches
gave no row to the model that scores them. The default model's settings and weights
are used; ``dev`` and ``test`` are not touched (their short sentences are reported by
``python -m tools.train_default_model`` in ``benchmarks/results/quality.md``).

Usage::

    python -m benchmarks.short_statements            # 5 folds, about 6 minutes
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
from sklearn.metrics import f1_score
from sklearn.model_selection import GroupKFold

from benchmarks.model_selection import pool_weights
from stancekit import LABELS, StanceClassifier, load_corpus
from tools.train_default_model import MODEL_PICKED_WEIGHT, PARAMS

OUT = Path(__file__).parent / "results" / "short_statements.md"
# Round 13's ids (data/annotation/candidates_round13.csv).
ROUND_13_IDS = (45903, 47192)


def round_13(ids: np.ndarray) -> np.ndarray:
    """Which corpus ids (``ungdc-NNNNN``) belong to round 13."""
    numbers = np.array([int(i.split("-")[1]) for i in ids])
    return (numbers >= ROUND_13_IDS[0]) & (numbers <= ROUND_13_IDS[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args()
    frame = load_corpus("train", as_frame=True).frame.reset_index(drop=True)
    weights = np.asarray(pool_weights(frame, MODEL_PICKED_WEIGHT))
    short = round_13(frame["id"].to_numpy())
    texts, labels = frame["text"].tolist(), frame["label"].to_numpy()

    def fit(keep: np.ndarray) -> StanceClassifier:
        rows = np.flatnonzero(keep)
        return StanceClassifier(**PARAMS).fit([texts[i] for i in rows], labels[rows], sample_weight=weights[rows])

    without = fit(~short)
    held_out_labels, with_pred, without_pred = [], [], []
    positions = np.flatnonzero(short)
    folds = GroupKFold(n_splits=args.folds).split(positions, groups=frame.loc[short, "speech_id"])
    for number, (_, scored) in enumerate(folds, 1):
        held_out = positions[scored]
        keep = np.ones(len(frame), dtype=bool)
        keep[held_out] = False
        model = fit(keep)
        held_texts = [texts[i] for i in held_out]
        held_out_labels += labels[held_out].tolist()
        with_pred += model.predict(held_texts).tolist()
        without_pred += without.predict(held_texts).tolist()
        print(f"fold {number}: {len(held_out)} rows", flush=True)

    truth = np.array(held_out_labels)
    counts = {label: int((truth == label).sum()) for label in LABELS}
    lines = [
        "# Short statements (round 13)",
        "",
        f"Round 13: {int(short.sum()):,} training sentences of 4 to 14 words from the keyword pools "
        f"({', '.join(f'{n} {label}' for label, n in counts.items())}). Each of {args.folds} folds, grouped by "
        "speech, is scored by a model fitted on the rest of train with the other folds' round-13 rows, and by one "
        "fitted with no round-13 row. Reproduce with `python -m benchmarks.short_statements`.",
        "",
        "Labels with fewer than 30 held-out rows ("
        + (", ".join(f"{label}: {n}" for label, n in counts.items() if n < 30) or "none")
        + ") have F1 scores too noisy to compare.",
        "",
        "| fitted on | macro-F1 | accuracy | " + " | ".join(f"F1 {label}" for label in LABELS) + " |",
        "|---|---|---|" + "---|" * len(LABELS),
    ]
    for name, predicted in (
        ("train without round 13", without_pred),
        ("train with the other folds of round 13", with_pred),
    ):
        predicted = np.array(predicted)
        per_label = f1_score(truth, predicted, labels=list(LABELS), average=None, zero_division=0)
        lines.append(
            f"| {name} | {f1_score(truth, predicted, labels=list(LABELS), average='macro', zero_division=0):.3f} | "
            f"{(predicted == truth).mean():.3f} | " + " | ".join(f"{v:.3f}" for v in per_label) + " |"
        )
        print(lines[-1], flush=True)
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"-> {OUT}")


if __name__ == "__main__":
    main()
