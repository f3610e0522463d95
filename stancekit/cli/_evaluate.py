"""``stancekit evaluate``: score a model on a labeled file."""

from __future__ import annotations

import argparse
import json
import sys

from ._common import add_data_options, command


@command
def _command_evaluate(args: argparse.Namespace) -> int:
    from ..evaluation import evaluate
    from ..exceptions import DataError
    from ..labeled import read_labeled
    from ..persistence import load_model

    frame = read_labeled(args.data, empty="drop" if args.drop_empty else "error", duplicates=args.duplicates)
    by = {}
    for column in args.by:
        if column not in frame.columns:
            available = ", ".join(c for c in frame.columns if c not in ("text", "label"))
            raise DataError(f"--by {column}: no such column in {args.data} (columns: {available})")
        by[column] = frame[column].tolist()
    model = load_model(args.model)
    report = evaluate(
        model,
        frame["text"].tolist(),
        frame["label"].tolist(),
        by=by,
        n_bootstrap=args.bootstrap,
        random_state=args.seed,
    )
    if args.plot:
        figure = report.plot()
        figure.savefig(args.plot, dpi=120)
        sys.stderr.write(f"stancekit: wrote {args.plot}\n")
    if args.json:
        payload = {"model": args.model or "default", "data": args.data, **report.to_dict()}
        sys.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(f"model: {args.model or 'default'}; data: {args.data}\n\n")
        sys.stdout.write(report.to_markdown(details=True) + "\n")
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    """Add the ``evaluate`` command to the ``stancekit`` parser."""
    parser = commands.add_parser(
        "evaluate",
        help="score a model on a labeled file: metrics with intervals, confusion, calibration",
        description="Score a model on a labeled CSV/TSV/JSONL/Parquet file: accuracy, macro-F1, per-label "
        "precision/recall/F1 with bootstrap confidence intervals, the confusion matrix, the expected "
        "calibration error and reliability bins, and breakdowns by any column of the file.",
    )
    parser.add_argument("data", metavar="DATA", help="labeled file (text, label, other columns for --by)")
    parser.add_argument("--model", help="a .skops model file (default: the shipped model)")
    parser.add_argument(
        "--by", action="append", default=[], metavar="COLUMN", help="break the scores down by a column (repeatable)"
    )
    parser.add_argument("--plot", metavar="PNG", help="also draw the confusion matrix and reliability diagram")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument(
        "--bootstrap", type=int, default=1000, help="bootstrap resamples of the confidence intervals (default 1000)"
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of the bootstrap (default 0)")
    add_data_options(parser)
    parser.set_defaults(handler=_command_evaluate)
