"""Assemble the shipped stance corpus from the annotation files.

Inputs (all in ``data/annotation/``, committed with the repository):

* ``candidates_round*.csv``: the sentences picked for reading, with provenance
  (``speech_id``, ``iso3``, ``year``, ``session``, ``sentence_index``, ``sample``, ``pool``);
* ``assignment_*.csv``: which reading slice read each row first, and second;
* ``slice_NN.csv``: one reader's labels (``id,label,target,note``);
* ``adjudication*.csv``: the final label and the reason for every row on which the two
  readings disagreed;
* ``reread_assignment_N.csv``, ``reread_slice_NN.csv``, ``reread_adjudication[_N].csv``: two
  further, independent readings of rows labeled before a convention of the guide was
  settled (all of ``dev`` and ``test``, after round 12 and again after round 19; the
  training rows of rounds 1-4, the multi-vector ones of rounds 1-9, the aligned and
  oppositional ones of rounds 5-8, the rows of round 14 that mention an occupation, and
  the rows of rounds 1-14 on relations "with all"), see :func:`apply_rereading`.

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
    "label_before_reread",
    "reread_labels",
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


def _number(path: Path) -> int:
    """The slice or pass number at the end of a file name such as ``reread_assignment_97.csv``."""
    return int(path.stem.rsplit("_", 1)[1])


def read_slices(folder: Path, pattern: str) -> dict[int, pd.DataFrame]:
    """The readings of each slice file matching ``pattern`` (``..._NN.csv``), by slice number, indexed by id."""
    return {_number(p): pd.read_csv(p, keep_default_na=False).set_index("id") for p in sorted(folder.glob(pattern))}


def apply_rereading(labeled: pd.DataFrame, folder: Path) -> pd.DataFrame:
    """Settle the rows that were read twice again: the label at least two of three readings give.

    Each ``reread_assignment_N.csv`` is one pass, applied in the order of ``N``. In a pass
    the three readings are the row's label before it (its agreed, adjudicated or earlier
    re-read label) and the two new ones, made blind to it and to each other. Where all
    three differ, ``reread_adjudication_N.csv`` decides (``reread_adjudication.csv`` for
    the passes before it had one). The target comes from a reading that gave the final
    label, the earlier one first. ``label_before_reread`` keeps the label before the first
    pass and ``reread_labels`` every new reading in pass order, so scores on either version
    can be computed.
    """
    labeled = labeled.copy()
    labeled["label_before_reread"] = ""
    labeled["reread_labels"] = ""
    readings = read_slices(folder, "reread_slice_*.csv")
    position = pd.Series(np.arange(len(labeled)), index=labeled["id"])
    for path in sorted(folder.glob("reread_assignment_*.csv"), key=_number):
        adjudicated = folder / f"reread_adjudication_{_number(path)}.csv"
        if not adjudicated.exists():
            adjudicated = folder / "reread_adjudication.csv"
        decided = (
            pd.read_csv(adjudicated, keep_default_na=False).set_index("id")
            if adjudicated.exists()
            else pd.DataFrame(columns=["label", "target", "reason"])
        )
        for item in pd.read_csv(path).itertuples():
            if item.id not in position.index:
                continue  # a reserved statement, dropped from the corpus
            row = labeled.index[position[item.id]]
            before = (labeled.at[row, "label"], labeled.at[row, "target"])
            new = [readings[item.first_slice].loc[item.id], readings[item.second_slice].loc[item.id]]
            votes = [before[0], new[0]["label"], new[1]["label"]]
            majority = [label for label in votes if votes.count(label) >= 2]
            if majority:
                label = majority[0]
                targets = [before[1], new[0]["target"], new[1]["target"]]
                target = next(t for v, t in zip(votes, targets) if v == label)
            else:
                if item.id not in decided.index:
                    raise SystemExit(f"{item.id}: three different readings and no line in {adjudicated}")
                label, target = decided.at[item.id, "label"], decided.at[item.id, "target"]
                labeled.at[row, "adjudication"] = "re-read: " + decided.at[item.id, "reason"]
            labeled.at[row, "label"], labeled.at[row, "target"] = label, target
            if not labeled.at[row, "label_before_reread"]:
                labeled.at[row, "label_before_reread"] = before[0]
            earlier = labeled.at[row, "reread_labels"]
            labeled.at[row, "reread_labels"] = ";".join(([earlier] if earlier else []) + votes[1:])
    return labeled


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
    readings = read_slices(folder, "slice_*.csv")
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
    labeled = apply_rereading(labeled, folder)
    dropped += int((labeled["label"] == "unusable").sum())
    labeled = labeled[labeled["label"] != "unusable"]
    train_only = train_only[labeled.index]
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
