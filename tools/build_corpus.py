"""Assemble the shipped stance corpus from the annotation files.

Inputs (all in ``data/annotation/``, committed with the repository):

* ``candidates_round*.csv``: the sentences picked for reading, with provenance
  (``speech_id``, ``iso3``, ``year``, ``session``, ``sentence_index``, ``sample``, ``pool``);
* ``assignment_*.csv``: which reading slice read each row first, and second;
* ``slice_NN.csv``: one reader's labels (``id,label,target,note``);
* ``adjudication*.csv``: the final label and the reason for every row on which the two
  readings disagreed.

The final label is the agreed label, the adjudicated one where readings disagreed, or
the single reading. Rows read as ``unusable`` (not a readable statement) are dropped.
Speeches are then assigned whole to ``train``/``dev``/``test`` (about 70/15/15 of the
rows), so no speech has sentences in two splits. Rows of the train-only pools
(``stancekit.datasets.TRAIN_ONLY_POOLS``: ``uncertain*`` and ``likely_*``, picked by the
shipped model with ``tools/pick_uncertain.py``; ``more_*``, picked by the first rounds'
rules with ``tools/sample_candidates.py --train-only``) are training rows only: the split
assignment is computed without them, so adding them leaves ``dev`` and ``test`` exactly
as they were, and their speeches never have rows in ``dev`` or ``test`` (the pickers
skip those speeches).

Usage::

    python -m tools.build_corpus data/annotation -o stancekit/resources/corpus/ungdc_stance.csv
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

from stancekit.datasets import TRAIN_ONLY_POOLS

COLUMNS = [
    "id",
    "text",
    "label",
    "target",
    "iso3",
    "year",
    "session",
    "speech_id",
    "sentence_index",
    "split",
    "sample",
    "pool",
    "first_label",
    "second_label",
    "adjudication",
    "note",
    "source",
]
ROOT = Path(__file__).resolve().parent.parent
CITATION = "UN General Debate Corpus 1946-2022 (Jankin, Baturo, Dasandi; CC0)"


def assign_splits(frame: pd.DataFrame, shares: tuple[float, float], seed: int) -> pd.Series:
    """Give each speech one split; test and dev take speeches until their share of rows."""
    rng = np.random.default_rng(seed)
    sizes = frame.groupby("speech_id").size()
    order = sizes.index.to_numpy()[rng.permutation(len(sizes))]
    total, split_of, filled = len(frame), {}, {"test": 0, "dev": 0}
    for speech in order:
        for split, share in zip(("test", "dev"), shares):
            if filled[split] < share * total:
                split_of[speech] = split
                filled[split] += sizes[speech]
                break
        else:
            split_of[speech] = "train"
    return frame["speech_id"].map(split_of)


def _text_key(text: str) -> str:
    return " ".join(str(text).lower().split())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("annotation", type=Path)
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument("--test-share", type=float, default=0.15)
    parser.add_argument("--dev-share", type=float, default=0.15)
    parser.add_argument("--seed", type=int, default=20261127)
    parser.add_argument(
        "--reserved",
        type=Path,
        nargs="*",
        default=[ROOT / "notebooks" / "data" / "labeled_statements.csv"],
        help="CSVs (column text) of statements kept out of the corpus, e.g. a notebook's out-of-sample examples",
    )
    args = parser.parse_args()

    folder = args.annotation
    candidates = pd.concat(pd.read_csv(p) for p in sorted(folder.glob("candidates_round*.csv")))
    assignment = pd.concat(pd.read_csv(p) for p in sorted(folder.glob("assignment_*.csv")))
    readings = {
        int(p.stem.split("_")[1]): pd.read_csv(p, keep_default_na=False).set_index("id")
        for p in sorted(folder.glob("slice_*.csv"))
    }
    adjudication = pd.concat(
        pd.read_csv(p, keep_default_na=False) for p in sorted(folder.glob("adjudication*.csv"))
    ).set_index("id")

    rows = []
    for item in assignment.itertuples():
        first = readings[item.first_slice].loc[item.id]
        second = readings[item.second_slice].loc[item.id] if item.second_slice >= 0 else None
        label, target, note, reason = first["label"], first["target"], first["note"], ""
        if second is not None and second["label"] != first["label"]:
            decided = adjudication.loc[item.id]
            label, target, reason = decided["label"], decided["target"], decided["reason"]
        rows.append(
            {
                "id": item.id,
                "label": label,
                "target": target,
                "note": note,
                "adjudication": reason,
                "first_label": first["label"],
                "second_label": "" if second is None else second["label"],
            }
        )
    labeled = pd.DataFrame(rows).merge(candidates.drop(columns=["double"]), on="id", validate="1:1")
    dropped = int((labeled["label"] == "unusable").sum())
    labeled = labeled[labeled["label"] != "unusable"].copy()
    train_only = labeled["pool"].str.startswith(TRAIN_ONLY_POOLS)
    labeled["split"] = "train"
    labeled.loc[~train_only, "split"] = assign_splits(
        labeled[~train_only], (args.test_share, args.dev_share), args.seed
    )
    # Dropped after the split is assigned, so that dev and test stay exactly as they were.
    reserved = {_text_key(t) for path in args.reserved for t in pd.read_csv(path)["text"]}
    is_reserved = labeled["text"].map(_text_key).isin(reserved)
    labeled, train_only = labeled[~is_reserved], train_only[~is_reserved]
    leaked = set(labeled.loc[train_only, "speech_id"]) & set(labeled.loc[labeled["split"] != "train", "speech_id"])
    if leaked:
        raise SystemExit(f"train-only rows come from held-out speeches: {sorted(leaked)[:5]}")
    labeled["source"] = (
        CITATION + ", speech " + labeled["speech_id"] + ", sentence " + labeled["sentence_index"].astype(str)
    )
    labeled = labeled.sort_values("id")[COLUMNS]
    args.output.parent.mkdir(parents=True, exist_ok=True)
    labeled.to_csv(args.output, index=False)
    print(f"{len(labeled)} rows ({dropped} unusable and {int(is_reserved.sum())} reserved dropped) -> {args.output}")
    print(pd.crosstab(labeled["label"], labeled["split"], margins=True).to_string())


if __name__ == "__main__":
    main()
