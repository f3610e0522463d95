"""``stancekit train``: retrain the model on labeled files, with a cross-validation report."""

from __future__ import annotations

import argparse
import json
import shlex
import sys
from pathlib import Path

from ._common import add_data_options, add_model_options, command, file_sha256, model_params, parse_assignment


@command
def _command_train(args: argparse.Namespace) -> int:
    from ..exceptions import DataError
    from ..labeled import label_counts, read_labeled
    from ..training import train

    if not args.data and not args.with_corpus:
        raise DataError("give at least one labeled file, or --with-corpus to train on the bundled corpus")
    params = model_params(args)
    grid = None
    if args.grid:
        grid = {}
        for item in args.grid:
            name, values = parse_assignment(item, option="--grid")
            grid[name] = list(values) if isinstance(values, (list, tuple)) else [values]
    if args.data:
        frame = read_labeled(args.data, empty="drop" if args.drop_empty else "error", duplicates=args.duplicates)
        texts, labels, groups = frame["text"].tolist(), frame["label"].tolist(), frame["group"].tolist()
        sources = []
        for path in args.data:
            rows = frame[frame["file"] == str(path)]
            sources.append(
                {
                    "name": Path(path).name,
                    "rows used": len(rows),
                    "label counts": label_counts(rows["label"]),
                    "file sha256": file_sha256(path),
                }
            )
        with_corpus = args.with_corpus
    else:
        # Only the corpus: it is "your" data, cross-validated by speech.
        from ..training import corpus_rows

        frame = corpus_rows(args.with_corpus)
        texts, labels, groups = frame["text"].tolist(), frame["label"].tolist(), frame["group"].tolist()
        sources, with_corpus = [{"name": f"stancekit corpus ({args.with_corpus})", "rows used": len(frame)}], None
    eval_data = None
    if args.eval:
        held_out = read_labeled(args.eval, empty="drop" if args.drop_empty else "error", duplicates=args.duplicates)
        eval_data = (held_out["text"].tolist(), held_out["label"].tolist())
    sys.stderr.write(
        f"stancekit: training on {len(texts)} statements"
        + (f" plus the corpus ({with_corpus})" if with_corpus else "")
        + (f", {args.cv}-fold grouped cross-validation" if args.cv else "")
        + (" with a parameter search" if args.search else "")
        + "\n"
    )
    result = train(
        texts,
        labels,
        groups=groups,
        cv=args.cv,
        search=args.search,
        param_grid=grid,
        with_corpus=with_corpus,
        weight=args.weight,
        random_state=args.seed,
        n_jobs=args.jobs,
        eval_data=eval_data,
        n_bootstrap=args.bootstrap,
        sources=sources,
        **params,
    )
    result.card["command"] = _reproduce(args)
    paths = result.save(args.output)
    if args.json:
        sys.stdout.write(json.dumps(result.card, indent=2, ensure_ascii=False) + "\n")
    else:
        if result.search:
            sys.stdout.write(f"parameter search: chose {result.search['best_params']}\n\n")
        if result.cv_report is not None:
            sys.stdout.write(f"Cross-validation ({args.cv} folds, grouped):\n{result.cv_report.to_markdown()}\n\n")
        if result.held_out_report is not None:
            sys.stdout.write(f"Held-out ({args.eval}):\n{result.held_out_report.to_markdown()}\n\n")
    for path in paths.values():
        sys.stderr.write(f"stancekit: wrote {path}\n")
    return 0


def _reproduce(args: argparse.Namespace) -> str:
    """The command line that retrains this model (canonical form of the options given)."""
    words = ["stancekit", "train", *args.data, "-o", args.output]
    if args.with_corpus:
        words += ["--with-corpus", args.with_corpus]
        if args.weight != 1.0:
            words += ["--weight", f"{args.weight:g}"]
    words += ["--cv", str(args.cv), "--seed", str(args.seed)]
    if args.search:
        words.append("--search")
        for item in args.grid:
            words += ["--grid", item]
    for item in args.param:
        words += ["--param", item]
    if args.eval:
        words += ["--eval", args.eval]
    if args.duplicates != "error":
        words += ["--duplicates", args.duplicates]
    if args.drop_empty:
        words.append("--drop-empty")
    return shlex.join(words)


def register(commands: argparse._SubParsersAction) -> None:
    """Add the ``train`` command to the ``stancekit`` parser."""
    from ..training import CORPUS_SPLITS

    parser = commands.add_parser(
        "train",
        help="retrain the model on labeled files, with a grouped cross-validation report",
        description="Train a model on labeled CSV/TSV/JSONL/Parquet files (columns text, label, optional group; "
        "labels are case-insensitive and multivector/multi_vector are accepted). Writes MODEL (.skops) and its "
        "model card MODEL.card.json and MODEL.card.md side by side.",
    )
    parser.add_argument("data", nargs="*", metavar="DATA", help="labeled files")
    parser.add_argument("-o", "--output", required=True, metavar="MODEL", help="model file to write (.skops)")
    parser.add_argument(
        "--with-corpus",
        nargs="?",
        const="all",
        choices=CORPUS_SPLITS,
        help="add the bundled UN General Debate corpus (all rows, or one split) to the training data",
    )
    parser.add_argument(
        "--weight", type=float, default=1.0, help="weight of each of your rows relative to a corpus row (default 1)"
    )
    parser.add_argument(
        "--cv", type=int, default=5, help="folds of the grouped cross-validation report; 0 skips it (default 5)"
    )
    parser.add_argument("--search", action="store_true", help="choose parameters by grouped cross-validation")
    parser.add_argument(
        "--grid",
        action="append",
        default=[],
        metavar="NAME=V1,V2",
        help="search grid of one parameter (default: C=0.5,1,2,4,8); repeatable",
    )
    parser.add_argument(
        "--eval", metavar="DATA", help="held-out labeled file to score the final model on (in the card)"
    )
    parser.add_argument(
        "--bootstrap", type=int, default=1000, help="bootstrap resamples of the confidence intervals (default 1000)"
    )
    parser.add_argument("--json", action="store_true", help="print the model card as JSON")
    add_model_options(parser)
    add_data_options(parser)
    parser.set_defaults(handler=_command_train)
