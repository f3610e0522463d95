"""Compute every number in the corpus datasheet from the shipped CSV.

Rewrites the part of ``DATASHEET.md`` between the ``<!-- stats:begin -->`` and
``<!-- stats:end -->`` markers, so the datasheet's figures are always reproducible.

Usage::

    python tools/corpus_report.py stancekit/resources/corpus
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import cohen_kappa_score

LABELS = ["multi-vector", "aligned", "neutral", "oppositional"]


def table(frame: pd.DataFrame) -> str:
    """A pandas crosstab as a Markdown table."""
    header = "| " + " | ".join([frame.index.name or "", *map(str, frame.columns)]) + " |"
    rule = "|" + "---|" * (len(frame.columns) + 1)
    rows = ["| " + " | ".join([str(i), *map(str, r)]) + " |" for i, r in zip(frame.index, frame.values)]
    return "\n".join([header, rule, *rows])


def report(corpus: pd.DataFrame) -> str:
    out = []
    out.append(
        f"Rows: **{len(corpus)}** statements from **{corpus['speech_id'].nunique()}** speeches "
        f"of **{corpus['iso3'].nunique()}** countries, {corpus['year'].min()}-{corpus['year'].max()}."
    )
    share = corpus["iso3"].value_counts(normalize=True)
    out.append(f"Largest country share: {share.index[0]} {share.iloc[0]:.1%} of rows.")
    out.append("")
    out.append("### Labels per split")
    out.append(table(pd.crosstab(corpus["label"], corpus["split"], margins=True).reindex(LABELS + ["All"])))
    out.append("")
    out.append("### Labels per decade")
    decade = (corpus["year"] // 10 * 10).astype(str) + "s"
    out.append(table(pd.crosstab(decade.rename("decade"), corpus["label"], margins=True)[LABELS + ["All"]]))
    out.append("")
    out.append("### Labels per sample and pool")
    out.append(table(pd.crosstab([corpus["pool"]], corpus["label"], margins=True)[LABELS + ["All"]]))
    out.append("")
    random_rows = corpus[corpus["sample"] == "random"]
    n = len(random_rows)
    out.append(f"### Natural distribution (random sample, n = {n})")
    out.append("| label | share | 95% interval |")
    out.append("|---|---|---|")
    for label in LABELS:
        p = (random_rows["label"] == label).mean()
        half = 1.96 * np.sqrt(p * (1 - p) / n)
        out.append(f"| {label} | {p:.1%} | {max(p - half, 0):.1%} - {p + half:.1%} |")
    out.append("")
    double = corpus[corpus["second_label"] != ""]
    both = double[double["second_label"].isin(LABELS) & double["first_label"].isin(LABELS)]
    kappa = cohen_kappa_score(both["first_label"], both["second_label"])
    agree = (both["first_label"] == both["second_label"]).mean()
    out.append(f"### Agreement (double-read rows, n = {len(both)})")
    out.append(f"Raw agreement {agree:.1%}; Cohen's kappa **{kappa:.3f}** overall.")
    out.append("")
    out.append("| label | kappa (this label vs the rest) | first reading | second reading |")
    out.append("|---|---|---|---|")
    for label in LABELS:
        k = cohen_kappa_score(both["first_label"] == label, both["second_label"] == label)
        out.append(
            f"| {label} | {k:.3f} | {(both['first_label'] == label).sum()} | {(both['second_label'] == label).sum()} |"
        )
    adjudicated = (corpus["adjudication"] != "").sum()
    out.append("")
    out.append(
        f"Disagreements adjudicated with a recorded reason: {adjudicated} "
        f"(column `adjudication`). Final label equal to the first reading: "
        f"{(both['label'] == both['first_label']).mean():.1%} of double-read rows."
    )
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    args = parser.parse_args()
    corpus = pd.read_csv(args.folder / "ungdc_stance.csv", keep_default_na=False)
    sheet = args.folder / "DATASHEET.md"
    text = sheet.read_text(encoding="utf-8")
    stats = report(corpus)
    text = re.sub(
        r"(<!-- stats:begin -->\n).*?(<!-- stats:end -->)",
        lambda m: m.group(1) + stats.rstrip("\n") + "\n" + m.group(2),
        text,
        flags=re.S,
    )
    sheet.write_text(text, encoding="utf-8")
    print(stats)


if __name__ == "__main__":
    main()
