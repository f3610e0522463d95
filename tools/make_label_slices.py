"""Cut the candidate table into reading slices for the labelers.

Each slice holds first readings of its own rows and second readings of rows whose
first reading is in another slice, shuffled together, with only ``id``, ``iso3``,
``year`` and ``text``: a reader never sees a pool, a label or the other reading.

Usage::

    python tools/make_label_slices.py /tmp/candidates.csv --slices 12 -o /tmp/label
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("candidates", type=Path)
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument("--slices", type=int, default=12)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--first", type=int, default=0, help="number of the first slice")
    args = parser.parse_args()

    rng = np.random.default_rng(args.seed)
    rows = pd.read_csv(args.candidates)
    rows["first_slice"] = np.arange(len(rows)) % args.slices
    # A second reading goes to a slice chosen at random among the other ones.
    offset = rng.integers(1, args.slices, size=len(rows))
    rows["second_slice"] = np.where(rows["double"], (rows["first_slice"] + offset) % args.slices, -1)
    columns = ["id", "iso3", "year", "text"]
    for k in range(args.slices):
        folder = args.output / f"slice_{args.first + k:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        mine = rows[(rows["first_slice"] == k) | (rows["second_slice"] == k)]
        mine = mine.sample(frac=1.0, random_state=int(rng.integers(2**31)))
        mine[columns].to_csv(folder / "input.csv", index=False)
        print(f"{folder}: {len(mine)} rows")
    rows["first_slice"] += args.first
    rows["second_slice"] = np.where(rows["second_slice"] >= 0, rows["second_slice"] + args.first, -1)
    rows[["id", "first_slice", "second_slice"]].to_csv(args.output / f"assignment_{args.first:02d}.csv", index=False)


if __name__ == "__main__":
    main()
