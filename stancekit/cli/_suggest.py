"""``stancekit suggest``: the unlabeled statements to label next."""

from __future__ import annotations

import argparse
import sys

from ._common import command, shorten, write_jsonl, write_table


@command
def _command_suggest(args: argparse.Namespace) -> int:
    from ..auditing import suggest
    from ..labeled import read_statements
    from ..persistence import load_model

    frame = read_statements(args.data)
    picks = suggest(
        frame["text"].tolist(),
        args.n,
        model=load_model(args.model),
        strategy=args.strategy,
        diversity=args.diversity,
    )
    extra = [c for c in frame.columns if c not in ("text", "label")]
    located = frame.loc[picks["index"], extra].reset_index(drop=True)
    picks = picks.drop(columns="index")
    for position, column in enumerate(extra):
        picks.insert(position, column, located[column].to_numpy())
    if args.output:
        # An empty label column, ready to fill in and pass to stancekit train.
        write_table(picks.assign(label=""), args.output)
        sys.stderr.write(f"stancekit: wrote {len(picks)} statements to {args.output}\n")
    elif args.jsonl:
        write_jsonl(picks)
    else:
        for row in picks.itertuples(index=False):
            sys.stdout.write(
                f"{row.rank:>4}  {row.uncertainty:.2f}  {row.predicted:<13} line {row.line}  {shorten(row.text)}\n"
            )
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    """Add the ``suggest`` command to the ``stancekit`` parser."""
    parser = commands.add_parser(
        "suggest",
        help="choose the unlabeled statements to label next (most uncertain, not alike)",
        description="Rank unlabeled statements (a CSV/TSV/JSONL/Parquet file with a text column, or a .txt "
        "file with one statement per line) by how unsure the model is, penalizing statements similar to those "
        "already chosen, and print the first N.",
    )
    parser.add_argument("data", metavar="UNLABELED", help="unlabeled statements")
    parser.add_argument("-n", type=int, default=100, help="how many statements to choose (default 100)")
    parser.add_argument("--model", help="a .skops model file (default: the shipped model)")
    parser.add_argument(
        "--strategy", choices=("margin", "entropy"), default="margin", help="uncertainty measure (default margin)"
    )
    parser.add_argument(
        "--diversity",
        type=float,
        default=0.5,
        help="weight of the penalty for similarity to statements already chosen; 0 turns it off (default 0.5)",
    )
    parser.add_argument("--jsonl", action="store_true", help="one JSON object per statement")
    parser.add_argument(
        "-o", "--output", help="write them to a .csv, .tsv, .jsonl or .parquet file, with an empty label column"
    )
    parser.set_defaults(handler=_command_suggest)
