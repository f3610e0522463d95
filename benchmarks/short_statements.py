"""Short statements: what the rounds of short training rows (rounds 13 and 14) do for them.

News quotes are often short ("We condemn NATO's expansion."), and the UN speeches that
the corpus is drawn from rarely are: dev and test hold few short sentences with a stance
(14 words or fewer). Round 13 read short training sentences (4 to 14 words) from the
keyword pools, round 14 short ones (4 to 18 words) that name a state or bloc of the West,
Russia or China other than the speaker's. This benchmark asks whether they help on short
sentences from *other* speeches: the rows of those rounds are cut into folds by speech,
and each fold is scored by a model fitted on the rest of train with the other folds'
short rows, and by one fitted with none of them. Both score the same held-out rows, whose speeches
gave no row to the model that scores them. The default model's settings and weights
are used; ``dev`` and ``test`` are not touched (their short sentences are reported by
``python -m tools.train_default_model`` in ``benchmarks/results/quality.md``).

Usage::

    python -m benchmarks.short_statements               # rounds 13 and 14, 5 folds, about 7 minutes
    python -m benchmarks.short_statements --rounds 13
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
from sklearn.metrics import f1_score
from sklearn.model_selection import GroupKFold

from benchmarks.corpus_rounds import round_of_rows
from benchmarks.model_selection import pool_weights
from stancekit import LABELS, StanceClassifier, load_corpus
from tools.train_default_model import MODEL_PICKED_WEIGHT, PARAMS

OUT = Path(__file__).parent / "results" / "short_statements.md"
# The labeling rounds that read short sentences.
SHORT_ROUNDS = (13, 14)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--rounds", type=int, nargs="+", default=list(SHORT_ROUNDS), choices=SHORT_ROUNDS)
    args = parser.parse_args()
    frame = load_corpus("train", as_frame=True).frame.reset_index(drop=True)
    weights = np.asarray(pool_weights(frame, MODEL_PICKED_WEIGHT))
    round_of = round_of_rows(frame["id"])
    short = np.isin(round_of, args.rounds)
    rounds = " and ".join(str(number) for number in args.rounds)
    texts, labels = frame["text"].tolist(), frame["label"].to_numpy()

    def fit(keep: np.ndarray) -> StanceClassifier:
        rows = np.flatnonzero(keep)
        return StanceClassifier(**PARAMS).fit([texts[i] for i in rows], labels[rows], sample_weight=weights[rows])

    without = fit(~short)
    held_out_labels, held_out_rounds, with_pred, without_pred = [], [], [], []
    positions = np.flatnonzero(short)
    folds = GroupKFold(n_splits=args.folds).split(positions, groups=frame.loc[short, "speech_id"])
    for number, (_, scored) in enumerate(folds, 1):
        held_out = positions[scored]
        keep = np.ones(len(frame), dtype=bool)
        keep[held_out] = False
        model = fit(keep)
        held_texts = [texts[i] for i in held_out]
        held_out_labels += labels[held_out].tolist()
        held_out_rounds += round_of[held_out].tolist()
        with_pred += model.predict(held_texts).tolist()
        without_pred += without.predict(held_texts).tolist()
        print(f"fold {number}: {len(held_out)} rows", flush=True)

    truth = np.array(held_out_labels)
    held_rounds = np.array(held_out_rounds)
    counts = {label: int((truth == label).sum()) for label in LABELS}
    lines = [
        f"# Short statements (rounds {rounds})",
        "",
        f"{int(short.sum()):,} short training sentences of rounds {rounds} "
        f"({', '.join(f'{n} {label}' for label, n in counts.items())}): round 13 drew 4-14 words from the keyword "
        "pools, round 14 4-18 words naming a state or bloc of the West, Russia or China other than the speaker's. "
        f"Each of {args.folds} folds, grouped by speech, is scored by a model fitted on the rest of train with the "
        "other folds' short rows, and by one fitted with none of them. Reproduce with "
        f"`python -m benchmarks.short_statements --rounds {' '.join(map(str, args.rounds))}`.",
        "",
        "Labels with fewer than 30 held-out rows ("
        + (", ".join(f"{label}: {n}" for label, n in counts.items() if n < 30) or "none")
        + ") have F1 scores too noisy to compare.",
        "",
        "| fitted on | scored on | n | macro-F1 | accuracy | " + " | ".join(f"F1 {label}" for label in LABELS) + " |",
        "|---|---|---|---|---|" + "---|" * len(LABELS),
    ]
    subsets = {"all folds": np.ones(len(truth), dtype=bool)}
    if len(args.rounds) > 1:
        subsets.update({f"round {number}": held_rounds == number for number in args.rounds})
    for subset, mask in subsets.items():
        for name, predicted in (
            ("train without the short rows", np.array(without_pred)),
            ("train with the other folds' short rows", np.array(with_pred)),
        ):
            t, p = truth[mask], predicted[mask]
            per_label = f1_score(t, p, labels=list(LABELS), average=None, zero_division=0)
            macro = f1_score(t, p, labels=list(LABELS), average="macro", zero_division=0)
            lines.append(
                f"| {name} | {subset} | {int(mask.sum())} | {macro:.3f} | {(p == t).mean():.3f} | "
                + " | ".join(f"{v:.3f}" for v in per_label)
                + " |"
            )
            print(lines[-1], flush=True)
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"-> {OUT}")


if __name__ == "__main__":
    main()
