"""``stancekit audit``: rows whose label the model contradicts with confidence."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ._common import add_data_options, add_model_options, command, model_params, shorten, write_jsonl, write_table


@command
def _command_audit(args: argparse.Namespace) -> int:
    from ..auditing import audit
    from ..labeled import read_labeled

    frame = read_labeled(args.data, empty="drop" if args.drop_empty else "error", duplicates=args.duplicates)
    suspects = audit(
        frame["text"].tolist(),
        frame["label"].tolist(),
        groups=frame["group"].tolist(),
        cv=args.cv,
        with_corpus=args.with_corpus,
        min_confidence=args.min_confidence,
        top=args.top,
        random_state=args.seed,
        n_jobs=args.jobs,
        **model_params(args),
    )
    located = frame.loc[suspects["index"], ["file", "line"]].reset_index(drop=True)
    suspects = suspects.drop(columns="index")
    suspects.insert(0, "line", located["line"].to_numpy())
    suspects.insert(0, "file", located["file"].to_numpy())
    if args.output:
        write_table(suspects, args.output)
        sys.stderr.write(f"stancekit: wrote {len(suspects)} suspect rows to {args.output}\n")
    elif args.jsonl:
        write_jsonl(suspects)
    else:
        for row in suspects.itertuples(index=False):
            sys.stdout.write(
                f"{Path(row.file).name}:{row.line}  {row.label} -> {row.suggestion} "
                f"(p {row.p_suggestion:.2f})  {shorten(row.text)}\n"
            )
    sys.stderr.write(
        f"stancekit: {len(suspects)} of {len(frame)} rows disagree with the out-of-fold model "
        f"at p >= {args.min_confidence:g}\n"
    )
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    """Add the ``audit`` command to the ``stancekit`` parser."""
    from ..training import CORPUS_SPLITS

    parser = commands.add_parser(
        "audit",
        help="find likely labeling errors: rows the out-of-fold model contradicts with confidence",
        description="Score every row of a labeled file with a model trained without its group (grouped "
        "cross-validation) and list, most suspect first, the rows whose label the model contradicts, with "
        "the model's suggestion.",
    )
    parser.add_argument("data", metavar="DATA", help="labeled file (text, label, optional group)")
    parser.add_argument("--cv", type=int, default=5, help="cross-validation folds (default 5)")
    parser.add_argument(
        "--with-corpus",
        nargs="?",
        const="all",
        choices=CORPUS_SPLITS,
        help="also train every fold on the bundled corpus (helps small files); only your rows are audited",
    )
    parser.add_argument(
        "--min-confidence",
        type=float,
        default=0.5,
        help="list a row when the model's own label has at least this probability (default 0.5)",
    )
    parser.add_argument("--top", type=int, help="list at most this many rows")
    parser.add_argument("--jsonl", action="store_true", help="one JSON object per suspect row")
    parser.add_argument("-o", "--output", help="write the suspects to a .csv, .tsv, .jsonl or .parquet file")
    add_model_options(parser)
    add_data_options(parser, duplicates="keep")
    parser.set_defaults(handler=_command_audit)
